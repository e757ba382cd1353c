"""What the pages say about each other, read from the open union in bulk, once.

    data = SiteData.of(store, things)
    data.label(iri, "sv")           -> Text: the name of a thing in the language asked, or else
    data.projects[iri]              -> ProjectRow: a project as lists and charts show it
    data.projects_of_library[lib]   -> [project, ...] (and of a call, a record, ...)

Each relation is read with one pattern over the store's indexes (a predicate at a time), never
a query per page; the pages of the things then take from here what they show of others (a
library's projects, a partner's projects), and their own statements from their description.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from pyoxigraph import DefaultGraph, Literal, NamedNode, Store

from kg.site.describe import Things
from kg.vocab import DCT, KG, ORG, PROV, SCHEMA, SKOS

K = TypeVar("K")
V = TypeVar("V")
LABEL_ORDER = ("fi", "sv", "en", "")  # the languages a name is taken in, after the page's own


@dataclass(frozen=True)
class Text:
    """A text of the data with its language (None: a code, a number, a name in no language)."""

    value: str
    lang: str | None = None


@dataclass
class ProjectRow:
    """A project as the lists, tables and charts show it."""

    iri: NamedNode
    year: int | None = None
    library: NamedNode | None = None
    call: NamedNode | None = None
    programme: NamedNode | None = None
    funded: bool | None = None
    requested: Decimal | None = None
    granted: Decimal | None = None


@dataclass
class Partnership:
    """One partner a project names: the organisation (if known), its kind, the name as written."""

    project: NamedNode
    part: NamedNode
    partner: NamedNode | None
    kind: NamedNode | None
    written: Text | None


@dataclass
class SiteData:
    """The names of things and the relations between them that the pages show."""

    things: Things
    names: dict[NamedNode, dict[str, str]] = field(default_factory=dict)
    projects: dict[NamedNode, ProjectRow] = field(default_factory=dict)
    call_year: dict[NamedNode, int] = field(default_factory=dict)
    call_programme: dict[NamedNode, NamedNode] = field(default_factory=dict)
    business_id: dict[NamedNode, str] = field(default_factory=dict)
    source_file: dict[NamedNode, str] = field(default_factory=dict)
    isil: dict[NamedNode, str] = field(default_factory=dict)
    unit_of: dict[NamedNode, NamedNode] = field(default_factory=dict)
    record_page: dict[NamedNode, str] = field(default_factory=dict)  # record -> its page URL
    projects_of_library: dict[NamedNode, list[NamedNode]] = field(default_factory=dict)
    projects_of_call: dict[NamedNode, list[NamedNode]] = field(default_factory=dict)
    projects_of_record: dict[NamedNode, list[NamedNode]] = field(default_factory=dict)
    records_of_project: dict[NamedNode, list[NamedNode]] = field(default_factory=dict)
    calls_of_programme: dict[NamedNode, list[NamedNode]] = field(default_factory=dict)
    units_of_body: dict[NamedNode, list[NamedNode]] = field(default_factory=dict)
    partnerships: list[Partnership] = field(default_factory=list)
    partnerships_of: dict[NamedNode, list[Partnership]] = field(
        default_factory=dict
    )  # by partner, kind
    partnerships_by_project: dict[NamedNode, list[Partnership]] = field(default_factory=dict)
    programmes_of_org: dict[NamedNode, list[NamedNode]] = field(default_factory=dict)
    grants_of_org: dict[NamedNode, int] = field(default_factory=dict)

    @classmethod
    def of(cls, store: Store, things: Things) -> SiteData:
        """Read the names and relations of the things of `store`'s default graph."""
        data = cls(things)
        read = _Reader(store)
        for predicate in (SCHEMA.name, DCT.title, SKOS.prefLabel):
            for subject, obj in read.pairs(predicate):
                if isinstance(obj, Literal) and subject in things:
                    data.names.setdefault(subject, {}).setdefault(obj.language or "", obj.value)
        kinds = things.kind
        projects = {thing: ProjectRow(thing) for thing in things if kinds(thing) == "project"}
        data.projects = projects
        for subject, obj in read.pairs(KG.callYear):
            year = _integer(obj)
            if year is None:
                continue
            if subject in projects:
                projects[subject].year = year
            elif kinds(subject) == "call":
                data.call_year[subject] = year
        for subject, obj in read.pairs(KG.programme):
            if kinds(subject) == "call" and isinstance(obj, NamedNode):
                data.call_programme[subject] = obj
        amounts = {s: v for s, o in read.pairs(SCHEMA.value) if (v := _decimal(o)) is not None}
        requested = read.links(KG.requested)
        granted = read.links(KG.granted)
        applications = read.links(KG.application)
        grants = read.links(SCHEMA.funding)
        for subject, obj in read.pairs(KG.applicant):
            if subject in projects and isinstance(obj, NamedNode):
                projects[subject].library = obj
        for subject, obj in read.pairs(KG.fundingCall):
            if subject in projects and isinstance(obj, NamedNode):
                projects[subject].call = obj
        for subject, obj in read.pairs(KG.funded):
            if subject in projects and isinstance(obj, Literal):
                projects[subject].funded = obj.value == "true"
        for iri, row in projects.items():
            if row.call is not None:
                row.programme = data.call_programme.get(row.call)
            application = applications.get(iri)
            if application is not None and application in requested:
                row.requested = amounts.get(requested[application])
            grant = grants.get(iri)
            if grant is not None and grant in granted:
                row.granted = amounts.get(granted[grant])
        data.projects_of_library = _grouped((row.library, iri) for iri, row in projects.items())
        data.projects_of_call = _grouped((row.call, iri) for iri, row in projects.items())
        data.calls_of_programme = _grouped(
            (programme, call) for call, programme in data.call_programme.items()
        )
        for subject, obj in read.pairs(KG.businessId):
            if isinstance(obj, Literal) and subject in things:
                data.business_id[subject] = obj.value
        for subject, obj in read.pairs(KG.isil):
            if isinstance(obj, Literal) and subject in things:
                data.isil[subject] = obj.value
        for subject, obj in read.pairs(KG.sourceFile):
            if isinstance(obj, Literal) and kinds(subject) == "record":
                data.source_file[subject] = obj.value
        derived = []
        for subject, obj in read.pairs(PROV.wasDerivedFrom):
            if not isinstance(obj, NamedNode):
                continue
            if subject in projects and kinds(obj) == "record":
                derived.append((obj, subject))
            elif kinds(subject) == "record" and obj not in things:
                data.record_page.setdefault(subject, obj.value)
        data.projects_of_record = _grouped(derived)
        data.records_of_project = _grouped((project, record) for record, project in derived)
        for subject, obj in read.pairs(ORG.unitOf):
            if isinstance(obj, NamedNode) and subject in things and obj in things:
                data.unit_of[subject] = obj
        data.units_of_body = _grouped((body, unit) for unit, body in data.unit_of.items())
        data._read_partnerships(read, projects)
        funded_by = _grouped(
            (obj, subject)
            for predicate in (SCHEMA.funder, KG.grantingAuthority)
            for subject, obj in read.pairs(predicate)
            if kinds(subject) == "programme" and isinstance(obj, NamedNode)
        )
        data.programmes_of_org = {org: sorted(set(ps), key=_iri) for org, ps in funded_by.items()}
        grant_funders: dict[NamedNode, int] = defaultdict(int)
        for subject, obj in read.pairs(SCHEMA.funder):
            if isinstance(obj, NamedNode) and kinds(subject) is None:
                grant_funders[obj] += 1
        data.grants_of_org = dict(grant_funders)
        return data

    def _read_partnerships(self, read: _Reader, projects: dict[NamedNode, ProjectRow]) -> None:
        partners = dict(read.pairs(KG.partner))
        kinds = dict(read.pairs(KG.partnerKind))
        written = dict(read.pairs(KG.nameAsWritten))
        for project, part in read.pairs(KG.partnership):
            if project not in projects or not isinstance(part, NamedNode):
                continue
            partner, kind, name = partners.get(part), kinds.get(part), written.get(part)
            self.partnerships.append(
                Partnership(
                    project=project,
                    part=part,
                    partner=partner if isinstance(partner, NamedNode) else None,
                    kind=kind if isinstance(kind, NamedNode) else None,
                    written=Text(name.value, name.language) if isinstance(name, Literal) else None,
                )
            )
        self.partnerships.sort(key=lambda p: (p.project.value, _part_order(p.part.value)))
        self.partnerships_by_project = _grouped((p.project, p) for p in self.partnerships)
        self.partnerships_of = _grouped(
            (target, p)
            for p in self.partnerships
            for target in {p.partner, p.kind}
            if target is not None
        )

    def label(self, iri: NamedNode, lang: str) -> Text:
        """Return the name of a thing in `lang`, else in another language, else made from it."""
        names = self.names.get(iri)
        if names:
            for choice in (lang, *LABEL_ORDER):
                if choice in names:
                    return Text(names[choice], choice or None)
        kind = self.things.kind(iri)
        if kind == "call" and iri in self.call_year:
            programme = self.call_programme.get(iri)
            name = self.label(programme, lang) if programme is not None else None
            year = str(self.call_year[iri])
            return Text(f"{name.value} {year}", name.lang) if name else Text(year)
        if iri in self.business_id:
            return Text(self.business_id[iri])
        if iri in self.source_file:
            return Text(self.source_file[iri])
        return Text(iri.value[len(self.things.base) :])

    def sort_key(self, iri: NamedNode, lang: str = "fi") -> tuple[str, str]:
        """Return the key that sorts things by their name in `lang`, then by IRI."""
        return (self.label(iri, lang).value.casefold(), iri.value)

    def projects_by_year(self, projects: list[NamedNode]) -> Iterator[ProjectRow]:
        """Yield the rows of `projects`, newest year first, then by title."""
        rows = [self.projects[p] for p in projects if p in self.projects]
        rows.sort(key=lambda row: (-(row.year or 0), *self.sort_key(row.iri)))
        return iter(rows)


class _Reader:
    """Reads (subject, object) pairs of one predicate from the default graph."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.graph = DefaultGraph()

    def pairs(self, predicate: NamedNode) -> Iterator[tuple[NamedNode, object]]:
        """Yield (subject, object) of the statements of `predicate` about IRIs."""
        for quad in self.store.quads_for_pattern(None, predicate, None, self.graph):
            subject = quad.subject
            if isinstance(subject, NamedNode):
                yield subject, quad.object

    def links(self, predicate: NamedNode) -> dict[NamedNode, NamedNode]:
        """Return subject -> object of the statements of `predicate` between IRIs."""
        return {s: o for s, o in self.pairs(predicate) if isinstance(o, NamedNode)}


def _grouped(pairs: Iterable[tuple[K | None, V]]) -> dict[K, list[V]]:
    """Return {key: [values]} of (key, value) pairs, None keys left out, values in IRI order."""
    groups: dict[K, list[V]] = defaultdict(list)
    for key, value in pairs:
        if key is not None:
            groups[key].append(value)
    for values in groups.values():
        values.sort(key=_value_order)
    return dict(groups)


def _value_order(value: object) -> str:
    if isinstance(value, NamedNode):
        return value.value
    if isinstance(value, Partnership):
        return value.project.value + " " + value.part.value
    return str(value)


def _iri(node: NamedNode) -> str:
    return node.value


def _part_order(iri: str) -> tuple[str, int]:
    """Return a key that puts `partner/2` before `partner/10`."""
    head, _, tail = iri.rpartition("/")
    return (head, int(tail)) if tail.isdigit() else (iri, -1)


def _integer(term: object) -> int | None:
    if isinstance(term, Literal):
        try:
            return int(term.value[:4]) if term.value[:4].isdigit() else int(term.value)
        except ValueError:
            return None
    return None


def _decimal(term: object) -> Decimal | None:
    if isinstance(term, Literal):
        try:
            value = Decimal(term.value)
        except InvalidOperation:
            return None
        return value if value.is_finite() else None
    return None
