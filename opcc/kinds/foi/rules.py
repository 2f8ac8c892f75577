"""What an FOI record's keys must say, alone and together: dates within the Acts, the
reference and where the file is, exemptions that exist and fit the regime and the outcome,
an extension only for a qualified exemption, and an internal review after the response.

Each function reads values from a record's `FrontMatter` and reports there, so every
diagnostic names the line and column of the key concerned.
"""

from __future__ import annotations

from datetime import date
from pathlib import PurePosixPath

from opcc.diagnostics import warning
from opcc.kinds.foi.records import (
    EXEMPTIONS,
    FIRST_DAY,
    Exemption,
    InternalReview,
    ReferencePattern,
    exemption_suggestion,
    normalise_exemption,
)
from opcc.kinds.foi.working_days import EXTENDED_LIMIT, deadline
from opcc.kinds.pages import FOI_DIR
from opcc.source.front_matter import FrontMatter


def record_date(front: FrontMatter, name: str, today: date,
                may_be_future: bool = False) -> date | None:
    """A date key, on or after 1 January 2005 and, unless `may_be_future`, not after today."""
    day = front.value(name)
    if day is None:
        return None
    if day < FIRST_DAY:
        front.report("foi.date-range", f"'{name}' ({day}) is before 2005",
                     "the Freedom of Information Act and the EIR apply to requests from "
                     "1 January 2005; check the year", (name,))
        return None
    if day > today and not may_be_future:
        front.report("foi.future-date", f"'{name}' ({day}) is in the future",
                     f"today is {today}; the log holds requests already answered, "
                     "so check the year", (name,))
        return None
    return day


def tidy(texts: tuple[str, ...]) -> tuple[str, ...]:
    """List entries with runs of spaces made one."""
    return tuple(" ".join(text.split()) for text in texts)


def read_exemptions(front: FrontMatter, regime: str) -> tuple[str, ...]:
    """The exemptions cited, normalised (s40(2)), each known and once."""
    codes: list[str] = []
    for index, written in enumerate(tidy(front.value("exemptions"))):
        code = normalise_exemption(written, regime)
        where = ("exemptions", index)
        if code is None:
            front.report("foi.exemption", f"unknown exemption '{written}'"
                         f"{exemption_suggestion(written, regime)}",
                         "write FOIA sections 21 to 44 as s40(2) or s31(1)(a), the cost "
                         "limit as s12, vexatious requests as s14(1), and EIR exceptions "
                         "as reg12(4)(b) or reg12(5)(e)", where)
            continue
        if not _fits_regime(front, written, EXEMPTIONS[code], regime, where):
            continue
        if code in codes:
            front.report("foi.exemption-duplicate", f"'{written}' is listed twice",
                         "list each exemption once", where, severity=warning)
            continue
        codes.append(code)
    return tuple(codes)


def _fits_regime(front: FrontMatter, written: str, found: Exemption, regime: str,
                 where: tuple) -> bool:
    """False (reported) for an EIR exception on a FOIA request; a FOIA section on an EIR
    request is only a warning."""
    if found.regime == "eir" and regime != "eir":
        front.report("foi.exemption", f"'{written}' is an Environmental Information "
                     "Regulations exception, but the request was handled under FOIA",
                     "add 'regime: eir' if the EIR applied, or cite the FOIA section", where)
        return False
    if found.regime == "foia" and regime == "eir" and found.section != "s39":
        front.report("foi.exemption", f"'{written}' is a FOIA section on a request "
                     "handled under the EIR", "the EIR use regulations 12 and 13 "
                     "(e.g. reg12(5)(e), reg13); if part of the request fell under "
                     "FOIA this is fine", where, severity=warning)
    return True


def read_review(front: FrontMatter, today: date) -> InternalReview | None:
    """The internal review, if there was one: asked for, and answered with an outcome."""
    review = front.value("internal_review")
    if review is None:
        return None
    review.check_keys()
    requested = record_date(review, "requested", today)
    completed = record_date(review, "completed", today)
    outcome = review.value("outcome")
    if completed and outcome is None and "outcome" not in review.data:
        review.report("foi.review", "the internal review is completed but has no outcome",
                      "add 'outcome: upheld', 'partially-upheld' or 'overturned'", ())
    if review.data.get("outcome") is not None and "completed" not in review.data:
        review.report("foi.review", "the internal review has an outcome but no "
                      "'completed' date", "add 'completed: YYYY-MM-DD'", ("outcome",))
    if requested and completed and completed < requested:
        review.report("foi.review-date", f"the internal review was completed ({completed}) "
                      f"before it was requested ({requested})", "check both dates",
                      ("completed",))
    if requested is None:
        return None
    return InternalReview(requested, completed, outcome)


def check_reference(front: FrontMatter, reference: str, received: date | None,
                    pattern: ReferencePattern) -> None:
    """The reference follows the site's pattern, names the file, and its year and folder
    are the year received."""
    parsed = pattern.parse(reference)
    if parsed is None:
        front.report("foi.reference", f"the reference '{reference}' does not follow the "
                     f"pattern {pattern.text}", f"write it like {pattern.example} (YYYY is "
                     "the year received, N a digit)", ("reference",))
        return
    year, _ = parsed
    stem = PurePosixPath(front.path).stem
    if stem != reference:
        front.report("foi.filename", f"the file is named '{stem}.md' but the reference is "
                     f"'{reference}'", f"rename the file to {reference}.md", ("reference",))
    if received and year != received.year:
        front.report("foi.reference-year", f"the reference '{reference}' is for {year}, "
                     f"but the request was received in {received.year}",
                     "the year in the reference is the year the request was received; "
                     "check both", ("reference",))
    folder = PurePosixPath(front.path).parent.name
    if received and folder != str(received.year):
        front.report("foi.year-folder", f"the record is in the folder '{folder}/' but the "
                     f"request was received in {received.year}",
                     f"move it to content/{FOI_DIR}/{received.year}/", ("received",))


def check_consistency(front: FrontMatter, received: date, responded: date,
                      outcome: str | None, exemptions: tuple[str, ...], regime: str | None,
                      extended_to: date | None, review: InternalReview | None) -> None:
    """The checks across keys: dates in order, exemptions that fit the outcome."""
    if responded < received:
        front.report("foi.date-order", f"'responded' ({responded}) is before 'received' "
                     f"({received})", "a request cannot be answered before it arrives; "
                     "check both dates", ("responded",))
    details = [EXEMPTIONS[c] for c in exemptions]
    if outcome in ("refused", "partially-granted") and not exemptions:
        front.report("foi.exemption-missing", f"a {outcome} request must cite the "
                     "exemption relied on", "add e.g. 'exemptions: [s40(2)]'; a refusal "
                     "on cost is s12, a vexatious request s14(1)", ("outcome",))
    if outcome == "granted" and exemptions:
        front.report("foi.exemption-granted", "an exemption is cited on a request granted "
                     "in full", "if some information was withheld the outcome is "
                     "'partially-granted'; otherwise remove the exemptions", ("exemptions",))
    if extended_to:
        check_extension(front, received, extended_to, details, regime)
    if review and review.requested < responded:
        front.report("foi.review-date", f"the internal review was requested "
                     f"({review.requested}) before the response ({responded})",
                     "a review is asked for after the response; check the dates",
                     ("internal_review", "requested"))
    codes = {d.section for d in details}
    if "s12" in codes and len(details) > 1:
        front.report("foi.s12-combined", "section 12 (cost) is cited with other exemptions",
                     "when the cost limit applies the request is refused as a whole and "
                     "normally no other exemption is considered; cite s12 alone or "
                     "remove it", ("exemptions",), severity=warning)


def check_extension(front: FrontMatter, received: date, extended_to: date,
                    details: list[Exemption], regime: str | None) -> None:
    """A public-interest extension: after receipt, for a qualified exemption (FOIA), and
    within the time the Code of Practice and the EIR allow."""
    where = ("extended_to",)
    if extended_to <= received:
        front.report("foi.date-order", f"'extended_to' ({extended_to}) is not after "
                     f"'received' ({received})", "check the date", where)
        return
    if regime != "eir":  # EIR reg 7 extends for complexity, with or without exceptions
        if not details:
            front.report("foi.extension-no-exemption", "a public-interest extension is "
                         "recorded but no exemption is cited", "section 10(3) extends the "
                         "time only to consider the public interest in a qualified "
                         "exemption: cite it, or remove 'extended_to'", where)
        elif not any(d.qualified for d in details):
            cited = ", ".join(d.code for d in details)
            front.report("foi.extension-absolute", f"a public-interest extension is "
                         f"recorded but {cited} has no public interest test",
                         "absolute exemptions, s12 and s14 allow no extension: only "
                         "qualified exemptions do; remove 'extended_to' or cite the "
                         "qualified exemption considered", where)
    if extended_to <= deadline(received):
        front.report("foi.extension", f"'extended_to' ({extended_to}) is not after the "
                     f"normal deadline ({deadline(received)})", "an extension moves the "
                     "deadline later; check the date or remove the key", where,
                     severity=warning)
    elif extended_to > deadline(received, EXTENDED_LIMIT):
        front.report("foi.extension", f"'extended_to' ({extended_to}) is more than "
                     f"{EXTENDED_LIMIT} working days after receipt",
                     "the EIR allow at most 40 working days and the FOI Code of Practice "
                     "expects an extension of no more than 20 further working days",
                     where, severity=warning)
