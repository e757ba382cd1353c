"""RDF terms as the engine holds them (pyoxigraph), and the rdflib terms of the shapes graph.

Term                        a pyoxigraph IRI, blank node or literal: what results hold
to_rdflib(term)             -> the rdflib term of a pyoxigraph term
from_rdflib(node)           -> the pyoxigraph term of an rdflib term
rdf_list(graph, head)       -> the members of an RDF list of an rdflib graph
sh(name)                    -> the IRI of a term of the SHACL vocabulary
severity_name(iri)          -> "Violation" for sh:Violation, the IRI itself otherwise
severity_iri(name)          -> the IRI `severity_name` named
text(term)                  -> the IRI, the lexical form, or "_:id" of a blank node
"""

from __future__ import annotations

import rdflib
from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from kg.vocab import RDF, SH, XSD

Term = NamedNode | BlankNode | Literal
# What pyoxigraph may give as a subject or object: a quoted triple too (RDF-star).
AnyTerm = NamedNode | BlankNode | Literal | Triple

RDF_FIRST = NamedNode(RDF.iri + "first")
RDF_REST = NamedNode(RDF.iri + "rest")
RDF_NIL = NamedNode(RDF.iri + "nil")
_RDFLIB_FIRST = rdflib.URIRef(RDF_FIRST.value)
_RDFLIB_REST = rdflib.URIRef(RDF_REST.value)
_RDFLIB_NIL = rdflib.URIRef(RDF_NIL.value)


def sh(name: str) -> NamedNode:
    """Return the IRI of `name` in the SHACL namespace (any name: `kg.vocab.SH` is closed)."""
    return NamedNode(SH.iri + name)


def to_rdflib(term: AnyTerm) -> rdflib.term.Node:
    """Return the rdflib term of `term`, as the data graph given to pyshacl holds it."""
    if isinstance(term, NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, Triple):
        raise ValueError(f"a quoted triple is no term of SHACL: {term}")
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype == XSD.string:  # rdflib tells "x" and "x"^^xsd:string apart; RDF 1.1 does not
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def from_rdflib(node: rdflib.term.Node) -> Term:
    """Return the pyoxigraph term of an rdflib IRI, blank node or literal."""
    if isinstance(node, rdflib.URIRef):
        return NamedNode(str(node))
    if isinstance(node, rdflib.BNode):
        return BlankNode(str(node))
    if not isinstance(node, rdflib.Literal):
        raise ValueError(f"not an RDF term: {node!r}")
    if node.language:
        return Literal(str(node), language=node.language)
    return Literal(str(node), datatype=NamedNode(str(node.datatype or XSD.string.value)))


def rdf_list(graph: rdflib.Graph, head: rdflib.term.Node) -> list[rdflib.term.Node]:
    """Return the members of the RDF list `head` of `graph`; ValueError if it is not one.

    A well-formed list: each cell has one rdf:first and one rdf:rest, and no cell repeats.
    """
    items: list[rdflib.term.Node] = []
    seen: set[rdflib.term.Node] = set()
    node = head
    while node != _RDFLIB_NIL:
        firsts = list(graph.objects(node, _RDFLIB_FIRST))
        rests = list(graph.objects(node, _RDFLIB_REST))
        if len(firsts) != 1 or len(rests) != 1 or node in seen:
            raise ValueError(f"{node} is not an RDF list")
        seen.add(node)
        items.append(firsts[0])
        node = rests[0]
    return items


def severity_name(iri: NamedNode) -> str:
    """Return "Violation", "Warning" or "Info" for SHACL's severities, else the IRI itself."""
    name = iri.value.removeprefix(SH.iri)
    return name if name in ("Violation", "Warning", "Info") else iri.value


def severity_iri(name: str) -> NamedNode:
    """Return the IRI of a severity named as `severity_name` names it."""
    return sh(name) if name in ("Violation", "Warning", "Info") else NamedNode(name)


def text(term: Term) -> str:
    """Return how a reader sees `term`: an IRI as itself, a literal's lexical form, "_:id"."""
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    return term.value
