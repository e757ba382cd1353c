"""The SHACL Core constraint components the engine evaluates, keyed by their IRI.

    COMPONENTS[iri]         -> Component (its specification section, reader and evaluator)
    BY_PARAMETER[name]      -> the components a sh: parameter brings ("minCount" -> MinCount)
    PARAMETERS              -> every sh: parameter a component reads

The compiler and the runner dispatch through this registry: the engine claims exactly these
components, and refuses a shape that uses another. Each evaluator follows the section of the
specification `Component.spec` links to. SHACL-SPARQL (sh:sparql) is in
`kg.validation.engine.sparql` and registered here like the others.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import rdflib
from pyoxigraph import BlankNode, Literal, NamedNode

from kg.validation.engine import sparql
from kg.validation.engine.data import DataIndex
from kg.validation.engine.model import Component, Context, Finding, Reader, Shape
from kg.validation.engine.terms import Term, from_rdflib, sh

Values = dict[str, list[rdflib.term.Node]]
_NODE_KINDS = {
    sh(kind): kind
    for kind in (
        "IRI",
        "BlankNode",
        "Literal",
        "BlankNodeOrIRI",
        "BlankNodeOrLiteral",
        "IRIOrLiteral",
    )
}
_XSD = rdflib.namespace.XSD


# -- reading parameters ----------------------------------------------------------------------


def _one(reader: Reader, node: rdflib.term.Node, name: str, values: Values) -> rdflib.term.Node:
    objs = values[name]
    if len(objs) != 1:
        raise reader.fail(node, f"more than one sh:{name}")
    return objs[0]


def _count(reader: Reader, node: rdflib.term.Node, name: str, values: Values) -> int:
    value = _one(reader, node, name, values)
    if not isinstance(value, rdflib.Literal) or type(value.value) is not int or value.value < 0:
        raise reader.fail(node, f"sh:{name} {value} (not a non-negative integer)")
    return value.value


def _iri(reader: Reader, node: rdflib.term.Node, name: str, value: rdflib.term.Node) -> NamedNode:
    if not isinstance(value, rdflib.URIRef):
        raise reader.fail(node, f"sh:{name} {value} (not an IRI)")
    return NamedNode(str(value))


def _boolean(reader: Reader, node: rdflib.term.Node, name: str, values: Values) -> bool:
    value = _one(reader, node, name, values)
    if not isinstance(value, rdflib.Literal) or not isinstance(value.value, bool):
        raise reader.fail(node, f"sh:{name} {value} (not a boolean)")
    return str(value) == "true"  # only true, not "1"^^xsd:boolean, turns a constraint on


def _read_count(name: str) -> Any:
    def read(reader: Reader, node: rdflib.term.Node, values: Values, shape: Shape) -> list[Any]:
        return [_count(reader, node, name, values)]

    return read


def _read_each_iri(name: str) -> Any:
    def read(reader: Reader, node: rdflib.term.Node, values: Values, shape: Shape) -> list[Any]:
        return [_iri(reader, node, name, value) for value in values[name]]

    return read


def _read_each_term(name: str) -> Any:
    def read(reader: Reader, node: rdflib.term.Node, values: Values, shape: Shape) -> list[Any]:
        found = []
        for value in values[name]:
            if not isinstance(value, rdflib.URIRef | rdflib.Literal):
                raise reader.fail(node, f"sh:{name} {value} (a blank node)")
            found.append(from_rdflib(value))
        return found

    return read


def _read_each_literal(name: str) -> Any:
    def read(reader: Reader, node: rdflib.term.Node, values: Values, shape: Shape) -> list[Any]:
        found = []
        for value in values[name]:
            if not isinstance(value, rdflib.Literal):
                raise reader.fail(node, f"sh:{name} {value} (not a literal)")
            found.append(value)
        return found

    return read


def _read_each_shape(name: str) -> Any:
    def read(reader: Reader, node: rdflib.term.Node, values: Values, shape: Shape) -> list[Any]:
        return [reader.shape(value) for value in values[name]]

    return read


def _read_each_list_of_shapes(name: str) -> Any:
    def read(reader: Reader, node: rdflib.term.Node, values: Values, shape: Shape) -> list[Any]:
        return [
            tuple(reader.shape(member) for member in reader.items(node, head))
            for head in values[name]
        ]

    return read


def _read_node_kind(
    reader: Reader, node: rdflib.term.Node, values: Values, shape: Shape
) -> list[Any]:
    value = _one(reader, node, "nodeKind", values)
    kind = _NODE_KINDS.get(NamedNode(str(value))) if isinstance(value, rdflib.URIRef) else None
    if kind is None:
        raise reader.fail(node, f"sh:nodeKind {value}")
    return [kind]


def _read_pattern(
    reader: Reader, node: rdflib.term.Node, values: Values, shape: Shape
) -> list[Any]:
    flags = values.get("flags", [])
    if len(flags) > 1 or not all(isinstance(f, rdflib.Literal) for f in flags):
        raise reader.fail(node, "more than one sh:flags, or one that is not a string")
    text = str(flags[0]) if flags else ""
    # XPath's flags (fn:matches): s, m, i, x and q; Python's re reads the same expressions.
    known = {"s": re.S, "m": re.M, "i": re.I, "x": re.X}
    if set(text) - set(known) - {"q"}:
        raise reader.fail(node, f'sh:flags "{text}"')
    re_flags = 0
    for letter in text:
        re_flags |= known.get(letter, 0)
    compiled = []
    for pattern in values["pattern"]:
        if not isinstance(pattern, rdflib.Literal):
            raise reader.fail(node, f"sh:pattern {pattern}")
        source = re.escape(str(pattern)) if "q" in text else str(pattern)
        try:
            compiled.append(re.compile(source, re_flags))
        except re.error as exc:
            raise reader.fail(node, f"sh:pattern {pattern} ({exc})") from exc
    return compiled


def _read_language_in(
    reader: Reader, node: rdflib.term.Node, values: Values, shape: Shape
) -> list[Any]:
    found = []
    for head in values["languageIn"]:
        tags = reader.items(node, head)
        if not all(isinstance(tag, rdflib.Literal) and isinstance(tag.value, str) for tag in tags):
            raise reader.fail(node, "a sh:languageIn item that is not a string")
        found.append(tuple(str(tag).lower() for tag in tags))
    return found


def _read_unique_lang(
    reader: Reader, node: rdflib.term.Node, values: Values, shape: Shape
) -> list[Any]:
    if shape.path is None:
        raise reader.fail(node, "sh:uniqueLang on a node shape")
    return [True] if _boolean(reader, node, "uniqueLang", values) else []


def _read_in(reader: Reader, node: rdflib.term.Node, values: Values, shape: Shape) -> list[Any]:
    found = []
    for head in values["in"]:
        found.append(frozenset(from_rdflib(item) for item in reader.items(node, head)))
    return found


def _read_pair(name: str, property_shapes_only: bool) -> Any:
    def read(reader: Reader, node: rdflib.term.Node, values: Values, shape: Shape) -> list[Any]:
        if property_shapes_only and shape.path is None:
            raise reader.fail(node, f"sh:{name} on a node shape")
        return [_iri(reader, node, name, value) for value in values[name]]

    return read


def _read_qualified(bound: str) -> Any:
    def read(reader: Reader, node: rdflib.term.Node, values: Values, shape: Shape) -> list[Any]:
        if bound not in values:
            return []
        if shape.path is None:
            raise reader.fail(node, "sh:qualifiedValueShape on a node shape")
        limit = _count(reader, node, bound, values)
        disjoint = (
            _boolean(reader, node, "qualifiedValueShapesDisjoint", values)
            if "qualifiedValueShapesDisjoint" in values
            else False
        )
        found = []
        for qualified in values["qualifiedValueShape"]:
            siblings: set[rdflib.term.Node] = set()
            if disjoint:
                # The qualified value shapes of the other property shapes of its parents.
                graph = reader.graph
                for parent in graph.subjects(rdflib.URIRef(sh("property").value), node):
                    for sibling in graph.objects(parent, rdflib.URIRef(sh("property").value)):
                        siblings.update(
                            graph.objects(sibling, rdflib.URIRef(sh("qualifiedValueShape").value))
                        )
                siblings.discard(qualified)
            found.append(
                (
                    reader.shape(qualified),
                    limit,
                    tuple(reader.shape(s) for s in sorted(siblings, key=str)),
                )
            )
        return found

    return read


def _read_closed(reader: Reader, node: rdflib.term.Node, values: Values, shape: Shape) -> list[Any]:
    if not _boolean(reader, node, "closed", values):
        return []
    allowed: set[Term] = set()
    graph = reader.graph
    for prop in values.get("property", []):
        for path in graph.objects(prop, rdflib.URIRef(sh("path").value)):
            if isinstance(path, rdflib.URIRef):
                allowed.add(NamedNode(str(path)))
    for head in values.get("ignoredProperties", []):
        allowed.update(from_rdflib(item) for item in reader.items(node, head))
    return [frozenset(allowed)]


# -- evaluating ------------------------------------------------------------------------------


def _value_test(component_name: str, test: Any) -> Any:
    """Return an evaluator giving a result for each value node that fails `test`."""

    def evaluate(
        context: Context, shape: Shape, parameter: Any, focus: Term, values: list[Term]
    ) -> Iterator[Finding]:
        index = context.index
        for value in values:
            if not test(index, parameter, value):
                yield COMPONENTS[sh(component_name)].finding(shape, focus, value)

    return evaluate


def _class(index: DataIndex, cls: NamedNode, value: Term) -> bool:
    return not isinstance(value, Literal) and index.has_class(value, cls)


def _datatype(index: DataIndex, datatype: NamedNode, value: Term) -> bool:
    if not isinstance(value, Literal) or value.datatype != datatype:
        return False
    node = index.rdflib(value)
    assert isinstance(node, rdflib.Literal)
    # Well-formed for its datatype: rdflib marks an ill-typed literal ("abc"^^xsd:integer),
    # and gives one whose lexical form it cannot read a Python value of another type.
    return getattr(node, "ill_typed", None) is not True and _typed(node, datatype)


_PYTHON_TYPES: dict[str, type | tuple[type, ...]] = {
    str(_XSD.integer): int,
    str(_XSD.float): float,
    str(_XSD.double): float,
    str(_XSD.decimal): Decimal,
    str(_XSD.boolean): bool,
    str(_XSD.date): date,
    str(_XSD.time): time,
    str(_XSD.dateTime): datetime,
}


def _typed(node: rdflib.Literal, datatype: NamedNode) -> bool:
    expected = _PYTHON_TYPES.get(datatype.value)
    return True if expected is None else isinstance(node.value, expected)


def _node_kind(index: DataIndex, kind: str, value: Term) -> bool:
    if isinstance(value, BlankNode):
        return "BlankNode" in kind
    if isinstance(value, Literal):
        return "Literal" in kind
    return "IRI" in kind


def _comparable(index: DataIndex, term: Term) -> tuple[str, Any] | None:
    """Return (kind, Python value) of a literal SPARQL's < can compare, else None."""
    if not isinstance(term, Literal) or term.language:
        return None
    node = index.rdflib(term)
    assert isinstance(node, rdflib.Literal)
    value = node.value
    if getattr(node, "ill_typed", None) is True or value is None:
        return None
    if isinstance(value, bool):
        return "boolean", value
    if isinstance(value, int | float | Decimal):
        return "number", value
    if isinstance(value, str) and term.datatype.value == str(_XSD.string):
        return "string", value
    for kind in (datetime, date, time):  # datetime before date: it is a date too
        if isinstance(value, kind):
            return kind.__name__, value
    return None


def order(index: DataIndex, left: Term, right: Term) -> int | None:
    """Compare two terms as SPARQL's < and = do: -1, 0, 1, or None when they do not compare."""
    a, b = _comparable(index, left), _comparable(index, right)
    if a is None or b is None or a[0] != b[0]:
        return None
    try:
        return (a[1] > b[1]) - (a[1] < b[1])
    except TypeError:  # a dateTime with a time zone and one without
        return None


def _range(accept: Any) -> Any:
    def test(index: DataIndex, bound: rdflib.Literal, value: Term) -> bool:
        found = order(index, value, from_rdflib(bound))
        return found is not None and accept(found)

    return test


def _length(index: DataIndex, value: Term) -> int | None:
    if isinstance(value, BlankNode):
        return None
    return len(value.value)


def _min_length(index: DataIndex, minimum: int, value: Term) -> bool:
    length = _length(index, value)
    return length is not None and length >= minimum


def _max_length(index: DataIndex, maximum: int, value: Term) -> bool:
    length = _length(index, value)
    return length is not None and length <= maximum


def _pattern(index: DataIndex, pattern: re.Pattern[str], value: Term) -> bool:
    return not isinstance(value, BlankNode) and pattern.search(value.value) is not None


def _language_in(index: DataIndex, ranges: tuple[str, ...], value: Term) -> bool:
    # SPARQL's langMatches: basic filtering of RFC 4647, "*" for any tag.
    if not isinstance(value, Literal) or not value.language:
        return False
    tag = value.language.lower()
    return any(r == "*" or tag == r or tag.startswith(r + "-") for r in ranges)


def _in(index: DataIndex, members: frozenset[Term], value: Term) -> bool:
    return value in members


def _min_count(
    context: Context, shape: Shape, minimum: int, focus: Term, values: list[Term]
) -> Iterator[Finding]:
    if len(values) < minimum:
        yield COMPONENTS[sh("MinCountConstraintComponent")].finding(shape, focus, None)


def _max_count(
    context: Context, shape: Shape, maximum: int, focus: Term, values: list[Term]
) -> Iterator[Finding]:
    if len(values) > maximum:
        yield COMPONENTS[sh("MaxCountConstraintComponent")].finding(shape, focus, None)


def _unique_lang(
    context: Context, shape: Shape, _: bool, focus: Term, values: list[Term]
) -> Iterator[Finding]:
    tags = Counter(v.language.lower() for v in values if isinstance(v, Literal) and v.language)
    for count in tags.values():
        if count > 1:
            yield COMPONENTS[sh("UniqueLangConstraintComponent")].finding(shape, focus, None)


def _equals(
    context: Context, shape: Shape, predicate: NamedNode, focus: Term, values: list[Term]
) -> Iterator[Finding]:
    component = COMPONENTS[sh("EqualsConstraintComponent")]
    others = context.index.objects(focus, predicate)
    for value in values:
        if value not in others:
            yield component.finding(shape, focus, value)
    for other in others:
        if other not in values:
            yield component.finding(shape, focus, other)


def _disjoint(
    context: Context, shape: Shape, predicate: NamedNode, focus: Term, values: list[Term]
) -> Iterator[Finding]:
    others = set(context.index.objects(focus, predicate))
    for value in values:
        if value in others:
            yield COMPONENTS[sh("DisjointConstraintComponent")].finding(shape, focus, value)


def _less_than(name: str, accept: Any) -> Any:
    def evaluate(
        context: Context, shape: Shape, predicate: NamedNode, focus: Term, values: list[Term]
    ) -> Iterator[Finding]:
        index = context.index
        others = index.objects(focus, predicate)
        for value in values:
            for other in others:
                found = order(index, value, other)
                if found is None or not accept(found):
                    yield COMPONENTS[sh(name)].finding(shape, focus, value)

    return evaluate


def _not(
    context: Context, shape: Shape, other: Shape, focus: Term, values: list[Term]
) -> Iterator[Finding]:
    for value in values:
        if context.conforms(other, value):
            yield COMPONENTS[sh("NotConstraintComponent")].finding(shape, focus, value)


def _logical(name: str, accept: Any) -> Any:
    def evaluate(
        context: Context, shape: Shape, members: tuple[Shape, ...], focus: Term, values: list[Term]
    ) -> Iterator[Finding]:
        for value in values:
            if not accept(sum(1 for member in members if context.conforms(member, value)), members):
                yield COMPONENTS[sh(name)].finding(shape, focus, value)

    return evaluate


def _node(
    context: Context, shape: Shape, other: Shape, focus: Term, values: list[Term]
) -> Iterator[Finding]:
    for value in values:
        if not context.conforms(other, value):
            yield COMPONENTS[sh("NodeConstraintComponent")].finding(shape, focus, value)


def _property(
    context: Context, shape: Shape, other: Shape, focus: Term, values: list[Term]
) -> Iterator[Finding]:
    for value in values:
        yield from context.findings(other, value)


def _qualified(name: str, accept: Any) -> Any:
    def evaluate(
        context: Context,
        shape: Shape,
        parameter: tuple[Shape, int, tuple[Shape, ...]],
        focus: Term,
        values: list[Term],
    ) -> Iterator[Finding]:
        qualified, limit, siblings = parameter
        count = sum(
            1
            for value in values
            if context.conforms(qualified, value)
            and not any(context.conforms(sibling, value) for sibling in siblings)
        )
        if not accept(count, limit):
            yield COMPONENTS[sh(name)].finding(shape, focus, None)

    return evaluate


def _closed(
    context: Context, shape: Shape, allowed: frozenset[Term], focus: Term, values: list[Term]
) -> Iterator[Finding]:
    component = COMPONENTS[sh("ClosedConstraintComponent")]
    for value in values:
        for predicate, objs in context.index.predicate_objects(value):
            if predicate not in allowed:
                for obj in objs:
                    yield component.finding(shape, focus, obj, path=predicate)


def _has_value(
    context: Context, shape: Shape, wanted: Term, focus: Term, values: list[Term]
) -> Iterator[Finding]:
    if wanted not in values:
        yield COMPONENTS[sh("HasValueConstraintComponent")].finding(shape, focus, None)


def _sparql(
    context: Any, shape: Shape, check: sparql.SparqlCheck, focus: Term, values: list[Term]
) -> Iterator[Finding]:
    component = COMPONENTS[sh("SPARQLConstraintComponent")]
    for row in sparql.rows(context, check, focus):
        yield component.finding(
            shape,
            focus,
            row.value,
            path=row.path,
            messages=row.messages,  # a SPARQL constraint without sh:message has none
            constraint=check.term,
        )


def _read_sparql(reader: Reader, node: rdflib.term.Node, values: Values, shape: Shape) -> list[Any]:
    return [
        check for c in values["sparql"] if (check := sparql.compile_check(reader, node, c, shape))
    ]


# -- the registry ----------------------------------------------------------------------------


def _component(
    name: str, parameters: str, read: Any, evaluate: Any, message: str, section: str = ""
) -> Component:
    return Component(name, tuple(parameters.split()), read, evaluate, message, section)


_ALL = [
    _component(
        "ClassConstraintComponent",
        "class",
        _read_each_iri("class"),
        _value_test("ClassConstraintComponent", _class),
        "Value is not an instance of the class",
    ),
    _component(
        "DatatypeConstraintComponent",
        "datatype",
        lambda r, n, v, s: [_iri(r, n, "datatype", _one(r, n, "datatype", v))],
        _value_test("DatatypeConstraintComponent", _datatype),
        "Value is not a well-formed literal of the datatype",
    ),
    _component(
        "NodeKindConstraintComponent",
        "nodeKind",
        _read_node_kind,
        _value_test("NodeKindConstraintComponent", _node_kind),
        "Value is not of the node kind",
    ),
    _component(
        "MinCountConstraintComponent",
        "minCount",
        lambda r, n, v, s: [c] if (c := _count(r, n, "minCount", v)) > 0 else [],
        _min_count,
        "Fewer values than the minimum count",
    ),
    _component(
        "MaxCountConstraintComponent",
        "maxCount",
        _read_count("maxCount"),
        _max_count,
        "More values than the maximum count",
    ),
    _component(
        "MinExclusiveConstraintComponent",
        "minExclusive",
        _read_each_literal("minExclusive"),
        _value_test("MinExclusiveConstraintComponent", _range(lambda o: o > 0)),
        "Value is not greater than the minimum",
    ),
    _component(
        "MinInclusiveConstraintComponent",
        "minInclusive",
        _read_each_literal("minInclusive"),
        _value_test("MinInclusiveConstraintComponent", _range(lambda o: o >= 0)),
        "Value is less than the minimum",
    ),
    _component(
        "MaxExclusiveConstraintComponent",
        "maxExclusive",
        _read_each_literal("maxExclusive"),
        _value_test("MaxExclusiveConstraintComponent", _range(lambda o: o < 0)),
        "Value is not less than the maximum",
    ),
    _component(
        "MaxInclusiveConstraintComponent",
        "maxInclusive",
        _read_each_literal("maxInclusive"),
        _value_test("MaxInclusiveConstraintComponent", _range(lambda o: o <= 0)),
        "Value is greater than the maximum",
    ),
    _component(
        "MinLengthConstraintComponent",
        "minLength",
        _read_count("minLength"),
        _value_test("MinLengthConstraintComponent", _min_length),
        "Value is shorter than the minimum length",
    ),
    _component(
        "MaxLengthConstraintComponent",
        "maxLength",
        _read_count("maxLength"),
        _value_test("MaxLengthConstraintComponent", _max_length),
        "Value is longer than the maximum length",
    ),
    _component(
        "PatternConstraintComponent",
        "pattern flags",
        _read_pattern,
        _value_test("PatternConstraintComponent", _pattern),
        "Value does not match the pattern",
    ),
    _component(
        "LanguageInConstraintComponent",
        "languageIn",
        _read_language_in,
        _value_test("LanguageInConstraintComponent", _language_in),
        "Value's language is not one of those allowed",
    ),
    _component(
        "UniqueLangConstraintComponent",
        "uniqueLang",
        _read_unique_lang,
        _unique_lang,
        "More than one value in the same language",
    ),
    _component(
        "EqualsConstraintComponent",
        "equals",
        _read_pair("equals", property_shapes_only=False),
        _equals,
        "The values differ from those of the other property",
    ),
    _component(
        "DisjointConstraintComponent",
        "disjoint",
        _read_pair("disjoint", property_shapes_only=False),
        _disjoint,
        "Value is also a value of the other property",
    ),
    _component(
        "LessThanConstraintComponent",
        "lessThan",
        _read_pair("lessThan", property_shapes_only=True),
        _less_than("LessThanConstraintComponent", lambda o: o < 0),
        "Value is not less than a value of the other property",
    ),
    _component(
        "LessThanOrEqualsConstraintComponent",
        "lessThanOrEquals",
        _read_pair("lessThanOrEquals", property_shapes_only=True),
        _less_than("LessThanOrEqualsConstraintComponent", lambda o: o <= 0),
        "Value is greater than a value of the other property",
    ),
    _component(
        "NotConstraintComponent",
        "not",
        _read_each_shape("not"),
        _not,
        "Value conforms to a shape it must not",
    ),
    _component(
        "AndConstraintComponent",
        "and",
        _read_each_list_of_shapes("and"),
        _logical("AndConstraintComponent", lambda n, members: n == len(members)),
        "Value does not conform to every shape",
    ),
    _component(
        "OrConstraintComponent",
        "or",
        _read_each_list_of_shapes("or"),
        _logical("OrConstraintComponent", lambda n, members: n > 0),
        "Value conforms to none of the shapes",
    ),
    _component(
        "XoneConstraintComponent",
        "xone",
        _read_each_list_of_shapes("xone"),
        _logical("XoneConstraintComponent", lambda n, members: n == 1),
        "Value does not conform to exactly one of the shapes",
    ),
    _component(
        "NodeConstraintComponent",
        "node",
        _read_each_shape("node"),
        _node,
        "Value does not conform to the shape",
    ),
    _component(
        "PropertyConstraintComponent",
        "property",
        _read_each_shape("property"),
        _property,
        "",
    ),
    _component(
        "QualifiedMinCountConstraintComponent",
        "qualifiedValueShape qualifiedMinCount qualifiedValueShapesDisjoint",
        _read_qualified("qualifiedMinCount"),
        _qualified("QualifiedMinCountConstraintComponent", lambda n, limit: n >= limit),
        "Fewer values conform to the qualified shape than the minimum",
        section="QualifiedValueShapeConstraintComponent",
    ),
    _component(
        "QualifiedMaxCountConstraintComponent",
        "qualifiedValueShape qualifiedMaxCount qualifiedValueShapesDisjoint",
        _read_qualified("qualifiedMaxCount"),
        _qualified("QualifiedMaxCountConstraintComponent", lambda n, limit: n <= limit),
        "More values conform to the qualified shape than the maximum",
        section="QualifiedValueShapeConstraintComponent",
    ),
    _component(
        "ClosedConstraintComponent",
        "closed ignoredProperties",
        _read_closed,
        _closed,
        "A property the closed shape does not allow",
    ),
    _component(
        "HasValueConstraintComponent",
        "hasValue",
        _read_each_term("hasValue"),
        _has_value,
        "The required value is missing",
    ),
    _component(
        "InConstraintComponent",
        "in",
        _read_in,
        _value_test("InConstraintComponent", _in),
        "Value is not one of those allowed",
    ),
    _component(
        "SPARQLConstraintComponent",
        "sparql",
        _read_sparql,
        _sparql,
        "The SPARQL constraint found this",
        section="sparql-constraints",
    ),
]

COMPONENTS: dict[NamedNode, Component] = {component.iri: component for component in _ALL}
BY_PARAMETER: dict[str, list[Component]] = {}
for _each in _ALL:
    BY_PARAMETER.setdefault(_each.parameters[0], []).append(_each)
PARAMETERS = frozenset(name for each in _ALL for name in each.parameters)


def claimed() -> list[Iterable[str]]:
    """Return each claimed component's IRI and specification link, in IRI order."""
    return [(c.iri.value, c.spec) for c in sorted(_ALL, key=lambda c: c.name)]
