"""Record -> quads in the record's own named graph.

    map_record(record, source, context) -> the quads of one record, in its named graph

One small function per kind of node, each adding to the record's graph: the source record and
its provenance, the project, the library and its legal body, the contact person, the
application, the final report, the grant, the partnerships. A record's graph says what its
page says and depends on that page alone: shared nodes (a library, a legal body, a
programme) get their IRIs from the record's own values (`kg.mapping.entities`), so two records that
give a library the same ISIL name the same node, and values that disagree stay side by side,
each in the graph of the record it came from. Which nodes of different records are one thing,
and the one value people read of each, is the consolidated graph's (`kg.consolidation`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import NamedTuple

from pyoxigraph import Literal, NamedNode, Quad

from kg.iris import Minter
from kg.mapping.entities import (
    LibraryFacts,
    PartnerFacts,
    RecordEntities,
    RecordLanguage,
    record_entities,
    text_literal,
)
from kg.mapping.reference import PROGRAMMES, programme_key
from kg.quads import QuadBuilder
from kg.records.model import Record
from kg.vocab import DCT, FRAPO, KG, ORG, PROV, ROV, SCHEMA, XSD


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

LEGAL_BODY_TYPES = (KG.LegalBody, KG.Organisation, ROV.RegisteredOrganization, ORG.Organization)

GRANT_RULES = (AmountRule("granted", "granted", KG.granted, KG.GrantedAmount),)

STATISTICS_RULES = (
    ("trainings", KG.trainings),
    ("training_participants", KG.trainingParticipants),
    ("events", KG.events),
    ("event_participants", KG.eventParticipants),
)


def map_record(record: Record, source: SourceInfo, context: MappingContext) -> list[Quad]:
    """Return the quads of one record, all in the named graph of its source record.

    They depend on the record alone (and the build's base, time and version): what depends
    on other records is the consolidated graph's (`kg.consolidation`).
    """
    entities = record_entities(record, context.minter)
    graph = _Graph(context.minter.record(source.name), entities.language, context.minter)
    library = entities.library.iri
    project = context.minter.project(record.year, record.title, library, source.page_url)
    _source_record(graph, record, source, context)
    _project(graph, project, record, context)
    _library(graph, entities.library)
    graph.add(project, KG.applicant, library)
    _contact(graph, project, record)
    _application(graph, project, record)
    _report(graph, project, record)
    _grant(graph, project, record, context.minter)
    _partnerships(graph, project, entities)
    _text_languages(graph, project)
    return graph.quads


class _Graph(QuadBuilder):
    """The quads of one record graph, with the IRIs and the text literals the record gives."""

    def __init__(self, name: NamedNode, fallback_language: RecordLanguage, minter: Minter) -> None:
        super().__init__(name)
        self.name = name
        self.fallback_language = fallback_language
        self.minter = minter

    def child(self, parent: NamedNode, *segments: str) -> NamedNode:
        """Return the IRI of a node under `parent` (`<parent>/<segments>`)."""
        return self.minter.child(parent, *segments)

    def text(self, value: str | None) -> Literal | None:
        """Return a text literal in the language it is written in (else the record's)."""
        if value is None:
            return None
        return text_literal(value, self.fallback_language)


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


def _library(graph: _Graph, library: LibraryFacts) -> None:
    """Add the library as the record names it, its address and its legal body."""
    node = library.iri
    graph.types(node, KG.Library, SCHEMA.Library, ORG.OrganizationalUnit)
    graph.add(node, SCHEMA.name, library.name)
    graph.add(node, KG.isil, _string(library.isil))
    graph.add(node, SCHEMA.telephone, _string(library.phone))
    graph.add(node, SCHEMA.email, _string(library.email))
    if library.isil is None:
        graph.add(node, KG.lacksIdentifier, KG.ISIL)
    if library.address is not None:
        address = library.address
        graph.add(node, SCHEMA.address, address.iri)
        graph.types(address.iri, SCHEMA.PostalAddress)
        graph.add(address.iri, SCHEMA.streetAddress, _string(address.street))
        graph.add(address.iri, SCHEMA.postalCode, _string(address.postal_code))
        graph.add(address.iri, SCHEMA.addressCountry, Literal("FI"))
    if library.legal_body is not None:
        body = library.legal_body
        graph.add(node, ORG.unitOf, body)
        graph.types(body, *LEGAL_BODY_TYPES)
        graph.add(body, KG.businessId, _string(library.business_id))
        graph.add(body, SCHEMA.name, library.legal_body_name)
    else:
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


def _partnerships(graph: _Graph, project: NamedNode, entities: RecordEntities) -> None:
    """Link the project to each partner its partner sections name, as classified.

    A named organisation or a municipal service is a node of its own; a kind of partner
    ("yhdistykset") is a concept of the partner kinds; a person is personal data, a node of
    the partnership's own; a name the page copy cut off is not read (the parser warned).
    The sections stay whole as written (kg:partnersText, kg:workingGroup).
    """
    for found in entities.partners:
        partner = found.partner
        if partner.category == "cut_off":
            continue
        role = graph.child(project, "partner", str(found.number))
        graph.add(project, KG.partnership, role)
        graph.types(role, KG.Partnership, SCHEMA.Role)
        graph.add(role, KG.remark, _string(partner.remark))
        if partner.kind is not None:
            graph.add(role, KG.partnerKind, graph.minter.partner_kind(partner.kind))
        if partner.category == "kind":
            graph.add(role, KG.nameAsWritten, found.name)
        elif partner.category == "person":
            person = graph.child(role, "person")
            graph.add(role, KG.partnerPerson, person)
            graph.types(person, KG.PartnerPerson, SCHEMA.Person)
            graph.add(person, SCHEMA.name, found.name)
        elif found.node is not None:
            graph.add(role, KG.partner, found.node)
            _partner_organisation(graph, found, entities.library)


def _partner_organisation(graph: _Graph, found: PartnerFacts, library: LibraryFacts) -> None:
    node = found.node
    assert node is not None
    if found.partner.business_id:
        graph.types(node, *LEGAL_BODY_TYPES)
        graph.add(node, KG.businessId, Literal(found.partner.business_id))
    else:
        graph.types(node, KG.Organisation, ORG.Organization, SCHEMA.Organization)
    graph.add(node, SCHEMA.name, found.name)
    if found.partner.category == "municipal_unit":
        graph.types(node, ORG.OrganizationalUnit)
        graph.add(node, ORG.unitOf, library.legal_body)
