"""The publication-scheme profile, site overrides, compliance statuses, naming and the report."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from opcc.build.pipeline import BuildOptions, build_site, run_build
from opcc.checks.naming import check_name, suggest_name
from opcc.scheme import (
    FREQUENCIES,
    Fulfilment,
    ItemStatus,
    add_months,
    apply_overrides,
    assess,
    load_profile,
    next_due,
    summary_counts,
    summary_sentence,
)
from opcc.cli.main import main
from opcc.config import NamingRules, SchemeSettings
from tests.conftest import MINIMAL_CONFIG

# The Specified Information Order table of ../shared/reference/domain.md, section 2:
# (paragraph, classes the item may be filed under, frequency where the Order's timing is
# confirmed, else None).
ORDER = [
    ("1(a)–(b)", ["sio-1a"], {"who-we-are"}, None),
    ("1(c)", ["sio-1c"], {"what-we-spend"}, None),
    ("1(d)", ["sio-1d"], {"what-we-spend"}, None),
    ("1(e)", ["sio-1e"], {"lists-registers"}, None),
    ("1(f)", ["sio-1f"], {"priorities"}, None),
    ("2(a)–(c)", ["sio-2a"], {"who-we-are"}, None),
    ("2(d)", ["sio-2d"], {"what-we-spend"}, None),
    ("2(e)", ["sio-2e"], {"lists-registers"}, None),
    ("2A", ["sio-2A"], {"who-we-are"}, None),
    ("3(a)–(e)", ["sio-3a"], {"what-we-spend"}, "annually"),
    ("3(f)", ["sio-3f"], {"what-we-spend"}, "monthly"),
    ("3(g)", ["sio-3g"], {"what-we-spend"}, "monthly"),
    ("3(h)", ["sio-3h"], {"what-we-spend"}, None),
    ("4(a)", ["sio-4a"], {"what-we-spend"}, None),
    ("4(b)–(c)", ["sio-4b"], {"what-we-spend"}, None),
    ("4(d)", ["sio-4d"], {"what-we-spend"}, None),
    ("5", ["sio-5a", "sio-5b"], {"decisions"}, None),
    ("6", ["sio-6"], {"policies"}, None),
    ("7", ["sio-7"], {"priorities"}, None),
    ("7A", ["sio-7A"], {"priorities"}, None),
    ("7B", ["sio-7B"], {"priorities"}, None),
    ("7C", ["sio-7C"], {"priorities"}, None),
    ("8", ["sio-8"], {"priorities", "services"}, None),
]
TODAY = date(2026, 11, 25)


@pytest.mark.parametrize("paragraph,ids,classes,frequency", ORDER)
def test_every_order_item_is_in_the_profile(paragraph, ids, classes, frequency):
    profile = load_profile()
    found = [profile.item(i) for i in ids]
    assert all(found), f"no profile item for paragraph {paragraph}"
    for item in found:
        first = paragraph.split("–")[0]
        number = first.split("(")[0]
        assert item.legal_basis.startswith("SIO 2011, the Schedule, Part 1, paragraph")
        assert f"paragraph {number}" in item.legal_basis, (paragraph, item.legal_basis)
        assert item.scheme_class in classes
        assert item.frequency in FREQUENCIES
        assert item.kind in ("page", "dataset")
        assert item.retention is not None and item.retention.action
        if frequency:
            assert item.frequency == frequency and item.timing_confirmed
    if frequency is None:
        assert any(not i.timing_confirmed for i in found), \
            f"{paragraph}: an unconfirmed timing must say timing_confirmed: false"


def test_profile_ids_are_unique_and_classes_known():
    profile = load_profile()
    ids = [i.id for i in profile.items]
    assert len(ids) == len(set(ids))
    assert {i.scheme_class for i in profile.items} == set(profile.class_slugs)


@pytest.mark.parametrize("start,months,expected", [
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
    (date(2024, 2, 29), 12, date(2025, 2, 28)),
    (date(2025, 11, 30), 3, date(2026, 2, 28)),
    (date(2025, 12, 15), 1, date(2026, 1, 15)),
])
def test_add_months_clamps_to_month_end(start, months, expected):
    assert add_months(start, months) == expected


def fulfil(item, updated):
    return {item: [Fulfilment("T", "/t/", "content/t.md", updated, updated, "page", 3)]}


@pytest.mark.parametrize("item,updated,status", [
    ("sio-3g", date(2026, 10, 25), "due-soon"),     # monthly: due 25 Nov, today
    ("sio-3g", date(2026, 10, 24), "overdue"),      # due 24 Nov, a day late
    ("sio-3g", date(2026, 11, 9), "due-soon"),      # due 9 Dec: 14 days away
    ("sio-3g", date(2026, 11, 10), "published"),    # due 10 Dec: 15 days away
    ("sio-2e", date(2026, 8, 31), "due-soon"),      # quarterly: 30 Nov (month end)
    ("sio-2e", date(2026, 8, 24), "overdue"),       # quarterly: 24 Nov
    ("sio-3a", date(2025, 12, 10), "published"),    # annual: due 10 Dec 2026
    ("sio-3a", date(2025, 11, 25), "due-soon"),     # annual: due today
    ("sio-3a", date(2025, 11, 24), "overdue"),
    ("sio-1e", date(2019, 1, 1), "published"),      # as-needed: never overdue
])
def test_statuses(item, updated, status):
    statuses = {s.item.id: s for s in assess(load_profile(), fulfil(item, updated), TODAY)}
    assert statuses[item].status == status
    assert statuses["sio-3f"].status == "missing"


def test_leap_year_due_date():
    assert next_due(date(2024, 2, 29), "annually") == date(2025, 2, 28)
    status = assess(load_profile(), fulfil("sio-3a", date(2024, 2, 29)), date(2025, 2, 28))
    assert {s.item.id: s.status for s in status}["sio-3a"] == "due-soon"


def test_not_applicable_needs_a_reason():
    settings = SchemeSettings(not_applicable={"sio-4a": "The office owns no land.",
                                              "sio-8": "  "})
    profile, problems = apply_overrides(load_profile(), settings, {})
    assert [p.code for p in problems] == ["config.scheme-reason"]
    statuses = {s.item.id: s for s in assess(profile, {}, TODAY)}
    assert statuses["sio-4a"].status == "not-applicable"
    assert statuses["sio-4a"].reason == "The office owns no land."
    assert statuses["sio-8"].status == "missing"


def test_overrides_add_items_and_change_frequency():
    settings = SchemeSettings(
        add=({"id": "local-1", "title": "Community safety survey", "class": "priorities",
              "frequency": "annually"},),
        frequency={"sio-2e": "monthly", "sio-nope": "monthly"})
    profile, problems = apply_overrides(load_profile(), settings, {})
    assert profile.item("local-1").added_by_site
    assert profile.item("sio-2e").frequency == "monthly"
    assert [p.message for p in problems] == ["unknown item 'sio-nope'"] or \
        problems[0].message.startswith("unknown item 'sio-nope'")


def test_malformed_override_is_a_config_error_with_exit_2(make_site):
    config = MINIMAL_CONFIG + "scheme:\n  frequency: {sio-3g: weekly}\n"
    root = make_site(config=config)
    result = CliRunner().invoke(main, ["check", "--root", str(root)])
    assert result.exit_code == 2
    assert "site.yaml:9:23: error[config.scheme-frequency]: unknown frequency 'weekly'" \
        in result.output


PAGE = """---
title: Spending
summary: Our spending.
class: {cls}
item: {item}
published: 2024-01-01
updated: {updated}
---
Text.
"""


def test_item_of_another_class_names_both_classes(make_site):
    root = make_site({"content/who-we-are/spend.md": PAGE.format(
        cls="who-we-are", item="sio-3a", updated="2026-01-01")})
    [problem] = [d for d in run_build(BuildOptions(root, today=TODAY)).diagnostics
                 if d.severity == "error"]
    assert problem.code == "content.item" and problem.line == 5
    assert "'what-we-spend' (What we spend and how we spend it)" in problem.message
    assert "'who-we-are' (Who we are and what we do)" in problem.message


def test_unknown_item_has_did_you_mean(make_site):
    root = make_site({"content/what-we-spend/spend.md": PAGE.format(
        cls="what-we-spend", item="sio-3gg", updated="2026-01-01")})
    [problem] = [d for d in run_build(BuildOptions(root, today=TODAY)).diagnostics
                 if d.severity == "error"]
    assert "did you mean 'sio-3g'" in problem.message


def test_missing_and_overdue_are_warnings_and_errors_when_strict(make_site):
    root = make_site({"content/what-we-spend/budget.md": PAGE.format(
        cls="what-we-spend", item="sio-3a", updated="2025-01-01")})
    result = run_build(BuildOptions(root, today=TODAY))
    codes = {d.code: d.severity for d in result.diagnostics}
    assert codes["scheme.missing"] == "warning" and codes["scheme.overdue"] == "warning"
    overdue = next(d for d in result.diagnostics if d.code == "scheme.overdue")
    assert (overdue.path, overdue.line) == ("content/what-we-spend/budget.md", 5)
    strict = run_build(BuildOptions(root, today=TODAY, strict=True))
    assert not strict.ok


def test_retention_warning_names_the_disposal_action(make_site):
    page = PAGE.format(cls="what-we-spend", item="sio-3h", updated="2026-10-01").replace(
        "published: 2024-01-01", "published: 2019-01-01")
    root = make_site({"content/what-we-spend/travel.md": page})
    [problem] = [d for d in run_build(BuildOptions(root, today=TODAY)).diagnostics
                 if d.code == "scheme.retention"]
    assert "6 years" in problem.message and "Destroy securely" in problem.hint


@pytest.mark.parametrize("name,suggested", [
    ("Budget FINAL new (2).docx", "budget-2.docx"),
    ("minutes_2025_04_01.pdf", "2025-04-01-minutes.pdf"),
    ("Minutes 1 April 2025.pdf", "2025-04-01-minutes.pdf"),
    ("report-03-02-2026.pdf", "2026-02-03-report.pdf"),
    ("2026-02-17-decision-budget-v1.0.pdf", "2026-02-17-decision-budget-v1.0.pdf"),
    ("spend-2025-04.csv", "spend-2025-04.csv"),
])
def test_suggested_names(name, suggested):
    assert suggest_name(name, NamingRules()) == suggested


def test_naming_warnings_carry_the_suggestion():
    [problem] = check_name("content/policies/Whistleblowing Policy.pdf", NamingRules())
    assert problem.code == "content.naming" and problem.severity == "warning"
    assert "whistleblowing-policy.pdf" in problem.hint
    [problem] = check_name("content/policies/plan.exe", NamingRules())
    assert "not in the naming convention" in problem.message


def test_naming_checked_on_attachments_in_a_build(make_site):
    page = PAGE.format(cls="what-we-spend", item="sio-3a", updated="2026-10-01").replace(
        "updated: 2026-10-01", "updated: 2026-10-01\nattachments:\n"
        "  - {file: Budget_Report.pdf, title: Budget}")
    root = make_site({"content/what-we-spend/budget.md": page,
                      "content/what-we-spend/Budget_Report.pdf": b"%PDF-1.4"})
    naming = [d for d in run_build(BuildOptions(root, today=TODAY)).diagnostics
              if d.code == "content.naming"]
    assert naming and "budget-report.pdf" in naming[0].hint


def test_report_json_and_exit_codes(make_site):
    root = make_site({"content/what-we-spend/budget.md": PAGE.format(
        cls="what-we-spend", item="sio-3a", updated="2025-01-01")})
    runner = CliRunner()
    result = runner.invoke(main, ["report", "--root", str(root), "--today", "2026-11-25",
                                  "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert set(document) == {"items", "summary", "scheduled"}
    item = next(i for i in document["items"] if i["id"] == "sio-3a")
    assert {k: item[k] for k in ("class", "status", "last_updated", "next_due",
                                 "fulfilled_by")} == {
        "class": "what-we-spend", "status": "overdue", "last_updated": "2025-01-01",
        "next_due": "2026-01-01", "fulfilled_by": ["/what-we-spend/budget/"]}
    assert sum(document["summary"].values()) == len(document["items"])
    strict = runner.invoke(main, ["report", "--root", str(root), "--today", "2026-11-25",
                                  "--strict"])
    assert strict.exit_code == 1
    assert "of" in strict.output.splitlines()[-1] and "overdue" in strict.output


def test_example_site_report_shows_every_status(example_site):
    result = CliRunner().invoke(main, ["report", "--root", str(example_site), "--today",
                                       "2026-11-25", "--format", "json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)["summary"]
    assert all(summary[s] >= 1 for s in ("published", "due-soon", "overdue", "missing",
                                         "not-applicable")), summary
    assert summary["published"] > 25


def test_compliance_page_renders_every_status_and_can_be_switched_off(example_site):
    result = build_site(BuildOptions(example_site, today=TODAY))
    assert result.ok, [(d.location, d.message) for d in result.diagnostics if
                       d.severity == "error"]
    html = (example_site / "site" / "publication-scheme" / "compliance" / "index.html") \
        .read_text("utf-8")
    for label in ("Up to date", "Due soon", "Overdue", "Missing", "Not applicable"):
        assert f">{label}</strong>" in html, label
    assert summary_sentence(result.compliance) in html
    assert_sentence_agrees_with_counts(summary_sentence(result.compliance),
                                       summary_counts(result.compliance))
    guide = (example_site / "site" / "publication-scheme" / "index.html").read_text("utf-8")
    assert "Not applicable: The office has fewer than 50 staff" in guide
    config = example_site / "site.yaml"
    config.write_text(config.read_text("utf-8").replace(
        "  profile: opcc\n", "  profile: opcc\n  compliance_page: false\n"), "utf-8")
    assert build_site(BuildOptions(example_site, today=TODAY)).ok
    assert not (example_site / "site" / "publication-scheme" / "compliance").exists()


def assert_sentence_agrees_with_counts(sentence: str, counts: dict[str, int]) -> None:
    """Every number the sentence gives is a count shown beside it, or their sum."""
    published = counts["published"] + counts["due-soon"] + counts["overdue"]
    required = sum(counts.values()) - counts["not-applicable"]
    assert sentence.startswith(f"{published} of {required} items published"), sentence
    for status, words in (("published", "up to date"), ("due-soon", "due soon"),
                          ("overdue", "overdue"), ("missing", "missing"),
                          ("not-applicable", "not applicable")):
        if counts[status]:
            assert f"{counts[status]} {words}" in sentence, (status, sentence)
        else:
            assert words not in sentence, (status, sentence)


@pytest.mark.parametrize("counts", [
    {"published": 34, "due-soon": 1, "overdue": 2, "missing": 2, "not-applicable": 1},
    {"published": 0, "due-soon": 0, "overdue": 0, "missing": 5, "not-applicable": 0},
    {"published": 3, "due-soon": 0, "overdue": 0, "missing": 0, "not-applicable": 2},
])
def test_summary_sentence_never_contradicts_the_counts(counts):
    profile = load_profile("opcc")
    items = iter(profile.items)
    statuses = [ItemStatus(next(items), status, None, None, ())
                for status, number in counts.items() for _ in range(number)]
    assert summary_counts(statuses) == counts
    assert_sentence_agrees_with_counts(summary_sentence(statuses), counts)
