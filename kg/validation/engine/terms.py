"""pyoxigraph terms -> the rdflib terms pyshacl sees, and how a result names a node.

to_rdflib(term)          -> the rdflib term of a pyoxigraph term
describe_list(items)     -> "(a b)", how the report names a sequence path
"""

from __future__ import annotations

from collections.abc import Iterable

import rdflib
from pyoxigraph import BlankNode, Literal, NamedNode

from kg.vocab import XSD

Term = NamedNode | BlankNode | Literal


def to_rdflib(term: Term) -> rdflib.term.Node:
    """Return the rdflib term of `term`, as the data graph given to pyshacl holds it."""
    if isinstance(term, NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype == XSD.string:  # rdflib tells "x" and "x"^^xsd:string apart; RDF 1.1 does not
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def describe_list(items: Iterable[rdflib.term.Node]) -> str:
    """Return how `kg.validation.validate` writes an RDF list (a sequence path): "(a b c)"."""
    return "(" + " ".join(str(item) for item in items) + ")"
