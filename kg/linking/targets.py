"""What the graph gives the registries to look up: its libraries and legal bodies.

    read_targets(store, skip)  -> Targets(libraries, legal_bodies)

Read from the consolidated graph, where each library and legal body is one node with one
preferred name and ISIL (`kg.consolidation`), so that links are made to the nodes people read.
A store without a consolidated graph (built by an older version) is read from its named
graphs but those in `skip` (the registries' own); a library named differently in two records
then keeps the first name in sorted order, so that every run asks the same question.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode

from kg.store.graph_store import GraphStore
from kg.vocab import KG, ORG, RDF, SCHEMA


@dataclass(frozen=True)
class LibraryTarget:
    """A library of the graph: its IRI, name, ISIL (if any) and its legal body's IRI (if any)."""

    iri: NamedNode
    name: str | None
    isil: str | None
    legal_body: NamedNode | None


@dataclass(frozen=True)
class LegalBodyTarget:
    """A legal body of the graph: its IRI and business ID."""

    iri: NamedNode
    business_id: str


@dataclass(frozen=True)
class Targets:
    """The libraries and legal bodies to look up, sorted by IRI."""

    libraries: tuple[LibraryTarget, ...]
    legal_bodies: tuple[LegalBodyTarget, ...]


def read_targets(store: GraphStore, skip: Iterable[NamedNode] = ()) -> Targets:
    """Return the libraries and legal bodies the store's consolidated graph describes.

    Without one, those the named graphs not in `skip` describe.
    """
    consolidated = store.consolidated_graph()
    if consolidated is not None:
        graphs = [consolidated]
    else:
        graphs = sorted(store.graphs() - set(skip), key=lambda graph: graph.value)
    oxigraph = store.oxigraph

    def values(subject: NamedNode, predicate: NamedNode) -> list[str]:
        found = {
            quad.object.value
            for graph in graphs
            for quad in oxigraph.quads_for_pattern(subject, predicate, None, graph)
            if isinstance(quad.object, Literal)
        }
        return sorted(found)

    def nodes(subject: NamedNode, predicate: NamedNode) -> list[NamedNode]:
        found = {
            quad.object
            for graph in graphs
            for quad in oxigraph.quads_for_pattern(subject, predicate, None, graph)
            if isinstance(quad.object, NamedNode)
        }
        return sorted(found, key=lambda node: node.value)

    def typed(cls: NamedNode) -> list[NamedNode]:
        found = {
            quad.subject
            for graph in graphs
            for quad in oxigraph.quads_for_pattern(None, RDF.type, cls, graph)
            if isinstance(quad.subject, NamedNode)
        }
        return sorted(found, key=lambda node: node.value)

    libraries = []
    for library in typed(KG.Library):
        names, isils, bodies = (
            values(library, SCHEMA.name),
            values(library, KG.isil),
            nodes(library, ORG.unitOf),
        )
        libraries.append(
            LibraryTarget(
                library,
                names[0] if names else None,
                isils[0] if isils else None,
                bodies[0] if bodies else None,
            )
        )
    legal_bodies = []
    for body in typed(KG.LegalBody):
        ids = values(body, KG.businessId)
        if ids:
            legal_bodies.append(LegalBodyTarget(body, ids[0]))
    return Targets(tuple(libraries), tuple(legal_bodies))
