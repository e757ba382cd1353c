"""Sorted quads and triples -> the TriG and Turtle files of a build, whole or not at all.

write_dataset(quads, path)    TriG of the named graphs
write_triples(triples, path)  Turtle of triples (or of the default graph's quads)
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pyoxigraph import Quad, RdfFormat, Triple, serialize

from kg.atomic import atomic_write
from kg.vocab import PREFIXES


def write_dataset(quads: Iterable[Quad], path: Path) -> None:
    """Write `quads` (already sorted) as TriG, whole or not at all."""
    _write(quads, path, RdfFormat.TRIG)


def write_triples(triples: Iterable[Triple] | Iterable[Quad], path: Path) -> None:
    """Write `triples` (already sorted) as Turtle, whole or not at all.

    Quads of the default graph are taken as their triples (`Snapshot.union_quads`).
    """
    _write(triples, path, RdfFormat.TURTLE)


def _write(items: Iterable[Quad] | Iterable[Triple], path: Path, fmt: RdfFormat) -> None:
    # Entity IRIs are written whole: with a base, Oxigraph would also write the prefixes that
    # share its host as relative IRIs, which some readers do not resolve. Oxigraph's writers
    # stream: the items may be a Snapshot's, read from disk as they are written.
    with atomic_write(path, binary=True) as stream:
        serialize(items, stream, format=fmt, prefixes=PREFIXES)
