"""The one way kirjasto-kg runs work in other processes: a `concurrent.futures` process pool.

    process_pool(workers)   -> a ProcessPoolExecutor whose workers end with this process

Workers are forked where the system can (Linux, macOS), else started afresh. A worker leaves
the objects it inherited to its parent (`gc.freeze`), and ends by itself once the process that
started it is gone: a build or export killed outright (SIGKILL) leaves no worker behind,
waiting forever for work.
"""

from __future__ import annotations

import gc
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
        workers, mp_context=context, initializer=_start_worker, initargs=(os.getpid(),)
    )


def _start_worker(parent: int) -> None:
    """In a new worker: leave what it inherited alone, and end it once its parent is gone."""
    # A forked worker inherits its parent's objects, unreachable ones too (a store of an
    # earlier build in the same process, in a reference cycle): collected here, a store's
    # database would be closed in a process that does not own it. Frozen, the collector
    # leaves them to the parent.
    gc.freeze()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)  # the parent is gone: no one will send work or read a result

    threading.Thread(target=watch, name="kg-parent-watch", daemon=True).start()
