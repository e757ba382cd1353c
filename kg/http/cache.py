"""The answer cache (requests-cache, SQLite or memory): its session, an answer's age and time.

Only 200 answers are kept, GET and POST alike (a POST is keyed by its body); the services' own
Cache-Control headers are ignored, the configured expiry rules. Offline, a stale answer is
better than none.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import requests
from requests_cache import CachedSession

from kg.http.settings import HttpSettings


def cached_session(settings: HttpSettings) -> CachedSession:
    """Return a session whose answers are cached where `settings.cache` says (None: memory)."""
    if settings.cache is not None:
        settings.cache.parent.mkdir(parents=True, exist_ok=True)
    return CachedSession(
        cache_name=str(settings.cache) if settings.cache is not None else "kirjasto-kg",
        backend="sqlite" if settings.cache is not None else "memory",
        expire_after=_expiry(settings.cache_expiry),
        allowable_methods=("GET", "HEAD", "POST"),
        allowable_codes=(200,),
        cache_control=False,
        stale_if_error=settings.offline,
    )


def from_cache(response: requests.Response) -> bool:
    """Return whether `response` came from the cache rather than the wire."""
    return bool(getattr(response, "from_cache", False))


def too_old(response: requests.Response, expiry: float | None) -> bool:
    """Return whether a cached answer is older than `expiry` seconds (None: never too old).

    The cache stamps each answer with the expiry in force when it was stored; the expiry of
    this run rules instead, so a shorter one takes effect at once. The old answer stays in the
    cache until a new one replaces it (offline runs still have it).
    """
    if not from_cache(response) or expiry is None:
        return False
    created = getattr(response, "created_at", None)
    if not isinstance(created, datetime):
        return True
    return (datetime.now(UTC) - _aware(created)).total_seconds() >= expiry


def retrieved_at(session: CachedSession, response: requests.Response) -> datetime:
    """Return when the service gave this answer.

    That is the cache's own time for it when it has one, so that a later run reading it from
    the cache says the same time.
    """
    created = getattr(response, "created_at", None)
    key = getattr(response, "cache_key", "")
    if not from_cache(response) and key:
        stored = session.cache.get_response(key)
        created = getattr(stored, "created_at", None) or created
    return _aware(created) if isinstance(created, datetime) else datetime.now(UTC)


def _expiry(seconds: float | None) -> int | timedelta:
    if seconds is None:
        return -1  # requests-cache: never expire
    if seconds <= 0:
        return 0  # requests-cache: expire immediately, i.e. do not cache
    return timedelta(seconds=seconds)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
