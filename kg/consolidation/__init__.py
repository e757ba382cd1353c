"""The consolidated view: one node per real-world thing, one preferred value per property.

    consolidate(facts, minter, confirmations) -> Consolidation(quads, view)
    confirmations_of(quads)                    -> what registry graphs confirm
    ViewFilter, view_update                     -> the default graph made of the two

The record graphs keep what each page says (`kg.mapping.record`); this package decides, over all
the records of a build, which of their nodes are one thing (`identity`), the value people
read of each (`preference`), writes that as the consolidated named graph (`graph`), and says
how the default graph the queries read is made from the record graphs and it (`view`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, Quad

from kg.consolidation.graph import Confirmations, consolidated_quads
from kg.consolidation.identity import RecordFacts, identify
from kg.consolidation.names import name_key
from kg.consolidation.preference import Source
from kg.consolidation.view import ViewFilter, view_update
from kg.iris import CONSOLIDATED_GRAPH, RECORD_GRAPHS, Minter
from kg.vocab import KG, RDFS, SCHEMA

__all__ = [
    "CONSOLIDATED_GRAPH",
    "Confirmations",
    "Consolidation",
    "RecordFacts",
    "Source",
    "ViewFilter",
    "confirmations_of",
    "consolidate",
    "view_update",
]


@dataclass(frozen=True)
class Consolidation:
    """The consolidated graph's quads and the view filter they make."""

    quads: list[Quad]
    view: ViewFilter


def consolidate(
    facts: Sequence[RecordFacts], minter: Minter, confirmations: Confirmations | None = None
) -> Consolidation:
    """Return the consolidated graph of the records' `facts` (in record-graph order)."""
    ordered = sorted(facts, key=lambda fact: fact.source.record.value)
    identity = identify(ordered, minter)
    graph = minter.graph(CONSOLIDATED_GRAPH)
    quads = consolidated_quads(ordered, identity, confirmations or Confirmations(), minter, graph)
    return Consolidation(quads, ViewFilter.from_quads(quads, minter.base + RECORD_GRAPHS))


def confirmations_of(quads: Iterable[Quad]) -> Confirmations:
    """Read what the registries' link graphs confirm: registered names and the ISIL's form.

    A library's or legal body's `kg:registeredName`, the name of the directory entry a library
    is `schema:sameAs`, and the ISIL the registry's answer gives (`kg:isil` of the library's
    `rdfs:seeAlso`).
    """
    names: dict[NamedNode, set[str]] = {}
    same_as: list[tuple[NamedNode, NamedNode]] = []
    see_also: list[tuple[NamedNode, NamedNode]] = []
    entry_names: dict[NamedNode, set[str]] = {}
    entry_isil: dict[NamedNode, str] = {}
    for quad in quads:
        subject, predicate, obj = quad.subject, quad.predicate, quad.object
        if not isinstance(subject, NamedNode):
            continue
        if predicate == KG.registeredName and isinstance(obj, Literal):
            names.setdefault(subject, set()).add(name_key(obj.value))
        elif predicate == SCHEMA.sameAs and isinstance(obj, NamedNode):
            same_as.append((subject, obj))
        elif predicate == RDFS.seeAlso and isinstance(obj, NamedNode):
            see_also.append((subject, obj))
        elif predicate == SCHEMA.name and isinstance(obj, Literal):
            entry_names.setdefault(subject, set()).add(name_key(obj.value))
        elif predicate == KG.isil and isinstance(obj, Literal):
            entry_isil[subject] = obj.value
    for library, entry in same_as:
        names.setdefault(library, set()).update(entry_names.get(entry, set()))
    isil = {library: entry_isil[entry] for library, entry in see_also if entry in entry_isil}
    return Confirmations({node: frozenset(keys) for node, keys in names.items()}, isil)
