"""A store's named graphs as sorted files on disk, read back as streams.

    sorted_chunk(graphs, view)   -> SortedChunk: graphs in N-Quads, their union (the view, with
                                    `view`) in N-Triples, the record lines the view left out
    write_snapshot(chunks, dir)  -> Snapshot: the chunks' quads, their unions merged, each sorted
    snapshot.quads(), .triples(), .union_quads(), .merged_triples()   the files as streams
    temporary_folder()           a folder for a Snapshot, removed with it (`Snapshot.temporary`)

A Snapshot holds the quads in N-Quads, their view in N-Triples, and the record statements
the view leaves out (which validation reads): a build of 100,000 records never holds every
quad in Python. The view is the union of the named graphs in which each thing the
consolidated graph describes is described by it alone (`kg.consolidation.view`).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import NamedNode, Quad, RdfFormat, Triple, parse, serialize

from kg.atomic import process_running
from kg.consolidation.view import ViewFilter
from kg.errors import StoreError
from kg.store.sort import line_order, merge_runs

QUADS_FILE = "quads.nq"
UNION_FILE = "union.nt"
MERGED_FILE = "merged.nt"  # the record graphs' statements the view leaves out (validation reads)
_TEMPORARY_PREFIX = "kg-snapshot-"


class Snapshot:
    """The named graphs of a store, sorted, in a folder: quads and their union, as streams.

    The quads are in `quad_order` (N-Quads), their union in `triple_order`, each triple once
    (N-Triples). A build writes it while loading the store and hands it on, so that writing
    the release neither reads the store back nor holds every quad in memory. It pickles as
    its folder and counts (for a worker process).
    """

    def __init__(self, folder: Path, quad_count: int, triple_count: int) -> None:
        self.folder = folder
        self.quad_count = quad_count
        self.triple_count = triple_count
        self._finalizer: weakref.finalize | None = None

    def __reduce__(self) -> tuple[type[Snapshot], tuple[Path, int, int]]:
        # The files stay the sender's: a copy in another process never removes them.
        return Snapshot, (self.folder, self.quad_count, self.triple_count)

    @property
    def quads_path(self) -> Path:
        """The N-Quads file of the named graphs, sorted."""
        return self.folder / QUADS_FILE

    @property
    def union_path(self) -> Path:
        """The N-Triples file of their view (the default graph), sorted, each triple once."""
        return self.folder / UNION_FILE

    @property
    def merged_path(self) -> Path:
        """The N-Triples file of the record graphs' statements the view leaves out."""
        return self.folder / MERGED_FILE

    def merged_triples(self) -> Iterator[Triple]:
        """Yield the record statements the view leaves out and validation reads; may repeat."""
        if self.merged_path.exists():
            yield from (
                quad.triple for quad in parse(path=self.merged_path, format=RdfFormat.N_TRIPLES)
            )

    def quads(self) -> Iterator[Quad]:
        """Yield every quad, in `quad_order`."""
        return parse(path=self.quads_path, format=RdfFormat.N_QUADS)

    def triples(self) -> Iterator[Triple]:
        """Yield every triple of the union, once, in `triple_order`."""
        return (quad.triple for quad in self.union_quads())

    def union_quads(self) -> Iterator[Quad]:
        """Yield the triples of `triples()` as the default graph's quads, as they are parsed.

        For Oxigraph's writers of triples, which take these too: no Triple is made for them.
        """
        return parse(path=self.union_path, format=RdfFormat.N_TRIPLES)

    def temporary(self) -> None:
        """Remove the folder when the Snapshot is closed or garbage-collected."""
        self._finalizer = weakref.finalize(self, shutil.rmtree, self.folder, True)

    def close(self) -> None:
        """Remove the folder now, when the Snapshot is temporary."""
        if self._finalizer is not None:
            self._finalizer()


@dataclass(frozen=True)
class SortedChunk:
    """Named graphs as N-Quads, each sorted, and their union as N-Triples, sorted, once each."""

    quads: bytes
    union: bytes
    merged: bytes = b""  # record statements the view leaves out (unsorted)


def sorted_chunk(
    graphs: Iterable[tuple[NamedNode, Iterable[Quad]]], view: ViewFilter | None = None
) -> SortedChunk:
    """Serialise `graphs` (name, quads; in name order) as a SortedChunk; a graph is a set.

    Sorted as text: Oxigraph writes each graph as N-Quads and the lines are sorted by
    `quad_order` read off the line (`line_order`), which makes no term object. With `view`,
    the union is the view: the record graphs' lines pass through `view.line`.
    """
    lines: list[bytes] = []
    union: set[bytes] = set()
    merged: set[bytes] = set()
    for name, block in graphs:
        text = serialize(block, format=RdfFormat.N_QUADS) or b""  # no output given: bytes back
        graph_lines: list[bytes] = sorted(set(text.splitlines(keepends=True)), key=line_order)
        lines += graph_lines
        triples = (line[: line.rindex(b" ", 0, -3)] + b" .\n" for line in graph_lines)
        if view is None or not name.value.startswith(view.records):
            union.update(triples)
            continue
        for triple in triples:
            seen = view.line(triple)
            if seen is not None:
                union.add(seen)
            elif view.validated(triple):
                merged.add(triple)
    union_lines: list[bytes] = sorted(union, key=line_order)
    return SortedChunk(b"".join(lines), b"".join(union_lines), b"".join(sorted(merged)))


def write_snapshot(chunks: Iterable[SortedChunk], folder: Path) -> Snapshot:
    """Write `chunks` (in graph-name order) into `folder` as a Snapshot: quads, merged union."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        runs: list[Path] = []
        quad_count = 0
        with open(folder / QUADS_FILE, "wb") as quads, open(folder / MERGED_FILE, "wb") as merged:
            for number, chunk in enumerate(chunks):
                quads.write(chunk.quads)
                merged.write(chunk.merged)
                quad_count += chunk.quads.count(b"\n")
                run = folder / f"union-{number}.nt"
                run.write_bytes(chunk.union)
                runs.append(run)
        triple_count = merge_runs(runs, folder / UNION_FILE)
    except OSError as exc:
        raise StoreError(f"cannot write a snapshot ({exc.strerror})", where=str(folder)) from exc
    return Snapshot(folder, quad_count, triple_count)


def temporary_folder() -> Path:
    """Make a temporary folder for a Snapshot, once those of ended processes are removed."""
    temporary = Path(tempfile.gettempdir())
    for folder in temporary.glob(f"{_TEMPORARY_PREFIX}*-*"):
        pid = folder.name[len(_TEMPORARY_PREFIX) :].partition("-")[0]
        if pid.isdigit() and not process_running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{_TEMPORARY_PREFIX}{os.getpid()}-"))
