"""The build's two redaction steps, the same for a full and an incremental build:
attachments inspected before rendering, and the egress gate over every output about to
be published (see opcc/redaction/egress/)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from opcc.checks.links import output_path
from opcc.config import SiteConfig
from opcc.diagnostics import Diagnostic
from opcc.redaction import Scanner, egress, gate


def page_rules(page) -> tuple[gate.LocalRules, list[Diagnostic]]:
    """A page's `redaction:` exceptions, and the problems with them."""
    return gate.local_rules(page.redaction, page.source, page.key_lines.get("redaction"))


def rule_problems(pages: list) -> dict[str, list[Diagnostic]]:
    """Each page's `redaction:` exceptions, checked (the text itself is checked as it is
    published, by the egress gate)."""
    return {page.source: page_rules(page)[1] for page in pages}


def inspect_attachments(config: SiteConfig, scanner: Scanner, pages: list,
                        records: list) -> list[Diagnostic]:
    """Inspect every attachment about to be published, once each (see gate.py). Dataset
    cells are scanned as they are published (the dataset stage); tables made from records
    are made from text that is itself scanned."""
    owners = []
    for page in pages:
        rules, _ = page_rules(page)
        owners += [(a, page.source, rules) for a in page.attachments]
    for record in records:
        owners += [(a, record.source, gate.NO_RULES) for a in record.attachments]
    organisation = gate.organisation_names(config)
    problems = []
    for attachment, _source, rules in gate.unique_attachments(owners):
        problems += gate.scan_attachment(scanner, config.root, attachment, organisation, rules)
    return problems


def owners(pages: Iterable, records: Iterable, page_files: dict[str, dict]
           ) -> dict[str, egress.Owner]:
    """Each output's page or record, with its exceptions to the gate."""
    found: dict[str, egress.Owner] = {}
    for page in pages:
        owner = egress.Owner(page.source, page_rules(page)[0])
        found[output_path(page.url)] = owner
        for attachment in page.attachments:
            found[output_path(attachment.url)] = owner
        for path in page_files.get(page.source, {}):
            found[path] = owner
    for record in records:
        owner = egress.Owner(record.source)
        found[output_path(record.url)] = owner
        for attachment in record.attachments:
            found[output_path(attachment.url)] = owner
    return found


def dataset_owners(datasets: Iterable, outputs: Iterable[str], found: dict[str, egress.Owner]
                   ) -> None:
    """Outputs in a dataset's folder belong to it: its field-scoped exceptions apply to
    every page that shows its cells."""
    folders = {}
    for dataset in datasets:
        rules, _ = gate.local_rules(dataset.redaction, dataset.descriptor_path, None)
        folders[output_path(dataset.url).rsplit("/", 1)[0] + "/"] = egress.Owner(
            dataset.descriptor_path, replace(rules, codes=tuple((c, None) for c, _ in rules.codes)))
    for path in outputs:
        folder = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
        if path not in found and folder in folders:
            found[path] = folders[folder]


def check_outputs(config: SiteConfig, scanner: Scanner, owned: dict[str, egress.Owner],
                  inspected_from: Iterable, reported: Iterable[Diagnostic], outputs: dict,
                  complete: bool = True) -> list[Diagnostic]:
    """The egress gate over `outputs` (the whole site when `complete`); attachments of
    `inspected_from` were inspected already, and values reported at source are not
    reported again."""
    inspected = frozenset(a.source.resolve() for owner in inspected_from
                          for a in owner.attachments)
    gate_run = egress.EgressGate(
        config.root, scanner, owned, gate.organisation_names(config), inspected,
        frozenset((d.path, d.line, d.code) for d in reported))
    return gate_run.check(outputs, complete=complete)
