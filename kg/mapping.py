"""Record -> quads in the record's own named graph; the identity of shared nodes across records.

    library_index(records, minter)      -> LibraryIndex: the libraries named, by name
    map_record(record, source, context) -> the quads of one record, in its named graph

One small function per kind of node, each adding to the record's graph: the source record and
its provenance, the project, the library and its legal body, the contact person, the
application, the final report, the grant, the partnerships. Shared nodes (a library, a legal
body, a programme) get the same IRI in every record that names them, and each record graph
asserts what that record says of them, so values that disagree stay side by side, each in the
graph of the record it came from.

A library is known by its ISIL, else by its legal body's business ID and its name. Some pages
(2018) give neither, only the library's name and address: such a library is the one of the
same name that other records identify, when exactly one does and the postal areas (the first
three digits of the postal codes) agree; else it gets an IRI of its own ("unidentified").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import NamedTuple

from pyoxigraph import Literal, NamedNode, Quad

from kg.iris import Minter
from kg.language import detect_language_or
from kg.partners import split_partners
from kg.records.model import Record
from kg.records.values import collapse_spaces
from kg.reference import PROGRAMMES, programme_key
from kg.vocab import DCT, FRAPO, KG, ORG, PROV, RDF, ROV, SCHEMA, XSD

Object = NamedNode | Literal


@dataclass(frozen=True)
class SourceInfo:
    """Where a record was read from: file name, SHA-256 of its bytes, page URL if known."""

    name: str
    sha256: str
    page_url: str | None = None


@dataclass(frozen=True)
class MappingContext:
    """What every record of one build is mapped with."""

    minter: Minter
    read_at: datetime
    tool_version: str
    libraries: LibraryIndex = field(default_factory=lambda: LibraryIndex({}, {}))


class SectionRule(NamedTuple):
    """A free-text section of the record and the project property that holds it."""

    section: str
    predicate: NamedNode


class AmountRule(NamedTuple):
    """A money field of the record, the property that holds it and its kind of amount."""

    field: str
    segment: str
    predicate: NamedNode
    amount_type: NamedNode


SECTION_RULES = (
    SectionRule("goal", KG.goal),
    SectionRule("indicators", KG.indicators),
    SectionRule("description", SCHEMA.description),
    SectionRule("partners", KG.partnersText),
    SectionRule("working_group", KG.workingGroup),
    SectionRule("previous_projects", KG.previousProjects),
    SectionRule("activities_and_evaluation", KG.activitiesAndEvaluation),
    SectionRule("publications", KG.publications),
    SectionRule("assessment", KG.assessment),
    SectionRule("follow_up", KG.followUp),
    SectionRule("additional_info", KG.additionalInformation),
    SectionRule("region", KG.region),
    SectionRule("target_area", KG.targetArea),
)

APPLICATION_RULES = (
    AmountRule("requested", "requested", KG.requested, KG.RequestedAmount),
    AmountRule("own_funding", "own-funding", KG.ownFunding, KG.OwnFundingAmount),
    AmountRule("total_budget", "total-budget", KG.totalBudget, KG.TotalBudgetAmount),
    AmountRule(
        "other_applied", "other-applied", KG.otherGrantsApplied, KG.OtherGrantsAppliedAmount
    ),
    AmountRule(
        "other_received", "other-received", KG.otherGrantsReceived, KG.OtherGrantsReceivedAmount
    ),
)

REALIZED_RULES = (
    AmountRule(
        "total_budget", "total-budget", KG.realizedTotalBudget, KG.RealizedTotalBudgetAmount
    ),
    AmountRule("own_funding", "own-funding", KG.realizedOwnFunding, KG.RealizedOwnFundingAmount),
    AmountRule(
        "external_funding", "external-funding", KG.externalFunding, KG.ExternalFundingAmount
    ),
    AmountRule(
        "partner_contribution",
        "partner-contribution",
        KG.partnerContribution,
        KG.PartnerContributionAmount,
    ),
)

GRANT_RULES = (AmountRule("granted", "granted", KG.granted, KG.GrantedAmount),)

STATISTICS_RULES = (
    ("trainings", KG.trainings),
    ("training_participants", KG.trainingParticipants),
    ("events", KG.events),
    ("event_participants", KG.eventParticipants),
)


def name_key(name: str) -> str:
    """Return the form in which two names count as the same: spaces collapsed, case folded."""
    return collapse_spaces(name).casefold()


def library_iri(record: Record, minter: Minter) -> NamedNode:
    """Return the IRI of the library that a record names, from that record alone."""
    library = record.library
    return minter.library(library.isil, library.business_id, library.name)


@dataclass(frozen=True)
class LibraryIndex:
    """The libraries the records of one build identify (by ISIL or business ID), by name."""

    identified: Mapping[str, list[NamedNode]]  # name key -> the IRIs carrying it, first seen first
    areas: Mapping[NamedNode, frozenset[str]]  # an identified library's postal areas (3 digits)
    named: Mapping[str, NamedNode] = field(default_factory=dict)  # unidentified, by name key

    def get(self, key: str) -> NamedNode | None:
        """Return the library a partner name (a name key) stands for: identified ones first."""
        iris = self.identified.get(key)
        return iris[0] if iris else self.named.get(key)

    def applicant(self, record: Record, minter: Minter) -> NamedNode:
        """Return the IRI of the record's library.

        A record that gives only the library's name gets the library of that name that other
        records identify, when exactly one does and it is in the same postal area.
        """
        library = record.library
        if library.isil or library.business_id or not library.name:
            return library_iri(record, minter)
        iris = self.identified.get(name_key(library.name), [])
        if len(iris) == 1:
            areas = self.areas.get(iris[0], frozenset())
            if not library.postal_code or not areas or _area(library.postal_code) in areas:
                return iris[0]
        return library_iri(record, minter)


def _area(postal_code: str) -> str:
    return postal_code.strip()[:3]


def library_index(records: Iterable[Record], minter: Minter) -> LibraryIndex:
    """Index the libraries `records` name, by name (see LibraryIndex)."""
    identified: dict[str, list[NamedNode]] = defaultdict(list)
    areas: dict[NamedNode, set[str]] = defaultdict(set)
    named: dict[str, NamedNode] = {}
    for record in records:
        library = record.library
        if not library.name:
            continue
        key, iri = name_key(library.name), library_iri(record, minter)
        if library.isil or library.business_id:
            if iri not in identified[key]:
                identified[key].append(iri)
            if library.postal_code:
                areas[iri].add(_area(library.postal_code))
        else:
            named.setdefault(key, iri)
    return LibraryIndex(
        dict(identified), {iri: frozenset(found) for iri, found in areas.items()}, named
    )


def map_record(record: Record, source: SourceInfo, context: MappingContext) -> list[Quad]:
    """Return the quads of one record, all in the named graph of its source record."""
    graph = _Graph(context.minter.record(source.name), record.label_language, context.minter)
    library = context.libraries.applicant(record, context.minter)
    identified_elsewhere = library != library_iri(record, context.minter)
    project = context.minter.project(record.year, record.title, library, source.page_url)
    _source_record(graph, record, source, context)
    _project(graph, project, record, context)
    _library(graph, library, record, context.minter, identified_elsewhere=identified_elsewhere)
    graph.add(project, KG.applicant, library)
    _contact(graph, project, record)
    _application(graph, project, record)
    _report(graph, project, record)
    _grant(graph, project, record, context.minter)
    _partnerships(graph, project, record, context)
    _text_languages(graph, project)
    return graph.quads


class _Graph:
    """The quads of one record graph, with helpers for the literals we write."""

    def __init__(self, name: NamedNode, fallback_language: str, minter: Minter) -> None:
        self.name = name
        self.fallback_language = fallback_language
        self.minter = minter
        self.quads: list[Quad] = []

    def child(self, parent: NamedNode, *segments: str) -> NamedNode:
        return self.minter.child(parent, *segments)

    def add(self, subject: NamedNode, predicate: NamedNode, obj: Object | None) -> None:
        if obj is not None:
            self.quads.append(Quad(subject, predicate, obj, self.name))

    def types(self, subject: NamedNode, *classes: NamedNode) -> None:
        for cls in classes:
            self.add(subject, RDF.type, cls)

    def text(self, value: str | None) -> Literal | None:
        """Return a text literal in the language it is written in (else the label language)."""
        if value is None:
            return None
        return Literal(value, language=detect_language_or(value, self.fallback_language))


def _string(value: str | None) -> Literal | None:
    return None if value is None else Literal(value)


def _typed(value: object, datatype: NamedNode) -> Literal | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return Literal("true" if value else "false", datatype=datatype)
    if isinstance(value, date):
        return Literal(value.isoformat(), datatype=datatype)
    return Literal(str(value), datatype=datatype)


def _source_record(
    graph: _Graph, record: Record, source: SourceInfo, context: MappingContext
) -> None:
    node = graph.name
    graph.types(node, KG.SourceRecord, PROV.Entity)
    graph.add(node, KG.sourceFile, Literal(record.source))
    graph.add(node, KG.sha256, Literal(source.sha256))
    if source.page_url:
        graph.add(node, PROV.wasDerivedFrom, NamedNode(source.page_url))
    read_at = context.read_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    graph.add(node, PROV.generatedAtTime, Literal(read_at, datatype=XSD.dateTime))
    graph.add(node, KG.toolVersion, Literal(context.tool_version))
    graph.add(node, KG.labelLanguage, Literal(record.label_language))
    graph.add(node, KG.truncated, _typed(record.truncated, XSD.boolean))
    graph.add(node, KG.truncatedFragment, _string(record.truncated_fragment))
    for warning in record.warnings:
        graph.add(node, KG.parseWarning, Literal(f"line {warning.line}: {warning.message}"))
    for path, text in sorted(record.raw.items()):
        raw = graph.child(node, "raw", path)
        graph.add(node, KG.rawValue, raw)
        graph.types(raw, KG.RawValue)
        graph.add(raw, KG.fieldPath, Literal(path))
        graph.add(raw, KG.originalText, Literal(text))
    for number, extra in enumerate(record.extra, start=1):
        node_extra = graph.child(node, "extra", str(number))
        graph.add(node, KG.extraField, node_extra)
        graph.types(node_extra, KG.ExtraField)
        graph.add(node_extra, KG.fieldLabel, Literal(extra.label))
        graph.add(node_extra, KG.originalText, _string(extra.text))
        graph.add(node_extra, KG.line, _typed(extra.line, XSD.integer))


def _project(graph: _Graph, project: NamedNode, record: Record, context: MappingContext) -> None:
    graph.types(project, KG.Project, SCHEMA.Project)
    graph.add(project, PROV.wasDerivedFrom, graph.name)
    graph.add(project, DCT.title, graph.text(record.title))
    graph.add(project, KG.callYear, Literal(f"{record.year:04d}", datatype=XSD.gYear))
    graph.add(project, KG.programmeAsWritten, Literal(record.programme))
    graph.add(project, KG.funded, _typed(record.funded, XSD.boolean))
    graph.add(project, KG.fundingCall, _call(graph, record, context.minter))
    graph.add(project, KG.imageCredit, _string(record.image_credit))
    graph.add(project, SCHEMA.startDate, _typed(record.start_date, XSD.date))
    graph.add(project, SCHEMA.endDate, _typed(record.end_date, XSD.date))
    for tag in record.tags:
        graph.add(project, KG.tag, Literal(tag))
    for rule in SECTION_RULES:
        graph.add(project, rule.predicate, graph.text(record.sections.get(rule.section)))


def _text_languages(graph: _Graph, project: NamedNode) -> None:
    """State the languages the project's texts are written in (its own and its decision's).

    Asked for often ("the Swedish-language projects"), and a query that finds them by the
    language tag of every text reads each literal of every project: too slow on a large graph.
    """
    languages = {
        quad.object.language
        for quad in graph.quads
        if (quad.subject == project or quad.predicate == KG.decisionText)
        and isinstance(quad.object, Literal)
        and quad.object.language
    }
    for language in sorted(languages):
        graph.add(project, SCHEMA.inLanguage, Literal(language))


def _call(graph: _Graph, record: Record, minter: Minter) -> NamedNode:
    """Add the annual call of the record's programme; the programme's own facts are reference."""
    key = programme_key(record.programme)
    call = minter.call(key, record.year)
    programme = minter.programme(key)
    graph.types(call, KG.FundingCall)
    graph.add(call, KG.programme, programme)
    graph.add(call, KG.callYear, Literal(f"{record.year:04d}", datatype=XSD.gYear))
    graph.types(programme, KG.FundingProgramme, SCHEMA.FundingScheme)
    if key not in PROGRAMMES:
        graph.add(programme, SCHEMA.name, Literal(record.programme))
    return call


def _library(
    graph: _Graph, node: NamedNode, record: Record, minter: Minter, *, identified_elsewhere: bool
) -> None:
    """Add the library; one that other records identify is not said to lack identifiers."""
    library = record.library
    graph.types(node, KG.Library, SCHEMA.Library, ORG.OrganizationalUnit)
    graph.add(node, SCHEMA.name, graph.text(library.name))
    graph.add(node, KG.isil, _string(library.isil))
    graph.add(node, SCHEMA.telephone, _string(library.phone))
    graph.add(node, SCHEMA.email, _string(library.email))
    if library.isil is None and not identified_elsewhere:
        graph.add(node, KG.lacksIdentifier, KG.ISIL)
    if library.street_address or library.postal_code:
        address = minter.child(node, "address")
        graph.add(node, SCHEMA.address, address)
        graph.types(address, SCHEMA.PostalAddress)
        graph.add(address, SCHEMA.streetAddress, _string(library.street_address))
        graph.add(address, SCHEMA.postalCode, _string(library.postal_code))
        graph.add(address, SCHEMA.addressCountry, Literal("FI"))
    if library.business_id:
        body = minter.legal_body(library.business_id)
        graph.add(node, ORG.unitOf, body)
        graph.types(
            body, KG.LegalBody, KG.Organisation, ROV.RegisteredOrganization, ORG.Organization
        )
        graph.add(body, KG.businessId, Literal(library.business_id))
    elif not identified_elsewhere:
        graph.add(node, KG.lacksIdentifier, KG.BusinessID)


def _contact(graph: _Graph, project: NamedNode, record: Record) -> None:
    contact = record.contact
    if not (contact.name or contact.phone or contact.email):
        return
    node = graph.child(project, "contact")
    graph.add(project, SCHEMA.contactPoint, node)
    graph.types(node, KG.ContactPerson, SCHEMA.ContactPoint)
    graph.add(node, SCHEMA.name, _string(contact.name))
    graph.add(node, SCHEMA.telephone, _string(contact.phone))
    graph.add(node, SCHEMA.email, _string(contact.email))


def _amounts(graph: _Graph, owner: NamedNode, values: object, rules: Iterable[AmountRule]) -> None:
    for rule in rules:
        value: Decimal | None = getattr(values, rule.field)
        if value is None:
            continue
        amount = graph.child(owner, rule.segment)
        graph.add(owner, rule.predicate, amount)
        graph.types(amount, KG.MonetaryAmount, SCHEMA.MonetaryAmount)
        graph.add(amount, SCHEMA.value, Literal(str(value), datatype=XSD.decimal))
        graph.add(amount, SCHEMA.currency, Literal("EUR"))
        graph.add(amount, KG.amountType, rule.amount_type)


def _application(graph: _Graph, project: NamedNode, record: Record) -> None:
    application = record.application
    if all(getattr(application, rule.field) is None for rule in APPLICATION_RULES):
        return
    node = graph.child(project, "application")
    graph.add(project, KG.application, node)
    graph.types(node, KG.Application, FRAPO.FundingApplication)
    _amounts(graph, node, application, APPLICATION_RULES)


def _report(graph: _Graph, project: NamedNode, record: Record) -> None:
    realized, statistics = record.realized, record.statistics
    counts = [(predicate, getattr(statistics, name)) for name, predicate in STATISTICS_RULES]
    amounts = [getattr(realized, rule.field) for rule in REALIZED_RULES]
    if all(value is None for _, value in counts) and all(value is None for value in amounts):
        return
    node = graph.child(project, "report")
    graph.add(project, KG.report, node)
    graph.types(node, KG.ProjectReport)
    _amounts(graph, node, realized, REALIZED_RULES)
    for predicate, count in counts:
        graph.add(node, predicate, _typed(count, XSD.integer))


def _grant(graph: _Graph, project: NamedNode, record: Record, minter: Minter) -> None:
    """Add the grant of a funded project (or one with a granted amount) and the decision text."""
    if record.funded is not True and record.granted is None:
        graph.add(project, KG.decisionText, graph.text(record.decision_text))
        return
    node = graph.child(project, "grant")
    graph.add(project, SCHEMA.funding, node)
    graph.types(node, KG.Grant, SCHEMA.MonetaryGrant, FRAPO.Grant)
    graph.add(node, SCHEMA.fundedItem, project)
    key = programme_key(record.programme)
    graph.add(node, KG.fundingCall, minter.call(key, record.year))
    programme = PROGRAMMES.get(key)
    if programme and programme.authority:
        graph.add(node, SCHEMA.funder, minter.reference_organisation(programme.authority))
    graph.add(node, KG.decisionText, graph.text(record.decision_text))
    _amounts(graph, node, record, GRANT_RULES)
    if record.granted is not None:  # schema.org readers see the grant's amount too
        graph.add(node, SCHEMA.amount, graph.child(node, GRANT_RULES[0].segment))


def _partnerships(
    graph: _Graph, project: NamedNode, record: Record, context: MappingContext
) -> None:
    """Split the partner sections into organisations, each linked through a partnership."""
    number = 0
    for section in ("partners", "working_group"):
        text = record.sections.get(section)
        if not text:
            continue
        for partner in split_partners(text):
            number += 1
            role = graph.child(project, "partner", str(number))
            graph.add(project, KG.partnership, role)
            graph.types(role, KG.Partnership, SCHEMA.Role)
            graph.add(role, KG.remark, _string(partner.remark))
            library = context.libraries.get(name_key(partner.name))
            if library is not None:
                graph.add(role, KG.partner, library)
                continue
            organisation = context.minter.named_organisation(partner.name)
            graph.add(role, KG.partner, organisation)
            graph.types(organisation, KG.Organisation, ORG.Organization, SCHEMA.Organization)
            graph.add(organisation, SCHEMA.name, graph.text(partner.name))
