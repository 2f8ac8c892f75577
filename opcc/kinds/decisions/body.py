"""A decision record's markdown body: its '## Decision' and '## Reasons' sections, the
summary made from them, and the markdown actually published (never an exempt decision's
text; the meeting link written so that the link checker checks it)."""

from __future__ import annotations

import re
from datetime import date

from opcc.kinds.foi.body import body_sections, first_sentence
from opcc.source.front_matter import FrontMatter

REQUIRED_SECTIONS = ("decision", "reasons")


def check_sections(front: FrontMatter, body: str, body_line: int) -> str | None:
    """The '## Decision' section's markdown; None, reported on `front`, when it or
    '## Reasons' is missing or empty."""
    found = body_sections(body)
    texts: dict[str, str] = {}
    for name in REQUIRED_SECTIONS:
        heading = f"## {name.capitalize()}"
        if name not in found:
            front.report("decisions.body", f"the record has no '{heading}' section",
                         f"add a line '{heading}' followed by the {name_words(name)}",
                         line=body_line)
            continue
        line, text = found[name]
        if not text:
            front.report("decisions.body", f"the '{heading}' section is empty",
                         f"write the {name_words(name)} under its heading",
                         line=body_line + line)
            continue
        texts[name] = text
    return texts.get("decision") if len(texts) == len(REQUIRED_SECTIONS) else None


def name_words(section: str) -> str:
    return {"decision": "decision in plain English (what was decided)",
            "reasons": "reasons for the decision"}[section]


def summary_of(decision_markdown: str) -> str:
    return first_sentence(decision_markdown)


_MEETING_SLUG = re.compile(r"(?P<day>\d{4}-\d{2}-\d{2})-(?P<name>[a-z0-9-]+)")


def meeting_label(url: str) -> str:
    """'/meetings/2026/2026-10-15-public-accountability-board/' -> 'Public accountability
    board, 15 October 2026'; any other address -> 'the meeting'."""
    last = url.rstrip("/").rsplit("/", 1)[-1]
    match = _MEETING_SLUG.fullmatch(last)
    if not match:
        return "the meeting"
    try:
        day = date.fromisoformat(match["day"])
    except ValueError:
        return "the meeting"
    name = match["name"].replace("-", " ").capitalize()
    return f"{name}, {day.day} {day:%B} {day.year}"


def published_body(body: str, body_line: int, meeting: str | None, meeting_line: int | None,
                   exempt: bool) -> tuple[str, int]:
    """(markdown, its first line in the file) as published. An exempt decision publishes
    none of its text. The meeting link is written first, on the line of its `meeting:` key,
    with blank lines down to the body's own first line, so that the link checker (which
    checks the links of a record's rendered body) reports a broken meeting link at its key,
    and every other line keeps its place in the file."""
    text = "" if exempt else body
    if not meeting or meeting_line is None or meeting_line >= body_line:
        return text, body_line
    link = f"Made at or after a meeting: [{meeting_label(meeting)}]({meeting})"
    gap = "\n" * (body_line - meeting_line)
    return link + gap + text, meeting_line
