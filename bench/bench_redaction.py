"""Benchmark: the redaction scanner's text speed and the attachment checker's PDF speed.

    python bench/bench_redaction.py [--synthetic-mb 8] [--pages 60] [--realdata DIR]

Prints MB/s of text scanned for
  - the example site: every content/**/*.md page (one scan each) and every
    datasets/**/*.csv column (one scan_cells call each, the column name as context);
  - a synthetic transparency text of --synthetic-mb megabytes with personal data sprinkled in,
    with and without a protected-names file;
  - optionally the CSVs under --realdata (e.g. /work/shared/realdata);
and PDF pages per second for `inspect_attachment` on a generated --pages page PDF and on the
example site's own PDF. Times are CPU seconds of this process (time.process_time), so other
work on a busy machine does not count; the wall-clock total is printed too.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from opcc.redaction import Scanner, hash_name
from opcc.redaction.inspectors import inspect_attachment

OFFICE_ALLOW = [{"value": "NE55 1AA"}, {"value": "01632 960100"},
                {"pattern": r"[a-z]+@northshire-opcc\.example\.org"}]
PHRASES = [
    "The commissioner approved the community safety fund grants for 2025/26.",
    "Payment of £1,263.61 to Castle Hotels Group, transaction T00012345, on 2025-04-03.",
    "Decision PCC-D-2026-007 was published under the Specified Information Order 2011.",
    "Information was withheld under s.40(2) FOIA in response to FOI-2024-0042.",
    "Credit note -99,999.99 reversed invoice 1001752233 (ref CPAC05, line 46296351 - 1).",
    "The panel met on 16-Jan-2013 and again on 24/09/14 to review the precept of 4.99%.",
    "Supplier invoice 07700123456 was paid within 30 days; VAT £210.55.",
    "Band D council tax rose by £13.00 to £265.57; ISO 9001 and PCC 2024 are unaffected.",
]
PERSONAL = ["Call 07700 900123.", "Email jo.bloggs@example.com.", "NI QQ 12 34 56 C.",
            "Lives at NE55 4BD.", "DOB: 12/03/1985.", "Car AB12 CDE.", "NHS 943 476 5919.",
            "Card 4111 1111 1111 1111.", "Avery Quenby attended."]


def cpu(function) -> tuple[float, object]:
    start = time.process_time()
    result = function()
    return time.process_time() - start, result


def site_inputs() -> tuple[list[str], list[tuple[str, list[str]]]]:
    pages = [p.read_text(encoding="utf-8") for p in sorted((REPO / "content").rglob("*.md"))]
    columns = []
    for path in sorted((REPO / "datasets").rglob("*.csv")):
        columns += csv_columns(path.read_bytes())
    return pages, columns


def csv_columns(data: bytes) -> list[tuple[str, list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        return []
    width = max(len(r) for r in rows)
    header = rows[0] + [""] * (width - len(rows[0]))
    return [(header[n], [r[n] if n < len(r) else "" for r in rows[1:]]) for n in range(width)]


def synthetic_text(megabytes: float) -> str:
    random.seed(2026)
    parts, size = [], 0
    while size < megabytes * 1_000_000:
        line = random.choice(PHRASES)
        if random.random() < 0.02:
            line += " " + random.choice(PERSONAL)
        parts.append(line)
        size += len(line) + 1
    return "\n".join(parts)


def report(label: str, characters: int, seconds: float, findings: int) -> None:
    rate = characters / 1_000_000 / seconds if seconds else float("inf")
    print(f"{label:46} {characters / 1e6:7.2f} MB {seconds:7.3f} s {rate:7.1f} MB/s "
          f"{findings:6d} findings")


def bench_text(args) -> None:
    scanner = Scanner(allow=OFFICE_ALLOW)
    pages, columns = site_inputs()
    page_chars = sum(len(p) for p in pages)
    cell_chars = sum(len(c) + 1 for _, cells in columns for c in cells)
    seconds, hits = cpu(lambda: sum(len(scanner.scan(p)) for p in pages))
    report("example site pages (content/**/*.md)", page_chars, seconds, hits)
    seconds, hits = cpu(lambda: sum(len(scanner.scan_cells(c, n)) for n, c in columns))
    report("example site datasets (datasets/**/*.csv)", cell_chars, seconds, hits)
    text = synthetic_text(args.synthetic_mb)
    seconds, hits = cpu(lambda: len(scanner.scan(text)))
    report("synthetic text, no protected names", len(text), seconds, hits)
    salt = "bench-salt"
    names = ["Avery Quenby", "Zoe Ashgrove", "Mary Jane Obrien Tull", "D Fenwick Lowe"]
    named = Scanner(allow=OFFICE_ALLOW, protected_hashes=frozenset(hash_name(n, salt)
                                                                   for n in names),
                    salt=salt, word_counts=(2, 3, 4))
    seconds, hits = cpu(lambda: len(named.scan(text)))
    report("synthetic text, protected names (2-4 words)", len(text), seconds, hits)
    if args.realdata:
        real = [c for p in sorted(Path(args.realdata).rglob("*.csv"))
                for c in csv_columns(p.read_bytes())]
        chars = sum(len(c) + 1 for _, cells in real for c in cells)
        seconds, hits = cpu(lambda: sum(len(scanner.scan_cells(c, n)) for n, c in real))
        report(f"real CSVs under {args.realdata}", chars, seconds, hits)


def make_pdf(path: Path, pages: int) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.setAuthor("Northshire OPCC")
    random.seed(7)
    for number in range(pages):
        pdf.setFillColorRGB(0.11, 0.23, 0.42)
        pdf.rect(40, 760, 515, 40, stroke=0, fill=1)
        pdf.setFillColorRGB(1, 1, 1)
        pdf.drawString(50, 775, f"Annual report - page {number + 1}")
        pdf.setFillColorRGB(0, 0, 0)
        for line in range(55):
            pdf.drawString(50, 740 - line * 12.5, random.choice(PHRASES)[:95])
        if number % 10 == 0:
            pdf.rect(48, 728, 120, 14, stroke=0, fill=1)  # a failed redaction now and then
        pdf.showPage()
    pdf.save()


def bench_pdf(args) -> None:
    scanner = Scanner(allow=OFFICE_ALLOW)
    organisation = ("Northshire OPCC",)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        make_pdf(path, args.pages)
        inspect_attachment(path, scanner, organisation)  # warm the imports
        seconds, findings = cpu(lambda: inspect_attachment(path, scanner, organisation))
        print(f"{'generated PDF, ' + str(args.pages) + ' text-dense pages':46} "
              f"{args.pages / seconds:7.1f} pages/s ({seconds:.2f} s, {len(findings)} findings)")
    site_pdf = REPO / "content" / "priorities" / "police-and-crime-plan-summary.pdf"
    if site_pdf.exists():
        seconds, findings = cpu(lambda: inspect_attachment(site_pdf, scanner, organisation))
        print(f"{'example site PDF (1 page)':46} {1 / seconds:7.1f} pages/s "
              f"({seconds:.3f} s, {len(findings)} findings)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--synthetic-mb", type=float, default=8.0)
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--realdata", help="a folder of real CSVs to scan as well")
    args = parser.parse_args()
    start = time.perf_counter()
    bench_text(args)
    bench_pdf(args)
    print(f"wall-clock total {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
