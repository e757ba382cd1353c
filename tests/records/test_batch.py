"""Many inputs -> one outcome per file, in a stable order."""

from __future__ import annotations

import io
import pickle
from pathlib import Path

from kg.records.batch import (
    STDIN_SOURCE,
    ParsedRecord,
    ParseFailure,
    parse_files,
    parse_sources,
    record_sources,
)
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
    assert [(o.source, type(o)) for o in outcomes] == [
        (str(seed_paths()[0]), ParsedRecord),
        (str(empty), ParseFailure),
    ]


def test_outcomes_come_back_from_a_worker_process_as_they_went(tmp_path: Path) -> None:
    # What a worker parses is pickled on its way back: a record (its sections and raw texts
    # read-only mappings) and a failure (the ParseError, its words, file and line) alike.
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    outcomes = parse_files([str(path) for path in seed_paths()] + [str(empty)])
    back = pickle.loads(pickle.dumps(outcomes))
    assert back[:-1] == outcomes[:-1]
    record = back[0]
    assert isinstance(record, ParsedRecord) and record.record.sections
    failure = back[-1]
    assert isinstance(failure, ParseFailure)
    assert type(failure.error) is type(outcomes[-1].error)
    assert (str(failure.error), failure.error.line) == (str(outcomes[-1].error), 1)


def test_standard_input_is_read_once() -> None:
    stdin = io.BytesIO(seed_paths()[1].read_bytes())
    (outcome,) = parse_sources(["-"], stdin=stdin)
    assert isinstance(outcome, ParsedRecord) and outcome.source == STDIN_SOURCE
    assert outcome.record.source == STDIN_SOURCE


def test_unreadable_file_is_an_error_not_a_crash(tmp_path: Path) -> None:
    folder_named_txt = tmp_path / "folder.txt"
    folder_named_txt.mkdir()
    (outcome,) = parse_sources([folder_named_txt / "missing.txt"])
    assert isinstance(outcome, ParseFailure) and outcome.error.line == 1
    assert "cannot read the file" in outcome.error.message
