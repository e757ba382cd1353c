"""Graph -> SHACL results: the shapes of `shapes/` run by pyshacl over the store.

    load_shapes(groups)                       -> the shapes of `core`, `quality`, `info`,
                                                 `consolidated`
    validate_store(store, groups, engine=...) -> Report (results; labels, records, places)
    report_triples(report)                    -> the standard SHACL report graph
    load_rdf_files(paths)                     -> a GraphStore of RDF files to validate
    read_rdf_files(paths)                     -> their quads, as the files write them
    load_shape_paths(paths)                   -> a user's own shapes files, as one graph

The `consolidated` group checks the consolidated graph alone; the others check the view (the
default graph) with the records' own statements of the things it describes once
(`view_triples`, `merged_triples`). Two engines give the same results (tests compare them):
"fast" (the default), `kg.validation.engine`, which checks every focus node of a shape at once on an
index of that data, and
"pyshacl", the reference. A shape the fast engine cannot run exactly is refused
(UnsupportedShapeError): pyshacl runs only when asked for. It runs on the whole union graph
at once, or on each record's
named graph together with every node it reaches (the shared library, legal body,
programme...), in batches: a focus node is validated with all that the graph says of it
either way. The ontology is never part of the data: only the store's graphs are validated,
without inference. The report is rendered for people by `kg.validation.report`.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyshacl
import rdflib
from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, RdfFormat, parse
from pyoxigraph import Triple as OxTriple

from kg import resources
from kg.errors import InputError, RequestError
from kg.store.graph_store import GraphStore
from kg.validation import engine as shacl
from kg.validation.choices import CONSOLIDATED, ENGINES, SHAPE_GROUPS
from kg.validation.engine.paths import PropertyPath, describe, path_triples, read_path
from kg.validation.engine.terms import (
    AnyTerm,
    Term,
    from_rdflib,
    severity_iri,
    severity_name,
    sh,
    text,
    to_rdflib,
)
from kg.validation.places import Place, Places, RecordSource
from kg.validation.prepared import PreparedQueryGraph
from kg.vocab import RDF, SH, XSD

SEVERITIES = ("Violation", "Warning", "Info")
BATCH_SIZE = 200  # records per pyshacl run on the per-record path


@dataclass(frozen=True)
class Result:
    """One SHACL validation result, its nodes as RDF terms, with the shape's messages.

    `messages` holds every message the shape gives, as (language, text).
    """

    severity: str  # "Violation", "Warning", "Info", or another severity's IRI
    source_shape: NamedNode | BlankNode
    focus: Term
    path: PropertyPath | None
    value: Term | None
    component: NamedNode
    messages: tuple[tuple[str, str], ...] = ()
    source_constraint: Term | None = None  # a SPARQL constraint's node

    @property
    def value_text(self) -> str | None:
        """The value as a reader sees it: the lexical form, or the IRI."""
        return None if self.value is None else text(self.value)

    @property
    def path_text(self) -> str | None:
        """The path as a reader sees it: a property's IRI, else SPARQL path syntax."""
        if self.path is None:
            return None
        return self.path.value if isinstance(self.path, NamedNode) else describe(self.path)

    def sort_key(self) -> tuple[int, str, str, str, str, str, str, str]:
        """Return the order of results in a report: by severity, shape, focus, path, value.

        The value's whole term comes last, so that two values of one text (a date and a
        string "2019-05-01") always come in the same order.
        """
        severity = SEVERITIES.index(self.severity) if self.severity in SEVERITIES else 3
        return (
            severity,
            self.source_shape.value,
            text(self.focus),
            self.path_text or "",
            self.value_text or "",
            self.component.value,
            repr(self.messages),
            str(self.value),
        )

    def __lt__(self, other: Result) -> bool:
        return self.sort_key() < other.sort_key()

    def message(self, lang: str, label: str | None = None) -> str:
        """Return the message in `lang` (else English, else any), values filled in.

        The focus node is named by `label` when given, in place of its IRI.
        """
        by_lang = dict(self.messages)
        message = by_lang.get(lang) or by_lang.get("en") or next(iter(by_lang.values()), "")
        focus = text(self.focus)
        message = message.replace("{$value}", self.value_text or "").replace("{$this}", focus)
        return message.replace(focus, label) if label else message


@dataclass(frozen=True)
class Report:
    """The results of one validation, and what a reader needs to place them."""

    results: tuple[Result, ...]
    shape_groups: tuple[str, ...]
    labels: dict[Term, str] = field(default_factory=dict)  # focus -> human label
    records: dict[Term, tuple[str, ...]] = field(default_factory=dict)  # focus -> source files
    shape_names: dict[str, str] = field(default_factory=dict)  # shape IRI -> sh:name
    # What a report for people needs besides (kg.validation.report):
    rule_names: dict[str, dict[str, str]] = field(default_factory=dict)  # shape -> lang -> name
    places: dict[Term, Place] = field(default_factory=dict)  # focus -> how people know it
    # (focus, path) -> the value the consolidated graph gives that thing, where it differs
    preferred: dict[tuple[Term, PropertyPath], str] = field(default_factory=dict)
    sources: dict[str, RecordSource] = field(default_factory=dict)  # record file -> its facts
    # The triples of the blank nodes the results name (a focus node, a value, a shape), so
    # that the report graph describes them: its blank nodes are not the data's.
    described: tuple[OxTriple, ...] = ()

    @property
    def conforms(self) -> bool:
        """True when no result is a Violation (the SHACL report's sh:conforms: no result)."""
        return not any(result.severity == "Violation" for result in self.results)

    def counts(self) -> dict[str, int]:
        """Return the number of results per severity, every severity listed."""
        counts = dict.fromkeys(SEVERITIES, 0)
        for result in self.results:
            counts[result.severity] = counts.get(result.severity, 0) + 1
        return counts


def parse_shape_groups(text: str) -> tuple[str, ...]:
    """Read a comma-separated list of shape groups (`core,quality`), refusing unknown ones."""
    groups = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    unknown = [group for group in groups if group not in SHAPE_GROUPS]
    if unknown or not groups:
        raise RequestError(
            f"unknown shape group {', '.join(unknown) or '(none)'}; "
            f"choose from {', '.join(SHAPE_GROUPS)}",
            where="--shapes",
        )
    return groups


def load_shapes(groups: Sequence[str] = SHAPE_GROUPS) -> rdflib.Graph:
    """Return the shapes of `groups` from the `shapes/` folder as one rdflib graph."""
    return load_shape_files([f"{group}.ttl" for group in groups])


def load_shape_files(names: Sequence[str]) -> rdflib.Graph:
    """Return the shapes of the files `names` of the `shapes/` folder as one rdflib graph.

    Each file is parsed once per process; every call gives a graph of its own.
    """
    shapes = rdflib.Graph()
    for name in names:
        for triple in _shape_file_triples(name):
            shapes.add(triple)
    return shapes


@lru_cache(maxsize=16)
def _shape_file_triples(
    name: str,
) -> tuple[tuple[rdflib.term.Node, rdflib.term.Node, rdflib.term.Node], ...]:
    """Return the triples of the shipped shape file `name`, parsed by rdflib's Turtle parser."""
    graph = rdflib.Graph()
    text = resources.folder("shapes").joinpath(name).read_text(encoding="utf-8")
    graph.parse(data=text, format="turtle")
    return tuple(graph)


def load_shape_paths(paths: Iterable[Path]) -> rdflib.Graph:
    """Return a user's own shapes files as one rdflib graph, each file's format by its name.

    The formats of `load_rdf_files`, read by the same parser; literals keep their lexical
    form ("1"^^xsd:boolean is not true, as rdflib's own parsers would make it).
    """
    shapes = rdflib.Graph()
    for path in paths:
        for quad in _parse_file(path):
            shapes.add(
                (to_rdflib(quad.subject), to_rdflib(quad.predicate), _lexical(quad.object))  # type: ignore[arg-type]  # a subject and a predicate
            )
    return shapes


def _lexical(term: Term) -> rdflib.term.Node:
    if isinstance(term, Literal) and not term.language:
        datatype = rdflib.URIRef(term.datatype.value)
        if term.datatype == XSD.string:
            return rdflib.Literal(term.value)
        return rdflib.Literal(term.value, datatype=datatype, normalize=False)
    return to_rdflib(term)


def _parse_file(path: Path) -> list[Quad]:
    """Return the quads of an RDF file, its format told by its extension."""
    fmt = RdfFormat.from_extension(path.suffix.lstrip(".")) if path.suffix else None
    if fmt is None:
        raise RequestError("cannot tell the RDF format from the file name", where=str(path))
    try:
        return list(parse(path.read_bytes(), format=fmt, base_iri=path.resolve().as_uri()))
    except SyntaxError as exc:
        raise InputError(exc.msg, where=f"{path}:{exc.lineno or 1}") from exc
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror})", where=str(path)) from exc


def load_rdf_files(paths: Iterable[Path]) -> GraphStore:
    """Load RDF files (Turtle, TriG, N-Triples, N-Quads, RDF/XML) into a store in memory.

    Triples of a file's default graph go into a named graph of that file, so that every file
    is validated as one record would be. The store's default graph is then made the view of
    its named graphs (`GraphStore.refresh_union`), as a build makes it.
    """
    store = GraphStore.open(None)
    store.oxigraph.extend(read_rdf_files(paths))
    store.refresh_union()
    return store


def read_rdf_files(paths: Iterable[Path]) -> list[Quad]:
    """Return the quads of RDF files, a file's default graph made a named graph of that file.

    The terms as the files write them: the store keeps some literals in another form (an
    ill-formed "300"^^xsd:byte comes back an integer), which validating against a user's
    own shapes must not see.
    """
    quads: list[Quad] = []
    for path in paths:
        graph = NamedNode(path.resolve().as_uri())
        quads.extend(
            Quad(q.subject, q.predicate, q.object, graph)
            if isinstance(q.graph_name, DefaultGraph)
            else q
            for q in _parse_file(path)
        )
    return quads


def validate_store(
    store: GraphStore,
    groups: Sequence[str] = SHAPE_GROUPS,
    *,
    engine: str = "fast",
    whole: bool = True,
    shapes: rdflib.Graph | None = None,
    union: Iterable[OxTriple] | None = None,
    merged: Iterable[OxTriple] = (),
    consolidated: Iterable[OxTriple] | None = None,
) -> Report:
    """Validate `store` against the shapes of `groups`; the results, labelled.

    The `consolidated` group checks the consolidated graph alone; the other groups check
    what people read and what each record says: the default graph (the view) and the record
    graphs' own statements of the things the view describes once (`checked_triples`).
    `engine` "fast" (the default) runs `kg.validation.engine`, which refuses shapes it does
    not support (UnsupportedShapeError, naming the shape and what it uses); "pyshacl" runs the
    reference engine: with `whole` (the default, measured faster: benchmarks/README.md) once on
    all the data, otherwise on batches of records, each with all it reaches.
    `shapes`, when given, is used in place of the other groups' shapes (`groups` names them).
    `union` and `merged`, when the caller has them (kg build: its Snapshot), are those
    triples, for the fast engine to read instead of the store: the view, each triple once,
    and the records' own statements, which may repeat (`merged_triples`); `consolidated`
    likewise the consolidated graph's.
    """
    if engine not in ENGINES:
        raise RequestError(f"unknown engine {engine}; choose from {', '.join(ENGINES)}")
    view_groups = [group for group in groups if group != CONSOLIDATED]
    results: list[Result] = []  # two constraints may give the same result: both are kept
    described: set[OxTriple] = set()
    names: dict[str, str] = {}
    rule_names: dict[str, dict[str, str]] = {}
    if shapes is None and view_groups:
        shapes = load_shapes(view_groups)
    if shapes is not None:
        if union is None:
            union, merged = view_triples(store), merged_triples(store)
        found, about = _validate(shapes, _Data(store, union, merged), engine, whole)
        results += found
        described |= about
        names |= _shape_names(shapes)
        rule_names |= _rule_names(shapes)
    if CONSOLIDATED in groups:  # after: reading the store waits for a load under way
        own = load_shapes([CONSOLIDATED])
        triples = consolidated if consolidated is not None else consolidated_triples(store)
        found, about = _validate(own, _Data(store, triples, by_record=False), engine, whole=True)
        results += found
        described |= about
        names |= _shape_names(own)
        rule_names |= _rule_names(own)
    ordered = tuple(sorted(results, key=Result.sort_key))
    focuses = {result.focus for result in ordered}
    places = Places(store)
    told = {focus: places.describe(focus) for focus in sorted(focuses, key=text)}
    preferred = {
        (result.focus, result.path): other
        for result in ordered
        if result.path is not None
        and result.value is not None
        and (other := places.preferred(result.focus, result.path, result.value)) is not None
    }
    files = sorted({file for _, records, _ in told.values() for file in records})
    return Report(
        results=ordered,
        shape_groups=tuple(groups),
        labels={focus: label for focus, (label, _, _) in told.items()},
        records={focus: records for focus, (_, records, _) in told.items()},
        shape_names=names,
        rule_names=rule_names,
        places={focus: place for focus, (_, _, place) in told.items()},
        preferred=preferred,
        sources={file: places.source(file) for file in files},
        described=tuple(sorted(described, key=str)),
    )


def _validate(
    shapes: rdflib.Graph, data: _Data, engine: str, whole: bool
) -> tuple[list[Result], set[OxTriple]]:
    """Run one engine over `data` with `shapes`; the results, and their blank nodes' triples.

    The triples are those of the blank nodes the results name, and of those they reach.
    """
    templates = _templates_of(shacl.ShapesKey(shapes))
    if engine == "fast":
        compiled = shacl.compile_shapes(shapes)
        index = shacl.DataIndex(data.triples, unique=True, more=data.more)
        results = [_result(finding, templates) for finding in shacl.run(compiled, index)]
        about = set(index.describe(_data_nodes(results)))
        del index
        return results, about | _describe_shapes(shapes, results)
    whole_union = _Union(data)
    if whole:
        results = list(_run(whole_union.triples(whole_union.subjects()), shapes, templates))
    else:
        # A node reached from records of several batches is validated in each: its results
        # are counted once, as many times as one batch gives them.
        counted: Counter[Result] = Counter()
        for batch in whole_union.record_batches(BATCH_SIZE):
            counted |= Counter(_run(whole_union.triples(batch), shapes, templates))
        results = list(counted.elements())
    about = set(whole_union.describe(_data_nodes(results)))
    return results, about | _describe_shapes(shapes, results)


def _data_nodes(results: Iterable[Result]) -> set[Term]:
    """Return the blank focus nodes and values of `results`."""
    nodes: set[Term] = set()
    for result in results:
        nodes.update(n for n in (result.focus, result.value) if isinstance(n, BlankNode))
    return nodes


def _describe_shapes(shapes: rdflib.Graph, results: Iterable[Result]) -> set[OxTriple]:
    """Return the triples of the blank-node shapes and SPARQL constraints of `results`.

    The blank nodes those reach are described too.
    """
    todo = [
        rdflib.BNode(node.value)
        for result in results
        for node in (result.source_shape, result.source_constraint)
        if isinstance(node, BlankNode)
    ]
    seen = set(todo)
    found: set[OxTriple] = set()
    while todo:
        node = todo.pop()
        for predicate, obj in shapes.predicate_objects(node):
            found.add(OxTriple(from_rdflib(node), from_rdflib(predicate), from_rdflib(obj)))  # type: ignore[arg-type]  # a subject and predicate of rdflib's graph
            if isinstance(obj, rdflib.BNode) and obj not in seen:
                seen.add(obj)
                todo.append(obj)
    return found


def view_triples(store: GraphStore) -> Iterator[OxTriple]:
    """Yield the default graph's triples (the view; all named graphs' when it has none).

    Each triple once. A store without a consolidated graph (built before it existed) gives
    the union of its named graphs.
    """
    if store.view_filter() is None:
        yield from set(_named_triples(store))
        return
    for quad in store.oxigraph.quads_for_pattern(None, None, None, DefaultGraph()):
        yield quad.triple


def merged_triples(store: GraphStore) -> Iterator[OxTriple]:
    """Yield the record graphs' statements of the things the consolidated graph describes.

    Their names, ISILs, business IDs... as each page writes them, which the view leaves out
    (`kg.consolidation.view`), but not what the consolidated graph decides of a thing as a
    whole. The groups but `consolidated` check them with the view. A triple may repeat.
    """
    view = store.view_filter()
    if view is None:
        return
    for graph in sorted(store.graphs(), key=lambda name: name.value):
        if not graph.value.startswith(view.records):
            continue
        for quad in store.oxigraph.quads_for_pattern(None, None, None, graph):
            if not isinstance(quad.subject, OxTriple) and view.leaves_out(
                quad.subject, quad.predicate
            ):
                yield quad.triple


def consolidated_triples(store: GraphStore) -> list[OxTriple]:
    """Return the triples of the store's consolidated graph (none when it has none)."""
    graph = store.consolidated_graph()
    if graph is None:
        return []
    return [quad.triple for quad in store.oxigraph.quads_for_pattern(None, None, None, graph)]


def _result(finding: shacl.Finding, templates: _Templates) -> Result:
    """Return the Result of a finding of the fast engine, messages as `_run` gives them."""
    return Result(
        severity=finding.severity,
        source_shape=finding.source_shape,
        focus=finding.focus,
        path=finding.path,
        value=finding.value,
        component=finding.component,
        messages=tuple(
            sorted(
                (templates.language(finding.source_shape.value, message), str(message))
                for message in finding.messages
            )
        ),
        source_constraint=finding.constraint,
    )


class _Data:
    """Triples to validate: each once, then more that may repeat them; and the store they are of.

    The store gives pyshacl's per-record path the subjects of each record (`by_record`).
    """

    def __init__(
        self,
        store: GraphStore,
        triples: Iterable[OxTriple],
        more: Iterable[OxTriple] = (),
        *,
        by_record: bool = True,
    ) -> None:
        self.store = store
        self.triples = triples
        self.more = more
        self.by_record = by_record


class _Union:
    """The triples of a `_Data`, indexed by subject (pyshacl's path)."""

    def __init__(self, data: _Data) -> None:
        self._by_subject: dict[AnyTerm, set[OxTriple]] = defaultdict(set)
        self._graph_subjects: dict[str, set[AnyTerm]] = defaultdict(set)
        for triple in itertools.chain(data.triples, data.more):
            self._by_subject[triple.subject].add(triple)
        if data.by_record:
            for quad in data.store.oxigraph.quads_for_pattern(None, None, None, None):
                if not isinstance(quad.graph_name, DefaultGraph):
                    self._graph_subjects[quad.graph_name.value].add(quad.subject)

    def subjects(self) -> set[AnyTerm]:
        """Every subject of every graph."""
        return set(self._by_subject)

    def record_batches(self, size: int) -> Iterator[set[AnyTerm]]:
        """Yield the subjects of `size` named graphs at a time, closed under reachability."""
        graphs = sorted(self._graph_subjects)
        for start in range(0, len(graphs), size):
            reached: set[AnyTerm] = set()
            for graph in graphs[start : start + size]:
                subjects = self._graph_subjects[graph] & self._by_subject.keys()
                reached |= self._reach(subjects)
            yield reached

    def _reach(self, start: set[AnyTerm]) -> set[AnyTerm]:
        """Every subject that `start` leads to through objects, `start` included."""
        seen = set(start)
        todo = list(start)
        while todo:
            for triple in self._by_subject.get(todo.pop(), ()):
                target = triple.object
                if target in self._by_subject and target not in seen:
                    seen.add(target)
                    todo.append(target)
        return seen

    def describe(self, nodes: Iterable[Term]) -> list[OxTriple]:
        """Return the triples of the blank nodes among `nodes`, and of those they reach."""
        found: list[OxTriple] = []
        todo = [node for node in nodes if isinstance(node, BlankNode)]
        seen = set(todo)
        while todo:
            for triple in self._by_subject.get(todo.pop(), ()):
                found.append(triple)
                target = triple.object
                if isinstance(target, BlankNode) and target not in seen:
                    seen.add(target)
                    todo.append(target)
        return found

    def triples(self, subjects: Iterable[AnyTerm]) -> rdflib.Graph:
        """Return an rdflib graph of every triple of `subjects` (its SPARQL texts parsed once)."""
        graph = PreparedQueryGraph()
        for subject in subjects:
            for triple in self._by_subject.get(subject, ()):
                graph.add(
                    (
                        to_rdflib(triple.subject),
                        to_rdflib(triple.predicate),
                        to_rdflib(triple.object),
                    )
                )
        return graph


def _named_triples(store: GraphStore) -> Iterator[OxTriple]:
    """Every triple of the store's named graphs (a triple of many graphs many times)."""
    # Graph by graph: a pattern over all graphs also reads the default graph (the union,
    # 40 % of the quads of a built store) only to drop it.
    for graph in sorted(store.oxigraph.named_graphs(), key=str):
        for quad in store.oxigraph.quads_for_pattern(None, None, None, graph):
            yield quad.triple


@lru_cache(maxsize=8)  # as kg.validation.engine keeps the compiled shapes
def _templates_of(key: shacl.ShapesKey) -> _Templates:
    """Return the message templates of a set of shapes, read once per process."""
    return _Templates(key.graph)


class _Templates:
    """The sh:message templates of every shape, to tell the language of a result's message.

    pyshacl fills the values into a SPARQL constraint's messages but drops their language
    tags; a filled message is matched back to the template it came from.
    """

    def __init__(self, shapes: rdflib.Graph) -> None:
        self._shapes = shapes
        self._patterns: dict[str, list[tuple[str, re.Pattern[str]]]] | None = None

    def _by_shape(self) -> dict[str, list[tuple[str, re.Pattern[str]]]]:
        """Return the templates as patterns by shape, made when a message first needs them."""
        if self._patterns is None:
            sh = rdflib.Namespace(SH.iri)
            shapes = self._shapes
            self._patterns = defaultdict(list)
            owners = {constraint: shape for shape, constraint in shapes.subject_objects(sh.sparql)}
            for holder, message in shapes.subject_objects(sh.message):
                shape = owners.get(holder, holder)  # a SPARQL constraint's message is its shape's
                if isinstance(message, rdflib.Literal):
                    pieces = re.split(r"\{[$?][A-Za-z_][A-Za-z0-9_]*\}", str(message))
                    pattern = re.compile("(?s)" + "(.*?)".join(re.escape(p) for p in pieces) + "$")
                    self._patterns[str(shape)].append((message.language or "", pattern))
        return self._patterns

    def language(self, shape: str | None, message: rdflib.term.Node) -> str:
        """Return the language of `message`, from its own tag or from its shape's template."""
        if isinstance(message, rdflib.Literal) and message.language:
            return message.language
        for lang, pattern in self._by_shape().get(shape or "", ()):
            if pattern.match(str(message)):
                return lang
        return ""


def _run(data: rdflib.Graph, shapes: rdflib.Graph, templates: _Templates) -> Iterator[Result]:
    """Run pyshacl once; yield its results (pyshacl keeps the data's blank nodes' ids)."""
    if len(data) == 0:
        return
    _, report, _ = pyshacl.validate(
        data,
        shacl_graph=shapes,
        inference="none",
        advanced=False,
        allow_warnings=True,
        allow_infos=True,
    )
    sh_ = rdflib.Namespace(SH.iri)
    for node in report.subjects(rdflib.RDF.type, sh_.ValidationResult):
        shape = from_rdflib(report.value(node, sh_.sourceShape))
        severity = from_rdflib(report.value(node, sh_.resultSeverity))
        component = from_rdflib(report.value(node, sh_.sourceConstraintComponent))
        assert isinstance(shape, NamedNode | BlankNode) and isinstance(severity, NamedNode)
        assert isinstance(component, NamedNode)
        path = report.value(node, sh_.resultPath)
        value = report.value(node, sh_.value)
        constraint = report.value(node, sh_.sourceConstraint)
        yield Result(
            severity=severity_name(severity),
            source_shape=shape,
            focus=from_rdflib(report.value(node, sh_.focusNode)),
            path=None if path is None else read_path(report, path),
            value=None if value is None else from_rdflib(value),
            component=component,
            messages=tuple(
                sorted(
                    (templates.language(shape.value, message), str(message))
                    for message in report.objects(node, sh_.resultMessage)
                )
            ),
            source_constraint=None if constraint is None else from_rdflib(constraint),
        )


def _shape_names(shapes: rdflib.Graph) -> dict[str, str]:
    sh = rdflib.Namespace(SH.iri)
    names: dict[str, str] = {}
    for shape, name in shapes.subject_objects(sh.name):
        english = isinstance(name, rdflib.Literal) and name.language == "en"
        if isinstance(shape, rdflib.URIRef) and (str(shape) not in names or english):
            names[str(shape)] = str(name)
    return names


def _rule_names(shapes: rdflib.Graph) -> dict[str, dict[str, str]]:
    """Return each shape's name per language: its sh:name, else its rdfs:label, in that language.

    An untagged sh:name is English.
    """
    sh = rdflib.Namespace(SH.iri)
    names: dict[str, dict[str, str]] = defaultdict(dict)
    for predicate in (sh.name, rdflib.RDFS.label):  # sh:name first: a label fills the gaps
        for shape, name in sorted(shapes.subject_objects(predicate)):
            if isinstance(shape, rdflib.URIRef) and isinstance(name, rdflib.Literal):
                names[str(shape)].setdefault(name.language or "en", str(name))
    return dict(names)


def report_triples(report: Report) -> list[OxTriple]:
    """Return the standard SHACL validation report graph of `report`, in a stable order.

    sh:conforms is SHACL's: true when there is no result at all. Each result's path is
    written as SHACL writes paths, and each blank node a result names is described by its
    triples (`Report.described`), so that the graph stands on its own.
    """
    root = BlankNode("report")
    conforms = "false" if report.results else "true"
    triples = [
        OxTriple(root, RDF.type, SH.ValidationReport),
        OxTriple(root, SH.conforms, Literal(conforms, datatype=XSD.boolean)),
    ]
    for number, result in enumerate(report.results, start=1):
        node = BlankNode(f"result{number}")
        triples.append(OxTriple(root, SH.result, node))
        triples.append(OxTriple(node, RDF.type, SH.ValidationResult))
        triples.append(OxTriple(node, SH.resultSeverity, severity_iri(result.severity)))
        triples.append(OxTriple(node, SH.focusNode, result.focus))
        triples.append(OxTriple(node, SH.sourceShape, result.source_shape))
        triples.append(OxTriple(node, SH.sourceConstraintComponent, result.component))
        if result.source_constraint is not None:
            triples.append(OxTriple(node, sh("sourceConstraint"), result.source_constraint))
        if result.path is not None:
            path, about = path_triples(result.path, prefix=f"result{number}path")
            triples.append(OxTriple(node, SH.resultPath, path))
            triples.extend(about)
        if result.value is not None:
            triples.append(OxTriple(node, SH.value, result.value))
        for lang, _ in result.messages:
            message = result.message(lang)
            triples.append(
                OxTriple(node, SH.resultMessage, Literal(message, language=lang or None))
            )
    triples.extend(report.described)
    return triples
