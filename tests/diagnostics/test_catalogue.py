"""The catalogue of diagnostic codes (opcc/diagnostics/catalogue.yaml) and the codes the
generator reports are the same set:

- statically: every code written in the package's source (a literal, or built at run time
  from a template such as f"{family}.encoding") is in the catalogue, and every entry of
  the catalogue is written somewhere (no dead entries);
- at run time: building the example site, the bad-input corpus and a few broken sites,
  imports and cleanings reports only catalogued codes (every Diagnostic made is recorded,
  including those later filtered out);
- the README's table of codes is made from the catalogue;
- `opcc explain CODE` prints an entry; an unknown code exits 1 with a suggestion.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner

from opcc.cli.main import main
from opcc.diagnostics import Diagnostic, catalogue
from tests.conftest import HOME, MINIMAL_CONFIG, REPO, WHO_INDEX, copy_example, write_files

PACKAGE = REPO / "opcc"
CATALOGUE = catalogue.catalogue()
CODES = set(CATALOGUE.entries)
FAMILIES = set(CATALOGUE.families)
TODAY = "2026-11-25"

# code-shaped strings of a catalogued family that are not codes
NOT_CODES = {
    "content.xml": "an OpenDocument part's name",
    "dataset.html": "a template's name",
    "attachment.obfuscated": "a key of redaction/inspectors/inspection.py's HINTS: the hint "
                             "of a written-out address (redaction.obfuscated-email)",
}
LITERAL = re.compile(rf"^(?:{'|'.join(sorted(FAMILIES))})\.[a-z0-9]+(?:-[a-z0-9]+)*$")
ANY_CODE = re.compile(r"^[a-z][a-z0-9]*\.[a-z0-9]+(?:-[a-z0-9]+)*$")
SKELETON = re.compile(r"^(?:\{\}|[a-z]+)\.(?:[a-z0-9-]|\{\})+$")


# --------------------------------------------------------------------------- the source

class Source:
    """Every module of the package, parsed once."""

    def __init__(self) -> None:
        self.modules = {path.relative_to(REPO).as_posix(): ast.parse(path.read_text("utf-8"))
                        for path in sorted(PACKAGE.rglob("*.py"))}
        self.parents: dict[ast.AST, ast.AST] = {}
        for tree in self.modules.values():
            for node in ast.walk(tree):
                for child in ast.iter_child_nodes(node):
                    self.parents[child] = node

    def nodes(self, kind):
        for path, tree in self.modules.items():
            for node in ast.walk(tree):
                if isinstance(node, kind):
                    yield path, node

    def literals(self) -> dict[str, list[str]]:
        """Code-shaped string constants of a catalogued family -> where they are."""
        found = defaultdict(list)
        for path, node in self.nodes(ast.Constant):
            if isinstance(node.value, str) and LITERAL.match(node.value):
                found[node.value].append(f"{path}:{node.lineno}")
        return found

    def diagnostic_call_codes(self) -> dict[str, list[str]]:
        """Constant codes of any family given to error(), warning(), Diagnostic() or as
        code=..."""
        found = defaultdict(list)
        for path, call in self.nodes(ast.Call):
            name = _name(call.func)
            args = []
            if name in ("error", "warning") and call.args:
                args.append(call.args[0])
            if name == "Diagnostic" and len(call.args) > 1:
                args.append(call.args[1])
            args.extend(k.value for k in call.keywords if k.arg == "code")
            for arg in args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) \
                        and ANY_CODE.match(arg.value):
                    found[arg.value].append(f"{path}:{call.lineno}")
        return found

    def schema_families(self) -> set[str]:
        """Constants given as family=...: the code families of front-matter schemas."""
        return {k.value.value for _, call in self.nodes(ast.Call) for k in call.keywords
                if k.arg == "family" and isinstance(k.value, ast.Constant)}

    def choice_codes(self) -> set[str]:
        """FAMILY.KEY for each Key(NAME, ..., choices=...) without its own code=, inside a
        schema of that family: the code of a value not among the choices."""
        found = set()
        for _, call in self.nodes(ast.Call):
            family = next((k.value.value for k in call.keywords if k.arg == "family"
                           and isinstance(k.value, ast.Constant)), None)
            if family is None:
                continue
            for key in ast.walk(call):
                words = {k.arg for k in getattr(key, "keywords", ())}
                if isinstance(key, ast.Call) and _name(key.func) == "Key" and \
                        "choices" in words and "code" not in words and key.args and \
                        isinstance(key.args[0], ast.Constant):
                    found.add(f"{family}.{key.args[0].value}")
        return found

    def module_codes(self, defining: str) -> set[str]:
        """Every dataset code written in the module that defines the function `defining`."""
        for path, tree in self.modules.items():
            if any(isinstance(n, ast.FunctionDef) and n.name == defining for n in tree.body):
                return {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
                        and isinstance(n.value, str) and LITERAL.match(n.value)}
        raise AssertionError(f"no module defines {defining}(): update IMPORT_CHECKED")

    def templates(self) -> list[tuple[str, str, ast.AST]]:
        """(skeleton, where, node) for each f-string or '+' join that makes a code: its
        skeleton has {} for each value put in ("{}.encoding", "dataset.import-{}")."""
        found = []
        for path, node in self.nodes((ast.JoinedStr, ast.BinOp)):
            if isinstance(self.parents.get(node), (ast.JoinedStr, ast.BinOp)):
                continue  # a part of a larger one
            skeleton = _skeleton(node)
            if skeleton is None or "{}" not in skeleton or not SKELETON.match(skeleton):
                continue
            family = skeleton.split(".", 1)[0]
            if family in FAMILIES or (family == "{}" and "family" in _first_value(node)):
                found.append((skeleton, f"{path}:{node.lineno}", node))
        return found

    def resolved(self, node: ast.AST) -> set[str]:
        """The codes a template makes when each value put in is a parameter of its function
        and every call of the function gives it as a constant: f"dataset.import-{code}" in
        import_problem(code, ...), called as import_problem("date", ...)."""
        function = self.parents.get(node)
        while function is not None and not isinstance(function, ast.FunctionDef):
            function = self.parents.get(function)
        if function is None or not isinstance(node, ast.JoinedStr):
            return set()
        params = [a.arg for a in function.args.args]
        if params[:1] in (["self"], ["cls"]):
            params = params[1:]
        values = [v.value for v in node.values if isinstance(v, ast.FormattedValue)]
        if not all(isinstance(v, ast.Name) and v.id in params for v in values):
            return set()
        codes = set()
        for _, call in self.nodes(ast.Call):
            if _name(call.func) != function.name:
                continue
            given = {params[i]: arg for i, arg in enumerate(call.args) if i < len(params)}
            given.update({k.arg: k.value for k in call.keywords})
            parts = [given.get(v.id) for v in values]
            if all(isinstance(p, ast.Constant) and isinstance(p.value, str) for p in parts):
                filled = iter(p.value for p in parts)
                codes.add(re.sub(r"\{\}", lambda _: next(filled), _skeleton(node)))
        return codes


def _name(func: ast.AST) -> str | None:
    return func.id if isinstance(func, ast.Name) else \
        func.attr if isinstance(func, ast.Attribute) else None


def _skeleton(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _skeleton(node.left), _skeleton(node.right)
        if left is None and right is None:
            return None
        return (left if left is not None else "{}") + (right if right is not None else "{}")
    return None


def _first_value(node: ast.AST) -> str:
    """The source of the first value put into a template (to find f"{x.family}.…")."""
    values = [v.value for v in node.values if isinstance(v, ast.FormattedValue)] \
        if isinstance(node, ast.JoinedStr) else [node.left]
    return ast.unparse(values[0]) if values else ""


@pytest.fixture(scope="module")
def source() -> Source:
    return Source()


# The importer checks the CSV it is about to write as the build checks a dataset file
# (the datasets/ modules defining these functions), and reports each problem but an
# encoding one at the source as dataset.import-<the code's name> (importers/spending.py)
IMPORT_CHECKED = ("shape_diagnostics", "frictionless_diagnostics")


def template_codes(source: Source) -> dict[str, set[str]]:
    """Skeleton -> the codes its templates make where they can't be worked out from the
    calls of their function. A template not known here fails test_every_template_is_known."""
    families = source.schema_families()
    checked = set().union(*(source.module_codes(f) for f in IMPORT_CHECKED))
    known = {
        # check_item_keys(): each page's and dataset's scheme item (build/compliance.py)
        "{}.item": {"content.item", "dataset.item"},
        # a choice not among a front-matter key's choices (source/front_matter.py)
        "{}.{}": source.choice_codes(),
        # a problem of the importer's output, at the source (importers/spending.py)
        "dataset.import-{}": {"dataset.import-" + code.split(".", 1)[1] for code in checked
                              if code.startswith("dataset.") and code != "dataset.encoding"},
    }
    for skeleton, _, _ in source.templates():
        if skeleton not in known and skeleton.startswith("{}.") and skeleton.count("{}") == 1:
            # f"{schema.family}.front-matter" and the like: every front-matter family
            known[skeleton] = {skeleton.replace("{}", family, 1) for family in families}
    return known


def written_codes(source: Source) -> dict[str, list[str]]:
    """Every code the source can report -> where it is written."""
    found = defaultdict(list)
    for code, where in source.literals().items():
        if code not in NOT_CODES:
            found[code].extend(where)
    known = template_codes(source)
    for skeleton, where, node in source.templates():
        for code in source.resolved(node) or known.get(skeleton, set()):
            found[code].append(f"{where} ({skeleton})")
    return found


# --------------------------------------------------------------------------- static tests

def test_every_code_written_in_the_source_is_catalogued(source):
    written = written_codes(source)
    missing = {code: where for code, where in written.items() if code not in CODES}
    assert not missing, ("codes reported but not in opcc/diagnostics/catalogue.yaml (add "
                         f"them there): {missing}")


def test_every_code_given_to_a_diagnostic_is_catalogued(source):
    """Any family: a new family's codes must be catalogued too."""
    missing = {code: where for code, where in source.diagnostic_call_codes().items()
               if code not in CODES}
    assert not missing, f"codes not in opcc/diagnostics/catalogue.yaml: {missing}"


def test_every_template_is_known(source):
    """A code built at run time must be worked out from the calls of its function (a
    parameter given as a constant) or be known to template_codes()."""
    known = template_codes(source)
    unknown = [(skeleton, where) for skeleton, where, node in source.templates()
               if not source.resolved(node) and skeleton not in known]
    assert not unknown, ("codes built at run time whose codes this test cannot work out: "
                         f"add them to template_codes() and the catalogue: {unknown}")
    assert all(known.values()), {k: v for k, v in known.items() if not v}


def test_every_catalogued_code_is_reported_somewhere(source):
    """No dead entries: each code of the catalogue is written in the source."""
    dead = sorted(CODES - set(written_codes(source)))
    assert not dead, f"catalogued but never reported (remove them from catalogue.yaml): {dead}"


def test_the_codes_not_codes_are_still_in_the_source(source):
    stale = sorted(set(NOT_CODES) - set(source.literals()))
    assert not stale, f"remove from NOT_CODES: {stale}"


def test_the_catalogue_is_well_formed():
    assert len(CODES) > 150
    assert FAMILIES >= {"attachment", "config", "content", "dataset", "foi", "link",
                        "redaction", "scheme"}
    for code, entry in CATALOGUE.entries.items():
        assert entry.code == code and code.startswith(f"{entry.family}.")
        assert entry.severity in ("error", "warning")
        assert len(entry.title) <= 80, code
        assert len(entry.explanation.split()) >= 12, f"{code}: explain it in a sentence or two"
    for family in FAMILIES:
        assert CATALOGUE.family(family), family


def test_a_code_declared_twice_is_refused():
    text = ("families:\n  link:\n    title: links\n    codes:\n"
            "      link.broken: {severity: error, title: A, explanation: B, hint: C}\n"
            "      link.broken: {severity: error, title: A, explanation: B, hint: C}\n")
    with pytest.raises(catalogue.CatalogueError, match="declared twice"):
        catalogue.parse(text)


@pytest.mark.parametrize("text, says", [
    ("families:\n  link:\n    title: links\n    codes:\n"
     "      content.x: {severity: error, title: A, explanation: B, hint: C}\n", "family"),
    ("families:\n  link:\n    title: links\n    codes:\n"
     "      link.x: {severity: fatal, title: A, explanation: B, hint: C}\n", "severity"),
    ("families:\n  link:\n    title: links\n    codes:\n"
     "      link.x: {severity: error, title: A, hint: C}\n", "needs exactly"),
    ("families:\n  link:\n    title: links\n    codes:\n"
     "      link.x: {severity: error, title: A., explanation: B, hint: C}\n", "full stop"),
])
def test_a_malformed_entry_is_refused(text, says):
    with pytest.raises(catalogue.CatalogueError, match=says):
        catalogue.parse(text)


# --------------------------------------------------------------------------- the README

def test_the_readme_table_is_the_catalogue():
    readme = (REPO / "README.md").read_text("utf-8")
    assert readme.count(catalogue.README_START) == 1, "README.md lost its table of codes"
    assert catalogue.readme_with_table(readme) == readme, (
        "README.md's table of diagnostic codes differs from opcc/diagnostics/catalogue.yaml: "
        "run python -m opcc.diagnostics.catalogue --update-readme")
    table = readme[readme.index(catalogue.README_START):readme.index(catalogue.README_END)]
    assert set(re.findall(r"^\| `([^`]+)` \|", table, re.M)) == CODES


def test_the_table_is_printed_for_the_readme(capsys):
    assert catalogue.main(["--markdown"]) == 0
    printed = capsys.readouterr().out
    assert printed == catalogue.markdown_table()
    assert "| `redaction.email` | error | An email address would be published |" in printed


def test_update_readme_rewrites_only_the_table(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"# Site\n\nBefore.\n\n{catalogue.README_START}\nTHE OLD TABLE\n"
                      f"{catalogue.README_END}\n\nAfter.\n", "utf-8")
    assert catalogue.main(["--update-readme", str(readme)]) == 0
    text = readme.read_text("utf-8")
    assert text.startswith("# Site\n\nBefore.\n\n") and text.endswith("\n\nAfter.\n")
    assert "THE OLD TABLE" not in text and "`link.broken`" in text


# --------------------------------------------------------------------------- opcc explain

def explain(*args: str):
    return CliRunner().invoke(main, ["explain", *args])


def test_explain_prints_the_entry():
    result = explain("redaction.email")
    entry = CATALOGUE.entries["redaction.email"]
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("redaction.email [error]: An email address would be published\n")
    assert "personal data under UK\nGDPR" in out or "personal data under UK GDPR" in out
    assert "hint: Remove or redact the address" in out
    assert " ".join(out.split()).count(" ".join(entry.explanation.split())) == 1
    assert all(len(line) <= 79 for line in out.splitlines())


def test_explain_takes_a_code_as_printed():
    result = explain("error[content.class]")
    assert result.exit_code == 0
    assert result.stdout.startswith("content.class [error]: Unknown publication-scheme class")


def test_an_unknown_code_exits_1_with_a_suggestion():
    result = explain("redaction.emial")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "unknown diagnostic code 'redaction.emial'; did you mean 'redaction.email'?" \
        in result.stderr


def test_explain_without_a_code_lists_every_code_by_family():
    result = explain()
    assert result.exit_code == 0
    listed = re.findall(r"^  (\S+)\s+(error|warning)\s+(.+)$", result.stdout, re.M)
    assert [code for code, _, _ in listed] == sorted(CODES)
    assert all(CATALOGUE.entries[c].title == t for c, _, t in listed)
    headings = re.findall(r"^([a-z]+): ", result.stdout, re.M)
    assert headings == sorted(FAMILIES)
    assert result.stdout.rstrip().endswith(f"{len(CODES)} codes; `opcc explain CODE` "
                                           "explains one.")


def test_explain_a_family_lists_its_codes():
    result = explain("scheme")
    assert result.exit_code == 0
    assert re.findall(r"^  (\S+)", result.stdout, re.M) == sorted(
        c for c in CODES if c.startswith("scheme."))


# --------------------------------------------------------------------------- at run time

@pytest.fixture
def made(monkeypatch) -> list[Diagnostic]:
    """Every Diagnostic made while the test runs, in this process (builds made serial)."""
    made: list[Diagnostic] = []
    original = Diagnostic.__init__

    def recording(self, *args, **kwargs):
        original(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(Diagnostic, "__init__", recording)
    monkeypatch.setenv("OPCC_WORKERS", "1")
    return made


def uncatalogued(diagnostics) -> list[str]:
    return sorted({f"{d.code} ({d.location}: {d.message})" for d in diagnostics
                   if d.code not in CODES})


def run(*args: str, today: str = TODAY) -> tuple[int, list[dict]]:
    """Run opcc; the diagnostics it printed (--format json)."""
    result = CliRunner().invoke(main, [*args, "--format", "json", "--today", today])
    assert "internal error" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout)["diagnostics"]


def test_building_the_example_site_reports_only_catalogued_codes(tmp_path, made):
    root = copy_example(tmp_path / "example")
    # months after the example's date, so that its items fall due and are reported
    code, printed = run("build", "--root", str(root), today="2027-06-01")
    assert code == 0, printed
    assert made, "no diagnostic was recorded: is Diagnostic still built by its __init__?"
    assert not uncatalogued(made)
    assert {d["code"] for d in printed} <= CODES


def new_site(root: Path, files: dict, config: str = MINIMAL_CONFIG) -> Path:
    shutil.copytree(REPO / "templates", root / "templates",
                    ignore=shutil.ignore_patterns("node_modules", "theme"))
    write_files(root, {"site.yaml": config, "content/index.md": HOME,
                       "content/who-we-are/index.md": WHO_INDEX, **files})
    return root


def bad_input_cases():
    from tests import test_bad_input

    return test_bad_input.CASES


@pytest.mark.parametrize("case", bad_input_cases(), ids=lambda case: case.id)
def test_the_bad_input_corpus_reports_only_catalogued_codes(tmp_path, made, case):
    root = new_site(tmp_path / "site", case.files, case.config)
    if case.setup:
        case.setup(root)
    _, printed = run("check", "--root", str(root))
    assert not uncatalogued(made)
    assert {d["code"] for d in printed} <= CODES


def workbook_with_a_hidden_sheet() -> bytes:
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["item", "cost"])
    book.active.append(["Paper", 12])
    hidden = book.create_sheet("Staff")
    hidden.append(["name", "jo.bloggs@example.com"])
    hidden.sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


PAGE = "---\ntitle: Team\nsummary: The team.\nclass: who-we-are\npublished: 2025-01-01\n"
BROKEN = {  # a site broken in one way each (an error in one stage stops the later ones)
    "front matter": ({
        "content/who-we-are/Our Team.md": (
            "---\ntitle: Team\nsummary: The team.\nclass: who-we-are\npublished: 2030-01-01\n"
            "updated: 2020-01-01\nreview: 2020-01-01\nitem: no-such-item\n"
            "datasets: [nothing]\nattachments:\n  - {file: gone.pdf, title: Gone}\n"
            "colour: blue\n---\nText.\n")},
        {"content.filename", "content.unknown-key", "attachment.missing",
         "content.date-order"}),
    "an FOI record": ({
        "content/foi/2025/FOI-2025-0001.md": (
            "---\nreference: FOI-2025-0001\ntitle: Costs\nreceived: 2025-03-03\n"
            "responded: 2025-03-01\noutcome: refused\nregime: scots\nexemptions: [s99]\n"
            "requester_name: Jo Bloggs\n---\n\n## Response\n\nNo.\n")},
        {"foi.date-order", "foi.regime", "foi.requester"}),
    "a dataset": ({
        "datasets/spend/datapackage.yaml": (
            "title: Spending\nclass: what-we-spend\npublished: 2025-06-01\n"
            "resources:\n  - name: data\n    path: data.csv\n    schema: {fields: ["
            "{name: id, type: integer, constraints: {required: true}}, {name: amount, "
            "type: number}]}\n"),
        "datasets/spend/data.csv": "id,amount\n1,12.50\nx,abc\n3,4,5\n\n"},
        {"dataset.type", "dataset.extra-cell"}),
    "published text": ({
        "content/who-we-are/team-list-final.md": (
            PAGE + "attachments:\n  - {file: staff.xlsx, title: Staff}\n---\n"
            "# Team\n\nCall jo.bloggs@example.com, or jo at example dot com.\n\n"
            "<script>alert(1)</script>\n"),
        "content/who-we-are/staff.xlsx": workbook_with_a_hidden_sheet()},
        {"content.naming", "content.heading", "content.html", "redaction.email",
         "redaction.obfuscated-email", "attachment.hidden-sheet"}),
    "a link": ({"content/who-we-are/team.md": PAGE + "---\n[Missing](/nowhere/)\n"},
               {"link.broken"}),
}


@pytest.mark.parametrize("broken", BROKEN, ids=str)
def test_broken_sites_report_only_catalogued_codes(tmp_path, made, broken):
    files, expected = BROKEN[broken]
    root = new_site(tmp_path / "site", files)
    _, printed = run("check", "--root", str(root))
    reported = {d["code"] for d in printed}
    assert reported <= CODES, sorted(reported - CODES)
    assert expected <= reported, sorted(reported)
    assert not uncatalogued(made)


SPEND_HEADER = ("Body,Date,Transaction Number,Expense Area,Expense Type,Supplier,"
                "Supplier Type,Purpose,Amount,Irrecoverable VAT\n")
IMPORTS = {  # source file -> what importing it into the dataset spend reports
    "uncertain.csv": (SPEND_HEADER + "PCC,05/13/2024,T1,Estates,Rent,Acme Ltd,company,Rent,"
                      "\"1.234,56\",0\n", {"dataset.import-date", "dataset.import-number"}),
    "invalid.csv": (SPEND_HEADER + "".join(
        f"PCC,0{n}/05/2024,T1,Estates,Rent,Acme Ltd,company,Call jo.bloggs@example.com,"
        "700,0\n" for n in range(1, 4)), {"dataset.import-recommended", "dataset.import-statement"}),
}
FOI_EXPORTS = REPO / "tests" / "foi_fixtures"


def test_imports_and_cleaning_report_only_catalogued_codes(tmp_path, made):
    root = new_site(tmp_path / "site", {
        "datasets/spend/datapackage.yaml": (
            "title: Spending\nclass: what-we-spend\npublished: 2025-06-01\n"
            "resources:\n  - name: spend\n    path: spend.csv\n"
            "    schema: ../schemas/spend-over-500.json\n"),
        "datasets/spend/spend.csv": "x\n"})
    shutil.copytree(REPO / "datasets" / "schemas", root / "datasets" / "schemas")
    runner = CliRunner()

    def opcc(*args: str) -> set[str]:
        before = len(made)
        result = runner.invoke(main, list(args))
        assert "internal error" not in result.output, (args, result.output)
        return {d.code for d in made[before:]}

    for name, (text, expected) in IMPORTS.items():
        (tmp_path / name).write_text(text, "utf-8")
        found = opcc("dataset", "import", str(tmp_path / name), "--into", "spend",
                     "--root", str(root))
        assert expected <= found, (name, sorted(found))
    assert "dataset.import-source" in opcc("dataset", "import", str(tmp_path / "absent.csv"),
                                           "--into", "spend", "--root", str(root))
    assert "foi.requester" in opcc("foi", "import", str(FOI_EXPORTS /
                                                        "export-with-requester.csv"),
                                   "--root", str(root))
    assert "clean.not-a-file" in opcc("clean", str(tmp_path))
    assert "clean.unsupported-type" in opcc("clean", str(tmp_path / "invalid.csv"))
    assert not uncatalogued(made)
