"""The main job as one function: record files -> the release folder.

    build(inputs, out_dir, options) -> BuildResult

parse every record -> map each to the quads of its own named graph -> load them into the store
on disk (`store/`, one graph per record, graphs of records no longer given removed; one bulk load)
-> (with `link`, look the libraries up in the registries: `kg.link`)
-> write the release: `records.jsonl` (the parsed records), `graph.trig` (every named graph)
and `graph.ttl` (their union) -> validate the store against the shapes and write
`validation.ttl` (the SHACL report graph) and `validation.txt` (the report for people).
A record that cannot be read is reported and left out. The registries' link graphs
(`graph/registry/...`) are not records: a build keeps them as they are unless it links anew.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pyoxigraph import NamedNode

from kg import __version__, resources
from kg.atomic import atomic_write
from kg.errors import ParseError, RequestError
from kg.iris import DEFAULT_BASE, Minter
from kg.mapping import MappingContext, SourceInfo, library_index, map_record
from kg.records.batch import Parsed, parse_sources
from kg.records.jsonify import record_to_json
from kg.records.model import ParseWarning
from kg.reference import reference_quads
from kg.store import GraphStore, Snapshot, write_dataset, write_triples
from kg.validate import Report, validate_store
from kg.validate_report import render_text, render_turtle
from kg.vocab import KG

if TYPE_CHECKING:  # kg.link brings the HTTP stack; a build without --link does not need it
    from kg.link import LinkProgress, LinkResult
    from kg.registries.http import RegistryConfig

RECORDS_FILE = "records.jsonl"
DATASET_FILE = "graph.trig"
UNION_FILE = "graph.ttl"
VALIDATION_GRAPH_FILE = "validation.ttl"
VALIDATION_TEXT_FILE = "validation.txt"
RELEASE_DIR = "release"  # the open release kg export would write, in OUT/release/
STORE_DIR = "store"
REFERENCE_GRAPH = "reference"

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
    lang: str = "en"  # the language of validation.txt
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
    """Parse, map and load every record in `inputs`, and write the release into `out_dir`."""
    minter = Minter(options.base)
    parsed, failures = _parse(inputs, minter)
    if not parsed:  # nothing to build: leave the last release and its store as they are
        return BuildResult(
            out_dir, 0, 0, 0, 0, files=(), validation=Report((), ()), failures=tuple(failures)
        )
    context = MappingContext(
        minter=minter,
        read_at=options.read_at,
        tool_version=__version__,
        libraries=library_index((item.record for item in parsed if item.record), minter),
    )
    reference = minter.graph(REFERENCE_GRAPH)
    graphs = {reference: reference_quads(minter, reference)}
    for done, item in enumerate(parsed, start=1):
        assert item.record is not None and item.sha256 is not None
        path = Path(item.source)
        source = SourceInfo(path.stem, item.sha256, options.page_urls.get(path.name))
        graphs[minter.record(source.name)] = map_record(item.record, source, context)
        if options.progress:
            options.progress(done, len(parsed))
    registry_graphs = minter.graph("registry").value + "/"
    store = GraphStore.open(out_dir / STORE_DIR)
    snapshot, removed = store.load_all(
        graphs, keep=lambda graph: graph.value.startswith(registry_graphs)
    )
    del graphs
    store.flush()
    links = _link(store, minter, options) if options.link else None
    if links is not None:  # the links changed the store's registry graphs
        snapshot = store.snapshot()
    files = _write_release(out_dir, parsed, snapshot)
    validation = Report((), ())
    if options.validate:
        validation = validate_store(store)
        files += _write_validation(out_dir, validation, options.lang)
    else:  # an older report would describe another graph
        for name in (VALIDATION_GRAPH_FILE, VALIDATION_TEXT_FILE):
            (out_dir / name).unlink(missing_ok=True)
    if options.release:
        # kg.export.release reads the store this module builds: imported here, not at the top
        from kg.export.release import ExportOptions, export_release

        export = ExportOptions(issued=options.read_at, base=options.base)
        release = export_release(store, out_dir / RELEASE_DIR, export, snapshot=snapshot)
        files += (release.folder,)
    return BuildResult(
        out_dir=out_dir,
        records=len(parsed),
        quads=len(snapshot.quads),
        libraries=len(store.subjects_of_type(KG.Library)),
        projects=len(store.subjects_of_type(KG.Project)),
        files=files,
        validation=validation,
        failures=tuple(failures),
        warnings=tuple(
            (item.source, warning)
            for item in parsed
            if item.record
            for warning in item.record.warnings
        ),
        removed_graphs=tuple(graph.value for graph in removed),
        links=links,
    )


def _link(store: GraphStore, minter: Minter, options: BuildOptions) -> LinkResult:
    """Run the registry look-ups over the store just built (kg.link, imported only here)."""
    from kg.link import link_store, load_config
    from kg.registries.http import REGISTRIES, RegistryClient

    config = options.link_config if options.link_config is not None else load_config(None)
    with RegistryClient(config) as client:
        return link_store(
            store, client, minter, options.registries or REGISTRIES, progress=options.link_progress
        )


def _parse(inputs: Iterable[str | Path], minter: Minter) -> tuple[list[Parsed], list[ParseError]]:
    """Parse every input; two files whose names give the same record graph keep the first."""
    parsed: list[Parsed] = []
    failures: list[ParseError] = []
    graphs: dict[NamedNode, str] = {}
    for item in parse_sources(inputs):
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


def _write_release(out_dir: Path, parsed: list[Parsed], snapshot: Snapshot) -> tuple[Path, ...]:
    records_path = out_dir / RECORDS_FILE
    with atomic_write(records_path) as stream:
        for item in parsed:
            assert item.record is not None
            stream.write(json.dumps(record_to_json(item.record), ensure_ascii=False) + "\n")
    write_dataset(snapshot.quads, out_dir / DATASET_FILE)
    write_triples(snapshot.triples, out_dir / UNION_FILE)
    return (records_path, out_dir / DATASET_FILE, out_dir / UNION_FILE)


def _write_validation(out_dir: Path, report: Report, lang: str) -> tuple[Path, ...]:
    graph_path, text_path = out_dir / VALIDATION_GRAPH_FILE, out_dir / VALIDATION_TEXT_FILE
    with atomic_write(graph_path, binary=True) as stream:
        stream.write(render_turtle(report))
    with atomic_write(text_path) as stream:
        stream.write(render_text(report, lang))
    return (graph_path, text_path)
