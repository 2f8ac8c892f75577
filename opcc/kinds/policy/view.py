"""A policy page's governance block as templates/partials/policy-governance.html shows it,
with its related documents as links (the link checker follows them as the page's
front_matter_links: kinds/pages.py, render/markdown.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from opcc.kinds.policy.governance import RATIFIED, Governance
from opcc.render.markdown import resolve_link
from opcc.render.views import DateText, Link, date_text

STATUS_WORDS = {"draft": "Draft", RATIFIED: "Ratified"}


@dataclass(frozen=True)
class Fact:
    """One row of the summary list: a date (shown in <time>), a list, or text."""
    label: str
    text: str = ""
    day: DateText | None = None
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class VersionView:
    day: DateText
    version: str
    author: str
    changes: str


@dataclass(frozen=True)
class GovernanceView:
    facts: tuple[Fact, ...]
    versions: tuple[VersionView, ...]  # oldest first, as written
    related: tuple[Link, ...]


def governance_view(page, pages_by_source: dict[str, str],
                    href: Callable[[str], str]) -> GovernanceView | None:
    governance: Governance | None = getattr(page, "governance", None)
    if governance is None:
        return None
    return GovernanceView(
        facts=facts(governance),
        versions=tuple(VersionView(date_text(row.date), row.version, row.author, row.changes)
                       for row in governance.versions),
        related=tuple(Link(document.title,
                           related_href(document.url, page.source, pages_by_source, href))
                      for document in governance.related))


def facts(governance: Governance) -> tuple[Fact, ...]:
    dated = (("Created", governance.created), ("Ratified", governance.ratified),
             ("Last reviewed", governance.last_reviewed),
             ("Equality impact assessed", governance.equality_impact_assessed),
             ("Next review", governance.next_review))
    found = [Fact("Version", governance.version),
             Fact("Status", STATUS_WORDS[governance.status]),
             Fact("Author", governance.author), Fact("Owner", governance.owner)]
    found += [Fact(label, day=date_text(day)) for label, day in dated if day is not None]
    if len(governance.applies_to) == 1:
        found.append(Fact("Applies to", governance.applies_to[0]))
    elif governance.applies_to:
        found.append(Fact("Applies to", items=governance.applies_to))
    return tuple(found)


def related_href(url: str, source: str, pages_by_source: dict[str, str],
                 href: Callable[[str], str]) -> str:
    """Where a related document's link leads, as the body's links are rewritten."""
    target, fragment, external, _ = resolve_link(url, source, pages_by_source)
    if external or target is None:
        return url
    return href(target or "") + (f"#{fragment}" if fragment else "")
