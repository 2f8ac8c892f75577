"""The records inventory: one row per published page, dataset and record, with the
publication-scheme items it fulfils, its dates and owner, and how long it is kept (the
retention schedule's row for its record type) and published (the statutory floor and
the privacy ceiling)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from opcc.export.tables import means
from opcc.scheme import retention
from opcc.scheme.model import Item, Publication

SCHEDULE_DATASET = "retention-schedule"  # the usual name, when no dataset declares the item


@dataclass(frozen=True)
class InventoryRow:
    url: str = field(metadata=means(
        "the address on the site, from the site's root (base_url)"))
    title: str = field(metadata=means(
        "the title as published"))
    kind: str = field(metadata=means(
        "page, dataset, or the kind of record (foi: an FOI response)"))
    scheme_class: str | None = field(metadata=means(
        "the publication-scheme class it is published under"))
    items: tuple[str, ...] = field(metadata=means(
        "the scheme items it fulfils (ids of compliance.csv), separated by spaces"))
    published: date | None = field(metadata=means(
        "the date it was first published"))
    updated: date | None = field(metadata=means(
        "the date it was last updated"))
    review: date | None = field(metadata=means(
        "the date it is next due to be reviewed"))
    owner_role: str | None = field(metadata=means(
        "the role responsible for it"))
    record_type: str | None = field(metadata=means(
        "its row of the retention schedule: its own, or that of the scheme item it fulfils"))
    retention_period: str | None = field(metadata=means(
        "how long the files behind it are kept (the retention schedule's retention_period)"))
    retention_action: str | None = field(metadata=means(
        "what happens at the end of that period (the schedule's action)"))
    publication_min_years: int | None = field(metadata=means(
        "the statutory floor: the years the law requires it to stay published"))
    publication_max_years: int | None = field(metadata=means(
        "the privacy ceiling: the years it may stay published"))
    on_expiry: str | None = field(metadata=means(
        "what happens at the ceiling: archive, unpublish or anonymise"))
    hold: str | None = field(metadata=means(
        "a legal hold: the date it lasts until and why; nothing may be unpublished or disposed of "
        "before then"))
    superseded: str | None = field(metadata=means(
        "when, and by what, it was replaced (kept in the archive section)"))


Schedule = Mapping[str, Mapping[str, str]]  # record type -> its row


def schedule_from_csv(data: bytes) -> dict[str, dict[str, str]]:
    """The retention schedule's rows by record type (spaces normalised)."""
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    if not reader.fieldnames or retention.SCHEDULE_FIELD not in reader.fieldnames:
        return {}
    return {" ".join((row[retention.SCHEDULE_FIELD] or "").split()): row for row in reader}


def publication_of(own: Publication | None, items: Iterable[Item]) -> Publication:
    """A page's own publication periods, else its items': the highest floor and the lowest
    ceiling (with what happens then)."""
    if own is not None:
        return own
    periods = [item.publication for item in items]
    floors = [p.min_years for p in periods if p.min_years]
    ceilings = sorted((p for p in periods if p.max_years), key=lambda p: p.max_years)
    return Publication(max(floors, default=None),
                       ceilings[0].max_years if ceilings else None,
                       ceilings[0].on_expiry if ceilings else None)


def _managed(items: tuple[Item, ...], schedule: Schedule, record_type: str | None = None,
             own: Publication | None = None) -> dict:
    """The records-management columns, from the item's record type and periods."""
    record_type = record_type or next((i.record_type for i in items if i.record_type), None)
    row = schedule.get(" ".join(record_type.split())) if record_type else None
    publication = publication_of(own, items)
    return {"record_type": record_type,
            "retention_period": row.get("retention_period") if row else None,
            "retention_action": row.get("action") if row else None,
            "publication_min_years": publication.min_years,
            "publication_max_years": publication.max_years,
            "on_expiry": publication.on_expiry}


def _known(ids: Iterable[str], items: Mapping[str, Item]) -> tuple[Item, ...]:
    return tuple(items[i] for i in ids if i in items)


def page_row(page, items: Mapping[str, Item], schedule: Schedule) -> InventoryRow:
    hold = getattr(page, "hold", None)
    superseded = getattr(page, "superseded", None)
    return InventoryRow(
        url=page.url, title=page.title, kind="page", scheme_class=page.scheme_class,
        items=tuple(page.items), published=page.published, updated=page.updated,
        review=page.review, owner_role=page.owner,
        hold=f"until {hold.until.isoformat()}: {hold.reason}" if hold else None,
        superseded=f"on {superseded.on.isoformat()} by {superseded.by}" if superseded
        else None,
        **_managed(_known(page.items, items), schedule, getattr(page, "record_type", None),
                   getattr(page, "publication", None)))


def dataset_row(dataset, items: Mapping[str, Item], schedule: Schedule) -> InventoryRow:
    return InventoryRow(
        url=dataset.url, title=dataset.title, kind="dataset",
        scheme_class=dataset.scheme_class, items=tuple(dataset.items),
        published=dataset.published, updated=dataset.updated, review=None, owner_role=None,
        hold=None, superseded=None, **_managed(_known(dataset.items, items), schedule))


def record_row(record, kind_name: str, scheme_class: str, item_ids: tuple[str, ...],
               items: Mapping[str, Item], schedule: Schedule) -> InventoryRow:
    return InventoryRow(
        url=record.url, title=record.title, kind=kind_name, scheme_class=scheme_class,
        items=item_ids, published=record.published, updated=record.last_updated,
        review=None, owner_role=None, hold=None, superseded=None,
        **_managed(_known(item_ids, items), schedule))


def inventory(pages: Iterable, datasets: Iterable, records: Iterable[tuple],
              items: Mapping[str, Item], schedule: Schedule) -> list[InventoryRow]:
    """Every row, by address. `records`: (kind, its published records) pairs."""
    rows = [page_row(page, items, schedule) for page in pages]
    rows += [dataset_row(dataset, items, schedule) for dataset in datasets]
    for kind, kind_records in records:
        fulfilled = tuple(sorted(kind.fulfils(kind_records))) if kind_records else ()
        rows += [record_row(record, kind.name, kind.scheme_class, fulfilled, items, schedule)
                 for record in kind_records]
    return sorted(rows, key=lambda row: (row.url, row.kind))
