"""Writing files so that a failure never leaves one half-written.

atomic_write(path)          -> context manager yielding a text file; renamed into place on success
remove_stale_parts(folder)  removes the temporary files of writers whose process has ended
process_running(pid)        whether a process of this machine still runs
staging_folder(out)         a new folder beside `out` (those of ended runs removed)
swap_in(staging, out)       the staging folder put in the place of `out`, all at once

A writer killed outright (SIGKILL, a machine stopped) cannot remove its temporary file: its
name, `.NAME.PID.RANDOM.part`, says whose it is, so that the next build can remove it.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from kg.errors import OutputError

PART_SUFFIX = ".part"
_PART_NAME = re.compile(r"^\..+\.(\d+)\.[^.]+\.part$")


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


@contextmanager
def atomic_write(path: Path, *, binary: bool = False) -> Iterator[IO[Any]]:
    """Write `path` through a temporary file in the same folder, renamed over it at the end.

    If the block raises, the temporary file is removed and `path` is left as it was.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.{os.getpid()}.", suffix=PART_SUFFIX, dir=path.parent
        )
    except OSError as exc:
        raise OutputError(f"cannot write here ({exc.strerror})", where=str(path)) from exc
    try:
        stream: IO[Any] = (
            os.fdopen(handle, "wb")
            if binary
            else os.fdopen(handle, "w", encoding="utf-8", newline="\n")
        )
        with stream:
            yield stream
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes the file private; a release is not
        os.replace(temporary, path)
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write here ({exc.strerror})", where=str(path)) from exc
        raise


def process_running(pid: int) -> bool:
    """Tell whether the process `pid` runs on this machine (another user's too)."""
    if os.name != "posix":  # os.kill(pid, 0) would end the process on Windows: count it running
        return True
    try:
        os.kill(pid, 0)  # no signal sent: only whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's
        return True
    return True


def remove_stale_parts(folder: Path, *, skip: frozenset[str] = frozenset()) -> list[Path]:
    """Remove the temporary files of `atomic_write` under `folder` whose writer has ended.

    Sub-folders are searched too, but not those named in `skip` (a store's own files). A file
    whose writer still runs is another process's, and stays. Return the files removed, sorted.
    """
    removed = []
    for root, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if name not in skip]
        for name in files:
            match = _PART_NAME.match(name)
            if match and not process_running(int(match.group(1))):
                path = Path(root, name)
                path.unlink(missing_ok=True)
                removed.append(path)
    return sorted(removed)


def staging_folder(out: Path) -> Path:
    """Return a new, empty folder beside `out`, for a whole folder written to replace it.

    The staging and old folders of earlier runs whose process has ended (killed, a machine
    stopped) are removed first; those of a run still going stay.
    """
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        for path in out.parent.glob(f".{out.name}.*-*"):
            kind, _, pid = path.name[len(out.name) + 2 :].rpartition("-")
            if kind in ("partial", "old") and pid.isdigit() and not process_running(int(pid)):
                shutil.rmtree(path, ignore_errors=True)
        staging = out.parent / f".{out.name}.partial-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
    except OSError as exc:
        raise OutputError(f"cannot write here ({exc.strerror})", where=str(out)) from exc
    return staging


def swap_in(staging: Path, out: Path, what: str) -> None:
    """Put the folder `staging` in the place of `out` (a `what`: "release", "site").

    The old folder is moved aside first and removed only once the new one is in place; if the
    new one cannot be put there, the old one goes back.
    """
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    try:
        if out.exists():
            if not out.is_dir():
                raise OutputError(f"expected a folder for the {what}, found a file", where=str(out))
            os.replace(out, old)
        os.replace(staging, out)
    except OSError as exc:
        if old.exists() and not out.exists():
            os.replace(old, out)
        raise OutputError(
            f"cannot put the {what} in place ({exc.strerror})", where=str(out)
        ) from exc
    shutil.rmtree(old, ignore_errors=True)
