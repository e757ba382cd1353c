"""The HTTP layer every registry uses: one configured session, and one way to fail.

    config = RegistryConfig.from_mapping(section)        # a config file's section, env on top
    with RegistryClient(config, ("isil", "ytj")) as client:   # the registries it will ask
        answer = client.get_json("isil", "FI-Km", url, {"isil": "^FI-Km$"})   # -> JsonAnswer
        # ... or LookupFailure (a ServiceError, exit 3) naming registry, key and URL

What the session does, and why:

- **User-Agent** `kirjasto-kg/<version> (<contact>) python-requests/<version>`: Wikidata
  refuses generic agents (HTTP 403), and every registry deserves a way to reach the operator.
  A contact (e-mail or URL) is required to ask the registries that demand one
  (`CONTACT_REQUIRED`), unless the client is offline; the others get the agent without it.
- **Timeouts** (connect, read) on every request.
- **Retries** (urllib3 `Retry`) for 429/502/503/504, with exponential backoff, honouring
  `Retry-After`, but only up to `max_retry_after` seconds: a registry that asks for a longer
  wait is not waited for; the look-up fails at once and says so. A read that timed out is not
  retried (a slow SPARQL query would only time out again), nor is a connection that failed.
- **A registry given up** (`kg.linking.registries.guard`): a connection refused, a host that does
not
  resolve or a connect timeout gives the registry up for the rest of the run, and so does its
  `deadline` (seconds from its first look-up); its later look-ups fail at once, `skipped`, and
  each failure says why in `stopped`.
- **A per-host pace**: at least `min_interval` seconds between the starts of two requests to
  one host (monotonic clock). Answers from the cache do not count.
- **An on-disk cache** (requests-cache, SQLite) with a configurable expiry. Only 200 answers
  are kept, GET and POST alike (a SPARQL POST is keyed by its body); the registries'
  own Cache-Control headers are ignored, the configured expiry rules.
- **Offline mode** answers from the cache only, stale entries included; a miss is a
  LookupFailure marked `offline`, so the caller can say which look-ups it could not make. No
  request leaves the machine.
- **A cap on the body** (`max_body_bytes`, decoded): a bigger answer is not read, whatever
  Content-Length says or does not say.

Base URLs come from `DEFAULT_URLS`, then the config section's `urls`, then the environment
(`KG_ISIL_URL`, `KG_KIRKANTA_URL`, `KG_WIKIDATA_URL`, `KG_YTJ_URL`; the environment wins).
"""

from __future__ import annotations

import json
import math
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any, Final
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from requests_cache import CachedSession
from urllib3.exceptions import (
    ConnectTimeoutError,
    DecodeError,
    InvalidHeader,
    MaxRetryError,
    ProtocolError,
    ReadTimeoutError,
    ResponseError,
)
from urllib3.util.retry import Retry

from kg import __version__
from kg.errors import RequestError, ServiceError
from kg.excerpts import first_line
from kg.linking.registries.guard import RegistryGuard

REGISTRIES: Final = ("isil", "kirkanta", "wikidata", "ytj")

# The labels used in messages.
REGISTRY_LABELS: Final[Mapping[str, str]] = {
    "isil": "ISIL registry",
    "kirkanta": "Kirjastohakemisto",
    "wikidata": "Wikidata",
    "ytj": "PRH/YTJ",
    "municipalities": "Municipality codes",
}

# Base URLs (REGISTRIES.md): the modules append their paths (`/api/query`, `/library`,
# `/companies`); the Wikidata one is the SPARQL endpoint itself.
DEFAULT_URLS: Final[Mapping[str, str]] = {
    "isil": "https://isil.kansalliskirjasto.fi",
    "kirkanta": "https://api.kirjastot.fi/v4",
    "wikidata": "https://query.wikidata.org/sparql",
    "ytj": "https://avoindata.prh.fi/opendata-ytj-api/v3",
}

URL_ENV_VARS: Final[Mapping[str, str]] = {
    "isil": "KG_ISIL_URL",
    "kirkanta": "KG_KIRKANTA_URL",
    "wikidata": "KG_WIKIDATA_URL",
    "ytj": "KG_YTJ_URL",
}
CONTACT_ENV_VAR: Final = "KG_CONTACT"

# The registries that refuse a client without a contact in its User-Agent (REGISTRIES.md):
# Wikimedia's User-Agent policy requires one and WDQS answers 403 without it. The ISIL
# registry, Kirkanta (v4) and PRH/YTJ state no rule about the agent, so they are asked with
# the descriptive agent, contact or not.
CONTACT_REQUIRED: Final = frozenset({"wikidata"})

RETRY_STATUSES: Final = frozenset({429, 502, 503, 504})
_CHUNK = 64 * 1024


def default_cache_path() -> Path:
    """Return where the response cache lives unless configured: the user's cache folder."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kirjasto-kg" / "registries.sqlite"


@dataclass(frozen=True)
class RegistryConfig:
    """How the registries are reached. Build it with `from_mapping` from a config section.

    `cache` None keeps the cache in memory (nothing on disk). `cache_expiry` None never
    expires; 0 stores nothing. Times are in seconds.
    """

    contact: str = ""
    cache: Path | None = field(default_factory=default_cache_path)
    cache_expiry: float | None = 7 * 24 * 3600.0
    offline: bool = False
    connect_timeout: float = 5.0  # a connection takes well under 1 s; 5 s allows two SYN resends
    # One look-up (an ID, a city's libraries, one Wikidata query of indexed keys) is answered in
    # a second or two. 30 s leaves room for a slow day and is half of the 60 s a Wikidata query
    # may run at most; a registry silent that long is in trouble, and `deadline` bounds the rest.
    read_timeout: float = 30.0
    deadline: float | None = 120.0  # per registry, from its first look-up; None: no deadline
    min_interval: float = 1.0
    max_body_bytes: int = 20 * 1024 * 1024
    retries: int = 3
    backoff: float = 0.5
    max_retry_after: float = 30.0
    municipality_codelist: str = "kunta_1_20240101"
    urls: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_URLS))

    @classmethod
    def from_mapping(
        cls, mapping: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
    ) -> RegistryConfig:
        """Read a config section (e.g. `[registries]` of a TOML file), then the environment.

        Keys: `contact`, `cache` (a path; "" or None: in memory), `cache_expiry` (seconds, or
        "30s"/"15m"/"12h"/"7d", or "never"), `offline`, `connect_timeout`, `read_timeout`,
        `min_interval`, `max_body_bytes`, `retries`, `backoff`, `max_retry_after`, `deadline`
        (seconds, or "2m"..., or "never"), `municipality_codelist`, and `urls` (a table:
        `isil`, `kirkanta`, `wikidata`, `ytj`).
        The environment (`environ`, default `os.environ`) wins: `KG_CONTACT` and the
        `KG_*_URL` variables. An unknown key or a bad value is a RequestError naming it.
        """
        section = dict(mapping or {})
        env = os.environ if environ is None else environ
        where = "registry configuration"
        unknown = sorted(set(section) - _CONFIG_KEYS)
        if unknown:
            raise RequestError(
                f"unknown key {unknown[0]!r} (known: {', '.join(sorted(_CONFIG_KEYS))})",
                where=where,
            )
        values: dict[str, Any] = {}
        for key, convert in _CONVERTERS.items():
            if key in section:
                try:
                    values[key] = convert(section[key])
                except (TypeError, ValueError) as exc:
                    raise RequestError(f"{key}: {exc}", where=where) from exc
        urls = dict(DEFAULT_URLS)
        given = section.get("urls") or {}
        if not isinstance(given, Mapping):
            raise RequestError("urls: expected a table of registry: URL", where=where)
        for registry, url in given.items():
            if registry not in DEFAULT_URLS:
                raise RequestError(
                    f"urls: unknown registry {registry!r} (known: {', '.join(REGISTRIES)})",
                    where=where,
                )
            urls[registry] = _checked_url(url, f"urls.{registry}")
        for registry, variable in URL_ENV_VARS.items():
            if env.get(variable):
                urls[registry] = _checked_url(env[variable], variable)
        values["urls"] = urls
        if env.get(CONTACT_ENV_VAR):
            try:
                values["contact"] = _contact(env[CONTACT_ENV_VAR])
            except ValueError as exc:
                raise RequestError(f"{CONTACT_ENV_VAR}: {exc}", where=where) from exc
        return cls(**values)

    @property
    def user_agent(self) -> str:
        """The User-Agent every request carries (Wikimedia's policy format)."""
        contact = f" ({self.contact})" if self.contact else ""
        return f"kirjasto-kg/{__version__}{contact} python-requests/{requests.__version__}"

    def url(self, registry: str) -> str:
        """Return the base URL of `registry`, without a trailing slash."""
        return self.urls[registry].rstrip("/")


def _number(value: Any, *, minimum: float = 0.0) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise TypeError(f"expected a number, got {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"expected a finite number, got {value!r}")
    if number < minimum:
        raise ValueError(f"expected at least {minimum:g}, got {value!r}")
    return number


def _count(value: Any) -> int:
    number = _number(value)
    if number != int(number):
        raise ValueError(f"expected a whole number, got {value!r}")
    return int(number)


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def _duration(value: Any) -> float | None:
    if value is None or (isinstance(value, str) and value.strip().lower() == "never"):
        return None
    if isinstance(value, str):
        match = _DURATION.match(value.lower())
        if not match:
            raise ValueError(f"expected seconds or e.g. '12h', '7d', 'never', got {value!r}")
        return float(match.group(1)) * _UNIT_SECONDS[match.group(2)]
    return _number(value)


def _deadline(value: Any) -> float | None:
    seconds = _duration(value)
    if seconds is not None and seconds <= 0:
        raise ValueError(f"expected a positive number of seconds or 'never', got {value!r}")
    return seconds


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "yes", "1", "false", "no", "0"):
        return value.strip().lower() in ("true", "yes", "1")
    raise TypeError(f"expected true or false, got {value!r}")


def _cache_path(value: Any) -> Path | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str | os.PathLike):
        raise TypeError(f"expected a path, got {value!r}")
    return Path(value).expanduser()


_EMAIL = re.compile(r"^[^@\s;()]+@[^@\s;()]+\.[^@\s;()]+$")


def _contact(value: Any) -> str:
    """Check a contact: e-mail addresses and http(s) URLs separated by `;`."""
    if not isinstance(value, str):
        raise TypeError(f"expected an e-mail address or URL, got {value!r}")
    parts = [part.strip() for part in value.split(";") if part.strip()]
    for part in parts:
        if not (_EMAIL.match(part) or re.match(r"^https?://[^\s()]+$", part)):
            raise ValueError(f"expected e-mail addresses or http(s) URLs, got {part!r}")
    return "; ".join(parts)


def _codelist(value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[a-z]+_\d+_\d{8}", value):
        raise ValueError(f"expected a code list like 'kunta_1_20240101', got {value!r}")
    return value


def _checked_url(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise RequestError(f"{name}: expected a URL, got {value!r}", where="registry configuration")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise RequestError(
            f"{name}: expected an http:// or https:// URL, got {value!r}",
            where="registry configuration",
        )
    return value


_CONVERTERS: Mapping[str, Callable[[Any], Any]] = {
    "contact": _contact,
    "cache": _cache_path,
    "cache_expiry": _duration,
    "offline": _flag,
    "connect_timeout": lambda v: _number(v, minimum=0.001),
    "read_timeout": lambda v: _number(v, minimum=0.001),
    "min_interval": _number,
    "max_body_bytes": _count,
    "retries": _count,
    "backoff": _number,
    "max_retry_after": _number,
    "deadline": _deadline,
    "municipality_codelist": _codelist,
}
_CONFIG_KEYS = frozenset(_CONVERTERS) | {"urls"}


# -- failures -------------------------------------------------------------------------------


class LookupFailure(ServiceError):
    """A look-up that got no usable answer. `str()` is one line: registry, key, why, URL.

    `offline` is set when the client was offline and the cache had no answer; `status` is the
    HTTP status when there was one. `stopped` says why the registry was given up, on the
    failure that gave it up and on each look-up `skipped` after it (those were never sent).
    """

    def __init__(
        self,
        registry: str,
        key: str,
        url: str,
        reason: str,
        *,
        offline: bool = False,
        status: int | None = None,
        stopped: str | None = None,
        skipped: bool = False,
    ) -> None:
        super().__init__(reason, where=url)
        self.registry = registry
        self.key = key
        self.url = url
        self.reason = reason
        self.offline = offline
        self.status = status
        self.stopped = stopped
        self.skipped = skipped

    def __str__(self) -> str:
        label = REGISTRY_LABELS.get(self.registry, self.registry)
        return f"{label}, {self.key}: {self.reason} ({self.url})"

    def for_key(self, key: str) -> LookupFailure:
        """Return this failure as one of `key` (a request shared by several keys failed)."""
        if key == self.key:
            return self
        return LookupFailure(
            self.registry,
            key,
            self.url,
            self.reason,
            offline=self.offline,
            status=self.status,
            stopped=self.stopped,
            skipped=self.skipped,
        )


class _BodyTooLarge(requests.RequestException):
    """The answer is bigger than the cap; it was not read."""


class _OfflineRequest(requests.RequestException):
    """An offline client was about to send a request (never sent)."""


@dataclass(frozen=True)
class JsonAnswer:
    """A registry's parsed JSON answer, with what the evidence of a link needs."""

    data: Any
    url: str  # the request URL, query string included
    retrieved_at: datetime  # when the registry gave it (for a cached answer: when cached)
    from_cache: bool

    def unexpected(self, registry: str, key: str, what: str) -> LookupFailure:
        """Return the failure of an answer that is JSON, but not of the registry's shape."""
        return LookupFailure(registry, key, self.url, f"unexpected JSON: {what}", status=200)

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


# -- the session ----------------------------------------------------------------------------


class _CappedRetry(Retry):
    """urllib3 Retry that will not wait longer than `max_retry_after` for a Retry-After.

    A longer request ends the retries at once; with `raise_on_status=False` urllib3 then
    hands back the response that asked, so the caller can say what was asked for.
    """

    def __init__(self, *args: Any, max_retry_after: float = 30.0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_retry_after = max_retry_after

    def new(self, **kw: Any) -> _CappedRetry:
        kw.setdefault("max_retry_after", self.max_retry_after)
        return super().new(**kw)  # type: ignore[return-value]

    def get_backoff_time(self) -> float:
        """Return the wait before the next retry: `backoff_factor * 2**(n-1)` for the n-th.

        urllib3 does not wait before the first retry; a registry that just failed deserves a
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

    def increment(  # type: ignore[override]
        self,
        method: str | None = None,
        url: str | None = None,
        response: Any = None,
        error: Exception | None = None,
        _pool: Any = None,
        _stacktrace: TracebackType | None = None,
    ) -> Retry:
        if response is not None and error is None:
            wait = _retry_after(response.headers.get("Retry-After"))
            if wait is not None and wait > self.max_retry_after:
                raise MaxRetryError(
                    _pool, url or "", ResponseError(f"Retry-After {wait:g} s is too long")
                )
        return super().increment(method, url, response, error, _pool, _stacktrace)


def _retry_after(header: str | None) -> float | None:
    """Seconds a Retry-After header asks for (a number or an HTTP date), None if unreadable."""
    if not header:
        return None
    try:
        return Retry().parse_retry_after(header)
    except InvalidHeader:
        return None


class _Pacer:
    """At least `interval` seconds between the starts of two requests to the same host."""

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
        host = urlsplit(url).netloc.lower()
        now = self._clock()
        ready = self._next.get(host, now)
        if ready > now:
            self._sleep(ready - now)
            now = ready
        self._next[host] = now + self.interval


class _RegistryAdapter(HTTPAdapter):
    """Paces requests per host, counts them, and reads each body up to the cap."""

    def __init__(self, pacer: _Pacer, max_body_bytes: int, retry: Retry) -> None:
        super().__init__(max_retries=retry)
        self.pacer = pacer
        self.max_body_bytes = max_body_bytes
        self.sent = 0

    def send(  # type: ignore[override]
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: Any = None,
        verify: bool | str = True,
        cert: Any = None,
        proxies: Mapping[str, str] | None = None,
    ) -> requests.Response:
        self.pacer.wait(request.url or "")
        self.sent += 1
        response = super().send(
            request, stream=True, timeout=timeout, verify=verify, cert=cert, proxies=proxies
        )
        try:
            _read_capped(response, self.max_body_bytes)
        except BaseException:
            response.close()
            raise
        return response


def _read_capped(response: requests.Response, cap: int) -> None:
    """Read the body into `response` (decoded), or raise if it is bigger than `cap` bytes."""
    length = response.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > cap:
        raise _BodyTooLarge(f"{int(length)} bytes by its Content-Length", response=response)
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.raw.stream(_CHUNK, decode_content=True):
            size += len(chunk)
            if size > cap:
                raise _BodyTooLarge(f"more than {cap} bytes", response=response)
            chunks.append(chunk)
    except ReadTimeoutError as exc:
        raise requests.ReadTimeout(exc, request=response.request) from exc
    except DecodeError as exc:
        raise requests.exceptions.ContentDecodingError(exc, request=response.request) from exc
    except ProtocolError as exc:
        raise requests.ConnectionError(exc, request=response.request) from exc
    response._content = b"".join(chunks)
    response._content_consumed = True


class _OfflineAdapter(HTTPAdapter):
    """Refuses to send: the offline client's guarantee that nothing leaves the machine."""

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        raise _OfflineRequest("offline", request=request)


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
            _check_contact(config, registry)
        self.config = config
        self._guard = RegistryGuard(config.deadline, clock)
        if config.cache is not None:
            config.cache.parent.mkdir(parents=True, exist_ok=True)
        self.session = CachedSession(
            cache_name=str(config.cache) if config.cache is not None else "kirjasto-kg",
            backend="sqlite" if config.cache is not None else "memory",
            expire_after=_expiry(config.cache_expiry),
            allowable_methods=("GET", "HEAD", "POST"),
            allowable_codes=(200,),
            cache_control=False,
            stale_if_error=config.offline,  # offline: an expired answer is better than none
        )
        self.session.headers["User-Agent"] = config.user_agent
        self._pacer = _Pacer(config.min_interval)
        retry = _CappedRetry(
            total=config.retries,
            # A refused or unresolved host fails the same way a moment later, and a connect
            # timeout has already waited connect_timeout: the registry is given up instead.
            connect=0,
            read=False,
            status=config.retries,
            other=0,
            allowed_methods=frozenset({"GET", "HEAD", "POST"}),
            status_forcelist=RETRY_STATUSES,
            backoff_factor=config.backoff,
            backoff_max=max(config.max_retry_after, config.backoff),
            raise_on_status=False,
            respect_retry_after_header=True,
            max_retry_after=config.max_retry_after,
        )
        self._adapter: HTTPAdapter
        if config.offline:
            self._adapter = _OfflineAdapter()
        else:
            self._adapter = _RegistryAdapter(self._pacer, config.max_body_bytes, retry)
        self.session.mount("http://", self._adapter)
        self.session.mount("https://", self._adapter)

    @property
    def requests_sent(self) -> int:
        """How many requests went out on the wire (cache answers and retries not counted)."""
        return self._adapter.sent if isinstance(self._adapter, _RegistryAdapter) else 0

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

        def failure(
            reason: str,
            *,
            status: int | None = None,
            offline: bool = False,
            stopped: str | None = None,
            skipped: bool = False,
        ) -> LookupFailure:
            return LookupFailure(
                registry,
                key,
                full_url,
                reason,
                status=status,
                offline=offline,
                stopped=stopped,
                skipped=skipped,
            )

        _check_contact(self.config, registry)
        stopped = None if self.config.offline else self._guard.stopped(registry)
        if stopped is not None:
            raise failure(f"not asked: {stopped}", stopped=stopped, skipped=True)
        connect, read = self.config.connect_timeout, self.config.read_timeout

        def send(**cache_options: bool) -> requests.Response:
            return self.session.request(
                method,
                url,
                params=params,
                data=data,
                headers={"Accept": accept},
                timeout=(connect, read),
                **cache_options,
            )

        try:
            response = send(only_if_cached=self.config.offline)
            if self._too_old(response):
                response = send(force_refresh=True)
        except _OfflineRequest as exc:
            raise failure("offline, and not in the cache", offline=True) from exc
        except _BodyTooLarge as exc:
            raise failure(
                f"the answer is too big ({exc}; max_body_bytes is "
                f"{self.config.max_body_bytes}); not read"
            ) from exc
        except requests.ConnectTimeout as exc:
            reason = f"cannot connect within {connect:g} s"
            given_up = self._give_up(registry, reason)
            raise failure(f"{reason} (connect timeout)", stopped=given_up) from exc
        except requests.ReadTimeout as exc:
            raise failure(f"no answer within {read:g} s (read timeout)") from exc
        except requests.ConnectionError as exc:
            if _caused_by(exc, ReadTimeoutError):
                raise failure(f"no answer within {read:g} s (read timeout)") from exc
            reason = f"the connection failed ({_os_reason(exc)})"
            if _caused_by(exc, ConnectTimeoutError):  # refused, unresolved: no connection made
                raise failure(reason, stopped=self._give_up(registry, reason)) from exc
            raise failure(reason) from exc
        except requests.RequestException as exc:
            raise failure(f"the request failed ({first_line(str(exc))})") from exc
        if self.config.offline and response.status_code == 504:
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
            said = first_line(content.decode("utf-8", "replace"))
            raise failure(f"the answer is not JSON ({media_type}): {said}", status=200) from exc
        return JsonAnswer(
            data=parsed,
            url=full_url,
            retrieved_at=self._retrieved_at(response),
            from_cache=bool(getattr(response, "from_cache", False)),
        )

    def _give_up(self, registry: str, reason: str) -> str:
        """Give `registry` up (no connection can be made to it); return why, with its URL."""
        stopped = f"{reason} at {self.url(registry)}"
        self._guard.give_up(registry, stopped)
        return stopped

    def _too_old(self, response: requests.Response) -> bool:
        """Return whether a cached answer is older than the configured expiry (online only).

        The cache stamps each answer with the expiry in force when it was stored; the
        configuration of this run rules instead, so a shorter `cache_expiry` takes effect at
        once. The old answer stays in the cache until a new one replaces it (offline runs
        still have it).
        """
        if self.config.offline or not getattr(response, "from_cache", False):
            return False
        if self.config.cache_expiry is None:
            return False
        created = getattr(response, "created_at", None)
        if not isinstance(created, datetime):
            return True
        age = datetime.now(UTC) - _aware(created)
        return age.total_seconds() >= self.config.cache_expiry

    def _retrieved_at(self, response: requests.Response) -> datetime:
        """Return when the registry gave this answer.

        That is the cache's own time for it when it has one, so that a later run reading it
        from the cache says the same time.
        """
        created = getattr(response, "created_at", None)
        key = getattr(response, "cache_key", "")
        if not getattr(response, "from_cache", False) and key:
            stored = self.session.cache.get_response(key)
            created = getattr(stored, "created_at", None) or created
        return _aware(created) if isinstance(created, datetime) else datetime.now(UTC)

    def _status_reason(self, response: requests.Response) -> str:
        status = f"{response.status_code} {response.reason or ''}".strip()
        said = first_line(response.text) if response.content else ""
        reason = f"answered {status}" + (f": {said}" if said else "")
        wait = _retry_after(response.headers.get("Retry-After"))
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


def _check_contact(config: RegistryConfig, registry: str) -> None:
    """Raise a RequestError when `registry` demands a contact and the configuration has none."""
    if registry in CONTACT_REQUIRED and not config.contact and not config.offline:
        label = REGISTRY_LABELS.get(registry, registry)
        raise RequestError(
            f"a contact e-mail address or URL is needed in the User-Agent to ask {label} "
            f"(registry configuration key 'contact', or {CONTACT_ENV_VAR}); {label} refuses "
            "requests without one",
            where="registry configuration",
        )


def _expiry(seconds: float | None) -> int | timedelta:
    if seconds is None:
        return -1  # requests-cache: never expire
    if seconds <= 0:
        return 0  # requests-cache: expire immediately, i.e. do not cache
    return timedelta(seconds=seconds)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _linked(exc: BaseException) -> Iterator[BaseException]:
    """Yield `exc` and every exception it wraps (args, `reason`, cause, context), once each.

    requests and urllib3 nest the operating system's error several levels deep, by any of
    these links.
    """
    seen: set[int] = set()
    todo: list[BaseException] = [exc]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo.extend(arg for arg in getattr(current, "args", ()) if isinstance(arg, BaseException))
        for attribute in ("reason", "__cause__", "__context__"):
            linked = getattr(current, attribute, None)
            if isinstance(linked, BaseException):
                todo.append(linked)


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    return any(isinstance(linked, kind) for linked in _linked(exc))


def _os_reason(exc: BaseException) -> str:
    """Return the operating system's words for a failed connection ('Connection refused')."""
    for linked in _linked(exc):
        if isinstance(linked, OSError) and linked.strerror:
            return linked.strerror
    text = str(exc)
    match = re.search(r"\[Errno -?\d+\] ([^'\")]+)", text)
    return match.group(1).strip() if match else first_line(text)


def offline(config: RegistryConfig) -> RegistryConfig:
    """Return `config` with offline mode on (for a command line's `--offline`)."""
    return replace(config, offline=True)
