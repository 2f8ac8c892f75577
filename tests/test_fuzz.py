"""Fuzzing: the loaders accept an input or return diagnostics; they never raise or hang.

Hypothesis generates front matter (random text, and real YAML with random values and
random damage), markdown bodies (markdown and HTML fragments, XSS included), CSV cells
(quotes, commas, line ends, formulas, numbers) and site.yaml files. Inputs are bounded
and every example has a deadline, so the normal run stays fast (a few seconds per
property). `python bench/fuzz.py --minutes 5` runs the same properties for longer; what
it finds becomes a case in REGRESSIONS below (or in tests/test_bad_input.py).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import signal
import tempfile
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from opcc.config import ConfigError, load_config
from opcc.datasets.publish import csv_bytes, json_bytes, neutralise, totals
from opcc.datasets.reference import load_datasets, publish_resource
from opcc.datasets.views import totals_view
from opcc.kinds.pages import FRONT_MATTER_KEYS, Page, load_page
from opcc.render.markdown import MarkdownRenderer
from opcc.scheme import load_profile
from opcc.source import yaml_reader as yaml_source

TODAY = date(2026, 11, 25)
SLUGS = load_profile().class_slugs
FAST = settings(max_examples=60, deadline=timedelta(seconds=3), derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])
GOOD_FRONT = ("title: Fuzz\nsummary: A page made by the fuzzer.\nclass: who-we-are\n"
              "published: 2024-01-01\n")

# ---------------------------------------------------------------------------- strategies

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
SCALARS = (st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.floats() | TEXT
           | st.dates().map(str) | st.sampled_from(["31/04/2024", "2024-02-30", "yes", "~",
                                                   "who-we-are", "&a", "*a", "!!binary"]))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(TEXT, inner, max_size=4), max_leaves=12)
KEYS = st.sampled_from(list(FRONT_MATTER_KEYS)) | TEXT
DAMAGE = st.sampled_from([":", ": ", "\t", '"', "'", "[", "]", "{", "}", "&a ", "*a", "---",
                          "\n", "\n  ", "- ", "? ", "|", ">", "!!python/object ", "%", "@",
                          "`", "#", "\x00", "\x07", "\ufeff", "\u2028", "\r", "..."])


@st.composite
def damaged(draw, text_strategy):
    """YAML text with a few random characters inserted."""
    text = draw(text_strategy)
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(DAMAGE) + text[at:]
    return text


def dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, default_flow_style=None, sort_keys=False)


STRUCTURED_FRONT = st.dictionaries(KEYS, VALUES, max_size=8).map(dump)
FRONT_MATTER = (st.text(max_size=300) | STRUCTURED_FRONT
                | damaged(STRUCTURED_FRONT) | damaged(st.just(GOOD_FRONT)))

MARKDOWN_PIECES = st.sampled_from([
    "\n", "\n\n", "# ", "## ", "### ", "- ", "1. ", "> ", "    ", "```", "`", "*", "**", "_",
    "[", "]", "(", ")", "![", "](", "<", ">", "</", "/>", "|", "| --- |", "---", ":", "[^1]",
    "[^1]: ", "{: ", "}", "{: #id .class onclick=\"x\" }", "*[HTML]: ", "&", "&#106;", "&amp;",
    "\\", "<script>", "</script>", "<img src=x onerror=alert(1)>", "<a href=\"", "\">",
    "javascript:alert(1)", "JaVaScRiPt:", "data:text/html,", "<svg onload=alert(1)>",
    "<iframe srcdoc=\"", "<style>", "display:none", "<form>", "<math>", "<details>",
    "<!--", "-->", "<![CDATA[", "]]>", "<table>", "<td align=\"left\">", "\t", "word",
    "https://example.org/", "mailto:x@example.org", "other-page.md", "../up.md#anchor",
    "/who-we-are/", "#top", "<", "\u202e", "\u00a0", "é", "😀",
])
MARKDOWN = st.lists(MARKDOWN_PIECES | st.text(max_size=12), max_size=80).map("".join)

CELL = st.text(st.sampled_from(list("ab1234567890 ,\"'\n\r\t=+-@.£€;|!")) | st.characters(
    codec="utf-8", exclude_categories=["Cs"]), max_size=20) | st.sampled_from(
    ["-20.00", "+44", "1,200.50", "£1,200.50", "=1+1", "@SUM(A1)", "-cmd|' /C calc'!A0", ""])
DATE_CELL = st.dates(date(1900, 1, 1), date(2100, 1, 1)).map(str) | CELL
ROWS = st.lists(st.tuples(CELL, CELL, CELL, DATE_CELL), max_size=12)

# ---------------------------------------------------------------------------- properties

HANG = 30  # seconds: an example that takes longer is a hang (the deadline is per example)


@contextmanager
def time_limit(seconds: int = HANG):
    """Turn a hang into a failure: SIGALRM interrupts the example."""
    def expire(*_):
        raise TimeoutError(f"the example ran for more than {seconds} s")
    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)



def fuzz_page(body: str, front: str = GOOD_FRONT) -> Page:
    """A page record with this body, as the loader would make it."""
    return Page(source="content/who-we-are/fuzz.md", url="/who-we-are/fuzz/", title="Fuzz",
                summary="Fuzz.", scheme_class="who-we-are", items=(), published=TODAY,
                updated=None, review=None, owner=None, attachments=(), datasets=(), tags=(),
                draft=False, body=body, body_line=len(front.splitlines()) + 3, is_index=False)


def check_page_file(root: Path, data: str | bytes) -> None:
    """Load a page file: a page or an error, never an exception; its body renders safely."""
    from tests.test_injection import unsafe_markup

    path = root / "content" / "who-we-are" / "fuzz.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass"))
    with time_limit():
        page, diagnostics = load_page(root, path, SLUGS, TODAY)
        rendered = MarkdownRenderer({}, lambda url: url).render(page) if page else None
    assert all(d.code.split(".")[0] in ("content", "attachment", "scheme") for d in diagnostics)
    assert page is not None or any(d.severity == "error" for d in diagnostics)
    if rendered is not None:
        assert unsafe_markup(rendered.html) == [], rendered.html


def check_yaml(text: str) -> None:
    try:
        with time_limit():
            document = yaml_source.load(text, line_offset=1)
    except yaml_source.YamlSyntaxError as exc:
        assert exc.message and exc.hint
        return
    json.dumps(document.data, default=str)  # printable: no loops, bounded depth
    str(document.data)


SCHEMA = {"fields": [{"name": "label", "type": "string"},  # spending-shaped: totals and a chart
                     {"name": "amount", "type": "number"},
                     {"name": "expense_type", "type": "string"},
                     {"name": "payment_date", "type": "date"}]}
HEADER = [field["name"] for field in SCHEMA["fields"]]
DESCRIPTOR = ("title: Fuzz\nclass: what-we-spend\npublished: 2025-06-01\nresources:\n"
              f"  - name: fuzz\n    path: fuzz.csv\n    schema: {json.dumps(SCHEMA)}\n")


def check_csv(root: Path, data: bytes, cells: list[tuple[str, ...]] | None) -> None:
    """Validate a CSV: a dataset or diagnostics; a valid one publishes neutralised cells."""
    folder = root / "datasets" / "fuzz"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "datapackage.yaml").write_text(DESCRIPTOR, "utf-8")
    (folder / "fuzz.csv").write_bytes(data)
    with time_limit():
        loaded = load_datasets(root, SLUGS, TODAY)
    assert all(d.code.startswith("dataset.") for d in loaded.diagnostics), loaded.diagnostics
    if not loaded.datasets:
        assert any(d.severity == "error" for d in loaded.diagnostics)
        return
    [dataset] = loaded.datasets
    table = publish_resource(dataset.resources[0])
    published = list(csv.reader(io.StringIO(csv_bytes(table).decode("utf-8"), newline="")))
    assert published[1:] == [[neutralise(c) for c in row] for row in table.rows]
    if cells is not None:  # written by csv.writer: every non-blank row comes back as written
        kept = [tuple(row) for row in cells if any(c.strip() for c in row)]
        assert [tuple(row) for row in table.rows] == kept
    json_bytes(table)
    summed = totals([table])
    if summed is not None:
        totals_view(dataset, summed, "#1d3a6b")  # the chart and the tables


FULL_FRONT = (GOOD_FRONT + "owner: Chief Executive\ntags: [budget, plan]\n"
              "attachments:\n  - {file: plan.txt, title: The plan}\n")
WHOLE_PAGE = st.tuples(damaged(st.just(FULL_FRONT)) | STRUCTURED_FRONT, MARKDOWN)


def make_site_root(folder: Path) -> Path:
    """A minimal site (the conftest one) for whole builds."""
    from tests.conftest import HOME, MINIMAL_CONFIG, REPO, WHO_INDEX, write_files

    if not (folder / "templates").exists():
        shutil.copytree(REPO / "templates", folder / "templates",
                        ignore=shutil.ignore_patterns("node_modules", "theme"))
        write_files(folder, {"site.yaml": MINIMAL_CONFIG, "content/index.md": HOME,
                             "content/who-we-are/index.md": WHO_INDEX,
                             "content/who-we-are/plan.txt": "The plan.\n"})
    return folder


def check_build(root: Path, front: str, body: str) -> None:
    """The whole pipeline, rendering, links, feeds and the redaction gate included, on a
    site with one fuzzed page: diagnostics, never an exception."""
    from opcc.build.pipeline import BuildOptions, run_build

    make_site_root(root)
    (root / "content" / "who-we-are" / "fuzz.md").write_text(
        f"---\n{front}\n---\n{body}", "utf-8", errors="surrogatepass")
    with time_limit():
        result = run_build(BuildOptions(root, today=TODAY))
    families = ("content", "attachment", "scheme", "link", "redaction")
    assert all(d.code.split(".")[0] in families for d in result.diagnostics), [
        d for d in result.diagnostics if d.code.split(".")[0] not in families]


def check_config(root: Path, text: str) -> None:
    (root / "site.yaml").write_text(text, "utf-8", errors="surrogatepass")
    try:
        with time_limit():
            load_config(root)
    except ConfigError as exc:
        assert exc.diagnostics and all(d.code.startswith("config.") for d in exc.diagnostics)


def csv_text(rows: list[tuple[str, ...]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def raw_csv(rows: list[tuple[str, ...]]) -> bytes:
    """Rows joined without quoting: ragged rows, stray quotes and all."""
    return (",".join(HEADER) + "\n" + "\n".join(",".join(row) for row in rows)).encode(
        "utf-8", "surrogatepass")


CONFIG_KEYS = st.sampled_from(["organisation", "base_url", "language", "navigation", "footer",
                               "scheme", "naming", "redaction", "foi", "limits"]) | TEXT
CONFIG = (st.dictionaries(CONFIG_KEYS, VALUES, max_size=6).map(dump)
          | damaged(st.just("organisation:\n  name: Fuzz OPCC\nbase_url: https://x.example/\n"
                            "limits:\n  max_file_mb: 5\n")))

# Inputs the long run (bench/fuzz.py) or earlier bugs found; each crashed the generator.
CONFIG_REGRESSIONS = [
    "organisation:\n  name: Fuzz OPCC\nbase_url: https://[x.example/\n",  # urlsplit raised
]
CSV_REGRESSIONS = [
    [("", "INFINITY", "", "")],  # the JSON download raised OverflowError
    [("a", "NaN", "x", "2025-01-01"), ("b", "-inf", "", "2025-02-01"),
     ("c", "1.5e400", "", "2025-03-01")],  # totals and charts of non-finite numbers
]
REGRESSIONS = [
    "tags: &a [*a]\n",  # an alias loop: RecursionError while recording positions
    "title: &a {x: *a}\n",
    "draft: " + "[" * 900 + "]" * 900 + "\n",  # too deep to print: RecursionError
    'title: "A\\x01B"\nsummary: x\nclass: who-we-are\npublished: 2024-01-01\n',  # feed crash
    "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(  # a billion laughs
        f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdef", "bcdefg")),
]


@pytest.fixture
def scratch(request):
    """A folder for one test's examples (Hypothesis reuses it; tmp_path is per call)."""
    folder = Path(tempfile.mkdtemp(prefix=f"opcc-fuzz-{request.node.name[:40]}-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("front", REGRESSIONS)
def test_regressions_give_diagnostics(scratch, front):
    check_page_file(scratch, f"---\n{front}---\nText.\n")
    check_yaml(front)


@pytest.mark.parametrize("rows", CSV_REGRESSIONS)
def test_csv_regressions_publish(scratch, rows):
    check_csv(scratch, csv_text(rows), rows)


@pytest.mark.parametrize("text", CONFIG_REGRESSIONS)
def test_config_regressions_give_diagnostics(scratch, text):
    check_config(scratch, text)


@FAST
@given(front=FRONT_MATTER, body=st.text(max_size=200))
def test_front_matter_never_raises(scratch, front, body):
    check_page_file(scratch, f"---\n{front}\n---\n{body}")


@FAST
@given(data=st.binary(max_size=400))
@example(data=b"---\n---\n")
@example(data=b"\xef\xbb\xbf---\r\ntitle: x\r\n---\r\n")
def test_any_bytes_never_raise(scratch, data):
    check_page_file(scratch, data)


@FAST
@given(body=MARKDOWN)
def test_markdown_bodies_render_safely(scratch, body):
    check_page_file(scratch, f"---\n{GOOD_FRONT}---\n{body}")


@FAST
@given(text=FRONT_MATTER)
def test_yaml_loader_never_raises(text):
    check_yaml(text)


@settings(FAST, max_examples=30)
@given(rows=ROWS)
def test_csv_cells_validate_or_diagnose(scratch, rows):
    check_csv(scratch, csv_text(rows), rows)


@settings(FAST, max_examples=30)
@given(rows=ROWS)
def test_malformed_csv_never_raises(scratch, rows):
    check_csv(scratch, raw_csv(rows), None)


@settings(FAST, max_examples=20)
@given(page=WHOLE_PAGE)
def test_whole_builds_never_raise(scratch, page):
    check_build(scratch, *page)


@FAST
@given(text=CONFIG)
def test_site_yaml_is_usable_or_config_error(scratch, text):
    check_config(scratch, text)
