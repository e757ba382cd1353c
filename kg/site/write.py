"""`kg site`: the static site of a built store, written whole or not at all.

    result = write_site(Path("build/store"), Path("build/site"), lang="fi", base_url=None)

What the site shows is the open profile of the store (kg.export.release.open_graph): a page
per thing in three languages, its alternates, the index pages, the dataset page with the open
release's files (hard links to `release/` beside the store, else copies), the quality
findings of `validation.ttl` beside the store, the ontology page, `.htaccess`, `sitemap.xml`
and the search index (kg.site.search: Pagefind indexes in a process of its own while the
pages are written). The things' files are written by forked workers for a large graph
(`workers`, from POOL_FROM things). Everything is written into a staging folder beside `out`
and swapped in when complete; the same store gives the same bytes.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from pyoxigraph import Literal, NamedNode, QuerySolutions, RdfFormat, Store

from kg.atomic import staging_folder, swap_in
from kg.errors import RequestError
from kg.export.formats import ReleaseGraph
from kg.export.release import open_graph
from kg.iris import DEFAULT_BASE, base_of
from kg.site import indexes
from kg.site.data import SiteData
from kg.site.describe import Things
from kg.site.files import SiteFiles
from kg.site.findings import REPORT_FILE, Findings, read_findings
from kg.site.indexes import Download, Figures
from kg.site.links import Linker, Site
from kg.site.paths import LANGUAGES, Layout
from kg.site.publish import htaccess, sitemaps
from kg.site.render import CSS_FILE, Renderer
from kg.site.search import SearchIndex, search_documents
from kg.site.thingfiles import Work, in_workers, write_things
from kg.site.vocabulary import Vocabulary
from kg.store.graph_store import GraphStore
from kg.validation.fitness import assess_snapshot
from kg.vocab import DCAT, DQV

RELEASE_DIR = "release"  # beside the store: the open release kg build wrote
DOWNLOAD_DIR = "download"
ROOT_PAGES = (
    "index",
    "projects-by-year",
    "projects-by-programme",
    "projects-by-library",
    "libraries",
    "partners",
    "dataset",
    "quality",
    "search",
    "ns",
)
_OPEN_DATASET = "dataset/open"  # the catalogue's dataset of an open release ends so
POOL_FROM = 2000  # things from which worker processes write the pages (when given workers)
CHUNKS = 16  # the things are dealt to the workers in this many interleaved chunks


@dataclass(frozen=True)
class SiteResult:
    """What `write_site` wrote: the folder, its things and pages, files, searchable pages."""

    folder: Path
    things: int
    pages: int
    files: int
    indexed: int
    findings: int | None  # shown; None: no quality report beside the store
    downloads: int


def write_site(
    store_dir: Path,
    out: Path,
    *,
    lang: str = "fi",
    base_url: str | None = None,
    workers: int = 1,
) -> SiteResult:
    """Write the site of the store at `store_dir` into `out`, replacing it when complete.

    `lang` is the language of the pages without a language in their name (fi, sv or en);
    `base_url` where the site is published (sitemap.xml and .htaccess; default: the IRI base
    without its final `id/`). With `workers` above 1, worker processes write the things'
    pages of a large graph (above POOL_FROM things). RequestError for a wrong option or a
    missing store, StoreIncomplete for a store a writer left incomplete.
    """
    if lang not in LANGUAGES:
        raise RequestError(
            f"unknown language {lang}; choose {', '.join(LANGUAGES)}", where="--lang"
        )
    if base_url is not None:
        base_url = _checked_url(base_url)
    store = GraphStore.open(store_dir, read_only=True)
    build = store_dir.parent
    base = base_of(store.graphs()) or DEFAULT_BASE
    published = base_url or _default_url(base)
    with _staging(out) as staging, open_graph(store) as release:
        writer = _Writer(SiteFiles(staging), release, Layout(base, lang), published)
        counts = writer.write(build, workers)
    return SiteResult(out, *counts)


class _Writer:
    """Writes one site into its staging folder."""

    def __init__(
        self, files: SiteFiles, release: ReleaseGraph, layout: Layout, published: str
    ) -> None:
        self.files = files
        self.release = release
        self.store: Store = release.store
        self.layout = layout
        self.published = published
        self.renderer = Renderer()

    def write(self, build: Path, workers: int) -> tuple[int, int, int, int, int | None, int]:
        """Write every file of the site; return the counts of SiteResult."""
        files = self.files
        things = Things.of(self.store, self.layout.base)
        site = Site(self.layout, things, SiteData.of(self.store, things), Vocabulary.load())
        findings = read_findings(build / REPORT_FILE, self.store, things)
        work = Work(self.store, site, findings, self.renderer)
        with ExitStack() as stack:
            pending = []
            if workers > 1 and len(things) >= POOL_FROM:
                every = list(things)
                chunks = [every[start::CHUNKS] for start in range(CHUNKS)]
                pending = stack.enter_context(in_workers(work, files, workers, chunks))
            documents = search_documents(site, self.store)
            search = stack.enter_context(SearchIndex(documents, files.folder))
            downloads = self._downloads(build / RELEASE_DIR)
            if not pending:
                write_things(work, things, files)
            self._root_pages(site, findings, self._figures(build / RELEASE_DIR), downloads)
            css = resources.files("kg.site").joinpath("static", "site.css").read_bytes()
            files.write(CSS_FILE, css)
            files.write("ns.ttl", site.vocabulary.turtle)
            files.write(".htaccess", htaccess(things, self.layout, self.published))
            for future in pending:
                pages, written = future.result()
                files.pages += pages
                files.written += written
            for name, content in sitemaps(files.pages, self.layout, self.published):
                files.write(name, content)
        shown = len(findings.shown) if findings is not None else None
        return len(things), len(files.pages), files.written, search.pages, shown, len(downloads)

    def _root_pages(
        self, site: Site, findings: Findings | None, figures: Figures, downloads: list[Download]
    ) -> None:
        for lang in LANGUAGES:
            here = {stem: Linker(site, self.layout.page(stem, lang), lang) for stem in ROOT_PAGES}
            pages = {
                "index": indexes.home(site, here["index"]),
                "projects-by-year": indexes.projects_by_year(site, here["projects-by-year"]),
                "projects-by-programme": indexes.projects_by_programme(
                    site, here["projects-by-programme"]
                ),
                "projects-by-library": indexes.projects_by_library(
                    site, here["projects-by-library"]
                ),
                "libraries": indexes.libraries(site, here["libraries"]),
                "partners": indexes.partners(site, here["partners"]),
                "quality": indexes.quality(site, here["quality"], findings),
                "search": indexes.search(site, here["search"]),
                "ns": indexes.ontology(site, here["ns"]),
            }
            dataset_page, charts = indexes.dataset(
                site, here["dataset"], figures, downloads, findings
            )
            pages["dataset"] = dataset_page
            for chart in charts:
                self.files.write(chart.csv_path, chart.csv)
            for stem in ROOT_PAGES:
                template, context = pages[stem]
                page = context.pop("page")
                html = self.renderer.render(template, page, **context)
                self.files.page(self.layout.page(stem, lang), html)

    # -- the dataset's files and figures -----------------------------------------------------

    def _downloads(self, release: Path) -> list[Download]:
        """Put the files of the open release into download/ (hard links where it can)."""
        if not _is_open_release(release):
            return []
        target = self.files.folder / DOWNLOAD_DIR
        target.mkdir()
        found = []
        for source in sorted(release.iterdir()):
            if not source.is_file():
                continue
            destination = target / source.name
            try:
                os.link(source, destination)
            except OSError:
                shutil.copyfile(source, destination)
            found.append(Download(source.name, destination.stat().st_size))
            self.files.written += 1
        return found

    def _figures(self, release: Path) -> Figures:
        """Return the completeness figures of the release's catalogue, else count them."""
        catalogue = release / "catalog.ttl"
        if _is_open_release(release):
            store = Store()
            store.load(path=str(catalogue), format=RdfFormat.TURTLE)
            values = {}
            rows = store.query(_MEASUREMENTS)
            assert isinstance(rows, QuerySolutions)  # a SELECT
            for row in rows:
                metric, value = row["metric"], row["value"]
                if isinstance(metric, NamedNode) and isinstance(value, Literal):
                    try:
                        values[metric.value] = Decimal(value.value)
                    except InvalidOperation:
                        continue
            if values:
                return Figures(values, from_catalogue=True)
        fitness = assess_snapshot(self.release.snapshot)
        measured = {metric.value: Decimal(value.value) for metric, value in fitness.measurements()}
        return Figures(measured, from_catalogue=False)


_MEASUREMENTS = (
    f"PREFIX dqv: <{DQV.iri}>\n"
    + """
SELECT ?metric ?value WHERE {
  ?measurement a dqv:QualityMeasurement ; dqv:isMeasurementOf ?metric ; dqv:value ?value
}
"""
)


def _is_open_release(release: Path) -> bool:
    """Return whether `release` holds a release of the open profile (as its catalogue says)."""
    catalogue = release / "catalog.ttl"
    if not catalogue.is_file():
        return False
    store = Store()
    try:
        store.load(path=str(catalogue), format=RdfFormat.TURTLE)
    except (OSError, SyntaxError):
        return False
    query = f"ASK {{ ?d a <{DCAT.Dataset.value}> FILTER(STRENDS(STR(?d), %s)) }}"
    return bool(store.query(query % f'"{_OPEN_DATASET}"'))


def _default_url(base: str) -> str:
    """Return where the site is published unless told: the IRI base without its final `id/`."""
    return base[: -len("id/")] if base.endswith("id/") else base


def _checked_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise RequestError(
            f"expected an http(s) URL such as https://example.org/kg/, not {url}",
            where="--base-url",
        )
    return url if url.endswith("/") else url + "/"


@contextmanager
def _staging(out: Path) -> Iterator[Path]:
    """Yield a new folder beside `out`; put it in the place of `out` when the block ends well."""
    staging = staging_folder(out)
    try:
        yield staging
        swap_in(staging, out, "site")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
