"""run_apart: work in a thread of its own, whose leftovers cannot hold the caller's frames."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Callable

from rdflib.plugins.sparql import prepareQuery

from kg.apart import run_apart

QUERY = "PREFIX ex: <http://example.org/> SELECT ?this WHERE { ?this ex:p ?v FILTER(?v > 3) }"


class Held:
    """Something a caller's frame holds until it returns (in a build: the open store)."""


def _caller(parse: Callable[[], object]) -> weakref.ref[Held]:
    held = Held()  # a local to the end, as a build's store is
    parse()
    return weakref.ref(held)


def test_the_work_runs_in_another_thread_and_gives_its_result() -> None:
    assert run_apart(lambda: threading.current_thread().name) == "kg-apart"


def test_the_parsers_leftovers_hold_the_caller_only_when_it_runs_in_the_callers_thread() -> None:
    gc.disable()  # what is freed must be freed by reference counting alone
    try:
        assert _caller(lambda: run_apart(lambda: prepareQuery(QUERY)))() is None
        assert _caller(lambda: prepareQuery(QUERY))() is not None  # why run_apart exists
    finally:
        gc.enable()
        gc.collect()
