"""A pace per host: at least `interval` seconds between the starts of two requests to one host."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlsplit


class Pacer:
    """Waits, before a request, until `interval` seconds passed since the last one to its host.

    The clock is monotonic; `clock` and `sleep` are arguments so that tests can move time.
    """

    def __init__(
        self,
        interval: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = interval
        self._clock = clock
        self._sleep = sleep
        self._next: dict[str, float] = {}

    def wait(self, url: str) -> None:
        """Return when a request to the host of `url` may start (case-insensitive host)."""
        host = urlsplit(url).netloc.lower()
        now = self._clock()
        ready = self._next.get(host, now)
        if ready > now:
            self._sleep(ready - now)
            now = ready
        self._next[host] = now + self.interval
