"""File types the gate will not publish: what to publish instead, per suffix.

`SCRIPT_CAPABLE` types can run script on the office's own domain when opened from the
site, so not even a per-file exception lets them through."""

from __future__ import annotations

SCRIPT_CAPABLE = frozenset({".svg", ".svgz", ".html", ".htm", ".xhtml", ".shtml", ".xml",
                            ".xsl", ".xslt", ".js", ".mjs", ".swf", ".hta", ".mht", ".mhtml"})

INSTEAD = {
    ".xls": "save it as .xlsx (File > Save As > Excel Workbook), or publish the data as CSV",
    ".xlt": "save it as .xlsx (File > Save As > Excel Workbook), or publish the data as CSV",
    ".doc": "save it as .docx (File > Save As > Word Document), or export it as PDF",
    ".dot": "save it as .docx (File > Save As > Word Document), or export it as PDF",
    ".rtf": "save it as .docx, or export it as PDF",
    ".ppt": "save it as .pptx, or export it as PDF",
    ".pps": "save it as .pptx, or export it as PDF",
    ".msg": "export the e-mail as PDF, with the addresses redacted",
    ".eml": "export the e-mail as PDF, with the addresses redacted",
    ".zip": "publish each file on its own, in a format the gate can check",
    ".7z": "publish each file on its own, in a format the gate can check",
    ".rar": "publish each file on its own, in a format the gate can check",
    ".gz": "publish each file on its own, in a format the gate can check",
    ".svg": "export the drawing as PNG (an SVG file can carry script)",
    ".svgz": "export the drawing as PNG (an SVG file can carry script)",
    ".html": "put the text on a markdown page, or export it as PDF (an HTML file can carry "
             "script)",
    ".htm": "put the text on a markdown page, or export it as PDF (an HTML file can carry "
            "script)",
    ".xml": "publish the data as CSV or JSON (an XML file can carry script)",
    ".gif": "save the image as PNG",
    ".tif": "save the image as PNG or export it as PDF",
    ".tiff": "save the image as PNG or export it as PDF",
    ".bmp": "save the image as PNG",
    ".webp": "save the image as PNG or JPEG",
    ".heic": "save the image as JPEG",
}
DEFAULT = "export it as PDF, or save it as .docx, .xlsx or .csv"


def instead(suffix: str) -> str:
    """What a comms officer should publish instead of a file with this suffix."""
    return INSTEAD.get(suffix.lower(), DEFAULT)
