"""The main job as one function: record files -> the release folder.

    build(inputs, out_dir, options) -> BuildResult

parse every record -> consolidate what they say of shared things (`kg.consolidation`: the
consolidated graph) -> map each record to the quads of its own named graph -> load them into
the store on disk (`store/`, one graph per record, graphs of records no longer given removed;
the default graph the view; one bulk load) -> (with `link`, look the libraries up in the
registries, `kg.linking.link`, and consolidate anew with what they confirm)
-> write the release: `records.jsonl` (the parsed records), `graph.trig` (every named graph)
and `graph.ttl` (the view) -> validate the store against the shapes and write
`validation.ttl` (the SHACL report graph), `validation.txt` and `validation.html` (the report
for people: what the records hold and their fitness levels, `kg.validation.fitness`, then each
finding
with its record file and line).
A record that cannot be read is reported and left out. The registries' link graphs
(`graph/registry/...`) are not records: a build keeps them as they are unless it links anew.
"""

from __future__ import annotations

import copyreg
import json
import multiprocessing
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from multiprocessing.pool import Pool
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from pyoxigraph import NamedNode, Quad, RdfFormat, parse, serialize

from kg import __version__, resources
from kg.atomic import atomic_write, remove_stale_parts
from kg.consolidation import RecordFacts, Source, ViewFilter, confirmations_of, consolidate
from kg.errors import ParseError, RequestError
from kg.iris import CONSOLIDATED_GRAPH, DEFAULT_BASE, Minter, base_of
from kg.mapping.entities import record_entities
from kg.mapping.record import MappingContext, SourceInfo, map_record
from kg.mapping.reference import reference_quads
from kg.memory import return_freed_memory
from kg.process_job import ProcessJob, core_to_spare
from kg.records.batch import STDIN, Parsed, parse_sources, record_sources
from kg.records.jsonify import record_to_json
from kg.records.model import ParseWarning, Record
from kg.store.graph_store import (
    GraphStore,
    Snapshot,
    SortedChunk,
    sorted_chunk,
    write_dataset,
    write_triples,
)
from kg.validation.fitness import Fitness, assess
from kg.validation.html import render_html
from kg.validation.places import KeptValue, kept_as_written
from kg.validation.report import RecordTexts, render_text, render_turtle
from kg.validation.validate import Report, validate_store
from kg.vocab import KG

if TYPE_CHECKING:  # kg.linking.link brings the HTTP stack; a build without --link does not need it
    from kg.export.release import ExportOptions
    from kg.linking.link import LinkProgress, LinkResult
    from kg.linking.registries.http import RegistryConfig

RECORDS_FILE = "records.jsonl"
DATASET_FILE = "graph.trig"
UNION_FILE = "graph.ttl"
VALIDATION_GRAPH_FILE = "validation.ttl"
VALIDATION_TEXT_FILE = "validation.txt"
VALIDATION_HTML_FILE = "validation.html"
RELEASE_DIR = "release"  # the open release kg export would write, in OUT/release/
STORE_DIR = "store"
SNAPSHOT_DIR = ".snapshot"  # the sorted quads and union of a build in progress, then removed
REFERENCE_GRAPH = "reference"

PARALLEL_FROM = 400  # record files: below, one process (starting workers costs more)
WORKERS = 2
# Quads: from here, a process of its own writes the release while this one validates (starting
# it costs about 0.5 s), and up to here only, to keep the processes' memory together far from
# 4 GB: the release alone holds about 550 bytes a quad at its peak, the validation as much.
# Measured with all processes' RSS summed every 0.25 s: 1,000 records (61,000 quads) 4.1 s
# instead of 5.1; 10,000 (613,000) 33 s instead of 40, peak 725 MiB; 32,000 (1,966,000)
# 116 s, peak 1,974 MiB; 100,000 (6,139,000; one after the other) peak 3,357 MiB. Validating
# while the store loads, the release started the moment it is loaded: 10,000 records 25.5 s
# instead of 27.2 (3 runs each, alternating).
RELEASE_BESIDE_FROM = 20_000
RELEASE_BESIDE_UP_TO = 2_000_000
PARSE_BATCH = 100  # record files per parsing task
MAP_CHUNK = 250  # graphs per mapping task: the quads a worker holds at once

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class BuildOptions:
    """How to build: the IRI base, when records count as read, their pages, a progress callback.

    `page_urls` maps a record's file name to the URL of the page it copies, where known.
    """

    read_at: datetime
    base: str = DEFAULT_BASE
    page_urls: Mapping[str, str] = field(default_factory=dict)
    progress: Progress | None = None
    lang: str = "en"  # the language of validation.txt and validation.html
    validate: bool = True  # False skips SHACL (and the validation files): for quick rebuilds
    release: bool = True  # False skips the open release in OUT/release/
    link: bool = False  # True looks the libraries up in the registries (network, opt-in)
    link_config: RegistryConfig | None = None  # None: the defaults and the environment
    registries: tuple[str, ...] | None = None  # None: every registry
    link_progress: LinkProgress | None = None


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote, what it counted, and what it could not read."""

    out_dir: Path
    records: int
    quads: int
    libraries: int
    projects: int
    files: tuple[Path, ...]
    validation: Report
    failures: tuple[ParseError, ...] = ()
    warnings: tuple[tuple[str, ParseWarning], ...] = field(default=())
    removed_graphs: tuple[str, ...] = ()
    links: LinkResult | None = None  # when the build linked

    @property
    def ok(self) -> bool:
        """True when records were built, every input was read and no SHACL Violation found."""
        return self.records > 0 and not self.failures and self.validation.conforms


def default_read_at(environ: Mapping[str, str], now: Callable[[], datetime]) -> datetime:
    """Return when the records count as read, in UTC to the second.

    `SOURCE_DATE_EPOCH` (seconds since 1970) wins when set, for reproducible builds; else `now()`.
    """
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC)
        except (ValueError, OverflowError, OSError):
            raise RequestError(
                f"SOURCE_DATE_EPOCH must be seconds since 1970, not {epoch!r}"
            ) from None
    return now().astimezone(UTC).replace(microsecond=0)


def default_inputs() -> list[Path]:
    """Return the sample records that ship with the package (the input of a plain `kg build`)."""
    return [Path(str(seed)) for seed in resources.seed_files()]


def build(inputs: Iterable[str | Path], out_dir: Path, options: BuildOptions) -> BuildResult:
    """Parse, map and load every record in `inputs`, and write the release into `out_dir`.

    Past `PARALLEL_FROM` record files, parsing and mapping run in `WORKERS` processes.
    """
    minter = Minter(options.base)
    sources = record_sources(inputs)
    with _workers(sources) as pool:
        parsed, failures = _parse(sources, minter, pool)
        if not parsed:  # nothing to build: leave the last release and its store as they are
            return BuildResult(
                out_dir, 0, 0, 0, 0, files=(), validation=Report((), ()), failures=tuple(failures)
            )
        store = GraphStore.open(out_dir / STORE_DIR, rebuild=True)
        remove_stale_parts(out_dir, skip=frozenset({STORE_DIR}))
        snapshot_dir = out_dir / SNAPSHOT_DIR
        shutil.rmtree(snapshot_dir, ignore_errors=True)
        snapshot, removed, consolidated = _load(store, parsed, minter, options, pool, snapshot_dir)
    try:
        loaded = _Loaded(snapshot, removed, consolidated)
        return _finish(store, loaded, parsed, failures, minter, out_dir, options)
    finally:
        try:
            store.wait_for_load()  # it reads the snapshot's files
        finally:
            shutil.rmtree(snapshot_dir, ignore_errors=True)


@dataclass
class _Loaded:
    """What `_load` made: the Snapshot, the graphs it removed, the consolidated graph's quads."""

    snapshot: Snapshot
    removed: list[NamedNode]
    consolidated: list[Quad]


def _finish(
    store: GraphStore,
    loaded: _Loaded,
    parsed: list[Parsed],
    failures: list[ParseError],
    minter: Minter,
    out_dir: Path,
    options: BuildOptions,
) -> BuildResult:
    """Link (if asked), write the files, validate and export: the build after the load.

    The store may still be loading (`_load`): what reads only the snapshot comes first (the
    files, the validation's engine), and the first use of the store waits for the load. On a
    graph of middle size (`RELEASE_BESIDE_FROM`..`RELEASE_BESIDE_UP_TO` quads) the release is
    written by a process of its own, started once the store is loaded, while this one
    validates. `parsed` is emptied once its records are written (at 100,000 records they hold
    about 480 MiB).
    """
    snapshot, consolidated = loaded.snapshot, loaded.consolidated
    links = _link(store, minter, options) if options.link else None
    if links is not None:  # the links changed the registry graphs, so what they confirm
        consolidated = _reconsolidate(store, parsed, minter, options)
        snapshot = store.snapshot(out_dir / SNAPSHOT_DIR / "linked")
    files = _write_release(out_dir, parsed, snapshot)
    records = len(parsed)
    warnings = tuple(
        (item.source, warning) for item in parsed if item.record for warning in item.record.warnings
    )
    texts = RecordTexts.of_files(item.source for item in parsed)  # the lines of the findings
    parsed.clear()  # written: the records' memory goes before the validation's
    # kg.export reads the store this module builds: imported here, not at the top
    from kg.export.release import ExportOptions, export_release

    export = ExportOptions(issued=options.read_at, base=options.base)
    beside = None  # the release written by a process of its own while this one validates
    if options.release and options.validate and _release_beside(snapshot):
        beside = _ReleaseOnceLoaded(store, snapshot, out_dir / RELEASE_DIR, export)
    try:
        validation = Report((), ())
        fitness = None  # without a validation, the release counts it itself
        if options.validate:
            validation = validate_store(
                store,
                union=snapshot.triples(),
                merged=snapshot.merged_triples(),
                consolidated=[quad.triple for quad in consolidated],
            )
            fitness = assess(store, validation)
            kept = kept_as_written(store)
            files += _write_validation(out_dir, validation, options.lang, texts, fitness, kept)
            return_freed_memory()  # the validation's index, before the release's memory
        else:  # an older report would describe another graph
            for name in (VALIDATION_GRAPH_FILE, VALIDATION_TEXT_FILE, VALIDATION_HTML_FILE):
                (out_dir / name).unlink(missing_ok=True)
        if beside is not None:
            beside.wait()
            files += (out_dir / RELEASE_DIR,)
        elif options.release:
            release = export_release(
                store, out_dir / RELEASE_DIR, export, snapshot=snapshot, fitness=fitness
            )
            files += (release.folder,)
    finally:
        if beside is not None:
            beside.stop()
    store.flush()
    return BuildResult(
        out_dir=out_dir,
        records=records,
        quads=snapshot.quad_count,
        libraries=len(store.subjects_of_type(KG.Library)),
        projects=len(store.subjects_of_type(KG.Project)),
        files=files,
        validation=validation,
        failures=tuple(failures),
        warnings=warnings,
        removed_graphs=tuple(graph.value for graph in loaded.removed),
        links=links,
    )


class _ReleaseOnceLoaded:
    """The release written by a process of its own, started by a thread once the store is loaded.

    The build goes on meanwhile: the validation's engine reads the snapshot, not the store, so
    it runs while Oxigraph loads (one core each), and the release takes the core the load frees.
    """

    def __init__(
        self, store: GraphStore, snapshot: Snapshot, out: Path, export: ExportOptions
    ) -> None:
        self._job: ProcessJob | None = None
        self._error: BaseException | None = None
        self._stopping = False
        self._thread = threading.Thread(
            target=self._start, args=(store, snapshot, out, export), name="kg-release"
        )
        self._thread.start()

    def _start(
        self, store: GraphStore, snapshot: Snapshot, out: Path, export: ExportOptions
    ) -> None:
        from kg.export import release_process  # kg.export reads the store this module builds

        try:
            built_with = base_of(store.graphs())  # waits for the load
            if not self._stopping:
                self._job = release_process.start(snapshot, out, export, built_with)
        except BaseException as exc:  # handed to the thread that waits
            self._error = exc

    def wait(self) -> None:
        """Wait until the release is written; raise what stopped it (the load's error too)."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._job is not None
        self._job.wait()

    def stop(self) -> None:
        """End the release process if it still runs (after an error, or once waited for)."""
        self._stopping = True
        self._thread.join()
        if self._job is not None:
            self._job.stop()


def _release_beside(snapshot: Snapshot) -> bool:
    """Whether a process of its own should write the release while this one validates."""
    return RELEASE_BESIDE_FROM <= snapshot.quad_count <= RELEASE_BESIDE_UP_TO and core_to_spare()


def _mapping_proxy(items: dict) -> MappingProxyType:
    return MappingProxyType(items)


def _reduce_mapping_proxy(proxy: MappingProxyType) -> tuple[Callable, tuple[dict]]:
    return _mapping_proxy, (dict(proxy),)


def _parse_error(message: str, source: str, line: int) -> ParseError:
    return ParseError(message, source=source, line=line)


def _reduce_parse_error(error: ParseError) -> tuple[Callable, tuple[str, str, int]]:
    return _parse_error, (error.message, error.source, error.line)


# What a worker parses comes back pickled, and pickle knows neither the read-only mappings of
# a Record's sections nor how to make a ParseError (its arguments are keywords).
copyreg.pickle(MappingProxyType, _reduce_mapping_proxy)
copyreg.pickle(ParseError, _reduce_parse_error)


@contextmanager
def _workers(sources: list[str]) -> Iterator[Pool | None]:
    """Give a pool of worker processes for many record files, else None (all in this one)."""
    if (
        len(sources) < PARALLEL_FROM
        or STDIN in sources
        or WORKERS < 2
        or "fork" not in multiprocessing.get_all_start_methods()  # Windows: one process
    ):
        yield None
        return
    # Forked before the store is opened, so that no worker inherits its threads or locks.
    pool = multiprocessing.get_context("fork").Pool(WORKERS)
    try:
        yield pool
    finally:
        pool.terminate()
        pool.join()


def _load(
    store: GraphStore,
    parsed: list[Parsed],
    minter: Minter,
    options: BuildOptions,
    pool: Pool | None,
    folder: Path,
) -> tuple[Snapshot, list[NamedNode], list[Quad]]:
    """Map every record into its named graph and make those (and the kept graphs) the store.

    The graphs are dealt out in name order, a chunk at a time; each chunk comes back sorted and
    serialised (`kg.store.graph_store.sorted_chunk`), so the store loads and the release files are
    written
    from bytes, never from every quad held in Python.
    """
    context = MappingContext(minter=minter, read_at=options.read_at, tool_version=__version__)
    reference = minter.graph(REFERENCE_GRAPH)
    consolidated = minter.graph(CONSOLIDATED_GRAPH)
    jobs: dict[NamedNode, _Job] = {
        reference: serialize(reference_quads(minter, reference), format=RdfFormat.N_QUADS)
    }
    for item in parsed:
        assert item.record is not None and item.sha256 is not None
        path = Path(item.source)
        source = SourceInfo(path.stem, item.sha256, options.page_urls.get(path.name))
        jobs[minter.record(source.name)] = (item.record, source)
    registry_graphs = minter.graph("registry").value + "/"
    kept, removed = store.kept_graphs(
        [*jobs.keys(), consolidated], keep=lambda graph: graph.value.startswith(registry_graphs)
    )
    for graph, quads in kept.items():
        jobs[graph] = serialize(quads, format=RdfFormat.N_QUADS)
    registry = confirmations_of(quad for quads in kept.values() for quad in quads)
    consolidation = consolidate(_facts(parsed, minter, options), minter, registry)
    jobs[consolidated] = serialize(consolidation.quads, format=RdfFormat.N_QUADS)
    names = sorted(jobs, key=lambda graph: graph.value)
    size = MAP_CHUNK  # in one process too: a chunk's quads are all that is held at once
    tasks = (
        (context, consolidation.view, [(name, jobs[name]) for name in names[start : start + size]])
        for start in range(0, len(names), size)
    )
    chunks = pool.imap(_map_chunk, tasks) if pool is not None else map(_map_chunk, tasks)
    counted = _counted(chunks, len(parsed), options.progress)
    return store.load_sorted(counted, folder, background=True), removed, consolidation.quads


def _facts(parsed: list[Parsed], minter: Minter, options: BuildOptions) -> list[RecordFacts]:
    """Return what each record says of shared things, for the consolidated graph."""
    facts = []
    for item in parsed:
        assert item.record is not None
        graph = minter.record(Path(item.source).stem)
        stated_by = Source(item.record.year, options.read_at, graph)
        facts.append(RecordFacts(record_entities(item.record, minter), stated_by))
    return facts


def _reconsolidate(
    store: GraphStore, parsed: list[Parsed], minter: Minter, options: BuildOptions
) -> list[Quad]:
    """Write the consolidated graph anew with what the registries now confirm; the view too."""
    registry = minter.graph("registry").value + "/"
    quads = (
        quad
        for graph in sorted(store.graphs(), key=lambda name: name.value)
        if graph.value.startswith(registry)
        for quad in store.oxigraph.quads_for_pattern(None, None, None, graph)
    )
    consolidation = consolidate(_facts(parsed, minter, options), minter, confirmations_of(quads))
    with store.writing():  # a graph and the view made of it: one write
        store.replace_graph(minter.graph(CONSOLIDATED_GRAPH), consolidation.quads)
        store.refresh_union()
    return consolidation.quads


def _counted(
    chunks: Iterator[tuple[SortedChunk, int]], total: int, progress: Progress | None
) -> Iterator[SortedChunk]:
    done = 0
    for chunk, records in chunks:
        if progress:
            for number in range(done + 1, done + records + 1):
                progress(number, total)
        done += records
        yield chunk


# A graph to load: a record to map (with where it came from), or quads ready as N-Quads bytes.
_Job = tuple[Record, SourceInfo] | bytes
_Task = tuple[MappingContext, ViewFilter, list[tuple[NamedNode, _Job]]]


def _map_chunk(task: _Task) -> tuple[SortedChunk, int]:
    """Map the records of one chunk (in a worker); its graphs sorted and serialised."""
    context, view, jobs = task

    def quads(job: _Job) -> Iterable[Quad]:
        if isinstance(job, bytes):
            return parse(job, format=RdfFormat.N_QUADS)
        return map_record(job[0], job[1], context)

    records = sum(1 for _, job in jobs if not isinstance(job, bytes))
    return sorted_chunk(((name, quads(job)) for name, job in jobs), view), records


def _link(store: GraphStore, minter: Minter, options: BuildOptions) -> LinkResult:
    """Run the registry look-ups over the store just built (kg.linking.link, imported only here)."""
    from kg.linking.link import link_store, load_config
    from kg.linking.registries.http import REGISTRIES, RegistryClient

    config = options.link_config if options.link_config is not None else load_config(None)
    registries = options.registries or REGISTRIES
    with RegistryClient(config, registries) as client:
        return link_store(store, client, minter, registries, progress=options.link_progress)


def _parse(
    inputs: Iterable[str | Path], minter: Minter, pool: Pool | None = None
) -> tuple[list[Parsed], list[ParseError]]:
    """Parse every input; two files whose names give the same record graph keep the first."""
    sources = record_sources(inputs)
    if pool is None:
        outcomes: Iterable[Parsed] = parse_sources(sources)
    else:  # in order, a batch of files per task
        batches = [
            sources[start : start + PARSE_BATCH] for start in range(0, len(sources), PARSE_BATCH)
        ]
        outcomes = (item for batch in pool.imap(_parse_batch, batches) for item in batch)
    parsed: list[Parsed] = []
    failures: list[ParseError] = []
    graphs: dict[NamedNode, str] = {}
    for item in outcomes:
        if item.error is not None:
            failures.append(item.error)
            continue
        graph = minter.record(Path(item.source).stem)
        if graph in graphs:
            failures.append(
                ParseError(
                    f"has the same file name as {graphs[graph]}; record graphs are named after "
                    "their files, so this one is left out",
                    source=item.source,
                    line=1,
                )
            )
            continue
        graphs[graph] = item.source
        # The release names each record by its file name, not by the path it was given as, so
        # that it does not depend on where the records were or how the path was typed.
        named = replace(item.record, source=Path(item.source).name)
        parsed.append(replace(item, record=named))
    return parsed, failures


def _parse_batch(sources: list[str]) -> list[Parsed]:
    return list(parse_sources(sources))


def _write_release(out_dir: Path, parsed: list[Parsed], snapshot: Snapshot) -> tuple[Path, ...]:
    records_path = out_dir / RECORDS_FILE
    with atomic_write(records_path) as stream:
        for item in parsed:
            assert item.record is not None
            stream.write(json.dumps(record_to_json(item.record), ensure_ascii=False) + "\n")
    write_dataset(snapshot.quads(), out_dir / DATASET_FILE)
    write_triples(snapshot.union_quads(), out_dir / UNION_FILE)
    return (records_path, out_dir / DATASET_FILE, out_dir / UNION_FILE)


def _write_validation(
    out_dir: Path,
    report: Report,
    lang: str,
    texts: RecordTexts,
    fitness: Fitness,
    kept: Sequence[KeptValue],
) -> tuple[Path, ...]:
    """Write the SHACL report graph, the text report (folded) and the HTML report (all).

    Both reports for people open with what `fitness` counts and end with the values `kept`
    as written.
    """
    graph_path, text_path = out_dir / VALIDATION_GRAPH_FILE, out_dir / VALIDATION_TEXT_FILE
    html_path = out_dir / VALIDATION_HTML_FILE
    with atomic_write(graph_path, binary=True) as stream:
        stream.write(render_turtle(report))
    with atomic_write(text_path) as stream:
        stream.write(render_text(report, lang, texts=texts, fitness=fitness, kept=kept))
    with atomic_write(html_path) as stream:
        stream.write(render_html(report, lang, texts=texts, fitness=fitness, kept=kept))
    return (graph_path, text_path, html_path)
