"""Part 3 of the Specified Information Order, "published in a prominent place on the
website" (issue 18 item 5): the Specified information page is linked from the home page or
every page's header, and each publication of paragraphs 7A to 7C from the home page, the
header or that page. Otherwise scheme.not-prominent, an error: exit 1. Through the real CLI.
"""

from __future__ import annotations

import json
from types import SimpleNamespace

from click.testing import CliRunner

from opcc.checks.prominence import SiteLinks
from opcc.cli.main import main
from tests.conftest import HOME, MINIMAL_CONFIG

TODAY = "2026-11-25"
CODE = "scheme.not-prominent"
# A header without the service navigation, which carries the link on every page.
BARE_HEADER = '<header class="app-header"><a href="{{ site.home_href }}">{{ site.name }}</a>' \
              "</header>\n"
# A Specified information page that links to nothing.
BARE_PAGE = '{% extends "base.html" %}{% block content %}<h1>{{ page.title }}</h1>' \
            "{% endblock %}\n"
HMICFRS = """\
---
title: HMICFRS inspection reports
summary: The inspectorate's latest reports on Testshire Police.
class: priorities
published: 2026-01-10
item: sio-7B
---
The most recent PEEL report.
"""
# A home page that shows only its own text (not the recently updated pages).
BARE_HOME = '{% extends "base.html" %}{% block content %}{{ content.html }}{% endblock %}\n'
PRIORITIES = """\
---
title: National policing priorities
summary: How the force contributes to the national priorities.
class: priorities
published: 2026-01-10
item: [sio-7Aa, sio-7Ab]
---
The priorities.
"""


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def check(root) -> tuple[int, list[dict]]:
    result = run("check", "--root", str(root), "--today", TODAY, "--format", "json")
    return result.exit_code, [d for d in json.loads(result.output)["diagnostics"]
                              if d["code"] == CODE]


def test_the_example_site_is_prominent(example_site):
    result = run("build", "--root", str(example_site), "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert CODE not in result.output


def test_the_header_link_alone_makes_the_page_prominent(make_site):
    root = make_site({"content/priorities/hmicfrs.md": HMICFRS})
    assert check(root) == (0, [])
    home = (root / "content" / "index.md").read_text("utf-8")
    assert "specified-information" not in home  # the header's link is enough


def test_a_header_without_the_link_and_a_home_page_without_it_fail(make_site):
    root = make_site({"templates/partials/header.html": BARE_HEADER})
    code, found = check(root)
    assert code == 1
    assert len(found) == 1, found
    problem = found[0]
    assert (problem["severity"], problem["path"], problem["line"]) == \
        ("error", "content/index.md", 1)
    assert "/specified-information/" in problem["message"]
    assert "no page's header does either" in problem["message"]
    assert "link /specified-information/ from the home page (content/index.md)" in \
        problem["hint"]
    result = run("build", "--root", str(root), "--today", TODAY)
    assert result.exit_code == 1
    assert f"content/index.md:1: error[{CODE}]" in result.output
    assert not (root / "site").exists()  # nothing is written with errors


def test_a_link_from_the_home_page_is_enough(make_site):
    root = make_site({"templates/partials/header.html": BARE_HEADER,
                      "content/index.md": HOME + "\nRead our [specified information]"
                                                 "(/specified-information/).\n"})
    assert check(root) == (0, [])


def test_a_site_without_a_home_page_needs_the_link_in_every_header(make_site):
    root = make_site({"templates/partials/header.html": BARE_HEADER})
    (root / "content" / "index.md").unlink()
    code, found = check(root)
    assert code == 1
    assert [(d["path"], d["line"]) for d in found] == [("site.yaml", 6)]  # navigation:
    assert "the site has no home page" in found[0]["message"]


def test_a_part_3_page_nothing_prominent_links_to_is_an_error(make_site):
    root = make_site({"templates/specified-information.html": BARE_PAGE,
                      "templates/home.html": BARE_HOME,
                      "content/priorities/hmicfrs.md": HMICFRS,
                      "content/priorities/national-priorities.md": PRIORITIES})
    code, found = check(root)
    assert code == 1
    by_item = {d["message"].split(" ", 1)[0]: d for d in found}
    assert sorted(by_item) == ["sio-7Aa", "sio-7Ab", "sio-7B"]
    problem = by_item["sio-7B"]
    assert (problem["path"], problem["line"]) == ("content/priorities/hmicfrs.md", 6)
    assert "paragraph 7B of the Specified Information Order" in problem["message"]
    assert "published at /priorities/hmicfrs/" in problem["message"]
    assert problem["hint"] == ("link /priorities/hmicfrs/ from the home page "
                               "(content/index.md) or site.yaml navigation")
    assert by_item["sio-7Aa"]["path"] == "content/priorities/national-priorities.md"


def test_home_page_or_navigation_links_make_part_3_pages_prominent(make_site):
    root = make_site({"templates/specified-information.html": BARE_PAGE,
                      "templates/home.html": BARE_HOME,
                      "content/priorities/hmicfrs.md": HMICFRS,
                      "content/priorities/national-priorities.md": PRIORITIES,
                      "content/index.md": HOME + "\n[Inspections](priorities/hmicfrs.md)\n",
                      "site.yaml": MINIMAL_CONFIG + "  - {title: National priorities, "
                                   "url: /priorities/national-priorities/}\n"})
    assert check(root) == (0, [])


def test_a_part_3_item_that_does_not_apply_is_not_checked(make_site):
    root = make_site({"templates/specified-information.html": BARE_PAGE,
                      "templates/home.html": BARE_HOME,
                      "content/priorities/hmicfrs.md": HMICFRS.replace("sio-7B", "sio-7C"),
                      "site.yaml": MINIMAL_CONFIG + "scheme:\n  not_applicable:\n"
                                   "    sio-7C: Published by the combined authority.\n"})
    assert check(root) == (0, [])


def test_links_resolve_against_the_site_address_and_its_path():
    config = SimpleNamespace(base_url="https://example.org/opcc/", base_path="/opcc")
    links = SiteLinks(config, {})
    assert links.targets("about/index.html", [
        "/opcc/specified-information/",  # root-relative, under the site's path
        "../priorities/hmicfrs/#latest",  # relative to the page
        "https://example.org/opcc/foi/?q=1",  # absolute, on this site
        "https://elsewhere.example/opcc/x/",  # another site
        "/specified-information/",  # outside the site's path
        "mailto:foi@example.org",
    ]) == {"specified-information/index.html", "priorities/hmicfrs/index.html",
           "foi/index.html"}
