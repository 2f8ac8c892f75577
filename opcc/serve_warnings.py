"""`opcc serve`'s warnings: printed in the console after each build, and listed in a
panel on every served page (injected into the response, never written to site/)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from opcc.build import incremental
from opcc.build.result import BuildResult
from opcc.checks.site_index import DATASETS_URL
from opcc.diagnostics import WARNING, Diagnostic, format_text, sort_key

# the panel lists at most this many warnings about other pages (the console has them all)
ELSEWHERE_SHOWN = 25


@dataclass(frozen=True)
class Warnings:
    """One build's warnings, and which page each source file makes."""
    items: tuple[Diagnostic, ...] = ()
    sources: dict[str, str] = field(default_factory=dict)  # URL -> source file
    built_at: float = 0.0  # time.time() when the build started

    @property
    def key(self) -> str:
        """Names this list of warnings: a panel hidden stays hidden until it changes."""
        text = "\n".join(format_text(d) for d in self.items)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def of_build(result: BuildResult, root: Path, output_dir: str, started: float) -> Warnings:
    """The warnings of a build without errors, and the source file of each page."""
    items = tuple(sorted({d for d in result.diagnostics if d.severity == WARNING},
                         key=sort_key))
    return Warnings(items, page_sources(result, root, output_dir), started)


def page_sources(result: BuildResult, root: Path, output_dir: str) -> dict[str, str]:
    """URL -> source file: a full build has them; an incremental one finds them in the
    record of the build it just saved (held in memory, so this reads nothing)."""
    if result.details is not None:
        return dict(result.details.sources)
    state = incremental.load_state(root, output_dir)
    if state is None:
        return {}
    return {record.url: source for source, record in state.pages.items()}


# --- the console -------------------------------------------------------------------

def console_lines(before: Warnings | None, now: Warnings, root: Path) -> tuple[str, list[str]]:
    """(what to add to the summary line, the warnings to print, in `opcc build`'s format).

    The first build prints every warning. A rebuild prints those that are new, and all
    those about a file saved since the last build, even unchanged: someone editing a page
    saves it and wants to see what is still wrong with that page, without the rest of the
    site's warnings scrolling it away on every save. The others are counted, not repeated
    (the panel on every served page lists them all).
    """
    if before is None:
        return "", _formatted(now.items)
    old = set(before.items)
    new = [d for d in now.items if d not in old]
    saved = [d for d in now.items if d in old and _saved_since(d, root, before.built_at)]
    fixed = len(old - set(now.items))
    shown = sorted(new + saved, key=sort_key)
    lines = _formatted(shown)
    others = len(now.items) - len(shown)
    if others:
        lines.append(f"{others}{' other' if shown else ''} warning{'s' if others != 1 else ''} "
                     "unchanged since the last build (not repeated here; the panel on every "
                     "served page lists them)")
    changes = [f"{len(new)} new"] if new else []
    changes += [f"{fixed} fixed"] if fixed else []
    return (f" ({', '.join(changes)})" if changes else ""), lines


def _formatted(items) -> list[str]:
    return [format_text(d) for d in items]


def _saved_since(diagnostic: Diagnostic, root: Path, when: float) -> bool:
    if not diagnostic.path:
        return False
    try:
        return (root / diagnostic.path).stat().st_mtime >= when
    except OSError:
        return False


# --- the panel ---------------------------------------------------------------------

@dataclass(frozen=True)
class Item:
    where: str
    message: str
    code: str
    hint: str | None


def _item(d: Diagnostic) -> Item:
    return Item(d.location, d.message, d.code, d.hint)


def sources_of_page(url_path: str, sources: dict[str, str]) -> tuple[str, ...]:
    """The source files (or folders, ending in '/') the page at `url_path` is made from."""
    url = re.sub(r"index\.html$", "", url_path.split("?", 1)[0]) or "/"
    found = (sources[url],) if url in sources else ()
    if url.startswith(DATASETS_URL) and url.count("/") == 3:  # /datasets/NAME/
        found += (f"datasets/{url[len(DATASETS_URL):]}",)
    return found


def _belongs(diagnostic: Diagnostic, own: tuple[str, ...]) -> bool:
    path = diagnostic.path or ""
    return any(path == source or (source.endswith("/") and path.startswith(source))
               for source in own)


def panel(warnings: Warnings, url_path: str) -> bytes:
    """The panel for the page at `url_path`, its own warnings first."""
    own = sources_of_page(url_path, warnings.sources)
    here = [_item(d) for d in warnings.items if _belongs(d, own)]
    elsewhere = [_item(d) for d in warnings.items if not _belongs(d, own)]
    count = len(warnings.items)
    return PANEL.render(
        heading=f"{count} warning{'s' if count != 1 else ''}", key=warnings.key,
        here=here, elsewhere=elsewhere[:ELSEWHERE_SHOWN],
        more=max(0, len(elsewhere) - ELSEWHERE_SHOWN)).encode("utf-8")


_SKIP_LINK = re.compile(rb'<a\b[^>]*\bclass="[^"]*\bgovuk-skip-link\b[^>]*>.*?</a>', re.DOTALL)
_BODY = re.compile(rb"<body\b[^>]*>")


def inject(page: bytes, html: bytes) -> bytes:
    """`html` at the top of the page's body, after its skip link; a page without a body
    (a redirect) is left as it is."""
    found = _SKIP_LINK.search(page) or _BODY.search(page)
    if found is None:
        return page
    return page[:found.end()] + b"\n" + html + page[found.end():]


# Its own inline style and script: the site's CSS may not be there or may change, and
# serve strips the page's Content-Security-Policy (live reload needs inline script too).
# Without script, the summary still hides and shows the list; with it, a hidden list
# stays hidden across reloads (sessionStorage) until the warnings change.
PANEL = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True).from_string(
    """\
{% macro entry(item) %}
<li><code class="opcc-bw__where">{{ item.where }}</code> \u2014 {{ item.message }}
[<code>{{ item.code }}</code>]{% if item.hint %}
<span class="opcc-bw__hint">Hint: {{ item.hint }}</span>{% endif %}</li>
{% endmacro %}
<aside id="opcc-build-warnings" class="opcc-bw" aria-labelledby="opcc-bw-title" data-key="{{ key }}">
<style>
.opcc-bw, .opcc-bw * { all: revert; box-sizing: border-box; }
.opcc-bw style, .opcc-bw script { display: none; }
.opcc-bw { display: block; margin: 0; padding: 0 15px; background: #fff7bf;
  border-top: 8px solid #ffdd00; border-bottom: 2px solid #0b0c0c; color: #0b0c0c;
  font: 400 1rem/1.4 arial, sans-serif; overflow-wrap: anywhere; }
.opcc-bw__inner { max-width: 960px; margin: 0 auto; padding: 10px 0 15px; }
.opcc-bw h2 { margin: 0 0 5px; font-size: 1.5rem; line-height: 1.25; font-weight: 700; }
.opcc-bw__note { margin: 5px 0 10px; }
.opcc-bw summary { display: inline-block; padding: 2px 4px; cursor: pointer;
  color: #0b0c0c; font-weight: 700; text-decoration: underline; }
.opcc-bw summary::before { content: "\\25B8\\00A0"; }
.opcc-bw details[open] > summary::before { content: "\\25BE\\00A0"; }
.opcc-bw summary::-webkit-details-marker { display: none; }
.opcc-bw summary { list-style: none; }
.opcc-bw summary:focus-visible { outline: 3px solid #0b0c0c; outline-offset: 0;
  background: #ffdd00; text-decoration: none; }
.opcc-bw details:not([open]) .opcc-bw__hide,
.opcc-bw details[open] .opcc-bw__show { display: none; }
.opcc-bw h3 { margin: 15px 0 5px; font-size: 1.1875rem; line-height: 1.3; font-weight: 700; }
.opcc-bw ol { margin: 0; padding: 0 0 0 1.5em; }
.opcc-bw li { margin: 0 0 10px; }
.opcc-bw__here { background: #ffffff; border-left: 6px solid #0b0c0c; padding: 5px 10px 1px;
  margin-top: 10px; }
.opcc-bw__here h3 { margin-top: 5px; }
.opcc-bw__where { font-weight: 700; }
.opcc-bw code { font: inherit; font-family: "Courier New", monospace; }
.opcc-bw__hint { display: block; color: #383f43; }
</style>
<div class="opcc-bw__inner">
<h2 id="opcc-bw-title">{{ heading }}</h2>
<details open>
<summary><span class="opcc-bw__hide">Hide warnings</span><span class="opcc-bw__show">Show warnings</span></summary>
<p class="opcc-bw__note">Found by the last build. Only <code>opcc serve</code> shows this
panel: the site it builds does not have it.</p>
{% if here %}
<div class="opcc-bw__here">
<h3>On this page</h3>
<ol>
{% for item in here %}{{ entry(item) }}{% endfor %}
</ol>
</div>
{% endif %}
{% if elsewhere %}
<h3>{{ "Elsewhere" if here else "On other pages and the site" }}</h3>
<ol>
{% for item in elsewhere %}{{ entry(item) }}{% endfor %}
</ol>
{% endif %}
{% if more %}
<p>And {{ more }} more: the console lists them, and <code>opcc check</code> lists them all.</p>
{% endif %}
</details>
</div>
<script>
(function () {
  var panel = document.getElementById("opcc-build-warnings");
  var details = panel && panel.querySelector("details");
  if (!details) { return; }
  var key = "opcc-build-warnings:" + panel.getAttribute("data-key");
  try {
    if (window.sessionStorage.getItem(key) === "hidden") { details.open = false; }
    details.addEventListener("toggle", function () {
      window.sessionStorage.setItem(key, details.open ? "shown" : "hidden");
    });
  } catch (e) { /* no storage: the list simply opens again after a reload */ }
})();
</script>
</aside>
""")
