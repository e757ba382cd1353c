"""Writing a release's formats: with JSON-LD in a process of its own, the same files."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kg.errors import OutputError
from kg.export import formats
from kg.export.release import ExportOptions, _release_graph, export_release
from kg.store.graph_store import GraphStore
from tests.export.conftest import ISSUED


def test_json_ld_beside_gives_the_same_release(
    seed_store: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = tmp_path / "alone"
    export_release(seed_store, alone, ExportOptions(issued=ISSUED))
    monkeypatch.setattr(formats, "JSONLD_PROCESS_FROM", 0)  # the seeds are small
    beside = tmp_path / "beside"
    export_release(seed_store, beside, ExportOptions(issued=ISSUED))
    names = sorted(path.name for path in alone.iterdir())
    assert names == sorted(path.name for path in beside.iterdir())
    assert "kirjasto-kg-projects.jsonld" in names
    for name in names:
        assert (beside / name).read_bytes() == (alone / name).read_bytes(), name


def test_a_failure_beside_it_ends_the_json_ld_process(
    seed_store: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(formats, "JSONLD_PROCESS_FROM", 0)
    release, _ = _release_graph(seed_store.snapshot(tmp_path / "snapshot"), "open")
    folder = tmp_path / "out"
    (folder / "kirjasto-kg.ttl").mkdir(parents=True)  # the Turtle file cannot be written
    with pytest.raises(OutputError, match=r"kirjasto-kg\.ttl"):
        formats.write_formats(release, ("jsonld", "ttl"), folder)
    time.sleep(2)  # the process, had it gone on, would have written by now (about 0.3 s)
    assert not list(folder.glob("*.jsonld"))
