"""The dataset description of a release: a DCAT-AP 3 catalogue, its dataset and distributions.

    describe_release(store, files, config, info) -> the triples of the catalogue
    write_catalog(triples, folder)              -> [catalog.ttl, catalog.jsonld], written
    dataset_iri(info)                           -> the dataset's IRI (the VoID description's too)

Every value a portal checks against a code list is an IRI: languages, file types, licence,
themes, country, availability and access rights from the EU authority tables, media types from
IANA. Each is described inline with its class and its concept scheme, so that the DCAT-AP range
and vocabulary shapes can check it without loading the tables. The temporal coverage and the
dataset's languages come from the data, sizes and checksums from the files, and the only
clock is `info.issued`. Finland, the default place, comes with its bounding box and centre.

With a `Fitness` (`kg.validation.fitness`), the dataset carries its quality as DQV measurements:
what the
records hold and how many reach each fitness level, each a dqv:QualityMeasurement of a metric
of the ontology (its labels and dimension copied from `ontology/kg.ttl`), computed on the
dataset.

The configuration's `portal` picks whose shapes the distributions follow where two published
shape sets disagree (_PORTALS): DCAT-AP 3.0.1 (the default) wants byte sizes as
xsd:nonNegativeInteger and allows any checksum algorithm (we use SHA-256); avoindata.fi's
shapes, written for the DCAT-AP 2 draft, want xsd:decimal sizes and SHA-1 checksums. Each
property takes one value, so one catalogue cannot satisfy both. The IRIs, under the IRI base:

    catalog/<profile>                              the catalogue
    dataset/<profile>                              the dataset (and its VoID description)
    dataset/<profile>/temporal                     its temporal coverage
    dataset/<profile>/quality/<metric>             a quality measurement (the metric's name)
    dataset/<profile>/distribution/<file>          one distribution per file (a slug of its name)
    dataset/<profile>/distribution/<file>/checksum its checksum
    dataset/<profile>/sparql                       the SPARQL service, when there is one
    catalog/publisher, catalog/contact-point       the publisher (unless the configuration names
                                                   its IRI) and the contact point
    build/<YYYYMMDDTHHMMSSZ>                       the build that generated the dataset
    software/kirjasto-kg/<version>                 the software that ran the build

Files are published under `info.download_base`. Without one, their URLs are minted under the
IRI base, `dataset/<profile>/files/<name>`: DCAT needs absolute URLs, a `file:` URL would
carry the local folder into the release (and change its bytes from machine to machine), and a
permanent IRI of the project's own can be redirected (w3id) to wherever the files are hosted.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from pyld import jsonld
from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QuerySolutions,
    RdfFormat,
    Store,
    Triple,
    parse,
    serialize,
)

from kg import __version__, resources
from kg.atomic import atomic_write
from kg.errors import RequestError
from kg.export.dcat.config import CatalogConfig, Texts
from kg.export.profiles import PROFILES
from kg.iris import Minter, slugify
from kg.quads import QuadBuilder
from kg.store.graph_store import triple_order
from kg.vocab import (
    ACCESS_RIGHT,
    CATALOG_PREFIXES,
    COUNTRY,
    DATA_THEME,
    DCAT,
    DCATAP,
    DCT,
    DQV,
    FILE_TYPE,
    FOAF,
    FRICTIONLESS,
    GEO,
    IANA,
    KG,
    LANGUAGE,
    LICENCE,
    LICENCE_TYPE,
    OWL,
    PLANNED_AVAILABILITY,
    PROV,
    PUBLISHER_TYPE,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    SPDX,
    VCARD,
    W3C_TR,
    XSD,
    AuthorityTable,
)

if TYPE_CHECKING:
    from kg.validation.fitness import Fitness

CATALOG_TURTLE = "catalog.ttl"
CATALOG_JSONLD = "catalog.jsonld"


@dataclass(frozen=True)
class DistributionFile:
    """A file of the release, to be described as one distribution of the dataset."""

    path: Path  # the file as written in the release folder
    format: str  # a key of FORMATS: "ttl", "nt", "nq", "trig", "jsonld", "csv", "void", ...
    title: str | None = None  # an English title ("Projects (CSV)"); None: fi, sv, en defaults
    name: str | None = None  # its path under the download base; None: the file's name


@dataclass(frozen=True)
class ReleaseInfo:
    """What the release is: its profile, its clock, where its files go, its IRI base."""

    profile: str  # "open" or "full"
    issued: datetime  # the build's clock: issued, modified, the build activity (naive = UTC)
    download_base: str | None  # the URL the files are published under (see the module doc)
    base: str  # the entity IRI base; the description's IRIs are minted under it
    sparql_endpoint: str | None = None


@dataclass(frozen=True)
class Portal:
    """What a portal's shapes want of a distribution: the datatype of its size, its checksum."""

    byte_size: NamedNode  # the datatype of dcat:byteSize
    hash_name: str  # the hashlib algorithm of the checksum
    algorithm: NamedNode  # the same as an SPDX checksum algorithm


_PORTALS = {
    "dcat-ap": Portal(XSD.nonNegativeInteger, "sha256", SPDX.checksumAlgorithm_sha256),
    "avoindata": Portal(XSD.decimal, "sha1", SPDX.checksumAlgorithm_sha1),
}
# Finland's extent: its extreme points (Nuorgam 70.09 N, Bogskär 59.50 N, Märket 19.12 E,
# Virmajärvi 31.59 E) rounded outwards, and its geographic centre (Piippola, 64.18 N 25.80 E),
# as WKT in longitude-latitude order (the CRS84 default of geo:wktLiteral).
_GEOMETRY = {
    COUNTRY.FIN: (
        "POLYGON((19.11 59.5,31.59 59.5,31.59 70.1,19.11 70.1,19.11 59.5))",
        "POINT(25.8 64.18)",
    ),
}


@dataclass(frozen=True)
class Format:
    """How DCAT names a format: EU file type, IANA media type, a label, a kind of content.

    `conforms_to` names the standard the file follows beyond its format (CSV on the Web,
    Frictionless Data Package, 360Giving), with its title in English.
    """

    file_type: NamedNode
    media_type: NamedNode
    label: Texts
    kind: str  # "graph", "graphs", "framed", "table", "void", "workbook", "csvw", ...
    conforms_to: tuple[NamedNode, str] | None = None


def _same(label: str) -> Texts:
    return {"fi": label, "sv": label, "en": label}


FORMATS = {
    "ttl": Format(FILE_TYPE.RDF_TURTLE, IANA["text/turtle"], _same("Turtle"), "graph"),
    "nt": Format(
        FILE_TYPE.RDF_N_TRIPLES, IANA["application/n-triples"], _same("N-Triples"), "graph"
    ),
    "nq": Format(FILE_TYPE.RDF_N_QUADS, IANA["application/n-quads"], _same("N-Quads"), "graphs"),
    "trig": Format(FILE_TYPE.RDF_TRIG, IANA["application/trig"], _same("TriG"), "graphs"),
    "jsonld": Format(FILE_TYPE.JSON_LD, IANA["application/ld+json"], _same("JSON-LD"), "graph"),
    "jsonld-framed": Format(
        FILE_TYPE.JSON_LD,
        IANA["application/ld+json"],
        {"fi": "kehystetty JSON-LD", "sv": "inramad JSON-LD", "en": "framed JSON-LD"},
        "framed",
    ),
    "rdfxml": Format(FILE_TYPE.RDF_XML, IANA["application/rdf+xml"], _same("RDF/XML"), "graph"),
    "csv": Format(
        FILE_TYPE.CSV,
        IANA["text/csv"],
        _same("CSV"),
        "table",
        (W3C_TR["tabular-data-model"], "Model for Tabular Data and Metadata on the Web"),
    ),
    "csvw": Format(
        FILE_TYPE.JSON,
        IANA["application/csvm+json"],
        _same("CSVW"),
        "csvw",
        (W3C_TR["tabular-metadata"], "Metadata Vocabulary for Tabular Data"),
    ),
    "datapackage": Format(
        FILE_TYPE.JSON,
        IANA["application/json"],
        _same("Data Package"),
        "datapackage",
        (FRICTIONLESS["datapackage.json"], "Data Package 2.0"),
    ),
    "xlsx": Format(
        FILE_TYPE.XLSX,
        IANA["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
        _same("XLSX"),
        "workbook",
    ),
    # No dct:conformsTo for the 360Giving files: the pages give no award date, which the
    # standard requires of every grant, nor, when cut short, the granted amount; only the
    # catalogue's `award_dates` gives the days (kg.export.giving360).
    "360giving-json": Format(
        FILE_TYPE.JSON, IANA["application/json"], _same("360Giving JSON"), "360giving"
    ),
    "360giving-csv": Format(FILE_TYPE.CSV, IANA["text/csv"], _same("360Giving CSV"), "360giving"),
    "void": Format(FILE_TYPE.RDF_TURTLE, IANA["text/turtle"], _same("VoID"), "void"),
}

# Titles and descriptions of a distribution by kind of content; {label} is the format's,
# {table} the CSV table's title and {name} its file name.
_TITLES = {
    "graph": {
        "fi": "Koko aineisto ({label})",
        "sv": "Hela datamängden ({label})",
        "en": "The whole dataset ({label})",
    },
    "table": {"fi": "{table} (CSV)", "sv": "{table} (CSV)", "en": "{table} (CSV)"},
    "void": {
        "fi": "Aineiston VoID-kuvaus",
        "sv": "VoID-beskrivning av datamängden",
        "en": "VoID description of the dataset",
    },
    "workbook": {
        "fi": "Aineiston taulukot työkirjana ({label})",
        "sv": "Datamängdens tabeller som arbetsbok ({label})",
        "en": "The dataset's tables as a workbook ({label})",
    },
    "csvw": {
        "fi": "Taulukoiden kuvaus ({label})",
        "sv": "Beskrivning av tabellerna ({label})",
        "en": "Description of the tables ({label})",
    },
    "datapackage": {
        "fi": "Taulukot Frictionless-datapakettina ({label})",
        "sv": "Tabellerna som Frictionless-datapaket ({label})",
        "en": "The tables as a Frictionless Data Package ({label})",
    },
    "360giving": {
        "fi": "Avustukset 360Giving-muodossa ({label})",
        "sv": "Understöden i 360Giving-format ({label})",
        "en": "The grants in the 360Giving format ({label})",
    },
}
_DESCRIPTIONS = {
    "graph": {
        "fi": "Aineiston kaikki tiedot yhtenä graafina ({label}).",
        "sv": "Alla uppgifter i datamängden som en enda graf ({label}).",
        "en": "All of the dataset as one graph ({label}).",
    },
    "graphs": {
        "fi": "Aineiston kaikki tiedot ({label}), kukin lähdetietue omana nimettynä graafinaan.",
        "sv": "Alla uppgifter i datamängden ({label}), varje källpost som en egen namngiven graf.",
        "en": "All of the dataset ({label}), each source record as a named graph of its own.",
    },
    "framed": {
        "fi": "Aineisto kehystettynä JSON-LD:nä: hankkeet tietoineen sisäkkäin.",
        "sv": "Datamängden som inramad JSON-LD: projekten med sina uppgifter inkapslade.",
        "en": "The dataset as framed JSON-LD: the projects with their details nested.",
    },
    "table": {
        "fi": "Aineiston taulukko {name} CSV-muodossa (UTF-8, otsikkorivi).",
        "sv": "Tabellen {name} ur datamängden som CSV (UTF-8, med rubrikrad).",
        "en": "The table {name} of the dataset as CSV (UTF-8, with a header row).",
    },
    "workbook": {
        "fi": "Hankkeet, rahasummat, kirjastot ja kumppanuudet Excel-työkirjana, kukin omalla "
        "välilehdellään (luvut ja päivämäärät omina tyyppeinään), sekä sarakkeet selittävä "
        "välilehti.",
        "sv": "Projekten, beloppen, biblioteken och partnerskapen som Excel-arbetsbok, vart "
        "och ett på ett eget blad (tal och datum som sådana), och ett blad som förklarar "
        "kolumnerna.",
        "en": "The projects, amounts, libraries and partnerships as an Excel workbook, a sheet "
        "each (numbers and dates typed as such), and a sheet that explains the columns.",
    },
    "csvw": {
        "fi": "CSV-taulukoiden sarakkeet, tietotyypit, avaimet ja vastaavuus aineiston RDF-"
        "termeihin CSV on the Web -kuvauksena ({name}).",
        "sv": "CSV-tabellernas kolumner, datatyper, nycklar och motsvarighet i datamängdens "
        "RDF-termer som en CSV on the Web-beskrivning ({name}).",
        "en": "The CSV tables' columns, datatypes, keys and mapping to the dataset's RDF terms "
        "as a CSV on the Web description ({name}).",
    },
    "datapackage": {
        "fi": "CSV-taulukot Frictionless Data Package -kuvauksena: kenttien tyypit, pakolliset "
        "kentät ja avaimet ({name}).",
        "sv": "CSV-tabellerna som Frictionless Data Package: fältens typer, obligatoriska fält "
        "och nycklar ({name}).",
        "en": "The CSV tables as a Frictionless Data Package: field types, required fields "
        "and keys ({name}).",
    },
    "360giving": {
        "fi": "Rahoitetut hankkeet avustuksina 360Giving Data Standard 1.4 -muodossa ({name}). "
        "Hankesivut eivät kerro avustuspäätösten päivämääriä: avustuksella on päivämäärä "
        "(awardDate) vain, jos julkaisija on antanut sen hakuvuodelle.",
        "sv": "De finansierade projekten som understöd enligt 360Giving Data Standard 1.4 "
        "({name}). Projektsidorna anger inte beslutsdatum: ett understöd har ett datum "
        "(awardDate) bara om utgivaren har angett det för ansökningsåret.",
        "en": "The funded projects as grants in the 360Giving Data Standard 1.4 ({name}). The "
        "project pages do not give the days of the decisions: a grant has an award date "
        "(awardDate) only where the publisher gave one for its call year.",
    },
    "void": {
        "fi": "Aineiston koko, luokat, ominaisuudet ja linkit muihin aineistoihin VoID-sanastolla.",
        "sv": "Datamängdens storlek, klasser, egenskaper och länkar till andra datamängder "
        "med VoID-vokabulären.",
        "en": "The dataset's size, classes, properties and links to other datasets, "
        "in the VoID vocabulary.",
    },
}
_TABLES = {
    "projects": {"fi": "Hankkeet", "sv": "Projekt", "en": "Projects"},
    "libraries": {"fi": "Kirjastot", "sv": "Bibliotek", "en": "Libraries"},
    "organisations": {"fi": "Organisaatiot", "sv": "Organisationer", "en": "Organisations"},
    "grants": {"fi": "Avustukset", "sv": "Understöd", "en": "Grants"},
    "amounts": {"fi": "Rahasummat", "sv": "Belopp", "en": "Amounts"},
    "partnerships": {"fi": "Kumppanuudet", "sv": "Partnerskap", "en": "Partnerships"},
}
_OTHER_TABLE = {"fi": "Taulukko {name}", "sv": "Tabell {name}", "en": "Table {name}"}

# What each profile holds, said after the configured description of the dataset.
_PROFILE_NOTES = {
    "open": {
        "fi": "Tämä avoin versio ei sisällä henkilötietoja: hankkeiden yhteyshenkilöt, "
        "kumppaneina mainitut henkilöt sekä henkilöiden sähköpostiosoitteet ja "
        "puhelinnumerot on jätetty pois.",
        "sv": "Denna öppna version innehåller inga personuppgifter: projektens kontaktpersoner, "
        "personer som nämns som partner samt personers e-postadresser och telefonnummer har "
        "utelämnats.",
        "en": "This open version holds no personal data: the projects' contact persons, the "
        "persons named as partners and the e-mail addresses and phone numbers of persons are "
        "left out.",
    },
    "full": {
        "fi": "Tämä täydellinen versio sisältää henkilötietoja (hankkeiden yhteyshenkilöt ja "
        "kumppaneina mainitut henkilöt), eikä sitä ole tarkoitettu avoimesti julkaistavaksi.",
        "sv": "Denna fullständiga version innehåller personuppgifter (projektens "
        "kontaktpersoner och personer som nämns som partner) och är inte avsedd att "
        "publiceras öppet.",
        "en": "This full version holds personal data (the projects' contact persons and the "
        "persons named as partners) and is not meant to be published openly.",
    },
}
_ACCESS = {"open": ACCESS_RIGHT.PUBLIC, "full": ACCESS_RIGHT.NON_PUBLIC}
_SERVICE_TITLE = {
    "fi": "SPARQL-kyselyrajapinta",
    "sv": "SPARQL-frågegränssnitt",
    "en": "SPARQL query endpoint",
}

# The English labels of the code-list concepts we describe inline, as their tables give them.
_LABELS = {
    DATA_THEME.AGRI: "Agriculture, fisheries, forestry and food",
    DATA_THEME.ECON: "Economy and finance",
    DATA_THEME.EDUC: "Education, culture and sport",
    DATA_THEME.ENER: "Energy",
    DATA_THEME.ENVI: "Environment",
    DATA_THEME.GOVE: "Government and public sector",
    DATA_THEME.HEAL: "Health",
    DATA_THEME.INTR: "International issues",
    DATA_THEME.JUST: "Justice, legal system and public safety",
    DATA_THEME.REGI: "Regions and cities",
    DATA_THEME.SOCI: "Population and society",
    DATA_THEME.TECH: "Science and technology",
    DATA_THEME.TRAN: "Transport",
    PLANNED_AVAILABILITY.STABLE: "Stable",
    ACCESS_RIGHT.PUBLIC: "Public",
    ACCESS_RIGHT.NON_PUBLIC: "Non-public",
    LICENCE_TYPE.Attribution: "Attribution",
    LICENCE_TYPE.PublicDomain: "Public domain",
    LICENCE_TYPE.ShareAlike: "Share-alike",
    LICENCE_TYPE.NonCommercialUse: "Non-commercial use only",
    LICENCE_TYPE.NoDerivativeWork: "No derivative work",
    PUBLISHER_TYPE["Academia-ScientificOrganisation"]: "Academia/Scientific organisation",
    PUBLISHER_TYPE.Company: "Company",
    PUBLISHER_TYPE.IndustryConsortium: "Industry consortium",
    PUBLISHER_TYPE.LocalAuthority: "Local authority",
    PUBLISHER_TYPE.NationalAuthority: "National authority",
    PUBLISHER_TYPE.NonGovernmentalOrganisation: "Non-governmental organisation",
    PUBLISHER_TYPE.NonProfitOrganisation: "Non-profit organisation",
    PUBLISHER_TYPE["PrivateIndividual(s)"]: "Private individual(s)",
    PUBLISHER_TYPE.RegionalAuthority: "Regional authority",
    PUBLISHER_TYPE.StandardisationBody: "Standardisation body",
    PUBLISHER_TYPE.SupraNationalAuthority: "Supra-national authority",
}
_LANGUAGES = {"fi": LANGUAGE.FIN, "sv": LANGUAGE.SWE, "en": LANGUAGE.ENG}


# -- the description ------------------------------------------------------------------------


def _concept(
    graph: QuadBuilder, iri: NamedNode, table: AuthorityTable, *classes: NamedNode
) -> None:
    """Describe a value of a code list: its classes, its scheme, its label if known."""
    graph.types(iri, *classes)
    if table.holds(iri):
        graph.add(iri, SKOS.inScheme, table.scheme)
    if iri in _LABELS:
        graph.add(iri, SKOS.prefLabel, Literal(_LABELS[iri], language="en"))


def _scheme(graph: QuadBuilder, table: AuthorityTable, title: str) -> None:
    """Describe a code list as a concept scheme, with its English title."""
    graph.types(table.scheme, SKOS.ConceptScheme)
    graph.add(table.scheme, DCT.title, Literal(title, language="en"))


@dataclass(frozen=True)
class _Release:
    """The checked release facts and the IRIs minted from them."""

    info: ReleaseInfo
    config: CatalogConfig
    catalog: NamedNode
    dataset: NamedNode
    download_base: str
    issued: Literal

    def child(self, parent: NamedNode, *segments: str) -> NamedNode:
        return NamedNode(parent.value + "/" + "/".join(segments))

    def iri(self, *segments: str) -> NamedNode:
        return NamedNode(self.info.base + "/".join(segments))


def dataset_iri(info: ReleaseInfo) -> NamedNode:
    """Return the IRI of the release's dataset: `<base>dataset/<profile>`."""
    _check_profile(info.profile)
    Minter(info.base)  # a bad base is a RequestError naming --base
    return NamedNode(f"{info.base}dataset/{info.profile}")


def download_url(config: CatalogConfig, info: ReleaseInfo, name: str) -> NamedNode:
    """Return the URL the release's file `name` is published at (its dcat:downloadURL)."""
    return NamedNode(_release(config, info).download_base + quote(name, safe="/-_.~"))


def describe_release(
    store: Store,
    files: Sequence[DistributionFile],
    config: CatalogConfig,
    info: ReleaseInfo,
    *,
    fitness: Fitness | None = None,
) -> list[Triple]:
    """Return the DCAT-AP description of a release, sorted.

    `store`'s default graph is the exported graph of the profile: the temporal coverage and the
    dataset's languages are read from it. Each of `files` becomes a distribution, its size and
    SHA-256 computed from the file. `fitness`, when given, becomes the dataset's DQV quality
    measurements.
    """
    release = _release(config, info)
    graph = QuadBuilder()
    _catalog(graph, release)
    _dataset(graph, release, store)
    if fitness is not None:
        _quality(graph, release, fitness)
    for file in _unique(files, release):
        _distribution(graph, release, file)
    _publisher_agent(graph, release)
    _contact(graph, release)
    _licence(graph, release)
    if info.sparql_endpoint:
        _service(graph, release, _url(info.sparql_endpoint, "--sparql-endpoint"))
    return sorted({quad.triple for quad in graph.quads}, key=triple_order)


def _release(config: CatalogConfig, info: ReleaseInfo) -> _Release:
    dataset = dataset_iri(info)
    issued = info.issued if info.issued.tzinfo else info.issued.replace(tzinfo=UTC)
    stamp = issued.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if info.download_base:
        download_base = _url(info.download_base, "--download-base").value
        download_base += "" if download_base.endswith("/") else "/"
    else:
        download_base = f"{dataset.value}/files/"
    return _Release(
        info=info,
        config=config,
        catalog=NamedNode(f"{info.base}catalog/{info.profile}"),
        dataset=dataset,
        download_base=download_base,
        issued=Literal(stamp, datatype=XSD.dateTime),
    )


def _check_profile(profile: str) -> None:
    if profile not in PROFILES:
        raise RequestError(
            f"the profile must be one of {', '.join(PROFILES)}, not {profile!r}", where="--profile"
        )


def _url(text: str, option: str) -> NamedNode:
    if "://" not in text:
        raise RequestError(f"must be an absolute URL, not {text!r}", where=option)
    try:
        return NamedNode(text)
    except ValueError:
        raise RequestError(f"must be an absolute URL, not {text!r}", where=option) from None


def _catalog(graph: QuadBuilder, release: _Release) -> None:
    config, catalog = release.config, release.catalog
    graph.types(catalog, DCAT.Catalog)
    graph.texts(catalog, DCT.title, config.catalog_title)
    graph.texts(catalog, DCT.description, config.catalog_description)
    graph.add(catalog, DCT.publisher, _publisher(release))
    graph.add(catalog, DCT.issued, release.issued)
    graph.add(catalog, DCT.modified, release.issued)
    graph.add(catalog, DCT.license, NamedNode(config.licence))
    graph.add(catalog, DCAT.dataset, release.dataset)
    homepage = NamedNode(config.homepage or config.landing_page or release.download_base)
    graph.add(catalog, FOAF.homepage, homepage)
    graph.types(homepage, FOAF.Document)
    for language in sorted(_config_languages(config)):
        graph.add(catalog, DCT.language, _LANGUAGES[language])
        _concept(graph, _LANGUAGES[language], LANGUAGE, DCT.LinguisticSystem)
    for place in _spatial(graph, config):
        graph.add(catalog, DCT.spatial, place)
    graph.add(catalog, DCAT.themeTaxonomy, DATA_THEME.scheme)
    _scheme(graph, DATA_THEME, "Data theme")


def _config_languages(config: CatalogConfig) -> set[str]:
    texts = (config.catalog_title, config.catalog_description, config.title, config.description)
    return {language for text in texts for language in text}


def _spatial(graph: QuadBuilder, config: CatalogConfig) -> list[NamedNode]:
    places = [NamedNode(place) for place in config.spatial]
    for place in places:
        _concept(graph, place, COUNTRY, DCT.Location)
        if place in _GEOMETRY:
            box, centre = _GEOMETRY[place]
            graph.add(place, DCAT.bbox, Literal(box, datatype=GEO.wktLiteral))
            graph.add(place, DCAT.centroid, Literal(centre, datatype=GEO.wktLiteral))
    return places


def _dataset(graph: QuadBuilder, release: _Release, store: Store) -> None:
    config, dataset, profile = release.config, release.dataset, release.info.profile
    graph.types(dataset, DCAT.Dataset)
    graph.add(dataset, DCT.identifier, Literal(dataset.value))
    graph.texts(dataset, DCT.title, config.title)
    notes = _PROFILE_NOTES[profile]
    graph.texts(
        dataset,
        DCT.description,
        {lang: f"{text} {notes[lang]}" for lang, text in config.description.items()},
    )
    for language, words in config.keywords.items():
        for word in words:
            graph.add(dataset, DCAT.keyword, Literal(word, language=language))
    graph.add(dataset, DCT.publisher, _publisher(release))
    graph.add(dataset, DCAT.contactPoint, _contact_point(release))
    graph.add(dataset, DCT.issued, release.issued)
    graph.add(dataset, DCT.modified, release.issued)
    graph.add(dataset, DCT.accessRights, _ACCESS[profile])
    _concept(graph, _ACCESS[profile], ACCESS_RIGHT, DCT.RightsStatement)
    _coverage(graph, release, store)
    _temporal(graph, release, store)
    _standards(graph, dataset)
    _build(graph, release)


def _coverage(graph: QuadBuilder, release: _Release, store: Store) -> None:
    """Add the dataset's themes, places and languages, and its landing page if it has one."""
    config, dataset = release.config, release.dataset
    for theme in config.themes:
        graph.add(dataset, DCAT.theme, NamedNode(theme))
        _concept(graph, NamedNode(theme), DATA_THEME, SKOS.Concept)
    for place in _spatial(graph, config):
        graph.add(dataset, DCT.spatial, place)
    for language in data_languages(store):
        graph.add(dataset, DCT.language, language)
        _concept(graph, language, LANGUAGE, DCT.LinguisticSystem)
    if config.landing_page:
        graph.add(dataset, DCAT.landingPage, NamedNode(config.landing_page))
        graph.types(NamedNode(config.landing_page), FOAF.Document)


def _temporal(graph: QuadBuilder, release: _Release, store: Store) -> None:
    coverage = temporal_coverage(store)
    if coverage is None:
        return
    period = release.child(release.dataset, "temporal")
    graph.add(release.dataset, DCT.temporal, period)
    graph.types(period, DCT.PeriodOfTime)
    graph.add(period, DCAT.startDate, Literal(coverage[0].isoformat(), datatype=XSD.date))
    graph.add(period, DCAT.endDate, Literal(coverage[1].isoformat(), datatype=XSD.date))


def _standards(graph: QuadBuilder, dataset: NamedNode) -> None:
    for standard, version, titles in _own_standards():
        graph.add(dataset, DCT.conformsTo, standard)
        graph.types(standard, DCT.Standard)
        graph.add(standard, OWL.versionInfo, Literal(version))
        graph.texts(standard, DCT.title, titles)


def _build(graph: QuadBuilder, release: _Release) -> None:
    stamp = release.issued.value.replace("-", "").replace(":", "")
    build = release.iri("build", stamp)
    software = release.iri("software", "kirjasto-kg", __version__)
    graph.add(release.dataset, PROV.wasGeneratedBy, build)
    graph.types(build, PROV.Activity)
    graph.add(build, PROV.startedAtTime, release.issued)
    graph.add(build, PROV.wasAssociatedWith, software)
    graph.types(software, PROV.SoftwareAgent)
    graph.add(software, RDFS.label, Literal(f"kirjasto-kg {__version__}"))
    graph.add(software, OWL.versionInfo, Literal(__version__))


def _quality(graph: QuadBuilder, release: _Release, fitness: Fitness) -> None:
    """Add each figure of `fitness` as a DQV measurement of the dataset, and its metric."""
    dataset = release.dataset
    for metric, value in fitness.measurements():
        measurement = release.child(dataset, "quality", metric.value.removeprefix(KG.iri))
        graph.add(dataset, DQV.hasQualityMeasurement, measurement)
        graph.types(measurement, DQV.QualityMeasurement)
        graph.add(measurement, DQV.isMeasurementOf, metric)
        graph.add(measurement, DQV.value, value)
        graph.add(measurement, DQV.computedOn, dataset)
        graph.types(metric, DQV.Metric)
        labels, dimension = _metrics()[metric]
        graph.texts(metric, RDFS.label, labels)
        graph.add(metric, DQV.inDimension, dimension)


def _unique(files: Iterable[DistributionFile], release: _Release) -> Iterator[DistributionFile]:
    seen: dict[NamedNode, DistributionFile] = {}
    for file in files:
        iri = _distribution_iri(release, file)
        if iri in seen:
            raise RequestError(
                f"has the same distribution IRI as {seen[iri].path}; rename one of them",
                where=str(file.path),
            )
        seen[iri] = file
        yield file


def _distribution_iri(release: _Release, file: DistributionFile) -> NamedNode:
    return release.child(release.dataset, "distribution", slugify(file.name or file.path.name))


def _distribution(graph: QuadBuilder, release: _Release, file: DistributionFile) -> None:
    if file.format not in FORMATS:
        raise RequestError(
            f"no DCAT description for the format {file.format!r} "
            f"(known: {', '.join(sorted(FORMATS))})",
            where=str(file.path),
        )
    fmt = FORMATS[file.format]
    distribution = _distribution_iri(release, file)
    url = download_url(release.config, release.info, file.name or file.path.name)
    portal = _PORTALS[release.config.portal]
    size, digest = file_digest(file.path, portal.hash_name)
    graph.add(release.dataset, DCAT.distribution, distribution)
    graph.types(distribution, DCAT.Distribution)
    if file.title:
        graph.add(distribution, DCT.title, Literal(file.title, language="en"))
    else:
        graph.texts(distribution, DCT.title, _texts_for(_TITLES, fmt, file))
    graph.texts(distribution, DCT.description, _texts_for(_DESCRIPTIONS, fmt, file))
    graph.add(distribution, DCAT.accessURL, url)
    graph.add(distribution, DCAT.downloadURL, url)
    graph.add(distribution, DCT.format, fmt.file_type)
    _concept(graph, fmt.file_type, FILE_TYPE, DCT.MediaTypeOrExtent)
    graph.add(distribution, DCAT.mediaType, fmt.media_type)
    graph.types(fmt.media_type, DCT.MediaType)
    if fmt.conforms_to is not None:
        standard, title = fmt.conforms_to
        graph.add(distribution, DCT.conformsTo, standard)
        graph.types(standard, DCT.Standard)
        graph.add(standard, DCT.title, Literal(title, language="en"))
    graph.add(distribution, DCT.license, NamedNode(release.config.licence))
    graph.add(distribution, DCATAP.availability, PLANNED_AVAILABILITY.STABLE)
    _concept(graph, PLANNED_AVAILABILITY.STABLE, PLANNED_AVAILABILITY, SKOS.Concept)
    graph.add(distribution, DCAT.byteSize, Literal(str(size), datatype=portal.byte_size))
    checksum = release.child(distribution, "checksum")
    graph.add(distribution, SPDX.checksum, checksum)
    graph.types(checksum, SPDX.Checksum)
    graph.add(checksum, SPDX.algorithm, portal.algorithm)
    graph.types(portal.algorithm, SPDX.ChecksumAlgorithm)
    graph.add(checksum, SPDX.checksumValue, Literal(digest, datatype=XSD.hexBinary))


def _texts_for(
    table: Mapping[str, Mapping[str, str]], fmt: Format, file: DistributionFile
) -> dict[str, str]:
    templates = table.get(fmt.kind) or table["graph"]
    name = Path(file.name or file.path.name).name
    stem = name.split(".", 1)[0]
    tables = _TABLES.get(stem) or {
        lang: text.format(name=stem) for lang, text in _OTHER_TABLE.items()
    }
    return {
        lang: text.format(label=fmt.label[lang], table=tables[lang], name=name)
        for lang, text in templates.items()
    }


def file_digest(path: Path, hash_name: str = "sha256") -> tuple[int, str]:
    """Return the size in bytes and the digest (hex; SHA-256 unless named) of the file."""
    digest = hashlib.new(hash_name)
    size = 0
    try:
        with path.open("rb") as stream:
            for chunk in iter(lambda: stream.read(1 << 20), b""):
                digest.update(chunk)
                size += len(chunk)
    except OSError as exc:
        raise RequestError(
            f"cannot read the file to describe ({exc.strerror})", where=str(path)
        ) from exc
    return size, digest.hexdigest()


def _publisher(release: _Release) -> NamedNode:
    iri = release.config.publisher.iri
    return NamedNode(iri) if iri else release.iri("catalog", "publisher")


def _contact_point(release: _Release) -> NamedNode:
    return release.iri("catalog", "contact-point")


def _publisher_agent(graph: QuadBuilder, release: _Release) -> None:
    publisher, config = _publisher(release), release.config
    graph.types(publisher, FOAF.Agent, FOAF.Organization)
    graph.texts(publisher, FOAF.name, config.publisher.name)
    publisher_type = PUBLISHER_TYPE[config.publisher.type]
    graph.add(publisher, DCT.type, publisher_type)
    _concept(graph, publisher_type, PUBLISHER_TYPE, SKOS.Concept)
    _scheme(graph, PUBLISHER_TYPE, "Publisher type")  # the vocabulary shapes ask for its class
    if config.publisher.homepage:
        graph.add(publisher, FOAF.homepage, NamedNode(config.publisher.homepage))


def _contact(graph: QuadBuilder, release: _Release) -> None:
    contact, config = _contact_point(release), release.config
    graph.types(contact, VCARD.Kind, VCARD.Organization)
    graph.texts(contact, VCARD.fn, config.contact_point.name)
    if config.contact_point.email:
        graph.add(contact, VCARD.hasEmail, NamedNode(f"mailto:{config.contact_point.email}"))
    if config.contact_point.url:
        graph.add(contact, VCARD.hasURL, NamedNode(config.contact_point.url))


def _licence(graph: QuadBuilder, release: _Release) -> None:
    licence = NamedNode(release.config.licence)
    licence_type = LICENCE_TYPE[release.config.licence_type]
    _concept(graph, licence, LICENCE, DCT.LicenseDocument)
    graph.add(licence, DCT.type, licence_type)
    _concept(graph, licence_type, LICENCE_TYPE, SKOS.Concept)


def _service(graph: QuadBuilder, release: _Release, endpoint: NamedNode) -> None:
    config, service = release.config, release.child(release.dataset, "sparql")
    graph.add(release.catalog, DCAT.service, service)
    graph.types(service, DCAT.DataService)
    graph.texts(service, DCT.title, _SERVICE_TITLE)
    graph.add(service, DCAT.endpointURL, endpoint)
    # A SPARQL endpoint describes itself (SPARQL 1.1 Service Description) at its own URL.
    graph.add(service, DCAT.endpointDescription, endpoint)
    graph.add(service, DCAT.servesDataset, release.dataset)
    graph.add(service, DCT.conformsTo, W3C_TR["sparql11-protocol"])
    graph.types(W3C_TR["sparql11-protocol"], DCT.Standard)
    graph.add(service, DCT.publisher, _publisher(release))
    graph.add(service, DCAT.contactPoint, _contact_point(release))
    graph.add(service, DCT.license, NamedNode(config.licence))
    graph.add(service, DCT.accessRights, _ACCESS[release.info.profile])
    for theme in config.themes:
        graph.add(service, DCAT.theme, NamedNode(theme))
    for language, words in config.keywords.items():
        for word in words:
            graph.add(service, DCAT.keyword, Literal(word, language=language))


# -- facts from the data and from the package ------------------------------------------------


def temporal_coverage(store: Store) -> tuple[date, date] | None:
    """Return the first and last day the data is about, or None when it has no dates.

    The dates are the projects' start and end dates and the years of the funding calls, a year
    counting from its first day to its last. Values that are not valid dates are passed over.
    """
    query = f"""
        SELECT DISTINCT ?value WHERE {{
            VALUES ?property {{ {SCHEMA.startDate} {SCHEMA.endDate} {KG.callYear} }}
            ?subject ?property ?value
            FILTER(DATATYPE(?value) IN ({XSD.date}, {XSD.gYear}))
        }}"""
    days = [day for solution in _solutions(store, query) for day in _days(solution["value"])]
    return (min(days), max(days)) if days else None


def _solutions(store: Store, query: str) -> QuerySolutions:
    """Return the rows of a SELECT `query` on `store`."""
    answer = store.query(query)
    assert isinstance(answer, QuerySolutions)  # a SELECT gives rows
    return answer


def _days(value: Literal) -> list[date]:
    try:
        if value.datatype == XSD.gYear:
            year = int(value.value)
            return [date(year, 1, 1), date(year, 12, 31)]
        return [date.fromisoformat(value.value)]
    except ValueError:
        return []


def data_languages(store: Store) -> list[NamedNode]:
    """Return the EU language IRIs of the language tags of the data's texts (fi, sv, en)."""
    query = """
        SELECT DISTINCT (LCASE(LANG(?text)) AS ?language) WHERE {
            ?subject ?property ?text FILTER(isLITERAL(?text) && LANG(?text) != "")
        }"""
    tags = {solution["language"].value.split("-")[0] for solution in _solutions(store, query)}
    return sorted((_LANGUAGES[tag] for tag in tags if tag in _LANGUAGES), key=lambda n: n.value)


@cache
def _own_standards() -> tuple[tuple[NamedNode, str, Texts], ...]:
    """Return the ontology's version IRI and each shape file's IRI, with version and titles."""
    sources = [resources.folder("ontology").joinpath("kg.ttl")]
    shapes = resources.folder("shapes")
    sources += sorted(
        (entry for entry in shapes.iterdir() if entry.name.endswith(".ttl")),
        key=lambda entry: entry.name,
    )
    standards = []
    for source in sources:
        triples = [quad.triple for quad in parse(source.read_bytes(), format=RdfFormat.TURTLE)]
        for header in [t.subject for t in triples if t.object == OWL.Ontology]:
            values = {(t.predicate, t.object) for t in triples if t.subject == header}
            versions = [o for p, o in values if p == OWL.versionIRI]
            info = [o.value for p, o in values if p == OWL.versionInfo]
            titles = {
                o.language: o.value
                for p, o in sorted(values, key=str)
                if p in (DCT.title, RDFS.label) and isinstance(o, Literal) and o.language
            }
            standard = versions[0] if versions else header
            standards.append((standard, info[0] if info else __version__, titles))
    return tuple(standards)


@cache
def _metrics() -> dict[NamedNode, tuple[Texts, NamedNode]]:
    """Return each DQV metric of the ontology with its labels and its dimension."""
    source = resources.folder("ontology").joinpath("kg.ttl")
    triples = [quad.triple for quad in parse(source.read_bytes(), format=RdfFormat.TURTLE)]
    metrics = {
        t.subject
        for t in triples
        if t.predicate == RDF.type and t.object == DQV.Metric and isinstance(t.subject, NamedNode)
    }
    found: dict[NamedNode, tuple[Texts, NamedNode]] = {}
    for metric in metrics:
        about = [t for t in triples if t.subject == metric]
        labels = {
            t.object.language: t.object.value
            for t in about
            if t.predicate == RDFS.label and isinstance(t.object, Literal) and t.object.language
        }
        dimensions = [
            t.object
            for t in about
            if t.predicate == DQV.inDimension and isinstance(t.object, NamedNode)
        ]
        found[metric] = (labels, dimensions[0])
    return found


# -- writing ---------------------------------------------------------------------------------


def write_catalog(triples: Iterable[Triple], folder: Path) -> list[Path]:
    """Write the description as `catalog.ttl` and `catalog.jsonld` in `folder`; their paths."""
    ordered = sorted(set(triples), key=triple_order)
    turtle, json_ld = folder / CATALOG_TURTLE, folder / CATALOG_JSONLD
    write_turtle(ordered, turtle)
    with atomic_write(json_ld, binary=True) as stream:
        stream.write(jsonld_bytes(ordered))
    return [turtle, json_ld]


def write_turtle(triples: Iterable[Triple], path: Path) -> None:
    """Write `triples` as Turtle, sorted, binding the catalogue prefixes they use."""
    ordered = sorted(set(triples), key=triple_order)
    data = serialize(ordered, format=RdfFormat.TURTLE, prefixes=used_prefixes(ordered))
    with atomic_write(path, binary=True) as stream:
        stream.write(data)


def jsonld_bytes(triples: Sequence[Triple]) -> bytes:
    """Return `triples` (sorted) as compact JSON-LD whose context is the prefixes they use."""
    expanded = jsonld.from_rdf(_pyld_dataset(triples), {})  # rdf:type -> @type
    compacted = jsonld.compact(expanded, {"@context": used_prefixes(triples)})
    return (json.dumps(compacted, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _pyld_dataset(triples: Iterable[Triple]) -> dict[str, list[dict[str, dict[str, str]]]]:
    """Return `triples` as the RDF dataset pyld converts from (its default graph), in order.

    Not through pyld's N-Quads reader: it compares each triple with every one before it (0.1 s
    for a catalogue of a thousand triples), and it unescapes texts wrongly (a backslash and
    an "n" in a text became a line break) or refuses them (U+2028).
    """
    return {"@default": [_pyld_triple(triple) for triple in dict.fromkeys(triples)]}


def _pyld_triple(triple: Triple) -> dict[str, dict[str, str]]:
    return {
        "subject": _pyld_term(triple.subject),
        "predicate": _pyld_term(triple.predicate),
        "object": _pyld_term(triple.object),
    }


def _pyld_term(term: object) -> dict[str, str]:
    if isinstance(term, NamedNode):
        return {"type": "IRI", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "blank node", "value": f"_:{term.value}"}
    if isinstance(term, Literal):
        found = {"type": "literal", "value": term.value, "datatype": term.datatype.value}
        if term.language:
            found["language"] = term.language
        return found
    raise TypeError(f"a catalogue triple holds no {type(term).__name__}")


def used_prefixes(triples: Iterable[Triple]) -> dict[str, str]:
    """Return the entries of CATALOG_PREFIXES whose namespace some IRI of `triples` is in."""
    iris = set()
    for triple in triples:
        for term in (triple.subject, triple.predicate, triple.object):
            if isinstance(term, NamedNode):
                iris.add(term.value)
            elif isinstance(term, Literal):
                iris.add(term.datatype.value)
    return {
        prefix: namespace
        for prefix, namespace in CATALOG_PREFIXES.items()
        if any(iri.startswith(namespace) and iri != namespace for iri in iris)
    }
