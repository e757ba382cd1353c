"""Shapes graph -> compiled shapes: each shape's targets, path and constraints, read once.

    compile_shapes(shapes)  -> Compiled (the shapes with targets, each with its constraints)

Every sh: property of a shape is a target, its path, an annotation, or a parameter of a
component of the registry (`kg.validation.engine.components`), which reads it. Anything
else, a parameter of a constraint component the shapes graph declares itself, a malformed
value, or a shape that refers to itself, raises UnsupportedShapeError naming the shape and
what it uses: the engine gives no report rather than a wrong one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import rdflib
from pyoxigraph import BlankNode, NamedNode

from kg.errors import UnsupportedShapeError
from kg.validation.engine.components import BY_PARAMETER, PARAMETERS
from kg.validation.engine.model import Constraint, Shape
from kg.validation.engine.paths import read_path
from kg.validation.engine.sparql import SparqlCheck
from kg.validation.engine.terms import Term, from_rdflib, rdf_list, severity_name, sh
from kg.vocab import OWL, RDFS

_SH = rdflib.Namespace(sh("").value)
_RDF_TYPE = rdflib.RDF.type
_CLASSES = (rdflib.URIRef(RDFS.Class.value), rdflib.URIRef(OWL.Class.value))
_TARGETS = ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf")
# The properties of a shape that are not parameters of a constraint component.
_NOT_PARAMETERS = {
    "name",
    "description",
    "message",
    "severity",
    "order",
    "group",
    "defaultValue",
    "deactivated",
    "path",
    "prefixes",
    "declare",
    *_TARGETS,
}


@dataclass(frozen=True)
class Compiled:
    """The shapes with targets, ready to run."""

    shapes: tuple[Shape, ...]
    # What the SPARQL constraints can read: these predicates' triples, or (None) all.
    sparql_predicates: frozenset[NamedNode] | None


def compile_shapes(shapes: rdflib.Graph) -> Compiled:
    """Compile every shape of `shapes`; raise UnsupportedShapeError on what cannot run exactly.

    The same triples (blank nodes and all, as `load_shape_files` gives them) are compiled
    once per process: a compiled shape holds only terms and prepared queries, which any run
    may share.
    """
    return _compiled(ShapesKey(shapes))


class ShapesKey:
    """A shapes graph as a cache key: equal to another when their triples are the same."""

    def __init__(self, graph: rdflib.Graph) -> None:
        self.graph = graph
        self._triples = frozenset(graph)
        self._hash = hash(self._triples)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ShapesKey) and self._triples == other._triples


@lru_cache(maxsize=8)  # the shipped groups, a user's file or two
def _compiled(key: ShapesKey) -> Compiled:
    return _Compiler(key.graph).compile()


class _Compiler:
    def __init__(self, graph: rdflib.Graph) -> None:
        self.graph = graph
        self.done: dict[rdflib.term.Node, Shape] = {}
        self.busy: set[rdflib.term.Node] = set()
        # The parameters of constraint components the shapes graph declares (SHACL-SPARQL).
        self.declared: dict[rdflib.term.Node, rdflib.term.Node] = {
            path: component
            for component, parameter in graph.subject_objects(_SH.parameter)
            for path in graph.objects(parameter, _SH.path)
        }

    def compile(self) -> Compiled:
        graph = self.graph
        nodes = set(graph.subjects(_RDF_TYPE, _SH.NodeShape))
        nodes |= set(graph.subjects(_RDF_TYPE, _SH.PropertyShape))
        for name in _TARGETS:
            nodes |= set(graph.subjects(_SH[name], None))
        for cls in _CLASSES:  # a class with constraints is a shape, its own target
            for node in graph.subjects(_RDF_TYPE, cls):
                if any(self.parameters(node)):
                    nodes.add(node)
        compiled = [self.shape(node) for node in sorted(nodes, key=str)]
        checks = [
            c.parameter
            for shape in self.done.values()
            for c in shape.constraints
            if isinstance(c.parameter, SparqlCheck)
        ]
        predicates: frozenset[NamedNode] | None = frozenset()
        for check in checks:
            if check.predicates is None or predicates is None:
                predicates = None
            else:
                predicates |= check.predicates
        return Compiled(
            shapes=tuple(s for s in compiled if s.targeted and not s.deactivated),
            sparql_predicates=predicates,
        )

    def parameters(self, node: rdflib.term.Node) -> list[str]:
        names = []
        for predicate in self.graph.predicates(node, None):
            name = str(predicate).removeprefix(str(_SH))
            if str(predicate).startswith(str(_SH)) and name in PARAMETERS:
                names.append(name)
        return names

    def fail(self, shape: rdflib.term.Node, what: str) -> UnsupportedShapeError:
        return UnsupportedShapeError(
            f"the fast SHACL engine does not support {what}", where=str(shape)
        )

    def shape(self, node: rdflib.term.Node) -> Shape:
        if node in self.done:
            return self.done[node]
        if node in self.busy:
            raise self.fail(node, "shapes that refer to themselves (recursion)")
        if not isinstance(node, rdflib.URIRef | rdflib.BNode):
            raise self.fail(node, f"a shape that is a literal ({node})")
        self.busy.add(node)
        graph = self.graph
        values: dict[str, list[rdflib.term.Node]] = {}
        for predicate, obj in graph.predicate_objects(node):
            if predicate in self.declared:
                raise self.fail(node, f"the constraint component {self.declared[predicate]}")
            if isinstance(predicate, rdflib.URIRef) and str(predicate).startswith(str(_SH)):
                values.setdefault(str(predicate)[len(str(_SH)) :], []).append(obj)
        messages = tuple(m for m in values.get("message", ()) if isinstance(m, rdflib.Literal))
        if len(messages) != len(values.get("message", ())):
            raise self.fail(node, "a sh:message that is not a literal")
        severities = values.get("severity", [_SH.Violation])
        if len(severities) != 1 or not isinstance(severities[0], rdflib.URIRef):
            raise self.fail(node, "a sh:severity that is not one IRI")
        deactivated = values.get("deactivated", [])
        if not all(
            isinstance(d, rdflib.Literal) and isinstance(d.value, bool) for d in deactivated
        ):
            raise self.fail(node, "a sh:deactivated that is not a boolean")
        paths = values.get("path", [])
        if len(paths) > 1:
            raise self.fail(node, "more than one sh:path")
        try:
            path = read_path(graph, paths[0]) if paths else None
        except ValueError as exc:
            raise self.fail(node, f"this sh:path ({exc})") from exc
        classes = list(self.iris(node, values.get("targetClass", [])))
        if isinstance(node, rdflib.URIRef) and any((node, _RDF_TYPE, c) in graph for c in _CLASSES):
            classes.append(NamedNode(str(node)))  # an implicit class target
        shape = Shape(
            node=NamedNode(str(node)) if isinstance(node, rdflib.URIRef) else BlankNode(str(node)),
            severity=severity_name(NamedNode(str(severities[0]))),
            messages=tuple(sorted(messages, key=str)),
            path=path,
            deactivated=any(str(d) == "true" for d in deactivated),
            target_classes=tuple(dict.fromkeys(classes)),
            target_nodes=tuple(self.terms(node, values.get("targetNode", []))),
            target_subjects_of=tuple(self.iris(node, values.get("targetSubjectsOf", []))),
            target_objects_of=tuple(self.iris(node, values.get("targetObjectsOf", []))),
        )
        for name in sorted(values):
            if name in _NOT_PARAMETERS or (name == "select" and node in values.get("sparql", ())):
                continue  # (a shape may be its own SPARQL constraint)
            components = BY_PARAMETER.get(name)
            if components is None:
                if name in PARAMETERS:  # one that refines another (sh:flags): read with it
                    continue
                raise self.fail(node, f"sh:{name}")
            for component in components:
                for parameter in component.read(self, node, values, shape):
                    shape.constraints.append(Constraint(component, parameter))
        self.busy.discard(node)
        self.done[node] = shape
        return shape

    def iris(self, shape: rdflib.term.Node, objs: list[rdflib.term.Node]) -> list[NamedNode]:
        found = []
        for obj in objs:
            if not isinstance(obj, rdflib.URIRef):
                raise self.fail(shape, f"a target that is not an IRI ({obj})")
            found.append(NamedNode(str(obj)))
        return found

    def terms(self, shape: rdflib.term.Node, objs: list[rdflib.term.Node]) -> list[Term]:
        found = []
        for obj in objs:
            if isinstance(obj, rdflib.BNode):
                raise self.fail(shape, f"a target node that is a blank node ({obj})")
            found.append(from_rdflib(obj))
        return found

    def items(self, shape: rdflib.term.Node, head: rdflib.term.Node) -> list[rdflib.term.Node]:
        try:
            return rdf_list(self.graph, head)
        except ValueError as exc:
            raise self.fail(shape, f"a list value that is not an RDF list ({head})") from exc
