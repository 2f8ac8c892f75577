"""Part 3 of the Specified Information Order: the information is published "in a prominent
place on the website". Checked on the rendered site:

- the home page (or, on a site without one, the header of every page) links to the
  Specified information page;
- each publication of an item Part 3 names (paragraphs 7A to 7C: `Item.prominent`) is
  linked from the home page, the header or the Specified information page.

Otherwise `scheme.not-prominent`, an error: the Order is not met however good the page is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

from opcc.checks.links import output_path
from opcc.config import CONFIG_FILE, SiteConfig
from opcc.diagnostics import Diagnostic, error
from opcc.render.specified_information import SPECIFIED_URL
from opcc.scheme import ItemStatus, Profile

HOME_OUTPUT = "index.html"
HOME_SOURCE = "content/index.md"
CODE = "scheme.not-prominent"
SHOWN_PAGES = 3  # pages named in a message about headers


class _Links(HTMLParser):
    """The hrefs of a page's links: all of them, and those in its header (a <header>
    outside <main>)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.all: list[str] = []
        self.header: list[str] = []
        self._header = 0
        self._main = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "main":
            self._main += 1
        elif tag == "header" and not self._main:
            self._header += 1
        elif tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.all.append(href)
                if self._header:
                    self.header.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag == "main" and self._main:
            self._main -= 1
        elif tag == "header" and self._header and not self._main:
            self._header -= 1


def page_url(path: str) -> str:
    """The site path of an output: a/b/index.html -> /a/b/ ; index.html -> /"""
    if path == HOME_OUTPUT:
        return "/"
    return "/" + (path[: -len(HOME_OUTPUT)] if path.endswith("/" + HOME_OUTPUT) else path)


class SiteLinks:
    """Where the links of built pages lead, as output paths (the site's own pages only)."""

    def __init__(self, config: SiteConfig, outputs: Mapping[str, object]):
        self.base = urlsplit(config.base_url)
        self.base_path = config.base_path
        self.outputs = outputs

    def parse(self, path: str, header_only: bool = False) -> _Links | None:
        data = self.outputs.get(path)
        if not isinstance(data, bytes):
            return None
        if header_only:  # the header comes before <main>: no need to read further
            data = data.split(b"<main", 1)[0]
        parser = _Links()  # html.parser reads any text, however broken
        parser.feed(data.decode("utf-8", "replace"))
        parser.close()
        return parser

    def targets(self, path: str, hrefs: Iterable[str]) -> set[str]:
        """The output paths `hrefs` on the page `path` lead to."""
        here = f"{self.base.scheme}://{self.base.netloc}{self.base_path}{page_url(path)}"
        found = set()
        for href in hrefs:
            parts = urlsplit(urljoin(here, href.strip()))
            if parts.scheme not in ("http", "https") or parts.netloc != self.base.netloc:
                continue
            site = unquote(parts.path)
            if self.base_path:
                if not (site == self.base_path or site.startswith(self.base_path + "/")):
                    continue
                site = site[len(self.base_path):] or "/"
            found.add(output_path(site))
        return found

    def redirect(self, path: str) -> bool:
        data = self.outputs.get(path)
        return isinstance(data, bytes) and b'http-equiv="refresh"' in data[:4096]


def check_prominence(profile: Profile, compliance: list[ItemStatus],
                     outputs: Mapping[str, object], config: SiteConfig) -> list[Diagnostic]:
    """`scheme.not-prominent` for the Specified information page and each publication of a
    Part 3 item that the home page, the header and (for the items) that page do not link."""
    prominent = [s for s in compliance if s.item.prominent and s.reason is None]
    specified = output_path(SPECIFIED_URL)
    has_page = specified in outputs
    if not has_page and not prominent:
        return []
    links = SiteLinks(config, outputs)
    home = links.parse(HOME_OUTPUT)
    from_home = links.targets(HOME_OUTPUT, home.all) if home else set()
    problems: list[Diagnostic] = []
    if has_page and specified not in from_home:
        problem = _page_not_prominent(links, config, home is not None, specified)
        if problem is not None:
            problems.append(problem)
    page = links.parse(specified) if has_page else None
    reachable = from_home | (links.targets(specified, page.all) if page else set())
    if home is None:  # no home page: what every page's header links to
        reachable |= _in_every_header(links)
    reachable.add(HOME_OUTPUT)
    for status in prominent:
        for fulfilment in status.fulfilled_by:
            if output_path(fulfilment.url) not in reachable:
                problems.append(_item_not_prominent(status, fulfilment, has_page))
    return problems


def _html_pages(links: SiteLinks) -> list[str]:
    return sorted(path for path, data in links.outputs.items()
                  if path.endswith(".html") and isinstance(data, bytes)
                  and not links.redirect(path))


def _in_every_header(links: SiteLinks) -> set[str]:
    common: set[str] | None = None
    for path in _html_pages(links):
        parsed = links.parse(path, header_only=True)
        found = links.targets(path, parsed.header) if parsed else set()
        common = found if common is None else common & found
        if not common:
            return set()
    return common or set()


def _page_not_prominent(links: SiteLinks, config: SiteConfig, has_home: bool,
                        specified: str) -> Diagnostic | None:
    """The page is prominent when every page's header links to it; else the error."""
    pages = _html_pages(links)
    lacking = []
    for path in pages:
        parsed = links.parse(path, header_only=True)
        if parsed is None or specified not in links.targets(path, parsed.header):
            lacking.append(page_url(path))
    if not lacking:
        return None
    if len(lacking) == len(pages):
        headers = "no page's header does either"
    else:
        more = len(lacking) - SHOWN_PAGES
        headers = "the header of " + ", ".join(lacking[:SHOWN_PAGES]) + (
            f" and {more} other page{'s' if more != 1 else ''}" if more > 0 else "") + \
            " does not either"
    where = "the home page does not link to it" if has_home else "the site has no home page"
    if has_home:
        path, line = HOME_SOURCE, 1
    else:
        path = CONFIG_FILE
        line = config.navigation[0].line - 1 if config.navigation and \
            config.navigation[0].line else 1
    return error(
        CODE, f"the Specified information page ({SPECIFIED_URL}) is not in a prominent place, "
              f"as Part 3 of the Specified Information Order requires: {where}, and "
              f"{headers}",
        path=path, line=line,
        hint=f"link {SPECIFIED_URL} from the home page ({HOME_SOURCE}) or site.yaml "
             "navigation; a custom templates/partials/header.html must keep the navigation "
             "links, which include it")


def _item_not_prominent(status: ItemStatus, fulfilment, has_page: bool) -> Diagnostic:
    item = status.item
    paragraph = f"paragraph {item.specified.paragraph}" if item.specified else "Part 3"
    places = "the home page, the header nor the Specified information page" if has_page \
        else "the home page nor the header"
    return error(
        CODE, f"{item.id} ({paragraph} of the Specified Information Order, "
              f"'{item.title}') is published at {fulfilment.url} but not in a prominent place, "
              f"as Part 3 of the Order requires: neither {places} links to it",
        path=fulfilment.source, line=fulfilment.line or 1,
        hint=f"link {fulfilment.url} from the home page ({HOME_SOURCE}) or site.yaml "
             "navigation")
