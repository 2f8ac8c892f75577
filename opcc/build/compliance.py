"""What the build tells the publication-scheme and naming checks: which page, record or
dataset fulfils each scheme item, and every published file name."""

from __future__ import annotations

from datetime import date

from opcc import scheme
from opcc.checks import naming, site_index
from opcc.config import SiteConfig
from opcc.diagnostics import Diagnostic
from opcc.kinds import registry
from opcc.scheme import retention
from opcc.scheme.coverage import series_months


def fulfilments(index: site_index.SiteIndex, records_by_kind: dict[str, list]
                 ) -> dict[str, list[scheme.Fulfilment]]:
    """Item -> what fulfils it: each kind's records first, then pages, then datasets."""
    found: dict[str, list[scheme.Fulfilment]] = {}
    for kind in registry.kinds():
        records = records_by_kind.get(kind.name)
        for item, fulfilled in (kind.fulfils(records) if records else {}).items():
            found.setdefault(item, []).extend(fulfilled)
    for page in index.pages:
        if getattr(page, "superseded", None):
            continue  # an archived copy is kept for the record; it fulfils nothing now
        for item in page.items:
            found.setdefault(item, []).append(page_fulfilment(page))
    for dataset in index.datasets.values():
        for item in dataset.items:
            found.setdefault(item, []).append(dataset_fulfilment(dataset))
    return found


def page_fulfilment(page) -> scheme.Fulfilment:
    hold = getattr(page, "hold", None)
    return scheme.Fulfilment(
        page.title, page.url, page.source, page.last_updated, page.published, "page",
        page.key_lines.get("item"), publication=getattr(page, "publication", None),
        hold_until=hold.until if hold else None)


def dataset_fulfilment(dataset) -> scheme.Fulfilment:
    """A dataset, with the months its files cover for the gap check of a monthly series."""
    names = [r.title or r.name for r in dataset.resources]
    return scheme.Fulfilment(
        dataset.title, dataset.url, dataset.descriptor_path, dataset.last_updated,
        dataset.published, "dataset", dataset.key_lines.get("item"),
        months=series_months(names, dataset.period))


def site_events(index: site_index.SiteIndex, records_by_kind: dict[str, list]
                ) -> list[tuple[str, date]]:
    """The events that start duties: those each kind's records carry (a meeting's date),
    and those pages record in their front matter (`events:`: an HMICFRS report)."""
    found = [event for kind in registry.kinds() if records_by_kind.get(kind.name)
             for event in kind.events(records_by_kind[kind.name])]
    return found + [event for page in index.pages for event in getattr(page, "events", ())]


def record_type_problems(index: site_index.SiteIndex,
                         statuses: list[scheme.ItemStatus]) -> list[Diagnostic]:
    """Record types the site's retention schedule lacks; nothing when it has no schedule."""
    files = [r.source for d in index.datasets.values() if retention.SCHEDULE_ITEM in d.items
             for r in d.resources]
    record_types = retention.schedule_record_types(files)
    if record_types is None:
        return []
    pages = [(p.source, p.record_type, p.key_lines.get("record_type")) for p in index.pages
             if getattr(p, "record_type", None)]
    return retention.record_type_problems(statuses, record_types, pages)


def item_keys(index: site_index.SiteIndex):
    for page in index.pages:
        for item in page.items:
            yield item, page.scheme_class, page.source, page.key_lines.get("item"), "content"
    for dataset in index.datasets.values():
        for item in dataset.items:
            yield (item, dataset.scheme_class, dataset.descriptor_path,
                   dataset.key_lines.get("item"), "dataset")


def naming_problems(config: SiteConfig, index: site_index.SiteIndex,
            records: list) -> list[Diagnostic]:
    rules = config.naming
    problems = []
    for page in index.pages:
        problems.extend(naming.check_name(page.source, rules, is_page=True))
    published = {a.url: a for page in [*index.pages, *records] for a in page.attachments}
    for attachment in published.values():
        problems.extend(naming.check_name(f"content{attachment.url}", rules))
    for dataset in index.datasets.values():
        for resource in dataset.resources:
            if resource.source.is_file():  # not a table made from records (the FOI log)
                problems.extend(naming.check_name(resource.relative, rules))
    return problems
