"""The `governance:` block of a policy page: declared, read and checked.

    governance:
      version: "2.1"
      status: ratified                  # draft or ratified
      author: Head of Governance        # roles, never people
      owner: Chief Executive and Monitoring Officer
      created: 2019-03-01
      ratified: 2026-09-15
      last_reviewed: 2026-09-01
      equality_impact_assessed: 2026-08-20
      next_review: 2027-09-30
      applies_to: [all staff, the commissioner, contractors]
      related:
        - {title: Records retention and disposal policy, url: records-retention-and-disposal-policy.md}
      versions:
        - {date: 2019-03-01, version: "1.0", author: Head of Governance, changes: First version}

The block replaces the page's own `owner:`, `review:` and `reviewed:` (a page with the
block may not have them): its `owner` is the page's owner, its `next_review` the page's
review date (so the overdue-review warning, scheme.review-overdue, and the review calendar,
`opcc report --reviews`, keep working) and its `last_reviewed` the page's last check.
Every problem is reported at its line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from opcc.diagnostics import warning
from opcc.source.front_matter import FrontMatter, FrontMatterSchema, Key, Wording

STATUSES = ("draft", "ratified")
DRAFT, RATIFIED = STATUSES
VERSION_NUMBER = re.compile(r"^\d+(\.\d+)*$")
# the page's own keys the block replaces -> the block's key that takes their place
REPLACED_PAGE_KEYS = {"owner": "owner", "review": "next_review", "reviewed": "last_reviewed"}
VERSION_HINT = ("write it as numbers joined by dots, in quotes: version: \"2.1\" (without "
                "quotes YAML reads 1.10 as 1.1)")
# the dates of the policy's life that cannot be after today
PAST_DATES = ("created", "ratified", "last_reviewed", "equality_impact_assessed")


def _wording(where: str, key_line: str) -> Wording:
    return Wording(noun=where, key_line=key_line, date_example="2025-04-01",
                   missing_hint="add '{key}:{example}' to " + where + " ({description})")


VERSION_SCHEMA = FrontMatterSchema(
    family="content",
    keys=(
        Key("date", "the day this version was issued", (date,), required=True),
        Key("version", "its number, e.g. \"2.1\"", required=True, example='"1.0"'),
        Key("author", "the role that wrote it, never a person's name", required=True),
        Key("changes", "what changed, in a sentence", required=True),
        Key("status", "draft or ratified; a version numbered 0.x is a draft",
            choices=STATUSES, code="policy.status"),
    ),
    wording=_wording("this row of governance.versions",
                     '- {date: 2025-04-01, version: "2.0", author: Head of Governance, '
                     'changes: Rewritten}'),
)

RELATED_SCHEMA = FrontMatterSchema(
    family="content",
    keys=(
        Key("title", "the document's title", required=True),
        Key("url", "the page's .md file (beside this page, or from content/), its address "
            "such as /policies/data-protection-policy/, or a full https:// address",
            required=True),
    ),
    wording=_wording("this row of governance.related",
                     "- {title: Data protection policy, url: data-protection-policy.md}"),
)

GOVERNANCE_SCHEMA = FrontMatterSchema(
    family="content",
    keys=(
        Key("version", "the current version, e.g. \"2.1\"; the last row of versions",
            required=True, example='"1.0"'),
        Key("status", "draft or ratified", required=True, choices=STATUSES,
            code="policy.status", example="ratified"),
        Key("author", "the role that wrote it, never a person's name", required=True),
        Key("owner", "the role accountable for it (the page's owner)", required=True),
        Key("created", "the day the first version was written", (date,), required=True),
        Key("ratified", "the day the current version was ratified (approved); needed "
            "when the status is ratified", (date,)),
        Key("last_reviewed", "the day it was last reviewed", (date,)),
        Key("equality_impact_assessed", "the day its equality impact assessment was done",
            (date,)),
        Key("next_review", "the day it must be reviewed by (the page's review date); "
            "needed when the status is ratified", (date,)),
        Key("applies_to", "who it applies to: text, or a list", (str, list)),
        Key("related", "related documents: a list of {title, url}", (object,)),
        Key("versions", "the version-control table: a list of {date, version, author, "
            "changes}, oldest first", (object,), required=True),
    ),
    wording=_wording("the governance block", 'version: "1.0"'),
)


@dataclass(frozen=True)
class VersionRow:
    date: date
    version: str
    author: str  # a role
    changes: str
    status: str | None = None  # draft or ratified, when written
    line: int | None = None

    @property
    def is_draft(self) -> bool:
        """A draft: said so, or numbered 0.x (the first ratified version is 1.0)."""
        if self.status is not None:
            return self.status == DRAFT
        return version_key(self.version)[:1] == (0,)


@dataclass(frozen=True)
class RelatedDocument:
    title: str
    url: str  # as written: a .md file, a site address or a full address
    line: int | None = None
    column: int | None = None


@dataclass(frozen=True)
class Governance:
    version: str
    status: str  # draft or ratified
    author: str  # a role
    owner: str  # a role
    created: date
    ratified: date | None
    last_reviewed: date | None
    equality_impact_assessed: date | None
    next_review: date | None
    applies_to: tuple[str, ...]
    related: tuple[RelatedDocument, ...]
    versions: tuple[VersionRow, ...]


def version_key(text: str) -> tuple[int, ...]:
    """"2.10" -> (2, 10); () when it is not a version number."""
    return tuple(int(part) for part in text.split(".")) if VERSION_NUMBER.match(text) else ()


# -- reading -----------------------------------------------------------------------------

def read_governance(front: FrontMatter, today: date) -> Governance | None:
    """The page's governance block, checked; None when it has none or it has errors."""
    block = front.value("governance")
    if not isinstance(block, FrontMatter):
        return None
    before = len(front.diagnostics)
    replaced_page_keys(front)
    block.check_keys()
    values = block.values()
    versions = read_versions(block, today)
    related = read_related(block)
    if any(d.severity == "error" for d in front.diagnostics[before:]):
        return None
    governance = Governance(
        version=values["version"], status=values["status"], author=values["author"],
        owner=values["owner"], created=values["created"], ratified=values["ratified"],
        last_reviewed=values["last_reviewed"],
        equality_impact_assessed=values["equality_impact_assessed"],
        next_review=values["next_review"], applies_to=values["applies_to"],
        related=related, versions=versions)
    check_governance(block, governance, today)
    check_review_due(front, block, governance, today)
    if any(d.severity == "error" for d in front.diagnostics[before:]):
        return None
    return governance


def replaced_page_keys(front: FrontMatter) -> None:
    """A page with the block keeps its owner and review dates there, once."""
    for page_key, block_key in REPLACED_PAGE_KEYS.items():
        if front.data.get(page_key) is not None:
            front.report("policy.page-key", f"'{page_key}' is given by the governance block "
                         f"('{block_key}')", f"remove '{page_key}:' and keep the date or role "
                         f"in governance.{block_key}", (page_key,), at_value=False)


def read_versions(block: FrontMatter, today: date) -> tuple[VersionRow, ...]:
    written = block.data.get("versions")
    if written is None:
        return ()
    if not isinstance(written, list) or not written:
        block.report("content.type", "'versions' should be a list of {date, version, "
                     "author, changes}, oldest first", "write each version as '- {date: "
                     "2025-04-01, version: \"1.0\", author: Head of Governance, changes: "
                     "First version}'", ("versions",))
        return ()
    rows = [read_version(block, index, row) for index, row in enumerate(written)]
    found = tuple(row for row in rows if row is not None)
    if len(found) == len(rows):
        check_versions(block, found, today)
    return found


def read_version(block: FrontMatter, index: int, written: Any) -> VersionRow | None:
    where = ("versions", index)
    if not isinstance(written, dict):
        block.report("content.type", f"version {index + 1} should be a mapping of date, "
                     "version, author and changes", "write it as '- {date: 2025-04-01, "
                     "version: \"1.0\", author: Head of Governance, changes: First version}'",
                     where)
        return None
    row = FrontMatter(VERSION_SCHEMA, written, block.document, block.path, block.diagnostics,
                      block.prefix + where)
    row.check_keys()
    values = row.values()
    if any(values[key] is None for key in VERSION_SCHEMA.required):
        return None
    if not version_key(values["version"]):
        row.report("policy.version", f"'{values['version']}' is not a version number",
                   VERSION_HINT, ("version",))
        return None
    return VersionRow(values["date"], values["version"], values["author"],
                      values["changes"], values["status"], row.position(())[0])


def read_related(block: FrontMatter) -> tuple[RelatedDocument, ...]:
    written = block.data.get("related")
    if written is None:
        return ()
    if not isinstance(written, list):
        block.report("content.type", "'related' should be a list of {title, url}",
                     "write each document as '- {title: Data protection policy, url: "
                     "data-protection-policy.md}'", ("related",))
        return ()
    found: list[RelatedDocument] = []
    for index, item in enumerate(written):
        document = read_related_document(block, index, item)
        if document is None:
            continue
        if document.url in {d.url for d in found}:
            block.report("policy.related", f"'{document.url}' is listed twice",
                         "remove the repeat", ("related", index, "url"))
            continue
        found.append(document)
    return tuple(found)


def read_related_document(block: FrontMatter, index: int, item: Any
                          ) -> RelatedDocument | None:
    where = ("related", index)
    if not isinstance(item, dict):
        block.report("content.type", f"related document {index + 1} should be a mapping of "
                     "title and url", "write it as '- {title: Data protection policy, url: "
                     "data-protection-policy.md}'", where)
        return None
    row = FrontMatter(RELATED_SCHEMA, item, block.document, block.path, block.diagnostics,
                      block.prefix + where)
    row.check_keys()
    title, url = row.value("title"), row.value("url")
    if title is None or url is None:
        return None
    if not is_link(url):
        row.report("policy.related", f"'{url}' is not a link to a document",
                   "give the page's .md file (e.g. data-protection-policy.md), its address "
                   "(e.g. /policies/data-protection-policy/) or a full https:// address",
                   ("url",))
        return None
    return RelatedDocument(title, url, *row.position(("url",)))


def is_link(url: str) -> bool:
    """A site path, a file, or an http(s) address: no spaces, no other scheme."""
    if " " in url:
        return False
    scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    return scheme is None or scheme.group(1).lower() in ("http", "https")


# -- checks --------------------------------------------------------------------------------

def check_governance(block: FrontMatter, governance: Governance, today: date) -> None:
    check_dates(block, governance, today)
    if not version_key(governance.version):
        block.report("policy.version", f"'{governance.version}' is not a version number",
                     VERSION_HINT, ("version",))
        return
    check_current_version(block, governance)


def check_dates(block: FrontMatter, governance: Governance, today: date) -> None:
    for key in PAST_DATES:
        day = getattr(governance, key)
        if day is not None and day > today:
            block.report("policy.future-date", f"'{key}' ({day}) is after today ({today})",
                         "write the day it happened; it cannot have happened yet", (key,))
    created = governance.created
    for key in ("ratified", "last_reviewed"):
        day = getattr(governance, key)
        if day is not None and day < created:
            block.report("policy.date-order", f"'{key}' ({day}) is before 'created' "
                         f"({created})", "check both dates: 'created' is the day the first "
                         "version was written", (key,))
    ratified = governance.ratified
    if governance.status == RATIFIED and ratified is None:
        block.report("policy.ratified", "the status is ratified, but the date it was "
                     "ratified is missing", "add 'ratified: YYYY-MM-DD' (the day the current "
                     "version was approved), or set 'status: draft'", ("status",))
    if governance.status == RATIFIED and governance.next_review is None:
        block.report("policy.next-review", "a ratified policy needs the date of its next "
                     "review", "add 'next_review: YYYY-MM-DD'", ("status",))
    elif ratified is not None and governance.next_review is not None \
            and governance.next_review <= ratified:
        block.report("policy.next-review", f"the next review ({governance.next_review}) is "
                     f"not after the policy was ratified ({ratified})", "a review follows "
                     "ratification: check both dates", ("next_review",))


def check_versions(block: FrontMatter, rows: tuple[VersionRow, ...], today: date) -> None:
    """In date order, numbered higher each time, none in the future."""
    for index, row in enumerate(rows):
        where = ("versions", index)
        if row.date > today:
            block.report("policy.future-date", f"version {row.version} is dated {row.date}, "
                         f"after today ({today})", "list only versions already issued",
                         (*where, "date"))
        if index == 0:
            continue
        before = rows[index - 1]
        if row.date < before.date:
            block.report("policy.version-order", f"version {row.version} ({row.date}) is "
                         f"listed after version {before.version} ({before.date}), which is "
                         "later", "list the versions oldest first, in date order",
                         (*where, "date"))
        if version_key(row.version) == version_key(before.version):
            block.report("policy.version-sequence", f"version {row.version} is listed "
                         "twice", "give each version its own number, or remove the repeat",
                         (*where, "version"))
        elif version_key(row.version) < version_key(before.version):
            block.report("policy.version-sequence", f"version {row.version} follows version "
                         f"{before.version}, a higher number", "number each version higher "
                         "than the one before; " + VERSION_HINT, (*where, "version"))


def check_current_version(block: FrontMatter, governance: Governance) -> None:
    """The current version is the last row of the table, and a ratified one is not a draft."""
    if not governance.versions:
        return
    last = governance.versions[-1]
    if version_key(last.version) != version_key(governance.version):
        block.report("policy.version-current", f"the current version is "
                     f"{governance.version}, but the version history ends at "
                     f"{last.version}", f"add a row for version {governance.version} to "
                     f"versions, or write 'version: \"{last.version}\"'", ("version",))
    elif governance.status == RATIFIED and last.is_draft:
        block.report("policy.current-draft", f"the policy is ratified, but its current "
                     f"version {last.version} is a draft", "add the ratified version (1.0 "
                     "or above) to versions and make it the current version, or set "
                     "'status: draft'", ("status",))


def check_review_due(front: FrontMatter, block: FrontMatter, governance: Governance,
                     today: date) -> None:
    """As for any page: a passed review date not met by a review or a change since is a
    warning, unless the page is superseded."""
    due = governance.next_review
    if due is None or due >= today or front.data.get("superseded") is not None:
        return
    checks = (governance.last_reviewed, front.value("updated"))
    if any(check is not None and check >= due for check in checks):
        return
    block.report("scheme.review-overdue", f"the review date {due} has passed",
                 f"review the policy; set 'last_reviewed: {today}' (and a new version if it "
                 "changed), then set 'next_review:' to the next review date",
                 ("next_review",), severity=warning)
