"""A real Oxigraph SPARQL server on 127.0.0.1 for tests: started, waited for, and stopped.

    with running_oxigraph(tmp_path / "oxigraph") as server:
        server.query_url   # http://127.0.0.1:PORT/query   SPARQL 1.1 Protocol, queries
        server.update_url  # http://127.0.0.1:PORT/update  SPARQL 1.1 Protocol, updates
        server.store_url   # http://127.0.0.1:PORT/store   SPARQL 1.1 Graph Store Protocol

The server is the `oxigraph` command of the `oxigraph` package (a test dependency), found beside
the running Python. It is stopped when the block ends, also when a test in it fails. For a
fixture, wrap it:

    @pytest.fixture(scope="module")
    def oxigraph(tmp_path_factory):
        with running_oxigraph(tmp_path_factory.mktemp("oxigraph")) as server:
            yield server
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

START_TIMEOUT = 20.0  # seconds for the server to answer after it was started
STOP_TIMEOUT = 5.0  # seconds for it to end after SIGTERM, before it is killed


@dataclass(frozen=True)
class OxigraphServer:
    """A running server: its base URL (no trailing slash) and the folder of its data."""

    base_url: str
    location: Path

    @property
    def query_url(self) -> str:
        return f"{self.base_url}/query"

    @property
    def update_url(self) -> str:
        return f"{self.base_url}/update"

    @property
    def store_url(self) -> str:
        return f"{self.base_url}/store"


def oxigraph_command() -> Path:
    """Return the `oxigraph` executable beside this Python (or on PATH); skip when absent."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return beside
    found = shutil.which("oxigraph")
    if found:
        return Path(found)
    pytest.skip("the oxigraph server is not installed (pip install oxigraph)")


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_oxigraph(
    location: Path, *, union_default_graph: bool = False
) -> Iterator[OxigraphServer]:
    """Run `oxigraph serve` on a free port with its data in `location`; yield it, then stop it.

    Queries read the server's default graph as it is, where `kg push` puts the union of the
    record graphs (each triple once); with `union_default_graph` they would see Oxigraph's
    own union of all graphs, a bag, instead.
    """
    location.mkdir(parents=True, exist_ok=True)
    port = free_port()
    command = [str(oxigraph_command()), "serve", "--location", str(location)]
    command += ["--bind", f"127.0.0.1:{port}"]
    if union_default_graph:
        command.append("--union-default-graph")
    log_path = location.parent / f"{location.name}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    server = OxigraphServer(f"http://127.0.0.1:{port}", location)
    try:
        _wait_until_up(server, process, log_path)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(server: OxigraphServer, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    with requests.Session() as session:
        while True:
            if process.poll() is not None:
                raise RuntimeError(
                    f"oxigraph serve ended at once with status {process.returncode}: {_tail(log)}"
                )
            try:
                if session.get(server.base_url + "/", timeout=1).ok:
                    return
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"oxigraph serve did not answer at {server.base_url} within "
                    f"{START_TIMEOUT:g} s: {_tail(log)}"
                )
            time.sleep(0.05)


def _tail(log: Path, lines: int = 20) -> str:
    text = log.read_text(encoding="utf-8", errors="replace").strip()
    return " | ".join(text.splitlines()[-lines:]) or "(it wrote nothing)"
