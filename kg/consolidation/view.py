"""The default graph people and queries read: the records' statements, each thing once.

    ViewFilter.from_quads(consolidated)  -> the filter of the consolidated graph's quads
    view.line(line)                      -> a record graph's N-Triples line as the view has it
    view.sparql_update(graph)            -> the same as a SPARQL update over a store

The view is the union of every named graph, with two changes to what the record graphs say:
the statements about the things the consolidated graph describes (libraries, their addresses,
legal bodies, partner organisations) are left out, since the consolidated graph gives each of
them once with one preferred value per property; and a node a record graph names that the
consolidated graph merges into another (`kg:mergedInto`) is named by that other node. So a
library three pages describe has one name and one ISIL in the view, and each page's own words
stay in its graph, where "who said so" is answered.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pyoxigraph import BlankNode, NamedNode, Quad

from kg.vocab import KG


@dataclass(frozen=True)
class ViewFilter:
    """What the view leaves out of the record graphs and renames, as N-Triples terms."""

    described: frozenset[bytes]  # subjects the consolidated graph describes: `<iri>`
    aliases: dict[bytes, bytes]  # `<record-level iri>` -> `<the node it is>`
    records: str  # the prefix of the record graphs' names: what the filter applies to

    @classmethod
    def from_quads(cls, quads: Iterable[Quad], records: str) -> ViewFilter:
        """Read the filter off the consolidated graph's quads; `records` names record graphs."""
        described: set[bytes] = set()
        aliases: dict[bytes, bytes] = {}
        for quad in quads:
            subject = quad.subject
            if not isinstance(subject, NamedNode):
                continue
            described.add(_term(subject))
            if quad.predicate == KG.mergedInto and isinstance(quad.object, NamedNode):
                aliases[_term(subject)] = _term(quad.object)
        return cls(frozenset(described), aliases, records)

    def line(self, line: bytes) -> bytes | None:
        """Return a record graph's N-Triples line as the view has it; None: left out."""
        subject, rest = line.split(b" ", 1)
        if subject in self.described:
            return None
        predicate, obj = rest.split(b" ", 1)
        renamed = self.aliases.get(obj[:-3])  # the object, without " .\n"
        if renamed is None:
            return line
        return b"%s %s %s .\n" % (subject, predicate, renamed)

    def leaves_out(self, subject: NamedNode | BlankNode, predicate: NamedNode) -> bool:
        """Tell whether the view leaves out a record statement that validation still reads.

        The same test as `line` then `validated`, for a statement's subject and predicate.
        """
        return (
            isinstance(subject, NamedNode)
            and _term(subject) in self.described
            and predicate != KG.lacksIdentifier
        )

    @staticmethod
    def validated(line: bytes) -> bool:
        """Tell whether a line the view leaves out is still checked: a value a record states.

        Not what the consolidated graph decides of the thing as a whole: that a library lacks
        an identifier is true of it only when no record gives one.
        """
        return line.split(b" ", 2)[1] != _LACKS


def view_update(consolidated: NamedNode, records_prefix: str) -> str:
    """Return the SPARQL update that makes a store's default graph the view.

    The record graphs are the graphs whose names start with `records_prefix`; every other
    named graph (the consolidated graph, the reference data, the registries' links) goes into
    the view as it is.
    """
    graph = f"<{consolidated.value}>"
    merged = f"<{KG.mergedInto.value}>"
    return f"""
DROP SILENT DEFAULT ;
INSERT {{ ?s ?p ?o }} WHERE {{
  GRAPH ?g {{ ?s ?p ?o }}
  FILTER(!STRSTARTS(STR(?g), "{records_prefix}"))
}} ;
INSERT {{ ?s ?p ?object }} WHERE {{
  GRAPH ?g {{ ?s ?p ?o }}
  FILTER(STRSTARTS(STR(?g), "{records_prefix}"))
  FILTER NOT EXISTS {{ GRAPH {graph} {{ ?s ?anything ?at_all }} }}
  OPTIONAL {{ GRAPH {graph} {{ ?o {merged} ?merged_into }} }}
  BIND(COALESCE(?merged_into, ?o) AS ?object)
}}
"""


def _term(node: NamedNode) -> bytes:
    return f"<{node.value}>".encode()


_LACKS = _term(KG.lacksIdentifier)
