"""The reference data: who funds, who grants, and the programmes the pages name.

The header of a page names its grant kind as the page's language renders it: `AVI-hanke`
(Finnish), `RFV-ansökan` (Swedish) and `ELY-hanke` (pages asked for in English) are the same
AVI grant; `OKM-hanke` is the ministry's own; `Hyvä käytänne` (good practice) is a category
of its own whose funding the pages do not explain. OKM funds the AVI programme and each AVI
decides the grants: the funder and the granting authority are kept apart.

    programme_key(programme)  -> "avi" | "okm" | "good-practice" | a slug of an unknown kind
    reference_quads(minter)   -> the reference graph: names in fi, sv, en; who funds what;
                                 OKM's business ID; the scheme of partner kinds
                                 (`kg.records.partner_kinds`)
"""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, Quad

from kg.iris import Minter, slugify
from kg.names import Names
from kg.records.partner_kinds import KINDS
from kg.vocab import KG, ORG, RDF, SCHEMA, SKOS


@dataclass(frozen=True)
class Organisation:
    """A funder or granting authority that every record's programme points to."""

    key: str
    names: Names
    roles: tuple[NamedNode, ...]
    business_id: str | None = None  # in the trade register (YTJ), where it has one of its own


@dataclass(frozen=True)
class Programme:
    """A funding programme, its funder and its granting authority (keys of ORGANISATIONS)."""

    key: str
    names: Names
    funder: str | None
    authority: str | None


ORGANISATIONS = {
    org.key: org
    for org in (
        Organisation(
            "okm",
            Names(
                "Opetus- ja kulttuuriministeriö",
                "Undervisnings- och kulturministeriet",
                "Ministry of Education and Culture",
            ),
            (KG.Funder, KG.GrantingAuthority),
            business_id="0245872-8",
        ),
        Organisation(
            "avi",
            Names(
                "Aluehallintovirastot (AVI)",
                "Regionförvaltningsverken (RFV)",
                "Regional State Administrative Agencies (AVI)",
            ),
            (KG.GrantingAuthority,),
        ),
    )
}

PROGRAMMES = {
    programme.key: programme
    for programme in (
        Programme(
            "avi",
            Names(
                "Yleisten kirjastojen kehittämisavustukset (AVI)",
                "Understöd för utveckling av allmänna bibliotek (RFV)",
                "Grants for developing public libraries (AVI)",
            ),
            funder="okm",
            authority="avi",
        ),
        Programme(
            "okm",
            Names(
                "Opetus- ja kulttuuriministeriön kirjastohankkeet",
                "Undervisnings- och kulturministeriets biblioteksprojekt",
                "Library projects of the Ministry of Education and Culture",
            ),
            funder="okm",
            authority="okm",
        ),
        Programme(
            "good-practice",
            Names("Hyvä käytänne", "God praxis", "Good practice"),
            funder=None,
            authority=None,
        ),
    )
}

# The header's programme as written -> the programme it names.
PROGRAMME_OF_HEADER = {
    "AVI": "avi",
    "RFV": "avi",
    "ELY": "avi",
    "OKM": "okm",
    "Hyvä käytänne": "good-practice",
}


def programme_key(programme: str) -> str:
    """Return the key of the programme a header names (a slug of it when it is unknown)."""
    return PROGRAMME_OF_HEADER.get(programme) or slugify(programme)


def reference_quads(minter: Minter, graph: NamedNode) -> list[Quad]:
    """Return the reference data as quads in `graph`: funders, authorities and programmes."""
    quads: list[Quad] = []
    for org in ORGANISATIONS.values():
        node = minter.reference_organisation(org.key)
        for kind in (KG.Organisation, ORG.Organization, SCHEMA.Organization, *org.roles):
            quads.append(Quad(node, RDF.type, kind, graph))
        quads.extend(Quad(node, SCHEMA.name, name, graph) for name in org.names.literals())
        if org.business_id:
            quads.append(Quad(node, KG.businessId, Literal(org.business_id), graph))
    for programme in PROGRAMMES.values():
        node = minter.programme(programme.key)
        quads.append(Quad(node, RDF.type, KG.FundingProgramme, graph))
        quads.append(Quad(node, RDF.type, SCHEMA.FundingScheme, graph))
        quads.extend(Quad(node, SCHEMA.name, name, graph) for name in programme.names.literals())
        if programme.funder:
            quads.append(
                Quad(node, SCHEMA.funder, minter.reference_organisation(programme.funder), graph)
            )
        if programme.authority:
            authority = minter.reference_organisation(programme.authority)
            quads.append(Quad(node, KG.grantingAuthority, authority, graph))
    return quads + _partner_kind_quads(minter, graph)


PARTNER_KIND_SCHEME = Names("Kumppanien lajit", "Typer av partner", "Kinds of partner")


def _partner_kind_quads(minter: Minter, graph: NamedNode) -> list[Quad]:
    """Return the partner kinds as a SKOS concept scheme, labelled in fi, sv and en."""
    scheme = minter.partner_kind()
    quads = [Quad(scheme, RDF.type, SKOS.ConceptScheme, graph)]
    quads += [
        Quad(scheme, SKOS.prefLabel, label, graph) for label in PARTNER_KIND_SCHEME.literals()
    ]
    for kind in KINDS.values():
        node = minter.partner_kind(kind.key)
        quads += [
            Quad(node, RDF.type, SKOS.Concept, graph),
            Quad(node, SKOS.inScheme, scheme, graph),
            Quad(node, SKOS.notation, Literal(kind.key), graph),
            Quad(scheme, SKOS.hasTopConcept, node, graph),
        ]
        quads += [Quad(node, SKOS.prefLabel, label, graph) for label in kind.labels.literals()]
        quads += [Quad(node, SKOS.definition, text, graph) for text in kind.definitions.literals()]
    return quads
