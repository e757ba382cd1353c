"""What the export tests share: the seed graph, built once, and small readers of triples."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, RdfFormat, Store, Triple, parse

from kg.build import STORE_DIR, UNION_FILE, BuildOptions, build
from kg.store.graph_store import GraphStore
from tests.conftest import seed_paths

ISSUED = datetime(2026, 1, 31, 12, tzinfo=UTC)


def build_seeds(out: Path) -> Path:
    """Build the seeds into `out` (no validation, no release); return the store's folder."""
    build(seed_paths(), out, BuildOptions(read_at=ISSUED, validate=False, release=False))
    return out / STORE_DIR


@pytest.fixture(scope="package")
def seed_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder the seeds were built into, once for all export tests."""
    out = tmp_path_factory.mktemp("seeds")
    build_seeds(out)
    return out


@pytest.fixture(scope="package")
def seed_store(seed_out: Path) -> GraphStore:
    """The seeds' store, opened once: a second opener in this process would find it locked."""
    return GraphStore.open(seed_out / STORE_DIR, create=False)


@pytest.fixture(scope="package")
def seed_union(seed_out: Path) -> Store:
    """The union of the seed graphs (graph.ttl) in the default graph of a store in memory."""
    store = Store()
    store.extend(parse((seed_out / UNION_FILE).read_bytes(), format=RdfFormat.TURTLE))
    return store


def objects(triples: list[Triple], subject: NamedNode, predicate: NamedNode) -> list:
    return [t.object for t in triples if t.subject == subject and t.predicate == predicate]


def one(triples: list[Triple], subject: NamedNode, predicate: NamedNode) -> object:
    values = objects(triples, subject, predicate)
    assert len(values) == 1, (subject, predicate, values)
    return values[0]
