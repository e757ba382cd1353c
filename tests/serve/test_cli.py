"""`kg serve` on the command line: a real process that serves without a site and ends on Ctrl-C;
the store it cannot use (missing, busy, incomplete) and a port it cannot take, one line each.
"""

from __future__ import annotations

import gc
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

from kg.cli import main
from kg.store.graph_store import INCOMPLETE_MARK, GraphStore

PROJECT = "project/2016-fi-km-pop-up-kirjasto-sinne-missa-ihmiset-ovat"
START_TIMEOUT = 30.0


def children(pid: int) -> set[int]:
    """Return the processes whose parent is `pid` (from /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="looks for the query processes in /proc")
def test_kg_serve_serves_without_a_site_and_ends_cleanly_on_ctrl_c(
    seed_store_dir: Path, tmp_path: Path
) -> None:
    command = [sys.executable, "-m", "kg", "serve", "--store", str(seed_store_dir)]
    command += ["--site", str(tmp_path / "no-site"), "--port", "0", "--workers", "1"]
    server = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        found = re.match(r"kg serve: (http://127\.0\.0\.1:\d+)/ — [\d,]+ things, ", line)
        assert found, line
        url = found.group(1)
        assert "no site in" in line and "(kg site)" in line
        page = requests.get(f"{url}/id/{PROJECT}", headers={"Accept": "text/html"}, timeout=10)
        assert page.status_code == 404 and "kg site" in page.text
        turtle = requests.get(f"{url}/id/{PROJECT}", headers={"Accept": "text/turtle"}, timeout=10)
        assert turtle.status_code == 200 and turtle.headers["content-type"].startswith(
            "text/turtle"
        )
        asked = requests.get(f"{url}/sparql", params={"query": "ASK {}"}, timeout=10)
        assert asked.status_code == 200 and asked.json()["boolean"] is True
        spawners = children(server.pid)
        assert len(spawners) == 1
        query_processes = {pid for spawner in spawners for pid in children(spawner)}
        assert len(query_processes) == 1
        server.send_signal(signal.SIGINT)
        _, errors = server.communicate(timeout=START_TIMEOUT)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert server.returncode == 0, errors
    assert "Traceback" not in errors
    logged = errors.splitlines()
    assert re.fullmatch(rf"GET /id/{PROJECT} 404 \d+\.\d ms", logged[0])
    assert re.fullmatch(r"GET /sparql\?query=ASK\+%7B%7D 200 \d+\.\d ms", logged[2])
    deadline = time.monotonic() + 5
    while any(alive(pid) for pid in spawners | query_processes) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(pid) for pid in spawners | query_processes)


def run_serve(*arguments: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["serve", "--port", "0", *arguments])
    return result.exit_code, result.output


def test_a_missing_store_is_one_line_and_exit_2(tmp_path: Path) -> None:
    code, output = run_serve("--store", str(tmp_path / "nothing"))
    assert code == 2
    assert (
        output
        == f"error: {tmp_path / 'nothing'}: there is no store here; build one with kg build\n"
    )


def test_a_store_another_process_holds_is_one_line_and_exit_4(seed_store_dir: Path) -> None:
    holder = GraphStore.open(seed_store_dir, create=False)
    try:
        code, output = run_serve("--store", str(seed_store_dir))
    finally:
        del holder
        gc.collect()
    assert code == 4
    assert output.count("\n") == 1 and "another kg process is using the store" in output


def test_an_incomplete_store_is_one_line_and_exit_1(seed_store_dir: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(seed_store_dir, store)
    (store / INCOMPLETE_MARK).write_text("stopped\n", encoding="utf-8")
    code, output = run_serve("--store", str(store))
    assert code == 1
    assert output.count("\n") == 1 and "the store is incomplete" in output


def test_a_port_in_use_is_one_line_and_exit_2(seed_store_dir: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(
            main, ["serve", "--store", str(seed_store_dir), "--port", str(port)]
        )
    assert result.exit_code == 2
    assert result.output.startswith(f"error: --port: cannot listen on 127.0.0.1:{port} (")
    assert result.output.count("\n") == 1
