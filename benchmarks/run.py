"""The benchmark runner: every stage on one corpus size, with its anchors, as ratios.

    python -m benchmarks.run --records N [--repeat R] [--seed S] [--stages a,b,...]
                             [--no-plain] [--no-push] [--plain-limit SECONDS]
                             [--json FILE] [--markdown FILE] [--workdir DIR]
                             [--baseline REV]

Writes a synthetic corpus of N record texts (benchmarks.corpus) and runs each stage group of
benchmarks.stages in a fresh child process, R times, reading the child's own peak RSS: parse,
parsing pathological pages (their KB/s beside the corpus's), map, load the store, validate,
each export format (and the whole release), every stored query, a push to a local Oxigraph
server, the whole `kg build`, `kg site` of that build; and the anchors for the same graph: the
floor (pyoxigraph alone parsing and dumping it) and the plain path (an rdflib memory graph,
rdflib's serialisers and pyshacl on the whole graph, run once each; a step past --plain-limit
seconds is stopped and reported as skipped). Prints the table with the ratios and the targets
of issue 8; --json writes the figures for comparison between commits.

--baseline REV also builds the corpus with the code of the git revision REV (its files, taken
out with `git archive`, run by this Python), one run of each at a time, alternating, so that a
change of the machine's speed falls on both: `kg build @ REV` and the ratio of this build's
median to that one's.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from rich.console import Console

from benchmarks.corpus import write_corpus
from benchmarks.memory import TreePeak
from benchmarks.queries import start_server
from benchmarks.stages import DUMP, GROUPS, PLAIN_LIMIT, STORE, TEXTS, Row
from benchmarks.table import Figure, figures, markdown, render

REPO = Path(__file__).resolve().parents[1]
EXPORT_GROUPS = ("export", "export-release")
PIPELINE = (
    "read",
    "parse",
    "pathological",
    "map",
    "load",
    "validate",
    *EXPORT_GROUPS,
    "queries",
    "push",
    "build",
    "site",
)
ANCHORS = ("floor", "plain", "plain-validate")
ORDER = PIPELINE + ANCHORS
# the groups that read the store and graph.nq from the working folder, where `load` leaves them
NEEDS_STORE = frozenset({"validate", *EXPORT_GROUPS, "queries", "push", "floor", *ANCHORS})
PACKAGES = ("kirjasto-kg", "pyoxigraph", "oxigraph", "rdflib", "pyshacl")


@dataclass(frozen=True)
class Plan:
    """What to run: the corpus, the groups, how often, and the plain steps' limit."""

    records: int
    groups: tuple[str, ...]
    repeat: int = 3
    seed: int = 0
    limit: float = PLAIN_LIMIT
    baseline: str | None = None  # a git revision whose build is run beside this one


def parse_stages(text: str | None, plain: bool = True, push: bool = True) -> tuple[str, ...]:
    """Read `--stages` (group names; `anchors` is floor and plain)."""
    wanted: list[str] = []
    for part in (text or ",".join(ORDER)).split(","):
        name = part.strip()
        if name == "anchors":
            wanted += ANCHORS
        elif name in GROUPS and name != "idle":
            wanted.append(name)
        elif name:
            raise SystemExit(f"unknown stage {name!r}; choose from {', '.join(ORDER)}")
    if not plain:
        wanted = [name for name in wanted if not name.startswith("plain")]
    if not push:
        wanted = [name for name in wanted if name != "push"]
    return tuple(name for name in ORDER if name in wanted)


def run_group(
    group: str,
    work: Path,
    repeat: int,
    *,
    endpoint: str | None = None,
    limit: float = PLAIN_LIMIT,
    repo: Path = REPO,
) -> tuple[list[Row], float]:
    """Run one group in a fresh Python process; its rows and its own peak RSS in MiB.

    `repo` is the checkout whose code runs (another revision's, for a baseline).

    The peak RSS of the largest worker the child started, if any, goes into each row's note,
    and so does the largest sum of the memory of the child and its processes (PSS) when it
    started any.
    """
    result = work / f"result-{group}.json"
    command = [sys.executable, "-m", "benchmarks.stages", group, "--workdir", str(work)]
    command += ["--repeat", str(repeat), "--limit", str(limit), "--result", str(result)]
    if endpoint:
        command += ["--endpoint", endpoint]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(repo), os.environ.get("PYTHONPATH")])),
    }
    process = subprocess.Popen(command, cwd=repo, env=env, stdout=subprocess.DEVNULL)
    with TreePeak(process.pid) as together:
        status = process.wait()
    if status != 0:
        raise subprocess.CalledProcessError(status, command)
    document = json.loads(result.read_text(encoding="utf-8"))
    result.unlink()
    rows = [Row(**row) for row in document["rows"]]
    workers = document["workers_peak_rss_kib"] / 1024
    notes = [f"largest worker {workers:,.0f} MiB"] if workers else []
    if together.most > 1:
        notes.append(
            f"up to {together.most} processes, together {together.kib / 1024:,.0f} MiB PSS"
        )
    for row in rows:
        row.note = "; ".join(filter(None, [row.note, *notes]))
    return rows, document["peak_rss_kib"] / 1024


@contextmanager
def oxigraph_server(folder: Path) -> Iterator[tuple[str, int]]:
    """A local Oxigraph server with its data in `folder`: its query URL and process id."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    process, url = start_server(folder)
    try:
        yield url, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def server_peak_mib(pid: int) -> float | None:
    """The peak RSS of a running process (VmHWM), in MiB; None where /proc does not say."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def prepare_corpus(work: Path, records: int, seed: int) -> None:
    """Write the corpus into `work/texts`, unless the same one is there already."""
    marker = work / "corpus.json"
    wanted = {"records": records, "seed": seed}
    if marker.is_file() and json.loads(marker.read_text()) == wanted:
        return
    shutil.rmtree(work / TEXTS, ignore_errors=True)
    (work / DUMP).unlink(missing_ok=True)
    shutil.rmtree(work / STORE, ignore_errors=True)
    write_corpus(work / TEXTS, records, seed)
    marker.write_text(json.dumps(wanted))


def checkout(revision: str, folder: Path) -> Path:
    """Write the files of git revision `revision` of this repository into `folder`."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    try:
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", "--format=tar", revision],
            check=True,
            capture_output=True,
        )
    except subprocess.CalledProcessError as exc:
        raise SystemExit(f"--baseline {revision}: {exc.stderr.decode().strip()}") from exc
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder


def build_beside(plan: Plan, work: Path, baseline: Path) -> tuple[list[Row], float]:
    """Run this build and the baseline's, one run each at a time; their rows and peak RSS."""
    this, other = Row("kg build"), Row(f"kg build @ {plan.baseline}")
    peak = 0.0
    for _ in range(plan.repeat):
        for row, repo in ((this, REPO), (other, baseline)):
            (found, *_), rss = run_group("build", work, 1, repo=repo)
            row.runs += found.runs
            row.records, row.triples, row.note = found.records, found.triples, found.note
            peak = max(peak, rss)
    if this.seconds and other.seconds:
        this.note += f"; {this.seconds / other.seconds:.2f}x the build @ {plan.baseline}"
    return [this, other], peak


def run(plan: Plan, work: Path, log: Console) -> tuple[list[Figure], float]:
    """Run the plan in `work`; the figures of every stage and the idle child's peak RSS (MiB)."""
    prepare_corpus(work, plan.records, plan.seed)
    _, idle_mib = run_group("idle", work, 1)
    rows: list[tuple[str, Row, float]] = []
    for group in plan.groups:
        if group in NEEDS_STORE and not (work / DUMP).exists():
            log.print("[dim]preparing the store: load (untimed)[/dim]")
            run_group("load", work, 1)
        started = time.perf_counter()
        repeat = 1 if group in ANCHORS[1:] else plan.repeat
        if group == "push":
            with oxigraph_server(work / "server") as (url, pid):
                found, rss = run_group(group, work, repeat, endpoint=url)
                server = server_peak_mib(pid)
            if server is not None:
                for row in found:
                    row.note = f"server peak RSS {server:,.0f} MiB"
        elif group == "build" and plan.baseline:
            found, rss = build_beside(plan, work, checkout(plan.baseline, work / "baseline"))
        else:
            try:
                found, rss = run_group(group, work, repeat, limit=plan.limit)
            except subprocess.CalledProcessError as exc:  # reported, and the run goes on
                log.print(f"[red]{group} failed (exit status {exc.returncode})[/red]")
                found, rss = [Row(group, note=f"failed: exit status {exc.returncode}")], 0.0
        log.print(f"[dim]{group}: {time.perf_counter() - started:.1f} s[/dim]")
        rows += [(group, row, rss) for row in found]
    note_parse_rates([row for _, row, _ in rows])
    return figures(rows, plan.limit), idle_mib


def note_parse_rates(rows: Sequence[Row]) -> None:
    """Add each parse row's KB/s to its note, and the pathological ones' ratio to the corpus's.

    The pathological pages (issue 18) are few and large: their KB/s, not their records/s, is
    what compares with the corpus.
    """
    corpus = next((row for row in rows if row.stage == "parse"), None)
    corpus_rate = _kb_per_s(corpus) if corpus else None
    for row in rows:
        rate = _kb_per_s(row)
        if rate is None:
            continue
        words = [f"{rate:,.0f} KB/s"]
        if row is not corpus and corpus_rate:
            words.append(f"{rate / corpus_rate:.2f}x the corpus's")
        row.note = "; ".join(filter(None, [row.note, ", ".join(words)]))


def _kb_per_s(row: Row) -> float | None:
    seconds = row.seconds
    return row.bytes / 1000 / seconds if row.bytes is not None and seconds else None


def machine() -> dict[str, object]:
    """The machine and the versions the figures were measured with."""
    packages = {}
    for name in PACKAGES:
        try:
            packages[name] = version(name)
        except PackageNotFoundError:
            packages[name] = None
    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": packages,
    }


def main(argv: Sequence[str] | None = None) -> None:
    """Run the benchmark as the command line says; print the table, write the files asked for."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=1000, help="corpus size (default 1000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per stage (median)")
    parser.add_argument("--seed", type=int, default=0, help="the corpus seed")
    parser.add_argument("--stages", help=f"comma-separated groups: {', '.join(ORDER)}, anchors")
    parser.add_argument("--no-plain", action="store_true", help="leave out the plain path")
    parser.add_argument("--no-push", action="store_true", help="leave out the push to a server")
    parser.add_argument(
        "--plain-limit", type=float, default=PLAIN_LIMIT, help="stop a plain step after this many s"
    )
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    parser.add_argument("--markdown", type=Path, help="write the table here as Markdown")
    parser.add_argument("--workdir", type=Path, help="keep the corpus and artefacts here (reused)")
    parser.add_argument("--baseline", help="a git revision whose kg build runs beside this one")
    args = parser.parse_args(argv)
    if args.records < 1 or args.repeat < 1:
        parser.error("--records and --repeat must be at least 1")
    groups = parse_stages(args.stages, plain=not args.no_plain, push=not args.no_push)
    plan = Plan(args.records, groups, args.repeat, args.seed, args.plain_limit, args.baseline)
    console = Console(width=220)
    started = datetime.now(UTC)
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        work = args.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        figs, idle_mib = run(plan, work, console)
    title = f"{args.records:,} records, median of {args.repeat} (plain path: 1 run)"
    render(figs, console, title)
    console.print(f"idle child (every stage module imported): peak RSS {idle_mib:,.0f} MiB")
    document = {
        "command": "python -m benchmarks.run "
        + " ".join(argv if argv is not None else sys.argv[1:]),
        "date": started.isoformat(timespec="seconds"),
        "machine": machine(),
        "records": args.records,
        "repeat": args.repeat,
        "seed": args.seed,
        "plain_limit_s": args.plain_limit,
        "idle_rss_mib": idle_mib,
        "stages": [fig.as_json() for fig in figs],
    }
    if args.json:
        args.json.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    if args.markdown:
        args.markdown.write_text(markdown(figs), encoding="utf-8")


if __name__ == "__main__":
    main()
