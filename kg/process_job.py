"""A function of this package run in a fresh Python process: started now, waited for later.

    job = ProcessJob.start("kg.export.jsonld_process", payload)   python -m that module runs
    job.wait()     -> the JSON result, or the KgError it ended with (the same class and words)
    job.stop()     ends it if it still runs, and reaps it: call it whatever happened

    serve(work)    the process's side: work(payload) -> result, payload and result as JSON
    core_to_spare() -> whether a job would have a core of its own (two cores or more)

A second core does the work meanwhile. The process is a new interpreter started by command:
it inherits no thread or lock of this one (a store's), and unlike multiprocessing's ways of
starting one it does not import the caller's main module again. Its standard error is this
one's (warnings reach the user as they would); the payload goes in on its standard input, one
line of JSON, and the outcome comes back on its standard output, one JSON object.

Standard input stays open until `stop`: when it closes before, the process that started the
job has ended (killed, say), and the job ends too, at once, instead of writing on for nobody.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from typing import Any

from kg import errors
from kg.errors import KgError

Json = Any


def core_to_spare() -> bool:
    """Whether this machine has a second core, for a job beside this process."""
    return (os.cpu_count() or 1) >= 2


class ProcessJob:
    """A running `python -m MODULE` whose module calls `serve`."""

    def __init__(self, module: str, process: subprocess.Popen[bytes]) -> None:
        self.module = module
        self._process = process

    @classmethod
    def start(cls, module: str, payload: Json) -> ProcessJob:
        """Start `python -m module` with `payload` (JSON-serialisable) on its standard input."""
        try:
            process = subprocess.Popen(
                [sys.executable, "-m", module], stdin=subprocess.PIPE, stdout=subprocess.PIPE
            )
        except OSError as exc:
            raise KgError(f"cannot start a process for {module} ({exc.strerror or exc})") from exc
        assert process.stdin is not None
        try:  # one line, and the pipe kept open: its end tells the job this process has ended
            process.stdin.write(json.dumps(payload).encode("utf-8") + b"\n")
            process.stdin.flush()
        except OSError:  # it has ended already: wait() tells how
            pass
        return cls(module, process)

    @property
    def pid(self) -> int:
        """The process's id."""
        return self._process.pid

    @property
    def running(self) -> bool:
        """Whether the process has not ended yet."""
        return self._process.poll() is None

    def wait(self) -> Json:
        """Wait for the process; return its result, or raise the KgError it ended with."""
        assert self._process.stdout is not None
        answer = self._process.stdout.read()  # to its end: the process has ended
        status = self._process.wait()
        try:
            outcome = json.loads(answer)
        except ValueError:
            outcome = None
        if not isinstance(outcome, dict) or ("result" not in outcome and "error" not in outcome):
            raise KgError(f"the process of {self.module} ended with exit status {status}")
        if "error" in outcome:
            raise _error(outcome["error"])
        return outcome["result"]

    def stop(self) -> None:
        """End the process if it still runs, and reap it."""
        if self.running:
            self._process.kill()
        self._process.wait()
        for pipe in (self._process.stdin, self._process.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError):  # a payload it never read: it has ended
                    pipe.close()


ORPHANED = 3  # the exit status of a job whose starter ended first


def serve(work: Callable[[Json], Json]) -> int:
    """Run `work` on the JSON payload of standard input; write the outcome; the exit status.

    The payload is the first line; when standard input then ends, the process that started
    this one has ended, and this one exits at once (`ORPHANED`), whatever the work is doing.
    """
    payload = json.loads(sys.stdin.buffer.readline())
    threading.Thread(target=_end_with_starter, name="kg-starter-watch", daemon=True).start()
    answer, sys.stdout = sys.stdout, sys.stderr  # what the work prints must not mix with it
    try:
        outcome = {"result": work(payload)}
        status = 0
    except KgError as exc:
        outcome = {
            "error": {"kind": type(exc).__name__, "message": exc.message, "where": exc.where}
        }
        status = exc.exit_code
    except OSError as exc:  # a file that cannot be read or written, and where
        message = f"cannot read or write a file ({exc.strerror or exc})"
        outcome = {"error": {"kind": "KgError", "message": message, "where": exc.filename}}
        status = KgError.exit_code
    finally:
        sys.stdout = answer
    answer.write(json.dumps(outcome))
    answer.flush()
    return status


def _end_with_starter() -> None:
    # Nothing more comes: the read returns when the pipe closes. On the descriptor, not through
    # sys.stdin, whose lock a thread blocked in it would hold when the interpreter shuts down.
    while os.read(sys.stdin.fileno(), 4096):
        pass
    os._exit(ORPHANED)  # at once: the files being written are in a staging folder


def _error(described: dict[str, Any]) -> KgError:
    """Return the KgError a process described: its class (by name, in kg.errors), its words."""
    kind = getattr(errors, str(described.get("kind")), None)
    if not (isinstance(kind, type) and issubclass(kind, KgError)) or kind is errors.ParseError:
        kind = KgError
    where = described.get("where")
    return kind(str(described.get("message")), where=None if where is None else str(where))
