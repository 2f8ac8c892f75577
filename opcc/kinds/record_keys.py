"""Front-matter keys of a page that concern the publication scheme and records management
rather than its text:

- `events: {NAME: DATE or [DATES]}`: events the page records, which start duties (an
  HMICFRS report: the commissioner's comments are due within 56 days);
- `publication: {min_years, max_years, on_expiry}`: how long the page stays published: the
  statutory floor, and the privacy ceiling with what happens then;
- `record_type: TEXT`: the retention schedule's row for the files behind the page;
- `hold: {reason, until}`: a legal hold: never unpublished or disposed of before `until`
  while a request, complaint or claim is open (FOIA s.77);
- `superseded: {on: DATE, by: URL or .md path}`: replaced by a newer page: the page moves
  to the archive section with a banner, and no longer fulfils its scheme item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from opcc.scheme.model import Publication
from opcc.scheme.profiles import publication_problems
from opcc.scheme.rules.base import iso_date
from opcc.source.front_matter import FrontMatter

EVENT_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Hold:
    reason: str
    until: date


@dataclass(frozen=True)
class Superseded:
    on: date
    by: str  # a site URL or a content path, as written; resolved by the site index


def read_events(front: FrontMatter) -> tuple[tuple[str, date], ...]:
    written = front.data.get("events")
    if written is None:
        return ()
    if not isinstance(written, dict):
        front.report("content.events", "'events' should map each event to its dates",
                     "e.g. events: {hmicfrs-report: 2026-10-22, public-meeting: "
                     "[2026-09-10, 2026-11-12]}", ("events",))
        return ()
    found = []
    for name, dates in written.items():
        if not isinstance(name, str) or not EVENT_NAME.match(name):
            front.report("content.events", f"'{name}' is not an event name",
                         "use lower-case words joined by hyphens, e.g. hmicfrs-report",
                         ("events", name))
            continue
        for written in dates if isinstance(dates, list) else [dates]:
            day = iso_date(written)
            if day is not None:
                found.append((name, day))
            else:
                front.report("content.events", f"event '{name}' has '{written}', which is not "
                             "a date", f"write ISO dates: {name}: [2026-10-22]",
                             ("events", name))
    return tuple(sorted(found))


def read_publication(front: FrontMatter) -> Publication | None:
    written = front.data.get("publication")
    if written is None:
        return None
    keys = {"min_years", "max_years", "on_expiry"}
    if not isinstance(written, dict) or set(written) - keys:
        front.report("content.publication", "'publication' takes min_years, max_years and "
                     "on_expiry", "e.g. publication: {max_years: 6, on_expiry: anonymise}",
                     ("publication",))
        return None
    publication = Publication(written.get("min_years"), written.get("max_years"),
                              written.get("on_expiry"))
    problems = publication_problems(publication)
    for problem in problems:
        front.report("content.publication", f"publication: {problem}",
                     "min_years is the law's floor; max_years with on_expiry (archive, "
                     "unpublish or anonymise) the privacy ceiling", ("publication",))
    return None if problems else publication


def read_hold(front: FrontMatter) -> Hold | None:
    written = front.data.get("hold")
    if written is None:
        return None
    until = iso_date(written.get("until")) if isinstance(written, dict) else None
    if until is None or not str(written.get("reason") or "").strip():
        front.report("content.hold", "a hold needs a reason and the date it lasts until",
                     "e.g. hold: {reason: FOI-2026-0051 is open, until: 2027-03-31}",
                     ("hold",))
        return None
    return Hold(" ".join(str(written["reason"]).split()), until)


def read_superseded(front: FrontMatter, published: date | None) -> Superseded | None:
    written = front.data.get("superseded")
    if written is None:
        return None
    on = iso_date(written.get("on")) if isinstance(written, dict) else None
    if on is None or not isinstance(written.get("by"), str) or not written["by"].strip():
        front.report("content.superseded", "'superseded' needs the date and the page that "
                     "replaced this one", "e.g. superseded: {on: 2025-04-01, by: "
                     "/policies/information-management-strategy/}", ("superseded",))
        return None
    if published is not None and on < published:
        front.report("content.superseded", f"superseded on {on}, before the page "
                     f"was published ({published})", "check both dates", ("superseded",))
        return None
    return Superseded(on, written["by"].strip())
