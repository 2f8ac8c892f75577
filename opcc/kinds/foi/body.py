"""An FOI record's markdown body: its '## Request' and '## Response' sections, and the
plain text that listings and the open data show."""

from __future__ import annotations

import re

from opcc.diagnostics import warning
from opcc.source.front_matter import FrontMatter

_HEADING = re.compile(r"^##\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


def body_sections(body: str) -> dict[str, tuple[int, str]]:
    """Level-2 sections of a markdown body: lower-cased heading -> (0-based line of the
    heading within the body, the section's markdown). Headings in code blocks are ignored."""
    sections: dict[str, tuple[int, str]] = {}
    current: str | None = None
    start = 0
    collected: list[str] = []
    in_fence = False
    for index, line in enumerate(body.split("\n")):
        if _FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else _HEADING.match(line)
        if match:
            if current is not None and current not in sections:
                sections[current] = (start, "\n".join(collected).strip())
            current, start, collected = match[1].strip().lower(), index, []
        elif current is not None:
            collected.append(line)
    if current is not None and current not in sections:
        sections[current] = (start, "\n".join(collected).strip())
    return sections


# Sections the record's page makes from its front matter: a body section with the same
# heading would show the same thing twice. Heading -> the front-matter key it comes from.
GENERATED_SECTIONS = {
    "internal review": "internal_review",
    "exemptions we applied": "exemptions",
    "topics": "topics",
    "if you are not satisfied": None,
}


def check_generated_sections(front: FrontMatter, body: str, body_line: int) -> None:
    """Warn about body sections that repeat a section the page already shows."""
    for heading, (line, _text) in body_sections(body).items():
        if heading not in GENERATED_SECTIONS:
            continue
        key = GENERATED_SECTIONS[heading]
        source = f"from '{key}:' in the front matter" if key else "on every record"
        front.report("foi.body-duplicate",
                     f"the '## {heading.capitalize()}' section repeats a section the page "
                     f"already shows {source}",
                     f"remove the '## {heading.capitalize()}' section; put anything it adds "
                     f"(what the review found, what was then released) in '## Response'",
                     line=body_line + line, severity=warning)


def request_and_response(front: FrontMatter, body: str,
                         body_line: int) -> tuple[str, str] | None:
    """The markdown of the two sections every record has; None, the problems reported on
    `front`, when one is missing."""
    found = body_sections(body)
    texts = []
    for name in ("request", "response"):
        if name not in found:
            front.report("foi.body", f"the record has no '## {name.capitalize()}' section",
                         f"add a line '## {name.capitalize()}' followed by the "
                         f"{name} in plain English", line=body_line)
            continue
        line, text = found[name]
        if not text:
            front.report("foi.body", f"the '## {name.capitalize()}' section is empty",
                         f"write the {name} under its heading", line=body_line + line)
        texts.append(text)
    if "request" in found and "response" in found and \
            found["response"][0] < found["request"][0]:
        front.report("foi.body", "'## Response' comes before '## Request'",
                     "put the request first, then the response",
                     line=body_line + found["response"][0], severity=warning)
    return (texts[0], texts[1]) if len(texts) == 2 else None


def plain_text(markdown: str) -> str:
    """Markdown reduced to one line of plain text (for summaries and the dataset)."""
    lines = []
    for line in markdown.split("\n"):
        line = re.sub(r"^\s{0,3}(?:#+\s+|>\s?|[-*+]\s+|\d+[.)]\s+)", "", line)
        lines.append(line)
    text = " ".join(lines)
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"(\*\*|__|\*|`)", "", text)
    text = re.sub(r"(?<!\w)_([^_]+)_(?!\w)", r"\1", text)
    return " ".join(text.split())


def first_sentence(markdown: str, limit: int = 300) -> str:
    """The first sentence of some markdown, as plain text, at most `limit` characters."""
    text = plain_text(markdown)
    match = re.search(r"[.?!](?=\s+[A-Z0-9\"'“‘(£])", text)
    sentence = text[:match.end()] if match else text
    if len(sentence) > limit:
        cut = sentence[:limit - 1].rsplit(" ", 1)[0]
        sentence = cut.rstrip(",;:") + "…"
    return sentence
