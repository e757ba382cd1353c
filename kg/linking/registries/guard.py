"""When one run stops asking a registry: after a failed connection, or past its deadline.

    guard = RegistryGuard(deadline=120.0, clock=time.monotonic)
    guard.stopped("ytj")                  -> None (ask it), or why it is asked no more
    guard.give_up("ytj", "the connection failed (Connection refused) at http://…")

A registry whose host refuses the connection, does not resolve or does not take it within the
connect timeout fails the same way for each of its look-ups: the first such failure gives it
up, and the rest are skipped at once instead of failing one by one. The deadline bounds the
time a run spends on one registry, counted from its first look-up: a registry that answers
slowly or not at all (each look-up waits its read timeout) costs at most the deadline and one
look-up more. The clock is an argument, so that tests can move it.
"""

from __future__ import annotations

import time
from collections.abc import Callable


class RegistryGuard:
    """Which registries this run has given up, and since when it asks each one."""

    def __init__(self, deadline: float | None, clock: Callable[[], float] = time.monotonic) -> None:
        self.deadline = deadline
        self._clock = clock
        self._started: dict[str, float] = {}
        self._given_up: dict[str, str] = {}

    def stopped(self, registry: str) -> str | None:
        """Return why `registry` is asked no more, or None to ask it.

        The first call for a registry starts its clock; a call past its deadline gives it up.
        """
        if registry in self._given_up:
            return self._given_up[registry]
        now = self._clock()
        started = self._started.setdefault(registry, now)
        if self.deadline is not None and now - started >= self.deadline:
            self.give_up(registry, f"the deadline of {self.deadline:g} s passed")
            return self._given_up[registry]
        return None

    def give_up(self, registry: str, reason: str) -> None:
        """Ask `registry` no more in this run, for `reason` (the first reason given stays)."""
        self._given_up.setdefault(registry, reason)
