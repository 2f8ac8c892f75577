"""Comments and tracked changes: each comment reported where it sits, each change at
the paragraph or cell it marks, with its author and deleted text scanned."""

from __future__ import annotations

from opcc.redaction.inspectors.inspection import plural
from opcc.redaction.inspectors.odf.names import as_int, plain_text, q
from opcc.redaction.inspectors.odf.walk import Context, WalkerBase
from opcc.redaction.inspectors.package import local
from opcc.redaction.inspectors.xlsx.sheets import (
    column_letter,  # A1 names, as spreadsheet users say them
)


class ReviewWalk(WalkerBase):
    """Comments (`office:annotation`) and tracked changes, in text and in sheets."""

    def annotation(self, element, ctx: Context) -> None:
        self.comments += 1
        where = ctx.location[len(self.label):] or "the document"
        self.add("attachment.comment", f"Comment {self.comments} (on {where}) is still in the "
                 "document.", ctx.location)
        for child in element.iter():
            if not isinstance(child.tag, str):
                continue
            if child.tag == q("dc", "creator"):
                self.item(ctx.location, child.text, "as a comment's author")
            elif child.tag in (q("text", "p"), q("text", "h")):
                self.item(ctx.location, plain_text(child), "in a comment")
            for value in child.attrib.values():
                self.item(ctx.location, value, "in a comment")

    def text_changes(self, element, ctx: Context) -> None:
        """Kept until the body is walked, which places each change at its paragraph."""
        self.regions.extend(element.iter(q("text", "changed-region")))

    def report_text_changes(self) -> None:
        by_place: dict[str, list[str]] = {}
        for region in self.regions:
            ids = [region.get(q("text", "id")), region.get("{http://www.w3.org/XML/1998/namespace}id")]
            place = next((self.change_places[i] for i in ids if i in self.change_places),
                         f"{self.label}{self.part}")
            for change in region:
                if not isinstance(change.tag, str):
                    continue
                kind = local(change.tag)
                by_place.setdefault(place, []).append(kind.replace("-", " "))
                self.change_text(change, place, kind)
        for place, kinds in by_place.items():
            where = place[len(self.label):]
            self.add("attachment.tracked-change", f"{where[0].upper()}{where[1:]} has "
                     f"{len(kinds)} tracked {plural(len(kinds), 'change', 'changes')} still in "
                     f"the document ({', '.join(kinds)}).", place)

    def change_text(self, change, place: str, kind: str) -> None:
        where = ("in deleted text (a tracked change)" if kind == "deletion"
                 else "in a tracked change")
        for element in change.iter():
            if not isinstance(element.tag, str):
                continue
            if element.tag == q("dc", "creator"):
                self.item(place, element.text, "as a change's author")
            elif element.tag in (q("text", "p"), q("text", "h")):
                self.item(place, plain_text(element), where)
            for value in element.attrib.values():
                self.item(place, value, where)

    def table_changes(self, element, ctx: Context) -> None:
        """A spreadsheet's tracked changes: each is placed at its cell where it has one."""
        for number, change in enumerate((c for c in element if isinstance(c.tag, str)), 1):
            place = self.change_cell(change) or f"{self.label}tracked change {number}"
            kind = local(change.tag).replace("-", " ")
            self.add("attachment.tracked-change", f"A tracked change ({kind}) is still in the "
                     "spreadsheet, with the content it replaced.", place)
            self.change_text(change, place, "deletion")

    def change_cell(self, change) -> str | None:
        address = next(change.iter(q("table", "cell-address")), None)
        if address is None:
            return None
        sheet = as_int(address.get(q("table", "table")), 0)
        name = self.sheet_names[sheet] if 0 <= sheet < len(self.sheet_names) else str(sheet + 1)
        column = as_int(address.get(q("table", "column")), 0) + 1
        row = as_int(address.get(q("table", "row")), 0) + 1
        return f"{self.label}sheet '{name}' cell {column_letter(column)}{row}"
