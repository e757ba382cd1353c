"""Wikidata: one batched SPARQL query per kind of key, literals that cannot inject, answers in
the W3C JSON results format mapped back to the keys, and failures per batch.

The test endpoint is a real SPARQL engine: pytest-httpserver hands each query to a pyoxigraph
store loaded with made-up statements (fixtures/wikidata/entities.ttl) and answers with its
SPARQL JSON results, as WDQS would (content type included).
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qs

import pytest
from pyoxigraph import QueryResultsFormat, RdfFormat, Store
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from kg.linking.registries.http import JsonAnswer, RegistryClient
from kg.linking.registries.report import Issue
from kg.linking.registries.wikidata import (
    ACCEPT,
    BUSINESS_ID,
    ENTITY,
    ISIL,
    MUNICIPALITY_NUMBER,
    build_query,
    items_by_business_id,
    items_by_isil,
    lookup,
    municipalities_by_number,
    parse_answer,
)
from tests.linking.registries.conftest import FIXTURES, fixture, seed_libraries

PATH = "/sparql"
INJECTIONS = ('x" } ; DROP ALL ; #', 'FI-Km"\n} }\nDROP ALL\n# """ \' \\ }', 'FI-"Z\\q')


@pytest.fixture(scope="module")
def store() -> Store:
    store = Store()
    store.load(path=str(FIXTURES / "wikidata" / "entities.ttl"), format=RdfFormat.TURTLE)
    return store


@pytest.fixture
def endpoint(httpserver: HTTPServer, store: Store) -> list[str]:
    """Serve SPARQL over the made-up store; return the list of queries it was asked."""
    queries: list[str] = []

    def answer(request: Request) -> Response:
        if request.method == "POST":
            query = parse_qs(request.get_data(as_text=True))["query"][0]
        else:
            query = request.args["query"]
        queries.append(query)
        results = store.query(query)
        return Response(
            results.serialize(format=QueryResultsFormat.JSON),  # type: ignore[union-attr]
            content_type="application/sparql-results+json;charset=utf-8",
        )

    httpserver.expect_request(PATH).respond_with_handler(answer)
    return queries


def test_the_query_is_valid_sparql_and_keys_stay_literals(store: Store) -> None:
    query = build_query(ISIL, ["FI-Km", *INJECTIONS], also=(MUNICIPALITY_NUMBER,))
    assert 'VALUES ?key {\n    "FI-Km"\n' in query
    assert "?item wdt:P791 ?key ." in query
    assert "OPTIONAL { ?item wdt:P1203 ?P1203 . }" in query
    rows = list(store.query(query))  # type: ignore[arg-type]
    keys = sorted({row["key"].value for row in rows})
    assert keys == ['FI-"Z\\q', "FI-Km"]  # the quoted key is found as the literal it is
    assert len(store) > 0  # nothing was dropped


def test_property_ids_are_checked() -> None:
    with pytest.raises(ValueError, match="property"):
        build_query("P791 } DROP ALL {", ["x"])
    with pytest.raises(ValueError, match="property"):
        build_query(ISIL, ["x"], also=("label",))


def test_all_seed_isils_go_in_one_request(
    httpserver: HTTPServer, client: RegistryClient, endpoint: list[str]
) -> None:
    isils = [isil for _, isil, _ in seed_libraries() if isil]
    assert isils == ["FI-Km", "FI-Lohja", "FI-Km", "FI-Em"]
    result = items_by_isil(client, isils)
    assert len(httpserver.log) == 1 and result.requests == 1
    request = httpserver.log[0][0]
    assert request.method == "GET" and request.headers["Accept"] == ACCEPT
    assert request.headers["User-Agent"].startswith("kirjasto-kg/")
    report = result.report
    assert report.looked_up == ["FI-Km", "FI-Lohja", "FI-Em"]
    assert report.found == ["FI-Km", "FI-Lohja"]
    [kuopio] = result.matches["FI-Km"]
    assert kuopio.item == ENTITY + "Q99900001" and kuopio.property == ISIL
    assert kuopio.labels == {
        "fi": "Kuopion kaupunginkirjasto",
        "sv": "Kuopio stadsbibliotek",
        "en": "Kuopio City Library",
    }  # the German label was not asked for
    assert kuopio.url.startswith(httpserver.url_for(PATH) + "?query=")
    [missing] = report.disagreements
    assert (missing.kind, missing.key) == (Issue.NOT_FOUND, "FI-Em")
    assert str(missing).startswith("Wikidata, FI-Em: no Wikidata item has P791 'FI-Em' (http")


def test_many_keys_go_in_chunks(
    httpserver: HTTPServer, client: RegistryClient, endpoint: list[str]
) -> None:
    keys = ["FI-Km", "FI-Lohja", "FI-Zdup", "FI-A", "FI-B"]
    result = lookup(client, ISIL, keys, chunk_size=2)
    assert result.requests == 3 and len(httpserver.log) == 3
    assert [query.count('"FI-') for query in endpoint] == [2, 2, 1]
    assert set(result.matches) == {"FI-Km", "FI-Lohja", "FI-Zdup"}


def test_a_long_query_is_posted(
    httpserver: HTTPServer, client: RegistryClient, endpoint: list[str]
) -> None:
    keys = [f"FI-Z{number:05d}" for number in range(300)] + ["FI-Km"]
    result = items_by_isil(client, keys, chunk_size=500)
    assert result.requests == 1
    [(request, _)] = httpserver.log
    assert request.method == "POST" and request.headers["Accept"] == ACCEPT
    assert request.content_type == "application/x-www-form-urlencoded"
    assert result.report.found == ["FI-Km"]
    assert result.matches["FI-Km"][0].url == httpserver.url_for(PATH)


def test_two_items_for_one_key_are_ambiguous(client: RegistryClient, endpoint: list[str]) -> None:
    result = items_by_isil(client, ["FI-Zdup"])
    items = sorted(m.item.removeprefix(ENTITY) for m in result.matches["FI-Zdup"])
    assert items == ["Q99900098", "Q99900099"]
    [ambiguous] = result.report.disagreements
    assert ambiguous.kind is Issue.AMBIGUOUS and "2 Wikidata items" in ambiguous.message


def test_business_ids_bring_municipality_numbers(
    client: RegistryClient, endpoint: list[str]
) -> None:
    ids = [business_id for _, _, business_id in seed_libraries() if business_id]
    result = items_by_business_id(client, ids)
    assert result.property == BUSINESS_ID and len(endpoint) == 1
    assert {key: [m.also["P1203"] for m in matches] for key, matches in result.matches.items()} == {
        "0171450-7": [("297",)],
        "1068322-0": [("444",)],
        "0101263-6": [("049",)],
    }
    assert result.matches["0101263-6"][0].labels == {"fi": "Espoo", "sv": "Esbo"}


def test_municipalities_by_number(client: RegistryClient, endpoint: list[str]) -> None:
    result = municipalities_by_number(client, ["297", "444", "049", "208", "999"])
    assert len(endpoint) == 1
    assert {key: m[0].item.removeprefix(ENTITY) for key, m in result.matches.items()} == {
        "297": "Q99900011",
        "444": "Q99900012",
        "049": "Q99900013",
        "208": "Q99900014",
    }
    assert [d.key for d in result.report.disagreements] == ["999"]


def test_keys_are_asked_once_and_empty_ones_never(
    client: RegistryClient, endpoint: list[str]
) -> None:
    result = items_by_isil(client, ["FI-Km", "FI-Km", " "])
    assert endpoint[0].count('"FI-Km"') == 1
    assert [d.kind for d in result.report.disagreements] == [Issue.MALFORMED]


def test_nothing_to_look_up_makes_no_request(
    httpserver: HTTPServer, client: RegistryClient
) -> None:
    result = items_by_isil(client, [])
    assert result.requests == 0 and httpserver.log == []
    assert not result.report.failed_altogether


def test_a_wdqs_shaped_answer_is_read(httpserver: HTTPServer, client: RegistryClient) -> None:
    httpserver.expect_request(PATH).respond_with_json(
        fixture("wikidata/isil-results.json"),
        content_type="application/sparql-results+json;charset=utf-8",
    )
    result = items_by_isil(client, ["FI-Km", "FI-Lohja"])
    assert result.matches["FI-Km"][0].labels == {
        "fi": "Kuopion kaupunginkirjasto",
        "sv": "Kuopio stadsbibliotek",
    }
    assert result.matches["FI-Lohja"][0].labels == {}
    assert result.matches["FI-Lohja"][0].item == ENTITY + "Q99900002"


def test_keys_come_back_case_insensitively(httpserver: HTTPServer, client: RegistryClient) -> None:
    answer = fixture("wikidata/isil-results.json")
    for binding in answer["results"]["bindings"]:
        binding["key"]["value"] = binding["key"]["value"].upper()
    httpserver.expect_request(PATH).respond_with_json(answer)
    result = items_by_isil(client, ["FI-Km"])
    assert result.report.found == ["FI-Km"]


def test_a_rate_limited_query_is_retried(
    httpserver: HTTPServer, client: RegistryClient, store: Store
) -> None:
    httpserver.expect_oneshot_request(PATH).respond_with_data(
        "Too Many Requests", status=429, headers={"Retry-After": "1"}
    )
    httpserver.expect_request(PATH).respond_with_json(fixture("wikidata/isil-results.json"))
    result = items_by_isil(client, ["FI-Km"])
    assert result.report.found == ["FI-Km"] and len(httpserver.log) == 2


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        ({"boolean": True}, 'expected SPARQL results, an object with "results"'),
        ({"results": {"bindings": ["x"]}}, "binding 0 is not an object"),
        ({"results": {"bindings": [{"item": {"type": "uri", "value": "x"}}]}}, "no ?key"),
        (
            {
                "results": {
                    "bindings": [{"key": {"value": "k"}, "item": {"type": "literal", "value": "x"}}]
                }
            },
            "?item is not an IRI",
        ),
    ],
)
def test_answers_of_another_shape_fail(
    httpserver: HTTPServer, client: RegistryClient, answer: object, said: str
) -> None:
    httpserver.expect_request(PATH).respond_with_json(answer)
    [failure] = items_by_isil(client, ["FI-Km", "FI-Em"]).report.failures
    assert said in str(failure)
    assert failure.key == "P791 of 2 keys (FI-Km, FI-Em)"


def test_a_failed_batch_spares_the_next(
    httpserver: HTTPServer, client: RegistryClient, store: Store
) -> None:
    httpserver.expect_oneshot_request(PATH).respond_with_data("Query timeout", status=500)
    httpserver.expect_request(PATH).respond_with_json(fixture("wikidata/isil-results.json"))
    result = lookup(client, ISIL, ["FI-Em", "FI-Zdup", "FI-Km", "FI-Lohja"], chunk_size=2)
    report = result.report
    [failure] = report.failures
    assert failure.key == "P791 of 2 keys (FI-Em, FI-Zdup)" and "answered 500" in str(failure)
    assert report.answered == ["FI-Km", "FI-Lohja"] and report.found == ["FI-Km", "FI-Lohja"]
    assert not report.failed_altogether


def test_parse_answer_keeps_label_languages() -> None:
    answer = JsonAnswer(fixture("wikidata/isil-results.json"), "http://x", datetime.now(UTC), False)
    rows = parse_answer(answer, "k")
    assert rows[0]["label@"] == "fi" and rows[2].get("label") is None
