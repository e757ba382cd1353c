"""Both JSON-LD documents of a release, written by a process of its own (`kg.process_job`).

    job = start(union, context, whole, framed)    job.wait() when they are needed

JSON-LD is Python all through and the slowest format of a release (6.8 of 15.5 s on 10,000
records): a second core writes it while this one writes the rest.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kg.export.jsonld import Json, write_documents
from kg.process_job import ProcessJob, serve


def start(union: Path, context: Json, whole: Path, framed: Path) -> ProcessJob:
    """Start writing the documents of the sorted N-Triples file `union` (as write_documents)."""
    payload = {"union": str(union), "context": context, "whole": str(whole), "framed": str(framed)}
    return ProcessJob.start(__name__, payload)


def _work(payload: dict[str, Json]) -> None:
    write_documents(
        Path(payload["union"]), payload["context"], Path(payload["whole"]), Path(payload["framed"])
    )


if __name__ == "__main__":
    sys.exit(serve(_work))
