"""The workbook part: its sheet list (names and states), defined names, settings and the
folder it was saved in; the theme and styles; each sheet read in turn, and hidden sheets
reported."""

from __future__ import annotations

from opcc.redaction.inspectors.inspection import WARNING, plural
from opcc.redaction.inspectors.package import local
from opcc.redaction.inspectors.xlsx.book import USER_FOLDER
from opcc.redaction.inspectors.xlsx.cells import CellValues
from opcc.redaction.inspectors.xlsx.formatting import Palette, parse_styles, theme_colours
from opcc.redaction.inspectors.xlsx.sheet_reader import SheetReader
from opcc.redaction.inspectors.xlsx.sheets import Sheet
from opcc.redaction.inspectors.xlsx.xml_text import as_int, element_texts, relationship_id

SHEET_KINDS = ("worksheet", "chartsheet", "dialogsheet", "xlMacrosheet", "xlIntlMacrosheet")


class WorkbookReader(CellValues):
    """The workbook part, the theme, the styles and each sheet."""

    def read_workbook(self) -> None:
        self.workbook = self.rels.first("", "officeDocument") or ""
        if not self.package.has(self.workbook):
            raise ValueError("the package has no workbook part")
        root = self.package.xml(self.workbook)
        self.read_theme()
        self.read_styles()
        for child in root:
            name = local(child.tag)
            if name == "sheets":
                self.sheet_list(child)
            elif name == "definedNames":
                self.defined_names(child)
            else:
                if name == "workbookPr":
                    self.date1904 = child.get("date1904") in ("1", "true")
                elif name == "fileSharing" and child.get("userName"):
                    self.inspection.metadata(child.get("userName"), f"{self.workbook} file "
                                             "sharing user", "file sharing user name")
                self.scan_texts(element_texts(child), self.workbook, "in the workbook's settings")
        self.saved_folder(root)
        self.read_shared_strings()

    def saved_folder(self, root) -> None:
        for element in root.iter():
            if local(element.tag) == "absPath" and USER_FOLDER.search(element.get("url", "")):
                self.inspection.add("attachment.metadata", "The workbook records the folder "
                                    "it was last saved in, which names a user's folder.",
                                    f"{self.workbook} saved folder", WARNING)

    def read_theme(self) -> None:
        part = self.rels.first(self.workbook, "theme")
        if part and self.package.has(part):
            root = self.package.xml(part)
            self.styles.palette = Palette(theme_colours(root), self.styles.palette.indexed)
            self.scan_texts(element_texts(root), part, "in a theme")

    def read_styles(self) -> None:
        part = self.rels.first(self.workbook, "styles")
        if part and self.package.has(part):
            root = self.package.xml(part)
            self.styles = parse_styles(root, self.styles.palette)
            self.scan_texts(element_texts(root), part, "in a cell style or number format")

    def sheet_list(self, element) -> None:
        for number, entry in enumerate((e for e in element if local(e.tag) == "sheet"), 1):
            title = entry.get("name", "")
            rel = self.rels.get(self.workbook, relationship_id(entry))
            if rel is None or rel.external or not self.package.has(rel.target):
                raise ValueError(f"sheet {number} has no part")
            self.sheets.append(Sheet(number, title, self.label_for(title, number), rel.target,
                                     entry.get("state", "visible"), rel.kind))

    def defined_names(self, element) -> None:
        for defined in element:
            name = defined.get("name", "")
            local_sheet = defined.get("localSheetId")
            if local_sheet is not None and as_int(local_sheet) < len(self.sheets):
                name = f"{self.sheets[as_int(local_sheet)].title}!{name}"
            safe = name if not self.inspection.scanner.scan(name) else "(a name)"
            self.scan_texts(element_texts(defined), f"defined name '{safe}'", "in a defined name")

    def read_sheet(self, sheet: Sheet) -> None:
        if sheet.kind in ("worksheet", "xlMacrosheet", "xlIntlMacrosheet", "dialogsheet"):
            SheetReader(self, sheet).read()
        else:
            self.scan_part(sheet.part, sheet.label, "in a chart sheet")
        if sheet.kind in ("xlMacrosheet", "xlIntlMacrosheet"):
            self.inspection.add("attachment.embedded-object", f"{sheet.label} is an Excel 4 "
                                "macro sheet: it holds code.", sheet.label)
        if sheet.state in ("hidden", "veryHidden"):
            self.hidden_sheet(sheet)

    def hidden_sheet(self, sheet: Sheet) -> None:
        values = f"{sheet.filled} {plural(sheet.filled, 'value', 'values')}"
        title = sheet.label[0].upper() + sheet.label[1:]
        if sheet.state == "veryHidden":
            self.inspection.add("attachment.very-hidden-sheet",
                                f"{title} is very hidden and holds {values}.", sheet.label)
        else:
            self.inspection.add("attachment.hidden-sheet", f"{title} is hidden and holds "
                                f"{values}.", sheet.label)
