"""The main job as one function: record files -> the release folder.

    build(inputs, out_dir) -> BuildResult

Today the release holds the parsed records (`records.jsonl`, one JSON object per line, the
format of `kg parse`); the knowledge graph, its validation and exports join it in later stages.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg import resources
from kg.atomic import atomic_write
from kg.errors import ParseError
from kg.records.batch import parse_sources
from kg.records.jsonify import record_to_json
from kg.records.model import ParseWarning

RECORDS_FILE = "records.jsonl"


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote and what it could not read."""

    out_dir: Path
    records: int
    files: tuple[Path, ...]
    failures: tuple[ParseError, ...] = ()
    warnings: tuple[tuple[str, ParseWarning], ...] = field(default=())

    @property
    def ok(self) -> bool:
        """True when every input file was read."""
        return not self.failures


def default_inputs() -> list[Path]:
    """Return the sample records that ship with the package (the input of a plain `kg build`)."""
    return [Path(str(seed)) for seed in resources.seed_files()]


def build(inputs: Iterable[str | Path], out_dir: Path) -> BuildResult:
    """Parse every record in `inputs` and write the release into `out_dir`."""
    failures: list[ParseError] = []
    warnings: list[tuple[str, ParseWarning]] = []
    records = 0
    target = out_dir / RECORDS_FILE
    with atomic_write(target) as stream:
        for parsed in parse_sources(inputs):
            if parsed.error is not None:
                failures.append(parsed.error)
                continue
            assert parsed.record is not None
            records += 1
            warnings.extend((parsed.source, warning) for warning in parsed.record.warnings)
            stream.write(
                json.dumps(record_to_json(parsed.record), ensure_ascii=False, sort_keys=False)
            )
            stream.write("\n")
    return BuildResult(out_dir, records, (target,), tuple(failures), tuple(warnings))
