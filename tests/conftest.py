"""Shared fixtures: where the seeds, the golden files and the real page copies are."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# The modules that take longest, slowest first: they start first, so that the workers of
# `pytest -n auto --dist loadfile` (one module at a time each) end about together.
SLOWEST_FIRST = (
    "tests/benchmarks/test_run.py",
    "tests/validation/test_corpora.py",
    "tests/test_build_interrupted.py",
    "tests/site/test_browser.py",
    "tests/test_build.py",
    "tests/validation/test_validate.py",
    "tests/cli/test_app.py",
    "tests/export/test_release.py",
    "tests/serve/test_server.py",
    "tests/validation/test_money_rules.py",
)
SEEDS = REPO / "seeds"
GOLDEN = REPO / "tests" / "golden"
# The real page copies are kept beside the project, not in it (DESIGN.md, "Tests").
CORPUS = REPO.parent / "shared" / "records"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Write the golden files anew from the current output (review the diff!).",
    )
    parser.addoption(
        "--axe-every-page",
        action="store_true",
        help="Run axe-core on every page of the sites in the browser tests, not one page of "
        "each kind (about 0.2 s a page: 800 pages; `make accessibility`).",
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the slowest modules first (SLOWEST_FIRST), the others in their usual order."""
    rank = {name: number for number, name in enumerate(SLOWEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.relative_to(REPO).as_posix(), len(rank)))


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


MISSING_CORPUS = f"the real page copies are not beside the project (looked in {CORPUS})"


def corpus_paths() -> list[Path]:
    return sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []


def corpus_params() -> list[object]:
    """The real pages as test parameters, or one skipped case that says why there are none."""
    if not CORPUS.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason=MISSING_CORPUS), id="no-corpus")]
    return [pytest.param(path, id=path.name) for path in corpus_paths()]


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(MISSING_CORPUS)
    return CORPUS
