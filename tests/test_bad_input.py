"""The bad-input corpus: one case per way a user can get it wrong.

Every case builds a small site with the make_site fixture, runs the real command line
(`opcc check --format json`) and asserts the exact errors, each as (code, file, line,
row), and the exit code: 1 for content, 2 for site.yaml. Nothing may reach the
internal-error line (exit 3): a case that does is a bug in the generator.
"""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from opcc.cli.main import main
from tests.conftest import MINIMAL_CONFIG

TODAY = "2026-11-25"
PAGE = "content/who-we-are/commissioner.md"
FRONT = ("title: Commissioner\nsummary: The commissioner's role.\nclass: who-we-are\n"
         "published: 2024-01-01\n")  # lines 2 to 5; extra keys start on line 6


def page(front: str = FRONT, body: str = "Text.\n", extra: str = "") -> str:
    return f"---\n{front}{extra}---\n{body}"


def attached(name: str, title: str = "The document") -> str:
    """A page whose attachment (on line 7) is `name`."""
    return page(extra=f"attachments:\n  - {{file: {name}, title: {title}}}\n")


DATASET = "datasets/spend"
CSV = f"{DATASET}/data.csv"
DESCRIPTOR = f"{DATASET}/datapackage.yaml"
SCHEMA = ('{fields: [{name: id, type: string, constraints: {required: true}}, '
          '{name: payment_date, type: date}, {name: amount, type: number}, '
          '{name: purpose, type: string}]}')
HEADER = "id,payment_date,amount,purpose\n"
ROW = "T1,2025-01-01,12.50,Paper\n"


def descriptor(path: str = "data.csv", schema: str = SCHEMA, name: str = "data") -> str:
    """A datapackage whose resource path is on line 6 and schema on line 7."""
    return (f"title: Spending\nclass: what-we-spend\npublished: 2025-06-01\nresources:\n"
            f"  - name: {name}\n    path: {path}\n    schema: {schema}\n")


def dataset(csv: str | bytes = HEADER + ROW, desc: str | None = None) -> dict:
    return {DESCRIPTOR: desc or descriptor(), CSV: csv}


def config(extra: str) -> str:
    return MINIMAL_CONFIG + extra


# --------------------------------------------------------------------------- files made in code

def encrypted_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("a password")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["item", "cost"])
    book.active.append(["Paper", 12])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# An encrypted Office file is an OLE compound file (EncryptedPackage inside), not a zip
ENCRYPTED_XLSX = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01" + bytes(range(256))


def sparse(relative: str, size: int) -> Callable[[Path], None]:
    """A file of `size` bytes that takes no disk space (a mistaken 2 GB upload)."""
    def make(root: Path) -> None:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as handle:
            handle.truncate(size)
    return make


def link(relative: str, target: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target)
    return make


def linked_content(root: Path) -> None:
    """content/ moved beside the site and linked to from where it was."""
    elsewhere = root.parent / "content-elsewhere"
    shutil.move(root / "content", elsewhere)
    (root / "content").symlink_to(elsewhere)


def remove(relative: str) -> Callable[[Path], None]:
    return lambda root: (root / relative).unlink()


def edit_template(name: str, old: str, new: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        path = root / "templates" / name
        text = path.read_text("utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), "utf-8")
    return make


def template_line(name: str, needle: str) -> int:
    """The line of `needle` in the repository's template (for expected diagnostics)."""
    from tests.conftest import REPO

    lines = (REPO / "templates" / name).read_text("utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if needle in line)


def outside() -> str:
    """A real file outside every test site, for links to point at."""
    return str(Path(__file__).resolve().parent.parent / "README.md")


# --------------------------------------------------------------------------- the corpus

@dataclass
class Case:
    id: str
    errors: set[tuple]  # {(code, path, line, row)}
    files: dict = field(default_factory=dict)
    config: str = MINIMAL_CONFIG
    setup: Callable[[Path], None] | None = None
    exit: int = 1
    says: str = ""  # words the first error's message must contain


CASES = [
    # ---- front matter and page files
    Case("front matter is not YAML", {("content.yaml", PAGE, 3, None)},
         {PAGE: page("title: [Commissioner\nsummary: The role.\n")}, says="invalid YAML"),
    Case("a tab indents the YAML", {("content.yaml", PAGE, 3, None)},
         {PAGE: page("title: Commissioner\n\tsummary: The role.\n")}, says="tab"),
    Case("the closing --- is missing", {("content.front-matter", PAGE, 1, None)},
         {PAGE: "---\ntitle: Commissioner\nsummary: The role.\n\nText.\n"}, says="closing"),
    Case("no front matter at all", {("content.front-matter", PAGE, 1, None)},
         {PAGE: "# Commissioner\n\nText.\n"}, says="no front matter"),
    Case("front matter is a list, not keys", {("content.front-matter", PAGE, 1, None)},
         {PAGE: page("- title\n- summary\n")}, says="key: value"),
    Case("a list where a string belongs", {("content.type", PAGE, 2, None)},
         {PAGE: page(FRONT.replace("title: Commissioner", "title: [Commissioner, Deputy]"))},
         says="'title' should be text, not a list"),
    Case("a mapping where a string belongs", {("content.type", PAGE, 3, None)},
         {PAGE: page(FRONT.replace("summary: The commissioner's role.", "summary: {a: b}"))},
         says="'summary' should be text"),
    Case("a date like 31/04/2024", {("content.date", PAGE, 5, None)},
         {PAGE: page(FRONT.replace("2024-01-01", "31/04/2024"))}, says="not an ISO date"),
    Case("a date that does not exist", {("content.date", PAGE, 5, None)},
         {PAGE: page(FRONT.replace("2024-01-01", "2024-04-31"))}, says="not a real date"),
    Case("a date written as a number", {("content.date", PAGE, 5, None)},
         {PAGE: page(FRONT.replace("2024-01-01", "20240101"))}, says="not an ISO date"),
    Case("draft is not true or false", {("content.type", PAGE, 6, None)},
         {PAGE: page(extra="draft: maybe\n")}, says="true or false"),
    Case("an empty file", {("content.front-matter", PAGE, 1, None)}, {PAGE: ""},
         says="no front matter"),
    Case("a file that is not UTF-8", {("content.encoding", PAGE, 2, None)},
         {PAGE: page(FRONT.replace("Commissioner", "Caf\xe9")).encode("cp1252")},
         says="not UTF-8"),
    Case("a binary file named .md", {("content.encoding", PAGE, 1, None)}, {PAGE: PNG},
         says="not a text file"),
    Case("a 50 MB markdown file", {("content.too-large", PAGE, 1, None)},
         {PAGE: page(body="Lorem ipsum dolor sit amet.\n" * (50 * 1024 * 1024 // 28))},
         says="50.0 MB, over the limit of 1.0 MB"),
    Case("a control character in the title", {("content.yaml", PAGE, 2, None)},
         {PAGE: page(FRONT.replace("title: Commissioner", 'title: "Commis\\x01sioner"'))},
         says="U+0001"),
    Case("a control character in the text", {("content.character", PAGE, 8, None)},
         {PAGE: page(body="Text.\nMore \x0b text.\n")}, says="U+000B"),
    Case("a control character YAML forbids", {("content.yaml", PAGE, 3, None)},
         {PAGE: page(FRONT.replace("The commissioner's", "The \x07commissioner's"))},
         says="U+0007"),
    Case("an alias that contains itself", {("content.yaml", PAGE, 6, None)},
         {PAGE: page(extra="tags: &t [*t]\n")}, says="alias"),
    Case("a billion laughs", {("content.yaml", PAGE, 2, None)},
         {PAGE: page(extra="".join(
             f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10 if i else ['lol'] * 10)}]\n"
             for i in range(9)))}, says="more than 100,000 values"),
    Case("values nested too deep", {("content.yaml", PAGE, 2, None)},
         {PAGE: page(extra="tags: " + "[" * 200 + "]" * 200 + "\n")}, says="nested"),
    Case("a Python tag in YAML", {("content.yaml", PAGE, 6, None)},
         {PAGE: page(extra="owner: !!python/object/apply:os.system [echo hi]\n")},
         says="constructor"),
    Case("a page that is a link out of the site",
         {("content.symlink", "content/who-we-are/outside.md", None, None)},
         setup=link("content/who-we-are/outside.md", outside()), says="symbolic link"),
    Case("a folder that is a link out of the site",
         {("content.symlink", "content/who-we-are/elsewhere", None, None)},
         setup=link("content/who-we-are/elsewhere", str(Path(outside()).parent / "content")),
         says="symbolic link"),
    # ---- attachments
    Case("content/ itself a link out of the site",  # so no page: the navigation breaks
         {("content.symlink", "content", None, None), ("link.broken", "site.yaml", 7, None)},
         setup=lambda root: linked_content(root), says="symbolic link"),
    Case("an attachment path with ..", {("attachment.path", PAGE, 7, None)},
         {PAGE: attached("../index.md")}, says="outside the page's folder"),
    Case("an attachment path from /", {("attachment.path", PAGE, 7, None)},
         {PAGE: attached("/etc/passwd")}, says="outside the page's folder"),
    Case("an attachment that is a link out of the site",
         {("attachment.path", PAGE, 7, None),
          ("content.symlink", "content/who-we-are/plan.pdf", None, None)},
         {PAGE: attached("plan.pdf")}, setup=link("content/who-we-are/plan.pdf", outside()),
         says="symbolic link"),
    Case("an attachment that does not exist", {("attachment.missing", PAGE, 7, None)},
         {PAGE: attached("plan.pdf")}, says="does not exist"),
    Case("an attachment file that is a list", {("content.attachment", PAGE, 7, None)},
         {PAGE: attached("[plan.pdf]")}, says="should be a file name"),
    Case("an encrypted PDF", {("attachment.unreadable", "content/who-we-are/plan.pdf", None, None)},
         {PAGE: attached("plan.pdf"), "content/who-we-are/plan.pdf": encrypted_pdf()},
         says="password-protected"),
    Case("a corrupt PDF", {("attachment.unreadable", "content/who-we-are/plan.pdf", None, None)},
         {PAGE: attached("plan.pdf"),
          "content/who-we-are/plan.pdf": b"%PDF-1.7\n1 0 obj << /Type /Catalog"},
         says="could not be read"),
    Case("an encrypted XLSX", {("attachment.unreadable", "content/who-we-are/costs.xlsx", None,
                                None)},
         {PAGE: attached("costs.xlsx"), "content/who-we-are/costs.xlsx": ENCRYPTED_XLSX},
         says="password-protected"),
    Case("a corrupt XLSX", {("attachment.unreadable", "content/who-we-are/costs.xlsx", None, None)},
         {PAGE: attached("costs.xlsx"), "content/who-we-are/costs.xlsx": xlsx()[:700]},
         says="damaged"),
    Case("a 2 GB attachment", {("attachment.too-large", PAGE, 7, None)},
         {PAGE: attached("plan.pdf")}, setup=sparse("content/who-we-are/plan.pdf", 2 << 30),
         says="2048.0 MB, over the limit of 100.0 MB"),
    # ---- addresses
    Case("two pages with the same URL",
         {("content.duplicate-url", "content/who-we-are/commissioner/index.md", 1, None)},
         {PAGE: page(), "content/who-we-are/commissioner/index.md": page()},
         says="both publish /who-we-are/commissioner/"),
    Case("a page and an attachment with the same URL", {("content.duplicate-url", PAGE, 7, None),
                                                        ("attachment.unchecked-type",
                                                         "content/who-we-are/plan/index.html",
                                                         None, None)},
         {PAGE: attached("plan/index.html"), "content/who-we-are/plan/index.html": "<p>Plan</p>",
          "content/who-we-are/plan.md": page()}, says="same address as the page"),
    Case("an attachment where the generator writes", {("content.reserved-url", "content/index.md",
                                                       5, None),
                                                      ("attachment.unchecked-type",
                                                       "content/feed.xml", None, None)},
         {"content/index.md": "---\ntitle: Home\nsummary: Home.\nattachments:\n"
                              "  - {file: feed.xml, title: Our feed}\n---\nHi.\n",
          "content/feed.xml": "<feed/>"}, says="the generator writes itself"),
    # ---- datasets
    Case("a CSV with a ragged row (extra cell)", {("dataset.extra-cell", CSV, None, 3)},
         dataset(HEADER + ROW + "T2,2025-01-02,3.00,Pens,Spare\n"), says="more cells"),
    Case("a CSV with a ragged row (missing cells)",
         {("dataset.missing-cell", CSV, None, 3)}, dataset(HEADER + ROW + "T2,2025-01-02\n"),
         says="fewer cells"),
    Case("a CSV with an unclosed quote", {("dataset.quote", CSV, None, 3)},
         dataset(HEADER + ROW + 'T2,2025-01-02,3.00,"Pens\nT3,2025-01-03,4.00,Ink\n'),
         says="never closed"),
    Case("a CSV with a stray quote", {("dataset.quote", CSV, None, 2)},
         dataset(HEADER + 'T1,2025-01-01,12.50,"Paper" and pens\n'), says="closing quote"),
    Case("a CSV with duplicate headers", {("dataset.header", CSV, 1, None)},
         dataset("id,payment_date,amount,amount\n" + ROW), says="appears twice"),
    Case("a header that does not match the schema", {("dataset.header", CSV, 1, None)},
         dataset("ref,payment_date,amount,purpose\n" + ROW), says="does not match the schema"),
    Case("an empty CSV", {("dataset.empty", CSV, None, None)}, dataset(""), says="empty"),
    Case("a CSV that is not text", {("dataset.encoding", CSV, None, None)}, dataset(PNG),
         says="neither UTF-8 nor Windows-1252"),
    Case("a 2 GB CSV", {("dataset.too-large", CSV, None, None)},
         {DESCRIPTOR: descriptor()}, setup=sparse(CSV, 2 << 30), says="over the limit"),
    Case("a datapackage pointing outside its folder", {("dataset.path", DESCRIPTOR, 6, None)},
         {DESCRIPTOR: descriptor(path="../../content/index.md")},
         says="outside the dataset folder"),
    Case("a datapackage pointing at /", {("dataset.path", DESCRIPTOR, 6, None)},
         {DESCRIPTOR: descriptor(path="/etc/passwd")}, says="outside the dataset folder"),
    Case("a schema outside datasets/", {("dataset.path", DESCRIPTOR, 7, None)},
         dataset(desc=descriptor(schema="../../site.yaml")), says="outside datasets/"),
    Case("a CSV that is a link out of the site",
         {("dataset.path", DESCRIPTOR, 6, None), ("dataset.path", CSV, None, None)},
         {DESCRIPTOR: descriptor()}, setup=link(CSV, outside()), says="symbolic link"),
    Case("a dataset folder that is a link out of the site",
         {("dataset.path", "datasets/spend-over-500", None, None)},
         setup=link("datasets/spend-over-500",
                    str(Path(outside()).parent / "datasets" / "spend-over-500")),
         says="symbolic link"),
    Case("a datapackage that is not YAML", {("dataset.descriptor", DESCRIPTOR, 3, None)},
         dataset(desc="title: Spending\nresources: [\n"), says="invalid YAML"),
    Case("a datapackage with an alias loop", {("dataset.descriptor", DESCRIPTOR, 1, None)},
         dataset(desc="title: &t [*t]\n"), says="alias"),
    Case("a resource name with ..", {("dataset.resource", DESCRIPTOR, 5, None)},
         dataset(desc=descriptor(name="../../escape")), says="cannot be a file name"),
    Case("schema constraints that are not a mapping", {("dataset.schema", DESCRIPTOR, 7, None)},
         dataset(desc=descriptor(schema="{fields: [{name: id, type: string, constraints: x}]}")),
         says="not a valid Table Schema"),
    Case("a dataset folder name that is not an address",
         {("dataset.name", "datasets/Spend 2024", None, None)},
         {"datasets/Spend 2024/datapackage.yaml": descriptor(), "datasets/Spend 2024/data.csv":
          HEADER + ROW}, says="cannot be part of a web address"),
    # ---- templates
    Case("a template with a syntax error",
         {("config.template", "templates/page.html",
           template_line("page.html", "{% block content %}"), None)},
         setup=edit_template("page.html", "{% block content %}", "{% block content %}{% if %}"),
         says="template syntax error"),
    Case("an unknown template", {("config.template", "templates/page.html", None, None)},
         setup=edit_template("page.html", "{% block content %}",
                             "{% block content %}{% include 'sidebar.html' %}"),
         says="template 'sidebar.html' not found"),
    Case("a missing template", {("config.template", "templates/page.html", None, None)},
         setup=remove("templates/page.html"), says="template 'page.html' not found"),
    # ---- limits in site.yaml
    Case("a page over limits.max_markdown_kb", {("content.too-large", PAGE, 1, None)},
         {PAGE: page(body="Words. " * 400)}, config("limits:\n  max_markdown_kb: 2\n"),
         says="over the limit of 2 KB"),
    Case("an attachment over limits.max_file_mb", {("attachment.too-large", PAGE, 7, None)},
         {PAGE: attached("plan.txt"), "content/who-we-are/plan.txt": "x" * 3000},
         config("limits:\n  max_file_mb: 0.002\n"), says="3 KB, over the limit of 2 KB"),
    Case("a CSV over limits.max_dataset_rows", {("dataset.too-many-rows", CSV, None, None)},
         dataset(HEADER + "".join(f"T{n},2025-01-01,1.00,Paper\n" for n in range(3))),
         config("limits:\n  max_dataset_rows: 2\n"), says="3 rows, over the limit of 2"),
    # ---- site.yaml: exit 2
    Case("site.yaml missing", {("config.missing", "site.yaml", None, None)},
         setup=remove("site.yaml"), exit=2, says="no site.yaml"),
    Case("site.yaml is not YAML", {("config.yaml", "site.yaml", 3, None)},
         config="organisation:\n  name: [Testshire\nbase_url: https://x.example/\n", exit=2,
         says="invalid YAML"),
    Case("site.yaml with a tab", {("config.yaml", "site.yaml", 2, None)},
         config="organisation:\n\tname: Testshire\n", exit=2, says="invalid YAML"),
    Case("site.yaml is a list", {("config.yaml", "site.yaml", 1, None)},
         config="- organisation\n- base_url\n", exit=2, says="mapping"),
    Case("site.yaml is empty", {("config.yaml", "site.yaml", 1, None)}, config="", exit=2,
         says="mapping"),
    Case("site.yaml is not UTF-8", {("config.encoding", "site.yaml", None, None)},
         setup=lambda root: (root / "site.yaml").write_bytes(
             MINIMAL_CONFIG.replace("Testshire", "T\xe9stshire").encode("cp1252")),
         exit=2, says="not UTF-8"),
    Case("site.yaml has a NUL", {("config.yaml", "site.yaml", 2, None)},
         config=MINIMAL_CONFIG.replace("  name:", "  name:\x00"), exit=2, says="U+0000"),
    Case("site.yaml has an alias loop", {("config.yaml", "site.yaml", 8, None)},
         config=MINIMAL_CONFIG + "footer: &f [*f]\n", exit=2, says="alias"),
    Case("site.yaml has an unknown key", {("config.unknown-key", "site.yaml", 8, None)},
         config=config("navigaton: []\n"), exit=2, says="did you mean 'navigation'"),
    Case("site.yaml limits below zero", {("config.limits", "site.yaml", 9, None)},
         config=config("limits:\n  max_file_mb: -5\n"), exit=2, says="more than 0"),
    Case("site.yaml limits not a number", {("config.type", "site.yaml", 9, None)},
         config=config("limits:\n  max_dataset_rows: lots\n"), exit=2,
         says="should be a whole number"),
    Case("site.yaml limits key misspelt", {("config.unknown-key", "site.yaml", 9, None)},
         config=config("limits:\n  max_file_size: 5\n"), exit=2, says="did you mean"),
]


def run_check(root: Path) -> tuple[int, list[dict], str]:
    result = CliRunner().invoke(main, ["check", "--root", str(root), "--format", "json",
                                       "--today", TODAY])
    assert "internal error" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    errors = [d for d in json.loads(result.stdout)["diagnostics"] if d["severity"] == "error"]
    return result.exit_code, errors, result.output


def test_the_corpus_has_forty_cases_or_more():
    assert len(CASES) >= 40
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_gives_its_exact_diagnostic(make_site, case: Case):
    root = make_site(case.files, config=case.config)
    if case.setup:
        case.setup(root)
    code, errors, _ = run_check(root)
    found = {(d["code"], d["path"], d["line"], d["row"]) for d in errors}
    shown = [f"{d['code']} {d['path']}:{d['line']}:{d['row']} {d['message']}" for d in errors]
    assert found == case.errors, shown
    assert code == case.exit, shown
    assert all(d["hint"] for d in errors), shown
    messages = " ".join(d["message"] for d in errors)
    assert case.says in messages, messages


def test_a_failed_build_publishes_nothing(make_site):
    """Every kind of bad input leaves site/ as it was: here, not there at all."""
    root = make_site({PAGE: page(FRONT.replace("2024-01-01", "31/04/2024"))})
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--today", TODAY])
    assert result.exit_code == 1, result.output
    assert not (root / "site").exists()
    assert [p.name for p in root.iterdir() if p.name.startswith(".site")] == []


def test_diagnostics_name_the_day_that_does_not_exist(make_site):
    root = make_site({PAGE: page(FRONT.replace("2024-01-01", "31/04/2024"))})
    _, [error], _ = run_check(root)
    assert "that day does not exist" in error["hint"]


def test_a_tab_hint_says_use_spaces(make_site):
    root = make_site({PAGE: page("title: Commissioner\n\tsummary: The role.\n")})
    _, [error], _ = run_check(root)
    assert "use spaces" in error["hint"]


FOI_RECORD = """---
reference: FOI-2025-0042
title: Cost of the refurbishment
received: 2025-03-03
responded: 2025-03-28
outcome: granted
exemptions: []
topics: [estates]
---

## Request

Please provide the cost.\x02

## Response

The cost was £120,000.
"""


def test_a_control_character_in_an_foi_record(make_site):
    """It once reached the Atom feed, whose XML cannot carry it: an internal error."""
    root = make_site({"content/foi/2025/FOI-2025-0042.md": FOI_RECORD})
    code, errors, _ = run_check(root)
    assert code == 1
    assert [(d["code"], d["path"], d["line"]) for d in errors] == [
        ("foi.character", "content/foi/2025/FOI-2025-0042.md", 13)]
