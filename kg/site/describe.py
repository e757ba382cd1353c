"""What has a page, and what each page's RDF holds: shared by the site and the server.

    things = Things.of(store, base)          every thing of the open union, found once
    things.kind(iri)                         "project", "library", ... or None: not a thing
    things.owner(iri)                        the thing an IRI is, or is a part of
    triples = description(store, things, thing)   the thing's triples and its parts'
    serialize_description(triples, "ttl")    the bytes of its Turtle, JSON-LD or N-Triples

A thing is an IRI under the build's base typed with one of the classes of `KINDS` (a partner
kind: a SKOS concept or concept scheme under the base). Every other subject under the base is
a part of the thing whose IRI is the longest proper prefix of its own followed by "/"
(`project/x/grant` of `project/x`); a blank node belongs to the subject that refers to it.
`store` is the open union (`kg.export.release.open_graph`), in the default graph.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from typing import Any

from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    QuerySolutions,
    RdfFormat,
    Store,
    Triple,
    serialize,
)

from kg.export.jsonld import Compactor, load_context
from kg.store.sort import triple_order
from kg.vocab import KG, PREFIXES, RDF, SKOS

# A class -> the kind of page of what it types; the first kind found in this order wins (a
# legal body is also a kg:Organisation, a funder a kg:Organisation too).
KINDS: tuple[tuple[NamedNode, str], ...] = (
    (KG.Project, "project"),
    (KG.Library, "library"),
    (KG.LegalBody, "legal-body"),
    (KG.FundingProgramme, "programme"),
    (KG.FundingCall, "call"),
    (KG.SourceRecord, "record"),
    (KG.Organisation, "organisation"),
    (SKOS.Concept, "partner-kind"),
    (SKOS.ConceptScheme, "partner-kind"),
)
FORMATS = ("ttl", "jsonld", "nt")  # what serialize_description writes
_SUBJECTS = "SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), ?base)) }"


class Things:
    """The things of a graph, their kinds, and the parts of each."""

    def __init__(
        self, base: str, kinds: dict[NamedNode, str], parts: dict[NamedNode, list[NamedNode]]
    ) -> None:
        self.base = base
        self._kinds = kinds
        self._parts = parts
        self._sorted = sorted(kinds, key=lambda iri: iri.value)

    @classmethod
    def of(cls, store: Store, base: str) -> Things:
        """Find the things of the default graph of `store` under `base`, and their parts."""
        kinds: dict[NamedNode, str] = {}
        for cls_iri, kind in KINDS:  # in order: a subject keeps the first kind found
            for quad in store.quads_for_pattern(None, RDF.type, cls_iri, DefaultGraph()):
                subject = quad.subject
                if isinstance(subject, NamedNode) and subject.value.startswith(base):
                    kinds.setdefault(subject, kind)
        parts: dict[NamedNode, list[NamedNode]] = defaultdict(list)
        solutions = store.query(_SUBJECTS.replace("?base", json.dumps(base)))
        assert isinstance(solutions, QuerySolutions)  # a SELECT
        for solution in solutions:
            subject = solution[0]
            if isinstance(subject, NamedNode) and subject not in kinds:
                owner = _owner_by_prefix(subject.value, kinds, base)
                if owner is not None:
                    parts[owner].append(subject)
        for found in parts.values():
            found.sort(key=lambda iri: iri.value)
        return cls(base, kinds, dict(parts))

    def kind(self, iri: NamedNode) -> str | None:
        """Return the kind of page of `iri` ("project", "library", ...); None: not a thing."""
        return self._kinds.get(iri)

    def owner(self, iri: NamedNode) -> NamedNode | None:
        """Return the thing `iri` is or is a part of; None: neither."""
        if iri in self._kinds:
            return iri
        return _owner_by_prefix(iri.value, self._kinds, self.base)

    def parts(self, thing: NamedNode) -> list[NamedNode]:
        """Return the IRIs of the parts of `thing` that are subjects of the graph, sorted."""
        return self._parts.get(thing, [])

    def __iter__(self) -> Iterator[NamedNode]:
        """Yield every thing, sorted by IRI."""
        return iter(self._sorted)

    def __len__(self) -> int:
        return len(self._sorted)

    def __contains__(self, iri: object) -> bool:
        return iri in self._kinds


def _owner_by_prefix(iri: str, kinds: dict[NamedNode, str], base: str) -> NamedNode | None:
    """Return the thing whose IRI is the longest proper prefix of `iri` followed by "/"."""
    if not iri.startswith(base):
        return None
    end = len(iri)
    while True:
        end = iri.rfind("/", len(base), end)
        if end < 0:
            return None
        candidate = NamedNode(iri[:end])
        if candidate in kinds:
            return candidate


def description(store: Store, things: Things, thing: NamedNode) -> list[Triple]:
    """Return the triples of `thing` and of its parts, with their blank nodes', sorted.

    The order is `kg.store.sort.triple_order`; what the thing's alternates hold. A blank
    node is taken in with the subject that refers to it (and the blank nodes it refers to).
    """
    triples: list[Triple] = []
    pending: list[NamedNode | BlankNode] = [thing, *things.parts(thing)]
    seen: set[NamedNode | BlankNode] = set(pending)
    graph = DefaultGraph()
    while pending:
        subject = pending.pop()
        for quad in store.quads_for_pattern(subject, None, None, graph):
            triple = quad.triple
            triples.append(triple)
            obj = triple.object
            if isinstance(obj, BlankNode) and obj not in seen:
                seen.add(obj)
                pending.append(obj)
    triples.sort(key=triple_order)
    return triples


def serialize_description(triples: list[Triple], fmt: str) -> bytes:
    """Return `triples` as Turtle ("ttl"), JSON-LD ("jsonld") or N-Triples ("nt") bytes.

    The same triples give the same bytes. Turtle binds the project's prefixes that the triples
    use; JSON-LD is compacted with the release's context (`kg.export.jsonld`), carried in the
    document with the terms it uses, so a reader needs nothing from the network.
    """
    return serialize_sorted(sorted(triples, key=triple_order), fmt)


def serialize_sorted(ordered: list[Triple], fmt: str) -> bytes:
    """Return `serialize_description` of triples already in `triple_order` (not sorted again)."""
    if fmt == "nt":
        return serialize(ordered, format=RdfFormat.N_TRIPLES) or b""
    if fmt == "ttl":
        prefixes = _used_prefixes(ordered)
        return serialize(ordered, format=RdfFormat.TURTLE, prefixes=prefixes) or b""
    if fmt == "jsonld":
        return _jsonld_bytes(ordered)
    raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")


def _used_prefixes(triples: Iterable[Triple]) -> dict[str, str]:
    """Return the entries of PREFIXES whose namespace an IRI of `triples` lies in."""
    iris: set[str] = set()
    for triple in triples:
        for term in triple:
            if isinstance(term, NamedNode):
                iris.add(term.value)
            elif isinstance(term, Literal):
                iris.add(term.datatype.value)
    namespaces = {iri.rsplit("#", 1)[0] + "#" for iri in iris if "#" in iri}
    namespaces |= {iri.rsplit("/", 1)[0] + "/" for iri in iris}
    return {prefix: iri for prefix, iri in PREFIXES.items() if iri in namespaces}


@cache
def _compactor() -> Compactor:
    """Return the compactor of the release's context (made once: it is slow to make)."""
    return Compactor(load_context())


def _jsonld_nodes(triples: list[Triple]) -> list[dict[str, Any]]:
    """Return the node objects of sorted `triples`, compacted with the release's context."""
    compactor = _compactor()
    nodes = []
    group: list[Triple] = []
    for triple in triples:
        if group and group[0].subject != triple.subject:
            nodes.append(compactor.node(_subject(group[0]), group))
            group = []
        group.append(triple)
    if group:
        nodes.append(compactor.node(_subject(group[0]), group))
    return nodes


def _jsonld_bytes(triples: list[Triple]) -> bytes:
    """Return the JSON-LD document of sorted `triples`: its context cut to the terms it uses.

    Laid out as the release's documents are (kg.export.jsonld.dump_document): the context
    indented, a node to a line.
    """
    nodes = _jsonld_nodes(triples)
    head = _context_text(frozenset(key for node in nodes for key in node))
    lines = ",\n  ".join(_ONE_LINE.encode(node) for node in nodes)
    graph = f"[\n  {lines}\n ]" if nodes else "[]"
    return f'{head},\n "@graph": {graph}\n}}\n'.encode()


_ONE_LINE = json.JSONEncoder(ensure_ascii=False)


@lru_cache(maxsize=256)
def _context_text(used: frozenset[str]) -> str:
    """Return `{"@context": ...` of the terms `used`, indented (the same few sets recur)."""
    context = _compactor().context
    kept = {
        name: definition
        for name, definition in context.items()
        if not isinstance(definition, dict) or name in used
    }
    whole = json.dumps({"@context": kept}, ensure_ascii=False, indent=1)
    return whole[: whole.rindex("}")].rstrip()


def _subject(triple: Triple) -> NamedNode | BlankNode:
    subject = triple.subject
    assert isinstance(subject, NamedNode | BlankNode)  # the graphs hold no RDF-star
    return subject
