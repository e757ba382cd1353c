"""The ISIL registry: escaped, anchored queries; exact filtering; inactive and unknown ISILs;
proposals by name and municipality; every failure reported while the others go on."""

from __future__ import annotations

import re

import pytest
from pytest_httpserver import HTTPServer

from kg.linking.registries.http import RegistryClient
from kg.linking.registries.isil import (
    check_isils,
    escape_pattern,
    exact_pattern,
    is_isil,
    propose_isils,
    query,
)
from kg.linking.registries.report import Issue, LibraryRef, exit_code
from tests.linking.registries.conftest import fixture, seed_libraries

PATH = "/isil/api/query"


def _serve_isil(httpserver: HTTPServer, isil: str, answer: str) -> None:
    httpserver.expect_request(
        PATH, method="GET", query_string={"isil": exact_pattern(isil)}
    ).respond_with_json(fixture(answer))


# -- patterns -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("FI-Km", "FI-Km"),
        ("FI-A.b", r"FI-A\.b"),
        ("a+b*c?", r"a\+b\*c\?"),
        ("(x)[y]{z}", r"\(x\)\[y\]\{z\}"),
        ("^$|\\/", r"\^\$\|\\\/"),
        ("Kirjasto ja museo", "Kirjasto ja museo"),
    ],
)
def test_escape_pattern(value: str, escaped: str) -> None:
    assert escape_pattern(value) == escaped


@pytest.mark.parametrize(
    "value", ["FI-Km", "Porin (keskus) kirjasto", "a.b+c", "x|y", "[FI]-{1,2}", "\\d", "ä$^"]
)
def test_an_exact_pattern_matches_only_the_value(value: str) -> None:
    # Python's re agrees with JavaScript and PCRE on these escapes.
    pattern = re.compile(exact_pattern(value), re.IGNORECASE)
    assert pattern.search(value)
    assert pattern.search(value.upper())
    assert not pattern.search(value + "x")
    assert not pattern.search("x" + value)


def test_is_isil() -> None:
    assert is_isil("FI-Km") and is_isil("FI-Raiki-PK") and is_isil("FI-Lohja")
    assert not is_isil("FI Km") and not is_isil("Km") and not is_isil("FI-") and not is_isil("")
    assert not is_isil("FI-" + "x" * 12)


def test_query_refuses_undocumented_parameters(client: RegistryClient) -> None:
    with pytest.raises(ValueError, match="format"):
        query(client, "FI-Km", "format", "json")


# -- checking ISILs -------------------------------------------------------------------------


def test_the_seed_isils_are_checked(httpserver: HTTPServer, client: RegistryClient) -> None:
    for isil in ("FI-Km", "FI-Lohja", "FI-Em"):
        _serve_isil(httpserver, isil, f"isil/{isil}.json")
    names = {isil: name for name, isil, _ in seed_libraries() if isil}
    assert names == {
        "FI-Km": "Kuopion kaupunginkirjasto",
        "FI-Lohja": "Lohjan kaupunginkirjasto",
        "FI-Em": "Espoon kaupunginkirjasto",
    }
    result = check_isils(client, names)
    report = result.report
    assert report.looked_up == ["FI-Km", "FI-Lohja", "FI-Em"]
    assert report.found == ["FI-Km", "FI-Lohja", "FI-Em"]
    assert not report.failures and not report.failed_altogether
    kuopio = result.records["FI-Km"]
    assert (kuopio.isil, kuopio.name, kuopio.active) == ("FI-Km", "Kuopion kaupunginkirjasto", True)
    assert kuopio.cities == ("Kuopio",) and kuopio.linda == "Km" and kuopio.former is None
    assert kuopio.url == httpserver.url_for(PATH) + "?isil=%5EFI-Km%24"
    assert result.records["FI-Em"].former == "Espoon kirjasto"
    # Only Espoo's official name differs from the record's.
    [differs] = report.disagreements
    assert differs.kind is Issue.NAME_DIFFERS and differs.key == "FI-Em"
    assert differs.registry_value == "Espoon kaupunginkirjasto – Esbo stadsbibliotek"
    assert differs.record_value == "Espoon kaupunginkirjasto"
    assert str(differs).startswith("ISIL registry, FI-Em: the registry's name is ")
    assert differs.url and differs.url.endswith("?isil=%5EFI-Em%24")
    assert exit_code([report]) == 0
    # The requests sent only the documented parameter, escaped and anchored.
    assert [dict(request.args) for request, _ in httpserver.log] == [
        {"isil": "^FI-Km$"},
        {"isil": "^FI-Lohja$"},
        {"isil": "^FI-Em$"},
    ]


def test_unanchored_matches_are_filtered_out(
    httpserver: HTTPServer, client: RegistryClient
) -> None:
    # FI-Km.json holds FI-Km and FI-Kmtest, as an unanchored isil=FI-Km would.
    _serve_isil(httpserver, "FI-Km", "isil/FI-Km.json")
    result = check_isils(client, ["FI-Km"])
    assert result.records["FI-Km"].isil == "FI-Km"
    assert result.report.disagreements == []


def test_isil_case_differences_are_reported(httpserver: HTTPServer, client: RegistryClient) -> None:
    _serve_isil(httpserver, "FI-KM", "isil/FI-Km.json")
    result = check_isils(client, ["FI-KM"])
    assert result.records["FI-KM"].isil == "FI-Km"
    [case] = result.report.disagreements
    assert case.kind is Issue.SPELLING_DIFFERS and case.registry_value == "FI-Km"


def test_an_inactive_isil_is_reported(httpserver: HTTPServer, client: RegistryClient) -> None:
    _serve_isil(httpserver, "FI-Zold", "isil/FI-Zold.json")
    result = check_isils(client, ["FI-Zold"])
    assert result.records["FI-Zold"].active is False
    [inactive] = result.report.disagreements
    assert inactive.kind is Issue.INACTIVE
    assert "inactive" in str(inactive) and "FI-Zold" in str(inactive)


def test_an_unknown_isil_is_a_warning_with_its_url(
    httpserver: HTTPServer, client: RegistryClient
) -> None:
    _serve_isil(httpserver, "FI-Znone", "isil/empty.json")
    result = check_isils(client, ["FI-Znone"])
    assert result.records == {}
    [unknown] = result.report.disagreements
    assert unknown.kind is Issue.NOT_FOUND
    assert result.report.warnings() == [
        "ISIL registry, FI-Znone: not in the ISIL registry "
        f"({httpserver.url_for(PATH)}?isil=%5EFI-Znone%24)"
    ]
    assert result.report.answered == ["FI-Znone"] and not result.report.failed_altogether


def test_a_malformed_isil_is_not_sent(httpserver: HTTPServer, client: RegistryClient) -> None:
    result = check_isils(client, ["FI Km", ".*"])
    assert [d.kind for d in result.report.disagreements] == [Issue.MALFORMED, Issue.MALFORMED]
    assert result.report.looked_up == [] and httpserver.log == []


def test_other_look_ups_go_on_after_failures(
    httpserver: HTTPServer, client: RegistryClient
) -> None:
    _serve_isil(httpserver, "FI-Km", "isil/FI-Km.json")
    httpserver.expect_request(PATH, query_string={"isil": "^FI-Lohja$"}).respond_with_json(
        {"result": []}  # JSON of another shape
    )
    httpserver.expect_request(PATH, query_string={"isil": "^FI-Em$"}).respond_with_data(
        "Internal Server Error", status=500
    )
    result = check_isils(client, ["FI-Lohja", "FI-Km", "FI-Em"])
    report = result.report
    assert list(result.records) == ["FI-Km"]
    assert [f.key for f in report.failures] == ["FI-Lohja", "FI-Em"]
    assert 'unexpected JSON: expected an object with a list under "data"' in str(report.failures[0])
    assert "answered 500" in str(report.failures[1])
    assert not report.failed_altogether and exit_code([report]) == 0


def test_every_look_up_failing_is_a_failure_altogether(
    httpserver: HTTPServer, client: RegistryClient
) -> None:
    httpserver.expect_request(PATH).respond_with_data("down", status=500)
    report = check_isils(client, ["FI-Km", "FI-Lohja"]).report
    assert report.failed_altogether and exit_code([report]) == 3
    assert len(report.warnings()) == 2


@pytest.mark.parametrize(
    "entry",
    [["not an object"], [{"name": "No ISIL"}], [{"isil": "FI-Km", "name": 3}]],
)
def test_entries_of_another_shape_fail(
    httpserver: HTTPServer, client: RegistryClient, entry: list[object]
) -> None:
    httpserver.expect_request(PATH).respond_with_json({"data": entry})
    [failure] = check_isils(client, ["FI-Km"]).report.failures
    assert "unexpected JSON: data[0]" in str(failure)


# -- proposing ISILs ------------------------------------------------------------------------


def test_kalajoki_gets_a_proposal_never_applied(
    httpserver: HTTPServer, client: RegistryClient
) -> None:
    # The Kalajoki seed has no ISIL; its library is looked up by name in its municipality.
    [kalajoki] = [name for name, isil, _ in seed_libraries() if isil is None]
    httpserver.expect_request(PATH, query_string={"cities": "^Kalajoki$"}).respond_with_json(
        fixture("isil/cities-Kalajoki.json")
    )
    library = LibraryRef(kalajoki, "Kalajoki")
    result = propose_isils(client, [library])
    candidates = result.candidates[library]
    assert [(c.record.isil, round(c.score, 2)) for c in candidates] == [
        ("FI-Zkala", 1.0),
        ("FI-Zkallu", 0.67),
    ]  # the inactive FI-Zkalvan is never proposed; Esimerkkilä does not match
    best = candidates[0]
    assert (best.registry, best.key, best.method) == (
        "isil",
        "Kalajoen kaupunginkirjasto (Kalajoki)",
        "name+municipality",
    )
    assert best.url == httpserver.url_for(PATH) + "?cities=%5EKalajoki%24"
    assert result.report.candidates == candidates
    assert result.report.found == ["Kalajoen kaupunginkirjasto (Kalajoki)"]


def test_a_library_without_municipality_is_searched_by_name(
    httpserver: HTTPServer, client: RegistryClient
) -> None:
    httpserver.expect_request(PATH, query_string={"name": "Kalajoen"}).respond_with_json(
        fixture("isil/cities-Kalajoki.json")
    )
    library = LibraryRef("Kalajoen kaupunginkirjasto")
    result = propose_isils(client, [library])
    assert result.candidates[library][0].record.isil == "FI-Zkala"
    assert result.candidates[library][0].method == "name"


def test_one_request_per_municipality(httpserver: HTTPServer, client: RegistryClient) -> None:
    httpserver.expect_request(PATH, query_string={"cities": "^Kalajoki$"}).respond_with_json(
        fixture("isil/cities-Kalajoki.json")
    )
    libraries = [
        LibraryRef("Kalajoen kaupunginkirjasto", "Kalajoki"),
        LibraryRef("Kalajoen lukion kirjasto", "KALAJOKI"),
    ]
    result = propose_isils(client, libraries)
    assert len(httpserver.log) == 1
    assert result.candidates[libraries[1]][0].record.isil == "FI-Zkallu"


def test_no_good_candidate_is_reported(httpserver: HTTPServer, client: RegistryClient) -> None:
    httpserver.expect_request(PATH).respond_with_json(fixture("isil/cities-Kalajoki.json"))
    library = LibraryRef("Merikylän kirjasto", "Kalajoki")
    result = propose_isils(client, [library])
    assert result.candidates[library] == []
    [none] = result.report.disagreements
    assert none.kind is Issue.NO_MATCH and "4 entries searched" in none.message


def test_a_proposal_search_that_fails_is_reported_per_library(
    httpserver: HTTPServer, client: RegistryClient
) -> None:
    httpserver.expect_request(PATH).respond_with_data("<html>", content_type="text/html")
    libraries = [LibraryRef("A-kirjasto", "Kalajoki"), LibraryRef("B-kirjasto", "Kalajoki")]
    report = propose_isils(client, libraries).report
    assert [f.key for f in report.failures] == ["A-kirjasto (Kalajoki)", "B-kirjasto (Kalajoki)"]
    assert report.failed_altogether
    assert len(httpserver.log) == 1
