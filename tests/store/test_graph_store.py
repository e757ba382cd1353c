"""The embedded store: one named graph per record, replaced whole, written in a stable order.

Also its snapshots (kg.store.snapshot), orders (kg.store.sort) and files (kg.store.writers).
"""

from __future__ import annotations

import pickle
import subprocess
import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    Quad,
    RdfFormat,
    Store,
    Triple,
    parse,
    serialize,
)

from kg.errors import RequestError, StoreBusy, StoreError, StoreIncomplete
from kg.store.graph_store import INCOMPLETE_MARK, GraphStore
from kg.store.snapshot import Snapshot, sorted_chunk, write_snapshot
from kg.store.sort import quad_order, triple_order
from kg.store.writers import write_dataset, write_triples
from kg.vocab import RDF

G1, G2 = NamedNode("http://example.org/g1"), NamedNode("http://example.org/g2")
S, P = NamedNode("http://example.org/s"), NamedNode("http://example.org/p")


def _quads(graph: NamedNode, *values: str) -> list[Quad]:
    return [Quad(S, P, Literal(value), graph) for value in values]


def _union_triples(quads: Iterable[Quad]) -> list[Triple]:
    """The union of the graphs of `quads`, each triple once, in triple_order."""
    return sorted({quad.triple for quad in quads}, key=triple_order)


def _stored(store: GraphStore) -> list[Quad]:
    """Every quad of the store's named graphs, in quad_order (read through a snapshot)."""
    snapshot = store.snapshot()
    return list(snapshot.quads())


def _load(store: GraphStore, graphs: dict[NamedNode, list[Quad]], folder: Path) -> Snapshot:
    """Make `graphs` the store (as kg build does), in one chunk; the Snapshot."""
    names = sorted(graphs, key=lambda graph: graph.value)
    return store.load_sorted([sorted_chunk((name, graphs[name]) for name in names)], folder)


def test_replacing_a_graph_leaves_the_others(tmp_path: Path) -> None:
    store = GraphStore.open(tmp_path / "store")
    store.replace_graph(G1, _quads(G1, "a", "b"))
    store.replace_graph(G2, _quads(G2, "a"))
    store.replace_graph(G1, _quads(G1, "c"))
    assert sorted(str(q.object) for q in _stored(store)) == ['"a"', '"c"']
    assert store.graphs() == {G1, G2}


def test_store_on_disk_keeps_its_graphs(tmp_path: Path) -> None:
    store = GraphStore.open(tmp_path / "store")
    store.replace_graph(G1, _quads(G1, "a"))
    store.flush()
    del store
    assert len(GraphStore.open(tmp_path / "store")) == 1


def test_union_has_each_triple_once_and_dataset_keeps_graphs(tmp_path: Path) -> None:
    quads = sorted(_quads(G1, "a") + _quads(G2, "a", "b"), key=str)
    write_dataset(quads, tmp_path / "g.trig")
    write_triples(_union_triples(quads), tmp_path / "g.ttl")
    assert len(list(parse((tmp_path / "g.trig").read_bytes(), format=RdfFormat.TRIG))) == 3
    assert len(list(parse((tmp_path / "g.ttl").read_bytes(), format=RdfFormat.TURTLE))) == 2


def test_a_store_under_a_file_is_a_command_line_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(RequestError) as caught:
        GraphStore.open(blocker / "store")
    assert (
        str(caught.value)
        == f"{blocker / 'store'}: cannot make the store's folder (Not a directory)"
    )
    assert caught.value.exit_code == 2


def test_a_corrupt_store_is_one_clear_error(tmp_path: Path) -> None:
    GraphStore.open(tmp_path / "store").flush()
    for path in (tmp_path / "store").iterdir():
        if path.name == "CURRENT":
            path.write_text("garbage\n", encoding="utf-8")
    with pytest.raises(StoreError) as caught:
        GraphStore.open(tmp_path / "store")
    assert str(caught.value).startswith(f"{tmp_path / 'store'}: cannot open the store")
    assert caught.value.exit_code == 1


def test_a_missing_store_is_not_created_when_only_read(tmp_path: Path) -> None:
    with pytest.raises(RequestError, match="there is no store here"):
        GraphStore.open(tmp_path / "nothing", create=False)
    assert not (tmp_path / "nothing").exists()


def test_a_reload_replaces_the_graphs_keeps_the_chosen_and_builds_the_union(
    tmp_path: Path,
) -> None:
    store = GraphStore.open(tmp_path / "store")
    kept = NamedNode("http://example.org/registry/x")
    store.replace_graph(G1, _quads(G1, "old"))
    store.replace_graph(G2, _quads(G2, "gone"))
    store.replace_graph(kept, _quads(kept, "link"))
    given = {G1: _quads(G1, "b", "a", "a")}  # a graph is a set: the second "a" is one quad
    found, removed = store.kept_graphs(given, keep=lambda graph: graph == kept)
    assert removed == [G2] and list(found) == [kept]
    snapshot = _load(store, {**given, **found}, tmp_path / "snapshot")
    assert store.graphs() == {G1, kept}
    assert [str(q.object) for q in snapshot.quads()] == ['"a"', '"b"', '"link"']
    assert list(snapshot.quads()) == _stored(store)
    assert list(snapshot.triples()) == list(store.snapshot().triples())
    assert snapshot.quad_count == 3 and snapshot.triple_count == 3
    assert store.union_count() == 3 and len(store) - store.union_count() == 3


def test_a_snapshot_merges_the_chunks_unions_in_order_each_triple_once(tmp_path: Path) -> None:
    # Shared subjects in many graphs, blank nodes, types, texts with escapes and non-ASCII
    # letters: the merged union of the chunks is the sorted union of all of them.
    graphs = [NamedNode(f"http://example.org/g/{number:03}") for number in range(40)]
    shared = NamedNode("http://example.org/library")
    quads = []
    for number, graph in enumerate(graphs):
        own = NamedNode(f"http://example.org/p/{number % 7}/x")
        quads += [
            Quad(shared, P, Literal("Kirjasto ä"), graph),
            Quad(shared, RDF.type, NamedNode("http://example.org/Library"), graph),
            Quad(own, P, Literal(f'line\n"{number}"', language="fi"), graph),
            Quad(own, P, shared, graph),
            Quad(BlankNode(f"b{number % 3}"), P, Literal(str(number)), graph),
        ]
    by_graph = {graph: [q for q in quads if q.graph_name == graph] for graph in graphs}
    chunks = [
        sorted_chunk((graph, by_graph[graph]) for graph in graphs[start : start + 6])
        for start in range(0, len(graphs), 6)
    ]
    snapshot = write_snapshot(chunks, tmp_path / "snapshot")
    assert list(snapshot.quads()) == sorted(quads, key=quad_order)
    assert list(snapshot.triples()) == _union_triples(quads)
    assert snapshot.triple_count == len({q.triple for q in quads})
    assert sorted(p.name for p in (tmp_path / "snapshot").iterdir()) == [
        "merged.nt",
        "quads.nq",
        "union.nt",
    ]
    # The writers of triples take the union's quads (of the default graph) for its triples.
    write_triples(snapshot.triples(), tmp_path / "from-triples.ttl")
    write_triples(snapshot.union_quads(), tmp_path / "from-quads.ttl")
    written = (tmp_path / "from-quads.ttl").read_bytes()
    assert written == (tmp_path / "from-triples.ttl").read_bytes()
    assert b"@prefix" in written and b"Kirjasto" in written


_TERMS = [
    NamedNode("http://example.org/a"),
    NamedNode("http://example.org/a/b"),  # a prefix of another IRI: "/" sorts below ">"
    NamedNode("http://example.org/ä"),
    BlankNode("b1"),
    BlankNode("b10"),
]
_PREDICATES = [P, RDF.type, NamedNode("http://example.org/p/q"), NamedNode("http://example.org/o")]
_DATATYPES = [None, NamedNode("http://www.w3.org/2001/XMLSchema#decimal"), NamedNode("urn:x:y")]
_objects = st.one_of(
    st.sampled_from(_TERMS),
    st.builds(Literal, st.text(max_size=8)),
    st.builds(
        lambda text, language: Literal(text, language=language),
        st.text(max_size=8),
        st.sampled_from(["fi", "sv", "en-GB"]),
    ),
    st.builds(
        lambda text, datatype: Literal(text, datatype=datatype),
        st.text(max_size=8),
        st.sampled_from(_DATATYPES[1:]),
    ),
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(_TERMS),
            st.sampled_from(_PREDICATES),
            _objects,
            st.sampled_from([G1, G2, NamedNode("http://example.org/g1/x")]),
        ),
        max_size=30,
    )
)
def test_a_chunk_sorted_as_text_is_the_chunk_sorted_as_terms(
    rows: list[tuple[NamedNode | BlankNode, NamedNode, object, NamedNode]],
) -> None:
    # Escapes, control characters, quotes, non-ASCII letters, languages, datatypes, IRIs that
    # begin other IRIs, blank nodes, duplicates: the lines sort as quad_order sorts the quads.
    quads = [Quad(*row) for row in rows]  # type: ignore[arg-type]
    names = sorted({quad.graph_name for quad in quads}, key=lambda graph: graph.value)
    blocks = [(name, [q for q in quads if q.graph_name == name]) for name in names]
    expected = [quad for _, block in blocks for quad in sorted(set(block), key=quad_order)]
    chunk = sorted_chunk(blocks)
    assert chunk.quads == serialize(expected, format=RdfFormat.N_QUADS)
    assert chunk.union == serialize(_union_triples(expected), format=RdfFormat.N_TRIPLES)


def test_the_union_is_a_set_of_the_named_graphs(tmp_path: Path) -> None:
    store = GraphStore.open(tmp_path / "store")
    store.replace_graph(G1, _quads(G1, "a", "b"))
    store.replace_graph(G2, _quads(G2, "a"))
    assert store.refresh_union() == 2
    assert store.refresh_union() == 2  # refreshed again: replaced, not added to
    assert len(store) - store.union_count() == 3  # the named graphs' quads


@pytest.mark.parametrize("background", [False, True])
def test_load_sorted_makes_the_store_hold_the_chunks_and_their_union(
    tmp_path: Path, background: bool
) -> None:
    store = GraphStore.open(tmp_path / "store")
    store.replace_graph(G2, _quads(G2, "old"))  # cleared by the load
    quads = _quads(G1, "a", "b") + _quads(G2, "b", "c")
    chunks = [sorted_chunk([(G1, quads[:2]), (G2, quads[2:])])]
    snapshot = store.load_sorted(chunks, tmp_path / "snapshot", background=background)
    assert snapshot.quad_count == 4  # the snapshot is there at once, loading or not
    assert _stored(store) == sorted(quads, key=quad_order)  # waits for the load
    assert store.union_count() == 3


def test_threads_waiting_for_a_background_load_at_once_all_see_it_loaded(tmp_path: Path) -> None:
    # kg build: a thread starts the release once the store is loaded while the main thread
    # validates, and the validation's first use of the store waits for the same load.
    store = GraphStore.open(tmp_path / "store")
    graphs = [NamedNode(f"http://example.org/g{number}") for number in range(300)]
    chunks = [sorted_chunk([(graph, _quads(graph, *"abcdefgh")) for graph in graphs])]
    store.load_sorted(chunks, tmp_path / "snapshot", background=True)
    seen: list[int] = []
    threads = [threading.Thread(target=lambda: seen.append(len(store.graphs()))) for _ in range(3)]
    for thread in threads:
        thread.start()
    assert len(store.graphs()) == 300
    for thread in threads:
        thread.join()
    assert seen == [300, 300, 300]


def test_a_failed_background_load_is_a_store_error_at_every_use(tmp_path: Path) -> None:
    GraphStore.open(tmp_path / "store").replace_graph(G1, _quads(G1, "a"))
    read_only = GraphStore(Store.read_only(str(tmp_path / "store")), str(tmp_path / "store"))
    chunks = [sorted_chunk([(G2, _quads(G2, "b"))])]
    read_only.load_sorted(chunks, tmp_path / "snapshot", background=True)
    with pytest.raises(StoreError, match="cannot write the store") as caught:
        read_only.graphs()
    assert str(caught.value).startswith(str(tmp_path / "store"))
    read_only.wait_for_load()  # ended: no error here, it is the store's
    with pytest.raises(StoreError, match="cannot write the store"):
        read_only.finish_loading()


@contextmanager
def _in_a_process_of_its_own(code: str) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """Run Python on `code` until its first line of output; give the process and the line.

    The process is killed when the block ends, if it still runs.
    """
    with subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=Path.cwd()
    ) as process:
        assert process.stdout is not None
        try:
            yield process, process.stdout.readline()
        finally:
            process.kill()


def test_a_store_whose_writer_was_killed_is_refused_until_rebuilt(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    before = GraphStore.open(folder)
    before.replace_graph(G1, _quads(G1, "old"))
    del before
    with _in_a_process_of_its_own(
        "import os; from pathlib import Path; from kg.store.graph_store import GraphStore\n"
        f"store = GraphStore.open(Path({str(folder)!r}))\n"
        "with store.writing():\n"
        "    store.oxigraph.clear(); print('cleared', flush=True); os.kill(os.getpid(), 9)\n"
    ) as (writer, said):
        assert said == "cleared\n"
        assert writer.wait() == -9
    for read_only in (False, True):
        with pytest.raises(StoreIncomplete) as caught:
            GraphStore.open(folder, read_only=read_only)
        assert str(caught.value) == (
            f"{folder}: the store is incomplete: a kg build or kg link writing it was stopped; "
            "run kg build again"
        )
        assert caught.value.exit_code == 1
    rebuilt = GraphStore.open(folder, rebuild=True)
    _load(rebuilt, {G2: _quads(G2, "new")}, tmp_path / "snapshot")
    assert not (folder / INCOMPLETE_MARK).exists()
    del rebuilt
    assert GraphStore.open(folder, read_only=True).graphs() == {G2}


def test_the_mark_stays_while_a_background_load_runs_and_goes_when_it_went_well(
    tmp_path: Path,
) -> None:
    store = GraphStore.open(tmp_path / "store")
    snapshot = store.load_sorted(
        iter([sorted_chunk([(G1, _quads(G1, "a"))])]), tmp_path / "snap", background=True
    )
    store.wait_for_load()  # the load has ended, but nobody has looked at how
    assert (tmp_path / "store" / INCOMPLETE_MARK).exists()
    assert len(store) > 0
    assert not (tmp_path / "store" / INCOMPLETE_MARK).exists()
    snapshot.close()


def test_a_failed_write_leaves_the_store_marked(tmp_path: Path) -> None:
    store = GraphStore.open(tmp_path / "store")
    with pytest.raises(ZeroDivisionError), store.writing():
        store.oxigraph.clear()
        raise ZeroDivisionError
    with pytest.raises(StoreIncomplete):
        GraphStore.open(tmp_path / "store", read_only=True)


def test_a_store_another_process_holds_is_busy_and_can_still_be_read(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    first = GraphStore.open(folder)
    first.replace_graph(G1, _quads(G1, "a"))
    del first
    with _in_a_process_of_its_own(
        "import time; from pathlib import Path; from kg.store.graph_store import GraphStore\n"
        f"store = GraphStore.open(Path({str(folder)!r}))\n"
        "print('holding', flush=True); time.sleep(60)\n"
    ) as (_holder, said):
        assert said == "holding\n"
        with pytest.raises(StoreBusy) as caught:
            GraphStore.open(folder)
        assert str(caught.value) == (
            f"{folder}: another kg process is using the store; run this again once it has ended"
        )
        assert caught.value.exit_code == 4
        assert GraphStore.open(folder, read_only=True).graphs() == {G1}


def test_a_snapshot_goes_to_a_worker_process_as_its_files_and_counts(tmp_path: Path) -> None:
    snapshot = write_snapshot([sorted_chunk([(G1, _quads(G1, "a", "b"))])], tmp_path / "snap")
    snapshot.temporary()
    copy = pickle.loads(pickle.dumps(snapshot))
    assert (copy.folder, copy.quad_count, copy.triple_count) == (snapshot.folder, 2, 2)
    copy.close()  # a copy never removes the files: they are the sender's
    del copy
    assert list(snapshot.quads()) == _quads(G1, "a", "b")
    snapshot.close()
    assert not (tmp_path / "snap").exists()


def test_a_store_opened_to_be_read_cannot_be_written(tmp_path: Path) -> None:
    GraphStore.open(tmp_path / "store").flush()
    reader = GraphStore.open(tmp_path / "store", read_only=True)
    with pytest.raises(StoreError):
        reader.replace_graph(G1, _quads(G1, "a"))
    assert not (tmp_path / "store" / INCOMPLETE_MARK).exists()
