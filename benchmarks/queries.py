"""Stored-query latency: every query of queries/ on a large store, embedded and over HTTP.

    python -m benchmarks.queries [--records N] [--repeat R] [--http] [--json FILE]

Writes a synthetic corpus of N records (benchmarks.corpus, seed 0), builds it without
validation, then runs every stored query R times on the embedded store and prints the median
milliseconds of each, marking those over the target of 200 ms. With --http it first starts an
Oxigraph server, pushes the store with `kg push` in a process of its own (its time and peak
memory are printed) and times every query over HTTP too.
"""

from __future__ import annotations

import argparse
import json
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.corpus import write_corpus
from kg.build import STORE_DIR, BuildOptions, build
from kg.sparql.catalogue import StoredQuery, bind, load_catalogue, run_local
from kg.sparql.endpoint import SparqlEndpoint
from kg.store.graph_store import GraphStore
from kg.vocab import KG, ORG

TARGET_MS = 200
SAMPLES = {
    "word": "kirjasto",
    "on": "2017-06-01",
}
# The library with the most projects, and its legal body: the largest answers of their queries.
_BUSIEST = f"""
SELECT ?isil ?business_id (COUNT(?project) AS ?n) WHERE {{
  ?project <{KG.applicant.value}> ?library .
  ?library <{KG.isil.value}> ?isil .
  OPTIONAL {{ ?library <{ORG.unitOf.value}>/<{KG.businessId.value}> ?business_id }}
}}
GROUP BY ?isil ?business_id ORDER BY DESC(?n) STR(?isil) LIMIT 1
"""


def sample_values(query: StoredQuery, store: GraphStore) -> dict[str, str]:
    """Return a value for every parameter without a default: a known sample or the first choice.

    The ISIL and business ID are those of the library with the most projects in `store`.
    """
    values: dict[str, str] = {}
    for parameter in query.parameters:
        if parameter.default is not None or not parameter.required:
            continue
        if parameter.choices:
            values[parameter.name] = parameter.choices[0]
        elif parameter.kind == "iri":
            values[parameter.name] = _some_project(store)
        elif parameter.kind == "date":
            values[parameter.name] = "2017-06-01"
        elif parameter.name in ("isil", "business_id"):
            values[parameter.name] = _busiest_library(store).get(parameter.name, "FI-Km")
        else:
            values[parameter.name] = SAMPLES.get(parameter.name, "kirjasto")
    return values


def _busiest_library(store: GraphStore) -> dict[str, str]:
    """The ISIL and business ID of the library with the most projects (none: empty)."""
    for row in store.oxigraph.query(_BUSIEST):
        return {key: row[key].value for key in ("isil", "business_id") if row[key] is not None}
    return {}


def _some_project(store: GraphStore) -> str:
    answer = store.oxigraph.query(
        "SELECT ?p WHERE { ?p a <https://w3id.org/kirjasto-kg/ns#Project> } ORDER BY ?p LIMIT 1",
        use_default_graph_as_union=True,
    )
    return next(iter(answer))["p"].value


def _median_ms(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> None:
    """Build the corpus, (push it,) time every stored query, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--http", action="store_true", help="Also push to and time a server.")
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--store", type=Path, help="Time the queries on this built store instead of building one."
    )
    args = parser.parse_args(argv)
    figures: dict[str, dict[str, float | int]] = {}
    summary: dict[str, float | int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        if args.store:
            store_dir = args.store
        else:
            inputs, out = Path(tmp) / "in", Path(tmp) / "out"
            inputs.mkdir()
            summary["records"] = write_corpus(inputs, args.records).records
            started = time.perf_counter()
            options = BuildOptions(
                read_at=datetime(2026, 1, 1, tzinfo=UTC), validate=False, release=False
            )
            summary["quads"] = build([inputs], out, options).quads
            summary["build_seconds"] = round(time.perf_counter() - started, 1)
            store_dir = out / STORE_DIR
        server = start_server(Path(tmp) / "server") if args.http else None
        try:
            if server is not None:
                summary |= _push(store_dir, server[1])
            store = GraphStore.open(store_dir, create=False)
            endpoint = SparqlEndpoint(server[1]) if server is not None else None
            for query in load_catalogue().values():
                bindings = bind(query, sample_values(query, store))
                entry: dict[str, float | int] = {
                    "rows": len(run_local(store, query, bindings).rows),
                    "embedded_ms": round(
                        _median_ms(lambda q=query, b=bindings: run_local(store, q, b), args.repeat),
                        1,
                    ),
                }
                if endpoint is not None:
                    entry["http_ms"] = round(
                        _median_ms(lambda q=query, b=bindings: endpoint.query(q, b), args.repeat),
                        1,
                    )
                figures[query.name] = entry
                print(query.name, entry, flush=True)
        finally:
            if server is not None:
                server[0].terminate()
                server[0].wait(timeout=20)
    for key, value in summary.items():
        print(f"{key}: {value}")
    width = max(len(name) for name in figures)
    print(f"{'query':<{width}}  {'rows':>6}  {'embedded ms':>11}  {'http ms':>8}")
    for name, entry in figures.items():
        slow = "  over target" if entry["embedded_ms"] > TARGET_MS else ""
        http = f"{entry['http_ms']:>8}" if "http_ms" in entry else f"{'-':>8}"
        print(f"{name:<{width}}  {entry['rows']:>6}  {entry['embedded_ms']:>11}  {http}{slow}")
    if args.json:
        document = {**summary, "queries": figures}
        args.json.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


def _push(store_dir: Path, query_url: str) -> dict[str, float | int]:
    """Push the store with `kg push` in a process of its own; its seconds and peak memory."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "kg", "push", "--store", str(store_dir), "--endpoint", query_url],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "push_seconds": round(time.perf_counter() - started, 1),
        "push_peak_rss_mib": peak_kib // 1024,
    }


def start_server(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    """Start an Oxigraph server on a free local port; return it and its query URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    binary = Path(sys.executable).parent / "oxigraph"
    command = [str(binary), "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process, f"http://127.0.0.1:{port}/query"
        except OSError:
            if time.monotonic() > deadline:
                process.terminate()
                raise
            time.sleep(0.3)


if __name__ == "__main__":
    main()
