"""Consultations (issue 19, item 4): every front-matter key, good and bad, with its code,
line and column; the states on chosen days ("closes in N days", "closes today", results
awaited, results published); the results-overdue warning; the page and the listing; the
decisions it informed; the scaffold; incremental builds equal to clean ones. Sites are
built for real (the pipeline or `python -m opcc`), never mocked."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from opcc.build.pipeline import BuildOptions, build_site
from opcc.cli.main import main
from opcc.diagnostics import format_text
from opcc.kinds.consultations.reader import read_consultation
from opcc.kinds.consultations.records import closes_in
from tests.conftest import MINIMAL_CONFIG, tree_hashes

TODAY = date(2026, 11, 25)
FILE = "content/consultations/plan-2025.md"
DECISION = "content/decisions/2026/OPCC-2026-004.md"

CLOSED = """\
---
title: Refreshing the police and crime plan
summary: Were the plan's four priorities still the right ones?
opens: 2025-10-06
closes: 2025-12-14
respond:
  - {title: Online survey, url: "https://surveys.example.org/plan"}
  - {title: Email, url: "mailto:consult@example.org"}
  - title: Post
    address: [Plan consultation, 1 Castle Street, Northtown]
results:
  - {file: results.csv, title: Responses by district}
results_published: 2026-02-16
decisions: [/decisions/2026/OPCC-2026-004/]
draft: false
---

We asked whether the plan should change.

## Results

1,412 people responded.

## What we did

We added a fifth commitment.
"""

OPEN = """\
---
title: Police precept 2027/28
summary: How much should council tax payers contribute to policing next year?
opens: 2026-11-16
closes: 2027-01-10
respond:
  - {title: Email your views, url: "mailto:consult@example.org"}
---

The commissioner is considering three options.
"""


def write_consultation(root: Path, text: str, relative: str = FILE) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    (path.parent / "results.csv").write_text("district,responses\nNorth,700\nSouth,712\n")
    decision = root / DECISION
    decision.parent.mkdir(parents=True, exist_ok=True)
    decision.write_text("---\ntitle: Approval of the refreshed plan\n---\n\nApproved.\n")
    return path


def problems(root: Path, text: str, today: date = TODAY, relative: str = FILE, weeks: int = 12):
    consultation, found = read_consultation(root, write_consultation(root, text, relative),
                                            today, weeks)
    return consultation, {(d.code, d.line, d.column) for d in found}


# --------------------------------------------------------------------------- front matter

def test_a_closed_consultation_with_results_is_read_with_every_key(tmp_path):
    consultation, found = problems(tmp_path, CLOSED)
    assert found == set()
    assert consultation.url == "/consultations/plan-2025/"
    assert [r.title for r in consultation.respond] == ["Online survey", "Email", "Post"]
    assert consultation.respond[2].address == ("Plan consultation", "1 Castle Street",
                                               "Northtown")
    assert consultation.results[0].url == "/consultations/results.csv"
    assert consultation.decisions[0].title == "Approval of the refreshed plan"
    assert consultation.has_results and consultation.has_what_we_did
    assert consultation.state(TODAY) == "closed"


BAD = [
    # (what, text replaced, replacement, code, line, column)
    ("title missing", "title: Refreshing the police and crime plan\n", "",
     "consultations.missing-key", 1, 1),
    ("summary empty", "summary: Were the plan's four priorities still the right ones?",
     "summary: ''", "consultations.empty", 3, 10),
    ("opens not ISO", "opens: 2025-10-06", "opens: 6 October 2025", "consultations.date", 4, 8),
    ("closes before it opens", "closes: 2025-12-14", "closes: 2025-10-01",
     "consultations.dates", 5, 9),
    ("closes on the day it opens", "closes: 2025-12-14", "closes: 2025-10-06",
     "consultations.dates", 5, 9),
    ("no way to respond", ("respond:\n  - {title: Online survey, url: \"https://surveys."
     "example.org/plan\"}\n  - {title: Email, url: \"mailto:consult@example.org\"}\n  - title: "
     "Post\n    address: [Plan consultation, 1 Castle Street, Northtown]\n"), "",
     "consultations.missing-key", 1, 1),
    ("respond not a list", "respond:\n  - {title: Online survey", ("respond: online\nx:\n  - "
     "{title: Online survey"), "consultations.respond", 6, 10),
    ("a route without a title", "{title: Online survey, url:", "{url:",
     "consultations.respond", 7, 5),
    ("a route with a url and an address", "{title: Email, url: \"mailto:consult@example.org\"}",
     "{title: Email, url: \"mailto:consult@example.org\", address: [x]}",
     "consultations.respond", 8, 5),
    ("a route with neither", "{title: Email, url: \"mailto:consult@example.org\"}",
     "{title: Email}", "consultations.respond", 8, 5),
    ("a form-less http link", "https://surveys.example.org/plan", ("http://surveys.example."
     "org/plan"), "consultations.respond-url", 7, 33),
    ("a relative link", "https://surveys.example.org/plan", "/survey/",
     "consultations.respond-url", 7, 33),
    ("a mailto without an address", "mailto:consult@example.org", "mailto:consult",
     "consultations.respond-url", 8, 25),
    ("an address that is not lines", "address: [Plan consultation, 1 Castle Street, Northtown]",
     "address: Northtown", "consultations.respond", 10, 14),
    ("an unknown route key", "{title: Email, url:", "{title: Email, phone: x, url:",
     "consultations.respond", 8, 5),
    ("a results file that does not exist", "file: results.csv", "file: gone.csv",
     "attachment.missing", 12, 5),
    ("results without their date", "results_published: 2026-02-16\n", "",
     "consultations.results", 12, 3),
    ("results dated before it closed", "results_published: 2026-02-16",
     "results_published: 2025-12-01", "consultations.results-date", 13, 20),
    ("results dated after today", "results_published: 2026-02-16",
     "results_published: 2026-12-01", "consultations.results-date", 13, 20),
    ("a decision that is not published", "/decisions/2026/OPCC-2026-004/",
     "/decisions/2026/OPCC-2026-099/", "consultations.decision", 14, 13),
    ("decisions not a list", "decisions: [/decisions/2026/OPCC-2026-004/]",
     "decisions: /decisions/2026/OPCC-2026-004/", "consultations.type", 14, 12),
    ("draft not true or false", "draft: false", "draft: no way", "consultations.type", 15, 8),
    ("an unknown key", "draft: false", "draft: false\nlocation: Northtown",
     "consultations.unknown-key", 16, 1),
]


@pytest.mark.parametrize("what, old, new, code, line, column", BAD, ids=[b[0] for b in BAD])
def test_each_bad_key_is_an_error_at_its_line_and_column(tmp_path, what, old, new, code, line,
                                                         column):
    assert old in CLOSED, what
    consultation, found = problems(tmp_path, CLOSED.replace(old, new, 1))
    assert (code, line, column) in found, found
    assert consultation is None


def test_results_while_it_is_open_are_an_error_at_their_section(tmp_path):
    text = OPEN + "\n## Results\n\nToo early.\n"
    consultation, found = problems(tmp_path, text)
    assert ("consultations.results", 12, 1) in found and consultation is None


def test_a_results_date_without_results_is_an_error(tmp_path):
    text = CLOSED.replace("results:\n  - {file: results.csv, title: Responses by district}\n",
                          "").split("## Results")[0]
    _, found = problems(tmp_path, text)
    assert ("consultations.results", 11, 20) in found


def test_a_decision_still_a_draft_is_not_linked(tmp_path):
    write_consultation(tmp_path, CLOSED)
    (tmp_path / DECISION).write_text("---\ntitle: Draft\ndraft: true\n---\n\nNot yet.\n")
    _consultation, found = read_consultation(tmp_path, tmp_path / FILE, TODAY, 12)
    assert ("consultations.decision", 14, 13) in {(d.code, d.line, d.column) for d in found}


def test_a_page_of_the_site_may_be_a_decision_it_informed(tmp_path):
    page = tmp_path / "content/what-we-spend/budget-and-precept.md"
    page.parent.mkdir(parents=True)
    page.write_text("---\ntitle: Budget and precept 2026/27\n---\n\nThe budget.\n")
    text = CLOSED.replace("/decisions/2026/OPCC-2026-004/", "/what-we-spend/budget-and-precept/")
    consultation, found = problems(tmp_path, text)
    assert found == set()
    assert consultation.decisions[0].title == "Budget and precept 2026/27"


def test_results_without_what_was_done_are_a_warning(tmp_path):
    text = CLOSED.split("## What we did")[0]
    consultation, found = problems(tmp_path, text)
    assert found == {("consultations.what-we-did", 12, 3)}
    assert consultation is not None  # a warning: published


def test_a_file_name_that_is_no_web_address_is_an_error(tmp_path):
    _, found = problems(tmp_path, CLOSED, relative="content/consultations/Plan 2025.md")
    assert ("consultations.slug", 1, 1) in found


def test_no_text_is_an_error(tmp_path):
    _, found = problems(tmp_path, OPEN.split("\nThe commissioner")[0] + "\n")
    assert ("consultations.body", 9, 1) in found


# --------------------------------------------------------------------------- states

@pytest.mark.parametrize("today, state, words", [
    (date(2026, 11, 15), "upcoming", None),
    (date(2026, 11, 16), "open", "Closes in 55 days"),
    (date(2026, 11, 25), "open", "Closes in 46 days"),
    (date(2026, 12, 5), "open", "Closes in 36 days"),
    (date(2027, 1, 9), "open", "Closes tomorrow"),
    (date(2027, 1, 10), "open", "Closes today"),
    (date(2027, 1, 11), "awaiting-results", None),
])
def test_the_state_on_each_day(tmp_path, today, state, words):
    consultation, _found = problems(tmp_path, OPEN, today=today)
    assert consultation.state(today) == state
    if words:
        assert closes_in(consultation, today) == words


def test_results_overdue_is_a_warning_with_the_close_date(tmp_path):
    text = OPEN.replace("2026-11-16", "2025-11-03").replace("2027-01-10", "2026-01-10")
    due = date(2026, 4, 4)  # 12 weeks after 10 January 2026
    _, on_the_day = problems(tmp_path, text, today=due)
    assert on_the_day == set()
    consultation, found = read_consultation(tmp_path, tmp_path / FILE, date(2026, 4, 5), 12)
    overdue = [d for d in found if d.code == "consultations.results-overdue"]
    assert [(d.severity, d.line, d.column) for d in overdue] == [("warning", 5, 9)]
    assert "closed on 10 January 2026" in overdue[0].message
    assert consultation is not None and consultation.state(date(2026, 4, 5)) == \
        "awaiting-results"
    _, six_weeks = problems(tmp_path, text, today=date(2026, 3, 1), weeks=6)
    assert ("consultations.results-overdue", 5, 9) in six_weeks  # site.yaml's own period


# --------------------------------------------------------------------------- the site

SITE = MINIMAL_CONFIG + """\
consultations: {results_weeks: 12, sample: true}
redaction:
  allow: [{value: consult@example.org, reason: "The office's consultation mailbox"}]
"""
# a plain page stands for the decision: these tests are about consultations alone
SITE_DECISION = "content/who-we-are/refreshed-plan-approved.md"
SITE_CLOSED = CLOSED.replace("/decisions/2026/OPCC-2026-004/", "/who-we-are/refreshed-plan-approved/")


def site_files() -> dict[str, str]:
    return {FILE: SITE_CLOSED, "content/consultations/precept-2027-28.md": OPEN,
            "content/consultations/results.csv": "district,responses\nNorth,700\nSouth,712\n",
            SITE_DECISION: "---\ntitle: Approval of the refreshed plan\nsummary: Approved.\n"
                           "class: decisions\npublished: 2026-03-01\n---\n\nApproved.\n"}


def build(root: Path, clean: bool = False, today: date = TODAY):
    result = build_site(BuildOptions(root, today=today), clean=clean)
    assert result.ok, [format_text(d) for d in result.diagnostics]
    return result


def text(root: Path, relative: str) -> str:
    return (root / "site" / relative).read_text("utf-8")


def test_the_open_consultation_shows_how_to_respond_first(make_site):
    root = make_site(site_files(), config=SITE)
    build(root)
    page = text(root, "consultations/precept-2027-28/index.html")
    assert "Closes in 46 days" in page and ">Open</strong>" in page
    respond = page.index('id="consultation-respond"')
    assert respond < page.index("The commissioner is considering three options.")
    assert 'href="mailto:consult@example.org">consult@example.org</a>' in page
    assert "illustrative examples" in page  # the sample notice
    assert 'data-type="Consultation"' in page


def test_the_closed_consultation_shows_results_what_we_did_and_decisions(make_site):
    root = make_site(site_files(), config=SITE)
    build(root)
    page = text(root, "consultations/plan-2025/index.html")
    assert "Closed on 14 December 2025" in page and "Closed: results published" in page
    assert page.index("1,412 people responded.") < page.index("We added a fifth commitment.")
    assert 'href="/consultations/results.csv">Responses by district</a>' in page
    assert ('href="/who-we-are/refreshed-plan-approved/">Approval of the refreshed plan</a>'
            in page)
    assert "Plan consultation<br>1 Castle Street<br>Northtown</span>" in page
    assert page.index("We added a fifth commitment.") < page.index('id="consultation-respond"')
    assert (root / "site/consultations/results.csv").is_file()


def test_the_listing_puts_open_consultations_first(make_site):
    root = make_site(site_files(), config=SITE)
    build(root)
    listing = text(root, "consultations/index.html")
    assert listing.index("Open consultations") < listing.index("Police precept 2027/28") < \
        listing.index("Closed consultations") < listing.index("Refreshing the police")
    assert "/consultations/" in text(root, "publication-scheme/decisions/index.html")


def test_a_closed_consultation_awaiting_results_says_so(make_site):
    root = make_site(site_files(), config=SITE)
    build(root, today=date(2027, 1, 11))
    page = text(root, "consultations/precept-2027-28/index.html")
    assert "Closed: results to follow" in page and "considering the responses" in page


def test_the_cli_warns_of_overdue_results(make_site):
    files = site_files()
    files["content/consultations/precept-2027-28.md"] = OPEN.replace(
        "2026-11-16", "2026-01-05").replace("2027-01-10", "2026-03-01")
    root = make_site(files, config=SITE)
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--today", "2026-11-25"])
    assert result.exit_code == 0, result.output
    assert ("content/consultations/precept-2027-28.md:5:9: warning"
            "[consultations.results-overdue]") in result.output
    assert "closed on 1 March 2026" in result.output


def test_results_weeks_must_be_a_number_in_site_yaml(make_site):
    root = make_site(site_files(), config=SITE.replace("results_weeks: 12",
                                                       "results_weeks: soon"))
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--today", "2026-11-25"])
    assert result.exit_code != 0 and "site.yaml:" in result.output
    assert "results_weeks" in result.output and "Traceback" not in result.output


def test_opcc_new_consultation_writes_a_draft_that_builds(make_site):
    root = make_site()
    result = CliRunner().invoke(main, ["new", "consultation", "--title",
                                       "Police and crime plan 2028", "--root", str(root)])
    assert result.exit_code == 0, result.output
    made = root / "content/consultations/police-and-crime-plan-2028.md"
    assert "draft: true" in made.read_text("utf-8")
    built = build_site(BuildOptions(root, today=date.today()))
    assert built.ok, [format_text(d) for d in built.diagnostics]
    assert not (root / "site/consultations/police-and-crime-plan-2028").exists()


def test_incremental_builds_equal_clean_ones_after_add_edit_delete(make_site):
    root = make_site(site_files(), config=SITE)
    build(root)
    (root / FILE).write_text(SITE_CLOSED.replace("We added a fifth commitment.", "We changed it."))
    (root / "content/consultations/victims-strategy.md").write_text(
        OPEN.replace("Police precept 2027/28", "Victims strategy"))
    (root / "content/consultations/precept-2027-28.md").unlink()
    build(root)
    after = {p: h for p, h in tree_hashes(root / "site").items()
             if not p.startswith("pagefind/")}
    assert "We changed it." in text(root, "consultations/plan-2025/index.html")
    assert "Victims strategy" in text(root, "consultations/index.html")
    assert not (root / "site/consultations/precept-2027-28").exists()
    build(root, clean=True)
    assert {p: h for p, h in tree_hashes(root / "site").items()
            if not p.startswith("pagefind/")} == after


def test_a_decision_address_may_lack_its_slash_or_name_a_section(tmp_path):
    text = CLOSED.replace("/decisions/2026/OPCC-2026-004/",
                          "/decisions/2026/OPCC-2026-004#reasons")
    consultation, found = problems(tmp_path, text)
    assert found == set()
    assert consultation.decisions[0].url == "/decisions/2026/OPCC-2026-004/#reasons"


@pytest.mark.parametrize("data, code", [
    (b"---\ntitle: Caf\xe9\n---\n\nText.\n", "record.encoding"),
    (b"---\ntitle: Bell\x07\n---\n\nText.\n", "record.character"),
    (b"---\nrespond: [{title: x, url: \n---\n\nText.\n", "consultations.yaml"),
    (b"Just text.\n", "consultations.front-matter"),
    (b"---\nrespond: 3\nopens: 2026-13-01\ncloses: yesterday\n---\n\nText.\n",
     "consultations.date"),
])
def test_bad_files_are_diagnostics_never_tracebacks(make_site, data, code):
    root = make_site({FILE: data}, config=SITE)
    result = CliRunner().invoke(main, ["check", "--root", str(root), "--today", "2026-11-25"])
    assert result.exit_code == 1, result.output
    assert f"{FILE}:" in result.output and f"error[{code}]" in result.output
    assert "Traceback" not in result.output
