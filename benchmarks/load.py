"""`kg serve` under load: concurrent clients asking for pages and SPARQL, latency percentiles.

    python -m benchmarks.load --records N [--seed S] [--workdir DIR] [--clients 20]
                              [--seconds 20] [--warmup 3] [--workers W] [--site DIR]
                              [--json FILE]

Makes (or reuses, in --workdir) the corpus of N generated records (benchmarks.corpus), builds
it with `kg build` and writes its site with `kg site` (unless --site names one), then starts
`kg serve` in a process of its own on a free port of 127.0.0.1, its request log to a file, as
a user would run it. The load comes from this process: `--clients` asyncio clients, each on
one kept-alive HTTP/1.1 connection, each sending its next request when the last is answered,
for `--seconds` after `--warmup` seconds whose requests are not counted. Client and server
share the machine's cores: the figures include that.

Scenarios, one after another:
- `page`: GET /id/project/... as HTML (Accept: text/html), a random project each time;
- `sparql`: GET /sparql, a simple query (a project's title) of a random project each time,
  as SPARQL JSON; each text is new to the server's SERVICE check, whose reading is cached;
- `sparql-same`: the same simple query every time (the SERVICE check's cache answers).
Prints how long `kg serve` took to listen, the most memory its processes held together under
load (PSS, benchmarks.memory), and per scenario the requests, requests per second, p50, p95,
p99 and max in ms, errors (any status but 200), and issue 21's targets: a page at p95 <= 50
ms, a simple SPARQL query at p95 <= 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from benchmarks.memory import TreePeak
from benchmarks.run import prepare_corpus
from benchmarks.stages import READ_AT, TEXTS

TARGETS = {"page": 50.0, "sparql": 100.0, "sparql-same": 100.0}  # p95, milliseconds
TITLE = "http://purl.org/dc/terms/title"
PROJECTS = (
    "SELECT ?p WHERE { ?p a <https://w3id.org/kirjasto-kg/ns#Project> } ORDER BY ?p LIMIT 5000"
)


@dataclass(frozen=True)
class Figures:
    """What one scenario measured."""

    scenario: str
    requests: int
    per_second: float
    p50: float
    p95: float
    p99: float
    max: float
    errors: int
    target: float
    met: bool


def prepare(work: Path, records: int, seed: int, site: Path | None) -> tuple[Path, Path]:
    """Make the corpus, its build and its site in `work` (reused when there); their paths."""
    prepare_corpus(work, records, seed)
    out = work / "build"
    store = out / "store"
    if not (out / "built.json").is_file():
        command = [sys.executable, "-m", "kg", "build", str(work / TEXTS), "--out", str(out)]
        command += ["--read-at", READ_AT.isoformat()]
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode not in (0, 1) or not store.is_dir():  # 1: records refused
            raise SystemExit(f"kg build failed ({done.returncode}): {done.stderr[-2000:]}")
        seconds = time.perf_counter() - started
        (out / "built.json").write_text(json.dumps({"records": records, "seconds": seconds}))
        print(f"built {records} records in {seconds:.1f} s", file=sys.stderr)
    if site is None:
        site = work / "site"
        if not (site / "index.html").is_file():
            command = [sys.executable, "-m", "kg", "site", "--store", str(store)]
            started = time.perf_counter()
            done = subprocess.run([*command, "--out", str(site)], capture_output=True, text=True)
            if done.returncode != 0:
                raise SystemExit(f"kg site failed ({done.returncode}): {done.stderr[-2000:]}")
            seconds = time.perf_counter() - started
            print(f"wrote the site in {seconds:.1f} s", file=sys.stderr)
    return store, site


class Server:
    """`kg serve` in a process of its own, on a free port."""

    def __init__(self, store: Path, site: Path, workers: int, log: Path) -> None:
        command = [sys.executable, "-m", "kg", "serve", "--store", str(store), "--site", str(site)]
        command += ["--port", "0", "--workers", str(workers)]
        self._log = log.open("w")
        started = time.perf_counter()
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=self._log, text=True
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        found = re.match(r"kg serve: (http://[^/]+)/", line)
        if not found:
            self.stop()
            raise SystemExit(f"kg serve did not start: {line!r}; see {log}")
        self.url = found.group(1)
        self.ready = time.perf_counter() - started  # seconds until it listened

    def stop(self) -> None:
        """End the server as Ctrl-C does."""
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log.close()


# -- the client --------------------------------------------------------------------------


class Connection:
    """One kept-alive HTTP/1.1 connection: a request, then its whole answer, in turn."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, target: str, accept: str) -> int:
        """Send GET `target`; return the status once the whole body has come."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        request = (
            f"GET {target} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nAccept: {accept}\r\n\r\n"
        )
        self.writer.write(request.encode("ascii"))
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = dict(line.split(":", 1) for line in lines[1:] if ":" in line)
        length = {name.strip().lower(): value.strip() for name, value in headers.items()}.get(
            "content-length"
        )
        if length is None:
            raise RuntimeError(f"no Content-Length in the answer to {target}")
        await self.reader.readexactly(int(length))
        return status

    async def close(self) -> None:
        """Close the connection."""
        if self.writer is not None:
            self.writer.close()
            await self.writer.wait_closed()


async def _load(
    url: str,
    clients: int,
    seconds: float,
    warmup: float,
    make: Callable[[random.Random], tuple[str, str]],
) -> tuple[list[float], int, float]:
    """Run `clients` clients; return the latencies (ms) after the warm-up, errors, seconds."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    begin = time.perf_counter()
    counted_from = begin + warmup
    end = counted_from + seconds
    latencies: list[float] = []
    errors = 0

    async def client(number: int) -> None:
        nonlocal errors
        chooser = random.Random(number)
        connection = Connection(host, port)
        try:
            while (now := time.perf_counter()) < end:
                target, accept = make(chooser)
                status = await connection.get(target, accept)
                took = time.perf_counter() - now
                if now >= counted_from:
                    latencies.append(took * 1000)
                    errors += status != 200
        finally:
            await connection.close()

    await asyncio.gather(*(client(number) for number in range(clients)))
    return latencies, errors, time.perf_counter() - counted_from


def percentile(values: list[float], share: float) -> float:
    """Return the `share` percentile of `values` (nearest rank)."""
    ordered = sorted(values)
    rank = max(1, round(share / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def measure(
    name: str,
    url: str,
    clients: int,
    seconds: float,
    warmup: float,
    make: Callable[[random.Random], tuple[str, str]],
) -> Figures:
    """Load the server with one scenario; its figures."""
    latencies, errors, took = asyncio.run(_load(url, clients, seconds, warmup, make))
    p95 = percentile(latencies, 95)
    return Figures(
        scenario=name,
        requests=len(latencies),
        per_second=len(latencies) / took,
        p50=percentile(latencies, 50),
        p95=p95,
        p99=percentile(latencies, 99),
        max=max(latencies),
        errors=errors,
        target=TARGETS[name],
        met=p95 <= TARGETS[name] and errors == 0,
    )


def project_paths(url: str, base: str = "https://w3id.org/kirjasto-kg/id/") -> list[str]:
    """Return the /id/ paths of (up to 5,000) projects, asked of the server by SPARQL."""
    import requests  # only the set-up uses it

    answer = requests.get(
        f"{url}/sparql", params={"query": PROJECTS}, headers={"Accept": "text/csv"}, timeout=60
    )
    answer.raise_for_status()
    iris = answer.text.split("\r\n")[1:-1]
    return ["/id/" + iri[len(base) :] for iri in iris if iri.startswith(base)]


def main(argv: list[str] | None = None) -> None:
    """Run the load scenarios and print their figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path, help="keep the corpus, build and site here")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--workers", type=int, default=2, help="kg serve --workers")
    parser.add_argument("--site", type=Path, help="a site kg site wrote (default: write one)")
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kg-load-") as temporary:
        work = args.workdir or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        store, site = prepare(work, args.records, args.seed, args.site)
        server = Server(store, site, args.workers, work / "serve.log")
        try:
            paths = project_paths(server.url)

            def page(chooser: random.Random) -> tuple[str, str]:
                return chooser.choice(paths), "text/html"

            def sparql(chooser: random.Random) -> tuple[str, str]:
                iri = "https://w3id.org/kirjasto-kg" + chooser.choice(paths)
                query = f"SELECT ?title WHERE {{ <{iri}> <{TITLE}> ?title }}"
                return "/sparql?query=" + quote(query), "application/sparql-results+json"

            fixed = sparql(random.Random(0))

            def sparql_same(_chooser: random.Random) -> tuple[str, str]:
                return fixed

            with TreePeak(server.process.pid) as peak:
                figures = [
                    measure(name, server.url, args.clients, args.seconds, args.warmup, make)
                    for name, make in (
                        ("page", page),
                        ("sparql", sparql),
                        ("sparql-same", sparql_same),
                    )
                ]
        finally:
            server.stop()
    print(
        f"{args.records} records, {len(paths)} projects asked for, {args.clients} clients, "
        f"{args.seconds:g} s each after {args.warmup:g} s of warm-up, "
        f"kg serve --workers {args.workers}"
    )
    print(
        f"kg serve listened {server.ready:.1f} s after it started; under load its processes "
        f"({peak.most} at most) held {peak.kib / 1024:,.0f} MiB PSS together at most"
    )
    print(
        f"{'scenario':<12} {'requests':>8} {'req/s':>7} {'p50':>7} {'p95':>7} {'p99':>7} "
        f"{'max':>7} {'errors':>6}  target p95"
    )
    for figure in figures:
        print(
            f"{figure.scenario:<12} {figure.requests:>8} {figure.per_second:>7.0f} "
            f"{figure.p50:>7.1f} {figure.p95:>7.1f} {figure.p99:>7.1f} {figure.max:>7.1f} "
            f"{figure.errors:>6}  <= {figure.target:g} ms {'met' if figure.met else 'NOT met'}"
        )
    if args.json:
        summary = {
            "records": args.records,
            "clients": args.clients,
            "seconds": args.seconds,
            "workers": args.workers,
            "ready_seconds": server.ready,
            "peak_pss_mib": peak.kib / 1024,
            "scenarios": [asdict(figure) for figure in figures],
        }
        args.json.write_text(json.dumps(summary, indent=2) + "\n")


if __name__ == "__main__":
    main()
