"""Benchmark at scale (issue #10): opcc on the reference site, beside Pelican and frictionless.

    python bench/bench_scale.py [--site DIR] [--runs 3] [--skip-peers] [--quick]

Run it with the development venv's Python (`opcc` is run as `python -m opcc`). It writes
the reference site (bench/make_reference_site.py, seed 1) to --site if it is missing (default
/tmp/opcc-reference, or /tmp/opcc-reference-quick with --quick), and installs the peers,
Pelican and frictionless, into the git-ignored venv bench/.peers if they are missing. Then it
measures the wall time (median of --runs runs) and the peak memory (proportional set size
summed over the whole process tree, sampled every 20 ms; the highest of the runs) of:

  a. a cold build of the pages alone (a copy without datasets and with one FOI record, for the
     disclosure log the navigation links to), by opcc and by Pelican (output and cache
     deleted first);
  b. a cold build of the whole site (`opcc build --clean`, or with site/ and .opcc-cache
     deleted where --clean does not exist yet), with the per-stage `--timings` if it exists;
  c. a rebuild with nothing changed (Pelican: with its content cache);
  d. a rebuild after a sentence is appended to one page (Pelican: with its content cache);
  e. a rebuild after one amount is changed in one month's CSV;
  f. `opcc check` alone;
  g. dataset validation: `opcc check` on a copy holding only the datasets, and
     `frictionless validate` on a datapackage.json of the same CSVs and schema.

Edited files are restored (and the site rebuilt) afterwards. It prints a markdown table of
each figure, its peer, the ratio and the issue's target, headed by the machine and the
command, and writes the table and the raw figures (JSON) to bench/results/. --quick uses a
small site (1,000 pages, 1,000 FOI records, 12 months, 100,000 rows) and one run, as a smoke
test; --skip-peers measures opcc alone.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from make_reference_site import SCRIPT, STAMP, make_site

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
PEERS = BENCH / ".peers"
RESULTS = BENCH / "results"
OPCC = [sys.executable, "-m", "opcc"]
TODAY = "2026-11-25"
FULL = {"pages": 10_000, "foi": 10_000, "months": 120, "rows": 1_000_000, "seed": 1}
QUICK = {"pages": 1_000, "foi": 1_000, "months": 12, "rows": 100_000, "seed": 1}
SAMPLE_SECONDS = 0.02


# --- measuring one process tree ---------------------------------------------------------

@dataclass
class Figure:
    """The median wall time and the highest peak RSS of some runs of one command."""
    seconds: float
    peak_mb: float
    runs: list[float] = field(default_factory=list)
    output: str = ""  # what the last run printed


def _process_tree(root: int) -> list[int]:
    """ROOT and all its descendants, from the parent ids in /proc/*/stat."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as handle:
                    parent = int(handle.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo += children.get(pid, [])
    return tree


def _tree_rss(root: int) -> int:
    """Bytes of memory ROOT's process tree holds now: the sum of each process's
    proportional set size (Pss), so pages that forked workers share with their parent
    are counted once, not once per process as a sum of RSS would."""
    total = 0
    for pid in _process_tree(root):
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
                for line in handle:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
        except (OSError, IndexError, ValueError):
            continue
    return total


def run_once(command: list[str], cwd: Path) -> tuple[float, float, str]:
    """(seconds, peak tree RSS in MB, output) of COMMAND; exits with its output if it fails."""
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
        peak = 0
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, _tree_rss(process.pid))
            time.sleep(SAMPLE_SECONDS)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read()
    if process.returncode:
        sys.exit(f"{shlex.join(command)} exited with {process.returncode}:\n{output[-3000:]}")
    # the kernel's own peak of the biggest process is a floor for the sampled tree sum
    return seconds, max(peak, usage.ru_maxrss * 1024) / 2**20, output


def measure(label: str, command: list[str], cwd: Path, runs: int,
            before: Callable[[int], None] | None = None) -> Figure:
    """Run COMMAND RUNS times, calling BEFORE(run number) first (untimed)."""
    seconds, peaks, output = [], [], ""
    for run in range(runs):
        if before:
            before(run)
        wall, peak, output = run_once(command, cwd)
        seconds.append(wall)
        peaks.append(peak)
    figure = Figure(statistics.median(seconds), max(peaks), seconds, output)
    print(f"  {label}: {figure.seconds:.2f} s, {figure.peak_mb:.0f} MB", file=sys.stderr)
    return figure


# --- the sites, the peers and the commands ----------------------------------------------

def ensure_site(site: Path, sizes: dict) -> None:
    """Write the reference site of SIZES to SITE unless this version of the script did."""
    stamp = site / STAMP
    wanted = {**sizes, "script": SCRIPT}
    if stamp.exists() and {key: value for key, value in json.loads(stamp.read_text()).items()
                           if key in wanted} == wanted:
        return
    print(f"writing the reference site to {site} ...", file=sys.stderr)
    make_site(site, pelican_folder(site), **sizes)


def pelican_folder(site: Path) -> Path:
    return site.with_name(site.name + "-pelican")


def ensure_peers() -> None:
    """Create bench/.peers with Pelican and frictionless unless they are installed."""
    if (PEERS / "bin" / "pelican").exists() and (PEERS / "bin" / "frictionless").exists():
        return
    print(f"installing Pelican and frictionless into {PEERS} ...", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", str(PEERS)], check=True)
    subprocess.run([str(PEERS / "bin" / "python"), "-m", "pip", "install", "--quiet",
                    "pelican[markdown]", "frictionless"], check=True)


def peer_versions() -> str:
    script = ("from importlib.metadata import version as v; "
              "print(f\"Pelican {v('pelican')}, frictionless {v('frictionless')}\")")
    return subprocess.run([str(PEERS / "bin" / "python"), "-c", script], check=True,
                          capture_output=True, text=True).stdout.strip()


def build_options() -> set[str]:
    """The options `opcc build --help` lists (to detect --clean and --timings)."""
    text = subprocess.run([*OPCC, "build", "--help"], capture_output=True, text=True,
                          check=True).stdout
    return {word.rstrip(",") for word in text.split() if word.startswith("--")}


def opcc_build(root: Path, options: set[str], cold: bool = False,
               timings: bool = False) -> list[str]:
    extra = ["--clean"] if cold and "--clean" in options else []
    extra += ["--timings"] if timings and "--timings" in options else []
    return [*OPCC, "build", "--root", str(root), "--today", TODAY, *extra]


def opcc_check(root: Path) -> list[str]:
    return [*OPCC, "check", "--root", str(root), "--today", TODAY]


def pelican(cached: bool) -> list[str]:
    command = [str(PEERS / "bin" / "pelican"), "content", "-o", "output", "-s", "pelicanconf.py"]
    return command + (["-e", "LOAD_CONTENT_CACHE=true", "CACHE_CONTENT=true"] if cached else [])


def clear(*folders: Path) -> Callable[[int], None]:
    """A `before` that deletes FOLDERS, for cold runs."""
    return lambda run: [shutil.rmtree(folder, ignore_errors=True) for folder in folders]


def opcc_cold(root: Path, options: set[str]) -> Callable[[int], None] | None:
    """Nothing if --clean exists; otherwise delete the output and the cache first."""
    return None if "--clean" in options else clear(root / "site", root / ".opcc-cache")


def copy_site(site: Path, destination: Path, skip: Callable[[str, str], bool]) -> Path:
    """Hard-link copy of SITE (no outputs, no caches) without the entries SKIP(folder, name)."""
    def ignore(folder: str, names: list[str]) -> list[str]:
        relative = os.path.relpath(folder, site)
        outputs = ("site", ".opcc-cache") if relative == "." else ()
        return [n for n in names if n in outputs or n.startswith(".site.") or skip(relative, n)]

    def link(source: str, target: str) -> None:
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)

    shutil.copytree(site, destination, ignore=ignore, copy_function=link)
    return destination


def keep_one_foi_record(site: Path, copy: Path) -> None:
    """Copy SITE's first FOI record without attachments into COPY, so that the disclosure
    log that the navigation and the home page link to exists."""
    record = next(path for path in sorted(site.glob("content/foi/*/*.md"))
                  if b"attachments:" not in path.read_bytes())
    target = copy / record.relative_to(site)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(record, target)


def _replace(path: Path, data: bytes) -> None:
    """Write DATA to PATH as a new file (never through a hard link shared with a copy)."""
    temporary = path.with_name(path.name + ".bench-tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


@contextmanager
def edits(path: Path, change: Callable[[bytes, int], bytes]) -> Iterator[Callable[[int], None]]:
    """A `before` that writes CHANGE(original, run) to PATH; the original is restored on exit."""
    original = path.read_bytes()
    try:
        yield lambda run: _replace(path, change(original, run))
    finally:
        _replace(path, original)


def append_sentence(text: bytes, run: int) -> bytes:
    return text + f"\nThis sentence was added by benchmark run {run + 1}.\n".encode()


def change_amount(text: bytes, run: int) -> bytes:
    """Add 1 + RUN pounds to the amount of the CSV's first payment."""
    header, first, rest = text.split(b"\n", 2)
    row = next(csv.reader([first.decode()]))
    amount = next(csv.reader([header.decode()])).index("amount")
    row[amount] = f"{float(row[amount]) + 1 + run:.2f}"
    line = io.StringIO()
    csv.writer(line, lineterminator="").writerow(row)
    return b"\n".join([header, line.getvalue().encode(), rest])


# --- the scenarios -----------------------------------------------------------------------

def pages_only(site: Path, scratch: Path, args, options: set[str]) -> dict:
    """a. Cold build of the pages alone (and one FOI record), opcc and Pelican."""
    print("a. pages only, cold", file=sys.stderr)
    copy = copy_site(site, scratch / "pages",
                     lambda folder, name: (folder, name) in (("content", "foi"), (".", "datasets")))
    keep_one_foi_record(site, copy)
    result = {"opcc": measure("opcc build", opcc_build(copy, options, cold=True), copy,
                              args.runs, opcc_cold(copy, options))}
    if not args.skip_peers:
        pelican_site = pelican_folder(site)
        result["peer"] = measure("pelican", pelican(cached=False), pelican_site, args.runs,
                                 clear(pelican_site / "output", pelican_site / "cache"))
    shutil.rmtree(copy)
    return result


def whole_site(site: Path, args, options: set[str]) -> dict:
    """b-f. Cold build, rebuilds after nothing / one page / one CSV changed, check alone."""
    print("b-f. whole site", file=sys.stderr)
    build = opcc_build(site, options)
    results = {"cold": {"opcc": measure("cold build", opcc_build(site, options, True, True),
                                        site, args.runs, opcc_cold(site, options))},
               "no_change": {"opcc": measure("no-change rebuild", build, site, args.runs)}}
    page = min((site / "content").glob("*/*/page-*.md"))
    with edits(page, append_sentence) as before:
        results["page_edit"] = {"opcc": measure("one-page edit", build, site, args.runs, before)}
    run_once(build, site)
    spending = max((site / "datasets" / "spend-over-500").glob("*.csv"))
    with edits(spending, change_amount) as before:
        results["csv_edit"] = {"opcc": measure("one-CSV edit", build, site, args.runs, before),
                               "rows": spending.read_bytes().count(b"\n") - 1}
    run_once(build, site)
    results["check"] = {"opcc": measure("opcc check", opcc_check(site), site, args.runs)}
    if not args.skip_peers:
        pelican_rebuilds(pelican_folder(site), page.name, args.runs, results)
    return results


def pelican_rebuilds(folder: Path, page_name: str, runs: int, results: dict) -> None:
    """c, d for Pelican: with its content cache primed, nothing changed, then one page."""
    command = pelican(cached=True)
    clear(folder / "output", folder / "cache")(0)
    run_once(command, folder)
    results["no_change"]["peer"] = measure("pelican no-change", command, folder, runs)
    with edits(folder / "content" / page_name, append_sentence) as before:
        results["page_edit"]["peer"] = measure("pelican one-page edit", command, folder, runs,
                                               before)


def validation(site: Path, scratch: Path, args) -> dict:
    """g. `opcc check` on the datasets alone, and `frictionless validate` on the same CSVs."""
    print("g. dataset validation", file=sys.stderr)
    copy = copy_site(site, scratch / "datasets",
                     lambda folder, name: folder.startswith("content") and name.isdigit())
    keep_one_foi_record(site, copy)
    result = {"opcc": measure("opcc check", opcc_check(copy), copy, args.runs)}
    if not args.skip_peers:
        package = frictionless_package(site / "datasets" / "spend-over-500", scratch / "fl")
        result["peer"] = measure("frictionless validate",
                                 [str(PEERS / "bin" / "frictionless"), "validate",
                                  "datapackage.json"], package, args.runs)
    shutil.rmtree(copy)
    return result


def frictionless_package(dataset: Path, folder: Path) -> Path:
    """FOLDER with datapackage.json of DATASET's CSVs (through a symlink) and their schema."""
    folder.mkdir()
    (folder / "data").symlink_to(dataset)
    shutil.copy(dataset.parent / "schemas" / "spend-over-500.json", folder / "schema.json")
    resources = [{"name": csv_file.stem, "path": f"data/{csv_file.name}", "format": "csv",
                  "schema": "schema.json"} for csv_file in sorted(dataset.glob("*.csv"))]
    (folder / "datapackage.json").write_text(
        json.dumps({"name": "spend-over-500", "resources": resources}, indent=1), "utf-8")
    return folder


# --- the report --------------------------------------------------------------------------

def machine() -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    commit = subprocess.run(["git", "-C", str(REPO), "describe", "--always", "--dirty"],
                            capture_output=True, text=True, check=False).stdout.strip()
    return (f"{cpu}, {os.cpu_count()} cores, {memory / 2**20:.1f} GB RAM, "
            f"Python {platform.python_version()}, {datetime.now():%Y-%m-%d %H:%M}, "
            f"opcc at {commit or 'unknown commit'}")


def _cell(figure: Figure | None) -> str:
    return f"{figure.seconds:.2f} s" if figure else "—"


def _mb(figure: Figure | None) -> str:
    return f"{figure.peak_mb:.0f} MB" if figure else "—"


def _ratio_row(name: str, pair: dict, target: float | None, absolute: float | None) -> list[str]:
    """A row comparing opcc with its peer: met if the ratio and the absolute limit hold."""
    ours, peer = pair["opcc"], pair.get("peer")
    ratio = peer.seconds / ours.seconds if peer else None
    checks = []
    if target is not None and ratio is not None:
        checks.append(ratio >= target)
    if absolute is not None:
        checks.append(ours.seconds < absolute)
    wanted = " and ".join(filter(None, [f"ratio ≥ {target:g}" if target is not None else "",
                                        f"< {absolute:g} s" if absolute is not None else ""]))
    wanted = wanted or "reported"
    return [name, _cell(ours), _cell(peer), f"{ratio:.2f}×" if ratio else "—", wanted,
            ("yes" if all(checks) else "**no**") if checks else "—", _mb(ours), _mb(peer)]


def _csv_edit_row(csv_edit: dict, data: Figure, total_rows: int) -> list[str]:
    """e: proportional if the rebuild takes at most 1 s plus twice the changed file's share
    of checking all the data (g)."""
    ours, rows = csv_edit["opcc"], csv_edit["rows"]
    allowed = 1 + 2 * rows / total_rows * data.seconds
    per_row = data.seconds / total_rows * 1e6
    return [f"e. one-CSV-edit rebuild ({rows:,} of {total_rows:,} rows)",
            f"{ours.seconds:.2f} s ({ours.seconds / rows * 1e6:.1f} µs/row of the file)",
            f"all data checked: {data.seconds:.2f} s ({per_row:.1f} µs/row)", "—",
            f"≤ 1 s + 2 × the file's share of the all-data check = {allowed:.2f} s",
            "yes" if ours.seconds <= allowed else "**no**", _mb(ours), "—"]


def table_rows(results: dict, sizes: dict) -> list[list[str]]:
    whole = results["whole"]
    peak = max(whole[key]["opcc"].peak_mb for key in ("cold", "no_change", "page_edit",
                                                      "csv_edit", "check"))
    return [
        _ratio_row(f"a. cold build, {sizes['pages']:,} pages only (peer: Pelican)",
                   results["pages"], 3, None),
        _ratio_row("b. cold build, whole reference site", whole["cold"], None, None),
        _ratio_row("c. no-change rebuild (peer: Pelican, cached)", whole["no_change"], None, 1),
        _ratio_row("d. one-page-edit rebuild (peer: Pelican, cached)", whole["page_edit"],
                   None, 0.5),
        _csv_edit_row(whole["csv_edit"], results["validation"]["opcc"], sizes["rows"]),
        _ratio_row("f. `opcc check`, whole reference site", whole["check"], None, None),
        _ratio_row(f"g. dataset validation, {sizes['rows']:,} rows (peer: frictionless)",
                   results["validation"], 1, None),
        ["peak RSS, whole reference site (b–f)", f"{peak:.0f} MB", "—", "—", "< 1024 MB",
         "yes" if peak < 1024 else "**no**", f"{peak:.0f} MB", "—"],
    ]


def markdown(rows: list[list[str]], header: str) -> str:
    heads = ["measurement", "opcc", "peer", "ratio (peer/opcc)", "target", "met?",
             "peak RSS opcc", "peak RSS peer"]
    lines = [header, "", "| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows]) + "\n"


def stage_lines(output: str) -> str:
    """What a build printed, without its diagnostics (for the --timings breakdown)."""
    lines = [line for line in output.splitlines()
             if "warning[" not in line and not line.lstrip().startswith("hint:")]
    return "\n".join(lines).strip("\n")


def save(text: str, results: dict) -> Path:
    RESULTS.mkdir(exist_ok=True)
    stem = RESULTS / f"scale-{datetime.now():%Y%m%d-%H%M%S}"
    stem.with_suffix(".md").write_text(text, "utf-8")
    stem.with_suffix(".json").write_text(json.dumps(results, indent=1, default=asdict), "utf-8")
    return stem


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="the reference site (written if missing)")
    parser.add_argument("--runs", type=int, help="runs per figure (default 3; 1 with --quick)")
    parser.add_argument("--skip-peers", action="store_true", help="measure opcc alone")
    parser.add_argument("--quick", action="store_true", help="a small site and one run")
    args = parser.parse_args()
    sizes = QUICK if args.quick else FULL
    site = (args.site or Path("/tmp/opcc-reference" + ("-quick" if args.quick else ""))).resolve()
    args.runs = args.runs or (1 if args.quick else 3)
    command = shlex.join([sys.executable, *sys.argv])
    ensure_site(site, sizes)
    if not args.skip_peers:
        ensure_peers()
    options = build_options()
    results: dict = {"machine": machine(), "command": command, "sizes": sizes,
                     "runs": args.runs, "peers": "skipped" if args.skip_peers else peer_versions()}
    with tempfile.TemporaryDirectory(prefix="opcc-bench-", dir=site.parent) as scratch:
        results["pages"] = pages_only(site, Path(scratch), args, options)
        results["whole"] = whole_site(site, args, options)
        results["validation"] = validation(site, Path(scratch), args)
    header = (f"Machine: {results['machine']}; peers: {results['peers']}; "
              f"median of {args.runs} run(s).\nCommand: `{command}`")
    text = markdown(table_rows(results, sizes), header)
    if "--timings" in options:
        text += ("\nCold full build of the whole site, `--timings`:\n\n```\n"
                 + stage_lines(results["whole"]["cold"]["opcc"].output) + "\n```\n")
    print(text)
    print(f"saved {save(text, results)}.md and .json", file=sys.stderr)


if __name__ == "__main__":
    main()
