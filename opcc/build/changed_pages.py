"""The `pages` and `replay` plans (see plan.py): only what changed goes through the
stages, the same stage functions a full build runs.

For `pages`, the changed pages are read, their bodies converted and rendered
(rendering.py), their outputs checked by the egress gate (redaction_steps.py), their
links and the links into them checked (links.py), and the changed files written
(publishing.py). Everything else is taken from the last build's state.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from opcc.build import redaction_steps
from opcc.build.cache import CACHE_DIR
from opcc.build.cache import version as cache_version
from opcc.build.incremental import (
    BuildState,
    PageRecord,
    now,
    output_digest,
    same_outside_body,
    save_state,
)
from opcc.build.plan import Plan, replayed_diagnostics
from opcc.build.publishing import write_changes
from opcc.build.rendering import render_pages
from opcc.build.result import BuildOptions, BuildResult
from opcc.build.settings import load_profile, site_scanner
from opcc.checks import links
from opcc.config import load_config
from opcc.diagnostics import Diagnostic
from opcc.kinds import pages as content
from opcc.kinds import registry
from opcc.render import pages as render
from opcc.render.markdown import MarkdownRenderer, RememberedMarkdown


def replay(options: BuildOptions, plan: Plan, defer_search: bool) -> BuildResult:
    """Nothing changed: the last build's diagnostics again; only a search index left
    stale by `opcc serve` is brought up to date."""
    previous = plan.previous
    result = BuildResult(replayed_diagnostics(previous, options.strict), {},
                         previous.page_count, written=0, file_count=previous.file_count)
    result.config = load_config(options.root)
    if result.ok:
        write_changes(options.root, result, {}, [], defer_search, options.output_dir)
    return result


def rebuild_pages(options: BuildOptions, plan: Plan, defer_search: bool) -> BuildResult | None:
    """The changed pages through every stage; None when one of them changed more than
    its body (a full build is needed)."""
    root, previous = options.root, plan.previous
    config = load_config(root)
    profile = load_profile(config)
    pages, texts = _read_pages(options, plan, config, profile)
    if pages is None:
        return None
    renderer = render.SiteRenderer(config, profile, previous.index, {}, {}, [],
                                   options.today or date.today(), registry.kinds(),
                                   preview=options.preview)
    markdown = RememberedMarkdown(MarkdownRenderer(previous.index.by_source, renderer.href),
                                  config.base_path, cache_version(), None)
    rendered = render_pages(renderer, {}, markdown, list(pages.values()), [])
    if any(page.failure for page in rendered.pages):
        return None  # a full build reports it
    records = _page_records(root, previous, pages, texts, renderer.bodies)
    outputs = rendered.outputs()
    for source in pages:
        outputs.update(records[source].files)
    _check_outputs(config, pages, records, outputs)
    paths, removed = _published_paths(previous, records, previous.index)
    site_files = _SiteFiles(root / options.output_dir, paths, outputs)
    for source, found in _check_links(records, pages, previous.index, site_files).items():
        records[source] = replace(records[source], link_diagnostics=tuple(found))
    return _write(options, plan, records, outputs, removed, defer_search, config)


class _SiteFiles(Mapping):
    """The output files as the link checker sees them: new bytes, or those in site/."""

    def __init__(self, folder: Path, paths: set[str], new: dict):
        self.folder, self.paths, self.new = folder, paths, new

    def __getitem__(self, path: str):
        if path not in self.paths:
            raise KeyError(path)
        if path in self.new:
            return self.new[path]
        if not path.endswith(".html"):
            return self.folder / path
        try:
            return (self.folder / path).read_bytes()
        except OSError:
            return b""

    def __contains__(self, path) -> bool:
        return path in self.paths

    def __iter__(self):
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)


@dataclass(frozen=True)
class _Links:
    links: tuple


def _read_pages(options: BuildOptions, plan: Plan, config, profile):
    today = options.today or date.today()
    pages, texts = {}, {}
    for source in plan.changed:
        page, found = content.load_page(options.root, options.root / source,
                                        profile.class_slugs, today, config.limits)
        if page is None or not same_outside_body(plan.previous.pages[source].page, page):
            return None, None
        pages[source], texts[source] = page, found
    return pages, texts


def _page_records(root: Path, previous: BuildState, pages: dict, texts: dict,
                  bodies: dict) -> dict[str, PageRecord]:
    records = dict(previous.pages)
    for source, page in pages.items():
        body = bodies[page.url]
        problems = redaction_steps.page_rules(page)[1]
        records[source] = replace(
            records[source], links=body.links, anchors=body.anchors,
            files=render.page_files(page, body, root),
            diagnostics=tuple(texts[source] + problems + list(body.diagnostics)))
    return records


def _check_outputs(config, pages: dict, records: dict[str, PageRecord], outputs: dict
                   ) -> None:
    """The changed pages' outputs, checked as a full build checks them; what the gate
    finds joins the page's own diagnostics."""
    owned = redaction_steps.owners(pages.values(), [],
                                   {source: records[source].files for source in pages})
    reported = [d for source in pages for d in records[source].diagnostics]
    found = redaction_steps.check_outputs(config, site_scanner(config), owned,
                                          pages.values(), reported, outputs, complete=False)
    for diagnostic in found:
        source = diagnostic.path if diagnostic.path in pages else next(iter(pages))
        records[source] = replace(records[source], diagnostics=(
            *records[source].diagnostics, diagnostic))


def _write(options: BuildOptions, plan: Plan, records: dict[str, PageRecord], outputs: dict,
           removed: list[str], defer_search: bool, config) -> BuildResult:
    root, previous = options.root, plan.previous
    cache_folder = root / CACHE_DIR
    digests = dict(previous.outputs)
    for path in removed:
        digests.pop(path, None)
    changed = {}
    for path, data in outputs.items():
        found = output_digest(data, cache_folder, plan.inputs, root)
        if digests.get(path) != found:
            changed[path] = data
        digests[path] = found
    state = replace(previous, saved_at=now(), inputs=plan.inputs, outputs=digests,
                    pages=records, file_count=len(digests))
    result = BuildResult(replayed_diagnostics(state, options.strict), changed,
                         previous.page_count, file_count=len(digests))
    result.config = config
    if result.ok and write_changes(root, result, changed, removed, defer_search,
                                   options.output_dir):
        save_state(root, state, options.output_dir)
    return result


def _files(records: dict[str, PageRecord]) -> dict:
    files = {}
    for record in records.values():
        files.update(record.files)
    return files


def _published_paths(previous: BuildState, records: dict[str, PageRecord], index
                     ) -> tuple[set[str], list[str]]:
    """Every output path after the change, and the linked files no longer published."""
    before = set(_files(previous.pages))
    after = set(_files(records))
    attachments = set(render.attachment_outputs(index.pages))
    gone = sorted(before - after - attachments)
    return (set(previous.outputs) - set(gone)) | after, gone


def _check_links(records: dict[str, PageRecord], pages: dict, index,
                 site_files: _SiteFiles) -> dict[str, list[Diagnostic]]:
    """Links in the changed pages, and links from anywhere into them (their headings,
    and so their anchors, may have changed)."""
    changed_urls = {page.url for page in pages.values()}
    sources = {}
    bodies = {}
    for source, record in records.items():
        url = record.url
        if source in pages or any(link.fragment and (link.target or url) in changed_urls
                                  for link in record.links if not link.external):
            sources[url] = source
            bodies[url] = _Links(record.links)
    found = links.check_links(index, bodies, site_files, (), sources)
    grouped: dict[str, list[Diagnostic]] = {source: [] for source in sources.values()}
    for diagnostic in found:
        grouped.setdefault(diagnostic.path, []).append(diagnostic)
    return grouped
