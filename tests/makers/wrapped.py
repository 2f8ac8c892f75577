"""Text as laid out: files whose personal values are broken over two lines (a hard-wrapped
text file, a narrow PDF column) or written out ("jo at example dot com").

Each maker writes the file, re-reads it with an independent reader (plain file reading, or
pdfminer's own layout), and asserts every planted value really is split across a line break
and whole on no single line, before any test relies on it.
"""

from __future__ import annotations

from pathlib import Path

# (first line's end, second line's start, the value as a person reads it)
WRAPPED = [
    ("Contact j.smith@northshire", ".gov.uk for the file.", "j.smith@northshire.gov.uk"),
    ("or ring 07700", "900123 after noon.", "07700900123"),
    ("NI number QQ 12 34", "56 C was quoted.", "QQ123456C"),
    ("Copy to jo.blog-", "gs@example.com as well.", "jo.bloggs@example.com"),
]
WRITTEN_OUT = "Write to sam [at] example [dot] org if you can."


def _compact(value: str) -> str:
    return "".join(value.split()).replace("-", "")


def assert_split_over_lines(text: str, wrapped=WRAPPED) -> None:
    lines = text.splitlines()
    for first, second, value in wrapped:
        index = next(n for n, line in enumerate(lines) if line.rstrip().endswith(first))
        assert lines[index + 1].lstrip().startswith(second), (first, lines[index + 1])
        assert not any(_compact(value) in _compact(line) for line in lines), value


def make_wrapped_text(path: Path) -> Path:
    """A hard-wrapped letter: four values broken over line ends, one address written out."""
    body = ["Dear resident,", ""]
    for first, second, _ in WRAPPED:
        body += [first, second]
    body += ["", WRITTEN_OUT, "", "Northshire OPCC"]
    path.write_text("\n".join(body) + "\n", encoding="utf-8")
    assert_split_over_lines(path.read_text(encoding="utf-8"))
    assert WRITTEN_OUT in path.read_text(encoding="utf-8")
    return path


def make_wrapped_pdf(path: Path) -> Path:
    """A one-page PDF set in a narrow column, each value broken at a line end as a word
    processor would break it."""
    from pdfminer.high_level import extract_text
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.setAuthor("Northshire OPCC")
    pdf.setFont("Helvetica", 11)
    top = A4[1] - 80
    lines = [part for first, second, _ in WRAPPED[:3] for part in (first, second)]
    for number, line in enumerate(lines):
        pdf.drawString(60, top - 14 * number, line)
    pdf.showPage()
    pdf.save()
    assert_split_over_lines(extract_text(str(path)), WRAPPED[:3])
    return path
