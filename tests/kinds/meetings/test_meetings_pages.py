"""The example site's meetings as built: a page per meeting, the meetings index, the
meetings to come on the decisions class page, the iCalendar feed, redirects from the
meetings' old addresses, exempt items without their papers, and paragraph 5(a) to (c) in
the compliance report."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from markupsafe import escape

from opcc.kinds.meetings.kind import settings_of
from opcc.kinds.meetings.reader import load_meetings

TODAY = date(2026, 11, 25)  # the example's build day (tests/conftest.py)


@pytest.fixture(scope="module")
def built(built_example):
    from opcc.config import load_config
    from opcc.kinds import registry  # noqa: F401  (declares the kinds' site.yaml sections)

    config = load_config(built_example)
    meetings, problems = load_meetings(built_example, TODAY, settings_of(config))
    assert problems == []
    return built_example / "site", meetings


def page(site: Path, url: str) -> str:
    return (site / url.strip("/") / "index.html").read_text("utf-8")


def main(html: str) -> str:
    return html[html.index("<main"):html.index("</main>")]


def test_the_example_has_the_meetings_the_issue_asks_for(built):
    _, meetings = built
    assert len(meetings) >= 12
    assert {m.year for m in meetings} >= {2025, 2026}
    assert sum(m.cancelled for m in meetings) == 1
    assert [m for m in meetings if m.date > date(2026, 12, 5)]  # one to come
    assert all(m.has_minutes for m in meetings if m.status == "minutes-published")
    assert any(item.exempt for m in meetings for item in m.agenda)
    assert any(not m.public and m.public_interest and m.has_minutes for m in meetings)


def test_every_meeting_has_a_page(built):
    site, meetings = built
    for meeting in meetings:
        html = main(page(site, meeting.url))
        assert meeting.title in html and meeting.venue in html
        assert meeting.status_label in html
        assert "illustrative examples" in html  # meetings: {sample: true}
        for paper in meeting.papers:
            assert f'href="{paper.url}"' in html
            assert (site / paper.url.lstrip("/")).is_file()
        if meeting.minutes_file:
            assert f'href="{meeting.minutes_file.url}"' in html
        if meeting.cancelled:
            assert "This meeting was cancelled" in html
            assert str(escape(meeting.cancelled_reason)) in html


def test_a_meeting_page_shows_its_time_venue_access_and_agenda(built):
    site, _ = built
    html = main(page(site, "/meetings/2026/2026-10-15-public-accountability-board/"))
    assert "Thursday 15 October 2026" in html and "10am to 12.30pm" in html
    assert "Step-free entrance" in html
    assert 'href="https://webcasts.northshire-opcc.example.org/2026-10-15"' in html
    assert html.index("Agenda and reports") < html.index("The handling of 101 calls")
    assert html.index("Agenda and reports") < html.index(">Minutes</h2>")


def test_an_exempt_items_papers_are_never_published(built):
    site, meetings = built
    exempt = [(m, item) for m in meetings for item in m.agenda if item.exempt]
    assert exempt
    for meeting, item in exempt:
        html = main(page(site, meeting.url))
        block = html[html.index(str(escape(item.title))):]
        block = block[:block.index("</li>")]
        assert "Exempt" in block and item.exemption.label in block
        assert "app-attachment" not in block  # no papers under the item


def test_the_index_lists_upcoming_then_past_by_year(built):
    site, meetings = built
    html = main(page(site, "/meetings/"))
    upcoming = html[html.index('id="meetings-upcoming"'):html.index('id="meetings-2026"')]
    assert "/meetings/2026/2026-12-16-joint-audit-committee/" in upcoming
    assert html.index('id="meetings-2026"') < html.index('id="meetings-2025"')
    past = [m for m in meetings if m.date < TODAY]
    listed = re.findall(r'href="(/meetings/\d{4}/[^"]+/)"', html[html.index('id="meetings-2026"'):])
    assert listed == [m.url for m in sorted(past, key=lambda m: m.sort_key, reverse=True)]
    assert 'href="/meetings/meetings.ics"' in html


def test_the_decisions_class_page_lists_the_next_meetings(built):
    site, _ = built
    html = main(page(site, "/publication-scheme/decisions/"))
    assert 'href="/meetings/"' in html
    assert "Next meeting: Joint audit committee, 16 December 2026" in html


def test_the_calendar_feed_parses_back(built):
    from icalendar import Calendar

    site, meetings = built
    calendar = Calendar.from_ical((site / "meetings" / "meetings.ics").read_bytes())
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    base = "https://www.northshire-opcc.example.org"
    recent = [m for m in meetings if m.public and (TODAY - m.date).days <= 365]
    assert set(events) == {base + m.url for m in recent}
    cancelled = [m for m in recent if m.cancelled]
    for meeting in recent:
        event = events[base + meeting.url]
        assert str(event["summary"]) == meeting.title
        assert event.decoded("dtstart").date() == meeting.date
        assert str(event["status"]) == ("CANCELLED" if meeting in cancelled else "CONFIRMED")


def test_old_addresses_redirect_to_the_meetings(built):
    site, _ = built
    for old, new in (("/decisions/2026-06-24-joint-audit-committee/",
                      "/meetings/2026/2026-06-24-joint-audit-committee/"),
                     ("/decisions/2026-10-15-public-accountability-board/",
                      "/meetings/2026/2026-10-15-public-accountability-board/")):
        html = page(site, old)
        assert f'content="0; url={new}"' in html and "noindex" in html


def test_meetings_join_the_sitemap_and_the_feed(built):
    site, _ = built
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert "/meetings/2026/2026-07-16-public-accountability-board/" in sitemap
    assert "/meetings/</loc>" in sitemap
    # the site's feed holds the 50 newest publications: the notice of the next meeting
    assert "Joint audit committee, 16 December 2026" in (site / "feed.xml").read_text()


def test_the_compliance_report_judges_each_meeting(built, built_example):
    from opcc.config import load_config
    from opcc.kinds.meetings.kind import fulfils
    from opcc.scheme.rules.event import assess_obligations

    site, meetings = built
    compliance = main(page(site, "/publication-scheme/compliance/"))
    row = compliance[compliance.index("Public meetings (date, time and place"):]
    assert 'href="/meetings/"' in row[:row.index("</tr>")]
    obligations = fulfils(meetings)["sio-5a-c"][0].obligations
    on_time = assess_obligations(obligations, TODAY)
    assert on_time.late == () and on_time.next_due == date(2026, 12, 9)  # the papers
    # on 1 February 2027, the meeting of 16 December 2026 has passed without minutes
    later, _ = load_meetings(built_example, date(2027, 2, 1),
                             settings_of(load_config(built_example)))
    due = assess_obligations(fulfils(later)["sio-5a-c"][0].obligations, date(2027, 2, 1))
    assert "the minutes of the Joint audit committee of 16 December 2026 (due 12 January " \
           "2027)" in due.late  # 15 working days: Christmas and 2 January (Scotland) skipped


def test_the_report_gives_the_records_own_due_rules(built_example):
    """`opcc report` words items 5(a)-(c) and 5(d) by the records' rules, with the days the
    site sets (site.yaml meetings and decisions), not the profile's assumed 28 days."""
    from click.testing import CliRunner

    from opcc.cli.main import main as cli

    run = CliRunner().invoke(cli, ["report", "--root", str(built_example), "--today",
                                   "2026-12-05", "--format", "json"])
    items = {item["id"]: item for item in json.loads(run.stdout)["items"]}
    assert items["sio-5a-c"]["due_rule"].startswith("for each meeting: the notice 5 days "
                                                    "before, the agenda and reports 5 working "
                                                    "days before, the minutes 15 working days")
    assert items["sio-5d"]["due_rule"] == ("within 5 working days of each decision (site.yaml "
                                           "decisions.publish_within_working_days)")
