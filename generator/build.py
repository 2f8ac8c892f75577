"""The pipeline: configuration -> content -> markdown -> site index -> render -> links -> write.

`run_build` gathers and checks everything first and returns the output files in memory;
the caller writes them only when there are no errors (`opcc check` never writes).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import (content, dataset_publish, datasets, links, naming, render, scheme, search,
               site_index)
from .config import ConfigError, SiteConfig, load_config
from .diagnostics import Diagnostic, error, has_errors, promote_warnings
from .markup import MarkdownRenderer
from .writer import write_site


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


def _fulfilments(index: site_index.SiteIndex) -> dict[str, list[scheme.Fulfilment]]:
    found: dict[str, list[scheme.Fulfilment]] = {}
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


def _naming(config: SiteConfig, index: site_index.SiteIndex) -> list[Diagnostic]:
    rules = config.naming
    problems = []
    for page in index.pages:
        problems.extend(naming.check_name(page.source, rules, is_page=True))
    published = {a.url: a for page in index.pages for a in page.attachments}
    for attachment in published.values():
        problems.extend(naming.check_name(f"content{attachment.url}", rules))
    for dataset in index.datasets.values():
        for resource in dataset.resources:
            problems.extend(naming.check_name(resource.relative, rules))
    return problems


def run_build(options: BuildOptions) -> BuildResult:
    """Check everything and render the site in memory. Raises ConfigError (exit 2)."""
    started = time.perf_counter()
    root = options.root
    today = options.today or date.today()
    config = load_config(root)
    profile = _load_profile(config)
    diagnostics: list[Diagnostic] = []

    loaded = content.load_content(root, profile.class_slugs, today, options.include_drafts)
    diagnostics.extend(loaded.diagnostics)
    loaded_datasets = datasets.load_datasets(root, profile.class_slugs, today)
    diagnostics.extend(loaded_datasets.diagnostics)
    static_names = site_index.static_files(root / render.TEMPLATES_DIR)
    index, found = site_index.build_index(loaded.pages, loaded.drafts, profile, static_names,
                                          loaded_datasets.datasets)
    diagnostics.extend(found)
    tables = {dataset.name: [dataset_publish.publish_resource(r) for r in dataset.resources]
              for dataset in loaded_datasets.datasets}
    diagnostics.extend(scheme.check_item_keys(profile, _item_keys(index)))
    compliance = scheme.assess(profile, _fulfilments(index), today)
    diagnostics.extend(scheme.compliance_diagnostics(compliance, today))
    diagnostics.extend(_naming(config, index))

    renderer = render.SiteRenderer(config, profile, index, {}, tables, compliance, today)
    markdown = MarkdownRenderer(index.by_source, renderer.href)
    bodies = {}
    for page in index.pages:
        bodies[page.url] = markdown.render(page)
        diagnostics.extend(bodies[page.url].diagnostics)
    renderer.bodies = bodies

    outputs: dict = {}
    try:
        outputs.update(renderer.render_all())
    except render.TemplateFailure as failure:
        diagnostics.append(failure.diagnostic)
    else:
        outputs.update(render.published_files(index, bodies, root))
        outputs.update(render.static_outputs(root, static_names))
        diagnostics.extend(links.check_links(index, bodies, outputs, config.navigation
                                             + config.footer))

    if options.strict:
        diagnostics = promote_warnings(diagnostics)
    page_count = sum(1 for name in outputs if name.endswith(".html"))
    external = sorted({(link.written, index.by_url[url].source, link.line)
                       for url, body in bodies.items() for link in body.links
                       if link.external and link.written.startswith(("http:", "https:"))})
    return BuildResult(diagnostics, outputs, page_count,
                       time.perf_counter() - started, config, compliance, external)


def build_site(options: BuildOptions) -> BuildResult:
    """run_build, then write site/ atomically when there are no errors."""
    started = time.perf_counter()
    result = run_build(options)
    if result.ok:
        try:
            write_site(options.root, result.outputs, finish=search.index_site)
        except search.SearchIndexError as exc:
            result.diagnostics.append(error("config.search", str(exc), hint="reinstall the "
                                            "generator: pip install -e . brings pagefind[bin]"))
    result.seconds = time.perf_counter() - started
    return result
