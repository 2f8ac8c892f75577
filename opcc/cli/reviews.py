"""`opcc report --reviews`: the records-management calendar, by owner role.

Every date someone must act on: each page's `review:` date (unless a check on or after
it, `reviewed:` or `updated:`, has met it), each disposal date (the day a page or dataset
has been published for its privacy ceiling, `publication.max_years`, when it must be
archived, unpublished or anonymised; later if a legal hold lasts longer) and the day each
legal hold (`hold: {reason, until}`) ends. Rows are grouped by the
owner role (`owner:`; "No owner" otherwise) and sorted by date, as text, CSV
(owner_role, date, kind, title, url, source), JSON or iCalendar (one all-day event each,
with a UID that stays the same from one run to the next, so that a calendar that
subscribes to the file updates its events instead of doubling them).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlsplit

import click

from opcc.cli.support import EXIT_CONTENT, EXIT_OK

NO_OWNER = "No owner"
KINDS = ("review", "hold-ends", "disposal")  # on one day: a hold ends, then disposal
SUMMARY_WORDS = {"review": "Review", "disposal": "Disposal", "hold-ends": "Hold ends"}
FORMATS = ("text", "csv", "json", "ics")
CSV_COLUMNS = ("owner_role", "date", "kind", "title", "url", "source")


@dataclass(frozen=True)
class ReviewRow:
    owner_role: str
    date: date
    kind: str  # one of KINDS
    title: str
    url: str  # absolute, from base_url
    source: str  # the file it comes from
    note: str = ""  # what is due: the action at the ceiling, the hold's reason

    def csv_row(self) -> dict[str, str]:
        return {"owner_role": self.owner_role, "date": self.date.isoformat(),
                "kind": self.kind, "title": self.title, "url": self.url,
                "source": self.source}


def run(settings, reviews: bool) -> int:
    """The report's --reviews mode (and its only formats csv and ics)."""
    if settings.fmt not in FORMATS or not reviews:
        raise click.UsageError(
            f"--format {settings.fmt} is not a format of opcc report --reviews (text, csv, "
            "json or ics)" if reviews else
            f"--format {settings.fmt} is for the review calendar: opcc report --reviews "
            f"--format {settings.fmt}")
    from opcc.build.pipeline import run_build
    from opcc.build.settings import load_profile
    from opcc.diagnostics import report as report_diagnostics
    result = run_build(dataclasses.replace(settings.build_options, strict=False))
    errors = [d for d in result.diagnostics if d.severity == "error"]
    if errors:
        report_diagnostics(errors, "text", sys.stderr, sys.stderr, settings.quiet)
    index = result.details.index if result.details else None
    rows = review_rows(index.pages if index else (), index.datasets.values() if index else (),
                       load_profile(result.config), result.config.base_url)
    today = settings.today or date.today()
    writers = {"text": text_report, "csv": csv_report, "json": json_report,
               "ics": ics_report}
    sys.stdout.write(writers[settings.fmt](rows, today, result.config))
    return EXIT_CONTENT if errors else EXIT_OK


def review_rows(pages: Iterable, datasets: Iterable, profile, base_url: str
                ) -> list[ReviewRow]:
    """Every review, disposal and hold-ends date, by owner role, then date."""
    from opcc.export.inventory import publication_of
    from opcc.kinds.page_keys import review_met
    from opcc.scheme.rules.base import add_months

    def items(ids) -> list:
        return [item for item in (profile.item(i) for i in ids) if item is not None]

    rows: list[ReviewRow] = []
    for page in pages:
        owner = (page.owner or "").strip() or NO_OWNER
        url = _absolute(base_url, page.url)
        if page.review is not None and not review_met(page) and \
                getattr(page, "superseded", None) is None:
            rows.append(ReviewRow(owner, page.review, "review", page.title, url, page.source))
        hold = getattr(page, "hold", None)
        period = publication_of(getattr(page, "publication", None), items(page.items))
        rows += _disposal(owner, page.title, url, page.source, page.published, period, hold,
                          add_months)
    for dataset in datasets:
        period = publication_of(None, items(dataset.items))
        rows += _disposal(NO_OWNER, dataset.title, _absolute(base_url, dataset.url),
                          dataset.descriptor_path, dataset.published, period, None,
                          add_months)
    return sorted(rows, key=lambda r: (r.owner_role == NO_OWNER, r.owner_role.lower(),
                                       r.date, KINDS.index(r.kind), r.title.lower(), r.url))


def _disposal(owner: str, title: str, url: str, source: str, published: date | None,
              period, hold, add_months) -> list[ReviewRow]:
    """The disposal date (publication + the privacy ceiling, or the end of a legal hold
    that lasts longer) and the day the hold ends."""
    rows = []
    if hold is not None:
        rows.append(ReviewRow(owner, hold.until, "hold-ends", title, url, source,
                              f"legal hold: {hold.reason}"))
    if period.max_years and published is not None:
        due = add_months(published, 12 * period.max_years)
        note = f"{period.on_expiry or 'unpublish'}: published {published.isoformat()}, " \
               f"for at most {period.max_years} years"
        if hold is not None and hold.until > due:
            due, note = hold.until, f"{note}; held until {hold.until.isoformat()}"
        rows.append(ReviewRow(owner, due, "disposal", title, url, source, note))
    return rows


def _absolute(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + path


# -- formats ----------------------------------------------------------------------------

def text_report(rows: list[ReviewRow], today: date, config) -> str:
    if not rows:
        return "No review, disposal or legal hold dates: no page has review:, hold: or a " \
               "publication period with max_years.\n"
    out = io.StringIO()
    for owner, members in _by_owner(rows):
        late = sum(1 for r in members if r.date < today)
        out.write(f"{owner}: {_count(len(members), 'date')}"
                  + (f", {late} passed" if late else "") + "\n")
        for row in members:
            passed = "  (passed)" if row.date < today else ""
            out.write(f"  {row.date.isoformat()}  {row.kind:<9}  {row.title}{passed}\n")
            out.write(f"  {'':10}  {'':9}  {row.url}  ({row.source})\n")
            if row.note:
                out.write(f"  {'':10}  {'':9}  {row.note}\n")
    out.write(f"{_count(len(rows), 'date')} for {_count(len(_by_owner(rows)), 'owner role')}; "
              f"today is {today.isoformat()}\n")
    return out.getvalue()


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _by_owner(rows: list[ReviewRow]) -> list[tuple[str, list[ReviewRow]]]:
    groups: dict[str, list[ReviewRow]] = {}
    for row in rows:
        groups.setdefault(row.owner_role, []).append(row)
    return list(groups.items())


def csv_report(rows: list[ReviewRow], today: date, config) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row.csv_row())
    return out.getvalue()


def json_report(rows: list[ReviewRow], today: date, config) -> str:
    return json.dumps({"today": today.isoformat(),
                       "dates": [{**row.csv_row(), "note": row.note} for row in rows]},
                      indent=2, ensure_ascii=False) + "\n"


def ics_report(rows: list[ReviewRow], today: date, config) -> str:
    """An iCalendar file: one all-day VEVENT a row, with a UID made of the address, the
    kind and the date, at the site's host, so that it is the same on every run."""
    from icalendar import Calendar, Event

    host = urlsplit(config.base_url).hostname or "localhost"
    calendar = Calendar()
    calendar.add("prodid", "-//opcc//Records reviews//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{config.organisation.short_name}: reviews and disposals")
    stamp = datetime.combine(today, time(0, 0), tzinfo=UTC)
    for row in rows:
        event = Event()
        path = urlsplit(row.url).path.strip("/") or "home"
        event.add("uid", f"{path}/{row.kind}/{row.date.isoformat()}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", row.date)
        event.add("dtend", row.date + timedelta(days=1))
        event.add("summary", f"{SUMMARY_WORDS[row.kind]}: {row.title}")
        description = [f"Owner: {row.owner_role}", row.url, f"Source: {row.source}"]
        if row.note:
            description.insert(1, row.note[0].upper() + row.note[1:])
        event.add("description", "\n".join(description))
        event.add("url", row.url)
        event.add("categories", [row.owner_role])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
