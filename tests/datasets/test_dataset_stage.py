"""The streaming dataset stage gives what the in-memory path gave, byte for byte, and
remembers each file's result.

Every scenario is run twice: through the old path (datasets.reference.load_datasets, then
publish_resource, dataset_publish.csv_bytes, the JSON of typed_rows, totals, and the
gate's scan of every cell joined column by column, as it was) and through
dataset_stage.run_dataset_stage. The datasets, every diagnostic (code, message, file,
row, field), the downloads, the previews and the totals must be the same.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from opcc.build.cache import BuildCache
from opcc.config import Limits
from opcc.datasets import publish as dataset_publish
from opcc.datasets import resource_pass
from opcc.datasets import stage as dataset_stage
from opcc.datasets.reference import load_datasets, publish_resource
from opcc.redaction import Scanner, gate
from opcc.scheme import load_profile
from tests.conftest import REPO, copy_example, write_files
from tests.datasets.test_datasets import SCHEMA

TODAY = date(2026, 11, 25)
SLUGS = load_profile().class_slugs

SPEND = SCHEMA  # the spending schema the dataset tests use
HEADER = ("transaction_number,payment_date,supplier_type,supplier_name,expense_type,purpose,"
          "amount,internal_note")
ROWS = [
    "T1,2025-04-03,company,Acme Supplies Ltd,Premises,Cleaning contract,1200.50,ok",
    ("T2,2025-04-10,individual,Jordan Example,Third party payments,Interpreter fee,650.00,"
     "paid by BACS to Jordan"),
    ("T3,2025-05-02,company,Northtown Motors Ltd,Transport,Refund of £20 deposit deducted,"
     "980.00,fine"),
]


def descriptor(resources: list[tuple[str, str]], schema: dict | str = SPEND,
               extra: str = "") -> str:
    schema_text = schema if isinstance(schema, str) else json.dumps(schema)
    lines = ["title: Spending", "class: what-we-spend", "published: 2025-06-01", extra,
             "resources:"]
    for name, path in resources:
        lines += [f"  - name: {name}", f"    path: {path}", f"    schema: {schema_text}"]
    return "\n".join(line for line in lines if line) + "\n"


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    write_files(root, files)
    return root


def spend(rows: list[str], header: str = HEADER, name: str = "spend", schema=SPEND,
          extra: str = "", ending: str = "\n") -> dict[str, str]:
    return {f"datasets/{name}/datapackage.yaml": descriptor([(name, "data.csv")], schema, extra),
            f"datasets/{name}/data.csv": ending.join([header, *rows]) + ending}


# -- the old path, as it was ------------------------------------------------------------------

def scan_table_as_before(scanner: Scanner, table, rules) -> list:
    problems = []
    for column, spec in enumerate(table.fields):
        cells = [row[column] for row in table.rows]
        for index, finding in scanner.scan_cells(cells, spec.name):
            if rules.allows(finding, spec.name):
                continue
            problems.append(gate.error(
                finding.code, f"{finding.label} '{finding.masked}' in a published cell",
                path=table.resource.relative, row=index + 2, field=spec.name,
                hint=gate.CELL_HINT))
    return problems


def old_path(root: Path, scanner: Scanner, limits: Limits):
    loaded = load_datasets(root, SLUGS, TODAY, limits)
    diagnostics = list(loaded.diagnostics)
    tables = {d.name: [publish_resource(r) for r in d.resources]
              for d in loaded.datasets}
    for dataset in loaded.datasets:
        rules, found = gate.local_rules(dataset.redaction, dataset.descriptor_path,
                                        dataset.key_lines.get("redaction"))
        diagnostics += found
        for table in tables[dataset.name]:
            diagnostics += scan_table_as_before(scanner, table, rules)
    return loaded.datasets, tables, diagnostics


def as_before_json(table) -> bytes:
    return (json.dumps(dataset_publish.typed_rows(table), ensure_ascii=False, indent=1)
            + "\n").encode("utf-8")


def stage(root: Path, scanner: Scanner | None = None, limits: Limits | None = None,
          workers: int = 1, cache: BuildCache | None = None):
    return dataset_stage.run_dataset_stage(
        root, SLUGS, TODAY, limits or Limits(), scanner or Scanner(),
        cache or BuildCache(root), workers)


def assert_same(root: Path, scanner: Scanner | None = None, limits: Limits | None = None,
                workers: int = 1, cache: BuildCache | None = None):
    """Run both paths and compare everything; returns the stage's result."""
    scanner, limits = scanner or Scanner(), limits or Limits()
    datasets, tables, diagnostics = old_path(root, scanner, limits)
    result = stage(root, scanner, limits, workers, cache)
    assert result.datasets == datasets
    assert sorted(map(repr, result.diagnostics)) == sorted(map(repr, diagnostics))
    assert result.tables.keys() == tables.keys()
    for name, old_tables in tables.items():
        new_tables = result.tables[name]
        assert len(new_tables) == len(old_tables)
        for old, new in zip(old_tables, new_tables):
            assert new.rows is None and new.csv_path.is_file() and new.json_path.is_file()
            assert new.csv_path.read_bytes() == dataset_publish.csv_bytes(old)
            assert new.json_path.read_bytes() == as_before_json(old)
            assert dataset_publish.json_bytes(old) == as_before_json(old)
            assert (new.count, new.preview, new.masked_cells, new.dropped, new.header) == (
                old.count, old.preview, old.masked_cells, old.dropped, old.header)
        assert dataset_publish.totals(new_tables) == dataset_publish.totals(old_tables)
    return result


def codes(result) -> set[tuple]:
    return {(d.code, d.path, d.row, d.field) for d in result.diagnostics}


# -- scenarios --------------------------------------------------------------------------------

SCENARIOS = {
    "good": spend(ROWS),
    "type error": spend(ROWS + ["T4,2025-04-31,company,A Ltd,Premises,x,600,n"]),
    "below the minimum": spend(ROWS + ["T4,2025-04-30,company,A Ltd,Premises,x,-20.00,n"]),
    "not in the enum": spend(ROWS + ["T4,2025-04-30,charity,A Ltd,Premises,x,600,n"]),
    "required": spend(ROWS + [",2025-04-30,company,A Ltd,Premises,x,600,n"]),
    "extra cell": spend(ROWS + ["T4,2025-04-30,company,A Ltd,Premises,x,600,n,extra"]),
    "missing cells": spend(ROWS + ["T4,2025-04-30,company,A Ltd"]),
    "duplicate key": spend(ROWS + ["T1,2025-04-30,company,A Ltd,Premises,x,600,n"]),
    "pound sign": spend(ROWS + ['T4,2025-04-30,company,A Ltd,Premises,x,"£1,200.00",n']),
    "header": spend(ROWS, header=HEADER.replace("supplier_name", "Supplier Name")),
    "header reordered": spend(ROWS, header=HEADER.replace(
        "supplier_type,supplier_name", "supplier_name,supplier_type")),
    "capped errors": spend([f"X{i},2025-04-30,company,A Ltd,Premises,x,1,n" for i in range(60)]),
    "more than a thousand errors": spend(
        [f"X{i},2025-04-30,company,A Ltd,Premises,x,1,n" for i in range(1100)]),
    "crlf and blank lines at the end": spend(ROWS, ending="\r\n") | {
        "datasets/spend/data.csv": "\r\n".join([HEADER, *ROWS]) + "\r\n\r\n\r\n,,,\r\n"},
    "blank row in the middle": spend([ROWS[0], "", *ROWS[1:]]),
    "row of commas in the middle": spend([ROWS[0], ",,,,,,,", *ROWS[1:]]),
    "row of spaces in the middle": spend([ROWS[0], " , , , , , , , ", *ROWS[1:]]),
    "quoted line breaks and quotes": spend(ROWS + [
        'T4,2025-04-30,company,"Acme, ""The"" Ltd","Pre\nmises","x\r\ny",600,n']),
    "formulas": spend(ROWS + [
        "T4,2025-04-30,company,=HYPERLINK(\"x\"),@SUM(A1),+44 7700,600,-n",
        "T5,2025-04-30,individual,=cmd,-1,\tx,700,=n"]),
    "semicolons": {"datasets/spend/datapackage.yaml": descriptor([("spend", "data.csv")]),
                   "datasets/spend/data.csv": "\n".join(
                       [HEADER.replace(",", ";"), *[r.replace(",", ";") for r in ROWS]]) + "\n"},
    "spaces after commas": {"datasets/spend/datapackage.yaml": descriptor([("spend", "data.csv")]),
                            "datasets/spend/data.csv": "\n".join(
                                [HEADER.replace(",", ", "),
                                 *[r.replace(",", ", ") for r in ROWS]]) + "\n"},
    "windows-1252": {"datasets/spend/datapackage.yaml": descriptor([("spend", "data.csv")]),
                     "datasets/spend/data.csv": ("\r\n".join([HEADER, *ROWS]) + "\r\n")
                     .encode("cp1252")},
    "bom": {"datasets/spend/datapackage.yaml": descriptor([("spend", "data.csv")]),
            "datasets/spend/data.csv": b"\xef\xbb\xbf" + ("\n".join([HEADER, *ROWS]) + "\n")
            .encode()},
    "bom and not utf-8": {"datasets/spend/datapackage.yaml": descriptor([("spend", "data.csv")]),
                          "datasets/spend/data.csv": b"\xef\xbb\xbf" + (
                              "\n".join([HEADER, *ROWS]) + "\n").encode("cp1252")},
    "not text": {"datasets/spend/datapackage.yaml": descriptor([("spend", "data.csv")]),
                 "datasets/spend/data.csv": b"\x89PNG\r\n\x1a\n\x81\x8d" + bytes(range(256))},
    "empty": {"datasets/spend/datapackage.yaml": descriptor([("spend", "data.csv")]),
              "datasets/spend/data.csv": " \n\r\n"},
    "header only": spend([]),
    "unclosed quote": spend([ROWS[0], 'T2,2025-04-10,company,"Open,x,y,600,n', ROWS[2]]),
    "stray quote": spend([ROWS[0], 'T2,2025-04-10,company,"A" Ltd,x,y,600,n']),
    "repeated header": spend(ROWS, header=HEADER.replace("purpose", "amount")),
    "findings in cells": spend(ROWS + [
        "T4,2025-04-30,company,QQ123456C Ltd,Premises,call 07700 900123,600,n",
        "T5,2025-05-30,company,Acme Ltd,Premises,mail jo@example.com,700,n",
        "T6,2025-05-30,company,QQ123456C Ltd,Premises,call 07700 900123,700,n"]),
    "findings allowed in one field": spend(
        ROWS + ["T4,2025-04-30,company,QQ123456C Ltd,Premises,QQ123456C,600,n"],
        extra="redaction:\n  - {code: redaction.ni-number, field: purpose, reason: test}"),
    "a bad exception": spend(ROWS, extra="redaction:\n  - {code: redaction.email}"),
}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_stage_gives_what_the_old_path_gave(tmp_path, name):
    root = write(tmp_path, SCENARIOS[name])
    assert_same(root, Scanner([{"value": "07700 900123", "reason": "the office"}])
                if name == "findings allowed in one field" else None)


def test_the_scenarios_cover_the_interesting_cases(tmp_path):
    found = {}
    for name, files in SCENARIOS.items():
        root = write(tmp_path / name.replace(" ", "-"), files)
        found[name] = codes(stage(root))
    assert found["good"] == set()
    assert ("dataset.unique", "datasets/spend/data.csv", 5, "transaction_number") in \
        found["duplicate key"]
    assert ("dataset.blank-row", "datasets/spend/data.csv", 3, None) in \
        found["blank row in the middle"]
    assert any(c == "dataset.more-errors" for c, *_ in found["capped errors"])
    assert ("dataset.blank-rows", "datasets/spend/data.csv", 5, None) in \
        found["crlf and blank lines at the end"]
    assert ("redaction.ni-number", "datasets/spend/data.csv", 5, "supplier_name") in \
        found["findings in cells"]
    assert ("redaction.ni-number", "datasets/spend/data.csv", 7, "supplier_name") in \
        found["findings in cells"]
    assert found["findings allowed in one field"] == {
        ("redaction.ni-number", "datasets/spend/data.csv", 5, "supplier_name")}
    assert any(c == "redaction.exception" for c, *_ in found["a bad exception"])
    # frictionless sniffs the semicolons and finds the file valid (as it did before); the
    # stage asks frictionless whenever it would read a file with another dialect
    assert found["semicolons"] == set()


SCHEMA_CASES = {
    "missing values and no required field": (
        {"fields": [{"name": "a", "type": "integer"}, {"name": "b", "type": "string"}],
         "missingValues": ["", "NA"]},
        "a,b\n1,x\nNA,NA\n3,z\n"),
    "booleans, integers and a drop": (
        {"fields": [{"name": "kind", "type": "string"},
                    {"name": "flag", "type": "boolean", "trueValues": ["yes"],
                     "falseValues": ["no"]},
                    {"name": "who", "type": "string", "redact": "mask",
                     "when": {"kind": "individual"}},
                    {"name": "other", "type": "string", "redact": "mask", "when": {"flag": True}},
                    {"name": "n", "type": "integer", "redact": "drop"}]},
        "kind,flag,who,other,n\nIndividual ,yes,Sam Sample,x1,1\ncompany,no,Acme Ltd,x2,2\n"),
    "numbers json cannot hold": (
        {"fields": [{"name": "x", "type": "number"}, {"name": "y", "type": "integer"}]},
        "x,y\nNaN,1\nINF,-2\n1.5e400,3\n1e2,4\n0.10,5\n-0,6\n12,7\n"),
    "float numbers and totals by integer": (
        {"fields": [{"name": "date", "type": "date"},
                    {"name": "amount", "type": "number", "floatNumber": True},
                    {"name": "total", "type": "integer"},
                    {"name": "category", "type": "string"}]},
        ("date,amount,total,category\n2025-01-02,0.1,10,A\n2025-01-03,0.2,-3, \n"
         "2025-02-01,0.3,5,B\n")),
    "objects and arrays": (
        {"fields": [{"name": "id", "type": "integer", "constraints": {"unique": True}},
                    {"name": "o", "type": "object"}, {"name": "a", "type": "array"}]},
        'id,o,a\n1,"{""k"": [1, 2]}","[1, {""x"": 2}]"\n2,"{}","[]"\n'),
    "dates and times": (
        {"fields": [{"name": "d", "type": "date", "format": "%d/%m/%Y"},
                    {"name": "t", "type": "datetime"}, {"name": "y", "type": "year"}]},
        "d,t,y\n03/04/2025,2025-04-03T10:00:00Z,2025\n"),
    "a masked column with a pattern": (
        {"fields": [{"name": "ref", "type": "string", "constraints": {"pattern": "R[0-9]+"},
                     "redact": "mask"}, {"name": "n", "type": "number", "redact": "mask"}]},
        "ref,n\nR1,1.50\nR2,\n"),
    "every column dropped": (
        {"fields": [{"name": "a", "type": "string", "redact": "drop"}]}, "a\nx\ny\n"),
    "a composite key": (
        {"fields": [{"name": "a", "type": "string"}, {"name": "b", "type": "integer"}],
         "primaryKey": ["a", "b"]}, "a,b\nx,1\nx,2\ny,1\nx,1\n,\n"),
    "unique values that read alike": (
        {"fields": [{"name": "n", "type": "number", "constraints": {"unique": True}}]},
        "n\n1.0\n1.00\n"),
    "long cells": (
        {"fields": [{"name": "a", "type": "string"}]},
        "a\n" + "x" * 200_000 + "\nshort\n"),
}


@pytest.mark.parametrize("name", list(SCHEMA_CASES))
def test_stage_gives_what_the_old_path_gave_for_other_schemas(tmp_path, name):
    schema, data = SCHEMA_CASES[name]
    root = write(tmp_path, {"datasets/things/datapackage.yaml": descriptor(
        [("things", "things.csv")], schema), "datasets/things/things.csv": data})
    assert_same(root)


FOREIGN = {
    "fields": [{"name": "ref", "type": "string"}, {"name": "team", "type": "string"}],
    "foreignKeys": [{"fields": "team", "reference": {"resource": "teams", "fields": "team"}}],
}
TEAMS = {"fields": [{"name": "team", "type": "string"}], "primaryKey": ["team"]}


def foreign(rows: str) -> dict[str, str]:
    return {"datasets/people/datapackage.yaml":
            "title: People\nclass: who-we-are\npublished: 2025-06-01\nresources:\n"
            f"  - name: teams\n    path: teams.csv\n    schema: {json.dumps(TEAMS)}\n"
            f"  - name: members\n    path: members.csv\n    schema: {json.dumps(FOREIGN)}\n",
            "datasets/people/teams.csv": "team\nRed\nBlue\n",
            "datasets/people/members.csv": "ref,team\n" + rows}


@pytest.mark.parametrize("rows", ["R1,Red\nR2,Blue\n", "R1,Red\nR2,Green\n"])
def test_foreign_keys_are_validated_together(tmp_path, rows):
    result = assert_same(write(tmp_path, foreign(rows)))
    assert result.units == 1
    assert bool(result.datasets) == ("Green" not in rows)


def test_one_file_failing_its_checks_stops_the_dataset(tmp_path):
    """As before: frictionless never saw the dataset, so the other file's errors are not
    reported, and nothing of it is published."""
    files = {"datasets/spend/datapackage.yaml": descriptor(
        [("first", "first.csv"), ("second", "second.csv")]),
        "datasets/spend/first.csv": "\n".join([HEADER, *ROWS, "T9,bad,company,A,B,C,1,n"]),
        "datasets/spend/second.csv": ""}
    result = assert_same(write(tmp_path, files))
    assert {c for c, *_ in codes(result)} == {"dataset.empty"}


def test_too_many_rows_and_too_large(tmp_path):
    root = write(tmp_path, spend([f"T{i},2025-04-03,company,A,B,C,600,n" for i in range(30)]))
    assert_same(root, limits=Limits(max_dataset_rows=10))
    assert_same(root, limits=Limits(max_file_mb=0.0001))


def test_bad_input_corpus_cases_for_datasets(make_site):
    """The dataset cases of the bad-input corpus, through both paths."""
    from tests.test_bad_input import CASES

    cases = [case for case in CASES
             if any(code.startswith("dataset.") for code, *_ in case.errors)]
    assert len(cases) >= 15
    root = make_site({})
    for case in cases:
        shutil.rmtree(root / "datasets", ignore_errors=True)
        write(root, {k: v for k, v in case.files.items() if k.startswith("datasets/")})
        if case.setup:
            case.setup(root)
        limits = Limits(max_dataset_rows=2) if "max_dataset_rows" in case.config else Limits()
        result = assert_same(root, limits=limits)
        found = {(d.code, d.path, d.row) for d in result.diagnostics if d.severity == "error"}
        assert {(c, p, r) for c, p, _, r in case.errors} <= found, case.id
        shutil.rmtree(root / "datasets", ignore_errors=True)


def test_example_site_in_worker_processes(tmp_path, monkeypatch):
    root = copy_example(tmp_path / "example")
    monkeypatch.setattr(dataset_stage, "PARALLEL_MIN_BYTES", 0)
    scanner = Scanner([{"value": "01632 960100", "reason": "test"}])
    assert_same(root, scanner, workers=2)
    result = assert_same(root, scanner, workers=1, cache=BuildCache(root, enabled=False))
    assert result.datasets and result.units >= 7


# -- the cache ------------------------------------------------------------------------------

def monthly(root: Path, months: int = 4) -> Path:
    files = {"datasets/spend/datapackage.yaml": descriptor(
        [(f"m{m}", f"m{m}.csv") for m in range(months)])}
    for m in range(months):
        files[f"datasets/spend/m{m}.csv"] = "\n".join(
            [HEADER, *[f"T{m}-{i},2025-0{m + 1}-03,company,Acme Ltd,Premises,x,{600 + i}.25,n"
                       for i in range(50)]]) + "\n"
    return write(root, files)


class Counting:
    """Counts the files the stage reads (each ResourcePass.run reads one)."""

    def __init__(self, monkeypatch):
        self.read: list[str] = []
        original = resource_pass.ResourcePass.run

        def run(pass_):
            self.read.append(pass_.resource.name)
            return original(pass_)
        monkeypatch.setattr(resource_pass.ResourcePass, "run", run)


def test_unchanged_files_are_not_read_again(tmp_path, monkeypatch):
    root = monthly(tmp_path)
    first = assert_same(root)
    counting = Counting(monkeypatch)
    again = stage(root)
    assert counting.read == [] and (again.units, again.reused) == (4, 4)
    assert again.datasets == first.datasets and again.diagnostics == first.diagnostics
    assert [t.csv_path for t in again.tables["spend"]] == [t.csv_path for t in
                                                             first.tables["spend"]]
    assert dataset_publish.totals(again.tables["spend"]) == \
        dataset_publish.totals(first.tables["spend"])


def test_one_edited_file_is_the_only_one_read(tmp_path, monkeypatch):
    root = monthly(tmp_path)
    stage(root)
    path = root / "datasets/spend/m2.csv"
    path.write_text(path.read_text().replace("Acme Ltd", "Acme Holdings Ltd", 3))
    counting = Counting(monkeypatch)
    result = assert_same(root)  # the old path reads everything; the stage only m2
    assert counting.read == ["m2"] and result.reused == 3


def test_an_edit_that_breaks_a_file_and_its_repair(tmp_path, monkeypatch):
    root = monthly(tmp_path)
    stage(root)
    path = root / "datasets/spend/m1.csv"
    good = path.read_text()
    path.write_text(good.replace("T1-7,", "T1-6,"))
    broken = assert_same(root)
    assert not broken.datasets and {c for c, *_ in codes(broken)} == {
        "dataset.unique", "dataset.primary-key"}
    path.write_text(good)
    counting = Counting(monkeypatch)
    repaired = assert_same(root)
    assert counting.read == [] and repaired.datasets


def test_what_the_key_covers(tmp_path, monkeypatch):
    root = monthly(tmp_path, 2)
    stage(root)
    counting = Counting(monkeypatch)
    stage(root, scanner=Scanner([{"value": "x@example.com", "reason": "test"}]))
    assert counting.read == ["m0", "m1"]  # the allow list
    stage(root, limits=Limits(max_dataset_rows=40))
    assert counting.read[2:] == ["m0", "m1"]  # the limits
    descriptor_path = root / "datasets/spend/datapackage.yaml"
    descriptor_path.write_text(descriptor_path.read_text().replace(
        "published: 2025-06-01", "published: 2025-06-01\nredaction: [{code: "
        "redaction.email, reason: test}]"))
    stage(root)
    assert counting.read[4:] == ["m0", "m1"]  # the dataset's exceptions
    descriptor_path.write_text(descriptor_path.read_text().replace("name: m1", "name: m9"))
    stage(root)
    assert counting.read[6:] == ["m9"]  # a resource's name


def test_lost_downloads_are_made_again(tmp_path, monkeypatch):
    root = monthly(tmp_path, 2)
    first = stage(root)
    first.tables["spend"][1].json_path.unlink()
    counting = Counting(monkeypatch)
    assert_same(root)
    assert counting.read == ["m1"]


def test_a_disabled_cache_still_gives_downloads(tmp_path):
    root = monthly(tmp_path, 2)
    assert_same(root, cache=BuildCache(root, enabled=False))
    assert_same(root, cache=BuildCache(root, enabled=False))


# -- the pieces -------------------------------------------------------------------------------

def test_json_download_is_what_json_dumps_gives(tmp_path):
    from opcc.datasets.descriptors import FieldSpec, Resource

    def table(schema_fields, rows):
        specs = tuple(FieldSpec(name=f["name"], title=f["name"], type=f["type"],
                                description="", constraints={}, descriptor=f)
                      for f in schema_fields)
        resource = Resource(name="t", source=tmp_path / "t.csv", relative="t.csv", title="t",
                            description="", schema={"fields": schema_fields}, fields=specs,
                            encoding="utf-8")
        return dataset_publish.PublishedTable(resource, specs, tuple(rows), 0, ())

    cases = [
        table([{"name": "a", "type": "string"}], []),
        table([], [(), ()]),
        table([{"name": "é \"q\"", "type": "string"}, {"name": "n", "type": "number"}],
              [("ü\n\t\"", "1e400"), ("", "NaN"), ("x", "-INF"), ("y", "2.50"), ("z", "3")]),
        table([{"name": "o", "type": "object"}, {"name": "l", "type": "array"}],
              [('{"a": {"b": [1, 2]}}', '[[], {}, [1]]'), ("bad", "bad")]),
        table([{"name": "b", "type": "boolean"}, {"name": "d", "type": "datetime"}],
              [("true", "2025-01-01T00:00:00"), ("no", "x")]),
    ]
    for case in cases:
        assert dataset_publish.json_bytes(case) == as_before_json(case)


def test_cell_scan_finds_what_scanning_every_cell_finds():
    """Each distinct value scanned once, in blocks, gives the findings of scanning the
    whole column joined, at the same rows: over the redaction corpus, in columns named
    as the detectors' contexts."""
    import yaml

    corpus = yaml.safe_load((REPO / "tests" / "redaction_corpus.yaml")
                            .read_text("utf-8"))
    texts = []

    def collect(node):
        if isinstance(node, str):
            texts.append(node)
        elif isinstance(node, dict):
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)
    collect(corpus)
    assert len(texts) > 50
    cells = [texts[(i * 7) % len(texts)] for i in range(3 * len(texts))] + ["", "x\x00y"]
    scanner = Scanner()
    for name in ("note", "date_of_birth", "nhs_number", "bank_account", "registration"):
        expected = [(i + 2, f.code, f.masked) for i, f in scanner.scan_cells(cells, name)]
        scan = gate.CellScan(scanner, [type("F", (), {"name": name})()], "t.csv")
        for first in range(0, len(cells), 37):
            scan.add(0, cells[first:first + 37], first)
        found = [(d.row, d.code, d.message.split("'")[1]) for d in scan.diagnostics()]
        assert found == expected, name


def test_downloads_are_named_by_their_content(tmp_path):
    """A change that does not change a download (a title, the allow list) keeps its file,
    so an incremental build sees it unchanged; one that does gets a new file."""
    root = monthly(tmp_path, 2)
    first = [(t.csv_path, t.json_path) for t in stage(root).tables["spend"]]
    descriptor_path = root / "datasets/spend/datapackage.yaml"
    descriptor_path.write_text(descriptor_path.read_text().replace(
        "name: m0", "name: m0\n    title: January"))
    again = stage(root, scanner=Scanner([{"value": "x@example.com", "reason": "test"}]))
    assert again.reused == 0
    assert [(t.csv_path, t.json_path) for t in again.tables["spend"]] == first
    path = root / "datasets/spend/m1.csv"
    path.write_text(path.read_text().replace("Acme Ltd", "Acme Holdings Ltd", 1))
    edited = [(t.csv_path, t.json_path) for t in stage(root).tables["spend"]]
    assert edited[0] == first[0] and edited[1][0] != first[1][0]
