"""Shapes graph -> compiled checks: each shape's targets, path and constraints, read once.

    compile_shapes(shapes)  -> Compiled (the shapes with targets, each with its constraints)

The compiler accepts only what `kg.validation.engine.run` evaluates exactly as pyshacl does: the
targets
sh:targetClass, sh:targetNode, sh:targetSubjectsOf and sh:targetObjectsOf; a path that is an IRI
or a sequence of IRIs; the components sh:minCount, sh:maxCount, sh:minLength, sh:datatype,
sh:class, sh:languageIn, sh:uniqueLang, sh:pattern (with sh:flags), sh:in, sh:not, sh:or,
sh:nodeKind,
sh:minInclusive, sh:lessThanOrEquals and sh:sparql (SELECT, on node shapes). Anything else
raises UnsupportedShapeError naming the shape and the term, so the caller can use pyshacl.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import rdflib
import rdflib.collection
from pyoxigraph import NamedNode
from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper
from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, SequencePath
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query

from kg.errors import UnsupportedShapeError
from kg.validation.engine.terms import describe_list
from kg.vocab import OWL, RDF, RDFS, SH

_SH = rdflib.Namespace(SH.iri)
_RDF = rdflib.Namespace(RDF.iri)
_OWL_ONTOLOGY = rdflib.URIRef(OWL.Ontology.value)

# Terms a shape may carry that constrain nothing the engine evaluates.
_ANNOTATIONS = {"name", "description", "message", "severity", "order", "group", "flags"}
_TARGETS = {"targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf"}
_SINGLE = {"minCount", "maxCount", "minLength", "datatype", "languageIn", "in", "nodeKind"}
_SINGLE |= {"uniqueLang"}
_SINGLE |= {"minInclusive", "lessThanOrEquals", "path", "severity", "flags"}
_NODE_KINDS = {
    "IRI",
    "BlankNode",
    "Literal",
    "BlankNodeOrIRI",
    "BlankNodeOrLiteral",
    "IRIOrLiteral",
}


@dataclass(frozen=True)
class SparqlCheck:
    """One sh:sparql constraint: its node, its query (prefixes applied) and its messages."""

    node: rdflib.term.Node
    query: Query
    messages: tuple[rdflib.Literal, ...]
    predicates: frozenset[NamedNode]  # every IRI the query names: the data it can read


@dataclass(frozen=True)
class Constraint:
    """One constraint component of a shape, with its parameter as the runner needs it."""

    component: str  # the local name, e.g. "MinCountConstraintComponent"
    parameter: Any


@dataclass(eq=False)
class Shape:
    """A shape: where its focus nodes come from, its path, its constraints and its messages."""

    node: rdflib.term.Node  # an IRI, unless the shape is only used by sh:not / sh:or
    severity: str
    messages: tuple[rdflib.Literal, ...]
    path: tuple[NamedNode, ...] | None  # None on a node shape
    path_text: str | None  # how a result names the path
    constraints: list[Constraint] = field(default_factory=list)
    target_classes: tuple[NamedNode, ...] = ()
    target_nodes: tuple[NamedNode, ...] = ()
    target_subjects_of: tuple[NamedNode, ...] = ()
    target_objects_of: tuple[NamedNode, ...] = ()

    @property
    def targeted(self) -> bool:
        """Whether the shape has focus nodes of its own (else it is used only by others)."""
        return bool(
            self.target_classes
            or self.target_nodes
            or self.target_subjects_of
            or self.target_objects_of
        )


@dataclass(frozen=True)
class Compiled:
    """The shapes with targets, ready to run."""

    shapes: tuple[Shape, ...]
    sparql_predicates: frozenset[NamedNode]  # what the SPARQL constraints can read


def compile_shapes(shapes: rdflib.Graph) -> Compiled:
    """Compile every shape of `shapes`; raise UnsupportedShapeError on what cannot run exactly."""
    return _Compiler(shapes).compile()


class _Compiler:
    def __init__(self, graph: rdflib.Graph) -> None:
        self.graph = graph
        self.done: dict[rdflib.term.Node, Shape] = {}
        self.busy: set[rdflib.term.Node] = set()

    def compile(self) -> Compiled:
        nodes = set(self.graph.subjects(_RDF.type, _SH.NodeShape))
        nodes |= set(self.graph.subjects(_RDF.type, _SH.PropertyShape))
        for name in _TARGETS:
            nodes |= set(self.graph.subjects(_SH[name], None))
        compiled = [self.shape(node) for node in sorted(nodes, key=str)]
        predicates = {
            predicate
            for shape in self.done.values()
            for constraint in shape.constraints
            if isinstance(constraint.parameter, SparqlCheck)
            for predicate in constraint.parameter.predicates
        }
        return Compiled(
            shapes=tuple(shape for shape in compiled if shape.targeted),
            sparql_predicates=frozenset(predicates),
        )

    def fail(self, shape: rdflib.term.Node, what: str) -> UnsupportedShapeError:
        return UnsupportedShapeError(
            f"the fast SHACL engine does not support {what}", where=str(shape)
        )

    def shape(self, node: rdflib.term.Node) -> Shape:
        if node in self.done:
            return self.done[node]
        if node in self.busy:
            raise self.fail(node, "shapes that refer to themselves (recursion)")
        if (node, _RDF.type, RDFS_CLASS) in self.graph or (
            node,
            _RDF.type,
            OWL_CLASS,
        ) in self.graph:
            raise self.fail(node, "implicit class targets (a shape that is also a class)")
        self.busy.add(node)
        values: dict[str, list[rdflib.term.Node]] = {}
        for predicate, obj in self.graph.predicate_objects(node):
            if isinstance(predicate, rdflib.URIRef) and str(predicate).startswith(SH.iri):
                values.setdefault(str(predicate)[len(SH.iri) :], []).append(obj)
        for name, objs in values.items():
            if name in _SINGLE and len(objs) > 1:
                raise self.fail(node, f"more than one sh:{name}")
        messages = tuple(sorted((m for m in values.get("message", ()) if _is_literal(m)), key=str))
        if len(messages) != len(values.get("message", ())):
            raise self.fail(node, "a sh:message that is not a literal")
        path, path_text = self.path(node, values.get("path", [None])[0])
        severity = values.get("severity", [_SH.Violation])[0]
        shape = Shape(
            node=node,
            severity=str(severity).rsplit("#", 1)[-1],
            messages=messages,
            path=path,
            path_text=path_text,
            target_classes=tuple(self.iris(node, values.get("targetClass", ()))),
            target_nodes=tuple(self.iris(node, values.get("targetNode", ()))),
            target_subjects_of=tuple(self.iris(node, values.get("targetSubjectsOf", ()))),
            target_objects_of=tuple(self.iris(node, values.get("targetObjectsOf", ()))),
        )
        for name, objs in sorted(values.items()):
            if name in _ANNOTATIONS or name in _TARGETS or name == "path":
                continue
            shape.constraints.extend(self.constraints(shape, name, objs, values))
        if shape.targeted and not isinstance(node, rdflib.URIRef):
            # pyshacl names such a shape by a copy of its triples, under new blank-node ids.
            raise self.fail(node, "a blank-node shape with targets")
        core = any(c.component != "SPARQLConstraintComponent" for c in shape.constraints)
        if shape.targeted and core and not messages:
            # pyshacl then writes a generic message of its own for each component.
            raise self.fail(node, "a core constraint without sh:message")
        self.busy.discard(node)
        self.done[node] = shape
        return shape

    def iris(self, shape: rdflib.term.Node, objs: Any) -> Iterator[NamedNode]:
        for obj in objs:
            if not isinstance(obj, rdflib.URIRef):
                raise self.fail(shape, f"a target that is not an IRI ({obj})")
            yield NamedNode(str(obj))

    def path(
        self, shape: rdflib.term.Node, path: rdflib.term.Node | None
    ) -> tuple[tuple[NamedNode, ...] | None, str | None]:
        if path is None:
            return None, None
        if isinstance(path, rdflib.URIRef):
            return (NamedNode(str(path)),), str(path)
        if isinstance(path, rdflib.BNode) and (path, _RDF.first, None) in self.graph:
            items = list(rdflib.collection.Collection(self.graph, path))
            if items and all(isinstance(item, rdflib.URIRef) for item in items):
                return tuple(NamedNode(str(item)) for item in items), describe_list(items)
        raise self.fail(shape, "a path other than an IRI or a sequence of IRIs")

    def constraints(
        self,
        shape: Shape,
        name: str,
        objs: list[rdflib.term.Node],
        values: dict[str, list[rdflib.term.Node]],
    ) -> Iterator[Constraint]:
        node = shape.node
        first = objs[0]
        if name in ("minCount", "maxCount", "minLength"):
            if not (_is_literal(first) and isinstance(first.value, int)) or first.value < 0:
                raise self.fail(node, f"sh:{name} {first}")
            if name == "minCount" and first.value == 0:
                return  # pyshacl skips it: nothing can fail
            yield Constraint(name[0].upper() + name[1:] + "ConstraintComponent", first.value)
        elif name == "datatype":
            if not isinstance(first, rdflib.URIRef):
                raise self.fail(node, f"sh:datatype {first}")
            yield Constraint("DatatypeConstraintComponent", first)
        elif name == "class":
            for cls in objs:
                if not isinstance(cls, rdflib.URIRef):
                    raise self.fail(node, f"sh:class {cls}")
                yield Constraint("ClassConstraintComponent", NamedNode(str(cls)))
        elif name == "nodeKind":
            kind = str(first).removeprefix(SH.iri)
            if kind not in _NODE_KINDS:
                raise self.fail(node, f"sh:nodeKind {first}")
            yield Constraint("NodeKindConstraintComponent", kind)
        elif name == "languageIn":
            tags = self.items(node, first)
            if not all(_is_literal(tag) and isinstance(tag.value, str) for tag in tags):
                raise self.fail(node, "a sh:languageIn item that is not a string")
            yield Constraint(
                "LanguageInConstraintComponent", frozenset(str(t).lower() for t in tags)
            )
        elif name == "uniqueLang":
            if shape.path is None or not (_is_literal(first) and isinstance(first.value, bool)):
                raise self.fail(node, f"sh:uniqueLang {first} (a boolean, on a property shape)")
            if first.value:
                yield Constraint("UniqueLangConstraintComponent", True)
        elif name == "pattern":
            yield from self.patterns(node, objs, values.get("flags", []))
        elif name == "in":
            yield Constraint("InConstraintComponent", frozenset(self.items(node, first)))
        elif name == "not":
            for other in objs:
                yield Constraint("NotConstraintComponent", self.shape(other))
        elif name == "or":
            for members in objs:
                alternatives = tuple(
                    self.shape(member) for member in set(self.items(node, members))
                )
                yield Constraint("OrConstraintComponent", alternatives)
        elif name == "minInclusive":
            if not _is_literal(first):
                raise self.fail(node, f"sh:minInclusive {first}")
            yield Constraint("MinInclusiveConstraintComponent", first)
        elif name == "lessThanOrEquals":
            if not isinstance(first, rdflib.URIRef):
                raise self.fail(node, "sh:lessThanOrEquals with a path other than an IRI")
            yield Constraint("LessThanOrEqualsConstraintComponent", NamedNode(str(first)))
        elif name == "sparql":
            if shape.path is not None:
                raise self.fail(node, "sh:sparql on a property shape")
            for constraint in objs:
                yield Constraint("SPARQLConstraintComponent", self.sparql(node, constraint))
        else:
            raise self.fail(node, f"sh:{name}")

    def items(self, shape: rdflib.term.Node, head: rdflib.term.Node) -> list[rdflib.term.Node]:
        if head != _RDF.nil and (head, _RDF.first, None) not in self.graph:
            raise self.fail(shape, f"a list value that is not an RDF list ({head})")
        return list(rdflib.collection.Collection(self.graph, head))

    def patterns(
        self, shape: rdflib.term.Node, objs: list[rdflib.term.Node], flags: list[rdflib.term.Node]
    ) -> Iterator[Constraint]:
        # pyshacl honours only the i and m flags, and matches anywhere (re.search): ours alike.
        re_flags = 0
        if flags:
            text = str(flags[0]).lower()
            re_flags |= re.I if "i" in text else 0
            re_flags |= re.M if "m" in text else 0
        for pattern in objs:
            if not _is_literal(pattern):
                raise self.fail(shape, f"sh:pattern {pattern}")
            yield Constraint("PatternConstraintComponent", re.compile(str(pattern), re_flags))

    def sparql(self, shape: rdflib.term.Node, node: rdflib.term.Node) -> SparqlCheck:
        graph = self.graph
        selects = list(graph.objects(node, _SH.select))
        if len(selects) != 1 or not (_is_literal(selects[0]) and isinstance(selects[0].value, str)):
            raise self.fail(shape, "a sh:sparql constraint without one sh:select string")
        text = str(selects[0])
        for extra in graph.predicates(node, None):
            if str(extra).startswith(SH.iri) and str(extra)[len(SH.iri) :] not in (
                "select",
                "message",
                "prefixes",
            ):
                raise self.fail(shape, f"{extra} on a SPARQL constraint")
        helper = SPARQLQueryHelper
        if (
            helper.has_minus_regex.search(text)
            or helper.has_values_regex.search(text)
            or helper.has_service_regex.search(text)
            or helper.has_nested_select_regex.search(text)
            or _rebinds_this(text)
            or re.search(r"[$?](PATH|shapesGraph|currentShape|failure)\b", text)
            or not helper.bind_this_regex.search(text)
        ):
            raise self.fail(shape, "this SPARQL query (pre-bound variables, MINUS, VALUES ...)")
        prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in self.prefixes(shape, node).items())
        query = prepareQuery(f"{prologue}\n{text}")
        if rdflib.Variable("this") not in (query.algebra.get("PV") or []):
            raise self.fail(shape, "a SPARQL query that does not select $this")
        messages = tuple(graph.objects(node, _SH.message))
        if not all(_is_literal(m) for m in messages):
            raise self.fail(shape, "a sh:message that is not a literal")
        return SparqlCheck(
            node=node,
            query=query,
            messages=messages,
            predicates=frozenset(self.query_iris(shape, query.algebra)),
        )

    def prefixes(self, shape: rdflib.term.Node, node: rdflib.term.Node) -> dict[str, str]:
        """Return the prefixes pyshacl declares for a SPARQL constraint (its `collect_prefixes`)."""
        graph = self.graph
        prefixes = {"rdf": RDF.iri, "rdfs": RDFS.iri, "owl": OWL.iri}
        ontologies = set(graph.subjects(_RDF.type, _OWL_ONTOLOGY))
        everywhere = {d for o in ontologies for d in graph.objects(o, _SH.declare)}
        for holder in graph.objects(node, _SH.prefixes):
            own = set(graph.objects(holder, _SH.declare))
            declares = own if own and holder in ontologies else everywhere | own
            for declare in declares:
                (prefix,) = graph.objects(declare, _SH.prefix)
                (namespace,) = graph.objects(declare, _SH.namespace)
                if prefixes.get(str(prefix), str(namespace)) != str(namespace):
                    # pyshacl would keep whichever declaration its set yields last.
                    raise self.fail(shape, f"two namespaces for the prefix {prefix}")
                prefixes[str(prefix)] = str(namespace)
        return prefixes

    def query_iris(self, shape: rdflib.term.Node, algebra: Any) -> Iterator[NamedNode]:
        """Yield every IRI of the query; refuse a variable predicate or a negated path."""
        todo = [algebra]
        while todo:
            item = todo.pop()
            if isinstance(item, rdflib.URIRef):
                yield NamedNode(str(item))
            elif isinstance(item, NegatedPath):
                raise self.fail(shape, "a negated property path in a SPARQL query")
            elif isinstance(item, SequencePath | AlternativePath):
                todo.extend(item.args)
            elif isinstance(item, InvPath):
                todo.append(item.arg)
            elif isinstance(item, MulPath):
                todo.append(item.path)
            elif isinstance(item, dict):
                for triple in dict.get(item, "triples") or ():
                    if isinstance(triple[1], rdflib.Variable):
                        raise self.fail(shape, "a variable predicate in a SPARQL query")
                if getattr(item, "name", None) in ("Graph", "ServiceGraphPattern"):
                    raise self.fail(shape, "GRAPH or SERVICE in a SPARQL query")
                todo.extend(dict.values(item))
            elif isinstance(item, list | tuple | set | frozenset):
                todo.extend(item)


RDFS_CLASS = rdflib.URIRef(RDFS.Class.value)
OWL_CLASS = rdflib.URIRef(OWL.Class.value)


def _rebinds_this(text: str) -> bool:
    """Whether pyshacl refuses the query for binding a pre-bound variable with AS."""
    found = SPARQLQueryHelper.has_as_var_regex.search(text)  # pyshacl looks at the first only
    return found is not None and found.group(1) in ("this", "shapesGraph", "currentShape")


def _is_literal(node: object) -> bool:
    return isinstance(node, rdflib.Literal)
