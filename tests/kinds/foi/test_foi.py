"""FOI disclosure log: working days, records and their checks, open data, statistics, import."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from opcc.cli.foi import foi as foi_group
from opcc.cli.foi import new_foi
from opcc.importers.foi import import_cases, new_foi_record
from opcc.kinds.foi import data as foi_data
from opcc.kinds.foi import records as foi
from opcc.kinds.foi.data import (
    LOG_SCHEMA,
    STATISTICS_SCHEMA,
    log_csv,
    log_json,
    log_rows,
    statistics,
    statistics_rows,
    validate_log,
    validate_rows,
)
from opcc.kinds.foi.reader import load_foi
from opcc.kinds.foi.records import EXEMPTIONS, OUTCOMES, normalise_exemption
from opcc.kinds.foi.working_days import (
    deadline,
    is_working_day,
    uk_bank_holidays,
    working_days,
)
from tests.conftest import REPO

FIXTURES = REPO / "tests" / "foi_fixtures"
TODAY = date(2026, 11, 25)
PATTERN = "FOI-YYYY-NNNN"

GOOD = """\
---
reference: FOI-2025-0042
title: Cost of the commissioner's office refurbishment
received: 2025-03-03
responded: 2025-03-28
outcome: partially-granted
exemptions: [s43(2)]
topics: [estates, spending]
regime: foia
extended_to: 2025-04-28
internal_review: {requested: 2025-04-02, completed: 2025-04-25, outcome: upheld}
attachments:
  - {file: refurbishment-costs.csv, title: Refurbishment costs}
---

## Request

Please provide the total cost of the refurbishment. Include furniture.

## Response

The total cost was £120,000. We withheld the contractor's rates.
"""
ATTACHMENT = b"item,cost\r\nBuilding works,100000\r\nFurniture,20000\r\n"


def d(text: str) -> date:
    return date.fromisoformat(text)


# --------------------------------------------------------------------------- working days

def test_christmas_and_new_year_excludes_scotlands_2_january():
    # Received Friday 20 Dec 2024. Sat 21 and Sun 22 are weekend. Mon 23 = day 1, Tue 24 = 2,
    # Wed 25 Christmas Day and Thu 26 Boxing Day are bank holidays, Fri 27 = 3, (weekend),
    # Mon 30 = 4, Tue 31 = 5, Wed 1 Jan New Year's Day, Thu 2 Jan a bank holiday in
    # Scotland only - still not a working day under s10(6) - Fri 3 = 6, (weekend),
    # Mon 6 to Fri 10 Jan = 7..11. Answered Friday 10 January: 11 working days.
    assert working_days(d("2024-12-20"), d("2025-01-10")) == 11
    # Carrying on: Mon 13 to Fri 17 = 12..16, Mon 20 = 17, Tue 21 = 18, Wed 22 = 19,
    # Thu 23 = 20. England's holidays alone would give 22 January.
    assert deadline(d("2024-12-20")) == d("2025-01-23")
    assert not is_working_day(d("2025-01-02"))


def test_christmas_on_a_weekend_uses_the_substitute_days():
    # Received Fri 24 Dec 2021. Christmas (Sat 25) and Boxing Day (Sun 26) are replaced by
    # Mon 27 and Tue 28 as bank holidays; Wed 29 = 1, Thu 30 = 2, Fri 31 = 3; New Year's
    # Day (Sat 1 Jan 2022) is replaced by Mon 3 Jan, and Scotland's 2 January (Sunday) by
    # Tue 4 Jan; Wed 5 = 4, Thu 6 = 5, Fri 7 = 6.
    assert working_days(d("2021-12-24"), d("2022-01-07")) == 6


def test_easter_good_friday_and_easter_monday():
    # Received Mon 14 Apr 2025. Tue 15 = 1, Wed 16 = 2, Thu 17 = 3, Fri 18 Good Friday,
    # (weekend), Mon 21 Easter Monday, Tue 22 = 4, Wed 23 = 5, Thu 24 = 6, Fri 25 = 7.
    assert working_days(d("2025-04-14"), d("2025-04-25")) == 7


def test_early_may_bank_holiday():
    # Received Wed 30 Apr 2025. Thu 1 May = 1, Fri 2 = 2, (weekend), Mon 5 May early May
    # bank holiday, Tue 6 = 3, Wed 7 = 4, Thu 8 = 5, Fri 9 = 6.
    assert working_days(d("2025-04-30"), d("2025-05-09")) == 6


def test_st_patricks_day_northern_ireland():
    # Received Fri 14 Mar 2025. (weekend), Mon 17 Mar St Patrick's Day (Northern Ireland),
    # Tue 18 = 1, Wed 19 = 2, Thu 20 = 3, Fri 21 = 4.
    assert working_days(d("2025-03-14"), d("2025-03-21")) == 4
    # In 2024 17 March was a Sunday, so Monday 18 March was the bank holiday: received Fri
    # 15 Mar, (weekend), Mon 18 not a working day, Tue 19..Fri 22 = 4.
    assert working_days(d("2024-03-15"), d("2024-03-22")) == 4


def test_twelfth_of_july_northern_ireland():
    # Received Mon 8 Jul 2024. Tue 9 = 1, Wed 10 = 2, Thu 11 = 3, Fri 12 Battle of the Boyne
    # (Northern Ireland), (weekend), Mon 15 = 4.
    assert working_days(d("2024-07-08"), d("2024-07-15")) == 4
    # 12 July 2025 was a Saturday; Mon 14 July was the substitute holiday. Received Fri 11,
    # (weekend), Mon 14 not a working day, Tue 15..Fri 18 = 4.
    assert working_days(d("2025-07-11"), d("2025-07-18")) == 4


def test_scottish_august_and_st_andrews_day():
    # First Monday of August is Scotland's summer bank holiday: received Fri 1 Aug 2025,
    # (weekend), Mon 4 Aug excluded, Tue 5..Fri 8 = 4.
    assert working_days(d("2025-08-01"), d("2025-08-08")) == 4
    # St Andrew's Day 2025 was a Sunday; Mon 1 Dec was the substitute day in Scotland:
    # received Fri 28 Nov, (weekend), Mon 1 Dec excluded, Tue 2..Fri 5 = 4.
    assert working_days(d("2025-11-28"), d("2025-12-05")) == 4


def test_one_off_bank_holidays():
    # The Queen's state funeral, Mon 19 Sep 2022: received Fri 16, (weekend), Mon 19
    # excluded, Tue 20..Fri 23 = 4.
    assert working_days(d("2022-09-16"), d("2022-09-23")) == 4
    # The coronation, Mon 8 May 2023, a week after the early May bank holiday (Mon 1 May):
    # received Fri 28 Apr, (weekend), Mon 1 May excluded, Tue 2..Fri 5 = 1..4, (weekend),
    # Mon 8 May excluded, Tue 9..Fri 12 = 5..8.
    assert working_days(d("2023-04-28"), d("2023-05-12")) == 8
    # Platinum jubilee: spring bank holiday moved to Thu 2 Jun 2022 plus Fri 3 Jun. Received
    # Tue 31 May; Wed 1 Jun = 1, Thu 2 and Fri 3 excluded, (weekend), Mon 6 = 2, Tue 7 = 3.
    assert working_days(d("2022-05-31"), d("2022-06-07")) == 3


def test_request_received_on_a_weekend():
    # The date of receipt need not be a working day (ICO line to take LTT47): received Sat
    # 1 Mar 2025, Sun 2 is not a working day, Mon 3 = 1, ..., Fri 7 = 5.
    assert working_days(d("2025-03-01"), d("2025-03-07")) == 5
    # Deadline: Mon 3..Fri 7 = 1..5, Mon 10..Fri 14 = 6..10, Mon 17 St Patrick's Day,
    # Tue 18..Fri 21 = 11..14, Mon 24..Fri 28 = 15..19, Mon 31 = 20. The same as for a
    # request received on Friday 28 February, whose day 1 is also Monday 3 March.
    assert deadline(d("2025-03-01")) == d("2025-03-31")
    assert deadline(d("2025-02-28")) == d("2025-03-31")


def test_same_day_and_backwards_answers_take_no_days():
    assert working_days(d("2025-03-03"), d("2025-03-03")) == 0
    assert working_days(d("2025-03-03"), d("2025-03-01")) == 0
    # The next working day is day 1.
    assert working_days(d("2025-03-03"), d("2025-03-04")) == 1


def test_holidays_are_the_union_of_every_part_of_the_uk():
    days = uk_bank_holidays(2024)
    for day in ("2024-01-01", "2024-01-02", "2024-03-18", "2024-03-29", "2024-04-01",
                "2024-05-06", "2024-05-27", "2024-07-12", "2024-08-05", "2024-08-26",
                "2024-12-02", "2024-12-25", "2024-12-26"):
        assert d(day) in days, day
    assert d("2023-05-08") in uk_bank_holidays(2023)
    assert uk_bank_holidays(2024) is uk_bank_holidays(2024)  # cached per year


def test_deadline_with_an_extension_of_twenty_more_days():
    # 2025-03-03 + 20 = Tue 1 Apr (see the weekend test for the count to 31 March, then one
    # more). 20 more: Apr 2-4 (3), 7-11 (8), 14-17 (12), Good Friday and Easter Monday out,
    # 22-25 (16), 28-30 (19), Thu 1 May (20).
    assert deadline(d("2025-03-03")) == d("2025-04-01")
    assert deadline(d("2025-03-03"), 40) == d("2025-05-01")


# --------------------------------------------------------------------------- exemptions

def test_exemption_list_covers_sections_21_to_44_and_the_eir():
    sections = {e.section for e in EXEMPTIONS.values() if e.regime == "foia"}
    for number in [n for n in range(21, 45) if n != 25]:  # s25 is not an exemption
        assert f"s{number}" in sections, number
    assert {"s12", "s14", "s22A"} <= sections
    for code in ("reg12(4)(a)", "reg12(4)(b)", "reg12(4)(c)", "reg12(4)(d)", "reg12(4)(e)",
                 "reg12(5)(a)", "reg12(5)(b)", "reg12(5)(c)", "reg12(5)(d)", "reg12(5)(e)",
                 "reg12(5)(f)", "reg12(5)(g)", "reg13"):
        assert code in EXEMPTIONS, code
    for exemption in EXEMPTIONS.values():
        assert exemption.url.startswith("https://www.legislation.gov.uk/")
        assert exemption.kind in ("absolute", "qualified", "procedural")
        assert exemption.title


def test_absolute_and_qualified():
    absolute = ["s21", "s23", "s32", "s34", "s40(1)", "s40(2)", "s41", "s44(1)(a)",
                "s37(1)(a)"]
    qualified = ["s22", "s24", "s30(1)(a)", "s31(1)(a)", "s36(2)(b)(i)", "s37(1)(b)",
                 "s38(1)(b)", "s42", "s43(2)", "reg12(5)(e)"]
    assert all(EXEMPTIONS[c].absolute for c in absolute)
    assert all(EXEMPTIONS[c].qualified for c in qualified)
    assert EXEMPTIONS["s12"].kind == EXEMPTIONS["s14(1)"].kind == "procedural"
    assert EXEMPTIONS["s31(1)(a)"].title == "Law enforcement: Prevention or detection of crime"
    assert EXEMPTIONS["s40(2)"].label == "Section 40(2)"
    assert EXEMPTIONS["reg12(4)(b)"].label == "Regulation 12(4)(b)"


@pytest.mark.parametrize("written, regime, code", [
    ("s40(2)", "foia", "s40(2)"), ("Section 40 (2)", "foia", "s40(2)"),
    ("s.31(1)(a)", "foia", "s31(1)(a)"), ("S31(1)(A)", "foia", "s31(1)(a)"),
    ("21", "foia", "s21"), ("s21(1)", "foia", "s21"), ("s22a", "foia", "s22A"),
    ("s12(1)", "foia", "s12"), ("s14(1)", "foia", "s14(1)"),
    ("reg12(4)(b)", "eir", "reg12(4)(b)"), ("Regulation 12(5)(e)", "eir", "reg12(5)(e)"),
    ("12(5)(e)", "eir", "reg12(5)(e)"), ("13", "eir", "reg13"),
    ("s40(3)", "foia", None), ("s99", "foia", None), ("reg12(6)", "eir", None),
])
def test_normalise_exemption(written, regime, code):
    assert normalise_exemption(written, regime) == code


# --------------------------------------------------------------------------- records

def write(root: Path, text: str, name: str = "2025/FOI-2025-0042.md",
          attachment: bool = True) -> Path:
    path = root / "content" / "foi" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    if attachment:
        (path.parent / "refurbishment-costs.csv").write_bytes(ATTACHMENT)
    return path


def load(root: Path, text: str | None = None, **kw):
    if text is not None:
        write(root, text, **kw)
    return load_foi(root, PATTERN, TODAY)


def one(diagnostics, code, line=None, severity="error"):
    found = [x for x in diagnostics if x.code == code]
    assert len(found) == 1, diagnostics
    problem = found[0]
    assert problem.severity == severity, problem
    if line is not None:
        assert problem.line == line, problem
    assert problem.hint and problem.path and problem.path.startswith("content/foi/")
    return problem


def test_good_record(tmp_path):
    records, diagnostics = load(tmp_path, GOOD)
    assert diagnostics == []
    (record,) = records
    assert record.source == "content/foi/2025/FOI-2025-0042.md"
    assert record.url == "/foi/2025/FOI-2025-0042/"
    assert record.exemptions == ("s43(2)",)
    assert record.regime == "foia"
    assert record.topics == ("estates", "spending")
    assert record.extended_to == d("2025-04-28")
    assert record.internal_review == foi.InternalReview(d("2025-04-02"), d("2025-04-25"),
                                                        "upheld")
    # received Mon 3 Mar: 4-7 (4), 10-14 (9), 17 Mar is St Patrick's Day, 18-21 (13),
    # 24-28 (18): answered on day 18, deadline Tue 1 April.
    assert record.working_days == 18
    assert record.deadline == d("2025-04-01")
    assert record.in_time and record.extended
    assert record.summary == "Please provide the total cost of the refurbishment."
    assert record.request.startswith("Please provide")
    assert record.response.startswith("The total cost")
    assert record.published == d("2025-03-28") and record.last_updated == d("2025-04-25")
    assert record.scheme_class == "lists-registers"
    (attachment,) = record.attachments
    assert attachment.url == "/foi/2025/refurbishment-costs.csv"
    assert attachment.line == 13 and attachment.type_label == "CSV"
    assert record.key_lines["reference"] == 2


def test_minimal_record_defaults(tmp_path):
    text = """\
---
reference: FOI-2025-0001
title: Number of staff
received: 2025-01-06
responded: 2025-01-20
outcome: granted
---

## Request

How many staff work in the office?

## Response

Twenty-two.
"""
    records, diagnostics = load(tmp_path, text, name="2025/FOI-2025-0001.md", attachment=False)
    assert diagnostics == []
    assert records[0].exemptions == () and records[0].topics == ()
    assert records[0].regime == "foia" and records[0].internal_review is None


def test_responded_before_received(tmp_path):
    _, diagnostics = load(tmp_path, GOOD.replace("responded: 2025-03-28",
                                                 "responded: 2025-02-28"))
    problem = one(diagnostics, "foi.date-order", line=5)
    assert problem.column == 12


@pytest.mark.parametrize("outcome", ["refused", "partially-granted"])
def test_refused_or_partial_without_exemption(tmp_path, outcome):
    text = GOOD.replace("outcome: partially-granted", f"outcome: {outcome}") \
        .replace("exemptions: [s43(2)]", "exemptions: []").replace("extended_to: 2025-04-28\n", "")
    _, diagnostics = load(tmp_path, text)
    one(diagnostics, "foi.exemption-missing", line=6)


@pytest.mark.parametrize("outcome", ["refused", "not-held", "withdrawn", "granted"])
def test_outcomes_that_are_fine(tmp_path, outcome):
    text = GOOD.replace("outcome: partially-granted", f"outcome: {outcome}")
    if outcome != "refused":
        text = text.replace("exemptions: [s43(2)]", "exemptions: []") \
            .replace("extended_to: 2025-04-28\n", "")
    records, diagnostics = load(tmp_path, text)
    assert diagnostics == [] and records[0].outcome == outcome


def test_exemption_on_a_granted_request(tmp_path):
    _, diagnostics = load(tmp_path, GOOD.replace("outcome: partially-granted",
                                                 "outcome: granted"))
    one(diagnostics, "foi.exemption-granted", line=7)


def test_absolute_exemption_with_an_extension(tmp_path):
    _, diagnostics = load(tmp_path, GOOD.replace("[s43(2)]", "[s40(2)]"))
    problem = one(diagnostics, "foi.extension-absolute", line=10)
    assert "s40(2)" in problem.message


def test_cost_limit_with_an_extension(tmp_path):
    _, diagnostics = load(tmp_path, GOOD.replace("[s43(2)]", "[s12]")
                          .replace("partially-granted", "refused"))
    one(diagnostics, "foi.extension-absolute", line=10)


def test_extension_with_a_qualified_and_an_absolute_exemption_is_fine(tmp_path):
    _, diagnostics = load(tmp_path, GOOD.replace("[s43(2)]", "[s40(2), s43(2)]"))
    assert diagnostics == []


def test_extension_without_any_exemption(tmp_path):
    _, diagnostics = load(tmp_path, GOOD.replace("outcome: partially-granted", "outcome: granted")
                          .replace("[s43(2)]", "[]"))
    one(diagnostics, "foi.extension-no-exemption", line=10)


def test_eir_extension_needs_no_exception(tmp_path):
    # EIR reg 7 extends the time for complex and voluminous requests, exceptions or not.
    text = GOOD.replace("regime: foia", "regime: eir").replace(
        "outcome: partially-granted", "outcome: granted").replace("[s43(2)]", "[]")
    _, diagnostics = load(tmp_path, text)
    assert diagnostics == []


def test_extension_dates(tmp_path):
    _, diagnostics = load(tmp_path, GOOD.replace("extended_to: 2025-04-28",
                                                 "extended_to: 2025-03-20"))
    one(diagnostics, "foi.extension", line=10, severity="warning")
    _, diagnostics = load(tmp_path, GOOD.replace("extended_to: 2025-04-28",
                                                 "extended_to: 2025-06-30"))
    one(diagnostics, "foi.extension", line=10, severity="warning")


def test_internal_review_before_the_response(tmp_path):
    _, diagnostics = load(tmp_path, GOOD.replace("requested: 2025-04-02",
                                                 "requested: 2025-03-20"))
    problem = one(diagnostics, "foi.review-date", line=11)
    assert problem.column == 30  # at the 'requested' value


def test_internal_review_completed_before_requested(tmp_path):
    _, diagnostics = load(tmp_path, GOOD.replace("completed: 2025-04-25",
                                                 "completed: 2025-04-01"))
    one(diagnostics, "foi.review-date", line=11)


def test_internal_review_outcomes(tmp_path):
    _, diagnostics = load(tmp_path, GOOD.replace("outcome: upheld", "outcome: rejected"))
    assert "did you mean" not in one(diagnostics, "foi.review", line=11).message
    _, diagnostics = load(tmp_path, GOOD.replace(", outcome: upheld", ""))
    one(diagnostics, "foi.review", line=11)
    records, diagnostics = load(tmp_path, GOOD.replace(", completed: 2025-04-25, outcome: upheld",
                                                       ""))
    assert diagnostics == [] and records[0].internal_review.completed is None


def test_internal_review_without_the_date_requested(tmp_path):
    # was a KeyError: the hint looked 'requested' up among the record's own keys
    _, diagnostics = load(tmp_path, GOOD.replace("requested: 2025-04-02, ", ""))
    problem = one(diagnostics, "foi.missing-key", line=11)
    assert problem.message == "'requested' is required"
    assert problem.column == 18  # at the internal review it is missing from
    assert "ISO date the internal review was asked for" in problem.hint


def test_unknown_key_that_is_a_number_points_at_its_line(tmp_path):
    _, diagnostics = load(tmp_path, GOOD.replace("regime: foia\n", "regime: foia\n1: x\n"))
    assert (one(diagnostics, "foi.unknown-key", line=10).column) == 1


def test_s12_with_other_exemptions_is_a_warning(tmp_path):
    text = GOOD.replace("[s43(2)]", "[s12, s40(2)]").replace("partially-granted", "refused") \
        .replace("extended_to: 2025-04-28\n", "")
    records, diagnostics = load(tmp_path, text)
    one(diagnostics, "foi.s12-combined", line=7, severity="warning")
    assert records  # a warning does not stop the record


def test_unknown_exemption_with_a_suggestion(tmp_path):
    _, diagnostics = load(tmp_path, GOOD.replace("[s43(2)]", "[s43(2), s43(9)]"))
    problem = one(diagnostics, "foi.exemption", line=7)
    assert problem.column == 22 and "s43(9)" in problem.message


def test_eir_exception_on_a_foia_request(tmp_path):
    _, diagnostics = load(tmp_path, GOOD.replace("[s43(2)]", "[reg12(5)(e)]"))
    problem = one(diagnostics, "foi.exemption", line=7)
    assert "regime: eir" in problem.hint


def test_eir_record(tmp_path):
    text = GOOD.replace("regime: foia", "regime: eir").replace("[s43(2)]",
                                                               "[regulation 12(5)(e), reg13]")
    records, diagnostics = load(tmp_path, text)
    assert diagnostics == []
    assert records[0].exemptions == ("reg12(5)(e)", "reg13")


def test_foia_section_on_an_eir_request_is_a_warning(tmp_path):
    _, diagnostics = load(tmp_path, GOOD.replace("regime: foia", "regime: eir"))
    one(diagnostics, "foi.exemption", line=7, severity="warning")


@pytest.mark.parametrize("key", ["requester", "requester_email", "name", "email", "address",
                                 "Requestor", "applicant", "phone"])
def test_requester_keys_are_errors(tmp_path, key):
    text = GOOD.replace("topics:", f"{key}: someone\ntopics:")
    records, diagnostics = load(tmp_path, text)
    problem = one(diagnostics, "foi.requester", line=8)
    assert problem.column == 1 and "someone" not in problem.message
    assert records == []


def test_requester_key_inside_the_review(tmp_path):
    _, diagnostics = load(tmp_path, GOOD.replace("outcome: upheld}",
                                                 "outcome: upheld, requester_name: x}"))
    one(diagnostics, "foi.requester", line=11)


def test_unknown_and_page_keys(tmp_path):
    _, diagnostics = load(tmp_path, GOOD.replace("topics:", "topcs:"))
    assert "did you mean 'topics'" in one(diagnostics, "foi.unknown-key", line=8).message
    _, diagnostics = load(tmp_path, GOOD.replace("topics:", "summary: x\ntopics:"))
    assert "first sentence" in one(diagnostics, "foi.unknown-key", line=8).hint


def test_missing_keys(tmp_path):
    _, diagnostics = load(tmp_path, GOOD.replace("outcome: partially-granted\n", ""))
    one(diagnostics, "foi.missing-key", line=1)


@pytest.mark.parametrize("line, replacement, code", [
    ("received: 2025-03-03", "received: 03/03/2025", "foi.date"),
    ("received: 2025-03-03", "received: 2025-02-30", "foi.date"),
    ("received: 2025-03-03", "received: 2004-12-31", "foi.date-range"),
    ("responded: 2025-03-28", "responded: 2027-01-04", "foi.future-date"),
])
def test_bad_dates(tmp_path, line, replacement, code):
    _, diagnostics = load(tmp_path, GOOD.replace(line, replacement))
    problem = one(diagnostics, code, line=4 if "received" in line else 5)
    if replacement.endswith("03/03/2025"):
        assert "2025-03-03" in problem.hint


def test_outcome_typo(tmp_path):
    _, diagnostics = load(tmp_path, GOOD.replace("partially-granted", "partialy-granted"))
    assert "did you mean 'partially-granted'" in one(diagnostics, "foi.outcome", line=6).message


def test_reference_checks(tmp_path):
    _, diagnostics = load(tmp_path, GOOD.replace("reference: FOI-2025-0042",
                                                 "reference: FOI-25-42"))
    one(diagnostics, "foi.reference", line=2)
    _, diagnostics = load(tmp_path, GOOD, name="2025/FOI-2025-0043.md")
    one([x for x in diagnostics if x.path.endswith("0043.md")], "foi.filename", line=2)


def test_reference_and_folder_year(tmp_path):
    _, diagnostics = load(tmp_path, GOOD, name="2024/FOI-2025-0042.md")
    one(diagnostics, "foi.year-folder", line=4)
    text = GOOD.replace("FOI-2025-0042", "FOI-2024-0042")
    _, diagnostics = load(tmp_path / "b", text, name="2025/FOI-2024-0042.md")
    one(diagnostics, "foi.reference-year", line=2)


def test_records_outside_a_year_folder(tmp_path):
    _, diagnostics = load(tmp_path, GOOD, name="FOI-2025-0042.md")
    one(diagnostics, "foi.location", line=1)


def test_duplicate_references(tmp_path):
    write(tmp_path, GOOD)
    write(tmp_path, GOOD.replace("FOI-2025-0042", "FOI-2025-0043"), "2025/FOI-2025-0043.md")
    text = GOOD.replace("reference: FOI-2025-0042", "reference: FOI-2025-0043")
    write(tmp_path, text, "2025/FOI-2025-0044.md")
    records, diagnostics = load(tmp_path)
    assert {x.code for x in diagnostics} == {"foi.filename"}
    assert [r.reference for r in records] == ["FOI-2025-0043", "FOI-2025-0042"]


def test_body_sections(tmp_path):
    _, diagnostics = load(tmp_path, GOOD.replace("## Response", "## Answer"))
    one(diagnostics, "foi.body", line=15)
    _, diagnostics = load(tmp_path, GOOD.replace(
        "Please provide the total cost of the refurbishment. Include furniture.\n", ""))
    one(diagnostics, "foi.body", line=16)


def test_attachments(tmp_path):
    _, diagnostics = load(tmp_path, GOOD.replace("file: refurbishment-costs.csv",
                                                 "file: costs.csv"))
    one(diagnostics, "attachment.missing", line=13)
    _, diagnostics = load(tmp_path, GOOD.replace("file: refurbishment-costs.csv",
                                                 "file: ../secret.csv"))
    one(diagnostics, "attachment.path", line=13)


def test_yaml_and_encoding_errors_are_diagnostics(tmp_path):
    _, diagnostics = load(tmp_path, GOOD.replace("title: Cost", "title: Cost: of"))
    one(diagnostics, "foi.yaml", line=3)
    path = write(tmp_path, "")
    path.write_bytes(b"---\ntitle: \xff\n---\n")
    _, diagnostics = load(tmp_path)
    one(diagnostics, "foi.encoding", line=2)
    path.write_text("no front matter", encoding="utf-8")
    _, diagnostics = load(tmp_path)
    one(diagnostics, "foi.front-matter", line=1)


def test_drafts(tmp_path):
    text = GOOD.replace("responded: 2025-03-28\n", "").replace("---\n\n", "draft: true\n---\n\n")
    records, diagnostics = load(tmp_path, text)
    assert records == []
    assert diagnostics and all(x.severity == "warning" for x in diagnostics)
    assert diagnostics[0].message.startswith("(draft, not published)")
    records, _ = load_foi(tmp_path, PATTERN, TODAY, include_drafts=True)
    assert records == []  # still invalid: it has no response date
    write(tmp_path, GOOD.replace("---\n\n", "draft: true\n---\n\n"))
    assert load_foi(tmp_path, PATTERN, TODAY)[0] == []
    assert len(load_foi(tmp_path, PATTERN, TODAY, include_drafts=True)[0]) == 1


def test_custom_reference_pattern(tmp_path):
    text = GOOD.replace("FOI-2025-0042", "NS-2025-042")
    write(tmp_path, text, name="2025/NS-2025-042.md")
    records, diagnostics = load_foi(tmp_path, "NS-YYYY-NNN", TODAY)
    assert diagnostics == [] and records[0].url == "/foi/2025/NS-2025-042/"
    for bad in ("NS-NNN", "FOI-YYYY", "FOI-YYYY-NN-NN", "FOI/YYYY/NNNN"):
        _, diagnostics = load_foi(tmp_path, bad, TODAY)
        assert [x.code for x in diagnostics] == ["config.foi"]
    compiled = foi.compile_reference_pattern("NNSA-YYYY-NNN")
    assert compiled.format(2025, 7) == "NNSA-2025-007"
    assert compiled.parse("NNSA-2025-007") == (2025, 7) and compiled.parse("NNSA-25-007") is None


# --------------------------------------------------------------------------- open data

def sample_records(tmp_path: Path):
    """Five records across two quarters, with every kind of fact the statistics count."""
    base = """\
---
reference: {ref}
title: Request {ref}
received: {received}
responded: {responded}
outcome: {outcome}
exemptions: [{exemptions}]
topics: [budget]
{extra}---

## Request

Question.

## Response

Answer.
"""
    rows = [
        # ref, received, responded, outcome, exemptions, extra
        ("FOI-2025-0001", "2025-01-06", "2025-01-20", "granted", "", ""),
        ("FOI-2025-0002", "2025-02-03", "2025-03-31", "refused", "s40(2)", ""),  # late
        ("FOI-2025-0003", "2025-03-10", "2025-04-15", "partially-granted", "s43(2), s40(2)",
         ("extended_to: 2025-05-06\ninternal_review: {requested: 2025-04-22, "
          "completed: 2025-05-12, outcome: overturned}\n")),
        ("FOI-2025-0004", "2025-03-24", "2025-04-01", "withdrawn", "", ""),
        ("FOI-2025-0005", "2025-04-01", "2025-04-09", "not-held", "", ""),
    ]
    for ref, received, responded, outcome, exemptions, extra in rows:
        write(tmp_path, base.format(ref=ref, received=received, responded=responded,
                                    outcome=outcome, exemptions=exemptions, extra=extra),
              name=f"2025/{ref}.md", attachment=False)
    records, diagnostics = load_foi(tmp_path, PATTERN, TODAY)
    assert diagnostics == []
    return records


def test_log_rows_and_schema(tmp_path):
    records = sample_records(tmp_path)
    rows = log_rows(records, base_url="https://opcc.example.org/")
    assert rows[0]["reference"] == "FOI-2025-0005"  # newest first
    for name in ("reference", "title", "received", "responded", "outcome", "exemptions",
                 "topics", "working_days", "in_time"):
        assert name in rows[0]
        assert name in {f["name"] for f in LOG_SCHEMA["fields"]}
    row = next(r for r in rows if r["reference"] == "FOI-2025-0003")
    assert row["exemptions"] == "s43(2); s40(2)" and row["extended_to"] == "2025-05-06"
    assert row["url"] == "https://opcc.example.org/foi/2025/FOI-2025-0003/"
    assert row["internal_review_outcome"] == "overturned"
    assert "request" not in row and "response" not in row and "body" not in row
    assert validate_log(rows) == []
    table = list(csv.DictReader(io.StringIO(log_csv(rows).decode("utf-8"))))
    assert len(table) == 5 and table[0]["in_time"] in ("true", "false")
    assert json.loads(log_json(rows)) == rows


def test_log_validation_uses_the_schema(tmp_path):
    rows = log_rows(sample_records(tmp_path))
    rows[0]["outcome"] = "maybe"
    rows[1]["reference"] = rows[2]["reference"]
    problems = validate_log(rows)
    found = {(p.row, p.field) for p in problems}
    assert (2, "outcome") in found and (4, "reference") in found
    assert all(p.code == "foi.dataset" for p in problems)


# --------------------------------------------------------------------------- statistics

def test_statistics(tmp_path):
    stats = statistics(sample_records(tmp_path), today=date(2025, 6, 30))
    assert [q.label for q in stats.quarters] == ["2025 Q1 (January to March)",
                                                 "2025 Q2 (April to June)"]
    q1, q2 = stats.quarters
    assert (q1.received, q1.answered, q1.in_time, q1.late) == (4, 2, 1, 1)
    assert q1.in_time_percent == 50.0
    assert q1.outcomes == {"granted": 1, "partially-granted": 0, "refused": 1, "not-held": 0,
                           "withdrawn": 0}
    assert q1.exemptions == {"s40(2)": 1}
    # Q2: answered 0003 (extended, in time), 0005; 0004 withdrawn is not "answered"
    assert (q2.received, q2.answered, q2.in_time, q2.extended, q2.withdrawn) == (1, 2, 2, 1, 1)
    assert q2.in_time_percent == 100.0
    assert q2.exemptions == {"s40(2)": 1, "s43(2)": 1}
    assert (q2.reviews_requested, q2.reviews_completed) == (1, 1)
    assert q2.review_outcomes == {"upheld": 0, "partially-upheld": 0, "overturned": 1}
    assert q2.partial and not q1.partial
    (year,) = stats.years
    assert (year.received, year.answered, year.in_time) == (5, 4, 3)
    assert year.in_time_percent == 75.0 and year.outcomes["withdrawn"] == 1
    assert stats.pending_reviews == 0


def test_statistics_fill_empty_quarters_and_rows_validate(tmp_path):
    records = sample_records(tmp_path)
    text = (tmp_path / "content/foi/2025/FOI-2025-0001.md").read_text("utf-8")
    write(tmp_path, text.replace("2025", "2026").replace("01-06", "01-05")
          .replace("01-20", "01-19"), name="2026/FOI-2026-0001.md", attachment=False)
    records, diagnostics = load_foi(tmp_path, PATTERN, TODAY)
    assert diagnostics == []
    stats = statistics(records)
    assert [q.key for q in stats.quarters] == ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4",
                                               "2026-Q1"]
    assert stats.quarters[2].received == 0 and stats.quarters[2].in_time_percent is None
    rows = statistics_rows(stats)
    assert len(rows) == 5 + 2
    data = foi_data.statistics_csv(stats)
    assert validate_rows(data, STATISTICS_SCHEMA, "foi-statistics.csv") == []
    assert statistics([]).quarters == ()


# --------------------------------------------------------------------------- import

def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    root.mkdir()
    (root / "site.yaml").write_text((FIXTURES / "site.yaml").read_text("utf-8"), "utf-8")
    return root


def test_import_refuses_requester_details(tmp_path):
    root = site(tmp_path)
    created, diagnostics = import_cases(FIXTURES / "export-with-requester.csv", root,
                                        today=TODAY)
    assert created == []
    problems = [x for x in diagnostics if x.code == "foi.requester"]
    assert [(p.row, p.field) for p in problems] == [(2, "Requester name"),
                                                    (2, "Requester email"),
                                                    (3, "Requester name"),
                                                    (3, "Requester email")]
    text = "\n".join(p.message for p in diagnostics)
    assert "example.org" not in text and "Applicant" not in text
    assert not (root / "content").exists()


def test_import_with_requester_columns_mapped_to_nothing(tmp_path):
    root = site(tmp_path)
    mapping = {"Requester name": None, "Requester email": None}
    created, diagnostics = import_cases(FIXTURES / "export-with-requester.csv", root, mapping,
                                        today=TODAY)
    assert [x for x in diagnostics if x.severity == "error"] == []
    assert len(created) == 2
    text = "".join(p.read_text("utf-8") for p in created)
    assert "example.org" not in text and "Applicant" not in text


def test_import_clean_export_creates_records_that_load(tmp_path):
    root = site(tmp_path)
    created, diagnostics = import_cases(FIXTURES / "export-clean.csv", root, today=TODAY)
    assert diagnostics == []
    names = sorted(p.relative_to(root).as_posix() for p in created)
    assert names == ["content/foi/2024/FOI-2024-0007.md", "content/foi/2025/FOI-2025-0001.md",
                     "content/foi/2025/FOI-2025-0012.md", "content/foi/2025/FOI-2025-0013.md"]
    records, problems = load_foi(root, PATTERN, TODAY, include_drafts=True)
    assert problems == [] or all(p.severity == "warning" for p in problems)
    assert len(records) == 4
    by_ref = {r.reference: r for r in records}
    partial = by_ref["FOI-2025-0012"]
    assert partial.exemptions == ("s40(2)", "s43(2)")
    assert partial.received == d("2025-03-03") and partial.topics == ("staff", "spending")
    assert partial.internal_review.outcome == "upheld"
    eir = by_ref["FOI-2024-0007"]
    assert eir.regime == "eir" and eir.exemptions == ("reg12(5)(e)",)
    # The row with no reference got the next one after the highest in the file (0012).
    assert by_ref["FOI-2025-0013"].title == "Cost of new office chairs"
    # A row without response text is a draft, so it is not published until written.
    assert by_ref["FOI-2025-0001"].draft
    assert [r.reference for r in load_foi(root, PATTERN, TODAY)[0]] == [
        "FOI-2025-0013", "FOI-2025-0012", "FOI-2024-0007"]


def test_import_never_overwrites_without_force(tmp_path):
    root = site(tmp_path)
    import_cases(FIXTURES / "export-clean.csv", root, today=TODAY)
    target = root / "content/foi/2025/FOI-2025-0012.md"
    target.write_text(target.read_text("utf-8").replace("Staff numbers", "Edited"), "utf-8")
    created, diagnostics = import_cases(FIXTURES / "export-clean.csv", root, today=TODAY)
    assert created == []
    assert {x.code for x in diagnostics if x.severity == "error"} == {"foi.import-exists"}
    assert "Edited" in target.read_text("utf-8")
    created, diagnostics = import_cases(FIXTURES / "export-clean.csv", root, force=True,
                                        today=TODAY)
    assert len(created) == 4 and "Edited" not in target.read_text("utf-8")


def test_import_bad_values_name_row_and_column(tmp_path):
    root = site(tmp_path)
    source = tmp_path / "bad.csv"
    source.write_text(
        "Reference,Title,Date received,Date responded,Outcome,Exemptions,Request,Response\n"
        "FOI-2025-0001,A,31/02/2025,2025-03-10,granted,,Q,A\n"
        "FOI-2025-0002,B,2025-03-03,2025-03-10,maybe,,Q,A\n"
        "FOI-2025-0003,C,2025-03-03,2025-03-01,granted,,Q,A\n"
        "FOI-2025-0004,D,2025-03-03,2025-03-10,refused,s99,Q,A\n", "utf-8")
    created, diagnostics = import_cases(source, root, today=TODAY)
    assert created == []
    found = {(x.code, x.row, x.field) for x in diagnostics}
    assert ("foi.import-value", 2, "Date received") in found
    assert ("foi.import-value", 3, "Outcome") in found
    assert ("foi.date-order", 4, "Date responded") in found
    assert ("foi.exemption", 5, "Exemptions") in found
    assert all(x.path == "../bad.csv" or x.path.endswith("bad.csv") for x in diagnostics)


def test_import_missing_columns(tmp_path):
    root = site(tmp_path)
    source = tmp_path / "bad.csv"
    source.write_text("Reference,Title\nFOI-2025-0001,A\n", "utf-8")
    created, diagnostics = import_cases(source, root, today=TODAY)
    assert created == []
    assert {x.code for x in diagnostics} == {"foi.import-column"}
    assert all(x.row == 1 for x in diagnostics)


def test_import_cli(tmp_path):
    root = site(tmp_path)
    runner = CliRunner()
    result = runner.invoke(foi_group, ["import", str(FIXTURES / "export-with-requester.csv"),
                                       "--root", str(root)])
    assert result.exit_code == 1, result.output
    assert "error[foi.requester]" in result.output and "no record was written" in result.output
    mapping = tmp_path / "map.yaml"
    mapping.write_text("Requester name: null\nRequester email: null\n", "utf-8")
    result = runner.invoke(foi_group, ["import", str(FIXTURES / "export-with-requester.csv"),
                                       "--root", str(root), "--map", str(mapping),
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["summary"] == {"errors": 0, "warnings": 0}
    mapping.write_text("- not a mapping\n", "utf-8")
    result = runner.invoke(foi_group, ["import", str(FIXTURES / "export-clean.csv"),
                                       "--root", str(root), "--map", str(mapping)])
    assert result.exit_code == 2 and "foi.import-map" in result.output


# --------------------------------------------------------------------------- new records

def test_new_foi_record_allocates_the_next_reference(tmp_path):
    write(tmp_path, GOOD)
    path = new_foi_record(tmp_path, "Cost of chairs: 2025", d("2025-06-02"), PATTERN)
    assert path == tmp_path / "content/foi/2025/FOI-2025-0043.md"
    assert new_foi_record(tmp_path, "Other", d("2024-06-03"), PATTERN).name == \
        "FOI-2024-0001.md"
    records, diagnostics = load_foi(tmp_path, PATTERN, TODAY)
    assert len(records) == 1  # the new ones are drafts
    assert all(x.severity == "warning" for x in diagnostics)
    text = path.read_text("utf-8")
    assert 'title: "Cost of chairs: 2025"' in text and "draft: true" in text
    for key in foi.FRONT_MATTER_KEYS:
        assert f"{key}:" in text, key


def test_new_foi_command(tmp_path):
    root = site(tmp_path)
    runner = CliRunner()
    result = runner.invoke(new_foi, ["--title", "Drones", "--received", "2026-11-02",
                                     "--root", str(root)])
    assert result.exit_code == 0, result.output
    assert "content/foi/2026/FOI-2026-0001.md" in result.output
    result = runner.invoke(new_foi, ["--root", str(root)], input="")
    assert result.exit_code == 2 and "--title" in result.output
    result = runner.invoke(new_foi, ["--title", "X", "--received", "2030-01-01",
                                     "--root", str(root)])
    assert result.exit_code == 2


# --------------------------------------------------------------------------- example site

def test_example_log_loads_without_problems():
    records, diagnostics = load_foi(REPO, PATTERN, TODAY)
    assert diagnostics == []
    years = {r.year for r in records}
    assert years == {2024, 2025, 2026}
    assert 60 <= len(records) <= 90
    assert {r.outcome for r in records} == set(OUTCOMES)
    assert sum(not r.in_time for r in records) >= 3
    assert sum(r.extended for r in records) >= 3
    assert sum(r.internal_review is not None for r in records) >= 3
    cited = {c for r in records for c in r.exemptions}
    assert {"s21", "s22", "s31(1)(a)", "s38(1)(b)", "s40(2)", "s41", "s43(2)", "s12",
            "s14(1)"} <= cited
    assert any(r.regime == "eir" for r in records)
    assert any(r.attachments for r in records)
    assert validate_log(log_rows(records)) == []


def test_example_log_holds_no_personal_data():
    email = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
    phone = re.compile(r"(?<!\d)(?:\+44\s?|0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\d)")
    postcode = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")
    for path in sorted((REPO / "content" / "foi").rglob("*")):
        if not path.is_file():
            continue
        text = path.read_text("utf-8")
        assert not email.search(text), f"{path}: email address"
        assert not phone.search(text), path
        assert not postcode.search(text), path
        assert not re.search(r"(?im)^\s*(requester|name|email|address)\s*:", text), path


def test_import_strict_turns_warnings_into_errors(tmp_path):
    root = site(tmp_path)
    source = tmp_path / "export.csv"
    table = list(csv.reader(io.StringIO((FIXTURES / "export-clean.csv").read_text("utf-8"))))
    out = io.StringIO()
    csv.writer(out).writerows([[*row, "Notes" if n == 0 else ""] for n, row in enumerate(table)])
    source.write_text(out.getvalue(), "utf-8")
    created, diagnostics = import_cases(source, root, today=TODAY, dry_run=True)
    assert [x.code for x in diagnostics] == ["foi.import-column"]  # 'Notes' is unused
    assert len(created) == 4 and not (root / "content").exists()
    result = CliRunner().invoke(foi_group, ["import", str(source), "--root", str(root),
                                            "--strict"])
    assert result.exit_code == 1 and not (root / "content").exists()
    result = CliRunner().invoke(foi_group, ["import", str(source), "--root", str(root)])
    assert result.exit_code == 0 and len(list((root / "content").rglob("*.md"))) == 4


def test_import_row_without_a_date_received(tmp_path):
    root = site(tmp_path)
    source = tmp_path / "export.csv"
    source.write_text("Title,Received,Responded,Outcome,Request,Response\n"
                      "Chairs,,2025-03-10,granted,Q,A\n", "utf-8")
    created, diagnostics = import_cases(source, root, today=TODAY)
    assert created == []
    assert [(x.code, x.row, x.message) for x in diagnostics] == [
        ("foi.missing-key", 2, "row 2: 'received' is required")]


@pytest.mark.parametrize("heading", ["Internal review", "Exemptions we applied", "Topics",
                                     "If you are not satisfied"])
def test_a_body_section_the_page_already_makes_is_a_warning(tmp_path, heading):
    text = GOOD + f"\n## {heading}\n\nThe review upheld the original decision.\n"
    records, diagnostics = load(tmp_path, text)
    assert len(records) == 1  # a warning: the record is still published
    line = text.split("\n").index(f"## {heading}") + 1
    problem = one(diagnostics, "foi.body-duplicate", line=line, severity="warning")
    assert heading in problem.message


def test_the_example_records_repeat_no_generated_section():
    _records, diagnostics = load_foi(REPO, PATTERN, TODAY)
    assert [d for d in diagnostics if d.code == "foi.body-duplicate"] == []
