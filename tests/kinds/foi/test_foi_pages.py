"""The disclosure log, its filter pages, the request pages, the statistics and the log's
open data, built from the example site's records."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest

from opcc.kinds.foi.reader import load_foi
from opcc.kinds.foi.records import topic_slug

TODAY = date(2026, 11, 25)
REFERENCE = re.compile(r"FOI-\d{4}-\d{4}")


@pytest.fixture(scope="module")
def built(built_example):
    records, problems = load_foi(built_example, "FOI-YYYY-NNNN", TODAY)
    assert problems == []
    return built_example / "site", records


def listed(page: Path) -> list[str]:
    """References in the log table of a page, in order."""
    html = page.read_text("utf-8")
    table = html.split('class="govuk-table__body"', 1)[1].split("</tbody>", 1)[0]
    return REFERENCE.findall(table)[::2]  # each row names its reference twice (link, label)


def test_every_request_has_a_page(built):
    site, records = built
    assert len(records) >= 60
    for record in records:
        page = site / record.url.strip("/") / "index.html"
        html = page.read_text("utf-8")
        assert record.reference in html and record.title.replace("'", "&#39;") in html
        assert f"Answered in {record.working_days} working day" in html


def test_log_lists_every_request_newest_first(built):
    site, records = built
    expected = [r.reference for r in sorted(records, key=lambda r: (r.received, r.reference),
                                            reverse=True)]
    assert listed(site / "foi" / "disclosure-log" / "index.html") == expected


@pytest.mark.parametrize("kind", ["year", "outcome", "topic", "exemption"])
def test_static_filter_pages_list_exactly_the_right_requests(built, kind):
    site, records = built
    values = {
        "year": lambda r: {str(r.received.year)},
        "outcome": lambda r: {r.outcome},
        "topic": lambda r: {topic_slug(t) for t in r.topics},
        "exemption": lambda r: {topic_slug(e.replace("(", "-").replace(")", ""))
                                for e in r.exemptions},
    }[kind]
    folder = site / "foi" / "disclosure-log" / ("" if kind == "year" else kind)
    pages = [p for p in folder.glob("*/index.html")
             if kind != "year" or p.parent.name.isdigit()]
    assert pages
    for page in pages:
        value = page.parent.name
        wanted = {r.reference for r in records if value in values(r)}
        assert set(listed(page)) == wanted, page


def test_statistics_match_the_records(built):
    site, records = built
    rows = list(csv.DictReader(io.StringIO((site / "foi" / "statistics.csv").read_text("utf-8"))))
    years = {row["period"]: row for row in rows if re.fullmatch(r"\d{4}", row["period"])}
    assert years, rows[:2]
    for year, row in years.items():
        received = sum(1 for r in records if r.received.year == int(year))
        answered = [r for r in records if r.responded.year == int(year)
                    and r.outcome != "withdrawn"]
        assert int(row["received"]) == received, year
        assert int(row["answered"]) == len(answered), year
        assert int(row["answered_in_time"]) == sum(1 for r in answered if r.in_time), year
    html = (site / "foi" / "statistics" / "index.html").read_text("utf-8")
    # two charts, each drawn for a wide and for a narrow screen (opcc/datasets/charts.py)
    assert html.count("app-chart--wide") == 2 and html.count("app-chart--narrow") == 2
    assert html.count("<svg") == 4 and "<desc" in html
    assert f"we have received {len(records)} requests" in html


def test_open_data_log_validates_and_matches_the_records(built):
    from frictionless import Package

    site, records = built
    folder = site / "datasets" / "foi-disclosure-log"
    descriptor = json.loads((folder / "datapackage.json").read_text("utf-8"))
    report = Package(descriptor, basepath=str(folder)).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "note"])
    rows = list(csv.DictReader(io.StringIO(
        (folder / "foi-disclosure-log.csv").read_text("utf-8"))))
    assert {r["reference"] for r in rows} == {r.reference for r in records}
    for field in ("reference", "title", "received", "responded", "outcome", "exemptions",
                  "topics", "working_days", "in_time"):
        assert field in rows[0]
    assert not any("## Request" in value for row in rows for value in row.values())


def test_log_is_listed_in_its_class_and_feeds(built):
    site, records = built
    class_page = (site / "publication-scheme" / "lists-registers" / "index.html").read_text()
    assert "/foi/disclosure-log/" in class_page and "/foi/statistics/" in class_page
    feed = (site / "foi" / "feed.xml").read_text("utf-8")
    assert feed.count("<entry>") == min(50, len(records))
