"""A release: the store's graph in the chosen formats and profile, with its DCAT-AP description.

    result = export_release(store, out, ExportOptions(profile="open", formats=("all",), ...))

    staged = stage_release(snapshot, out, options, built_with)   every file but the catalogue
    result = finish_release(staged, fitness)                     the catalogue; swapped in

The files are written into a staging folder beside `out` and swapped in when all of them are
complete, so an export that fails or is killed leaves the previous release as it was. The
`open` profile leaves personal data out (kg.export.profiles) and proves it with the SHACL
shapes of `shapes/open_release.ttl`; `full` keeps everything. The catalogue measures the
records' completeness and fitness: the caller's (kg build counts it from its validation), else
`kg.validation.fitness` run on the snapshot (no validation report is at hand here). The two
steps let kg build stage the release in a worker process while it validates, and finish it
with the fitness its validation gives.
"""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from pyoxigraph import Literal, Quad, RdfFormat, Store, parse

from kg.atomic import atomic_write, staging_folder, swap_in
from kg.clock import default_read_at
from kg.errors import CatalogDefaults, PersonalDataInRelease, RequestError
from kg.export.dcat.catalog import (
    DistributionFile,
    ReleaseInfo,
    dataset_iri,
    describe_release,
    download_url,
    write_catalog,
)
from kg.export.dcat.config import (
    LANGUAGES,
    PORTALS,
    CatalogConfig,
    catalog_warnings,
    load_catalog_config,
)
from kg.export.dcat.void import describe_void, write_void
from kg.export.formats import EXPORTERS, FORMAT_NAMES, Publication, ReleaseGraph, write_formats
from kg.export.giving360 import years_without_award_date
from kg.export.jsonld import CONTEXT_FILE, dump, load_context
from kg.export.profiles import PROFILES, PersonalData
from kg.iris import DEFAULT_BASE, base_of
from kg.store.graph_store import GraphStore
from kg.store.snapshot import QUADS_FILE, UNION_FILE, Snapshot
from kg.validation.fitness import Fitness, assess_snapshot
from kg.validation.validate import load_shape_files, validate_store
from kg.vocab import KG, ORG, PROV, RDF, SCHEMA
from kg.workers import process_pool

OPEN_RELEASE_SHAPES = "open_release.ttl"
# What the open shapes check: e-mails and phones, links to persons, the values records state,
# fields as written, image credits, and the links from a person to their library's phones.
_WATCHED = (
    SCHEMA.email,
    SCHEMA.telephone,
    SCHEMA.contactPoint,
    KG.partnerPerson,
    RDF.value,
    KG.property,
    KG.statedValue,
    KG.fieldPath,
    KG.originalText,
    KG.imageCredit,
    KG.mergedInto,
    ORG.unitOf,
    SCHEMA.worksFor,
)
DUMPS = ("ttl", "nt", "rdfxml", "nq", "trig")  # the files that hold the whole graph (VoID)


@dataclass(frozen=True)
class ExportOptions:
    """How to export: the profile, the formats, where the files will be published."""

    issued: datetime
    profile: str = "open"
    formats: Sequence[str] = ("all",)
    base: str | None = None  # of the catalogue's IRIs; None: the base the store was built with
    download_base: str | None = None
    catalog_config: Path | None = None
    portal: str | None = None  # whose catalogue shapes to follow; None: the configuration's
    sparql_endpoint: str | None = None
    strict_catalog: bool = False  # refuse a description that keeps a default (catalog_warnings)
    lang: str = "fi"  # of the workbook's headers, the Data Package and the 360Giving names


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote, and what the open profile left out."""

    folder: Path
    files: list[Path]
    triples: int
    quads: int
    left_out: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def parse_formats(text: str) -> tuple[str, ...]:
    """Read `--format ttl,jsonld` (or `all`) into format names, or raise RequestError."""
    names = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    if not names or "all" in names:
        return FORMAT_NAMES
    unknown = [name for name in names if name not in EXPORTERS]
    if unknown:
        raise RequestError(
            f"unknown format {', '.join(unknown)}; choose from {', '.join(FORMAT_NAMES)}, all",
            where="--format",
        )
    return names


@dataclass(frozen=True)
class StagedRelease:
    """A release written into its staging folder, all but its catalogue (`finish_release`).

    Paths and plain data only: a worker process hands it back.
    """

    out: Path
    staging: Path
    files: list[DistributionFile]  # the distributions (VoID's included), in format order
    context: Path
    union: Path  # the exported graph's union (N-Triples), which the catalogue describes
    info: ReleaseInfo
    config: CatalogConfig
    triples: int
    quads: int
    left_out: dict[str, int]
    warnings: list[str]


def export_release(
    store: GraphStore,
    out: Path,
    options: ExportOptions,
    *,
    snapshot: Snapshot | None = None,
    fitness: Fitness | None = None,
    workers: int = 1,
) -> ExportResult:
    """Write the release of `store` into `out` (replacing the release there, all at once).

    `snapshot` is the store's content when the caller holds it already (kg build), which
    spares reading every quad back from the disk; `fitness` the records' fitness when the
    caller counted it (`kg.validation.fitness.assess`), which spares counting it anew. With
    `workers` above 1, a worker process writes the JSON-LD documents meanwhile.
    """
    settings = _settings(options)  # a wrong option is refused before the store is read
    if snapshot is None:
        snapshot = store.snapshot()
    built_with = base_of(store.graphs())
    if workers > 1:
        with process_pool(1) as executor:
            staged, exported = _stage(snapshot, out, options, settings, built_with, executor)
    else:
        staged, exported = _stage(snapshot, out, options, settings, built_with, None)
    try:
        if fitness is None:  # of the records as built, whatever the profile
            fitness = assess_snapshot(snapshot)
    except BaseException:
        shutil.rmtree(staged.staging, ignore_errors=True)
        raise
    return finish_release(staged, fitness, exported)


def stage_release(
    snapshot: Snapshot, out: Path, options: ExportOptions, built_with: str | None
) -> StagedRelease:
    """Write every file of the release of `snapshot`'s graphs but the catalogue, staged.

    `built_with` is the IRI base the graphs were minted under (`kg.iris.base_of`). Files only,
    no store: what a worker process can do. `finish_release` completes it.
    """
    staged, _ = _stage(snapshot, out, options, _settings(options), built_with, None)
    return staged


def _stage(
    snapshot: Snapshot,
    out: Path,
    options: ExportOptions,
    settings: tuple[tuple[str, ...], CatalogConfig],
    built_with: str | None,
    executor: Executor | None,
) -> tuple[StagedRelease, Store]:
    """Stage the release (as stage_release); also the store of the exported union it loaded."""
    formats, config = settings
    base = options.base or built_with or DEFAULT_BASE
    warnings = catalog_warnings(config, options.download_base, formats)
    if options.base and built_with and options.base != built_with:
        warnings.append(
            f"--base {options.base} names the catalogue and dataset only; the entities keep "
            f"the IRIs under {built_with} that kg build minted (build with --base to change them)"
        )
    release, personal = _apply_profile(snapshot, options.profile)
    undated = (
        years_without_award_date(release.store, config.award_dates)
        if "360giving" in formats and config.award_dates
        else []
    )
    if undated:
        warnings.append(
            f"the 360Giving grants of the call years {', '.join(map(str, undated))} have no "
            "award date: `award_dates` in the file of `kg export --catalog` gives no day for them"
        )
    left_out = personal.counts() if personal is not None else {}
    if personal is not None:
        check_open_release(watched_quads(release.store), personal.numbers_of_persons())
    staging = staging_folder(out)
    try:
        publication = Publication(config, options.issued, options.lang)
        files = write_formats(release, formats, staging, publication, executor=executor)
        context_path = staging / CONTEXT_FILE
        with atomic_write(context_path, binary=True) as stream:
            stream.write(dump({"@context": release.context}))
        info = ReleaseInfo(
            profile=options.profile,
            issued=options.issued,
            download_base=options.download_base,
            base=base,
            sparql_endpoint=options.sparql_endpoint,
        )
        dumps = [
            download_url(config, info, file.path.name) for file in files if file.format in DUMPS
        ]
        void = describe_void(release.store, dataset_iri(info), info, dumps=dumps)
        files.append(DistributionFile(write_void(void, staging), "void"))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    staged = StagedRelease(
        out=out,
        staging=staging,
        files=files,
        context=context_path,
        union=release.snapshot.union_path,
        info=info,
        config=config,
        triples=release.snapshot.triple_count,
        quads=release.snapshot.quad_count,
        left_out=left_out,
        warnings=warnings,
    )
    return staged, release.store


def finish_release(
    staged: StagedRelease, fitness: Fitness, exported: Store | None = None
) -> ExportResult:
    """Write the catalogue of a staged release, with `fitness`, and put the release in place.

    `exported` is the store of the exported union when the caller holds it; else it is loaded
    from the staged union's file. A failure removes the staging folder.
    """
    try:
        if exported is None:
            exported = Store()
            exported.bulk_load(path=staged.union, format=RdfFormat.N_TRIPLES)
        catalogue = describe_release(
            exported, staged.files, staged.config, staged.info, fitness=fitness
        )
        written = [file.path for file in staged.files] + [staged.context]
        written += write_catalog(catalogue, staged.staging)
        swap_in(staged.staging, staged.out, "release")
    except BaseException:
        shutil.rmtree(staged.staging, ignore_errors=True)
        raise
    return ExportResult(
        folder=staged.out,
        files=sorted(staged.out / path.name for path in written),
        triples=staged.triples,
        quads=staged.quads,
        left_out=staged.left_out,
        warnings=staged.warnings,
    )


def _settings(options: ExportOptions) -> tuple[tuple[str, ...], CatalogConfig]:
    """Return the formats and the catalogue configuration `options` ask for, or refuse them."""
    if options.profile not in PROFILES:
        raise RequestError(
            f"unknown profile {options.profile}; choose {' or '.join(PROFILES)}",
            where="--profile",
        )
    formats = parse_formats(",".join(options.formats))
    if options.lang not in LANGUAGES:
        raise RequestError(
            f"unknown language {options.lang}; choose {', '.join(LANGUAGES)}", where="--lang"
        )
    config = load_catalog_config(options.catalog_config)
    if options.portal is not None:
        if options.portal not in PORTALS:
            raise RequestError(
                f"unknown portal {options.portal}; choose {' or '.join(PORTALS)}",
                where="--portal",
            )
        config = replace(config, portal=options.portal)
    if options.strict_catalog and (
        defaults := catalog_warnings(config, options.download_base, formats)
    ):
        raise CatalogDefaults(
            f"the release's description keeps {len(defaults)} "
            f"default{'s' if len(defaults) > 1 else ''} (above); nothing was written",
            where="--strict-catalog",
            lines=defaults,
        )
    return formats, config


def default_issued(store: GraphStore, environ: Mapping[str, str]) -> datetime:
    """Return a release's date when none is given: SOURCE_DATE_EPOCH, else the data's own.

    The data's own is the latest time a record was read (prov:generatedAtTime), so the same
    store always gives the same release; a store without one gives the time now.
    """
    if "SOURCE_DATE_EPOCH" in environ:
        return default_read_at(environ, lambda: datetime.now(UTC))
    latest = None
    for quad in store.oxigraph.quads_for_pattern(None, PROV.generatedAtTime, None, None):
        if isinstance(quad.object, Literal):
            try:
                when = datetime.fromisoformat(quad.object.value)
            except ValueError:
                continue
            latest = when if latest is None or when > latest else latest
    return latest if latest is not None else datetime.now(UTC)


def _release_graph(snapshot: Snapshot, profile: str) -> tuple[ReleaseGraph, dict[str, int]]:
    """Apply the profile to the store's graphs; return the release graph and what it left out."""
    release, personal = _apply_profile(snapshot, profile)
    return release, personal.counts() if personal is not None else {}


def _apply_profile(snapshot: Snapshot, profile: str) -> tuple[ReleaseGraph, PersonalData | None]:
    """Apply the profile to the store's graphs; load their union into a store of its own.

    The open profile's graph is written beside the snapshot (`open/`), as a Snapshot of its
    own, copied a line at a time; the union's store is in memory, for the CSV queries and the
    JSON-LD documents. The personal data the open profile found is returned with it.
    """
    exported = snapshot
    personal = None
    if profile == "open":
        # Found in every graph, not in the view alone: the records' own graphs hold their
        # values of a library (a librarian's e-mail), which the view leaves to the
        # consolidated graph, and the N-Quads and TriG files hold every graph.
        personal = PersonalData.find_in_file(snapshot.quads_path, RdfFormat.N_QUADS)
        # What the profile keeps and writes depends on a triple alone, so the union of the
        # quads kept is the union filtered the same way, already sorted.
        folder = snapshot.folder / "open"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        exported = Snapshot(
            folder,
            personal.write_kept(snapshot.quads_path, folder / QUADS_FILE, RdfFormat.N_QUADS),
            personal.write_kept(snapshot.union_path, folder / UNION_FILE, RdfFormat.N_TRIPLES),
        )
    store = Store()
    store.bulk_load(path=exported.union_path, format=RdfFormat.N_TRIPLES)
    return ReleaseGraph(exported, store, load_context()), personal


@contextmanager
def open_graph(store: GraphStore) -> Iterator[ReleaseGraph]:
    """Give what the open profile of `store` holds, proved free of personal data as a release is.

    The quads stay in their record graphs on disk (`release.snapshot`); their union is the
    default graph of `release.store`, in memory. What the site and the server show: the files
    are removed when the block ends.
    """
    snapshot = store.snapshot()
    try:
        release, personal = _apply_profile(snapshot, "open")
        if personal is not None:
            check_open_release(watched_quads(release.store), personal.numbers_of_persons())
        yield release
    finally:
        snapshot.close()


def watched_quads(store: Store) -> Iterator[Quad]:
    """Yield the quads of `store` that check_open_release looks at, from its indexes."""
    for predicate in (*_WATCHED, RDF.type):
        yield from store.quads_for_pattern(None, predicate, None, None)


def watched_in_file(path: Path) -> Iterator[Quad]:
    """Yield the quads of an N-Quads file that check_open_release looks at, parsed alone."""
    watched = {f"<{predicate.value}>".encode() for predicate in (*_WATCHED, RDF.type)}
    with path.open("rb") as lines:
        for line in lines:
            if line.split(b" ", 2)[1] in watched:  # subjects and predicates hold no space
                yield next(parse(line, format=RdfFormat.N_QUADS))


def check_open_release(quads: Iterable[Quad], persons: Iterable[Quad] = ()) -> None:
    """Prove with SHACL that the quads hold no personal data (`shapes/open_release.ttl`).

    `persons` describe the numbers the profile found to be persons' own
    (`PersonalData.numbers_of_persons`), which the release cannot show: the shapes look for
    them in the libraries' phones. Only the quads the shapes look at are validated (e-mails,
    phones, links to persons and between libraries, fields as written, image credits, and the
    types of their subjects), which gives the same results as the whole graph, quickly.
    """
    watched = set(_WATCHED)
    found, types = [], []  # one pass: `quads` may be a stream
    for quad in itertools.chain(quads, persons):
        if quad.predicate in watched:
            found.append(quad)
        elif quad.predicate == RDF.type:
            types.append(quad)
    subjects = {q.subject for q in found}
    person_classes = (KG.ContactPerson, KG.PartnerPerson)
    found += [q for q in types if q.subject in subjects or q.object in person_classes]
    relevant = GraphStore.open(None)
    relevant.oxigraph.extend(found)
    shapes = load_shape_files([OPEN_RELEASE_SHAPES])
    # The quads may be a union's, in the default graph, which validate_store would not read.
    union = {quad.triple for quad in found}
    report = validate_store(relevant, ("open_release",), shapes=shapes, union=union)
    if not report.conforms:
        first = report.results[0]
        raise PersonalDataInRelease(
            f"the open release would hold personal data ({len(report.results)} findings; "
            f"first: {first.message('en')})",
            where=first.focus.value,
        )
