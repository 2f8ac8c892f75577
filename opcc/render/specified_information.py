"""The Specified information page (/specified-information/): what the Elected Local Policing
Bodies (Specified Information) Order 2011 requires, in the Order's own paragraph order and
words, each row linking to where it is published, with its status; below it, the other
information the law requires (the accounts, the comments on HMICFRS reports...).

Part 3 of the Order requires the information to be published "in a prominent place": the
page is linked from every page's header (`nav_link`), and opcc/checks/prominence.py checks
the built site for it. Everything the template shows is computed here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from opcc.checks.links import output_path
from opcc.render.views import DateText, ItemView, NavLink, PageSpec, date_text
from opcc.scheme import ItemStatus, Profile

SPECIFIED_URL = "/specified-information/"
TITLE = "Specified information"
KIND = "specified-information"  # the page's kind: its body class, app-page--KIND
TEMPLATE = "specified-information.html"

# "3(a)-(e)", "2A", "7A(b)", "6": the paragraph's number, the capital letter of a paragraph
# inserted after it (2A, 7A, 7B...), then the sub-paragraphs in brackets.
_PARAGRAPH = re.compile(r"^\s*(\d+)([A-Z]*)(.*)$")
_SUB = re.compile(r"\(([a-z]+)\)")


@dataclass(frozen=True)
class SpecifiedRow:
    """One paragraph of the Order's Schedule, Part 1, as this office fulfils it."""
    paragraph: str  # "3(a)–(e)": as the Order numbers it
    words: str  # what the Order requires, in its words
    prominent: bool  # Part 3: published in a prominent place (7A to 7C)
    item: ItemView  # where it is published (links, or the reason it does not apply), status


@dataclass(frozen=True)
class SpecifiedInformationView:
    instrument: str  # the Order's name and number
    body: str  # who owes the duties: "the Police and Crime Commissioner"
    rows: tuple[SpecifiedRow, ...]  # in the Order's paragraph order
    other: tuple[ItemView, ...]  # the other statutory items, with their legal basis
    today: DateText
    compliance_href: str | None  # the compliance report, when the site publishes it


def paragraph_key(paragraph: str) -> tuple:
    """Sorts paragraphs as the Order numbers them: 1(a)-(b), 1(c) ... 2(a)-(c), 2(d), 2(e),
    2A, 3(a)-(e) ... 6, 7, 7A(a), 7A(b), 7B, 7C, 8, 10. A paragraph inserted by a later
    order (2A, 7A) follows the whole of the paragraph it was inserted after."""
    found = _PARAGRAPH.match(paragraph)
    if found is None:  # not a paragraph number: after all the numbered ones
        return (1, 0, "", (paragraph,))
    number, inserted, rest = found.groups()
    return (0, int(number), inserted, tuple(_SUB.findall(rest)))


def paragraph_text(paragraph: str) -> str:
    """"3(a)-(e)" as it is printed: with an en dash for the range."""
    return paragraph.replace("-", "\u2013")


def specified_statuses(statuses: list[ItemStatus]) -> list[ItemStatus]:
    """The items with a paragraph of the Order, in its order; items of one paragraph (the
    four policy statements of paragraph 6) keep the profile's order (a stable sort)."""
    return sorted((s for s in statuses if s.item.specified is not None),
                  key=lambda s: paragraph_key(s.item.specified.paragraph))


def instrument(profile: Profile) -> str:
    """The Order's name, as the profile's paragraph items cite it."""
    cited = [i.legal_basis.instrument for i in profile.items
             if i.specified is not None and i.legal_basis.instrument]
    return cited[0] if cited else \
        "The Elected Local Policing Bodies (Specified Information) Order 2011"


def published(site) -> bool:
    """The page is published when the site's profile has paragraphs of the Order."""
    return any(item.specified is not None for item in site.profile.items)


def page_spec(site) -> PageSpec:
    dates = [s.last_updated for s in specified_statuses(site.compliance) if s.last_updated]
    return PageSpec(SPECIFIED_URL, TITLE, "The information the Specified Information Order "
                    "requires us to publish, paragraph by paragraph in the Order's own "
                    "words, with where to find each item.", KIND, max(dates, default=None))


def specs(site) -> list[PageSpec]:
    return [page_spec(site)] if published(site) else []


def nav_link(site, url: str, links: list[NavLink]) -> NavLink | None:
    """The header's link to the page (on every page: Part 3's prominent place), unless
    site.yaml's navigation already has one."""
    href = site.href(SPECIFIED_URL)
    if not published(site) or any(link.href == href for link in links):
        return None
    return NavLink(TITLE, href, url == SPECIFIED_URL)


def view(site, compliance_href: str | None, today: date) -> SpecifiedInformationView:
    rows = tuple(SpecifiedRow(paragraph_text(s.item.specified.paragraph),
                              s.item.specified.words, s.item.prominent, site.item_view(s))
                 for s in specified_statuses(site.compliance))
    other = tuple(site.item_view(s) for s in site.compliance
                  if s.item.specified is None and s.item.group == "statutory")
    return SpecifiedInformationView(instrument(site.profile), site.profile.body, rows, other,
                                    date_text(today), compliance_href)


def render(site, compliance_href: str | None) -> dict[str, bytes]:
    """The page, when the site's profile has paragraphs of the Order."""
    if not published(site):
        return {}
    found = view(site, compliance_href, site.today or date.today())
    return {output_path(SPECIFIED_URL): site.render_template(
        TEMPLATE, SPECIFIED_URL, page=site.view(page_spec(site)), specified=found)}
