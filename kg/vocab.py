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
    PartnerPerson LibraryBranch StatedValue

    callYear fundingCall funded programmeAsWritten applicant imageCredit tag
    goal indicators partnersText workingGroup previousProjects activitiesAndEvaluation
    publications assessment followUp additionalInformation region targetArea
    application report partnership
    requested ownFunding totalBudget otherGrantsApplied otherGrantsReceived
    realizedTotalBudget realizedOwnFunding externalFunding partnerContribution
    trainings trainingParticipants events eventParticipants
    granted decisionText amountType grantingAuthority programme
    isil businessId lacksIdentifier partner remark partnerKind nameAsWritten partnerPerson
    mergedInto statedValue property
    sourceFile sha256 toolVersion labelLanguage truncated truncatedFragment parseWarning
    rawValue extraField fieldPath originalText fieldLabel line

    AmountTypes RequestedAmount OwnFundingAmount TotalBudgetAmount OtherGrantsAppliedAmount
    OtherGrantsReceivedAmount RealizedTotalBudgetAmount RealizedOwnFundingAmount
    ExternalFundingAmount PartnerContributionAmount GrantedAmount
    IdentifierSchemes ISIL BusinessID

    LinkEvidence key method score requestUrl registeredName

    RecordCount CutOffCount CutOffShare WithMoneyCount WithMoneyShare WithDatesCount
    WithDatesShare WithIdentifiersCount WithIdentifiersShare LinkedCount LinkedShare
    LevelNoneCount LevelCoreCount LevelMoneyCount LevelPortalCount LevelLinkedCount
    """,
)

SCHEMA = Namespace(
    "schema",
    "http://schema.org/",
    """
    Library Organization GovernmentOrganization Project MonetaryGrant MonetaryAmount
    FundingScheme Role ContactPoint PostalAddress Person
    name alternateName description startDate endDate funder fundedItem funding amount value currency
    address streetAddress postalCode addressCountry telephone email contactPoint identifier
    inLanguage sameAs url latitude longitude worksFor
    """,
)
DCT = Namespace(
    "dct",
    "http://purl.org/dc/terms/",
    """
    title identifier language source
    description publisher license issued modified spatial temporal conformsTo format type
    accessRights Location PeriodOfTime LicenseDocument LinguisticSystem MediaType
    MediaTypeOrExtent Standard RightsStatement
    """,
)
ORG = Namespace(
    "org", "http://www.w3.org/ns/org#", "Organization OrganizationalUnit unitOf hasUnit"
)
ROV = Namespace("rov", "http://www.w3.org/ns/regorg#", "RegisteredOrganization")
PROV = Namespace(
    "prov",
    "http://www.w3.org/ns/prov#",
    """
    Entity Activity wasDerivedFrom generatedAtTime
    SoftwareAgent wasGeneratedBy wasAssociatedWith startedAtTime
    """,
)
FRAPO = Namespace("frapo", "http://purl.org/cerif/frapo/", "FundingApplication Grant")
VCARD = Namespace(
    "vcard",
    "http://www.w3.org/2006/vcard/ns#",
    "Individual Kind Organization fn hasEmail hasURL",
)
SKOS = Namespace(
    "skos",
    "http://www.w3.org/2004/02/skos/core#",
    """
    Concept ConceptScheme prefLabel definition inScheme notation hasTopConcept topConceptOf
    exactMatch closeMatch broadMatch narrowMatch relatedMatch
    """,
)
RDF = Namespace(
    "rdf",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "type Property langString Statement subject predicate object value",
)
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
    "string decimal date gYear integer boolean dateTime hexBinary nonNegativeInteger anyURI",
)

VOCABULARIES = (KG, SCHEMA, DCT, ORG, ROV, PROV, FRAPO, VCARD, SKOS, SH, RDF, RDFS, OWL, XSD)

# The prefixes every serialisation binds, in this order.
PREFIXES = {vocabulary.prefix: vocabulary.iri for vocabulary in VOCABULARIES}


# -- the dataset description (DCAT-AP 3.0.1, VoID) -------------------------------------------
# Kept out of VOCABULARIES so that the graph's own files do not grow a dozen unused prefixes;
# the catalogue and VoID files bind CATALOG_PREFIXES.


class AuthorityTable(Namespace):
    """A code list published as a SKOS concept scheme: its concepts are `iri + code`."""

    def __init__(self, prefix: str, iri: str, terms: str, scheme: str | None = None) -> None:
        super().__init__(prefix, iri, terms)
        self.scheme = NamedNode(scheme or iri.rstrip("/"))

    def holds(self, iri: NamedNode) -> bool:
        """Return whether `iri` names a concept of this table (listed here or not)."""
        return iri.value.startswith(self.iri) and len(iri.value) > len(self.iri)


DCAT = Namespace(
    "dcat",
    "http://www.w3.org/ns/dcat#",
    """
    Catalog Dataset Distribution DataService
    dataset distribution service accessURL downloadURL mediaType byteSize keyword theme
    themeTaxonomy contactPoint landingPage startDate endDate endpointURL endpointDescription
    servesDataset bbox centroid
    """,
)
DCATAP = Namespace("dcatap", "http://data.europa.eu/r5r/", "availability")
FOAF = Namespace("foaf", "http://xmlns.com/foaf/0.1/", "Agent Organization Document name homepage")
SPDX = Namespace(
    "spdx",
    "http://spdx.org/rdf/terms#",
    """
    Checksum ChecksumAlgorithm checksum algorithm checksumValue checksumAlgorithm_sha256
    checksumAlgorithm_sha1
    """,
)
GEO = Namespace("geo", "http://www.opengis.net/ont/geosparql#", "wktLiteral")
DQV = Namespace(
    "dqv",
    "http://www.w3.org/ns/dqv#",
    """
    QualityMeasurement Metric Dimension hasQualityMeasurement isMeasurementOf value computedOn
    inDimension
    """,
)
VOID = Namespace(
    "void",
    "http://rdfs.org/ns/void#",
    """
    Dataset Linkset triples entities classes properties distinctSubjects distinctObjects
    classPartition propertyPartition class property exampleResource sparqlEndpoint uriSpace
    vocabulary dataDump subset linkPredicate subjectsTarget objectsTarget
    """,
)
# IANA media types: the term is the media type itself (IANA["text/turtle"]).
IANA = Namespace(
    "iana",
    "https://www.iana.org/assignments/media-types/",
    """
    text/turtle application/n-triples application/n-quads application/trig
    application/ld+json application/rdf+xml text/csv application/json application/csvm+json
    application/vnd.openxmlformats-officedocument.spreadsheetml.sheet
    """,
)
W3C_TR = Namespace(
    "w3ctr", "https://www.w3.org/TR/", "sparql11-protocol tabular-data-model tabular-metadata"
)
# What kg serve says of its SPARQL endpoint (a SPARQL 1.1 Service Description).
SD = Namespace(
    "sd",
    "http://www.w3.org/ns/sparql-service-description#",
    "Service endpoint supportedLanguage SPARQL11Query resultFormat defaultDataset Dataset "
    "defaultGraph Graph",
)
# The standards the release's tables follow (dct:conformsTo of their distributions): CSV on
# the Web (its context is the namespace without the "#") and Frictionless Data Package 2.0.
CSVW = Namespace("csvw", "http://www.w3.org/ns/csvw#", "")
FRICTIONLESS = Namespace(
    "frictionless",
    "https://datapackage.org/profiles/2.0/",
    "datapackage.json dataresource.json tableschema.json",
)
FORMATS = Namespace(
    "formats",
    "http://www.w3.org/ns/formats/",
    "SPARQL_Results_JSON SPARQL_Results_XML SPARQL_Results_CSV SPARQL_Results_TSV Turtle "
    "N-Triples JSON-LD RDF_XML",
)

# The EU authority tables (Publications Office) and the ADMS code lists that DCAT-AP names.
FILE_TYPE = AuthorityTable(
    "filetype",
    "http://publications.europa.eu/resource/authority/file-type/",
    "RDF_TURTLE RDF_N_TRIPLES RDF_N_QUADS RDF_TRIG JSON_LD RDF_XML CSV JSON XLSX",
)
LANGUAGE = AuthorityTable(
    "language", "http://publications.europa.eu/resource/authority/language/", "FIN SWE ENG"
)
LICENCE = AuthorityTable(
    "licence", "http://publications.europa.eu/resource/authority/licence/", "CC_BY_4_0 CC0"
)
DATA_THEME = AuthorityTable(
    "datatheme",
    "http://publications.europa.eu/resource/authority/data-theme/",
    "AGRI ECON EDUC ENER ENVI GOVE HEAL INTR JUST REGI SOCI TECH TRAN",
)
COUNTRY = AuthorityTable(
    "country", "http://publications.europa.eu/resource/authority/country/", "FIN"
)
PLANNED_AVAILABILITY = AuthorityTable(
    "availability",
    "http://publications.europa.eu/resource/authority/planned-availability/",
    "STABLE",
)
ACCESS_RIGHT = AuthorityTable(
    "accessright",
    "http://publications.europa.eu/resource/authority/access-right/",
    "PUBLIC NON_PUBLIC",
)
PUBLISHER_TYPE = AuthorityTable(
    "publishertype",
    "http://purl.org/adms/publishertype/",
    """
    Academia-ScientificOrganisation Company IndustryConsortium LocalAuthority NationalAuthority
    NonGovernmentalOrganisation NonProfitOrganisation PrivateIndividual(s) RegionalAuthority
    StandardisationBody SupraNationalAuthority
    """,
    scheme="http://purl.org/adms/publishertype/1.0",
)
LICENCE_TYPE = AuthorityTable(
    "licencetype",
    "http://purl.org/adms/licencetype/",
    "Attribution PublicDomain ShareAlike NonCommercialUse NoDerivativeWork",
    scheme="http://purl.org/adms/licencetype/1.0",
)

CATALOG_VOCABULARIES = (
    DCAT,
    DCATAP,
    FOAF,
    SPDX,
    GEO,
    VOID,
    DQV,
    FILE_TYPE,
    LANGUAGE,
    LICENCE,
    DATA_THEME,
    COUNTRY,
    PLANNED_AVAILABILITY,
    ACCESS_RIGHT,
    PUBLISHER_TYPE,
    LICENCE_TYPE,
)

# The prefixes the catalogue and VoID files may bind (those their triples use), in this order.
CATALOG_PREFIXES = {
    **PREFIXES,
    **{vocabulary.prefix: vocabulary.iri for vocabulary in CATALOG_VOCABULARIES},
}
