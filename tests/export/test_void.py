"""The VoID description: counts equal to independent SPARQL counts, partitions, examples,
the SPARQL endpoint, linksets to other hosts, and that it sits beside the DCAT description."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, RdfFormat, Store, Triple, parse
from pyshacl import validate
from rdflib import Graph

from kg.export.dcat.catalog import ReleaseInfo, dataset_iri, describe_release
from kg.export.dcat.config import CatalogConfig
from kg.export.dcat.void import VOID_TURTLE, describe_void, write_void
from kg.iris import DEFAULT_BASE
from kg.vocab import KG, OWL, RDF, RDFS, SKOS, VOID, XSD
from tests.export.conftest import objects, one

EXTERNAL = Path(__file__).resolve().parents[2].parent / "shared" / "external"
ISSUED = datetime(2026, 1, 31, 12, 0, tzinfo=UTC)
ENDPOINT = "https://data.example.org/sparql"
INFO = ReleaseInfo("open", ISSUED, None, DEFAULT_BASE, sparql_endpoint=ENDPOINT)
DATASET = dataset_iri(INFO)
WIKIDATA = "http://www.wikidata.org/entity/"


@pytest.fixture(scope="module")
def store(seed_union: Store) -> Store:
    return seed_union


@pytest.fixture(scope="module")
def void(store: Store) -> list[Triple]:
    return describe_void(store, DATASET, INFO)


def count(store: Store, query: str) -> int:
    return int(next(iter(store.query(query)))["n"].value)


def integer(number: int) -> Literal:
    return Literal(str(number), datatype=XSD.integer)


def test_the_counts_are_those_of_the_graph(store: Store, void: list[Triple]) -> None:
    triples = list(store.quads_for_pattern(None, None, None, DefaultGraph()))
    expected = {
        VOID.triples: len(triples),
        VOID.distinctSubjects: len({q.subject for q in triples}),
        VOID.distinctObjects: len({q.object for q in triples}),
        VOID.properties: count(store, "SELECT (COUNT(DISTINCT ?p) AS ?n) { ?s ?p ?o }"),
        VOID.classes: count(store, "SELECT (COUNT(DISTINCT ?c) AS ?n) { ?s a ?c }"),
        VOID.entities: count(
            store,
            f"SELECT (COUNT(DISTINCT ?s) AS ?n) {{ ?s ?p ?o "
            f'FILTER(STRSTARTS(STR(?s), "{DEFAULT_BASE}")) }}',
        ),
    }
    for predicate, number in expected.items():
        assert one(void, DATASET, predicate) == integer(number), predicate
    assert expected[VOID.triples] > 700 and expected[VOID.classes] > 20  # the seeds, all there


def test_each_class_and_property_has_its_partition(store: Store, void: list[Triple]) -> None:
    classes = {
        one(void, partition, VOID["class"]): one(void, partition, VOID.entities)
        for partition in objects(void, DATASET, VOID.classPartition)
    }
    assert classes[KG.Project] == integer(5) and classes[KG.Library] == integer(4)
    for cls, entities in classes.items():
        query = f"SELECT (COUNT(DISTINCT ?x) AS ?n) {{ ?x a {cls} }}"
        assert entities == integer(count(store, query)), cls
    properties = {
        one(void, partition, VOID.property): one(void, partition, VOID.triples)
        for partition in objects(void, DATASET, VOID.propertyPartition)
    }
    assert len(properties) == int(one(void, DATASET, VOID.properties).value)
    for predicate, triples in properties.items():
        assert triples == integer(count(store, f"SELECT (COUNT(*) AS ?n) {{ ?s {predicate} ?o }}"))


def test_example_resources_are_the_first_of_their_classes(store: Store, void: list[Triple]) -> None:
    examples = set(objects(void, DATASET, VOID.exampleResource))
    for cls in (KG.Project, KG.Library, KG.Grant):
        instances = sorted(q.subject.value for q in store.quads_for_pattern(None, RDF.type, cls))
        assert NamedNode(instances[0]) in examples, cls


def test_the_description_names_the_endpoint_space_and_vocabularies(void: list[Triple]) -> None:
    assert one(void, DATASET, VOID.sparqlEndpoint) == NamedNode(ENDPOINT)
    assert one(void, DATASET, VOID.uriSpace) == Literal(DEFAULT_BASE)
    assert NamedNode(KG.iri) in objects(void, DATASET, VOID.vocabulary)
    assert RDF.type in {t.predicate for t in void if t.subject == DATASET}


def test_without_an_endpoint_there_is_none_and_dumps_are_named(store: Store) -> None:
    dump = NamedNode("https://data.example.org/kirjasto-kg/graph.nt")
    void = describe_void(store, DATASET, replace(INFO, sparql_endpoint=None), dumps=[dump])
    assert objects(void, DATASET, VOID.sparqlEndpoint) == []
    assert objects(void, DATASET, VOID.dataDump) == [dump]


def test_the_seeds_have_no_links_yet(void: list[Triple]) -> None:
    assert [t for t in void if t.object == VOID.Linkset] == []


def test_links_to_other_hosts_make_one_linkset_per_target_and_predicate(store: Store) -> None:
    linked = Store()
    linked.extend(store.quads_for_pattern(None, None, None, DefaultGraph()))
    libraries = sorted(q.subject.value for q in store.quads_for_pattern(None, RDF.type, KG.Library))
    made_up = [
        (libraries[0], OWL.sameAs, f"{WIKIDATA}Q900001"),
        (libraries[1], OWL.sameAs, f"{WIKIDATA}Q900002"),
        (libraries[1], SKOS.exactMatch, f"{WIKIDATA}Q900002"),
        (libraries[2], RDFS.seeAlso, "https://isil.example.org/registry/FI-Km"),
        # not links of ours: between our own nodes, and from someone else's node
        (libraries[0], OWL.sameAs, libraries[1]),
        ("https://example.org/other/thing", OWL.sameAs, f"{WIKIDATA}Q900003"),
    ]
    linked.extend(Quad(NamedNode(s), p, NamedNode(o), DefaultGraph()) for s, p, o in made_up)
    void = describe_void(linked, DATASET, INFO)
    linksets = {
        (
            one(void, one(void, linkset, VOID.objectsTarget), VOID.uriSpace).value,
            one(void, linkset, VOID.linkPredicate),
        ): one(void, linkset, VOID.triples)
        for linkset in objects(void, DATASET, VOID.subset)
    }
    assert linksets == {
        (WIKIDATA, OWL.sameAs): integer(2),
        (WIKIDATA, SKOS.exactMatch): integer(1),
        ("https://isil.example.org/registry/", RDFS.seeAlso): integer(1),
    }
    for linkset in objects(void, DATASET, VOID.subset):
        assert one(void, linkset, RDF.type) == VOID.Linkset
        assert one(void, linkset, VOID.subjectsTarget) == DATASET
        assert one(void, one(void, linkset, VOID.objectsTarget), RDF.type) == VOID.Dataset


def test_two_writes_give_identical_bytes(store: Store, tmp_path: Path) -> None:
    first = write_void(describe_void(store, DATASET, INFO), tmp_path / "a")
    second = write_void(describe_void(store, DATASET, INFO), tmp_path / "b")
    assert first.name == VOID_TURTLE
    assert first.read_bytes() == second.read_bytes()
    assert {q.triple for q in parse(path=first, format=RdfFormat.TURTLE)} == set(
        describe_void(store, DATASET, INFO)
    )


def test_read_with_the_catalogue_it_still_meets_dcat_ap(store: Store, void: list[Triple]) -> None:
    # The VoID description shares the DCAT dataset node, so both may go in one file.
    catalogue = describe_release(store, [], CatalogConfig(), INFO)
    data = Graph().parse(data="\n".join(f"{t} ." for t in {*catalogue, *void}), format="nt")
    for name in ("shapes.ttl", "range.ttl"):
        shapes = Graph().parse(EXTERNAL / "dcat-ap-3.0.1" / name)
        conforms, _, text = validate(data, shacl_graph=shapes)
        assert conforms, text
