"""Many inputs -> one outcome per record file, in a stable order; failures are results.

record_sources(paths)       -> the files to read: folders give their *.txt files, sorted
parse_sources(paths, stdin) -> Parsed for each file: a ParsedRecord or a ParseFailure
parse_files(paths)          -> the same as a list, for one task of a worker process
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from kg.errors import ParseError
from kg.records.model import Record
from kg.records.parse import parse_bytes, read_source

STDIN = "-"
STDIN_SOURCE = "<stdin>"


@dataclass(frozen=True)
class ParsedRecord:
    """A file read as a record; `sha256` is the hex digest of the file's bytes."""

    source: str
    record: Record
    sha256: str


@dataclass(frozen=True)
class ParseFailure:
    """A file that is not a record, and why; `sha256` as above, when its bytes could be read."""

    source: str
    error: ParseError
    sha256: str | None = None


Parsed = ParsedRecord | ParseFailure  # the outcome of reading one file


def record_sources(paths: Iterable[str | Path]) -> list[str]:
    """Expand `paths` into record files: a folder gives every `*.txt` below it, sorted by path."""
    sources: list[str] = []
    for path in paths:
        if str(path) == STDIN:
            sources.append(STDIN)
        elif Path(path).is_dir():
            sources.extend(
                str(found) for found in sorted(Path(path).rglob("*.txt")) if found.is_file()
            )
        else:
            sources.append(str(path))
    return sources


def parse_sources(paths: Iterable[str | Path], stdin: BinaryIO | None = None) -> Iterator[Parsed]:
    """Parse every record file in `paths` (`-` reads `stdin`), one Parsed per file, in order."""
    for source in record_sources(paths):
        name = STDIN_SOURCE if source == STDIN else source
        try:
            data = _read(source, stdin)
        except ParseError as error:
            yield ParseFailure(name, error)
            continue
        digest = hashlib.sha256(data).hexdigest()
        try:
            yield ParsedRecord(name, parse_bytes(data, name), digest)
        except ParseError as error:
            yield ParseFailure(name, error, digest)


def parse_files(paths: list[str]) -> list[Parsed]:
    """Parse the record files `paths` (no standard input): `parse_sources` as a list."""
    return list(parse_sources(paths))


def _read(source: str, stdin: BinaryIO | None) -> bytes:
    if source != STDIN:
        return read_source(source)
    if stdin is None:
        raise ParseError("standard input is not available", source=STDIN_SOURCE, line=1)
    return stdin.read()
