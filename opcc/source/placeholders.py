"""Placeholder text: what `opcc new` writes for a person to replace, and the check that
none of it is published.

Every placeholder the scaffolds write is here, once, and starts with the marker
`[TODO: `. A published page, FOI record or dataset descriptor in which the marker (or
one of the sentences older versions of `opcc new` wrote) is still found is an error
(`content.placeholder`); a draft may hold them, as it is not published.
"""

from __future__ import annotations

import re

from opcc.diagnostics import Diagnostic, error

MARKER = "[TODO: "

PAGE_SUMMARY = "[TODO: one sentence that says what this page is for]"
PAGE_BODY = "[TODO: write the page here in markdown. Start headings with '## '.]"
FOI_REQUEST = ("[TODO: write the request here in plain English, without the requester's "
               "name or contact details.]")
FOI_RESPONSE = "[TODO: write the response here.]"
DATASET_DESCRIPTION = ("[TODO: two or three sentences saying what the data is, who it "
                       "covers and where it comes from.]")
DATASET_PERIOD = "[TODO: the period the data covers, e.g. April 2024 to March 2025]"
POLICY_AUTHOR = "[TODO: the role that wrote it, e.g. Head of Governance; never a name]"
POLICY_OWNER = "[TODO: the role accountable for it, e.g. Chief Executive]"
POLICY_APPLIES_TO = "[TODO: who it applies to, e.g. all staff and contractors]"

# what `opcc new` wrote before the marker, still found in files made then
OLDER_SENTENCES = (
    "One sentence that says what this page is for.",
    "Write the page here in markdown. Start headings with '## '.",
    ("Write the request here in plain English, without the requester's name or contact "
     "details."),
    "Write the response here.",
    "Two or three sentences saying what the data is, who it covers and where it comes from.",
    "the period the data covers",
)

_FOUND = re.compile(r"\[TODO\b[^\]\n]*\]?|" + "|".join(re.escape(s) for s in OLDER_SENTENCES))
_SHOWN = 60  # characters of the placeholder quoted in the message


def find(text: str, yaml_lines: int | None = None) -> list[tuple[int, int, str]]:
    """(line, column, placeholder) of each placeholder in `text`, 1-based, one per line.
    YAML comment lines (all of them, or those of the first `yaml_lines` lines: a page's
    front matter) are not published, so they are not searched."""
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        in_yaml = yaml_lines is None or number <= yaml_lines
        if in_yaml and line.lstrip().startswith("#"):
            continue
        match = _FOUND.search(line)
        if match:
            found.append((number, match.start() + 1, match.group(0)))
    return found


def diagnostics(text: str, path: str, what: str,
                yaml_lines: int | None = None) -> list[Diagnostic]:
    """A `content.placeholder` error for each placeholder in a file about to be published;
    `what` names the file's kind in the hint ("page", "record", "dataset")."""
    problems = []
    for line, column, placeholder in find(text, yaml_lines):
        shown = placeholder if len(placeholder) <= _SHOWN else placeholder[:_SHOWN] + "…"
        problems.append(error(
            "content.placeholder", f"placeholder text is still here: '{shown}'",
            path=path, line=line, column=column,
            hint=f"replace it with the real text, or keep the {what} unpublished with "
                 "'draft: true' until it is ready"))
    return problems
