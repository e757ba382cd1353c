"""The retry policy: 429 and the gateway statuses again, with backoff, within a Retry-After cap.

A service that asks to wait longer than `max_retry_after` (its Retry-After) is not waited for:
the retries end at once and the answer that asked is handed back, so the caller can say what
was asked for. A read that timed out is not retried (a slow query would only time out again),
nor is a connection that failed (a refused or unresolved host fails the same way a moment
later, and a connect timeout has already waited its time).
"""

from __future__ import annotations

from types import TracebackType
from typing import Any, Final

from urllib3.exceptions import InvalidHeader, MaxRetryError, ResponseError
from urllib3.util.retry import Retry

from kg.http.settings import HttpSettings

RETRY_STATUSES: Final = frozenset({429, 502, 503, 504})
_METHODS: Final = frozenset({"GET", "HEAD", "POST"})


def retry_policy(settings: HttpSettings) -> CappedRetry:
    """Return the Retry of a session with `settings`."""
    return CappedRetry(
        total=settings.retries,
        connect=0,
        read=False,
        status=settings.retries,
        other=0,
        allowed_methods=_METHODS,
        status_forcelist=RETRY_STATUSES,
        backoff_factor=settings.backoff,
        backoff_max=max(settings.max_retry_after, settings.backoff),
        raise_on_status=False,
        respect_retry_after_header=True,
        max_retry_after=settings.max_retry_after,
    )


def retry_after(header: str | None) -> float | None:
    """Seconds a Retry-After header asks for (a number or an HTTP date), None if unreadable."""
    if not header:
        return None
    try:
        return Retry().parse_retry_after(header)
    except InvalidHeader:
        return None


class CappedRetry(Retry):
    """urllib3 Retry that waits before the first retry too, and never past `max_retry_after`."""

    def __init__(self, *args: Any, max_retry_after: float = 30.0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_retry_after = max_retry_after

    def new(self, **kw: Any) -> CappedRetry:
        """Return a copy with `kw` changed (urllib3 makes one per attempt)."""
        kw.setdefault("max_retry_after", self.max_retry_after)
        return super().new(**kw)

    def get_backoff_time(self) -> float:
        """Return the wait before the next retry: `backoff_factor * 2**(n-1)` for the n-th.

        urllib3 does not wait before the first retry; a service that just failed deserves a
        pause.
        """
        errors = 0
        for attempt in reversed(self.history):
            if attempt.redirect_location is not None:
                break
            errors += 1
        if errors == 0:
            return 0.0
        return float(min(self.backoff_max, self.backoff_factor * 2 ** (errors - 1)))

    def increment(
        self,
        method: str | None = None,
        url: str | None = None,
        response: Any = None,
        error: Exception | None = None,
        _pool: Any = None,
        _stacktrace: TracebackType | None = None,
    ) -> CappedRetry:
        """Count one more attempt; end the retries when a Retry-After asks too long a wait."""
        if response is not None and error is None:
            wait = retry_after(response.headers.get("Retry-After"))
            if wait is not None and wait > self.max_retry_after:
                raise MaxRetryError(
                    _pool, url or "", ResponseError(f"Retry-After {wait:g} s is too long")
                )
        return super().increment(method, url, response, error, _pool, _stacktrace)
