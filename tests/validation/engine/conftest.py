"""What the engine tests share: a store of Turtle data, and both engines' results compared."""

from __future__ import annotations

import rdflib
from pyoxigraph import NamedNode, Quad, RdfFormat, parse

from kg.store.graph_store import GraphStore
from kg.validation.validate import Report, validate_store

PREFIXES = """
@prefix sh:   <http://www.w3.org/ns/shacl#> .
@prefix rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix ex:   <http://example.org/ns#> .
"""


def store_of(turtle: str) -> GraphStore:
    """A store in memory with `turtle` (prefixes above) as one record's named graph."""
    store = GraphStore.open(None)
    graph = NamedNode("urn:x-test:record")
    triples = parse((PREFIXES + turtle).encode(), format=RdfFormat.TURTLE)
    store.oxigraph.extend(Quad(t.subject, t.predicate, t.object, graph) for t in triples)
    return store


def shapes_of(turtle: str) -> rdflib.Graph:
    """An rdflib shapes graph of `turtle` (prefixes above)."""
    return rdflib.Graph().parse(data=PREFIXES + turtle, format="turtle")


def both(store: GraphStore, shapes: rdflib.Graph | None = None) -> tuple[Report, Report]:
    """Validate `store` with the fast engine and with pyshacl; check they agree; both reports."""
    kwargs = {"shapes": shapes} if shapes is not None else {}
    fast = validate_store(store, engine="fast", **kwargs)
    reference = validate_store(store, engine="pyshacl", **kwargs)
    assert sorted(fast.results) == sorted(reference.results)
    return fast, reference
