"""Text: paragraphs and headings (numbered "paragraph N" in a text document's body),
the inline pieces that make them up, and text hidden by its format, by a hidden field
or condition, or in a section that does not show; page styles' headers and footers."""

from __future__ import annotations

from dataclasses import replace

from opcc.redaction.inspectors.odf.names import MAX_REPEAT_SPACES, NS, as_int, q
from opcc.redaction.inspectors.odf.review import ReviewWalk
from opcc.redaction.inspectors.odf.styles import STYLE_FAMILY, TEXT_STYLE, Format
from opcc.redaction.inspectors.odf.walk import Context
from opcc.redaction.inspectors.package import local

HEADERS = {"header": "header", "footer": "footer", "header-left": "left-page header",
           "footer-left": "left-page footer", "header-first": "first-page header",
           "footer-first": "first-page footer"}


class TextWalk(ReviewWalk):
    """Paragraphs and what hides in them; sections; headers and footers."""

    # ---- paragraphs

    def paragraph_block(self, element, ctx: Context) -> None:
        location = ctx.location
        if ctx.numbered:
            self.paragraphs += 1
            location = f"{self.label}paragraph {self.paragraphs}"
        text = self.paragraph(element, replace(ctx, location=location))
        self.item(location, text)

    def paragraph(self, element, ctx: Context) -> str:
        """The paragraph's text (hidden parts included) after reporting what hides in it;
        frames, notes and other blocks inside it are walked after it."""
        fmt = ctx.fmt.with_style(self.styles.props("paragraph", element.get(TEXT_STYLE)))
        nested: list = []
        flags: set[str] = set()
        self.attributes(element, ctx.location)
        if len(element):
            pieces: list[tuple[str, bool]] = []
            self.inline(element, fmt, pieces, nested, flags, ctx.location)
            text = "".join(piece for piece, _ in pieces)
            hidden = "".join(piece for piece, is_hidden in pieces if is_hidden)
        else:  # most paragraphs: plain text, no spans
            text = element.text or ""
            hidden = text if fmt.hidden else ""
        if "hidden-paragraph" in flags:
            hidden = text
        if ctx.hidden is not None:
            if text.strip():
                ctx.hidden.append(ctx.location)
        elif hidden.strip():
            self.report_hidden(ctx, len(hidden.strip()), flags)
        if nested:
            inner = replace(ctx, fmt=fmt)
            for block in nested:
                self.visit(block, inner)
        return text

    def report_hidden(self, ctx: Context, characters: int, flags: set[str]) -> None:
        how = ("that a condition can hide" if flags & {"hidden-paragraph", "conditional"}
               else "formatted as hidden")
        where = ctx.location[len(self.label):]
        self.add(ctx.hidden_code, f"{where[0].upper()}{where[1:]} holds text {how} "
                 f"({characters} characters).", ctx.location)

    def inline(self, node, fmt: Format, pieces: list, nested: list, flags: set[str],
               location: str) -> None:
        if node.text:
            pieces.append((node.text, fmt.hidden))
        for child in node:
            self.inline_child(child, fmt, pieces, nested, flags, location)
            if child.tail:
                pieces.append((child.tail, fmt.hidden))

    def inline_child(self, child, fmt: Format, pieces: list, nested: list, flags: set[str],
                     location: str) -> None:
        tag = child.tag
        if not isinstance(tag, str):
            self.item(location, child.text)
            return
        name, space = local(tag), tag[1:].split("}", 1)[0] if tag.startswith("{") else ""
        self.attributes(child, location)
        if tag == q("text", "s"):
            spaces = min(as_int(child.get(q("text", "c")), 1), MAX_REPEAT_SPACES)
            pieces.append((" " * spaces, fmt.hidden))
        elif tag == q("text", "tab"):
            pieces.append(("\t", fmt.hidden))
        elif tag == q("text", "line-break"):
            pieces.append(("\n", fmt.hidden))
        elif name == "annotation" and space in (NS["office"], NS["officeooo"]):
            self.annotation(child, Context(location))
        elif tag in (q("text", "change"), q("text", "change-start")):
            self.change_places.setdefault(child.get(q("text", "change-id"), ""), location)
        elif tag == q("text", "note"):
            citation = child.find(q("text", "note-citation"))
            if citation is not None:
                pieces.append(("".join(citation.itertext()), fmt.hidden))
            nested.extend(c for c in child if c.tag == q("text", "note-body"))
        elif space in (NS["draw"], NS["dr3d"]) or tag == q("table", "table"):
            nested.append(child)
        else:
            self.inline_field(child, fmt, pieces, nested, flags, location)

    def inline_field(self, child, fmt: Format, pieces: list, nested: list, flags: set[str],
                     location: str) -> None:
        tag = child.tag
        if tag == q("text", "hidden-paragraph"):
            flags.add("hidden-paragraph")
        elif tag == q("text", "hidden-text"):
            flags.add("conditional")
            pieces.append((" " + child.get(q("text", "string-value"), ""), True))
            fmt = replace(fmt, display_none=True)
        elif tag == q("text", "conditional-text"):
            shown = "".join(child.itertext())
            for branch in ("string-value-if-true", "string-value-if-false"):
                value = child.get(q("text", branch), "")
                if value.strip() and value != shown:
                    flags.add("conditional")
                    pieces.append((f" {value} ", True))
        elif child.get(q("text", "display")) == "none":
            fmt = replace(fmt, display_none=True)
        family = STYLE_FAMILY.get(tag, "text")
        style = child.get(q("text", "style-name"))
        if style:
            fmt = fmt.with_style(self.styles.props(family, style))
        self.inline(child, fmt, pieces, nested, flags, location)

    # ---- sections, headers and footers

    def section(self, element, ctx: Context) -> None:
        display = element.get(q("text", "display"), "true")
        if ctx.hidden is not None or display not in ("none", "condition"):
            self.attributes(element, ctx.location)
            for child in element:
                self.visit(child, ctx)
            return
        self.attributes(element, ctx.location)
        name = element.get(q("text", "name"), "")
        when = "never shown" if display == "none" else "shown only on a condition"
        self.hidden_container(element, ctx, f"Section '{name}' is {when}, and holds text",
                              "attachment.hidden-text")

    def header(self, element, ctx: Context) -> None:
        parent = element.getparent()
        page = parent.get(q("style", "name"), "") if parent is not None else ""
        where = HEADERS[local(element.tag)]
        inner = replace(ctx, location=f"{self.label}page style '{page}' {where}", numbered=False)
        self.children(element, inner)
