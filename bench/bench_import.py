"""Benchmark: `opcc dataset import` over the real files in ../shared/realdata.

    python bench/bench_import.py [--realdata PATH] [--repeat 1]
    python bench/bench_import.py --statutory

--statutory imports each real spending file into a copy of the example site's shipped
spend-over-500 dataset with no mapping file, as a new user would, and prints per file the
outcome, rows in and out, warnings, distinct suppliers by type (from the export, the
register or a guess) and seconds.

Imports every CSV and XLSX of the corpus (with the mapping files the tests use) into a
throwaway site, with --dry-run semantics (nothing is kept), and prints per file the rows
read, the rows written, the cells normalised, the diagnostics and the rows per second,
then the totals. Times include reading, normalising, frictionless validation and the
redaction gate.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from opcc.importers.spending import import_source, site_scanner

MAPS = REPO / "tests" / "import_maps"
SCHEMAS = REPO / "tests" / "import_schemas"
# file: (schema, mapping file or None)
FILES = {
    "lancashire-pcc/pcc-2023-24.xlsx": ("spend-source.json", None),
    "lancashire-pcc/pcc-2018-19.xlsx": ("spend-source.json", None),
    "home-office-25k/ho-spend-25k-mar-2013.csv": ("spend-source.json", "home-office-25k.yaml"),
    "home-office-25k/HO_FY1516_AP4_Proc_Spend_25K_CSV.csv": ("spend-source.json",
                                                             "home-office-25k.yaml"),
    "moj-25k/moj-aramis-data-nov-11.csv": ("spend-source.json", "moj-aramis.yaml"),
    "hyndburn-council/1701.csv": ("spend-source.json", None),
    "hyndburn-council/June-23-csv.csv": ("spend-source.json", None),
    "hyndburn-council/February-2025-csv.csv": ("spend-source.json", "hyndburn-2025.yaml"),
    "hyndburn-council/March-25-CSV.csv": ("spend-source.json", "hyndburn-2025.yaml"),
    "oxford-city-council/expenditure-over-500-apr-jun-2014.csv": ("spend-source.json", None),
    "oxford-city-council/expenditure-over-500-apr-jun-2015.csv": ("spend-source.json", None),
    "leeds-city-council/2013-01.csv": ("spend-source.json", None),
    "tameside-council/Tameside_September_2014.csv": ("spend-source.json", "tameside.yaml"),
    "trafford-council-spend/Trafford_September_2014.csv": ("spend-source.json",
                                                           "trafford-spend.yaml"),
    "trafford-senior-salaries/senior_salaries_employees.csv": ("senior-salaries.json", None),
    "police-uk-street/2025-12-city-of-london-street.csv": ("street-crime.json", None),
    "cabinet-office-foi-stats/foi-statistics-2020-published-data.csv": (
        "foi-statistics.json", "foi-statistics.yaml"),
}


def make_site(folder: Path, schema: str) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "datasets" / "schemas").mkdir(parents=True)
    (folder / "site.yaml").write_text("organisation:\n  name: Bench OPCC\n"
                                      "base_url: https://bench.example.org/\n", "utf-8")
    source = SCHEMAS / schema if (SCHEMAS / schema).is_file() else \
        REPO / "datasets" / "schemas" / schema
    shutil.copy(source, folder / "datasets" / "schemas" / schema)
    dataset = folder / "datasets" / "bench"
    dataset.mkdir()
    (dataset / "datapackage.yaml").write_text(
        "title: Bench\nclass: what-we-spend\npublished: 2026-01-01\nresources:\n"
        f"  - name: bench\n    path: bench.csv\n    schema: ../schemas/{schema}\n", "utf-8")
    fields = [f["name"] for f in json.loads(source.read_text("utf-8"))["fields"]]
    (dataset / "bench.csv").write_text(",".join(fields) + "\n", "utf-8")
    return folder


SPENDING = [name for name, (schema, _) in FILES.items() if schema == "spend-source.json"]


def statutory(realdata: Path) -> None:
    from collections import Counter

    print(f"{'file':58} {'result':>8} {'in':>6} {'out':>6} {'warn':>4} {'seconds':>7}  "
          "suppliers by type")
    with tempfile.TemporaryDirectory() as temp:
        for name in SPENDING:
            root = Path(temp) / "site"
            shutil.rmtree(root, ignore_errors=True)
            root.mkdir()
            for part in ("site.yaml", "datasets"):
                source = REPO / part
                (shutil.copytree if source.is_dir() else shutil.copy)(source, root / part)
            scanner, organisation, _ = site_scanner(root)
            start = time.perf_counter()
            result = import_source(root, realdata / name, "spend-over-500", scanner=scanner,
                                   organisation=organisation)
            elapsed = time.perf_counter() - start
            fields = [f["name"] for f in json.loads((root / "datasets" / "schemas" /
                      "spend-over-500.json").read_text("utf-8"))["fields"]]
            name_at, type_at = fields.index("supplier_name"), fields.index("supplier_type")
            types = {row[name_at]: row[type_at] for t in result.tables for row in t.rows}
            kinds = Counter(types.values()) if result.ok else Counter()
            errors = sum(1 for d in result.diagnostics if d.severity == "error")
            warnings = len(result.diagnostics) - errors
            outcome = "imported" if result.ok else "refused"
            print(f"{name:58} {outcome:>8} {sum(t.rows_in for t in result.tables):>6} "
                  f"{sum(t.rows_out for t in result.tables) if result.ok else '-':>6} "
                  f"{warnings:>4} "
                  f"{elapsed:>7.2f}  " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--realdata", type=Path,
                        default=REPO.parent / "shared" / "realdata")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--statutory", action="store_true",
                        help="import the spending files into the shipped spend-over-500")
    args = parser.parse_args()
    if not args.realdata.is_dir():
        sys.exit(f"no corpus at {args.realdata}")
    if args.statutory:
        statutory(args.realdata)
        return
    print(f"{'file':58} {'in':>6} {'out':>6} {'cells':>6} {'err':>4} {'warn':>4} "
          f"{'rows/s':>8}")
    total_rows = total_time = 0.0
    with tempfile.TemporaryDirectory() as temp:
        for name, (schema, mapping) in FILES.items():
            best = None
            for _ in range(args.repeat):
                root = make_site(Path(temp) / "site", schema)
                scanner, organisation, _ = site_scanner(root)
                start = time.perf_counter()
                result = import_source(root, args.realdata / name, "bench", dry_run=True,
                                       mapping_path=MAPS / mapping if mapping else None,
                                       scanner=scanner, organisation=organisation)
                elapsed = time.perf_counter() - start
                best = elapsed if best is None else min(best, elapsed)
            rows_in = sum(t.rows_in for t in result.tables)
            rows_out = sum(t.rows_out for t in result.tables)
            cells = sum(t.cells_changed for t in result.tables)
            errors = sum(1 for d in result.diagnostics if d.severity == "error")
            warnings = len(result.diagnostics) - errors
            total_rows += rows_in
            total_time += best
            print(f"{name:58} {rows_in:>6} {rows_out:>6} {cells:>6} {errors:>4} {warnings:>4} "
                  f"{rows_in / best if best else 0:>8.0f}")
    print(f"{'total':58} {int(total_rows):>6} {'':>6} {'':>6} {'':>4} {'':>4} "
          f"{total_rows / total_time:>8.0f}  ({total_time:.1f} s)")


if __name__ == "__main__":
    main()
