"""A policy page's `governance:` block (opcc/kinds/policy/): every key good and bad through
the real `opcc check` (each problem with its code, line and column, never a traceback),
the block standing in for the page's owner and review dates, and the overdue review in
the warnings and in `opcc report --reviews`."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from opcc.cli.main import main
from opcc.kinds.pages import load_content
from opcc.kinds.policy.governance import Governance, RelatedDocument, VersionRow
from opcc.scheme import load_profile

TODAY = "2026-11-25"
SLUGS = load_profile().class_slugs
SOURCE = "content/policies/records-policy.md"

POLICY = """\
---
title: Records policy
summary: How the office keeps its records.
class: policies
published: 2024-04-01
updated: 2026-03-02
governance:
  version: "2.1"
  status: ratified
  author: Head of Governance
  owner: Chief Executive
  created: 2019-03-01
  ratified: 2026-03-02
  last_reviewed: 2026-02-16
  equality_impact_assessed: 2026-02-02
  next_review: 2027-03-31
  applies_to: [all staff, contractors]
  related:
    - title: Security policy
      url: security-policy.md
    - title: Retention guidance
      url: https://www.example.org/retention
  versions:
    - date: 2019-03-01
      version: "1.0"
      author: Head of Governance
      changes: First version
    - date: 2024-08-28
      version: "2.0"
      author: Head of Governance
      changes: Rewritten for cloud services
    - date: 2026-03-02
      version: "2.1"
      author: Head of Governance
      changes: Annual review
---
The office keeps its records safely.
"""

SECURITY = """\
---
title: Security policy
summary: How the office keeps its information secure.
class: policies
published: 2024-04-01
---
Text.
"""


def check(root, today: str = TODAY) -> tuple[int, list[dict]]:
    run = CliRunner().invoke(main, ["check", "--root", str(root), "--format", "json",
                                    "--today", today], catch_exceptions=False)
    assert "Traceback" not in run.output
    # the small site lacks most of the scheme's items: those warnings are not the point
    return run.exit_code, [d for d in json.loads(run.stdout)["diagnostics"]
                           if d["path"] != "site.yaml"]


def site(make_site, text: str = POLICY):
    return make_site({SOURCE: text, "content/policies/security-policy.md": SECURITY})


def position(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """The line and column (1-based) where `needle` starts in `text`."""
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def edited(old: str, new: str, text: str = POLICY) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


# -- a good block -----------------------------------------------------------------------

def test_a_good_block_is_read_into_the_page(make_site):
    root = site(make_site)
    code, diagnostics = check(root)
    assert (code, diagnostics) == (0, [])
    page = {p.source: p for p in load_content(root, SLUGS, date(2026, 11, 25)).pages}[SOURCE]
    assert page.governance == Governance(
        version="2.1", status="ratified", author="Head of Governance",
        owner="Chief Executive", created=date(2019, 3, 1), ratified=date(2026, 3, 2),
        last_reviewed=date(2026, 2, 16), equality_impact_assessed=date(2026, 2, 2),
        next_review=date(2027, 3, 31), applies_to=("all staff", "contractors"),
        related=(RelatedDocument("Security policy", "security-policy.md",
                                 *position(POLICY, "security-policy.md")),
                 RelatedDocument("Retention guidance", "https://www.example.org/retention",
                                 *position(POLICY, "https://"))),
        versions=(VersionRow(date(2019, 3, 1), "1.0", "Head of Governance", "First version",
                             line=position(POLICY, "- date: 2019")[0]),
                  VersionRow(date(2024, 8, 28), "2.0", "Head of Governance",
                             "Rewritten for cloud services",
                             line=position(POLICY, "- date: 2024")[0]),
                  VersionRow(date(2026, 3, 2), "2.1", "Head of Governance", "Annual review",
                             line=position(POLICY, "- date: 2026")[0])))
    # the block is the page's owner, review date and last check
    assert (page.owner, page.review, page.reviewed) == (
        "Chief Executive", date(2027, 3, 31), date(2026, 2, 16))


def test_a_draft_policy_needs_neither_ratified_nor_next_review(make_site):
    text = edited("  status: ratified\n", "  status: draft\n")
    text = edited("  ratified: 2026-03-02\n", "", text)
    text = edited("  next_review: 2027-03-31\n", "", text)
    text = edited('    - date: 2026-03-02\n      version: "2.1"',
                  '    - date: 2026-03-02\n      version: "2.1"\n      status: draft', text)
    assert check(site(make_site, text)) == (0, [])


def test_applies_to_may_be_text_and_versions_numbered_unquoted(make_site):
    text = edited("  applies_to: [all staff, contractors]",
                  "  applies_to: everyone who works for the office")
    text = text.replace('version: "', "version: ").replace('.0"\n', ".0\n") \
        .replace('.1"\n', ".1\n")
    assert 'version: "' not in text
    root = site(make_site, text)
    assert check(root) == (0, [])
    page = {p.source: p for p in load_content(root, SLUGS, date(2026, 11, 25)).pages}[SOURCE]
    assert page.governance.applies_to == ("everyone who works for the office",)
    assert [v.version for v in page.governance.versions] == ["1.0", "2.0", "2.1"]


# -- every key, bad ---------------------------------------------------------------------
# (old text, new text, code, what the message says, where: the text the diagnostic
# points at in the new file, or (that text, which occurrence))

BAD = [
    # the block itself
    ("governance:\n  version", "governance: yes\nx_governance:\n  version", "content.type",
     "'governance' should be a mapping", "yes"),
    ('  version: "2.1"\n  status', '  versin: "2.1"\n  status', "content.unknown-key",
     "unknown key 'versin'; did you mean 'version'?", "versin"),
    ("  owner: Chief Executive\n", "  owner: Chief Executive\n  approver: Chief Executive\n",
     "content.unknown-key", "unknown key 'approver'", "approver"),
    # version
    ('  version: "2.1"\n  status', '  version: v2\n  status', "policy.version",
     "'v2' is not a version number", "v2"),
    ('  version: "2.1"\n  status', '  version: "2.2"\n  status', "policy.version-current",
     "the current version is 2.2, but the version history ends at 2.1", '"2.2"'),
    ('  version: "2.1"\n  status', '  version: [2, 1]\n  status', "content.type",
     "'version' should be text", "[2, 1]"),
    # status
    ("  status: ratified", "  status: approved", "policy.status",
     "'status' must be one of draft, ratified, not 'approved'", "approved"),
    # author and owner: roles, as text
    ("\n  author: Head of Governance\n", "\n", "content.missing-key", "'author' is required",
     'version: "2.1"'),
    ("\n  author: Head of Governance\n", "\n  author: [Head of Governance]\n", "content.type",
     "'author' should be text, not a list", "[Head of Governance]"),
    ("  owner: Chief Executive", "  owner:\n    role: Chief Executive", "content.type",
     "'owner' should be text", "role"),
    # dates
    ("  created: 2019-03-01", "  created: 1 March 2019", "content.date",
     "'created': '1 March 2019' is not an ISO date", "1 March 2019"),
    ("  created: 2019-03-01", "  created: 2026-12-01", "policy.future-date",
     "'created' (2026-12-01) is after today (2026-11-25)", "2026-12-01"),
    ("  ratified: 2026-03-02", "  ratified: 2026-11-26", "policy.future-date",
     "'ratified' (2026-11-26) is after today (2026-11-25)", "2026-11-26"),
    ("  ratified: 2026-03-02", "  ratified: 2018-03-02", "policy.date-order",
     "'ratified' (2018-03-02) is before 'created' (2019-03-01)", "2018-03-02"),
    ("  ratified: 2026-03-02\n", "", "policy.ratified",
     "the status is ratified, but the date it was ratified is missing", "ratified\n"),
    ("  ratified: 2026-03-02", "  ratified: 2026-02-30", "content.date",
     "'ratified': 2026-02-30 is not a real date", "2026-02-30"),
    ("  last_reviewed: 2026-02-16", "  last_reviewed: 2026-11-30", "policy.future-date",
     "'last_reviewed' (2026-11-30) is after today", "2026-11-30"),
    ("  last_reviewed: 2026-02-16", "  last_reviewed: 2018-02-16", "policy.date-order",
     "'last_reviewed' (2018-02-16) is before 'created'", "2018-02-16"),
    ("  equality_impact_assessed: 2026-02-02", "  equality_impact_assessed: yes",
     "content.date", "'equality_impact_assessed': 'yes' is not an ISO date", "yes"),
    ("  equality_impact_assessed: 2026-02-02", "  equality_impact_assessed: 2027-02-02",
     "policy.future-date", "'equality_impact_assessed' (2027-02-02) is after today",
     "2027-02-02"),
    ("  next_review: 2027-03-31", "  next_review: 2026-03-02", "policy.next-review",
     "the next review (2026-03-02) is not after the policy was ratified (2026-03-02)",
     ("2026-03-02", 3)),
    ("  next_review: 2027-03-31\n", "", "policy.next-review",
     "a ratified policy needs the date of its next review", "ratified\n"),
    ("  next_review: 2027-03-31", "  next_review: next March", "content.date",
     "'next_review': 'next March' is not an ISO date", "next March"),
    # applies_to
    ("  applies_to: [all staff, contractors]", "  applies_to: {staff: yes}", "content.type",
     "'applies_to' should be text", "{staff: yes}"),
    # related documents
    (("  related:\n    - title: Security policy\n      url: security-policy.md\n    - title: "
      "Retention guidance\n      url: https://www.example.org/retention\n"),
     "  related: security-policy.md\n", "content.type",
     "'related' should be a list of {title, url}", "security-policy.md"),
    ("    - title: Security policy\n", "    - Security policy\n    - title: Security\n",
     "content.type", "related document 1 should be a mapping of title and url",
     "Security policy"),
    ("    - title: Security policy\n      url: security-policy.md\n",
     "    - title: Security policy\n", "content.missing-key", "'url' is required",
     "title: Security policy"),
    ("    - title: Security policy\n", "    - titel: Security policy\n",
     "content.unknown-key", "unknown key 'titel'; did you mean 'title'?", "titel"),
    ("      url: security-policy.md", "      url: the security policy", "policy.related",
     "'the security policy' is not a link to a document", "the security policy"),
    ("      url: security-policy.md", "      url: mailto:foi@example.org", "policy.related",
     "'mailto:foi@example.org' is not a link to a document", "mailto:"),
    ("      url: https://www.example.org/retention", "      url: security-policy.md",
     "policy.related", "'security-policy.md' is listed twice", ("security-policy.md", 2)),
    # the version-control table
    ("  versions:\n", "  versions: []\n  old_versions:\n", "content.type",
     "'versions' should be a list of {date, version, author, changes}", "[]"),
    ('    - date: 2019-03-01\n      version: "1.0"', ('    - date: 2019-03-01\n      '
     'version: "1.0"\n      approved_by: Chief Executive'), "content.unknown-key",
     "unknown key 'approved_by'", "approved_by"),
    ("      changes: First version\n", "", "content.missing-key", "'changes' is required",
     "date: 2019-03-01"),
    ("    - date: 2019-03-01", "    - date: March 2019", "content.date",
     "'date': 'March 2019' is not an ISO date", "March 2019"),
    ('      version: "1.0"', "      version: one", "policy.version",
     "'one' is not a version number", "one"),
    ("    - date: 2024-08-28", "    - date: 2018-08-28", "policy.version-order",
     "version 2.0 (2018-08-28) is listed after version 1.0 (2019-03-01), which is later",
     "2018-08-28"),
    ('      version: "2.0"', '      version: "1.0"', "policy.version-sequence",
     "version 1.0 is listed twice", ('"1.0"', 2)),
    ('      version: "2.0"', '      version: "0.9"', "policy.version-sequence",
     "version 0.9 follows version 1.0, a higher number", '"0.9"'),
    ("    - date: 2026-03-02", "    - date: 2026-12-02", "policy.future-date",
     "version 2.1 is dated 2026-12-02, after today (2026-11-25)", "2026-12-02"),
    ('      version: "2.1"\n      author', ('      version: "2.1"\n      status: final\n'
     '      author'), "policy.status", "'status' must be one of draft, ratified, not 'final'",
     "final"),
    ('      version: "2.1"\n      author', ('      version: "2.1"\n      status: draft\n'
     '      author'), "policy.current-draft",
     "the policy is ratified, but its current version 2.1 is a draft", "ratified\n"),
    # the page keys the block replaces
    ("updated: 2026-03-02\n", "updated: 2026-03-02\nowner: Chief Executive\n",
     "policy.page-key", "'owner' is given by the governance block ('owner')", "owner:"),
    ("updated: 2026-03-02\n", "updated: 2026-03-02\nreview: 2027-03-31\n",
     "policy.page-key", "'review' is given by the governance block ('next_review')",
     "review:"),
    ("updated: 2026-03-02\n", "updated: 2026-03-02\nreviewed: 2026-02-16\n",
     "policy.page-key", "'reviewed' is given by the governance block ('last_reviewed')",
     "reviewed:"),
]


@pytest.mark.parametrize("old,new,code,message,where", BAD,
                         ids=[f"{i}-{row[2]}" for i, row in enumerate(BAD)])
def test_each_bad_key_is_an_error_at_its_line_and_column(make_site, old, new, code,
                                                         message, where):
    text = edited(old, new)
    code_found, diagnostics = check(site(make_site, text))
    assert code_found == 1
    found = [d for d in diagnostics if d["code"] == code]
    assert len(found) == 1, diagnostics
    needle, occurrence = where if isinstance(where, tuple) else (where, 1)
    line, column = position(text, needle, occurrence)
    assert (found[0]["path"], found[0]["line"], found[0]["column"]) == (SOURCE, line, column)
    assert message in found[0]["message"]
    assert found[0]["hint"]
    assert all(d["severity"] == "error" or d["code"] == "scheme.review-overdue"
               for d in diagnostics)


def test_a_version_written_1_10_without_quotes_is_read_as_1_1(make_site):
    text = edited('      version: "2.0"', '      version: "2.9"')
    text = edited('    - date: 2026-03-02\n      version: "2.1"', '    - date: 2026-03-02\n'
                  '      version: 2.10', text)
    text = edited('  version: "2.1"\n  status', '  version: "2.10"\n  status', text)
    code, diagnostics = check(site(make_site, text))
    assert code == 1
    assert [(d["code"], d["line"]) for d in diagnostics] == [
        ("policy.version-sequence", position(text, "2.10\n")[0])]
    assert "version 2.1 follows version 2.9" in diagnostics[0]["message"]
    assert "without quotes YAML reads 1.10 as 1.1" in diagnostics[0]["hint"]


def test_a_numbered_draft_cannot_be_the_current_ratified_version(make_site):
    text = edited('  version: "2.1"\n  status', '  version: "0.3"\n  status')
    text = edited('      version: "1.0"', '      version: "0.1"', text)
    text = edited('      version: "2.0"', '      version: "0.2"', text)
    text = edited('    - date: 2026-03-02\n      version: "2.1"',
                  '    - date: 2026-03-02\n      version: "0.3"', text)
    code, diagnostics = check(site(make_site, text))
    assert code == 1
    assert [(d["code"], d["line"]) for d in diagnostics] == [
        ("policy.current-draft", position(text, "  status: ratified")[0])]
    assert "current version 0.3 is a draft" in diagnostics[0]["message"]


def test_a_draft_page_reports_the_block_as_warnings(make_site):
    text = edited("  status: ratified", "  status: approved")
    text = edited("updated: 2026-03-02\n", "updated: 2026-03-02\ndraft: true\n", text)
    code, diagnostics = check(site(make_site, text))
    assert code == 0
    assert [(d["code"], d["severity"]) for d in diagnostics] == [("policy.status", "warning")]


# -- the review date ----------------------------------------------------------------------

OVERDUE = edited("  next_review: 2027-03-31", "  next_review: 2026-10-31")


def test_a_passed_next_review_is_the_review_warning_at_its_line(make_site):
    code, diagnostics = check(site(make_site, OVERDUE))
    assert code == 0
    assert [(d["code"], d["severity"], d["line"], d["column"]) for d in diagnostics] == [
        ("scheme.review-overdue", "warning", *position(OVERDUE, "2026-10-31"))]
    assert "the review date 2026-10-31 has passed" in diagnostics[0]["message"]
    assert "last_reviewed" in diagnostics[0]["hint"]
    # as for any page, --strict makes it an error
    strict = CliRunner().invoke(main, ["check", "--root", str(site(make_site, OVERDUE)),
                                       "--today", TODAY, "--strict"])
    assert strict.exit_code == 1 and "error[scheme.review-overdue]" in strict.output


@pytest.mark.parametrize("old,new", [
    ("  last_reviewed: 2026-02-16", "  last_reviewed: 2026-11-02"),  # reviewed since
    ("updated: 2026-03-02", "updated: 2026-11-02"),                  # changed since
])
def test_a_review_or_change_after_the_date_meets_it(make_site, old, new):
    assert check(site(make_site, edited(old, new, OVERDUE))) == (0, [])


def test_a_superseded_policy_is_not_due_for_review(make_site):
    text = edited("updated: 2026-03-02\n", "updated: 2026-03-02\nsuperseded: {on: 2026-06-01, "
                  "by: security-policy.md}\n", OVERDUE)
    code, diagnostics = check(site(make_site, text))
    assert (code, diagnostics) == (0, [])


def test_the_overdue_review_is_in_the_review_calendar_with_the_owner_role(make_site):
    """`opcc report --reviews`: the block's next review is the page's review date, under
    the block's owner role, marked as passed."""
    root = site(make_site, OVERDUE)
    run = CliRunner().invoke(main, ["report", "--reviews", "--root", str(root), "--today",
                                    TODAY, "--format", "json"], catch_exceptions=False)
    assert run.exit_code == 0, run.output
    rows = [r for r in json.loads(run.stdout)["dates"] if r["kind"] == "review"]
    assert [(r["owner_role"], r["date"], r["title"], r["source"]) for r in rows] == [
        ("Chief Executive", "2026-10-31", "Records policy", SOURCE)]
    text = CliRunner().invoke(main, ["report", "--reviews", "--root", str(root), "--today",
                                     TODAY], catch_exceptions=False).output
    assert "2026-10-31  review     Records policy  (passed)" in text
    assert text.startswith("Chief Executive: ")
