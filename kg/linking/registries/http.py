"""The registries' client: one session of `kg.http` for every look-up, and one way to fail.

    config = RegistryConfig.from_mapping(section)        # kg.linking.registries.config
    with RegistryClient(config, ("isil", "ytj")) as client:   # the registries it will ask
        answer = client.get_json("isil", "FI-Km", url, {"isil": "^FI-Km$"})   # -> JsonAnswer
        # ... or LookupFailure (a ServiceError, exit 3) naming registry, key and URL

The session (`kg.http`) sends the User-Agent with the contact, times out every request,
retries 429/502/503/504 within `max_retry_after`, keeps a pace per host, caps the body, and
caches 200 answers on disk; offline, it answers from the cache only and sends nothing. Here is
what is the registries' own:

- **A registry given up** (`kg.linking.registries.guard`): a connection refused, a host that does
  not resolve or a connect timeout gives the registry up for the rest of the run, and so does
  its `deadline` (seconds from its first look-up); its later look-ups fail at once, `skipped`,
  and each failure says why in `stopped`.
- **A contact** is required to ask the registries that demand one (`CONTACT_REQUIRED`).
- **Every failure** (no answer, an error status, an answer that is not JSON, or not of the
  registry's shape) is a LookupFailure naming the registry, what was looked up and the URL.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any

import requests

from kg.errors import HttpFailure, LookupFailure
from kg.excerpts import first_line
from kg.http import cache
from kg.http.failures import send, status_text
from kg.http.retry import RETRY_STATUSES, retry_after
from kg.http.session import open_session, requests_sent
from kg.linking.registries.config import (
    REGISTRIES,
    REGISTRY_LABELS,
    RegistryConfig,
    check_contact,
)
from kg.linking.registries.guard import RegistryGuard


def lookup_failure(registry: str, key: str, url: str, reason: str, **details: Any) -> LookupFailure:
    """Return the LookupFailure of a look-up of `key` in `registry`, labelled for messages."""
    label = REGISTRY_LABELS.get(registry, registry)
    return LookupFailure(registry, key, url, reason, label=label, **details)


@dataclass(frozen=True)
class JsonAnswer:
    """A registry's parsed JSON answer, with what the evidence of a link needs."""

    data: Any
    url: str  # the request URL, query string included
    retrieved_at: datetime  # when the registry gave it (for a cached answer: when cached)
    from_cache: bool

    def unexpected(self, registry: str, key: str, what: str) -> LookupFailure:
        """Return the failure of an answer that is JSON, but not of the registry's shape."""
        return lookup_failure(registry, key, self.url, f"unexpected JSON: {what}", status=200)

    def object_list(self, registry: str, key: str, field: str) -> list[dict[str, Any]]:
        """Return the list of objects under `field` of the answer's top object.

        Any other shape is a LookupFailure naming the registry, `key` and what was wrong.
        """
        data = self.data
        if not isinstance(data, dict) or not isinstance(data.get(field), list):
            raise self.unexpected(registry, key, f'expected an object with a list under "{field}"')
        for number, item in enumerate(data[field]):
            if not isinstance(item, dict):
                raise self.unexpected(registry, key, f"{field}[{number}] is not an object")
        return data[field]


class RegistryClient:
    """The one session all registry look-ups go through; close it (or use `with`).

    `registries` are those it will ask: a contact is required when one of them demands it
    (`CONTACT_REQUIRED`). `clock` times each registry's deadline.
    """

    def __init__(
        self,
        config: RegistryConfig,
        registries: Iterable[str] = REGISTRIES,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        for registry in registries:
            check_contact(config, registry)
        self.config = config
        self._guard = RegistryGuard(config.deadline, clock)
        settings = config.http_settings
        self.session = open_session(settings)
        self._timeout = settings.timeout

    @property
    def requests_sent(self) -> int:
        """How many requests went out on the wire (cache answers and retries not counted)."""
        return requests_sent(self.session)

    def url(self, registry: str) -> str:
        """Return the configured base URL of `registry`."""
        return self.config.url(registry)

    def close(self) -> None:
        """Close the session and the cache."""
        self.session.close()

    def __enter__(self) -> RegistryClient:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    # -- requests -----------------------------------------------------------------------------

    def get_json(
        self,
        registry: str,
        key: str,
        url: str,
        params: Mapping[str, str] | None = None,
        *,
        accept: str = "application/json",
    ) -> JsonAnswer:
        """GET `url` with `params` and return its JSON; any failure is a LookupFailure.

        `registry` and `key` (what was looked up, as a person would name it) go into the
        failure's message with the URL.
        """
        return self._json("GET", registry, key, url, params=params, accept=accept)

    def post_json(
        self,
        registry: str,
        key: str,
        url: str,
        form: Mapping[str, str],
        *,
        accept: str = "application/json",
    ) -> JsonAnswer:
        """POST `form` (form-encoded) to `url` and return the JSON answer, as `get_json`."""
        return self._json("POST", registry, key, url, data=form, accept=accept)

    def _json(
        self,
        method: str,
        registry: str,
        key: str,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        data: Mapping[str, str] | None = None,
        accept: str,
    ) -> JsonAnswer:
        full_url = requests.Request(method, url, params=dict(params or {})).prepare().url or url

        def failure(reason: str, **details: Any) -> LookupFailure:
            return lookup_failure(registry, key, full_url, reason, **details)

        check_contact(self.config, registry)
        stopped = None if self.config.offline else self._guard.stopped(registry)
        if stopped is not None:
            raise failure(f"not asked: {stopped}", stopped=stopped, skipped=True)

        def ask(**cache_options: bool) -> requests.Response:
            return send(
                self.session,
                method,
                url,
                timeout=self._timeout,
                params=params,
                data=data,
                headers={"Accept": accept},
                **cache_options,
            )

        try:
            response = ask(only_if_cached=self.config.offline)
            if not self.config.offline and cache.too_old(response, self.config.cache_expiry):
                response = ask(force_refresh=True)
        except HttpFailure as exc:
            given_up = self._give_up(registry, exc.reason) if exc.no_connection else None
            cause = exc.__cause__ or exc  # what requests or urllib3 raised, if they did
            raise failure(exc.reason, offline=exc.offline, stopped=given_up) from cause
        if self.config.offline and response.status_code == 504:  # requests-cache: not cached
            raise failure("offline, and not in the cache", offline=True)
        if response.status_code != 200:
            raise failure(self._status_reason(response), status=response.status_code)
        content = response.content or b""
        media_type = response.headers.get("Content-Type", "no Content-Type")
        if not content.strip():
            raise failure(f"the answer is empty ({media_type})", status=200)
        try:
            parsed = json.loads(content)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            said = content.decode("utf-8", "replace")
            raise failure(
                f"the answer is not JSON ({media_type}): {first_line(said)}", status=200
            ) from exc
        return JsonAnswer(
            data=parsed,
            url=full_url,
            retrieved_at=cache.retrieved_at(self.session, response),
            from_cache=cache.from_cache(response),
        )

    def _give_up(self, registry: str, reason: str) -> str:
        """Give `registry` up (no connection can be made to it); return why, with its URL."""
        stopped = f"{reason} at {self.url(registry)}"
        self._guard.give_up(registry, stopped)
        return stopped

    def _status_reason(self, response: requests.Response) -> str:
        reason = f"answered {status_text(response)}"
        wait = retry_after(response.headers.get("Retry-After"))
        if response.status_code in RETRY_STATUSES and wait is not None:
            if wait > self.config.max_retry_after:
                return (
                    f"{reason}; it asks to wait {wait:g} s, more than max_retry_after "
                    f"({self.config.max_retry_after:g} s), so it was not asked again"
                )
            return (
                f"{reason} (asked to wait {wait:g} s; gave up after {self.config.retries} retries)"
            )
        if response.status_code in RETRY_STATUSES and self.config.retries:
            return f"{reason} (after {self.config.retries} retries)"
        return reason
