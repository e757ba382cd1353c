"""Work run in a thread of its own, so that what it leaves behind cannot hold the caller's frames.

    run_apart(work)   -> what work() returns, or None if the thread ended without a result

rdflib's SPARQL parser (pyparsing) leaves reference cycles through the frames of its
exceptions. Run from the caller's thread, those cycles hold the caller's frames, and what
they hold (a build's open store), until the next garbage collection; run apart, they hold
only the thread's own frames.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def run_apart(work: Callable[[], T]) -> T | None:
    """Run `work` in a thread of its own, wait for it, and return its result."""
    outcome: list[T] = []
    worker = threading.Thread(target=lambda: outcome.append(work()), name="kg-apart")
    worker.start()
    worker.join()
    return outcome[0] if outcome else None
