"""One configured session: the answer cache, the User-Agent, retries, a pace per host, a cap.

session = open_session(settings)        # a requests-cache CachedSession
response = send(session, "GET", url, timeout=settings.timeout, params=...)   # kg.http.failures
requests_sent(session)                  # requests that went out on the wire
"""

from __future__ import annotations

from requests.adapters import BaseAdapter
from requests_cache import CachedSession

from kg.http.adapters import OfflineAdapter, PacedAdapter
from kg.http.cache import cached_session
from kg.http.pacing import Pacer
from kg.http.retry import retry_policy
from kg.http.settings import HttpSettings


def open_session(settings: HttpSettings) -> CachedSession:
    """Return a session that behaves as `settings` say; close it when done.

    Offline, its adapter refuses every request: only the cache answers.
    """
    session = cached_session(settings)
    session.headers["User-Agent"] = settings.user_agent
    adapter: BaseAdapter
    if settings.offline:
        adapter = OfflineAdapter()
    else:
        adapter = PacedAdapter(
            Pacer(settings.min_interval), settings.max_body_bytes, retry_policy(settings)
        )
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def requests_sent(session: CachedSession) -> int:
    """Return how many requests went out on the wire (cache answers and retries not counted)."""
    adapter = session.get_adapter("https://")
    return adapter.sent if isinstance(adapter, PacedAdapter) else 0
