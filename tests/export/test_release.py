"""`kg export` end to end: every file of a release, its bytes, its graph, its safety."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import rdflib
from click.testing import CliRunner
from pyld import jsonld
from pyoxigraph import DefaultGraph, RdfFormat, parse, serialize

from kg.build import BuildOptions, build
from kg.cli import main
from kg.errors import RequestError
from kg.export.dcat.config import CatalogConfig, catalog_warnings
from kg.export.release import ExportOptions, export_release, open_graph
from kg.iris import DEFAULT_BASE, base_of
from kg.store.graph_store import GraphStore
from kg.store.sort import quad_order, triple_order
from kg.vocab import KG, SCHEMA
from tests.conftest import seed_paths
from tests.export.conftest import ISSUED, build_seeds

RDF_FILES = {
    "kirjasto-kg.ttl": (RdfFormat.TURTLE, "turtle"),
    "kirjasto-kg.nt": (RdfFormat.N_TRIPLES, "nt"),
    "kirjasto-kg.rdf": (RdfFormat.RDF_XML, "xml"),
    "kirjasto-kg.nq": (RdfFormat.N_QUADS, "nquads"),
    "kirjasto-kg.trig": (RdfFormat.TRIG, "trig"),
}


@pytest.fixture(scope="module")
def store(seed_store: GraphStore) -> GraphStore:
    return seed_store


@pytest.fixture(scope="module")
def release(store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("release") / "open"
    export_release(store, out, ExportOptions(issued=ISSUED))
    return out


def _named(store: GraphStore) -> set[tuple[str, ...]]:
    return {
        tuple(map(str, (q.subject, q.predicate, q.object, q.graph_name)))
        for q in store.oxigraph.quads_for_pattern(None, None, None, None)
        if not isinstance(q.graph_name, DefaultGraph)
    }


def _open_triples(store: GraphStore) -> set[tuple[str, ...]]:
    """The store's union without what the open profile leaves out (worked out independently)."""
    quads = list(store.oxigraph.quads_for_pattern(None, None, None, None))
    contacts = {q.subject for q in quads if q.object == KG.ContactPerson}
    personal = {"jaana.tyrni@espoo.fi", "maritta.turunen@lohja.fi"}
    espoo_phone = "050 330 1762"
    kept = set()
    for q in quads:
        if isinstance(q.graph_name, DefaultGraph) or q.subject in contacts or q.object in contacts:
            continue
        if q.predicate == SCHEMA.email and q.object.value in personal:
            continue
        if q.predicate == SCHEMA.telephone and q.object.value == espoo_phone:
            continue
        kept.add(tuple(map(str, (q.subject, q.predicate, q.object))))
    return kept


def test_the_release_holds_every_file(release: Path) -> None:
    names = sorted(path.name for path in release.iterdir())
    assert names == sorted(
        [
            *RDF_FILES,
            "kirjasto-kg.jsonld",
            "kirjasto-kg-projects.jsonld",
            "projects.csv",
            "libraries.csv",
            "amounts.csv",
            "partnerships.csv",
            "csv-metadata.json",
            "datapackage.json",
            "kirjasto-kg.xlsx",
            "360giving.json",
            "360giving.csv",
            "context.jsonld",
            "catalog.ttl",
            "catalog.jsonld",
            "void.ttl",
        ]
    )


@pytest.mark.parametrize("name", sorted(RDF_FILES))
def test_every_rdf_file_reads_back_as_the_open_graph(
    name: str, release: Path, store: GraphStore
) -> None:
    fmt, rdflib_format = RDF_FILES[name]
    data = (release / name).read_bytes()
    expected = _open_triples(store)
    read = {tuple(map(str, (q.subject, q.predicate, q.object))) for q in parse(data, format=fmt)}
    assert read == expected
    if rdflib_format in ("nquads", "trig"):
        with warnings.catch_warnings():  # rdflib's own parsers use its deprecated API
            warnings.simplefilter("ignore", DeprecationWarning)
            dataset = rdflib.Dataset()
            dataset.parse(data=data, format=rdflib_format)
            rdflib_quads = set(dataset.quads((None, None, None, None)))
        assert len({q[:3] for q in rdflib_quads}) == len(expected)
    else:
        graph = rdflib.Graph().parse(data=data, format=rdflib_format)
        assert len(graph) == len(expected)


@pytest.mark.parametrize(
    ("name", "fmt", "order"),
    [
        ("kirjasto-kg.nt", RdfFormat.N_TRIPLES, triple_order),
        ("kirjasto-kg.nq", RdfFormat.N_QUADS, quad_order),
    ],
)
def test_the_line_based_files_are_what_the_serialiser_writes(
    name: str, fmt: RdfFormat, order: Callable[[Any], Any], release: Path
) -> None:
    # They are copied from the release graph's sorted files: the same bytes as writing anew,
    # sorted, each statement once.
    data = (release / name).read_bytes()
    statements = list(parse(data, format=fmt))
    if fmt == RdfFormat.N_TRIPLES:
        statements = [quad.triple for quad in statements]
    assert statements == sorted(set(statements), key=order)
    assert serialize(statements, format=fmt) == data


def test_the_datasets_keep_the_record_graphs(release: Path, store: GraphStore) -> None:
    quads = parse((release / "kirjasto-kg.nq").read_bytes(), format=RdfFormat.N_QUADS)
    graphs = {q.graph_name for q in quads}
    assert graphs == {g for g in store.graphs()}


def test_the_json_ld_expands_to_the_open_graph(release: Path, store: GraphStore) -> None:
    def no_network(url: str, options: object = None) -> None:
        raise AssertionError(f"fetched {url}")

    document = json.loads((release / "kirjasto-kg.jsonld").read_text("utf-8"))
    nquads = jsonld.to_rdf(
        document, {"format": "application/n-quads", "documentLoader": no_network}
    )
    read = {
        tuple(map(str, (q.subject, q.predicate, q.object)))
        for q in parse(nquads.encode(), format=RdfFormat.N_QUADS)
    }
    assert read == _open_triples(store)


def test_no_contact_data_in_any_file(release: Path) -> None:
    """The contacts' e-mails and phones (the seeds' texts name staff too: that stays)."""
    secrets = ["jaana.tyrni@", "maritta.turunen@", "paivi.savinainen@", "anita.ohtamaa@"]
    secrets += ["050 330 1762", "0447182360", "0447182311", "050 462 1642", "0444691874"]
    for path in release.iterdir():
        text = _text_of(path)
        for secret in secrets:
            assert secret not in text, f"{secret} in {path.name}"


def _text_of(path: Path) -> str:
    """Return the text of a release file; of a workbook (a zip of XML), every part's."""
    if path.suffix != ".xlsx":
        return path.read_text("utf-8")
    with zipfile.ZipFile(path) as workbook:
        return "\n".join(workbook.read(name).decode("utf-8") for name in workbook.namelist())


def test_the_same_store_gives_the_same_bytes(release: Path, store: GraphStore, tmp_path: Path):
    again = tmp_path / "again"
    export_release(store, again, ExportOptions(issued=ISSUED))
    for path in release.iterdir():
        assert (again / path.name).read_bytes() == path.read_bytes(), path.name


def _own_store(tmp_path: Path) -> Path:
    """A store of the seeds for a command to open (the shared one is open in this process)."""
    return build_seeds(tmp_path / "own")


def test_the_full_profile_keeps_everything_and_warns(store: GraphStore, tmp_path: Path) -> None:
    store_dir = _own_store(tmp_path)
    result = CliRunner().invoke(
        main,
        [
            "export",
            "--store",
            str(store_dir),
            "--out",
            str(tmp_path / "full"),
            "--profile",
            "full",
            "--format",
            "nq",
            "--issued",
            "2026-01-31T12:00:00Z",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "personal data" in result.stderr
    quads = parse((tmp_path / "full" / "kirjasto-kg.nq").read_bytes(), format=RdfFormat.N_QUADS)
    assert {tuple(map(str, (q.subject, q.predicate, q.object, q.graph_name))) for q in quads} == (
        _named(store)
    )


def test_an_unknown_format_is_one_line_and_exit_2(store: GraphStore, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "export",
            "--store",
            str(_own_store(tmp_path)),
            "--out",
            str(tmp_path / "x"),
            "--format",
            "xls",
        ],
    )
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "error: --format: unknown format xls; choose from ttl, nt, nq, trig, rdfxml, jsonld, "
        "csv, xlsx, 360giving, all"
    ]
    assert not (tmp_path / "x").exists()
    with pytest.raises(RequestError):
        export_release(store, tmp_path / "y", ExportOptions(issued=ISSUED, profile="public"))


def test_the_portal_option_picks_the_catalogue_shapes(store: GraphStore, tmp_path: Path) -> None:
    # The catalogue file says dcat-ap; --portal avoindata overrides it: SHA-1, decimal sizes.
    config = tmp_path / "catalog.yaml"
    config.write_text("portal: dcat-ap\n", encoding="utf-8")
    arguments = ["export", "--store", str(_own_store(tmp_path)), "--format", "nt"]
    arguments += ["--catalog", str(config), "--issued", "2026-01-31T12:00:00Z"]
    result = CliRunner().invoke(
        main, [*arguments, "--out", str(tmp_path / "a"), "--portal", "avoindata"]
    )
    assert result.exit_code == 0, result.output
    catalogue = (tmp_path / "a" / "catalog.ttl").read_text(encoding="utf-8")
    assert "spdx:checksumAlgorithm_sha1" in catalogue and "sha256" not in catalogue
    assert "^^xsd:decimal" in catalogue and "nonNegativeInteger" not in catalogue
    result = CliRunner().invoke(
        main, [*arguments, "--out", str(tmp_path / "b"), "--portal", "ckan"]
    )
    assert result.exit_code == 2 and "--portal" in result.stderr
    with pytest.raises(RequestError, match="unknown portal ckan"):
        export_release(store, tmp_path / "c", ExportOptions(issued=ISSUED, portal="ckan"))
    assert not (tmp_path / "b").exists() and not (tmp_path / "c").exists()


def test_a_killed_export_leaves_the_previous_release(store: GraphStore, tmp_path: Path) -> None:
    """Export a bigger store and kill it at several moments: the old release stays whole."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    for copy in range(6):
        for seed in seed_paths():
            title, _, rest = seed.read_text("utf-8").partition("\n")
            (inputs / f"{copy:02d}-{seed.name}").write_text(f"{title} {copy}\n{rest}", "utf-8")
    bigger = tmp_path / "bigger"
    build([inputs], bigger, BuildOptions(read_at=ISSUED, validate=False, release=False))
    out = tmp_path / "release"
    export_release(store, out, ExportOptions(issued=ISSUED))
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    command = [sys.executable, "-m", "kg", "export", "--store", str(bigger / "store")]
    command += ["--out", str(out), "--issued", "2026-02-01T00:00:00Z"]
    started = time.monotonic()
    complete = subprocess.run(command, capture_output=True, check=True)
    whole = time.monotonic() - started
    assert complete.returncode == 0
    after = {path.name: path.read_bytes() for path in out.iterdir()}
    assert after != before
    for fraction in (0.5, 0.7, 0.85, 0.95):
        _put_back(out, before)  # the previous release again
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(whole * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait()
        now = {path.name: path.read_bytes() for path in out.iterdir()} if out.exists() else {}
        assert now in (before, after), f"a mixed release after a kill at {fraction:.0%}"
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".release.")]
    assert all(".partial-" in name or ".old-" in name for name in leftovers)
    assert os.path.isdir(out) or leftovers  # never nothing at all


def _put_back(folder: Path, files: dict[str, bytes]) -> None:
    """Make `folder` hold exactly `files` (name -> bytes), as the release it was."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)


def test_folders_left_behind_by_ended_exports_are_removed(
    store: GraphStore, tmp_path: Path
) -> None:
    # A killed export leaves its staging folder (the kill test above); the next one removes
    # it, and keeps what a running export or anything else put there.
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    names = [f".release.partial-{ended.pid}", f".release.old-{ended.pid}"]
    names += [f".release.partial-{running.pid}", ".release.notes", f".other.partial-{ended.pid}"]
    try:
        for name in names:
            (tmp_path / name).mkdir()
            (tmp_path / name / "kirjasto-kg.nt").write_text("left\n", encoding="utf-8")
        export_release(store, tmp_path / "release", ExportOptions(issued=ISSUED, formats=["nt"]))
        left = sorted(path.name for path in tmp_path.iterdir())
    finally:
        running.kill()
        running.wait()
    assert left == sorted([*names[2:], "release"])


def test_the_catalogue_takes_the_base_the_store_was_built_with(tmp_path: Path) -> None:
    base = "https://example.org/kirjastot/"
    out = tmp_path / "built"
    build(seed_paths(), out, BuildOptions(base=base, read_at=ISSUED, validate=False))
    store = GraphStore.open(out / "store", create=False)
    assert base_of(store.graphs()) == base
    result = export_release(store, tmp_path / "a", ExportOptions(issued=ISSUED, formats=["nt"]))
    defaults = catalog_warnings(CatalogConfig(), None, ["nt"])  # test_catalog_defaults.py
    assert result.warnings == defaults
    catalogue = (tmp_path / "a" / "catalog.ttl").read_text(encoding="utf-8")
    assert f"<{base}dataset/open>" in catalogue and DEFAULT_BASE not in catalogue
    # Another base names the catalogue, and says that the entities keep theirs.
    other = "https://example.net/data/"
    result = export_release(
        store, tmp_path / "b", ExportOptions(issued=ISSUED, formats=["nt"], base=other)
    )
    assert result.warnings == [
        *defaults,
        f"--base {other} names the catalogue and dataset only; the entities keep the IRIs "
        f"under {base} that kg build minted (build with --base to change them)",
    ]
    assert f"<{other}dataset/open>" in (tmp_path / "b" / "catalog.ttl").read_text("utf-8")


def test_an_empty_store_has_no_base(tmp_path: Path) -> None:
    assert base_of(GraphStore.open(tmp_path / "empty").graphs()) is None


def test_open_graph_holds_the_open_release_union_and_removes_its_files(
    store: GraphStore, release: Path
) -> None:

    with open_graph(store) as graph:
        folder = graph.snapshot.folder
        union = {quad.triple for quad in graph.store}
        assert folder.exists()
    assert not folder.exists()
    published = {
        quad.triple for quad in parse(path=release / "kirjasto-kg.nt", format=RdfFormat.N_TRIPLES)
    }
    assert union == published
