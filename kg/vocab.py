"""Every namespace and term the code emits, in one place.

Each vocabulary is a closed `Namespace`: asking it for a term it does not list raises
AttributeError, so a typo fails at once instead of minting a stray IRI. The `KG` terms are the
ones `ontology/kg.ttl` declares; `tests/test_vocab.py` fails when the two disagree or when a
term lacks its labels in Finnish, Swedish or English.

    KG.Library            -> pyoxigraph.NamedNode("https://w3id.org/kirjasto-kg/ns#Library")
    SCHEMA.name.value     -> "http://schema.org/name"
"""

from __future__ import annotations

from pyoxigraph import NamedNode


class Namespace:
    """A vocabulary: its namespace IRI and the closed list of its terms."""

    def __init__(self, prefix: str, iri: str, terms: str) -> None:
        self.prefix = prefix
        self.iri = iri
        self.terms = frozenset(terms.split())
        self._nodes = {term: NamedNode(iri + term) for term in self.terms}

    def __getattr__(self, term: str) -> NamedNode:
        try:
            return self.__dict__["_nodes"][term]
        except KeyError:
            raise AttributeError(f"{self.prefix}:{term} is not a term of {self.iri}") from None

    def __getitem__(self, term: str) -> NamedNode:
        return getattr(self, term)

    def __contains__(self, iri: object) -> bool:
        text = iri.value if isinstance(iri, NamedNode) else str(iri)
        return text.startswith(self.iri) and text[len(self.iri) :] in self.terms


KG = Namespace(
    "kg",
    "https://w3id.org/kirjasto-kg/ns#",
    """
    Library Organisation LegalBody Municipality Funder GrantingAuthority
    FundingProgramme FundingCall Project Application ProjectReport Grant MonetaryAmount
    AmountType Partnership ContactPerson SourceRecord RawValue ExtraField IdentifierScheme

    callYear fundingCall funded programmeAsWritten applicant imageCredit tag
    goal indicators partnersText workingGroup previousProjects activitiesAndEvaluation
    publications assessment followUp additionalInformation region targetArea
    application report partnership
    requested ownFunding totalBudget otherGrantsApplied otherGrantsReceived
    realizedTotalBudget realizedOwnFunding externalFunding partnerContribution
    trainings trainingParticipants events eventParticipants
    granted decisionText amountType grantingAuthority programme
    isil businessId lacksIdentifier partner remark
    sourceFile sha256 toolVersion labelLanguage truncated truncatedFragment parseWarning
    rawValue extraField fieldPath originalText fieldLabel line

    AmountTypes RequestedAmount OwnFundingAmount TotalBudgetAmount OtherGrantsAppliedAmount
    OtherGrantsReceivedAmount RealizedTotalBudgetAmount RealizedOwnFundingAmount
    ExternalFundingAmount PartnerContributionAmount GrantedAmount
    IdentifierSchemes ISIL BusinessID
    """,
)

SCHEMA = Namespace(
    "schema",
    "http://schema.org/",
    """
    Library Organization GovernmentOrganization Project MonetaryGrant MonetaryAmount
    FundingScheme Role ContactPoint PostalAddress
    name description startDate endDate funder fundedItem funding amount value currency
    address streetAddress postalCode addressCountry telephone email contactPoint identifier
    """,
)
DCT = Namespace("dct", "http://purl.org/dc/terms/", "title identifier language source")
ORG = Namespace("org", "http://www.w3.org/ns/org#", "Organization OrganizationalUnit unitOf")
ROV = Namespace("rov", "http://www.w3.org/ns/regorg#", "RegisteredOrganization")
PROV = Namespace(
    "prov", "http://www.w3.org/ns/prov#", "Entity Activity wasDerivedFrom generatedAtTime"
)
FRAPO = Namespace("frapo", "http://purl.org/cerif/frapo/", "FundingApplication Grant")
VCARD = Namespace("vcard", "http://www.w3.org/2006/vcard/ns#", "Individual")
SKOS = Namespace(
    "skos",
    "http://www.w3.org/2004/02/skos/core#",
    """
    Concept ConceptScheme prefLabel definition inScheme notation hasTopConcept topConceptOf
    exactMatch closeMatch broadMatch narrowMatch relatedMatch
    """,
)
RDF = Namespace("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "type Property langString")
RDFS = Namespace(
    "rdfs",
    "http://www.w3.org/2000/01/rdf-schema#",
    "Class label comment subClassOf subPropertyOf domain range seeAlso",
)
OWL = Namespace(
    "owl",
    "http://www.w3.org/2002/07/owl#",
    """
    Ontology Class ObjectProperty DatatypeProperty NamedIndividual versionIRI versionInfo
    sameAs unionOf imports
    """,
)
SH = Namespace(
    "sh",
    "http://www.w3.org/ns/shacl#",
    """
    ValidationReport ValidationResult conforms result resultSeverity focusNode sourceShape
    sourceConstraintComponent resultPath value resultMessage name message severity
    Violation Warning Info
    """,
)
XSD = Namespace(
    "xsd",
    "http://www.w3.org/2001/XMLSchema#",
    "string decimal date gYear integer boolean dateTime",
)

VOCABULARIES = (KG, SCHEMA, DCT, ORG, ROV, PROV, FRAPO, VCARD, SKOS, SH, RDF, RDFS, OWL, XSD)

# The prefixes every serialisation binds, in this order.
PREFIXES = {vocabulary.prefix: vocabulary.iri for vocabulary in VOCABULARIES}
