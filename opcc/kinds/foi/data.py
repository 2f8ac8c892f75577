"""What is computed from the FOI records: the log's open data and its statistics.

The open data is one row per request, with its Table Schema, as CSV and JSON; the
statistics count requests by calendar quarter and calendar year.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from opcc.diagnostics import Diagnostic, error
from opcc.kinds.foi.records import (
    DEFAULT_PATTERN,
    OUTCOME_LABELS,
    OUTCOMES,
    REGIMES,
    REVIEW_OUTCOME_LABELS,
    REVIEW_OUTCOMES,
    FoiRecord,
    compile_reference_pattern,
    sort_newest_first,
)

# --------------------------------------------------------------------------- open data

LOG_DATASET = "foi-disclosure-log"
LIST_SEPARATOR = "; "


def log_schema(pattern: str = DEFAULT_PATTERN) -> dict:
    """The Table Schema of the log dataset (one row per request)."""
    compiled = compile_reference_pattern(pattern)
    regex = compiled.regex.pattern
    regex = re.sub(r"\(\?P<\w+>", "(", regex)
    date_field = {"type": "date", "format": "default"}
    return {
        "fields": [
            {"name": "reference", "title": "Reference", "type": "string",
             "description": f"The request's reference, e.g. {compiled.example}",
             "constraints": {"required": True, "unique": True, "pattern": regex}},
            {"name": "title", "title": "Title", "type": "string",
             "description": "A short title of the request", "constraints": {"required": True}},
            {"name": "url", "title": "Web page", "type": "string",
             "description": "The request's page on this site, with the request and response"},
            {"name": "regime", "title": "Legislation", "type": "string",
             "description": "foia: Freedom of Information Act 2000; eir: Environmental "
             "Information Regulations 2004",
             "constraints": {"required": True, "enum": list(REGIMES)}},
            {"name": "received", "title": "Date received", **date_field,
             "description": "The date the request was received",
             "constraints": {"required": True}},
            {"name": "responded", "title": "Date answered", **date_field,
             "description": "The date the response was sent", "constraints": {"required": True}},
            {"name": "outcome", "title": "Outcome", "type": "string",
             "description": "granted, partially-granted, refused, not-held or withdrawn",
             "constraints": {"required": True, "enum": list(OUTCOMES)}},
            {"name": "exemptions", "title": "Exemptions", "type": "string",
             "description": "The exemptions relied on (FOIA sections such as s40(2), EIR "
             f"regulations such as reg12(5)(e)), separated by '{LIST_SEPARATOR.strip()}'"},
            {"name": "topics", "title": "Topics", "type": "string",
             "description": f"Topics of the request, separated by '{LIST_SEPARATOR.strip()}'"},
            {"name": "working_days", "title": "Working days taken", "type": "integer",
             "description": "Working days from receipt to response, counted as FOIA section "
             "10 counts them: the day after receipt is day one; weekends, Christmas Day, Good "
             "Friday and bank holidays in any part of the UK are not working days",
             "constraints": {"required": True, "minimum": 0}},
            {"name": "deadline", "title": "Deadline", **date_field,
             "description": "The 20th working day after receipt",
             "constraints": {"required": True}},
            {"name": "extended_to", "title": "Extended to", **date_field,
             "description": "The extended deadline, where the time was extended to consider "
             "the public interest (FOIA) or for a complex request (EIR); empty otherwise"},
            {"name": "in_time", "title": "Answered in time", "type": "boolean",
             "description": "true if answered by the deadline, or by the extended deadline",
             "trueValues": ["true"], "falseValues": ["false"],
             "constraints": {"required": True}},
            {"name": "internal_review_requested", "title": "Internal review requested",
             **date_field, "description": "The date an internal review was asked for; empty "
             "if none was"},
            {"name": "internal_review_completed", "title": "Internal review completed",
             **date_field, "description": "The date the internal review was answered"},
            {"name": "internal_review_outcome", "title": "Internal review outcome",
             "type": "string", "description": "upheld, partially-upheld or overturned",
             "constraints": {"enum": list(REVIEW_OUTCOMES)}},
        ],
        "primaryKey": ["reference"],
        "missingValues": [""],
    }


LOG_SCHEMA = log_schema()
LOG_FIELDS = tuple(f["name"] for f in LOG_SCHEMA["fields"])


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def log_rows(records: Iterable[FoiRecord], base_url: str = "") -> list[dict]:
    """One row per request, newest first, without the request and response bodies.

    Values are JSON-ready: text, integers, booleans, or None for an empty cell. Lists
    (exemptions, topics) are joined with '; '. `base_url` is put before each page path."""
    rows = []
    for record in sort_newest_first(records):
        review = record.internal_review
        rows.append({
            "reference": record.reference,
            "title": record.title,
            "url": base_url.rstrip("/") + record.url,
            "regime": record.regime,
            "received": record.received.isoformat(),
            "responded": record.responded.isoformat(),
            "outcome": record.outcome,
            "exemptions": LIST_SEPARATOR.join(record.exemptions) or None,
            "topics": LIST_SEPARATOR.join(record.topics) or None,
            "working_days": record.working_days,
            "deadline": record.deadline.isoformat(),
            "extended_to": _iso(record.extended_to),
            "in_time": record.in_time,
            "internal_review_requested": _iso(review.requested) if review else None,
            "internal_review_completed": _iso(review.completed) if review else None,
            "internal_review_outcome": review.outcome if review else None,
        })
    return rows


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def rows_csv(rows: list[dict], fields: Iterable[str]) -> bytes:
    """CSV (UTF-8, comma, CRLF line ends as RFC 4180) of JSON-ready rows."""
    fields = list(fields)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(fields)
    for row in rows:
        writer.writerow([_cell(row.get(name)) for name in fields])
    return out.getvalue().encode("utf-8")


def log_csv(rows: list[dict]) -> bytes:
    return rows_csv(rows, LOG_FIELDS)


def log_json(rows: list[dict]) -> bytes:
    return (json.dumps(rows, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def validate_rows(data: bytes, schema: dict, path: str) -> list[Diagnostic]:
    """Validate CSV bytes against a Table Schema with frictionless; one diagnostic per error."""
    from frictionless import Resource, Schema

    resource = Resource(data=data, format="csv", schema=Schema.from_descriptor(schema))
    report = resource.validate()
    return [error("foi.dataset", f"{kind}: {note}", path=path, row=row, field=name,
                  hint="this is a bug in the generator's FOI dataset; please report it")
            for row, name, kind, note in report.flatten(["rowNumber", "fieldName", "type",
                                                         "note"])]


def validate_log(rows: list[dict], schema: dict | None = None,
                 path: str = f"datasets/{LOG_DATASET}/{LOG_DATASET}.csv") -> list[Diagnostic]:
    return validate_rows(log_csv(rows), schema or LOG_SCHEMA, path)


# --------------------------------------------------------------------------- statistics

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


@dataclass(frozen=True)
class PeriodStatistics:
    key: str  # "2025-Q1" or "2025"
    label: str  # "2025 Q1 (January to March)" or "2025"
    start: date
    end: date  # inclusive
    received: int  # requests received in the period
    answered: int  # requests answered in the period (withdrawn ones excluded)
    in_time: int  # of those answered, how many by the deadline (or extended deadline)
    late: int
    extended: int  # answered with a public-interest (or EIR reg 7) extension
    withdrawn: int  # requests withdrawn (closed) in the period
    outcomes: dict[str, int]  # every outcome in OUTCOMES order, zeros included
    exemptions: dict[str, int]  # code -> times cited on requests answered; most cited first
    reviews_requested: int
    reviews_completed: int
    review_outcomes: dict[str, int]  # every review outcome, zeros included
    partial: bool = False  # the period has not ended yet (when `today` was given)

    @property
    def in_time_percent(self) -> float | None:
        """Share of answered requests answered in time, to one decimal place."""
        return round(100 * self.in_time / self.answered, 1) if self.answered else None

    @property
    def refused_in_full(self) -> int:
        return self.outcomes.get("refused", 0)


@dataclass(frozen=True)
class Statistics:
    """FOI statistics by calendar quarter (January to March is Q1) and calendar year,
    oldest first, every period from the first to the last included even when empty.

    Requests count as received in the period of their `received` date; everything about
    the answer (answered, in time, late, extended, outcomes, exemptions) in the period of
    their `responded` date; internal reviews as requested on `requested` and completed,
    with their outcome, on `completed`. Withdrawn requests are counted as withdrawn, not
    as answered, and are left out of the in-time share."""

    quarters: tuple[PeriodStatistics, ...]
    years: tuple[PeriodStatistics, ...]
    total: PeriodStatistics
    pending_reviews: int  # reviews requested and not yet completed


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_label(year: int, quarter: int) -> str:
    first = MONTHS[(quarter - 1) * 3]
    last = MONTHS[(quarter - 1) * 3 + 2]
    return f"{year} Q{quarter} ({first} to {last})"


def _quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return start, end - timedelta(days=1)


def _period(key: str, label: str, start: date, end: date, records: list[FoiRecord],
            today: date | None) -> PeriodStatistics:
    def within(day: date | None) -> bool:
        return day is not None and start <= day <= end

    answered = [r for r in records if within(r.responded) and r.outcome != "withdrawn"]
    closed = [r for r in records if within(r.responded)]
    exemptions: dict[str, int] = {}
    for record in closed:
        for code in record.exemptions:
            exemptions[code] = exemptions.get(code, 0) + 1
    reviews = [r.internal_review for r in records if r.internal_review]
    completed = [v for v in reviews if within(v.completed)]
    return PeriodStatistics(
        key=key, label=label, start=start, end=end,
        received=sum(1 for r in records if within(r.received)),
        answered=len(answered),
        in_time=sum(1 for r in answered if r.in_time),
        late=sum(1 for r in answered if not r.in_time),
        extended=sum(1 for r in answered if r.extended),
        withdrawn=len(closed) - len(answered),
        outcomes={o: sum(1 for r in closed if r.outcome == o) for o in OUTCOMES},
        exemptions=dict(sorted(exemptions.items(), key=lambda kv: (-kv[1], _code_order(kv[0])))),
        reviews_requested=sum(1 for v in reviews if within(v.requested)),
        reviews_completed=len(completed),
        review_outcomes={o: sum(1 for v in completed if v.outcome == o)
                         for o in REVIEW_OUTCOMES},
        partial=today is not None and end >= today,
    )


def _code_order(code: str) -> tuple:
    """s12 < s14(1) < s21 < s31(1)(a) < s40(2) < reg12(4)(b): by regime, then numbers."""
    regime = 1 if code.startswith("reg") else 0
    parts = re.findall(r"\d+|[A-Za-z]+", code.removeprefix("reg").removeprefix("s"))
    return (regime, tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts))


def statistics(records: Iterable[FoiRecord], today: date | None = None) -> Statistics:
    """Statistics per calendar quarter and calendar year (see `Statistics`). With `today`,
    periods after it are left out and the current one is marked `partial`."""
    records = list(records)
    days = [d for r in records for d in (r.received, r.responded,
                                         *((r.internal_review.requested,
                                            r.internal_review.completed)
                                           if r.internal_review else ())) if d]
    if today is not None:
        days = [d for d in days if d <= today]
    if not days:
        empty = _period("all", "All requests", date.min, date.max, [], today)
        return Statistics((), (), empty, 0)
    first, last = min(days), max(days)
    quarters = []
    year, quarter = quarter_of(first)
    while (year, quarter) <= quarter_of(last):
        start, end = _quarter_bounds(year, quarter)
        quarters.append(_period(f"{year}-Q{quarter}", quarter_label(year, quarter), start, end,
                                records, today))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    years = tuple(_period(str(y), str(y), date(y, 1, 1), date(y, 12, 31), records, today)
                  for y in range(first.year, last.year + 1))
    total = _period("all", "All requests", first, last, records, None)
    pending = sum(1 for r in records if r.internal_review and not r.internal_review.completed)
    return Statistics(tuple(quarters), years, total, pending)


STATISTICS_SCHEMA = {
    "fields": [
        {"name": "period_type", "title": "Period type", "type": "string",
         "description": "quarter (calendar quarter) or year (calendar year)",
         "constraints": {"required": True, "enum": ["quarter", "year"]}},
        {"name": "period", "title": "Period", "type": "string",
         "description": "e.g. 2025-Q1 or 2025", "constraints": {"required": True,
                                                               "unique": True}},
        {"name": "label", "title": "Label", "type": "string",
         "description": "e.g. 2025 Q1 (January to March)"},
        {"name": "start", "title": "First day", "type": "date"},
        {"name": "end", "title": "Last day", "type": "date"},
        {"name": "received", "title": "Requests received", "type": "integer"},
        {"name": "answered", "title": "Requests answered", "type": "integer",
         "description": "Requests answered in the period, withdrawn requests excluded"},
        {"name": "answered_in_time", "title": "Answered in time", "type": "integer"},
        {"name": "answered_late", "title": "Answered late", "type": "integer"},
        {"name": "percent_in_time", "title": "Percentage answered in time", "type": "number",
         "description": "Empty when no request was answered in the period"},
        {"name": "extended", "title": "Answered after an extension", "type": "integer"},
        *({"name": o.replace("-", "_"), "title": OUTCOME_LABELS[o], "type": "integer"}
          for o in OUTCOMES),
        {"name": "exemptions_cited", "title": "Exemptions cited", "type": "string",
         "description": "Each exemption with the number of answered requests citing it, "
         "e.g. 's40(2): 5; s43(2): 2'"},
        {"name": "reviews_requested", "title": "Internal reviews requested", "type": "integer"},
        {"name": "reviews_completed", "title": "Internal reviews completed", "type": "integer"},
        *({"name": "review_" + o.replace("-", "_"), "title": "Reviews: "
           + REVIEW_OUTCOME_LABELS[o].lower(), "type": "integer"} for o in REVIEW_OUTCOMES),
        {"name": "partial", "title": "Period not yet ended", "type": "boolean",
         "trueValues": ["true"], "falseValues": ["false"]},
    ],
    "primaryKey": ["period"],
    "missingValues": [""],
}
STATISTICS_FIELDS = tuple(f["name"] for f in STATISTICS_SCHEMA["fields"])


def statistics_rows(stats: Statistics) -> list[dict]:
    """One JSON-ready row per quarter, then one per year, for a CSV (STATISTICS_SCHEMA)."""
    rows = []
    for period_type, periods in (("quarter", stats.quarters), ("year", stats.years)):
        for p in periods:
            rows.append({
                "period_type": period_type, "period": p.key, "label": p.label,
                "start": p.start.isoformat(), "end": p.end.isoformat(),
                "received": p.received, "answered": p.answered,
                "answered_in_time": p.in_time, "answered_late": p.late,
                "percent_in_time": p.in_time_percent, "extended": p.extended,
                **{o.replace("-", "_"): p.outcomes[o] for o in OUTCOMES},
                "exemptions_cited": LIST_SEPARATOR.join(
                    f"{code}: {n}" for code, n in p.exemptions.items()) or None,
                "reviews_requested": p.reviews_requested,
                "reviews_completed": p.reviews_completed,
                **{"review_" + o.replace("-", "_"): p.review_outcomes[o]
                   for o in REVIEW_OUTCOMES},
                "partial": p.partial,
            })
    return rows


def statistics_csv(stats: Statistics) -> bytes:
    return rows_csv(statistics_rows(stats), STATISTICS_FIELDS)
