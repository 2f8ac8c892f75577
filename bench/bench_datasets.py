"""Benchmark: validate and build a site with one 200,000-row spending CSV.

    python bench/bench_datasets.py [--rows 200000]

Prints rows per second for validation alone (`opcc check`) and for a full build
(`opcc build`), and the peak memory (RSS) of each, measured in a fresh process.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource  # noqa: F401  (used by the wrapper in the child)
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SUPPLIERS = ["Acme Facilities Ltd", "Northtown Motors Ltd", "Castle Street Print Ltd",
             "Shire Forensic Services Ltd", "Harbour IT Solutions Ltd", "Fenland Fuels Ltd"]
EXPENSE_TYPES = ["Premises", "Transport", "Supplies and services", "Third party payments",
                 "Agency and contracted services", "Capital financing"]


def make_site(folder: Path, rows: int) -> None:
    for name in ("templates", "content"):
        shutil.copytree(REPO / name, folder / name,
                        ignore=shutil.ignore_patterns("node_modules", "theme"))
    shutil.copy(REPO / "site.yaml", folder / "site.yaml")
    schemas = folder / "datasets" / "schemas"
    shutil.copytree(REPO / "datasets" / "schemas", schemas)
    schema = json.loads((schemas / "spend-over-500.json").read_text("utf-8"))
    dataset = folder / "datasets" / "spend-bench"
    dataset.mkdir(parents=True)
    names = [f["name"] for f in schema["fields"]]
    random.seed(2026)
    start = date(2016, 4, 1)
    with open(dataset / "spend.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(names)
        for number in range(rows):
            values = {
                "body": "Northshire OPCC", "expense_area": "Office of the PCC",
                "payment_date": (start + timedelta(days=number * 3650 // rows)).isoformat(),
                "transaction_number": f"T{number:08d}",
                "supplier_type": "company", "supplier_name": random.choice(SUPPLIERS),
                "expense_type": random.choice(EXPENSE_TYPES), "purpose": "Services",
                "amount": f"{random.uniform(500, 50000):.2f}", "irrecoverable_vat": "0.00",
            }
            writer.writerow([values.get(name, "") for name in names])
    (dataset / "datapackage.yaml").write_text(
        "title: Benchmark spending\nclass: what-we-spend\npublished: 2026-01-01\n"
        "sample: true\nresources:\n  - name: spend\n    path: spend.csv\n"
        "    schema: ../schemas/spend-over-500.json\n", "utf-8")


WRAPPER = """
import resource, runpy, sys
sys.argv = ["opcc"] + sys.argv[1:]
code = 0
try:
    runpy.run_module("generator", run_name="__main__")
except SystemExit as exc:
    code = exc.code or 0
print("peak-rss-kb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
sys.exit(code)
"""


def measure(arguments: list[str]) -> tuple[float, float, int]:
    """(seconds, peak RSS in MB, exit code) of `opcc ARGUMENTS` in a fresh process."""
    started = time.perf_counter()
    completed = subprocess.run([sys.executable, "-c", WRAPPER, *arguments],
                               capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if completed.returncode:
        print(completed.stdout[-2000:], completed.stderr[-2000:], file=sys.stderr)
    peak = next((int(line.split()[1]) for line in completed.stderr.splitlines()
                 if line.startswith("peak-rss-kb")), 0)
    return seconds, peak / 1024, completed.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        make_site(root, args.rows)
        size = (root / "datasets" / "spend-bench" / "spend.csv").stat().st_size
        print(f"{args.rows:,} rows, {size / 1e6:.1f} MB CSV")
        for name in ("check", "build"):
            seconds, peak, code = measure([name, "--root", str(root), "--quiet"])
            status = "ok" if code == 0 else f"exit {code}"
            print(f"opcc {name:5}: {seconds:6.2f} s  {args.rows / seconds:9,.0f} rows/s  "
                  f"peak RSS {peak:6.0f} MB  ({status})")


if __name__ == "__main__":
    main()
