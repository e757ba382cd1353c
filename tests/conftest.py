"""Shared fixtures: where the seeds, the golden files and the real page copies are."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# The modules that take longest, slowest first (wall seconds of `make test`'s workers on two
# cores): they start first, so that the workers of `pytest -n auto --dist loadfile
# --no-loadscope-reorder` (one module at a time each; without that option pytest-xdist
# would order the modules by their number of tests) end about together.
SLOWEST_FIRST = (
    "tests/site/test_browser.py",  # 26-29
    "tests/test_build_interrupted.py",  # 23-28
    "tests/benchmarks/test_run.py",  # 18
    "tests/sparql/test_query_safety.py",  # 12-16
    "tests/test_build.py",  # 11-13
    "tests/validation/test_shapes.py",  # 11-12
    "tests/sparql/test_query_portability.py",  # 10-11
    "tests/export/test_release.py",  # 9-11
    "tests/validation/test_validate.py",  # 8-9
    "tests/linking/test_link_cli.py",  # 7-8
    "tests/validation/test_corpora.py",  # 6-8
    "tests/export/test_open_tables.py",  # 6-8
    "tests/serve/test_server.py",  # 6-8
    "tests/cli/test_app.py",  # 7
    "tests/sparql/test_query_counts.py",  # 4-5
    "tests/sparql/test_endpoint.py",  # 5
    "tests/linking/test_link.py",  # 4-5
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


def pytest_configure(config: pytest.Config) -> None:
    """Refuse `--axe-every-page` where no browser can run it: it would only skip."""
    if config.getoption("--axe-every-page"):
        from tests.site.browser import CHROMIUM, NO_CHROMIUM

        if not CHROMIUM.is_file():
            raise pytest.UsageError(f"--axe-every-page: {NO_CHROMIUM}")


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
