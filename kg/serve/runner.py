"""Queries run in processes of their own, each killed when it passes the time limit.

    runner = QueryRunner(work, processes=2, timeout=10.0)
    runner.start()        forks the spawner: call it before the server starts its threads
    runner.run(job)       -> Answer: blocks (call it from a thread), at most about 2 x timeout
    runner.pids()         -> the query processes' ids (the tests watch them end)
    runner.close()        ends every process it started

pyoxigraph (0.5) cannot stop a query it has begun: it has no timeout and no cancel (Oxigraph's
Rust API has a cancellation token since 0.5, which its own HTTP server uses, but pyoxigraph does
not expose it). Answering the client after a deadline from a thread leaves the query running,
a core busy for as long as the query takes, which for a join gone wrong is for ever. So each
query runs in a process that can be killed: `processes` of them, forked once the served graph
is in memory, share its pages copy-on-write and take one job at a time. A query that has not
answered within `timeout` seconds has its process killed (SIGKILL), and a new one takes its
place. Waiting for a free process is bounded by `timeout` too (503, busy).

The processes are forked by a spawner, itself forked by `start` while the server is still one
thread: a process forked later from the server, whose threads may hold locks at that moment,
could inherit them held. The spawner keeps only its socket (other descriptors inherited, such
as listening sockets, are closed), ignores SIGINT (Ctrl-C in a terminal reaches the whole
process group: the server ends them itself) and reaps its children. A query process ends when
its socket closes (the server ended or closed it), or when the spawner is gone.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import queue
import signal
import socket
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import NoReturn

from kg.serve.answer import Answer, Job

LOG = logging.getLogger("kg.serve")
PARENT_CHECK_SECONDS = 1.0  # how often a query process looks whether its spawner is alive
_STOP_SECONDS = 2.0  # how long `close` waits for the spawner to end before killing it

Work = Callable[[Job], Answer]


@dataclass
class _Process:
    """A query process: its id, the server's end of its socket, and a pidfd to kill it by."""

    pid: int
    connection: Connection
    pidfd: int | None


class QueryRunner:
    """A pool of query processes, each killed and replaced when a query takes too long."""

    def __init__(self, work: Work, *, processes: int, timeout: float) -> None:
        self._work = work
        self._size = processes
        self.timeout = timeout
        self._idle: queue.Queue[_Process] = queue.Queue()
        self._all: dict[int, _Process] = {}
        self._lock = threading.Lock()  # the spawner's socket and `_all`
        self._control: socket.socket | None = None
        self._spawner: int | None = None

    def start(self) -> None:
        """Fork the spawner, and through it the query processes."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        pid = os.fork()
        if pid == 0:  # the spawner
            try:
                ours.close()
                _spawner(theirs, self._work)
            finally:
                os._exit(1)
        theirs.close()
        self._control, self._spawner = ours, pid
        for _ in range(self._size):
            self._idle.put(self._spawn())

    def run(self, job: Job) -> Answer:
        """Run `job` in a free query process; the answer, or 503 when it took too long."""
        try:
            process = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            return Answer.text(
                503,
                f"the server is busy: no query process came free within "
                f"{self.timeout:g} s; try again",
            )
        try:
            process.connection.send(job)
            if process.connection.poll(self.timeout):
                answer: Answer = process.connection.recv()
                self._idle.put(process)
                return answer
        except (EOFError, OSError):
            self._replace(process)
            return Answer.text(500, "the query's process ended before it answered")
        self._replace(process)
        return Answer.text(
            503,
            f"no answer within {self.timeout:g} s (kg serve --timeout): the query was stopped",
        )

    def pids(self) -> list[int]:
        """Return the ids of the query processes alive now, sorted."""
        with self._lock:
            return sorted(self._all)

    def close(self) -> None:
        """Kill every query process, then end the spawner."""
        with self._lock:
            processes = list(self._all.values())
            self._all.clear()
            control, self._control = self._control, None
        for process in processes:
            _kill(process)
        if control is not None:
            control.close()  # the spawner reads the end of its socket and ends
        if self._spawner is not None:
            _reap(self._spawner)
            self._spawner = None

    def _spawn(self) -> _Process:
        """Have the spawner fork a query process; return it."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        with self._lock:
            control = self._control
            if control is None:
                ours.close()
                theirs.close()
                raise OSError("the query processes are closed")
            try:
                socket.send_fds(control, [b"+"], [theirs.fileno()])
                pid = int.from_bytes(_receive_exactly(control, 4), "big")
            finally:
                theirs.close()
            process = _Process(pid, Connection(ours.detach()), _pidfd(pid))
            self._all[pid] = process
        return process

    def _replace(self, process: _Process) -> None:
        """Kill `process` and put a new one in its place."""
        with self._lock:
            known = self._all.pop(process.pid, None) is not None
        _kill(process)
        if not known:  # closed meanwhile
            return
        try:
            self._idle.put(self._spawn())
        except OSError as exc:
            LOG.error("cannot start a query process in place of one stopped (%s)", exc)


def _receive_exactly(control: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = control.recv(size - len(data))
        if not chunk:
            raise OSError("the spawner of the query processes has ended")
        data += chunk
    return data


def _pidfd(pid: int) -> int | None:
    """Return a pidfd of `pid` (so that a kill cannot reach a process that took its id)."""
    try:
        return os.pidfd_open(pid)
    except (AttributeError, OSError):
        return None


def _kill(process: _Process) -> None:
    with contextlib.suppress(OSError):
        if process.pidfd is not None:
            signal.pidfd_send_signal(process.pidfd, signal.SIGKILL)
        else:
            os.kill(process.pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        process.connection.close()
    if process.pidfd is not None:
        with contextlib.suppress(OSError):
            os.close(process.pidfd)


def _reap(pid: int) -> None:
    """Wait for the child `pid` to end; kill it if it has not after a while."""
    deadline = time.monotonic() + _STOP_SECONDS
    while time.monotonic() < deadline:
        try:
            ended, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return
        if ended:
            return
        time.sleep(0.02)
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


# -- in the spawner and the query processes ------------------------------------------------


def _spawner(control: socket.socket, work: Work) -> NoReturn:
    """Fork a query process for each request on `control`; end when `control` closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # its children are reaped by the system
    keep = control.fileno()
    os.closerange(3, keep)
    os.closerange(keep + 1, os.sysconf("SC_OPEN_MAX"))
    gc.freeze()  # the inherited objects stay as they are: their pages stay shared
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(control, 1, 1)
        except OSError:
            os._exit(0)
        if not message or not fds:
            os._exit(0)
        pid = os.fork()
        if pid == 0:
            control.close()
            _serve_jobs(Connection(fds[0]), work, os.getppid())
        os.close(fds[0])
        try:
            control.sendall(pid.to_bytes(4, "big"))
        except OSError:
            os._exit(0)


def _serve_jobs(connection: Connection, work: Work, spawner: int) -> NoReturn:
    """Answer jobs from `connection` until it closes or the spawner is gone."""

    def watch() -> None:
        while os.getppid() == spawner:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(0)

    threading.Thread(target=watch, name="kg-spawner-watch", daemon=True).start()
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            os._exit(0)
        try:
            answer = work(job)
        except Exception:  # a fault of ours: the server's log gets it, the client one line
            traceback.print_exc()
            answer = Answer.text(500, "the server failed to answer this query")
        try:
            connection.send(answer)
        except OSError:
            os._exit(0)
