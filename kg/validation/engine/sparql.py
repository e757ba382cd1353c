"""SHACL-SPARQL constraints (sh:sparql with sh:select): compiled once, run by rdflib's engine.

    compile_check(reader, shape, node, compiled) -> SparqlCheck, or None when deactivated
    rows(context, check, focus)                  -> the results of `check` for one focus node

https://www.w3.org/TR/shacl/#sparql-constraints. A query is run once for all focus nodes,
$this unbound, and its rows are looked up by focus node. That gives the rows of $this
pre-bound when a triple pattern of the query's main group binds $this before a FILTER or
BIND reads it, and the query has none of MINUS, VALUES, sub-queries or SERVICE (which the
specification rules out); any other query is refused. $PATH becomes the shape's path and
$currentShape the shape's IRI before the query is parsed; $shapesGraph is refused.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Protocol

import rdflib
from pyoxigraph import NamedNode
from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, SequencePath
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query

from kg.apart import run_apart
from kg.validation.engine.data import DataIndex
from kg.validation.engine.model import Reader, Shape
from kg.validation.engine.paths import PropertyPath, describe
from kg.validation.engine.terms import Term, from_rdflib, sh
from kg.vocab import OWL, RDF, RDFS

_SH = rdflib.Namespace(sh("").value)
_OWL_ONTOLOGY = rdflib.URIRef(OWL.Ontology.value)
_THIS = rdflib.Variable("this")
# The algebra nodes whose pattern ("p") is the main group's, wrapped.
_WRAPPERS = frozenset(
    [
        "Project",
        "Distinct",
        "Reduced",
        "Slice",
        "OrderBy",
        "Filter",
        "Extend",
        "Group",
        "AggregateJoin",
        "ToMultiSet",
    ]
)
# What pre-binding cannot give (the specification's restrictions): refused.
_UNSUPPORTED = re.compile(r"\b(MINUS|VALUES|SERVICE)\b", re.IGNORECASE)
_REBINDS = re.compile(r"\b(?i:AS)\s+[?$](this|currentShape|shapesGraph)\b")


@dataclass(frozen=True)
class SparqlCheck:
    """One sh:sparql constraint: its node, its query (prefixes applied) and its messages."""

    node: rdflib.term.Node
    term: Term  # the constraint's node, as results name it (sh:sourceConstraint)
    query: Query
    messages: tuple[rdflib.Literal, ...]
    shape_messages: tuple[rdflib.Literal, ...]
    predicates: frozenset[NamedNode] | None  # every IRI the query names; None: it reads all
    node_shape: bool


@dataclass(frozen=True)
class Row:
    """One result of a SPARQL constraint: its value, its path when the query binds one."""

    value: Term | None
    path: PropertyPath | None
    messages: tuple[rdflib.Literal, ...]


class Sparql(Protocol):
    """What running a query needs of the runner."""

    index: DataIndex

    def sparql_graph(self) -> rdflib.Graph:
        """Return the triples the queries may read, as an rdflib graph."""
        ...

    def sparql_cache(self) -> dict[Any, Any]:
        """Return a place to keep each query's rows for this run."""
        ...


def compile_check(
    reader: Reader, shape_node: rdflib.term.Node, node: rdflib.term.Node, shape: Shape
) -> SparqlCheck | None:
    """Read the sh:sparql constraint `node` of `shape_node`; refuse what cannot run exactly."""
    graph = reader.graph
    if any(str(d) == "true" for d in graph.objects(node, _SH.deactivated)):
        return None
    selects = list(graph.objects(node, _SH.select))
    if len(selects) != 1 or not (
        isinstance(selects[0], rdflib.Literal) and isinstance(selects[0].value, str)
    ):
        raise reader.fail(shape_node, "a sh:sparql constraint without one sh:select string")
    for extra in graph.predicates(node, None) if node != shape_node else ():
        name = str(extra).removeprefix(str(_SH))
        if str(extra).startswith(str(_SH)) and name not in (
            "select",
            "message",
            "prefixes",
            "deactivated",
        ):
            raise reader.fail(shape_node, f"sh:{name} on a SPARQL constraint")
    text = str(selects[0])
    if (
        _UNSUPPORTED.search(text)
        or len(re.findall(r"\bSELECT\b", text, re.IGNORECASE)) > 1
        or _REBINDS.search(text)
        or re.search(r"[$?](shapesGraph|failure)\b", text)
    ):
        raise reader.fail(
            shape_node, "this SPARQL query (MINUS, VALUES, SERVICE, a sub-query, $shapesGraph...)"
        )
    if re.search(r"\$PATH\b", text):
        if shape.path is None:
            raise reader.fail(shape_node, "$PATH in a SPARQL constraint of a node shape")
        text = re.sub(r"\$PATH\b", describe(shape.path), text)
    if re.search(r"[$?]currentShape\b", text):
        if not isinstance(shape_node, rdflib.URIRef):
            raise reader.fail(shape_node, "$currentShape in a blank-node shape")
        text = re.sub(r"[$?]currentShape\b", f"<{shape_node}>", text)
    prologue = "".join(
        f"PREFIX {p}: <{ns}>\n" for p, ns in _prefixes(reader, shape_node, node).items()
    )
    query = _prepared(f"{prologue}\n{text}")
    if isinstance(query, Exception):  # rdflib's parser raises pyparsing's errors, among others
        raise reader.fail(shape_node, f"a SPARQL query rdflib cannot read ({query})")
    if _THIS not in (query.algebra.get("PV") or []):
        raise reader.fail(shape_node, "a SPARQL query that does not select $this")
    if not _binds_this(query.algebra.get("p")):
        # $this pre-bound where no triple pattern binds it (in a FILTER, a BIND, a UNION
        # branch): rdflib's initBindings is no pre-binding, so such a query is refused.
        raise reader.fail(shape_node, "a SPARQL query whose main pattern does not bind $this")
    messages = tuple(graph.objects(node, _SH.message))
    if not all(isinstance(m, rdflib.Literal) for m in messages):
        raise reader.fail(shape_node, "a sh:message that is not a literal")
    return SparqlCheck(
        node=node,
        term=from_rdflib(node),
        query=query,
        messages=messages,  # type: ignore[arg-type]  # all literals: checked above
        shape_messages=shape.messages,
        predicates=_query_iris(reader, shape_node, query.algebra),
        node_shape=shape.path is None,
    )


def _prepared(text: str) -> Query | Exception:
    """Return rdflib's prepared query of `text`, or what stopped its parser.

    The parser runs apart (`kg.apart`): its exceptions' reference cycles would otherwise keep
    the caller's frames, and what they hold (a build's open store), alive.
    """

    def prepare() -> Query | Exception:
        try:
            return prepareQuery(text)
        except Exception as exc:
            return exc

    outcome = run_apart(prepare)
    return outcome if outcome is not None else RuntimeError("the parser stopped")


def _prefixes(reader: Reader, shape: rdflib.term.Node, node: rdflib.term.Node) -> dict[str, str]:
    """Return the prefixes a SPARQL constraint declares (sh:prefixes, their sh:declare)."""
    graph = reader.graph
    prefixes = {"rdf": RDF.iri, "rdfs": RDFS.iri, "owl": OWL.iri}
    ontologies = set(graph.subjects(rdflib.RDF.type, _OWL_ONTOLOGY))
    everywhere = {d for o in ontologies for d in graph.objects(o, _SH.declare)}
    for holder in graph.objects(node, _SH.prefixes):
        own = set(graph.objects(holder, _SH.declare))
        # pyshacl reads the declarations of every owl:Ontology for a holder without its own.
        declares = own if own and holder in ontologies else everywhere | own
        for declare in declares:
            prefix = list(graph.objects(declare, _SH.prefix))
            namespace = list(graph.objects(declare, _SH.namespace))
            if len(prefix) != 1 or len(namespace) != 1:
                raise reader.fail(
                    shape, f"a sh:declare without one prefix and namespace ({declare})"
                )
            if prefixes.get(str(prefix[0]), str(namespace[0])) != str(namespace[0]):
                raise reader.fail(shape, f"two namespaces for the prefix {prefix[0]}")
            prefixes[str(prefix[0])] = str(namespace[0])
    return prefixes


def _query_iris(
    reader: Reader, shape: rdflib.term.Node, algebra: Any
) -> frozenset[NamedNode] | None:
    """Return every IRI of the query; None when it may read any triple (a variable predicate)."""
    found: set[NamedNode] = set()
    todo = [algebra]
    while todo:
        item = todo.pop()
        if isinstance(item, rdflib.URIRef):
            found.add(NamedNode(str(item)))
        elif isinstance(item, NegatedPath):
            return None
        elif isinstance(item, SequencePath | AlternativePath):
            todo.extend(item.args)
        elif isinstance(item, InvPath):
            todo.append(item.arg)
        elif isinstance(item, MulPath):
            todo.append(item.path)
        elif isinstance(item, dict):
            if getattr(item, "name", None) in ("Graph", "ServiceGraphPattern"):
                raise reader.fail(shape, "GRAPH or SERVICE in a SPARQL query")
            for triple in dict.get(item, "triples") or ():
                if isinstance(triple[1], rdflib.Variable):
                    return None
            todo.extend(dict.values(item))
        elif isinstance(item, list | tuple | set | frozenset):
            todo.extend(item)
    return frozenset(found)


def _binds_this(part: Any) -> bool:
    """Tell whether a triple pattern of the query's main group binds $this first.

    Running the query with $this unbound then gives the pre-bound rows. The main group is
    followed through the left side of each join and OPTIONAL; a group evaluated on its own
    (the right side) may use $this in triple patterns only, not in a FILTER or BIND, where it
    would be unbound.
    """
    while isinstance(part, dict):
        name = getattr(part, "name", "")
        if name == "BGP":
            return any(_THIS in triple for triple in part.get("triples", ()))
        if name in ("Join", "LeftJoin"):
            if _reads_this(part.get("p2")):
                return False
            part = part.get("p1")
        elif name in _WRAPPERS:
            part = part.get("p")
        else:
            return False
    return False


def _reads_this(part: Any) -> bool:
    """Whether a FILTER or BIND of `part` reads $this."""
    todo = [part]
    while todo:
        item = todo.pop()
        if isinstance(item, dict):
            if getattr(item, "name", "") in ("Filter", "Extend") and _mentions_this(
                item.get("expr")
            ):
                return True
            todo.extend(dict.values(item))
        elif isinstance(item, list | tuple):
            todo.extend(item)
    return False


def _mentions_this(expr: Any) -> bool:
    todo = [expr]
    while todo:
        item = todo.pop()
        if item == _THIS:
            return True
        if isinstance(item, dict):
            todo.extend(dict.values(item))
        elif isinstance(item, list | tuple):
            todo.extend(item)
    return False


def rows(context: Sparql, check: SparqlCheck, focus: Term) -> list[Row]:
    """Return the results of `check` for `focus`: one per row of its query.

    The query runs once, $this unbound, and its rows are kept by focus node for the run.
    """
    cache = context.sparql_cache()
    by_focus = cache.get(id(check))
    if by_focus is None:
        by_focus = defaultdict(list)
        graph = context.sparql_graph()
        for row in graph.query(check.query):
            bound = {str(var): val for var, val in row.asdict().items()}  # type: ignore[union-attr]  # a SELECT's rows
            this = bound.get("this")
            if this is not None:
                by_focus[from_rdflib(this)].append(_row(check, bound))
        cache[id(check)] = by_focus
    return list(by_focus.get(focus, ()))


def _row(check: SparqlCheck, bound: dict[str, Any]) -> Row:
    variables = dict(bound)
    path = variables.pop("path", None)
    value = variables.pop("value", None)
    this = variables.pop("this")
    if value is None and check.node_shape:
        value = this  # a node shape's result has the focus node as its value
    return Row(
        value=None if value is None else from_rdflib(value),
        path=NamedNode(str(path)) if isinstance(path, rdflib.URIRef) else None,
        messages=tuple(_messages(check, (this, path, value, variables))),
    )


def _messages(
    check: SparqlCheck, bound: tuple[object, object, object, dict[str, object]]
) -> list[rdflib.Literal]:
    """Return the messages of one row: its shape's, then its constraint's, values filled in.

    Each bound variable is filled in with re.sub (the value is a replacement template, so a
    backslash in it is read as an escape); the messages lose their language tags, as pyshacl's.
    """
    this, path, value, variables = bound
    fill: dict[str, object] = dict(variables)
    for name, val in (("this", this), ("path", path), ("value", value)):
        if val is not None:
            fill[name] = val
    texts = list(check.shape_messages) + [
        m for m in check.messages if m not in check.shape_messages
    ]
    filled = []
    for message in texts:
        text = str(message.value)
        for name, val in fill.items():
            text = re.sub(f"{{[?$]{name}}}", str(val), text)
        filled.append(rdflib.Literal(text))
    return filled
