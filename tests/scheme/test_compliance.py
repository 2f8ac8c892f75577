"""The publication-scheme profile, site overrides, compliance statuses, naming and the report."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from opcc.build.pipeline import BuildOptions, build_site, run_build
from opcc.checks.naming import check_name, suggest_name
from opcc.cli.main import main
from opcc.config import NamingRules, SchemeSettings
from opcc.scheme import (
    Fulfilment,
    ItemStatus,
    apply_overrides,
    assess,
    by_group,
    compliance_diagnostics,
    load_profile,
    summary_counts,
    summary_sentence,
)
from tests.conftest import MINIMAL_CONFIG

# The Specified Information Order, paragraph by paragraph (statutory-audit.md, 1.2):
# (paragraph, item ids, the classes it may be filed under, whether Part 2's timing is confirmed).
ORDER = [
    ("1(a)", ["sio-1a"], {"who-we-are"}, False),
    ("1(c)", ["sio-1c"], {"what-we-spend"}, False),
    ("1(d)", ["sio-1d"], {"what-we-spend"}, False),
    ("1(e)", ["sio-1e"], {"lists-registers"}, False),
    ("1(f)", ["sio-1f"], {"priorities"}, False),
    ("2(a)", ["sio-2a"], {"who-we-are"}, False),
    ("2(d)", ["sio-2d"], {"what-we-spend"}, False),
    ("2(e)", ["sio-2e"], {"lists-registers"}, False),
    ("2A", ["sio-2A"], {"who-we-are"}, False),
    ("3(a)", ["sio-3a"], {"what-we-spend"}, True),
    ("3(f)", ["sio-3f"], {"what-we-spend"}, True),
    ("3(g)", ["sio-3g"], {"what-we-spend"}, True),
    ("3(h)", ["sio-3h"], {"what-we-spend"}, False),
    ("4(a)", ["sio-4a"], {"what-we-spend"}, False),
    ("4(b)", ["sio-4b"], {"what-we-spend"}, False),
    ("4(c)", ["sio-4c"], {"what-we-spend"}, False),
    ("4(d)", ["sio-4d"], {"what-we-spend"}, False),
    ("5(a)", ["sio-5a-c"], {"decisions"}, False),
    ("5(d)", ["sio-5d"], {"decisions"}, False),
    ("6", ["sio-6a", "sio-6b", "sio-6c", "sio-6d"], {"policies"}, False),
    ("7", ["sio-7"], {"priorities"}, False),
    ("7A(a)", ["sio-7Aa"], {"priorities"}, False),
    ("7A(b)", ["sio-7Ab"], {"priorities"}, False),
    ("7B", ["sio-7B"], {"priorities"}, False),
    ("7C", ["sio-7C"], {"priorities"}, False),
    ("8", ["sio-8"], {"services"}, False),
]
TODAY = date(2026, 11, 25)
ORDER_TITLE = "The Elected Local Policing Bodies (Specified Information) Order 2011"


@pytest.mark.parametrize("paragraph,ids,classes,confirmed", ORDER)
def test_every_order_item_is_in_the_profile(paragraph, ids, classes, confirmed):
    profile = load_profile()
    found = [profile.item(i) for i in ids]
    assert all(found), f"no profile item for paragraph {paragraph}"
    for item in found:
        basis = item.legal_basis
        assert basis.instrument.startswith(ORDER_TITLE)
        assert basis.provision.startswith(f"the Schedule, Part 1, paragraph {paragraph}"), \
            (paragraph, basis.provision)
        assert "Schedule 1" not in str(basis)
        assert basis.source in ("primary", "secondary")
        assert item.group == "statutory"
        assert item.scheme_class in classes
        assert item.specified is not None and item.specified.paragraph.startswith(paragraph)
        assert item.timing.words
        assert item.timing.confirmed is confirmed, (paragraph, item.timing)


@pytest.mark.parametrize("item_id,words", [
    ("sio-7B", "HMICFRS's summary assessment"),
    ("pa96-s55", "within 56 days"),
    ("a11y-statement", "SI 2018/952"),
    ("aar-accounts", "regulations 9A and 10"),
])
def test_the_audit_s_corrections(item_id, words):
    item = load_profile().item(item_id)
    text = f"{item.title} {item.legal_basis} {item.timing.rule.describe()}"
    assert words.replace("within 56 days", "within 56 days of each") in text or words in text


def test_the_accounts_are_due_on_the_regulation_9a_dates():
    accounts = load_profile().item("aar-accounts")
    assert accounts.timing.confirmed and accounts.publication.min_years == 5
    assert dict(accounts.timing.rule.dates) == {
        2023: date(2025, 2, 28), 2024: date(2026, 2, 27), 2025: date(2027, 1, 31),
        2026: date(2027, 11, 30), 2027: date(2028, 11, 30)}


def test_transparency_code_items_are_good_practice_not_law():
    profile = load_profile()
    lgtc = [i for i in profile.items if i.id.startswith("lgtc-")]
    assert lgtc and all(i.group == "recommended" and not i.statutory for i in lgtc)
    statuses = assess(profile, {}, TODAY)
    assert not [d for d in compliance_diagnostics(statuses, TODAY)
                if "lgtc-" in d.message or "ico-" in d.message]


def test_adopted_good_practice_is_reported_in_its_own_group():
    settings = SchemeSettings(adopt=("lgtc-*",))
    profile, problems = apply_overrides(load_profile(), settings, {})
    assert not problems
    groups = by_group(assess(profile, {}, TODAY))
    assert {s.item.id for s in groups["adopted"]} == {
        i.id for i in profile.items if i.id.startswith("lgtc-")}
    missing = [d for d in compliance_diagnostics(assess(profile, {}, TODAY), TODAY)
               if d.code == "scheme.missing"]
    assert any("lgtc-procurement-card" in d.message for d in missing)
    _, problems = apply_overrides(load_profile(), SchemeSettings(adopt=("sio-3g",)), {})
    assert [p.code for p in problems] == ["config.scheme-item"]


def fulfil(item, updated):
    return {item: [Fulfilment("T", "/t/", "content/t.md", updated, updated, "page", 3)]}


@pytest.mark.parametrize("item,updated,status", [
    ("sio-3g", date(2026, 9, 29), "overdue"),       # September was due by 31 October
    ("sio-3g", date(2026, 10, 30), "due-soon"),     # October is due by 1 December
    ("sio-3g", date(2026, 11, 1), "published"),     # October out; November due 31 December
    ("sio-3a", date(2026, 2, 10), "published"),     # 2026/27 budget before 31 March 2026
    ("sio-3a", date(2025, 2, 10), "overdue"),       # only 2025/26's
    ("sio-1e", date(2019, 1, 1), "published"),      # on change: never overdue
    ("sio-2a", date(2025, 12, 5), "due-soon"),      # reviewed yearly: due 5 December
])
def test_statuses(item, updated, status):
    statuses = {s.item.id: s for s in assess(load_profile(), fulfil(item, updated), TODAY)}
    assert statuses[item].status == status, statuses[item]
    assert statuses["sio-3f"].status == "missing"


def test_events_start_the_section_55_clock():
    found = fulfil("pa96-s55", date(2026, 7, 1))
    events = [("hmicfrs-report", date(2026, 6, 10)), ("hmicfrs-report", date(2026, 10, 22))]
    s55 = {s.item.id: s for s in assess(load_profile(), found, date(2026, 12, 17), events)}
    assert s55["pa96-s55"].status == "overdue"
    assert s55["pa96-s55"].late == ("the HMICFRS report of 22 October 2026",)
    on_time = {s.item.id: s for s in assess(load_profile(), found, date(2026, 12, 5), events)}
    assert on_time["pa96-s55"].status == "due-soon"
    assert on_time["pa96-s55"].next_due == date(2026, 12, 16)


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
    added = profile.item("local-1")
    assert added.added_by_site and added.group == "adopted"
    assert added.timing.rule.describe() == "kept current, and reviewed every 12 months"
    changed = profile.item("sio-2e")
    assert changed.timing.rule.describe() == "each month, within 31 days of its end"
    assert "scheme.frequency: monthly" in changed.timing.source
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


def test_privacy_ceiling_warns_with_the_expiry_action_unless_held(make_site):
    page = PAGE.format(cls="lists-registers", item="sio-2e", updated="2026-10-01").replace(
        "published: 2024-01-01", "published: 2019-01-01")
    root = make_site({"content/lists-registers/gifts.md": page})
    [problem] = [d for d in run_build(BuildOptions(root, today=TODAY)).diagnostics
                 if d.code == "scheme.publication-expired"]
    assert "6 years" in problem.message and "anonymise" in problem.hint


def test_a_statutory_minimum_is_never_a_reason_to_remove(make_site):
    """The accounts must stay available for at least five years: no expiry warning, ever."""
    page = PAGE.format(cls="what-we-spend", item="aar-accounts", updated="2026-10-01").replace(
        "published: 2024-01-01", "published: 2010-01-01")
    root = make_site({"content/what-we-spend/accounts.md": page})
    codes = {d.code for d in run_build(BuildOptions(root, today=TODAY)).diagnostics}
    assert "scheme.publication-expired" not in codes


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
    assert set(document) == {"profile", "items", "summary", "groups", "scheduled"}
    item = next(i for i in document["items"] if i["id"] == "sio-3a")
    assert {k: item[k] for k in ("class", "group", "status", "last_updated", "next_due",
                                 "late", "late_since", "fulfilled_by", "timing_confirmed")} == {
        "class": "what-we-spend", "group": "statutory", "status": "overdue",
        "last_updated": "2025-01-01", "next_due": "2027-03-31",
        "late": ["the 2026/27 publication"], "late_since": "2026-03-31",
        "fulfilled_by": ["/what-we-spend/budget/"], "timing_confirmed": True}
    statutory = [i for i in document["items"] if i["group"] == "statutory"]
    assert sum(document["summary"].values()) == len(statutory)
    assert document["summary"] == document["groups"]["statutory"]
    strict = runner.invoke(main, ["report", "--root", str(root), "--today", "2026-11-25",
                                  "--strict"])
    assert strict.exit_code == 1
    assert strict.output.splitlines()[-1].startswith("What the law requires: ")
    assert "Recommended good practice, not adopted" in strict.output


def test_example_site_report_reads_right(example_site):
    result = CliRunner().invoke(main, ["report", "--root", str(example_site), "--today",
                                       "2026-12-05", "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["summary"]["published"] > 30, document["summary"]
    assert document["summary"]["missing"] == 0, [
        i["id"] for i in document["items"] if i["status"] == "missing"
        and i["group"] == "statutory"]
    items = {i["id"]: i for i in document["items"]}
    assert items["aar-accounts"]["next_due"] == "2027-11-30"  # 2025/26 published early
    assert items["sio-3g"]["late"] == [] and items["sio-3g"]["next_due"] == "2026-12-31"
    assert items["lgtc-procurement-card"]["group"] == "adopted"


def test_compliance_page_shows_the_three_groups_and_can_be_switched_off(example_site):
    result = build_site(BuildOptions(example_site, today=TODAY))
    assert result.ok, [(d.location, d.message) for d in result.diagnostics if
                       d.severity == "error"]
    html = (example_site / "site" / "publication-scheme" / "compliance" / "index.html") \
        .read_text("utf-8")
    groups = by_group(result.compliance)
    for title in ("Required by law", "Good practice this office has adopted"):
        assert title in html, title
    assert summary_sentence(groups["statutory"]) in html
    assert_sentence_agrees_with_counts(summary_sentence(groups["statutory"]),
                                       summary_counts(groups["statutory"]))
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


def test_a_record_type_missing_from_the_schedule_is_named(tmp_path):
    from opcc.scheme.retention import record_type_problems, schedule_record_types
    schedule = tmp_path / "retention-schedule.csv"
    schedule.write_text("record_type,retention_period\nInvoices and payment records,6 years\n"
                        "Policy statements,Permanent\n", "utf-8")
    record_types = schedule_record_types([tmp_path / "absent.csv", schedule])
    assert record_types == {"Invoices and payment records", "Policy statements"}
    statuses = assess(load_profile(), fulfil("sio-3a", date(2026, 2, 1)) |
                      fulfil("sio-3g", date(2026, 11, 1)), TODAY)
    problems = record_type_problems(statuses, record_types,
                                    [("content/x.md", "Policy statement", 7)])
    assert [(p.code, p.path, p.line) for p in problems] == [
        ("scheme.record-type", "site.yaml", None), ("scheme.record-type", "content/x.md", 7)]
    assert "'Budget and precept reports'" in problems[0].message  # sio-3a; sio-3g is listed
    assert "did you mean 'Policy statements'" in problems[1].message


def monthly_series(months: list[str]) -> dict[str, str]:
    resources = "".join(
        f"  - {{name: spend-{m}, path: spend-{m}.csv, title: 'spend {m}', schema: "
        f"{{fields: [{{name: payee, type: string}}, {{name: amount, type: number}}]}}}}\n"
        for m in months)
    files = {f"datasets/spend/spend-{m}.csv": "payee,amount\nNorthtown Stationers Ltd,612.50\n"
             for m in months}
    files["datasets/spend/datapackage.yaml"] = (
        "title: Spending over £500\ndescription: Every payment over £500.\n"
        "class: what-we-spend\nitem: sio-3g\npublished: 2026-01-10\nupdated: 2026-11-20\n"
        "resources:\n" + resources)
    return files


def test_a_missing_month_in_a_built_series_is_named(make_site):
    root = make_site(monthly_series(["2026-07", "2026-08", "2026-10"]))
    result = run_build(BuildOptions(root, today=date(2026, 12, 5)))
    [overdue] = [d for d in result.diagnostics if d.code == "scheme.overdue"]
    assert "September 2026" in overdue.message and "October" not in overdue.message
    assert overdue.path == "datasets/spend/datapackage.yaml"
    status = next(s for s in result.compliance if s.item.id == "sio-3g")
    assert status.late == ("September 2026",) and status.next_due == date(2026, 12, 31)
    complete = make_site(monthly_series(["2026-09", "2026-10"]))
    result = build_site(BuildOptions(complete, today=date(2026, 12, 5)))
    assert not [d for d in result.diagnostics if d.code == "scheme.overdue"]
    assert result.ok, [d.message for d in result.diagnostics if d.severity == "error"]
    page = (complete / "site" / "datasets" / "spend" / "index.html").read_text("utf-8")
    assert "31 December 2026" in page and "paragraph 3(g)" in page


def test_a_renamed_item_says_what_replaced_it(make_site):
    root = make_site({"content/decisions/record.md": PAGE.format(
        cls="decisions", item="sio-5b", updated="2026-01-01")})
    [problem] = [d for d in run_build(BuildOptions(root, today=TODAY)).diagnostics
                 if d.code == "content.item"]
    assert problem.message == "unknown scheme item 'sio-5b'"
    assert problem.hint == "the item was renamed: write 'item: sio-5d'"


def test_a_legal_hold_keeps_expired_personal_data_published_until_it_ends(make_site):
    page = PAGE.format(cls="lists-registers", item="sio-2e", updated="2026-10-01").replace(
        "published: 2024-01-01", "published: 2019-01-01\n"
        "hold: {reason: FOI-2026-0051 asks for it, until: 2027-03-31}")
    root = make_site({"content/lists-registers/gifts.md": page})
    codes = {d.code for d in run_build(BuildOptions(root, today=TODAY)).diagnostics}
    assert "scheme.publication-expired" not in codes
    later = run_build(BuildOptions(root, today=date(2027, 4, 1))).diagnostics
    assert "scheme.publication-expired" in {d.code for d in later}


def test_a_page_s_own_publication_period_overrides_the_item_s(make_site):
    page = PAGE.format(cls="lists-registers", item="sio-2e", updated="2026-10-01").replace(
        "published: 2024-01-01", "published: 2019-01-01\n"
        "publication: {max_years: 10, on_expiry: archive}")
    root = make_site({"content/lists-registers/gifts.md": page})
    codes = {d.code for d in run_build(BuildOptions(root, today=TODAY)).diagnostics}
    assert "scheme.publication-expired" not in codes


def test_events_in_front_matter_start_the_duties_of_other_items(make_site):
    report = PAGE.format(cls="priorities", item="sio-7B", updated="2026-10-25").replace(
        "updated: 2026-10-25", "updated: 2026-10-25\n"
        "events: {hmicfrs-peel: 2026-10-22, hmicfrs-report: [2026-06-10]}")
    comments = PAGE.format(cls="priorities", item="pa96-s55", updated="2026-07-01")
    root = make_site({"content/priorities/peel.md": report,
                      "content/priorities/comments.md": comments})
    result = run_build(BuildOptions(root, today=date(2026, 12, 17)))
    status = next(s for s in result.compliance if s.item.id == "pa96-s55")
    assert status.status == "overdue"
    assert status.late == ("the HMICFRS PEEL report of 22 October 2026",)
    [warning] = [d for d in result.diagnostics if d.code == "scheme.overdue"]
    assert warning.path == "content/priorities/comments.md"
    assert "was due by 2026-12-16" in warning.message


@pytest.mark.parametrize("key,code", [
    ("events: {hmicfrs-report: soon}", "content.events"),
    ("events: [2026-10-22]", "content.events"),
    ("hold: {reason: open request}", "content.hold"),
    ("publication: {max_years: 2, min_years: 5, on_expiry: archive}", "content.publication"),
    ("superseded: {on: 2020-01-01, by: /a/}", "content.superseded"),
])
def test_bad_records_keys_are_errors_at_their_line(make_site, key, code):
    page = PAGE.format(cls="priorities", item="sio-7B", updated="2026-10-25").replace(
        "updated: 2026-10-25", f"updated: 2026-10-25\n{key}")
    root = make_site({"content/priorities/peel.md": page})
    found = [d for d in run_build(BuildOptions(root, today=TODAY)).diagnostics
             if d.code == code]
    assert found and found[0].line == 8 and found[0].hint, found
