"""Writing a release's formats: with JSON-LD written by a worker process, the same files."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from kg.errors import OutputError
from kg.export import formats
from kg.export.dcat.config import CatalogConfig
from kg.export.release import ExportOptions, _release_graph, export_release
from kg.store.graph_store import GraphStore
from tests.export.conftest import ISSUED


def test_json_ld_in_a_worker_gives_the_same_release(seed_store: GraphStore, tmp_path: Path) -> None:
    alone = tmp_path / "alone"
    export_release(seed_store, alone, ExportOptions(issued=ISSUED))
    beside = tmp_path / "beside"
    export_release(seed_store, beside, ExportOptions(issued=ISSUED), workers=2)
    names = sorted(path.name for path in alone.iterdir())
    assert names == sorted(path.name for path in beside.iterdir())
    assert "kirjasto-kg-projects.jsonld" in names
    for name in names:
        assert (beside / name).read_bytes() == (alone / name).read_bytes(), name


def test_a_failure_beside_it_waits_for_the_json_ld_worker(
    seed_store: GraphStore, tmp_path: Path
) -> None:
    # The error goes on once the worker has ended: nothing is written into the folder after
    # it (the caller removes the folder then).
    release, _ = _release_graph(seed_store.snapshot(tmp_path / "snapshot"), "open")
    folder = tmp_path / "out"
    (folder / "kirjasto-kg.ttl").mkdir(parents=True)  # the Turtle file cannot be written
    with ProcessPoolExecutor(1) as executor, pytest.raises(OutputError, match=r"kirjasto-kg\.ttl"):
        publication = formats.Publication(CatalogConfig(), ISSUED)
        formats.write_formats(release, ("jsonld", "ttl"), folder, publication, executor=executor)
    assert sorted(path.name for path in folder.glob("*.jsonld")) == [
        "kirjasto-kg-projects.jsonld",
        "kirjasto-kg.jsonld",
    ]
    assert not list(folder.glob(".*.part"))


def test_the_command_line_offers_every_exporter_in_order() -> None:
    assert tuple(formats.EXPORTERS) == formats.FORMAT_NAMES
