"""The statutory Table Schemas for grants (3(f)), office holders' expenses (1(d) and 3(h)),
invitations to tender (4(c)) and the retention schedule: the example datasets pass real
frictionless validation, a row breaking each key rule fails, an individual grant recipient
is masked in the built site, and the shipped copies are the example site's."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from frictionless import Resource, Schema, validate

from opcc.datasets.descriptors import OUR_FIELD_KEYS
from tests.conftest import REPO, copy_example

NEW = ("grants", "office-holder-expenses", "invitations-to-tender", "retention-schedule")
SCHEMAS = REPO / "datasets" / "schemas"
SHIPPED = REPO / "opcc" / "datasets" / "statutory"
ORDER = "(Specified Information) Order 2011"


def schema(name: str) -> dict:
    return json.loads((SCHEMAS / f"{name}.json").read_text("utf-8"))


def resources(name: str) -> list[tuple[Path, dict]]:
    """Each CSV of an example dataset with the Table Schema its descriptor names."""
    folder = REPO / "datasets" / name
    descriptor = yaml.safe_load((folder / "datapackage.yaml").read_text("utf-8"))
    found = []
    for resource in descriptor["resources"]:
        schema_path = (folder / resource["schema"]).resolve()
        found.append((folder / resource["path"],
                      json.loads(schema_path.read_text("utf-8"))))
    return found


def errors(path: Path, table_schema: dict) -> list[tuple[int | None, str | None, str]]:
    """frictionless' (row, field, error type) for one CSV against one schema."""
    report = validate(Resource(path=path.name, basepath=str(path.parent), format="csv",
                               schema=Schema.from_descriptor(table_schema)))
    return [(getattr(e, "row_number", None), getattr(e, "field_name", None), e.type)
            for task in report.tasks for e in task.errors]


def first_rows(name: str) -> tuple[list[str], list[dict]]:
    path = resources(name)[0][0]
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_csv(path: Path, header: list[str], rows: list[dict]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


# -- The examples are valid -----------------------------------------------------------

@pytest.mark.parametrize("name", NEW)
def test_each_example_dataset_passes_frictionless_validation(name):
    found = resources(name)
    assert found
    for path, table_schema in found:
        assert table_schema == schema(name), "the descriptor names the shared schema"
        assert errors(path, table_schema) == [], path.name


@pytest.mark.parametrize("name", NEW)
def test_each_schema_is_a_valid_table_schema_without_our_keys(name):
    clean = schema(name)
    clean["fields"] = [{k: v for k, v in f.items() if k not in OUR_FIELD_KEYS}
                       for f in clean["fields"]]
    assert Schema.validate_descriptor(clean).valid


def test_the_example_csvs_follow_their_schemas_field_order():
    for name in NEW:
        for path, table_schema in resources(name):
            header = path.read_text("utf-8").splitlines()[0].split(",")
            assert header == [f["name"] for f in table_schema["fields"]], path.name


def test_the_grants_are_monthly_with_two_to_five_rows_each():
    paths = sorted((REPO / "datasets" / "grants").glob("grants-*.csv"))
    assert [p.stem for p in paths] == [f"grants-2026-{m:02}" for m in range(4, 11)]
    for path in paths:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert 2 <= len(rows) <= 5, path.name
        assert all(r["award_date"].startswith(path.stem.removeprefix("grants-"))
                   for r in rows), path.name


# -- A row that breaks each key rule fails --------------------------------------------

BREAKS = {
    "grants": [
        ("award_date", "06/03/2026", "type-error"),
        ("recipient", "", "constraint-error"),
        ("recipient_type", "person", "constraint-error"),
        ("purpose", "", "constraint-error"),
        ("amount", "0", "constraint-error"),
        ("amount", "£2,400", "type-error"),
        ("conditions", "", "constraint-error"),
        ("reasons", "", "constraint-error"),
        ("charity_number", "CH-12", "constraint-error"),
        ("company_number", "1234", "constraint-error"),
        ("payment_date", "soon", "type-error"),
    ],
    "office-holder-expenses": [
        ("office_holder", "Rowan Ellery", "constraint-error"),  # a name, not an office
        ("financial_year", "2026-27", "constraint-error"),
        ("month", "2026-13", "constraint-error"),
        ("date", "15 April 2026", "type-error"),
        ("line", "0", "constraint-error"),
        ("expense_type", "gift", "constraint-error"),
        ("amount_claimed", "-1.00", "constraint-error"),
        ("amount_reimbursed", "-1.00", "constraint-error"),
        ("amount_not_reimbursed", "-0.01", "constraint-error"),
        ("journey_category", "abroad", "constraint-error"),
        ("travel_class", "club", "constraint-error"),
        ("mileage", "-3", "constraint-error"),
        ("recipient", "", "constraint-error"),
        ("purpose", "", "constraint-error"),
        ("value_for_money_reasons", "", "constraint-error"),
    ],
    "invitations-to-tender": [
        ("reference", "", "constraint-error"),
        ("estimated_value", "10000.00", "constraint-error"),  # must be MORE than £10,000
        ("estimated_value", "9999.99", "constraint-error"),
        ("issued", "2026-02-30", "type-error"),
        ("closing_date", "", "constraint-error"),
        ("procurement_route", "phone-round", "constraint-error"),
        ("contact_role", "", "constraint-error"),
        ("document_url", "see the portal", "type-error"),
        ("status", "pending", "constraint-error"),
    ],
    "retention-schedule": [
        ("record_type", "", "constraint-error"),
        ("retention_period", "six years", "constraint-error"),
        ("retention_period", "6 yrs", "constraint-error"),
        ("retention_period", "about 6 years", "constraint-error"),
        ("retention_period", "permanently", "constraint-error"),
        ("action", "", "constraint-error"),
        ("authority", "", "constraint-error"),
        ("owner_role", "", "constraint-error"),
        ("published_minimum", "Permanent", "constraint-error"),
    ],
}
CASES = [(name, field, value, kind) for name, cases in BREAKS.items()
         for field, value, kind in cases]


@pytest.mark.parametrize(("name", "field", "value", "kind"), CASES,
                         ids=[f"{c[0]}-{c[1]}-{c[2] or 'empty'}" for c in CASES])
def test_a_row_breaking_a_rule_fails(tmp_path, name, field, value, kind):
    header, rows = first_rows(name)
    assert field in header
    rows = [dict(row) for row in rows[:2]]
    rows[1][field] = value
    path = write_csv(tmp_path / "broken.csv", header, rows)
    found = errors(path, schema(name))
    assert found[0] == (3, field, kind), found
    # an empty primary key is also a primary-key error, on the same row
    assert found[1:] in ([], [(3, None, "primary-key")]), found


@pytest.mark.parametrize(("name", "key"), [
    ("grants", ["grant_reference"]),
    ("office-holder-expenses", ["claim_reference", "line"]),
    ("invitations-to-tender", ["reference"]),
    ("retention-schedule", ["record_type"]),
])
def test_a_repeated_key_fails(tmp_path, name, key):
    header, rows = first_rows(name)
    repeated = dict(rows[1], **{k: rows[0][k] for k in key})
    path = write_csv(tmp_path / "repeated.csv", header, [rows[0], repeated])
    found = errors(path, schema(name))
    assert found and all(row == 3 for row, _, _ in found), found
    assert {kind for _, _, kind in found} <= {"unique-error", "primary-key"}


def test_the_optional_fields_may_be_empty(tmp_path):
    optional = {"grants": ["grant_reference", "funding_round", "charity_number",
                           "company_number", "period_from", "period_to", "payment_date"],
                "office-holder-expenses": ["details", "reason_not_reimbursed", "origin",
                                           "destination", "journey_category",
                                           "travel_class", "mileage", "nights",
                                           "hotel_category"],
                "invitations-to-tender": ["awarded_contract_reference"],
                "retention-schedule": ["published_minimum"]}
    for name, fields in optional.items():
        header, rows = first_rows(name)
        row = dict(rows[0], **dict.fromkeys(fields, ""))
        path = write_csv(tmp_path / f"{name}.csv", header, [row])
        assert errors(path, schema(name)) == [], name


# -- Redaction in the built site ------------------------------------------------------

@pytest.fixture(scope="module")
def built_example(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    root = copy_example(tmp_path_factory.mktemp("example"))
    completed = subprocess.run(
        [sys.executable, "-m", "opcc", "build", "--root", str(root), "--today", "2026-12-05"],
        capture_output=True, text=True, timeout=600, cwd=root, check=False)
    return root, completed


def test_the_example_build_reports_nothing_about_these_datasets(built_example):
    _, completed = built_example
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output
    for name in NEW:
        assert f"datasets/{name}/" not in output, output
    assert "content/policies/records-retention-and-disposal-policy.md" not in output


def test_an_individual_grant_recipient_is_masked_in_the_built_site(built_example):
    root, completed = built_example
    assert completed.returncode == 0, completed.stdout + completed.stderr
    individuals, organisations = [], []
    source_names = set()
    for path in sorted((root / "datasets" / "grants").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            source_names |= {r["recipient"] for r in csv.DictReader(handle)
                             if r["recipient_type"] == "individual"}
    assert source_names, "the example has individual recipients to mask"
    published = sorted((root / "site" / "datasets" / "grants").glob("*.csv"))
    assert len(published) == 7
    for path in published:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                (individuals if row["recipient_type"] == "individual"
                 else organisations).append(row)
    assert individuals and all(r["recipient"] == "[redacted]" for r in individuals)
    assert all(r["purpose"] and r["amount"] for r in individuals)  # the rest is published
    assert organisations and all(r["recipient"] != "[redacted]" for r in organisations)
    for path in (root / "site").rglob("*"):
        if path.suffix in (".html", ".csv", ".json", ".xml", ".txt"):
            text = path.read_text("utf-8", errors="replace")
            assert not any(name in text for name in source_names), path


def test_the_built_pages_show_the_new_datasets(built_example):
    root, completed = built_example
    assert completed.returncode == 0, completed.stdout + completed.stderr
    for name in NEW:
        page = (root / "site" / "datasets" / name / "index.html").read_text("utf-8")
        assert schema(name)["fields"][0]["title"] in page
        assert (root / "site" / "datasets" / name / "datapackage.json").is_file()
    policy = root / "site" / "policies" / "records-retention-and-disposal-policy" / "index.html"
    assert 'href="/datasets/retention-schedule/"' in policy.read_text("utf-8")
    assert not (root / "content" / "policies" / "retention-schedule.csv").exists()


def test_a_tender_of_exactly_10000_pounds_is_an_error_naming_the_row(tmp_path):
    root = copy_example(tmp_path / "site-root")
    path = root / "datasets" / "invitations-to-tender" / "invitations-to-tender-2026-10.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header, rows = list(reader.fieldnames or []), list(reader)
    rows[0]["estimated_value"] = "10000.00"
    write_csv(path, header, rows)
    completed = subprocess.run(
        [sys.executable, "-m", "opcc", "check", "--root", str(root), "--today", "2026-12-05"],
        capture_output=True, text=True, timeout=600, cwd=root, check=False)
    output = completed.stdout + completed.stderr
    assert completed.returncode == 1, output
    assert ("datasets/invitations-to-tender/invitations-to-tender-2026-10.csv:2:"
            "estimated_value: error[dataset.constraint]: value 10000.00 is below the minimum "
            "10000.01") in output
    assert "Traceback" not in output


# -- The schemas themselves -----------------------------------------------------------

@pytest.mark.parametrize("path", sorted(SCHEMAS.glob("*.json")), ids=lambda p: p.stem)
def test_each_example_schema_is_the_shipped_one(path):
    assert (SHIPPED / path.name).read_bytes() == path.read_bytes()


def test_the_new_schemas_are_shipped():
    assert {p.stem for p in SHIPPED.glob("*.json")} >= set(NEW)


@pytest.mark.parametrize("path", sorted(SCHEMAS.glob("*.json")), ids=lambda p: p.stem)
def test_the_order_is_cited_as_the_schedule_part_1(path):
    text = path.read_text("utf-8")
    assert "Schedule 1" not in text
    for value in _strings(json.loads(text)):
        if ORDER in value and "paragraph" in value:
            assert "the Schedule, Part 1, paragraph" in value, value


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def test_grants_mask_individual_recipients_and_cite_3f():
    grants = schema("grants")
    recipient = next(f for f in grants["fields"] if f["name"] == "recipient")
    assert recipient["redact"] == "mask" and recipient["when"] == {"recipient_type": "individual"}
    assert recipient["personal"] is True and "paragraph 3(f)" in recipient["lawful_basis"]
    required = {f["name"] for f in grants["fields"] if f.get("constraints", {}).get("required")}
    assert required == {"body", "award_date", "recipient", "recipient_type", "purpose",
                        "amount", "conditions", "reasons"}


def test_expenses_name_the_office_under_a_lawful_basis_and_need_3h_reasons():
    fields = {f["name"]: f for f in schema("office-holder-expenses")["fields"]}
    holder = fields["office_holder"]
    assert holder["personal"] is True and "redact" not in holder
    assert "1(d)" in holder["lawful_basis"] and "3(h)" in holder["lawful_basis"]
    for name in ("recipient", "purpose", "value_for_money_reasons"):
        assert fields[name]["constraints"]["required"] is True
    assert "cannot compare" in schema("office-holder-expenses")["description"]


def test_the_retention_schedule_resolves_the_foi_contradiction():
    path = REPO / "datasets" / "retention-schedule" / "retention-schedule.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = {r["record_type"]: r for r in csv.DictReader(handle)}
    assert rows["Freedom of information request case files"]["retention_period"] == "3 years"
    assert rows["Freedom of information request case files"]["action"] == "Destroy securely"
    assert rows["Disclosure log entries"]["retention_period"] == "Permanent"
    assert rows["Disclosure log entries"]["action"] == "Keep published"
    assert "Freedom of information requests and responses" not in rows
    for record_type in ("Crime and disorder reduction grant records", "Invitations to tender",
                        "Annual governance statement and narrative statement",
                        "Comments on HMICFRS reports", "Policy statements"):
        assert record_type in rows
    for row in rows.values():
        assert row["authority"] and row["owner_role"], row["record_type"]
        if row["retention_period"] != "Permanent":
            assert "permanent" not in row["action"].lower(), row["record_type"]
    assert rows["Statement of accounts"]["published_minimum"] == "5 years"
