"""The embedded store: one Oxigraph store on disk, a named graph per source record.

    GraphStore.open(path)            -> a store on disk (None: in memory); read_only=True
                                        beside a writer; an incomplete store is refused
    store.writing()                    the store is marked incomplete on disk meanwhile
    store.replace_graph(graph, quads)  swap one named graph for new quads
    store.refresh_union()              the default graph := the view of the named graphs, a set
    store.view_filter()                -> ViewFilter of its consolidated graph (kg.consolidation)
    store.kept_graphs(given, keep)     -> the graphs a reload keeps, and those it removes
    store.load_sorted(chunks, folder)  -> Snapshot: the store := sorted chunks and their view
                                       (background=True: loading in a thread meanwhile)
    store.snapshot()                   -> Snapshot: its named graphs and their view, sorted

The Snapshot and the chunks are `kg.store.snapshot`'s; the orders `kg.store.sort`'s. The view
is the union of the named graphs in which each thing the consolidated graph describes is
described by it alone (`kg.consolidation.view`); a store without a consolidated graph has the
plain union.

A process killed while it writes the store (a build's bulk load, a link's graphs) leaves it
half-written. Every write is made inside `writing()`, which leaves a mark in the store's folder
(`kg-incomplete`) from before the first change until the store is flushed: while it is there,
every command refuses the store with one line, until a build completes.

pyoxigraph's own errors (a store that is locked, corrupt or unwritable) become StoreError here;
a store another kg process holds is StoreBusy (exit code 4).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent import futures
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from pyoxigraph import DefaultGraph, NamedNode, Quad, QuerySolutions, RdfFormat, Store

from kg.consolidation.view import ViewFilter, view_update
from kg.errors import RequestError, StoreBusy, StoreError, StoreIncomplete
from kg.iris import CONSOLIDATED_GRAPH, RECORD_GRAPHS, base_of
from kg.store.snapshot import Snapshot, SortedChunk, sorted_chunk, temporary_folder, write_snapshot
from kg.store.sort import quad_order, triple_order
from kg.vocab import RDF

# quad_order and triple_order are imported from here by modules written before kg.store.sort.
__all__ = ["INCOMPLETE_MARK", "GraphStore", "Snapshot", "quad_order", "triple_order"]

CHUNK_GRAPHS = 500  # named graphs per SortedChunk of `snapshot`: the quads held at once
INCOMPLETE_MARK = "kg-incomplete"  # in the store's folder while a write is under way


class GraphStore:
    """An Oxigraph store holding one named graph per source record."""

    def __init__(self, store: Store, where: str) -> None:
        self._oxigraph = store
        self.where = where
        self._loading: Future[None] | None = None  # a load begun by load_sorted
        self._mark: Path | None = None  # the file that says a write is under way (on disk)
        self._writers = 0
        self._loaded_lock = threading.Lock()

    @property
    def _store(self) -> Store:
        """The Oxigraph store, once a load started by `load_sorted(background=True)` is done."""
        self.finish_loading()
        return self._oxigraph

    def finish_loading(self) -> None:
        """Wait for a load under way (`load_sorted(background=True)`); StoreError if it failed.

        Threads may wait at once. A store whose load failed gives the error at every use.
        """
        loading = self._loading
        if loading is None:
            return
        error = loading.exception()  # waits
        if isinstance(error, OSError | RuntimeError | SyntaxError):
            raise StoreError(f"cannot write the store ({error})", where=self.where) from error
        if error is not None:
            raise error
        with self._loaded_lock:  # the first of the threads waiting ends the write
            if self._loading is loading:
                self._loading = None
                self._end_writing()

    def wait_for_load(self) -> None:
        """Wait for a load under way to end, whatever its outcome (for the files it reads)."""
        loading = self._loading
        if loading is not None:
            futures.wait([loading])

    @classmethod
    def open(
        cls,
        path: Path | None,
        *,
        create: bool = True,
        read_only: bool = False,
        rebuild: bool = False,
    ) -> GraphStore:
        """Open (or create) the store at `path`; with None, a store in memory.

        `read_only` opens it beside a process that writes it (a build, a link): a reader sees
        the store as it was when opened. A store whose last writer was stopped before it ended
        is refused (StoreIncomplete), unless it is opened to be `rebuild`-ed; one that another
        kg process writes is StoreBusy.
        """
        if path is None:
            return cls(Store(), "memory")
        if (read_only or not create) and not path.is_dir():
            raise RequestError("there is no store here; build one with kg build", where=str(path))
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RequestError(
                f"cannot make the store's folder ({exc.strerror})", where=str(path)
            ) from exc
        if not rebuild:
            _refuse_incomplete(path)
        try:
            oxigraph = Store.read_only(str(path)) if read_only else Store(str(path))
        except (OSError, RuntimeError) as exc:
            if _is_lock_error(exc):
                raise StoreBusy(
                    "another kg process is using the store; run this again once it has ended",
                    where=str(path),
                ) from exc
            raise StoreError(f"cannot open the store ({exc})", where=str(path)) from exc
        if not rebuild:  # a writer may have begun between the look above and the opening
            _refuse_incomplete(path)
        store = cls(oxigraph, str(path))
        store._mark = None if read_only else path / INCOMPLETE_MARK
        return store

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Mark the store incomplete on disk while the block writes it, and flush it after.

        Blocks may nest: the mark goes when the outermost one ends well. A process killed
        inside leaves the mark, and every later `open` refuses the store until it is rebuilt.
        """
        self._begin_writing()
        yield
        self._end_writing()

    def _begin_writing(self) -> None:
        if self._writers == 0 and self._mark is not None:
            _write_mark(self._mark)
        self._writers += 1

    def _end_writing(self) -> None:
        self._writers -= 1
        if self._writers == 0 and self._mark is not None:
            self.flush()
            _remove_mark(self._mark)

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
            with self.writing():
                self._store.remove_graph(graph)
                self._store.extend(quads)
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"cannot write the store ({exc})", where=self.where) from exc

    def refresh_union(self) -> int:
        """Make the default graph the view of the named graphs, each triple once; its size.

        The view (`kg.consolidation.view`) is the union of the named graphs in which each
        thing the consolidated graph describes is described by it alone; a store without a
        consolidated graph gets the plain union. The stored queries read this graph:
        Oxigraph's own union of the named graphs is a bag, where a node described by thousands
        of records (a programme, a library) is joined thousands of times over.
        """
        consolidated = self.consolidated_graph()
        if consolidated is not None:
            update = view_update(consolidated, _records_prefix(consolidated))
        else:
            update = "DROP SILENT DEFAULT; INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
        try:  # in Oxigraph itself: no quad passes through Python
            with self.writing():
                self._store.update(update)
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"cannot write the store ({exc})", where=self.where) from exc
        return self.union_count()

    def union_count(self) -> int:
        """Return the number of triples in the default graph (the union, once refreshed)."""
        solutions = self._store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert isinstance(solutions, QuerySolutions)
        count = next(solutions)["n"]
        assert count is not None
        return int(count.value)

    def consolidated_graph(self) -> NamedNode | None:
        """Return the name of the store's consolidated graph; None when it has none."""
        graphs = self.graphs()
        base = base_of(graphs)
        graph = NamedNode(f"{base}graph/{CONSOLIDATED_GRAPH}") if base else None
        return graph if graph in graphs else None

    def view_filter(self) -> ViewFilter | None:
        """Return the view filter of the store's consolidated graph (None: it has none)."""
        graph = self.consolidated_graph()
        if graph is None:
            return None
        quads = self._store.quads_for_pattern(None, None, None, graph)
        return ViewFilter.from_quads(quads, _records_prefix(graph))

    def kept_graphs(
        self, given: Iterable[NamedNode], keep: Callable[[NamedNode], bool]
    ) -> tuple[dict[NamedNode, list[Quad]], list[NamedNode]]:
        """Return the quads of the graphs not `given` that `keep` accepts, and the others' names.

        Those are what a reload keeps (the registries' link graphs) and what it removes, sorted.
        """
        old = self.graphs() - set(given)
        try:
            kept = {
                graph: list(self._store.quads_for_pattern(None, None, None, graph))
                for graph in old
                if keep(graph)
            }
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"cannot read the store ({exc})", where=self.where) from exc
        return kept, sorted(old - kept.keys(), key=lambda graph: graph.value)

    def load_sorted(
        self, chunks: Iterable[SortedChunk], folder: Path, *, background: bool = False
    ) -> Snapshot:
        """Make the store hold exactly the graphs of `chunks`, and their union as default graph.

        The chunks come in graph-name order (`sorted_chunk`). Their quads are written to a
        Snapshot in `folder`, their unions merged there into one sorted union, and both are
        bulk-loaded from those files: no quad passes through Python on the way in. With
        `background`, the bulk load (Oxigraph's, without the GIL) runs in a thread while the
        caller works on the Snapshot; the first use of the store waits for it.
        """
        snapshot = write_snapshot(chunks, folder)
        store = self._store
        self._begin_writing()  # ends once the load is waited for and went well
        loader = ThreadPoolExecutor(1, thread_name_prefix="kg-bulk-load")
        self._loading = loader.submit(_bulk_load, store, snapshot)
        loader.shutdown(wait=False)  # its thread ends with the load
        if not background:
            self.finish_loading()
        return snapshot

    def snapshot(self, folder: Path | None = None) -> Snapshot:
        """Write the quads of the named graphs and their union, each sorted, to a Snapshot.

        Without `folder`, the Snapshot is in a temporary folder, removed when it is closed or
        no longer used. The graphs are read a chunk at a time.
        """
        names = sorted(self.graphs(), key=lambda graph: graph.value)
        view = self.view_filter()
        chunks = (
            sorted_chunk(
                (
                    (name, self._store.quads_for_pattern(None, None, None, name))
                    for name in names[start : start + CHUNK_GRAPHS]
                ),
                view,
            )
            for start in range(0, len(names), CHUNK_GRAPHS)
        )
        snapshot = write_snapshot(chunks, folder or temporary_folder())
        if folder is None:
            snapshot.temporary()
        return snapshot

    def subjects_of_type(self, cls: NamedNode) -> set[NamedNode]:
        """Return the distinct subjects typed `cls` in the default graph (the view)."""
        quads = self._store.quads_for_pattern(None, RDF.type, cls, DefaultGraph())
        return {quad.subject for quad in quads if isinstance(quad.subject, NamedNode)}

    def flush(self) -> None:
        """Write what is pending to disk."""
        try:
            self._store.flush()
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"cannot write the store ({exc})", where=self.where) from exc


def _refuse_incomplete(path: Path) -> None:
    if (path / INCOMPLETE_MARK).exists():
        raise StoreIncomplete(
            "the store is incomplete: a kg build or kg link writing it was stopped; "
            "run kg build again",
            where=str(path),
        )


def _write_mark(mark: Path) -> None:
    """Write the mark and make it durable before the first byte of the store changes."""
    try:
        with mark.open("w", encoding="utf-8") as stream:
            stream.write(
                f"written by process {os.getpid()}; the store is incomplete until it ends\n"
            )
            stream.flush()
            os.fsync(stream.fileno())
        _sync_folder(mark.parent)
    except OSError as exc:
        raise StoreError(
            f"cannot write the store ({exc.strerror})", where=str(mark.parent)
        ) from exc


def _remove_mark(mark: Path) -> None:
    try:
        mark.unlink(missing_ok=True)
        _sync_folder(mark.parent)
    except OSError as exc:
        raise StoreError(
            f"cannot write the store ({exc.strerror})", where=str(mark.parent)
        ) from exc


def _sync_folder(folder: Path) -> None:
    if os.name != "posix":  # a folder cannot be opened to be synced elsewhere
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _is_lock_error(exc: BaseException) -> bool:
    """Whether Oxigraph could not open a store because another process holds its lock."""
    text = str(exc)
    return "LOCK" in text or "lock hold" in text or "Resource temporarily unavailable" in text


def _records_prefix(consolidated: NamedNode) -> str:
    """Return the prefix of the record graphs' names, under the consolidated graph's base."""
    return consolidated.value.removesuffix(f"graph/{CONSOLIDATED_GRAPH}") + RECORD_GRAPHS


def _bulk_load(store: Store, snapshot: Snapshot) -> None:
    """Make `store` hold exactly the snapshot's quads and, as its default graph, their union."""
    store.clear()
    store.bulk_load(path=snapshot.quads_path, format=RdfFormat.N_QUADS)
    store.bulk_load(path=snapshot.union_path, format=RdfFormat.N_TRIPLES)
