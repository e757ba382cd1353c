"""The `kg` command line, through click's CliRunner and once as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.export.dcat.config import CatalogConfig, catalog_warnings
from tests.conftest import REPO, SEEDS, seed_paths

NOT_A_RECORD = "just a line\nand another\n"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_parse_prints_one_json_object_per_record(runner: CliRunner) -> None:
    result = runner.invoke(main, ["parse", str(SEEDS)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(record["source"]).name for record in records] == [p.name for p in seed_paths()]
    assert records[0]["granted"] == 11000
    assert records[0]["start_date"] == "2015-06-01"


def test_parse_pretty_prints_an_array(runner: CliRunner) -> None:
    result = runner.invoke(main, ["parse", "--pretty", str(seed_paths()[1])])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert (
        isinstance(document, list)
        and document[0]["library"]["name"] == "Kalajoen kaupunginkirjasto"
    )
    assert result.stdout.startswith("[\n  {")


def test_parse_reads_standard_input(runner: CliRunner) -> None:
    result = runner.invoke(main, ["parse", "-"], input=seed_paths()[2].read_bytes())
    assert result.exit_code == 0
    assert json.loads(result.stdout)["source"] == "<stdin>"


def test_a_bad_file_is_one_line_and_the_batch_goes_on(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text(NOT_A_RECORD, encoding="utf-8")
    result = runner.invoke(main, ["parse", str(bad), str(seed_paths()[0])])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{bad}:2: expected the header line after the title, such as "
        "'Vuoden 2016 AVI-hanke (Hanke on saanut rahoitusta)', found 'and another'"
    ]
    assert len(result.stdout.splitlines()) == 1


def test_invalid_utf8_names_its_line(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "latin1.txt"
    bad.write_bytes(
        "Otsikko\nVuoden 2016 AVI-hanke\nEspoon kirjasto\nKirjaston osoite :\nKäpylä\n".encode(
            "latin-1"
        )
    )
    result = runner.invoke(main, ["parse", str(bad)])
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"{bad}:5: expected UTF-8 text, found the byte 0xe4 that UTF-8 does not allow\n"
    )
    assert "Traceback" not in result.output


def test_debug_shows_the_traceback(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text(NOT_A_RECORD, encoding="utf-8")
    result = runner.invoke(main, ["parse", "--debug", str(bad)])
    assert result.exit_code == 1
    assert "Traceback" in result.stderr and "ParseError" in result.stderr


def test_warnings_go_to_stderr_unless_quiet(runner: CliRunner, tmp_path: Path) -> None:
    page = seed_paths()[3].read_text(encoding="utf-8").replace("€7 500", "€7,5OO")
    path = tmp_path / "money.txt"
    path.write_text(page, encoding="utf-8")
    loud = runner.invoke(main, ["parse", str(path)])
    assert loud.exit_code == 0
    assert loud.stderr == (
        f"{path}:66: warning: application.requested: expected an amount in euros such as "
        "'€12 800', found '€7,5OO'; the text is kept under raw\n"
    )
    assert json.loads(loud.stdout)["raw"] == {"application.requested": "€7,5OO"}
    quiet = runner.invoke(main, ["parse", "--quiet", str(path)])
    assert quiet.stderr == ""


def test_a_missing_path_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["parse", str(tmp_path / "nowhere.txt")])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_build_writes_the_release(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "release"
    args = ["build", str(SEEDS), "--out", str(out), "--read-at", "2026-01-31T12:00:00Z"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    parser, graph, shacl, written = result.stdout.splitlines()
    # Which counts are the parser's, which SHACL's, each fact on its own line.
    assert parser == "parser: 5 records read, 0 failed, 0 parse warnings"
    assert graph.startswith("graph: ") and graph.endswith(" quads, 4 libraries, 5 projects")
    assert shacl.startswith("SHACL: 0 violations, ")
    assert written == (
        f"wrote {out / 'records.jsonl'}, {out / 'graph.trig'}, {out / 'graph.ttl'}, "
        f"{out / 'validation.ttl'}, {out / 'validation.txt'}, {out / 'validation.html'}, "
        f"{out / 'release'} and the store {out / 'store'}"
    )
    lines = (out / "records.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["year"] for line in lines] == [2015, 2018, 2017, 2016, 2017]
    assert "2026-01-31T12:00:00Z" in (out / "graph.trig").read_text(encoding="utf-8")


def test_build_without_paths_uses_the_shipped_seeds(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["build", "--out", str(tmp_path)])
    assert result.exit_code == 0
    assert len((tmp_path / "records.jsonl").read_text(encoding="utf-8").splitlines()) == 5


def test_build_takes_the_base_of_its_iris(runner: CliRunner, tmp_path: Path) -> None:
    args = [
        "build",
        str(seed_paths()[0]),
        "--out",
        str(tmp_path),
        "--base",
        "http://example.org/kg/",
    ]
    assert runner.invoke(main, args).exit_code == 0
    assert "<http://example.org/kg/project/2015-" in (tmp_path / "graph.ttl").read_text("utf-8")


@pytest.mark.parametrize(
    ("option", "value", "says"),
    [
        ("--base", "not an iri", "absolute IRI ending in / or #"),
        ("--read-at", "yesterday", "expected a date and time"),
    ],
)
def test_build_refuses_bad_options(runner: CliRunner, tmp_path: Path, option, value, says) -> None:
    result = runner.invoke(main, ["build", "--out", str(tmp_path), option, value])
    assert result.exit_code == 2
    assert says in result.stderr
    assert not (tmp_path / "graph.ttl").exists()


def test_build_reads_source_date_epoch(runner: CliRunner, tmp_path: Path) -> None:
    args = ["build", str(seed_paths()[0]), "--out", str(tmp_path)]
    result = runner.invoke(main, args, env={"SOURCE_DATE_EPOCH": "86400"})
    assert result.exit_code == 0
    assert "1970-01-02T00:00:00Z" in (tmp_path / "graph.trig").read_text(encoding="utf-8")


def test_build_reports_failures_and_exits_1(runner: CliRunner, tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_bytes(seed_paths()[0].read_bytes())
    (inputs / "b.txt").write_text("", encoding="utf-8")
    result = runner.invoke(main, ["build", str(inputs), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    release = tmp_path / "out" / "release"
    assert result.stderr.splitlines() == [
        f"{inputs / 'b.txt'}:1: expected a project record, found an empty file",
        *(f"{release}: warning: {line}" for line in catalog_warnings(CatalogConfig(), None)),
    ]
    lines = result.stdout.splitlines()
    assert lines[0] == "parser: 1 record read, 1 failed, 0 parse warnings"
    assert lines[-1] == "exit code 1: 1 record file could not be read (listed above)"


def _command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = [prefix]
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            paths += _command_paths(command, (*prefix, name))
        else:
            paths.append((*prefix, name))
    return paths


def test_every_command_has_help_with_an_example(runner: CliRunner) -> None:
    paths = _command_paths(main)
    assert {" ".join(path) for path in paths} >= {"parse", "build", "validate", "query run", "push"}
    for path in paths:
        result = runner.invoke(main, [*path, "--help"])
        assert result.exit_code == 0, path
        assert "Example:" in result.stdout, path


def test_build_of_no_records_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(tmp_path / "empty"), "--out", str(out)])
    assert result.exit_code == 1
    assert result.stdout == (
        f"parser: 0 records read, 0 failed, 0 parse warnings; nothing written to {out}\n"
        "exit code 1: no record could be read\n"
    )
    assert not out.exists()


def test_build_refuses_a_url_that_is_no_iri(runner: CliRunner, tmp_path: Path) -> None:
    table = tmp_path / "urls.tsv"
    table.write_text(f'file\turl\n{seed_paths()[0].name}\thttps://example.org/"x"\n', "utf-8")
    result = runner.invoke(main, ["build", "--out", str(tmp_path / "out"), "--urls", str(table)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {table}:2: expected an http(s) URL")
    assert "Traceback" not in result.output


def test_build_to_a_place_it_cannot_write_is_one_line(runner: CliRunner, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = runner.invoke(main, ["build", str(seed_paths()[0]), "--out", str(blocker / "out")])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {blocker / 'out' / 'store'}: cannot make")
    assert "Traceback" not in result.output


def test_real_subprocess(tmp_path: Path) -> None:
    out = tmp_path / "build"
    completed = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(SEEDS), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert (out / "records.jsonl").is_file()
    version = subprocess.run(
        [sys.executable, "-m", "kg", "--version"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    )
    assert version.stdout.startswith("kg, version ")


def test_help_does_not_load_the_build_shacl_or_sparql(tmp_path: Path) -> None:
    # `kg --help` (and each command's parsing of its arguments) loads the command line only:
    # the build, pyshacl and rdflib's SPARQL engine come when a command runs.
    code = (
        "import sys\n"
        "from kg.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('kg.build', 'pyshacl', 'rdflib.plugins.sparql')\n"
        "print(' '.join(sorted(name for name in heavy if name in sys.modules)))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert completed.stdout.splitlines()[-1] == ""


@pytest.mark.parametrize("workers", ["1", "2"])
def test_build_takes_its_number_of_workers(runner: CliRunner, tmp_path: Path, workers: str) -> None:
    result = runner.invoke(
        main, ["build", str(seed_paths()[0]), "--out", str(tmp_path), "--workers", workers]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "release" / "catalog.ttl").is_file()


def test_build_refuses_no_workers(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        main, ["build", str(seed_paths()[0]), "--out", str(tmp_path), "--workers", "0"]
    )
    assert result.exit_code == 2 and "--workers" in result.output


def test_build_takes_a_table_of_page_urls(runner: CliRunner, tmp_path: Path) -> None:
    table = tmp_path / "urls.tsv"
    table.write_text(f"file\turl\n{seed_paths()[0].name}\thttps://example.org/hanke/x\n", "utf-8")
    args = ["build", str(seed_paths()[0]), "--out", str(tmp_path / "out"), "--urls", str(table)]
    assert runner.invoke(main, args).exit_code == 0
    assert "/id/project/x>" in (tmp_path / "out" / "graph.ttl").read_text("utf-8")


def test_build_refuses_a_bad_table_of_page_urls(runner: CliRunner, tmp_path: Path) -> None:
    table = tmp_path / "urls.tsv"
    table.write_text("file\tlink\n", "utf-8")
    result = runner.invoke(main, ["build", "--out", str(tmp_path / "out"), "--urls", str(table)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {table}:1: expected a tab-separated table")


def test_readers_run_beside_a_writer_and_a_second_writer_is_told_why(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert runner.invoke(main, ["build", str(SEEDS), "--out", str(out)]).exit_code == 0
    store = out / "store"
    holding = (  # a writer that holds the store, as a build or a link does while it runs
        "import sys, time; from pathlib import Path; from kg.store.graph_store import GraphStore\n"
        "store = GraphStore.open(Path(sys.argv[1])); print('holding', flush=True); time.sleep(60)"
    )
    with subprocess.Popen(
        [sys.executable, "-c", holding, str(store)], stdout=subprocess.PIPE, text=True, cwd=REPO
    ) as writer:
        try:
            assert writer.stdout is not None and writer.stdout.readline() == "holding\n"
            for command in (
                ["query", "run", "export_projects", "--store", str(store), "--format", "csv"],
                ["validate", "--store", str(store)],
                ["export", "--store", str(store), "--out", str(tmp_path / "release")],
            ):
                assert runner.invoke(main, command).exit_code == 0, command
            again = runner.invoke(main, ["build", str(SEEDS), "--out", str(out)])
            assert again.exit_code == 4
            assert again.stderr == (
                f"error: {store}: another kg process is using the store; "
                "run this again once it has ended\n"
            )
        finally:
            writer.kill()
