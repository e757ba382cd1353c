"""The files of a release, by format name: each exporter writes its files into a folder.

    EXPORTERS["ttl"].write(release, folder, publication) -> [DistributionFile, ...]
    write_formats(release, names, folder, publication)   -> the files of all, JSON-LD beside
    FORMAT_NAMES                                         the names `kg export --format` takes

`publication` is what the files say beyond the graph: the catalogue's configuration (title,
publisher, licence, 360Giving prefix), the release's date and the language of the files that
speak one (the workbook's headers, the Data Package's titles, the 360Giving names).

Every RDF file is written by Oxigraph's serialisers from sorted triples or quads, with the
project's prefixes (rdflib's writers are far slower), and the same bytes for the same graph.
Turtle and TriG group the triples by subject. The N-Triples and N-Quads files are the release
graph's own sorted files, as Oxigraph wrote them, copied: writing them again would give the
same bytes. JSON-LD is Python all through and the slowest format by far: given an executor (a
worker process), `write_formats` has it write the JSON-LD while this process writes the others.

The tables are the stored queries of `kg.export.tables`: `csv` writes them as CSV with their
CSV on the Web description (csv-metadata.json) and their Frictionless Data Package
(datapackage.json), `xlsx` as one workbook with a sheet that explains the columns. `360giving`
is the grants as the 360Giving Data Standard has them, JSON and its flat CSV.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator, Sequence
from concurrent import futures
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pyoxigraph import Quad, RdfFormat, Store, Triple, serialize

from kg.atomic import atomic_write
from kg.export.choices import FORMAT_NAMES as FORMAT_NAMES  # re-exported: one per exporter
from kg.export.csvw import write_csvw_metadata
from kg.export.datapackage import write_datapackage
from kg.export.dcat.catalog import DistributionFile
from kg.export.dcat.config import CatalogConfig
from kg.export.giving360 import write_360giving
from kg.export.jsonld import write_documents
from kg.export.tables import TABLES, Table
from kg.export.xlsx import write_workbook
from kg.sparql.catalogue import QueryResult, bind, load_catalogue, run_local
from kg.sparql.output import render
from kg.store.graph_store import GraphStore
from kg.store.snapshot import Snapshot
from kg.vocab import PREFIXES

STEM = "kirjasto-kg"  # the release's RDF files are kirjasto-kg.ttl, kirjasto-kg.nq, ...

# CSV tables: file name -> the stored query (in queries/) that makes it.
CSV_TABLES = {table.file: table.query for table in TABLES}


@dataclass(frozen=True)
class Publication:
    """What a release's files say beyond its graph: its description, its date, a language."""

    config: CatalogConfig
    issued: datetime
    lang: str = "fi"  # of the workbook, the Data Package and the 360Giving names


@dataclass(frozen=True)
class ReleaseGraph:
    """What every exporter reads: the exported graph (the profile applied), sorted, on disk.

    `snapshot` holds the quads, each in its record graph, and their union, each triple once;
    `store` holds that union in its default graph, for the CSV queries and the descriptions.
    """

    snapshot: Snapshot
    store: Store
    context: dict[str, object]

    def quads(self) -> Iterator[Quad]:
        """Yield the quads of the exported graph, in `kg.store.sort.quad_order`."""
        return self.snapshot.quads()

    def triples(self) -> Iterator[Triple]:
        """Yield the triples of the exported union, once each, in the store's triple order."""
        return self.snapshot.triples()


@dataclass(frozen=True)
class Exporter:
    """One format: what it writes and how."""

    name: str
    write: Callable[[ReleaseGraph, Path, Publication], list[DistributionFile]]
    description: str


def _rdf(fmt: RdfFormat, suffix: str, key: str, dataset: bool) -> Exporter:
    def write(release: ReleaseGraph, folder: Path, _: Publication) -> list[DistributionFile]:
        path = folder / f"{STEM}.{suffix}"
        items = release.quads() if dataset else release.snapshot.union_quads()
        with atomic_write(path, binary=True) as stream:
            serialize(items, stream, format=fmt, prefixes=PREFIXES)
        return [DistributionFile(path, key)]

    what = "every record graph, named" if dataset else "the union of the record graphs"
    return Exporter(key, write, f"{fmt.name}: {what}")


def _copied(suffix: str, key: str, dataset: bool) -> Exporter:
    def write(release: ReleaseGraph, folder: Path, _: Publication) -> list[DistributionFile]:
        path = folder / f"{STEM}.{suffix}"
        source = release.snapshot.quads_path if dataset else release.snapshot.union_path
        with atomic_write(path, binary=True) as stream, source.open("rb") as lines:
            shutil.copyfileobj(lines, stream, 1 << 20)
        return [DistributionFile(path, key)]

    fmt = RdfFormat.N_QUADS if dataset else RdfFormat.N_TRIPLES
    what = "every record graph, named" if dataset else "the union of the record graphs"
    return Exporter(key, write, f"{fmt.name}: {what}")


def _jsonld(release: ReleaseGraph, folder: Path, _: Publication) -> list[DistributionFile]:
    whole, framed = _jsonld_paths(folder)
    write_documents(release.snapshot.union_path, release.context, whole, framed)
    return _jsonld_files(folder)


def _jsonld_paths(folder: Path) -> tuple[Path, Path]:
    return folder / f"{STEM}.jsonld", folder / f"{STEM}-projects.jsonld"


def _jsonld_files(folder: Path) -> list[DistributionFile]:
    whole, framed = _jsonld_paths(folder)
    return [DistributionFile(whole, "jsonld"), DistributionFile(framed, "jsonld-framed")]


def table_results(
    release: ReleaseGraph, lang: str | None = None
) -> list[tuple[Table, QueryResult]]:
    """Run the query of each table on the release; names in `lang` where a query takes one."""
    catalogue = load_catalogue()
    store = GraphStore(release.store, "the exported graph")
    results = []
    for table in TABLES:
        query = catalogue[table.query]
        takes_lang = query.parameter("lang") is not None
        given = {"lang": lang} if lang is not None and takes_lang else {}
        results.append((table, run_local(store, query, bind(query, given))))
    return results


def _csv(release: ReleaseGraph, folder: Path, publication: Publication) -> list[DistributionFile]:
    """Write the tables (the queries' defaults: names in Finnish), their CSVW, their package."""
    files = []
    for table, result in table_results(release):
        path = folder / table.file
        with atomic_write(path, binary=True) as stream:
            stream.write(render(result, "csv").encode("utf-8"))
        files.append(DistributionFile(path, "csv"))
    files.append(DistributionFile(write_csvw_metadata(folder), "csvw"))
    package = write_datapackage(folder, publication.config, lang=publication.lang)
    files.append(DistributionFile(package, "datapackage"))
    return files


def _xlsx(release: ReleaseGraph, folder: Path, publication: Publication) -> list[DistributionFile]:
    path = folder / f"{STEM}.xlsx"
    results = table_results(release, publication.lang)
    write_workbook(path, results, publication.lang, created=publication.issued)
    return [DistributionFile(path, "xlsx")]


def _360giving(
    release: ReleaseGraph, folder: Path, publication: Publication
) -> list[DistributionFile]:
    written = write_360giving(
        release,
        folder,
        prefix=publication.config.grant_id_prefix,
        issued=publication.issued,
        config=publication.config,
        lang=publication.lang,
    )
    return [
        DistributionFile(path, "360giving-json" if path.suffix == ".json" else "360giving-csv")
        for path in written
    ]


EXPORTERS: dict[str, Exporter] = {
    exporter.name: exporter
    for exporter in (
        _rdf(RdfFormat.TURTLE, "ttl", "ttl", dataset=False),
        _copied("nt", "nt", dataset=False),
        _copied("nq", "nq", dataset=True),
        _rdf(RdfFormat.TRIG, "trig", "trig", dataset=True),
        _rdf(RdfFormat.RDF_XML, "rdf", "rdfxml", dataset=False),
        Exporter("jsonld", _jsonld, "JSON-LD: the whole graph compacted, and a tree per project"),
        Exporter(
            "csv",
            _csv,
            "CSV: projects, amounts, libraries and partnerships, with their CSV on the Web "
            "description and Frictionless Data Package",
        ),
        Exporter("xlsx", _xlsx, "XLSX: the tables as a workbook, and a sheet on their columns"),
        Exporter("360giving", _360giving, "360Giving: the grants as JSON and as flat CSV"),
    )
}


def write_formats(
    release: ReleaseGraph,
    names: Sequence[str],
    folder: Path,
    publication: Publication,
    *,
    executor: Executor | None = None,
) -> list[DistributionFile]:
    """Write the files of the formats `names` into `folder`; all their files, in that order.

    With an `executor`, the JSON-LD documents are written by it meanwhile, started once the
    CSV tables are written: the two need the most memory, and never at once. When anything
    fails, the JSON-LD is waited for before the error goes on (its files are in `folder`).
    """
    written: dict[str, list[DistributionFile]] = {}
    jsonld: Future[None] | None = None
    try:
        if "jsonld" in names and executor is not None:
            if "csv" in names:
                written["csv"] = EXPORTERS["csv"].write(release, folder, publication)
            whole, framed = _jsonld_paths(folder)
            union = release.snapshot.union_path
            jsonld = executor.submit(write_documents, union, release.context, whole, framed)
        for name in names:
            if name not in written and not (name == "jsonld" and jsonld is not None):
                written[name] = EXPORTERS[name].write(release, folder, publication)
        if jsonld is not None:
            jsonld.result()
            written["jsonld"] = _jsonld_files(folder)
    finally:
        if jsonld is not None:
            futures.wait([jsonld])
    return [file for name in names for file in written[name]]
