"""Many inputs -> one outcome per file, in a stable order."""

from __future__ import annotations

import io
from pathlib import Path

from kg.records.batch import STDIN_SOURCE, parse_sources, record_sources
from tests.conftest import seed_paths


def test_folders_give_their_txt_files_sorted_and_recursively(tmp_path: Path) -> None:
    for name in ["b.txt", "a.txt", "notes.md", "sub/c.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert record_sources([tmp_path, "-"]) == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "b.txt"),
        str(tmp_path / "sub" / "c.txt"),
        "-",
    ]


def test_each_file_gives_a_record_or_an_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    outcomes = list(parse_sources([seed_paths()[0], empty]))
    assert [(o.source, o.record is not None, o.error is not None) for o in outcomes] == [
        (str(seed_paths()[0]), True, False),
        (str(empty), False, True),
    ]


def test_standard_input_is_read_once() -> None:
    stdin = io.BytesIO(seed_paths()[1].read_bytes())
    (outcome,) = parse_sources(["-"], stdin=stdin)
    assert outcome.source == STDIN_SOURCE and outcome.record is not None
    assert outcome.record.source == STDIN_SOURCE


def test_unreadable_file_is_an_error_not_a_crash(tmp_path: Path) -> None:
    folder_named_txt = tmp_path / "folder.txt"
    folder_named_txt.mkdir()
    (outcome,) = parse_sources([folder_named_txt / "missing.txt"])
    assert outcome.error is not None and outcome.error.line == 1
    assert "cannot read the file" in outcome.error.message
