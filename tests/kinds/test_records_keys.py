"""The records-management keys of a page's front matter (kinds/record_keys.py and the
archive address in kinds/pages.py): events, publication, record_type, hold and
superseded, each good and bad, through the real `opcc check` (every bad value is a
content.* error at its line, with a hint, and never a traceback)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from opcc.cli.main import main
from opcc.kinds.pages import load_content
from opcc.kinds.record_keys import Hold, Superseded
from opcc.scheme import load_profile
from opcc.scheme.model import Publication

TODAY = "2026-11-25"
SLUGS = load_profile().class_slugs

PAGE = """\
---
title: {title}
summary: A page about the office's records.
class: policies
published: 2024-04-01
owner: Chief Executive
{extra}
---
Text.
"""
KEY_LINE = 7  # the line {extra} starts on


def page(extra: str = "", title: str = "Records strategy") -> str:
    return PAGE.format(title=title, extra=extra)


def check(root, today: str = TODAY) -> tuple[int, list[dict]]:
    """`opcc check --format json` on the site: (exit code, its diagnostics)."""
    run = CliRunner().invoke(main, ["check", "--root", str(root), "--format", "json",
                                    "--today", today], catch_exceptions=False)
    assert "Traceback" not in run.output
    return run.exit_code, json.loads(run.stdout)["diagnostics"]


def coded(diagnostics: list[dict], code: str) -> list[dict]:
    return [d for d in diagnostics if d["code"] == code]


def loaded(root):
    return {p.source: p for p in load_content(root, SLUGS, date.fromisoformat(TODAY)).pages}


# -- events --------------------------------------------------------------------------

def test_events_are_read_sorted_as_name_and_date(make_site):
    root = make_site({"content/policies/peel.md": page(
        "events:\n  hmicfrs-report: [2026-10-22, 2026-03-02]\n  public-meeting: 2026-09-10")})
    code, diagnostics = check(root)
    assert code == 0, diagnostics
    assert loaded(root)["content/policies/peel.md"].events == (
        ("hmicfrs-report", date(2026, 3, 2)), ("hmicfrs-report", date(2026, 10, 22)),
        ("public-meeting", date(2026, 9, 10)))


@pytest.mark.parametrize("extra,message,line", [
    ("events: [2026-10-22]", "'events' should map each event to its dates", KEY_LINE),
    ("events: hmicfrs-report", "'events' should map each event to its dates", KEY_LINE),
    ("events: {HMICFRS_Report: 2026-10-22}", "'HMICFRS_Report' is not an event name",
     KEY_LINE),
    ("events:\n  hmicfrs-report: soon", ("event 'hmicfrs-report' has 'soon', which is not a "
     "date"), KEY_LINE + 1),
    ("events:\n  hmicfrs-report: [2026-10-22, 2026-13-01]", ("event 'hmicfrs-report' has "
     "'2026-13-01', which is not a date"), KEY_LINE + 1),
    ("events: {public-meeting: {on: 2026-10-22}}", "which is not a date", KEY_LINE),
])
def test_bad_events_are_errors_at_their_line(make_site, extra, message, line):
    root = make_site({"content/policies/peel.md": page(extra)})
    code, diagnostics = check(root)
    [found] = coded(diagnostics, "content.events")
    assert code == 1
    assert message in found["message"] and found["line"] == line and found["hint"], found
    assert found["path"] == "content/policies/peel.md"


# -- publication ---------------------------------------------------------------------

@pytest.mark.parametrize("extra,expected", [
    ("publication: {min_years: 5}", Publication(5, None, None)),
    ("publication: {max_years: 6, on_expiry: anonymise}", Publication(None, 6, "anonymise")),
    ("publication:\n  min_years: 2\n  max_years: 6\n  on_expiry: archive",
     Publication(2, 6, "archive")),
])
def test_publication_periods_are_read(make_site, extra, expected):
    root = make_site({"content/policies/register.md": page(extra)})
    code, diagnostics = check(root)
    assert code == 0, diagnostics
    assert loaded(root)["content/policies/register.md"].publication == expected


@pytest.mark.parametrize("extra,words", [
    ("publication: {min_years: 6, max_years: 2, on_expiry: archive}", "max_years"),
    ("publication: {on_expiry: archive}", "max_years"),
    ("publication: {max_years: 6}", "on_expiry"),
    ("publication: {max_years: 6, on_expiry: shred}", "must be one of archive"),
    ("publication: {max_years: six, on_expiry: archive}", "max_years"),
    ("publication: {max_years: 6, on_expiry: archive, keep: true}",
     "takes min_years, max_years and on_expiry"),
    ("publication: 6", "takes min_years, max_years and on_expiry"),
])
def test_bad_publication_periods_are_errors(make_site, extra, words):
    root = make_site({"content/policies/register.md": page(extra)})
    code, diagnostics = check(root)
    found = coded(diagnostics, "content.publication")
    assert code == 1 and found, diagnostics
    assert words in found[0]["message"] and found[0]["line"] == KEY_LINE, found
    assert "on_expiry" in found[0]["hint"]


# -- record_type ---------------------------------------------------------------------

def test_record_type_is_read(make_site):
    root = make_site({"content/policies/register.md": page(
        "record_type: Registers of interests")})
    code, diagnostics = check(root)
    assert code == 0, diagnostics
    assert loaded(root)["content/policies/register.md"].record_type == \
        "Registers of interests"


def test_record_type_must_be_text(make_site):
    root = make_site({"content/policies/register.md": page("record_type: [a, b]")})
    code, diagnostics = check(root)
    assert code == 1
    [found] = [d for d in diagnostics if d["severity"] == "error"]
    assert found["line"] == KEY_LINE and "record_type" in found["message"], found


# -- hold ----------------------------------------------------------------------------

def test_a_hold_is_read_with_its_reason_and_end(make_site):
    root = make_site({"content/policies/register.md": page(
        "hold: {reason: 'FOI-2026-0051   is open', until: 2027-03-31}")})
    code, diagnostics = check(root)
    assert code == 0, diagnostics
    assert loaded(root)["content/policies/register.md"].hold == \
        Hold("FOI-2026-0051 is open", date(2027, 3, 31))


@pytest.mark.parametrize("extra", [
    "hold: {reason: FOI-2026-0051 is open}",
    "hold: {until: 2027-03-31}",
    "hold: {reason: '', until: 2027-03-31}",
    "hold: {reason: open, until: next spring}",
    "hold: true",
    "hold: [FOI-2026-0051, 2027-03-31]",
])
def test_a_hold_needs_a_reason_and_a_date(make_site, extra):
    root = make_site({"content/policies/register.md": page(extra)})
    code, diagnostics = check(root)
    [found] = coded(diagnostics, "content.hold")
    assert code == 1 and found["line"] == KEY_LINE, found
    assert "reason" in found["message"] and "until" in found["hint"]


# -- superseded ----------------------------------------------------------------------

NEW = page(title="Records strategy 2025").replace("2024-04-01", "2025-04-01")


@pytest.mark.parametrize("by", [
    "/policies/records-strategy-2025/",
    "policies/records-strategy-2025",
    "records-strategy-2025.md",
    "/policies/records-strategy-2025.md",
    "content/policies/records-strategy-2025.md",
])
def test_superseded_names_the_new_page_by_address_or_file(make_site, by):
    root = make_site({"content/policies/records-strategy-2025.md": NEW,
                      "content/policies/records-strategy.md": page(
                          f"superseded: {{on: 2025-04-01, by: '{by}'}}")})
    code, diagnostics = check(root)
    assert code == 0, diagnostics
    old = loaded(root)["content/policies/records-strategy.md"]
    assert old.superseded == Superseded(date(2025, 4, 1), by)
    assert old.url == "/archive/policies/records-strategy/"
    assert [r.url for r in old.redirect_from] == ["/policies/records-strategy/"]
    assert old.redirect_from[0].line == KEY_LINE


def test_a_superseded_page_keeps_its_other_old_addresses(make_site):
    root = make_site({"content/policies/records-strategy-2025.md": NEW,
                      "content/policies/records-strategy.md": page(
                          "redirect_from: [policies/strategy/]\n"
                          "superseded: {on: 2025-04-01, by: records-strategy-2025.md}")})
    code, diagnostics = check(root)
    assert code == 0, diagnostics
    old = loaded(root)["content/policies/records-strategy.md"]
    assert [r.url for r in old.redirect_from] == ["/policies/strategy/",
                                                  "/policies/records-strategy/"]


DRAFT = NEW.replace("owner: Chief Executive", "owner: Chief Executive\ndraft: true")
SCHEDULED = NEW.replace("2025-04-01", "2027-01-04")


@pytest.mark.parametrize("superseded,others,words", [
    ("superseded: {on: 2025-04-01}", {}, "needs the date and the page"),
    ("superseded: {by: /policies/records-strategy-2025/}", {}, "needs the date and the page"),
    ("superseded: {on: 1 April 2025, by: /policies/x/}", {}, "needs the date and the page"),
    ("superseded: yes", {}, "needs the date and the page"),
    ("superseded: {on: 2025-04-01, by: /policies/no-such-page/}", {},
     "not a page of this site"),
    ("superseded: {on: 2025-04-01, by: 'https://example.org/new/'}", {},
     "not a page of this site"),
    ("superseded: {on: 2025-04-01, by: records-strategy-2025.md}",
     {"content/policies/records-strategy-2025.md": DRAFT}, "not published yet"),
    ("superseded: {on: 2025-04-01, by: records-strategy-2025.md}",
     {"content/policies/records-strategy-2025.md": SCHEDULED}, "not published yet"),
    ("superseded: {on: 2025-04-01, by: records-strategy.md}", {},
     "cannot be superseded by itself"),
    ("superseded: {on: 2023-01-01, by: records-strategy-2025.md}",
     {"content/policies/records-strategy-2025.md": NEW}, "before the page was published"),
    ("superseded: {on: 2024-05-01, by: records-strategy-2025.md}",
     {"content/policies/records-strategy-2025.md": NEW},
     ("before the page that replaced it (content/policies/records-strategy-2025.md) was "
     "published on 2025-04-01")),
    ("superseded: {on: 2026-12-01, by: records-strategy-2025.md}",
     {"content/policies/records-strategy-2025.md": NEW}, "which is after today"),
])
def test_bad_superseded_is_an_error_at_its_line(make_site, superseded, others, words):
    root = make_site({**others, "content/policies/records-strategy.md": page(superseded)})
    code, diagnostics = check(root)
    found = coded(diagnostics, "content.superseded")
    assert code == 1 and len(found) == 1, diagnostics
    assert words in found[0]["message"], found
    assert found[0]["path"] == "content/policies/records-strategy.md"
    assert found[0]["line"] == KEY_LINE and found[0]["hint"]


def test_an_index_page_cannot_be_superseded(make_site):
    root = make_site({"content/policies/records-strategy-2025.md": NEW,
                      "content/policies/index.md": "---\ntitle: Policies\nsuperseded: "
                      "{on: 2025-04-01, by: records-strategy-2025.md}\n---\nText.\n"})
    code, diagnostics = check(root)
    [found] = coded(diagnostics, "content.superseded")
    assert code == 1 and "index page" in found["message"] and found["line"] == 3


def test_archive_is_reserved_once_a_page_is_archived(make_site):
    files = {"content/policies/records-strategy-2025.md": NEW,
             "content/archive/index.md": "---\ntitle: Our old papers\n---\nText.\n"}
    assert check(make_site(files))[0] == 0  # nothing archived: /archive/ is free
    code, diagnostics = check(make_site({"content/policies/records-strategy.md": page(
        "superseded: {on: 2025-04-01, by: records-strategy-2025.md}")}))
    [found] = coded(diagnostics, "content.reserved-url")
    assert code == 1 and found["path"] == "content/archive/index.md"
    assert "/archive/" in found["message"] and found["hint"]


def test_a_superseded_page_past_its_review_date_is_not_due_for_review(make_site):
    root = make_site({"content/policies/records-strategy-2025.md": NEW,
                      "content/policies/records-strategy.md": page(
                          "review: 2025-06-01\n"
                          "superseded: {on: 2025-04-01, by: records-strategy-2025.md}")})
    code, diagnostics = check(root)
    assert code == 0 and not coded(diagnostics, "scheme.review-overdue"), diagnostics
