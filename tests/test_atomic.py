"""A file is written whole or not at all."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.atomic import atomic_write, process_running, remove_stale_parts, staging_folder, swap_in
from kg.errors import OutputError


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


def _killed_while_writing(target: Path) -> None:
    """Run a process that writes `target` through atomic_write and is killed (SIGKILL) inside."""
    code = (
        "import os, sys; from pathlib import Path; from kg.atomic import atomic_write\n"
        "with atomic_write(Path(sys.argv[1])) as stream:\n"
        "    stream.write('half'); stream.flush(); os.kill(os.getpid(), 9)\n"
    )
    killed = subprocess.run([sys.executable, "-c", code, str(target)], check=False)
    assert killed.returncode == -9


def test_the_next_run_removes_the_files_of_killed_writers_only(tmp_path: Path) -> None:
    _killed_while_writing(tmp_path / "graph.ttl")
    _killed_while_writing(tmp_path / "release" / "graph.trig")
    _killed_while_writing(tmp_path / "store" / "x.txt")
    left = sorted(path.name for path in tmp_path.rglob("*.part"))
    assert len(left) == 3 and all(name.startswith((".graph.", ".x.txt.")) for name in left)
    running = tmp_path / f".validation.ttl.{os.getpid()}.abc_123.part"  # this process's
    running.write_text("being written", encoding="utf-8")

    removed = remove_stale_parts(tmp_path, skip=frozenset({"store"}))

    assert [path.parent.name for path in removed] == [tmp_path.name, "release"]
    assert sorted(path.name for path in tmp_path.rglob("*.part")) == sorted(
        [running.name, *(path.name for path in (tmp_path / "store").glob("*.part"))]
    )


def test_a_process_that_ended_is_not_running() -> None:
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert not process_running(int(ended.stdout))
    assert process_running(os.getpid())


def test_a_staged_folder_replaces_the_old_one_whole(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "old.html").write_text("old", encoding="utf-8")
    left = tmp_path / ".site.partial-999999999"  # no process has that number: a run that ended
    left.mkdir()
    staging = staging_folder(out)
    assert staging.is_dir() and not any(staging.iterdir()) and not left.exists()
    (staging / "new.html").write_text("new", encoding="utf-8")
    swap_in(staging, out, "site")
    assert [path.name for path in out.iterdir()] == ["new.html"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]


def test_a_file_in_the_place_of_the_folder_is_one_line(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.write_text("not a folder", encoding="utf-8")
    staging = staging_folder(out)
    with pytest.raises(OutputError, match="expected a folder for the site, found a file"):
        swap_in(staging, out, "site")
    assert out.read_text(encoding="utf-8") == "not a folder"
