"""The files of the things: three alternates, three pages and their charts' CSV, per thing.

    write_things(work, things, files)          in this process
    with in_workers(work, files, 2, chunks) as futures:   in forked worker processes

A thing's description is read and serialised once; its page is made in each language.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass

from pyoxigraph import NamedNode, Store

from kg.site.describe import FORMATS, description, serialize_sorted
from kg.site.files import SiteFiles
from kg.site.findings import Findings
from kg.site.links import Linker, Site
from kg.site.pages import ThingPages, statements
from kg.site.paths import LANGUAGES
from kg.site.render import Renderer, alternates_of, frame
from kg.site.schemaorg import embedded
from kg.site.texts import text
from kg.vocab import SKOS
from kg.workers import process_pool


@dataclass(frozen=True)
class Work:
    """What writing the things' files reads: the open union, the site, the findings."""

    store: Store
    site: Site
    findings: Findings | None
    renderer: Renderer


def write_things(work: Work, things: Iterable[NamedNode], files: SiteFiles) -> None:
    """Write the alternates, pages and chart tables of `things` into `files`."""
    site, store, renderer = work.site, work.store, work.renderer
    layout, known = site.layout, site.things
    maker = ThingPages(site, work.findings)
    for thing in things:
        triples = description(store, known, thing)
        stem = layout.thing_stem(thing)
        for fmt in FORMATS:
            files.write(f"{stem}.{fmt}", serialize_sorted(triples, fmt))
        schema = embedded(triples)
        index = statements(triples)
        kind = known.kind(thing) or "organisation"
        key = "kind_scheme" if index.get(thing, {}).get(SKOS.hasTopConcept) else f"kind_{kind}"
        for lang in LANGUAGES:
            path = layout.page(stem, lang)
            linker = Linker(site, path, lang)
            content = maker.content(thing, index, linker)
            page = frame(
                linker,
                content.title.value,
                alternates=alternates_of(linker, stem),
                schema=schema,
                searchable=content.searchable,
                iri=thing.value,
            )
            html = renderer.render("thing.html", page, c=content, kind_label=text(key, lang))
            files.page(path, html)
            for chart in content.charts:
                files.write(chart.csv_path, chart.csv)


# What forked workers inherit: set by in_workers before the pool forks them.
_WORK: tuple[Work, SiteFiles] | None = None


@contextmanager
def in_workers(
    work: Work, files: SiteFiles, workers: int, chunks: Sequence[Sequence[NamedNode]]
) -> Iterator[list[Future[tuple[list[str], int]]]]:
    """Hand the chunks of things to `workers` forked processes; yield their futures.

    The workers are forked at the first task (kg.workers.process_pool), after `work` is set,
    which is what they inherit; each future gives the pages and the count of files its worker
    wrote, to add to `files`. When the block fails, the chunks not begun are cancelled.
    """
    global _WORK
    _WORK = (work, files)
    try:
        with process_pool(workers) as executor:
            futures = [executor.submit(_write_chunk, [t.value for t in chunk]) for chunk in chunks]
            try:
                yield futures
            except BaseException:
                for future in futures:
                    future.cancel()
                raise
    finally:
        _WORK = None


def _write_chunk(iris: list[str]) -> tuple[list[str], int]:
    """In a worker: write the files of the things `iris`; return its pages and file count."""
    assert _WORK is not None, "a worker of in_workers inherits its work"
    work, parent_files = _WORK
    files = SiteFiles(parent_files.folder)
    write_things(work, (NamedNode(iri) for iri in iris), files)
    return files.pages, files.written
