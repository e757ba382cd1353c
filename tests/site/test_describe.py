"""kg.site.describe: what has a page, what each page's data holds, and its three formats."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from pyld import jsonld
from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    RdfFormat,
    Store,
    Triple,
    parse,
)

from kg.site.describe import FORMATS, Things, description, serialize_description
from kg.store.sort import triple_order
from kg.vocab import KG, RDF, SCHEMA, SKOS
from tests.site.conftest import SeedGraph

BASE = "https://example.org/id/"


def _store(*triples: Triple) -> Store:
    store = Store()
    store.extend(Quad(t.subject, t.predicate, t.object, DefaultGraph()) for t in triples)
    return store


def _iri(rest: str) -> NamedNode:
    return NamedNode(BASE + rest)


def test_the_kinds_of_the_seeds(seed_graph: SeedGraph) -> None:
    things = seed_graph.things
    kinds = Counter(things.kind(thing) for thing in things)
    assert kinds == {
        "project": 5,
        "record": 5,
        "library": 4,
        "legal-body": 3,
        "programme": 3,
        "call": 4,
        "organisation": 14,
        "partner-kind": 21,  # the 20 kinds and their scheme
    }
    assert list(things) == sorted(things, key=lambda iri: iri.value)


def test_a_thing_is_typed_under_the_base_and_the_first_kind_wins() -> None:
    body, org, outside = (
        _iri("organisation/business-id/1"),
        _iri("organisation/x"),
        NamedNode("https://elsewhere.org/id/library/x"),
    )
    store = _store(
        Triple(body, RDF.type, KG.Organisation),
        Triple(body, RDF.type, KG.LegalBody),
        Triple(org, RDF.type, KG.Organisation),
        Triple(outside, RDF.type, KG.Library),
        Triple(_iri("partner-kind/a"), RDF.type, SKOS.Concept),
    )
    things = Things.of(store, BASE)
    assert things.kind(body) == "legal-body"
    assert things.kind(org) == "organisation"
    assert things.kind(outside) is None and outside not in things
    assert things.kind(_iri("partner-kind/a")) == "partner-kind"


def test_a_part_belongs_to_the_longest_thing_it_begins_with() -> None:
    project, library = _iri("project/x"), _iri("library/FI-A")
    unit = _iri("organisation/unit/s/y")
    store = _store(
        Triple(project, RDF.type, KG.Project),
        Triple(library, RDF.type, KG.Library),
        Triple(unit, RDF.type, KG.Organisation),
        Triple(_iri("project/x/grant"), RDF.type, KG.Grant),
        Triple(_iri("project/x/grant/granted"), SCHEMA.value, Literal("1")),
        Triple(_iri("library/FI-A/address/1"), SCHEMA.postalCode, Literal("00100")),
        Triple(_iri("project/xy/grant"), RDF.type, KG.Grant),  # not a part of project/x
        Triple(_iri("organisation/unit/s"), SCHEMA.name, Literal("no thing")),
    )
    things = Things.of(store, BASE)
    assert things.owner(_iri("project/x/grant/granted")) == project
    assert things.owner(project) == project
    assert things.owner(_iri("library/FI-A/address/1")) == library
    assert things.owner(_iri("project/xy/grant")) is None
    assert things.owner(_iri("organisation/unit/s")) is None
    assert things.owner(NamedNode("https://elsewhere.org/project/x/grant")) is None
    assert things.parts(project) == [_iri("project/x/grant"), _iri("project/x/grant/granted")]


def test_a_description_holds_the_parts_and_their_blank_nodes_sorted() -> None:
    project = _iri("project/x")
    note, deeper = BlankNode("note"), BlankNode("deeper")
    triples = [
        Triple(project, RDF.type, KG.Project),
        Triple(project, SCHEMA.name, Literal("X", language="fi")),
        Triple(_iri("project/x/grant"), RDF.type, KG.Grant),
        Triple(_iri("project/x/grant"), KG.remark, note),
        Triple(note, RDF.value, deeper),
        Triple(deeper, RDF.value, Literal("deep")),
        Triple(_iri("library/FI-A"), RDF.type, KG.Library),
        Triple(project, KG.applicant, _iri("library/FI-A")),
    ]
    store = _store(*triples)
    things = Things.of(store, BASE)
    described = description(store, things, project)
    assert described == sorted(described, key=triple_order)
    assert set(described) == set(triples) - {triples[6]}


def test_the_descriptions_of_the_things_hold_the_union_once(seed_graph: SeedGraph) -> None:
    store, things = seed_graph.store, seed_graph.things
    union = [quad.triple for quad in store.quads_for_pattern(None, None, None, DefaultGraph())]
    described = [triple for thing in things for triple in description(store, things, thing)]
    assert len(described) == len(set(described))
    owned = {t for t in union if isinstance(t.subject, NamedNode) and things.owner(t.subject)}
    assert set(described) == owned
    assert len(owned) == len(union)  # every subject of the seeds' union has a page


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_gives_back_the_description(seed_graph: SeedGraph, fmt: str) -> None:
    store, things = seed_graph.store, seed_graph.things
    for thing in things:
        triples = description(store, things, thing)
        data = serialize_description(list(reversed(triples)), fmt)
        assert data == serialize_description(triples, fmt)  # the order given does not matter
        assert set(read_back(data, fmt)) == set(triples), thing


def read_back(data: bytes, fmt: str) -> list[Triple]:
    """Return the triples of an alternate in `fmt` (JSON-LD expanded by pyld, offline)."""
    if fmt == "jsonld":
        document = json.loads(data)
        nquads = jsonld.to_rdf(document, {"format": "application/n-quads"})
        return [quad.triple for quad in parse(nquads.encode(), format=RdfFormat.N_QUADS)]
    rdf_format = RdfFormat.TURTLE if fmt == "ttl" else RdfFormat.N_TRIPLES
    return [quad.triple for quad in parse(data, format=rdf_format)]


def test_turtle_binds_the_prefixes_it_uses_and_jsonld_the_terms(seed_graph: SeedGraph) -> None:
    store, things = seed_graph.store, seed_graph.things
    record = next(t for t in things if things.kind(t) == "record")
    turtle = serialize_description(description(store, things, record), "ttl").decode()
    assert "@prefix prov: <http://www.w3.org/ns/prov#> ." in turtle
    assert "@prefix schema:" not in turtle  # a record says nothing in schema.org
    document = json.loads(serialize_description(description(store, things, record), "jsonld"))
    assert "sourceFile" in document["@context"] and "applicant" not in document["@context"]


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        serialize_description([], "xml")
