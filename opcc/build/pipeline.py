"""The pipeline: configuration -> content -> datasets -> records -> site index -> checks ->
render -> egress gate -> links -> write.

`build_site` makes the plan (plan.py) and runs it: a full build (`run_build`), the changed
pages only, or a replay (changed_pages.py), each through the same stage functions.
`run_build` gathers and checks everything first and returns the output files in memory;
the caller writes them only when there are no errors (`opcc check` never writes).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date

from opcc import scheme
from opcc.build import changed_pages, compliance, incremental, parallel, plan, redaction_steps
from opcc.build.cache import CACHE_DIR, BuildCache
from opcc.build.cache import version as cache_version
from opcc.build.publishing import write_changes, write_whole
from opcc.build.rendering import render_pages
from opcc.build.result import BuildDetails, BuildOptions, BuildResult, Stopwatch
from opcc.build.settings import load_profile, site_scanner
from opcc.checks import links, moves, prominence, site_index
from opcc.config import SiteConfig, load_config
from opcc.datasets import stage as dataset_stage
from opcc.diagnostics import Diagnostic, promote_warnings
from opcc.kinds import pages as content
from opcc.kinds import registry
from opcc.kinds.base import ReadContext
from opcc.redaction import Scanner
from opcc.render import pages as render
from opcc.render import redirects
from opcc.render.markdown import MarkdownRenderer, RememberedMarkdown

__all__ = ["BuildOptions", "BuildResult", "build_site", "run_build", "site_scanner",
           "load_profile"]


def build_site(options: BuildOptions, clean: bool = False,
               defer_search: bool = False) -> BuildResult:
    """Build site/: in full when asked (`clean`) or when there is no usable record of the
    last build; otherwise only what changed (see plan.py). Nothing is written when there
    are errors. With `defer_search` (opcc serve), an incremental build leaves the search
    index marked stale for the caller to refresh (search.refresh)."""
    started = time.perf_counter()
    planned = plan.make_plan(options, clean)
    result = None
    if planned.mode == plan.REPLAY:
        result = changed_pages.replay(options, planned, defer_search)
    elif planned.mode == plan.PAGES:
        result = changed_pages.rebuild_pages(options, planned, defer_search)
    if result is None:
        previous = planned.previous
        result = run_build(options, incremental.load_bodies(options.root, options.output_dir)
                           if previous else None)
        if result.ok:
            _write(options, result, planned, defer_search)
    result.seconds = time.perf_counter() - started
    return result


def _write(options: BuildOptions, result: BuildResult, planned: plan.Plan,
           defer_search: bool) -> None:
    """A full build's outputs into site/: all of them, or those whose bytes changed."""
    root, previous = options.root, planned.previous
    started = time.perf_counter()
    digests = {path: incremental.output_digest(data, root / CACHE_DIR, planned.inputs, root)
               for path, data in result.outputs.items()}
    if previous is None:
        write_whole(root, result, options.output_dir)
        result.written = len(result.outputs)
    else:
        changed = {path: result.outputs[path] for path, found in digests.items()
                   if previous.outputs.get(path) != found}
        removed = sorted(previous.outputs.keys() - digests.keys())
        write_changes(root, result, changed, removed, defer_search, options.output_dir)
        result.written = len(changed) + len(removed)
    if result.ok:
        plan.record(options, result, planned.inputs, digests)
        if not options.preview:  # a preview (drafts, scheduled pages) publishes nothing
            moves.remember(root, result.details.index.pages, result.details.sources)
    result.timings["site written"] = time.perf_counter() - started - \
        result.timings.get("search index", 0.0)


@dataclass
class Gathered:
    """Everything read and checked before rendering."""
    config: SiteConfig
    profile: scheme.Profile
    scanner: Scanner
    index: site_index.SiteIndex
    records_by_kind: dict[str, list]  # kind name -> its published records
    tables: dict
    static_names: set
    today: date
    diagnostics: list[Diagnostic] = field(default_factory=list)  # about the site
    text_diagnostics: dict[str, list[Diagnostic]] = field(default_factory=dict)  # by source
    compliance: list = field(default_factory=list)
    preview: bool = False  # drafts or scheduled pages are shown (BuildOptions.preview)
    scheduled: list = field(default_factory=list)  # pages published after today

    @property
    def records(self) -> list:
        return [r for records in self.records_by_kind.values() for r in records]


def run_build(options: BuildOptions, remembered: dict | None = None) -> BuildResult:
    """Check everything and render the site in memory. Raises ConfigError (exit 2).

    `remembered`: the converted bodies of an earlier build (RememberedMarkdown)."""
    started = time.perf_counter()
    clock = Stopwatch()
    gathered = _gather(options, clock)
    rendered = _render(gathered, remembered, clock)
    outputs, link_diagnostics, page_files = _finish(gathered, rendered, clock)
    diagnostics = list(gathered.diagnostics)
    site_diagnostics = list(diagnostics)
    for grouped in (gathered.text_diagnostics, link_diagnostics):
        for found in grouped.values():
            diagnostics.extend(found)
    if options.strict:
        diagnostics = promote_warnings(diagnostics)
    bodies, sources = rendered.bodies, rendered.sources
    external = sorted({(link.written, sources.get(url, url), link.line)
                       for url, body in bodies.items() for link in body.links
                       if link.external and link.written.startswith(("http:", "https:"))})
    result = BuildResult(diagnostics, outputs, sum(1 for n in outputs if n.endswith(".html")),
                         time.perf_counter() - started, gathered.config, gathered.compliance,
                         external, clock.laps, file_count=len(outputs),
                         scheduled=sorted((p.published, p.url, p.title, p.source)
                                          for p in gathered.scheduled))
    result.details = BuildDetails(
        gathered.index, bodies, sources, gathered.text_diagnostics, link_diagnostics,
        page_files, site_diagnostics,
        rendered.markdown.remember([*gathered.index.pages, *gathered.records], bodies))
    return result


def _gather(options: BuildOptions, clock: Stopwatch) -> Gathered:
    """Read pages, datasets and records; index the site; inspect attachments; check the
    scheme and names."""
    root = options.root
    today = options.today or date.today()
    config = load_config(root)
    profile = load_profile(config)
    clock.lap("configuration")
    loaded = content.load_content(root, profile.class_slugs, today, options.include_drafts,
                                  limits=config.limits, record_patterns=registry.record_patterns(),
                                  include_scheduled=options.include_scheduled)
    clock.lap("pages read")
    scanner = site_scanner(config)
    loaded_datasets = dataset_stage.run_dataset_stage(
        root, profile.class_slugs, today, config.limits, scanner, BuildCache(root),
        parallel.worker_count(), include_drafts=options.include_drafts)
    diagnostics = list(loaded_datasets.diagnostics)
    clock.lap("datasets validated")
    records_by_kind = {}
    context = ReadContext(root, config, today, options.include_drafts)
    for kind in registry.kinds():
        records_by_kind[kind.name], found = kind.read(context)
        diagnostics.extend(found)
    clock.lap("records read")
    static_names = site_index.static_files(root / render.TEMPLATES_DIR)
    diagnostics.extend(site_index.template_links(root, root / render.TEMPLATES_DIR))
    index, found = site_index.build_index(loaded.pages, loaded.drafts, profile, static_names,
                                          loaded_datasets.datasets, loaded.scheduled)
    diagnostics.extend(found)
    text_diagnostics, rest = _by_path(loaded.diagnostics, {page.source for page in index.pages})
    diagnostics.extend(rest)
    gathered = Gathered(config, profile, scanner, index, records_by_kind,
                        dict(loaded_datasets.tables), static_names, today, diagnostics,
                        text_diagnostics, preview=options.preview,
                        scheduled=[p for p in [*loaded.pages, *loaded.scheduled]
                                   if content.status(p, today) == content.SCHEDULED])
    _add_record_tables(gathered)
    clock.lap("datasets published")
    _check_before_rendering(gathered, clock)
    return gathered


def _add_record_tables(gathered: Gathered) -> None:
    """Open data made from each kind's records (the FOI disclosure log), indexed as
    datasets."""
    for kind in registry.kinds():
        records = gathered.records_by_kind.get(kind.name)
        made = kind.open_data(records, gathered.config) if records and kind.open_data else None
        if made is None:
            continue
        gathered.diagnostics.extend(made.diagnostics)
        gathered.index.datasets[made.dataset.name] = made.dataset
        gathered.index.datasets_by_class[made.dataset.scheme_class].append(made.dataset)
        gathered.tables[made.dataset.name] = [made.table]


def _check_before_rendering(gathered: Gathered, clock: Stopwatch) -> None:
    config, index, records = gathered.config, gathered.index, gathered.records
    for source, found in redaction_steps.rule_problems(index.pages).items():
        gathered.text_diagnostics.setdefault(source, []).extend(found)
    for record in records:
        gathered.text_diagnostics.setdefault(record.source, [])
    gathered.diagnostics.extend(redaction_steps.inspect_attachments(
        config, gathered.scanner, index.pages, records))
    clock.lap("attachments inspected")
    profile, today = gathered.profile, gathered.today
    gathered.diagnostics.extend(scheme.check_item_keys(profile, compliance.item_keys(index)))
    gathered.compliance = scheme.assess(
        profile, compliance.fulfilments(index, gathered.records_by_kind), today,
        compliance.site_events(index, gathered.records_by_kind))
    gathered.diagnostics.extend(scheme.compliance_diagnostics(gathered.compliance, today))
    gathered.diagnostics.extend(compliance.record_type_problems(index, gathered.compliance))
    gathered.diagnostics.extend(compliance.naming_problems(config, index, records))
    clock.lap("scheme and naming")


@dataclass
class Rendered:
    renderer: render.SiteRenderer
    kind_renderers: list  # KindRenderer of each kind with records
    markdown: RememberedMarkdown
    pages: object  # rendering.RenderedPages
    bodies: dict
    sources: dict[str, str]  # URL -> source file


def _render(gathered: Gathered, remembered: dict | None, clock: Stopwatch) -> Rendered:
    """Every content page and record: Markdown, then templates, on every core."""
    config, index, records = gathered.config, gathered.index, gathered.records
    renderer = render.SiteRenderer(config, gathered.profile, index, {}, gathered.tables,
                                   gathered.compliance, gathered.today, registry.kinds(),
                                   preview=gathered.preview)
    by_type = {}
    for kind in registry.kinds():
        if gathered.records_by_kind.get(kind.name):
            by_type[kind.record_type] = kind.renderer(renderer,
                                                      gathered.records_by_kind[kind.name])
            renderer.extra_entries.setdefault(kind.scheme_class, []).extend(
                by_type[kind.record_type].class_entries())
            home_entries = getattr(by_type[kind.record_type], "home_entries", None)
            section = home_entries() if home_entries else None
            if section is not None:
                renderer.home_sections.append(section)
    markdown = RememberedMarkdown(MarkdownRenderer(index.by_source, renderer.href),
                                  config.base_path, cache_version(), remembered)
    home = index.by_url.get("/")
    if home is not None:
        renderer.bodies["/"] = markdown.render(home)
    pages = [page for page in index.pages if page.url != "/"]
    rendered = render_pages(renderer, by_type, markdown, pages, records)
    sources = {page.url: page.source for page in index.pages}
    sources.update({record.url: record.source for record in records})
    for url, body in renderer.bodies.items():
        gathered.text_diagnostics.setdefault(sources[url], []).extend(body.diagnostics)
    clock.lap("pages rendered")
    return Rendered(renderer, list(by_type.values()), markdown, rendered, renderer.bodies,
                    sources)


def _finish(gathered: Gathered, rendered: Rendered, clock: Stopwatch):
    """The site pages and copied files, then the egress gate and the link check over all
    of the outputs. Returns (outputs, link diagnostics by source, page files by source)."""
    index, root = gathered.index, gathered.config.root
    renderer, bodies = rendered.renderer, rendered.bodies
    outputs: dict = {}
    try:
        outputs.update(rendered.pages.outputs())
        for kind_renderer in rendered.kind_renderers:
            outputs.update(kind_renderer.site_pages())
        outputs.update(renderer.render_site_pages())
        outputs.update(renderer.discovery_files(
            [*renderer.specs(), *(spec for kind_renderer in rendered.kind_renderers
                                  for spec in kind_renderer.specs())]))
    except render.TemplateFailure as failure:
        gathered.diagnostics.append(failure.diagnostic)
        return outputs, {}, {}
    page_files = {page.source: render.page_files(page, bodies[page.url], root)
                  for page in index.pages}
    outputs.update(render.attachment_outputs(index.pages))
    for files in page_files.values():
        outputs.update(files)
    outputs.update(render.static_outputs(root, gathered.static_names))
    made, found = redirects.redirect_outputs(renderer, index.pages, outputs, rendered.sources)
    outputs.update(made)
    gathered.diagnostics.extend(found)
    gathered.diagnostics.extend(moves.moved_without_redirect(root, outputs, index.pages))
    clock.lap("site pages rendered")
    _egress(gathered, outputs, page_files)
    clock.lap("egress gate")
    config = gathered.config
    link_diagnostics, rest = _by_path(
        links.check_links(index, bodies, outputs, config.navigation + config.footer,
                          rendered.sources), set(rendered.sources.values()))
    gathered.diagnostics.extend(rest)
    gathered.diagnostics.extend(prominence.check_prominence(
        gathered.profile, gathered.compliance, outputs, config))  # Part 3: prominent place
    clock.lap("links checked")
    return outputs, link_diagnostics, page_files


def _egress(gathered: Gathered, outputs: dict, page_files: dict[str, dict]) -> None:
    """Check every output as published; a page's own findings go with it, so an
    incremental build can replace them."""
    index, records, texts = gathered.index, gathered.records, gathered.text_diagnostics
    owned = redaction_steps.owners(index.pages, records, page_files)
    redaction_steps.dataset_owners(index.datasets.values(), outputs, owned)
    reported = [d for found in texts.values() for d in found] + gathered.diagnostics
    for found in redaction_steps.check_outputs(gathered.config, gathered.scanner, owned,
                                               [*index.pages, *records], reported, outputs):
        (texts[found.path] if found.path in texts else gathered.diagnostics).append(found)


def _by_path(found: list[Diagnostic], sources: set[str]) -> tuple[dict[str, list], list]:
    """Split diagnostics into those about one of `sources` and the rest."""
    grouped: dict[str, list[Diagnostic]] = {}
    rest = []
    for diagnostic in found:
        if diagnostic.path in sources:
            grouped.setdefault(diagnostic.path, []).append(diagnostic)
        else:
            rest.append(diagnostic)
    return grouped, rest
