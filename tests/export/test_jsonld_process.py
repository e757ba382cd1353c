"""The JSON-LD of a release written by a process of its own: the same bytes, errors in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import InputError
from kg.export import jsonld_process
from kg.export.jsonld import load_context, write_documents
from kg.store.graph_store import GraphStore


def test_the_process_writes_what_this_one_would(seed_store: GraphStore, tmp_path: Path) -> None:
    snapshot = seed_store.snapshot(tmp_path / "snapshot")
    context = load_context()
    here, there = tmp_path / "here", tmp_path / "there"
    write_documents(snapshot.union_path, context, here / "whole.jsonld", here / "framed.jsonld")
    job = jsonld_process.start(
        snapshot.union_path, context, there / "whole.jsonld", there / "framed.jsonld"
    )
    try:
        job.wait()
    finally:
        job.stop()
    for name in ("whole.jsonld", "framed.jsonld"):
        assert (there / name).read_bytes() == (here / name).read_bytes(), name
    assert b'"@graph"' in (there / "framed.jsonld").read_bytes()


def test_a_missing_graph_is_one_line_and_nothing_written(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-union.nt"
    job = jsonld_process.start(missing, {}, tmp_path / "w.jsonld", tmp_path / "f.jsonld")
    try:
        with pytest.raises(InputError) as raised:
            job.wait()
    finally:
        job.stop()
    assert str(raised.value) == (
        f"{missing}: cannot read the graph to write as JSON-LD (no such file)"
    )
    assert not list(tmp_path.glob("*.jsonld*"))
