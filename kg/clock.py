"""When a build's records count as read: SOURCE_DATE_EPOCH, for reproducible builds, else now."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from kg.errors import RequestError


def default_read_at(environ: Mapping[str, str], now: Callable[[], datetime]) -> datetime:
    """Return when the records count as read, in UTC to the second.

    `SOURCE_DATE_EPOCH` (seconds since 1970) wins when set, for reproducible builds; else `now()`.
    """
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC)
        except (ValueError, OverflowError, OSError):
            raise RequestError(
                f"SOURCE_DATE_EPOCH must be seconds since 1970, not {epoch!r}"
            ) from None
    return now().astimezone(UTC).replace(microsecond=0)
