"""Validation speed: the fast engine (kg.validation.engine) against pyshacl on the whole union
graph.

    python -m benchmarks.validation [--records N] [--seed S] [--repeat R] [--json FILE]

Writes a synthetic corpus of N pages (`benchmarks.corpus`, malformed pages included: those
fail to parse and are left out), builds it without validation, then validates the store with
both engines in the same run, checks that the reports are identical and prints the median
seconds of each and their ratio. The figures are ratios on a noisy machine: compare them
within a run.
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

from benchmarks.corpus import write_corpus
from kg.build import STORE_DIR, BuildOptions, build
from kg.store.graph_store import GraphStore
from kg.validation.validate import Report, validate_store


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
    parser.add_argument("--records", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        inputs, out = Path(tmp) / "in", Path(tmp) / "out"
        summary = write_corpus(inputs, args.records, seed=args.seed)
        options = BuildOptions(
            read_at=datetime(2026, 1, 1, tzinfo=UTC), validate=False, release=False
        )
        build([inputs], out, options)
        store = GraphStore.open(out / STORE_DIR, create=False)
        fast_s, fast = _median_seconds(lambda: validate_store(store), args.repeat)
        reference_s, reference = _median_seconds(
            lambda: validate_store(store, engine="pyshacl"), args.repeat
        )
        same = fast == reference
        figures = {
            "records": summary.records,
            "malformed": summary.malformed,
            "quads": len(store),
            "results": len(reference.results),
            "fast_seconds": round(fast_s, 3),
            "pyshacl_whole_graph_seconds": round(reference_s, 3),
            "pyshacl_over_fast": round(reference_s / fast_s, 1),
            "identical_reports": same,
        }
    width = max(len(key) for key in figures)
    for key, value in figures.items():
        print(f"{key:<{width}}  {value}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    if not same:
        raise SystemExit("the two engines gave different reports")


if __name__ == "__main__":
    main()
