"""The main job: record files -> the release folder."""

from __future__ import annotations

import json
from pathlib import Path

from kg.build import RECORDS_FILE, build, default_inputs
from tests.conftest import SEEDS, seed_paths


def test_build_is_byte_identical_twice(tmp_path: Path) -> None:
    first = build([SEEDS], tmp_path / "a")
    second = build([SEEDS], tmp_path / "b")
    assert first.ok and second.ok and first.records == 5
    assert (tmp_path / "a" / RECORDS_FILE).read_bytes() == (
        tmp_path / "b" / RECORDS_FILE
    ).read_bytes()


def test_build_keeps_the_good_records_and_lists_the_failures(tmp_path: Path) -> None:
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\x00\x01binary")
    result = build([seed_paths()[0], broken], tmp_path / "out")
    assert not result.ok
    assert [(error.source, error.line) for error in result.failures] == [(str(broken), 1)]
    lines = (tmp_path / "out" / RECORDS_FILE).read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["title"][:25] for line in lines] == ["Asiakkaiden osallistamine"]


def test_default_inputs_are_the_seeds() -> None:
    assert [path.name for path in default_inputs()] == [path.name for path in seed_paths()]


def test_warnings_are_collected_with_their_source(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(
        seed_paths()[0].read_text(encoding="utf-8").replace("FI-Km", "Km"), encoding="utf-8"
    )
    result = build([page], tmp_path / "out")
    assert [(source, w.line, w.message) for source, w in result.warnings] == [
        (str(page), 14, "library.isil: ISIL 'Km' has no country prefix; read as FI-Km")
    ]
