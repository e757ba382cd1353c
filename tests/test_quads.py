"""QuadBuilder: the quads of one graph, in the order they were asked for."""

from __future__ import annotations

from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad

from kg.quads import QuadBuilder
from kg.vocab import RDF

GRAPH = NamedNode("https://example.org/graph/a")
NODE = NamedNode("https://example.org/id/x")
NAME = NamedNode("https://example.org/ns#name")
KIND = NamedNode("https://example.org/ns#Kind")
OTHER = NamedNode("https://example.org/ns#Other")


def test_statements_go_into_the_graph_in_order_and_none_adds_nothing() -> None:
    graph = QuadBuilder(GRAPH)
    graph.types(NODE, KIND, OTHER)
    graph.add(NODE, NAME, None)
    graph.add(NODE, NAME, Literal("x"))
    graph.texts(NODE, NAME, {"fi": "kirjasto", "sv": "bibliotek"})
    assert graph.quads == [
        Quad(NODE, RDF.type, KIND, GRAPH),
        Quad(NODE, RDF.type, OTHER, GRAPH),
        Quad(NODE, NAME, Literal("x"), GRAPH),
        Quad(NODE, NAME, Literal("kirjasto", language="fi"), GRAPH),
        Quad(NODE, NAME, Literal("bibliotek", language="sv"), GRAPH),
    ]


def test_without_a_graph_the_statements_are_in_the_default_graph() -> None:
    graph = QuadBuilder()
    graph.add(NODE, NAME, Literal("x"))
    graph.add(NODE, NAME, Literal("x"))  # asked twice, added twice: the caller keeps a set
    assert graph.quads == [Quad(NODE, NAME, Literal("x"), DefaultGraph())] * 2
