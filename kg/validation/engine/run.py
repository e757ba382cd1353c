"""Compiled shapes + indexed data -> findings: every SHACL result, as pyshacl reports it.

    run(compiled, index)  -> Findings (severity, shape, focus, path, value, component, messages)

Each shape's focus nodes are found once from the index; each constraint then looks at every
focus node's value nodes. The value-level tests copy pyshacl 0.40's own (rdflib terms, the same
comparisons), and the places where pyshacl differs from the SHACL text are marked "pyshacl:".
A SHACL-SPARQL query is run once for all focus nodes, with $this unbound, by rdflib's engine
(as pyshacl runs it once per focus node, pre-bound) over the triples of the predicates it names.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

import rdflib
from pyoxigraph import BlankNode, Literal, NamedNode
from pyshacl.rdfutil.compare import compare_literal
from rdflib.namespace import XSD

from kg.validation.engine.compile import Compiled, Constraint, Shape, SparqlCheck
from kg.validation.engine.data import DataIndex
from kg.validation.engine.terms import Term, describe_list
from kg.vocab import RDF, SH


@dataclass(frozen=True)
class Finding:
    """One validation result; `messages` are the literals pyshacl puts in the report."""

    severity: str
    source_shape: str
    focus: str
    path: str | None
    value: str | None
    value_term: str | None
    component: str
    messages: frozenset[rdflib.Literal]


def run(compiled: Compiled, index: DataIndex) -> Iterator[Finding]:
    """Yield every finding of the shapes of `compiled` on the data of `index`."""
    runner = _Runner(index, compiled.sparql_predicates)
    for shape in compiled.shapes:
        yield from runner.shape(shape)


# A value-level test: (index, parameter, value node) -> whether the value conforms.
ValueTest = Callable[[DataIndex, object, Term], bool]


class _Runner:
    def __init__(self, index: DataIndex, sparql_predicates: frozenset[NamedNode]) -> None:
        self.index = index
        self.sparql_predicates = set(sparql_predicates)
        self._sparql_graph: rdflib.Graph | None = None
        self._sparql_rows: dict[int, list[tuple[Term, dict[str, rdflib.term.Node]]]] = {}

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
        path = shape.path
        if path is None:
            return [focus]
        if len(path) == 1:  # most shapes: the index's list, each value once already
            return self.index.objects(focus, path[0])
        current = [focus]
        for predicate in path:
            step: dict[Term, None] = {}
            for node in current:
                step.update(dict.fromkeys(self.index.objects(node, predicate)))
            current = list(step)
        return current

    def shape(self, shape: Shape) -> Iterator[Finding]:
        focus_nodes = self.focus_nodes(shape)
        for constraint in shape.constraints:
            if constraint.component == "SPARQLConstraintComponent":
                yield from self.sparql(shape, constraint.parameter, focus_nodes)
                continue
            for focus in focus_nodes:
                for value in self.failures(shape, constraint, focus):
                    yield self.finding(shape, constraint.component, focus, value)

    def failures(self, shape: Shape, constraint: Constraint, focus: Term) -> list[Term | None]:
        """Return the value nodes that fail `constraint` (None alone for a failed count)."""
        values = self.values(shape, focus)
        component, parameter = constraint.component, constraint.parameter
        if component == "MinCountConstraintComponent":
            return [None] if len(values) < parameter else []
        if component == "MaxCountConstraintComponent":
            return [None] if len(values) > parameter else []
        if component == "LessThanOrEqualsConstraintComponent":
            return self.less_than_or_equals(focus, values, parameter)
        if component == "UniqueLangConstraintComponent":  # a result per language used twice
            tags = Counter(
                v.language.lower() for v in values if isinstance(v, Literal) and v.language
            )
            return [None for count in tags.values() if count > 1]
        if component == "SPARQLConstraintComponent":  # only reached through sh:not / sh:or
            rows = self.sparql_rows(parameter)
            return [focus] if any(this == focus for this, _ in rows) else []
        if component in ("NotConstraintComponent", "OrConstraintComponent"):
            return [v for v in values if not self.logical(component, parameter, v)]
        test = _VALUE_TESTS[component]
        return [v for v in values if not test(self.index, parameter, v)]

    def conforms(self, shape: Shape, node: Term) -> bool:
        return not any(self.failures(shape, constraint, node) for constraint in shape.constraints)

    def logical(self, component: str, parameter: object, value: Term) -> bool:
        if component == "NotConstraintComponent":
            assert isinstance(parameter, Shape)
            return not self.conforms(parameter, value)
        assert isinstance(parameter, tuple)
        return any(self.conforms(other, value) for other in parameter)

    def less_than_or_equals(
        self, focus: Term, values: list[Term], predicate: NamedNode
    ) -> list[Term | None]:
        # pyshacl: compares the rdflib terms with Python's <= (values of one kind), IRIs and
        # strings as text; a string against a non-string fails; a pair that Python cannot
        # compare raises, as it does in pyshacl. One result per failing pair (same result).
        failed: list[Term | None] = []
        others = [self.index.rdflib(o) for o in self.index.objects(focus, predicate)]
        for value in values:
            left, left_text = _comparable(self.index.rdflib(value))
            for right_node in others:
                right, right_text = _comparable(right_node)
                if left_text != right_text or not left <= right:
                    failed.append(value)
        return failed

    def finding(
        self,
        shape: Shape,
        component: str,
        focus: Term,
        value: Term | None,
        *,
        path: str | None = None,
        messages: Iterable[rdflib.Literal] | None = None,
    ) -> Finding:
        node = self.index.rdflib(value) if value is not None else None
        return Finding(
            severity=shape.severity,
            source_shape=str(shape.node),
            focus=self.describe(focus),
            path=path if path is not None else shape.path_text,
            value=None if node is None else str(node),
            value_term=None if node is None or isinstance(node, rdflib.BNode) else node.n3(),
            component=SH.iri + component,
            messages=frozenset(shape.messages if messages is None else messages),
        )

    def describe(self, focus: Term) -> str:
        """Name the focus node as kg.validation.validate names pyshacl's: an IRI as itself.

        pyshacl copies a blank node into its report under a new id, so a blank focus node is
        written by its own triples there; nested blank nodes get random ids in pyshacl.
        """
        if not isinstance(focus, BlankNode):
            return focus.value
        index = self.index
        if index.objects(focus, RDF.first):
            items, node = [], focus
            while node != RDF.nil and index.objects(node, RDF.first):
                items.append(index.rdflib(index.objects(node, RDF.first)[0]))
                rest = index.objects(node, RDF.rest)
                node = rest[0] if rest else RDF.nil
            return describe_list(items)
        pairs = sorted(
            (index.rdflib(predicate), index.rdflib(obj))
            for predicate, objs in index.predicate_objects(focus)
            for obj in objs
        )
        return "[" + "; ".join(f"{p} {o}" for p, o in pairs) + "]"

    # SHACL-SPARQL

    def sparql_rows(self, check: SparqlCheck) -> list[tuple[Term, dict[str, rdflib.term.Node]]]:
        """Every row of the query, $this unbound: (this, the other variables bound)."""
        key = id(check)
        if key not in self._sparql_rows:
            graph = self.sparql_graph()
            rows: list[tuple[Term, dict[str, rdflib.term.Node]]] = []
            for row in graph.query(check.query):
                bound = {str(var): val for var, val in row.asdict().items()}
                this = bound.get("this")
                if this is not None:
                    rows.append((_from_rdflib(this), bound))
            self._sparql_rows[key] = rows
        return self._sparql_rows[key]

    def sparql_graph(self) -> rdflib.Graph:
        """Return the triples every SPARQL query may read, as rdflib terms; built once."""
        if self._sparql_graph is None:
            graph = rdflib.Graph()
            for triple in self.index.triples_with(self.sparql_predicates):
                graph.add(tuple(self.index.rdflib(term) for term in triple))  # type: ignore[arg-type]
            self._sparql_graph = graph
        return self._sparql_graph

    def sparql(self, shape: Shape, check: SparqlCheck, focus_nodes: set[Term]) -> Iterator[Finding]:
        for this, bound in self.sparql_rows(check):
            if this not in focus_nodes:
                continue
            variables = dict(bound)
            path = variables.pop("path", None)
            value = variables.pop("value", None)
            focus_node = variables.pop("this")
            if value is None:
                value = focus_node  # pyshacl: a node shape's result has the focus as its value
            messages = _sparql_messages(shape, check, (focus_node, path, value, variables))
            yield self.finding(
                shape,
                "SPARQLConstraintComponent",
                this,
                _from_rdflib(value),
                path=None if path is None else str(path),
                messages=messages,
            )


def _sparql_messages(
    shape: Shape, check: SparqlCheck, bound: tuple[object, object, object, dict[str, object]]
) -> list[rdflib.Literal]:
    """Return the messages pyshacl writes for one SPARQL row: its shape's, then its constraint's.

    pyshacl fills in each bound variable with re.sub (the value is a replacement template, so
    a backslash in it is read as an escape, as there) and drops the messages' language tags.
    """
    this, path, value, variables = bound
    fill: dict[str, object] = dict(variables)
    for name, val in (("this", this), ("path", path), ("value", value)):
        if val is not None:
            fill[name] = val
    texts = list(shape.messages) + [m for m in check.messages if m not in shape.messages]
    filled = []
    for message in texts:
        text = str(message.value)
        for name, val in fill.items():
            text = re.sub(f"{{[?$]{name}}}", str(val), text)
        filled.append(rdflib.Literal(text))
    return filled


def _from_rdflib(node: rdflib.term.Node) -> Term:
    if isinstance(node, rdflib.URIRef):
        return NamedNode(str(node))
    if isinstance(node, rdflib.BNode):
        return BlankNode(str(node))
    assert isinstance(node, rdflib.Literal)
    if node.language:
        return Literal(str(node), language=node.language)
    return Literal(str(node), datatype=NamedNode(str(node.datatype or XSD.string)))


def _comparable(node: rdflib.term.Node) -> tuple[object, bool]:
    """Return a term as sh:lessThanOrEquals compares it in pyshacl, and if that is as text."""
    if isinstance(node, rdflib.BNode):
        raise ValueError("Cannot use sh:lessThanOrEquals to compare a BlankNode.")
    if isinstance(node, rdflib.URIRef):
        return str(node), True
    if isinstance(node, rdflib.Literal) and isinstance(node.value, str):
        return node.value, True
    return node, False


# The value-level tests, as pyshacl 0.40 makes them.


def _datatype(index: DataIndex, datatype: object, value: Term) -> bool:
    node = index.rdflib(value)
    if not isinstance(node, rdflib.Literal):
        return False
    if node.datatype == datatype:
        # pyshacl: an ill-typed literal ("abc"^^xsd:integer) fails; so does one whose Python
        # value is of another type; datatypes it does not know pass whatever the lexical form.
        return getattr(node, "ill_typed", None) is not True and _actual(node, datatype)
    if datatype == rdflib.RDFS.Literal:
        return True
    if datatype == rdflib.RDFS.Datatype and node.datatype:
        return True
    if node.datatype is None and node.language is None and datatype == XSD.string:
        return _actual(node, datatype)
    if datatype == rdflib.RDF.langString and node.language:
        return _actual(node, datatype)
    return False


_PYTHON_TYPES: dict[rdflib.URIRef, type | tuple[type, ...]] = {
    XSD.string: (str, bytes),
    rdflib.RDF.langString: (str, bytes),
    XSD.integer: int,
    XSD.float: float,
    XSD.decimal: Decimal,
    XSD.boolean: bool,
    XSD.date: date,
    XSD.time: time,
    XSD.dateTime: datetime,
}


def _actual(node: rdflib.Literal, datatype: object) -> bool:
    expected = _PYTHON_TYPES.get(datatype)  # type: ignore[call-overload]
    return True if expected is None else isinstance(node.value, expected)


def _class(index: DataIndex, cls: object, value: Term) -> bool:
    # pyshacl: rdfs:subClassOf is followed in the data graph only (the ontology is not loaded).
    return not isinstance(value, Literal) and index.has_class(value, cls)  # type: ignore[arg-type]


def _node_kind(index: DataIndex, kind: object, value: Term) -> bool:
    if isinstance(value, BlankNode):
        return "BlankNode" in str(kind)
    if isinstance(value, Literal):
        return "Literal" in str(kind)
    return "IRI" in str(kind)


def _string(index: DataIndex, value: Term) -> str:
    """Return the text pyshacl's string tests read: str() of the rdflib term (normalised)."""
    node = index.rdflib(value)
    if (
        isinstance(node, rdflib.Literal)
        and node.value is not None
        and node.datatype
        in (
            None,
            rdflib.RDF.langString,
            XSD.string,
        )
    ):
        return str(node.value)
    return str(node)


def _min_length(index: DataIndex, length: object, value: Term) -> bool:
    if length == 0:
        return True
    if isinstance(value, BlankNode):  # pyshacl: a blank node has no length, so it fails
        return False
    return len(_string(index, value)) >= length  # type: ignore[operator]


def _pattern(index: DataIndex, pattern: object, value: Term) -> bool:
    if isinstance(value, BlankNode):
        return False
    return pattern.search(_string(index, value)) is not None  # type: ignore[attr-defined]


def _language_in(index: DataIndex, tags: object, value: Term) -> bool:
    # pyshacl: a tag matches when it, or its first subtag, is in the list, case-insensitive
    # ("fi" admits "fi-FI", "FI"); "*" admits any tag. Not RFC 4647 ranges ("fi-fi" admits
    # "fi-FI" only, not "fi-FI-x-y" ... the first subtag "fi" is not in the list then).
    if not isinstance(value, Literal) or not value.language:
        return False
    lang = value.language.lower()
    return "*" in tags or lang in tags or lang.split("-")[0] in tags  # type: ignore[operator]


def _in(index: DataIndex, members: object, value: Term) -> bool:
    # rdflib term equality: "1"^^xsd:integer is not "01"^^xsd:integer, "a" is not "a"@en.
    return index.rdflib(value) in members  # type: ignore[operator]


def _min_inclusive(index: DataIndex, minimum: object, value: Term) -> bool:
    node = index.rdflib(value)
    if not isinstance(node, rdflib.Literal):
        return False
    assert isinstance(minimum, rdflib.Literal)
    # pyshacl: a string never compares with a non-string; an incomparable pair fails.
    if isinstance(minimum.value, str) != isinstance(node.value, str):
        return False
    try:
        return compare_literal(node, minimum) >= 0
    except (TypeError, NotImplementedError):
        return False


_VALUE_TESTS: dict[str, ValueTest] = {
    "DatatypeConstraintComponent": _datatype,
    "ClassConstraintComponent": _class,
    "NodeKindConstraintComponent": _node_kind,
    "MinLengthConstraintComponent": _min_length,
    "PatternConstraintComponent": _pattern,
    "LanguageInConstraintComponent": _language_in,
    "InConstraintComponent": _in,
    "MinInclusiveConstraintComponent": _min_inclusive,
}
