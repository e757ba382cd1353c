"""A file is written whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.atomic import atomic_write


def test_writes_the_file(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "out.txt"
    with atomic_write(target) as stream:
        stream.write("ä\n")
    assert target.read_bytes() == "ä\n".encode()
    assert [path.name for path in target.parent.iterdir()] == ["out.txt"]


def test_a_failure_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_write(target) as stream:
        stream.write("half of the new")
        raise RuntimeError("disk on fire")
    assert target.read_text(encoding="utf-8") == "old"
    assert [path.name for path in tmp_path.iterdir()] == ["out.txt"]


def test_a_failure_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(KeyboardInterrupt), atomic_write(tmp_path / "new.txt"):
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []
