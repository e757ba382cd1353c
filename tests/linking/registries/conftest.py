"""The registry tests' servers, clients and fixture answers.

Every test talks real HTTP to a pytest-httpserver on 127.0.0.1; nothing reaches the internet
(the client's base URLs all point at the local server). Timeouts, retry waits and the pace
between requests are made small, so the whole folder runs in seconds.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from kg.linking.registries.config import RegistryConfig
from kg.linking.registries.http import RegistryClient
from kg.linking.registries.report import LibraryRef
from kg.records import parse_file
from tests.conftest import seed_paths

FIXTURES = Path(__file__).parent / "fixtures"
CONTACT = "kg-tests@example.org"

# The seeds name no municipality; these are the municipalities of their libraries (test data
# for the name+municipality look-ups; REGISTRIES.md §8 has their numbers).
SEED_MUNICIPALITIES = {
    "Kuopion kaupunginkirjasto": "Kuopio",
    "Kalajoen kaupunginkirjasto": "Kalajoki",
    "Lohjan kaupunginkirjasto": "Lohja",
    "Espoon kaupunginkirjasto": "Espoo",
}

MakeClient = Callable[..., RegistryClient]


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    return ("127.0.0.1", 0)


LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


@pytest.fixture(autouse=True)
def no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refuse to resolve any host but this machine: no test can reach the internet."""
    resolve = socket.getaddrinfo

    def local_only(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name not in LOCAL_HOSTS:
            raise socket.gaierror(socket.EAI_NONAME, f"tests resolve no outside host ({name})")
        return resolve(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", local_only)


@pytest.fixture
def connection_attempts(no_internet: None, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every `host:port` a connection was opened to during the test, in order.

    urllib3 looks every address up before it connects (numeric ones too), so the look-ups of
    the resolver are the connection attempts; the resolver itself still answers as before.
    """
    attempts: list[str] = []
    resolve = socket.getaddrinfo

    def counting(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        attempts.append(f"{name}:{port}")
        return resolve(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", counting)
    return attempts


def fixture(name: str) -> Any:
    """A fixture answer by its path under fixtures/, parsed."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def base_urls(server: HTTPServer) -> dict[str, str]:
    root = server.url_for("/").rstrip("/")
    return {
        "isil": f"{root}/isil",
        "kirkanta": f"{root}/v4",
        "wikidata": f"{root}/sparql",
        "ytj": f"{root}/opendata-ytj-api/v3",
    }


def registry_config(server: HTTPServer, cache: Path | None, **overrides: Any) -> RegistryConfig:
    config = RegistryConfig(
        contact=CONTACT,
        cache=cache,
        cache_expiry=3600,
        connect_timeout=1.0,
        read_timeout=1.0,
        min_interval=0.0,
        max_body_bytes=256 * 1024,
        retries=1,
        backoff=0.01,
        max_retry_after=2.0,
        urls=base_urls(server),
    )
    return replace(config, **overrides)


@pytest.fixture
def cache_path(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "registries.sqlite"


@pytest.fixture
def make_client(httpserver: HTTPServer, cache_path: Path) -> Iterator[MakeClient]:
    """Build clients on the test server (closed after the test); keywords replace config."""
    clients: list[RegistryClient] = []

    def make(**overrides: Any) -> RegistryClient:
        overrides.setdefault("cache", cache_path)
        client = RegistryClient(registry_config(httpserver, **overrides))
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def client(make_client: MakeClient) -> RegistryClient:
    return make_client()


def seed_libraries() -> list[tuple[str, str | None, str | None]]:
    """(name, ISIL, business ID) of each seed's library, in seed order (Kuopio twice)."""
    libraries = []
    for path in seed_paths():
        library = parse_file(path).library
        assert library is not None and library.name
        libraries.append((library.name, library.isil, library.business_id))
    return libraries


def seed_refs() -> list[LibraryRef]:
    return [LibraryRef(name, SEED_MUNICIPALITIES[name]) for name, _, _ in seed_libraries()]
