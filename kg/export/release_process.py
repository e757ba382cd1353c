"""A release written by a process of its own (`kg.process_job`), from a snapshot's files.

    job = start(snapshot, out, options, built_with)    job.wait() -> None when it is written

`kg build` has it write the release while it validates: both read only the snapshot (and the
validation the store), and each is Python for the most part, so each takes a core.
"""

from __future__ import annotations

import sys
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

from kg.export.release import ExportOptions, export_snapshot
from kg.process_job import ProcessJob, serve
from kg.store.graph_store import Snapshot


def start(
    snapshot: Snapshot, out: Path, options: ExportOptions, built_with: str | None
) -> ProcessJob:
    """Start writing the release of `snapshot` into `out` (as export_snapshot)."""
    payload = {
        "snapshot": [str(snapshot.folder), snapshot.quad_count, snapshot.triple_count],
        "out": str(out),
        "options": _options_json(options),
        "built_with": built_with,
    }
    return ProcessJob.start(__name__, payload)


def _options_json(options: ExportOptions) -> dict[str, Any]:
    fields = asdict(options)
    fields["issued"] = options.issued.isoformat()
    fields["formats"] = list(options.formats)
    fields["catalog_config"] = (
        None if options.catalog_config is None else str(options.catalog_config)
    )
    return fields


def _options(fields: dict[str, Any]) -> ExportOptions:
    config = fields["catalog_config"]
    return ExportOptions(
        **{
            **fields,
            "issued": datetime.fromisoformat(fields["issued"]),
            "formats": tuple(fields["formats"]),
            "catalog_config": None if config is None else Path(config),
        }
    )


def _work(payload: dict[str, Any]) -> None:
    folder, quads, triples = payload["snapshot"]
    snapshot = Snapshot(Path(folder), quads, triples)
    options = _options(payload["options"])
    export_snapshot(snapshot, Path(payload["out"]), options, built_with=payload["built_with"])


if __name__ == "__main__":
    sys.exit(serve(_work))
