"""The benchmark runner: every stage once on 10 records, with a real local Oxigraph server.

No timing is judged here (the targets are the runner's to report): the test proves that every
stage runs, measures something and agrees with its anchors on what it measured.
"""

from __future__ import annotations

import json
import re

import pytest

from benchmarks.run import EXPORT_GROUPS, ORDER, main, parse_stages
from benchmarks.stages import RDFLIB_FORMATS
from kg.export.formats import FORMAT_NAMES
from kg.sparql.catalogue import load_catalogue
from tests.oxigraph_server import oxigraph_command

RECORDS = 10
PATHOLOGICAL_KINDS = ("many lines", "long lines", "many labels", "bare CR")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, str]:
    oxigraph_command()  # skips when the server is not installed
    folder = tmp_path_factory.mktemp("bench")
    out = folder / "figures.json"
    table = folder / "table.md"
    main(
        [
            "--records",
            str(RECORDS),
            "--repeat",
            "1",
            "--workdir",
            str(folder / "work"),
            "--json",
            str(out),
            "--markdown",
            str(table),
        ]
    )
    return json.loads(out.read_text(encoding="utf-8")), table.read_text(encoding="utf-8")


def expected_stages() -> set[str]:
    stages = {"read texts", "parse", "map", "load store", "validate", "export: prepare"}
    stages |= {f"export: {name}" for name in FORMAT_NAMES} | {"export: release"}
    stages |= {f"query: {name}" for name in load_catalogue()}
    stages |= {"push", "kg build", "kg site", "floor: parse", "floor: dump", "floor: parse to disk"}
    stages |= {"plain: load", "plain: validate"}
    stages |= {f"pathological: {kind}" for kind in PATHOLOGICAL_KINDS}
    return stages | {f"plain: export {name}" for name in RDFLIB_FORMATS}


def test_json_has_one_entry_per_stage(report: tuple[dict, str]) -> None:
    document, _ = report
    names = [entry["stage"] for entry in document["stages"]]
    assert len(names) == len(set(names))
    assert set(names) == expected_stages()
    assert document["records"] == RECORDS
    assert document["machine"]["cores"] >= 1
    assert document["machine"]["packages"]["pyoxigraph"]


def test_every_stage_took_time_and_memory(report: tuple[dict, str]) -> None:
    document, _ = report
    idle = document["idle_rss_mib"]
    assert idle > 10
    for entry in document["stages"]:
        assert entry["seconds"] is not None and entry["seconds"] > 0, entry
        assert entry["runs"] and all(run > 0 for run in entry["runs"]), entry
        assert entry["peak_rss_mib"] >= idle * 0.8, entry  # a child's peak is at least its idle


def test_the_floor_and_the_build_measure_the_same_graph(report: tuple[dict, str]) -> None:
    document, _ = report
    by_stage = {entry["stage"]: entry for entry in document["stages"]}
    build = by_stage["kg build"]
    assert build["triples"] > RECORDS * 20
    for name in ("floor: parse", "floor: dump", "load store", "validate", "plain: load"):
        assert by_stage[name]["triples"] == build["triples"], name
    assert by_stage["map"]["triples"] < build["triples"]  # the reference graph is not mapped
    assert by_stage["push"]["triples"] == build["triples"]
    assert by_stage["parse"]["records"] == RECORDS
    assert by_stage["parse"]["records_per_s"] > 0


def test_ratios_and_targets_are_reported(report: tuple[dict, str]) -> None:
    document, table = report
    by_stage = {entry["stage"]: entry for entry in document["stages"]}
    build = by_stage["kg build"]
    assert build["vs_floor"] > 0 and build["vs_plain"] > 0
    assert "floor" in build["target"] and build["met"] in (True, False)
    assert by_stage["validate"]["vs_plain"] > 0
    for name in FORMAT_NAMES:
        assert by_stage[f"export: {name}"]["vs_floor"] > 0, name
    for name in RDFLIB_FORMATS:
        assert by_stage[f"export: {name}"]["met"] in (True, False)
        assert by_stage[f"export: {name}"]["vs_plain"] > 0
    queries = [entry for entry in document["stages"] if entry["stage"].startswith("query: ")]
    assert all(entry["target"] == "< 200 ms" for entry in queries)
    assert "server peak RSS" in by_stage["push"]["note"]
    lines = table.splitlines()
    assert lines[0].startswith("| stage | seconds |")
    assert len(lines) == 2 + len(document["stages"])


def test_pathological_pages_are_parsed_beside_the_corpus(report: tuple[dict, str]) -> None:
    """Issue 18: each kind of hard page has its row, with its KB/s beside the corpus's."""
    document, _ = report
    by_stage = {entry["stage"]: entry for entry in document["stages"]}
    assert re.search(r"[\d,]+ KB/s$", by_stage["parse"]["note"])
    for kind in PATHOLOGICAL_KINDS:
        entry = by_stage[f"pathological: {kind}"]
        assert entry["records"] >= 1 and entry["records_per_s"] > 0
        assert re.fullmatch(r"[\d,]+ KB/s, [\d.]+x the corpus's", entry["note"]), entry
    assert by_stage["pathological: bare CR"]["records"] == RECORDS  # the corpus, with CRs


def test_stage_selection() -> None:
    assert parse_stages("build,parse") == ("parse", "build")
    assert parse_stages("export-release,export") == EXPORT_GROUPS
    assert parse_stages("anchors") == ("floor", "plain", "plain-validate")
    assert "plain" not in parse_stages(None, plain=False)
    assert "push" not in parse_stages(None, push=False)
    assert parse_stages(None) == ORDER
    with pytest.raises(SystemExit):
        parse_stages("nonsense")


def test_the_command_is_recorded(report: tuple[dict, str]) -> None:
    document, _ = report
    assert document["command"].startswith(f"python -m benchmarks.run --records {RECORDS}")
