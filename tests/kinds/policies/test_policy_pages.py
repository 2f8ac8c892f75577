"""A policy page as built: the governance facts as a summary list, the version-control
table, the related documents as links (checked like the body's links), and `opcc new
policy`. Real builds with the real templates, read back with an HTML parser."""

from __future__ import annotations

import json
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner

from opcc.cli.main import main
from opcc.kinds.pages import load_content
from opcc.scheme import load_profile
from tests.kinds.policies.test_governance import POLICY, SECURITY, SOURCE, edited, position

TODAY = "2026-11-25"


class Outline(HTMLParser):
    """The parts of a page these tests read: summary-list rows, tables, links."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, str]] = []  # (dt, dd) of every summary list
        self.tables: list[dict] = []  # {caption, headers: [(text, scope)], rows: [[cell]]}
        self.links: list[tuple[str, str]] = []  # (href, text)
        self._stack: list[str] = []
        self._text: list[str] = []
        self._attrs: dict = {}

    def handle_starttag(self, tag, attrs):
        if tag in ("dt", "dd", "caption", "th", "td", "a"):
            self._text, self._attrs = [], dict(attrs)
        if tag == "table":
            self.tables.append({"caption": "", "headers": [], "rows": []})
        if tag == "tr" and self.tables:
            self.tables[-1]["rows"].append([])
        self._stack.append(tag)

    def handle_endtag(self, tag):
        text = " ".join("".join(self._text).split())
        if tag == "dt":
            self.rows.append((text, ""))
        elif tag == "dd" and self.rows:
            self.rows[-1] = (self.rows[-1][0], text)
        elif tag == "caption":
            self.tables[-1]["caption"] = text
        elif tag == "th" and self._attrs.get("scope") == "col":
            self.tables[-1]["headers"].append((text, "col"))
        elif tag == "td":
            self.tables[-1]["rows"][-1].append(text)
        elif tag == "a":
            self.links.append((self._attrs.get("href", ""), text))
        if self._stack:
            self._stack.pop()

    def handle_data(self, data):
        self._text.append(data)


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


def build(root: Path, today: str = TODAY):
    run = CliRunner().invoke(main, ["build", "--root", str(root), "--today", today,
                                    "--format", "json"], catch_exceptions=False)
    assert "Traceback" not in run.output
    return run.exit_code, json.loads(run.stdout)["diagnostics"]


def errors(diagnostics: list[dict]) -> list[dict]:
    return [d for d in diagnostics if d["severity"] == "error"]


def test_the_policy_page_shows_the_summary_list_the_version_table_and_related_links(
        make_site):
    root = make_site({SOURCE: POLICY, "content/policies/security-policy.md": SECURITY})
    code, diagnostics = build(root)
    assert code == 0, errors(diagnostics)
    html = (root / "site/policies/records-policy/index.html").read_text("utf-8")
    page = outline(html)
    assert [row for row in page.rows if row[0] in (
        "Version", "Status", "Author", "Owner", "Created", "Ratified", "Last reviewed",
        "Equality impact assessed", "Next review", "Applies to")] == [
        ("Version", "2.1"), ("Status", "Ratified"), ("Author", "Head of Governance"),
        ("Owner", "Chief Executive"), ("Created", "1 March 2019"),
        ("Ratified", "2 March 2026"), ("Last reviewed", "16 February 2026"),
        ("Equality impact assessed", "2 February 2026"), ("Next review", "31 March 2027"),
        ("Applies to", "all staff contractors")]
    assert '<time datetime="2027-03-31">31 March 2027</time>' in html
    # the page's own meta no longer repeats the owner and review dates
    assert [label for label, _ in page.rows].count("Owner") == 1
    assert "Next review due" not in html
    versions = next(t for t in page.tables if t["caption"] == "Version history")
    assert versions["headers"] == [("Date", "col"), ("Version", "col"), ("Author", "col"),
                                   ("Changes", "col")]
    assert [row for row in versions["rows"] if row] == [
        ["1 March 2019", "1.0", "Head of Governance", "First version"],
        ["28 August 2024", "2.0", "Head of Governance", "Rewritten for cloud services"],
        ["2 March 2026", "2.1", "Head of Governance", "Annual review"]]
    assert '<div class="app-table-wrapper" role="region" aria-label="Version history" ' \
           'tabindex="0">' in html
    assert ("/policies/security-policy/", "Security policy") in page.links
    assert ("https://www.example.org/retention", "Retention guidance") in page.links


def test_a_page_without_the_block_keeps_its_own_meta(make_site):
    text = POLICY.split("governance:")[0] + "review: 2027-03-31\nowner: Chief Executive\n" \
        "---\nText.\n"
    root = make_site({SOURCE: text})
    code, diagnostics = build(root)
    assert code == 0, errors(diagnostics)
    html = (root / "site/policies/records-policy/index.html").read_text("utf-8")
    assert "Document control" not in html and "Version history" not in html
    assert ("Owner", "Chief Executive") in outline(html).rows
    assert "Next review due" in html


def test_a_related_document_that_leads_nowhere_is_a_broken_link_at_its_line(make_site):
    text = edited("      url: security-policy.md", "      url: securty-policy.md")
    root = make_site({SOURCE: text, "content/policies/security-policy.md": SECURITY})
    code, diagnostics = build(root)
    assert code == 1
    broken = [d for d in diagnostics if d["code"] == "link.broken"]
    assert [(d["path"], d["line"], d["column"]) for d in broken] == [
        (SOURCE, *position(text, "securty-policy.md"))]
    assert "there is no page content/policies/securty-policy.md" in broken[0]["message"]


def test_related_documents_by_address_and_anchor_are_checked_too(make_site):
    good = edited("      url: security-policy.md", "      url: /policies/security-policy/")
    root = make_site({SOURCE: good, "content/policies/security-policy.md": SECURITY})
    assert build(root)[0] == 0
    html = (root / "site/policies/records-policy/index.html").read_text("utf-8")
    assert ("/policies/security-policy/", "Security policy") in outline(html).links
    bad = edited("      url: security-policy.md", "      url: security-policy.md#scope")
    root = make_site({SOURCE: bad})
    code, diagnostics = build(root)
    assert code == 1
    assert [(d["code"], d["line"]) for d in errors(diagnostics)] == [
        ("link.broken", position(bad, "security-policy.md#scope")[0])]
    assert "has no anchor '#scope'" in errors(diagnostics)[0]["message"]


def test_the_example_policies_carry_the_block(built_example):
    """The information management strategy and its six related policies."""
    pages = {p.source: p for p in load_content(built_example, load_profile().class_slugs,
                                               date(2026, 11, 25)).pages}
    strategy = pages["content/policies/information-management-strategy.md"].governance
    related = {d.url for d in strategy.related}
    assert related == {"publication-scheme.md", "foi-internal-review-procedure.md",
                       "data-protection-policy.md", "records-retention-and-disposal-policy.md",
                       "information-security-policy.md", "document-naming-convention.md"}
    for url in related:
        governance = pages[f"content/policies/{url}"].governance
        assert governance is not None and governance.status == "ratified", url
        assert governance.versions[-1].version == governance.version
        assert "information-management-strategy.md" in {d.url for d in governance.related}
    html = (built_example / "site/policies/information-management-strategy/index.html"
            ).read_text("utf-8")
    page = outline(html)
    assert ("Version", "2.0") in page.rows and ("Status", "Ratified") in page.rows
    assert ("/policies/document-naming-convention/", "Document naming convention") in \
        page.links


# -- opcc new policy --------------------------------------------------------------------

def test_new_policy_scaffolds_a_draft_that_checks_clean_until_published(make_site):
    root = make_site()
    run = CliRunner().invoke(main, ["new", "policy", "acceptable-use-policy", "--title",
                                    "Acceptable use: IT", "--root", str(root)])
    assert run.exit_code == 0, run.output
    target = root / "content/policies/acceptable-use-policy.md"
    text = target.read_text("utf-8")
    assert 'title: "Acceptable use: IT"' in text and "draft: true" in text
    today = date.today().isoformat()
    check = CliRunner().invoke(main, ["check", "--root", str(root), "--today", today,
                                      "--format", "json"])
    found = [d for d in json.loads(check.stdout)["diagnostics"] if d["path"] != "site.yaml"]
    assert (check.exit_code, found) == (0, [])
    page = {p.source: p for p in load_content(root, load_profile().class_slugs, date.today(),
                                              include_drafts=True).pages}[
        "content/policies/acceptable-use-policy.md"]
    assert page.governance.status == "draft" and page.governance.version == "0.1"
    # published as it is, every placeholder is an error
    target.write_text(text.replace("draft: true", "draft: false"), "utf-8")
    check = CliRunner().invoke(main, ["check", "--root", str(root), "--today", today,
                                      "--format", "json"])
    codes = [d["code"] for d in json.loads(check.stdout)["diagnostics"]
             if d["path"] != "site.yaml"]
    assert check.exit_code == 1 and codes == ["content.placeholder"] * 6


def test_new_policy_refuses_an_existing_file_and_a_bad_path(make_site):
    root = make_site({"content/policies/records-policy.md": POLICY})
    again = CliRunner().invoke(main, ["new", "policy", "policies/records-policy", "--root",
                                      str(root)])
    assert again.exit_code == 1 and "already exists" in again.output
    assert (root / "content/policies/records-policy.md").read_text("utf-8") == POLICY
    bad = CliRunner().invoke(main, ["new", "policy", "../outside", "--root", str(root)])
    assert bad.exit_code == 2 and "inside content/" in bad.output
