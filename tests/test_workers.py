"""The process pool's workers end with the process that started them, even killed outright."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from kg.workers import process_pool

# A parent that starts a pool of two workers, prints their PIDs and waits to be killed.
PARENT = """
import os, time
from kg.workers import process_pool
pool = process_pool(2)
pids = set()
while len(pids) < 2:  # the pool starts its workers as work comes
    pids |= {future.result() for future in [pool.submit(os.getpid) for _ in range(8)]}
print(" ".join(map(str, sorted(pids))), flush=True)
time.sleep(600)
"""


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie (ended, not yet reaped by init) counts as ended
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        return stat.read().split(") ", 1)[1][0] != "Z"


def test_the_workers_end_once_their_parent_is_killed() -> None:
    with subprocess.Popen(
        [sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True
    ) as parent:
        assert parent.stdout is not None
        workers = [int(pid) for pid in parent.stdout.readline().split()]
        assert len(workers) == 2 and all(_running(pid) for pid in workers)
        parent.send_signal(signal.SIGKILL)
        parent.wait()
    deadline = time.monotonic() + 10
    while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_running(pid) for pid in workers)


def test_a_pool_runs_work_in_other_processes() -> None:
    with process_pool(2) as pool:
        pids = {pool.submit(os.getpid).result() for _ in range(4)}
    assert os.getpid() not in pids
