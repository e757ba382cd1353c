"""Compiled shapes + indexed data -> findings: every SHACL validation result.

    run(compiled, index)  -> Findings (severity, shape, focus, path, value, component, messages)

Each shape's focus nodes are found once from the index, and each focus node's value nodes
once; each constraint's component (the registry's, `kg.validation.engine.components`) then
gives its results. A shape used by another (sh:node, sh:not, sh:or...) is asked whether a
node conforms, once per node.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import rdflib

from kg.validation.engine.compile import Compiled
from kg.validation.engine.data import DataIndex
from kg.validation.engine.model import Finding, Shape
from kg.validation.engine.paths import follow
from kg.validation.engine.terms import Term


def run(compiled: Compiled, index: DataIndex) -> Iterator[Finding]:
    """Yield every finding of the shapes of `compiled` on the data of `index`."""
    runner = _Runner(index, compiled)
    for shape in compiled.shapes:
        for focus in runner.focus_nodes(shape):
            yield from runner.findings(shape, focus)


class _Runner:
    """What the evaluators ask for (`kg.validation.engine.model.Context`)."""

    def __init__(self, index: DataIndex, compiled: Compiled) -> None:
        self.index = index
        self.compiled = compiled
        self._conforms: dict[tuple[int, Term], bool] = {}
        self._sparql_graph: rdflib.Graph | None = None
        self._sparql_cache: dict[Any, Any] = {}

    def focus_nodes(self, shape: Shape) -> set[Term]:
        index = self.index
        found: set[Term] = set(shape.target_nodes)
        for cls in shape.target_classes:
            found |= index.instances(cls)
        for predicate in shape.target_subjects_of:
            found |= index.subjects_with(predicate)
        for predicate in shape.target_objects_of:
            found |= index.objects_of(predicate)
        return found

    def values(self, shape: Shape, focus: Term) -> list[Term]:
        return [focus] if shape.path is None else follow(self.index, shape.path, focus)

    def findings(self, shape: Shape, focus: Term) -> Iterator[Finding]:
        if shape.deactivated:
            return
        values = self.values(shape, focus)
        for constraint in shape.constraints:
            yield from constraint.component.evaluate(
                self, shape, constraint.parameter, focus, values
            )

    def conforms(self, shape: Shape, node: Term) -> bool:
        key = (id(shape), node)
        known = self._conforms.get(key)
        if known is None:
            known = self._conforms[key] = next(self.findings(shape, node), None) is None
        return known

    def sparql_graph(self) -> rdflib.Graph:
        """Return the triples every SPARQL query may read, as rdflib terms; built once."""
        if self._sparql_graph is None:
            index = self.index
            predicates = self.compiled.sparql_predicates
            triples = index.triples_with(set(predicates) if predicates is not None else None)
            graph = rdflib.Graph()
            for triple in triples:
                graph.add(
                    (
                        index.rdflib(triple.subject),
                        index.rdflib(triple.predicate),
                        index.rdflib(triple.object),
                    )
                )
            self._sparql_graph = graph
        return self._sparql_graph

    def sparql_cache(self) -> dict[Any, Any]:
        """Return where the SPARQL constraints keep their rows for this run."""
        return self._sparql_cache
