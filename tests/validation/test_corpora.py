"""Both engines and the money query on the bigger inputs: generated pages and the real copies.

Each input is built once and validated once by each engine, and every test of it reads those
reports: the engines agree (issue 17), the real pages' only violations are the three
business IDs with a wrong check digit, which open the report for people, and the money shapes
find what the money query finds (issue 19; the small inputs are in test_money_rules.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from benchmarks.corpus import write_corpus
from kg.build import STORE_DIR, build
from kg.cli import main
from kg.store.graph_store import GraphStore
from kg.validation.validate import Report, validate_store
from tests.conftest import CORPUS, MISSING_CORPUS
from tests.validation.test_money_rules import OPTIONS, query_findings, report_findings
from tests.validation.test_validate import MINTER, SHAPES


@dataclass(frozen=True)
class Validated:
    """A build of an input, and its reports by the fast engine and by pyshacl (whole)."""

    store: GraphStore
    fast: Report
    pyshacl: Report
    out: Path
    build_run: Result | None = None  # kg build's, when the command built it


def _validated(out: Path, build_run: Result | None = None) -> Validated:
    store = GraphStore.open(out / STORE_DIR, read_only=True)  # kg validate opens it too
    fast, pyshacl = validate_store(store), validate_store(store, engine="pyshacl")
    return Validated(store, fast, pyshacl, out, build_run)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Validated:
    """60 pages drawn like the real ones, some of them malformed (those are simply absent)."""
    folder = tmp_path_factory.mktemp("generated")
    assert write_corpus(folder / "in", 60, seed=11).malformed > 0
    build([folder / "in"], folder / "out", replace(OPTIONS, validate=False, release=False))
    return _validated(folder / "out")


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Validated:
    """The real page copies beside the project, built by `kg build` as a user would."""
    if not CORPUS.is_dir():
        pytest.skip(MISSING_CORPUS)
    out = tmp_path_factory.mktemp("real")
    return _validated(out, CliRunner().invoke(main, ["build", str(CORPUS), "--out", str(out)]))


def test_the_fast_engine_gives_pyshacls_results_on_a_generated_corpus(
    generated: Validated,
) -> None:
    assert generated.fast == generated.pyshacl
    batched = validate_store(generated.store, engine="pyshacl", whole=False)
    assert batched.results == generated.pyshacl.results
    assert generated.fast.counts()["Warning"] > 0


def test_both_paths_give_the_same_results_on_the_real_records(real: Validated) -> None:
    assert real.fast == real.pyshacl  # whole == batched: on the seeds and the generated pages
    # The only Violations of the real pages: three business IDs whose check digit fails, each
    # a typo of the number the same library gives on its other pages (Vaasa 0209602-6,
    # Hankasalmi 0174035-0, Joensuu 0242746-2).
    violations = {
        (r.source_shape.value.removeprefix(SHAPES), r.focus.value)
        for r in real.pyshacl.results
        if r.severity == "Violation"
    }
    assert violations == {
        ("LegalBody-businessId-checkDigit", MINTER.legal_body(business_id).value)
        for business_id in ("0209602-9", "0174045-0", "0252746-2")
    }
    assert real.pyshacl.counts()["Warning"] > 0


def test_the_real_records_report_opens_with_their_three_violations(real: Validated) -> None:
    runner, build_run, tmp_path = CliRunner(), real.build_run, real.out
    assert build_run is not None and build_run.exit_code == 1
    assert build_run.stdout.splitlines()[-1].startswith(
        "exit code 1: 3 SHACL violations, the first: Legal body: business ID – check digit: "
        "0209602-9 (library Vaasan kaupunginkirjasto"
    )
    text = (tmp_path / "validation.txt").read_text(encoding="utf-8").splitlines()
    assert len(text) <= 100  # a screen or two
    at = text.index("Violations (3)")
    assert text[at + 2 : at + 4] == ["", "Legal body: business ID – check digit (3)"]
    findings = [line for line in text[at + 4 : at + 16] if not line.startswith("  - ")]
    assert findings == [
        "    Library: Vaasan kaupunginkirjasto - maakuntakirjasto",
        "    Record: 070_kirjastosta-kolmanteen-ulottuvuuteen.txt, line 18",
        "    Fix: write 0209602-6, as the library's other records or a registry give it",
        "    Library: Hankasalmen kirjasto",
        "    Record: 100_kotiseutuaineistot-elaviksi.txt, line 18",
        "    Fix: the valid check digit after 0174045 is 7: 0174045-7; if another digit is "
        "mistyped, look the ID up in the business register (ytj.fi)",
        "    Library: Joensuun seutukirjasto",
        "    Record: 117_seutukirjaston-koodaustyopaja.txt, line 16",
        "    Fix: write 0242746-2, as the library's other records or a registry give it",
    ]
    assert sum("is truncated" in line for line in text) == 1  # 121 cut-off copies, one line
    english = {names["en"] for names in real.fast.rule_names.values()}
    for lang in ("fi", "sv"):
        args = ["validate", "--store", str(tmp_path / STORE_DIR), "--lang", lang]
        translated = runner.invoke(main, [*args, "--records", str(CORPUS)]).stdout
        titles = [line for line in translated.splitlines() if line.endswith(")") and line[0] != " "]
        assert titles and not set(titles) & {f"{name} ({n})" for name in english for n in (1, 2, 3)}
        assert "://" not in translated
        assert not re.search(r"\b(kg|sh|xsd|schema|rdf|owl|prov|dct):[A-Za-z]", translated)
        assert "070_kirjastosta-kolmanteen-ulottuvuuteen.txt, " in translated


@pytest.mark.parametrize("name", ["generated", "real"])
def test_the_shapes_and_the_query_find_the_same_money_problems(
    name: str, request: pytest.FixtureRequest
) -> None:
    validated: Validated = request.getfixturevalue(name)
    by_query = query_findings(validated.store)
    assert report_findings(validated.fast) == by_query
    assert report_findings(validated.pyshacl) == by_query
    # The generated pages have money that does not add up; the real copies are cut off before
    # their figures, so there the rules simply agree on nothing to find.
    assert bool(by_query) == (name == "generated")
