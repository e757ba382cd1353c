"""PRH/YTJ v3: business IDs checked before they are sent, the company found or unknown, its
current and former names, municipality codes, and failures."""

from __future__ import annotations

import pytest
from pytest_httpserver import HTTPServer

from kg.linking.registries.http import RegistryClient
from kg.linking.registries.report import Issue, exit_code
from kg.linking.registries.ytj import check_business_ids, normalise_business_id
from kg.records.values import is_valid_business_id
from tests.linking.registries.conftest import fixture, seed_libraries

PATH = "/opendata-ytj-api/v3/companies"


def _serve(httpserver: HTTPServer, business_id: str, answer: str) -> None:
    httpserver.expect_request(
        PATH, method="GET", query_string={"businessId": business_id}
    ).respond_with_json(fixture(answer))


@pytest.mark.parametrize(
    ("value", "normalised"),
    [
        ("0171450-7", "0171450-7"),
        ("Y-0101263-6", "0101263-6"),
        ("y 0101263-6", "0101263-6"),
        ("0101263–6", "0101263-6"),  # en dash
        ("FI01012636", "0101263-6"),
        ("123456-7", "0123456-7"),
        (" 1068322-0 ", "1068322-0"),
        ("0171450", None),
        ("FI-Km", None),
        ("", None),
    ],
)
def test_normalise_business_id(value: str, normalised: str | None) -> None:
    assert normalise_business_id(value) == normalised


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("0171450-7", True),
        ("0101263-6", True),
        ("1068322-0", True),
        ("0112038-9", True),
        ("2077474-0", True),
        ("0171450-8", False),
        ("0101263", False),
        ("1234567-1", True),
        ("1234567-2", False),
    ],
)
def test_check_digit(value: str, valid: bool) -> None:
    assert is_valid_business_id(value) is valid


def test_remainder_one_is_never_valid() -> None:
    # A base whose weighted sum leaves 1 has no check digit: no such ID is ever issued.
    weights = (7, 9, 10, 5, 8, 4, 2)
    base = next(
        f"{n:07d}"
        for n in range(1, 10_000)
        if sum(w * int(d) for w, d in zip(weights, f"{n:07d}", strict=True)) % 11 == 1
    )
    assert not any(is_valid_business_id(f"{base}-{digit}") for digit in range(10))


def test_the_seed_business_ids_are_checked(httpserver: HTTPServer, client: RegistryClient) -> None:
    ids = list(dict.fromkeys(bid for _, _, bid in seed_libraries() if bid))
    assert ids == ["0171450-7", "1068322-0", "0101263-6"]
    for business_id in ids:
        _serve(httpserver, business_id, f"ytj/{business_id}.json")
    result = check_business_ids(client, {"0171450-7": "Kuopion kaupunki", **dict.fromkeys(ids[1:])})
    report = result.report
    assert report.found == ids and not report.disagreements and not report.failures
    kuopio = result.companies["0171450-7"]
    assert kuopio.name == "Kuopion kaupunki"
    assert kuopio.other_names == ("Kuopio stad",)
    assert kuopio.former_names == ("Kuopion testikunta",)
    assert kuopio.registration_date == "1978-01-01"
    assert kuopio.company_forms == ("Kunta",)
    assert kuopio.municipality_codes == ("297",)
    assert kuopio.website == "https://kunta.example.org/kuopio"
    assert (kuopio.status, kuopio.trade_register_status, kuopio.end_date) == ("X6", "X5", None)
    assert kuopio.last_modified == "2024-01-01T00:00:00"
    assert kuopio.url == httpserver.url_for(PATH) + "?businessId=0171450-7"
    assert result.companies["0101263-6"].municipality_codes == ("049",)  # "49" zero-padded
    assert result.companies["1068322-0"].name == "Lohjan kaupunki"
    assert result.companies["1068322-0"].website is None


def test_an_unknown_business_id_is_a_warning(
    httpserver: HTTPServer, client: RegistryClient
) -> None:
    _serve(httpserver, "0112038-9", "ytj/empty.json")
    result = check_business_ids(client, ["0112038-9"])
    [unknown] = result.report.disagreements
    assert unknown.kind is Issue.NOT_FOUND
    assert str(unknown) == (
        "PRH/YTJ, 0112038-9: business ID unknown to YTJ "
        f"({httpserver.url_for(PATH)}?businessId=0112038-9)"
    )
    assert exit_code([result.report]) == 0


def test_a_prefixed_id_is_sent_normalised(httpserver: HTTPServer, client: RegistryClient) -> None:
    _serve(httpserver, "0101263-6", "ytj/0101263-6.json")
    result = check_business_ids(client, ["Y-0101263-6"])
    assert result.companies["Y-0101263-6"].business_id == "0101263-6"


def test_another_company_in_the_answer_is_not_taken(
    httpserver: HTTPServer, client: RegistryClient
) -> None:
    httpserver.expect_request(PATH).respond_with_json(fixture("ytj/0171450-7.json"))
    result = check_business_ids(client, ["0112038-9"])
    assert result.companies == {}
    assert result.report.disagreements[0].kind is Issue.NOT_FOUND


def test_invalid_ids_are_not_sent(httpserver: HTTPServer, client: RegistryClient) -> None:
    result = check_business_ids(client, ["0171450-8", "abc"])
    assert [d.kind for d in result.report.disagreements] == [Issue.MALFORMED] * 2
    assert httpserver.log == [] and result.report.looked_up == []


def test_a_different_name_and_an_end_date_are_reported(
    httpserver: HTTPServer, client: RegistryClient
) -> None:
    answer = fixture("ytj/1068322-0.json")
    answer["companies"][0]["endDate"] = "2020-12-31"
    httpserver.expect_request(PATH).respond_with_json(answer)
    result = check_business_ids(client, {"1068322-0": "Lohjan kunta"})
    kinds = {d.kind: d for d in result.report.disagreements}
    assert set(kinds) == {Issue.INACTIVE, Issue.NAME_DIFFERS}
    assert kinds[Issue.NAME_DIFFERS].registry_value == "Lohjan kaupunki"
    assert kinds[Issue.INACTIVE].registry_value == "2020-12-31"


def test_a_400_for_a_business_id(httpserver: HTTPServer, client: RegistryClient) -> None:
    httpserver.expect_request(PATH).respond_with_data(
        "Invalid businessId", status=400, content_type="text/plain"
    )
    [failure] = check_business_ids(client, ["0171450-7"]).report.failures
    assert failure.status == 400 and "Invalid businessId" in str(failure)


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        ([], 'expected an object with a list under "companies"'),
        ({"totalResults": 1, "results": []}, 'expected an object with a list under "companies"'),
        ({"companies": [{"businessId": "0171450-7"}]}, 'has no "businessId"'),
        ({"companies": [7]}, "companies[0] is not an object"),
    ],
)
def test_answers_of_another_shape_fail(
    httpserver: HTTPServer, client: RegistryClient, answer: object, said: str
) -> None:
    httpserver.expect_request(PATH).respond_with_json(answer)
    report = check_business_ids(client, ["0171450-7"]).report
    [failure] = report.failures
    assert said in str(failure) and report.failed_altogether and exit_code([report]) == 3
