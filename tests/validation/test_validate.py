"""Validation of the graph: the seeds' real problems, both paths alike, exit codes, formats."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from pyoxigraph import NamedNode

from kg.build import STORE_DIR, BuildOptions, build
from kg.cli import main
from kg.errors import InputError, RequestError
from kg.iris import Minter
from kg.store.graph_store import GraphStore
from kg.validation.places import Owner, Place, RecordSource
from kg.validation.report import LANGUAGES
from kg.validation.validate import load_rdf_files, parse_shape_groups, validate_store
from kg.validation.words import words
from tests.conftest import SEEDS, seed_paths

OPTIONS = BuildOptions(read_at=datetime(2026, 1, 31, 12, 0, tzinfo=UTC))
# No test here reads the open release; those that validate by themselves want the store alone.
NO_RELEASE = replace(OPTIONS, release=False)
STORE_ONLY = replace(OPTIONS, validate=False, release=False)
SHAPES = "https://w3id.org/kirjasto-kg/shapes#"
MINTER = Minter()


def _project(seed: int, year: int, isil: str | None, title: str) -> str:
    library = MINTER.library(isil, None, "Kalajoen kaupunginkirjasto")
    return MINTER.project(year, title, library).value


KALAJOKI = MINTER.library(None, None, "Kalajoen kaupunginkirjasto").value
KALAJOKI_PROJECT = _project(
    1,
    2018,
    None,
    "Palvelumuotoilu ja verkostoiminen Kalajoen uuden kaupunginkirjaston kehittämisessä",
)
LOHJA_PROJECT = _project(2, 2017, "FI-Lohja", "Lukki-kirjastojen palvelukulttuurin kehittäminen")
KUOPIO_2015_PROJECT = _project(
    0,
    2015,
    "FI-Km",
    "Asiakkaiden osallistaminen kirjastopalveluiden kehittämiseen Kuopion kaupunginkirjastossa",
)
KUOPIO_PROJECT = _project(3, 2016, "FI-Km", "Pop up - kirjasto sinne missä ihmiset ovat")
ESPOO_PROJECT = _project(
    4,
    2017,
    "FI-Em",
    "Kirjastollisin keinoin kuntalaisten hyvinvointia edistämässä - Palvelutori-konseptin "
    "mahdollisuudet tehokäyttöön",
)

# What the seed texts really hold, read by hand:
SEED_PROBLEMS = {
    # 001 (Kalajoki 2018): 53 280 + 13 320 = 66 600, but the total budget says 66 000.
    ("Warning", "Application-budget-sum", KALAJOKI_PROJECT + "/application"),
    # 004 (Espoo 2017): 24 500 + 12 500 = 37 000, but the total budget says 36 000.
    ("Warning", "Application-budget-sum", ESPOO_PROJECT + "/application"),
    # 003 (Kuopio 2016): "Budjetti euroissa yhteensä: €0" beside a request of €7 500.
    ("Warning", "Application-totalBudget-zero", KUOPIO_PROJECT + "/application"),
    # 000 (Kuopio 2015) and 003: the final report leaves 15 425 - 4 056 = 11 369 for a grant
    # of 11 000, and 8 645 - 1 633 = 7 012 for a grant of 7 000 (issue 19).
    ("Warning", "ProjectReport-realized-sum", KUOPIO_2015_PROJECT + "/report"),
    ("Warning", "ProjectReport-realized-sum", KUOPIO_PROJECT + "/report"),
    # 001: the 2018 page has only the address: no ISIL, no business ID.
    ("Warning", "Library-isil-missing", KALAJOKI),
    ("Warning", "Library-businessId-missing", KALAJOKI),
    # 001 and 002: "Toteutunut rahoitus" all €0 - the final report was not yet written.
    ("Info", "ProjectReport-realized-notReported", KALAJOKI_PROJECT + "/report"),
    ("Info", "ProjectReport-realized-notReported", LOHJA_PROJECT + "/report"),
}


@pytest.fixture(scope="module")
def seed_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seeds")
    build([SEEDS], out, NO_RELEASE)
    return out / STORE_DIR


@pytest.fixture
def seed_store(seed_store_path: Path) -> Iterator[GraphStore]:
    # One process may hold a store open once at a time: the handle is dropped after the test.
    store = GraphStore.open(seed_store_path, create=False)
    yield store
    del store


def _found(report) -> set[tuple[str, str, str]]:
    return {
        (result.severity, result.source_shape.value.removeprefix(SHAPES), result.focus.value)
        for result in report.results
    }


def test_the_seeds_have_exactly_their_real_problems(seed_store: GraphStore) -> None:
    report = validate_store(seed_store)
    assert _found(report) == SEED_PROBLEMS
    assert report.conforms


def test_each_focus_is_labelled_and_traced_to_its_record(seed_store: GraphStore) -> None:
    report = validate_store(seed_store)
    # A node with a name of its own is labelled by it; a part (an application, a report) by
    # its project's title and the rest of its IRI. Each comes from the one seed describing it.
    assert report.labels[NamedNode(KALAJOKI)] == "Kalajoen kaupunginkirjasto"
    assert report.records[NamedNode(KALAJOKI)] == ("001_2a2d3dfe5334386e.txt",)
    assert report.labels[NamedNode(LOHJA_PROJECT + "/report")] == (
        "Lukki-kirjastojen palvelukulttuurin kehittäminen › report"
    )
    assert report.records[NamedNode(LOHJA_PROJECT + "/report")] == ("002_189ba8d91d5ac61a.txt",)
    assert report.labels[NamedNode(KUOPIO_PROJECT + "/application")] == (
        "Pop up - kirjasto sinne missä ihmiset ovat › application"
    )
    assert report.records[NamedNode(KUOPIO_PROJECT + "/application")] == (
        "003_e599603b441184a1.txt",
    )
    assert (
        set(report.labels)
        == set(report.records)
        == {NamedNode(focus) for _, _, focus in SEED_PROBLEMS}
    )


def test_each_focus_is_placed_for_people(seed_store: GraphStore) -> None:
    report = validate_store(seed_store)
    # A part is known by the name of the project it belongs to; a library by its own.
    title = "Pop up - kirjasto sinne missä ihmiset ovat"
    assert report.places[NamedNode(KUOPIO_PROJECT + "/application")] == Place(
        title, Owner("project", title)
    )
    assert report.places[NamedNode(KALAJOKI)] == Place("Kalajoen kaupunginkirjasto")
    assert set(report.places) == set(report.labels)
    # Every record with a finding: its SHA-256, as the build read it.
    assert set(report.sources) == {file for files in report.records.values() for file in files}
    kalajoki = SEEDS / "001_2a2d3dfe5334386e.txt"
    assert report.sources[kalajoki.name] == RecordSource(
        hashlib.sha256(kalajoki.read_bytes()).hexdigest(), ()
    )


def test_every_rule_is_named_in_three_languages(seed_store: GraphStore) -> None:
    report = validate_store(seed_store)
    for result in report.results:
        names = report.rule_names[result.source_shape.value]
        assert set(names) >= {"fi", "sv", "en"}, result.source_shape.value
        assert names["en"] == report.shape_names[result.source_shape.value]


def test_a_wrong_check_digit_is_placed_and_fixed(tmp_path: Path) -> None:
    # Lohja's business ID 1068322-0 with a mistyped check digit, on line 16 of its record.
    inputs = _broken_seed(tmp_path, "1068322-0", "1068322-1")
    result = CliRunner().invoke(main, ["build", str(inputs), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    first = (
        "Legal body: business ID – check digit: 1068322-1 "
        "(library Lohjan kaupunginkirjasto), lohja.txt, line 16"
    )
    assert result.stdout.splitlines()[-1] == f"exit code 1: 1 SHACL violation, the first: {first}"
    text = (tmp_path / "out" / "validation.txt").read_text(encoding="utf-8").splitlines()
    at = text.index("Legal body: business ID – check digit (1)")
    assert text[at + 2 :][:3] == [
        "    Library: Lohjan kaupunginkirjasto",
        "    Record: lohja.txt, line 16",
        "    Fix: the valid check digit after 1068322 is 0: 1068322-0; if another digit is "
        "mistyped, look the ID up in the business register (ytj.fi)",
    ]
    html = (tmp_path / "out" / "validation.html").read_text(encoding="utf-8")
    assert "<dd>lohja.txt, line 16</dd>" in html
    # kg validate gives the line when it is told where the records are.
    store = ["--store", str(tmp_path / "out" / STORE_DIR)]
    without = CliRunner().invoke(main, ["validate", *store])
    assert "    Record: lohja.txt\n" in without.stdout
    located = CliRunner().invoke(main, ["validate", *store, "--records", str(inputs)])
    assert "    Record: lohja.txt, line 16\n" in located.stdout


def test_both_paths_give_the_same_results_on_the_seeds(seed_store: GraphStore) -> None:
    batched = validate_store(seed_store, engine="pyshacl", whole=False)
    assert batched.results == validate_store(seed_store, engine="pyshacl").results


def test_the_fast_engine_gives_pyshacls_report_on_the_seeds(seed_store: GraphStore) -> None:
    assert validate_store(seed_store) == validate_store(seed_store, engine="pyshacl")


def test_an_unknown_engine_is_refused(seed_store: GraphStore) -> None:
    with pytest.raises(RequestError, match="unknown engine"):
        validate_store(seed_store, engine="rudof")


def test_shape_groups_choose_the_files(seed_store: GraphStore) -> None:
    core_only = validate_store(seed_store, ("core",))
    assert core_only.results == ()
    assert {r.severity for r in validate_store(seed_store, ("info",)).results} == {"Info"}


def test_unknown_shape_groups_are_refused() -> None:
    assert parse_shape_groups("core, info") == ("core", "info")
    with pytest.raises(RequestError) as caught:
        parse_shape_groups("core,strict")
    assert str(caught.value) == (
        "--shapes: unknown shape group strict; choose from core, quality, info, consolidated"
    )


def test_the_ontology_is_not_validated_as_data(seed_store: GraphStore) -> None:
    report = validate_store(seed_store)
    assert not any(
        r.focus.value.startswith("https://w3id.org/kirjasto-kg/ns") for r in report.results
    )


def _broken_seed(tmp_path: Path, old: str, new: str) -> Path:
    inputs = tmp_path / "in"
    inputs.mkdir(exist_ok=True)
    text = seed_paths()[2].read_text(encoding="utf-8")  # Lohja 2017: no problem of its own
    assert old in text
    (inputs / "lohja.txt").write_text(text.replace(old, new), encoding="utf-8")
    return inputs


def test_build_exits_1_on_a_violation_and_still_writes_everything(tmp_path: Path) -> None:
    # Granted more than requested: a Violation.
    inputs = _broken_seed(tmp_path, "€5 000", "€9 000")
    result = CliRunner().invoke(main, ["build", str(inputs), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "SHACL: 1 violation, 0 warnings, 1 info" in result.stdout.splitlines()
    last = result.stdout.splitlines()[-1]
    assert last.startswith("exit code 1: 1 SHACL violation, the first: Grant: ")
    assert last.endswith(": Lukki-kirjastojen palvelukulttuurin kehittäminen, lohja.txt")
    for name in ("graph.ttl", "validation.ttl", "validation.txt"):
        assert (tmp_path / "out" / name).is_file()
    text = (tmp_path / "out" / "validation.txt").read_text(encoding="utf-8")
    assert "9000" in text and "8000" in text


def test_validate_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    good = tmp_path / "good"
    build([seed_paths()[2]], good, STORE_ONLY)  # Lohja: one Info, nothing worse
    store = ["--store", str(good / STORE_DIR)]
    assert runner.invoke(main, ["validate", *store]).exit_code == 0
    assert runner.invoke(main, ["validate", *store, "--strict"]).exit_code == 0
    warned = tmp_path / "warned"
    build([seed_paths()[3]], warned, STORE_ONLY)  # Kuopio: a Warning
    assert runner.invoke(main, ["validate", "--store", str(warned / STORE_DIR)]).exit_code == 0
    strict = runner.invoke(main, ["validate", "--store", str(warned / STORE_DIR), "--strict"])
    assert strict.exit_code == 1
    bad = tmp_path / "bad"
    build([_broken_seed(tmp_path, "01/04/2017", "01/04/2019")], bad, STORE_ONLY)  # starts after end
    assert runner.invoke(main, ["validate", "--store", str(bad / STORE_DIR)]).exit_code == 1
    missing = runner.invoke(main, ["validate", "--store", str(tmp_path / "nowhere")])
    assert missing.exit_code == 2
    assert (
        missing.stderr
        == f"error: {tmp_path / 'nowhere'}: there is no store here; build one with kg build\n"
    )
    unknown = runner.invoke(main, ["validate", *store, "--shapes", "nope"])
    assert unknown.exit_code == 2
    bad_store = ["--store", str(bad / STORE_DIR)]
    fast = runner.invoke(main, ["validate", *bad_store, "--format", "json"])
    reference = runner.invoke(
        main, ["validate", *bad_store, "--format", "json", "--engine", "pyshacl"]
    )
    assert fast.exit_code == reference.exit_code == 1
    assert fast.stdout == reference.stdout
    assert runner.invoke(main, ["validate", *store, "--engine", "rudof"]).exit_code == 2


def test_validate_formats(seed_store_path: Path) -> None:
    runner = CliRunner()
    store = ["--store", str(seed_store_path)]
    as_json = json.loads(runner.invoke(main, ["validate", *store, "--format", "json"]).stdout)
    assert as_json["counts"] == {"Violation": 0, "Warning": 7, "Info": 2}
    assert {r["focus_label"] for r in as_json["results"]} >= {"Kalajoen kaupunginkirjasto"}
    turtle = runner.invoke(main, ["validate", *store, "--format", "turtle"]).stdout
    graph = rdflib.Graph().parse(data=turtle, format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    assert len(list(graph.subjects(rdflib.RDF.type, sh.ValidationResult))) == 9
    finnish = runner.invoke(main, ["validate", *store, "--lang", "fi"]).stdout
    assert finnish.splitlines()[0].startswith("Tarkistusraportti: 0 virhettä, ")
    assert "kokonaisbudjetti on 66000 €" in finnish


def test_validate_speaks_swedish_writes_html_and_lists_details(seed_store_path: Path) -> None:
    runner = CliRunner()
    store = ["--store", str(seed_store_path)]
    swedish = runner.invoke(main, ["validate", *store, "--lang", "sv"])
    assert swedish.exit_code == 0
    assert swedish.stdout.splitlines()[0].startswith("Valideringsrapport: 0 fel, ")
    html = runner.invoke(main, ["validate", *store, "--format", "html", "--lang", "sv"]).stdout
    assert html.startswith("<!DOCTYPE html>") and '<html lang="sv">' in html
    folded = runner.invoke(main, ["validate", *store]).stdout
    detailed = runner.invoke(main, ["validate", *store, "--details"]).stdout
    assert "The same for 1 more" in folded and "The same for" not in detailed
    assert detailed.count("every realised amount is €0") == 2


def test_validate_rdf_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([seed_paths()[1]], out, STORE_ONLY)
    result = CliRunner().invoke(main, ["validate", str(out / "graph.trig"), "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["counts"]["Warning"] == 3


def test_a_broken_rdf_file_names_its_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_rdf_files([broken])
    assert str(caught.value).startswith(f"{broken}:2: ")
    result = CliRunner().invoke(main, ["validate", str(broken)])
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_validation_files_are_stable(tmp_path: Path) -> None:
    build([SEEDS], tmp_path / "a", NO_RELEASE)
    shutil.copytree(SEEDS, tmp_path / "seeds")
    build([tmp_path / "seeds"], tmp_path / "b", NO_RELEASE)
    for name in ("validation.ttl", "validation.txt", "validation.html"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


# -- what the data holds (kg.validation.fitness)
# --------------------------------------------------------

# Each seed's level (tests/validation/test_fitness.py works each out from its page).
SEED_LEVELS = {
    "000_52e5d4c243421207.txt": "core",
    "001_2a2d3dfe5334386e.txt": "none",
    "002_189ba8d91d5ac61a.txt": "portal",
    "003_e599603b441184a1.txt": "core",
    "004_2e6b8c7a8187e8e8.txt": "core",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_validate_opens_with_what_the_data_holds(seed_store_path: Path, lang: str) -> None:
    store = ["--store", str(seed_store_path)]
    runner = CliRunner()
    said = words(lang)
    text = runner.invoke(main, ["validate", *store, "--lang", lang]).stdout.splitlines()
    assert text[3] == said["holds"]
    assert text[5] == f"  {said['holds.records']}: 5"
    assert f"  {said['level.portal']}: 1 – {said['level.portal.asks']}" in text
    page = runner.invoke(main, ["validate", *store, "--format", "html", "--lang", lang]).stdout
    warnings = page.index(said["Warning.heading"] + " (7)")
    assert page.index(said["holds"]) < page.index(said["levels"]) < warnings


def test_validate_json_gives_each_records_level(seed_store_path: Path) -> None:
    store = ["--store", str(seed_store_path)]
    result = CliRunner().invoke(main, ["validate", *store, "--format", "json"])
    fitness = json.loads(result.stdout)["fitness"]
    assert fitness["records"] == SEED_LEVELS
    assert fitness["levels"] == {"none": 1, "core": 3, "money": 0, "portal": 1, "linked": 0}
    assert fitness["holdings"]["with_identifiers"] == {"count": 4, "share": 0.8}


def test_validate_without_the_money_rules_still_gives_the_levels(seed_store_path: Path) -> None:
    # The report of the info group alone finds no money Warning: the levels are not taken
    # from it, kg.validation.fitness runs the money and portal rules itself.
    args = ["validate", "--store", str(seed_store_path), "--shapes", "info", "--format", "json"]
    document = json.loads(CliRunner().invoke(main, args).stdout)
    assert document["counts"]["Warning"] == 0
    assert document["fitness"]["records"] == SEED_LEVELS


def test_validate_rdf_files_count_the_records_graphs_they_keep(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([seed_paths()[1], seed_paths()[2]], out, STORE_ONLY)
    runner = CliRunner()
    dataset = runner.invoke(main, ["validate", str(out / "graph.trig"), "--format", "json"])
    assert json.loads(dataset.stdout)["fitness"]["records"] == {
        name: level for name, level in SEED_LEVELS.items() if name[:3] in ("001", "002")
    }
    # The view alone keeps no record's own graph: nothing to count each record by.
    view = runner.invoke(main, ["validate", str(out / "graph.ttl"), "--format", "json"])
    assert view.exit_code == 0
    assert json.loads(view.stdout)["fitness"] is None
    assert view.stderr.splitlines() == [
        "note: what the data holds is counted on the records' own graphs, which only TriG "
        "and N-Quads files keep; left out of the report"
    ]
    text = runner.invoke(main, ["validate", str(out / "graph.ttl")]).stdout
    assert "What the data holds" not in text


def test_build_reports_open_with_what_the_data_holds(seed_store_path: Path) -> None:
    out = seed_store_path.parent
    text = (out / "validation.txt").read_text(encoding="utf-8").splitlines()
    assert text[3:6] == ["What the data holds", "===================", "  Records: 5"]
    assert "  Below core: 1 – " + words("en")["level.none.asks"] in text
    page = (out / "validation.html").read_text(encoding="utf-8")
    assert page.index("What the data holds") < page.index("Warnings (7)")


def test_a_funded_projects_unread_granted_amount_is_a_warning(tmp_path: Path) -> None:
    # Issue 19: Lohja's granted €5 000 typed with letters O; the parser keeps the text unread.
    inputs = _broken_seed(tmp_path, "€5 000", "€5 OOO")
    result = CliRunner().invoke(main, ["build", str(inputs), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    store = GraphStore.open(tmp_path / "out" / STORE_DIR, create=False)
    for engine in ("fast", "pyshacl"):
        found = [
            (r.severity, r.message("en"))
            for r in validate_store(store, engine=engine).results
            if r.source_shape.value.endswith("#Project-granted-unread")
        ]
        assert len(found) == 1, engine
        assert found[0][0] == "Warning"
        assert "the amount granted, written '€5 OOO', could not be read" in found[0][1]
    text = (tmp_path / "out" / "validation.txt").read_text(encoding="utf-8")
    assert "Project: amount granted – readable (1)" in text
