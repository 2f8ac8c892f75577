"""The pipeline: configuration -> content -> markdown -> site index -> render -> links -> write.

`run_build` gathers and checks everything first and returns the output files in memory;
the caller writes them only when there are no errors (`opcc check` never writes).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import content, dataset_publish, datasets, links, render, scheme, site_index
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

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def _load_profile(config: SiteConfig) -> scheme.Profile:
    if config.scheme.profile not in scheme.BUILT_IN_PROFILES:
        raise ConfigError([error(
            "config.profile", f"unknown scheme profile '{config.scheme.profile}'",
            path="site.yaml", hint="the built-in profiles are: "
            + ", ".join(scheme.BUILT_IN_PROFILES))])
    return scheme.load_profile(config.scheme.profile)


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

    renderer = render.SiteRenderer(config, profile, index, {}, tables)
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
    page_count = len(index.pages) + len(profile.classes) + len(index.datasets) + 3
    return BuildResult(diagnostics, outputs, page_count,
                       time.perf_counter() - started, config)


def build_site(options: BuildOptions) -> BuildResult:
    """run_build, then write site/ atomically when there are no errors."""
    started = time.perf_counter()
    result = run_build(options)
    if result.ok:
        write_site(options.root, result.outputs)
    result.seconds = time.perf_counter() - started
    return result
