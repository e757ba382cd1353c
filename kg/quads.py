"""The quads of one graph being built: what the record mapping and the DCAT description share.

    graph = QuadBuilder(NamedNode("https://.../record/x"))   # or QuadBuilder() for the default
    graph.types(node, SCHEMA.Library, ORG.Organization)       # rdf:type each class
    graph.add(node, SCHEMA.name, literal_or_none)             # a missing value adds nothing
    graph.texts(node, DCT.title, {"fi": "…", "en": "…"})      # one literal per language
    graph.quads                                               # in the order they were added

A statement is added as often as it is asked for: a caller that wants each once keeps a set.
"""

from __future__ import annotations

from collections.abc import Mapping

from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad

from kg.vocab import RDF

Object = NamedNode | BlankNode | Literal


class QuadBuilder:
    """Gathers the quads of one graph (`graph`: a named graph, or the default graph)."""

    def __init__(self, graph: NamedNode | DefaultGraph | None = None) -> None:
        self.graph = graph if graph is not None else DefaultGraph()
        self.quads: list[Quad] = []

    def add(self, subject: NamedNode | BlankNode, predicate: NamedNode, obj: Object | None) -> None:
        """Add the statement, unless its object is None (a value the source does not give)."""
        if obj is not None:
            self.quads.append(Quad(subject, predicate, obj, self.graph))

    def types(self, subject: NamedNode | BlankNode, *classes: NamedNode) -> None:
        """State that `subject` is of each of `classes`."""
        for cls in classes:
            self.quads.append(Quad(subject, RDF.type, cls, self.graph))

    def texts(
        self, subject: NamedNode | BlankNode, predicate: NamedNode, texts: Mapping[str, str]
    ) -> None:
        """Add one language-tagged literal per entry of `texts` (language tag -> text)."""
        for language, text in texts.items():
            literal = Literal(text, language=language)
            self.quads.append(Quad(subject, predicate, literal, self.graph))
