"""The pipeline: configuration -> content -> markdown -> site index -> render -> links -> write.

`run_build` gathers and checks everything first and returns the output files in memory;
the caller writes them only when there are no errors (`opcc check` never writes).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from opcc.build import incremental, parallel
from opcc.build import rebuild as incremental_build
from opcc.build.cache import CACHE_DIR, BuildCache
from opcc.build.cache import version as cache_version
from opcc.checks import links, naming, scheme, site_index
from opcc.checks.links import output_path
from opcc.config import ConfigError, SiteConfig, load_config
from opcc.datasets import descriptors as datasets
from opcc.datasets import publish as dataset_publish
from opcc.datasets import stage as dataset_stage
from opcc.diagnostics import Diagnostic, error, has_errors, promote_warnings
from opcc.kinds import pages as content
from opcc.kinds.foi import data as foi_data
from opcc.kinds.foi import reader as foi_reader
from opcc.kinds.foi import records as foi
from opcc.kinds.foi import render as render_foi
from opcc.kinds.foi import views as foi_views
from opcc.redaction import Scanner, egress, gate
from opcc.render import pages as render
from opcc.render.markdown import MarkdownRenderer, RememberedMarkdown, RenderedBody
from opcc.write import search, writer
from opcc.write.writer import OUTPUT_DIR, WriteError, write_site


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    include_drafts: bool = False
    strict: bool = False
    today: date | None = None


@dataclass
class BuildResult:
    diagnostics: list[Diagnostic]
    outputs: dict = field(default_factory=dict)
    page_count: int = 0
    seconds: float = 0.0
    config: SiteConfig | None = None
    compliance: list[scheme.ItemStatus] = field(default_factory=list)
    external_links: list[tuple[str, str, int | None]] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage
    file_count: int = 0
    written: int | None = None  # files written or deleted in site/ (None: nothing built)
    details: "BuildDetails | None" = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def _load_profile(config: SiteConfig) -> scheme.Profile:
    """The built-in profile with site.yaml's overrides applied."""
    if config.scheme.profile not in scheme.BUILT_IN_PROFILES:
        pos = config.positions.get(("scheme", "profile"))
        raise ConfigError([error(
            "config.profile", f"unknown scheme profile '{config.scheme.profile}'",
            path="site.yaml", line=pos.line if pos else None, hint="the built-in profiles "
            "are: " + ", ".join(scheme.BUILT_IN_PROFILES))])
    profile, problems = scheme.apply_overrides(scheme.load_profile(config.scheme.profile),
                                               config.scheme, config.positions)
    if problems:
        raise ConfigError(problems)
    return profile


def _foi_log_dataset(records: list[foi.FoiRecord], config: SiteConfig
                     ) -> tuple[datasets.Dataset, dataset_publish.PublishedTable]:
    """The disclosure log as an open dataset, made from the records."""
    schema = foi_data.log_schema(config.foi.reference_pattern)
    fields = tuple(datasets.FieldSpec(
        name=f["name"], title=f.get("title", f["name"]), type=f["type"],
        description=f.get("description", ""), constraints=f.get("constraints", {}),
        descriptor=f) for f in schema["fields"])
    resource = datasets.Resource(
        name=foi_data.LOG_DATASET, source=config.root / "content" / "foi",
        relative="content/foi", title="FOI disclosure log", description="", schema=schema,
        fields=fields, encoding="utf-8")
    first = min((r.received for r in records), default=None)
    dataset = datasets.Dataset(
        name=foi_data.LOG_DATASET, descriptor_path="content/foi", title="FOI disclosure log",
        description="Every freedom of information request the office has answered: its "
        "reference, dates, outcome, exemptions, topics, working days taken and whether it "
        "was answered in time. The requests and responses are on each request's page.",
        scheme_class=foi.FOI_CLASS, items=(), published=min((r.responded for r in records),
                                                             default=None),
        updated=max((r.last_updated for r in records), default=None), frequency=None,
        period=f"Requests received from {first.year} to {max(r.received for r in records).year}"
        if first else None, sample=config.foi.sample, licenses=(dataset_publish.OGL,),
        keywords=("freedom of information", "disclosure log"), resources=(resource,))
    table = dataset_publish.table_from_rows(resource, foi_data.log_rows(records, config.base_url))
    return dataset, table


def site_scanner(config: SiteConfig) -> Scanner:
    """The personal-data scanner with site.yaml's allow list and protected names."""
    for number, item in enumerate(config.redaction.allow):
        if not isinstance(item, dict) or not str(item.get("reason") or "").strip():
            pos = config.positions.get(("redaction", "allow", number))
            raise ConfigError([error(
                "config.redaction", f"redaction.allow item {number + 1} has no reason",
                path="site.yaml", line=pos.line if pos else None, column=pos.column if pos
                else None, hint="say why the value may be published, e.g. {value: \"01632 "
                "960100\", reason: \"the office's switchboard\"}")])
    try:
        scanner = Scanner.from_settings(config.redaction.allow,
                                        config.redaction.protected_names, root=config.root)
        # the office's own details, declared in site.yaml, are public by definition
        own = gate.organisation_values(scanner, config)
        return Scanner.from_settings([*config.redaction.allow, *own],
                                     config.redaction.protected_names, root=config.root) \
            if own else scanner
    except (ValueError, OSError) as exc:
        pos = config.positions.get(("redaction",))
        raise ConfigError([error("config.redaction", str(exc), path="site.yaml",
                                 line=pos.line if pos else None,
                                 hint="each allow item is {value: …, reason: …} or "
                                      "{pattern: …, reason: …}; protected_names names a file "
                                      "made by opcc redaction hash-names")]) from None


def _page_rules(page) -> tuple[gate.LocalRules, list[Diagnostic]]:
    return gate.local_rules(page.redaction, page.source, page.key_lines.get("redaction"))


def _rule_problems(pages: list) -> dict[str, list[Diagnostic]]:
    """Each page's `redaction:` exceptions, checked (the text itself is checked as it is
    published, by the egress gate)."""
    return {page.source: _page_rules(page)[1] for page in pages}


def _redaction_gate(config: SiteConfig, scanner: Scanner, index: site_index.SiteIndex,
                    records: list[foi.FoiRecord]) -> list[Diagnostic]:
    """Scan the attachments about to be published (see gate.py)."""
    root, problems, owners = config.root, [], []
    for page in index.pages:
        rules, _ = _page_rules(page)
        owners += [(a, page.source, rules) for a in page.attachments]
    for record in records:
        owners += [(a, record.source, gate.NO_RULES) for a in record.attachments]
    # dataset cells are scanned as they are published (dataset_stage); the FOI log is
    # made from the records, which are scanned themselves
    organisation = gate.organisation_names(config)
    for attachment, _source, rules in gate.unique_attachments(owners):
        problems += gate.scan_attachment(scanner, root, attachment, organisation, rules)
    return problems


def _owners(index: site_index.SiteIndex, records: list[foi.FoiRecord],
            page_files: dict[str, dict]) -> dict[str, egress.Owner]:
    """Each output's page, record or dataset, with its exceptions to the gate."""
    owners: dict[str, egress.Owner] = {}
    for page in index.pages:
        owner = egress.Owner(page.source, _page_rules(page)[0])
        owners[output_path(page.url)] = owner
        for attachment in page.attachments:
            owners[output_path(attachment.url)] = owner
        for path in page_files.get(page.source, {}):
            owners[path] = owner
    for record in records:
        owner = egress.Owner(record.source)
        owners[output_path(record.url)] = owner
        for attachment in record.attachments:
            owners[output_path(attachment.url)] = owner
    return owners


def _dataset_owner(dataset) -> egress.Owner:
    """A dataset's pages show its cells: its field-scoped exceptions apply to them all."""
    rules, _ = gate.local_rules(dataset.redaction, dataset.descriptor_path, None)
    return egress.Owner(dataset.descriptor_path, replace(
        rules, codes=tuple((code, None) for code, _ in rules.codes)))


def _egress_gate(config: SiteConfig, scanner: Scanner, index: site_index.SiteIndex,
                 records: list[foi.FoiRecord], outputs: dict, page_files: dict[str, dict],
                 reported: list[Diagnostic]) -> list[Diagnostic]:
    """Check every output as published (see egress/); values reported at source are not
    reported again."""
    owners = _owners(index, records, page_files)
    folders = {output_path(d.url).rsplit("/", 1)[0] + "/": _dataset_owner(d)
               for d in index.datasets.values()}
    for path in outputs:
        folder = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
        if path not in owners and folder in folders:
            owners[path] = folders[folder]
    inspected = frozenset(a.source.resolve() for page in index.pages for a in page.attachments)
    inspected |= frozenset(a.source.resolve() for r in records for a in r.attachments)
    gate_run = egress.EgressGate(
        config.root, scanner, owners, gate.organisation_names(config), inspected,
        frozenset((d.path, d.line, d.code) for d in reported))
    return gate_run.check(outputs)


def _fulfilments(index: site_index.SiteIndex, records: list[foi.FoiRecord]
                 ) -> dict[str, list[scheme.Fulfilment]]:
    found: dict[str, list[scheme.Fulfilment]] = {}
    if records:
        found["ico-disclosure-log"] = [scheme.Fulfilment(
            "FOI disclosure log", foi_views.LOG_URL, "content/foi",
            max(r.last_updated for r in records), min(r.responded for r in records), "page")]
    for page in index.pages:
        for item in page.items:
            found.setdefault(item, []).append(scheme.Fulfilment(
                page.title, page.url, page.source, page.last_updated, page.published, "page",
                page.key_lines.get("item")))
    for dataset in index.datasets.values():
        for item in dataset.items:
            found.setdefault(item, []).append(scheme.Fulfilment(
                dataset.title, dataset.url, dataset.descriptor_path, dataset.last_updated,
                dataset.published, "dataset", dataset.key_lines.get("item")))
    return found


def _item_keys(index: site_index.SiteIndex):
    for page in index.pages:
        for item in page.items:
            yield item, page.scheme_class, page.source, page.key_lines.get("item"), "content"
    for dataset in index.datasets.values():
        for item in dataset.items:
            yield (item, dataset.scheme_class, dataset.descriptor_path,
                   dataset.key_lines.get("item"), "dataset")


def _naming(config: SiteConfig, index: site_index.SiteIndex,
            records: list[foi.FoiRecord]) -> list[Diagnostic]:
    rules = config.naming
    problems = []
    for page in index.pages:
        problems.extend(naming.check_name(page.source, rules, is_page=True))
    published = {a.url: a for page in [*index.pages, *records] for a in page.attachments}
    for attachment in published.values():
        problems.extend(naming.check_name(f"content{attachment.url}", rules))
    for dataset in index.datasets.values():
        for resource in dataset.resources:
            if resource.source.is_file():  # not the FOI log, which the generator makes
                problems.extend(naming.check_name(resource.relative, rules))
    return problems


class Stopwatch:
    """Seconds spent in each stage, for `opcc build --timings` and the benchmark."""

    def __init__(self):
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.laps[stage] = self.laps.get(stage, 0.0) + now - self._last
        self._last = now


@dataclass
class RenderedPage:
    """A content page or FOI request, converted and rendered apart from the rest."""
    url: str
    body: RenderedBody
    data: bytes | None
    publications: list
    failure: render.TemplateFailure | None = None


@dataclass
class RenderedPages:
    pages: list[RenderedPage]

    def outputs(self) -> dict[str, bytes]:
        """The rendered files; raises the first template failure, as rendering in order
        would have."""
        for page in self.pages:
            if page.failure is not None:
                raise page.failure
        return {output_path(page.url): page.data for page in self.pages}


def _render_pages(renderer: render.SiteRenderer, foi_renderer: render_foi.FoiRenderer,
                  markdown: RememberedMarkdown, pages: list, records: list) -> RenderedPages:
    """Markdown and templates for every content page and FOI request, on every core.

    Fills renderer.bodies and renderer.publications as rendering them here would."""
    def render_chunk(chunk: list) -> list[RenderedPage]:
        done = []
        for page in chunk:
            renderer.publications = []
            body = renderer.bodies[page.url] = markdown.render(page)
            try:
                data = foi_renderer.render_request(page) if isinstance(page, foi.FoiRecord) \
                    else renderer.render_page(page)
            except render.TemplateFailure as failure:
                done.append(RenderedPage(page.url, body, None, [], failure))
            else:
                done.append(RenderedPage(page.url, body, data, renderer.publications))
        return done

    publications = renderer.publications
    results = parallel.map_chunks(render_chunk, [*pages, *records])
    for result in results:
        renderer.bodies[result.url] = result.body
        publications.extend(result.publications)
    renderer.publications = publications
    return RenderedPages(results)


@dataclass
class BuildDetails:
    """What an incremental build needs from a full one (see incremental.py)."""
    index: site_index.SiteIndex
    bodies: dict[str, RenderedBody]  # by URL: content pages and FOI records
    sources: dict[str, str]  # URL -> source file
    text_diagnostics: dict[str, list[Diagnostic]]  # by source: reading, markdown, redaction
    link_diagnostics: dict[str, list[Diagnostic]]  # by source
    page_files: dict[str, dict]  # by source: files its body links to
    site_diagnostics: list[Diagnostic]  # all the others
    remembered: dict  # converted bodies, for the next build (RememberedMarkdown)


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


def run_build(options: BuildOptions, remembered: dict | None = None) -> BuildResult:
    """Check everything and render the site in memory. Raises ConfigError (exit 2).

    `remembered`: the converted bodies of an earlier build (RememberedMarkdown)."""
    started = time.perf_counter()
    root = options.root
    today = options.today or date.today()
    clock = Stopwatch()
    config = load_config(root)
    profile = _load_profile(config)
    diagnostics: list[Diagnostic] = []
    clock.lap("configuration")

    loaded = content.load_content(root, profile.class_slugs, today, options.include_drafts,
                                  limits=config.limits)
    clock.lap("pages read")
    scanner = site_scanner(config)
    loaded_datasets = dataset_stage.run_dataset_stage(
        root, profile.class_slugs, today, config.limits, scanner, BuildCache(root),
        parallel.worker_count())
    diagnostics.extend(loaded_datasets.diagnostics)
    clock.lap("datasets validated")
    records, found = foi_reader.load_foi(root, config.foi.reference_pattern, today,
                                         include_drafts=options.include_drafts)
    diagnostics.extend(found)
    records = [r for r in records if options.include_drafts or not r.draft]
    clock.lap("FOI records read")
    static_names = site_index.static_files(root / render.TEMPLATES_DIR)
    diagnostics.extend(site_index.template_links(root, root / render.TEMPLATES_DIR))
    index, found = site_index.build_index(loaded.pages, loaded.drafts, profile, static_names,
                                          loaded_datasets.datasets)
    diagnostics.extend(found)
    page_sources = {page.source for page in index.pages}
    text_diagnostics, rest = _by_path(loaded.diagnostics, page_sources)
    diagnostics.extend(rest)
    tables = dict(loaded_datasets.tables)
    if records:
        log_dataset, log_table = _foi_log_dataset(records, config)
        diagnostics.extend(foi_data.validate_log(foi_data.log_rows(records, config.base_url),
                                                 log_table.resource.schema))
        index.datasets[log_dataset.name] = log_dataset
        index.datasets_by_class[log_dataset.scheme_class].append(log_dataset)
        tables[log_dataset.name] = [log_table]
    clock.lap("datasets published")
    for source, found in _rule_problems(index.pages).items():
        text_diagnostics.setdefault(source, []).extend(found)
    for record in records:
        text_diagnostics.setdefault(record.source, [])
    diagnostics.extend(_redaction_gate(config, scanner, index, records))
    clock.lap("attachments inspected")
    diagnostics.extend(scheme.check_item_keys(profile, _item_keys(index)))
    compliance = scheme.assess(profile, _fulfilments(index, records), today)
    diagnostics.extend(scheme.compliance_diagnostics(compliance, today))
    diagnostics.extend(_naming(config, index, records))
    clock.lap("scheme and naming")

    renderer = render.SiteRenderer(config, profile, index, {}, tables, compliance, today)
    foi_renderer = render_foi.FoiRenderer(renderer, records, renderer.bodies, config.foi.sample)
    if records:
        renderer.extra_entries[foi.FOI_CLASS] = foi_renderer.class_entries()
    markdown = RememberedMarkdown(MarkdownRenderer(index.by_source, renderer.href),
                                  config.base_path, cache_version(), remembered)
    pages = [page for page in index.pages if page.url != "/"]
    home = index.by_url.get("/")
    if home is not None:
        renderer.bodies["/"] = markdown.render(home)
    rendered = _render_pages(renderer, foi_renderer, markdown, pages, records)
    bodies = renderer.bodies
    sources = {page.url: page.source for page in index.pages}
    sources.update({record.url: record.source for record in records})
    for url, body in bodies.items():
        text_diagnostics.setdefault(sources[url], []).extend(body.diagnostics)
    clock.lap("pages rendered")

    outputs: dict = {}
    link_diagnostics: dict[str, list[Diagnostic]] = {}
    page_files: dict[str, dict] = {}
    try:
        outputs.update(rendered.outputs())
        outputs.update(foi_renderer.render_site_pages() if records else {})
        outputs.update(renderer.render_site_pages())
    except render.TemplateFailure as failure:
        diagnostics.append(failure.diagnostic)
    else:
        page_files = {page.source: render.page_files(page, bodies[page.url], root)
                      for page in index.pages}
        outputs.update(render.attachment_outputs(index.pages))
        for files in page_files.values():
            outputs.update(files)
        outputs.update(render_foi.attachment_files(records))
        outputs.update(render.static_outputs(root, static_names))
        clock.lap("site pages rendered")
        reported = [d for found in text_diagnostics.values() for d in found] + diagnostics
        for found in _egress_gate(config, scanner, index, records, outputs, page_files,
                                  reported):
            # a page's own findings go with it, so an incremental build can replace them
            (text_diagnostics[found.path] if found.path in text_diagnostics
             else diagnostics).append(found)
        clock.lap("egress gate")
        link_diagnostics, rest = _by_path(
            links.check_links(index, bodies, outputs, config.navigation + config.footer,
                              sources), set(sources.values()))
        diagnostics.extend(rest)
        clock.lap("links checked")
    site_diagnostics = list(diagnostics)
    for grouped in (text_diagnostics, link_diagnostics):
        for found in grouped.values():
            diagnostics.extend(found)

    if options.strict:
        diagnostics = promote_warnings(diagnostics)
    page_count = sum(1 for name in outputs if name.endswith(".html"))
    external = sorted({(link.written, sources.get(url, url), link.line)
                       for url, body in bodies.items() for link in body.links
                       if link.external and link.written.startswith(("http:", "https:"))})
    result = BuildResult(diagnostics, outputs, page_count, time.perf_counter() - started,
                         config, compliance, external, clock.laps, file_count=len(outputs))
    result.details = BuildDetails(index, bodies, sources, text_diagnostics, link_diagnostics,
                                  page_files, site_diagnostics,
                                  markdown.remember([*index.pages, *records], bodies))
    return result


def _timed(result: BuildResult, stage: str, step):
    """`step`, recording the seconds it takes in result.timings."""
    if step is None:
        return None

    def run(*args):
        started = time.perf_counter()
        try:
            return step(*args)
        finally:
            result.timings[stage] = result.timings.get(stage, 0.0) + \
                time.perf_counter() - started
    return run


def _write_all(options: BuildOptions, result: BuildResult) -> None:
    try:
        write_site(options.root, result.outputs,
                   finish=_timed(result, "search index", search.index_site))
        (options.root / search.STALE_MARKER).unlink(missing_ok=True)
    except search.SearchIndexError as exc:
        result.diagnostics.append(_search_problem(exc))
    except WriteError as exc:  # a full disk, a read-only site/, another build
        result.diagnostics.append(exc.diagnostic)


def _search_problem(exc: Exception) -> Diagnostic:
    return error("config.search", str(exc), hint="reinstall the generator: pip install -e . "
                 "brings pagefind[bin]")


def build_site(options: BuildOptions, clean: bool = False,
               defer_search: bool = False) -> BuildResult:
    """Build site/: in full when asked (`clean`) or when there is no usable record of the
    last build; otherwise only what changed (see incremental.py). Nothing is written
    when there are errors. With `defer_search` (opcc serve), an incremental build leaves
    the search index marked stale for the caller to refresh (search.refresh)."""
    started = time.perf_counter()
    root = options.root
    today = options.today or date.today()
    key = incremental.options_key(options.include_drafts, options.strict)
    previous = None if clean else incremental.load_state(root)
    if previous is not None and (previous.options != key or writer.needs_full_write(root)):
        previous = None
    if clean:
        BuildCache(root).clear()  # nothing from earlier builds is used
    if clean or previous is None:
        incremental.forget_state(root)
    inputs = incremental.scan_inputs(root, previous, _extra_inputs(root))
    result = None
    if previous is not None and previous.today == today.isoformat():  # else dates may differ
        changed = incremental.changed_inputs(previous.inputs, inputs)
        result = incremental_build.rebuild(options, previous, inputs, changed, defer_search)
    if result is None:
        result = run_build(options, incremental.load_bodies(root) if previous else None)
        if result.ok:
            _write_full_or_changes(options, result, previous, inputs, defer_search)
    result.seconds = time.perf_counter() - started
    return result


def _extra_inputs(root: Path) -> tuple[str, ...]:
    """Inputs outside the usual folders: the protected-names file site.yaml names."""
    try:
        config = load_config(root)
    except ConfigError:
        return ()
    named = config.redaction.protected_names
    return (named,) if named else ()


def search_step(root: Path, pages_changed: bool, defer: bool):
    """What to run on site/ after an incremental write: refresh the search index if
    pages changed or it is stale, or leave that for later (`defer`)."""
    if defer and pages_changed:
        search.mark_stale(root)
        return None
    if pages_changed or not search.is_current(root, root / OUTPUT_DIR):
        return lambda folder: search.refresh(root, folder)
    return None


def _write_full_or_changes(options: BuildOptions, result: BuildResult,
                           previous: incremental.BuildState | None,
                           inputs: dict[str, incremental.InputFile], defer_search: bool) -> None:
    root = options.root
    cache_folder = root / CACHE_DIR
    started = time.perf_counter()
    digests = {path: incremental.output_digest(data, cache_folder, inputs, root)
               for path, data in result.outputs.items()}
    if previous is None:
        _write_all(options, result)
        result.written = len(result.outputs)
    else:
        changed = {path: result.outputs[path] for path, found in digests.items()
                   if previous.outputs.get(path) != found}
        removed = sorted(previous.outputs.keys() - digests.keys())
        finish = search_step(root, any(p.endswith(".html") for p in [*changed, *removed]),
                             defer_search)
        if changed or removed or finish is not None:
            try:
                writer.update_site(root, changed, removed,
                                   finish=_timed(result, "search index", finish))
            except search.SearchIndexError as exc:
                result.diagnostics.append(_search_problem(exc))
            except WriteError as exc:
                result.diagnostics.append(exc.diagnostic)
        result.written = len(changed) + len(removed)
    if result.ok:
        incremental_build.save(options, result, inputs, digests)
    result.timings["site written"] = time.perf_counter() - started - \
        result.timings.get("search index", 0.0)
