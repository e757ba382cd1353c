"""What the server serves, opened once: the open graph, its things, the site, the query runner.

    with serving(store_dir, site_dir, limits) as served:   ... served.store, served.things

The graph is the open release of the store (`kg.export.release.open_graph`): the union of
what the open profile keeps, in the default graph of a store in memory, and nothing else (no
record graphs: the release's N-Quads and TriG files hold them). The store on disk is opened
as a build opens it, so a missing store, one another kg process holds and an incomplete one
are refused with their one-line errors; it stays open, and so locked, while the server runs.
The query processes (`kg.serve.runner`) are forked once the graph is in memory.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from pyoxigraph import NamedNode, Store
from starlette.staticfiles import StaticFiles

from kg.export.release import open_graph
from kg.iris import DEFAULT_BASE, base_of
from kg.serve.answer import answer
from kg.serve.limits import Limits
from kg.serve.runner import QueryRunner
from kg.site.describe import Things
from kg.sparql.catalogue import StoredQuery, load_catalogue
from kg.sparql.service_check import service_use
from kg.store.graph_store import GraphStore

# The site's files of RDF, which Python's table of types does not know.
FILE_TYPES = {
    ".ttl": "text/turtle",
    ".jsonld": "application/ld+json",
    ".nt": "application/n-triples",
    ".nq": "application/n-quads",
    ".trig": "application/trig",
    ".rdf": "application/rdf+xml",
}


@dataclass
class Served:
    """The graph and everything the server answers from."""

    store: Store
    things: Things
    base: str
    site: StaticFiles | None
    site_dir: Path
    catalogue: dict[str, StoredQuery]
    runner: QueryRunner
    limits: Limits
    parts: frozenset[NamedNode] = frozenset()  # every part of a thing the graph holds

    def holds_part(self, owner: NamedNode, iri: NamedNode) -> bool:
        """Tell whether `iri` is a part of `owner` that the graph holds (is a subject of)."""
        return iri in self.parts and self.things.owner(iri) == owner


def site_files(site_dir: Path) -> StaticFiles | None:
    """Return the static files of the site in `site_dir`, or None when there is no site."""
    for suffix, media_type in FILE_TYPES.items():
        mimetypes.add_type(media_type, suffix)
    if not (site_dir / "index.html").is_file() and not (site_dir / "id").is_dir():
        return None
    return StaticFiles(directory=site_dir, html=True)


@contextmanager
def serving(store_dir: Path, site_dir: Path, limits: Limits) -> Iterator[Served]:
    """Open the store and its open graph, start the query processes; close all after."""
    graph_store = GraphStore.open(store_dir, create=False)
    base = base_of(graph_store.graphs()) or DEFAULT_BASE
    service_use("ASK {}")  # builds rdflib's SPARQL grammar now, not at the first query
    with open_graph(graph_store) as release:
        things = Things.of(release.store, base)
        runner = QueryRunner(
            partial(answer, release.store), processes=limits.workers, timeout=limits.timeout
        )
        runner.start()
        try:
            served = Served(
                store=release.store,
                things=things,
                base=base,
                site=site_files(site_dir),
                site_dir=site_dir,
                catalogue={
                    name: query for name, query in load_catalogue().items() if not query.internal
                },
                runner=runner,
                limits=limits,
                parts=frozenset(part for thing in things for part in things.parts(thing)),
            )
            yield served
        finally:
            runner.close()
