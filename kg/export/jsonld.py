"""JSON-LD with readable keys: the whole graph compacted, and one framed tree per project.

    context = load_context()                     the @context of ontology/context.jsonld
    compacted_document(triples, context)         -> {"@context": ..., "@graph": [node, ...]}
    framed_document(triples, context)            -> {"@context": ..., "@graph": [project tree]}
    dump_document(document)                      -> the UTF-8 bytes written to a release
    write_compacted(triples, context, stream)    the first, written as it is made
    write_framed(triples, context, stream)       the second, written as it is made
    write_documents(union, context, whole, framed)  both, from a sorted N-Triples file, to files

The documents are written here from the triples, not by a JSON-LD processor: compacting a
large graph with pyld is far slower (benchmarks/RESULTS.md). What makes that safe is that
expansion is simple: each key is a term of the context whose definition fits every value under
it (`@id` for IRIs, `@container: @language` for texts, a datatype, plain strings), or else the
predicate's compact IRI with explicit value objects. The tests expand both documents with pyld
(the context from the package, nothing fetched) and compare the triples with the store's.

The context travels inside each document, so a reader needs nothing from the network.
"""

from __future__ import annotations

import io
import json
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import IO, Any

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple, parse

from kg.atomic import atomic_write
from kg.errors import InputError, ResourceMissing
from kg.resources import folder
from kg.store.sort import triple_order
from kg.vocab import KG, RDF, XSD

CONTEXT_FILE = "context.jsonld"
MAX_DEPTH = 6  # how deep a project's tree embeds the nodes it links to

Json = dict[str, Any]
_TYPE, _PROJECT, _STRING = RDF.type, KG.Project, XSD.string  # kg.vocab finds terms by name: slow
_Subject = NamedNode | BlankNode
_IN_LANGUAGE_MAP, _PLAIN, _EXPLICIT = "in language map", "plain", "explicit"  # Compactor._rule


def load_context() -> Json:
    """Return the @context object of the published context, `ontology/context.jsonld`."""
    entry = folder("ontology").joinpath(CONTEXT_FILE)
    try:
        document = json.loads(entry.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ResourceMissing(f"cannot read the JSON-LD context ({exc})", where=str(entry)) from exc
    context = document.get("@context") if isinstance(document, dict) else None
    if not isinstance(context, dict):
        raise ResourceMissing("the JSON-LD context has no @context object", where=str(entry))
    return context


@dataclass(frozen=True)
class _Term:
    name: str
    kind: str  # "id", "language", "string" or a datatype IRI


class Compactor:
    """Turns triples into JSON-LD node objects under one context."""

    def __init__(self, context: Mapping[str, Any]) -> None:
        self.context = dict(context)
        self.prefixes = {
            name: value
            for name, value in context.items()
            if isinstance(value, str) and not name.startswith("@") and value.endswith(("#", "/"))
        }
        self.terms: dict[str, _Term] = {}
        self._compacted: dict[str, str] = {}  # the same IRIs come back thousands of times
        self._rules: dict[tuple[str, str], tuple[str, str]] = {}  # by predicate and value kind
        for name, definition in context.items():
            if isinstance(definition, dict) and "@id" in definition:
                predicate = self.expand(definition["@id"])
                self.terms[predicate] = _Term(name, _kind(definition, self))

    def expand(self, compact: str) -> str:
        """Return the IRI a compact IRI (`kg:Project`) of the context stands for."""
        prefix, _, local = compact.partition(":")
        return self.prefixes[prefix] + local if prefix in self.prefixes else compact

    def compact(self, iri: str) -> str:
        """Return `iri` as a compact IRI when a prefix of the context covers it, else whole."""
        compacted = self._compacted.get(iri)
        if compacted is None:
            compacted = self._compacted[iri] = self._compact(iri)
        return compacted

    def _compact(self, iri: str) -> str:
        best = ""
        for name, namespace in self.prefixes.items():
            if iri.startswith(namespace) and len(namespace) > len(self.prefixes.get(best, "")):
                best = name
        if not best:
            return iri
        local = iri[len(self.prefixes[best]) :]
        return f"{best}:{local}" if local and not local.startswith("//") else iri

    def node(
        self, subject: _Subject, triples: Iterable[Triple], embed: _Embed | None = None
    ) -> Json:
        """Return the node object of `subject` with `triples` (all of them about it)."""
        node: Json = {"id": self._reference(subject)}
        types: list[str] = []
        by_key: dict[str, list[Any]] = {}
        languages: dict[str, dict[str, list[str]]] = {}
        rules = self._rules
        for _, predicate, obj in triples:
            language = None
            if type(obj) is Literal:
                language = obj.language
                kind = "language" if language else obj.datatype.value
            elif predicate == _TYPE and type(obj) is NamedNode:
                types.append(self.compact(obj.value))
                continue
            else:
                kind = "id"
            iri = predicate.value
            rule = rules.get((iri, kind))
            if rule is None:
                rule = rules[iri, kind] = self._rule(iri, kind)
            key, how = rule
            if how == _IN_LANGUAGE_MAP:
                texts = languages.setdefault(key, {}).setdefault(language or "@none", [])
                texts.append(obj.value)
            elif how == _PLAIN:
                by_key.setdefault(key, []).append(self._plain(obj, embed))
            else:
                by_key.setdefault(key, []).append(self._explicit(obj, embed))
        if types:
            node["type"] = types[0] if len(types) == 1 else types
        for key, values in languages.items():
            by_key.setdefault(key, []).append(
                {lang: _one_or_list(texts) for lang, texts in values.items()}
            )
        for key in sorted(by_key):
            node[key] = _one_or_list(by_key[key])
        return node

    def _rule(self, predicate: str, kind: str) -> tuple[str, str]:
        """Return the key of a value of `kind` under `predicate`, and how the value is written.

        A term of the context takes the values its definition fits: texts into its language
        map, the rest plain; any other value is written explicitly under the compact IRI.
        """
        term = self.terms.get(predicate)
        if term is not None and term.kind == "language" and kind in ("language", _STRING.value):
            return term.name, _IN_LANGUAGE_MAP
        if term is not None and term.kind == kind:
            return term.name, _PLAIN
        return self.compact(predicate), _EXPLICIT

    def _reference(self, node: _Subject) -> str:
        return f"_:{node.value}" if isinstance(node, BlankNode) else self.compact(node.value)

    def _plain(self, obj: object, embed: _Embed | None) -> Any:
        if isinstance(obj, NamedNode | BlankNode):
            embedded = embed(obj) if embed else None
            return embedded if embedded is not None else self._reference(obj)
        assert isinstance(obj, Literal)
        return obj.value

    def _explicit(self, obj: object, embed: _Embed | None) -> Any:
        if isinstance(obj, NamedNode | BlankNode):
            embedded = embed(obj) if embed else None
            return embedded if embedded is not None else {"id": self._reference(obj)}
        assert isinstance(obj, Literal)
        if obj.language:
            return {"@value": obj.value, "@language": obj.language}
        if obj.datatype == _STRING:
            return obj.value
        return {"@value": obj.value, "@type": self.compact(obj.datatype.value)}


class _Embed:
    """Gives the tree of a node a project links to, or None to leave a reference.

    One per document: a subtree that recurs (the library, funder, programme and call many
    projects share) is built twice, then reused where it would come out the same. What it
    would embed depends on the path down to it only through its depth and through the nodes on
    that path (never embedded again), so a subtree is reused at the same depth when none of its
    nodes is on the new path and it refused no node for being on the path above it.
    """

    def __init__(
        self,
        compactor: Compactor,
        index: Mapping[_Subject, list[Triple]],
        projects: Collection[_Subject],
    ) -> None:
        self.compactor = compactor
        self.index = index
        self.projects = projects
        self.path: list[_Subject] = []
        self._frames: list[_Frame] = []
        self._built: dict[tuple[_Subject, int], _Built | None] = {}  # None: built once

    def __call__(self, node: NamedNode | BlankNode) -> Json | None:
        key = (node, len(self.path))
        built = self._built.get(key)
        if built is not None and built.nodes.isdisjoint(self.path):
            self._frames[-1].nodes |= built.nodes
            return built.tree
        if node not in self.index:
            return None
        if isinstance(node, NamedNode) and self.compactor.compact(node.value) != node.value:
            return None  # a term of a vocabulary (a class, an amount type), not an entity
        if node in self.projects:
            return None  # another project: its own tree
        if node in self.path:
            self._frames[-1].above = min(self._frames[-1].above, self.path.index(node))
            return None
        if len(self.path) >= MAX_DEPTH:
            return None
        tree, frame = self._tree(node, self.index[node])
        if frame.above >= len(self.path):  # refused nothing above it: the same tree elsewhere
            self._built[key] = _Built(tree, frozenset(frame.nodes)) if key in self._built else None
        return tree

    def tree(self, node: _Subject) -> Json:
        return self.tree_of(node, self.index[node])

    def tree_of(self, node: _Subject, about: list[Triple]) -> Json:
        return self._tree(node, about)[0]

    def _tree(self, node: _Subject, about: list[Triple]) -> tuple[Json, _Frame]:
        frame = _Frame(nodes={node}, above=len(self.path))
        self.path.append(node)
        self._frames.append(frame)
        try:
            tree = self.compactor.node(node, about, self)
        finally:
            self.path.pop()
            self._frames.pop()
        if self._frames:  # what the parent's tree now holds and depends on
            parent = self._frames[-1]
            parent.nodes |= frame.nodes
            parent.above = min(parent.above, frame.above)
        return tree, frame


@dataclass
class _Frame:
    """A tree being built: the nodes it embeds, and the highest path position it refused."""

    nodes: set[_Subject]
    above: int  # the tree's own position on the path when it refused nothing above it


@dataclass(frozen=True)
class _Built:
    tree: Json
    nodes: frozenset[_Subject]


def _index(triples: Iterable[Triple]) -> dict[_Subject, list[Triple]]:
    index: dict[_Subject, list[Triple]] = defaultdict(list)
    for triple in sorted(triples, key=triple_order):
        index[_subject(triple)].append(triple)
    return index


def compacted_document(triples: Iterable[Triple], context: Mapping[str, Any]) -> Json:
    """Return the whole graph as one compacted JSON-LD document, nodes sorted by IRI."""
    compactor = Compactor(context)
    index = _index(triples)
    return {
        "@context": dict(context),
        "@graph": [compactor.node(subject, about) for subject, about in index.items()],
    }


def framed_document(triples: Iterable[Triple], context: Mapping[str, Any]) -> Json:
    """Return one tree per project: its library, programme, grant, amounts, partners nested.

    Each node a project links to is embedded where it is linked (a library shared by many
    projects appears in each of their trees), down to MAX_DEPTH; a node already on the way
    down (the grant's `fundedItem` back to its project), another project or a vocabulary term
    stays a reference.
    """
    compactor = Compactor(context)
    index = _index(triples)
    projects = [subject for subject, about in index.items() if _is_project(about)]
    embed = _Embed(compactor, index, set(projects))
    trees = [embed.tree(subject) for subject in projects]
    return {"@context": dict(context), "@graph": trees}


def write_compacted(
    triples: Callable[[], Iterable[Triple]], context: Json, stream: IO[bytes]
) -> None:
    """Write what `compacted_document` gives, node by node, as `dump_document` would write it.

    `triples()` gives the graph in `kg.store.sort.triple_order` (a Snapshot's union): a
    subject's triples come together, so no more than one node is held at a time.
    """
    _write_document(_compacted_nodes(triples(), Compactor(context)), context, stream)


def write_framed(triples: Callable[[], Iterable[Triple]], context: Json, stream: IO[bytes]) -> None:
    """Write what `framed_document` gives, tree by tree, as `dump_document` would write it.

    `triples()` gives the graph in `kg.store.sort.triple_order`, and is read twice: first for
    the nodes a tree may embed (everything but the projects, which are never embedded), then for
    the projects, each tree made as its project's triples come by.
    """
    embeddable = _Embeddable()
    for subject, group in groupby(triples(), key=_subject):
        about = list(group)
        embeddable.add(subject, about, _is_project(about))
    _write_document(_trees(triples(), Compactor(context), embeddable), context, stream)


def write_documents(union: Path, context: Json, whole: Path, framed: Path) -> None:
    """Write the compacted document to `whole` and the framed one to `framed`, each whole or not.

    `union` is a graph in N-Triples, sorted in `kg.store.sort.triple_order` (a Snapshot's union
    file), read twice: the compacted nodes are written as the first reading gathers what the
    trees may embed. Paths and plain data only, so that a worker process can do it
    (`kg.export.formats.write_formats`).
    """
    if not union.is_file():  # found here, it is not mistaken for a file that cannot be written
        raise InputError(
            "cannot read the graph to write as JSON-LD (no such file)", where=str(union)
        )

    def triples() -> Iterable[Triple]:
        return (quad.triple for quad in parse(path=union, format=RdfFormat.N_TRIPLES))

    compactor = Compactor(context)
    embeddable = _Embeddable()
    with atomic_write(whole, binary=True) as stream:
        _write_document(_compacted_nodes(triples(), compactor, embeddable), context, stream)
    with atomic_write(framed, binary=True) as stream:
        _write_document(_trees(triples(), compactor, embeddable), context, stream)


@dataclass
class _Embeddable:
    """What a first reading of the graph gathers for the trees: every node but the projects."""

    index: dict[_Subject, list[Triple]] = field(default_factory=dict)
    projects: set[_Subject] = field(default_factory=set)

    def add(self, subject: _Subject, about: list[Triple], project: bool) -> None:
        """Take in a subject and all its triples."""
        if project:
            self.projects.add(subject)
        else:
            self.index[subject] = about


def _compacted_nodes(
    triples: Iterable[Triple], compactor: Compactor, embeddable: _Embeddable | None = None
) -> Iterator[Json]:
    """Yield the node object of each subject of the sorted `triples`.

    `embeddable`, when given, takes in each subject on the way.
    """
    project = compactor.compact(_PROJECT.value)
    for subject, group in groupby(triples, key=_subject):
        about = list(group)
        node = compactor.node(subject, about)
        if embeddable is not None:  # the node's types tell a project faster than its triples
            types = node.get("type")
            embeddable.add(
                subject, about, project in types if isinstance(types, list) else project == types
            )
        yield node


def _trees(
    triples: Iterable[Triple], compactor: Compactor, embeddable: _Embeddable
) -> Iterator[Json]:
    """Yield the tree of each project of the sorted `triples`, in their order."""
    embed = _Embed(compactor, embeddable.index, embeddable.projects)
    for subject, about in groupby(triples, key=_subject):
        if subject in embeddable.projects:
            yield embed.tree_of(subject, list(about))


def _subject(triple: Triple) -> _Subject:
    subject = triple.subject
    assert not isinstance(subject, Triple)  # the graphs hold no RDF-star
    return subject


# A document's nodes are written one to a line, by json's C encoder: the indented encoder is
# Python, and slower than making the nodes.
_ONE_LINE = json.JSONEncoder(ensure_ascii=False)


def _write_document(nodes: Iterable[Json], context: Json, stream: IO[bytes]) -> None:
    """Write {"@context": context, "@graph": [nodes]} as `dump_document` lays it out."""
    marker = "\u0000"
    whole = dump({"@context": dict(context), "@graph": [marker]}).decode("utf-8")
    head, tail = whole.split(json.dumps(marker), 1)
    first = True
    for node in nodes:
        stream.write(((head if first else ",\n  ") + _ONE_LINE.encode(node)).encode("utf-8"))
        first = False
    if first:
        stream.write(dump({"@context": dict(context), "@graph": []}))
    else:
        stream.write(tail.encode("utf-8"))


def dump_document(document: Json) -> bytes:
    """Return a document of `@context` and `@graph` as UTF-8 JSON, a node to a line.

    The context is indented as `dump` indents; each node of the graph is one line, as in the
    JSON dumps of Wikidata: a reader can take the nodes a line at a time, and a diff between
    two releases names the nodes that changed.
    """
    stream = io.BytesIO()
    _write_document(document["@graph"], document["@context"], stream)
    return stream.getvalue()


def dump(document: Json) -> bytes:
    """Return the document as UTF-8 JSON, indented, keys in the order they were built."""
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _kind(definition: Mapping[str, Any], compactor: Compactor) -> str:
    if definition.get("@container") == "@language":
        return "language"
    declared = definition.get("@type")
    if declared == "@id":
        return "id"
    if isinstance(declared, str):
        return compactor.expand(declared)
    return XSD.string.value


def _is_project(about: Iterable[Triple]) -> bool:
    return any(predicate == _TYPE and obj == _PROJECT for _, predicate, obj in about)


def _one_or_list(values: list[Any]) -> Any:
    return values[0] if len(values) == 1 else values
