"""Decisions stage: read and check content/decisions/YEAR/REFERENCE.md (no HTML).

The files are read the way every kind's are (kinds/common/reading.py); this module checks
what a decision's keys must say, alone and together: the reference follows the site's
pattern, names the file and has the year made, which is the folder's; the decision is not
made in the future, nor published before it was made; an exempt or part-exempt decision
names real FOI exemptions and an exempt one the day they will be reviewed; the category
is one of the site's; the money is an amount or none; the decision-maker is a role; the
body has '## Decision' and '## Reasons' (an exempt decision's text is never kept).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path, PurePosixPath
from typing import Any

from opcc.diagnostics import Diagnostic, error
from opcc.kinds.base import ReadContext
from opcc.kinds.common.reading import (
    RecordFile,
    find_record_files,
    load_records,
    looks_like_draft,
    read_attachments,
    read_record_file,
    wrong_place,
)
from opcc.kinds.decisions.body import check_sections, published_body, summary_of
from opcc.kinds.decisions.records import (
    CATEGORY_SLUG,
    DEFAULT_CATEGORIES,
    DEFAULT_PATTERN,
    FIRST_DAY,
    FOLDER,
    NAME,
    PUBLISH_WITHIN_WORKING_DAYS,
    RECORDS,
    DecisionRecord,
    newest_first,
    record_schema,
)
from opcc.kinds.foi.records import (
    EXEMPTIONS,
    ReferencePattern,
    compile_reference_pattern,
    exemption_suggestion,
    normalise_exemption,
)
from opcc.kinds.foi.working_days import deadline
from opcc.redaction import find_emails, find_phones
from opcc.redaction.inspectors.inspection import looks_like_person
from opcc.source.front_matter import FrontMatter

NONE_WORDS = {"none", "nil", "no", "n/a", "not applicable", "no financial implications",
              "none declared", "no interests declared"}
ROLE_WORDS = frozenset({"commissioner", "deputy", "chief", "executive", "officer", "finance",
                        "treasurer", "director", "head", "monitoring", "panel", "board",
                        "committee", "manager", "secretary"})
_AMOUNT = re.compile(r"£?\s*(?P<number>\d{1,3}(?:,\d{3})+|\d+)(?P<pence>\.\d{1,2})?")
_SITE_PATH = re.compile(r"/[A-Za-z0-9._~/-]*")


@dataclass(frozen=True)
class Settings:
    """site.yaml's `decisions:` section, checked."""
    pattern: ReferencePattern
    categories: tuple[str, ...]
    working_days: int  # publish within this many working days of the decision
    sample: bool


def settings_of(config) -> tuple[Settings | None, list[Diagnostic]]:
    """The kind's settings from config.kinds (defaults filled in); None, with `config.
    decisions` errors, when a value is unusable."""
    raw = (getattr(config, "kinds", None) or {}).get(NAME) or {}
    problems: list[Diagnostic] = []
    try:
        pattern = compile_reference_pattern(str(raw.get("reference_pattern", DEFAULT_PATTERN)))
    except ValueError as exc:
        pattern = None
        problems.append(config_problem(decision_words(str(exc)), "set decisions: "
                                       "{reference_pattern: OPCC-YYYY-NNN} in site.yaml"))
    categories = tuple(str(c) for c in raw.get("categories", DEFAULT_CATEGORIES))
    bad = [c for c in categories if not CATEGORY_SLUG.fullmatch(c)]
    if bad or not categories:
        problems.append(config_problem(
            f"decisions.categories must be lowercase slugs, not {', '.join(bad) or 'empty'}",
            "write each category as lowercase words joined by hyphens, e.g. policing-plan"))
    days = raw.get("publish_within_working_days", PUBLISH_WITHIN_WORKING_DAYS)
    if not isinstance(days, int) or isinstance(days, bool) or days < 1:
        problems.append(config_problem(
            f"decisions.publish_within_working_days must be a whole number of days of at "
            f"least 1, not {days}", "e.g. publish_within_working_days: 5"))
    if problems:
        return None, problems
    return Settings(pattern, categories, days, bool(raw.get("sample", False))), []


def config_problem(message: str, hint: str) -> Diagnostic:
    return error("config.decisions", message, path="site.yaml", hint=hint)


def decision_words(message: str) -> str:
    """compile_reference_pattern's message, about decisions rather than FOI requests."""
    return (message.replace("the FOI reference pattern", "the decision reference pattern")
            .replace("the year the request was received", "the year the decision was made")
            .replace("the request's number", "the decision's number"))


# --------------------------------------------------------------------------- loading

class Decisions(list):
    """The published decisions, newest first; `unpublished` holds the drafts that read
    without error: decisions made but not yet published, which owe their record all the
    same (the sio-5d duty, kind.py), though nothing of them is published."""

    def __init__(self, published=(), unpublished=()):
        super().__init__(published)
        self.unpublished = tuple(unpublished)


def read(context: ReadContext) -> tuple[Decisions, list[Diagnostic]]:
    """The published decisions, newest first, and every problem found."""
    settings, problems = settings_of(context.config)
    if settings is None:
        return Decisions(), problems
    paths = find_record_files(context.root, FOLDER, RECORDS)
    records, found = load_records(
        paths, lambda path: read_decision(context.root, path, settings, context.today),
        context.include_drafts, lambda record: record.reference, "decision")
    drafts = [] if context.include_drafts else unpublished(context.root, paths, settings,
                                                              context.today)
    return Decisions(newest_first(records), drafts), found


def unpublished(root: Path, paths: list[Path], settings: Settings,
                today: date) -> list[DecisionRecord]:
    """The drafts among `paths` that read without error (their problems are reported,
    as warnings, by load_records)."""
    found = []
    for path in paths:
        if looks_like_draft(path):
            record, _ = read_decision(root, path, settings, today)
            if record is not None and record.draft:
                found.append(record)
    return found


def read_decision(root: Path, source: Path, settings: Settings, today: date,
                  text: str | None = None) -> tuple[DecisionRecord | None, list[Diagnostic]]:
    """One record (or `text` as if it were the file `source`), and its problems."""
    diagnostics: list[Diagnostic] = []
    schema = record_schema(settings.pattern.example, settings.categories)
    relative = PurePosixPath(source.relative_to(root).as_posix()) \
        if source.is_relative_to(root) else PurePosixPath(source.name)
    if len(relative.parts) != 4 or not re.fullmatch(r"\d{4}", relative.parts[2]):
        example = f"content/{FOLDER}/2025/{settings.pattern.example}.md"
        diagnostics.append(wrong_place(relative.as_posix(), f"content/{FOLDER}/YEAR/"
                                       "REFERENCE.md, YEAR the year made", example))
        return None, diagnostics
    record = read_record_file(root, source, schema, diagnostics, text)
    if record is None:
        return None, diagnostics
    return validate(root, record, settings, today), diagnostics


def validate(root: Path, record: RecordFile, settings: Settings,
             today: date) -> DecisionRecord | None:
    front = record.front
    reference = front.value("reference")
    title = front.value("title")
    made = decision_date(front, "made", today)
    maker = decision_maker(front)
    status = front.value("status")
    exemptions = read_exemptions(front)
    review = front.value("review_exemption")
    category = front.value("category")
    summary = front.value("summary")
    amount = financial_implications(front)
    interests = front.value("interests_declared")
    meeting = meeting_address(front)
    papers = read_attachments(root, record, "background_papers")
    published = decision_date(front, "published", today)
    draft = front.value("draft") is True
    if reference:
        check_reference(front, reference, made, settings.pattern)
    if made:
        check_dates(front, made, published, review)
    check_status(front, status, exemptions, review)
    decision = check_sections(front, record.body, record.body_line) \
        if status != "exempt" else None
    if any(d.severity == "error" for d in front.diagnostics) or None in (
            reference, title, made, maker, status, category, interests) or \
            (status != "exempt" and decision is None):
        return None
    exempt = status == "exempt"
    body, body_line = published_body(record.body, record.body_line, meeting,
                                      front.key_lines.get("meeting"), exempt)
    return DecisionRecord(
        source=record.relative, url=f"/{FOLDER}/{made.year}/{reference}/",
        reference=reference, title=title, made=made, decision_maker=maker, status=status,
        exemptions=exemptions, review_exemption=review, category=category,
        summary=exempt_summary(made, maker, exemptions) if exempt else
        (summary or summary_of(decision)),
        financial_implications=amount,
        interests_declared=None if interests.lower() in NONE_WORDS else interests,
        meeting=meeting, background_papers=() if exempt else papers,
        published=published or made, due=deadline(made, settings.working_days),
        body=body, body_line=body_line, draft=draft, key_lines=front.key_lines)


def exempt_summary(made: date, maker: str, exemptions: tuple[str, ...]) -> str:
    cited = ", ".join(EXEMPTIONS[c].label for c in exemptions)
    return (f"A decision made by the {maker} on {made.day} {made:%B} {made.year}. Its "
            f"details are exempt from publication ({cited}).")


# --------------------------------------------------------------------------- the keys

def decision_date(front: FrontMatter, name: str, today: date) -> date | None:
    """A date key, on or after 22 November 2012 and not after today."""
    day = front.value(name)
    if day is None:
        return None
    if day < FIRST_DAY:
        front.report("decisions.date-range", f"'{name}' ({day}) is before police and crime "
                     "commissioners took office (22 November 2012)", "check the year", (name,))
        return None
    if day > today:
        front.report("decisions.future-date", f"'{name}' ({day}) is in the future",
                     f"today is {today}; the register records decisions already made and "
                     "published: keep the record a draft (draft: true) until then", (name,))
        return None
    return day


def check_dates(front: FrontMatter, made: date, published: date | None,
                review: date | None) -> None:
    if published and published < made:
        front.report("decisions.date-order", f"'published' ({published}) is before the "
                     f"decision was made ({made})", "a record is published on or after the "
                     "day the decision is made; check both dates", ("published",))
    if review and review <= made:
        front.report("decisions.date-order", f"'review_exemption' ({review}) is not after "
                     f"the decision was made ({made})", "give the day the exemption will "
                     "next be reviewed, after the decision", ("review_exemption",))


def decision_maker(front: FrontMatter) -> str | None:
    """A role, such as 'Police and Crime Commissioner': never an email, a phone number or
    what looks like a person's name."""
    maker = front.value("decision_maker")
    if maker is None:
        return None
    words = {w.casefold() for w in re.findall(r"[A-Za-z]+", maker)}
    what = ("an email address" if next(find_emails(maker), None) else
            "a phone number" if next(find_phones(maker), None) else
            "a person's name" if looks_like_person(maker) and not words & ROLE_WORDS else None)
    if what:
        front.report("decisions.decision-maker", f"the decision-maker '{maker}' looks like "
                     f"{what}", "name the role that made the decision, e.g. 'Police and "
                     "Crime Commissioner' or 'Chief Finance Officer'", ("decision_maker",))
        return None
    return maker


def read_exemptions(front: FrontMatter) -> tuple[str, ...]:
    """The FOI exemptions cited, normalised (s43(2)), each known and once."""
    codes: list[str] = []
    for index, written in enumerate(front.value("exemptions")):
        code = normalise_exemption(written)
        if code is None:
            front.report("decisions.exemption", f"unknown exemption '{written}'"
                         f"{exemption_suggestion(written, 'foia')}", "write FOIA sections as "
                         "s43(2) or s31(1)(a), and EIR exceptions as reg12(5)(e)",
                         ("exemptions", index))
        elif code in codes:
            front.report("decisions.exemption", f"'{written}' is listed twice",
                         "list each exemption once", ("exemptions", index))
        else:
            codes.append(code)
    return tuple(codes)


def check_status(front: FrontMatter, status: str | None, exemptions: tuple[str, ...],
                 review: date | None) -> None:
    """Exemptions with every status but public; a review date with exempt only."""
    if status in ("exempt", "part-exempt") and not exemptions and \
            "exemptions" not in front.data:
        front.report("decisions.exemption-missing", f"a {status} decision must name the "
                     "exemption that withholds it", "add e.g. 'exemptions: [s43(2)]' "
                     "(commercial interests) or [s40(2)] (personal data)", ("status",))
    if status == "public" and front.data.get("exemptions"):
        front.report("decisions.exemption-public", "exemptions are given for a public "
                     "decision", "if part of it is withheld, its status is 'part-exempt'; "
                     "otherwise remove 'exemptions'", ("exemptions",))
    if status == "exempt" and review is None and "review_exemption" not in front.data:
        front.report("decisions.review-missing", "an exempt decision must say when the "
                     "exemption will be reviewed", "add 'review_exemption: YYYY-MM-DD': the "
                     "notice tells readers when the decision may be published", ("status",))
    if status in ("public", "part-exempt") and "review_exemption" in front.data:
        front.report("decisions.review-exemption", "'review_exemption' is given for a "
                     f"{status} decision", "only an exempt decision, published as a notice, "
                     "has a review date; remove it", ("review_exemption",))


def financial_implications(front: FrontMatter) -> Decimal | None:
    """An amount in pounds (118400, 118400.50, '£118,400'), or none. Wrong: reported."""
    written: Any = front.value("financial_implications")
    if written is None or isinstance(written, bool):
        if isinstance(written, bool):
            report_amount(front, written)
        return None
    if isinstance(written, (int, float)):
        written = repr(written) if isinstance(written, float) else str(written)
    text = " ".join(str(written).split())
    if text.lower() in NONE_WORDS:
        return None
    match = _AMOUNT.fullmatch(text)
    if match is None:
        report_amount(front, written)
        return None
    try:
        return Decimal(match["number"].replace(",", "") + (match["pence"] or ""))
    except InvalidOperation:  # pragma: no cover - the pattern allows only digits
        report_amount(front, written)
        return None


def report_amount(front: FrontMatter, written: Any) -> None:
    front.report("decisions.amount", f"'financial_implications' must be an amount in "
                 f"pounds or none, not '{written}'", "write the sum the decision commits, "
                 "e.g. 'financial_implications: 118400' or '£118,400.50', or "
                 "'financial_implications: none'", ("financial_implications",))


def meeting_address(front: FrontMatter) -> str | None:
    """The meeting's address on this site (/meetings/…/), which the link checker checks."""
    meeting = front.value("meeting")
    if meeting is None:
        return None
    if not _SITE_PATH.fullmatch(meeting) or meeting.startswith("//"):
        front.report("decisions.meeting", f"'meeting' must be the address of a meeting on "
                     f"this site, not '{meeting}'", "write the meeting page's address, e.g. "
                     "/meetings/2026/2026-10-15-public-accountability-board/", ("meeting",))
        return None
    return meeting if meeting.endswith("/") or "." in meeting.rsplit("/", 1)[-1] \
        else meeting + "/"


def check_reference(front: FrontMatter, reference: str, made: date | None,
                    pattern: ReferencePattern) -> None:
    """The reference follows the pattern, names the file, and its year and folder are the
    year the decision was made."""
    parsed = pattern.parse(reference)
    if parsed is None:
        front.report("decisions.reference", f"the reference '{reference}' does not follow "
                     f"the pattern {pattern.text}", f"write it like {pattern.example} (YYYY "
                     "is the year the decision was made, N a digit)", ("reference",))
        return
    stem = PurePosixPath(front.path).stem
    if stem != reference:
        front.report("decisions.filename", f"the file is named '{stem}.md' but the "
                     f"reference is '{reference}'", f"rename the file to {reference}.md",
                     ("reference",))
    if made is None:
        return
    if parsed[0] != made.year:
        front.report("decisions.reference", f"the reference '{reference}' is for "
                     f"{parsed[0]}, but the decision was made in {made.year}", "the year in "
                     "the reference is the year the decision was made; check both",
                     ("reference",))
    folder = PurePosixPath(front.path).parent.name
    if folder != str(made.year):
        front.report("decisions.year-folder", f"the record is in the folder '{folder}/' but "
                     f"the decision was made in {made.year}",
                     f"move it to content/{FOLDER}/{made.year}/", ("made",))
