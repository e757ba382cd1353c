"""`kg link` and `kg build --link` through click's CliRunner, against the registries on 127.0.0.1
(tests/registry_servers.py): the summary table, warnings on stderr, exit codes 0, 2 and 3,
--offline, the TOML configuration and the environment's URLs, --deadline, the contact."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pyoxigraph import DefaultGraph, RdfFormat, parse
from pytest_httpserver import HTTPServer
from werkzeug import Response

from kg.build import DATASET_FILE, STORE_DIR, BuildOptions, build
from kg.cli import main
from kg.iris import Minter
from kg.linking.registries.config import URL_ENV_VARS
from kg.store.graph_store import GraphStore
from kg.vocab import OWL, SCHEMA
from tests.conftest import seed_paths
from tests.linking.registries.conftest import (  # noqa: F401 - fixtures
    CONTACT,
    httpserver_listen_address,
    no_internet,
)
from tests.registry_servers import FakeRegistries, silent_server

M = Minter()
KUOPIO = M.library("FI-Km", None, None)
READ_AT = "2026-01-31T12:00:00Z"


@pytest.fixture(scope="module")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds' store on disk, built once; tests link copies of it."""
    out = tmp_path_factory.mktemp("seeds")
    read_at = datetime(2026, 1, 31, 12, tzinfo=UTC)
    build(seed_paths(), out, BuildOptions(read_at=read_at, validate=False, release=False))
    return out / STORE_DIR


@pytest.fixture
def store_dir(built_store: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "store"
    shutil.copytree(built_store, copy)
    return copy


@pytest.fixture
def fake(httpserver: HTTPServer) -> FakeRegistries:
    return FakeRegistries(httpserver)


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "kg.toml"
    cache = tmp_path / "cache" / "registries.sqlite"
    path.write_text(
        "[registries]\n"
        f'contact = "{CONTACT}"\n'
        f'cache = "{cache.as_posix()}"\n'
        "min_interval = 0\nretries = 0\nread_timeout = 1\nconnect_timeout = 1\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def env(fake: FakeRegistries) -> dict[str, str]:
    """The registries' URLs on the test server, as the environment gives them."""
    return {URL_ENV_VARS[name]: url for name, url in fake.urls().items()}


def cells_of(line: str) -> list[str]:
    """The cells of a row of a terminal table (rich's box lines have none)."""
    parts = [part.strip() for part in re.split("[│┃]", line)]
    return parts[1:-1] if len(parts) > 2 else []


def kg(*args: str, env: dict[str, str]) -> Result:
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_kg_link_prints_a_summary_and_the_disagreements(
    store_dir: Path, config_file: Path, env: dict[str, str]
) -> None:
    result = kg("link", "--store", str(store_dir), "--config", str(config_file), env=env)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    cells = [cells_of(line) for line in lines[: lines.index("")] if cells_of(line)]
    assert cells[0] == [
        "registry", "looked up", "linked", "candidates", "disagreements", "failures"
    ]  # fmt: skip
    rows = {row[0]: row[1:] for row in cells[1:]}
    assert rows == {
        "ISIL registry": ["4", "3", "2", "1", "0"],
        "Kirjastohakemisto": ["4", "3", "5", "1", "0"],
        "Wikidata": ["6", "8", "0", "1", "0"],
        "PRH/YTJ": ["3", "6", "0", "0", "0"],
    }
    # The candidates a person may confirm are listed, never applied.
    proposals = lines[lines.index("Candidates to confirm (not linked):") + 1 :]
    assert [line.split(" (")[0].strip() for line in proposals] == [
        "ISIL registry, Kalajoen kaupunginkirjasto: FI-Zkala 'Kalajoen kaupunginkirjasto'",
        "ISIL registry, Kalajoen kaupunginkirjasto: FI-Zkallu 'Kalajoen lukion kirjasto'",
        "Kirjastohakemisto, Espoon kaupunginkirjasto",
    ]
    assert "(main library, score 0.75) http://" in proposals[2]
    warnings = result.stderr.splitlines()
    assert any(
        line.startswith("warning: ISIL registry, FI-Em: the registry's name is ")
        and "/isil/api/query?isil=%5EFI-Em%24)" in line
        for line in warnings
    )
    store = GraphStore.open(store_dir, create=False)
    assert M.registry_graph("wikidata") in store.graphs()


def test_a_registry_failing_altogether_exits_3_and_offline_answers_from_the_cache(
    store_dir: Path, config_file: Path, env: dict[str, str], fake: FakeRegistries
) -> None:
    args = ("link", "--store", str(store_dir), "--config", str(config_file))
    assert kg(*args, "--registry", "isil,ytj", env=env).exit_code == 0
    asked = len(fake.server.log)
    offline = kg(*args, "--registry", "isil,ytj", "--offline", env=env)
    assert offline.exit_code == 0, offline.output
    assert len(fake.server.log) == asked
    missing = kg(*args, "--registry", "kirkanta", "--offline", env=env)
    assert missing.exit_code == 3
    assert "warning: Kirjastohakemisto: 4 look-ups not in the cache (offline)" in missing.stderr
    assert "Kirjastohakemisto (FAILED)" in missing.stdout

    fake.fail["wikidata"] = lambda _: Response("down", status=500)
    failed = kg(*args, "--registry", "wikidata", env=env)
    assert failed.exit_code == 3, failed.output
    assert "warning: Wikidata, P791 of 3 keys (FI-Em, FI-Km, FI-Lohja): answered 500" in (
        failed.stderr
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--registry", "isil,wikipedia"), "unknown registry 'wikipedia'"),
        (("--config", "{missing}"), "cannot read it"),
        (("--config", "{bad}"), "not TOML"),
    ],
    ids=["registry", "missing-config", "bad-config"],
)
def test_usage_errors_exit_2(
    store_dir: Path, tmp_path: Path, env: dict[str, str], args: tuple[str, ...], message: str
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[registries\n", encoding="utf-8")
    filled = [a.format(missing=tmp_path / "none.toml", bad=bad) for a in args]
    result = kg("link", "--store", str(store_dir), *filled, env=env)
    assert result.exit_code == 2
    assert message in result.stderr


def test_kg_build_link_links_before_the_release(
    tmp_path: Path, config_file: Path, env: dict[str, str]
) -> None:
    out = tmp_path / "build"
    args = ("build", *map(str, seed_paths()), "--out", str(out), "--read-at", READ_AT)
    result = kg(*args, "--link", "--link-config", str(config_file), env=env)
    assert result.exit_code == 0, result.output
    assert "SHACL: 0 violations" in result.stdout and "Wikidata" in result.stdout
    dataset = parse((out / DATASET_FILE).read_bytes(), format=RdfFormat.TRIG)
    wikidata = M.registry_graph("wikidata")
    assert any(q.graph_name == wikidata and q.predicate == OWL.sameAs for q in dataset)
    # A build without --link keeps the links; the default build asks no registry.
    again = kg(*args, "--no-validate", env={})
    assert again.exit_code == 0, again.output
    assert "Wikidata" not in again.stdout
    store = GraphStore.open(out / STORE_DIR, create=False)
    assert wikidata in store.graphs()
    assert any(store.oxigraph.quads_for_pattern(KUOPIO, OWL.sameAs, None, wikidata))
    del store


def test_kg_build_link_exits_3_when_a_registry_fails(
    tmp_path: Path, config_file: Path, env: dict[str, str], fake: FakeRegistries
) -> None:
    fake.fail["ytj"] = lambda _: Response("down", status=503)
    out = tmp_path / "build"
    args = ("build", *map(str, seed_paths()), "--out", str(out), "--no-validate")
    result = kg(*args, "--link", "--link-config", str(config_file), env=env)
    assert result.exit_code == 3
    assert "warning: PRH/YTJ, 0171450-7: answered 503" in result.stderr


def test_kg_link_mints_under_the_base_the_store_was_built_with(
    tmp_path: Path, config_file: Path, env: dict[str, str]
) -> None:
    base = "https://example.org/kirjastot/"
    out = tmp_path / "other"
    read_at = datetime(2026, 1, 31, 12, tzinfo=UTC)
    build(
        seed_paths(), out, BuildOptions(base=base, read_at=read_at, validate=False, release=False)
    )
    args = ("link", "--store", str(out / STORE_DIR), "--config", str(config_file))
    result = kg(*args, "--registry", "wikidata", env=env)
    assert result.exit_code == 0, result.output
    store = GraphStore.open(out / STORE_DIR, create=False)
    assert Minter(base).registry_graph("wikidata") in store.graphs()
    assert M.registry_graph("wikidata") not in store.graphs()


def test_kg_build_link_prefers_the_name_the_registry_confirms(
    tmp_path: Path, config_file: Path, env: dict[str, str]
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    kuopio = seed_paths()[3].read_text(encoding="utf-8")
    (inputs / "a.txt").write_text(kuopio, encoding="utf-8")
    newer = kuopio.replace("Vuoden 2016", "Vuoden 2019").replace("Pop up", "Toinen")
    newer = newer.replace("\nKuopion kaupunginkirjasto\n", "\nKuopion kirjasto\n")
    (inputs / "b.txt").write_text(newer, encoding="utf-8")
    out = tmp_path / "build"
    args = ("build", str(inputs), "--out", str(out), "--read-at", READ_AT, "--no-validate")

    def names() -> list[str]:
        store = GraphStore.open(out / STORE_DIR, create=False)
        found = store.oxigraph.quads_for_pattern(KUOPIO, SCHEMA.name, None, DefaultGraph())
        values = sorted(quad.object.value for quad in found)
        del store
        return values

    assert kg(*args, env={}).exit_code == 0
    assert names() == ["Kuopion kirjasto"]  # the newest record's
    result = kg(*args, "--link", "--link-config", str(config_file), env=env)
    assert result.exit_code == 0, result.output
    assert names() == ["Kuopion kaupunginkirjasto"]  # the ISIL registry's, the older record's
    assert kg(*args, env={}).exit_code == 0  # a plain build keeps the links and what they say
    assert names() == ["Kuopion kaupunginkirjasto"]


def test_kg_link_isil_runs_without_a_contact(
    store_dir: Path, tmp_path: Path, env: dict[str, str], fake: FakeRegistries
) -> None:
    path = tmp_path / "anonymous.toml"
    cache = tmp_path / "cache" / "registries.sqlite"
    path.write_text(
        f'[registries]\ncache = "{cache.as_posix()}"\nmin_interval = 0\nretries = 0\n',
        encoding="utf-8",
    )
    anonymous = {**env, "KG_CONTACT": ""}
    args = ("link", "--store", str(store_dir), "--config", str(path))
    result = kg(*args, "--registry", "isil", env=anonymous)
    assert result.exit_code == 0, result.output
    assert "ISIL registry" in result.stdout
    asked = len(fake.server.log)
    refused = kg(*args, "--registry", "isil,wikidata", env=anonymous)
    assert refused.exit_code == 2
    assert "Wikidata" in refused.stderr and "KG_CONTACT" in refused.stderr
    assert len(fake.server.log) == asked  # nothing asked before the contact was missed


def test_offline_with_an_empty_cache_says_one_line_per_registry(
    store_dir: Path, config_file: Path, env: dict[str, str]
) -> None:
    args = ("link", "--store", str(store_dir), "--config", str(config_file), "--offline")
    result = kg(*args, env=env)
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    assert "warning: PRH/YTJ: 3 look-ups not in the cache (offline)" in lines
    assert len(lines) == 8 and max(len(line) for line in lines) < 200
    verbose = kg(*args, "--verbose", env=env)
    assert "warning: PRH/YTJ, 0171450-7: offline, and not in the cache (" in verbose.stderr
    assert len(verbose.stderr.splitlines()) == 8 + 13


def test_deadline_gives_up_a_registry_that_never_answers(
    store_dir: Path, tmp_path: Path, config_file: Path, env: dict[str, str]
) -> None:
    with silent_server() as url:
        silent = {**env, "KG_YTJ_URL": f"{url}/ytj"}
        args = ("link", "--store", str(store_dir), "--config", str(config_file))
        result = kg(*args, "--registry", "isil,ytj", "--deadline", "0.5", env=silent)
        assert result.exit_code == 3, result.output
        assert "warning: PRH/YTJ: the deadline of 0.5 s passed; 2 look-ups skipped" in (
            result.stderr.splitlines()
        )
        assert "ISIL registry (FAILED)" not in result.stdout
        out = tmp_path / "build"
        build_args = ("build", *map(str, seed_paths()), "--out", str(out), "--no-validate")
        link_args = ("--link", "--link-config", str(config_file), "--deadline", "0.5")
        built = kg(*build_args, *link_args, env=silent)
        assert built.exit_code == 3, built.output
        assert "PRH/YTJ: the deadline of 0.5 s passed; 2 look-ups skipped" in built.stderr
    wrong = kg(*args, "--deadline", "0", env=env)
    assert wrong.exit_code == 2 and "--deadline" in wrong.stderr


def test_the_progress_bar_names_the_registry_and_counts_its_look_ups() -> None:
    from kg.cli.link import link_progress

    shown: list[tuple[int, int, str | None]] = []
    progress = link_progress(lambda done, of, what=None: shown.append((done, of, what)))
    assert progress is not None
    progress("isil", 0, 13)
    progress("isil", 3, 13)
    assert shown == [(0, 13, "ISIL registry 0/13"), (3, 13, "ISIL registry 3/13")]
    assert link_progress(None) is None
