"""The orders quads and triples are always written in, and a merge of sorted N-Triples files.

quad_order(quad), triple_order(triple)   sort keys of terms: the same order every time
line_order(line)                         triple_order read off an N-Triples line
merge_runs(runs, out)                    sorted N-Triples files -> one, each line once
"""

from __future__ import annotations

import heapq
from contextlib import ExitStack
from pathlib import Path

from pyoxigraph import NamedNode, Quad, Triple

from kg.vocab import RDF

MERGE_FAN_IN = 200  # sorted files merged at once: a few hundred files open at most
_RDF_TYPE_LINE = f"<{RDF.type.value}>".encode()


def quad_order(quad: Quad) -> tuple[str, str, bool, str, str]:
    """Return the key that always sorts quads alike: graph, subject, type, predicate, object."""
    # Unpacked once: each attribute read of a pyoxigraph term makes a new object.
    subject, predicate, obj, graph = quad
    return (_term_key(graph), _term_key(subject), predicate != RDF.type, predicate.value, str(obj))


def triple_order(triple: Triple) -> tuple[str, bool, str, str]:
    """Return the key that always sorts triples alike: subject, type first, predicate, object."""
    subject, predicate, obj = triple
    return (_term_key(subject), predicate != RDF.type, predicate.value, str(obj))


def _term_key(term: object) -> str:
    return term.value if isinstance(term, NamedNode) else str(term)


def line_order(line: bytes) -> tuple[bytes, bool, bytes, bytes]:
    """Return `triple_order` of an N-Triples line, in UTF-8 (which sorts as the text does).

    Also `quad_order` of the N-Quads lines of one graph: each object then ends in the same
    " <graph>", which orders no two lines otherwise, since where one object's text begins
    another's, what follows in the longer (a language tag, a datatype, a name's letters) sorts
    after the space.
    """
    subject, predicate, rest = line.split(b" ", 2)
    return (
        subject[1:-1] if subject.startswith(b"<") else subject,
        predicate != _RDF_TYPE_LINE,
        predicate[1:-1],
        rest[:-3],  # the object, without " .\n"
    )


def merge_runs(runs: list[Path], out: Path) -> int:
    """Merge sorted N-Triples files into `out`, each line once; remove them; the lines written."""
    while len(runs) > MERGE_FAN_IN:
        merged = []
        for start in range(0, len(runs), MERGE_FAN_IN):
            group = runs[start : start + MERGE_FAN_IN]
            merged.append(out.with_name(f"{group[0].stem}-merged.nt"))
            merge_runs(group, merged[-1])
        runs = merged
    count = 0
    with ExitStack() as stack, open(out, "wb") as sink:
        streams = [stack.enter_context(open(run, "rb")) for run in runs]
        previous = b""
        for line in heapq.merge(*streams, key=line_order):
            if line != previous:  # the same triple from two runs: the same line, side by side
                sink.write(line)
                count += 1
                previous = line
    for run in runs:
        run.unlink()
    return count
