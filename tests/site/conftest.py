"""What the site tests share: the seeds built once, their site written once (`seed_site`).

    seed_build    the build folder of the seeds: store/, validation.ttl, release/
    seed_site     the site of that store, written by kg.site.write_site into seed_build/site
    seed_graph    what the site shows: the open union of the seeds (Things, descriptions)

Both are package-wide: every test of tests/site/ (the browser's too) reads the same site.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pyoxigraph import Store

from kg.build import STORE_DIR, BuildOptions, build
from kg.export.release import open_graph
from kg.iris import DEFAULT_BASE
from kg.site.describe import Things
from kg.store.graph_store import GraphStore
from tests.conftest import seed_paths

READ_AT = datetime(2026, 1, 31, 12, tzinfo=UTC)
SITE_DIR = "site"


@dataclass(frozen=True)
class SeedGraph:
    """The open union of the seeds, as the site reads it, and its things."""

    store: Store
    things: Things


@pytest.fixture(scope="package")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds built (validated, the open release written) into a folder of their own."""
    out = tmp_path_factory.mktemp("site-seeds")
    build(seed_paths(), out, BuildOptions(read_at=READ_AT))
    return out


@pytest.fixture(scope="package")
def seed_site(seed_build: Path) -> Path:
    """The site of the seeds, written once for every site test; its folder."""
    from kg.site.write import write_site

    write_site(seed_build / STORE_DIR, seed_build / SITE_DIR)
    return seed_build / SITE_DIR


@pytest.fixture(scope="package")
def seed_graph(seed_build: Path) -> Iterator[SeedGraph]:
    """The seeds' open union in memory, with its things."""
    store = GraphStore.open(seed_build / STORE_DIR, read_only=True)
    with open_graph(store) as release:
        yield SeedGraph(release.store, Things.of(release.store, DEFAULT_BASE))
