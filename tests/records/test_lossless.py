"""Every content line of every seed and real page ends up in the Record."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.records import parse_bytes
from tests.conftest import corpus_params, corpus_paths, seed_paths
from tests.records.lossless import lost_and_invented


@pytest.mark.parametrize("path", seed_paths(), ids=lambda path: path.name)
def test_no_line_of_a_seed_is_lost(path: Path) -> None:
    _assert_lossless(path)


RECORD_FIXTURES = [
    path
    for path in sorted((Path(__file__).parent / "fixtures").glob("*.txt"))
    if not path.name.startswith("not_a_record")  # refused by the parser: test_parse_structures
]


@pytest.mark.parametrize("path", RECORD_FIXTURES, ids=lambda path: path.name)
def test_no_line_of_a_fixture_is_lost(path: Path) -> None:
    _assert_lossless(path)


@pytest.mark.parametrize("path", corpus_params())
def test_no_line_of_a_real_page_is_lost(path: Path) -> None:
    _assert_lossless(path)


def _assert_lossless(path: Path) -> None:
    data = path.read_bytes()
    record = parse_bytes(data, path.name)
    lost, invented = lost_and_invented(data.decode("utf-8"), record)
    assert not lost, f"lines of the page missing from the record: {dict(lost)}"
    assert not invented, f"lines in the record that the page does not have: {dict(invented)}"


def test_the_corpus_is_there(corpus_dir: Path) -> None:
    # Says plainly (as a skip) when the real pages are not beside the project.
    assert len(corpus_paths()) >= 100


def test_a_dropped_value_is_noticed() -> None:
    # The check itself must be able to fail: a record that lost its description is caught.
    from dataclasses import replace

    path = seed_paths()[0]
    record = parse_bytes(path.read_bytes(), path.name)
    lost, _ = lost_and_invented(path.read_text("utf-8"), replace(record, sections={}))
    assert lost
