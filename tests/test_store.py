"""The embedded store: one named graph per record, replaced whole, written in a stable order."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse

from kg.errors import RequestError, StoreError
from kg.store import GraphStore, write_dataset, write_union

G1, G2 = NamedNode("http://example.org/g1"), NamedNode("http://example.org/g2")
S, P = NamedNode("http://example.org/s"), NamedNode("http://example.org/p")


def _quads(graph: NamedNode, *values: str) -> list[Quad]:
    return [Quad(S, P, Literal(value), graph) for value in values]


def test_replacing_a_graph_leaves_the_others(tmp_path: Path) -> None:
    store = GraphStore.open(tmp_path / "store")
    store.replace_graph(G1, _quads(G1, "a", "b"))
    store.replace_graph(G2, _quads(G2, "a"))
    store.replace_graph(G1, _quads(G1, "c"))
    assert sorted(str(q.object) for q in store.sorted_quads()) == ['"a"', '"c"']
    assert store.graphs() == {G1, G2}


def test_keep_only_drops_stale_graphs(tmp_path: Path) -> None:
    store = GraphStore.open(tmp_path / "store")
    store.replace_graph(G1, _quads(G1, "a"))
    store.replace_graph(G2, _quads(G2, "b"))
    assert store.keep_only({G2}) == [G1]
    assert store.graphs() == {G2}


def test_store_on_disk_keeps_its_graphs(tmp_path: Path) -> None:
    store = GraphStore.open(tmp_path / "store")
    store.replace_graph(G1, _quads(G1, "a"))
    store.flush()
    del store
    assert len(GraphStore.open(tmp_path / "store")) == 1


def test_union_has_each_triple_once_and_dataset_keeps_graphs(tmp_path: Path) -> None:
    quads = sorted(_quads(G1, "a") + _quads(G2, "a", "b"), key=str)
    write_dataset(quads, tmp_path / "g.trig")
    write_union(quads, tmp_path / "g.ttl")
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


def test_load_all_replaces_the_graphs_keeps_the_chosen_and_builds_the_union(
    tmp_path: Path,
) -> None:
    store = GraphStore.open(tmp_path / "store")
    kept = NamedNode("http://example.org/registry/x")
    store.replace_graph(G1, _quads(G1, "old"))
    store.replace_graph(G2, _quads(G2, "gone"))
    store.replace_graph(kept, _quads(kept, "link"))
    given = {G1: _quads(G1, "b", "a", "a")}  # a graph is a set: the second "a" is one quad
    snapshot, removed = store.load_all(given, keep=lambda graph: graph == kept)
    assert removed == [G2]
    assert store.graphs() == {G1, kept}
    assert [str(q.object) for q in snapshot.quads] == ['"a"', '"b"', '"link"']
    assert snapshot.quads == store.sorted_quads()
    assert snapshot.triples == store.snapshot().triples
    assert store.union_count() == 3 and store.named_quad_count() == 3


def test_the_union_is_a_set_of_the_named_graphs(tmp_path: Path) -> None:
    store = GraphStore.open(tmp_path / "store")
    store.replace_graph(G1, _quads(G1, "a", "b"))
    store.replace_graph(G2, _quads(G2, "a"))
    assert store.refresh_union() == 2
    assert store.refresh_union() == 2  # refreshed again: replaced, not added to
    assert store.named_quad_count() == 3
