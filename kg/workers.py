"""The one way kirjasto-kg runs work in other processes: a `concurrent.futures` process pool.

    process_pool(workers)   -> a ProcessPoolExecutor whose workers end with this process

Workers are forked where the system can (Linux, macOS), else started afresh. A worker ends
by itself once the process that started it is gone: a build or export killed outright
(SIGKILL) leaves no worker behind, waiting forever for work.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor

PARENT_CHECK_SECONDS = 1.0


def process_pool(workers: int) -> ProcessPoolExecutor:
    """Return a pool of `workers` processes that end when this process ends."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(
        workers, mp_context=context, initializer=_end_with_parent, initargs=(os.getpid(),)
    )


def _end_with_parent(parent: int) -> None:
    """In a worker: watch the process that started it, and end the worker once it is gone."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)  # the parent is gone: no one will send work or read a result

    threading.Thread(target=watch, name="kg-parent-watch", daemon=True).start()
