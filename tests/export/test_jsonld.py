"""JSON-LD documents: written by kg.export.jsonld, read back by pyld (a JSON-LD processor).

pyld gets a document loader that refuses every URL, so a document that needed the network to
be understood would fail here; the context travels inside each document.
"""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyld import jsonld
from pyoxigraph import Literal, NamedNode, RdfFormat, Store, Triple, parse, serialize

from kg.export.jsonld import (
    MAX_DEPTH,
    Compactor,
    compacted_document,
    dump_document,
    framed_document,
    load_context,
    write_compacted,
    write_documents,
    write_framed,
)
from kg.store.sort import triple_order
from kg.vocab import KG, RDF


def _no_network(url: str, options: object = None) -> None:
    raise AssertionError(f"the JSON-LD processor tried to fetch {url}")


@pytest.fixture(scope="module")
def triples(seed_union: Store) -> list[Triple]:
    return sorted((quad.triple for quad in seed_union), key=str)


def _expanded_triples(document: dict[str, object]) -> set[Triple]:
    nquads = jsonld.to_rdf(
        json.loads(dump_document(document)),
        {"format": "application/n-quads", "documentLoader": _no_network},
    )
    return {quad.triple for quad in parse(nquads.encode(), format=RdfFormat.N_QUADS)}


def test_the_compacted_document_expands_to_the_graph(triples: list[Triple]) -> None:
    document = compacted_document(triples, load_context())
    assert _expanded_triples(document) == set(triples)


def test_every_key_of_the_seed_graph_is_a_readable_term(triples: list[Triple]) -> None:
    document = compacted_document(triples, load_context())
    keys = {key for node in document["@graph"] for key in node}
    assert not {key for key in keys if ":" in key}, "a predicate the context does not name"
    assert {"id", "type", "name", "isil", "businessId", "grantedAmount", "title"} <= keys


def test_texts_are_language_maps_and_amounts_typed(triples: list[Triple]) -> None:
    document = compacted_document(triples, load_context())
    nodes = {node["id"]: node for node in document["@graph"]}
    kuopio = nodes["https://w3id.org/kirjasto-kg/id/library/FI-KM"]
    assert kuopio["name"] == {"fi": "Kuopion kaupunginkirjasto"}
    assert kuopio["isil"] == "FI-Km"
    granted = nodes[
        "https://w3id.org/kirjasto-kg/id/project/"
        "2015-fi-km-asiakkaiden-osallistaminen-kirjastopalveluiden-kehittamiseen-kuopion-520f31d6/"
        "grant/granted"
    ]
    assert granted["value"] == "11000"  # xsd:decimal by the context's term definition


def test_a_value_no_term_fits_keeps_its_predicate_and_type() -> None:
    subject = NamedNode("https://example.org/s")
    odd = [
        Triple(subject, KG.isil, NamedNode("https://example.org/not-a-string")),
        Triple(subject, NamedNode("https://example.org/p"), KG.Project),
    ]
    document = compacted_document(odd, load_context())
    (node,) = document["@graph"]
    assert node["kg:isil"] == {"id": "https://example.org/not-a-string"}
    assert _expanded_triples(document) == set(odd)


def test_compact_iris_use_the_context_prefixes() -> None:
    compactor = Compactor(load_context())
    assert compactor.compact(KG.Project.value) == "kg:Project"
    assert compactor.compact("https://example.org/x") == "https://example.org/x"
    assert compactor.expand("kg:Project") == KG.Project.value


def test_the_framed_document_is_a_tree_per_project(triples: list[Triple]) -> None:
    document = framed_document(triples, load_context())
    projects = {t.subject for t in triples if t.predicate == RDF.type and t.object == KG.Project}
    trees = document["@graph"]
    assert {tree["id"] for tree in trees} == {project.value for project in projects}
    for tree in trees:
        library = tree["applicant"]
        assert isinstance(library, dict) and "name" in library  # embedded, not a reference
        grant = tree["funding"]
        assert grant["grantedAmount"]["value"]  # the grant and its amount, nested
        assert grant["fundedItem"] == tree["id"]  # back to the project: a reference
        programme = tree["fundingCall"]["programme"]
        assert isinstance(programme, dict)
    # Everything a tree says is in the graph, and each project's own triples are all there.
    expanded = _expanded_triples(document)
    assert expanded <= set(triples)
    assert {t for t in triples if t.subject in projects} <= expanded


def test_documents_are_the_same_bytes_each_time(triples: list[Triple]) -> None:
    context = load_context()
    for make in (compacted_document, framed_document):
        assert dump_document(make(triples, context)) == dump_document(
            make(list(reversed(triples)), context)
        )


def test_the_published_context_file_is_the_one_used() -> None:
    path = Path(__file__).resolve().parents[2] / "ontology" / "context.jsonld"
    assert json.loads(path.read_text(encoding="utf-8"))["@context"] == load_context()


def test_the_documents_written_as_made_are_the_documents_dumped(triples: list[Triple]) -> None:
    # Issue 8: the release writes node by node from the sorted union, never the whole document.
    context = load_context()
    ordered = sorted(triples, key=triple_order)
    for write, document in (
        (write_compacted, compacted_document),
        (write_framed, framed_document),
    ):
        stream = io.BytesIO()
        write(lambda: iter(ordered), context, stream)
        assert stream.getvalue() == dump_document(document(triples, context))
        empty = io.BytesIO()
        write(lambda: iter(()), context, empty)
        assert empty.getvalue() == dump_document(document([], context))


def test_a_document_is_a_node_to_a_line(triples: list[Triple]) -> None:
    document = compacted_document(triples, load_context())
    text = dump_document(document).decode("utf-8")
    assert json.loads(text) == document
    lines = text.splitlines()
    start = lines.index(' "@graph": [')
    assert lines[start + 1 : -2] == [
        "  " + json.dumps(node, ensure_ascii=False) + ("," if number < len(lines) else "")
        for number, node in enumerate(document["@graph"], start=start + 4)
    ]
    assert lines[-2:] == [" ]", "}"]


_NODES = [NamedNode(f"https://example.org/n{number}") for number in range(7)]
_LINKS = [NamedNode(f"https://example.org/link{number}") for number in range(3)]


def _oracle_tree(
    compactor: Compactor, index: dict[NamedNode, list[Triple]], path: list[NamedNode]
) -> dict[str, object]:
    """A project's tree as framed_document promises it, built afresh at every step."""

    def embed(node: NamedNode) -> dict[str, object] | None:
        if node not in index or node in path or len(path) >= MAX_DEPTH:
            return None
        if any(t.predicate == RDF.type and t.object == KG.Project for t in index[node]):
            return None
        return _oracle_tree(compactor, index, [*path, node])

    return compactor.node(path[-1], index[path[-1]], embed)  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(
    st.sets(st.integers(0, len(_NODES) - 1), min_size=1, max_size=3),
    st.sets(st.integers(0, len(_NODES) - 1), max_size=2),
    st.lists(
        st.tuples(
            st.integers(0, len(_NODES) - 1),
            st.integers(0, len(_LINKS) - 1),
            st.integers(0, len(_NODES) - 1),
        ),
        max_size=24,
    ),
)
def test_reused_subtrees_are_the_trees_built_afresh(
    projects: set[int], reports: set[int], links: list[tuple[int, int, int]]
) -> None:
    # Shared nodes, cycles and paths of every depth: a subtree reused from one project's tree
    # must be what that place in another tree would have built. A report (kg:ProjectReport,
    # a name that begins as kg:Project does) is no project.
    context = load_context()
    graph = {Triple(node, KG.isil, Literal(node.value[-2:])) for node in _NODES}
    graph |= {Triple(_NODES[number], RDF.type, KG.Project) for number in projects}
    graph |= {Triple(_NODES[number], RDF.type, KG.ProjectReport) for number in reports - projects}
    graph |= {Triple(_NODES[s], _LINKS[p], _NODES[o]) for s, p, o in links}
    ordered = sorted(graph, key=triple_order)
    index: dict[NamedNode, list[Triple]] = {}
    for triple in ordered:
        index.setdefault(triple.subject, []).append(triple)  # type: ignore[arg-type]
    compactor = Compactor(context)
    expected = [_oracle_tree(compactor, index, [_NODES[n]]) for n in sorted(projects)]
    document = framed_document(ordered, context)
    assert document["@graph"] == sorted(expected, key=lambda tree: tree["id"])
    stream = io.BytesIO()
    write_framed(lambda: iter(ordered), context, stream)
    assert stream.getvalue() == dump_document(document)
    with tempfile.TemporaryDirectory() as folder:  # hypothesis runs a test many times
        union, whole, framed = (Path(folder) / name for name in ("u.nt", "w.jsonld", "f.jsonld"))
        union.write_bytes(serialize(ordered, format=RdfFormat.N_TRIPLES))
        write_documents(union, context, whole, framed)
        assert framed.read_bytes() == dump_document(document)
        assert whole.read_bytes() == dump_document(compacted_document(ordered, context))
