"""Graph -> SHACL results: the shapes of `shapes/` run by pyshacl over the store.

    load_shapes(groups)                       -> the shapes of `core`, `quality`, `info`,
                                                 `consolidated`
    validate_store(store, groups, engine=...) -> Report (results; labels, records, places)
    report_triples(report)                    -> the standard SHACL report graph
    load_rdf_files(paths)                     -> a GraphStore of RDF files to validate

The `consolidated` group checks the consolidated graph alone; the others check the view (the
default graph) with the records' own statements of the things it describes once
(`view_triples`, `merged_triples`). Two engines give the same results (tests compare them):
"fast" (the default), `kg.validation.engine`, which checks every focus node of a shape at once on an
index of that data, and
"pyshacl", the reference. A shape the fast engine cannot run exactly makes the whole run use
pyshacl, with a warning. pyshacl runs on the whole union graph at once, or on each record's
named graph together with every node it reaches (the shared library, legal body,
programme...), in batches: a focus node is validated with all that the graph says of it
either way. The ontology is never part of the data: only the store's graphs are validated,
without inference. The report is rendered for people by `kg.validation.report`.
"""

from __future__ import annotations

import itertools
import re
import warnings
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyshacl
import rdflib
import rdflib.collection
from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, RdfFormat, parse
from pyoxigraph import Triple as OxTriple

from kg import resources
from kg.errors import InputError, RequestError
from kg.store.graph_store import GraphStore
from kg.validation import engine as shacl
from kg.validation.engine.terms import to_rdflib
from kg.validation.places import Place, Places, RecordSource
from kg.vocab import RDF, SH, XSD

SHAPE_GROUPS = ("core", "quality", "info", "consolidated")
# The group that checks the consolidated graph alone (one preferred value of each property):
# the others check the view and the records' own statements, where values sit side by side.
CONSOLIDATED = "consolidated"
SEVERITIES = ("Violation", "Warning", "Info")
ENGINES = ("fast", "pyshacl")
BATCH_SIZE = 200  # records per pyshacl run on the per-record path

Term = NamedNode | BlankNode | Literal


@dataclass(frozen=True, order=True)
class Result:
    """One SHACL validation result, with every message the shape gives (language, text)."""

    severity: str
    source_shape: str
    focus: str
    path: str | None
    value: str | None  # as a reader sees it: the lexical form, or the IRI
    component: str
    messages: tuple[tuple[str, str], ...] = ()
    value_term: str | None = None  # the value in N-Triples syntax, for the report graph

    def message(self, lang: str, label: str | None = None) -> str:
        """Return the message in `lang` (else English, else any), values filled in.

        The focus node is named by `label` when given, in place of its IRI.
        """
        by_lang = dict(self.messages)
        text = by_lang.get(lang) or by_lang.get("en") or next(iter(by_lang.values()), "")
        text = text.replace("{$value}", self.value or "").replace("{$this}", self.focus)
        return text.replace(self.focus, label) if label else text


@dataclass(frozen=True)
class Report:
    """The results of one validation, and what a reader needs to place them."""

    results: tuple[Result, ...]
    shape_groups: tuple[str, ...]
    labels: dict[str, str] = field(default_factory=dict)  # focus IRI -> human label
    records: dict[str, tuple[str, ...]] = field(default_factory=dict)  # focus -> source files
    shape_names: dict[str, str] = field(default_factory=dict)  # shape IRI -> sh:name
    # What a report for people needs besides (kg.validation.report):
    rule_names: dict[str, dict[str, str]] = field(default_factory=dict)  # shape -> lang -> name
    places: dict[str, Place] = field(default_factory=dict)  # focus -> how people know it
    # (focus, path) -> the value the consolidated graph gives that thing, where it differs
    preferred: dict[tuple[str, str], str] = field(default_factory=dict)
    sources: dict[str, RecordSource] = field(default_factory=dict)  # record file -> its facts

    @property
    def conforms(self) -> bool:
        """True when no result is a Violation."""
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
    """Return the shapes of the files `names` of the `shapes/` folder as one rdflib graph."""
    shapes = rdflib.Graph()
    folder = resources.folder("shapes")
    for name in names:
        entry = folder.joinpath(name)
        shapes.parse(data=entry.read_text(encoding="utf-8"), format="turtle")
    return shapes


def load_rdf_files(paths: Iterable[Path]) -> GraphStore:
    """Load RDF files (Turtle, TriG, N-Triples, N-Quads, RDF/XML) into a store in memory.

    Triples of a file's default graph go into a named graph of that file, so that every file
    is validated as one record would be. The store's default graph is then made the view of
    its named graphs (`GraphStore.refresh_union`), as a build makes it.
    """
    store = GraphStore.open(None)
    for path in paths:
        fmt = RdfFormat.from_extension(path.suffix.lstrip(".")) if path.suffix else None
        if fmt is None:
            raise RequestError("cannot tell the RDF format from the file name", where=str(path))
        graph = NamedNode(path.resolve().as_uri())
        try:
            quads = [
                Quad(q.subject, q.predicate, q.object, graph)
                if isinstance(q.graph_name, DefaultGraph)
                else q
                for q in parse(path.read_bytes(), format=fmt, base_iri=path.resolve().as_uri())
            ]
        except SyntaxError as exc:
            raise InputError(exc.msg, where=f"{path}:{exc.lineno or 1}") from exc
        except OSError as exc:
            raise InputError(f"cannot read the file ({exc.strerror})", where=str(path)) from exc
        store.oxigraph.extend(quads)
    store.refresh_union()
    return store


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
    `engine` "fast" (the default) runs `kg.validation.engine`; when the shapes use something it
    does not
    support, it warns (ShapesFallbackWarning) and runs pyshacl instead. "pyshacl" runs the
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
    results: set[Result] = set()
    names: dict[str, str] = {}
    rule_names: dict[str, dict[str, str]] = {}
    if shapes is None and view_groups:
        shapes = load_shapes(view_groups)
    if shapes is not None:
        if union is None:
            union, merged = view_triples(store), merged_triples(store)
        results |= _validate(shapes, _Data(store, union, merged), engine, whole)
        names |= _shape_names(shapes)
        rule_names |= _rule_names(shapes)
    if CONSOLIDATED in groups:  # after: reading the store waits for a load under way
        own = load_shapes([CONSOLIDATED])
        triples = consolidated if consolidated is not None else consolidated_triples(store)
        results |= _validate(own, _Data(store, triples, by_record=False), engine, whole=True)
        names |= _shape_names(own)
        rule_names |= _rule_names(own)
    ordered = tuple(sorted(results, key=_result_order))
    focuses = {result.focus for result in ordered}
    places = Places(store)
    described = {focus: places.describe(focus) for focus in sorted(focuses)}
    preferred = {
        (result.focus, result.path): found
        for result in ordered
        if result.path is not None
        and result.value is not None
        and (found := places.preferred(result.focus, result.path, result.value)) is not None
    }
    files = sorted({file for _, records, _ in described.values() for file in records})
    return Report(
        results=ordered,
        shape_groups=tuple(groups),
        labels={focus: label for focus, (label, _, _) in described.items()},
        records={focus: records for focus, (_, records, _) in described.items()},
        shape_names=names,
        rule_names=rule_names,
        places={focus: place for focus, (_, _, place) in described.items()},
        preferred=preferred,
        sources={file: places.source(file) for file in files},
    )


def _validate(shapes: rdflib.Graph, data: _Data, engine: str, whole: bool) -> set[Result]:
    """Run one engine over `data` with `shapes`; the fast one falls back to pyshacl."""
    templates = _Templates(shapes)
    compiled = None
    if engine == "fast":
        try:
            compiled = shacl.compile_shapes(shapes)
        except shacl.UnsupportedShapeError as exc:
            warnings.warn(f"{exc}; validating with pyshacl", ShapesFallbackWarning, stacklevel=3)
    if compiled is not None:
        index = shacl.DataIndex(data.triples, unique=True, more=data.more)
        results = {_result(finding, templates) for finding in shacl.run(compiled, index)}
        del index
        return results
    whole_union = _Union(data)
    if whole:
        return set(_run(whole_union.triples(whole_union.subjects()), shapes, templates))
    results = set()
    for batch in whole_union.record_batches(BATCH_SIZE):
        results.update(_run(whole_union.triples(batch), shapes, templates))
    return results


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
            if view.leaves_out(quad.subject, quad.predicate):
                yield quad.triple


def consolidated_triples(store: GraphStore) -> list[OxTriple]:
    """Return the triples of the store's consolidated graph (none when it has none)."""
    graph = store.consolidated_graph()
    if graph is None:
        return []
    return [quad.triple for quad in store.oxigraph.quads_for_pattern(None, None, None, graph)]


class ShapesFallbackWarning(UserWarning):
    """The fast engine cannot run these shapes exactly; pyshacl validates instead."""


def _result(finding: shacl.Finding, templates: _Templates) -> Result:
    """Return the Result of a finding of the fast engine, messages as `_run` gives them."""
    return Result(
        severity=finding.severity,
        source_shape=finding.source_shape,
        focus=finding.focus,
        path=finding.path,
        value=finding.value,
        value_term=finding.value_term,
        component=finding.component,
        messages=tuple(
            sorted(
                (templates.language(finding.source_shape, message), str(message))
                for message in finding.messages
            )
        ),
    )


def _result_order(result: Result) -> tuple[int, str, str, str, str]:
    severity = SEVERITIES.index(result.severity) if result.severity in SEVERITIES else 3
    return (severity, result.source_shape, result.focus, result.path or "", result.value or "")


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
        self._by_subject: dict[Term, set[OxTriple]] = defaultdict(set)
        self._graph_subjects: dict[str, set[Term]] = defaultdict(set)
        for triple in itertools.chain(data.triples, data.more):
            self._by_subject[triple.subject].add(triple)
        if data.by_record:
            for quad in data.store.oxigraph.quads_for_pattern(None, None, None, None):
                if not isinstance(quad.graph_name, DefaultGraph):
                    self._graph_subjects[quad.graph_name.value].add(quad.subject)

    def subjects(self) -> set[Term]:
        """Every subject of every graph."""
        return set(self._by_subject)

    def record_batches(self, size: int) -> Iterator[set[Term]]:
        """Yield the subjects of `size` named graphs at a time, closed under reachability."""
        graphs = sorted(self._graph_subjects)
        for start in range(0, len(graphs), size):
            reached: set[Term] = set()
            for graph in graphs[start : start + size]:
                subjects = self._graph_subjects[graph] & self._by_subject.keys()
                reached |= self._reach(subjects)
            yield reached

    def _reach(self, start: set[Term]) -> set[Term]:
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

    def triples(self, subjects: Iterable[Term]) -> rdflib.Graph:
        """Return an rdflib graph of every triple of `subjects`."""
        graph = rdflib.Graph()
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


class _Templates:
    """The sh:message templates of every shape, to tell the language of a result's message.

    pyshacl fills the values into a SPARQL constraint's messages but drops their language
    tags; a filled message is matched back to the template it came from.
    """

    def __init__(self, shapes: rdflib.Graph) -> None:
        sh = rdflib.Namespace(SH.iri)
        self._by_shape: dict[str, list[tuple[str, re.Pattern[str]]]] = defaultdict(list)
        owners = {constraint: shape for shape, constraint in shapes.subject_objects(sh.sparql)}
        for holder, message in shapes.subject_objects(sh.message):
            shape = owners.get(holder, holder)  # a SPARQL constraint's message is its shape's
            if isinstance(message, rdflib.Literal):
                pieces = re.split(r"\{[$?][A-Za-z_][A-Za-z0-9_]*\}", str(message))
                pattern = re.compile("(?s)" + "(.*?)".join(re.escape(p) for p in pieces) + "$")
                self._by_shape[str(shape)].append((message.language or "", pattern))

    def language(self, shape: str | None, message: rdflib.term.Node) -> str:
        """Return the language of `message`, from its own tag or from its shape's template."""
        if isinstance(message, rdflib.Literal) and message.language:
            return message.language
        for lang, pattern in self._by_shape.get(shape or "", ()):
            if pattern.match(str(message)):
                return lang
        return ""


def _run(data: rdflib.Graph, shapes: rdflib.Graph, templates: _Templates) -> Iterator[Result]:
    """Run pyshacl once; yield its results."""
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
    sh = rdflib.Namespace(SH.iri)
    for node in report.subjects(rdflib.RDF.type, sh.ValidationResult):
        shape = _n3(report.value(node, sh.sourceShape), report)
        yield Result(
            severity=_local(report.value(node, sh.resultSeverity)),
            source_shape=shape or "",
            focus=_n3(report.value(node, sh.focusNode), report),
            path=_n3(report.value(node, sh.resultPath), report),
            value=_lexical(report.value(node, sh.value)),
            value_term=_nt(report.value(node, sh.value)),
            component=_n3(report.value(node, sh.sourceConstraintComponent), report),
            messages=tuple(
                sorted(
                    (templates.language(shape, message), str(message))
                    for message in report.objects(node, sh.resultMessage)
                )
            ),
        )


def _local(node: rdflib.term.Node | None) -> str:
    return str(node).rsplit("#", 1)[-1] if node is not None else ""


def _lexical(node: rdflib.term.Node | None) -> str | None:
    return None if node is None else str(node)


def _nt(node: rdflib.term.Node | None) -> str | None:
    return None if node is None or isinstance(node, rdflib.BNode) else node.n3()


def _n3(node: rdflib.term.Node | None, graph: rdflib.Graph) -> str | None:
    """Write an IRI as itself, a blank node (a path, an anonymous shape) in a readable form."""
    if node is None:
        return None
    if isinstance(node, rdflib.BNode):
        return _describe_blank(node, graph)
    return str(node)


def _describe_blank(node: rdflib.BNode, graph: rdflib.Graph) -> str:
    """Write a blank node (e.g. a sequence path) in a stable, readable form."""
    items = (
        list(rdflib.collection.Collection(graph, node))
        if graph.value(node, rdflib.RDF.first)
        else []
    )
    if items:
        return "(" + " ".join(str(item) for item in items) + ")"
    return "[" + "; ".join(f"{p} {o}" for p, o in sorted(graph.predicate_objects(node))) + "]"


def _shape_names(shapes: rdflib.Graph) -> dict[str, str]:
    sh = rdflib.Namespace(SH.iri)
    names: dict[str, str] = {}
    for shape, name in shapes.subject_objects(sh.name):
        if isinstance(shape, rdflib.URIRef) and (str(shape) not in names or name.language == "en"):
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
    """Return the standard SHACL validation report graph of `report`, in a stable order."""
    root = BlankNode("report")
    triples = [
        OxTriple(root, RDF.type, SH.ValidationReport),
        OxTriple(
            root, SH.conforms, Literal("true" if report.conforms else "false", datatype=XSD.boolean)
        ),
    ]
    for number, result in enumerate(report.results, start=1):
        node = BlankNode(f"result{number}")
        triples.append(OxTriple(root, SH.result, node))
        triples.append(OxTriple(node, RDF.type, SH.ValidationResult))
        triples.append(OxTriple(node, SH.resultSeverity, NamedNode(SH.iri + result.severity)))
        triples.append(OxTriple(node, SH.focusNode, _term(result.focus)))
        triples.append(OxTriple(node, SH.sourceShape, _term(result.source_shape)))
        triples.append(OxTriple(node, SH.sourceConstraintComponent, _term(result.component)))
        if result.path and not result.path.startswith(("(", "[")):
            triples.append(OxTriple(node, SH.resultPath, NamedNode(result.path)))
        if result.value_term is not None:
            triples.append(OxTriple(node, SH.value, _from_nt(result.value_term)))
        for lang, _ in result.messages:
            message = result.message(lang)
            triples.append(
                OxTriple(node, SH.resultMessage, Literal(message, language=lang or None))
            )
    return triples


def _from_nt(text: str) -> Term:
    """Read one RDF term written in N-Triples syntax."""
    (triple,) = parse(f"<urn:x:s> <urn:x:p> {text} .".encode(), format=RdfFormat.N_TRIPLES)
    return triple.object


def _term(text: str | None) -> NamedNode | Literal:
    if text and "://" in text and " " not in text and not text.startswith(("(", "[")):
        return NamedNode(text)
    return Literal(text or "")
