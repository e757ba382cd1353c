"""The 360Giving package of the release: valid by the standard's own schemas, its money the graph's.

`check_360giving(folder, store)` holds all of it for any release folder (the real pages' too):
the package validated by `jsonschema` against 360Giving's package schema, the grant schema
resolved offline from /work/shared/external/360giving, with format checking as 360Giving's
checker (CoVE) does it; the sum and count of the grants against the graph's, counted by
SPARQL; the CSV against the JSON, under the titles flatten-tool gives the schema's fields.

The one gap by design: a grant has an `awardDate`, which 360Giving requires (a full date),
only where the catalogue configuration gives the day for its call year (`award_dates`): the
pages give the year of the call, never the day of the decision, and the writer fills nothing
in. Given a day for every year, the seeds' package is valid. A field the graph lacks for a
grant (its amount on a page cut short, a programme with no funder) is likewise missing; the
check requires that each missing field is one the graph lacks for that project (or, for the
award date, the catalogue lacks for its year), and that nothing else is wrong.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from jsonschema import (  # type: ignore[import-untyped]  # no types; no stubs in the venv
    Draft202012Validator,
    FormatChecker,
)
from pyoxigraph import Literal, NamedNode, Quad, QuerySolutions, Store
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from kg.export.dcat.config import CatalogConfig
from kg.export.giving360 import (
    COLUMNS,
    CSV_FILE,
    JSON_FILE,
    grants,
    write_360giving,
    years_without_award_date,
)
from kg.export.release import open_graph
from kg.store.graph_store import GraphStore
from kg.vocab import KG, PROV, SCHEMA, XSD
from tests.conftest import REPO
from tests.export.conftest import ISSUED

LOHJA = NamedNode(
    "https://w3id.org/kirjasto-kg/id/project/2017-fi-lohja-lukki-kirjastojen-palvelukulttuurin-kehittaminen"
)
SCHEMAS = REPO.parent / "shared" / "external" / "360giving"
PREFIX = "360G-kirjastokg"
# The formats 360Giving's checker (CoVE, on lib-cove) checks: jsonschema's FormatChecker with
# a URI and a date-time library installed (lib-cove installs rfc3987 and strict-rfc3339;
# here rfc3986-validator and rfc3339-validator do it), else these formats pass unchecked.
CHECKED_FORMATS = {"date", "date-time", "uri"}
# What a grant may lack where the graph lacks it; awardDate where the catalogue gives no day
# for its call year (the pages give the call's year, never the decision's day).
_BY_PROJECT = """
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX kg: <https://w3id.org/kirjasto-kg/ns#>
PREFIX schema: <http://schema.org/>
ASK {{ <{project}> {path} ?value }}
"""
_GRAPH_GIVES = {
    "title": "dct:title",
    "description": "schema:description|kg:goal",
    "amountAwarded": "schema:funding/kg:granted/schema:value",
    "fundingOrganization": "kg:fundingCall/kg:programme/schema:funder",
}
_CALL_YEAR = """
PREFIX kg: <https://w3id.org/kirjasto-kg/ns#>
SELECT ?year WHERE {{ <{project}> kg:callYear ?year }}
"""
_FUNDED = """
PREFIX kg: <https://w3id.org/kirjasto-kg/ns#>
PREFIX schema: <http://schema.org/>
SELECT (COUNT(DISTINCT ?project) AS ?projects)
WHERE { ?project a kg:Project ; schema:funding ?grant }
"""
_GRANTED = """
PREFIX kg: <https://w3id.org/kirjasto-kg/ns#>
PREFIX schema: <http://schema.org/>
SELECT (COUNT(*) AS ?amounts) (SUM(?value) AS ?granted)
WHERE {
  SELECT DISTINCT ?grant ?amount ?value
  WHERE {
    ?project a kg:Project ; schema:funding ?grant .
    ?grant kg:granted ?amount .
    ?amount schema:value ?value .
  }
}
"""


def schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


def package_validator() -> Draft202012Validator:
    """Return a validator of 360Giving packages that never reaches the network."""
    package, grant = schema("360-giving-package-schema.json"), schema("360-giving-schema.json")
    # Both files say "$schema": "http://json-schema.org/draft/2020-12/schema", which is not
    # the dialect's URI (https): read them as 2020-12 by name.
    resource = DRAFT202012.create_resource(grant)
    # The package names the grant schema by the URL of release 1.4.2; the file is 1.4.3 and
    # its own references resolve against its $id: both name the one file here.
    urls = {package["properties"]["grants"]["items"]["$ref"], grant["$id"]}
    registry: Registry = Registry().with_resources((url, resource) for url in urls)
    checker = FormatChecker()
    assert set(checker.checkers) >= CHECKED_FORMATS, "install rfc3986-validator (uri)"
    Draft202012Validator.check_schema(package)
    return Draft202012Validator(package, registry=registry, format_checker=checker)


def schema_problems(package: Mapping[str, Any]) -> tuple[dict[int, set[str]], list[str]]:
    """Return the required fields each grant lacks (by index), and every other error."""
    validator = package_validator()
    organisation_branch = schema("360-giving-schema.json")["oneOf"][0]["required"]
    missing: dict[int, set[str]] = {}
    others = []
    for error in validator.iter_errors(package):
        path = list(error.absolute_path)
        if path[:1] == ["grants"] and len(path) == 2 and error.validator == "oneOf":
            grant = package["grants"][path[1]]
            lacks = {name for name in organisation_branch if name not in grant}
            if lacks:
                missing.setdefault(path[1], set()).update(lacks)
                continue
        others.append(f"{'/'.join(map(str, path))}: {error.message}")
    return missing, others


def flatten_titles() -> dict[tuple[str, ...], str]:
    """Return the title of every field of a grant as flatten-tool titles it, by JSON path.

    The `title` of each property on the way, joined with ":"; an array of objects is passed
    through by its own title (one item: no index); a property with a `$ref` and no title of
    its own takes the referenced schema's.
    """
    grant = schema("360-giving-schema.json")
    titles: dict[tuple[str, ...], str] = {}

    def resolve(node: Mapping[str, Any]) -> Mapping[str, Any]:
        ref = node.get("$ref", "")
        return grant["$defs"][ref.rpartition("/")[2]] if ref.startswith("#/$defs/") else node

    def walk(properties: Mapping[str, Any], path: tuple[str, ...], prefix: str) -> None:
        for name, node in properties.items():
            target = resolve(node)
            title = node.get("title") or target.get("title") or name
            if target.get("type") == "array" and "$ref" in target.get("items", {}):
                walk(resolve(target["items"])["properties"], (*path, name), f"{prefix}{title}:")
            elif "properties" in target:
                walk(target["properties"], (*path, name), f"{prefix}{title}:")
            else:
                titles[(*path, name)] = prefix + title

    walk(grant["properties"], (), "")
    return titles


def _at(grant: Mapping[str, Any], path: Sequence[str]) -> object:
    value: object = grant
    for key in path:
        if isinstance(value, list):
            value = value[0]
        value = value.get(key) if isinstance(value, Mapping) else None
    return value


def _one_row(store: Store, query: str) -> tuple[Any, ...]:
    solutions = store.query(query)
    assert isinstance(solutions, QuerySolutions)
    (row,) = list(solutions)
    return tuple(row)


def _ask(store: Store, project: str, path: str) -> bool:
    return bool(store.query(_BY_PROJECT.format(project=project, path=path)))


def check_360giving(
    folder: Path, store: Store | GraphStore, award_dates: Mapping[int, str] | None = None
) -> Counter[str]:
    """Assert that folder's 360Giving files are valid and say what `store`'s graph says.

    `store` holds the graph of the release in its default graph (the open union, or a built
    store, whose default graph is the view); `award_dates` the catalogue's days by call year
    the files were written with. Returns how many grants lack each field.
    """
    graph = store.oxigraph if isinstance(store, GraphStore) else store
    text = (folder / JSON_FILE).read_text(encoding="utf-8")
    package = json.loads(text, parse_float=Decimal)
    found = package["grants"]

    missing, others = schema_problems(package)
    assert others == []
    lacking: Counter[str] = Counter()
    for index, grant in enumerate(found):
        project = grant["url"]
        lacks = missing.get(index, set())
        graph_lacks = {
            name for name, path in _GRAPH_GIVES.items() if not _ask(graph, project, path)
        }
        years = [int(row[0].value) for row in graph.query(_CALL_YEAR.format(project=project))]
        assert len(years) == 1, project
        day = (award_dates or {}).get(years[0])
        if day is None:
            graph_lacks.add("awardDate")
        assert grant.get("awardDate") == day, project
        assert lacks == graph_lacks, project
        lacking.update(lacks)

    (projects,) = _one_row(graph, _FUNDED)
    assert len(found) == int(projects.value)
    amounts, granted = _one_row(graph, _GRANTED)
    awarded = [grant["amountAwarded"] for grant in found if "amountAwarded" in grant]
    assert len(awarded) == int(amounts.value)
    assert sum(awarded, Decimal(0)) == Decimal(granted.value)
    ids = [grant["id"] for grant in found]
    assert ids == sorted(set(ids))

    with (folder / CSV_FILE).open(encoding="utf-8", newline="") as stream:
        header, *rows = list(csv.reader(stream))
    by_title = {title: path for path, title in flatten_titles().items()}
    assert set(header) <= set(by_title), set(header) - set(by_title)
    assert len(rows) == len(found)
    for row, grant in zip(rows, found, strict=True):
        for title, cell in zip(header, row, strict=True):
            value = _at(grant, by_title[title])
            if value is None:
                assert cell == "", (title, grant["id"])
            elif isinstance(value, int | Decimal):
                assert Decimal(cell) == value, (title, grant["id"])
            else:
                assert cell == value, (title, grant["id"])
    return lacking


# -- on the seeds ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def release(seed_store: GraphStore) -> Iterator[Any]:
    with open_graph(seed_store) as graph:
        yield graph


@pytest.fixture(scope="module")
def written(release: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("giving")
    paths = write_360giving(release, folder, prefix=PREFIX, issued=ISSUED)
    assert paths == [folder / JSON_FILE, folder / CSV_FILE]
    return folder


def _package(folder: Path) -> dict[str, Any]:
    return json.loads((folder / JSON_FILE).read_text(encoding="utf-8"), parse_float=Decimal)


def test_the_seeds_package_is_valid_but_for_the_award_dates(written: Path, release: Any) -> None:
    lacking = check_360giving(written, release.store)
    assert lacking == Counter({"awardDate": 5})  # every other required field, for every grant


def call_years(store: Store) -> Counter[int]:
    rows = store.query(
        "PREFIX kg: <https://w3id.org/kirjasto-kg/ns#> PREFIX schema: <http://schema.org/> "
        "SELECT ?year WHERE { ?project a kg:Project ; schema:funding [] ; kg:callYear ?year }"
    )
    assert isinstance(rows, QuerySolutions)
    return Counter(int(row[0].value) for row in rows)


def test_given_the_day_of_each_calls_decisions_the_seeds_package_is_valid(
    release: Any, tmp_path: Path
) -> None:
    years = call_years(release.store)
    every = {year: f"{year}-03-15" for year in years}
    config = replace(CatalogConfig(), award_dates=every)
    (tmp_path / "all").mkdir()
    (tmp_path / "some").mkdir()
    write_360giving(release, tmp_path / "all", prefix=PREFIX, issued=ISSUED, config=config)
    assert check_360giving(tmp_path / "all", release.store, every) == Counter()
    dates = [grant["awardDate"] for grant in _package(tmp_path / "all")["grants"]]
    assert sorted(dates) == sorted(f"{year}-03-15" for year in years.elements())
    # A year the catalogue leaves out: its grants have no award date, the others keep theirs.
    first = min(years)
    some = {year: day for year, day in every.items() if year != first}
    config = replace(CatalogConfig(), award_dates=some)
    write_360giving(release, tmp_path / "some", prefix=PREFIX, issued=ISSUED, config=config)
    lacking = check_360giving(tmp_path / "some", release.store, some)
    assert lacking == Counter({"awardDate": years[first]})


def test_the_grants_say_what_the_graph_says(written: Path) -> None:
    package = _package(written)
    assert [key for key in package if key != "grants"] == [
        "version",
        "title",
        "description",
        "issued",
        "publisher",
        "license",
    ]
    assert (package["version"], package["issued"]) == ("1.4", "2026-01-31T12:00:00Z")
    lohja = next(grant for grant in package["grants"] if "fi-lohja" in grant["id"])
    assert {key: value for key, value in lohja.items() if key != "description"} == {
        "id": f"{PREFIX}-2017-fi-lohja-lukki-kirjastojen-palvelukulttuurin-kehittaminen",
        "title": "Lukki-kirjastojen palvelukulttuurin kehittäminen",
        "currency": "EUR",
        "amountAppliedFor": 8000,
        "amountAwarded": 5000,
        "url": LOHJA.value,
        "plannedDates": [{"startDate": "2017-04-01", "endDate": "2018-12-31"}],
        "recipientOrganization": [
            {
                "id": "FI-PRO-1068322-0",
                "name": "Lohjan kaupunginkirjasto",
                "streetAddress": "Karstuntie 3",
                "addressCountry": "FI",
                "postalCode": "08100",
            }
        ],
        "fundingOrganization": [
            {"id": "FI-PRO-0245872-8", "name": "Opetus- ja kulttuuriministeriö"}
        ],
        "grantProgramme": [
            {
                "code": "avi",
                "title": "Yleisten kirjastojen kehittämisavustukset (AVI)",
                "url": "https://w3id.org/kirjasto-kg/id/programme/avi",
            }
        ],
        "dateModified": "2026-01-31T12:00:00Z",
    }
    assert lohja["description"].startswith("Asiakaskokemusta kartoitetaan kyselyllä")
    kalajoki = next(grant for grant in package["grants"] if "kalajoen" in grant["id"])
    # No business ID: the prefix and the library's key, as 360Giving has it for such.
    assert kalajoki["recipientOrganization"][0]["id"] == (
        f"{PREFIX}-library-unidentified-kalajoen-kaupunginkirjasto"
    )


def test_the_csv_has_360givings_titles_and_the_same_values(written: Path) -> None:
    titles = flatten_titles()
    assert [title for title, _ in COLUMNS] == [titles[path] for _, path in COLUMNS]
    with (written / CSV_FILE).open(encoding="utf-8", newline="") as stream:
        header, *rows = list(csv.reader(stream))
    assert header == [title for title, _ in COLUMNS]
    assert header[:6] == [
        "Identifier",
        "Title",
        "Description",
        "Currency",
        "Amount Applied For",
        "Amount Awarded",
    ]
    assert (written / CSV_FILE).read_bytes().count(b"\r\n") == len(rows) + 1
    assert [row[0] for row in rows] == [grant["id"] for grant in _package(written)["grants"]]


def test_the_same_graph_gives_the_same_bytes(written: Path, release: Any, tmp_path: Path) -> None:
    write_360giving(release, tmp_path, prefix=PREFIX, issued=ISSUED)
    for name in (JSON_FILE, CSV_FILE):
        assert (tmp_path / name).read_bytes() == (written / name).read_bytes()


def test_a_date_time_field_given_a_plain_date_fails(written: Path) -> None:
    package = _package(written)
    validator = package_validator()
    assert not [e for e in validator.iter_errors(package) if e.validator == "format"]
    package["grants"][0]["dateModified"] = "2026-01-31"
    package["grants"][1]["dataSource"] = "not a web address"
    errors = [e for e in validator.iter_errors(package) if e.validator == "format"]
    assert sorted((list(e.absolute_path), e.validator_value) for e in errors) == [
        (["grants", 0, "dateModified"], "date-time"),
        (["grants", 1, "dataSource"], "uri"),
    ]


def test_the_check_fails_on_a_wrong_sum_or_cell(
    written: Path, release: Any, tmp_path: Path
) -> None:
    for name in (JSON_FILE, CSV_FILE):
        (tmp_path / name).write_bytes((written / name).read_bytes())
    text = (tmp_path / JSON_FILE).read_text(encoding="utf-8")
    (tmp_path / JSON_FILE).write_text(
        text.replace('"amountAwarded": 5000', '"amountAwarded": 5001'), encoding="utf-8"
    )
    with pytest.raises(AssertionError):
        check_360giving(tmp_path, release.store)
    (tmp_path / JSON_FILE).write_text(text, encoding="utf-8")
    csv_text = (tmp_path / CSV_FILE).read_text(encoding="utf-8")
    (tmp_path / CSV_FILE).write_text(csv_text.replace(",5000,", ",5001,"), encoding="utf-8")
    with pytest.raises(AssertionError, match="Amount Awarded"):
        check_360giving(tmp_path, release.store)


# -- what the graph may or may not give ------------------------------------------------------


@dataclass(frozen=True)
class Union:
    """A release as the writer reads it: a store of its union."""

    store: Store


def _changed(release: Any, *quads: Quad, without: Sequence[Quad] = ()) -> Store:
    """Return a copy of the release's union with `quads` added and `without` taken out."""
    store = Store()
    store.extend(release.store.quads_for_pattern(None, None, None, None))
    for quad in without:
        store.remove(quad)
    store.extend(quads)
    return store


def _lohja(found: list[dict[str, Any]]) -> dict[str, Any]:
    return next(grant for grant in found if "fi-lohja" in grant["id"])


def test_the_page_the_body_and_cents_when_the_graph_has_them(release: Any) -> None:
    project = LOHJA
    record = next(release.store.quads_for_pattern(project, PROV.wasDerivedFrom, None, None)).object
    page = NamedNode("https://hankkeet.kirjastot.fi/hanke/lukki-kirjastojen-palvelukulttuurin")
    body = NamedNode("https://w3id.org/kirjasto-kg/id/organisation/business-id/1068322-0")
    amount = NamedNode(project.value + "/grant/granted")
    (old,) = release.store.quads_for_pattern(amount, SCHEMA.value, None, None)
    store = _changed(
        release,
        Quad(record, PROV.wasDerivedFrom, page),
        Quad(body, SCHEMA.name, Literal("Lohjan kaupunki", language="fi")),
        Quad(amount, SCHEMA.value, Literal("5000.50", datatype=old.object.datatype)),
        without=[old],
    )
    grant = _lohja(grants(store, PREFIX))
    assert grant["dataSource"] == page.value
    assert grant["amountAwarded"] == Decimal("5000.50")
    (recipient,) = grant["recipientOrganization"]
    assert (recipient["name"], recipient["department"]) == (
        "Lohjan kaupunki",
        "Lohjan kaupunginkirjasto",
    )


@pytest.mark.parametrize(
    ("year", "dated"), [("2017Z", True), ("2017+02:00", True), ("17", False), ("-2017", False)]
)
def test_the_award_date_is_that_of_the_call_year_with_or_without_a_time_zone(
    release: Any, year: str, dated: bool
) -> None:
    store = _changed(
        release,
        Quad(LOHJA, KG.callYear, Literal(year, datatype=XSD.gYear)),
        without=list(release.store.quads_for_pattern(LOHJA, KG.callYear, None, None)),
    )
    grant = _lohja(grants(store, PREFIX, award_dates={2017: "2017-03-14"}))
    assert grant.get("awardDate") == ("2017-03-14" if dated else None)
    # The other seeds' years; a year before the common era is a year too, "17" none.
    before = [-2017] if year.startswith("-") else []
    assert years_without_award_date(store, {2017: "2017-03-14"}) == [*before, 2015, 2016, 2018]


def test_names_in_the_language_asked_for(release: Any) -> None:
    grant = _lohja(grants(release.store, PREFIX, "en"))
    assert grant["fundingOrganization"][0]["name"] == "Ministry of Education and Culture"
    assert grant["grantProgramme"][0]["title"] == "Grants for developing public libraries (AVI)"


def test_nothing_is_filled_in_that_the_graph_lacks(release: Any, tmp_path: Path) -> None:
    project = LOHJA
    amount = NamedNode(project.value + "/grant/granted")
    okm = NamedNode("https://w3id.org/kirjasto-kg/id/organisation/okm")
    store = _changed(
        release,
        without=[
            *release.store.quads_for_pattern(amount, SCHEMA.value, None, None),
            *release.store.quads_for_pattern(None, SCHEMA.funder, okm, None),
        ],
    )
    grant = _lohja(grants(store, PREFIX))
    assert "amountAwarded" not in grant and "fundingOrganization" not in grant
    assert "awardDate" not in grant
    write_360giving(Union(store), tmp_path, prefix=PREFIX, issued=ISSUED)
    lacking = check_360giving(tmp_path, store)
    assert lacking == Counter({"awardDate": 5, "fundingOrganization": 5, "amountAwarded": 1})


def test_a_release_without_grants_writes_nothing(release: Any, tmp_path: Path) -> None:
    store = _changed(
        release, without=list(release.store.quads_for_pattern(None, SCHEMA.funding, None, None))
    )
    assert write_360giving(Union(store), tmp_path, prefix=PREFIX, issued=ISSUED) == []
    assert list(tmp_path.iterdir()) == []
