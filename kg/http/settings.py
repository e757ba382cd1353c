"""How an HTTP session behaves (`HttpSettings`), and the readers of its configuration values.

Each reader takes a value as a TOML or environment value comes (a number, a string, a bool)
and returns it checked, or raises TypeError or ValueError saying what it expected; the caller
names the key.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


@dataclass(frozen=True)
class HttpSettings:
    """What one session does on the wire; times in seconds.

    `cache` None keeps the answer cache in memory; `cache_expiry` None never expires, 0 keeps
    nothing. `offline` answers from the cache only, and sends nothing.
    """

    user_agent: str
    connect_timeout: float
    read_timeout: float
    cache: Path | None = None
    cache_expiry: float | None = None
    offline: bool = False
    min_interval: float = 0.0
    max_body_bytes: int = 20 * 1024 * 1024
    retries: int = 0
    backoff: float = 0.5
    max_retry_after: float = 30.0

    @property
    def timeout(self) -> tuple[float, float]:
        """(connect, read): the timeout every request carries."""
        return (self.connect_timeout, self.read_timeout)


def number(value: Any, *, minimum: float = 0.0) -> float:
    """Return `value` as a finite float of at least `minimum`."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise TypeError(f"expected a number, got {value!r}")
    result = float(value)
    if not math.isfinite(result):
        raise ValueError(f"expected a finite number, got {value!r}")
    if result < minimum:
        raise ValueError(f"expected at least {minimum:g}, got {value!r}")
    return result


def count(value: Any) -> int:
    """Return `value` as a whole number of at least 0."""
    result = number(value)
    if result != int(result):
        raise ValueError(f"expected a whole number, got {value!r}")
    return int(result)


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def duration(value: Any) -> float | None:
    """Return seconds from a number or "30s", "15m", "12h", "7d"; None for "never" or None."""
    if value is None or (isinstance(value, str) and value.strip().lower() == "never"):
        return None
    if isinstance(value, str):
        match = _DURATION.match(value.lower())
        if not match:
            raise ValueError(f"expected seconds or e.g. '12h', '7d', 'never', got {value!r}")
        return float(match.group(1)) * _UNIT_SECONDS[match.group(2)]
    return number(value)


def flag(value: Any) -> bool:
    """Return a bool from a bool or "true"/"yes"/"1"/"false"/"no"/"0"."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "yes", "1", "false", "no", "0"):
        return value.strip().lower() in ("true", "yes", "1")
    raise TypeError(f"expected true or false, got {value!r}")


def cache_path(value: Any) -> Path | None:
    """Return the cache file's path (`~` expanded); None ("" or None) keeps it in memory."""
    if value is None or value == "":
        return None
    if not isinstance(value, str | os.PathLike):
        raise TypeError(f"expected a path, got {value!r}")
    return Path(value).expanduser()


def http_url(value: Any) -> str:
    """Return `value` if it is an http:// or https:// URL with a host."""
    if not isinstance(value, str):
        raise TypeError(f"expected a URL, got {value!r}")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"expected an http:// or https:// URL, got {value!r}")
    return value


# The readers of the HttpSettings keys a configuration section may set.
READERS: Mapping[str, Callable[[Any], Any]] = {
    "cache": cache_path,
    "cache_expiry": duration,
    "offline": flag,
    "connect_timeout": lambda value: number(value, minimum=0.001),
    "read_timeout": lambda value: number(value, minimum=0.001),
    "min_interval": number,
    "max_body_bytes": count,
    "retries": count,
    "backoff": number,
    "max_retry_after": number,
}
