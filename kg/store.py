"""The embedded store: one Oxigraph store on disk, a named graph per source record.

    GraphStore.open(path)            -> a store on disk (None: in memory)
    store.replace_graph(graph, quads)  swap one named graph for new quads
    store.keep_only(graphs)            drop every named graph not in `graphs`
    store.refresh_union()              the default graph := the union of the named graphs, a set
    store.load_all(graphs, keep)       -> (Snapshot, removed): these graphs, in one bulk load
    store.sorted_quads()               every quad, in a stable order
    store.snapshot()                   -> Snapshot: those quads and their union, both sorted
    write_dataset(quads, path)         TriG of the named graphs, sorted, prefixes bound
    write_union(quads, path)           Turtle of the union of the graphs, each triple once
    write_triples(triples, path)       Turtle of triples already sorted (a Snapshot's union)
    union_triples(quads)               that union, sorted
    Snapshot.of(quads)                 the Snapshot of quads held in memory

pyoxigraph's own errors (a store that is locked, corrupt or unwritable) become StoreError here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Store, Triple, serialize

from kg.atomic import atomic_write
from kg.errors import RequestError, StoreError
from kg.vocab import PREFIXES, RDF

LOAD_CHUNK = 500_000  # quads per bulk load: a list of them is held in memory at once


def quad_order(quad: Quad) -> tuple[str, str, bool, str, str]:
    """Return the key that always sorts quads alike: graph, subject, type, predicate, object."""
    # Unpacked once: each attribute read of a pyoxigraph term makes a new object, and this key
    # is computed for every quad of a release (a fifth of the time of the attribute chain).
    subject, predicate, obj, graph = quad
    return (_term_key(graph), _term_key(subject), predicate != RDF.type, predicate.value, str(obj))


def triple_order(triple: Triple) -> tuple[str, bool, str, str]:
    """Return the key that always sorts triples alike: subject, type first, predicate, object."""
    subject, predicate, obj = triple
    return (_term_key(subject), predicate != RDF.type, predicate.value, str(obj))


def _term_key(term: object) -> str:
    return term.value if isinstance(term, NamedNode) else str(term)


class GraphStore:
    """An Oxigraph store holding one named graph per source record."""

    def __init__(self, store: Store, where: str) -> None:
        self._store = store
        self.where = where

    @classmethod
    def open(cls, path: Path | None, *, create: bool = True) -> GraphStore:
        """Open (or create) the store at `path`; with None, a store in memory."""
        if path is None:
            return cls(Store(), "memory")
        if not create and not path.is_dir():
            raise RequestError("there is no store here; build one with kg build", where=str(path))
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RequestError(
                f"cannot make the store's folder ({exc.strerror})", where=str(path)
            ) from exc
        try:
            return cls(Store(str(path)), str(path))
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"cannot open the store ({exc})", where=str(path)) from exc

    @property
    def oxigraph(self) -> Store:
        """The underlying pyoxigraph Store, for queries."""
        return self._store

    def __len__(self) -> int:
        return len(self._store)

    def graphs(self) -> set[NamedNode]:
        """Return the names of the named graphs in the store."""
        return {graph for graph in self._store.named_graphs() if isinstance(graph, NamedNode)}

    def replace_graph(self, graph: NamedNode, quads: Iterable[Quad]) -> None:
        """Replace the named graph `graph` by `quads` (which must all be in it)."""
        try:
            self._store.remove_graph(graph)
            self._store.extend(quads)
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"cannot write the store ({exc})", where=self.where) from exc

    def keep_only(self, graphs: set[NamedNode]) -> list[NamedNode]:
        """Remove every named graph not in `graphs`; return the names removed, sorted."""
        stale = sorted(self.graphs() - graphs, key=lambda graph: graph.value)
        try:
            for graph in stale:
                self._store.remove_graph(graph)
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"cannot write the store ({exc})", where=self.where) from exc
        return stale

    def refresh_union(self) -> int:
        """Make the default graph the union of the named graphs, each triple once; its size.

        The stored queries read this graph: Oxigraph's own union of the named graphs is a bag,
        where a node described by thousands of records (a programme, a library) is joined
        thousands of times over, which made queries on 10,000 records take minutes.
        """
        try:  # in Oxigraph itself: no quad passes through Python
            self._store.update(
                "DROP SILENT DEFAULT; INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
            )
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"cannot write the store ({exc})", where=self.where) from exc
        return self.union_count()

    def union_count(self) -> int:
        """Return the number of triples in the default graph (the union, once refreshed)."""
        solutions = self._store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(next(iter(solutions))["n"].value)  # type: ignore[index, union-attr]

    def named_quad_count(self) -> int:
        """Return the number of quads in the named graphs (the records and the reference)."""
        return len(self._store) - self.union_count()

    def load_all(
        self, graphs: Mapping[NamedNode, list[Quad]], keep: Callable[[NamedNode], bool]
    ) -> tuple[Snapshot, list[NamedNode]]:
        """Make the named graphs `graphs` (name -> its quads) and those `keep` accepts the store.

        Every other graph goes, and the default graph becomes their union. Return what the store
        now holds, and the names of the graphs removed that `graphs` does not give anew, sorted.
        Emptying the store and loading it in one bulk pass costs a fraction of replacing graph
        by graph, each replacement a transaction on disk.
        """
        old = self.graphs()
        blocks = dict(graphs)
        try:
            for graph in old - blocks.keys():
                if keep(graph):
                    blocks[graph] = list(self._store.quads_for_pattern(None, None, None, graph))
            quads = [
                quad
                for graph in sorted(blocks, key=lambda graph: graph.value)
                for quad in sorted(set(blocks[graph]), key=quad_order)  # a graph is a set
            ]
            snapshot = Snapshot.of(quads)
            self._store.clear()
            # From lists: fed by a generator, the bulk loader waits on Python (2.5x slower).
            loading = _with_union(snapshot)
            while chunk := list(islice(loading, LOAD_CHUNK)):
                self._store.bulk_extend(chunk)
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"cannot write the store ({exc})", where=self.where) from exc
        return snapshot, sorted(old - blocks.keys(), key=lambda graph: graph.value)

    def sorted_quads(self) -> list[Quad]:
        """Return every quad of the named graphs, in the order of `quad_order`."""
        graphs = sorted(self.graphs(), key=lambda graph: graph.value)
        return sorted(
            (q for graph in graphs for q in self._store.quads_for_pattern(None, None, None, graph)),
            key=quad_order,
        )

    def snapshot(self) -> Snapshot:
        """Return the quads of the named graphs and their union, each sorted."""
        return Snapshot.of(self.sorted_quads())

    def subjects_of_type(self, cls: NamedNode) -> set[NamedNode]:
        """Return the distinct subjects typed `cls` in any graph."""
        return {q.subject for q in self._store.quads_for_pattern(None, RDF.type, cls, None)}

    def flush(self) -> None:
        """Write what is pending to disk."""
        try:
            self._store.flush()
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"cannot write the store ({exc})", where=self.where) from exc


@dataclass(frozen=True)
class Snapshot:
    """The named graphs of a store, read once: `quads` in `quad_order`, `triples` their union.

    A build holds these in memory and hands them on, so that writing the release does not read
    the store back (reading costs about 8 us a quad on disk, the longest step of a release).
    """

    quads: list[Quad]
    triples: list[Triple]

    @classmethod
    def of(cls, quads: list[Quad]) -> Snapshot:
        """Return the snapshot of `quads`, already in `quad_order`."""
        return cls(quads, union_triples(quads))


def _with_union(snapshot: Snapshot) -> Iterator[Quad]:
    yield from snapshot.quads
    for triple in snapshot.triples:
        yield Quad(triple.subject, triple.predicate, triple.object, DefaultGraph())


def _union(quads: Iterable[Quad]) -> Iterator[Triple]:
    seen: set[Triple] = set()
    for quad in quads:
        triple = quad.triple
        if triple not in seen:
            seen.add(triple)
            yield triple


def write_dataset(quads: list[Quad], path: Path) -> None:
    """Write `quads` (already sorted) as TriG, whole or not at all."""
    _write(quads, path, RdfFormat.TRIG)


def union_triples(quads: Iterable[Quad]) -> list[Triple]:
    """Return the union of the graphs of `quads`, each triple once, in `triple_order`."""
    return sorted(_union(quads), key=triple_order)


def write_union(quads: list[Quad], path: Path) -> None:
    """Write the union of the graphs of `quads` as Turtle, each triple once, sorted."""
    write_triples(union_triples(quads), path)


def write_triples(triples: list[Triple], path: Path) -> None:
    """Write `triples` (already sorted) as Turtle, whole or not at all."""
    _write(triples, path, RdfFormat.TURTLE)


def _write(items: list[Quad] | list[Triple], path: Path, fmt: RdfFormat) -> None:
    # Entity IRIs are written whole: with a base, Oxigraph would also write the prefixes that
    # share its host as relative IRIs, which some readers do not resolve.
    data = serialize(items, format=fmt, prefixes=PREFIXES)
    with atomic_write(path, binary=True) as stream:
        stream.write(data)
