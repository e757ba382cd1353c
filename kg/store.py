"""The embedded store: one Oxigraph store on disk, a named graph per source record.

    GraphStore.open(path)            -> a store on disk (None: in memory)
    store.replace_graph(graph, quads)  swap one named graph for new quads
    store.keep_only(graphs)            drop every named graph not in `graphs`
    store.refresh_union()              the default graph := the union of the named graphs, a set
    store.sorted_quads()               every quad, in a stable order
    write_dataset(quads, path)         TriG of the named graphs, sorted, prefixes bound
    write_union(quads, path)           Turtle of the union of the graphs, each triple once
    union_triples(quads)               that union, sorted

pyoxigraph's own errors (a store that is locked, corrupt or unwritable) become StoreError here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Store, Triple, serialize

from kg.atomic import atomic_write
from kg.errors import RequestError, StoreError
from kg.vocab import PREFIXES, RDF


def quad_order(quad: Quad) -> tuple[str, str, bool, str, str]:
    """Return the key that always sorts quads alike: graph, subject, type, predicate, object."""
    return (_term_key(quad.graph_name), _term_key(quad.subject), *_predicate_key(quad.triple))


def triple_order(triple: Triple) -> tuple[str, bool, str, str]:
    """Return the key that always sorts triples alike: subject, type first, predicate, object."""
    return (_term_key(triple.subject), *_predicate_key(triple))


def _term_key(term: object) -> str:
    return term.value if isinstance(term, NamedNode) else str(term)


def _predicate_key(triple: Triple) -> tuple[bool, str, str]:
    return (triple.predicate != RDF.type, triple.predicate.value, str(triple.object))


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
        try:
            self._store.clear_graph(DefaultGraph())
            for graph in self.graphs():  # one graph at a time: memory stays small
                self._store.extend(
                    [
                        Quad(quad.subject, quad.predicate, quad.object, DefaultGraph())
                        for quad in self._store.quads_for_pattern(None, None, None, graph)
                    ]
                )
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"cannot write the store ({exc})", where=self.where) from exc
        return len(list(self._store.quads_for_pattern(None, None, None, DefaultGraph())))

    def named_quad_count(self) -> int:
        """Return the number of quads in the named graphs (the records and the reference)."""
        return sum(
            1
            for quad in self._store.quads_for_pattern(None, None, None, None)
            if not isinstance(quad.graph_name, DefaultGraph)
        )

    def sorted_quads(self) -> list[Quad]:
        """Return every quad of the named graphs, in the order of `quad_order`."""
        quads = self._store.quads_for_pattern(None, None, None, None)
        return sorted(
            (q for q in quads if not isinstance(q.graph_name, DefaultGraph)), key=quad_order
        )

    def subjects_of_type(self, cls: NamedNode) -> set[NamedNode]:
        """Return the distinct subjects typed `cls` in any graph."""
        return {q.subject for q in self._store.quads_for_pattern(None, RDF.type, cls, None)}

    def flush(self) -> None:
        """Write what is pending to disk."""
        try:
            self._store.flush()
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"cannot write the store ({exc})", where=self.where) from exc


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
    _write(union_triples(quads), path, RdfFormat.TURTLE)


def _write(items: list[Quad] | list[Triple], path: Path, fmt: RdfFormat) -> None:
    # Entity IRIs are written whole: with a base, Oxigraph would also write the prefixes that
    # share its host as relative IRIs, which some readers do not resolve.
    data = serialize(items, format=fmt, prefixes=PREFIXES)
    with atomic_write(path, binary=True) as stream:
        stream.write(data)
