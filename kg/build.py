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

With `BuildOptions(workers=N)` above 1, a pool of N worker processes (`concurrent.futures`)
parses and maps the records, and one of them writes the release while this process validates;
the release's catalogue is written here once the validation has given the records' fitness.
A graph larger than `BuildOptions.beside_up_to` quads is built one memory-heavy step at a
time instead: the store's load, then the validation, then the release, written here.
"""

from __future__ import annotations

import json
import math
import shutil
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent import futures
from concurrent.futures import Executor, Future
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pyoxigraph import NamedNode, Quad, RdfFormat, Triple, parse, serialize

from kg import __version__, resources
from kg.atomic import atomic_write, remove_stale_parts
from kg.consolidation import RecordFacts, Source, ViewFilter, confirmations_of, consolidate
from kg.errors import ParseError
from kg.export.release import (
    ExportOptions,
    ExportResult,
    StagedRelease,
    export_release,
    finish_release,
    stage_release,
)
from kg.iris import CONSOLIDATED_GRAPH, DEFAULT_BASE, Minter, base_of
from kg.mapping.entities import record_entities
from kg.mapping.record import MappingContext, SourceInfo, map_record
from kg.mapping.reference import reference_quads
from kg.records.batch import STDIN, Parsed, ParsedRecord, parse_files, record_sources
from kg.records.jsonify import record_to_json
from kg.records.model import ParseWarning, Record
from kg.store import STORE_DIR
from kg.store.graph_store import GraphStore
from kg.store.snapshot import Snapshot, SortedChunk, sorted_chunk
from kg.store.writers import write_dataset, write_triples
from kg.validation.fitness import Fitness, assess, assess_snapshot
from kg.validation.html import render_html
from kg.validation.places import KeptValue, kept_as_written
from kg.validation.report import RecordTexts, render_text, render_turtle
from kg.validation.validate import Report, validate_store
from kg.vocab import KG
from kg.workers import process_pool

if TYPE_CHECKING:  # kg.linking.link brings the HTTP stack; a build without --link does not need it
    from kg.linking.link import LinkProgress, LinkResult
    from kg.linking.registries.http import RegistryConfig

__all__ = ["STORE_DIR", "BuildOptions", "BuildResult", "build", "default_inputs"]

RECORDS_FILE = "records.jsonl"
DATASET_FILE = "graph.trig"
UNION_FILE = "graph.ttl"
VALIDATION_GRAPH_FILE = "validation.ttl"
VALIDATION_TEXT_FILE = "validation.txt"
VALIDATION_HTML_FILE = "validation.html"
RELEASE_DIR = "release"  # the open release kg export would write, in OUT/release/
SNAPSHOT_DIR = ".snapshot"  # the sorted quads and union of a build in progress, then removed
REFERENCE_GRAPH = "reference"

PARSE_BATCH = 100  # record files per parsing task, at most
MAP_CHUNK = 250  # graphs per mapping chunk, at most: the quads a process holds at once
TASKS_PER_WORKER = 4  # the least number of tasks a worker gets, for an even share

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class BuildOptions:
    """How to build: the IRI base, when records count as read, their pages, a progress callback.

    `page_urls` maps a record's file name to the URL of the page it copies, where known.
    `workers` is the number of worker processes; 1 does everything in this process.
    `beside_up_to` is the most quads a graph may have for its memory-heavy steps to overlap.
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
    workers: int = 1
    # Up to this many quads, the store loads, the release is staged and the validation runs at
    # once; above it, one after another, so that their memory is not needed all at once.
    beside_up_to: int = 2_000_000


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
    release_warnings: tuple[str, ...] = ()  # the release's (ExportResult.warnings), once

    @property
    def ok(self) -> bool:
        """True when records were built, every input was read and no SHACL Violation found."""
        return self.records > 0 and not self.failures and self.validation.conforms


def default_inputs() -> list[Path]:
    """Return the sample records that ship with the package (the input of a plain `kg build`)."""
    return [Path(str(seed)) for seed in resources.seed_files()]


def build(inputs: Iterable[str | Path], out_dir: Path, options: BuildOptions) -> BuildResult:
    """Parse, map and load every record in `inputs`, and write the release into `out_dir`."""
    minter = Minter(options.base)
    sources = record_sources(inputs)
    with _workers(options.workers) as pool:
        parsed, failures = _parse(sources, minter, pool, options.workers)
        if not parsed:  # nothing to build: leave the last release and its store as they are
            return BuildResult(
                out_dir, 0, 0, 0, 0, files=(), validation=Report((), ()), failures=tuple(failures)
            )
        store = GraphStore.open(out_dir / STORE_DIR, rebuild=True)
        remove_stale_parts(out_dir, skip=frozenset({STORE_DIR}))
        snapshot_dir = out_dir / SNAPSHOT_DIR
        shutil.rmtree(snapshot_dir, ignore_errors=True)
        try:
            loaded = _load(store, parsed, minter, options, pool, snapshot_dir)
            return _finish(store, loaded, parsed, failures, minter, out_dir, options, pool)
        finally:
            try:
                store.wait_for_load()  # it reads the snapshot's files
            finally:
                shutil.rmtree(snapshot_dir, ignore_errors=True)


@contextmanager
def _workers(workers: int) -> Iterator[Executor | None]:
    """Give a pool of `workers` processes, or None for one (everything in this process).

    Where processes can be forked, the pool forks them all at its first task, which comes
    before the store (and its threads) is opened.
    """
    if workers < 2:
        yield None
        return
    with process_pool(workers) as pool:
        try:
            yield pool
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise


@dataclass
class _Loaded:
    """What `_load` made: the Snapshot, the graphs it removed, the consolidated graph's quads."""

    snapshot: Snapshot
    removed: list[NamedNode]
    consolidated: list[Quad]
    built_with: str | None  # the IRI base of the record graphs (kg.iris.base_of)


def _finish(
    store: GraphStore,
    loaded: _Loaded,
    parsed: list[ParsedRecord],
    failures: list[ParseError],
    minter: Minter,
    out_dir: Path,
    options: BuildOptions,
    pool: Executor | None,
) -> BuildResult:
    """Link (if asked), write the files, validate and export: the build after the load.

    The store may still be loading (`_load`): what reads only the snapshot comes first (the
    files, the validation's engine, the release), and the first use of the store waits for the
    load. With a pool, the workers write the graph files and stage the release meanwhile
    (`stage_release`); the release's catalogue is written here with the fitness the validation
    gives. A graph above `options.beside_up_to` quads is not validated before the store has
    loaded, and its release is written here after the validation. `parsed` is emptied once its
    records are written.
    """
    snapshot, consolidated = loaded.snapshot, loaded.consolidated
    links = _link(store, minter, options) if options.link else None
    if links is not None:  # the links changed the registry graphs, so what they confirm
        consolidated = _reconsolidate(store, parsed, minter, options)
        snapshot = store.snapshot(out_dir / SNAPSHOT_DIR / "linked")
    export = ExportOptions(issued=options.read_at, base=options.base)
    staging: Future[StagedRelease] | None = None
    graph_files: Future[tuple[Path, ...]] | None = None
    beside = snapshot.quad_count <= options.beside_up_to
    if pool is not None:  # the workers write from the snapshot while this process validates
        if options.release and beside:
            release_dir = out_dir / RELEASE_DIR
            staging = pool.submit(stage_release, snapshot, release_dir, export, loaded.built_with)
        graph_files = pool.submit(_write_graph_files, out_dir, snapshot)
    try:
        files: tuple[Path, ...] = (_write_records(out_dir, parsed),)
        if graph_files is None:
            files += _write_graph_files(out_dir, snapshot)
        records = len(parsed)
        warnings = tuple(
            (item.source, warning) for item in parsed for warning in item.record.warnings
        )
        texts = RecordTexts.of_files(item.source for item in parsed)  # the lines of the findings
        parsed.clear()  # written: the records' memory goes before the validation's
        validation = Report((), ())
        fitness: Fitness | None = None
        checked: tuple[Path, ...] = ()
        if options.validate and not beside and pool is not None:
            # A large graph is validated by a worker, whose memory goes back to the system
            # when the pool ends, before this process writes the release.
            store.finish_loading()
            store.flush()
            store.oxigraph.optimize()  # no file of the store changes while a worker opens it
            validated = pool.submit(
                _validate_apart, Path(store.where), snapshot, out_dir, options.lang, texts
            )
            if graph_files is not None:
                files += graph_files.result()
                graph_files = None
            validation, fitness, checked = validated.result()
            pool.shutdown(wait=True)
        elif options.validate:
            if not beside:
                store.finish_loading()
            validation, fitness, checked = _validate(
                store,
                snapshot,
                out_dir,
                options.lang,
                texts,
                consolidated=[quad.triple for quad in consolidated],
            )
        else:  # an older report would describe another graph
            for name in (VALIDATION_GRAPH_FILE, VALIDATION_TEXT_FILE, VALIDATION_HTML_FILE):
                (out_dir / name).unlink(missing_ok=True)
        del texts  # every record's lines: their memory goes before the release's
        if graph_files is not None:
            files += graph_files.result()
        files += checked
        release: ExportResult | None = None
        if staging is not None:
            staged = staging.result()
            release = finish_release(
                staged, fitness if fitness is not None else assess_snapshot(snapshot)
            )
        elif options.release:
            release = export_release(
                store, out_dir / RELEASE_DIR, export, snapshot=snapshot, fitness=fitness
            )
        if release is not None:
            files += (release.folder,)
    except BaseException:
        if staging is not None:
            _discard(staging)
        raise
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
        release_warnings=tuple(release.warnings) if release is not None else (),
    )


def _validate(
    store: GraphStore,
    snapshot: Snapshot,
    out_dir: Path,
    lang: str,
    texts: RecordTexts,
    consolidated: list[Triple] | None = None,
) -> tuple[Report, Fitness, tuple[Path, ...]]:
    """Validate the store, count the records' fitness and write the validation files."""
    validation = validate_store(
        store,
        union=snapshot.triples(),
        merged=snapshot.merged_triples(),
        consolidated=consolidated,
    )
    fitness = assess(store, validation)
    kept = kept_as_written(store)
    return validation, fitness, _write_validation(out_dir, validation, lang, texts, fitness, kept)


def _validate_apart(
    store_dir: Path, snapshot: Snapshot, out_dir: Path, lang: str, texts: RecordTexts
) -> tuple[Report, Fitness, tuple[Path, ...]]:
    """`_validate` in a worker process, on the store (loaded) opened read-only beside the build."""
    return _validate(GraphStore.open(store_dir, read_only=True), snapshot, out_dir, lang, texts)


def _discard(staging: Future[StagedRelease]) -> None:
    """Wait for a release being staged and remove what it staged (the build failed)."""
    if staging.cancel():
        return
    futures.wait([staging])
    if staging.exception() is None:
        shutil.rmtree(staging.result().staging, ignore_errors=True)


def _load(
    store: GraphStore,
    parsed: list[ParsedRecord],
    minter: Minter,
    options: BuildOptions,
    pool: Executor | None,
    folder: Path,
) -> _Loaded:
    """Map every record into its named graph and make those (and the kept graphs) the store.

    The graphs are dealt out in name order, a chunk at a time; each chunk comes back sorted and
    serialised (`kg.store.snapshot.sorted_chunk`), so the store loads and the release files are
    written from bytes, never from every quad held in Python. The store loads in a thread.
    """
    context = MappingContext(minter=minter, read_at=options.read_at, tool_version=__version__)
    reference = minter.graph(REFERENCE_GRAPH)
    consolidated = minter.graph(CONSOLIDATED_GRAPH)
    jobs: dict[NamedNode, _Job] = {reference: _n_quads(reference_quads(minter, reference))}
    for item in parsed:
        path = Path(item.source)
        source = SourceInfo(path.stem, item.sha256, options.page_urls.get(path.name))
        jobs[minter.record(source.name)] = (item.record, source)
    registry_graphs = minter.graph("registry").value + "/"
    kept, removed = store.kept_graphs(
        [*jobs.keys(), consolidated], keep=lambda graph: graph.value.startswith(registry_graphs)
    )
    for graph, quads in kept.items():
        jobs[graph] = _n_quads(quads)
    registry = confirmations_of(quad for quads in kept.values() for quad in quads)
    consolidation = consolidate(_facts(parsed, minter, options), minter, registry)
    jobs[consolidated] = _n_quads(consolidation.quads)
    names = sorted(jobs, key=lambda graph: graph.value)
    size = _task_size(len(names), MAP_CHUNK, options.workers) if pool is not None else MAP_CHUNK
    tasks = (
        (context, consolidation.view, [(name, jobs[name]) for name in names[start : start + size]])
        for start in range(0, len(names), size)
    )
    chunks = pool.map(_map_chunk, tasks) if pool is not None else map(_map_chunk, tasks)
    counted = _counted(chunks, len(parsed), options.progress)
    snapshot = store.load_sorted(counted, folder, background=True)
    return _Loaded(snapshot, removed, consolidation.quads, base_of(names))


def _n_quads(quads: Iterable[Quad]) -> bytes:
    return serialize(quads, format=RdfFormat.N_QUADS) or b""  # no output given: bytes back


def _task_size(items: int, most: int, workers: int) -> int:
    """Return how many items a task takes: at most `most`, and a few tasks for every worker."""
    return max(1, min(most, math.ceil(items / (workers * TASKS_PER_WORKER))))


def _facts(parsed: list[ParsedRecord], minter: Minter, options: BuildOptions) -> list[RecordFacts]:
    """Return what each record says of shared things, for the consolidated graph."""
    facts = []
    for item in parsed:
        graph = minter.record(Path(item.source).stem)
        stated_by = Source(item.record.year, options.read_at, graph)
        facts.append(RecordFacts(record_entities(item.record, minter), stated_by))
    return facts


def _reconsolidate(
    store: GraphStore, parsed: list[ParsedRecord], minter: Minter, options: BuildOptions
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
    """Map the records of one chunk (in a worker, given a pool); its graphs sorted, serialised."""
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
    sources: list[str], minter: Minter, pool: Executor | None = None, workers: int = 1
) -> tuple[list[ParsedRecord], list[ParseError]]:
    """Parse every source; two files whose names give the same record graph keep the first."""
    if pool is None or STDIN in sources:  # a worker cannot read this process's standard input
        outcomes: Iterable[Parsed] = parse_files(sources)
    else:  # in order, a batch of files per task
        size = _task_size(len(sources), PARSE_BATCH, workers)
        batches = [sources[start : start + size] for start in range(0, len(sources), size)]
        outcomes = (item for batch in pool.map(parse_files, batches) for item in batch)
    parsed: list[ParsedRecord] = []
    failures: list[ParseError] = []
    graphs: dict[NamedNode, str] = {}
    for item in outcomes:
        if not isinstance(item, ParsedRecord):
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


def _write_records(out_dir: Path, parsed: list[ParsedRecord]) -> Path:
    """Write the parsed records as JSON Lines (`RECORDS_FILE`); its path."""
    records_path = out_dir / RECORDS_FILE
    with atomic_write(records_path) as stream:
        for item in parsed:
            stream.write(json.dumps(record_to_json(item.record), ensure_ascii=False) + "\n")
    return records_path


def _write_graph_files(out_dir: Path, snapshot: Snapshot) -> tuple[Path, ...]:
    """Write every named graph as TriG and their view as Turtle (in a worker, given a pool)."""
    write_dataset(snapshot.quads(), out_dir / DATASET_FILE)
    write_triples(snapshot.union_quads(), out_dir / UNION_FILE)
    return (out_dir / DATASET_FILE, out_dir / UNION_FILE)


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
