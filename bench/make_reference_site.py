"""Write the reference large site of issue #10 (seeded) and a Pelican copy of its pages.

    python bench/make_reference_site.py OUT [--pages 10000] [--foi 10000] [--months 120]
        [--rows 1000000] [--seed 1] [--pelican-out OUT-pelican]

OUT gets this repository's site.yaml, templates/ and spending schema, then
  - --pages content pages of about 600 words (headings, paragraphs, a table, bullet lists,
    2-4 relative links to other pages, sometimes a link to an attachment) spread over the
    seven publication-scheme classes as content/CLASS/YEAR/page-NNNNN.md, with one small
    CSV or PDF attachment per folder, each class's index.md, a home page and the pages the
    footer links to;
  - --foi FOI records over ten years in content/foi (bench/make_foi_log.py);
  - one dataset, datasets/spend-over-500/, of --months monthly CSVs ending in October 2026
    that hold --rows rows in all, valid against the statutory schema.
--pelican-out gets the same pages as a Pelican project: content/page-NNNNN.md (Pelican
metadata, the same bodies, links as {filename} links) and pelicanconf.py.

OUT and --pelican-out are replaced when they hold an earlier reference site (or are empty)
and refused otherwise. `make_site()` does the same from Python. Every output passes
`opcc build --today 2026-11-25` (with warnings for the scheme items it does not publish).
"""

from __future__ import annotations

import argparse
import calendar
import csv
import hashlib
import json
import random
import shutil
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from make_foi_log import make_log

REPO = Path(__file__).resolve().parent.parent
STAMP = ".reference.json"  # marks a folder this script wrote (and with which arguments)
SCRIPT = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]  # which version wrote it
LAST_MONTH = date(2026, 10, 1)
LAST_DAY = date(2026, 11, 20)  # no page is published or updated after this
YEARS = range(2017, 2027)
PDF = REPO / "content" / "priorities" / "police-and-crime-plan-summary.pdf"

CLASSES = {
    "who-we-are": ("Who we are and what we do", [
        "the commissioner's office", "the deputy commissioner's role", "the office structure",
        "senior posts", "the police and crime panel", "partnership boards",
        "staff numbers", "the chief executive's role"]),
    "what-we-spend": ("What we spend and how we spend it", [
        "the policing budget", "the council tax precept", "capital spending",
        "grants to community groups", "procurement", "contract spending",
        "allowances and expenses", "the police estate"]),
    "priorities": ("What our priorities are and how we are doing", [
        "neighbourhood policing", "violence against women and girls", "rural crime",
        "road safety", "victim satisfaction", "call handling", "youth diversion",
        "reducing reoffending"]),
    "decisions": ("How we make decisions", [
        "decision records", "the accountability board", "the joint audit committee",
        "the police and crime panel", "commissioning decisions", "estate decisions",
        "budget decisions", "collaboration agreements"]),
    "policies": ("Our policies and procedures", [
        "information management", "data protection", "records retention",
        "information security", "complaints handling", "whistleblowing",
        "procurement rules", "equality and diversity"]),
    "lists-registers": ("Lists and registers", [
        "the register of interests", "gifts and hospitality", "the contracts register",
        "the decisions register", "the asset register", "the information asset register",
        "land and buildings", "the risk register"]),
    "services": ("The services we offer", [
        "victim services", "restorative justice", "independent custody visiting",
        "complaint reviews", "community safety grants", "domestic abuse support",
        "youth services", "out-of-court resolutions"]),
}
SLUGS = list(CLASSES)
ASPECTS = ["annual update", "quarterly report", "summary", "review", "consultation outcome",
           "progress report", "briefing", "position statement", "delivery plan", "evaluation"]
AREAS = ["Northtown", "Southbridge", "Eastmoor", "Westfield", "Harbourside", "Fenland",
         "Millbrook", "Castleford Vale", "Oakridge", "Riverside", "Kingsmere", "Ashby Marsh"]
OWNERS = ["Chief Executive and Monitoring Officer", "Chief Finance Officer",
          "Head of Policy and Performance", "Head of Commissioning and Partnerships",
          "Head of Communications and Engagement", "Information Governance Manager"]
TAGS = ["budget", "performance", "partnerships", "governance", "community safety",
        "victims", "transparency", "consultation", "estates", "information management"]
SENTENCES = [
    "This page sets out our work on {topic} in {year} and what it means for {area}.",
    "The commissioner asked for a clear account of {topic} so residents can judge progress.",
    "Over the year we met partners in {area} {n} times to agree priorities and share lessons.",
    "Feedback showed that {p} per cent of residents felt better informed than a year before.",
    "We publish this because the public have a right to know how decisions on {topic} are made.",
    "The figures below were compiled from records held by the office and by Northshire Police.",
    "Where figures are estimates we say so, and we explain how they were calculated.",
    "Our approach to {topic} is reviewed every year by the joint audit committee.",
    "In {area} the work was led by the neighbourhood team, with local councils and charities.",
    "The police and crime panel scrutinised this work at a public meeting last autumn.",
    "We compared our results with similar areas and found Northshire close to the average.",
    "Some of the work planned for {year} was delayed, and the next section explains why.",
    "We spent about {n} thousand pounds on this work, all within the budget for the year.",
    "Local people told us that visible, approachable policing matters more than anything else.",
    "The office will keep working with community groups in {area} so that their voice is heard.",
    "Every recommendation of the last review was accepted, and {p} per cent are now complete.",
    "We use plain language so that this information is easy to read and easy to re-use.",
    "The results for {year} show steady progress, with more to do in rural parts of the county.",
    "Staff across the office contributed to this work alongside their other duties.",
    "We will report again next year, and sooner if anything significant changes.",
    "Anyone can ask us for more detail, and much of what people ask for is already published.",
    "The commissioner set three measures of success for {topic}, reported on below.",
    "A summary of the evidence we considered is available on request in an accessible format.",
    "We worked with {n} organisations, from small volunteer groups to national charities.",
]
ACTIONS = [
    "publish an update on {topic} every quarter",
    "hold a public meeting in {area} to hear what residents think",
    "review the budget for {topic} before the start of the next financial year",
    "ask the police and crime panel to scrutinise our progress",
    "agree new measures of success with our partners",
    "make the underlying figures available as open data",
    "train staff in the office on the new procedures",
    "commission an independent evaluation of the work in {area}",
    "respond in writing to every recommendation we receive",
    "check that the information on this page is still accurate",
]


@dataclass(frozen=True)
class PageInfo:
    number: int
    slug: str  # class slug
    year: int
    topic: str
    title: str

    @property
    def folder(self) -> str:
        """Its folder under content/, e.g. what-we-spend/papers-2019 (not a bare year: in
        content/decisions/ a year folder holds decision records, not pages)."""
        return f"{self.slug}/papers-{self.year}"

    @property
    def path(self) -> str:
        """Path under content/, e.g. what-we-spend/papers-2019/page-00123.md."""
        return f"{self.folder}/page-{self.number:05d}.md"


def plan_pages(count: int, rng: random.Random) -> list[PageInfo]:
    """Class, year, topic and title of every page: classes in turn, years in turn."""
    pages = []
    for number in range(count):
        slug = SLUGS[number % len(SLUGS)]
        year = YEARS[(number // len(SLUGS)) % len(YEARS)]
        topic = rng.choice(CLASSES[slug][1])
        title = f"{topic[0].upper()}{topic[1:]} {year}: {rng.choice(ASPECTS)}"
        pages.append(PageInfo(number, slug, year, topic, title))
    return pages


def attachment_name(slug: str, year: int) -> str:
    """The one attachment of a class/year folder: a PDF or a CSV, in turn."""
    kind = "pdf" if (SLUGS.index(slug) + year) % 2 == 0 else "csv"
    return f"{slug}-{year}-summary.{kind}"


def _paragraph(rng: random.Random, fields: dict, sentences: int) -> str:
    chosen = rng.sample(SENTENCES, sentences)
    return " ".join(s.format(n=rng.randint(3, 480), p=rng.randint(12, 96), **fields)
                    for s in chosen)


def _table(rng: random.Random, year: int) -> str:
    lines = [f"| Area | {year - 1} | {year} | Change |", "|---|---:|---:|---:|"]
    for area in rng.sample(AREAS, rng.randint(5, 7)):
        before, after = rng.randint(200, 9000), rng.randint(200, 9000)
        change = round((after - before) * 100 / before)
        lines.append(f"| {area} | {before:,} | {after:,} | {change:+d}% |")
    return "\n".join(lines)


def make_body(rng: random.Random, page: PageInfo, links: list[PageInfo],
              attachment: str | None) -> str:
    """About 600 words of markdown; link K is written `](@@K@@)` and filled in by the caller."""
    fields = {"topic": page.topic, "year": page.year, "area": rng.choice(AREAS)}
    link = [f"[{target.title[0].lower()}{target.title[1:]}](@@{k}@@)"
            for k, target in enumerate(links)]
    actions = [a.format(**fields) for a in rng.sample(ACTIONS, rng.randint(4, 6))]
    next_steps = _paragraph(rng, fields, 3)
    if attachment:
        next_steps += f" The [summary figures for {page.year}]({attachment}) are attached."
    parts = [
        _paragraph(rng, fields, 5) + f" Read more in {link[0]}.",
        "## Background", _paragraph(rng, fields, 5), _paragraph(rng, fields, 5),
        "## Key figures",
        f"The table compares {page.year - 1} with {page.year} for each area of Northshire.",
        _table(rng, page.year),
        "## What we will do", "\n".join(f"- We will {a}." for a in actions),
        "## How we measure progress", _paragraph(rng, fields, 5) + f" See also {link[1]}.",
        "### Next steps", next_steps,
        "## Further information", _paragraph(rng, fields, 4),
        "\n".join(f"- {item}" for item in link[2:]) or "- Ask us for anything not listed here.",
    ]
    return "\n\n".join(parts) + "\n"


def fill_links(body: str, targets: list[str]) -> str:
    """Replace the link markers of `make_body` by TARGETS, in order."""
    for k, target in enumerate(targets):
        body = body.replace(f"@@{k}@@", target)
    return body


def front_matter(rng: random.Random, page: PageInfo, attachment: str | None) -> tuple[dict, str]:
    """(metadata, front matter text) of one page; the metadata is reused for Pelican."""
    published = date(page.year, rng.randint(1, 12), rng.randint(1, 28))
    published = min(published, LAST_DAY)
    updated = min(date(page.year + rng.randint(0, 2), rng.randint(1, 12), 28), LAST_DAY)
    meta = {"title": page.title,
            "summary": f"The {rng.choice(ASPECTS)} on {page.topic} for {page.year}, covering "
                       f"{rng.choice(AREAS)} and the rest of Northshire.",
            "class": page.slug, "published": published.isoformat()}
    if updated > published and rng.random() < 0.7:
        meta["updated"] = updated.isoformat()
    lines = ["---", *(f"{key}: {json.dumps(meta[key], ensure_ascii=False)}"
                      for key in ("title", "summary")),
             *(f"{key}: {meta[key]}" for key in ("class", "published", "updated") if key in meta)]
    if rng.random() < 0.3:
        lines.append(f"review: 2027-{rng.randint(1, 12):02d}-28")
    lines.append(f"owner: {rng.choice(OWNERS)}")
    lines.append(f"tags: [{', '.join(rng.sample(TAGS, 2))}]")
    if attachment:
        lines += ["attachments:", f"  - file: {attachment}",
                  f"    title: Summary figures for {page.year} ({attachment[-3:].upper()})"]
    return meta, "\n".join(lines + ["---", ""])


def write_attachment(folder: Path, name: str, rng: random.Random) -> None:
    if name.endswith(".pdf"):
        shutil.copyfile(PDF, folder / name)
        return
    rows = "\n".join(f"{area},{rng.randint(100, 9999)},{rng.randint(100, 9999)}"
                     for area in AREAS)
    (folder / name).write_text(f"area,last_year,this_year\n{rows}\n", encoding="utf-8")


def pelican_page(meta: dict, page: PageInfo, body: str) -> str:
    lines = [f"Title: {meta['title']}", f"Date: {meta['published']}",
             f"Category: {CLASSES[page.slug][0]}", f"Slug: page-{page.number:05d}",
             f"Summary: {meta['summary']}"]
    if "updated" in meta:
        lines.append(f"Modified: {meta['updated']}")
    return "\n".join(lines) + "\n\n" + body


def write_pages(content: Path, pelican: Path, count: int, rng: random.Random) -> int:
    """Write COUNT pages (and their folders' attachments) to both sites; returns attachments."""
    pages = plan_pages(count, rng)
    owners: dict[tuple[str, int], int] = {}  # folder -> the page that declares its attachment
    for page in pages:
        owners.setdefault((page.slug, page.year), page.number)
    for page in pages:
        folder = content / page.folder
        folder.mkdir(parents=True, exist_ok=True)
        name = attachment_name(page.slug, page.year)
        owns = owners[(page.slug, page.year)] == page.number
        if owns:
            write_attachment(folder, name, rng)
        links = [pages[k + (k >= page.number)]  # never the page itself
                 for k in rng.sample(range(count - 1), rng.randint(2, 4))]
        body = make_body(rng, page, links, name if owns or rng.random() < 0.1 else None)
        meta, head = front_matter(rng, page, name if owns else None)
        relative = [_relative(page.path, target.path) for target in links]
        (content / page.path).write_text(head + "\n" + fill_links(body, relative), "utf-8")
        pelican_links = [f"{{filename}}/page-{target.number:05d}.md" for target in links]
        (pelican / f"page-{page.number:05d}.md").write_text(
            pelican_page(meta, page, fill_links(body, pelican_links)), "utf-8")
    return len(owners)


def _relative(source: str, target: str) -> str:
    """Relative link from content/SOURCE to content/TARGET (both CLASS/YEAR/NAME.md)."""
    if source.rsplit("/", 1)[0] == target.rsplit("/", 1)[0]:
        return target.rsplit("/", 1)[1]
    return "../../" + target


def write_fixed_pages(content: Path) -> None:
    """The home page, each class's index.md, and the pages the footer links to."""
    links = "\n".join(f"- [{title}](/publication-scheme/{slug}/)"
                      for slug, (title, _) in CLASSES.items())
    _write_page(content / "index.md", "Northshire OPCC transparency and publications",
                "Information published by the office, organised by the classes of our "
                "publication scheme.", None,
                "This is a generated reference site for benchmarks; every figure is "
                "illustrative sample data.\n\n## What you will find here\n\n" + links + "\n\n"
                "Our answers to past requests are in the [FOI disclosure log]"
                "(/foi/disclosure-log/).\n")
    for slug, (title, topics) in CLASSES.items():
        _write_page(content / slug / "index.md", title,
                    f"What we publish about {', '.join(topics[:3])} and more.", None,
                    f"This section holds our pages on {', '.join(topics)}, by year.\n\n"
                    f"The [{title.lower()} class of our publication scheme]"
                    f"(/publication-scheme/{slug}/) lists everything we publish in it.\n")
    for path, title, slug in (("accessibility.md", "Accessibility statement", "services"),
                              ("privacy.md", "Privacy notice", "policies"),
                              ("who-we-are/contact.md", "Contact us", "who-we-are")):
        _write_page(content / path, title, f"The {title.lower()} of the office.", slug,
                    f"This is the {title.lower()} of the generated reference site. Please "
                    "write to the office at the address in the footer.\n")


def _write_page(path: Path, title: str, summary: str, slug: str | None, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["---", f"title: {title}", f"summary: {summary}"]
    lines += [f"class: {slug}"] if slug else []
    lines += ["published: 2017-04-01", "updated: 2026-11-01", "---", "", body]
    path.write_text("\n".join(lines), encoding="utf-8")


# Spending: (weight, body, expense area, expense type, supplier type, merchant category,
#            purposes, supplier name patterns)
CC, PCC = "Chief Constable of Northshire Police", "Police and Crime Commissioner for Northshire"
SPEND_LINES = [
    (30, CC, "ICT", "Supplies and services", "company", "Information and communication technology",
     ["Software licences", "Network support", "Laptop replacement programme"],
     ["{p} Digital Ltd", "{p} Data Systems Ltd", "{p} Networks plc"]),
    (25, CC, "Forensic Services", "Agency and contracted services", "company", "Forensic services",
     ["Forensic toxicology", "DNA analysis", "Digital forensic examination"],
     ["{p} Forensics Ltd", "{p} Laboratories Ltd", "{p} Scientific Ltd"]),
    (24, CC, "Estates and Facilities", "Premises", "company", "Building maintenance",
     ["Reactive repairs - police stations", "Planned maintenance - Police Headquarters"],
     ["{p} Building Services Ltd", "{p} Construction Ltd", "{p} Maintenance Ltd"]),
    (23, CC, "Fleet", "Transport", "company", "Vehicle maintenance",
     ["Vehicle servicing", "Tyres and repairs", "Accident repairs"],
     ["{p} Motors Ltd", "{p} Garage Services Ltd", "{p} Auto Care Ltd"]),
    (17, CC, "Fleet", "Transport", "company", "Vehicle parts",
     ["Vehicle parts", "Emergency lighting parts"], ["{p} Motor Factors Ltd", "{p} Parts Ltd"]),
    (14, CC, "Criminal Justice", "Agency and contracted services", "company",
     "Translation and interpreting", ["Interpreting services - custody",
                                      "Translation of witness statements"],
     ["{p} Language Services Ltd", "{p} Translation Ltd"]),
    (11, CC, "Training", "Supplies and services", "public-body", "Training services",
     ["Officer training courses", "Driver training"], ["{p} College", "{p} Borough Council"]),
    (10, CC, "Criminal Justice", "Agency and contracted services", "individual",
     "Translation and interpreting", ["Interpreting services - custody"],
     ["Morgan Fictional", "Jordan Example", "Casey Demo", "Riley Sample", "Alex Placeholder"]),
    (9, CC, "People Services", "Agency and contracted services", "company", "Temporary staff",
     ["Agency staff - finance", "Agency staff - control room"],
     ["{p} Recruitment Ltd", "{p} Staffing Solutions Ltd"]),
    (9, CC, "Estates and Facilities", "Premises", "sole-trader", "Building maintenance",
     ["Minor repairs", "Locksmith call-out"], ["{p} Handyman Services", "{p} Locks and Keys"]),
    (9, CC, "Finance", "Supplies and services", "company", "Office supplies",
     ["Stationery", "Printer consumables"], ["{p} Office Supplies Ltd", "{p} Stationers Ltd"]),
    (8, CC, "Uniform and Equipment", "Supplies and services", "company", "Clothing and uniform",
     ["Uniform trousers and shirts", "High-visibility jackets"],
     ["{p} Workwear Ltd", "{p} Uniforms Ltd"]),
    (7, CC, "Estates and Facilities", "Premises", "company", "Energy",
     ["Electricity - police estate", "Gas - police estate"],
     ["{p} Energy Ltd", "{p} Power Supply plc"]),
    (6, CC, "Estates and Facilities", "Premises", "company", "Security systems",
     ["Alarm maintenance", "CCTV maintenance - custody suites"],
     ["{p} Security Systems Ltd", "{p} Fire and Security Ltd"]),
    (6, CC, "Uniform and Equipment", "Supplies and services", "company", "Protective equipment",
     ["Body armour", "Protective gloves"], ["{p} Safety Equipment Ltd"]),
    (5, CC, "Custody", "Supplies and services", "company", "Catering",
     ["Detainee meals", "Custody catering supplies"], ["{p} Catering Ltd", "{p} Foods Ltd"]),
    (5, PCC, "Professional Standards Panels", "Third party payments", "individual",
     "Professional services", ["Legally qualified chair - police misconduct hearing"],
     ["Morgan Fictional", "Jordan Example", "Casey Demo", "Sam Dummy"]),
    (5, CC, "Operational Support", "Supplies and services", "sole-trader", "Animal care",
     ["Kennelling of police dogs", "Police dog food and veterinary supplies"],
     ["{p} Canine Care", "{p} Kennels"]),
    (5, CC, "Legal Services", "Supplies and services", "partnership", "Legal services",
     ["Legal advice - employment", "Counsel fees"], ["{p} Legal Partners", "{p} Law Chambers"]),
    (5, CC, "Estates and Facilities", "Premises", "sole-trader", "Grounds maintenance",
     ["Grounds maintenance", "Tree surgery"], ["{p} Gardening Services", "{p} Tree Care"]),
    (4, CC, "Estates and Facilities", "Premises", "public-body", "Business rates",
     ["Business rates - police stations"], ["{p} Borough Council", "{p} District Council"]),
    (4, PCC, "Commissioning and Partnerships", "Grants", "charity", "",
     ["Community safety grant", "Youth diversion grant"],
     ["{p} Community Trust", "{p} Youth Foundation", "{p} Street Pastors"]),
    (3, CC, "Communications and Engagement", "Supplies and services", "company",
     "Printing and publishing", ["Printing of leaflets", "Public notices"],
     ["{p} Print Ltd", "{p} Media Ltd"]),
    (3, CC, "Finance", "Supplies and services", "company", "Insurance",
     ["Insurance premium - fleet", "Insurance premium - property"], ["{p} Insurance plc"]),
    (3, CC, "Fleet", "Capital financing", "company", "Vehicle leasing",
     ["Vehicle lease - response cars"], ["{p} Leasing Ltd", "{p} Vehicle Finance plc"]),
    (2, PCC, "Commissioning and Partnerships", "Agency and contracted services", "charity",
     "Social care and support", ["Victim referral and support service - monthly payment"],
     ["{p} Victim Support Partnership", "{p} Women's Aid"]),
    (2, PCC, "Policy and Performance", "Supplies and services", "company",
     "Research and consultancy", ["Public confidence survey", "Research on rural crime"],
     ["{p} Research Ltd", "{p} Insight Ltd"]),
]
PLACES = AREAS + ["Northshire", "Greystone", "Hollowbrook", "Larkfield", "Marshgate",
                  "Pinewood", "Redcliffe", "Stonebridge", "Thornbury", "Wexley", "Yarrow"]


def supplier_lists(rng: random.Random) -> list[list[str]]:
    """Supplier names of each spending line: a fixed, made-up list of a few hundred."""
    lists = []
    for *_, patterns in SPEND_LINES:
        if "{p}" not in patterns[0]:  # the (masked) names of individuals
            lists.append(patterns)
            continue
        names = {rng.choice(patterns).format(p=place) for place in rng.sample(PLACES, 14)}
        lists.append(sorted(names))
    return lists


def month_counts(months: int, rows: int, rng: random.Random) -> list[int]:
    """Rows in each month: about rows/months each, varying by up to 10%, totalling ROWS."""
    weights = [1 + rng.uniform(-0.1, 0.1) for _ in range(months)]
    counts = [int(rows * w / sum(weights)) for w in weights]
    for k in range(rows - sum(counts)):
        counts[k % months] += 1
    return counts


def month_list(months: int) -> list[date]:
    """The first days of the MONTHS months ending with LAST_MONTH, oldest first."""
    total = LAST_MONTH.year * 12 + LAST_MONTH.month - 1
    return [date((total - k) // 12, (total - k) % 12 + 1, 1) for k in reversed(range(months))]


def write_month(path: Path, month: date, count: int, suppliers: list[list[str]],
                rng: random.Random) -> None:
    """One month's CSV of COUNT payments, dated within the month, sorted by date."""
    last = calendar.monthrange(month.year, month.month)[1]
    days = sorted(rng.randint(1, last) for _ in range(count))
    lines = rng.choices(range(len(SPEND_LINES)), [line[0] for line in SPEND_LINES], k=count)
    fiscal = month.year - 2000 - (month.month < 4)
    period = (month.month - 4) % 12 + 1
    prefix = f"AP{fiscal:02d}{period:02d}"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["body", "payment_date", "transaction_number", "line", "expense_area",
                         "expense_type", "supplier_name", "supplier_type", "purpose",
                         "value_for_money", "amount", "irrecoverable_vat",
                         "merchant_category"])
        for number, (day, k) in enumerate(zip(days, lines), 1):
            _, body, area, kind, supplier_type, category, purposes, _ = SPEND_LINES[k]
            amount = min(500 + rng.expovariate(1 / 4000), 250_000)
            vat = f"{amount * 0.2:.2f}" if rng.random() < 0.03 else "0.00"
            writer.writerow([body, f"{month:%Y-%m}-{day:02d}", f"{prefix}{number:05d}", 1,
                             area, kind, rng.choice(suppliers[k]), supplier_type,
                             rng.choice(purposes), "", f"{amount:.2f}", vat, category])


def write_spending(folder: Path, months: int, rows: int, rng: random.Random) -> None:
    """datasets/spend-over-500/: one CSV per month and its datapackage.yaml."""
    folder.mkdir(parents=True)
    suppliers = supplier_lists(rng)
    firsts = month_list(months)
    resources = []
    for month, count in zip(firsts, month_counts(months, rows, rng)):
        name = f"spend-{month:%Y-%m}"
        write_month(folder / f"{name}.csv", month, count, suppliers, rng)
        resources += [f"  - name: {name}", f"    path: {name}.csv",
                      f"    title: {month:%B %Y}", "    schema: ../schemas/spend-over-500.json"]
    header = [
        "title: Spending over £500",
        "description: Every payment over £500, one CSV per month (generated benchmark data).",
        "item: sio-3g", "class: what-we-spend", f"published: {firsts[0]:%Y-%m}-15",
        "value_for_money: Every payment follows the contract standing orders.",
        "updated: 2026-11-12", "frequency: monthly",
        f"period: {firsts[0]:%B %Y} to {firsts[-1]:%B %Y}", "sample: true", "resources:"]
    (folder / "datapackage.yaml").write_text("\n".join(header + resources) + "\n", "utf-8")


PELICANCONF = '''"""Pelican settings for the benchmark copy of the reference site's pages."""
AUTHOR = "Northshire OPCC"
SITENAME = "Northshire OPCC transparency and publications"
SITEURL = ""
PATH = "content"
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
DEFAULT_PAGINATION = 10
RELATIVE_URLS = True
LOAD_CONTENT_CACHE = False  # the harness turns the cache on with -e for its rebuilds
CACHE_CONTENT = False
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.toc": {},  # heading anchors, as opcc writes them
    },
    "output_format": "html5",
}
'''


def fresh_folder(folder: Path) -> None:
    """Empty FOLDER if it is empty or holds an earlier reference site; refuse otherwise."""
    if folder.exists() and any(folder.iterdir()):
        if not (folder / STAMP).exists():
            raise SystemExit(f"{folder} is not empty and is not a reference site: not replacing it")
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)


def make_site(out: Path, pelican_out: Path, pages: int = 10_000, foi: int = 10_000,
              months: int = 120, rows: int = 1_000_000, seed: int = 1) -> dict:
    """Write the reference site to OUT and its pages as a Pelican project to PELICAN_OUT."""
    rng = random.Random(seed)
    stamp = {"pages": pages, "foi": foi, "months": months, "rows": rows, "seed": seed,
             "script": SCRIPT}
    for folder in (out, pelican_out):
        fresh_folder(folder)
    # the example's settings, without the header link to news (the reference site has none)
    settings = (REPO / "site.yaml").read_text("utf-8")
    (out / "site.yaml").write_text(settings.replace("  - {title: News, url: /news/}\n", ""),
                                   "utf-8")
    shutil.copytree(REPO / "templates", out / "templates",
                    ignore=shutil.ignore_patterns("node_modules"))
    (out / "datasets" / "schemas").mkdir(parents=True)
    shutil.copy(REPO / "datasets" / "schemas" / "spend-over-500.json",
                out / "datasets" / "schemas")
    (pelican_out / "content").mkdir()
    (pelican_out / "pelicanconf.py").write_text(PELICANCONF, "utf-8")
    write_fixed_pages(out / "content")
    stamp["attachments"] = write_pages(out / "content", pelican_out / "content", pages, rng)
    make_log(out / "content" / "foi", foi, seed)
    write_spending(out / "datasets" / "spend-over-500", months, rows, rng)
    for folder in (out, pelican_out):
        (folder / STAMP).write_text(json.dumps(stamp, indent=1) + "\n", "utf-8")
    return stamp


def _megabytes(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the site folder to write")
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--foi", type=int, default=10_000)
    parser.add_argument("--months", type=int, default=120)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pelican-out", type=Path, help="default: OUT-pelican beside OUT")
    args = parser.parse_args()
    out = args.out.resolve()
    pelican_out = (args.pelican_out or out.with_name(out.name + "-pelican")).resolve()
    if args.pages < 5 or args.months < 1 or args.rows < args.months:
        sys.exit("need at least five pages, one month and a row per month")
    started = time.perf_counter()
    stamp = make_site(out, pelican_out, args.pages, args.foi, args.months, args.rows, args.seed)
    print(f"wrote {out} ({_megabytes(out):.0f} MB): {args.pages:,} pages and "
          f"{stamp['attachments']} attachments in content/CLASS/YEAR/, {args.foi:,} FOI "
          f"records in content/foi/, {args.months} monthly CSVs with {args.rows:,} rows in "
          f"datasets/spend-over-500/")
    print(f"wrote {pelican_out}: the same {args.pages:,} pages as a Pelican project")
    print(f"in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
