"""The memory of a process and every process it started, together, sampled (Linux /proc).

    with TreePeak(pid) as peak: ...     peak.kib: the largest sum seen; peak.most: processes

A build that runs work in other processes at the same time (parse workers, the release,
its JSON-LD) holds the sum of their memory at once; each process's own peak RSS does not say
that. Each process counts its proportional set size (PSS: a page shared by n processes counts
1/n in each), so forked workers do not count their parent's pages again.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from types import TracebackType

INTERVAL = 0.2  # seconds between samples


def descendants(pid: int) -> list[int]:
    """`pid` and every process below it, as /proc has them now."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])  # the name may hold spaces
        children.setdefault(parent, []).append(int(entry))
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        pending += children.get(current, [])
    return found


def pss_kib(pid: int) -> int:
    """The proportional set size of `pid` in KiB (0 when it has gone)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        return 0
    return 0


class TreePeak:
    """Samples the PSS of a process and its descendants in a thread; keeps the largest sum."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.kib = 0  # the largest sum of the processes' PSS at one sample
        self.most = 0  # the most processes at one sample
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, name="tree-peak", daemon=True)

    def __enter__(self) -> TreePeak:
        if Path("/proc/self/smaps_rollup").exists():
            self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _sample(self) -> None:
        while not self._stop.wait(INTERVAL):
            pids = descendants(self.pid)
            self.kib = max(self.kib, sum(pss_kib(pid) for pid in pids))
            self.most = max(self.most, len(pids))
