"""Decision records: every front-matter key good and bad (code, line and column), the
body's sections, the settings in site.yaml, and the sio-5d due rule."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from opcc.config import ConfigError, load_config
from opcc.kinds import registry  # noqa: F401  (registers the kinds' site.yaml sections)
from opcc.kinds.decisions.kind import fulfils
from opcc.kinds.decisions.reader import Settings, read_decision, settings_of
from opcc.kinds.decisions.records import DEFAULT_CATEGORIES
from opcc.kinds.foi.records import compile_reference_pattern
from opcc.scheme import load_profile
from opcc.scheme.model import Evidence
from tests.conftest import MINIMAL_CONFIG, write_files

TODAY = date(2026, 11, 25)
SETTINGS = Settings(compile_reference_pattern("OPCC-YYYY-NNN"), DEFAULT_CATEGORIES, 5, False)
WHERE = "content/decisions/2026/OPCC-2026-014.md"
PAPER = "opcc-2026-014-report.pdf"

# line numbers, for the cases below:
GOOD = """\
---
reference: OPCC-2026-014
title: Grant to Eastmoor Youth Club
made: 2026-03-04
decision_maker: Deputy Police and Crime Commissioner
status: part-exempt
exemptions: [s43(2)]
category: grants
summary: A grant for the youth club's Friday nights.
financial_implications: 12500
interests_declared: none
meeting: /meetings/2026/2026-03-01-public-accountability-board/
background_papers:
  - {file: opcc-2026-014-report.pdf, title: Report to the deputy commissioner}
published: 2026-03-06
---

## Decision

To award a grant of £12,500 to Eastmoor Youth Club for Friday night football.

## Reasons

It meets the police and crime plan's aim of diverting young people from crime.
"""
KEY_LINES = {line.split(":", 1)[0]: number for number, line in
             enumerate(GOOD.split("\n"), start=1) if ":" in line and not line.startswith(" ")}


def read(root: Path, text: str, where: str = WHERE, settings: Settings = SETTINGS):
    path = root / where
    write_files(root, {where: text})
    (path.parent / PAPER).write_bytes(b"%PDF-1.4\n% a stand-in: only its existence is read\n")
    return read_decision(root, path, settings, TODAY)


def changed(key: str, line: str | None) -> str:
    """GOOD with the line of `key` replaced (None: removed)."""
    lines = GOOD.split("\n")
    index = KEY_LINES[key] - 1
    if line is None:
        del lines[index]
    else:
        lines[index] = line
    return "\n".join(lines)


def problems(found) -> list[tuple[str, int | None, int | None]]:
    return [(d.code, d.line, d.column) for d in found if d.severity == "error"]


# --------------------------------------------------------------------------- good

def test_a_good_record_reads_every_key(tmp_path):
    record, found = read(tmp_path, GOOD)
    assert problems(found) == []
    assert record.reference == "OPCC-2026-014" and record.url == "/decisions/2026/OPCC-2026-014/"
    assert record.made == date(2026, 3, 4) and record.published == date(2026, 3, 6)
    assert record.decision_maker == "Deputy Police and Crime Commissioner"
    assert record.status == "part-exempt" and record.exemptions == ("s43(2)",)
    assert record.category == "grants" and record.category_label == "Grants"
    assert record.summary == "A grant for the youth club's Friday nights."
    assert record.financial_implications == Decimal(12500)
    assert record.interests_declared is None  # "none"
    assert record.meeting == "/meetings/2026/2026-03-01-public-accountability-board/"
    assert [a.file for a in record.attachments] == [PAPER]
    assert record.due == date(2026, 3, 11)  # five working days
    assert "## Decision" in record.body and "Friday night football" in record.body


def test_the_summary_defaults_to_the_decisions_first_sentence(tmp_path):
    record, _ = read(tmp_path, changed("summary", None))
    assert record.summary == ("To award a grant of £12,500 to Eastmoor Youth Club for Friday "
                              "night football.")


@pytest.mark.parametrize("written, amount", [
    ("financial_implications: 118400.50", Decimal("118400.50")),
    ('financial_implications: "£1,250,000"', Decimal(1250000)),
    ("financial_implications: none", None),
    ("financial_implications: None", None),
])
def test_financial_implications_are_an_amount_or_none(tmp_path, written, amount):
    record, found = read(tmp_path, changed("financial_implications", written))
    assert problems(found) == [] and record.financial_implications == amount


def test_the_published_date_defaults_to_the_day_made(tmp_path):
    record, _ = read(tmp_path, changed("published", None))
    assert record.published == record.made


def test_the_meeting_is_written_first_in_the_published_body_on_its_own_line(tmp_path):
    record, _ = read(tmp_path, GOOD)
    lines = record.body.split("\n")
    assert record.body_line == KEY_LINES["meeting"]
    assert lines[0].startswith("Made at or after a meeting: [Public accountability board, "
                               "1 March 2026](/meetings/2026/")
    # the record's own text keeps its lines: '## Decision' is line 18 of the file
    assert lines[18 - record.body_line] == "## Decision"


# --------------------------------------------------------------------------- bad keys

L = KEY_LINES
BAD = [
    # (key, its line written instead (None: removed), code, line, column)
    ("reference", "reference: OPCC-26-014", "decisions.reference", L["reference"], 12),
    ("reference", None, "decisions.missing-key", 1, 1),
    ("title", None, "decisions.missing-key", 1, 1),
    ("title", "title: [a, b]", "decisions.type", L["title"], 8),
    ("made", "made: 2026-02-30", "decisions.date", L["made"], 7),
    ("made", "made: 04/03/2026", "decisions.date", L["made"], 7),
    ("made", "made: 2026-11-26", "decisions.future-date", L["made"], 7),
    ("made", "made: 2012-05-01", "decisions.date-range", L["made"], 7),
    ("made", None, "decisions.missing-key", 1, 1),
    ("decision_maker", "decision_maker: commissioner@example.org", "decisions.decision-maker",
     L["decision_maker"], 17),
    ("decision_maker", "decision_maker: Jane Smith", "decisions.decision-maker",
     L["decision_maker"], 17),
    ("decision_maker", None, "decisions.missing-key", 1, 1),
    ("status", "status: secret", "decisions.status", L["status"], 9),
    ("status", None, "decisions.missing-key", 1, 1),
    ("exemptions", "exemptions: [s99(9)]", "decisions.exemption", L["exemptions"], 14),
    ("exemptions", "exemptions: [s43(2), s43(2)]", "decisions.exemption", L["exemptions"], 22),
    ("exemptions", "exemptions: s43(2)", "decisions.type", L["exemptions"], 13),
    ("exemptions", None, "decisions.exemption-missing", L["status"], 9),
    ("category", "category: weather", "decisions.category", L["category"], 11),
    ("category", None, "decisions.missing-key", 1, 1),
    ("summary", 'summary: ""', "decisions.empty", L["summary"], 10),
    ("financial_implications", "financial_implications: lots", "decisions.amount",
     L["financial_implications"], 25),
    ("financial_implications", "financial_implications: -500", "decisions.amount",
     L["financial_implications"], 25),
    ("financial_implications", "financial_implications: 12.345", "decisions.amount",
     L["financial_implications"], 25),
    ("financial_implications", None, "decisions.missing-key", 1, 1),
    ("interests_declared", "interests_declared: [one, two]", "decisions.type",
     L["interests_declared"], 21),
    ("interests_declared", None, "decisions.missing-key", 1, 1),
    ("meeting", "meeting: https://example.org/meeting", "decisions.meeting", L["meeting"], 10),
    ("meeting", "meeting: meetings/2026/board", "decisions.meeting", L["meeting"], 10),
    ("published", "published: 2026-03-03", "decisions.date-order", L["published"], 12),
    ("published", "published: 2026-12-01", "decisions.future-date", L["published"], 12),
    ("published", "published: soon", "decisions.date", L["published"], 12),
    ("summary", "date: 2026-03-04", "decisions.unknown-key", L["summary"], 1),
    ("summary", "review_exemption: 2027-01-01", "decisions.review-exemption", L["summary"], 19),
    ("summary", "draft: maybe", "decisions.type", L["summary"], 8),
]


@pytest.mark.parametrize("key, line, code, at_line, at_column", BAD,
                         ids=[f"{b[0]}-{b[2]}-{i}" for i, b in enumerate(BAD)])
def test_each_bad_key_is_an_error_at_its_line_and_column(tmp_path, key, line, code, at_line,
                                                          at_column):
    record, found = read(tmp_path, changed(key, line))
    assert (code, at_line, at_column) in problems(found), problems(found)
    assert record is None


def test_a_background_paper_that_is_missing_or_incomplete(tmp_path):
    text = GOOD.replace(f"file: {PAPER}, title: Report to the deputy commissioner",
                        "file: gone.pdf, title: Gone}\n  - {file: " + PAPER)
    _, found = read(tmp_path, text)
    line = KEY_LINES["background_papers"] + 1
    assert ("attachment.missing", line, 5) in problems(found)
    assert ("record.attachment", line + 1, 5) in problems(found)


def test_the_reference_names_the_file_and_the_year_made_which_is_the_folder(tmp_path):
    _, found = read(tmp_path, changed("reference", "reference: OPCC-2026-015"))
    assert ("decisions.filename", L["reference"], 12) in problems(found)
    _, found = read(tmp_path, changed("made", "made: 2025-03-04"),
                    where="content/decisions/2026/OPCC-2026-014.md")
    assert ("decisions.reference", L["reference"], 12) in problems(found)
    assert ("decisions.year-folder", L["made"], 7) in problems(found)


def test_a_record_outside_a_year_folder_is_in_the_wrong_place(tmp_path):
    _, found = read(tmp_path, GOOD, where="content/decisions/2026/extra/OPCC-2026-014.md")
    assert problems(found) == [("record.location", 1, 1)]


# --------------------------------------------------------------------------- status

EXEMPT = changed("status", "status: exempt").replace(
    "published: 2026-03-06", "published: 2026-03-06\nreview_exemption: 2027-03-31").replace(
    "To award a grant", "CONFIDENTIAL-TEXT-81f2: to award a grant")


def test_an_exempt_decision_keeps_none_of_its_text_nor_its_papers(tmp_path):
    record, found = read(tmp_path, EXEMPT)
    assert problems(found) == []
    assert record.exempt and record.review_exemption == date(2027, 3, 31)
    assert "CONFIDENTIAL-TEXT" not in record.body and "## Decision" not in record.body
    assert "CONFIDENTIAL-TEXT" not in record.summary and "youth club" not in record.summary
    assert record.attachments == () and record.background_papers == ()
    assert record.summary.startswith("A decision made by the Deputy Police and Crime "
                                     "Commissioner on 4 March 2026")


def test_an_exempt_decision_needs_no_sections_but_a_review_date(tmp_path):
    no_body = EXEMPT.split("---\n\n", 1)[0] + "---\n"
    record, found = read(tmp_path, no_body)
    assert problems(found) == [] and record.body.startswith("Made at or after a meeting")
    _, found = read(tmp_path, no_body.replace("review_exemption: 2027-03-31\n", ""))
    assert problems(found) == [("decisions.review-missing", L["status"], 9)]
    _, found = read(tmp_path, no_body.replace("review_exemption: 2027-03-31",
                                              "review_exemption: 2026-03-01"))
    assert ("decisions.date-order", L["published"] + 1, 19) in problems(found)


def test_a_public_decision_names_no_exemption(tmp_path):
    _, found = read(tmp_path, changed("status", "status: public"))
    assert problems(found) == [("decisions.exemption-public", L["exemptions"], 13)]


@pytest.mark.parametrize("section", ["Decision", "Reasons"])
def test_the_body_needs_a_decision_and_reasons_section(tmp_path, section):
    text = GOOD.replace(f"## {section}\n", "## Something else\n")
    _, found = read(tmp_path, text)
    body_line = KEY_LINES["published"] + 2
    assert problems(found) == [("decisions.body", body_line, 1)]
    empty = GOOD.replace("It meets the police and crime plan's aim of diverting young people "
                         "from crime.\n", "")
    _, found = read(tmp_path, empty)
    assert problems(found) == [("decisions.body", GOOD.split("\n").index("## Reasons") + 1, 1)]


def test_a_drafts_problems_are_warnings_and_it_is_not_published(make_site):
    from opcc.kinds.base import ReadContext
    from opcc.kinds.decisions.reader import read as read_kind

    root = make_site({WHERE: changed("made", "made: 2026-02-30") + "", })
    text = (root / WHERE).read_text().replace("published: 2026-03-06",
                                              "published: 2026-03-06\ndraft: true")
    (root / WHERE).write_text(text)
    (root / WHERE).with_name(PAPER).write_bytes(b"%PDF-1.4\n")
    records, found = read_kind(ReadContext(root, load_config(root), TODAY, False))
    assert records == [] and [(d.code, d.severity) for d in found] == [("decisions.date",
                                                                         "warning")]


# --------------------------------------------------------------------------- settings

def test_site_yaml_sets_the_pattern_categories_and_working_days(make_site):
    root = make_site(config=MINIMAL_CONFIG + "decisions:\n  reference_pattern: PCC-D-YYYY-NNNN\n"
                     "  categories: [budget, people]\n  publish_within_working_days: 10\n")
    settings, found = settings_of(load_config(root))
    assert found == [] and settings.pattern.example == "PCC-D-2025-0042"
    assert settings.categories == ("budget", "people") and settings.working_days == 10
    text = GOOD.replace("OPCC-2026-014", "PCC-D-2026-0014").replace("category: grants",
                                                                    "category: people")
    record, found = read(root, text, where="content/decisions/2026/PCC-D-2026-0014.md",
                         settings=settings)
    # ten working days as FOIA counts them: 17 March (St Patrick's Day, a bank holiday in
    # Northern Ireland) is not one
    assert problems(found) == [] and record.due == date(2026, 3, 19)
    _, found = read(root, GOOD, settings=settings)
    assert ("decisions.category", L["category"], 11) in problems(found)


def test_unusable_settings_are_config_errors(make_site):
    root = make_site(config=MINIMAL_CONFIG + "decisions:\n  reference_pattern: OPCC-NNN\n"
                     "  categories: [Budget]\n  publish_within_working_days: 0\n")
    settings, found = settings_of(load_config(root))
    assert settings is None
    assert [d.code for d in found] == ["config.decisions"] * 3
    assert "YYYY" in found[0].message and "decision" in found[0].message
    (root / "site.yaml").write_text(MINIMAL_CONFIG + "decisions:\n  publish_within: 5\n")
    with pytest.raises(ConfigError) as failed:
        load_config(root)
    assert [(d.code, d.line) for d in failed.value.diagnostics] == [("config.unknown-key", 9)]


# --------------------------------------------------------------------------- due rule

def record_made(tmp_path, made: str, published: str | None, draft: bool = False,
                number: int = 14):
    reference = f"OPCC-{made[:4]}-{number:03d}"
    text = GOOD.replace("OPCC-2026-014", reference).replace("made: 2026-03-04", f"made: {made}")
    text = text.replace("published: 2026-03-06", f"published: {published}" if published
                        else "draft: true" if draft else "")
    text = text.replace("meeting: /meetings/2026/2026-03-01-public-accountability-board/\n", "")
    record, found = read(tmp_path, text, where=f"content/decisions/{made[:4]}/{reference}.md")
    assert record is not None, problems(found)
    return record


def sio_5d(records, today: date):
    rule = load_profile("opcc").item("sio-5d").timing.rule
    (register,) = fulfils(records)["sio-5d"]
    return register, rule.assess(Evidence(obligations=register.obligations), today)


def test_a_decision_is_due_n_working_days_after_it_is_made(tmp_path):
    # made on Friday 28 August 2026, before the summer bank holiday (Monday 31 August):
    # the five working days are 1, 2, 3, 4 and 7 September
    record = record_made(tmp_path, "2026-08-28", "2026-09-07")
    assert record.due == date(2026, 9, 7) and record.published_in_time
    register, due = sio_5d([record], TODAY)
    (duty,) = register.obligations
    assert duty.due == date(2026, 9, 7) and duty.met == date(2026, 9, 7)
    assert duty.what.startswith("the record of decision OPCC-2026-014 (Grant to Eastmoor")
    assert due.late == ()
    # published on the sixth working day: met, but late (the page says so)
    late = record_made(tmp_path, "2026-08-28", "2026-09-08")
    assert not late.published_in_time


def test_a_draft_decision_owes_its_record_and_is_late_after_its_day(make_site):
    from opcc.kinds.base import ReadContext
    from opcc.kinds.decisions.reader import read as read_kind

    root = make_site(config=MINIMAL_CONFIG + "decisions:\n  publish_within_working_days: 5\n")
    record_made(root, "2026-11-02", "2026-11-04", number=1)
    draft = record_made(root, "2026-11-09", None, draft=True, number=2)
    assert draft.draft
    records, found = read_kind(ReadContext(root, load_config(root), TODAY, False))
    assert [r.reference for r in records] == ["OPCC-2026-001"] and found == []
    assert [r.reference for r in records.unpublished] == ["OPCC-2026-002"]
    # not yet due: its fifth working day is 16 November
    _, due = sio_5d(records, date(2026, 11, 16))
    assert due.late == () and due.next_due == date(2026, 11, 16)
    # late the day after
    _, due = sio_5d(records, date(2026, 11, 17))
    late = ("the record of decision OPCC-2026-002 (Grant to Eastmoor Youth Club), made "
            "9 November 2026 (due 16 November 2026)")
    assert due.late == (late,)
    assert due.late_since == date(2026, 11, 16)
    # and the build's compliance report says so
    from opcc.build.pipeline import BuildOptions, build_site
    result = build_site(BuildOptions(root, today=date(2026, 11, 17)))
    status = next(s for s in result.compliance if s.item.id == "sio-5d")
    assert status.status == "overdue" and status.late == (late,)
    assert not (root / "site/decisions/2026/OPCC-2026-002").exists()  # still unpublished


def test_every_decision_is_an_event(tmp_path):
    from opcc.kinds.decisions.kind import events
    record = record_made(tmp_path, "2026-08-28", "2026-09-07")
    assert events([record]) == [("decision", date(2026, 8, 28))]


@pytest.mark.parametrize("data, code, where", [
    (b"---\ntitle: Caf\xe9\n---\n\nText.\n", "record.encoding", ":2:"),  # the bad byte
    (b"---\nreference: OPCC-2026-014\ntitle: Bell\x07\n---\n\nText.\n", "record.character",
     ":3:12:"),
    (b"---\ntitle: [unclosed\nmade: 2026-03-04\n---\n\nText.\n", "decisions.yaml", ":"),
    (b"No front matter at all.\n", "decisions.front-matter", ":1:1:"),
    (b"---\ntitle: Never closed\n", "decisions.front-matter", ":1:1:"),
    (b"---\n- a list\n- not keys\n---\n\nText.\n", "decisions.front-matter", ":1:1:"),
    (b"---\nreference: OPCC-2026-014\nmade: 2026-13-04\n---\n\nText.\n", "decisions.date",
     ":3:7:"),
    ("\ufeff" + GOOD.replace("\n", "\r\n").replace("made: 2026-03-04", "made: [2026]"),
     "decisions.date", ":4:7:"),  # a BOM and Windows line endings change no position
])
def test_bad_files_are_diagnostics_never_tracebacks(make_site, data, code, where):
    from click.testing import CliRunner

    from opcc.cli.main import main

    root = make_site({WHERE: data})
    (root / WHERE).with_name(PAPER).write_bytes(b"%PDF-1.4\n")
    result = CliRunner().invoke(main, ["check", "--root", str(root), "--today", "2026-11-25"])
    assert result.exit_code == 1, result.output
    assert f"error[{code}]" in result.output and "Traceback" not in result.output
    line = next(line for line in result.output.splitlines() if f"[{code}]" in line)
    assert line.startswith(WHERE + where), line
