"""Template views of consultations: a consultation's page and the listing. Every label,
sentence and link is computed here."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

STATE_CLASSES = {"upcoming": "govuk-tag--turquoise", "open": "govuk-tag--green",
                 "awaiting-results": "govuk-tag--yellow", "closed": "govuk-tag--grey"}


@dataclass(frozen=True)
class RouteView:
    """A way to respond: a link, or an address of several lines."""
    title: str
    href: str | None
    link_text: str | None  # the address or the email address, shown as the link
    address: tuple[str, ...]


@dataclass(frozen=True)
class ConsultationView:
    state: str  # upcoming, open, awaiting-results, closed
    state_label: str  # "Open", "Closed: results published"…
    state_class: str  # GOV.UK tag modifier
    timing: str  # "Closes in 36 days", "Opens on 16 November 2026", "Closed on …"
    meta: tuple  # MetaRow records: opens, closes, results published
    respond: tuple[RouteView, ...]
    respond_open: bool  # the ways to respond are shown first and prominently
    respond_intro: str  # one sentence before them
    results: tuple  # AttachmentLink records
    awaiting: str | None  # "We are analysing the responses…" while results are awaited
    body_html: Markup
    decisions: tuple  # Link records to the decisions it informed
    list_href: str
    notice: str | None


@dataclass(frozen=True)
class ConsultationEntry:
    title: str
    href: str
    summary: str
    state_label: str
    state_class: str
    timing: str


@dataclass(frozen=True)
class ConsultationGroup:
    title: str  # "Open consultations", "Closed consultations"
    entries: tuple[ConsultationEntry, ...]


@dataclass(frozen=True)
class ConsultationListView:
    groups: tuple[ConsultationGroup, ...]
    notice: str | None
