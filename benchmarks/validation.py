"""Validation speed: pyshacl on the whole union graph vs per batch of records with their reach.

    python -m benchmarks.validation [--copies N] [--repeat R] [--json FILE]

Makes a corpus of N copies of every record in ../shared/records and seeds/ (each copy a
project of its own, libraries shared as in reality), builds it, then validates the store both
ways in the same run, checks that the results are identical and prints the median seconds of
each and their ratio. The figures are ratios on a noisy machine: compare them within a run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from kg.build import STORE_DIR, BuildOptions, build
from kg.store import GraphStore
from kg.validate import Report, validate_store

REPO = Path(__file__).resolve().parent.parent
SOURCES = [
    *sorted((REPO.parent / "shared" / "records").glob("*.txt")),
    *sorted((REPO / "seeds").glob("*.txt")),
]


def make_corpus(folder: Path, copies: int) -> int:
    """Write `copies` of every source record into `folder`, each copy a project of its own."""
    count = 0
    for copy in range(copies):
        for source in SOURCES:
            title, _, rest = source.read_text(encoding="utf-8").partition("\n")
            target = folder / f"{copy:03d}-{source.name}"
            target.write_text(f"{title} ({copy})\n{rest}", encoding="utf-8")
            count += 1
    return count


def _median_seconds(run: Callable[[], Report], repeat: int) -> tuple[float, Report]:
    times: list[float] = []
    results: list[Report] = []
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        results.append(run())
        times.append(time.perf_counter() - started)
    return statistics.median(times), results[-1]


def main(argv: list[str] | None = None) -> None:
    """Run the comparison and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        inputs, out = Path(tmp) / "in", Path(tmp) / "out"
        inputs.mkdir()
        records = make_corpus(inputs, args.copies)
        options = BuildOptions(read_at=datetime(2026, 1, 1, tzinfo=UTC), release=False)
        build([inputs], out, options)
        store = GraphStore.open(out / STORE_DIR, create=False)
        whole_s, whole = _median_seconds(lambda: validate_store(store, whole=True), args.repeat)
        batch_s, batched = _median_seconds(lambda: validate_store(store, whole=False), args.repeat)
        same = whole.results == batched.results
        figures = {
            "records": records,
            "quads": len(store),
            "results": len(whole.results),
            "whole_graph_seconds": round(whole_s, 3),
            "per_record_batches_seconds": round(batch_s, 3),
            "whole_over_batches": round(whole_s / batch_s, 2),
            "identical_results": same,
        }
    width = max(len(key) for key in figures)
    for key, value in figures.items():
        print(f"{key:<{width}}  {value}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    if not same:
        raise SystemExit("the two ways gave different results")


if __name__ == "__main__":
    main()
