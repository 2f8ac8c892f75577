"""Write a large, valid FOI disclosure log for build-time benchmarks (seeded, reproducible).

    python bench/make_foi_log.py FOLDER [--count 10000] [--seed 1] [--last-day 2026-10-30]

FOLDER is the log folder of a site (SITE/content/foi); records are written as
FOLDER/YEAR/FOI-YYYY-NNNN.md over the ten years ending on --last-day, spread evenly, with
every outcome, common exemptions, extensions, late answers, internal reviews and an
occasional CSV attachment. Every record passes `opcc.kinds.foi.reader.load_foi` without errors.
`make_log()` does the same from Python.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from opcc.kinds.foi.working_days import deadline

TOPICS = ["budget", "precept", "police and crime plan", "expenses", "grants",
          "custody visiting", "complaints", "force performance", "contracts", "drones",
          "body-worn video", "estates", "staff", "victim services", "governance",
          "community safety", "environment", "CCTV", "rural crime", "spending"]
SUBJECTS = ["the commissioner's office budget", "grants to community groups",
            "the police and crime plan consultation", "custody visits",
            "complaints about the Chief Constable", "spending on consultants",
            "the victims' services contract", "drones funded by the commissioner",
            "body-worn video cameras", "the sale of police buildings", "staff sickness absence",
            "the commissioner's expenses", "town centre CCTV", "the rural crime team",
            "energy use of the police estate", "the precept", "procurement card spending"]
# outcome -> (weight, exemption choices); each choice is a list of codes
OUTCOMES = {
    "granted": (45, [[]]),
    "partially-granted": (20, [["s40(2)"], ["s43(2)"], ["s31(1)(a)"], ["s40(2)", "s43(2)"],
                               ["s21", "s40(2)"], ["s38(1)(b)"], ["s42"]]),
    "refused": (15, [["s12"], ["s14(1)"], ["s21"], ["s22"], ["s40(2)"], ["s43(2)"],
                     ["s31(1)(a)", "s38(1)(b)"], ["s30(1)(a)", "s40(2)"], ["s41"]]),
    "not-held": (15, [[]]),
    "withdrawn": (5, [[]]),
}
QUALIFIED = {"s43(2)", "s31(1)(a)", "s38(1)(b)", "s42", "s22", "s30(1)(a)"}
REVIEW_OUTCOMES = ["upheld", "upheld", "upheld", "partially-upheld", "overturned"]
PARAGRAPH = ("We hold information about {subject}. The figures for each of the last three "
             "years are set out below, with an explanation of how they were compiled and "
             "where further information is published on this site.")


def _paragraphs(rng: random.Random, subject: str) -> str:
    count = rng.randint(1, 4)
    return "\n\n".join(PARAGRAPH.format(subject=subject) for _ in range(count))


def _record(rng: random.Random, reference: str, received: date, last_day: date,
            folder: Path) -> None:
    outcome = rng.choices(list(OUTCOMES), [w for w, _ in OUTCOMES.values()])[0]
    exemptions = rng.choice(OUTCOMES[outcome][1])
    extended_to = None
    if set(exemptions) & QUALIFIED and rng.random() < 0.15:
        extended_to = deadline(received, 20 + rng.randint(5, 20))
        taken = rng.randint(18, 40)
    elif rng.random() < 0.08:
        taken = rng.randint(21, 35)  # late
    else:
        taken = rng.randint(2, 20)
    responded = min(deadline(received, taken), last_day)
    subject = rng.choice(SUBJECTS)
    lines = ["---", f"reference: {reference}",
             f"title: Request about {subject}",
             f"received: {received}", f"responded: {responded}", f"outcome: {outcome}",
             f"exemptions: [{', '.join(exemptions)}]",
             f"topics: [{', '.join(rng.sample(TOPICS, rng.randint(1, 3)))}]"]
    if extended_to:
        lines.append(f"extended_to: {extended_to}")
    if outcome in ("refused", "partially-granted") and rng.random() < 0.12:
        requested = responded + timedelta(days=rng.randint(2, 30))
        completed = deadline(requested, rng.randint(5, 25))
        if completed <= last_day:
            lines.append(f"internal_review: {{requested: {requested}, completed: {completed}, "
                         f"outcome: {rng.choice(REVIEW_OUTCOMES)}}}")
        elif requested <= last_day:
            lines.append(f"internal_review: {{requested: {requested}}}")
    if rng.random() < 0.05:
        name = f"{reference.lower()}-figures.csv"
        rows = "\n".join(f"{year},{rng.randint(100, 99999)}" for year in range(2015, 2025))
        (folder / name).write_text(f"year,value\n{rows}\n", encoding="utf-8")
        lines += ["attachments:", f"  - {{file: {name}, title: Figures for {subject}}}"]
    lines += ["---", "", "## Request", "",
              f"Please provide information about {subject} for each of the last three years.",
              "", "## Response", "", _paragraphs(rng, subject), ""]
    (folder / f"{reference}.md").write_text("\n".join(lines), encoding="utf-8")


def make_log(folder: Path, count: int = 10_000, seed: int = 1,
             last_day: date = date(2026, 10, 30)) -> int:
    """Replace FOLDER with `count` records over the ten years ending on `last_day`."""
    rng = random.Random(seed)
    if folder.exists():
        shutil.rmtree(folder)
    first = date(last_day.year - 9, 1, 2)
    # Receipts stop 60 days before the last day, so every answer falls before it.
    span = (last_day - timedelta(days=60) - first).days
    days = sorted(first + timedelta(days=rng.randrange(span)) for _ in range(count))
    numbers: dict[int, int] = {}
    for received in days:
        numbers[received.year] = numbers.get(received.year, 0) + 1
        if numbers[received.year] > 9999:
            raise SystemExit(f"more than 9,999 requests in {received.year}: lower --count")
        reference = f"FOI-{received.year}-{numbers[received.year]:04d}"
        year_folder = folder / str(received.year)
        year_folder.mkdir(parents=True, exist_ok=True)
        _record(rng, reference, received, last_day, year_folder)
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="the log folder, e.g. SITE/content/foi")
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--last-day", type=date.fromisoformat, default=date(2026, 10, 30))
    args = parser.parse_args()
    started = time.perf_counter()
    make_log(args.folder, args.count, args.seed, args.last_day)
    print(f"wrote {args.count} FOI records to {args.folder} in "
          f"{time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
