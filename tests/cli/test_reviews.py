"""`opcc report --reviews`: review, disposal and legal-hold dates by owner role, as text,
CSV, JSON and iCalendar (parsed back with the icalendar library)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from click.testing import CliRunner
from icalendar import Calendar

from opcc.cli.main import main

TODAY = "2026-11-25"
BASE = "https://opcc.example.org"

PAGE = """\
---
title: {title}
summary: A page of the office.
class: {cls}
published: {published}
{extra}
---
Text.
"""


def page(title: str, extra: str = "", cls: str = "policies",
         published: str = "2024-04-01") -> str:
    return PAGE.format(title=title, cls=cls, published=published, extra=extra)


FILES = {
    "content/policies/security.md": page(
        "Information security policy", "review: 2027-03-31\nowner: Head of Information Governance"),
    "content/policies/conduct.md": page(
        "Code of conduct", "review: 2026-06-02\nowner: Chief Executive"),
    "content/policies/checked.md": page(  # reviewed on time: no date left to act on
        "Whistleblowing policy", "review: 2026-05-11\nreviewed: 2026-05-11\n"
        "owner: Chief Executive"),
    "content/policies/naming.md": page(
        "Document naming convention", "review: 2027-01-31\nowner: Chief Executive"),
    "content/policies/no-owner.md": page("Acceptable use", "review: 2027-02-01"),
    # a register page with its own privacy ceiling, held past it
    "content/lists-registers/gifts.md": page(
        "Gifts and hospitality 2020", "owner: Monitoring Officer\n"
        "publication: {max_years: 6, on_expiry: anonymise}\n"
        "hold: {reason: FOI-2026-0051 asks for it, until: 2027-03-31}",
        cls="lists-registers", published="2021-01-15"),
    # a ceiling without a hold
    "content/lists-registers/interests.md": page(
        "Register of interests 2023", "owner: Monitoring Officer\n"
        "publication: {max_years: 6, on_expiry: unpublish}",
        cls="lists-registers", published="2023-05-31"),
    # a superseded page: no review, it is in the archive
    "content/policies/strategy.md": page("Records strategy", "review: 2027-04-01\n"
                                         "owner: Chief Executive"),
    "content/policies/strategy-2023.md": page(
        "Records strategy 2023", "review: 2025-03-31\nowner: Chief Executive\n"
        "superseded: {on: 2025-04-01, by: strategy.md}", published="2023-04-03"),
}


def report(root, *options: str):
    return CliRunner().invoke(main, ["report", "--root", str(root), "--today", TODAY,
                                     *options], catch_exceptions=False)


@pytest.fixture
def site(make_site):
    return make_site(FILES)


def csv_rows(output: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(output)))


def test_csv_lists_reviews_disposals_and_holds_by_owner_then_date(site):
    run = report(site, "--reviews", "--format", "csv")
    assert run.exit_code == 0, run.output
    assert run.stdout.splitlines()[0] == "owner_role,date,kind,title,url,source"
    rows = [(r["owner_role"], r["date"], r["kind"], r["title"]) for r in csv_rows(run.stdout)]
    assert rows == [
        ("Chief Executive", "2026-06-02", "review", "Code of conduct"),
        ("Chief Executive", "2027-01-31", "review", "Document naming convention"),
        ("Chief Executive", "2027-04-01", "review", "Records strategy"),
        ("Head of Information Governance", "2027-03-31", "review",
         "Information security policy"),
        # held past its ceiling (2027-01-15): disposed of when the hold ends
        ("Monitoring Officer", "2027-03-31", "hold-ends", "Gifts and hospitality 2020"),
        ("Monitoring Officer", "2027-03-31", "disposal", "Gifts and hospitality 2020"),
        ("Monitoring Officer", "2029-05-31", "disposal", "Register of interests 2023"),
        ("No owner", "2027-02-01", "review", "Acceptable use"),
    ]
    first = csv_rows(run.stdout)[0]
    assert first["url"] == f"{BASE}/policies/conduct/"
    assert first["source"] == "content/policies/conduct.md"


def test_the_text_report_groups_by_owner_and_marks_passed_dates(site):
    run = report(site, "--reviews")
    assert run.exit_code == 0, run.output
    lines = run.stdout.splitlines()
    owners = [line for line in lines if line and not line.startswith(" ")]
    assert owners == ["Chief Executive: 3 dates, 1 passed",
                      "Head of Information Governance: 1 date",
                      "Monitoring Officer: 3 dates", "No owner: 1 date",
                      "8 dates for 4 owner roles; today is 2026-11-25"]
    assert "  2026-06-02  review     Code of conduct  (passed)" in lines
    assert any("anonymise: published 2021-01-15, for at most 6 years; held until 2027-03-31"
               in line for line in lines)
    assert any("legal hold: FOI-2026-0051 asks for it" in line for line in lines)


def test_the_calendar_has_one_all_day_event_per_date_with_stable_uids(site):
    run = report(site, "--reviews", "--format", "ics")
    assert run.exit_code == 0, run.output
    calendar = Calendar.from_ical(run.stdout)
    events = calendar.walk("VEVENT")
    rows = csv_rows(report(site, "--reviews", "--format", "csv").stdout)
    assert len(events) == len(rows) == 8
    by_summary = {str(e["SUMMARY"]): e for e in events}
    review = by_summary["Review: Information security policy"]
    assert review.decoded("DTSTART") == date(2027, 3, 31)  # a date: an all-day event
    assert review.decoded("DTEND") == date(2027, 4, 1)
    assert str(review["UID"]) == "policies/security/review/2027-03-31@opcc.example.org"
    assert str(review["URL"]) == f"{BASE}/policies/security/"
    assert "Owner: Head of Information Governance" in str(review["DESCRIPTION"])
    assert "Disposal: Register of interests 2023" in by_summary
    assert "Hold ends: Gifts and hospitality 2020" in by_summary
    assert len({str(e["UID"]) for e in events}) == 8
    again = Calendar.from_ical(report(site, "--reviews", "--format", "ics").stdout)
    assert [str(e["UID"]) for e in again.walk("VEVENT")] == [str(e["UID"]) for e in events]
    assert run.stdout == report(site, "--reviews", "--format", "ics").stdout


def test_json(site):
    run = report(site, "--reviews", "--format", "json")
    document = json.loads(run.stdout)
    assert document["today"] == TODAY and len(document["dates"]) == 8
    assert set(document["dates"][0]) == {"owner_role", "date", "kind", "title", "url",
                                         "source", "note"}


@pytest.mark.parametrize("options,words", [
    (["--format", "csv"], "opcc report --reviews --format csv"),
    (["--format", "ics"], "opcc report --reviews --format ics"),
    (["--reviews", "--format", "github"], "not a format of opcc report --reviews"),
])
def test_formats_that_do_not_fit_are_usage_errors(site, options, words):
    run = report(site, *options)
    assert run.exit_code == 2 and words in run.output, run.output


def test_a_site_with_errors_still_lists_its_dates_and_exits_1(make_site):
    root = make_site({**FILES, "content/policies/broken.md": page("Broken", "class: nope")})
    run = report(root, "--reviews", "--format", "csv")
    assert run.exit_code == 1
    assert "error[" in run.stderr
    assert len(csv_rows(run.stdout)) == 8


def test_a_site_without_dates_says_so(make_site):
    run = report(make_site(), "--reviews")
    assert run.exit_code == 0 and "No review, disposal or legal hold dates" in run.stdout


def test_the_example_site_calendar(example_site):
    run = report(example_site, "--reviews", "--format", "ics")
    assert run.exit_code == 0, run.output
    events = Calendar.from_ical(run.stdout).walk("VEVENT")
    summaries = {str(e["SUMMARY"]) for e in events}
    assert "Review: Information security policy" in summaries
    assert not any("2023 to 2025" in s for s in summaries if s.startswith("Review"))
    assert all(str(e["UID"]).endswith("@www.northshire-opcc.example.org") for e in events)
