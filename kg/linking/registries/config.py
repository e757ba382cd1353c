"""How the registries are reached: `RegistryConfig`, from a config section and the environment.

    config = RegistryConfig.from_mapping(section)    # a config file's `[registries]`, env on top
    config.http_settings                              # what kg.http's session is made with

Base URLs come from `DEFAULT_URLS`, then the config section's `urls`, then the environment
(`KG_ISIL_URL`, `KG_KIRKANTA_URL`, `KG_WIKIDATA_URL`, `KG_YTJ_URL`; the environment wins).
The User-Agent is `kirjasto-kg/<version> (<contact>) python-requests/<version>`: Wikidata
refuses generic agents (HTTP 403), and every registry deserves a way to reach the operator.
A contact (e-mail or URL) is required to ask the registries that demand one
(`CONTACT_REQUIRED`), unless the client is offline; the others get the agent without it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final

import requests

from kg import __version__
from kg.errors import RequestError
from kg.http.settings import READERS, HttpSettings, duration, http_url

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

_WHERE = "registry configuration"


def default_cache_path() -> Path:
    """Return where the response cache lives unless configured: the user's cache folder."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kirjasto-kg" / "registries.sqlite"


@dataclass(frozen=True)
class RegistryConfig:
    """How the registries are reached. Build it with `from_mapping` from a config section.

    `cache` None keeps the cache in memory (nothing on disk). `cache_expiry` None never
    expires; 0 stores nothing. Times are in seconds. `deadline` bounds the time a run spends
    on one registry, from its first look-up (`kg.linking.registries.guard`).
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
        unknown = sorted(set(section) - _CONFIG_KEYS)
        if unknown:
            raise RequestError(
                f"unknown key {unknown[0]!r} (known: {', '.join(sorted(_CONFIG_KEYS))})",
                where=_WHERE,
            )
        values: dict[str, Any] = {}
        for key, read in _READERS.items():
            if key in section:
                values[key] = _read(key, read, section[key])
        urls = dict(DEFAULT_URLS)
        given = section.get("urls") or {}
        if not isinstance(given, Mapping):
            raise RequestError("urls: expected a table of registry: URL", where=_WHERE)
        for registry, url in given.items():
            if registry not in DEFAULT_URLS:
                raise RequestError(
                    f"urls: unknown registry {registry!r} (known: {', '.join(REGISTRIES)})",
                    where=_WHERE,
                )
            urls[registry] = _read(f"urls.{registry}", http_url, url)
        for registry, variable in URL_ENV_VARS.items():
            if env.get(variable):
                urls[registry] = _read(variable, http_url, env[variable])
        values["urls"] = urls
        if env.get(CONTACT_ENV_VAR):
            values["contact"] = _read(CONTACT_ENV_VAR, _contact, env[CONTACT_ENV_VAR])
        return cls(**values)

    @property
    def user_agent(self) -> str:
        """The User-Agent every request carries (Wikimedia's policy format)."""
        contact = f" ({self.contact})" if self.contact else ""
        return f"kirjasto-kg/{__version__}{contact} python-requests/{requests.__version__}"

    @property
    def http_settings(self) -> HttpSettings:
        """What the one HTTP session of the registries is made with."""
        return HttpSettings(
            user_agent=self.user_agent,
            connect_timeout=self.connect_timeout,
            read_timeout=self.read_timeout,
            cache=self.cache,
            cache_expiry=self.cache_expiry,
            offline=self.offline,
            min_interval=self.min_interval,
            max_body_bytes=self.max_body_bytes,
            retries=self.retries,
            backoff=self.backoff,
            max_retry_after=self.max_retry_after,
        )

    def url(self, registry: str) -> str:
        """Return the base URL of `registry`, without a trailing slash."""
        return self.urls[registry].rstrip("/")


def offline(config: RegistryConfig) -> RegistryConfig:
    """Return `config` with offline mode on (for a command line's `--offline`)."""
    return replace(config, offline=True)


def check_contact(config: RegistryConfig, registry: str) -> None:
    """Raise a RequestError when `registry` demands a contact and the configuration has none."""
    if registry in CONTACT_REQUIRED and not config.contact and not config.offline:
        label = REGISTRY_LABELS.get(registry, registry)
        raise RequestError(
            f"a contact e-mail address or URL is needed in the User-Agent to ask {label} "
            f"(registry configuration key 'contact', or {CONTACT_ENV_VAR}); {label} refuses "
            "requests without one",
            where=_WHERE,
        )


def _read(key: str, read: Callable[[Any], Any], value: Any) -> Any:
    """Return `read(value)`; its TypeError or ValueError becomes a RequestError naming `key`."""
    try:
        return read(value)
    except (TypeError, ValueError) as exc:
        raise RequestError(f"{key}: {exc}", where=_WHERE) from exc


def _deadline(value: Any) -> float | None:
    seconds = duration(value)
    if seconds is not None and seconds <= 0:
        raise ValueError(f"expected a positive number of seconds or 'never', got {value!r}")
    return seconds


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


_READERS: Mapping[str, Callable[[Any], Any]] = {
    "contact": _contact,
    **READERS,
    "deadline": _deadline,
    "municipality_codelist": _codelist,
}
_CONFIG_KEYS = frozenset(_READERS) | {"urls"}
