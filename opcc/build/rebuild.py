"""Rebuilding only what changed since the last good build.

- Nothing changed: the last build's diagnostics are reported again and nothing is read,
  rendered or written.
- Only the bodies of content pages changed (their front matter, name and everything
  else as before): those pages are read, scanned, converted and rendered again, their
  links (and links into them) are checked, and their files and the search index are
  written. Nothing else can differ: other pages see a page only through its front
  matter and address, which are unchanged.
- Anything else: `build.run_build` makes the whole site in memory, and only files whose
  bytes differ are written (see build._write_full_or_changes).

The tests in tests/test_incremental.py hold every kind of change to the rule that an
incremental build equals a clean one, byte for byte.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from opcc.build import pipeline as build
from opcc.build.cache import CACHE_DIR, version
from opcc.build.incremental import (
    BuildState,
    InputFile,
    PageRecord,
    bodiless,
    now,
    options_key,
    output_digest,
    same_outside_body,
    save_bodies,
    save_state,
)
from opcc.checks import links
from opcc.checks.links import output_path
from opcc.config import load_config
from opcc.diagnostics import Diagnostic, promote_warnings
from opcc.kinds import pages as content
from opcc.kinds.pages import FOI_DIR
from opcc.redaction import egress, gate
from opcc.render import pages as render
from opcc.render.markdown import MarkdownRenderer
from opcc.write import search, writer
from opcc.write.writer import OUTPUT_DIR, WriteError


def save(options, result, inputs: dict[str, InputFile], digests: dict[str, str]) -> None:
    """Record a full build that was written without errors."""
    details = result.details
    if details is None:
        return
    today = options.today or date.today()
    plain = {id(page): bodiless(page) for page in details.index.pages}
    index = _bodiless_index(details.index, plain)
    records = {}
    for url, source in details.sources.items():
        page = details.index.by_url.get(url)
        records[source] = PageRecord(
            page=plain[id(page)] if page is not None and page.source == source else None,
            url=url,
            links=details.bodies[url].links,
            anchors=details.bodies[url].anchors,
            diagnostics=tuple(details.text_diagnostics.get(source, ())),
            link_diagnostics=tuple(details.link_diagnostics.get(source, ())),
            files=dict(details.page_files.get(source, {})))
    save_bodies(options.root, details.remembered)
    save_state(options.root, BuildState(
        version(), options_key(options.include_drafts, options.strict), today.isoformat(), now(),
        inputs, digests, result.page_count, len(result.outputs),
        tuple(details.site_diagnostics), index, records))


def _bodiless_index(index, plain: dict):
    def swap(pages):
        return [plain.get(id(page), page) for page in pages]
    return replace(index, pages=swap(index.pages),
                   by_url={url: plain.get(id(page), page) for url, page in index.by_url.items()},
                   by_class={slug: swap(pages) for slug, pages in index.by_class.items()},
                   _children=None)


def _diagnostics(state: BuildState, strict: bool) -> list[Diagnostic]:
    found = list(state.site_diagnostics)
    for record in state.pages.values():
        found.extend(record.diagnostics)
        found.extend(record.link_diagnostics)
    return promote_warnings(found) if strict else found


def rebuild(options, previous: BuildState, inputs: dict[str, InputFile], changed: set[str],
            defer_search: bool):
    """The result of an incremental build, or None when it must be a full one."""
    if not changed:
        return _unchanged(options, previous, defer_search)
    if not _only_page_bodies(previous, changed, inputs):
        return None
    return _rebuild_pages(options, previous, inputs, sorted(changed), defer_search)


def _unchanged(options, previous: BuildState, defer_search: bool):
    result = build.BuildResult(_diagnostics(previous, options.strict), {}, previous.page_count,
                               written=0, file_count=previous.file_count)
    result.config = load_config(options.root)
    finish = build.search_step(options.root, False, defer_search)
    if finish is not None and result.ok:  # an index left stale by `opcc serve`
        _update(options.root, {}, [], finish, result)
    return result


def _update(root: Path, changed: dict, removed: list[str], finish, result) -> bool:
    try:
        writer.update_site(root, changed, removed, finish=finish)
    except search.SearchIndexError as exc:
        result.diagnostics.append(build._search_problem(exc))
        return False
    except WriteError as exc:
        result.diagnostics.append(exc.diagnostic)
        return False
    return True


def _only_page_bodies(previous: BuildState, changed: set[str],
                      inputs: dict[str, InputFile]) -> bool:
    foi_folder = f"{content.CONTENT_DIR}/{FOI_DIR}/"
    for path in changed:
        record = previous.pages.get(path)
        if not path.endswith(".md") or path.startswith(foi_folder) or path not in inputs \
                or record is None \
                or record.page is None or record.page.url == "/":
            return False
    return True


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


def _rebuild_pages(options, previous: BuildState, inputs: dict[str, InputFile],
                   changed: list[str], defer_search: bool):
    root = options.root
    today = options.today or date.today()
    config = load_config(root)
    profile = build._load_profile(config)
    index = previous.index
    pages = {}
    texts: dict[str, list[Diagnostic]] = {}
    for source in changed:
        page, found = content.load_page(root, root / source, profile.class_slugs, today,
                                        config.limits)
        if page is None or not same_outside_body(previous.pages[source].page, page):
            return None
        pages[source], texts[source] = page, found
    scanner = build.site_scanner(config)
    renderer = render.SiteRenderer(config, profile, index, {}, {}, [], today)
    markdown = MarkdownRenderer(index.by_source, renderer.href)
    records = dict(previous.pages)
    new_outputs: dict = {}
    for source, page in pages.items():
        rules, problems = build._page_rules(page)
        body = renderer.bodies[page.url] = markdown.render(page)
        try:
            new_outputs[output_path(page.url)] = renderer.render_page(page)
        except render.TemplateFailure:
            return None  # a full build reports it
        records[source] = replace(
            records[source], links=body.links, anchors=body.anchors, files=render.page_files(
                page, body, root),
            diagnostics=tuple(texts[source] + problems + list(body.diagnostics)))

    paths, removed = _published_paths(previous, records, index)
    for source in pages:
        new_outputs.update(records[source].files)
    _egress_gate(root, config, scanner, pages, records, new_outputs)
    site_files = _SiteFiles(root / OUTPUT_DIR, paths, new_outputs)
    checked = _check_links(records, pages, index, site_files)
    for source, found in checked.items():
        records[source] = replace(records[source], link_diagnostics=tuple(found))

    cache_folder = root / CACHE_DIR
    digests = dict(previous.outputs)
    for path in removed:
        digests.pop(path, None)
    changed_outputs = {}
    for path, data in new_outputs.items():
        found = output_digest(data, cache_folder, inputs, root)
        if digests.get(path) != found:
            changed_outputs[path] = data
        digests[path] = found
    state = replace(previous, saved_at=now(), inputs=inputs, outputs=digests, pages=records,
                    file_count=len(digests))
    result = build.BuildResult(_diagnostics(state, options.strict), changed_outputs,
                               previous.page_count, file_count=len(digests))
    result.config = config
    if not result.ok:
        return result
    finish = build.search_step(root, bool(changed_outputs or removed), defer_search)
    if (changed_outputs or removed or finish) and \
            not _update(root, changed_outputs, removed, finish, result):
        return result
    result.written = len(changed_outputs) + len(removed)
    save_state(root, state)
    return result


def _egress_gate(root: Path, config, scanner, pages: dict, records: dict[str, PageRecord],
                 new_outputs: dict) -> None:
    """The changed pages' outputs, checked as a full build checks them (see egress/);
    what it finds joins the page's own diagnostics."""
    owners = {}
    for source, page in pages.items():
        owner = egress.Owner(source, build._page_rules(page)[0])
        for path in [output_path(page.url), *records[source].files]:
            owners[path] = owner
    inspected = frozenset(a.source.resolve() for page in pages.values()
                          for a in page.attachments)
    reported = frozenset((d.path, d.line, d.code) for source in pages
                         for d in records[source].diagnostics)
    found = egress.EgressGate(root, scanner, owners, gate.organisation_names(config),
                              inspected, reported).check(new_outputs, complete=False)
    for diagnostic in found:
        source = diagnostic.path if diagnostic.path in pages else next(iter(pages))
        records[source] = replace(records[source], diagnostics=(
            *records[source].diagnostics, diagnostic))


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
