"""The W3C SHACL test suite: its test cases, and a report compared with the one a case expects.

    cases(folder)                  -> every sht:Validate case of folder/manifest.ttl (mf:include
                                      followed), with its data, shapes and expected report
    same_report(actual, expected)  -> whether two report graphs are isomorphic, without
                                      sh:resultMessage (blank nodes compared by structure)

The suite is read where it lies (../shared/external/shacl-tests), never copied here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import rdflib
import rdflib.collection
import rdflib.compare
from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, parse

SUITE = Path(__file__).resolve().parents[3] / "shared" / "external" / "shacl-tests"
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = rdflib.Namespace("http://www.w3.org/ns/shacl-test#")
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class Case:
    """One sht:Validate test: its name, files, and the report (None: a failure) it expects."""

    name: str  # the path of its file under the suite and its local name
    data: Path
    shapes: Path
    expected: rdflib.Graph | None  # the report it expects; None when it expects a failure


def cases(folder: Path) -> list[Case]:
    """Return every validation case of the manifest of `folder`, including those it includes."""
    found: list[Case] = []
    _read(folder / "manifest.ttl", found, set())
    return found


def _read(manifest: Path, found: list[Case], seen: set[Path]) -> None:
    if manifest in seen:
        return
    seen.add(manifest)
    graph = _graph(manifest)
    for root in graph.subjects(rdflib.RDF.type, MF.Manifest):
        for include in graph.objects(root, MF.include):
            _read(_local(include), found, seen)
        for entries in graph.objects(root, MF.entries):
            for entry in rdflib.collection.Collection(graph, entries):
                if (entry, rdflib.RDF.type, SHT.Validate) not in graph:
                    continue
                action = graph.value(entry, MF.action)
                result = graph.value(entry, MF.result)
                name = f"{manifest.parent.relative_to(SUITE)}/{str(entry).rsplit('/', 1)[-1]}"
                found.append(
                    Case(
                        name=name,
                        data=_local(graph.value(action, SHT.dataGraph)),
                        shapes=_local(graph.value(action, SHT.shapesGraph)),
                        expected=None if result == SHT.Failure else _closure(graph, result),
                    )
                )


def _local(iri: rdflib.term.Node | None) -> Path:
    assert isinstance(iri, rdflib.URIRef)
    return Path(str(iri).removeprefix("file://"))


def _graph(path: Path) -> rdflib.Graph:
    return parsed(path.read_bytes(), RdfFormat.TURTLE, base=path.as_uri())


def parsed(data: bytes, fmt: RdfFormat, base: str | None = None) -> rdflib.Graph:
    """Return the triples of `data` as an rdflib graph whose literals keep their lexical form.

    rdflib's own parsers rewrite some ("300"^^xsd:byte becomes an integer when read back),
    which would make two equal reports differ.
    """
    graph = rdflib.Graph()
    for quad in parse(data, format=fmt, base_iri=base):
        graph.add((_node(quad.subject), _node(quad.predicate), _node(quad.object)))
    return graph


def _node(term: object) -> rdflib.term.Node:
    if isinstance(term, NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, BlankNode):
        return rdflib.BNode(term.value)
    assert isinstance(term, Literal)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value), normalize=False)


def _closure(source: rdflib.Graph, result: rdflib.term.Node | None) -> rdflib.Graph:
    """Return the report at `result`: its triples and those of every blank node it reaches."""
    graph = rdflib.Graph()
    todo = [result]
    seen = set(todo)
    while todo:
        node = todo.pop()
        for predicate, obj in source.predicate_objects(node):
            graph.add((node, predicate, obj))  # type: ignore[arg-type]  # a subject of the graph
            if isinstance(obj, rdflib.BNode) and obj not in seen:
                seen.add(obj)
                todo.append(obj)
    return graph


def same_report(actual: rdflib.Graph, expected: rdflib.Graph) -> bool:
    """Whether the two report graphs are isomorphic once their sh:resultMessage are left out."""
    return rdflib.compare.isomorphic(_without_messages(actual), _without_messages(expected))


def _without_messages(graph: rdflib.Graph) -> rdflib.Graph:
    kept = rdflib.Graph()
    for triple in graph:
        if triple[1] != SH.resultMessage:
            kept.add(triple)
    return kept
