"""The W3C SHACL test suite (core/ and sparql/) through the fast engine and through the CLI.

Each case passes (its report is isomorphic to the one it expects, sh:resultMessage aside, or
it expects a failure and the engine refuses its shapes), or is refused with
UnsupportedShapeError: never a wrong report. The figures are printed by the last test.
"""

from __future__ import annotations

import functools
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyoxigraph import RdfFormat, serialize

from kg.cli import main
from kg.errors import UnsupportedShapeError
from kg.validation.validate import (
    load_rdf_files,
    load_shape_paths,
    read_rdf_files,
    report_triples,
    validate_store,
)
from tests.validation.w3c import SUITE, Case, cases, parsed, same_report

PARTS = ("core", "sparql")
CASES = {part: cases(SUITE / part) for part in PARTS} if SUITE.is_dir() else {}
ALL = [case for part in CASES.values() for case in part]
ABSENT = pytest.mark.skipif(not ALL, reason=f"the W3C SHACL test suite is not at {SUITE}")
ROOT = Path(__file__).resolve().parents[2]


@functools.cache
def through_engine(case: Case) -> str:
    """Run `case` through validate_store: "pass", "refused" or "wrong"."""
    try:
        report = validate_store(
            load_rdf_files([case.data]),
            (),
            shapes=load_shape_paths([case.shapes]),
            union={quad.triple for quad in read_rdf_files([case.data])},
        )
    except UnsupportedShapeError:
        return "pass" if case.expected is None else "refused"
    if case.expected is None:
        return "wrong"
    actual = parsed(
        serialize(report_triples(report), format=RdfFormat.N_TRIPLES), RdfFormat.N_TRIPLES
    )
    return "pass" if same_report(actual, case.expected) else "wrong"


@functools.cache
def through_cli(case: Case) -> str:
    """Run `case` as `kg validate DATA --shapes-file SHAPES --format turtle`."""
    args = ["validate", str(case.data), "--shapes-file", str(case.shapes), "--format", "turtle"]
    outcome = CliRunner().invoke(main, args)
    if outcome.exit_code == 2 and "does not support" in outcome.output:
        return "pass" if case.expected is None else "refused"
    assert outcome.exit_code in (0, 1), outcome.output
    if case.expected is None:
        return "wrong"
    actual = parsed(outcome.stdout_bytes, RdfFormat.TURTLE)
    return "pass" if same_report(actual, case.expected) else "wrong"


@ABSENT
@pytest.mark.parametrize("case", ALL, ids=lambda case: case.name)
def test_a_case_passes_or_is_refused_through_the_engine(case: Case) -> None:
    assert through_engine(case) in ("pass", "refused")


@ABSENT
@pytest.mark.parametrize("case", CASES.get("core", []), ids=lambda case: case.name)
def test_a_core_case_passes_or_is_refused_through_the_cli(case: Case) -> None:
    assert through_cli(case) in ("pass", "refused")


@ABSENT
def test_a_refusal_is_one_line_naming_the_shape_with_exit_2(tmp_path: Path) -> None:
    data = tmp_path / "data.ttl"
    data.write_text("<urn:x:a> a <urn:x:T> .\n", encoding="utf-8")
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "<urn:x:S> <http://www.w3.org/ns/shacl#targetClass> <urn:x:T> ;"
        " <http://www.w3.org/ns/shacl#rule> [] .\n",
        encoding="utf-8",
    )
    outcome = CliRunner().invoke(main, ["validate", str(data), "--shapes-file", str(shapes)])
    assert outcome.exit_code == 2
    (line,) = outcome.output.strip().splitlines()
    assert "urn:x:S" in line and "sh:rule" in line and "--engine pyshacl" in line


@ABSENT
def test_one_core_case_through_a_real_subprocess() -> None:
    (case,) = [c for c in CASES["core"] if c.name == "core/path/path-sequence-001"]
    args = ["validate", str(case.data), "--shapes-file", str(case.shapes), "--format", "turtle"]
    done = subprocess.run(
        [sys.executable, "-m", "kg", *args],
        capture_output=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 1, done.stderr.decode()
    assert case.expected is not None
    assert same_report(parsed(done.stdout, RdfFormat.TURTLE), case.expected)


@ABSENT
def test_the_suite_s_figures(capsys: pytest.CaptureFixture[str]) -> None:
    core = CASES["core"]
    engine = {part: Counter(through_engine(case) for case in CASES[part]) for part in PARTS}
    cli = Counter(through_cli(case) for case in core)
    with capsys.disabled():
        print(
            f"\nW3C SHACL suite: core {len(core)} cases, engine {dict(engine['core'])}, "
            f"CLI {dict(cli)}; sparql {len(CASES['sparql'])} cases, engine {dict(engine['sparql'])}"
        )
    assert engine["core"]["wrong"] == cli["wrong"] == engine["sparql"]["wrong"] == 0
    assert cli["pass"] >= 0.8 * len(core)
    assert engine["core"]["pass"] == len(core) == cli["pass"]  # the whole of SHACL Core
