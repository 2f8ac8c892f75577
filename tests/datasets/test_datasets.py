"""Datasets: real frictionless validation, encodings, schema redaction, downloads."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from opcc.build.pipeline import BuildOptions, build_site
from opcc.datasets.publish import MASK, totals
from opcc.datasets.reference import load_datasets, publish_resource
from opcc.scheme import load_profile

TODAY = date(2026, 11, 25)
SLUGS = load_profile().class_slugs

SCHEMA = {
    "fields": [
        {"name": "transaction_number", "type": "string", "constraints": {"required": True,
                                                                         "unique": True}},
        {"name": "payment_date", "type": "date"},
        {"name": "supplier_type", "type": "string",
         "constraints": {"enum": ["company", "individual"]}},
        {"name": "supplier_name", "type": "string", "redact": "mask",
         "when": {"supplier_type": "individual"}},
        {"name": "expense_type", "type": "string"},
        {"name": "purpose", "type": "string"},
        {"name": "amount", "type": "number", "constraints": {"minimum": 500}},
        {"name": "internal_note", "type": "string", "redact": "drop"},
    ],
    "primaryKey": ["transaction_number"],
}
HEADER = "transaction_number,payment_date,supplier_type,supplier_name,expense_type,purpose," \
         "amount,internal_note"
GOOD_ROWS = [
    "T1,2025-04-03,company,Acme Supplies Ltd,Premises,Cleaning contract,1200.50,ok",
    "T2,2025-04-10,individual,Jordan Example,Third party payments,Interpreter fee,650.00,"
    "paid by BACS to Jordan",
    "T3,2025-05-02,company,Northtown Motors Ltd,Transport,Refund of £20 deposit deducted,"
    "980.00,fine",
]


def descriptor(schema=SCHEMA, path="spend.csv", extra=""):
    return (f"title: Spending over £500\nclass: what-we-spend\npublished: 2025-06-01\n"
            f"frequency: monthly\nperiod: April to May 2025\nsample: true\n{extra}"
            f"resources:\n  - name: spend\n    path: {path}\n    schema: {json.dumps(schema)}\n")


def make_dataset(root: Path, rows=GOOD_ROWS, data: bytes | None = None, desc: str | None = None,
                 name="spend-over-500", file="spend.csv") -> Path:
    folder = root / "datasets" / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "datapackage.yaml").write_text(desc or descriptor(path=file), "utf-8")
    if data is None:
        data = ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")
    (folder / file).write_bytes(data)
    return folder


def load(root: Path):
    return load_datasets(root, SLUGS, TODAY)


def errors(loaded):
    return [(d.code, d.row, d.field) for d in loaded.diagnostics if d.severity == "error"]


def test_good_dataset_gives_no_diagnostics(tmp_path):
    make_dataset(tmp_path)
    loaded = load(tmp_path)
    assert loaded.diagnostics == []
    [dataset] = loaded.datasets
    assert (dataset.name, dataset.scheme_class, dataset.frequency, dataset.sample) == (
        "spend-over-500", "what-we-spend", "monthly", True)
    assert dataset.licenses[0]["name"] == "OGL-UK-3.0"


@pytest.mark.parametrize("row,expected", [
    ("T4,2025-04-31,company,A Ltd,Premises,x,600,n", ("dataset.type", 5, "payment_date")),
    ("T4,2025-04-30,company,A Ltd,Premises,x,-20.00,n", ("dataset.constraint", 5, "amount")),
    ("T4,2025-04-30,charity,A Ltd,Premises,x,600,n", ("dataset.constraint", 5, "supplier_type")),
    (",2025-04-30,company,A Ltd,Premises,x,600,n", ("dataset.constraint", 5,
                                                    "transaction_number")),
    ("T4,2025-04-30,company,A Ltd,Premises,x,600,n,extra", ("dataset.extra-cell", 5, None)),
    ("T4,2025-04-30,company,A Ltd", ("dataset.missing-cell", 5, None)),
])
def test_each_kind_of_error_is_located(tmp_path, row, expected):
    make_dataset(tmp_path, GOOD_ROWS + [row])
    found = errors(load(tmp_path))
    code, row_number, field = expected
    assert any(c == code and r == row_number and (field is None or f == field)
               for c, r, f in found), found


def test_message_names_value_and_rule(tmp_path):
    make_dataset(tmp_path, GOOD_ROWS + ["T4,2025-04-30,company,A Ltd,Premises,x,-20.00,n"])
    [diagnostic] = [d for d in load(tmp_path).diagnostics if d.code == "dataset.constraint"]
    assert diagnostic.message == "value -20.00 is below the minimum 500"
    assert diagnostic.location == "datasets/spend-over-500/spend.csv:5:amount"
    assert diagnostic.hint


def test_duplicate_key_is_unique_and_primary_key_errors(tmp_path):
    make_dataset(tmp_path, GOOD_ROWS + ["T1,2025-04-30,company,A Ltd,Premises,x,600,n"])
    codes = {c for c, r, f in errors(load(tmp_path)) if r == 5}
    assert {"dataset.unique", "dataset.primary-key"} <= codes


def test_pound_sign_and_thousands_separator_get_a_clear_hint(tmp_path):
    make_dataset(tmp_path, GOOD_ROWS + ['T4,2025-04-30,company,A Ltd,Premises,x,"£1,200.00",n'])
    [diagnostic] = [d for d in load(tmp_path).diagnostics if d.code == "dataset.type"]
    assert (diagnostic.row, diagnostic.field) == (5, "amount")
    assert "£" in diagnostic.hint and "groupChar" in diagnostic.hint


def test_schema_may_allow_pound_signs(tmp_path):
    schema = json.loads(json.dumps(SCHEMA))
    schema["fields"][6].update({"groupChar": ",", "bareNumber": False})
    folder = make_dataset(tmp_path, GOOD_ROWS + ['T4,2025-04-30,company,A Ltd,Premises,x,'
                                                 '"£1,200.00",n'])
    (folder / "datapackage.yaml").write_text(descriptor(schema), "utf-8")
    assert errors(load(tmp_path)) == []


def test_header_that_does_not_match_the_schema(tmp_path):
    data = ("\n".join([HEADER.replace("supplier_name", "Supplier Name"), *GOOD_ROWS]) + "\n")
    make_dataset(tmp_path, data=data.encode())
    assert ("dataset.header", None, "supplier_name") in [(c, None, f) for c, r, f in
                                                         errors(load(tmp_path))] or \
        any(c == "dataset.header" for c, r, f in errors(load(tmp_path)))


def test_errors_are_capped_per_resource_with_a_count(tmp_path):
    bad = [f"X{i},2025-04-30,company,A Ltd,Premises,x,1,n" for i in range(60)]
    make_dataset(tmp_path, bad)
    loaded = load(tmp_path)
    shown = [d for d in loaded.diagnostics if d.code == "dataset.constraint"]
    assert len(shown) == 25
    [more] = [d for d in loaded.diagnostics if d.code == "dataset.more-errors"]
    assert more.message.startswith("35 more errors")


def test_bom_crlf_and_trailing_blank_line(tmp_path):
    text = "\r\n".join([HEADER, *GOOD_ROWS]) + "\r\n\r\n"
    make_dataset(tmp_path, data=b"\xef\xbb\xbf" + text.encode("utf-8"))
    loaded = load(tmp_path)
    assert errors(loaded) == []
    [table] = [publish_resource(r) for r in loaded.datasets[0].resources]
    assert table.header[0] == "transaction_number"
    assert len(table.rows) == 3


def test_windows_1252_is_a_warning_and_the_pound_sign_survives(tmp_path):
    text = "\r\n".join([HEADER, *GOOD_ROWS]) + "\r\n"
    make_dataset(tmp_path, data=text.encode("cp1252"))
    loaded = load(tmp_path)
    [warning] = loaded.diagnostics
    assert (warning.severity, warning.code) == ("warning", "dataset.encoding")
    [table] = [publish_resource(r) for r in loaded.datasets[0].resources]
    assert any("Refund of £20 deposit" in cell for row in table.rows for cell in row)


def test_empty_csv(tmp_path):
    make_dataset(tmp_path, data=b"")
    assert ("dataset.empty", None, None) in errors(load(tmp_path))


@pytest.mark.parametrize("extra,code", [
    ("clas: what-we-spend\n", "dataset.unknown-key"),
    ("frequency: weekly\n", "dataset.frequency"),
])
def test_descriptor_errors(tmp_path, extra, code):
    desc = descriptor().replace("frequency: monthly\n", "") + extra
    make_dataset(tmp_path, desc=desc)
    found = [d for d in load(tmp_path).diagnostics if d.code == code]
    assert found and found[0].line is not None


def test_descriptor_yaml_error_has_line(tmp_path):
    make_dataset(tmp_path, desc="title: [broken\nclass: x\n")
    [diagnostic] = load(tmp_path).diagnostics
    assert diagnostic.code == "dataset.descriptor" and diagnostic.line


def test_resource_path_outside_the_folder(tmp_path):
    make_dataset(tmp_path, desc=descriptor(path="../../site.yaml"))
    assert any(c == "dataset.path" for c, r, f in errors(load(tmp_path)))


def test_missing_resource_file(tmp_path):
    make_dataset(tmp_path, desc=descriptor(path="nope.csv"))
    assert any(c == "dataset.missing-file" for c, r, f in errors(load(tmp_path)))


def test_invalid_table_schema(tmp_path):
    bad = {"fields": [{"name": "a", "type": "money"}]}
    make_dataset(tmp_path, desc=descriptor(schema=bad))
    assert any(c == "dataset.schema" for c, r, f in errors(load(tmp_path)))


def test_schema_by_path_from_datasets_schemas(tmp_path):
    (tmp_path / "datasets" / "schemas").mkdir(parents=True)
    (tmp_path / "datasets" / "schemas" / "spend.json").write_text(json.dumps(SCHEMA), "utf-8")
    make_dataset(tmp_path, desc=descriptor().replace(
        f"schema: {json.dumps(SCHEMA)}", "schema: ../schemas/spend.json"))
    loaded = load(tmp_path)
    assert errors(loaded) == [] and loaded.datasets


def test_personal_field_without_lawful_basis_is_an_error(tmp_path):
    schema = json.loads(json.dumps(SCHEMA))
    schema["fields"].append({"name": "officer", "type": "string", "personal": True})
    make_dataset(tmp_path, [r + ",Sam Sample" for r in GOOD_ROWS],
                 desc=descriptor(schema))
    folder = tmp_path / "datasets" / "spend-over-500"
    (folder / "spend.csv").write_text("\n".join([HEADER + ",officer"] +
                                                [r + ",Sam Sample" for r in GOOD_ROWS]) + "\n")
    assert any(c == "dataset.lawful-basis" for c, r, f in errors(load(tmp_path)))
    schema["fields"][-1]["lawful_basis"] = "Specified Information Order 2011, Sch 1 para 2(d)"
    (folder / "datapackage.yaml").write_text(descriptor(schema), "utf-8")
    assert errors(load(tmp_path)) == []


def test_drop_mask_and_conditional_mask(tmp_path):
    make_dataset(tmp_path)
    [dataset] = load(tmp_path).datasets
    [table] = [publish_resource(r) for r in dataset.resources]
    assert "internal_note" not in table.header
    names = [row[table.header.index("supplier_name")] for row in table.rows]
    assert names == ["Acme Supplies Ltd", MASK, "Northtown Motors Ltd"]
    assert table.masked_cells == 1


def test_totals_by_month_and_expense_type(tmp_path):
    make_dataset(tmp_path)
    [dataset] = load(tmp_path).datasets
    result = totals([publish_resource(r) for r in dataset.resources])
    assert [(m, str(v)) for m, v in result.by_month] == [("2025-04", "1850.50"),
                                                         ("2025-05", "980.00")]
    assert result.by_category[0][0] == "Premises"
    assert str(result.grand_total) == "2830.50"


# -- built site -------------------------------------------------------------------------

@pytest.fixture
def built(make_site):
    root = make_site()
    make_dataset(root)
    result = build_site(BuildOptions(root, today=TODAY))
    assert result.ok, [(d.location, d.message) for d in result.diagnostics]
    return root


def test_no_redacted_value_anywhere_in_site(built):
    secrets = [b"Jordan Example", b"paid by BACS to Jordan", b"ok", b"fine"]
    for path in (built / "site").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for secret in secrets[:2]:
                assert secret not in data, f"{secret!r} leaked into {path}"
    downloads = built / "site" / "datasets" / "spend-over-500"
    for name in ("spend.csv", "spend.json", "datapackage.json"):
        data = (downloads / name).read_bytes()
        assert b"internal_note" not in data  # the dropped column is not even named
        assert b",ok" not in data and b'"ok"' not in data and b"fine" not in data


def test_downloads_round_trip(built):
    from frictionless import Package, Resource

    folder = built / "site" / "datasets" / "spend-over-500"
    package = json.loads((folder / "datapackage.json").read_text("utf-8"))
    report = Package(package, basepath=str(folder)).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    resource = Resource(package["resources"][0], basepath=str(folder))
    from_csv = [dict(row) for row in resource.read_rows()]
    from_json = json.loads((folder / "spend.json").read_text("utf-8"))
    assert len(from_csv) == len(from_json) == 3
    for csv_row, json_row in zip(from_csv, from_json):
        assert {k: (v.isoformat() if hasattr(v, "isoformat") else
                    float(v) if v.__class__.__name__ == "Decimal" else v)
                for k, v in csv_row.items()} == json_row
    rows = list(csv.reader(io.StringIO((folder / "spend.csv").read_text("utf-8"))))
    assert rows[0] == ["transaction_number", "payment_date", "supplier_type", "supplier_name",
                       "expense_type", "purpose", "amount"]
    assert "Refund of £20 deposit deducted" in {cell for row in rows for cell in row}


def test_dataset_page_shows_dictionary_preview_and_downloads(built):
    html = (built / "site" / "datasets" / "spend-over-500" / "index.html").read_text("utf-8")
    for text in ("Spending over £500", "Open Government Licence v3.0", "April to May 2025",
                 "illustrative", "transaction_number", "Not published",
                 "Redacted where supplier type is individual", "spend.csv", "spend.json",
                 "datapackage.json", "Acme Supplies Ltd", "Refund of £20 deposit deducted",
                 "<svg", "£1,850.50"):
        assert text in html, text
    index = (built / "site" / "datasets" / "index.html").read_text("utf-8")
    assert "/datasets/spend-over-500/" in index
    scheme_class = (built / "site" / "publication-scheme" / "what-we-spend" / "index.html")
    assert "/datasets/spend-over-500/" in scheme_class.read_text("utf-8")


def test_page_links_a_dataset_and_unknown_names_are_errors(make_site):
    page = ("---\ntitle: Spending\nsummary: Our spending.\nclass: what-we-spend\n"
            "published: 2025-01-01\ndatasets: [spend-over-500, spend-over-50]\n---\nText\n")
    root = make_site({"content/what-we-spend/spending.md": page})
    make_dataset(root)
    result = build_site(BuildOptions(root, today=TODAY))
    [diagnostic] = [d for d in result.diagnostics if d.severity == "error"]
    assert diagnostic.code == "content.dataset" and diagnostic.line == 6
    assert "did you mean 'spend-over-500'" in diagnostic.message


def test_conditional_mask_ignores_case_and_reads_booleans(tmp_path):
    schema = {"fields": [
        {"name": "kind", "type": "string"},
        {"name": "flag", "type": "boolean", "trueValues": ["yes"], "falseValues": ["no"]},
        {"name": "who", "type": "string", "redact": "mask", "when": {"kind": "individual"}},
        {"name": "other", "type": "string", "redact": "mask", "when": {"flag": True}},
    ]}
    folder = tmp_path / "datasets" / "people"
    folder.mkdir(parents=True)
    (folder / "datapackage.yaml").write_text(descriptor(schema, path="p.csv"), "utf-8")
    (folder / "p.csv").write_text("kind,flag,who,other\nIndividual ,yes,Sam Sample,x1\n"
                                  "company,no,Acme Ltd,x2\n", "utf-8")
    [dataset] = load(tmp_path).datasets
    table = publish_resource(dataset.resources[0])
    assert [row[2:] for row in table.rows] == [(MASK, MASK), ("Acme Ltd", "x2")]


def test_when_value_outside_the_enum_is_an_error(tmp_path):
    schema = json.loads(json.dumps(SCHEMA))
    schema["fields"][3]["when"] = {"supplier_type": "sole trader"}
    make_dataset(tmp_path, desc=descriptor(schema))
    [diagnostic] = [d for d in load(tmp_path).diagnostics if d.code == "dataset.redact"]
    assert "'sole trader' is not one of the values of 'supplier_type'" in diagnostic.message


def test_example_site_datasets_validate_render_and_round_trip(example_site):
    from frictionless import Package, Resource

    result = build_site(BuildOptions(example_site, today=TODAY))
    assert result.ok, [(d.location, d.message) for d in result.diagnostics]
    folders = sorted(p for p in (example_site / "datasets").iterdir()
                     if p.is_dir() and p.name != "schemas")
    assert len(folders) >= 7
    for folder in folders:
        published = example_site / "site" / "datasets" / folder.name
        assert (published / "index.html").is_file()
        descriptor = json.loads((published / "datapackage.json").read_text("utf-8"))
        report = Package(descriptor, basepath=str(published)).validate()
        assert report.valid, (folder.name, report.flatten(["rowNumber", "fieldName", "note"]))
        for entry in descriptor["resources"]:
            rows = [dict(r) for r in Resource(entry, basepath=str(published)).read_rows()]
            as_json = json.loads((published / f"{entry['name']}.json").read_text("utf-8"))
            assert len(rows) == len(as_json)
            assert [{k: _plain(v) for k, v in r.items()} for r in rows] == as_json
        assert "illustrative" in (published / "index.html").read_text("utf-8")


def _plain(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if value.__class__.__name__ == "Decimal":
        return int(value) if value == value.to_integral_value() and "." not in str(value) \
            else float(value)
    return value
