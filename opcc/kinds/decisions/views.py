"""Template views of the decisions register: a page per decision, the register by year,
and its filter pages. Every label and sentence is computed here (templates/README.md)."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

REGISTER_URL = "/decisions/register/"
FEED_URL = "/decisions/feed.xml"

STATUS_CLASSES = {"public": "govuk-tag--green", "part-exempt": "govuk-tag--yellow",
                  "exempt": "govuk-tag--grey"}
FILTER_LABELS = {"year": "Year made", "category": "Category", "status": "Status"}


@dataclass(frozen=True)
class RegisterRow:
    reference: str
    title: str
    href: str
    made: object  # DateText
    decision_maker: str
    category: str  # label
    status: str  # label
    status_class: str  # GOV.UK tag modifier


@dataclass(frozen=True)
class YearGroup:
    """The decisions of one year, on the register's main page."""
    year: str
    heading_id: str  # "decisions-2026"
    rows: tuple[RegisterRow, ...]


@dataclass(frozen=True)
class FilterOption:
    value: str  # slug
    label: str
    href: str  # the static page of this value
    count: int


@dataclass(frozen=True)
class RegisterFilter:
    name: str  # "year", "category", "status"
    label: str
    options: tuple[FilterOption, ...]


@dataclass(frozen=True)
class RegisterView:
    heading: str  # "All 32 decisions" or "5 decisions"
    groups: tuple[YearGroup, ...]  # by year, newest first (one group on a filter page)
    filters: tuple[RegisterFilter, ...]
    filtered: bool
    all_href: str
    dataset_href: str
    feed_href: str
    about_href: str | None  # how decisions are made
    notice: str | None


@dataclass(frozen=True)
class ExemptionView:
    label: str  # "Section 43(2)"
    title: str  # plain English
    href: str  # legislation.gov.uk


@dataclass(frozen=True)
class DecisionView:
    reference: str
    status: str  # label
    status_class: str
    meta: tuple  # MetaRow records
    exempt: bool
    exempt_notice: str | None  # an exempt decision: the sentence published instead
    review_sentence: str | None  # when the exemption will be reviewed
    part_exempt_notice: str | None  # a part-exempt decision: what is withheld and why
    exemptions: tuple[ExemptionView, ...]
    body_html: Markup  # the decision, its reasons, any other sections ('' when exempt)
    papers: tuple  # AttachmentLink records ('' when exempt)
    timeliness: str  # when the record was published, against the site's promise
    register_href: str
    notice: str | None


def status_sentence(count: int) -> str:
    return f"{count} decision{'s' if count != 1 else ''}"
