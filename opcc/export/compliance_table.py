"""The compliance report at export time, one row per publication-scheme item."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from opcc.export.tables import means
from opcc.scheme import ItemStatus


@dataclass(frozen=True)
class ComplianceRow:
    item_id: str = field(metadata=means(
        "the scheme item's id (the ids in inventory.csv's items column)"))
    title: str = field(metadata=means(
        "what the item is"))
    group: str = field(metadata=means(
        "statutory (required by law), adopted (good practice the office adopted) or recommended "
        "(good practice, not adopted)"))
    status: str = field(metadata=means(
        "at the export date: published, due-soon, overdue, missing or not-applicable"))
    last_updated: date | None = field(metadata=means(
        "when what fulfils it was last updated"))
    next_due: date | None = field(metadata=means(
        "when it is next due, by its due rule"))
    late: str | None = field(metadata=means(
        "what is late (months, events), when it is overdue"))
    legal_basis: str = field(metadata=means(
        "the instrument and provision that require it"))
    legal_source: str = field(metadata=means(
        "how sure the citation is: primary (the law's own words), secondary, or good-practice"))
    due_rule: str = field(metadata=means(
        "when the law (or the practice) makes it due"))
    where_published: tuple[str, ...] = field(metadata=means(
        "the addresses on the site that publish it, separated by spaces"))
    reason: str | None = field(metadata=means(
        "why it does not apply to this office, when not-applicable"))


def compliance_row(status: ItemStatus) -> ComplianceRow:
    item = status.item
    return ComplianceRow(
        item_id=item.id, title=item.title, group=item.group, status=status.status,
        last_updated=status.last_updated, next_due=status.next_due,
        late="; ".join(status.late) or None, legal_basis=str(item.legal_basis),
        legal_source=item.legal_basis.source, due_rule=status.due_rule,
        where_published=tuple(f.url for f in status.fulfilled_by), reason=status.reason)


def compliance_rows(statuses: list[ItemStatus]) -> list[ComplianceRow]:
    return [compliance_row(status) for status in statuses]
