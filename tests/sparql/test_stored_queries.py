"""The stored queries of queries/: each one run on the graph of the five seeds.

The expected rows are worked out by hand from the seed texts (seeds/*.txt); the arithmetic is
in the comments beside them. Every query is run three ways and must give the same rows:

- on the store, through `bind` and `run_local` (pyoxigraph's union of the record graphs, a bag
  in which a shared node such as a library or a call is asserted once per record graph), the
  parameters going in as a VALUES block (`with_values_block`, as a remote endpoint gets them);
- on the deduplicated union (`graph.ttl`, each triple once) read into a fresh store;
- with its parameters pasted in as grlc pastes them.

The parameters are not projected: each query returns only its answer columns.

The seeds, in short (file, library, call, amounts in euros):

    000  Kuopion kaupunginkirjasto FI-Km, 0171450-7   RFV-ansökan 2015 (= AVI programme)
         requested 12 800, own 3 500, total 16 300; granted 11 000
         realised: total 15 425, own 4 056, external 0, partners 0
         6 events, 54 participants, 0 trainings, 0 participants; 01/06/2015 - 31/12/2016
         Swedish labels, Finnish texts
    001  Kalajoen kaupunginkirjasto (no ISIL, no business ID)   AVI-hanke 2018
         requested 53 280, own 13 320, total 66 000; granted 50 000; realised all 0
         no statistics; 01/01/2018 - 03/12/2018
    002  Lohjan kaupunginkirjasto FI-Lohja, 1068322-0   AVI-hanke 2017
         requested 8 000, own 2 000, total 10 000; granted 5 000; realised all 0
         partners: Karkkilan kaupunginkirjasto, Vihdin kunnankirjasto; 01/04/2017 - 31/12/2018
    003  Kuopion kaupunginkirjasto FI-Km, 0171450-7   AVI-hanke 2016
         requested 7 500, own 1 500, total 0; granted 7 000
         realised: total 8 645, own 1 633, external 0, partners 0
         18 events, 200 participants, 1 training, 12 participants; 02/05/2016 - 31/12/2017
         working group: 12 organisations; image credit fb.com/kuopionkirjasto
    004  Espoon kaupunginkirjasto FI-Em, 0101263-6   AVI-hanke 2017
         requested 24 500, own 12 500, total 36 000; granted 20 000
         realised: total 27 044, own 7 044, external 0, partners 0
         13 events, 862 participants, 0 trainings, 0 participants; 01/06/2017 - 31/12/2018
         partner: Ison Omenan palvelutorin muut toimijat
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, RdfFormat, Store

import kg
from kg.build import BuildOptions, build
from kg.errors import QueryParameterError
from kg.iris import Minter
from kg.sparql.catalogue import (
    QueryResult,
    StoredQuery,
    bind,
    load_catalogue,
    run_local,
    strip_comments,
    to_result,
    uses_service,
    with_values_block,
)
from kg.store.graph_store import GraphStore
from kg.vocab import KG, OWL, SCHEMA

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
README = REPO / "queries" / "README.md"
READ_AT = datetime(2026, 1, 31, 12, tzinfo=UTC)
DEFAULT = DefaultGraph()
SCHEMA_SAME_AS = NamedNode("http://schema.org/sameAs")  # not a term kg.vocab lists

CATALOGUE = load_catalogue()

# -- what the seeds name, and the IRIs the minter gives them ----------------------------------

M = Minter()

KUOPIO = M.library("FI-Km", "0171450-7", "Kuopion kaupunginkirjasto")
KALAJOKI = M.library(None, None, "Kalajoen kaupunginkirjasto")
LOHJA = M.library("FI-Lohja", "1068322-0", "Lohjan kaupunginkirjasto")
ESPOO = M.library("FI-Em", "0101263-6", "Espoon kaupunginkirjasto")
KUOPIO_BODY = M.legal_body("0171450-7").value
LOHJA_BODY = M.legal_body("1068322-0").value
ESPOO_BODY = M.legal_body("0101263-6").value

T000 = "Asiakkaiden osallistaminen kirjastopalveluiden kehittämiseen Kuopion kaupunginkirjastossa"
T001 = "Palvelumuotoilu ja verkostoiminen Kalajoen uuden kaupunginkirjaston kehittämisessä"
T002 = "Lukki-kirjastojen palvelukulttuurin kehittäminen"
T003 = "Pop up - kirjasto sinne missä ihmiset ovat"
T004 = (
    "Kirjastollisin keinoin kuntalaisten hyvinvointia edistämässä - "
    "Palvelutori-konseptin mahdollisuudet tehokäyttöön"
)

P000 = M.project(2015, T000, KUOPIO).value
P001 = M.project(2018, T001, KALAJOKI).value
P002 = M.project(2017, T002, LOHJA).value
P003 = M.project(2016, T003, KUOPIO).value
P004 = M.project(2017, T004, ESPOO).value

AVI_PROGRAMME = M.programme("avi").value
OKM_PROGRAMME = M.programme("okm").value
GOOD_PRACTICE = M.programme("good-practice").value
OKM = M.reference_organisation("okm").value
AVI = M.reference_organisation("avi").value

KUOPION = "Kuopion kaupunginkirjasto"
KALAJOEN = "Kalajoen kaupunginkirjasto"
LOHJAN = "Lohjan kaupunginkirjasto"
ESPOON = "Espoon kaupunginkirjasto"
AVI_FI = "Yleisten kirjastojen kehittämisavustukset (AVI)"
AVI_SV = "Understöd för utveckling av allmänna bibliotek (RFV)"
OKM_FI = "Opetus- ja kulttuuriministeriö"
OKM_SV = "Undervisnings- och kulturministeriet"
AVIS_FI = "Aluehallintovirastot (AVI)"
OKM_PROJECTS_FI = "Opetus- ja kulttuuriministeriön kirjastohankkeet"
OKM_PROJECTS_SV = "Undervisnings- och kulturministeriets biblioteksprojekt"
AVIS_SV = "Regionförvaltningsverken (RFV)"
NS = "https://w3id.org/kirjasto-kg/ns#"

SEED_000 = "000_52e5d4c243421207.txt"


def org(name: str, scope: str = "0171450-7") -> str:
    """An organisation known by its name only, in the municipality `scope` (Kuopio's)."""
    return M.local_organisation(scope, name).value


def kind(key: str) -> str:
    return M.partner_kind(key).value


# -- the expected rows ------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One run of a query: its parameters (as users give them) and the rows expected."""

    id: str
    rows: list[list[str | None]]
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Expected:
    """The columns a query returns and its cases."""

    columns: tuple[str, ...]
    cases: tuple[Case, ...]


# The money of each seed (docstring above), by amount kind: the application's (requested,
# own, total, other grants applied and received), the grant, the final report's.
APPLICATION = ("RequestedAmount", "OwnFundingAmount", "TotalBudgetAmount")
REALISED = (
    "RealizedTotalBudgetAmount",
    "RealizedOwnFundingAmount",
    "ExternalFundingAmount",
    "PartnerContributionAmount",
)
AMOUNT_PATHS = {
    "RequestedAmount": "application/requested",
    "OwnFundingAmount": "application/own-funding",
    "TotalBudgetAmount": "application/total-budget",
    "OtherGrantsAppliedAmount": "application/other-applied",
    "OtherGrantsReceivedAmount": "application/other-received",
    "GrantedAmount": "grant/granted",
    "RealizedTotalBudgetAmount": "report/total-budget",
    "RealizedOwnFundingAmount": "report/own-funding",
    "ExternalFundingAmount": "report/external-funding",
    "PartnerContributionAmount": "report/partner-contribution",
}
MONEY = {  # project -> application (3), granted, realised (4); every seed's other grants are 0
    P000: (("12800", "3500", "16300"), "11000", ("15425", "4056", "0", "0")),
    P001: (("53280", "13320", "66000"), "50000", ("0", "0", "0", "0")),
    P002: (("8000", "2000", "10000"), "5000", ("0", "0", "0", "0")),
    P003: (("7500", "1500", "0"), "7000", ("8645", "1633", "0", "0")),
    P004: (("24500", "12500", "36000"), "20000", ("27044", "7044", "0", "0")),
}


def amount_rows() -> list[list[str | None]]:
    rows = []
    for project in sorted(MONEY):
        application, granted, realised = MONEY[project]
        values = dict(zip(APPLICATION, application, strict=True))
        values |= dict(zip(REALISED, realised, strict=True))
        values |= {"GrantedAmount": granted}
        values |= {"OtherGrantsAppliedAmount": "0", "OtherGrantsReceivedAmount": "0"}
        for kind in sorted(values):
            amount = f"{project}/{AMOUNT_PATHS[kind]}"
            # A final report of only 0 (001, 002) is not reported: its values are blank.
            value = None if kind in REALISED and set(realised) == {"0"} else values[kind]
            rows.append([project, kind, value, "EUR", amount])
    return rows


def partnership_rows() -> list[list[str | None]]:
    """003's twelve (numbered as the working group lists them), 004's one, 002's two.

    A kind of partner ("yhdistykset") is a concept, not an organisation: no partner, its
    words as written for a name; the named examples of a kind carry it too.
    """
    kuopio = [  # (number, name, the remark beside it, an organisation?, its kind)
        (1, "Savon ammatti- ja aikuisopisto", None, True, None),
        (2, "yhdistykset", None, False, "associations"),
        (3, "Kuopio Tanssii ja Soi ry", "yhdistykset esim.", True, "associations"),
        (4, "Satamankulman taideyhdistys", "yhdistykset esim.", True, "associations"),
        (5, "Turvalinkki ry", "yhdistykset esim.", True, "associations"),
        (6, "Kuopion Perheentalo", None, True, None),
        (7, "päiväkodit", None, False, "day-care"),
        (8, "Maljapuron päiväkoti", "päiväkodit esim.", True, "day-care"),
        (9, "Minnan päiväkoti", "päiväkodit esim.", True, "day-care"),
        (10, "Lehtoniemen päiväkoti", "päiväkodit esim.", True, "day-care"),
        (11, "Kuopion kaupungin markkinointi, viestintä ja asiakaspalvelut", None, True, None),
        (12, "Kuopion kaupunginkirjaston Pop up -työryhmä", None, True, None),
    ]
    espoo = [
        (
            1,
            "Ison Omenan palvelutorin muut toimijat",
            "espoo.fi/palvelutori; sekä kiinteästi palvelutorilla toimivat että sinne osana "
            "jalkautuvaa työtänsä hakeutuvat",
            False,
            "actors",
        )
    ]
    lohja = [
        (1, "Karkkilan kaupunginkirjasto", None, True, None),
        (2, "Vihdin kunnankirjasto", None, True, None),
    ]
    rows = []
    for project, library, scope, partners in (
        (P003, KUOPIO.value, "0171450-7", kuopio),
        (P004, ESPOO.value, "0101263-6", espoo),
        (P002, LOHJA.value, "1068322-0", lohja),
    ):
        for number, name, remark, named, key in sorted(partners, key=lambda p: str(p[0])):
            partner = org(name, scope) if named else None
            rows.append(
                [
                    f"{project}/partner/{number}",
                    project,
                    library,
                    partner,
                    name,
                    remark,
                    kind(key) if key else None,
                ]
            )
    return rows


# The rows of export_projects, in Finnish (lang fi): in IRI order, year, library key, title;
# every text is Finnish.
PROJECT_ROWS: list[list[str | None]] = [
    [
        P000,
        T000,
        "2015",
        AVI_PROGRAMME,
        AVI_FI,
        "true",
        "2015-06-01",
        "2016-12-31",
        KUOPIO.value,
        KUOPION,
        "FI-Km",
        "0171450-7",
        "12800",
        "3500",
        "16300",
        "11000",
        "15425",
        "6",
        "54",
        "0",
        "0",
        "fi",
        SEED_000,
    ],
    [
        P003,
        T003,
        "2016",
        AVI_PROGRAMME,
        AVI_FI,
        "true",
        "2016-05-02",
        "2017-12-31",
        KUOPIO.value,
        KUOPION,
        "FI-Km",
        "0171450-7",
        "7500",
        "1500",
        "0",
        "7000",
        "8645",
        "18",
        "200",
        "1",
        "12",
        "fi",
        "003_e599603b441184a1.txt",
    ],
    [
        P004,
        T004,
        "2017",
        AVI_PROGRAMME,
        AVI_FI,
        "true",
        "2017-06-01",
        "2018-12-31",
        ESPOO.value,
        ESPOON,
        "FI-Em",
        "0101263-6",
        "24500",
        "12500",
        "36000",
        "20000",
        "27044",
        "13",
        "862",
        "0",
        "0",
        "fi",
        "004_2e6b8c7a8187e8e8.txt",
    ],
    # 002 and 001 give no statistics; their realised figures are all 0, which
    # is how a report not yet made reads: not reported, so blank.
    [
        P002,
        T002,
        "2017",
        AVI_PROGRAMME,
        AVI_FI,
        "true",
        "2017-04-01",
        "2018-12-31",
        LOHJA.value,
        LOHJAN,
        "FI-Lohja",
        "1068322-0",
        "8000",
        "2000",
        "10000",
        "5000",
        None,
        None,
        None,
        None,
        None,
        "fi",
        "002_189ba8d91d5ac61a.txt",
    ],
    [
        P001,
        T001,
        "2018",
        AVI_PROGRAMME,
        AVI_FI,
        "true",
        "2018-01-01",
        "2018-12-03",
        KALAJOKI.value,
        KALAJOEN,
        None,
        None,
        "53280",
        "13320",
        "66000",
        "50000",
        None,
        None,
        None,
        None,
        None,
        "fi",
        "001_2a2d3dfe5334386e.txt",
    ],
]


EXPECTED: dict[str, Expected] = {
    "export_projects": Expected(
        (
            "project",
            "title",
            "call_year",
            "programme",
            "programme_name",
            "funded",
            "start_date",
            "end_date",
            "library",
            "library_name",
            "isil",
            "business_id",
            "requested",
            "own_funding",
            "total_budget",
            "granted",
            "realized_total_budget",
            "events",
            "event_participants",
            "trainings",
            "training_participants",
            "languages",
            "source_file",
        ),
        (
            Case("all", PROJECT_ROWS),
            Case(
                "in-swedish",
                [[AVI_SV if value == AVI_FI else value for value in row] for row in PROJECT_ROWS],
                {"lang": "sv"},
            ),
        ),
    ),
    "export_libraries": Expected(
        (
            "library",
            "name",
            "isil",
            "street_address",
            "postal_code",
            "phone",
            "email",
            "legal_body",
            "legal_body_name",
            "business_id",
            "projects",
        ),
        (
            Case(
                "all",  # the legal bodies have no name in the seeds, only a business ID
                [
                    [
                        ESPOO.value,
                        ESPOON,
                        "FI-Em",
                        "PL 1",
                        "02070",
                        "050 330 1762",
                        "jaana.tyrni@espoo.fi",
                        ESPOO_BODY,
                        None,
                        "0101263-6",
                        "1",
                    ],
                    [
                        KUOPIO.value,
                        KUOPION,
                        "FI-Km",
                        "PL 157",
                        "70101",
                        "0447182314",
                        "kirjasto@kuopio.fi",
                        KUOPIO_BODY,
                        None,
                        "0171450-7",
                        "2",
                    ],
                    [
                        LOHJA.value,
                        LOHJAN,
                        "FI-Lohja",
                        "Karstuntie 3",
                        "08100",
                        "019 369 1477",
                        "maritta.turunen@lohja.fi",
                        LOHJA_BODY,
                        None,
                        "1068322-0",
                        "1",
                    ],
                    # 001 gives the library's address and no phone, e-mail or identifiers.
                    [
                        KALAJOKI.value,
                        KALAJOEN,
                        None,
                        "Kalajoentie 5",
                        "85100",
                        None,
                        None,
                        None,
                        None,
                        None,
                        "1",
                    ],
                ],
            ),
        ),
    ),
    "export_amounts": Expected(
        ("project", "kind", "value", "currency", "amount"),
        (Case("all", amount_rows()),),
    ),
    "export_partnerships": Expected(
        ("partnership", "project", "library", "partner", "partner_name", "remark", "partner_kind"),
        (Case("all", partnership_rows()),),
    ),
    "granted_by_year_and_programme": Expected(
        ("year", "programme", "programme_name", "projects", "grants", "granted_known", "granted"),
        (
            # RFV (000, Swedish page), AVI (001-004) and ELY all name the AVI programme; every
            # seed is funded and gives its amount.
            Case(
                "all",
                [
                    ["2015", AVI_PROGRAMME, AVI_FI, "1", "1", "1", "11000"],  # 000: 11 000
                    ["2016", AVI_PROGRAMME, AVI_FI, "1", "1", "1", "7000"],  # 003: 7 000
                    # 002 + 004: 5 000 + 20 000
                    ["2017", AVI_PROGRAMME, AVI_FI, "2", "2", "2", "25000"],
                    ["2018", AVI_PROGRAMME, AVI_FI, "1", "1", "1", "50000"],  # 001: 50 000
                ],
            ),
            Case(
                "year-2017",
                [["2017", AVI_PROGRAMME, AVI_FI, "2", "2", "2", "25000"]],
                {"year": "2017"},
            ),
            Case("okm-none", [], {"programme": "okm"}),  # no seed is an OKM-hanke
            Case(
                "avi-2016-in-swedish",
                [["2016", AVI_PROGRAMME, AVI_SV, "1", "1", "1", "7000"]],
                {"programme": "avi", "year": "2016", "lang": "sv"},
            ),
        ),
    ),
    "applied_vs_granted_by_year": Expected(
        (
            "year",
            "projects",
            "requested_known",
            "requested",
            "grants",
            "granted_known",
            "granted",
            "share_known",
            "granted_share",
        ),
        (
            Case(
                "all",  # every seed gives both its requested and its granted amount
                [
                    # 11 000 / 12 800 = 0.859375 -> 0.859
                    ["2015", "1", "1", "12800", "1", "1", "11000", "1", "0.859"],
                    # 7 000 / 7 500 = 0.9333... -> 0.933
                    ["2016", "1", "1", "7500", "1", "1", "7000", "1", "0.933"],
                    # (5 000 + 20 000) / (8 000 + 24 500) = 25 000 / 32 500 = 0.76923 -> 0.769
                    ["2017", "2", "2", "32500", "2", "2", "25000", "2", "0.769"],
                    # 50 000 / 53 280 = 0.93844 -> 0.938
                    ["2018", "1", "1", "53280", "1", "1", "50000", "1", "0.938"],
                ],
            ),
            Case(
                "year-2016",
                [["2016", "1", "1", "7500", "1", "1", "7000", "1", "0.933"]],
                {"year": "2016"},
            ),
            Case("year-2019", [], {"year": "2019"}),
        ),
    ),
    "projects_of_library": Expected(
        ("project", "title", "year", "library", "library_name", "isil", "granted"),
        (
            Case(
                "kuopio-lower-case",
                [
                    [P000, T000, "2015", KUOPIO.value, KUOPION, "FI-Km", "11000"],
                    [P003, T003, "2016", KUOPIO.value, KUOPION, "FI-Km", "7000"],
                ],
                {"isil": "fi-km"},
            ),
            Case(
                "lohja-upper-case",
                [[P002, T002, "2017", LOHJA.value, LOHJAN, "FI-Lohja", "5000"]],
                {"isil": "FI-LOHJA"},
            ),
            Case("unknown", [], {"isil": "FI-Hki"}),
        ),
    ),
    "libraries_and_legal_bodies": Expected(
        ("library", "library_name", "isil", "legal_body", "business_id", "projects", "granted"),
        (
            Case(
                "all",
                [
                    [ESPOO.value, ESPOON, "FI-Em", ESPOO_BODY, "0101263-6", "1", "20000"],
                    # 001 names no ISIL and no business ID (Y-tunnus) at all.
                    [KALAJOKI.value, KALAJOEN, None, None, None, "1", "50000"],
                    # 000 + 003: 11 000 + 7 000 = 18 000; Kuopio is in both record graphs.
                    [KUOPIO.value, KUOPION, "FI-Km", KUOPIO_BODY, "0171450-7", "2", "18000"],
                    [LOHJA.value, LOHJAN, "FI-Lohja", LOHJA_BODY, "1068322-0", "1", "5000"],
                ],
            ),
        ),
    ),
    "partner_network": Expected(
        ("library", "library_name", "partner", "partner_name", "partner_is_library", "projects"),
        (
            Case(
                "all",
                [
                    # 003's working group, split at its commas; the kinds ("yhdistykset",
                    # "päiväkodit") are not partners, their named examples are. 004 names a
                    # kind only. Alphabetical ignoring case.
                    [KUOPIO.value, KUOPION, org(name), name, "false", "1"]
                    for name in [
                        "Kuopio Tanssii ja Soi ry",
                        "Kuopion kaupungin markkinointi, viestintä ja asiakaspalvelut",
                        "Kuopion kaupunginkirjaston Pop up -työryhmä",
                        "Kuopion Perheentalo",
                        "Lehtoniemen päiväkoti",
                        "Maljapuron päiväkoti",
                        "Minnan päiväkoti",
                        "Satamankulman taideyhdistys",
                        "Savon ammatti- ja aikuisopisto",
                        "Turvalinkki ry",
                    ]
                ]
                + [
                    # 002: two libraries, but no seed is theirs, so they are organisations of
                    # Lohja's municipality.
                    [LOHJA.value, LOHJAN, org(name, "1068322-0"), name, "false", "1"]
                    for name in ["Karkkilan kaupunginkirjasto", "Vihdin kunnankirjasto"]
                ],
            ),
        ),
    ),
    "projects_active_on": Expected(
        ("project", "title", "library_name", "start", "end"),
        (
            Case(
                "2017-06-01",
                [
                    [P003, T003, KUOPION, "2016-05-02", "2017-12-31"],
                    [P002, T002, LOHJAN, "2017-04-01", "2018-12-31"],
                    [P004, T004, ESPOON, "2017-06-01", "2018-12-31"],  # its first day
                ],
                {"on": "2017-06-01"},
            ),
            Case(
                # 001 ended on 03/12/2018; 002 and 004 end on 31/12/2018.
                "2018-12-31",
                [
                    [P002, T002, LOHJAN, "2017-04-01", "2018-12-31"],
                    [P004, T004, ESPOON, "2017-06-01", "2018-12-31"],
                ],
                {"on": "2018-12-31"},
            ),
            Case(
                "2016-12-31",
                [
                    [P000, T000, KUOPION, "2015-06-01", "2016-12-31"],  # its last day
                    [P003, T003, KUOPION, "2016-05-02", "2017-12-31"],
                ],
                {"on": "2016-12-31"},
            ),
            Case("2019-01-01", [], {"on": "2019-01-01"}),
        ),
    ),
    "events_by_year": Expected(
        ("year", "reports", "events", "event_participants", "trainings", "training_participants"),
        (
            Case(
                # 001 (2018) and 002 (2017) report money only, no statistics.
                "all",
                [
                    ["2015", "1", "6", "54", "0", "0"],  # 000
                    ["2016", "1", "18", "200", "1", "12"],  # 003
                    ["2017", "1", "13", "862", "0", "0"],  # 004
                ],
            ),
        ),
    ),
    "money_figures_not_adding_up": Expected(
        ("project", "title", "source_file", "problem", "computed", "stated"),
        (
            Case(
                "all",
                [
                    # 000: 12 800 + 3 500 = 16 300 adds up; the final report leaves
                    # 15 425 - 4 056 - 0 - 0 = 11 369 for the grant, but 11 000 was granted.
                    [P000, T000, SEED_000, "realised-total", "11369", "11000"],
                    # 001: 53 280 + 13 320 = 66 600, not 66 000; its report is all zeros.
                    [P001, T001, "001_2a2d3dfe5334386e.txt", "application-total", "66600", "66000"],
                    # 002: 8 000 + 2 000 = 10 000 adds up; its report is all zeros.
                    # 003: 7 500 + 1 500 = 9 000, not 0; the report leaves 8 645 - 1 633 = 7 012
                    # for the grant, but 7 000 was granted.
                    [P003, T003, "003_e599603b441184a1.txt", "application-total", "9000", "0"],
                    [P003, T003, "003_e599603b441184a1.txt", "realised-total", "7012", "7000"],
                    # 004: 24 500 + 12 500 = 37 000, not 36 000; 27 044 - 7 044 = 20 000 granted.
                    [P004, T004, "004_2e6b8c7a8187e8e8.txt", "application-total", "37000", "36000"],
                    # No seed was granted more than it asked for.
                ],
            ),
        ),
    ),
    "projects_by_word": Expected(
        ("project", "title", "year", "field"),
        (
            Case(
                # 000 says "pop up" too, but only in its assessment and follow-up sections.
                "pop-up",
                [[P003, T003, "2016", "description"], [P003, T003, "2016", "title"]],
                {"word": "pop up"},
            ),
            Case(
                # 000's "palvelumuotoilun" is in its assessment, not its description.
                "palvelumuotoilu-upper-case",
                [[P001, T001, "2018", "description"], [P001, T001, "2018", "title"]],
                {"word": "PALVELUMUOTOILU"},
            ),
            Case("empty-word", [], {"word": ""}),
            Case("nowhere", [], {"word": "zeppelin"}),
        ),
    ),
    "libraries_without_registry_link": Expected(
        ("library", "library_name", "isil", "business_id"),
        (
            Case(
                "all",  # nothing links a library to a registry yet
                [
                    [ESPOO.value, ESPOON, "FI-Em", "0101263-6"],
                    [KALAJOKI.value, KALAJOEN, None, None],
                    [KUOPIO.value, KUOPION, "FI-Km", "0171450-7"],
                    [LOHJA.value, LOHJAN, "FI-Lohja", "1068322-0"],
                ],
            ),
        ),
    ),
    "programmes_and_funders": Expected(
        (
            "programme",
            "programme_name",
            "funder",
            "funder_name",
            "authority",
            "authority_name",
            "projects",
        ),
        (
            Case(
                # OKM funds the AVI programme and the AVIs decide; all five seeds are AVI.
                "finnish",
                [
                    [AVI_PROGRAMME, AVI_FI, OKM, OKM_FI, AVI, AVIS_FI, "5"],
                    [GOOD_PRACTICE, "Hyvä käytänne", None, None, None, None, "0"],
                    # The ministry both funds and decides its own projects.
                    [OKM_PROGRAMME, OKM_PROJECTS_FI, OKM, OKM_FI, OKM, OKM_FI, "0"],
                ],
            ),
            Case(
                "swedish",
                [
                    [AVI_PROGRAMME, AVI_SV, OKM, OKM_SV, AVI, AVIS_SV, "5"],
                    [GOOD_PRACTICE, "God praxis", None, None, None, None, "0"],
                    [OKM_PROGRAMME, OKM_PROJECTS_SV, OKM, OKM_SV, OKM, OKM_SV, "0"],
                ],
                {"lang": "sv"},
            ),
        ),
    ),
    "projects_of_municipality": Expected(
        (
            "legal_body",
            "business_id",
            "library",
            "library_name",
            "project",
            "title",
            "year",
            "granted",
        ),
        (
            Case(
                "kuopio-with-spaces",
                [
                    [KUOPIO_BODY, "0171450-7", KUOPIO.value, KUOPION, P000, T000, "2015", "11000"],
                    [KUOPIO_BODY, "0171450-7", KUOPIO.value, KUOPION, P003, T003, "2016", "7000"],
                ],
                {"business_id": " 0171450-7 "},
            ),
            Case(
                "lohja",
                [[LOHJA_BODY, "1068322-0", LOHJA.value, LOHJAN, P002, T002, "2017", "5000"]],
                {"business_id": "1068322-0"},
            ),
            Case("unknown", [], {"business_id": "0201256-6"}),
        ),
    ),
    "largest_grants": Expected(
        ("rank", "granted", "project", "title", "year", "library_name"),
        (
            Case(
                "default-10",
                [
                    ["1", "50000", P001, T001, "2018", KALAJOEN],
                    ["2", "20000", P004, T004, "2017", ESPOON],
                    ["3", "11000", P000, T000, "2015", KUOPION],
                    ["4", "7000", P003, T003, "2016", KUOPION],
                    ["5", "5000", P002, T002, "2017", LOHJAN],
                ],
            ),
            Case(
                "top-2",
                [
                    ["1", "50000", P001, T001, "2018", KALAJOEN],
                    ["2", "20000", P004, T004, "2017", ESPOON],
                ],
                {"n": "2"},
            ),
            Case("none", [], {"n": "0"}),
        ),
    ),
    "projects_by_text_language": Expected(
        ("project", "title", "year", "page_language"),
        (
            # 000 is a Swedish page (RFV-ansökan, Swedish labels), but its texts are Finnish.
            Case("swedish-default", []),
            Case(
                "finnish",
                [
                    [P000, T000, "2015", "sv"],
                    [P003, T003, "2016", "fi"],
                    [P004, T004, "2017", "fi"],  # "Kirjastollisin" before "Lukki"
                    [P002, T002, "2017", "fi"],
                    [P001, T001, "2018", "fi"],
                ],
                {"lang": "fi"},
            ),
            Case("english", [], {"lang": "en"}),
        ),
    ),
    "project_provenance": Expected(
        (
            "project",
            "title",
            "record",
            "source_file",
            "sha256",
            "read_at",
            "tool_version",
            "label_language",
            "truncated",
            "page",
        ),
        (
            Case(
                "000",
                [
                    [
                        P000,
                        T000,
                        M.record("000_52e5d4c243421207").value,
                        SEED_000,
                        hashlib.sha256((SEEDS / SEED_000).read_bytes()).hexdigest(),
                        "2026-01-31T12:00:00Z",
                        kg.__version__,
                        "sv",  # "År 2015 RFV-ansökan", "Bibliotekets adress"
                        "false",  # the copy goes on to its decision ("Beslut")
                        None,  # no page URL was given to the build
                    ]
                ],
                {"project": P000},
            ),
            Case("unknown", [], {"project": M.project(2015, "Ei ole", KUOPIO).value}),
        ),
    ),
    "libraries_missing_identifiers": Expected(
        ("library", "library_name", "scheme", "scheme_name"),
        (
            Case(
                "all",  # only 001 leaves out its ISIL-tunnus and Y-tunnus
                [
                    [KALAJOKI.value, KALAJOEN, NS + "BusinessID", "BusinessID"],
                    [KALAJOKI.value, KALAJOEN, NS + "ISIL", "ISIL"],
                ],
            ),
        ),
    ),
}

CASES = [
    pytest.param(name, case, id=f"{name}-{case.id}")
    for name, expected in EXPECTED.items()
    for case in expected.cases
]
QUERIES = [pytest.param(query, id=name) for name, query in sorted(CATALOGUE.items())]


# -- fixtures and helpers ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("stored-queries")
    result = build([SEEDS], out, BuildOptions(read_at=READ_AT, validate=False, release=False))
    assert result.records == 5
    assert not result.failures
    return out


@pytest.fixture(scope="module")
def store(built: Path) -> GraphStore:
    return GraphStore.open(built / "store", create=False)


def union_store(built: Path) -> GraphStore:
    """The deduplicated union (graph.ttl, each triple once) in one graph of a fresh store."""
    oxigraph = Store()
    oxigraph.load(path=str(built / "graph.ttl"), format=RdfFormat.TURTLE)
    return GraphStore(oxigraph, "memory")


@pytest.fixture(scope="module")
def union(built: Path) -> GraphStore:
    return union_store(built)


def plain(term: object) -> str | None:
    """An IRI as its string, a literal as its lexical value."""
    if term is None:
        return None
    if isinstance(term, NamedNode | Literal):
        return term.value
    return str(term)


def parameter_variables(query: StoredQuery) -> set[str]:
    return {parameter.variable for parameter in query.parameters}


Table = tuple[tuple[str, ...], list[list[str | None]]]


def table(result: QueryResult) -> Table:
    """The columns and rows of a result, terms as plain strings."""
    return result.variables, every_column(result)


def every_column(result: QueryResult) -> list[list[str | None]]:
    return [[plain(term) for term in row] for row in result.rows]


def run(store: GraphStore, name: str, params: dict[str, str]) -> QueryResult:
    query = CATALOGUE[name]
    return run_local(store, query, bind(query, params))


def run_text(store: GraphStore, text: str) -> QueryResult:
    """Run a query text as it stands, on the store's default graph (the union, a set)."""
    answer = store.oxigraph.query(text)
    return to_result(answer, "SELECT")


# grlc (CLARIAH/grlc, gquery.get_parameters and rewrite_query_standard) finds a parameter
# with this pattern and pastes its value into the text wherever `?name` is written; an
# optional parameter left out stays in the text as an unbound variable.
GRLC_PARAMETER = re.compile(
    r"\?(?P<required>_{1,2})(?P<name>[a-zA-Z0-9]+)"
    r"(_(?P<type>iri|number|literal|integer))?"
    r"(_(?P<prefix>[a-zA-Z0-9]+)_(?P<userdefined>[a-zA-Z0-9]+))?"
    r"(_(?P<lang>[a-zA-Z0-9]+))?"
)
GRLC_XSD_PREFIX = "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>"


def grlc_rewrite(query: StoredQuery, params: dict[str, str]) -> str:
    """The query text as grlc would send it, given the same values (defaults filled in)."""
    values = {
        parameter.variable: params.get(parameter.name, parameter.default)
        for parameter in query.parameters
    }
    text = query.text
    require_xsd = False
    for match in GRLC_PARAMETER.finditer(query.text):
        value = values.get(match.group(0)[1:])
        if not value:
            continue
        kind = match.group("type")
        if kind == "iri":
            pasted = f"<{value}>"
        elif kind == "number":
            pasted = value
        elif match.group("lang"):
            pasted = f'"{value}"@{match.group("lang")}'
        elif kind == "integer":
            pasted, require_xsd = f'"{value}"^^xsd:integer', True
        elif match.group("prefix"):
            pasted = f'"{value}"^^{match.group("prefix")}:{match.group("userdefined")}'
        else:
            pasted = f'"{value}"'
        text = text.replace(match.group(0), pasted)
    if require_xsd and GRLC_XSD_PREFIX not in text:
        text = text.replace("SELECT", GRLC_XSD_PREFIX + "\n\nSELECT")
    return text


# -- every query has its hand-worked rows -----------------------------------------------------


def test_every_query_in_the_catalogue_has_expected_rows():
    assert set(CATALOGUE) == set(EXPECTED), (
        "every stored query needs its rows worked out by hand in EXPECTED"
    )
    assert len(CATALOGUE) >= 15


@pytest.mark.parametrize(("name", "case"), CASES)
def test_rows_worked_out_by_hand(store: GraphStore, name: str, case: Case):
    query = CATALOGUE[name]
    result = run(store, name, case.params)
    columns, rows = table(result)
    assert columns == EXPECTED[name].columns
    assert not set(columns) & parameter_variables(query), "parameters are not projected"
    assert rows == case.rows


@pytest.mark.parametrize(("name", "case"), CASES)
def test_same_rows_on_the_deduplicated_union(
    store: GraphStore, union: GraphStore, name: str, case: Case
):
    on_store = run(store, name, case.params)
    on_union = run(union, name, case.params)
    assert on_union.variables == on_store.variables
    assert every_column(on_union) == every_column(on_store)


@pytest.mark.parametrize(("name", "case"), CASES)
def test_same_rows_with_a_values_block(union: GraphStore, name: str, case: Case):
    query = CATALOGUE[name]
    bindings = bind(query, case.params)
    remote = run_text(union, with_values_block(query, bindings))
    assert every_column(remote) == every_column(run_local(union, query, bindings))


@pytest.mark.parametrize(("name", "case"), CASES)
def test_same_rows_with_values_pasted_as_grlc_does(union: GraphStore, name: str, case: Case):
    query = CATALOGUE[name]
    pasted = run_text(union, grlc_rewrite(query, case.params))
    assert table(pasted) == table(run(union, name, case.params))


def test_the_record_graphs_make_a_bag_and_the_default_graph_a_set(
    store: GraphStore, union: GraphStore
):
    # Summed through the shared call node without DISTINCT, 2017's two grants (5 000 and
    # 20 000, records 002 and 004) count twice over in Oxigraph's union of the record graphs:
    # once per record graph that asserts the call. The store's default graph, which the
    # stored queries read, holds each triple once, as graph.ttl does.
    naive = """
        PREFIX kg: <https://w3id.org/kirjasto-kg/ns#>
        PREFIX schema: <http://schema.org/>
        SELECT (SUM(?value) AS ?granted) WHERE {
          ?grant kg:fundingCall ?call ; kg:granted/schema:value ?value .
          ?call kg:callYear "2017"^^<http://www.w3.org/2001/XMLSchema#gYear> .
        }"""
    bag = store.oxigraph.query(naive, default_graph=list(store.graphs()))
    assert [[row["granted"].value for row in bag]] == [["50000"]]
    assert every_column(run_text(store, naive)) == [["25000"]]
    assert every_column(run_text(union, naive)) == [["25000"]]


# -- the headers ------------------------------------------------------------------------------


@pytest.mark.parametrize("query", QUERIES)
def test_header_has_summary_and_tags(query: StoredQuery):
    assert query.summary
    assert "\n" not in query.summary
    assert query.tags
    assert all(tag == tag.strip() and tag for tag in query.tags)
    assert query.form == "SELECT"
    assert not uses_service(query)


def grlc_header(query: StoredQuery) -> dict[str, object]:
    """The header as grlc reads it: the `#+` lines, with `#+` stripped, as one YAML document."""
    lines = [line.lstrip("#+") for line in query.text.splitlines() if line.startswith("#+")]
    return yaml.safe_load("\n".join(lines))


@pytest.mark.parametrize("query", QUERIES)
def test_header_is_grlc_yaml(query: StoredQuery):
    header = grlc_header(query)
    assert set(header) <= {"summary", "description", "tags", "defaults", "enumerate"}
    # A ": " left unquoted in a description would make a mapping of it, or break the YAML.
    assert header["summary"] == query.summary
    assert isinstance(header["description"], str)
    assert header["description"].strip() == query.description
    assert header["tags"] == list(query.tags)  # the list form
    for key in ("defaults", "enumerate"):
        if key in header:  # grlc's form: a list of one-key mappings
            assert isinstance(header[key], list)
            assert all(isinstance(item, dict) and len(item) == 1 for item in header[key])
    for item in header.get("enumerate", []):
        ((name, choices),) = item.items()
        assert isinstance(choices, list)
        assert tuple(str(choice) for choice in choices) == query.parameter(name).choices


def subqueries(body: str) -> list[tuple[int, int]]:
    """The spans of the `{ SELECT ... }` groups of a query (every SELECT but the first)."""
    spans = []
    for select in list(re.finditer(r"\bSELECT\b", body, re.IGNORECASE))[1:]:
        start, depth = select.start(), 0
        while depth >= 0:
            start -= 1
            depth += {"}": 1, "{": -1}.get(body[start], 0)
        end, depth = start, 0
        while True:
            depth += {"{": 1, "}": -1}.get(body[end], 0)
            if depth == 0:
                break
            end += 1
        spans.append((start, end))
    return spans


@pytest.mark.parametrize("query", QUERIES)
def test_parameters_are_not_projected_and_used_outside_subqueries(query: StoredQuery):
    body = strip_comments(query.text)
    select_clause = body[: re.search(r"\bWHERE\b", body).start()]
    spans = subqueries(body)
    for parameter in query.parameters:
        # The answer columns only; the VALUES block binds a parameter without projecting it.
        assert not re.search(rf"[?$]{parameter.variable}\b", select_clause)
        # A VALUES block opening the WHERE group does not reach into a subquery.
        for use in re.finditer(rf"[?$]{parameter.variable}\b", body):
            assert not any(start < use.start() < end for start, end in spans)
        # grlc pastes a given value over `?name`, and BOUND("x") is a syntax error: unset
        # optional parameters are handled with COALESCE instead.
        assert not re.search(rf"BOUND\s*\(\s*\?{parameter.variable}\b", body)
    assert re.search(r"\bWHERE\s*\{", body), "the VALUES block goes right after WHERE {"


@pytest.mark.parametrize("query", QUERIES)
def test_defaults_and_choices_are_consistent(query: StoredQuery):
    for parameter in query.parameters:
        if parameter.choices and parameter.default is not None:
            assert parameter.default in parameter.choices
    if all(not parameter.required for parameter in query.parameters):
        bind(query, {})  # the defaults themselves are valid values


def test_the_integer_parameter_query_declares_xsd_for_grlc():
    # grlc pastes "n"^^xsd:integer and, lacking the xsd prefix, inserts it before every
    # SELECT of the text, subqueries included, which breaks them.
    assert GRLC_XSD_PREFIX in CATALOGUE["largest_grants"].text


def test_readme_lists_every_query_with_its_summary():
    readme = README.read_text(encoding="utf-8")
    for name, query in CATALOGUE.items():
        row = next((line for line in readme.splitlines() if line.startswith(f"| `{name}`")), "")
        assert row, f"queries/README.md has no row for {name}"
        assert query.summary in row
        for parameter in query.parameters:
            assert f"`{parameter.name}`" in row


# -- parameters ---------------------------------------------------------------------------------


def test_a_required_parameter_left_out_is_refused():
    with pytest.raises(QueryParameterError, match="isil"):
        bind(CATALOGUE["projects_of_library"], {})
    with pytest.raises(QueryParameterError, match="on"):
        bind(CATALOGUE["projects_active_on"], {})


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("largest_grants", {"n": "ten"}),
        ("largest_grants", {"n": "2.5"}),
        ("granted_by_year_and_programme", {"year": "17"}),
        ("applied_vs_granted_by_year", {"year": "twenty"}),
        ("projects_active_on", {"on": "2017-02-30"}),
        ("projects_active_on", {"on": "1.6.2017"}),
        ("project_provenance", {"project": "not an IRI"}),
    ],
    ids=lambda value: value if isinstance(value, str) else "-".join(value.values()),
)
def test_a_value_of_the_wrong_type_is_refused(name: str, params: dict[str, str]):
    with pytest.raises(QueryParameterError):
        bind(CATALOGUE[name], params)


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("granted_by_year_and_programme", {"programme": "ely"}),
        ("granted_by_year_and_programme", {"programme": "AVI"}),
        ("granted_by_year_and_programme", {"lang": "de"}),
        ("programmes_and_funders", {"lang": "se"}),
        ("projects_by_text_language", {"lang": "swedish"}),
    ],
    ids=lambda value: value if isinstance(value, str) else "-".join(value.values()),
)
def test_a_value_outside_the_enumeration_is_refused(name: str, params: dict[str, str]):
    with pytest.raises(QueryParameterError, match="not one of"):
        bind(CATALOGUE[name], params)


def test_an_unknown_parameter_is_refused():
    with pytest.raises(QueryParameterError, match="no parameter"):
        bind(CATALOGUE["largest_grants"], {"limit": "3"})


INJECTIONS = [
    'x" } ; DROP ALL ; #',
    "pop\nup",
    'pop up" ) || true || ("',
    "}\nSELECT * WHERE { ?s ?p ?o }\n#",
]


@pytest.mark.parametrize("value", INJECTIONS, ids=["drop-all", "newline", "or-true", "select"])
def test_a_hostile_value_is_only_a_literal(store: GraphStore, built: Path, value: str):
    before = len(store)
    assert every_column(run(store, "projects_by_word", {"word": value})) == []
    assert every_column(run(store, "projects_of_library", {"isil": value})) == []
    assert len(store) == before
    # The same values in a VALUES block, as a remote endpoint gets them.
    copy = union_store(built)
    count = len(copy)
    for name, parameter in (("projects_by_word", "word"), ("projects_of_library", "isil")):
        query = CATALOGUE[name]
        text = with_values_block(query, bind(query, {parameter: value}))
        assert every_column(run_text(copy, text)) == []
    assert len(copy) == count


# -- what the seeds cannot show -------------------------------------------------------------------


def test_a_library_linked_to_a_registry_is_left_out(built: Path):
    linked = union_store(built)
    linked.oxigraph.add(
        Quad(KUOPIO, OWL.sameAs, NamedNode("http://www.wikidata.org/entity/Q11881726"), DEFAULT)
    )
    linked.oxigraph.add(
        Quad(ESPOO, SCHEMA_SAME_AS, NamedNode("https://www.kirjastot.fi/espoo"), DEFAULT)
    )
    _, rows = table(run(linked, "libraries_without_registry_link", {}))
    assert [row[0] for row in rows] == [KALAJOKI.value, LOHJA.value]


def test_an_amount_the_page_does_not_give_is_blank_never_0(built: Path):
    # A copy cut before its decision (most real copies are) gives a funded project's grant
    # without its amount: here 001's grant loses its 50 000. The grant still counts; the
    # amount is left out of every sum, and a sum of no known amount is blank.
    cut = union_store(built)
    grant = NamedNode(f"{P001}/grant")
    for predicate in (KG.granted, SCHEMA.amount):
        for quad in list(cut.oxigraph.quads_for_pattern(grant, predicate, None, DEFAULT)):
            cut.oxigraph.remove(quad)
    _, rows = table(run(cut, "libraries_and_legal_bodies", {}))
    assert [KALAJOKI.value, KALAJOEN, None, None, None, "1", None] in rows
    _, rows = table(run(cut, "granted_by_year_and_programme", {"year": "2018"}))
    assert rows == [["2018", AVI_PROGRAMME, AVI_FI, "1", "1", "0", None]]
    _, rows = table(run(cut, "applied_vs_granted_by_year", {"year": "2018"}))
    assert rows == [["2018", "1", "1", "53280", "1", "0", None, "0", None]]
    _, rows = table(run(cut, "largest_grants", {}))
    assert [row[:3] for row in rows] == [
        ["1", "20000", P004],
        ["2", "11000", P000],
        ["3", "7000", P003],
        ["4", "5000", P002],
    ]
    result = run(cut, "export_projects", {})
    granted = result.variables.index("granted")
    assert {row[0]: row[granted] for row in every_column(result)}[P001] is None


SWEDISH_DESCRIPTION = (
    "Projektet utvecklar bibliotekets tjänster tillsammans med kunderna. Biblioteket ordnar "
    "intervjuer och evenemang för att nå dem som inte använder biblioteket."
)
SWEDISH_FILE = "900_svenska.txt"
SWEDISH_PAGE = "https://hankkeet.kirjastot.fi/hanke/kunderna-med-i-utvecklingen"


@pytest.fixture(scope="module")
def swedish(tmp_path_factory: pytest.TempPathFactory) -> tuple[GraphStore, bytes]:
    """Seed 000 with its description ("Projektbeskrivning") written in Swedish, and its page."""
    folder = tmp_path_factory.mktemp("swedish-record")
    lines = (SEEDS / SEED_000).read_text(encoding="utf-8").split("\n")
    label = next(i for i, line in enumerate(lines) if line.startswith("Projektbeskrivning"))
    start = label + 2  # the label line (it ends in a no-break space), a blank line, the text
    assert lines[start].startswith("Hankkeen tavoitteet")
    lines[start] = SWEDISH_DESCRIPTION
    data = "\n".join(lines).encode("utf-8")
    (folder / "in").mkdir()
    (folder / "in" / SWEDISH_FILE).write_bytes(data)
    options = BuildOptions(
        read_at=READ_AT, page_urls={SWEDISH_FILE: SWEDISH_PAGE}, validate=False, release=False
    )
    result = build([folder / "in"], folder / "out", options)
    assert result.records == 1
    return GraphStore.open(folder / "out" / "store", create=False), data


def test_a_swedish_text_makes_a_swedish_language_project(swedish: tuple[GraphStore, bytes]):
    store, _ = swedish
    project = M.project(2015, T000, KUOPIO, SWEDISH_PAGE).value  # .../project/<page slug>
    query = CATALOGUE["projects_by_text_language"]
    assert table(run(store, query.name, {}))[1] == [[project, T000, "2015", "sv"]]


def test_provenance_gives_the_page_when_it_is_known(swedish: tuple[GraphStore, bytes]):
    store, data = swedish
    project = M.project(2015, T000, KUOPIO, SWEDISH_PAGE).value
    query = CATALOGUE["project_provenance"]
    _, rows = table(run(store, query.name, {"project": project}))
    assert rows == [
        [
            project,
            T000,
            M.record("900_svenska").value,
            SWEDISH_FILE,
            hashlib.sha256(data).hexdigest(),
            "2026-01-31T12:00:00Z",
            kg.__version__,
            "sv",
            "false",
            SWEDISH_PAGE,
        ]
    ]


def test_export_projects_lists_languages_in_one_order() -> None:
    """A project with texts in three languages lists them en, fi, sv, whatever the store."""
    store = GraphStore.open(None)
    project = NamedNode("https://example.org/kirjasto-kg-test/project")
    kg_project = NamedNode("https://w3id.org/kirjasto-kg/ns#Project")
    rdf_type = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    in_language = NamedNode("http://schema.org/inLanguage")
    store.oxigraph.extend(
        [Quad(project, rdf_type, kg_project, DefaultGraph())]
        + [Quad(project, in_language, Literal(tag), DefaultGraph()) for tag in ("sv", "fi", "en")]
    )
    result = run(store, "export_projects", {})
    [row] = every_column(result)
    assert row[result.variables.index("languages")] == "en fi sv"
    store.oxigraph.remove(Quad(project, in_language, Literal("fi"), DefaultGraph()))
    [row] = every_column(run(store, "export_projects", {}))
    assert row[result.variables.index("languages")] == "en sv"
