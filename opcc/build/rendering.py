"""Rendering content pages and records on every core: Markdown, then templates."""

from __future__ import annotations

from dataclasses import dataclass

from opcc.build import parallel
from opcc.checks.links import output_path
from opcc.render import pages as render
from opcc.render.markdown import RememberedMarkdown, RenderedBody


@dataclass
class RenderedPage:
    """A content page or record, converted and rendered apart from the rest."""
    url: str
    body: RenderedBody
    data: bytes | None
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


def render_pages(renderer: render.SiteRenderer, record_renderers: dict,
                  markdown: RememberedMarkdown, pages: list, records: list) -> RenderedPages:
    """Markdown and templates for every content page and record, on every core; each
    record by its kind's renderer (`record_renderers`: record class -> KindRenderer).

    Fills renderer.bodies as rendering them here would."""
    def render_chunk(chunk: list) -> list[RenderedPage]:
        done = []
        for page in chunk:
            body = renderer.bodies[page.url] = markdown.render(page)
            try:
                kind_renderer = record_renderers.get(type(page))
                data = kind_renderer.render_record(page) if kind_renderer is not None \
                    else renderer.render_page(page)
            except render.TemplateFailure as failure:
                done.append(RenderedPage(page.url, body, None, failure))
            else:
                done.append(RenderedPage(page.url, body, data))
        return done

    results = parallel.map_chunks(render_chunk, [*pages, *records])
    for result in results:
        renderer.bodies[result.url] = result.body
    return RenderedPages(results)
