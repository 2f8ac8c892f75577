"""Decisions as a registered kind: content/decisions/YEAR/REFERENCE.md, a page per decision
(a notice for an exempt one), the register by year with its filter pages and feed, and
the register as open data. The register fulfils the Specified Information Order's
paragraph 5(d): each decision owes its record within the site's working days of being
made (`decisions.publish_within_working_days`), so the compliance report names each one
that is late, a draft decision included."""

from __future__ import annotations

from datetime import date

from opcc.kinds.base import Kind, OpenData
from opcc.kinds.decisions import data, reader
from opcc.kinds.decisions.records import (
    DECISIONS_CLASS,
    FOLDER,
    NAME,
    RECORDS,
    REGISTER_ITEM,
    SETTINGS,
    DecisionRecord,
)
from opcc.kinds.decisions.render import DecisionsRenderer
from opcc.kinds.decisions.views import REGISTER_URL
from opcc.kinds.foi.working_days import working_days
from opcc.scheme import Fulfilment, Obligation


def obligation(record: DecisionRecord) -> Obligation:
    made = f"{record.made.day} {record.made:%B %Y}"
    within = working_days(record.made, record.due)  # the site's period, as the reader used it
    return Obligation(f"the record of decision {record.reference} ({record.title}), made "
                      f"{made}", record.due, None if record.draft else record.published,
                      record.source, rule=f"within {within} working days of each decision "
                      "(site.yaml decisions.publish_within_working_days)")


def fulfils(records: list, *_) -> dict[str, list[Fulfilment]]:
    """{sio-5d: the register}, with one obligation per decision: each published one, and
    each made but kept as a draft (reader.Decisions.unpublished), which is late once its
    day has passed."""
    every = [*records, *getattr(records, "unpublished", ())]
    published = [r for r in records if not r.draft] or list(records)
    if not published:
        return {}
    return {REGISTER_ITEM: [Fulfilment(
        "Decisions register", REGISTER_URL, f"content/{FOLDER}",
        max(r.last_updated for r in published), min(r.published for r in published), "page",
        obligations=tuple(obligation(r) for r in every))]}


def events(records: list) -> list[tuple[str, date]]:
    return [("decision", r.made) for r in records]


def open_data(records: list, config) -> OpenData | None:
    settings, _ = reader.settings_of(config)
    if settings is None:
        return None
    schema = data.register_schema(settings.pattern.text, settings.categories)
    dataset, table = data.register_dataset(records, config, schema, settings.sample)
    problems = data.validate_register(data.register_rows(records, config.base_url), schema)
    return OpenData(dataset, table, tuple(problems))


DECISIONS = Kind(name=NAME, folder=FOLDER, scheme_class=DECISIONS_CLASS,
                 record_type=DecisionRecord, read=reader.read, renderer=DecisionsRenderer,
                 fulfils=fulfils, events=events, open_data=open_data, search_label="Decision",
                 records=RECORDS, settings=SETTINGS, settings_help="decisions register "
                 "settings")
