"""The consolidated graph: one node per thing, one preferred value per property, the rule kept."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad, Store

from kg.consolidation import (
    Confirmations,
    RecordFacts,
    Source,
    confirmations_of,
    consolidate,
)
from kg.iris import Minter
from kg.mapping.entities import record_entities
from kg.records import Record, parse_file
from kg.vocab import KG, ORG, PREFIXES, RDFS, SCHEMA
from tests.conftest import seed_paths

M = Minter()
READ_AT = datetime(2026, 1, 31, 12, 0, tzinfo=UTC)
SPARQL = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())
KUOPIO = parse_file(seed_paths()[3])  # FI-Km, 0171450-7, Kuopion kaupunginkirjasto


def _record(file: str, **library: object) -> Record:
    year = library.pop("year", KUOPIO.year)
    written = dataclasses.replace(KUOPIO.library, **library)  # type: ignore[arg-type]
    return dataclasses.replace(KUOPIO, source=f"{file}.txt", library=written, year=year)


def _facts(*records: Record) -> list[RecordFacts]:
    return [
        RecordFacts(
            record_entities(record, M),
            Source(record.year, READ_AT, M.record(Path(record.source).stem)),
        )
        for record in records
    ]


def _graph(*records: Record, confirmations: Confirmations | None = None) -> Store:
    store = Store()
    quads = consolidate(_facts(*records), M, confirmations).quads
    store.extend(Quad(*quad.triple) for quad in quads)  # the default graph: queries read it
    return store


def _values(store: Store, subject: NamedNode, predicate: NamedNode) -> list[str]:
    return sorted(
        quad.object.value for quad in store.quads_for_pattern(subject, predicate, None, None)
    )


def _merged(store: Store) -> dict[str, str]:
    return {
        quad.subject.value: quad.object.value
        for quad in store.quads_for_pattern(None, KG.mergedInto, None, None)
    }


LIBRARY = M.library("FI-Km", None, None)


def test_one_library_per_isil_in_one_written_form_the_others_alternates() -> None:
    store = _graph(_record("a", isil="FI-Km"), _record("b", isil="FI-km"), _record("c"))
    assert _values(store, LIBRARY, KG.isil) == ["FI-Km"]  # the form most records use
    stated = store.query(
        SPARQL + f"SELECT ?v ?r {{ <{LIBRARY.value}> kg:statedValue ?s . "
        "?s kg:property kg:isil ; rdf:value ?v ; prov:wasDerivedFrom ?r }"
    )
    assert sorted((row["v"].value, row["r"].value.rsplit("/", 1)[1]) for row in stated) == [
        ("FI-Km", "a"),
        ("FI-Km", "c"),
        ("FI-km", "b"),
    ]


def test_the_registry_s_form_of_the_isil_wins() -> None:
    confirmed = Confirmations(isil={LIBRARY: "FI-km"})
    store = _graph(_record("a"), _record("b"), _record("c", isil="FI-km"), confirmations=confirmed)
    assert _values(store, LIBRARY, KG.isil) == ["FI-km"]


def test_the_newest_record_s_name_is_preferred_the_others_are_alternate_names() -> None:
    store = _graph(
        _record("old", name="Kuopion kirjasto", year=2012),
        _record("new", name="Kuopion kaupunginkirjasto", year=2017),
        _record("also-old", name="Kuopion kirjasto", year=2013),
    )
    assert _values(store, LIBRARY, SCHEMA.name) == ["Kuopion kaupunginkirjasto"]
    assert _values(store, LIBRARY, SCHEMA.alternateName) == ["Kuopion kirjasto"]


def test_ties_in_year_go_to_the_name_more_records_state_then_to_the_first() -> None:
    store = _graph(
        _record("a", name="B-nimi"), _record("b", name="A-nimi"), _record("c", name="B-nimi")
    )
    assert _values(store, LIBRARY, SCHEMA.name) == ["B-nimi"]
    store = _graph(_record("a", name="B-nimi"), _record("b", name="A-nimi"))
    assert _values(store, LIBRARY, SCHEMA.name) == ["A-nimi"]


def test_a_name_a_registry_confirms_comes_first() -> None:
    confirmed = Confirmations(names={LIBRARY: frozenset({"kuopion kirjasto"})})
    store = _graph(
        _record("old", name="Kuopion kirjasto", year=2012),
        _record("new", name="Kuopion kaupunginkirjasto", year=2017),
        confirmations=confirmed,
    )
    assert _values(store, LIBRARY, SCHEMA.name) == ["Kuopion kirjasto"]


def test_confirmations_are_read_from_the_registry_graphs() -> None:
    graph = M.registry_graph("isil")
    answer = NamedNode("https://isil.example/FI-Km")
    quads = [
        Quad(LIBRARY, KG.registeredName, Literal("Kuopion Kirjasto"), graph),
        Quad(LIBRARY, RDFS.seeAlso, answer, graph),
        Quad(answer, KG.isil, Literal("FI-Km"), graph),
    ]
    found = confirmations_of(quads)
    assert found.names == {LIBRARY: frozenset({"kuopion kirjasto"})}
    assert found.isil == {LIBRARY: "FI-Km"}


def test_an_address_is_one_unit_per_record_never_mixed() -> None:
    store = _graph(
        _record("a", street_address="Katu 1", postal_code="70100", year=2017),
        _record("b", street_address="PL 157", postal_code="70101", year=2016),
        _record("c", street_address=None, postal_code="70999", year=2018),
    )
    (address,) = _values(store, LIBRARY, SCHEMA.address)
    node = NamedNode(address)
    assert _values(store, node, SCHEMA.postalCode) == ["70999"]
    assert _values(store, node, SCHEMA.streetAddress) == []
    stated = store.query(
        SPARQL + f"SELECT ?a {{ <{LIBRARY.value}> kg:statedValue/rdf:value ?a . "
        "?a a schema:PostalAddress }"
    )
    addresses = {row["a"].value for row in stated}
    assert len(addresses) == 3
    for other in addresses:  # every address whole: one street at most, one postal code
        assert len(_values(store, NamedNode(other), SCHEMA.postalCode)) == 1
        assert len(_values(store, NamedNode(other), SCHEMA.streetAddress)) <= 1


def test_a_failing_business_id_is_merged_into_the_library_s_valid_one() -> None:
    store = _graph(_record("a"), _record("b", business_id="0171450-8"))
    body, wrong = M.legal_body("0171450-7"), M.legal_body("0171450-8")
    assert _values(store, LIBRARY, ORG.unitOf) == [body.value]
    assert _merged(store)[wrong.value] == body.value
    assert _values(store, body, KG.businessId) == ["0171450-7"]


def test_a_failing_business_id_alone_stays_the_library_s() -> None:
    store = _graph(_record("a", business_id="0171450-8"))
    assert _values(store, LIBRARY, ORG.unitOf) == [M.legal_body("0171450-8").value]
    assert _merged(store) == {}


def test_the_name_beside_a_business_id_names_the_legal_body() -> None:
    store = _graph(_record("a", legal_body_name="Kuopion kaupunki"))
    assert _values(store, M.legal_body("0171450-7"), SCHEMA.name) == ["Kuopion kaupunki"]


def test_a_page_without_isil_with_the_body_and_name_of_an_isil_library_is_that_library() -> None:
    store = _graph(_record("a"), _record("b", isil=None))
    alias = M.library(None, "0171450-7", "Kuopion kaupunginkirjasto")
    assert _merged(store)[alias.value] == LIBRARY.value
    assert list(store.quads_for_pattern(LIBRARY, KG.lacksIdentifier, None, None)) == []


@pytest.mark.parametrize("postal_code", ["70100", "70101", None])
def test_a_library_named_only_is_the_one_another_record_identifies(
    postal_code: str | None,
) -> None:
    named = _record("named", isil=None, business_id=None, postal_code=postal_code)
    store = _graph(_record("identified"), named)
    alias = M.library(None, None, "Kuopion kaupunginkirjasto")
    assert _merged(store)[alias.value] == LIBRARY.value


def test_a_library_named_only_stays_apart_elsewhere_or_when_ambiguous() -> None:
    elsewhere = _record("named", isil=None, business_id=None, postal_code="00100")
    assert _merged(_graph(_record("identified"), elsewhere)) == {}
    twin = _record("twin", isil="FI-Ku2")
    named = _record("named", isil=None, business_id=None)
    store = _graph(_record("identified"), twin, named)
    unidentified = M.library(None, None, "Kuopion kaupunginkirjasto")
    assert unidentified.value not in _merged(store)
    assert _values(store, unidentified, KG.lacksIdentifier) == [KG.BusinessID.value, KG.ISIL.value]


def test_a_branch_named_with_its_library_is_its_unit_not_a_second_name() -> None:
    branch = _record(
        "branch",
        name="Kuopion kaupunginkirjasto - Männistön kirjasto",
        street_address="Männistönkatu 1",
        email="mannisto@kuopio.fi",
        year=2018,
    )
    store = _graph(_record("main"), branch)
    unit = M.library_unit(LIBRARY, "Männistön kirjasto")
    assert _values(store, LIBRARY, SCHEMA.name) == ["Kuopion kaupunginkirjasto"]
    assert _values(store, LIBRARY, SCHEMA.alternateName) == []
    assert _values(store, LIBRARY, ORG.hasUnit) == [unit.value]
    assert _values(store, unit, SCHEMA.name) == ["Männistön kirjasto"]
    assert _values(store, unit, SCHEMA.email) == ["mannisto@kuopio.fi"]
    assert _values(store, LIBRARY, SCHEMA.email) == [KUOPIO.library.email]


def test_a_library_e_mail_of_a_person_ranks_after_the_library_s_own() -> None:
    store = _graph(
        _record("new", email="maija.meikalainen@kuopio.fi", year=2018),
        _record("old", email="kirjasto@kuopio.fi", year=2012),
    )
    assert _values(store, LIBRARY, SCHEMA.email) == ["kirjasto@kuopio.fi"]


def _with_partners(file: str, text: str, **library: object) -> Record:
    record = _record(file, **library)
    sections = {**record.sections, "partners": text}
    return dataclasses.replace(record, sections=sections)


def test_a_partner_named_like_a_library_of_the_graph_is_that_library() -> None:
    lohja = _with_partners(
        "lohja",
        "Kuopion kaupunginkirjasto, Karkkilan kaupunginkirjasto",
        isil="FI-Lohja",
        business_id="1068322-0",
        name="Lohjan kaupunginkirjasto",
    )
    store = _graph(_record("kuopio"), lohja)
    partner = M.local_organisation("1068322-0", "Kuopion kaupunginkirjasto")
    assert _merged(store)[partner.value] == LIBRARY.value
    karkkila = M.local_organisation("1068322-0", "Karkkilan kaupunginkirjasto")
    assert karkkila.value not in _merged(store)
    assert _values(store, karkkila, SCHEMA.name) == ["Karkkilan kaupunginkirjasto"]


def test_municipal_services_of_two_towns_are_two_nodes() -> None:
    kuopio = _with_partners("kuopio", "neuvola, yhdistykset")
    lohja = _with_partners(
        "lohja", "neuvola", isil="FI-Lohja", business_id="1068322-0", name="Lohjan kirjasto"
    )
    store = _graph(kuopio, lohja)
    units = sorted(
        quad.subject.value
        for quad in store.quads_for_pattern(None, RDF_TYPE, ORG.OrganizationalUnit, None)
        if "/organisation/unit/" in quad.subject.value
    )
    assert units == [
        M.municipal_unit("0171450-7", "neuvola").value,
        M.municipal_unit("1068322-0", "neuvola").value,
    ]
    assert _values(store, NamedNode(units[0]), ORG.unitOf) == [M.legal_body("0171450-7").value]


RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def test_the_graph_does_not_depend_on_the_order_of_the_records() -> None:
    records = [
        _record("a", isil="FI-km", year=2015),
        _record("b", name="Kuopion kirjasto"),
        _record("c", isil=None, business_id=None, postal_code="70100"),
        _with_partners("d", "neuvola, Kuopion kaupunginkirjasto"),
    ]
    forward = consolidate(_facts(*records), M).quads
    backward = consolidate(_facts(*reversed(records)), M).quads
    assert forward == backward


def test_a_partner_named_with_other_dashes_is_the_library() -> None:
    porvoo = _record(
        "porvoo",
        isil="FI-Pom",
        business_id="1061512-1",
        name="Porvoon kaupunginkirjasto – Uudenmaan maakuntakirjasto",
    )
    helsinki = _with_partners(
        "helsinki",
        "Porvoon kaupunginkirjasto-Uudenmaan maakuntakirjasto",
        isil="FI-He",
        business_id="0201256-6",
        name="Helsingin kaupunginkirjasto",
    )
    store = _graph(porvoo, helsinki)
    partner = M.local_organisation(
        "0201256-6", "Porvoon kaupunginkirjasto-Uudenmaan maakuntakirjasto"
    )
    assert _merged(store)[partner.value] == M.library("FI-Pom", None, None).value


def test_a_phone_that_is_any_record_s_contact_s_ranks_after_the_library_s_own() -> None:
    old = dataclasses.replace(_record("old", phone="017 182 0000", year=2012))
    old = dataclasses.replace(old, contact=dataclasses.replace(old.contact, phone="0447 182 314"))
    new = _record("new", phone="0447182314", year=2018)  # the old page's contact's number
    store = _graph(old, new)
    assert _values(store, LIBRARY, SCHEMA.telephone) == ["017 182 0000"]


def test_one_name_in_two_languages_is_one_name() -> None:
    fi = _with_partners("fi", "Turku AMK")
    sv_record = _with_partners("sv", "Turku AMK")
    swedish = "Biblioteket ska erbjuda kunderna nya tjänster och bättre öppettider."
    sections = {"partners": "Turku AMK", "goal": swedish, "description": swedish}
    sv_record = dataclasses.replace(sv_record, sections=sections, label_language="sv")
    tagged = record_entities(sv_record, M).partners[0].name
    assert tagged.language == "sv"  # the record's own texts are Swedish
    store = _graph(fi, sv_record, _with_partners("fi2", "Turku AMK"))
    partner = M.local_organisation("0171450-7", "Turku AMK")
    names = list(store.quads_for_pattern(partner, SCHEMA.name, None, None))
    assert [(quad.object.value, quad.object.language) for quad in names] == [("Turku AMK", "fi")]


def test_a_page_without_isil_whose_business_id_fails_is_the_isil_library_of_its_name() -> None:
    wrong = _record("wrong", isil=None, business_id="0171450-8")
    named = _record("named", isil=None, business_id=None)
    store = _graph(_record("right"), wrong, named)
    merged = _merged(store)
    assert merged[M.library(None, "0171450-8", "Kuopion kaupunginkirjasto").value] == LIBRARY.value
    assert merged[M.legal_body("0171450-8").value] == M.legal_body("0171450-7").value
    # the name stays one library's, so a page naming it only is that library too
    assert merged[M.library(None, None, "Kuopion kaupunginkirjasto").value] == LIBRARY.value
