"""Benchmark: the dataset stage, against `frictionless validate` on the same files.

    python bench/bench_datasets.py [--rows 200000] [--files 1] [--skip-opcc] [--skip-peer]
    python bench/bench_datasets.py --reference     # 1,000,000 rows in 120 monthly files

Makes a site holding one spending dataset (the statutory schema,
datasets/schemas/spend-over-500.json) of ROWS rows in FILES CSVs, then measures, each
in a fresh process:

- `frictionless validate` of the same CSVs (the peer: validation only);
- the dataset stage (dataset_stage.run_dataset_stage: validation, redaction, the
  redaction gate over every cell and both downloads) cold on one core and on all cores,
  then with nothing changed, then with one CSV edited;
- `opcc check` and `opcc build` of the whole site (skip with --skip-opcc).

It prints seconds, rows per second, peak memory (RSS, the largest process; the stage's
workers are counted apart) and the ratio to frictionless. `--generator PATH` measures
the opcc of another checkout (its `opcc/` package) for before/after figures.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
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
DATASET = "spend-bench"


def make_site(folder: Path, rows: int, files: int = 1) -> list[Path]:
    """The example site plus datasets/spend-bench/ of ROWS rows in FILES CSVs."""
    for name in ("templates", "content", "datasets"):
        shutil.copytree(REPO / name, folder / name,
                        ignore=shutil.ignore_patterns("node_modules", "theme"))
    shutil.copy(REPO / "site.yaml", folder / "site.yaml")
    schema = json.loads((folder / "datasets/schemas/spend-over-500.json").read_text("utf-8"))
    dataset = folder / "datasets" / DATASET
    dataset.mkdir(parents=True)
    names = [f["name"] for f in schema["fields"]]
    random.seed(2026)
    start = date(2016, 4, 1)
    paths, resources = [], []
    per_file = -(-rows // files)
    for part in range(files):
        name = f"spend-{part + 1:03d}" if files > 1 else "spend"
        path = dataset / f"{name}.csv"
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(names)
            for number in range(part * per_file, min(rows, (part + 1) * per_file)):
                values = {
                    "body": "Northshire OPCC", "expense_area": "Office of the PCC",
                    "payment_date": (start + timedelta(days=number * 3650 // rows)).isoformat(),
                    "transaction_number": f"T{number:08d}",
                    "supplier_type": "company", "supplier_name": random.choice(SUPPLIERS),
                    "expense_type": random.choice(EXPENSE_TYPES), "purpose": "Services",
                    "amount": f"{random.uniform(500, 50000):.2f}", "irrecoverable_vat": "0.00",
                }
                writer.writerow([values.get(name, "") for name in names])
        paths.append(path)
        resources.append(f"  - name: {name}\n    path: {name}.csv\n"
                         "    schema: ../schemas/spend-over-500.json\n")
    (dataset / "datapackage.yaml").write_text(
        "title: Benchmark spending\nclass: what-we-spend\npublished: 2026-01-01\n"
        "sample: true\nresources:\n" + "".join(resources), "utf-8")
    return paths


def make_reference(folder: Path, rows: int, months: int) -> list[Path]:
    """The reference large site's spending: bench/make_reference_site.py's generator."""
    sys.path.insert(0, str(REPO / "bench"))
    import make_reference_site

    for name in ("templates", "content", "datasets"):
        shutil.copytree(REPO / name, folder / name,
                        ignore=shutil.ignore_patterns("node_modules", "theme"))
    shutil.copy(REPO / "site.yaml", folder / "site.yaml")
    target = folder / "datasets" / DATASET
    make_reference_site.write_spending(target, months, rows, random.Random(1))
    return sorted(target.glob("*.csv"))


def _lines(path: Path) -> int:
    with open(path, encoding="utf-8") as handle:
        return sum(1 for _ in handle)


def peer_descriptor(folder: Path, paths: list[Path]) -> Path:
    """datapackage.json for frictionless: the same files and schema, our keys left out."""
    schema = json.loads((folder.parent / "schemas/spend-over-500.json").read_text("utf-8"))
    for field in schema["fields"]:
        for key in ("redact", "when", "personal", "lawful_basis"):
            field.pop(key, None)
    descriptor = {"name": "spend", "resources": [
        {"name": path.stem, "path": path.name, "format": "csv", "encoding": "utf-8",
         "schema": schema} for path in paths]}
    target = folder / "datapackage.json"
    target.write_text(json.dumps(descriptor), "utf-8")
    return target


RSS = """
import resource, sys
def peaks():
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return own, children
"""

OPCC = RSS + """
import runpy
sys.argv = ["opcc"] + sys.argv[1:]
code = 0
try:
    runpy.run_module("opcc", run_name="__main__")
except SystemExit as exc:
    code = exc.code or 0
print("peaks", *peaks(), file=sys.stderr)
sys.exit(code)
"""

STAGE = RSS + """
import json, time
from datetime import date
from pathlib import Path
from opcc.datasets import stage as dataset_stage
from opcc.build.pipeline import load_profile as _load_profile, site_scanner
from opcc.build.cache import BuildCache
from opcc.config import load_config
root, workers = Path(sys.argv[1]), int(sys.argv[2])
config = load_config(root)
profile, scanner = _load_profile(config), site_scanner(config)
started, cpu = time.perf_counter(), time.process_time()
stage = dataset_stage.run_dataset_stage(root, profile.class_slugs, date(2026, 11, 25),
                                        config.limits, scanner, BuildCache(root), workers)
seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
errors = [d for d in stage.diagnostics if d.severity == "error"]
own, children = peaks()
print("result", json.dumps({"seconds": seconds, "cpu": cpu, "units": stage.units,
      "reused": stage.reused, "errors": len(errors), "parts": stage.seconds,
      "peak": own / 1024, "children": children / 1024}), file=sys.stderr)
"""


def run(arguments: list[str], generator: Path | None = None) -> dict:
    """Run a Python snippet in a fresh process: seconds, peak RSS (MB) and its report."""
    environment = dict(os.environ)
    if generator is not None:
        environment["PYTHONPATH"] = str(generator)
    started = time.perf_counter()
    completed = subprocess.run([sys.executable, *arguments], capture_output=True, text=True,
                               env=environment, cwd=tempfile.gettempdir(),  # not a checkout
                               check=False)
    seconds = time.perf_counter() - started
    found = {"seconds": seconds, "code": completed.returncode}
    for line in completed.stderr.splitlines():
        if line.startswith("peaks "):
            own, children = line.split()[1:3]
            found.update(peak=int(own) / 1024, children=int(children) / 1024)
        if line.startswith("result "):
            found.update(json.loads(line.split(" ", 1)[1]))
    if completed.returncode:
        print(completed.stdout[-1500:], completed.stderr[-1500:], file=sys.stderr)
    return found


def peer(descriptor: Path) -> dict:
    """`frictionless validate` of the package, with its peak memory."""
    frictionless = Path(sys.executable).with_name("frictionless")
    code = RSS + (f"import subprocess\ncode = subprocess.call([{str(frictionless)!r}, "
                  f"'validate', {str(descriptor)!r}], stdout=subprocess.DEVNULL)\n"
                  "print('peaks', 0, peaks()[1], file=sys.stderr)\nsys.exit(code)\n")
    found = run(["-c", code])
    found["peak"] = found.pop("children", 0)
    return found


def line(label: str, found: dict, rows: int, baseline: float | None) -> None:
    seconds = found.get("seconds", 0.0)
    ratio = f"{baseline / seconds:5.1f}x" if baseline and seconds else "     "
    workers = f" + workers {found['children']:5.0f} MB" if found.get("children") else ""
    cpu = f" cpu {found['cpu']:6.2f} s" if "cpu" in found else ""
    status = "" if not found.get("code") and not found.get("errors") else \
        f"  (exit {found.get('code')}, {found.get('errors', 0)} errors)"
    print(f"{label:34} {seconds:7.2f} s {rows / seconds if seconds else 0:9,.0f} rows/s "
          f"{ratio}  peak {found.get('peak', 0):5.0f} MB{workers}{cpu}{status}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--files", type=int, default=1)
    parser.add_argument("--reference", action="store_true",
                        help="the reference site's spending: 1,000,000 rows, 120 files")
    parser.add_argument("--skip-opcc", action="store_true", help="no opcc check/build")
    parser.add_argument("--skip-peer", action="store_true", help="no frictionless validate")
    parser.add_argument("--skip-stage", action="store_true",
                        help="no stage alone (for a checkout that has none)")
    parser.add_argument("--generator", type=Path, help="a checkout whose opcc to run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        if args.reference:
            paths = make_reference(root, 1_000_000, 120)
        else:
            paths = make_site(root, args.rows, args.files)
        rows = sum(_lines(path) for path in paths) - len(paths)
        size = sum(path.stat().st_size for path in paths)
        print(f"{rows:,} rows in {len(paths)} CSV files, {size / 1e6:.1f} MB, "
              f"{os.cpu_count()} cores")
        baseline = None
        if not args.skip_peer:
            descriptor = peer_descriptor(paths[0].parent, paths)
            found = peer(descriptor)
            descriptor.unlink()
            baseline = found["seconds"]
            line("frictionless validate", found, rows, None)
        stage = ["-c", STAGE, str(root)]
        cache = root / ".opcc-cache"
        shutil.rmtree(cache, ignore_errors=True)
        if not args.skip_stage:
            measure_stage(stage, paths, rows, baseline, args.generator)
        if not args.skip_opcc:
            for name in ("check", "build"):
                shutil.rmtree(cache, ignore_errors=True)
                found = run(["-c", OPCC, name, "--root", str(root), "--quiet",
                             "--today", "2026-11-25"], args.generator)
                line(f"opcc {name} (whole site, cold)", found, rows, baseline)


def measure_stage(stage: list[str], paths: list[Path], rows: int, baseline: float | None,
                  generator: Path | None) -> None:
    cache = Path(stage[2]) / ".opcc-cache"
    line("stage, cold, 1 worker", run(stage + ["1"], generator), rows, baseline)
    shutil.rmtree(cache, ignore_errors=True)
    cores = str(os.cpu_count() or 1)
    line(f"stage, cold, {cores} workers", run(stage + [cores], generator), rows, baseline)
    line("stage, nothing changed", run(stage + [cores], generator), rows, baseline)
    edited = paths[len(paths) // 2]
    text = edited.read_text("utf-8")
    edited.write_text(text.replace(",0.00,", ",0.01,", 1), "utf-8")
    found = run(stage + [cores], generator)
    line(f"stage, one CSV edited ({edited.stat().st_size / 1e6:.1f} MB)", found, rows,
         baseline)
    edited.write_text(text, "utf-8")


if __name__ == "__main__":
    main()
