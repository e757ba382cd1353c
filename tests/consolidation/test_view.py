"""The view (the default graph) and the record graphs, built from the seeds and real pages."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pyoxigraph import DefaultGraph, RdfFormat, parse

from kg.build import DATASET_FILE, RECORDS_FILE, STORE_DIR, BuildOptions, build
from kg.sparql.catalogue import bind, load_catalogue, run_local
from kg.sparql.output import render
from kg.store.graph_store import GraphStore
from kg.vocab import KG, SCHEMA
from tests.conftest import CORPUS, MISSING_CORPUS, SEEDS

OPTIONS = BuildOptions(read_at=datetime(2026, 1, 31, 12, 0, tzinfo=UTC))
RECORDS = CORPUS


def _record_graphs(out: Path) -> dict[str, set[str]]:
    """Every record graph of a build's TriG, by name, as a set of N-Quads lines."""
    graphs: dict[str, set[str]] = {}
    for quad in parse(path=out / DATASET_FILE, format=RdfFormat.TRIG):
        name = str(quad.graph_name)
        if "/record/" in name:
            graphs.setdefault(name, set()).add(str(quad))
    return graphs


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not RECORDS.is_dir():
        pytest.skip(MISSING_CORPUS)
    out = tmp_path_factory.mktemp("corpus")
    urls = {}
    index = RECORDS / "INDEX.tsv"
    if index.exists():
        rows = csv.DictReader(io.StringIO(index.read_text(encoding="utf-8")), delimiter="\t")
        urls = {row["file"]: row["url"] for row in rows}
    options = BuildOptions(read_at=OPTIONS.read_at, page_urls=urls)
    build([SEEDS, RECORDS], out, options)
    return out


def test_a_seed_s_graph_is_the_same_alone_or_with_other_records(
    corpus: Path, tmp_path: Path
) -> None:
    build([SEEDS], tmp_path, replace(OPTIONS, validate=False, release=False))
    alone = _record_graphs(tmp_path)
    together = _record_graphs(corpus)
    assert alone and all(together[name] == quads for name, quads in alone.items())


def test_the_view_the_build_loads_is_the_view_sparql_makes(corpus: Path) -> None:
    store = GraphStore.open(corpus / STORE_DIR)
    loaded = set(store.oxigraph.quads_for_pattern(None, None, None, DefaultGraph()))
    store.refresh_union()
    remade = set(store.oxigraph.quads_for_pattern(None, None, None, DefaultGraph()))
    assert loaded == remade
    del store


def _rows(out: Path, name: str) -> list[dict[str, str]]:
    store = GraphStore.open(out / STORE_DIR, create=False)
    query = load_catalogue()[name]
    text = render(run_local(store, query, bind(query, {})), "csv")
    return list(csv.DictReader(io.StringIO(text)))


def _records(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / RECORDS_FILE).read_text().splitlines()]


def test_one_row_per_library_and_the_projects_add_up(corpus: Path) -> None:
    rows = _rows(corpus, "libraries_and_legal_bodies")
    assert len({row["library"] for row in rows}) == len(rows)
    projects = GraphStore.open(corpus / STORE_DIR, create=False).subjects_of_type(KG.Project)
    assert sum(int(row["projects"]) for row in rows) == len(projects)
    espoo = [row for row in rows if row["isil"].upper() == "FI-EM"]
    assert len(espoo) == 1
    assert all(row["granted"] != "0" for row in rows)
    isils = Counter(row["isil"].upper() for row in rows if row["isil"])
    assert max(isils.values()) == 1


def test_libraries_csv_takes_each_row_from_one_record(corpus: Path) -> None:
    """A row's address, phone and e-mail are those of one page, never mixed from several."""
    by_library: dict[str, set[tuple]] = {}
    for record in _records(corpus):
        library = record["library"]
        values = (library["street_address"], library["postal_code"])
        by_library.setdefault(library["name"] or "", set()).add(values)
    rows = _rows(corpus, "export_libraries")
    written = {
        (record["library"]["street_address"], record["library"]["postal_code"])
        for record in _records(corpus)
    }
    for row in rows:
        if row["street_address"] or row["postal_code"]:
            address = (row["street_address"] or None, row["postal_code"] or None)
            assert address in written, row


def test_no_generic_partner_is_shared_by_two_municipalities(corpus: Path) -> None:
    rows = _rows(corpus, "partner_network")
    municipalities: dict[str, set[str]] = {}
    libraries = {row["library"]: row for row in _rows(corpus, "libraries_and_legal_bodies")}
    for row in rows:
        body = libraries.get(row["library"], {}).get("legal_body") or row["library"]
        municipalities.setdefault(row["partner"], set()).add(body)
    generic = {"neuvola", "yhdistykset", "erilaiset järjestöt", "päiväkodit", "koulut"}
    for row in rows:
        if row["partner_name"].casefold() in generic:
            assert len(municipalities[row["partner"]]) == 1, row
    names = {row["partner_name"] for row in rows}
    assert "Tyrnävän ki" not in names
    assert not any("Minna-Karoliina Heino" in name for name in names)


def test_the_open_release_names_no_person_as_partner(corpus: Path) -> None:
    """The partner sections' text stays whole (free text, as written); no person is a node."""
    release = corpus / "release" / "kirjasto-kg.nt"
    quads = list(parse(path=release, format=RdfFormat.N_TRIPLES))
    assert not [quad for quad in quads if quad.predicate == KG.partnerPerson]
    assert not [quad for quad in quads if quad.object == KG.PartnerPerson]
    names = {quad.object.value for quad in quads if quad.predicate == SCHEMA.name}
    assert "Minna-Karoliina Heino" not in names
    assert "Mika Luimula" not in names
