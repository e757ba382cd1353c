"""The site as people meet it: served over real HTTP, crawled, and opened in Chromium.

    with served(site_folder) as root:          # http://127.0.0.1:PORT/
        crawl = crawl_site(root)                # every page and file reachable from index.html
        crawl.broken()                          # one line per broken link ([] when none)
        crawl.pages, crawl.figures[url]         # the HTML pages; the figures (charts) of one
    with chromium() as browser:                 # Debian's chromium driven by Playwright
        page = browser.new_page()

The server is Python's `http.server` in a thread, strict as a static host that is not told
otherwise and as a folder opened with file://: a URL names a file or is a 404 (no directory
listing, no `index.html` for a folder). The browser is Debian's `chromium` package, never one
downloaded by Playwright; where it is not installed (`make test` installs it where apt-get
can), `chromium()` skips the test and says so.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from html.parser import HTMLParser
from http.client import HTTPConnection
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urldefrag, urljoin, urlsplit

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
NO_CHROMIUM = (
    f"no Chromium at {CHROMIUM}, and `make test` could not install Debian's chromium package "
    "(that needs apt-get, as root or by sudo without a password)"
)
AXE_SCRIPT = Path(str(files("axe_playwright_python") / "axe.min.js"))  # axe-core, as shipped
SERIOUS = frozenset({"serious", "critical"})  # the axe impacts a page must not have

# Where an element names another file or a place in one; (tag, attribute).
_LINKING = frozenset(
    {
        ("a", "href"),
        ("area", "href"),
        ("link", "href"),
        ("img", "src"),
        ("script", "src"),
        ("source", "src"),
        ("iframe", "src"),
        ("object", "data"),
        ("form", "action"),
    }
)
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
_TOP = frozenset({"", "top"})  # fragments a browser honours without an element of that id
_URL_SAFE = "/%:@!$&'()*+,;=-._~"  # kept in a path sent (an href's non-ASCII is encoded)
CHART_ROLES = frozenset({"img", "graphics-document"})  # a chart's <svg role> (2nd: with links)


# -- the server -------------------------------------------------------------------------------


class _StaticFiles(SimpleHTTPRequestHandler):
    """Files of one folder, nothing else: a folder's URL is a 404, as on file:// or S3."""

    protocol_version = "HTTP/1.1"  # connections kept alive, as a browser and the crawl expect
    disable_nagle_algorithm = True  # else each kept-alive answer waits for a delayed ACK

    def send_head(self) -> Any:
        if Path(self.translate_path(self.path)).is_dir():
            self.send_error(404, "a folder, not a file")
            return None
        return super().send_head()

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the tests' output clean: the crawl reports what matters."""


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """Serve the files of `folder` on a free port of 127.0.0.1; yield its root URL (with `/`)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_StaticFiles, directory=str(folder)))
    server.daemon_threads = True
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="site-server", daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# -- the browser ------------------------------------------------------------------------------


@contextmanager
def chromium() -> Iterator[Browser]:
    """Launch Debian's Chromium headless through Playwright; yield the Browser, then close it.

    Skips the test, saying why, where the browser is not installed.
    """
    if not CHROMIUM.is_file():
        pytest.skip(NO_CHROMIUM)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS)
        )
        try:
            yield browser
        finally:
            browser.close()


def axe_violations(page: Page) -> list[str]:
    """Run axe-core on the page open in `page`; one line per serious or critical violation.

    The page's context must have axe-core in it (`context.add_init_script(path=AXE_SCRIPT)`),
    so that it is not sent again for every page.
    """
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    lines = []
    for violation in results["violations"]:
        if violation["impact"] not in SERIOUS:
            continue
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
        more = len(violation["nodes"]) - len(targets)
        lines.append(
            f"{page.url}: {violation['id']} ({violation['impact']}): {violation['help']}; "
            f"at {', '.join(targets)}{f' and {more} more' if more > 0 else ''}"
        )
    return lines


# -- the crawler ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """One reference from a page or stylesheet (`source`) to a URL (`target`, with fragment)."""

    source: str
    target: str
    element: str  # "a href", "link href (alternate)", "css url", ...


@dataclass
class Figure:
    """A `<figure>` of a page: the charts, tables and links to CSV files inside it."""

    charts: int = 0
    tables: int = 0
    csv: list[str] = field(default_factory=list)  # hrefs as written


@dataclass
class Crawl:
    """What a crawl met: every URL of the site with its status, each page's ids, every link."""

    root: str
    status: dict[str, int] = field(default_factory=dict)  # URL (no fragment) -> HTTP status
    ids: dict[str, frozenset[str]] = field(default_factory=dict)  # HTML page -> its ids
    charts: dict[str, int] = field(default_factory=dict)  # HTML page -> its charts (<svg role>)
    figures: dict[str, list[Figure]] = field(default_factory=dict)  # HTML page -> its figures
    links: list[Link] = field(default_factory=list)
    outside: set[str] = field(default_factory=set)  # links that leave the site (not followed)

    @property
    def pages(self) -> list[str]:
        """The URLs of the HTML pages found, sorted."""
        return sorted(self.ids)

    def broken(self) -> list[str]:
        """One line per link to a missing file or to a fragment no element of its page has."""
        lines = []
        for link in self.links:
            url, fragment = urldefrag(link.target)
            status = self.status.get(url)
            if status != 200:
                lines.append(f"{link.source}: {link.element} {link.target}: HTTP {status}")
            elif fragment and url in self.ids and unquote(fragment) not in _TOP | self.ids[url]:
                lines.append(f"{link.source}: {link.element} {link.target}: no such id")
        return lines


class _Page(HTMLParser):
    """The ids, charts and figures of an HTML page, and the URLs its elements name."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.refs: list[tuple[str, str]] = []  # (element, URL as written)
        self.base: str | None = None
        self.charts = 0
        self.figures: list[Figure] = []
        self._open: list[Figure] = []  # the figures the parser is in
        self._style = False
        self.css: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        if tag == "figure":
            self._open.append(Figure())
        elif tag == "svg" and values.get("role") in CHART_ROLES:
            self.charts += 1
            if self._open:
                self._open[-1].charts += 1
        elif tag == "table" and self._open:
            self._open[-1].tables += 1
        elif tag == "a" and self._open and urlsplit(values.get("href", "")).path.endswith(".csv"):
            self._open[-1].csv.append(values["href"])
        if tag == "base" and "href" in values:
            self.base = values["href"]
        self._style = tag == "style"
        for name, value in values.items():
            if (tag, name) in _LINKING:
                rel = f" ({values['rel']})" if tag == "link" and "rel" in values else ""
                self.refs.append((f"{tag} {name}{rel}", value))
            elif name == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        self.refs.append((f"{tag} srcset", candidate.split()[0]))
            elif name == "style":
                self.css.append(value)

    def handle_endtag(self, tag: str) -> None:
        self._style = False
        if tag == "figure" and self._open:
            self.figures.append(self._open.pop())

    def handle_data(self, data: str) -> None:
        if self._style:
            self.css.append(data)


def _css_refs(text: str) -> list[str]:
    return [match.group(2) or match.group(4) for match in _CSS_URL.finditer(text)]


class _Client:
    """One kept-alive HTTP connection to the site's server."""

    def __init__(self, root: str) -> None:
        self.netloc = urlsplit(root).netloc
        self.connection = HTTPConnection(self.netloc, timeout=10)

    def fetch(self, url: str) -> tuple[int, str, bytes]:
        """Return the status, content type and body of `url`."""
        parts = urlsplit(url)
        target = quote(parts.path, safe=_URL_SAFE) + (f"?{parts.query}" if parts.query else "")
        self.connection.request("GET", target)
        response = self.connection.getresponse()
        body = response.read()
        if response.will_close:
            self.connection.close()
        return response.status, response.headers.get_content_type(), body

    def close(self) -> None:
        self.connection.close()


def crawl_site(root: str, start: str = "index.html") -> Crawl:
    """Fetch `start` under `root` and, transitively, every URL of the site it links to.

    Links that leave `root` (other hosts, `mailto:`, the IRIs under w3id.org, ...) are noted
    in `Crawl.outside`, not followed. HTML pages and stylesheets are read for their links.
    """
    crawl = Crawl(root)
    client = _Client(root)
    try:
        _crawl(crawl, client, start)
    finally:
        client.close()
    return crawl


def _crawl(crawl: Crawl, client: _Client, start: str) -> None:
    root = crawl.root
    queue = [urljoin(root, start)]
    crawl.links.append(Link("(start)", queue[0], "start"))
    while queue:
        url = queue.pop()
        if url in crawl.status:
            continue
        status, content_type, body = client.fetch(url)
        crawl.status[url] = status
        if status != 200:
            continue
        refs: list[tuple[str, str]] = []
        base = url
        if content_type == "text/html":
            parser = _Page()
            parser.feed(body.decode("utf-8"))
            parser.close()
            crawl.ids[url] = frozenset(parser.ids)
            crawl.charts[url] = parser.charts
            crawl.figures[url] = parser.figures
            base = urljoin(url, parser.base) if parser.base else url
            refs = parser.refs + [("css url", ref) for css in parser.css for ref in _css_refs(css)]
        elif content_type == "text/css":
            refs = [("css url", ref) for ref in _css_refs(body.decode("utf-8"))]
        for element, written in refs:
            target = urljoin(base, written.strip())
            if urlsplit(target).scheme not in ("http", "https") or not target.startswith(root):
                crawl.outside.add(target)
                continue
            crawl.links.append(Link(url, target, element))
            queue.append(urldefrag(target).url)
