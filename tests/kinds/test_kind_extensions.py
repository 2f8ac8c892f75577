"""What the registry offers a kind beyond pages and listings, proven with a small kind
registered here: records beside the folder's own pages (Kind.records), its own site.yaml
section (Kind.settings), duties each record owes for the compliance report
(Fulfilment.obligations), and the shared reading of record files (kinds/common/reading.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from markupsafe import Markup

from opcc.build.pipeline import BuildOptions, build_site
from opcc.config import ConfigError, Option, load_config
from opcc.kinds import registry
from opcc.kinds.base import Kind, ReadContext
from opcc.kinds.common import reading
from opcc.render.views import PageSpec
from opcc.scheme import Fulfilment, Obligation, assess, load_profile
from opcc.source.front_matter import FrontMatterSchema, Key, Wording
from tests.conftest import MINIMAL_CONFIG
from tests.kinds.test_kinds import TEMPLATES

TODAY = date(2026, 11, 25)
ITEM = "sio-5d"  # a decision record: due by an event rule


@dataclass(frozen=True)
class Ruling:
    source: str
    url: str
    title: str
    summary: str
    body: str
    body_line: int
    made: date
    published: date | None
    due: date
    attachments: tuple = ()
    draft: bool = False

    @property
    def last_updated(self) -> date | None:
        return self.published


SCHEMA = FrontMatterSchema(family="content", keys=(
    Key("title", "the ruling's title", required=True),
    Key("made", "the day it was made (YYYY-MM-DD)", (date,), required=True),
    Key("published", "the day it was published (YYYY-MM-DD)", (date,)),
    Key("papers", "papers: a list of {file, title}", (object,)),
    Key("draft", "true while it is not ready", (bool,), default=False),
), wording=Wording(noun="ruling", key_line="title: A ruling"))


def read_rulings(context: ReadContext) -> tuple[list, list]:
    days = context.config.kinds["ruling"]["publish_within_days"]

    def read_one(path: Path):
        found: list = []
        record = reading.read_record_file(context.root, path, SCHEMA, found)
        if record is None:
            return None, found
        values = record.front.values()
        attachments = reading.read_attachments(context.root, record, "papers")
        if any(d.severity == "error" for d in found) or None in (values["title"],
                                                                 values["made"]):
            return None, found
        return Ruling(record.relative, f"/rulings/{path.parent.name}/{path.stem}/",
                      values["title"], "", record.body, record.body_line, values["made"],
                      values["published"], values["made"] + timedelta(days=days),
                      attachments, values["draft"]), found

    paths = reading.find_record_files(context.root, "rulings", RULINGS.records)
    return reading.load_records(paths, read_one, context.include_drafts,
                                identity=lambda r: r.url)


def fulfils(rulings: list) -> dict[str, list[Fulfilment]]:
    duties = tuple(Obligation(f"the record of '{r.title}'", r.due, r.published, r.source)
                   for r in rulings)
    return {ITEM: [Fulfilment("Rulings", "/rulings/", "content/rulings", None, None, "page",
                              obligations=duties)]}


class RulingRenderer:
    def __init__(self, site, rulings):
        self.site, self.rulings = site, rulings

    def spec(self, ruling) -> PageSpec:
        return PageSpec(ruling.url, ruling.title, "", "ruling", ruling.published,
                        ruling.published)

    def specs(self):
        return [self.spec(r) for r in self.rulings]

    def render_record(self, ruling) -> bytes:
        return self.site.render_template("notice.html", ruling.url,
                                         page=self.site.view(self.spec(ruling)),
                                         html=Markup(self.site.bodies[ruling.url].html))

    def site_pages(self):
        return {}

    def class_entries(self):
        return []


RULINGS = Kind(name="ruling", folder="rulings", scheme_class="decisions", record_type=Ruling,
               read=read_rulings, renderer=RulingRenderer, fulfils=fulfils,
               records="[0-9][0-9][0-9][0-9]/*.md",
               settings={"publish_within_days": Option("days to publish a ruling", int,
                                                       default=10)})


@pytest.fixture
def rulings_registered():
    registry.register(RULINGS)
    try:
        yield
    finally:
        registry.unregister(RULINGS.name)


def ruling(title: str, made: str, published: str | None = None, extra: str = "") -> str:
    lines = [f"title: {title}", f"made: {made}", extra]
    if published:
        lines.append(f"published: {published}")
    return "---\n" + "\n".join(line for line in lines if line) + "\n---\nThe ruling.\n"


def records(root: Path, include_drafts: bool = False):
    return read_rulings(ReadContext(root, load_config(root), TODAY, include_drafts))


def test_a_kinds_records_pattern_leaves_the_folders_own_pages_as_pages(make_site,
                                                                       rulings_registered):
    root = make_site({**TEMPLATES, "content/rulings/index.md": "---\ntitle: Rulings\nclass: decisions\n"
                      "---\nHow we rule.\n",
                      "content/rulings/2026/first.md": ruling("First", "2026-11-02",
                                                              "2026-11-03")})
    result = build_site(BuildOptions(root, today=TODAY))
    assert result.ok, result.diagnostics
    assert "How we rule." in (root / "site/rulings/index.html").read_text()
    assert (root / "site/rulings/2026/first/index.html").is_file()
    assert registry.is_record_source("content/rulings/2026/first.md")
    assert not registry.is_record_source("content/rulings/index.md")


def test_a_kinds_settings_are_its_own_section_of_site_yaml(make_site, rulings_registered):
    root = make_site({"content/rulings/2026/first.md": ruling("First", "2026-11-02")},
                     config=MINIMAL_CONFIG + "ruling:\n  publish_within_days: 3\n")
    (found,), _ = records(root)
    assert found.due == date(2026, 11, 5)
    (root / "site.yaml").write_text(MINIMAL_CONFIG + "ruling:\n  publish_within: 3\n")
    with pytest.raises(ConfigError) as failed:
        load_config(root)
    (problem,) = failed.value.diagnostics
    assert (problem.code, problem.path, problem.line) == ("config.unknown-key", "site.yaml", 9)
    assert "publish_within_days" in problem.message  # did you mean
    (root / "site.yaml").write_text(MINIMAL_CONFIG + "ruling:\n  publish_within_days: soon\n")
    with pytest.raises(ConfigError) as failed:
        load_config(root)
    assert [(d.code, d.line) for d in failed.value.diagnostics] == [("config.type", 9)]


def test_each_records_duty_is_judged_on_its_own(make_site, rulings_registered):
    profile = load_profile("opcc")
    late = Obligation("the record of 'Estates'", date(2026, 11, 1), None, "a.md")
    met_late = Obligation("the record of 'Grants'", date(2026, 10, 1), date(2026, 10, 9), "b.md")
    coming = Obligation("the record of 'Precept'", date(2026, 12, 2), None, "c.md")
    found = Fulfilment("Rulings", "/rulings/", "content/rulings", date(2026, 11, 20), None,
                       "page", obligations=(late, met_late, coming))
    status = next(s for s in assess(profile, {ITEM: [found]}, TODAY) if s.item.id == ITEM)
    assert status.status == "overdue"
    assert status.late == ("the record of 'Estates' (due 1 November 2026)",)
    assert status.late_since == date(2026, 11, 1) and status.next_due == date(2026, 12, 2)
    assert status.due_rule == "within 28 days of each decision"  # the profile's: no rule given
    ruled = Fulfilment("Rulings", "/rulings/", "content/rulings", None, None, "page",
                       obligations=(replace(late, rule="3 days after each ruling"),))
    status = next(s for s in assess(profile, {ITEM: [ruled]}, TODAY) if s.item.id == ITEM)
    assert status.due_rule == "3 days after each ruling"  # the records' own, with the site's days
    # a later publication elsewhere does not excuse a record that owes its own
    on_time = Fulfilment("Rulings", "/rulings/", "content/rulings", date(2026, 11, 24), None,
                         "page", obligations=(met_late, coming))
    status = next(s for s in assess(profile, {ITEM: [on_time]}, TODAY) if s.item.id == ITEM)
    assert status.status == "due-soon" and status.late == ()


def test_the_build_reports_a_records_late_duty(make_site, rulings_registered):
    root = make_site({**TEMPLATES,
                      "content/rulings/2026/first.md": ruling("First", "2026-10-01")})
    result = build_site(BuildOptions(root, today=TODAY))
    status = next(s for s in result.compliance if s.item.id == ITEM)
    assert status.status == "overdue" and "the record of 'First'" in status.late[0]


def test_shared_reading_reports_with_positions(make_site, rulings_registered):
    root = make_site({
        "content/rulings/2026/a.md": ruling("A", "2026-11-02",
                                            extra="papers:\n  - {file: gone.pdf, title: G}\n"
                                                  "  - {file: x.pdf}"),
        "content/rulings/2026/b.md": "---\ntitle: B\nmade: 2026-11-02\n---\nA\x07bell.\n",
        "content/rulings/2026/c.md": ruling("C", "2026-13-02", extra="draft: true"),
        "content/rulings/2026/d.md": b"---\ntitle: \xff\n---\n",
    })
    found, problems = records(root)
    codes = {(d.code, d.path.rsplit("/", 1)[-1], d.line, d.severity) for d in problems}
    assert ("attachment.missing", "a.md", 5, "error") in codes
    assert ("record.attachment", "a.md", 6, "error") in codes
    assert ("record.character", "b.md", 5, "error") in codes
    assert any(c[0] == "content.date" and c[1] == "c.md" and c[3] == "warning" for c in codes), \
        codes  # a draft's errors are warnings
    assert ("record.encoding", "d.md", 2, "error") in codes
    assert found == []


def test_two_records_with_one_identity_are_a_duplicate(make_site, rulings_registered):
    root = make_site({"content/rulings/2026/a.md": ruling("A", "2026-11-02")})
    paths = [root / "content/rulings/2026/a.md"] * 2
    found, problems = reading.load_records(
        paths, lambda p: (Ruling("content/rulings/2026/a.md", "/r/", "A", "", "", 1,
                                 TODAY, TODAY, TODAY), []), False, identity=lambda r: r.url)
    assert len(found) == 1 and [d.code for d in problems] == ["record.duplicate"]
