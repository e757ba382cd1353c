"""SHACL property paths: read from a graph, followed over the data, written back as triples.

    PropertyPath                   an IRI, or InversePath, SequencePath, AlternativePath,
                                   RepeatPath (zero or more, one or more, zero or one)
    read_path(graph, node)         -> the path an rdflib graph (shapes, report) gives at `node`
    follow(index, path, focus)     -> the value nodes `path` reaches from `focus`
    path_triples(path)             -> (the node naming `path`, the triples that describe it)
    predicates(path)               -> every IRI the path names
    describe(path)                 -> the path in SPARQL syntax: "^ex:p", "(a/b)", ...

https://www.w3.org/TR/shacl/#property-paths
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

import rdflib
from pyoxigraph import BlankNode, NamedNode
from pyoxigraph import Triple as OxTriple

from kg.validation.engine.terms import RDF_FIRST, RDF_NIL, RDF_REST, Term, rdf_list, sh


@dataclass(frozen=True)
class InversePath:
    """sh:inversePath: from an object to its subjects."""

    path: PropertyPath


@dataclass(frozen=True)
class SequencePath:
    """An RDF list of two or more paths, followed one after the other."""

    steps: tuple[PropertyPath, ...]


@dataclass(frozen=True)
class AlternativePath:
    """sh:alternativePath: the values of any of two or more paths."""

    options: tuple[PropertyPath, ...]


@dataclass(frozen=True)
class RepeatPath:
    """sh:zeroOrMorePath, sh:oneOrMorePath or sh:zeroOrOnePath (`kind` is the property)."""

    kind: str  # "zeroOrMorePath", "oneOrMorePath" or "zeroOrOnePath"
    path: PropertyPath


PropertyPath = NamedNode | InversePath | SequencePath | AlternativePath | RepeatPath

_REPEATS = ("zeroOrMorePath", "oneOrMorePath", "zeroOrOnePath")
_SH = rdflib.Namespace(sh("").value)
_PATH_PROPERTIES = {_SH.inversePath, _SH.alternativePath, *(_SH[kind] for kind in _REPEATS)}


class Steps(Protocol):
    """What following a path reads of the data (`kg.validation.engine.data.DataIndex`)."""

    def objects(self, node: Term, predicate: NamedNode) -> list[Term]:
        """Return the values of `predicate` on `node`."""
        ...

    def subjects(self, node: Term, predicate: NamedNode) -> list[Term]:
        """Return the nodes that have `node` as a value of `predicate`."""
        ...


def read_path(graph: rdflib.Graph, node: rdflib.term.Node) -> PropertyPath:
    """Return the SHACL path at `node` of `graph`; ValueError when it is not a well-formed one."""
    return _read(graph, node, set())


def _read(graph: rdflib.Graph, node: rdflib.term.Node, busy: set[rdflib.term.Node]) -> PropertyPath:
    if isinstance(node, rdflib.URIRef):
        return NamedNode(str(node))
    if not isinstance(node, rdflib.BNode) or node in busy:
        raise ValueError(f"{node} is not a SHACL path")
    busy = busy | {node}
    if (node, rdflib.RDF.first, None) in graph:
        steps = tuple(_read(graph, item, busy) for item in rdf_list(graph, node))
        if len(steps) < 2:
            raise ValueError("a sequence path of fewer than two steps")
        return SequencePath(steps)
    found = [(p, o) for p, o in graph.predicate_objects(node) if p in _PATH_PROPERTIES]
    if len(found) != 1:
        raise ValueError(f"{node} is not a SHACL path")
    ((predicate, obj),) = found
    if predicate == _SH.inversePath:
        return InversePath(_read(graph, obj, busy))
    if predicate == _SH.alternativePath:
        options = tuple(_read(graph, item, busy) for item in rdf_list(graph, obj))
        if len(options) < 2:
            raise ValueError("an alternative path of fewer than two paths")
        return AlternativePath(options)
    return RepeatPath(str(predicate).removeprefix(str(_SH)), _read(graph, obj, busy))


def follow(index: Steps, path: PropertyPath, focus: Term) -> list[Term]:
    """Return the value nodes of `focus` for `path`, each once, in the order first reached."""
    if isinstance(path, NamedNode):
        return index.objects(focus, path)
    return list(dict.fromkeys(_follow(index, path, focus)))


def _follow(index: Steps, path: PropertyPath, node: Term) -> Iterator[Term]:
    if isinstance(path, NamedNode):
        yield from index.objects(node, path)
    elif isinstance(path, InversePath):
        yield from _back(index, path.path, node)
    elif isinstance(path, SequencePath):
        current = [node]
        for step in path.steps:
            current = list(dict.fromkeys(v for each in current for v in _follow(index, step, each)))
        yield from current
    elif isinstance(path, AlternativePath):
        for option in path.options:
            yield from _follow(index, option, node)
    else:
        yield from _repeat(path, node, lambda each: _follow(index, path.path, each))


def _back(index: Steps, path: PropertyPath, node: Term) -> Iterator[Term]:
    """Yield the nodes from which `path` reaches `node`."""
    if isinstance(path, NamedNode):
        yield from index.subjects(node, path)
    elif isinstance(path, InversePath):
        yield from _follow(index, path.path, node)
    elif isinstance(path, SequencePath):
        current = [node]
        for step in reversed(path.steps):
            current = list(dict.fromkeys(v for each in current for v in _back(index, step, each)))
        yield from current
    elif isinstance(path, AlternativePath):
        for option in path.options:
            yield from _back(index, option, node)
    else:
        yield from _repeat(path, node, lambda each: _back(index, path.path, each))


def _repeat(path: RepeatPath, node: Term, step: _Step) -> Iterator[Term]:
    if path.kind == "zeroOrOnePath":
        yield node
        yield from step(node)
        return
    seen: dict[Term, None] = {node: None} if path.kind == "zeroOrMorePath" else {}
    todo = [node]
    while todo:
        for each in step(todo.pop()):
            if each not in seen:
                seen[each] = None
                todo.append(each)
    yield from seen


class _Step(Protocol):
    def __call__(self, node: Term) -> Iterator[Term]: ...


def predicates(path: PropertyPath | None) -> set[NamedNode]:
    """Return every IRI `path` names (none for no path)."""
    if path is None:
        return set()
    if isinstance(path, NamedNode):
        return {path}
    if isinstance(path, InversePath | RepeatPath):
        return predicates(path.path)
    parts = path.steps if isinstance(path, SequencePath) else path.options
    return set().union(*(predicates(part) for part in parts))


def path_triples(path: PropertyPath, prefix: str = "path") -> tuple[Term, list[OxTriple]]:
    """Return the node that names `path` in a graph and the triples describing it.

    Blank nodes are named `prefix` and a number, in the order they are written.
    """
    counter = itertools.count(1)
    triples: list[OxTriple] = []

    def write(part: PropertyPath) -> Term:
        if isinstance(part, NamedNode):
            return part
        node = BlankNode(f"{prefix}{next(counter)}")
        if isinstance(part, SequencePath | AlternativePath):
            members = [
                write(each)
                for each in (part.steps if isinstance(part, SequencePath) else part.options)
            ]
            head = _list(members, prefix, counter, triples)
            if isinstance(part, SequencePath):
                return head
            triples.append(OxTriple(node, sh("alternativePath"), head))
        elif isinstance(part, InversePath):
            triples.append(OxTriple(node, sh("inversePath"), write(part.path)))
        else:
            triples.append(OxTriple(node, sh(part.kind), write(part.path)))
        return node

    return write(path), triples


def _list(
    members: list[Term], prefix: str, counter: itertools.count[int], triples: list[OxTriple]
) -> Term:
    head: Term = RDF_NIL
    for member in reversed(members):
        cell = BlankNode(f"{prefix}{next(counter)}")
        triples.append(OxTriple(cell, RDF_FIRST, member))
        triples.append(OxTriple(cell, RDF_REST, head))
        head = cell
    return head


def describe(path: PropertyPath) -> str:
    """Return `path` in SPARQL property path syntax, IRIs in full: "(<a>/^<b>)"."""
    if isinstance(path, NamedNode):
        return f"<{path.value}>"
    if isinstance(path, InversePath):
        return f"^{describe(path.path)}"
    if isinstance(path, SequencePath):
        return "(" + "/".join(describe(step) for step in path.steps) + ")"
    if isinstance(path, AlternativePath):
        return "(" + "|".join(describe(option) for option in path.options) + ")"
    mark = {"zeroOrMorePath": "*", "oneOrMorePath": "+", "zeroOrOnePath": "?"}[path.kind]
    return f"({describe(path.path)}){mark}"
