"""Where a validation result's focus node is, for a reader, read from the store.

    Places(store).describe(focus)               -> (label, records, Place)
    Places(store).preferred(focus, path, value) -> the consolidated graph's other value, or None
    Places(store).source(record_file)           -> RecordSource: its SHA-256 and parse warnings
    kept_as_written(store)                      -> (KeptValue): each value the parser kept as
                                                   written (kg:RawValue), by record and field

Only the few nodes with results are read. A Place names a node as people know it and the
library or project it belongs to (a legal body: the libraries that are its units; a source
record: its project; an application or an address: the project or library above it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad

from kg.store.graph_store import GraphStore
from kg.validation.engine.paths import PropertyPath
from kg.validation.engine.terms import Term, text
from kg.vocab import DCT, KG, ORG, PROV, RDF, SCHEMA, SKOS

OWNER_KINDS = {KG.Library.value: "library", KG.Project.value: "project"}
_WARNING = re.compile(r"(?s)line (\d+): (.*)")


@dataclass(frozen=True)
class Owner:
    """The library or project a node belongs to: its kind ("library", "project") and name."""

    kind: str
    name: str


@dataclass(frozen=True)
class Place:
    """How people know a focus node: its name, what it belongs to, whether it is a record."""

    name: str  # its own name, else the name of the library or project it belongs to
    owner: Owner | None = None  # the library or project it belongs to, when not itself
    is_record: bool = False  # a source record itself: the record file is where it is


@dataclass(frozen=True)
class RecordSource:
    """What the graph keeps of a record file: its SHA-256 and its parse warnings with lines."""

    sha256: str | None = None
    warnings: tuple[tuple[int, str], ...] = ()  # (line, message)


@dataclass(frozen=True)
class KeptValue:
    """A value a record's parser kept as written: its record file, field path and text.

    `line` is the line a parse warning about the field names (None without one); `sha256`
    is the graph's SHA-256 of the record file, to read its lines only from the same file.
    """

    record: str
    field: str
    text: str
    line: int | None = None
    sha256: str | None = None


def kept_as_written(store: GraphStore) -> tuple[KeptValue, ...]:
    """Return the values the records' graphs keep as written, by record file and field path.

    Each source record's `kg:rawValue` nodes give the field (`kg:fieldPath`) and the text
    (`kg:originalText`); the record's own graph holds them, read once here for the report.
    """
    oxigraph = store.oxigraph
    kept = set()
    for link in oxigraph.quads_for_pattern(None, KG.rawValue, None, None):
        graph = link.graph_name
        if isinstance(graph, DefaultGraph) or not isinstance(link.object, NamedNode):
            continue
        record_facts = _literals(store, link.subject, graph)
        value_facts = _literals(store, link.object, graph)
        record = record_facts.get(KG.sourceFile.value, [None])[0]
        field = value_facts.get(KG.fieldPath.value, [None])[0]
        text = value_facts.get(KG.originalText.value, [None])[0]
        if record is None or field is None or text is None:
            continue
        lines = [
            int(match.group(1))
            for warning in record_facts.get(KG.parseWarning.value, [])
            if (match := _WARNING.fullmatch(warning)) and match.group(2).startswith(f"{field}: ")
        ]
        sha256 = record_facts.get(KG.sha256.value, [None])[0]
        kept.add(KeptValue(record, field, text, min(lines, default=None), sha256))
    return tuple(sorted(kept, key=lambda value: (value.record, value.field, value.text)))


def _literals(store: GraphStore, node: object, graph: object) -> dict[str, list[str]]:
    """Return the literal values of `node` in `graph`, by the IRI of their property."""
    found: dict[str, list[str]] = {}
    # `node` and `graph` are terms of the store: the callers pass what they read from it.
    for quad in store.oxigraph.quads_for_pattern(node, None, None, graph):  # type: ignore[arg-type]  # see above
        if isinstance(quad.object, Literal):
            found.setdefault(quad.predicate.value, []).append(quad.object.value)
    return found


class Places:
    """Where focus nodes are described, read from the store for the few nodes with results."""

    def __init__(self, store: GraphStore) -> None:
        self._graphs = store
        self._store = store.oxigraph
        self._source_files: dict[str, str | None] = {}  # record graph -> file
        self._record_nodes: dict[str, tuple[str, NamedNode]] = {}  # file -> (graph, node)
        self._labels: dict[str, str | None] = {}  # of the nodes a part is labelled by
        self._consolidated: NamedNode | bool | None = False  # False: not looked up yet

    def describe(self, focus: Term) -> tuple[str, tuple[str, ...], Place]:
        """Return a label of `focus`, the source files of the records describing it, its Place.

        The label is its title or name, or, for a part without a name of its own (an
        application, an amount), what it is part of (the project's title) and the rest of its
        IRI: "Lukuinto › application". The node's quads are read once for all three. A blank
        node or a literal is labelled by itself.
        """
        if not isinstance(focus, NamedNode):
            return text(focus), (), Place(text(focus), None, is_record=False)
        about = list(self._named(focus))
        # _named() yields quads of named graphs only, never of the default graph.
        graphs = {quad.graph_name.value for quad in about}  # type: ignore[union-attr]  # see above
        files = (self._source_file(graph) for graph in graphs)
        records = tuple(sorted(file for file in files if file is not None))
        own = _own_label(about)
        label = own if own is not None else self._part_label(focus.value)
        types = _types(about)
        owner, is_part = None, False
        if not types & OWNER_KINDS.keys():
            owner, is_part = self._owner(focus.value, focus, types)
        # A part (an application, an address) is known by the name of what it is part of.
        name = own if own is not None else owner.name if is_part and owner else label
        return label, records, Place(name, owner, is_record=KG.SourceRecord.value in types)

    def preferred(self, focus: Term, path: PropertyPath | None, value: Term) -> str | None:
        """Return the value of `path` the consolidated graph gives the thing `focus` is, if another.

        A node merged into another (a business ID that fails its check digit, merged into
        the library's valid one) is read through `kg:mergedInto`. None when the consolidated
        graph gives no value, several, or `value` itself; or when `path` is not one property.
        """
        graph = self._consolidated_graph()
        if graph is None or not isinstance(focus, NamedNode) or not isinstance(path, NamedNode):
            return None
        targets = [
            quad.object
            for quad in self._store.quads_for_pattern(focus, KG.mergedInto, None, graph)
            if isinstance(quad.object, NamedNode)
        ] or [focus]
        values = {
            quad.object.value
            for target in targets
            for quad in self._store.quads_for_pattern(target, path, None, graph)
            if isinstance(quad.object, Literal)
        }
        if len(values) != 1:
            return None
        (found,) = values
        return found if found != text(value) else None

    def source(self, record_file: str) -> RecordSource:
        """Return what the graph keeps of the record file `record_file` (described before)."""
        if record_file not in self._record_nodes:
            return RecordSource()
        graph, node = self._record_nodes[record_file]
        sha256 = None
        warnings = []
        for quad in self._store.quads_for_pattern(node, None, None, NamedNode(graph)):
            if not isinstance(quad.object, Literal):
                continue
            if quad.predicate == KG.sha256:
                sha256 = quad.object.value
            elif quad.predicate == KG.parseWarning:
                match = _WARNING.fullmatch(quad.object.value)
                if match:
                    warnings.append((int(match.group(1)), match.group(2)))
        return RecordSource(sha256, tuple(sorted(warnings)))

    def _owner(
        self, focus: str, node: NamedNode | None, types: set[str]
    ) -> tuple[Owner | None, bool]:
        """Return the library or project `focus` belongs to, and whether it is a part of it.

        A source record belongs to its project, a legal body to the libraries that are its
        units, and a part (its IRI under theirs) to the project or library above it.
        """
        if node is not None and KG.SourceRecord.value in types:
            projects = self._subjects(PROV.wasDerivedFrom, node, KG.Project)
            return self._named_owner("project", projects), False
        if node is not None:
            libraries = self._subjects(ORG.unitOf, node, KG.Library)
            if libraries:
                return self._named_owner("library", libraries), False
        parent = focus.rstrip("/")
        for _ in range(3):
            parent = parent.rpartition("/")[0]
            parent_node = _node(parent)
            if parent_node is None:
                break
            kinds = _types(self._named(parent_node)) & OWNER_KINDS.keys()
            if kinds:
                return self._named_owner(OWNER_KINDS[min(kinds)], [parent_node]), True
        return None, False

    def _subjects(self, predicate: NamedNode, target: NamedNode, cls: NamedNode) -> list[NamedNode]:
        """Return the nodes of class `cls` that say `predicate` `target` in a named graph."""
        found = set()
        for quad in self._store.quads_for_pattern(None, predicate, target, None):
            subject = quad.subject
            if isinstance(quad.graph_name, DefaultGraph) or not isinstance(subject, NamedNode):
                continue
            if any(True for _ in self._store.quads_for_pattern(subject, RDF.type, cls, None)):
                found.add(subject)
        return sorted(found, key=lambda node: node.value)

    def _named_owner(self, kind: str, nodes: Iterable[NamedNode]) -> Owner | None:
        names = sorted({name for node in nodes if (name := self._label_of(node.value))})
        return Owner(kind, ", ".join(names)) if names else None

    def _part_label(self, focus: str) -> str:
        parent, _, tail = focus.rstrip("/").rpartition("/")
        for _ in range(3):
            parent_label = self._label_of(parent)
            if parent_label is not None:
                return f"{parent_label} › {focus[len(parent) + 1 :]}"
            parent = parent.rpartition("/")[0]
        return tail

    def _label_of(self, focus: str) -> str | None:
        if focus not in self._labels:
            node = _node(focus)
            self._labels[focus] = _own_label(self._named(node)) if node is not None else None
        return self._labels[focus]

    def _named(self, node: NamedNode) -> Iterator[Quad]:
        for quad in self._store.quads_for_pattern(node, None, None, None):
            if not isinstance(quad.graph_name, DefaultGraph):
                yield quad

    def _source_file(self, graph: str) -> str | None:
        """Return the file of the record whose graph `graph` is; None for other graphs."""
        if graph not in self._source_files:
            found = None
            for quad in self._store.quads_for_pattern(None, KG.sourceFile, None, NamedNode(graph)):
                if isinstance(quad.object, Literal) and isinstance(quad.subject, NamedNode):
                    found = quad.object.value
                    self._record_nodes.setdefault(found, (graph, quad.subject))
            self._source_files[graph] = found
        return self._source_files[graph]

    def _consolidated_graph(self) -> NamedNode | None:
        if self._consolidated is False:
            self._consolidated = self._graphs.consolidated_graph()
        return self._consolidated if isinstance(self._consolidated, NamedNode) else None


def _types(about: Iterable[Quad]) -> set[str]:
    """Return the IRIs of the classes the quads `about` give their subject."""
    return {
        quad.object.value
        for quad in about
        if quad.predicate == RDF.type and isinstance(quad.object, NamedNode)
    }


def _own_label(about: Iterable[Quad]) -> str | None:
    """Return the node's own title, name or label among its quads `about` (Finnish first)."""
    literals = [quad for quad in about if isinstance(quad.object, Literal)]
    for predicate in (DCT.title, SCHEMA.name, SKOS.prefLabel, KG.sourceFile, KG.fieldPath):
        candidates = [quad.object for quad in literals if quad.predicate == predicate]
        if candidates:
            return min(
                candidates,
                # Literals only: `literals` holds the quads whose object is a Literal.
                key=lambda literal: (literal.language != "fi", literal.value),  # type: ignore[union-attr]  # see above
            ).value
    return None


def _node(prefix: str) -> NamedNode | None:
    """Return the IRI node of a focus IRI cut down to a parent; None once it is no IRI."""
    return NamedNode(prefix) if "://" in prefix and " " not in prefix else None
