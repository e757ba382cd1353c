"""Writing files so that a failure never leaves one half-written.

atomic_write(path) -> context manager yielding a text file; renamed into place on success
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from kg.errors import OutputError


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
            prefix=f".{path.name}.", suffix=".part", dir=path.parent
        )
    except OSError as exc:
        raise OutputError(f"cannot write here ({exc.strerror})", where=str(path)) from exc
    try:
        mode = {"mode": "wb"} if binary else {"mode": "w", "encoding": "utf-8", "newline": "\n"}
        with os.fdopen(handle, **mode) as stream:
            yield stream
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes the file private; a release is not
        os.replace(temporary, path)
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write here ({exc.strerror})", where=str(path)) from exc
        raise
