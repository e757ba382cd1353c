"""Kirjastohakemisto (Kirkanta v4): matching by name within a municipality, the prefix filter,
the main library, paging, the real envelope, and failures."""

from __future__ import annotations

import copy
from typing import Any

from pytest_httpserver import HTTPServer

from kg.linking.registries.http import RegistryClient
from kg.linking.registries.kirkanta import PAGE_SIZE, match_libraries
from kg.linking.registries.report import Issue, LibraryRef
from tests.linking.registries.conftest import fixture, seed_refs

PATH = "/v4/library"
COMMON = {"lang": "fi", "limit": str(PAGE_SIZE), "refs": "city", "with": "primaryContactInfo"}


def _serve_city(httpserver: HTTPServer, city: str, answer: Any) -> None:
    httpserver.expect_request(
        PATH, method="GET", query_string={"city.name": city, **COMMON}
    ).respond_with_json(answer, content_type="application/json; charset=utf-8")


def test_the_seed_libraries_are_matched(httpserver: HTTPServer, client: RegistryClient) -> None:
    for city in ("Kuopio", "Kalajoki", "Lohja", "Espoo"):
        _serve_city(httpserver, city, fixture(f"kirkanta/{city}.json"))
    refs = seed_refs()
    assert len(refs) == 5 and len(set(refs)) == 4  # Kuopio has two seeds
    result = match_libraries(client, refs)
    report = result.report
    assert len(httpserver.log) == 4  # one search per municipality
    assert report.looked_up == [str(ref) for ref in dict.fromkeys(refs)]
    assert not report.failures

    kuopio = result.matches[LibraryRef("Kuopion kaupunginkirjasto", "Kuopio")]
    library = kuopio.record
    assert (library.id, library.name, library.main_library) == (90001, "Kuopion pääkirjasto", True)
    assert library.municipality == "Kuopio" and library.city_id == 19001
    assert library.homepage == "https://kirjasto.example.org/kuopio"
    assert library.email == "kuopio@example.org"
    assert library.coordinates == (62.0, 27.0)
    assert (library.street, library.zipcode) == ("Testikatu 1", "70100")
    assert library.url == httpserver.url_for("/v4/library/90001")
    assert library.query_url.startswith(httpserver.url_for(PATH) + "?city.name=Kuopio")
    assert (kuopio.score, kuopio.method) == (1.0, "name+municipality")
    # The mobile library is a weaker candidate, the branch none.
    candidates = result.candidates[LibraryRef("Kuopion kaupunginkirjasto", "Kuopio")]
    assert [(c.record.id, round(c.score, 2)) for c in candidates] == [(90001, 1.0), (90003, 0.67)]

    assert result.matches[LibraryRef("Lohjan kaupunginkirjasto", "Lohja")].record.id == 90101
    assert result.matches[LibraryRef("Kalajoen kaupunginkirjasto", "Kalajoki")].record.id == 90301

    # Espoo's main library has a name of its own: proposed, to be confirmed, not matched.
    espoo = LibraryRef("Espoon kaupunginkirjasto", "Espoo")
    assert espoo not in result.matches
    [main] = result.candidates[espoo]
    assert (main.record.id, main.method, main.score) == (90201, "main library", 0.75)
    [unsure] = report.disagreements
    assert unsure.kind is Issue.NO_MATCH and unsure.key == str(espoo)
    assert "Keskustan kirjasto (90201, main library), scores 0.75, below 0.80" in unsure.message
    assert report.found == [
        "Kuopion kaupunginkirjasto (Kuopio)",
        "Kalajoen kaupunginkirjasto (Kalajoki)",
        "Lohjan kaupunginkirjasto (Lohja)",
    ]


def test_the_city_prefix_filter_is_narrowed_to_the_city(
    httpserver: HTTPServer, client: RegistryClient
) -> None:
    # city.name=Pori also brings Pornainen; the same name there must not make a tie.
    _serve_city(httpserver, "Pori", fixture("kirkanta/Pori-prefix.json"))
    library = LibraryRef("Porin kaupunginkirjasto", "Pori")
    result = match_libraries(client, [library])
    assert result.matches[library].record.id == 90401
    assert [c.record.id for c in result.candidates[library]] == [90401]
    assert result.report.disagreements == []


def test_a_tie_is_ambiguous(httpserver: HTTPServer, client: RegistryClient) -> None:
    answer = fixture("kirkanta/Pori-prefix.json")
    answer["items"][1]["city"] = 19401  # now both are in Pori, both main libraries
    _serve_city(httpserver, "Pori", answer)
    library = LibraryRef("Porin kaupunginkirjasto", "Pori")
    result = match_libraries(client, [library])
    assert library not in result.matches
    [tie] = result.report.disagreements
    assert tie.kind is Issue.AMBIGUOUS and "90401" in tie.message and "90402" in tie.message


def test_without_municipality_the_name_prefix_is_searched(
    httpserver: HTTPServer, client: RegistryClient
) -> None:
    httpserver.expect_request(PATH, query_string={"name": "Kalajoen", **COMMON}).respond_with_json(
        fixture("kirkanta/Kalajoki.json")
    )
    library = LibraryRef("Kalajoen kaupunginkirjasto")
    result = match_libraries(client, [library])
    assert result.matches[library].record.id == 90301
    assert result.matches[library].method == "name"


def test_pages_are_followed(httpserver: HTTPServer, client: RegistryClient) -> None:
    template = fixture("kirkanta/Kuopio.json")["items"][1]
    items = []
    for number in range(PAGE_SIZE + 5):
        item = copy.deepcopy(template)
        item["id"] = 91000 + number
        item["name"] = f"Sivukirjasto {number}"
        item["mainLibrary"] = False
        items.append(item)
    items[-1]["name"] = "Kuopion pääkirjasto"
    refs = fixture("kirkanta/Kuopio.json")["refs"]
    first = {"type": "library", "total": len(items), "items": items[:PAGE_SIZE], "refs": refs}
    second = {"type": "library", "total": len(items), "items": items[PAGE_SIZE:], "refs": refs}
    query = {"city.name": "Kuopio", **COMMON}
    httpserver.expect_request(PATH, query_string=query).respond_with_json(first)
    httpserver.expect_request(
        PATH, query_string={**query, "skip": str(PAGE_SIZE)}
    ).respond_with_json(second)
    library = LibraryRef("Kuopion kaupunginkirjasto", "Kuopio")
    result = match_libraries(client, [library])
    assert result.matches[library].record.id == 91000 + PAGE_SIZE + 4
    assert len(httpserver.log) == 2


def test_nothing_in_the_municipality(httpserver: HTTPServer, client: RegistryClient) -> None:
    _serve_city(httpserver, "Tyhjälä", fixture("kirkanta/empty.json"))
    library = LibraryRef("Tyhjälän kunnankirjasto", "Tyhjälä")
    result = match_libraries(client, [library])
    assert result.candidates[library] == []
    [none] = result.report.disagreements
    assert none.kind is Issue.NO_MATCH
    assert none.url and none.url.startswith(httpserver.url_for(PATH))
    assert result.report.answered == [str(library)]


def test_the_documented_envelope_is_not_what_the_code_sends(
    httpserver: HTTPServer, client: RegistryClient
) -> None:
    # The API documentation shows "result"/"references"; the server sends "items"/"refs".
    _serve_city(httpserver, "Kuopio", fixture("kirkanta/documented-envelope.json"))
    report = match_libraries(client, [LibraryRef("Kuopion kaupunginkirjasto", "Kuopio")]).report
    [failure] = report.failures
    assert 'unexpected JSON: expected an object with a list under "items"' in str(failure)
    assert failure.key == "Kuopion kaupunginkirjasto (Kuopio)"
    assert report.failed_altogether


def test_a_failed_search_spares_the_others(httpserver: HTTPServer, client: RegistryClient) -> None:
    _serve_city(httpserver, "Lohja", fixture("kirkanta/Lohja.json"))
    httpserver.expect_request(
        PATH, query_string={"city.name": "Kuopio", **COMMON}
    ).respond_with_data("Requested library was not found (id=1)", status=400)
    libraries = [
        LibraryRef("Kuopion kaupunginkirjasto", "Kuopio"),
        LibraryRef("Lohjan kaupunginkirjasto", "Lohja"),
    ]
    result = match_libraries(client, libraries)
    assert list(result.matches) == [libraries[1]]
    [failure] = result.report.failures
    assert "answered 400 BAD REQUEST: Requested library was not found (id=1)" in str(failure)
    assert not result.report.failed_altogether


def test_items_of_another_shape_fail(httpserver: HTTPServer, client: RegistryClient) -> None:
    _serve_city(httpserver, "Kuopio", {"type": "library", "total": 1, "items": [{"id": "x"}]})
    [failure] = match_libraries(
        client, [LibraryRef("Kuopion kaupunginkirjasto", "Kuopio")]
    ).report.failures
    assert 'items[0] has no integer "id"' in str(failure)
