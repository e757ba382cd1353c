"""The site in a real browser (Chromium by Playwright), served over real HTTP on 127.0.0.1.

Two sites: the seeds' (`seed_site`) and that of a generated corpus of `CORPUS_RECORDS` pages
(benchmarks/corpus.py), built and written once for the module. On each: a crawl from
index.html finds no broken link and reaches every page; axe-core finds no serious or critical
violation on a page of each kind (`_axe_sample`), and on every page of both sites with
`--axe-every-page` (`make accessibility`: about 0.2 s a page, 800 pages, too slow for the suite);
search finds a project by a word of its description in Finnish and in Swedish; the language
switch keeps the page; each chart has its table and CSV beside it; the pages show their data
without JavaScript, which only search needs.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest
from playwright.sync_api import Browser, BrowserContext, Page
from pyoxigraph import Literal, NamedNode, RdfFormat, Store

from benchmarks.corpus import write_corpus
from kg.build import STORE_DIR, BuildOptions, build
from kg.iris import DEFAULT_BASE
from kg.site.write import write_site
from kg.vocab import DCT, KG, RDF, SCHEMA
from tests.site.browser import AXE_SCRIPT, Crawl, axe_violations, chromium, crawl_site, served

CORPUS_RECORDS = 40
CORPUS_SEED = 0  # projects described in Swedish among them (where the real page copies are)
READ_AT = datetime(2024, 5, 1, tzinfo=UTC)
LANGUAGES = ("fi", "sv", "en")  # the site's default language first
PUBLISHED = DEFAULT_BASE.removesuffix("id/")  # where sitemap.xml says the site is
GRAPH_FILE = "download/kirjasto-kg.nt"  # the open release, as the site offers it
SEARCH_TIMEOUT = 10_000  # milliseconds for Pagefind to load its index and answer
_WORD = re.compile(r"[^\W\d_]{6,}")  # words to search by (no short, common ones)


@dataclass(frozen=True)
class Site:
    """A site served over HTTP, with the open graph it shows and what a crawl of it met."""

    name: str
    folder: Path
    root: str  # http://127.0.0.1:PORT/
    graph: Store
    crawl: Crawl

    def page(self, iri: NamedNode, lang: str = LANGUAGES[0]) -> str:
        """Return the URL of the page of the thing `iri` in `lang`."""
        rest = iri.value.removeprefix(DEFAULT_BASE)
        return f"{self.root}id/{rest}{'' if lang == LANGUAGES[0] else '.' + lang}.html"

    def projects(self) -> list[NamedNode]:
        """Return the projects of the graph, sorted."""
        found = self.graph.quads_for_pattern(None, RDF.type, KG.Project)
        return sorted((q.subject for q in found if isinstance(q.subject, NamedNode)), key=str)

    def value(self, subject: NamedNode, predicate: NamedNode) -> str:
        """Return the text of the one value of `predicate` of `subject`."""
        values = [q.object for q in self.graph.quads_for_pattern(subject, predicate, None)]
        assert len(values) == 1 and isinstance(values[0], Literal), (subject, predicate, values)
        return values[0].value


# -- the two sites ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of a generated corpus: built with kg.build, written with kg.site, once."""
    work = tmp_path_factory.mktemp("corpus-site")
    write_corpus(work / "pages", CORPUS_RECORDS, seed=CORPUS_SEED)
    build([work / "pages"], work / "build", BuildOptions(read_at=READ_AT))
    write_site(work / "build" / STORE_DIR, work / "site")
    return work / "site"


@pytest.fixture(scope="module", params=["seeds", "corpus"])
def site(request: pytest.FixtureRequest) -> Iterator[Site]:
    """Each site in turn, served on a port of its own, its graph read and its links crawled."""
    folder: Path = request.getfixturevalue(
        "seed_site" if request.param == "seeds" else "corpus_site"
    )
    graph = Store()
    graph.bulk_load(path=folder / GRAPH_FILE, format=RdfFormat.N_TRIPLES)
    with served(folder) as root:
        yield Site(request.param, folder, root, graph, crawl_site(root))


@pytest.fixture(scope="module")
def browser(corpus_site: Path) -> Iterator[Browser]:
    """Chromium, launched after both sites are written.

    Playwright's sync API keeps an event loop running in this thread, in which Pagefind's
    indexing (asyncio.run, in kg.site) could not start its own.
    """
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A browser context with JavaScript, axe-core loaded into each of its pages."""
    context = browser.new_context()
    context.add_init_script(path=str(AXE_SCRIPT))
    yield context
    context.close()


@pytest.fixture(scope="module")
def page(context: BrowserContext) -> Iterator[Page]:
    """One tab for the tests with JavaScript, each going to the pages it looks at."""
    page = context.new_page()
    yield page
    page.close()


def _lang_of(url: str) -> str:
    """Return the language of a page by its file name (`x.sv.html`: sv; `x.html`: default)."""
    suffixes = Path(urlsplit(url).path).suffixes
    return suffixes[-2][1:] if len(suffixes) > 1 and suffixes[-2][1:] in LANGUAGES else LANGUAGES[0]


def _kind_of(site: Site, url: str) -> str:
    """Return what kind of page a URL is: `id/project/`, `id/partner-kind`, ..., `index`."""
    path = url.removeprefix(site.root)
    if not path.startswith("id/"):
        return path.split(".")[0]
    first, slash, _ = path.removeprefix("id/").partition("/")
    return "id/" + first.split(".")[0] + slash


# -- the crawl --------------------------------------------------------------------------------


_BROKEN_SITE = {  # a site with one of each fault the crawl must report, and sound links
    "index.html": '<html lang="fi"><head><title>x</title><link rel="stylesheet" href="s.css">'
    '</head><body><main><h1 id="top-h">x</h1><a href="a/b.html#here">ok</a> '
    '<a href="a/b.html#gone">no id</a> <a href="missing.html">no file</a> '
    '<a href="a/">a folder</a> <a href="https://example.org/">outside</a> '
    '<img src="i.png" alt="no file"></main></body></html>',
    "a/b.html": '<html lang="fi"><head><title>b</title></head>'
    '<body><p id="here">b</p><a href="../index.html#top-h">back</a></body></html>',
    "s.css": "body { background: url('bg.png'); }",
}


def test_the_crawl_reports_missing_files_fragments_and_folders(tmp_path: Path) -> None:
    for name, text in _BROKEN_SITE.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    with served(tmp_path) as root:
        crawl = crawl_site(root)
    assert [line.replace(root, "/") for line in crawl.broken()] == [
        "/index.html: a href /a/b.html#gone: no such id",
        "/index.html: a href /missing.html: HTTP 404",
        "/index.html: a href /a/: HTTP 404",
        "/index.html: img src /i.png: HTTP 404",
        "/s.css: css url /bg.png: HTTP 404",
    ]
    assert crawl.pages == [root + "a/b.html", root + "index.html"]
    assert crawl.outside == {"https://example.org/"}


def test_a_crawl_from_the_index_finds_no_broken_link(site: Site) -> None:
    crawl = site.crawl
    assert crawl.broken() == []
    reached = {url for url, status in crawl.status.items() if status == 200}
    for project in site.projects():  # the crawl went where it had to (it is not vacuous)
        for lang in LANGUAGES:
            assert site.page(project, lang) in reached
        assert site.page(project).removesuffix("html") + "ttl" in reached
    kinds = Counter(link.element for link in crawl.links)
    for element in ("a href", "link href (alternate)", "link href (stylesheet)", "script src"):
        assert kinds[element] > 0, (element, kinds)


def test_every_page_is_reached_from_the_index_and_listed_in_the_sitemap(site: Site) -> None:
    on_disk = {
        site.root + path.relative_to(site.folder).as_posix() for path in site.folder.rglob("*.html")
    }
    assert sorted(on_disk - set(site.crawl.pages)) == []  # no page that only a URL finds
    with urlopen(site.root + "sitemap.xml") as response:
        listed = re.findall(r"<loc>([^<]+)</loc>", response.read().decode("utf-8"))
    assert listed and all(url.startswith(PUBLISHED) for url in listed)
    assert {url.replace(PUBLISHED, site.root, 1) for url in listed} == on_disk


# -- accessibility ----------------------------------------------------------------------------


def test_axe_reports_serious_and_critical_violations_only(tmp_path: Path, page: Page) -> None:
    (tmp_path / "bad.html").write_text(
        '<!DOCTYPE html><html lang="fi"><head><title>x</title></head><body><main><h1>x</h1>'
        '<h3></h3><img src="data:,"></main></body></html>',  # critical; moderate and minor
        encoding="utf-8",
    )
    with served(tmp_path) as root:
        page.goto(root + "bad.html")
        found = axe_violations(page)
    assert [line.split(": ")[1] for line in found] == ["image-alt (critical)"]


def _axe_sample(site: Site) -> list[str]:
    """The pages axe checks: each kind of page once, in a language that turns with the kind.

    Of each kind the largest page (the most ids and charts), in fi, sv, en in turn by kind.
    On the seeds' site every kind; on the generated one the things' kinds only (its root pages
    are the seeds' templates with more rows), one language step on from the seeds'.
    """
    seeds = site.name == "seeds"
    by_kind: dict[str, list[str]] = {}
    for url in site.crawl.pages:
        kind = _kind_of(site, url)
        if seeds or kind.startswith("id/"):
            by_kind.setdefault(kind, []).append(url)
    sample = []
    for index, (_, urls) in enumerate(sorted(by_kind.items())):
        lang = LANGUAGES[(index + (0 if seeds else 1)) % len(LANGUAGES)]
        in_lang = [url for url in urls if _lang_of(url) == lang]
        sample.append(max(in_lang, key=lambda url: (_size(site, url), url)))
    return sample


def _size(site: Site, url: str) -> int:
    return len(site.crawl.ids[url]) + site.crawl.charts[url]


def test_no_kind_of_page_has_a_serious_or_critical_accessibility_violation(
    site: Site, page: Page, request: pytest.FixtureRequest
) -> None:
    if request.config.getoption("--axe-every-page"):
        sample = sorted(site.crawl.pages)
        assert len(sample) == len(list(site.folder.rglob("*.html")))
    else:
        sample = _axe_sample(site)
        assert len(sample) >= (15 if site.name == "seeds" else 7)  # root pages, things' kinds
    violations = []
    for url in sample:
        page.goto(url)
        violations += axe_violations(page)
    assert violations == []


# -- search -----------------------------------------------------------------------------------


def _search_words(site: Site, lang: str) -> tuple[NamedNode, str]:
    """Return a project and the fewest words of its description that only it has.

    Of the projects and libraries (what search finds), only the project has all the words in
    its texts: mostly one word; more where a corpus draws its words from a small pool. A
    description in `lang` where the graph has one, else one in Finnish (the pages show each
    text as it was written, whatever the language of the interface).
    """
    documents: dict[NamedNode, set[str]] = {}
    for kind in (KG.Project, KG.Library):
        for typed in site.graph.quads_for_pattern(None, RDF.type, kind):
            assert isinstance(typed.subject, NamedNode)
            words = documents.setdefault(typed.subject, set())
            for quad in site.graph.quads_for_pattern(typed.subject, None, None):
                if isinstance(quad.object, Literal):
                    words.update(_WORD.findall(quad.object.value.lower()))
    frequency = Counter(word for words in documents.values() for word in words)
    found: list[tuple[bool, int, list[str], NamedNode]] = []
    for quad in site.graph.quads_for_pattern(None, SCHEMA.description, None):
        project, text = quad.subject, quad.object
        if not (isinstance(project, NamedNode) and project in documents):
            continue
        assert isinstance(text, Literal)
        rarest = sorted(set(_WORD.findall(text.value.lower())), key=lambda w: (frequency[w], w))
        for count in range(1, len(rarest) + 1):
            words = set(rarest[:count])
            if [thing for thing, has in documents.items() if words <= has] == [project]:
                found.append((text.language != lang, count, rarest[:count], project))
                break
    _, _, chosen, project = min(found, key=lambda item: (item[:3], item[3].value))
    return project, " ".join(chosen)


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_search_finds_a_project_by_a_word_of_its_description(
    site: Site, page: Page, lang: str
) -> None:
    project, words = _search_words(site, lang)
    page.goto(site.root + ("search.html" if lang == "fi" else f"search.{lang}.html"))
    page.locator("#search input").first.fill(words)
    results = page.locator(".pagefind-ui__result-link")
    results.first.wait_for(timeout=SEARCH_TIMEOUT)
    found = [page.evaluate("(a) => a.href", handle) for handle in results.element_handles()]
    assert site.page(project, lang) in found, (words, found)


# -- the language switch ----------------------------------------------------------------------


def _data_ids(page: Page) -> set[str]:
    """Return the `@id`s of the JSON-LD the page embeds."""
    ids: set[str] = set()
    for text in page.locator('script[type="application/ld+json"]').all_text_contents():
        data = json.loads(text)
        ids.update(node["@id"] for node in data.get("@graph", [data]) if "@id" in node)
    return ids


def test_the_language_switch_leads_to_the_same_project(site: Site, page: Page) -> None:
    project = site.projects()[0]
    page.goto(site.page(project))
    for lang in ("sv", "en", "fi"):
        page.locator(f'nav a[hreflang="{lang}"]').first.click()
        page.wait_for_url(site.page(project, lang))
        assert page.locator("html").get_attribute("lang") == lang
        assert project.value in _data_ids(page)


# -- charts -----------------------------------------------------------------------------------

_CHARTS = """() => Array.from(document.querySelectorAll('svg[role]'))
  .filter((svg) => ['img', 'graphics-document'].includes(svg.getAttribute('role')))
  .map((svg) => {
    const figure = svg.closest('figure');
    const table = figure && figure.querySelector('table');
    const link = figure && figure.querySelector('a[href$=".csv"]');
    const cells = (selector) => Array.from(table.querySelectorAll(selector));
    return {
      title: svg.querySelector('title') && svg.querySelector('title').textContent,
      columns: table ? cells('thead th').map((th) => th.textContent) : null,
      first: table ? cells('tbody tr').map((tr) => tr.cells[0].textContent) : null,
      csv: link && link.href,
    };
  })"""


def test_each_chart_is_in_a_figure_with_its_table_and_csv(site: Site) -> None:
    charts = site.crawl.charts
    assert {_kind_of(site, url) for url in charts if charts[url]} >= {"dataset", "id/library/"}
    for url, figures in site.crawl.figures.items():  # every page, as the crawl read it
        assert sum(figure.charts for figure in figures) == charts[url], url
        for figure in figures:
            assert figure.charts == figure.tables == len(figure.csv) == 1, (url, figure)


def test_each_chart_shows_the_table_of_its_csv(site: Site, page: Page) -> None:
    pages: dict[tuple[str, str], str] = {}  # of each kind in each language, the first page
    for url in site.crawl.pages:
        if site.crawl.charts[url]:
            pages.setdefault((_kind_of(site, url), _lang_of(url)), url)
    assert len(pages) >= 6  # the dataset page and a library's, in three languages
    for url in pages.values():
        page.goto(url)
        charts = page.evaluate(_CHARTS)
        assert len(charts) == site.crawl.charts[url]
        for chart in charts:
            assert chart["columns"] and chart["csv"], (url, chart)
            with urlopen(chart["csv"]) as response:
                rows = list(csv.reader(io.StringIO(response.read().decode("utf-8"))))
            assert rows[0] == chart["columns"], (url, chart["title"])
            assert [row[0] for row in rows[1:]] == chart["first"], (url, chart["title"])


# -- without JavaScript -----------------------------------------------------------------------


def test_the_pages_show_their_data_without_javascript(site: Site, browser: Browser) -> None:
    scripts = {link.source for link in site.crawl.links if link.element == "script src"}
    assert {_kind_of(site, url) for url in scripts} == {"search"}  # only search runs a script
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        for project in site.projects()[:3]:
            page.goto(site.page(project))
            assert page.locator("h1").inner_text() == site.value(project, DCT.title)
            main = " ".join(page.locator("main").inner_text().split())
            description = " ".join(site.value(project, SCHEMA.description).split())
            assert description[:60] in main
            assert site.value(project, KG.callYear) in main
    finally:
        context.close()
