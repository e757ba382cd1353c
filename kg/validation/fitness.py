"""Built graph -> completeness and fitness: what the records hold, and each record's level.

    assess(store, report=None)  -> Fitness: the holdings and each record's level
    assess_snapshot(snapshot)   -> the same, read from a Snapshot's files (kg export)
    to_json(fitness)            -> {"holdings", "levels", "records"}, ready for json.dumps
    fitness.measurements()      -> (metric, value) pairs: the figures as DQV measurements

What the records hold (`holdings`), each a count and a share of the records, is read from each
record's own named graph, what its page says:

    records           the source records
    cut_off           copies cut off before the decision and the tags (kg:truncated)
    with_money        records that give an amount (of the application, the final report or
                      the grant)
    with_dates        records that give the project's start or end date
    with_identifiers  records that give their library's ISIL, its legal body's business ID,
                      or both
    linked            records whose library, as the consolidated graph names it, has a link
                      with its evidence (kg:LinkEvidence) in a registry's graph (kg link
                      writes only the matches it accepts: a link there is a confirmed one)

Each record gets the highest of five levels it reaches; each level asks all the one before
asks, like 360Giving's data-quality levels:

    none    below core
    core    a title, a call year, and a library identified by its ISIL or business ID
    money   core; the record gives amounts, and no money rule finds a Violation or a Warning
            on its nodes
    portal  money; the record gives all the open release shows of it: the programme as
            written, the library's name, its legal body with a business ID, a description or
            a goal, in a whole copy (not cut off); and no portal rule finds a Violation on
            its nodes (so the title is in Finnish, Swedish or English, the year a year, the
            business ID passes its check digit, ...)
    linked  portal, and its library is linked as for `linked` above

The rules are the shapes of the `core` and `quality` groups, chosen by what they read (their
property path, or the properties their SPARQL query names), not by name, so that a rule added
to the shapes counts at once: a money rule reads an amount property (MONEY_PROPERTIES, the
mapping's own) or checks the amounts themselves (kg:MonetaryAmount); a portal rule is a
Violation that reads a field of PORTAL_PROPERTIES. A finding is on a record when its focus node
is described in the record's graph, as a validation report places it. Given a report of those
groups (kg build, kg validate), its findings and their records are used; without one
(kg export), the chosen shapes are run here by the fast engine (`kg.validation.engine`) on the
triples they read, a part of a whole validation (README.md, "Completeness and fitness").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cache
from pathlib import Path

from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, RdfFormat, Triple, parse

from kg.mapping.record import APPLICATION_RULES, GRANT_RULES, REALIZED_RULES
from kg.store.graph_store import GraphStore, Snapshot
from kg.validation.engine import DataIndex, compile_shapes, run
from kg.validation.engine.compile import Compiled
from kg.validation.engine.model import Shape
from kg.validation.engine.paths import predicates
from kg.validation.engine.sparql import SparqlCheck
from kg.validation.engine.terms import text
from kg.validation.validate import Report, load_shapes, merged_triples, view_triples
from kg.vocab import DCT, KG, ORG, RDF, RDFS, SCHEMA, XSD

LEVELS = ("none", "core", "money", "portal", "linked")
# What the records hold, in the order the reports list it, with the metrics of its count and
# of its share of the records (the records themselves have no share).
HOLDINGS: dict[str, tuple[NamedNode, NamedNode | None]] = {
    "records": (KG.RecordCount, None),
    "cut_off": (KG.CutOffCount, KG.CutOffShare),
    "with_money": (KG.WithMoneyCount, KG.WithMoneyShare),
    "with_dates": (KG.WithDatesCount, KG.WithDatesShare),
    "with_identifiers": (KG.WithIdentifiersCount, KG.WithIdentifiersShare),
    "linked": (KG.LinkedCount, KG.LinkedShare),
}
LEVEL_METRICS = {
    "none": KG.LevelNoneCount,
    "core": KG.LevelCoreCount,
    "money": KG.LevelMoneyCount,
    "portal": KG.LevelPortalCount,
    "linked": KG.LevelLinkedCount,
}
RULE_GROUPS = ("core", "quality")
# The amount properties of the mapping, and the grant's schema.org view of its amount.
MONEY_PROPERTIES = frozenset(
    rule.predicate for rule in (*APPLICATION_RULES, *REALIZED_RULES, *GRANT_RULES)
) | {SCHEMA.amount}
# The fields the open release shows of a record, whose Violations keep it from the portal.
PORTAL_PROPERTIES = frozenset(
    {
        DCT.title,
        KG.callYear,
        KG.programmeAsWritten,
        KG.applicant,
        SCHEMA.name,
        KG.isil,
        ORG.unitOf,
        KG.businessId,
        SCHEMA.description,
        KG.goal,
    }
)
# The persons the open release leaves out whole: a rule about them keeps no record from it.
LEFT_OUT = frozenset({KG.ContactPerson, KG.PartnerPerson})
SHARE_PLACES = Decimal("0.0001")

# What is read of the named graphs: these properties, and the nodes of these classes.
_FACT_PROPERTIES = (
    KG.sourceFile,
    KG.truncated,
    DCT.title,
    KG.callYear,
    KG.programmeAsWritten,
    KG.applicant,
    SCHEMA.startDate,
    SCHEMA.endDate,
    SCHEMA.description,
    KG.goal,
    SCHEMA.name,
    KG.isil,
    ORG.unitOf,
    KG.businessId,
    KG.mergedInto,
    RDF.subject,
)
_FACT_CLASSES = (KG.SourceRecord, KG.Project, KG.MonetaryAmount, KG.LinkEvidence)
# Texts kept only as whether they are empty.
_TEXTS = frozenset(term.value for term in (DCT.title, SCHEMA.description, KG.goal))
_PARSE_LINES = 10_000  # lines of a Snapshot's file parsed at once


@dataclass(frozen=True)
class Fitness:
    """What the records hold (`holdings`: counts) and each record's level (file -> level)."""

    holdings: dict[str, int]
    levels: dict[str, str]

    def counts_per_level(self) -> dict[str, int]:
        """Return how many records have each level (their highest), every level listed."""
        counts = dict.fromkeys(LEVELS, 0)
        for level in self.levels.values():
            counts[level] += 1
        return counts

    def shares(self) -> dict[str, Decimal | None]:
        """Return each holding but `records` as a share of the records (None: no records)."""
        total = self.holdings["records"]
        return {name: _share(self.holdings[name], total) for name in HOLDINGS if name != "records"}

    def measurements(self) -> list[tuple[NamedNode, Literal]]:
        """Return the figures as (DQV metric, value): counts xsd:integer, shares xsd:decimal."""
        shares = self.shares()
        values: list[tuple[NamedNode, Literal]] = []
        for name, (count_metric, share_metric) in HOLDINGS.items():
            values.append((count_metric, _integer(self.holdings[name])))
            share = shares.get(name)
            if share_metric is not None and share is not None:
                values.append((share_metric, Literal(str(share), datatype=XSD.decimal)))
        for level, count in self.counts_per_level().items():
            values.append((LEVEL_METRICS[level], _integer(count)))
        return values


def to_json(fitness: Fitness) -> dict[str, object]:
    """Return `fitness` as JSON: holdings (`records`, then `{count, share}`), levels, records."""
    shares = fitness.shares()
    holdings: dict[str, object] = {"records": fitness.holdings["records"]}
    for name, share in shares.items():
        holdings[name] = {
            "count": fitness.holdings[name],
            "share": None if share is None else float(share),
        }
    return {
        "holdings": holdings,
        "levels": fitness.counts_per_level(),
        "records": dict(sorted(fitness.levels.items())),
    }


def assess(store: GraphStore, report: Report | None = None) -> Fitness:
    """Return what the records of `store` hold and the level of each.

    The findings of the money and portal rules, and the records each is on, are `report`'s
    when it ran the `core` and `quality` groups; otherwise the rules are run here on the
    store's view and records.
    """
    rules = _rules()
    records = _records(_Statements.of(_store_quads(store)))
    if report is not None and set(RULE_GROUPS) <= set(report.shape_groups):
        chosen = [r for r in report.results if text(r.source_shape) in rules]
        found = [(text(r.source_shape), text(r.focus)) for r in chosen]
        places = {text(r.focus): set(report.records.get(r.focus, ())) for r in chosen}
        return _fitness(records, rules, found, places)
    view = (t for t in view_triples(store) if t.predicate in rules.reads)
    merged = (t for t in merged_triples(store) if t.predicate in rules.reads)
    found = rules.run(view, merged)
    graphs = _store_graphs(store, {focus for _, focus in found})
    return _fitness(records, rules, found, _files(graphs, records))


def assess_snapshot(snapshot: Snapshot) -> Fitness:
    """Return what the records of `snapshot` hold and the level of each, from its files alone.

    The rules are run on the snapshot's view and the records' statements it leaves out.
    """
    rules = _rules()
    quads = _parsed(_fact_lines(snapshot.quads_path), RdfFormat.N_QUADS)
    records = _records(_Statements.of(quads))
    wanted = {_token(predicate) for predicate in rules.reads}
    view = _parsed(_lines(snapshot.union_path, wanted), RdfFormat.N_TRIPLES)
    merged = _parsed(_lines(snapshot.merged_path, wanted), RdfFormat.N_TRIPLES)
    found = rules.run((quad.triple for quad in view), (quad.triple for quad in merged))
    graphs = _snapshot_graphs(snapshot.quads_path, {focus for _, focus in found})
    return _fitness(records, rules, found, _files(graphs, records))


def _files(graphs: dict[str, set[str]], records: _Records) -> dict[str, set[str]]:
    """Return the record files of the graphs that describe each focus node."""
    return {
        focus: {records.by_graph[graph].file for graph in named if graph in records.by_graph}
        for focus, named in graphs.items()
    }


# -- the rules -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rules:
    """The money and portal rules (shape IRIs), compiled to run, and the properties they read."""

    money: frozenset[str]
    portal: frozenset[str]
    compiled: Compiled
    reads: frozenset[NamedNode]

    def __contains__(self, shape: object) -> bool:
        return shape in self.money or shape in self.portal

    def run(self, view: Iterable[Triple], merged: Iterable[Triple]) -> list[tuple[str, str]]:
        """Return the (shape, focus) of each finding on the view and the records' statements.

        `view` holds each triple once; `merged` may repeat them, as validation reads both.
        """
        index = DataIndex(view, unique=True, more=merged)
        return [
            (text(finding.source_shape), text(finding.focus))
            for finding in run(self.compiled, index)
        ]


@cache
def _rules() -> _Rules:
    """Choose the money and portal rules among the shapes of RULE_GROUPS (module docstring)."""
    compiled = compile_shapes(load_shapes(RULE_GROUPS))
    money, portal = [], []
    for shape in compiled.shapes:
        reads = _reads(shape)
        if shape.severity in ("Violation", "Warning") and (
            reads & MONEY_PROPERTIES or KG.MonetaryAmount in shape.target_classes
        ):
            money.append(shape)
        elif (
            shape.severity == "Violation"
            and reads & PORTAL_PROPERTIES
            and not LEFT_OUT & set(shape.target_classes)
        ):
            portal.append(shape)
    chosen = tuple(money + portal)
    checks = [check for shape in chosen for check in _sparql_checks(shape)]
    return _Rules(
        money=frozenset(text(shape.node) for shape in money),
        portal=frozenset(text(shape.node) for shape in portal),
        compiled=Compiled(chosen, _sparql_predicates(checks)),
        reads=frozenset({RDF.type, RDFS.subClassOf}.union(*(_reads(shape) for shape in chosen))),
    )


def _sparql_predicates(checks: list[SparqlCheck]) -> frozenset[NamedNode] | None:
    """Return what the SPARQL checks read: these predicates, or (None) every triple."""
    if any(check.predicates is None for check in checks):
        return None
    return frozenset(p for check in checks for p in check.predicates or ())


def _reads(shape: Shape) -> set[NamedNode]:
    """Return every property `shape` reads: its path, its targets', its SPARQL query's."""
    found = {*predicates(shape.path), *shape.target_subjects_of, *shape.target_objects_of}
    for check in _sparql_checks(shape):
        found |= check.predicates or set()
    for constraint in shape.constraints:
        parameter = constraint.parameter
        if isinstance(parameter, NamedNode):  # sh:lessThanOrEquals, sh:equals...
            found.add(parameter)
        for nested in parameter if isinstance(parameter, tuple) else (parameter,):
            if isinstance(nested, Shape):
                found |= _reads(nested)
    return found


def _sparql_checks(shape: Shape) -> Iterator[SparqlCheck]:
    for constraint in shape.constraints:
        if isinstance(constraint.parameter, SparqlCheck):
            yield constraint.parameter


# -- what each record's graph says ----------------------------------------------------------

_Values = dict[tuple[str, str], list[str]]  # (subject, property) -> values, all as text


class _Statements:
    """What the fitness reads of the named graphs: graph -> (subject, property) -> values.

    Terms are kept as their text (IRIs too: a pyoxigraph term hashes slowly), a long text only
    as whether it is empty (its first character).
    """

    def __init__(self) -> None:
        self.graphs: dict[str, _Values] = {}

    @classmethod
    def of(cls, quads: Iterable[Quad]) -> _Statements:
        """Gather the statements of `quads` that are in named graphs."""
        statements = cls()
        graphs = statements.graphs
        for subject, predicate, obj, graph in quads:
            if not isinstance(graph, NamedNode):
                continue
            values = graphs.get(graph.value)
            if values is None:
                values = graphs[graph.value] = {}
            text, property_iri = obj.value, predicate.value
            if property_iri in _TEXTS:
                text = text[:1]
            values.setdefault((subject.value, property_iri), []).append(text)
        return statements

    def everywhere(self, predicate: NamedNode) -> Iterator[tuple[str, str]]:
        """Yield (subject, value) of `predicate` in every graph."""
        for values in self.graphs.values():
            for (subject, each), found in values.items():
                if each == predicate.value:
                    yield from ((subject, value) for value in found)


@dataclass(frozen=True)
class _Record:
    """What one record's graph gives of what the levels and the holdings ask."""

    file: str
    truncated: bool = False
    title: bool = False
    year: bool = False
    programme: bool = False
    library: str | None = None
    library_name: bool = False
    isil: bool = False
    business_id: bool = False
    with_money: bool = False
    with_dates: bool = False
    description: bool = False

    @property
    def identified(self) -> bool:
        return self.isil or self.business_id

    @property
    def core(self) -> bool:
        return self.title and self.year and self.identified

    @property
    def shows_all(self) -> bool:
        """Whether it gives all the open release shows of it (the portal level's fields)."""
        return (
            self.programme
            and self.library_name
            and self.business_id
            and self.description
            and not self.truncated
        )


@dataclass(frozen=True)
class _Records:
    """Each record graph's _Record, and the record graphs whose library has a registry link."""

    by_graph: dict[str, _Record]
    linked: frozenset[str]


def _records(statements: _Statements) -> _Records:
    """Return what each record graph gives (a graph without a source record is none)."""
    by_graph = {}
    for graph, values in statements.graphs.items():
        typed: dict[str, list[str]] = defaultdict(list)
        for (subject, predicate), found in values.items():
            if predicate == RDF.type.value:
                for cls in found:
                    typed[cls].append(subject)
        if typed[KG.SourceRecord.value]:
            by_graph[graph] = _record(values, typed)
    merged_into = dict(statements.everywhere(KG.mergedInto))
    nodes = _linked(statements)
    linked = {
        graph
        for graph, record in by_graph.items()
        if record.library is not None and merged_into.get(record.library, record.library) in nodes
    }
    return _Records(by_graph, frozenset(linked))


def _record(values: _Values, typed: dict[str, list[str]]) -> _Record:
    def first(subject: str | None, predicate: NamedNode) -> str | None:
        found = values.get((subject, predicate.value)) if subject is not None else None
        return min(found) if found else None

    def filled(subject: str | None, predicate: NamedNode) -> bool:
        return subject is not None and any(values.get((subject, predicate.value), ()))

    node = min(typed[KG.SourceRecord.value])
    projects = typed[KG.Project.value]
    project = min(projects) if projects else None
    library = first(project, KG.applicant)
    return _Record(
        file=first(node, KG.sourceFile) or node,
        truncated=first(node, KG.truncated) in ("true", "1"),
        title=filled(project, DCT.title),
        year=filled(project, KG.callYear),
        programme=filled(project, KG.programmeAsWritten),
        library=library,
        library_name=filled(library, SCHEMA.name),
        isil=filled(library, KG.isil),
        business_id=filled(first(library, ORG.unitOf), KG.businessId),
        with_money=bool(typed[KG.MonetaryAmount.value]),
        with_dates=filled(project, SCHEMA.startDate) or filled(project, SCHEMA.endDate),
        description=filled(project, SCHEMA.description) or filled(project, KG.goal),
    )


def _linked(statements: _Statements) -> set[str]:
    """Return the nodes with a registry link (the rdf:subject of a kg:LinkEvidence)."""
    evidence = {
        subject for subject, cls in statements.everywhere(RDF.type) if cls == KG.LinkEvidence.value
    }
    return {node for subject, node in statements.everywhere(RDF.subject) if subject in evidence}


# -- levels and holdings ----------------------------------------------------------------------


def _fitness(
    records: _Records,
    rules: _Rules,
    findings: list[tuple[str, str]],
    places: dict[str, set[str]],
) -> Fitness:
    """Return the holdings and levels of `records`, given the rules' findings and their records.

    `places` gives the record files each finding's focus node is described in.
    """
    blocked: dict[str, set[str]] = defaultdict(set)  # record file -> "money", "portal"
    for shape, focus in findings:
        kind = "money" if shape in rules.money else "portal"
        for file in places.get(focus, ()):
            blocked[file].add(kind)
    levels = {
        record.file: _level(record, blocked[record.file], graph in records.linked)
        for graph, record in records.by_graph.items()
    }
    chosen = list(records.by_graph.values())
    return Fitness(_holdings(chosen, len(records.linked)), dict(sorted(levels.items())))


def _holdings(records: list[_Record], linked: int) -> dict[str, int]:
    """Return what `records` hold, `linked` of them linked (module docstring)."""
    return {
        "records": len(records),
        "cut_off": sum(record.truncated for record in records),
        "with_money": sum(record.with_money for record in records),
        "with_dates": sum(record.with_dates for record in records),
        "with_identifiers": sum(record.identified for record in records),
        "linked": linked,
    }


def _level(record: _Record, blocked: set[str], linked: bool) -> str:
    """Return the highest level `record` reaches (module docstring)."""
    if not record.core:
        return "none"
    if not record.with_money or "money" in blocked:
        return "core"
    if not record.shows_all or "portal" in blocked:
        return "money"
    return "linked" if linked else "portal"


def _share(count: int, total: int) -> Decimal | None:
    if total == 0:
        return None
    return (Decimal(count) / Decimal(total)).quantize(SHARE_PLACES, rounding=ROUND_HALF_EVEN)


def _integer(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)


# -- reading a store --------------------------------------------------------------------------


def _store_quads(store: GraphStore) -> Iterator[Quad]:
    """Yield the quads of the named graphs that the fitness reads."""
    oxigraph = store.oxigraph
    for predicate in _FACT_PROPERTIES:
        for quad in oxigraph.quads_for_pattern(None, predicate, None, None):
            if not isinstance(quad.graph_name, DefaultGraph):
                yield quad
    for cls in _FACT_CLASSES:
        for quad in oxigraph.quads_for_pattern(None, RDF.type, cls, None):
            if not isinstance(quad.graph_name, DefaultGraph):
                yield quad


def _store_graphs(store: GraphStore, focuses: set[str]) -> dict[str, set[str]]:
    """Return the named graphs that describe each of `focuses` (it is a subject there)."""
    graphs: dict[str, set[str]] = {}
    for focus in focuses:
        try:
            node = NamedNode(focus)
        except ValueError:  # not an IRI: no record's node
            continue
        quads = store.oxigraph.quads_for_pattern(node, None, None, None)
        graphs[focus] = {
            quad.graph_name.value for quad in quads if isinstance(quad.graph_name, NamedNode)
        }
    return graphs


# -- reading a snapshot's files ---------------------------------------------------------------


def _token(term: NamedNode) -> bytes:
    """Return `term` as N-Triples writes it."""
    return f"<{term.value}>".encode()


def _lines(path: Path, predicates: set[bytes]) -> Iterator[bytes]:
    """Yield the lines of an N-Triples or N-Quads file whose predicate is one of `predicates`.

    Subjects and predicates hold no space, so the line is split, not parsed.
    """
    if not path.exists():
        return
    with path.open("rb") as lines:
        for line in lines:
            if line.split(b" ", 2)[1] in predicates:
                yield line


def _fact_lines(path: Path) -> Iterator[bytes]:
    """Yield the lines of an N-Quads file that the fitness reads (as `_store_quads`)."""
    properties = {_token(predicate) for predicate in _FACT_PROPERTIES}
    classes = {_token(cls) for cls in _FACT_CLASSES}
    type_token = _token(RDF.type)
    for line in _lines(path, properties | {type_token}):
        parts = line.split(b" ", 3)
        if parts[1] != type_token or parts[2] in classes:
            yield line


def _parsed(lines: Iterable[bytes], fmt: RdfFormat) -> Iterator[Quad]:
    """Parse `lines` a few thousand at a time."""
    batch: list[bytes] = []
    for line in lines:
        batch.append(line)
        if len(batch) == _PARSE_LINES:
            yield from parse(b"".join(batch), format=fmt)
            batch = []
    if batch:
        yield from parse(b"".join(batch), format=fmt)


def _snapshot_graphs(path: Path, focuses: set[str]) -> dict[str, set[str]]:
    """Return the named graphs of an N-Quads file that describe each of `focuses`."""
    wanted: dict[bytes, str] = {f"<{focus}>".encode(): focus for focus in focuses}
    graphs: dict[str, set[str]] = defaultdict(set)
    if not wanted or not path.exists():
        return graphs
    with path.open("rb") as lines:
        for line in lines:
            focus = wanted.get(line.split(b" ", 1)[0])
            if focus is not None:
                graph = line[:-3].rsplit(b" ", 1)[1]  # "... <graph> .\n"
                graphs[focus].add(graph[1:-1].decode())
    return graphs
