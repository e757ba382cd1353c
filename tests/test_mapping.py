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
from kg.mapping import MappingContext, SourceInfo, library_index, map_record
from kg.records import Record, parse_bytes, parse_file
from kg.store import quad_order
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


def _map(record: Record, data: bytes, name: str, records: list[Record] | None = None) -> list[Quad]:
    context = MappingContext(
        minter=MINTER,
        read_at=READ_AT,
        tool_version="test",
        libraries=library_index(records or [record], MINTER),
    )
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
    fixtures = Path(__file__).parent / "records" / "fixtures"
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
    records = [parse_file(seed) for seed in seed_paths()]
    data = path.read_bytes()
    record = parse_bytes(data, f"seeds/{path.name}")
    return _map(record, data, path.stem, records)


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
    from kg.mapping import (
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
        store.extend(_map(record, name.encode(), name, records))
    projects = _values(store, "?p a kg:Project ; dct:title ?v")
    assert len(projects) == 2
    granted = store.query(
        SPARQL_PREFIXES
        + "SELECT ?a (COUNT(?v) AS ?n) { ?a a kg:MonetaryAmount ; schema:value ?v } "
        "GROUP BY ?a HAVING (COUNT(?v) > 1)",
        use_default_graph_as_union=True,
    )
    assert list(granted) == []


# -- a library that a record names only by its name ------------------------------------------

KUOPIO_ISIL = NamedNode("https://w3id.org/kirjasto-kg/id/library/FI-KM")


def _named_only(
    postal_code: str | None = "70100", name: str = "Kuopion kaupunginkirjasto"
) -> Record:
    """Seed 003 (Kuopio) as a 2018 page gives its library: name and address, no identifiers."""
    record = parse_file(seed_paths()[3])
    library = dataclasses.replace(
        record.library, name=name, postal_code=postal_code, isil=None, business_id=None
    )
    return dataclasses.replace(record, source="named.txt", library=library)


@pytest.mark.parametrize("postal_code", ["70100", "70101", None])
def test_a_library_named_only_is_the_one_another_record_identifies(
    postal_code: str | None,
) -> None:
    identified = parse_file(seed_paths()[3])
    named = _named_only(postal_code)
    index = library_index([identified, named], MINTER)
    assert index.applicant(named, MINTER) == KUOPIO_ISIL
    store = Store()
    store.extend(_map(named, b"named", "named", [identified, named]))
    assert _values(store, "?p kg:applicant ?v") == [KUOPIO_ISIL]
    # It is identified elsewhere: this record does not say it lacks identifiers.
    assert _values(store, "?l kg:lacksIdentifier ?v") == []


def test_a_library_named_only_stays_apart_elsewhere_or_when_ambiguous() -> None:
    identified = parse_file(seed_paths()[3])
    other_area = _named_only("00100")  # Helsinki's postal area
    index = library_index([identified, other_area], MINTER)
    assert index.applicant(other_area, MINTER) != KUOPIO_ISIL
    # Two libraries identified under one name: no telling which.
    twin = dataclasses.replace(
        identified, library=dataclasses.replace(identified.library, isil="FI-Ku2")
    )
    named = _named_only()
    index = library_index([identified, twin, named], MINTER)
    unidentified = MINTER.library(None, None, "Kuopion kaupunginkirjasto")
    assert index.applicant(named, MINTER) == unidentified
    assert index.get("kuopion kaupunginkirjasto") == KUOPIO_ISIL  # a partner: the first
    store = Store()
    store.extend(_map(named, b"named", "named", [identified, twin, named]))
    assert sorted(v.value for v in _values(store, "?l kg:lacksIdentifier ?v")) == [
        "https://w3id.org/kirjasto-kg/ns#BusinessID",
        "https://w3id.org/kirjasto-kg/ns#ISIL",
    ]


def test_a_partner_name_means_the_identified_library_first() -> None:
    named, identified = _named_only(), parse_file(seed_paths()[3])
    assert library_index([named, identified], MINTER).get("kuopion kaupunginkirjasto") == (
        KUOPIO_ISIL
    )
