"""The timed stages of benchmarks/run.py, each run in a child process of its own.

    python -m benchmarks.stages GROUP --workdir DIR --repeat R --result FILE [--endpoint URL]

A group (`GROUPS`) times one or more stages R times each and writes to FILE one JSON object:
its rows (stage, seconds of each run, records, triples, a note), the child's own peak RSS
and that of the largest worker process it started (kg build may parse in a pool). Each
stage calls the package's own API, the same calls `kg.build.build` chains. What a stage
needs but does not time is made again (the parsed records) or read from the working folder,
where `load` leaves it:

    DIR/texts/          the record texts (benchmarks.corpus)
    DIR/store/          the store of the records     (load)
    DIR/graph.nq        its named graphs as N-Quads  (load; what the anchors read)

`pathological` parses pages made to be hard (many lines, very long lines, many labels, bare
CRs; issue 18), for their KB/s beside the corpus's; it writes them into DIR/scratch/.

The anchors are groups too: `floor` (pyoxigraph alone parsing and dumping graph.nq), `plain`
and `plain-validate` (an rdflib memory graph, rdflib's serialisers, pyshacl on the whole
graph). A plain step that runs past `--limit` seconds is stopped and reported as skipped.
"""

from __future__ import annotations

import argparse
import inspect
import json
import resource
import shutil
import signal
import statistics
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import TypeVar

import rdflib
from pyoxigraph import DefaultGraph, Quad, RdfFormat, Store

from benchmarks.queries import sample_values
from kg import __version__, resources
from kg.build import STORE_DIR, BuildOptions, _load, _parse, build
from kg.cli.app import default_workers
from kg.export.dcat.config import CatalogConfig
from kg.export.formats import EXPORTERS, FORMAT_NAMES, Publication, ReleaseGraph
from kg.export.release import (
    ExportOptions,
    _release_graph,
    check_open_release,
    export_release,
    watched_quads,
)
from kg.iris import DEFAULT_BASE, Minter
from kg.mapping.record import MappingContext, SourceInfo, map_record
from kg.records.batch import ParsedRecord, record_sources
from kg.records.labels import LABEL_BY_TEXT, LABELS
from kg.records.values import collapse_spaces
from kg.site.write import write_site
from kg.sparql.catalogue import bind, load_catalogue, run_local
from kg.sparql.endpoint import SparqlEndpoint
from kg.store.graph_store import GraphStore
from kg.validation.validate import validate_store

T = TypeVar("T")
READ_AT = datetime(2026, 1, 1, tzinfo=UTC)  # every build of a benchmark reads at this time
TEXTS, STORE, DUMP = "texts", "store", "graph.nq"
PLAIN_LIMIT = 300.0  # seconds: a plain step that takes longer is stopped and said so

# rdflib's serialiser for each export format (csv has no rdflib counterpart)
RDFLIB_FORMATS = {
    "ttl": "turtle",
    "nt": "nt",
    "nq": "nquads",
    "trig": "trig",
    "rdfxml": "xml",
    "jsonld": "json-ld",
}
DATASET_FORMATS = frozenset({"nq", "trig"})


@dataclass
class Row:
    """One stage's figures: the seconds of each run (none: skipped), what it handled, a note."""

    stage: str
    runs: list[float] = field(default_factory=list)
    records: int | None = None
    triples: int | None = None
    note: str = ""
    bytes: int | None = None  # the bytes of text read, for a parse stage's KB/s

    @property
    def seconds(self) -> float | None:
        """The median of the runs, None when the stage was skipped."""
        return statistics.median(self.runs) if self.runs else None


@dataclass(frozen=True)
class Work:
    """The working folder of a benchmark and how the group was asked to run."""

    folder: Path
    repeat: int = 1
    endpoint: str | None = None
    limit: float = PLAIN_LIMIT

    @property
    def texts(self) -> Path:
        """The folder of the record texts."""
        return self.folder / TEXTS

    def sources(self) -> list[str]:
        """The record files, sorted, as `kg build` reads them."""
        return record_sources([self.texts])

    def parsed(self) -> list[ParsedRecord]:
        """The texts parsed as `kg build` parses them (untimed, for the stages after it)."""
        return _parse(self.sources(), Minter(DEFAULT_BASE))[0]

    def store(self) -> GraphStore:
        """The store `load` left in the working folder."""
        return GraphStore.open(self.folder / STORE, create=False)

    def scratch(self, name: str) -> Path:
        """An empty folder for one run's output (emptied if it was there)."""
        path = self.folder / "scratch" / name
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)
        return path


def timed(
    repeat: int, run: Callable[[], object], before: Callable[[], object] | None = None
) -> list[float]:
    """Return the seconds of `repeat` runs of `run`; `before` runs first each time, untimed."""
    runs = []
    for _ in range(max(1, repeat)):
        if before is not None:
            before()
        started = time.perf_counter()
        run()
        runs.append(time.perf_counter() - started)
    return runs


def peak_rss_kib() -> int:
    """This process's peak resident set size in KiB (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def workers_peak_rss_kib() -> int:
    """The peak RSS of the largest process this one started and waited for (a worker), KiB."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


# -- the stages of the pipeline ------------------------------------------------------------


def idle(work: Work) -> list[Row]:
    """Nothing: the peak RSS of a child that has imported every stage (the baseline)."""
    return []


def read(work: Work) -> list[Row]:
    """Read the bytes of every record text (part of the floor of `kg build`)."""
    sources = work.sources()

    def run() -> None:
        for source in sources:
            Path(source).read_bytes()

    return [Row("read texts", timed(work.repeat, run), records=len(sources))]


def parse(work: Work) -> list[Row]:
    """Parse the texts as `kg build` does."""
    sources = work.sources()
    minter = Minter(DEFAULT_BASE)
    outcome: list[tuple[list[ParsedRecord], list[object]]] = []
    runs = timed(work.repeat, lambda: outcome.append(_parse(sources, minter)))
    parsed, failures = outcome[-1]
    note = f"{len(parsed)} parsed, {len(failures)} refused"
    size = sum(Path(source).stat().st_size for source in sources)
    return [Row("parse", runs, records=len(sources), note=note, bytes=size)]


def pathological(work: Work) -> list[Row]:
    """Parse pages made to be hard (issue 18) as the `parse` stage parses the corpus.

    One row per kind. Their KB/s beside the corpus's shows whether a kind of input costs more
    than its size: the parser's work grows with the length of its input, whatever its shape.
    The pages are written (untimed) into DIR/pathological/KIND/ and read from there, as
    `kg build` reads its files.
    """
    texts = [Path(source).read_bytes() for source in work.sources()[:PATHOLOGICAL_CR_PAGES]]
    minter = Minter(DEFAULT_BASE)
    rows = []
    for number, (kind, pages) in enumerate(pathological_pages(texts).items()):
        folder = work.scratch(f"pathological-{number}")
        for index, data in enumerate(pages):
            (folder / f"{index:04d}.txt").write_bytes(data)
        sources = record_sources([folder])

        def run(sources: list[str] = sources) -> None:
            _parse(sources, minter)

        runs = timed(work.repeat, run)
        size = sum(len(page) for page in pages)
        rows.append(Row(f"pathological: {kind}", runs, records=len(pages), bytes=size))
    return rows


PATHOLOGICAL_LINES = 200_000
PATHOLOGICAL_CHARS = 1_000_000
PATHOLOGICAL_LABELS = 50_000
PATHOLOGICAL_CR_PAGES = 1_000


def pathological_pages(corpus: list[bytes]) -> dict[str, list[bytes]]:
    """The inputs of the pathological stage by kind, made from the first seed and `corpus`.

    many lines: 200,000 blank lines before the dates; 200,000 short lines of description.
    long lines: a description of one line of 1,000,000 characters; an amount of as many
    digits; an e-mail address of as many dots (the shape that made a regular expression
    backtrack). many labels: 50,000 unknown labels with a value each; 50,000 known labels
    again. bare CR: the corpus's first 1,000 texts with every line break a bare CR.
    """
    lines = resources.seed_files()[0].read_text(encoding="utf-8").split("\n")

    def at(path: str) -> int:
        return next(
            index
            for index, line in enumerate(lines)
            if (label := LABEL_BY_TEXT.get(collapse_spaces(line))) and label.field == path
        )

    def page(index: int, new: list[str], replace: int = 0) -> bytes:
        return "\n".join(lines[:index] + new + lines[index + replace :]).encode("utf-8")

    chars = PATHOLOGICAL_CHARS
    known = [label.text for label in LABELS]
    return {
        "many lines": [
            page(at("start_date"), [""] * PATHOLOGICAL_LINES),
            page(at("sections.description") + 1, ["rivi"] * PATHOLOGICAL_LINES),
        ],
        "long lines": [
            page(at("sections.description") + 1, [("sana " * (chars // 5)).strip()], 1),
            page(at("application.requested") + 1, ["€" + "9" * chars], 1),
            page(at("library.email") + 1, ["a@" + "." * chars + "@"], 1),
        ],
        "many labels": [
            page(
                at("start_date"),
                [f"Tuntematon {n} :\u00a0\narvo {n}" for n in range(PATHOLOGICAL_LABELS)],
            ),
            page(
                at("start_date"),
                [known[n % len(known)] + "\u00a0\n1" for n in range(PATHOLOGICAL_LABELS)],
            ),
        ],
        "bare CR": [text.replace(b"\r\n", b"\n").replace(b"\n", b"\r") for text in corpus],
    }


def _mapped(parsed: list[ParsedRecord], minter: Minter) -> Iterator[tuple[SourceInfo, list[Quad]]]:
    """Map every record as kg.build does: its source and its quads."""
    context = MappingContext(minter, READ_AT, __version__)
    for item in parsed:
        source = SourceInfo(Path(item.source).stem, item.sha256)
        yield source, map_record(item.record, source, context)


def map_stage(work: Work) -> list[Row]:
    """Map every parsed record to the quads of its graph (the library index included)."""
    parsed, minter = work.parsed(), Minter(DEFAULT_BASE)
    counts: list[int] = []
    runs = timed(
        work.repeat, lambda: counts.append(sum(len(q) for _, q in _mapped(parsed, minter)))
    )
    return [Row("map", runs, records=len(parsed), triples=counts[-1])]


def load(work: Work) -> list[Row]:
    """Map the parsed records and load them into a new store on disk as kg.build does.

    The build's own path (`kg.build._load`, in this one process): each chunk of graphs mapped,
    sorted and serialised, the files bulk-loaded with their union as the default graph. So
    the stage is map + sort + load (the `map` stage alone is the mapping). The last run's
    store stays in the working folder, with its named graphs (sorted N-Quads) in graph.nq.
    """
    parsed, minter = work.parsed(), Minter(DEFAULT_BASE)
    target = work.folder / STORE
    options = BuildOptions(read_at=READ_AT)
    counts: list[int] = []

    def clear() -> None:
        shutil.rmtree(target, ignore_errors=True)
        shutil.rmtree(work.folder / "snapshot", ignore_errors=True)

    def run() -> None:
        store = GraphStore.open(target)
        snapshot = _load(store, parsed, minter, options, None, work.folder / "snapshot").snapshot
        store.flush()
        shutil.copyfile(snapshot.quads_path, work.folder / DUMP)
        counts[:] = [snapshot.quad_count]

    runs = timed(work.repeat, run, before=clear)
    return [Row("load store", runs, records=len(parsed), triples=counts[0])]


def _validate(store: GraphStore, engine: str | None) -> int:
    """Validate with `engine` (None: the default); the number of results.

    kg.validation.validate may or may not take `engine` yet: without it, pyshacl on the whole graph
    is
    what validate_store does by default.
    """
    if engine is None:
        return len(validate_store(store).results)
    if "engine" in inspect.signature(validate_store).parameters:
        return len(validate_store(store, whole=True, engine=engine).results)  # type: ignore[call-arg]
    return len(validate_store(store, whole=True).results)


def validate(work: Work) -> list[Row]:
    """Validate the store with kg.validation.validate's default engine."""
    store = work.store()
    results: list[int] = []
    runs = timed(work.repeat, lambda: results.append(_validate(store, None)))
    triples = _named_quad_count(store)
    note = f"{results[-1]} results"
    return [Row("validate", runs, records=_records(work), triples=triples, note=note)]


def _named_quad_count(store: GraphStore) -> int:
    """The quads of the store's named graphs: all but its default graph (the view)."""
    return len(store) - store.union_count()


def _records(work: Work) -> int:
    return len(work.sources())


def _items(items: Iterable[T] | Callable[[], Iterable[T]]) -> Iterable[T]:
    """A release graph's quads or triples: a list, or (kg.export since issue 8) a method."""
    return items() if callable(items) else items


def export(work: Work) -> list[Row]:
    """Read the store into the open release graph (with its personal-data check), then write
    it in every format of kg.export.formats, each timed on its own."""
    store = work.store()
    records = _records(work)
    releases: list[tuple[ReleaseGraph, object]] = []

    def prepare() -> None:  # as kg.export.release.export_release does before its formats
        snapshot = store.snapshot() if hasattr(store, "snapshot") else store
        release, _ = _release_graph(snapshot, "open")
        check_open_release(watched_quads(release.store))
        releases[:] = [(release, snapshot)]  # a temporary snapshot lives as long as it is held

    rows = [Row("export: prepare", timed(work.repeat, prepare), records=records)]
    release, _snapshot = releases[0]
    publication = Publication(CatalogConfig(), READ_AT)
    rows[0].triples = sum(1 for _ in _items(release.quads))
    for name in FORMAT_NAMES:
        out = work.folder / "scratch" / f"export-{name}"
        runs = timed(
            work.repeat,
            lambda e=EXPORTERS[name], o=out: e.write(release, o, publication),
            lambda o=out: work.scratch(o.name),
        )
        items = _items(release.quads if name in DATASET_FORMATS else release.triples)
        size = sum(path.stat().st_size for path in out.iterdir())
        note = f"{size / 2**20:.1f} MiB"
        count = sum(1 for _ in items)
        rows.append(Row(f"export: {name}", runs, records=records, triples=count, note=note))
    return rows


def export_all(work: Work) -> list[Row]:
    """The whole open release as `kg export` writes it: every format, VoID and DCAT-AP."""
    store = work.store()
    out = work.folder / "scratch" / "release"
    options = ExportOptions(issued=READ_AT)
    triples: list[int] = []
    runs = timed(work.repeat, lambda: triples.append(export_release(store, out, options).triples))
    return [Row("export: release", runs, records=_records(work), triples=triples[-1])]


def queries(work: Work) -> list[Row]:
    """Run every stored query on the embedded store."""
    store = work.store()
    rows = []
    for query in load_catalogue().values():
        bindings = bind(query, sample_values(query, store))
        answers = len(run_local(store, query, bindings).rows)  # once to warm up, untimed
        runs = timed(work.repeat, lambda q=query, b=bindings: run_local(store, q, b))
        rows.append(Row(f"query: {query.name}", runs, note=f"{answers} rows"))
    return rows


def push(work: Work) -> list[Row]:
    """Push the store to the Oxigraph server at `--endpoint` with kg.sparql.endpoint (`kg push`)."""
    if work.endpoint is None:
        raise SystemExit("push needs --endpoint")
    store = work.store()
    sent: list[int] = []
    with SparqlEndpoint(work.endpoint, timeout=(5, 600)) as endpoint:
        runs = timed(work.repeat, lambda: sent.append(endpoint.push(store).triples))
    return [Row("push", runs, records=_records(work), triples=sent[-1])]


def build_stage(work: Work) -> list[Row]:
    """The whole `kg build`: parse, map, load, validate and the open release."""
    out = work.folder / "scratch" / "build"
    options = BuildOptions(read_at=READ_AT, workers=default_workers())  # as `kg build` does
    results = []
    runs = timed(
        work.repeat,
        lambda: results.append(build([work.texts], out, options)),
        lambda: work.scratch("build"),
    )
    result = results[-1]
    note = f"{result.records} records, {len(result.failures)} refused"
    return [Row("kg build", runs, records=_records(work), triples=result.quads, note=note)]


def site_stage(work: Work) -> list[Row]:
    """`kg site` of the build the `build` stage left (else of one built here, untimed)."""
    build_dir = work.folder / "scratch" / "build"
    if not (build_dir / STORE_DIR).is_dir():
        build([work.texts], build_dir, BuildOptions(read_at=READ_AT, workers=default_workers()))
    out = work.folder / "scratch" / "site"
    results = []
    runs = timed(
        work.repeat,
        lambda: results.append(
            write_site(build_dir / STORE_DIR, out, workers=default_workers())  # as `kg site`
        ),
        lambda: work.scratch("site"),
    )
    result = results[-1]
    note = f"{result.pages} pages of {result.things} things, {result.files} files"
    return [Row("kg site", runs, records=_records(work), note=note)]


# -- the anchors ---------------------------------------------------------------------------


def floor(work: Work) -> list[Row]:
    """pyoxigraph alone: graph.nq parsed into a memory store and dumped as N-Quads.

    Also, for the `load store` stage, graph.nq bulk-loaded into a new store on disk.
    """
    source = work.folder / DUMP
    target = work.folder / "scratch" / "floor-store"
    dumped = work.folder / "scratch" / "floor.nq"
    holder: list[Store] = []

    def parse_run() -> None:
        store = Store()
        store.load(path=str(source), format=RdfFormat.N_QUADS)
        holder[:] = [store]

    def disk_run() -> None:
        Store(str(target)).bulk_load(path=str(source), format=RdfFormat.N_QUADS)

    parse_runs = timed(work.repeat, parse_run, before=holder.clear)
    store = holder[0]
    triples = sum(1 for q in store if not isinstance(q.graph_name, DefaultGraph))
    dump_runs = timed(work.repeat, lambda: store.dump(output=str(dumped), format=RdfFormat.N_QUADS))
    holder.clear()
    disk_runs = timed(work.repeat, disk_run, before=lambda: shutil.rmtree(target, True))
    records = _records(work)
    return [
        Row("floor: parse", parse_runs, records=records, triples=triples),
        Row("floor: dump", dump_runs, records=records, triples=triples),
        Row("floor: parse to disk", disk_runs, records=records, triples=triples),
    ]


class TooLong(BaseException):
    """A step ran past its limit (`time_limit`)."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise TooLong in the block after `seconds` (pure-Python work only: rdflib, pyshacl)."""

    def alarm(signum: int, frame: FrameType | None) -> None:
        raise TooLong

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _plain_step(name: str, limit: float, run: Callable[[], object], **sizes: int) -> Row:
    """Run a plain step once; stopped past `limit` seconds and reported as skipped."""
    started = time.perf_counter()
    try:
        with time_limit(limit):
            run()
    except TooLong:
        return Row(name, [], note=f"skipped: stopped after {limit:g} s", **sizes)
    return Row(name, [time.perf_counter() - started], note="1 run", **sizes)


def plain(work: Work) -> list[Row]:
    """rdflib alone: graph.nq into a memory Dataset and its union graph, then its serialisers."""
    records = _records(work)
    dataset = rdflib.Dataset()
    union = rdflib.Graph()

    def load_run() -> None:
        dataset.parse(str(work.folder / DUMP), format="nquads")
        for subject, predicate, obj, _ in dataset.quads((None, None, None, None)):
            union.add((subject, predicate, obj))

    rows = [_plain_step("plain: load", work.limit, load_run, records=records)]
    rows[0].triples = sum(len(graph) for graph in dataset.graphs())
    for name, rdflib_format in RDFLIB_FORMATS.items():
        graph = dataset if name in DATASET_FORMATS else union
        out = work.scratch(f"plain-{name}") / f"plain.{name}"
        rows.append(
            _plain_step(
                f"plain: export {name}",
                work.limit,
                lambda g=graph, f=rdflib_format, o=out: g.serialize(
                    destination=str(o), format=f, encoding="utf-8"
                ),
                records=records,
                triples=len(graph),
            )
        )
    return rows


def plain_validate(work: Work) -> list[Row]:
    """pyshacl once on the whole graph (kg.validation.validate's pyshacl engine)."""
    store = work.store()
    results: list[int] = []
    row = _plain_step(
        "plain: validate",
        work.limit,
        lambda: results.append(_validate(store, "pyshacl")),
        records=_records(work),
        triples=_named_quad_count(store),
    )
    if results:
        row.note += f", {results[-1]} results"
    return [row]


GROUPS: dict[str, Callable[[Work], list[Row]]] = {
    "idle": idle,
    "read": read,
    "parse": parse,
    "pathological": pathological,
    "map": map_stage,
    "load": load,
    "validate": validate,
    "export": export,
    "export-release": export_all,
    "queries": queries,
    "push": push,
    "build": build_stage,
    "site": site_stage,
    "floor": floor,
    "plain": plain,
    "plain-validate": plain_validate,
}


def main(argv: list[str] | None = None) -> None:
    """Run one group in this process and write its rows and peak RSS as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("group", choices=sorted(GROUPS))
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--endpoint")
    parser.add_argument("--limit", type=float, default=PLAIN_LIMIT)
    parser.add_argument("--result", type=Path, required=True)
    args = parser.parse_args(argv)
    work = Work(args.workdir, args.repeat, args.endpoint, args.limit)
    rows = GROUPS[args.group](work)
    document = {
        "peak_rss_kib": peak_rss_kib(),
        "workers_peak_rss_kib": workers_peak_rss_kib(),
        "rows": [asdict(row) for row in rows],
    }
    args.result.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
