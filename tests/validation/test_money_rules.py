"""Issue 19: the shapes and `money_figures_not_adding_up` apply one set of money rules.

The rules (shapes/README.md, "Money"; queries/README.md), each a (record, rule) finding:

- application-total: requested + own funding = total budget (the shapes
  `Application-budget-sum`, and `Application-totalBudget-zero` for a total of €0);
- granted-over-requested: granted ≤ requested (`Grant-granted-notAboveRequested`);
- realised-total: the final report's own check, realised total − realised own funding −
  grants received from elsewhere − partners' contribution against the amount granted
  (`ProjectReport-realized-sum`; a report of €0 in all is not checked, an Info says so).

Each compares figures that the pages write in whole euros, within the same tolerance on both
sides: €2.50, what rounding five figures to the euro can make a sum differ by. A check is
made only when the page gives every figure it uses.

The shapes run through `kg.validation.validate` (the fast engine and pyshacl), the query through
`kg.sparql.catalogue.run_local`, on builds of the seeds, of pages made from seed 000 at the edges of
the rules, of generated pages and of the real page copies beside the project.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pyoxigraph import Literal

from kg.build import STORE_DIR, BuildOptions, build
from kg.sparql.catalogue import load_catalogue, run_local
from kg.store.graph_store import GraphStore
from kg.validation.validate import Report, validate_store
from tests.conftest import SEEDS

OPTIONS = BuildOptions(
    read_at=datetime(2026, 1, 31, 12, 0, tzinfo=UTC), validate=False, release=False
)
SHAPES = "https://w3id.org/kirjasto-kg/shapes#"
QUERY = load_catalogue()["money_figures_not_adding_up"]

# Each money shape and the query's `problem` it is.
RULES = {
    "Application-budget-sum": "application-total",
    "Application-totalBudget-zero": "application-total",
    "Grant-granted-notAboveRequested": "granted-over-requested",
    "ProjectReport-realized-sum": "realised-total",
}

Finding = tuple[str, str]  # (the record's file, the rule)

# The seeds' money, read from the pages by hand.
SEED_FINDINGS = {
    # 000 (Kuopio 2015): 12 800 + 3 500 = 16 300 adds up; the final report leaves
    # 15 425 − 4 056 − 0 − 0 = 11 369 for the grant, but 11 000 was granted.
    ("000_52e5d4c243421207.txt", "realised-total"),
    # 001 (Kalajoki 2018): 53 280 + 13 320 = 66 600, not 66 000; its report is all €0.
    ("001_2a2d3dfe5334386e.txt", "application-total"),
    # 002 (Lohja 2017): 8 000 + 2 000 = 10 000; its report is all €0. Nothing.
    # 003 (Kuopio 2016): a total budget of €0 beside 7 500 + 1 500; the final report leaves
    # 8 645 − 1 633 = 7 012 for the grant, but 7 000 was granted.
    ("003_e599603b441184a1.txt", "application-total"),
    ("003_e599603b441184a1.txt", "realised-total"),
    # 004 (Espoo 2017): 24 500 + 12 500 = 37 000, not 36 000; 27 044 − 7 044 = 20 000 granted.
    ("004_2e6b8c7a8187e8e8.txt", "application-total"),
}

# Seed 000 (requested 12 800, own funding 3 500, total 16 300, granted 11 000, realised
# total 15 425, realised own funding 4 056, nothing from elsewhere or partners) with its
# realised total made to add up (11 000 + 4 056 = 15 056), then each edge of a rule moved one
# figure at a time: page name -> (replacements, the rules it breaks).
BASE = {"€15 425": "€15 056"}
EDGES: dict[str, tuple[dict[str, str], set[str]]] = {
    "adds-up": ({}, set()),
    "total-2-over": ({"€16 300": "€16 302"}, set()),
    "total-3-over": ({"€16 300": "€16 303"}, {"application-total"}),
    "total-2-under": ({"€16 300": "€16 298"}, set()),
    "total-3-under": ({"€16 300": "€16 297"}, {"application-total"}),
    "total-zero": ({"€16 300": "€0"}, {"application-total"}),
    "granted-2-over": ({"€11 000": "€12 802", "€15 425": "€16 858"}, set()),
    "granted-3-over": ({"€11 000": "€12 803", "€15 425": "€16 859"}, {"granted-over-requested"}),
    "realised-2-over": ({"€15 425": "€15 058"}, set()),
    "realised-3-over": ({"€15 425": "€15 059"}, {"realised-total"}),
    "realised-3-under": ({"€15 425": "€15 053"}, {"realised-total"}),
    "realised-not-reported": ({"€15 425": "€0", "€4 056": "€0"}, set()),
}


def _edge_pages(folder: Path) -> Path:
    """Write the pages of EDGES into `folder`, each a project of its own (its own title)."""
    folder.mkdir(parents=True)
    seed = (SEEDS / "000_52e5d4c243421207.txt").read_text(encoding="utf-8")
    for name, (changes, _) in EDGES.items():
        text = seed
        for old, new in {**BASE, **changes}.items():
            assert text.count(old) == 1, (name, old)
            text = text.replace(old, new)
        title, rest = text.split("\n", 1)
        (folder / f"{name}.txt").write_text(f"{title} ({name})\n{rest}", encoding="utf-8")
    return folder


@pytest.fixture(scope="module", params=["seeds", "edges"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store of a build of the seeds or of the edge pages (generated pages and the real
    copies: tests/validation/test_corpora.py, which shares their reports with other tests)."""
    out = tmp_path_factory.mktemp(f"money-{request.param}")
    inputs = SEEDS if request.param == "seeds" else _edge_pages(out / "in")
    build([inputs], out / "out", replace(OPTIONS))
    return out / "out" / STORE_DIR


def shape_findings(store: GraphStore, engine: str) -> set[Finding]:
    """The (record, rule) pairs of the money shapes' results."""
    return report_findings(validate_store(store, ("core", "quality", "info"), engine=engine))


def report_findings(report: Report) -> set[Finding]:
    """The (record, rule) pairs of the money shapes' results in `report`."""
    return {
        (record, RULES[shape])
        for result in report.results
        if (shape := result.source_shape.value.removeprefix(SHAPES)) in RULES
        for record in report.records[result.focus]
    }


def query_findings(store: GraphStore) -> set[Finding]:
    """The (record, rule) pairs of the rows of money_figures_not_adding_up."""
    answer = run_local(store, QUERY, {})
    file, problem = answer.variables.index("source_file"), answer.variables.index("problem")
    found = set()
    for row in answer.rows:
        assert isinstance(row[file], Literal) and isinstance(row[problem], Literal), row
        found.add((row[file].value, row[problem].value))
    return found


def test_the_shapes_and_the_query_find_the_same_money_problems(built: Path) -> None:
    store = GraphStore.open(built, create=False)
    try:
        by_query = query_findings(store)
        assert shape_findings(store, "fast") == by_query
        assert shape_findings(store, "pyshacl") == by_query
        if built.parent.parent.name.startswith("money-seeds"):
            assert by_query == SEED_FINDINGS
        if built.parent.parent.name.startswith("money-edges"):
            expected = {
                (f"{name}.txt", rule) for name, (_, rules) in EDGES.items() for rule in rules
            }
            assert by_query == expected
    finally:
        del store
