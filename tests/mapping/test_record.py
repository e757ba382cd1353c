"""Record -> graph: every value of every record can be read back by SPARQL; golden graphs."""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Store, parse, serialize

from kg.iris import Minter
from kg.mapping.record import MappingContext, SourceInfo, map_record
from kg.records import Record, parse_bytes, parse_file
from kg.store.graph_store import quad_order
from kg.vocab import PREFIXES
from tests.conftest import GOLDEN, corpus_params, seed_paths

READ_AT = datetime(2026, 1, 31, 12, 0, tzinfo=UTC)
MINTER = Minter()
SPARQL_PREFIXES = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())

# Where each field of the Record is in the graph, as SPARQL written by hand from the ontology.
PROJECT = "?project a kg:Project . "
FIELD_QUERIES = {
    "source": "?record a kg:SourceRecord ; kg:sourceFile ?v",
    "title": PROJECT + "?project dct:title ?v",
    "year": PROJECT + "?project kg:callYear ?v",
    "programme": PROJECT + "?project kg:programmeAsWritten ?v",
    "funded": PROJECT + "?project kg:funded ?v",
    "label_language": "?record a kg:SourceRecord ; kg:labelLanguage ?v",
    "image_credit": PROJECT + "?project kg:imageCredit ?v",
    "library.name": PROJECT + "?project kg:applicant/schema:name ?v",
    "library.street_address": PROJECT
    + "?project kg:applicant/schema:address/schema:streetAddress ?v",
    "library.postal_code": PROJECT + "?project kg:applicant/schema:address/schema:postalCode ?v",
    "library.phone": PROJECT + "?project kg:applicant/schema:telephone ?v",
    "library.email": PROJECT + "?project kg:applicant/schema:email ?v",
    "library.isil": PROJECT + "?project kg:applicant/kg:isil ?v",
    "library.business_id": PROJECT + "?project kg:applicant/org:unitOf/kg:businessId ?v",
    "library.legal_body_name": PROJECT + "?project kg:applicant/org:unitOf/schema:name ?v",
    "contact.name": PROJECT + "?project schema:contactPoint/schema:name ?v",
    "contact.phone": PROJECT + "?project schema:contactPoint/schema:telephone ?v",
    "contact.email": PROJECT + "?project schema:contactPoint/schema:email ?v",
    "start_date": PROJECT + "?project schema:startDate ?v",
    "end_date": PROJECT + "?project schema:endDate ?v",
    "granted": PROJECT + "?project schema:funding/kg:granted/schema:value ?v",
    "decision_text": PROJECT
    + "{ ?project schema:funding/kg:decisionText ?v } UNION { ?project kg:decisionText ?v }",
    "truncated": "?record a kg:SourceRecord ; kg:truncated ?v",
    "truncated_fragment": "?record a kg:SourceRecord ; kg:truncatedFragment ?v",
}
SECTION_PROPERTIES = {
    "goal": "kg:goal",
    "indicators": "kg:indicators",
    "description": "schema:description",
    "partners": "kg:partnersText",
    "working_group": "kg:workingGroup",
    "previous_projects": "kg:previousProjects",
    "activities_and_evaluation": "kg:activitiesAndEvaluation",
    "publications": "kg:publications",
    "assessment": "kg:assessment",
    "follow_up": "kg:followUp",
    "additional_info": "kg:additionalInformation",
    "region": "kg:region",
    "target_area": "kg:targetArea",
}
MONEY_PROPERTIES = {
    "application": (
        "kg:application",
        {
            "requested": "kg:requested",
            "own_funding": "kg:ownFunding",
            "total_budget": "kg:totalBudget",
            "other_applied": "kg:otherGrantsApplied",
            "other_received": "kg:otherGrantsReceived",
        },
    ),
    "realized": (
        "kg:report",
        {
            "total_budget": "kg:realizedTotalBudget",
            "own_funding": "kg:realizedOwnFunding",
            "external_funding": "kg:externalFunding",
            "partner_contribution": "kg:partnerContribution",
        },
    ),
}
STATISTICS_PROPERTIES = {
    "trainings": "kg:trainings",
    "training_participants": "kg:trainingParticipants",
    "events": "kg:events",
    "event_participants": "kg:eventParticipants",
}


def _map(record: Record, data: bytes, name: str) -> list[Quad]:
    context = MappingContext(minter=MINTER, read_at=READ_AT, tool_version="test")
    return map_record(record, SourceInfo(name, hashlib.sha256(data).hexdigest()), context)


def _values(store: Store, pattern: str) -> list[Literal]:
    query = SPARQL_PREFIXES + f"SELECT ?v WHERE {{ {pattern} }}"
    return [solution["v"] for solution in store.query(query, use_default_graph_as_union=True)]


def _same(literal: Literal, expected: object) -> bool:
    if isinstance(expected, bool):
        return literal.value == ("true" if expected else "false")
    if isinstance(expected, Decimal):
        return Decimal(literal.value) == expected
    if isinstance(expected, date):
        return date.fromisoformat(literal.value) == expected
    if isinstance(expected, int):
        return int(literal.value) == expected
    return literal.value == expected


def _expected_fields(record: Record) -> dict[str, object]:
    fields: dict[str, object] = {
        "source": record.source,
        "title": record.title,
        "year": record.year,
        "programme": record.programme,
        "funded": record.funded,
        "label_language": record.label_language,
        "image_credit": record.image_credit,
        "start_date": record.start_date,
        "end_date": record.end_date,
        "granted": record.granted,
        "decision_text": record.decision_text,
        "truncated": record.truncated,
        "truncated_fragment": record.truncated_fragment,
    }
    for group in ("library", "contact"):
        for name, value in vars(getattr(record, group)).items():
            fields[f"{group}.{name}"] = value
    return fields


def _assert_reads_back(record: Record, quads: list[Quad]) -> None:
    store = Store()
    store.extend(quads)
    for path, expected in _expected_fields(record).items():
        found = _values(store, FIELD_QUERIES[path])
        if expected is None:
            assert found == [], path
        else:
            assert len(found) == 1 and _same(found[0], expected), (path, expected, found)
    for section, predicate in SECTION_PROPERTIES.items():
        found = _values(store, PROJECT + f"?project {predicate} ?v")
        text = record.sections.get(section)
        assert [literal.value for literal in found] == ([text] if text else []), section
    for group, (link, properties) in MONEY_PROPERTIES.items():
        for name, predicate in properties.items():
            found = _values(store, PROJECT + f"?project {link}/{predicate}/schema:value ?v")
            expected = getattr(getattr(record, group), name)
            assert [Decimal(x.value) for x in found] == ([expected] if expected is not None else [])
    for name, predicate in STATISTICS_PROPERTIES.items():
        found = _values(store, PROJECT + f"?project kg:report/{predicate} ?v")
        expected = getattr(record.statistics, name)
        assert [int(x.value) for x in found] == ([expected] if expected is not None else []), name
    tags = _values(store, PROJECT + "?project kg:tag ?v")
    assert sorted(x.value for x in tags) == sorted(record.tags)
    raw = store.query(
        SPARQL_PREFIXES
        + "SELECT ?f ?t { ?r kg:rawValue ?n . ?n kg:fieldPath ?f ; kg:originalText ?t }",
        use_default_graph_as_union=True,
    )
    assert {s["f"].value: s["t"].value for s in raw} == dict(record.raw)
    extra = store.query(
        SPARQL_PREFIXES
        + "SELECT ?l ?t ?n { ?r kg:extraField ?x . ?x kg:fieldLabel ?l ; kg:line ?n "
        + "OPTIONAL { ?x kg:originalText ?t } }",
        use_default_graph_as_union=True,
    )
    assert sorted(
        (s["l"].value, s["t"] and s["t"].value, int(s["n"].value)) for s in extra
    ) == sorted((x.label, x.text, x.line) for x in record.extra)
    warnings = _values(store, "?r kg:parseWarning ?v")
    assert sorted(x.value for x in warnings) == sorted(
        f"line {w.line}: {w.message}" for w in record.warnings
    )


@pytest.mark.parametrize("path", seed_paths(), ids=lambda path: path.name)
def test_every_value_of_a_seed_reads_back(path: Path) -> None:
    data = path.read_bytes()
    record = parse_bytes(data, path.name)
    _assert_reads_back(record, _map(record, data, path.stem))


@pytest.mark.parametrize("path", corpus_params())
def test_every_value_of_a_real_page_reads_back(path: Path) -> None:
    data = path.read_bytes()
    record = parse_bytes(data, path.name)
    _assert_reads_back(record, _map(record, data, path.stem))


def test_a_record_with_raw_values_and_extra_fields_reads_back() -> None:
    fixtures = Path(__file__).parents[1] / "records" / "fixtures"
    for name in ("dirty_identifiers.txt", "unknown_label.txt", "unreadable_money.txt"):
        data = (fixtures / name).read_bytes()
        record = parse_bytes(data, name)
        assert record.raw or record.extra
        _assert_reads_back(record, _map(record, data, Path(name).stem))


def test_no_blank_nodes() -> None:
    for path in seed_paths():
        data = path.read_bytes()
        for quad in _map(parse_bytes(data, path.name), data, path.stem):
            assert isinstance(quad.subject, NamedNode) and not str(quad.object).startswith("_:")


def test_every_quad_is_in_the_record_graph() -> None:
    path = seed_paths()[0]
    data = path.read_bytes()
    quads = _map(parse_bytes(data, path.name), data, path.stem)
    assert {quad.graph_name for quad in quads} == {MINTER.record(path.stem)}


def test_text_carries_the_language_of_the_text_not_of_the_labels() -> None:
    path = seed_paths()[0]  # Swedish labels, Finnish text
    data = path.read_bytes()
    record = parse_bytes(data, path.name)
    assert record.label_language == "sv"
    store = Store()
    store.extend(_map(record, data, path.stem))
    (description,) = _values(store, PROJECT + "?project schema:description ?v")
    assert description.language == "fi"


# -- golden graphs ---------------------------------------------------------------------------


def _seed_graph(path: Path) -> list[Quad]:
    data = path.read_bytes()
    record = parse_bytes(data, f"seeds/{path.name}")
    return _map(record, data, path.stem)


def _canonical(quads: list[Quad]) -> list[str]:
    return sorted(serialize(quads, format=RdfFormat.N_QUADS).decode("utf-8").splitlines())


@pytest.mark.parametrize("path", seed_paths(), ids=lambda path: path.stem)
def test_seed_graph_matches_golden(path: Path, update_golden: bool) -> None:
    actual = _seed_graph(path)
    golden = GOLDEN / path.stem / "graph.trig"
    if update_golden:
        ordered = sorted(actual, key=quad_order)
        golden.write_bytes(serialize(ordered, format=RdfFormat.TRIG, prefixes=PREFIXES))
    expected = list(parse(golden.read_bytes(), format=RdfFormat.TRIG))
    # Without blank nodes two graphs are isomorphic exactly when their quads are equal.
    only_expected = sorted(set(_canonical(expected)) - set(_canonical(actual)))
    only_actual = sorted(set(_canonical(actual)) - set(_canonical(expected)))
    assert (only_expected, only_actual) == ([], []), "\n".join(
        ["only in the golden file:", *only_expected, "only in the new graph:", *only_actual]
    )
    assert len(_canonical(actual)) == len(set(_canonical(actual)))


def test_every_field_of_the_label_table_has_its_place_in_the_graph() -> None:
    from kg.mapping.record import (
        APPLICATION_RULES,
        GRANT_RULES,
        REALIZED_RULES,
        SECTION_RULES,
        STATISTICS_RULES,
    )
    from kg.records.labels import FIELDS

    by_rule = (
        {f"sections.{rule.section}" for rule in SECTION_RULES}
        | {f"application.{rule.field}" for rule in APPLICATION_RULES}
        | {f"realized.{rule.field}" for rule in REALIZED_RULES}
        | {f"statistics.{name}" for name, _ in STATISTICS_RULES}
        | {rule.field for rule in GRANT_RULES}
    )
    # Mapped by their own functions (and read back field by field above).
    by_function = set(FIELD_QUERIES) | {"library.address"}
    assert set(FIELDS) - by_rule - by_function == set()


def test_two_projects_of_one_title_and_year_stay_apart() -> None:
    path = seed_paths()[3]  # Kuopio, "Pop up - kirjasto ..."
    text = path.read_text(encoding="utf-8")
    other = text.replace("FI-Km", "FI-Ou").replace("Kuopion kaupunginkirjasto", "Oulun kirjasto")
    records = [parse_bytes(text.encode(), "a.txt"), parse_bytes(other.encode(), "b.txt")]
    store = Store()
    for name, record in zip(("a", "b"), records, strict=True):
        store.extend(_map(record, name.encode(), name))
    projects = _values(store, "?p a kg:Project ; dct:title ?v")
    assert len(projects) == 2
    granted = store.query(
        SPARQL_PREFIXES
        + "SELECT ?a (COUNT(?v) AS ?n) { ?a a kg:MonetaryAmount ; schema:value ?v } "
        "GROUP BY ?a HAVING (COUNT(?v) > 1)",
        use_default_graph_as_union=True,
    )
    assert list(granted) == []


# -- a record's graph says what its page says ----------------------------------------------


def test_a_library_named_only_is_named_from_its_own_record() -> None:
    """Which identified library it is, is the consolidated graph's (tests/consolidation)."""
    record = parse_file(seed_paths()[3])
    library = dataclasses.replace(record.library, isil=None, business_id=None)
    named = dataclasses.replace(record, source="named.txt", library=library)
    store = Store()
    store.extend(_map(named, b"named", "named"))
    assert _values(store, "?p kg:applicant ?v") == [
        MINTER.library(None, None, "Kuopion kaupunginkirjasto")
    ]
    assert sorted(v.value for v in _values(store, "?l kg:lacksIdentifier ?v")) == [
        "https://w3id.org/kirjasto-kg/ns#BusinessID",
        "https://w3id.org/kirjasto-kg/ns#ISIL",
    ]


def test_the_name_beside_a_business_id_is_the_legal_body_s() -> None:
    path = seed_paths()[3]
    text = path.read_text(encoding="utf-8").replace("0171450-7", "0171450-7 (Kuopion kaupunki)")
    record = parse_bytes(text.encode(), path.name)
    assert record.library.legal_body_name == "Kuopion kaupunki"
    store = Store()
    store.extend(_map(record, text.encode(), path.stem))
    assert _values(store, "?l org:unitOf/schema:name ?v") == [
        Literal("Kuopion kaupunki", language="fi")
    ]


def test_a_short_name_takes_the_language_of_the_record_s_texts_not_of_its_labels() -> None:
    path = seed_paths()[0]  # Swedish labels, Finnish text
    record = parse_bytes(path.read_bytes(), path.name)
    sections = {**record.sections, "partners": "Savonia, Turku Game Lab"}
    record = dataclasses.replace(record, sections=sections)
    store = Store()
    store.extend(_map(record, b"x", path.stem))
    names = _values(store, "?p kg:partnership/kg:partner/schema:name ?v")
    assert sorted((name.value, name.language) for name in names) == [
        ("Savonia", "fi"),
        ("Turku Game Lab", "fi"),
    ]


def test_kinds_persons_and_cut_names_are_not_organisations() -> None:
    path = seed_paths()[3]
    record = parse_bytes(path.read_bytes(), path.name)
    text = "neuvola, erilaiset järjestöt\nMika Luimula, Yliopettaja, Turku AMK\nTyrnävän ki"
    sections = {**record.sections, "partners": text, "working_group": None}
    record = dataclasses.replace(record, sections=sections, truncated_in="sections.partners")
    store = Store()
    store.extend(_map(record, b"x", path.stem))
    organisations = _values(store, "?p kg:partnership/kg:partner/schema:name ?v")
    assert sorted(name.value for name in organisations) == ["Turku AMK", "neuvola"]
    kinds = _values(store, "?p kg:partnership/kg:nameAsWritten ?v")
    assert [name.value for name in kinds] == ["erilaiset järjestöt"]
    persons = _values(store, "?p kg:partnership/kg:partnerPerson/schema:name ?v")
    assert [name.value for name in persons] == ["Mika Luimula"]
    units = _values(store, "?p kg:partnership/kg:partner ?o . ?o org:unitOf/kg:businessId ?v")
    assert [unit.value for unit in units] == ["0171450-7"]  # Kuopio's clinic, not every town's
