"""JSON-LD documents: written by kg.export.jsonld, read back by pyld (a JSON-LD processor).

pyld gets a document loader that refuses every URL, so a document that needed the network to
be understood would fail here; the context travels inside each document.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pyld import jsonld
from pyoxigraph import NamedNode, RdfFormat, Store, Triple, parse

from kg.export.jsonld import (
    Compactor,
    compacted_document,
    dump,
    framed_document,
    load_context,
    write_compacted,
    write_framed,
)
from kg.store import triple_order
from kg.vocab import KG, RDF


def _no_network(url: str, options: object = None) -> None:
    raise AssertionError(f"the JSON-LD processor tried to fetch {url}")


@pytest.fixture(scope="module")
def triples(seed_union: Store) -> list[Triple]:
    return sorted((quad.triple for quad in seed_union), key=str)


def _expanded_triples(document: dict[str, object]) -> set[Triple]:
    nquads = jsonld.to_rdf(
        json.loads(dump(document)),
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
        assert dump(make(triples, context)) == dump(make(list(reversed(triples)), context))


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
        assert stream.getvalue() == dump(document(triples, context))
        empty = io.BytesIO()
        write(lambda: iter(()), context, empty)
        assert empty.getvalue() == dump(document([], context))
