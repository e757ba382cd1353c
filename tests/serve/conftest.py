"""What the server tests share: the seeds' store, built once, a small site, a running server.

    with running_server(store_dir, site_dir, limits) as server:   server.url, server.served

The server is the real one (`kg.serve.state.serving`, `kg.serve.app.create_app`) run by
uvicorn in a thread on a free port of 127.0.0.1; the tests speak HTTP to it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
import uvicorn

from kg.build import STORE_DIR, BuildOptions, build
from kg.serve.app import create_app
from kg.serve.limits import Limits
from kg.serve.run import listen
from kg.serve.state import Served, serving
from kg.site.paths import Layout
from tests.conftest import seed_paths

READ_AT = datetime(2026, 1, 31, 12, tzinfo=UTC)
START_TIMEOUT = 10.0


@dataclass(frozen=True)
class RunningServer:
    """A server on 127.0.0.1: its URL (no trailing slash) and what it serves."""

    url: str
    served: Served


@pytest.fixture(scope="package")
def seed_store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds' store (no validation, no release), built once for the server tests."""
    out = tmp_path_factory.mktemp("seeds")
    build(seed_paths(), out, BuildOptions(read_at=READ_AT, validate=False, release=False))
    return out / STORE_DIR


def write_index(site: Path) -> None:
    """Begin a stand-in for `kg site`'s folder: its index page (the server then takes it)."""
    site.mkdir(parents=True, exist_ok=True)
    (site / "index.html").write_text("<!doctype html><title>index</title>\n", encoding="utf-8")


def write_pages(site: Path, served: Served) -> None:
    """Write a page per thing into the stand-in site, where `kg site` writes them.

    Each page holds its thing's IRI, so a test can tell which file it got.
    """
    layout = Layout(served.base)
    for thing in served.things:
        page = site / layout.thing_page(thing, layout.lang)
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"<!doctype html><title>{thing.value}</title>\n", encoding="utf-8")


@contextmanager
def running_server(store_dir: Path, site_dir: Path, limits: Limits) -> Iterator[RunningServer]:
    """Serve the store with uvicorn in a thread on a free port; stop it when the block ends."""
    with serving(store_dir, site_dir, limits) as served:
        sock = listen("127.0.0.1", 0)
        config = uvicorn.Config(
            create_app(served), log_config=None, access_log=False, lifespan="off"
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        try:
            deadline = time.monotonic() + START_TIMEOUT
            while not server.started:
                if time.monotonic() > deadline or not thread.is_alive():
                    raise RuntimeError("the server did not start")
                time.sleep(0.01)
            host, port = sock.getsockname()[:2]
            yield RunningServer(f"http://{host}:{port}", served)
        finally:
            server.should_exit = True
            thread.join(START_TIMEOUT)
            sock.close()
