"""The decisions register as built: a page per decision, the register by year and its
filter pages, the feed, the class page, the open data (round-tripped through
frictionless), the compliance report, and an exempt decision's text nowhere in site/."""

from __future__ import annotations

import csv
import gzip
import io
import json
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from opcc.cli.main import main
from tests.conftest import MINIMAL_CONFIG

TODAY = "2026-11-25"
CONFIG = MINIMAL_CONFIG + """\
decisions:
  publish_within_working_days: 5
  sample: true
"""
SECRET = "CONFIDENTIAL-TEXT-4c1d"
SECRET_PAPER = "CONFIDENTIAL-PAPER-77aa"


def decision(reference: str, made: str, status: str = "public", category: str = "finance",
             extra: str = "", body: str | None = None, published: str | None = None,
             title: str | None = None) -> str:
    body = body if body is not None else (
        f"## Decision\n\nTo approve {title or reference}, as set out in the report.\n\n"
        f"## Reasons\n\nIt is affordable and meets the plan's aims.\n")
    return (f"---\nreference: {reference}\ntitle: {title or 'Decision ' + reference}\n"
            f"made: {made}\ndecision_maker: Police and Crime Commissioner\nstatus: {status}\n"
            f"category: {category}\nfinancial_implications: 25000\ninterests_declared: none\n"
            + (f"published: {published}\n" if published else "") + extra + "---\n\n" + body)


def pdf(text: str) -> bytes:
    from reportlab.pdfgen import canvas
    out = io.BytesIO()
    page = canvas.Canvas(out, invariant=1)
    page.setAuthor("Testshire OPCC")
    page.setTitle("A report")
    page.drawString(60, 760, text)
    page.showPage()
    page.save()
    return out.getvalue()


FILES = {
    "content/decisions/2025/OPCC-2025-001.md": decision(
        "OPCC-2025-001", "2025-02-11", category="estates", title="Estates strategy",
        extra="meeting: /who-we-are/\nbackground_papers:\n"
              "  - {file: opcc-2025-001-report.pdf, title: Report to the commissioner}\n"),
    "content/decisions/2025/opcc-2025-001-report.pdf": pdf("The estates strategy report."),
    "content/decisions/2026/OPCC-2026-001.md": decision(
        "OPCC-2026-001", "2026-03-10", status="part-exempt", category="commissioning",
        title="Victims' service contract", extra="exemptions: [s43(2)]\n",
        published="2026-03-12"),
    "content/decisions/2026/OPCC-2026-002.md": decision(
        "OPCC-2026-002", "2026-05-19", status="exempt", category="governance",
        title="Settlement of a claim",
        extra="exemptions: [s40(2), s42(1)]\nreview_exemption: 2027-05-31\n"
              "background_papers:\n  - {file: opcc-2026-002-advice.pdf, title: Counsel's advice}\n",
        body=f"## Decision\n\n{SECRET}: to settle the claim for the sum advised.\n\n"
             f"## Reasons\n\nThe advice of counsel on the prospects of the claim.\n"),
    "content/decisions/2026/opcc-2026-002-advice.pdf": pdf(SECRET_PAPER),
    "content/decisions/index.md": "---\ntitle: Decisions\nsummary: How we decide.\n---\n\n"
                                  "See the [register](/decisions/register/).\n",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    import shutil

    from tests.conftest import REPO, write_files

    root = tmp_path_factory.mktemp("decisions") / "site-root"
    shutil.copytree(REPO / "templates", root / "templates",
                    ignore=shutil.ignore_patterns("node_modules", "theme"))
    from tests.conftest import HOME, WHO_INDEX
    write_files(root, {"site.yaml": CONFIG, "content/index.md": HOME,
                       "content/who-we-are/index.md": WHO_INDEX, **FILES})
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--today", TODAY])
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output, result.output
    assert "content/decisions" not in result.output, result.output  # (scheme warnings aside)
    return root / "site"


def text(site: Path, path: str) -> str:
    return (site / path).read_text("utf-8")


def test_a_page_per_decision_with_its_facts_body_and_papers(built):
    html = text(built, "decisions/2025/OPCC-2025-001/index.html")
    for shown in ("Decision OPCC-2025-001", "Estates strategy", "11 February 2025",
                  "Police and Crime Commissioner", "Estates", "£25,000", "## Decision" and
                  "To approve Estates strategy", "It is affordable",
                  "Report to the commissioner", "/decisions/2025/opcc-2025-001-report.pdf",
                  "Back to the decisions register",
                  "The decisions in this register are illustrative examples"):
        assert shown in html, shown
    assert 'href="/who-we-are/"' in html  # the meeting, a link the link checker checked
    assert (built / "decisions/2025/opcc-2025-001-report.pdf").is_file()
    assert "Published 0 working days after the decision was made (in time)" in html


def test_a_part_exempt_decision_names_what_is_withheld(built):
    html = text(built, "decisions/2026/OPCC-2026-001/index.html")
    assert "Part of this decision record is withheld under the Freedom of Information Act " \
           "2000: Section 43(2) (commercial interests: prejudice to commercial interests)" in html
    assert "To approve Victims&#39; service contract" in html or \
           "To approve Victims' service contract" in html
    assert "Published 2 working days after" in html


def test_an_exempt_decision_is_a_notice_only(built):
    html = text(built, "decisions/2026/OPCC-2026-002/index.html")
    assert "This decision was made on 19 May 2026 by the Police and Crime Commissioner. Its " \
           "details are exempt from publication under the Freedom of Information Act 2000: " \
           "Section 40(2) (personal information: personal data of people other than the " \
           "requester) and Section 42 (legal professional privilege)." in html
    assert "We will review the exemption on 31 May 2027" in html
    assert "Settlement of a claim" in html
    assert "Financial implications" not in html and "Counsel&#39;s advice" not in html
    assert not (built / "decisions/2026/opcc-2026-002-advice.pdf").exists()


def test_an_exempt_decisions_text_and_papers_are_nowhere_in_the_site(built):
    """Every file of site/: pages, feeds, sitemap, open data and the search index (whose
    fragments are gzipped)."""
    assert (built / "pagefind").is_dir()
    searched = 0
    for path in built.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        searched += 1
        for secret in (SECRET, SECRET_PAPER, "prospects of the claim", "sum advised"):
            assert secret.encode() not in data, f"{secret} in {path.relative_to(built)}"
    assert searched > 50


def test_the_register_lists_every_decision_by_year_newest_first(built):
    html = text(built, "decisions/register/index.html")
    assert "All 3 decisions" in html
    assert html.index('id="decisions-2026"') < html.index('id="decisions-2025"')
    assert html.index("OPCC-2026-002") < html.index("OPCC-2026-001") < html.index("OPCC-2025-001")
    for label in ("Public", "Part exempt", "Exempt", "Year made", "Category", "Status"):
        assert label in html
    assert 'href="/datasets/decisions-register/"' in html
    assert 'href="/decisions/feed.xml"' in html


@pytest.mark.parametrize("page, listed, not_listed, heading", [
    ("decisions/register/2026/", ["OPCC-2026-001", "OPCC-2026-002"], ["OPCC-2025-001"],
     "Decisions made in 2026"),
    ("decisions/register/category/estates/", ["OPCC-2025-001"], ["OPCC-2026-001"],
     "Decisions: estates"),
    ("decisions/register/status/exempt/", ["OPCC-2026-002"], ["OPCC-2025-001"],
     "Exempt decisions"),
    ("decisions/register/status/part-exempt/", ["OPCC-2026-001"], ["OPCC-2026-002"],
     "Part exempt decisions"),
])
def test_static_filter_pages_by_year_category_and_status(built, page, listed, not_listed,
                                                          heading):
    html = text(built, page + "index.html")
    assert f"<h1 class=\"govuk-heading-xl\">{heading}</h1>" in html
    assert "Show all decisions" in html
    for reference in listed:
        assert reference in html
    for reference in not_listed:
        assert f">{reference}<" not in html


def test_the_feed_lists_each_decision_with_its_published_summary(built):
    feed = ElementTree.fromstring((built / "decisions/feed.xml").read_bytes())
    atom = "{http://www.w3.org/2005/Atom}"
    entries = {e.find(f"{atom}title").text: e.find(f"{atom}summary").text
               for e in feed.findall(f"{atom}entry")}
    assert set(entries) == {"Estates strategy", "Victims' service contract",
                            "Settlement of a claim"}
    assert entries["Settlement of a claim"].startswith("A decision made by the Police and "
                                                       "Crime Commissioner on 19 May 2026")
    main_feed = (built / "feed.xml").read_text("utf-8")
    assert "Estates strategy" in main_feed  # decisions join the main feed too


def test_the_register_is_on_the_decisions_class_page_and_in_the_sitemap(built):
    assert "Decisions register" in text(built, "publication-scheme/decisions/index.html")
    sitemap = text(built, "sitemap.xml")
    for url in ("/decisions/register/", "/decisions/register/2025/",
                "/decisions/register/category/estates/", "/decisions/2026/OPCC-2026-002/"):
        assert f"https://opcc.example.org{url}<" in sitemap, url


def test_open_data_round_trips_through_frictionless(built):
    from frictionless import Package

    folder = built / "datasets" / "decisions-register"
    descriptor = json.loads((folder / "datapackage.json").read_text("utf-8"))
    report = Package(descriptor, basepath=str(folder)).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "note"])
    resource = Package(descriptor, basepath=str(folder)).get_resource("decisions-register")
    rows = {row["reference"]: row for row in resource.read_rows()}
    assert set(rows) == {"OPCC-2025-001", "OPCC-2026-001", "OPCC-2026-002"}
    public = rows["OPCC-2025-001"]
    assert public["made"] == date(2025, 2, 11) and public["category"] == "estates"
    assert public["financial_implications"] == 25000
    assert public["meeting"] == "https://opcc.example.org/who-we-are/"
    assert public["working_days_to_publish"] == 0
    exempt = rows["OPCC-2026-002"]
    assert exempt["status"] == "exempt" and exempt["exemptions"] == "s40(2); s42"
    assert exempt["review_exemption"] == date(2027, 5, 31)
    for withheld in ("summary", "financial_implications", "interests_declared", "meeting"):
        assert exempt[withheld] is None
    as_json = json.loads((folder / "decisions-register.json").read_text("utf-8"))
    assert [r["reference"] for r in as_json] == ["OPCC-2026-002", "OPCC-2026-001",
                                                 "OPCC-2025-001"]
    rows_csv = list(csv.DictReader(io.StringIO((folder / "decisions-register.csv")
                                               .read_text("utf-8"))))
    assert rows_csv[0]["summary"] == ""  # the exempt decision, newest


def test_the_compliance_report_judges_each_decision(built):
    html = text(built, "publication-scheme/compliance/index.html")
    assert "Record of each decision of significant public interest" in html
    assert "/decisions/register/" in html


def test_opcc_new_decision_writes_the_next_reference_as_a_draft(tmp_path):
    from tests.conftest import write_files
    write_files(tmp_path, {"site.yaml": CONFIG, **{k: v for k, v in FILES.items()
                                                   if k.endswith(".md")}})
    result = CliRunner().invoke(main, ["new", "decision", "--title", "Fleet workshop",
                                       "--made", "2026-11-20", "--root", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "created content/decisions/2026/OPCC-2026-003.md (a draft" in result.output
    written = (tmp_path / "content/decisions/2026/OPCC-2026-003.md").read_text("utf-8")
    assert 'title: "Fleet workshop"' in written and "draft: true" in written
    assert "made: 2026-11-20" in written and "## Decision" in written
    result = CliRunner().invoke(main, ["new", "decision", "--root", str(tmp_path)],
                                input="")
    assert result.exit_code == 2 and "--title" in result.output


def test_the_examples_exempt_decisions_publish_none_of_their_text(built_example):
    """The example keeps the text of its exempt decisions in their files (as an office
    keeps the signed record): no sentence of it is in any file of its site/."""
    sentences = []
    for source in sorted((built_example / "content/decisions").glob("*/*.md")):
        front, body = source.read_text("utf-8").split("\n---\n", 1)
        if "\nstatus: exempt" in front:
            sentences += [line for line in body.split("\n")
                          if line.strip() and not line.startswith("#")]
    assert len(sentences) >= 4, sentences
    for path in (built_example / "site").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            data = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
            for sentence in sentences:
                assert sentence.encode() not in data, f"{sentence!r} in {path}"
