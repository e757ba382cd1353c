"""The JSON-LD of a release written by a process of its own: the same bytes, errors in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import OutputError
from kg.export.jsonld import load_context, write_documents
from kg.export.jsonld_process import JsonLdProcess
from kg.store import GraphStore


def test_the_process_writes_what_this_one_would(seed_store: GraphStore, tmp_path: Path) -> None:
    snapshot = seed_store.snapshot(tmp_path / "snapshot")
    context = load_context()
    here, there = tmp_path / "here", tmp_path / "there"
    write_documents(snapshot.union_path, context, here / "whole.jsonld", here / "framed.jsonld")
    process = JsonLdProcess.start(
        snapshot.union_path, context, there / "whole.jsonld", there / "framed.jsonld"
    )
    try:
        process.wait()
    finally:
        process.stop()
    for name in ("whole.jsonld", "framed.jsonld"):
        assert (there / name).read_bytes() == (here / name).read_bytes(), name
    assert b'"@graph"' in (there / "framed.jsonld").read_bytes()


def test_a_failure_in_the_process_is_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-union.nt"
    process = JsonLdProcess.start(missing, {}, tmp_path / "w.jsonld", tmp_path / "f.jsonld")
    try:
        with pytest.raises(OutputError) as raised:
            process.wait()
    finally:
        process.stop()
    message = str(raised.value)
    assert "writing JSON-LD failed" in message and "no-such-union.nt" in message
    assert "\n" not in message and "Traceback" not in message
    assert not list(tmp_path.glob("*.jsonld*"))  # nothing half-written


def test_stop_ends_a_process_still_running(tmp_path: Path) -> None:
    union = tmp_path / "union.nt"
    union.write_text('<http://example.org/s> <http://example.org/p> "o" .\n', "utf-8")
    process = JsonLdProcess.start(union, {}, tmp_path / "w.jsonld", tmp_path / "f.jsonld")
    process.stop()  # at once: the interpreter is still starting
    assert process._process.returncode is not None
    assert not (tmp_path / "w.jsonld").exists()
