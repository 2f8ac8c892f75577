"""Incremental builds (issue #10): after each kind of change, `opcc build` (incremental,
using SITE/.opcc-cache/ and the site/ of the previous build) writes exactly what
`opcc build --clean` writes from the same inputs, byte for byte (Pagefind's index aside,
whose bytes are not deterministic: its page count is compared instead), and it writes
only the files whose content changed.

How each test works (tests/incremental_support.py):

- `base`: the example site copied and built once for the module (`opcc build --today
  2026-11-25`, a first build in an empty folder).
- `work`: a copy of `base` (site/ and .opcc-cache/ included) built once more with no
  change ("settled", so that a copy that legitimately rebuilds everything is not
  mistaken for an incremental build that writes too much), then changed and rebuilt
  with `opcc build`.
- `reference`: another copy of `base` with the same change, built with
  `opcc build --clean` in the background while the incremental builds run.

Every build is a separate `python -m opcc` process, as a user or CI runs it. Each
test also checks that the change is visible in the output, so that a build that did
nothing cannot pass.
"""

from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import copy_example
from tests.incremental_support import (
    Snapshot,
    Workspace,
    append,
    assert_only_changed_files_written,
    assert_same_site,
    assert_untouched,
    build,
    copy_tree,
    fails_in_both_modes,
    incremental_equals_clean,
    leftovers,
    remove,
    rename,
    replace,
    rewritten_unchanged,
    tree_difference,
    write,
)

COMMISSIONER = "content/who-we-are/commissioner.md"
CONTRACTS_PAGE = "content/what-we-spend/contracts-and-tenders.md"
PLAN = "content/priorities/police-and-crime-plan.md"
PLAN_PDF = "content/priorities/police-and-crime-plan-summary.pdf"
SPEND = "datasets/spend-over-500"
NEW_PARAGRAPH = ("The commissioner holds a public surgery in each district every quarter; "
                 "the dates are announced on this page.\n")


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """The example site, built once for this module; tests copy it and never change it."""
    root = copy_example(tmp_path_factory.mktemp("incremental-base") / "example")
    build(root)
    return root


@pytest.fixture
def workspace(base, tmp_path):
    space = Workspace(base, tmp_path)
    yield space
    space.close()


# --------------------------------------------------------------------------- pages

def test_page_body_edit(workspace):
    outcome = incremental_equals_clean(
        workspace, lambda root: append(root, COMMISSIONER, "\n" + NEW_PARAGRAPH))
    assert "public surgery in each district" in \
        outcome.incremental.text("who-we-are/commissioner/index.html")


# a page among the home page's recent updates, so that every listing shows its title
NARRATIVE_PAGE = "content/what-we-spend/narrative-statement.md"
OLD_TITLE = "Narrative statement 2025/26"
NEW_TITLE = "Narrative report on the 2025/26 accounts"


def test_title_change_reaches_every_listing(workspace):
    assert OLD_TITLE in workspace.base.joinpath("site/index.html").read_text("utf-8")
    outcome = incremental_equals_clean(
        workspace, lambda root: replace(root, NARRATIVE_PAGE, f"title: {OLD_TITLE}\n",
                                        f"title: {NEW_TITLE}\n"))
    site = outcome.incremental
    listings = ["index.html",                                  # home: recent updates
                "what-we-spend/index.html",                    # the parent's children
                "publication-scheme/what-we-spend/index.html"]  # the class index
    for page in [*listings, "what-we-spend/narrative-statement/index.html", "feed.xml"]:
        assert NEW_TITLE in site.text(page), page
    for page in listings:
        assert OLD_TITLE not in site.text(page), page


PENSIONS_PAGE = """\
---
title: Police pensions
summary: How the pensions of police officers and staff in Northshire are paid for.
class: what-we-spend
published: 2026-11-24
owner: Chief Finance Officer
tags: [pensions]
---

Police officers' pensions are paid from a pension fund that the commissioner keeps, as
the law requires. Its costs are part of the [budget and precept](budget-and-precept.md).
"""


def test_new_page_in_an_existing_folder(workspace):
    outcome = incremental_equals_clean(
        workspace, lambda root: write(root, "content/what-we-spend/police-pensions.md",
                                      PENSIONS_PAGE))
    site = outcome.incremental
    assert "pension fund that the commissioner keeps" in \
        site.text("what-we-spend/police-pensions/index.html")
    for page in ["index.html", "what-we-spend/index.html",
                 "publication-scheme/what-we-spend/index.html"]:
        assert "Police pensions" in site.text(page), page
    assert "/what-we-spend/police-pensions/" in site.text("sitemap.xml")
    assert [int(n) for n in site.search_page_counts()] == \
        [int(n) + 1 for n in outcome.before.search_page_counts()]


def test_page_deleted(workspace):
    def change(root: Path) -> None:
        remove(root, CONTRACTS_PAGE)
        # the one link to it (checked with grep over content/, site.yaml, templates/)
        replace(root, "content/what-we-spend/index.md",
                "- [Contracts and tenders](contracts-and-tenders.md): the contracts we hold "
                "and the work we are inviting bids for\n", "")

    outcome = incremental_equals_clean(workspace, change)
    site = outcome.incremental
    assert "what-we-spend/contracts-and-tenders/index.html" in outcome.before.files
    assert not any(name.startswith("what-we-spend/contracts-and-tenders/")
                   for name in site.files)
    assert "/what-we-spend/contracts-and-tenders/" not in site.text("what-we-spend/index.html")
    assert "/what-we-spend/contracts-and-tenders/" not in site.text("sitemap.xml")


def rename_naming_convention(root: Path) -> None:
    """The page moves to a new file name (so a new URL) and both links to it follow."""
    rename(root, "content/policies/document-naming-convention.md",
           "content/policies/file-naming-convention.md")
    for page in ["content/policies/index.md", "content/policies/information-management-strategy.md",
                 "content/policies/records-management-policy.md"]:
        replace(root, page, "(document-naming-convention.md)", "(file-naming-convention.md)")
    for page in ["content/policies/information-management-strategy.md",  # related documents
                 "content/policies/records-retention-and-disposal-policy.md",
                 "content/policies/information-security-policy.md"]:
        replace(root, page, "url: document-naming-convention.md", "url: file-naming-convention.md")


def test_page_renamed_with_its_links(workspace):
    outcome = incremental_equals_clean(workspace, rename_naming_convention)
    site = outcome.incremental
    assert "policies/file-naming-convention/index.html" in site.files
    assert not any(name.startswith("policies/document-naming-convention/")
                   for name in site.files)
    assert 'href="/policies/file-naming-convention/"' in \
        site.text("policies/information-management-strategy/index.html")


SCHEME_PAGE = "content/policies/publication-scheme.md"
FOI_HOW_TO = "content/services/how-to-make-an-foi-request.md"


def rename_charges_heading(root: Path) -> None:
    replace(root, SCHEME_PAGE, "\n## Charges\n", "\n## Fees and charges\n")


def test_linked_heading_renamed_and_link_updated(workspace):
    def change(root: Path) -> None:
        rename_charges_heading(root)
        replace(root, FOI_HOW_TO, "publication-scheme.md#charges)",
                "publication-scheme.md#fees-and-charges)")

    outcome = incremental_equals_clean(workspace, change)
    site = outcome.incremental
    assert 'id="fees-and-charges"' in site.text("policies/publication-scheme/index.html")
    assert "/policies/publication-scheme/#fees-and-charges" in \
        site.text("services/how-to-make-an-foi-request/index.html")


def test_linked_heading_renamed_alone_breaks_the_link_in_both_modes(workspace):
    # the linking page did not change, but its link now leads nowhere: an incremental
    # build must re-check links into a changed page, not only links out of it
    run = fails_in_both_modes(workspace, rename_charges_heading, "link.broken")
    assert "#charges" in run.output


def test_draft_becomes_published(workspace):
    outcome = incremental_equals_clean(
        workspace, lambda root: replace(root, "content/priorities/annual-report-2026.md",
                                        "draft: true\n", "draft: false\n"))
    site = outcome.incremental
    assert "priorities/annual-report-2026/index.html" not in outcome.before.files
    assert "Foreword" in site.text("priorities/annual-report-2026/index.html")
    for page in ["priorities/index.html", "index.html"]:
        assert "Annual report 2026/27" in site.text(page), page
    assert [int(n) for n in site.search_page_counts()] == \
        [int(n) + 1 for n in outcome.before.search_page_counts()]


def test_same_size_edit_with_the_old_modification_time(workspace):
    """The cache is keyed by content, not by size and modification time: an edit of the
    same length whose file keeps its old mtime (as `cp -p`, `rsync -t` or an archive
    restore leave it) is still picked up."""
    def change(root: Path) -> None:
        path = root / COMMISSIONER
        status = path.stat()
        replace(root, COMMISSIONER, "Both are fictional people", "Both are imaginary people")
        os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
        assert path.stat().st_size == status.st_size

    outcome = incremental_equals_clean(workspace, change)
    assert "Both are imaginary people" in \
        outcome.incremental.text("who-we-are/commissioner/index.html")


# --------------------------------------------------------------------------- templates

TEMPLATE_EDITS = {
    # page.html: only content pages use it
    "page": ("templates/page.html", '{{ page.title }}</h1>',
             ('{{ page.title }}</h1>\n'
              '    <p class="govuk-body-s">Edited page template.</p>'),
             "Edited page template.",
             ["who-we-are/commissioner/index.html", "policies/publication-scheme/index.html"]),
    # a partial included by base.html: every HTML page, whatever its own template
    "footer-partial": ("templates/partials/footer.html", "Telephone: ", "Switchboard: ",
                       "Switchboard: ",
                       ["index.html", "404.html", "who-we-are/commissioner/index.html",
                        "foi/2026/FOI-2026-0040/index.html", "datasets/spend-over-500/index.html",
                        "foi/disclosure-log/index.html", "publication-scheme/compliance/index.html"]),
}


@pytest.mark.parametrize("kind", TEMPLATE_EDITS)
def test_template_edit(workspace, kind):
    template, old, new, marker, pages = TEMPLATE_EDITS[kind]
    outcome = incremental_equals_clean(workspace, lambda root: replace(root, template, old, new))
    for page in pages:
        assert marker in outcome.incremental.text(page), page


def test_static_file_edit(workspace):
    rule = ".app-incremental-check { outline: 0; }\n"
    outcome = incremental_equals_clean(
        workspace, lambda root: append(root, "templates/static/css/site.css", rule))
    assert outcome.incremental.text("static/css/site.css").endswith(rule)


def edit_site_yaml(root: Path) -> None:
    replace(root, "site.yaml", "{title: Registers, url: /lists-registers/}",
            "{title: Lists and registers, url: /lists-registers/}")
    replace(root, "site.yaml", 'phone: "01632 960100"', 'phone: "01632 960200"')
    replace(root, "site.yaml",
            '    - {value: "01632 960100", reason: "The office\'s public switchboard"}\n',
            '    - {value: "01632 960100", reason: "The office\'s public switchboard"}\n'
            '    - {value: "01632 960200", reason: "The office\'s new switchboard"}\n')


def test_site_yaml_edit(workspace):
    outcome = incremental_equals_clean(workspace, edit_site_yaml)
    for page in ["index.html", "foi/2024/FOI-2024-0003/index.html",
                 "datasets/contracts/index.html"]:
        html = outcome.incremental.text(page)
        assert "Lists and registers" in html and "01632 960200" in html, page


# --------------------------------------------------------------------------- datasets

SPEND_ROW = ("Chief Constable of Northshire Police,2026-10-31,AP26030228,1,Training,"
             "Supplies and services,College of Policing,public-body,"
             "Incremental build check course,,2250.00,0.00,Training services\n")

DATASET_EDITS = {
    # one amount, same length, so the file keeps its size
    "csv-cell": (lambda root: replace(root, f"{SPEND}/spend-2026-10.csv", ",18416.67,", ",18416.76,"),
                 "18416.76", ["datasets/spend-over-500/spend-2026-10.csv",
                              "datasets/spend-over-500/spend-2026-10.json"]),
    "csv-row-added": (lambda root: append(root, f"{SPEND}/spend-2026-10.csv", SPEND_ROW),
                      "AP26030228", ["datasets/spend-over-500/spend-2026-10.csv",
                                     "datasets/spend-over-500/spend-2026-10.json"]),
    "descriptor-title": (lambda root: replace(root, f"{SPEND}/datapackage.yaml",
                                              "title: Spending over £500\n",
                                              "title: Payments over £500\n"),
                         "Payments over £500", ["datasets/spend-over-500/index.html",
                                                "datasets/index.html",
                                                "what-we-spend/budget-and-precept/index.html"]),
    # the schema file is shared by twelve resources, by path
    "schema-field-title": (lambda root: replace(root, "datasets/schemas/spend-over-500.json",
                                                '"title": "Amount (£)"',
                                                '"title": "Amount paid (£)"'),
                           "Amount paid (£)", ["datasets/spend-over-500/index.html"]),
}


@pytest.mark.parametrize("kind", DATASET_EDITS)
def test_dataset_edit(workspace, kind):
    change, marker, outputs = DATASET_EDITS[kind]
    outcome = incremental_equals_clean(workspace, change)
    for output in outputs:
        assert marker in outcome.incremental.text(output), output


def forbid_negative_amounts(root: Path) -> None:
    """Credit notes are negative amounts: a minimum of 0 makes those rows invalid."""
    path = root / "datasets/schemas/spend-over-500.json"
    schema = json.loads(path.read_text("utf-8"))
    [amount] = [field for field in schema["fields"] if field["name"] == "amount"]
    amount["constraints"]["minimum"] = 0
    path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def test_schema_edit_that_fails_validation(workspace):
    fails_in_both_modes(workspace, forbid_negative_amounts, "dataset.constraint")


# --------------------------------------------------------------------------- FOI

NEW_FOI = """\
---
reference: FOI-2026-0041
title: Mounted patrols at agricultural shows in 2026
received: 2026-10-20
responded: 2026-11-03
outcome: granted
exemptions: []
topics: [horses, rural crime]
---

## Request

How many mounted patrols attended agricultural shows in Northshire in 2026?

## Response

Northshire Police has no mounted section of its own. Officers from a neighbouring
force's mounted section patrolled three agricultural shows in the county in 2026 under a
mutual aid agreement.
"""


def test_foi_record_added(workspace):
    outcome = incremental_equals_clean(
        workspace, lambda root: write(root, "content/foi/2026/FOI-2026-0041.md", NEW_FOI))
    site = outcome.incremental
    assert "three agricultural shows" in site.text("foi/2026/FOI-2026-0041/index.html")
    assert "FOI-2026-0041" in site.text("foi/disclosure-log/index.html")
    assert "FOI-2026-0041" in site.text("foi/disclosure-log/2026/index.html")
    assert "foi/disclosure-log/topic/horses/index.html" in site.files
    assert "FOI-2026-0041" in site.text("datasets/foi-disclosure-log/foi-disclosure-log.csv")


def test_foi_record_deleted(workspace):
    # the only record with the topic 'custody' and the exemptions reg12(4)(d) and reg13:
    # their filter pages must disappear with it
    outcome = incremental_equals_clean(
        workspace, lambda root: remove(root, "content/foi/2025/FOI-2025-0033.md"))
    site = outcome.incremental
    gone = ["foi/2025/FOI-2025-0033/index.html", "foi/disclosure-log/topic/custody/index.html",
            "foi/disclosure-log/exemption/reg13/index.html",
            "foi/disclosure-log/exemption/reg12-4-d/index.html"]
    for name in gone:
        assert name in outcome.before.files, name
        assert name not in site.files, name
    assert "FOI-2025-0033" not in site.text("foi/disclosure-log/index.html")
    assert "FOI-2025-0033" not in site.text("datasets/foi-disclosure-log/foi-disclosure-log.csv")


# --------------------------------------------------------------------------- attachments

def revised_plan_summary() -> bytes:
    """A clean, larger PDF in place of the plan summary (its size shown on the page
    changes too)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1, pageCompression=0)
    pdf.setAuthor("Northshire OPCC")
    pdf.setTitle("Police and crime plan 2024 to 2029: summary (revised)")
    for priority in range(1, 5):
        pdf.setFont("Helvetica", 11)
        for line in range(40):
            pdf.drawString(50, 800 - 18 * line,
                           f"Priority {priority}: revised milestone {line + 1} for policing "
                           f"and community safety in Northshire.")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


CUSTODY_CSV = "content/foi/2026/foi-2026-0025-custody-visits.csv"


def test_page_attachment_changed(workspace):
    pdf = revised_plan_summary()
    outcome = incremental_equals_clean(workspace, lambda root: (root / PLAN_PDF).write_bytes(pdf))
    site = outcome.incremental
    assert site.files["priorities/police-and-crime-plan-summary.pdf"] == pdf
    assert f"{round(len(pdf) / 1024)} KB" in site.text("priorities/police-and-crime-plan/index.html")


def test_foi_attachment_changed(workspace):
    outcome = incremental_equals_clean(
        workspace, lambda root: append(root, CUSTODY_CSV, "Total,52,562,Cell temperature\n"))
    assert outcome.incremental.text("foi/2026/foi-2026-0025-custody-visits.csv") \
        .endswith("Total,52,562,Cell temperature\n")


def drop_plan_attachment(root: Path) -> None:
    replace(root, PLAN, "attachments:\n  - file: police-and-crime-plan-summary.pdf\n"
                        "    title: Police and crime plan 2024 to 2029, summary (PDF)\n", "")
    remove(root, PLAN_PDF)


def test_attachment_removed_with_its_link(workspace):
    outcome = incremental_equals_clean(workspace, drop_plan_attachment)
    site = outcome.incremental
    assert "priorities/police-and-crime-plan-summary.pdf" in outcome.before.files
    assert "priorities/police-and-crime-plan-summary.pdf" not in site.files
    assert "police-and-crime-plan-summary.pdf" not in \
        site.text("priorities/police-and-crime-plan/index.html")


# --------------------------------------------------------------------------- sequences

def test_no_change_writes_nothing(workspace):
    """A second build with nothing changed writes nothing at all (not even the search
    index: nothing it indexes changed), and equals a clean build made in the same folder
    afterwards. The cache lives in SITE/.opcc-cache/."""
    work = workspace.settled_work()
    before = Snapshot.of(work)
    build(work)
    after = Snapshot.of(work)
    written = sorted(k for k in before.stats if after.stats.get(k) != before.stats[k])
    build(work, "--clean")
    clean = Snapshot.of(work)

    assert_same_site(after, clean)
    assert after.files.keys() == before.files.keys()
    assert not written, (f"a build with nothing changed wrote {len(written)} files: "
                         f"{', '.join(written[:15])}")
    assert after.folder_inode == before.folder_inode, "a no-change build replaced site/"
    assert (work / ".opcc-cache").is_dir()


def test_error_then_fix(workspace):
    """A build that fails leaves site/ untouched; once the error is fixed, the next
    incremental build still publishes the edit made together with the error (a failed
    build must not leave the cache believing that edit was published)."""
    def edit_with_error(root: Path) -> None:
        append(root, COMMISSIONER, "\n" + NEW_PARAGRAPH)
        replace(root, COMMISSIONER, "class: who-we-are\n", "class: who-we-r\n")

    def fix(root: Path) -> None:
        replace(root, COMMISSIONER, "class: who-we-r\n", "class: who-we-are\n")

    workspace.start_reference(lambda root: append(root, COMMISSIONER, "\n" + NEW_PARAGRAPH))
    work = workspace.settled_work()
    before = Snapshot.of(work)
    edit_with_error(work)
    failed = build(work, expect=1)
    assert "error[content.class]" in failed.output, failed.describe()
    assert_untouched(before, Snapshot.of(work), "a failed incremental build")
    assert not leftovers(work), leftovers(work)
    fix(work)
    build(work)
    incremental = Snapshot.of(work)
    workspace.finish_reference()

    assert_same_site(incremental, Snapshot.of(workspace.reference))
    assert_only_changed_files_written(before, incremental)
    assert "public surgery in each district" in \
        incremental.text("who-we-are/commissioner/index.html")


LATER = "2027-02-01"


def test_date_moves_on(workspace):
    """Everything that depends on today follows --today as a clean build with that date
    does: compliance statuses (published, due soon, overdue) and the FOI statistics
    (which count by period up to today), though no input file changed."""
    outcome = incremental_equals_clean(workspace, lambda root: None, today=LATER)
    before, after = outcome.before, outcome.incremental
    compliance = "publication-scheme/compliance/index.html"
    assert after.text(compliance).count(">Overdue<") > before.text(compliance).count(">Overdue<")
    assert "1 February 2027" in after.text(compliance)
    assert after.files["foi/statistics.csv"] != before.files["foi/statistics.csv"]


def test_copied_folder_builds_correctly_and_leaves_the_original_alone(base, tmp_path):
    """A built folder copied elsewhere (site/ and .opcc-cache/ with it, as a CI cache
    restore does) builds correctly there after a change, even if the cache recorded
    absolute paths, and never reads or writes the original folder."""
    original = Snapshot.of(base)
    original_sources = {p: p.read_bytes() for p in (base / "content").rglob("*.md")}
    work = copy_tree(base, tmp_path / "moved" / "elsewhere" / "example")
    append(work, COMMISSIONER, "\n" + NEW_PARAGRAPH)
    build(work)
    incremental = Snapshot.of(work)
    build(work, "--clean")
    clean = Snapshot.of(work)

    assert_same_site(incremental, clean)
    assert "public surgery in each district" in \
        incremental.text("who-we-are/commissioner/index.html")
    assert_untouched(original, Snapshot.of(base), "building a copy")
    assert {p: p.read_bytes() for p in (base / "content").rglob("*.md")} == original_sources


def test_cache_without_site_folder_builds_everything(base, tmp_path):
    """CI restores .opcc-cache/ but not site/: the build must write the whole site."""
    work = copy_tree(base, tmp_path / "example")
    shutil.rmtree(work / "site")
    build(work)
    incremental = Snapshot.of(work)
    build(work, "--clean")
    assert_same_site(incremental, Snapshot.of(work))
    assert_same_site(incremental, Snapshot.of(base))


def test_the_comparison_helpers_notice_differences():
    """The helpers behind every test above do fail when they should, and say where."""
    before = Snapshot({"a.html": b"x", "b.html": b"y"}, {"a.html": (1, 10), "b.html": (2, 10)}, 0)
    after = Snapshot({"a.html": b"x", "b.html": b"z"}, {"a.html": (3, 20), "b.html": (2, 30)}, 0)
    assert rewritten_unchanged(before, after) == ["a.html"]
    with pytest.raises(AssertionError, match="a.html"):
        assert_only_changed_files_written(before, after)
    message = tree_difference({"a.html": b"1\n2\n", "x.css": b""},
                              {"a.html": b"1\n3\n", "b.html": b""})
    assert "missing from the incremental site/ (a clean build writes them): b.html" in message
    assert "extra in the incremental site/" in message and "x.css" in message
    assert "with different content: a.html" in message and "-3" in message and "+2" in message
    assert tree_difference({"a": b"1"}, {"a": b"1"}) == ""
