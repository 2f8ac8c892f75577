"""Every built page carries a strict Content-Security-Policy that its own markup obeys.

The site is static and served from anywhere, so the policy travels in the page:
`<meta http-equiv="Content-Security-Policy">`. It must

- come first in <head>, before any stylesheet, style or script (a meta policy governs only
  what follows it);
- have `default-src 'self'` (or `'none'`), allow no other host anywhere, and never allow
  `'unsafe-inline'` or `'unsafe-eval'` scripts (`'wasm-unsafe-eval'` is fine: the search
  index is WebAssembly);
- leave out what a meta policy cannot carry (`frame-ancestors`, `report-uri`, `sandbox`:
  browsers ignore them and log an error);

and the page must not use what its own policy blocks: an inline <script>, <style> or
style="" attribute needs its hash (or, for styles only, `'unsafe-inline'`) in the policy,
and event-handler attributes and `javascript:` URLs are never allowed. A blocked style
fails silently in the browser, so this is checked here, in the HTML.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from browser_support import build_example_site, html_pages

# Directives a <meta> policy cannot deliver (CSP 3, section 3.3).
META_IGNORED = {"frame-ancestors", "report-uri", "sandbox"}
KEYWORDS = {"'self'", "'none'", "'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'",
            "'strict-dynamic'", "'report-sample'", "'wasm-unsafe-eval'",
            "'inline-speculation-rules'"}
# Sources that fetch nothing from the network (allowed outside scripts).
LOCAL_SCHEMES = {"data:", "blob:"}
SCRIPT_FORBIDDEN = {"'unsafe-inline'": "runs inline scripts and event handlers",
                    "'unsafe-eval'": "runs strings as code",
                    "'unsafe-hashes'": "runs event-handler attributes",
                    "data:": "runs scripts from data: URLs",
                    "blob:": "runs scripts from blob: URLs"}


@dataclass
class Page:
    policies: list[tuple[int, str, bool]] = field(default_factory=list)  # line, content, in head
    first_resource: tuple[int, str] | None = None  # first stylesheet/style/script
    inline_scripts: list[tuple[int, str]] = field(default_factory=list)
    inline_styles: list[tuple[int, str]] = field(default_factory=list)
    style_attributes: list[tuple[int, str, str]] = field(default_factory=list)  # line, tag, css
    handlers: list[tuple[int, str, str]] = field(default_factory=list)  # line, tag, attribute
    javascript_urls: list[tuple[int, str]] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._in_head = False
        self._raw: tuple[str, int] | None = None  # ("script" | "style", line) being read
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        values = {name.lower(): value or "" for name, value in attrs}
        if tag == "head":
            self._in_head = True
        elif tag == "body":
            self._in_head = False
        if (tag == "meta"
                and values.get("http-equiv", "").lower() == "content-security-policy"):
            self.page.policies.append((line, values.get("content", ""), self._in_head))
        is_stylesheet = tag == "link" and "stylesheet" in values.get("rel", "").lower().split()
        if self.page.first_resource is None and (tag in ("script", "style") or is_stylesheet):
            self.page.first_resource = (line, f"<{tag}>" if not is_stylesheet
                                        else "<link rel=stylesheet>")
        if tag in ("script", "style") and not values.get("src"):
            self._raw, self._text = (tag, line), []
        for name, value in values.items():
            if name.startswith("on"):
                self.page.handlers.append((line, tag, name))
            if name == "style":
                self.page.style_attributes.append((line, tag, value))
            if name in ("href", "src", "action", "formaction", "xlink:href") \
                    and value.strip().lower().startswith("javascript:"):
                self.page.javascript_urls.append((line, f"<{tag} {name}>"))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self._raw = None

    def handle_data(self, data):
        if self._raw:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "head":
            self._in_head = False
        if self._raw and tag == self._raw[0]:
            kind, line = self._raw
            text = "".join(self._text)
            if kind == "script":
                self.page.inline_scripts.append((line, text))
            else:
                self.page.inline_styles.append((line, text))
            self._raw = None


def read(path: Path) -> Page:
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    return reader.page


def parse_policy(text: str) -> dict[str, list[str]]:
    """Directive name -> source list. The first of a repeated directive wins (as in CSP)."""
    policy: dict[str, list[str]] = {}
    for part in text.split(";"):
        tokens = part.split()
        if tokens and tokens[0].lower() not in policy:
            policy[tokens[0].lower()] = [
                t.lower() if t.startswith("'") and not t.lower().startswith(("'sha", "'nonce"))
                else t for t in tokens[1:]]
    return policy


def effective(policy: dict[str, list[str]], *names: str) -> tuple[str, list[str]] | None:
    """The directive that governs, by CSP's fallback order: the first of `names` present."""
    for name in (*names, "default-src"):
        if name in policy:
            return name, policy[name]
    return None


def digest(text: str) -> set[str]:
    """The hash sources that allow `text` (sha256, sha384, sha512)."""
    data = text.encode("utf-8")
    return {f"'{name}-{base64.b64encode(hashlib.new(name, data).digest()).decode()}'"
            for name in ("sha256", "sha384", "sha512")}


def is_network_source(token: str) -> bool:
    """A source that can reach another host: `*`, a scheme like https:, or a host."""
    low = token.lower()
    if low in KEYWORDS or low.startswith(("'sha256-", "'sha384-", "'sha512-", "'nonce-")):
        return False
    return low not in LOCAL_SCHEMES


def policy_problems(policy_text: str) -> list[str]:
    """Why a policy is not strict enough (empty when it is)."""
    policy = parse_policy(policy_text)
    problems = []
    default = policy.get("default-src")
    if default is None:
        problems.append("has no default-src")
    elif default not in (["'self'"], ["'none'"]):
        problems.append(f"default-src is {' '.join(default) or '(empty)'}; "
                        "it must be 'self' or 'none'")
    for name in sorted(META_IGNORED & policy.keys()):
        problems.append(f"{name} has no effect in a <meta> policy (browsers log an error); "
                        "send it as an HTTP header from the web server instead")
    for name, sources in policy.items():
        remote = [s for s in sources if is_network_source(s)]
        if remote:
            problems.append(f"{name} allows other hosts: {' '.join(remote)} "
                            "(the site makes no external requests)")
        if any(s.startswith("'nonce-") for s in sources):
            problems.append(f"{name} has a nonce: in a static page it never changes, "
                            "so it protects nothing; use a hash")
    # The directives that govern scripts (elements, attributes, workers), each once.
    governing = {effective(policy, *names)[0] for names in (
        ("script-src-elem", "script-src"), ("script-src-attr", "script-src"),
        ("worker-src", "child-src", "script-src")) if effective(policy, *names)}
    for name in sorted(governing):
        for token, why in SCRIPT_FORBIDDEN.items():
            if token in policy[name]:
                problems.append(f"{name} allows {token}, which {why}")
    return problems


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> list[tuple[str, Page]]:
    site = build_example_site(tmp_path_factory)
    found = [(str(path.relative_to(site)), read(path)) for path in html_pages(site)]
    assert len(found) >= 7
    return found


def test_every_page_has_a_strict_content_security_policy(pages):
    problems = []
    for name, page in pages:
        if not page.policies:
            problems.append(f'{name}: no <meta http-equiv="Content-Security-Policy"> in <head>')
            continue
        if len(page.policies) > 1:
            lines = ", ".join(str(line) for line, _, _ in page.policies)
            problems.append(f"{name}: {len(page.policies)} policies (lines {lines}); "
                            "the browser enforces all of them, keep one")
        line, text, in_head = page.policies[0]
        if not in_head:
            problems.append(f"{name}:{line}: the policy is outside <head>, where it is ignored")
        if page.first_resource and page.first_resource[0] < line:
            first_line, what = page.first_resource
            problems.append(f"{name}:{line}: the policy comes after {what} on line "
                            f"{first_line}, which it therefore does not govern")
        problems += [f"{name}:{line}: the policy {p}" for p in policy_problems(text)]
    assert not problems, "Content-Security-Policy:\n" + "\n".join(problems)


def test_no_page_uses_what_its_policy_blocks(pages):
    problems = []
    for name, page in pages:
        if not page.policies:
            continue  # reported by the test above
        policy = parse_policy(page.policies[0][1])
        script_elem = (effective(policy, "script-src-elem", "script-src") or ("", ["*"]))[1]
        style_elem = (effective(policy, "style-src-elem", "style-src") or ("", ["*"]))[1]
        style_attr = (effective(policy, "style-src-attr", "style-src") or ("", ["*"]))[1]
        for line, text in page.inline_scripts:
            if not digest(text) & set(script_elem):
                problems.append(f"{name}:{line}: inline <script> is blocked: move it to a file "
                                f"under /static/, or add its hash {min(digest(text))}")
        for line, text in page.inline_styles:
            if "'unsafe-inline'" not in style_elem and not digest(text) & set(style_elem):
                problems.append(f"{name}:{line}: inline <style> is blocked by style-src: move "
                                f"it to a stylesheet, or add its hash {min(digest(text))}")
        allowed_attr = "'unsafe-inline'" in style_attr
        hashed_attr = "'unsafe-hashes'" in style_attr
        for line, tag, css in page.style_attributes:
            if not allowed_attr and not (hashed_attr and digest(css) & set(style_attr)):
                problems.append(f'{name}:{line}: <{tag} style="{css}"> is blocked by '
                                "style-src: use a class instead")
        for line, tag, attribute in page.handlers:
            problems.append(f"{name}:{line}: <{tag} {attribute}> is an inline event handler, "
                            "blocked by script-src: use addEventListener in a script file")
        for line, where in page.javascript_urls:
            problems.append(f"{name}:{line}: {where} is a javascript: URL, blocked by "
                            "script-src")
    assert not problems, ("markup blocked by the page's own Content-Security-Policy "
                          f"({len(problems)}):\n" + "\n".join(problems))


@pytest.mark.parametrize(("policy", "expected"), [
    (("default-src 'self'; img-src 'self' data:; style-src 'self'; "
     "script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'self'"), []),
    ("default-src 'none'; style-src 'self'", []),
    ("img-src 'self'", ["has no default-src"]),
    ("default-src *", ["default-src is *; it must be 'self' or 'none'",
                       "default-src allows other hosts: * (the site makes no external requests)"]),
    ("default-src 'self'; script-src 'self' 'unsafe-inline'",
     ["script-src allows 'unsafe-inline', which runs inline scripts and event handlers"]),
    ("default-src 'self' 'unsafe-inline'",
     ["default-src is 'self' 'unsafe-inline'; it must be 'self' or 'none'"]
     + ["default-src allows 'unsafe-inline', which runs inline scripts and event handlers"]),
    ("default-src 'self'; script-src-elem 'self' https://cdn.example.com",
     [("script-src-elem allows other hosts: https://cdn.example.com "
      "(the site makes no external requests)")]),
    ("default-src 'self'; frame-ancestors 'none'",
     [("frame-ancestors has no effect in a <meta> policy (browsers log an error); "
      "send it as an HTTP header from the web server instead")]),
])
def test_policy_checker(policy, expected):
    """The checker itself: what it accepts and what it reports."""
    assert policy_problems(policy) == expected
