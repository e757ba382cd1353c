"""The main job: record files -> store and release; identity, determinism, idempotence."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pyoxigraph import DefaultGraph, NamedNode, RdfFormat, Store, parse

import kg.build
import kg.export.release
from kg.build import (
    DATASET_FILE,
    RECORDS_FILE,
    RELEASE_DIR,
    SNAPSHOT_DIR,
    STORE_DIR,
    UNION_FILE,
    VALIDATION_GRAPH_FILE,
    VALIDATION_HTML_FILE,
    VALIDATION_TEXT_FILE,
    BuildOptions,
    build,
    default_inputs,
)
from kg.clock import default_read_at
from kg.errors import OutputError, ParseError, RequestError
from kg.export.dcat.config import CatalogConfig, catalog_warnings
from kg.export.release import ExportOptions, ExportResult, export_release, stage_release
from kg.iris import Minter
from kg.sparql.catalogue import bind, load_catalogue, run_local
from kg.store.graph_store import GraphStore
from kg.store.snapshot import write_snapshot
from kg.validation.fitness import Fitness, assess
from kg.vocab import DQV, KG, PREFIXES, RDF
from tests.conftest import SEEDS, seed_paths

OPTIONS = BuildOptions(read_at=datetime(2026, 1, 31, 12, 0, tzinfo=UTC))
STORE_ONLY = replace(OPTIONS, validate=False, release=False)  # for tests of the store alone
SPARQL_PREFIXES = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())


def _union(out: Path) -> Store:
    store = Store()
    store.extend(parse((out / UNION_FILE).read_bytes(), format=RdfFormat.TURTLE))
    return store


@pytest.fixture(scope="module")
def seeds_built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, kg.build.BuildResult]:
    """The seeds built with OPTIONS once, for the tests that only read what it wrote."""
    out = tmp_path_factory.mktemp("seeds")
    return out, build([SEEDS], out, OPTIONS)


def test_build_writes_the_release(seeds_built: tuple[Path, kg.build.BuildResult]) -> None:
    tmp_path, result = seeds_built
    assert result.ok and result.records == 5 and result.projects == 5
    assert result.files == tuple(
        tmp_path / name
        for name in (
            RECORDS_FILE,
            DATASET_FILE,
            UNION_FILE,
            VALIDATION_GRAPH_FILE,
            VALIDATION_TEXT_FILE,
            VALIDATION_HTML_FILE,
            RELEASE_DIR,
        )
    )
    assert (tmp_path / RELEASE_DIR / "catalog.ttl").is_file()  # the open release: tests/export
    assert result.release_warnings == tuple(catalog_warnings(CatalogConfig(), None))
    assert len((tmp_path / RECORDS_FILE).read_text(encoding="utf-8").splitlines()) == 5
    dataset = list(parse((tmp_path / DATASET_FILE).read_bytes(), format=RdfFormat.TRIG))
    assert len(dataset) == result.quads
    assert (tmp_path / STORE_DIR).is_dir()


def test_two_builds_give_identical_bytes(
    seeds_built: tuple[Path, kg.build.BuildResult], tmp_path: Path
) -> None:
    first, _ = seeds_built
    build([SEEDS], tmp_path / "b", OPTIONS)
    for name in (RECORDS_FILE, DATASET_FILE, UNION_FILE):
        assert (first / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    for path in (first / RELEASE_DIR).iterdir():
        assert (tmp_path / "b" / RELEASE_DIR / path.name).read_bytes() == path.read_bytes()


def test_the_same_library_is_one_node(seeds_built: tuple[Path, kg.build.BuildResult]) -> None:
    # Kuopio city library (FI-Km, 0171450-7) applies in two seeds.
    tmp_path, result = seeds_built
    assert result.libraries == 4
    store = _union(tmp_path)
    kuopio = Minter().library("FI-Km", None, None)
    projects = store.query(
        SPARQL_PREFIXES + f"SELECT DISTINCT ?p WHERE {{ ?p kg:applicant <{kuopio.value}> }}"
    )
    assert len(list(projects)) == 2
    bodies = store.query(
        SPARQL_PREFIXES + f"SELECT DISTINCT ?b WHERE {{ <{kuopio.value}> org:unitOf ?b }}"
    )
    assert [s["b"].value for s in bodies] == [Minter().legal_body("0171450-7").value]
    funders = store.query(SPARQL_PREFIXES + "SELECT DISTINCT ?f WHERE { ?f a kg:Funder }")
    assert len(list(funders)) == 1


def _kuopio_twice(tmp_path: Path, old: str, new: str) -> Path:
    """Write seed 003 (Kuopio) as a.txt and, as b.txt, another project of it with `old`
    written `new`; return the folder."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    kuopio = seed_paths()[3].read_text(encoding="utf-8")
    (inputs / "a.txt").write_text(kuopio, encoding="utf-8")
    other = kuopio.replace(old, new).replace("Pop up", "Toinen")
    (inputs / "b.txt").write_text(other, encoding="utf-8")
    return inputs


def test_values_that_disagree_both_stay_traceable(tmp_path: Path) -> None:
    inputs = _kuopio_twice(tmp_path, "0447182314", "017 182 0000")  # Kuopio's phone
    build([inputs], tmp_path / "out", STORE_ONLY)
    store = Store(str(tmp_path / "out" / STORE_DIR))
    kuopio = Minter().library("FI-Km", None, None).value
    rows = store.query(
        SPARQL_PREFIXES
        + f"SELECT ?phone ?g WHERE {{ GRAPH ?g {{ <{kuopio}> schema:telephone ?phone }} }}"
    )
    found = sorted((row["phone"].value, row["g"].value.rsplit("/", 1)[1]) for row in rows)
    # Each record graph keeps its own; the consolidated graph prefers one (the newest record's,
    # then the one more records give, then the first in order: here the last rule decides).
    assert found == [
        ("017 182 0000", "b"),
        ("017 182 0000", "consolidated"),
        ("0447182314", "a"),
    ]
    default = store.query(
        SPARQL_PREFIXES + f"SELECT ?phone WHERE {{ <{kuopio}> schema:telephone ?phone }}"
    )
    assert [row["phone"].value for row in default] == ["017 182 0000"]
    stated = store.query(
        SPARQL_PREFIXES + f"SELECT ?phone ?record WHERE {{ <{kuopio}> kg:statedValue ?value . "
        "?value kg:property schema:telephone ; rdf:value ?phone ; prov:wasDerivedFrom ?record }"
    )
    assert sorted(
        (row["phone"].value, row["record"].value.rsplit("/", 1)[1]) for row in stated
    ) == [
        ("017 182 0000", "b"),
        ("0447182314", "a"),
    ]


def test_building_twice_into_one_store_is_idempotent(tmp_path: Path) -> None:
    first = build([SEEDS], tmp_path, STORE_ONLY)
    second = build([SEEDS], tmp_path, STORE_ONLY)
    assert first.quads == second.quads
    assert second.removed_graphs == ()


def test_rebuilding_a_changed_record_replaces_its_graph_only(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    shutil.copytree(SEEDS, inputs)
    build([inputs], tmp_path / "out", STORE_ONLY)
    before = _graph_quads(tmp_path / "out")
    changed = inputs / seed_paths()[2].name
    changed.write_text(changed.read_text(encoding="utf-8").replace("€5 000", "€6 000"), "utf-8")
    build([inputs], tmp_path / "out", STORE_ONLY)
    after = _graph_quads(tmp_path / "out")
    changed_graph = Minter().record(changed.stem).value
    assert {g for g in before if before[g] != after[g]} == {changed_graph}
    assert '"6000"' in " ".join(after[changed_graph])


def test_records_no_longer_given_leave_the_store(tmp_path: Path) -> None:
    build([SEEDS], tmp_path, STORE_ONLY)
    result = build(seed_paths()[:2], tmp_path, STORE_ONLY)
    assert len(result.removed_graphs) == 3
    assert result.projects == 2


def _graph_quads(out: Path) -> dict[str, list[str]]:
    store = Store(str(out / STORE_DIR))
    graphs: dict[str, list[str]] = {}
    for quad in store:
        if isinstance(quad.graph_name, NamedNode):  # the default graph is their union
            graphs.setdefault(quad.graph_name.value, []).append(str(quad.triple))
    return {graph: sorted(quads) for graph, quads in graphs.items()}


def test_the_default_graph_is_the_union_of_the_graphs_each_triple_once(tmp_path: Path) -> None:
    build([SEEDS], tmp_path, STORE_ONLY)
    build(seed_paths()[:2], tmp_path, STORE_ONLY)  # three records leave: their triples too
    store = Store(str(tmp_path / STORE_DIR))
    named = {quad.triple for quad in store if isinstance(quad.graph_name, NamedNode)}
    default = {quad.triple for quad in store.quads_for_pattern(None, None, None, DefaultGraph())}
    assert default == named
    assert len(list(store.quads_for_pattern(None, None, None, DefaultGraph()))) == len(default)


def test_build_keeps_the_good_records_and_lists_the_failures(tmp_path: Path) -> None:
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\x00\x01binary")
    result = build([seed_paths()[0], broken], tmp_path / "out", OPTIONS)
    assert not result.ok
    assert [(error.source, error.line) for error in result.failures] == [(str(broken), 1)]
    lines = (tmp_path / "out" / RECORDS_FILE).read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["title"][:25] for line in lines] == ["Asiakkaiden osallistamine"]


def test_two_inputs_with_one_name_keep_the_first(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(seed_paths()[0], tmp_path / folder / "same.txt")
    result = build([tmp_path / "a", tmp_path / "b"], tmp_path / "out", STORE_ONLY)
    assert result.records == 1
    (failure,) = result.failures
    assert failure.source == str(tmp_path / "b" / "same.txt")
    assert "same file name" in failure.message


def test_default_inputs_are_the_seeds() -> None:
    assert [path.name for path in default_inputs()] == [path.name for path in seed_paths()]


def test_warnings_are_collected_with_their_source(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(
        seed_paths()[0].read_text(encoding="utf-8").replace("FI-Km", "Km"), encoding="utf-8"
    )
    result = build([page], tmp_path / "out", STORE_ONLY)
    assert [(source, w.line, w.message) for source, w in result.warnings] == [
        (str(page), 14, "library.isil: ISIL 'Km' has no country prefix; read as FI-Km")
    ]


def test_read_at_comes_from_source_date_epoch_or_the_clock() -> None:
    now = datetime(2026, 11, 23, 11, 0, 7, 123456, tzinfo=UTC)
    assert default_read_at({"SOURCE_DATE_EPOCH": "0"}, lambda: now) == datetime(
        1970, 1, 1, tzinfo=UTC
    )
    assert default_read_at({}, lambda: now) == now.replace(microsecond=0)
    with pytest.raises(RequestError, match="SOURCE_DATE_EPOCH"):
        default_read_at({"SOURCE_DATE_EPOCH": "yesterday"}, lambda: now)


def test_the_store_types_the_reference_data(tmp_path: Path) -> None:
    build([seed_paths()[0]], tmp_path, STORE_ONLY)
    store = Store(str(tmp_path / STORE_DIR))
    authorities = {
        q.subject.value for q in store.quads_for_pattern(None, RDF.type, KG.GrantingAuthority)
    }
    assert authorities == {Minter().reference_organisation(key).value for key in ("avi", "okm")}


def test_a_library_without_identifiers_is_one_node_across_records(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    kalajoki = seed_paths()[1].read_text(encoding="utf-8")  # no ISIL, no business ID
    (inputs / "a.txt").write_text(kalajoki, encoding="utf-8")
    (inputs / "b.txt").write_text(kalajoki.replace("Palvelumuotoilu", "Toinen"), "utf-8")
    result = build([inputs], tmp_path / "out", STORE_ONLY)
    assert (result.projects, result.libraries) == (2, 1)
    store = _union(tmp_path / "out")
    lacks = store.query(
        SPARQL_PREFIXES + "SELECT ?l ?scheme WHERE { ?l a kg:Library ; kg:lacksIdentifier ?scheme }"
    )
    assert sorted(row["scheme"].value for row in lacks) == [KG.BusinessID.value, KG.ISIL.value]


def test_a_partner_named_like_a_library_of_the_graph_is_that_library(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(seed_paths()[1], inputs / "kalajoki.txt")
    lohja = seed_paths()[2].read_text(encoding="utf-8")  # partners: Karkkila and Vihti
    lohja = lohja.replace("Karkkilan kaupunginkirjasto,", "Kalajoen  Kaupunginkirjasto,")
    (inputs / "lohja.txt").write_text(lohja, encoding="utf-8")
    build([inputs], tmp_path / "out", STORE_ONLY)
    store = _union(tmp_path / "out")
    partners = store.query(
        SPARQL_PREFIXES + "SELECT ?partner WHERE { ?p kg:partnership/kg:partner ?partner }"
    )
    kalajoki = Minter().library(None, None, "Kalajoen kaupunginkirjasto").value
    vihti = Minter().local_organisation("1068322-0", "Vihdin kunnankirjasto").value
    assert sorted(row["partner"].value for row in partners) == sorted([kalajoki, vihti])


def test_progress_is_reported_per_record(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    options = BuildOptions(
        read_at=OPTIONS.read_at, progress=lambda done, of: seen.append((done, of))
    )
    build([SEEDS], tmp_path, options)
    assert seen == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]


def test_a_known_page_keys_the_project_and_is_the_source(tmp_path: Path) -> None:
    url = "https://hankkeet.kirjastot.fi/hanke/lukki-kirjastojen-palvelukulttuurin-kehittaminen"
    options = BuildOptions(read_at=OPTIONS.read_at, page_urls={seed_paths()[2].name: url})
    build([seed_paths()[2]], tmp_path, options)
    store = _union(tmp_path)
    rows = store.query(
        SPARQL_PREFIXES
        + "SELECT ?project ?page WHERE { ?project a kg:Project ; prov:wasDerivedFrom ?record . "
        + "?record prov:wasDerivedFrom ?page }"
    )
    assert [(row["project"].value, row["page"].value) for row in rows] == [
        (Minter().project(2017, "x", Minter().library("FI-Lohja", None, None), url).value, url)
    ]


def test_the_release_does_not_depend_on_how_the_path_was_typed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(SEEDS.parent)
    build([Path("seeds")], tmp_path / "relative", OPTIONS)
    build([SEEDS.resolve()], tmp_path / "absolute", OPTIONS)
    for name in (RECORDS_FILE, DATASET_FILE, UNION_FILE):
        relative = (tmp_path / "relative" / name).read_bytes()
        assert relative == (tmp_path / "absolute" / name).read_bytes(), name
    assert str(SEEDS.resolve()) not in (tmp_path / "absolute" / DATASET_FILE).read_text("utf-8")


def test_validation_can_be_skipped(tmp_path: Path) -> None:
    build([SEEDS], tmp_path, OPTIONS)
    assert (tmp_path / VALIDATION_TEXT_FILE).exists()
    options = BuildOptions(read_at=OPTIONS.read_at, validate=False)
    result = build([SEEDS], tmp_path, options)
    assert result.ok and result.validation.results == ()
    assert not (tmp_path / VALIDATION_TEXT_FILE).exists()
    assert not (tmp_path / VALIDATION_HTML_FILE).exists()


def _written(out: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(out)): path.read_bytes()
        for path in sorted(out.rglob("*"))
        if path.is_file() and STORE_DIR not in path.relative_to(out).parts
    }


def test_worker_processes_give_the_same_build_as_one_process(tmp_path: Path) -> None:
    # Parsing and mapping in two processes, in tasks of one file or graph each (so few files
    # are shared out that thin), and the release staged by a worker while this process
    # validates: nothing a build writes or reports changes, failures and warnings in their
    # order included.
    inputs = tmp_path / "in"
    inputs.mkdir()
    for path in seed_paths():
        shutil.copy(path, inputs / path.name)
    (inputs / "broken.txt").write_bytes(b"\x00\x01binary")
    (inputs / "empty.txt").write_bytes(b"")
    alone = build([inputs], tmp_path / "alone", OPTIONS)
    seen: list[tuple[int, int]] = []
    options = replace(OPTIONS, workers=2, progress=lambda *done: seen.append(done))
    workers = build([inputs], tmp_path / "workers", options)
    assert _written(tmp_path / "workers") == _written(tmp_path / "alone")
    assert any(name.startswith(f"{RELEASE_DIR}/") for name in _written(tmp_path / "workers"))
    assert workers.files == tuple(
        tmp_path / "workers" / path.relative_to(tmp_path / "alone") for path in alone.files
    )
    assert [str(error) for error in workers.failures] == [str(e) for e in alone.failures]
    assert [type(error) for error in workers.failures] == [ParseError, ParseError]
    assert workers.warnings == alone.warnings
    assert workers.release_warnings == alone.release_warnings != ()  # staged by a worker
    assert (workers.records, workers.quads) == (alone.records, alone.quads)
    assert seen == [(number, 5) for number in range(1, 6)]
    assert not (tmp_path / "workers" / SNAPSHOT_DIR).exists()
    assert not list((tmp_path / "workers").glob(f".{RELEASE_DIR}.*"))  # no staging left


def test_a_build_with_workers_counts_the_fitness_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The release staged in a worker takes the fitness the validation gave, as the release
    # written in this process does; nobody counts it again from the snapshot (the workers are
    # forked with this module's state).
    def counted_again(snapshot: object) -> Fitness:
        raise AssertionError("the fitness was counted again")

    monkeypatch.setattr(kg.build, "assess_snapshot", counted_again)
    monkeypatch.setattr(kg.export.release, "assess_snapshot", counted_again)
    result = build([SEEDS], tmp_path, replace(OPTIONS, workers=2))
    assert result.ok
    measured = _measured(tmp_path / RELEASE_DIR / "catalog.ttl")
    assert measured["RecordCount"] == "5"


def test_a_graph_above_beside_up_to_is_validated_by_a_worker_then_released_in_turn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Above `beside_up_to` quads a worker validates the loaded store (the pool then ends, and
    # its memory goes back), and this process writes the release after it, not a worker
    # beside the validation: the same files and report as a build that overlaps them.
    steps: list[str] = []
    export = kg.build.export_release

    def exporting(*args: Any, **given: Any) -> ExportResult:
        steps.append("release")
        return export(*args, **given)

    beside = build([SEEDS], tmp_path / "beside", replace(OPTIONS, workers=2))
    monkeypatch.setattr(kg.build, "export_release", exporting)
    in_turn = build([SEEDS], tmp_path / "in_turn", replace(OPTIONS, workers=2, beside_up_to=0))
    assert steps == ["release"]
    assert in_turn.validation == beside.validation
    assert _written(tmp_path / "in_turn") == _written(tmp_path / "beside")


def test_a_build_without_validation_counts_the_fitness_for_its_release(tmp_path: Path) -> None:
    options = replace(OPTIONS, validate=False)
    build([SEEDS], tmp_path / "alone", options)
    build([SEEDS], tmp_path / "workers", replace(options, workers=2))
    assert _written(tmp_path / "workers") == _written(tmp_path / "alone")
    assert _measured(tmp_path / "workers" / RELEASE_DIR / "catalog.ttl")["RecordCount"] == "5"


@pytest.mark.parametrize("workers", [1, 2], ids=["one-process", "workers"])
def test_a_release_that_cannot_be_written_is_the_same_one_line_error(
    tmp_path: Path, workers: int
) -> None:
    (tmp_path / RELEASE_DIR).write_text("not a folder", encoding="utf-8")
    with pytest.raises(OutputError) as raised:
        build([SEEDS], tmp_path, replace(OPTIONS, workers=workers))
    assert str(raised.value) == (
        f"{tmp_path / RELEASE_DIR}: expected a folder for the release, found a file"
    )
    assert (tmp_path / RELEASE_DIR).read_text(encoding="utf-8") == "not a folder"
    assert not list(tmp_path.glob(f".{RELEASE_DIR}.*"))


def test_an_error_in_a_worker_comes_back_as_itself(tmp_path: Path) -> None:
    # A release staged by a worker of the build's pool, asked for a profile there is none of:
    # the same class of error, its words and where, as in this process.
    snapshot = write_snapshot([], tmp_path / "snapshot")
    options = ExportOptions(issued=OPTIONS.read_at, profile="nobody's")
    with pytest.raises(RequestError) as here:
        stage_release(snapshot, tmp_path / RELEASE_DIR, options, None)
    with kg.build._workers(2) as pool:
        assert pool is not None
        staging = pool.submit(stage_release, snapshot, tmp_path / RELEASE_DIR, options, None)
        with pytest.raises(RequestError) as there:
            staging.result()
    assert type(there.value) is type(here.value)
    assert (there.value.message, there.value.where) == (here.value.message, "--profile")
    assert there.value.exit_code == 2


def test_a_failing_business_id_is_that_record_s_violation_naming_the_valid_one(
    tmp_path: Path,
) -> None:
    inputs = _kuopio_twice(tmp_path, "0171450-7", "0171450-8")
    result = build([inputs], tmp_path / "out", OPTIONS)
    wrong_body = Minter().legal_body("0171450-8").value
    (finding,) = [r for r in result.validation.results if r.focus.value == wrong_body]
    assert finding.severity == "Violation"
    assert finding.message("en").endswith("The library's valid business ID is 0171450-7.")
    assert result.validation.records[NamedNode(wrong_body)] == ("b.txt",)
    store = _union(tmp_path / "out")  # the view: the library has one legal body, the valid one
    kuopio_iri = Minter().library("FI-Km", None, None).value
    bodies = store.query(SPARQL_PREFIXES + f"SELECT ?b WHERE {{ <{kuopio_iri}> org:unitOf ?b }}")
    assert [row["b"].value for row in bodies] == [Minter().legal_body("0171450-7").value]


def test_the_open_release_holds_no_record_s_personal_library_e_mail_in_any_graph(
    tmp_path: Path,
) -> None:
    """A page's librarian's e-mail stays out of every file, though the view prefers another."""
    inputs = _kuopio_twice(tmp_path, "kirjasto@kuopio.fi", "maija.meikalainen@kuopio.fi")
    build([inputs], tmp_path / "out", OPTIONS)
    release = tmp_path / "out" / RELEASE_DIR
    for path in sorted(release.iterdir()):
        if path.is_file():
            assert b"maija.meikalainen" not in path.read_bytes(), path.name
    dataset = (tmp_path / "out" / DATASET_FILE).read_text(encoding="utf-8")
    assert "maija.meikalainen" in dataset  # the full graph keeps what the page says


def test_a_library_named_in_two_languages_is_one_row(tmp_path: Path) -> None:
    inputs = _kuopio_twice(tmp_path, "\nKuopion kaupunginkirjasto\n", "\nKuopio stadsbibliotek\n")
    build([inputs], tmp_path / "out", STORE_ONLY)
    store = GraphStore.open(tmp_path / "out" / STORE_DIR, create=False)
    for name in ("libraries_and_legal_bodies", "libraries_without_registry_link"):
        query = load_catalogue()[name]
        rows = list(run_local(store, query, bind(query, {})).rows)
        assert len(rows) == 1, name
    del store


def _measured(catalogue: Path) -> dict[str, str]:
    """Each DQV measurement of a release's catalogue: its metric's local name -> its value."""
    store = Store()
    store.extend(parse(catalogue.read_bytes(), format=RdfFormat.TURTLE))
    measured = store.quads_for_pattern(None, DQV.isMeasurementOf, None, None)
    return {
        quad.object.value.rsplit("#", 1)[1]: next(
            store.quads_for_pattern(quad.subject, DQV.value, None, None)
        ).object.value
        for quad in measured
    }


def test_the_release_measures_the_fitness_the_build_gives_it(tmp_path: Path) -> None:
    # kg build counts the fitness from its validation; the release takes it, not counting anew.
    build([SEEDS], tmp_path, replace(OPTIONS, release=False))
    store = GraphStore.open(tmp_path / STORE_DIR, create=False)
    counted = assess(store)
    assert counted.counts_per_level()["linked"] == 0
    given = Fitness(counted.holdings, dict.fromkeys(counted.levels, "linked"))
    export_release(
        store, tmp_path / RELEASE_DIR, ExportOptions(issued=OPTIONS.read_at), fitness=given
    )
    measured = _measured(tmp_path / RELEASE_DIR / "catalog.ttl")
    assert measured["LevelLinkedCount"] == "5" and measured["LevelCoreCount"] == "0"
    assert measured["RecordCount"] == "5"
