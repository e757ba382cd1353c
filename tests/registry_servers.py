"""Four registries on one pytest-httpserver, answering like the real ones from made-up data.

The answers come from tests/linking/registries/fixtures (fixtures/README.md says what each holds;
every
value is invented) and each handler filters them as the real service does:

- ISIL registry `GET /isil/api/query`: every parameter a case-insensitive, unanchored regular
  expression over that field (`cities` over each city), as the registry's MongoDB query does.
- Kirkanta `GET /v4/library`: `city.name` and `name` are case-insensitive prefix filters,
  `limit`/`skip` page, `refs.city` holds the cities of the items returned.
- YTJ `GET /opendata-ytj-api/v3/companies?businessId=`: the company's fixture, else an empty
  CompanyResult.
- Wikidata `/sparql`: a pyoxigraph store of made-up statements runs the query and answers in
  SPARQL JSON results.

`FakeRegistries.fail[registry]` (a werkzeug Response, or a callable returning one) makes every
request to that registry fail that way, and `fail_key[registry]` only the requests whose query
string contains a key.

Two servers that are not there, for the failures of a whole registry: `closed_port()` (a
port nothing listens on: the connection is refused) and `silent_server()` (a port that takes
connections and never answers).
"""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from pyoxigraph import QueryResultsFormat, RdfFormat, Store
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.linking.registries.conftest import FIXTURES, fixture

ISIL_FILES = ("FI-Km", "FI-Lohja", "FI-Em", "FI-Zold", "cities-Kalajoki")
KIRKANTA_CITIES = ("Kuopio", "Lohja", "Espoo", "Kalajoki")
JSON = "application/json; charset=utf-8"

Failure = Response | Callable[[Request], Response]


def _isil_entries() -> list[dict[str, Any]]:
    entries: dict[str, dict[str, Any]] = {}
    for name in ISIL_FILES:
        for entry in fixture(f"isil/{name}.json")["data"]:
            entries.setdefault(entry["isil"], entry)
    return list(entries.values())


def _kirkanta_data() -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    items: list[dict[str, Any]] = []
    cities: dict[str, dict[str, Any]] = {}
    for city in KIRKANTA_CITIES:
        answer = fixture(f"kirkanta/{city}.json")
        items += answer["items"]
        cities.update(answer["refs"]["city"])
    return items, cities


def _wikidata_store() -> Store:
    store = Store()
    store.load(path=str(FIXTURES / "wikidata" / "entities.ttl"), format=RdfFormat.TURTLE)
    return store


@dataclass
class FakeRegistries:
    """The four registries' handlers on `server`; see the module docstring."""

    server: HTTPServer
    fail: dict[str, Failure] = field(default_factory=dict)
    fail_key: dict[str, tuple[str, Failure]] = field(default_factory=dict)
    empty: set[str] = field(default_factory=set)  # registries that know nothing

    def __post_init__(self) -> None:
        self.isil_entries = _isil_entries()
        self.kirkanta_items, self.kirkanta_cities = _kirkanta_data()
        self.wikidata = _wikidata_store()
        for path, registry, handler in (
            ("/isil/api/query", "isil", self._isil),
            ("/v4/library", "kirkanta", self._kirkanta),
            ("/opendata-ytj-api/v3/companies", "ytj", self._ytj),
            ("/sparql", "wikidata", self._wikidata),
        ):
            self.server.expect_request(path).respond_with_handler(self._guard(registry, handler))

    def urls(self) -> dict[str, str]:
        """Return the base URL of each registry on the server."""
        root = self.server.url_for("/").rstrip("/")
        return {
            "isil": f"{root}/isil",
            "kirkanta": f"{root}/v4",
            "wikidata": f"{root}/sparql",
            "ytj": f"{root}/opendata-ytj-api/v3",
        }

    def requests_to(self, path: str) -> int:
        """Return how many requests the server got for `path`."""
        return sum(1 for request, _ in self.server.log if request.path == path)

    def _guard(
        self, registry: str, handler: Callable[[Request], Response]
    ) -> Callable[[Request], Response]:
        def answer(request: Request) -> Response:
            failure = self.fail.get(registry)
            if registry in self.fail_key:
                key, keyed = self.fail_key[registry]
                if key in _query_text(request):
                    failure = keyed
            if failure is not None:
                return failure(request) if callable(failure) else failure
            return handler(request)

        return answer

    def _isil(self, request: Request) -> Response:
        entries = [] if "isil" in self.empty else self.isil_entries
        for parameter, pattern in request.args.items():
            regex = re.compile(pattern, re.IGNORECASE)
            entries = [entry for entry in entries if _matches(regex, entry.get(parameter))]
        return Response(json.dumps({"data": entries}), content_type="application/json")

    def _kirkanta(self, request: Request) -> Response:
        items = [] if "kirkanta" in self.empty else self.kirkanta_items
        city = request.args.get("city.name")
        if city is not None:
            items = [
                item
                for item in items
                if self.kirkanta_cities[str(item["city"])]["name"]
                .casefold()
                .startswith(city.casefold())
            ]
        name = request.args.get("name")
        if name is not None:
            items = [item for item in items if item["name"].casefold().startswith(name.casefold())]
        skip, limit = int(request.args.get("skip", 0)), int(request.args.get("limit", 10))
        page = items[skip : skip + limit]
        refs = {str(i["city"]): self.kirkanta_cities[str(i["city"])] for i in page}
        body = {"type": "library", "total": len(items), "items": page, "refs": {"city": refs}}
        return Response(json.dumps(body), content_type=JSON)

    def _ytj(self, request: Request) -> Response:
        business_id = request.args.get("businessId", "")
        path = FIXTURES / "ytj" / f"{business_id}.json"
        if "ytj" in self.empty or not path.is_file():
            path = FIXTURES / "ytj" / "empty.json"
        return Response(path.read_bytes(), content_type="application/json")

    def _wikidata(self, request: Request) -> Response:
        query = _query_text(request)
        store = Store() if "wikidata" in self.empty else self.wikidata
        results = store.query(query)
        return Response(
            results.serialize(format=QueryResultsFormat.JSON),  # type: ignore[union-attr]
            content_type="application/sparql-results+json;charset=utf-8",
        )


def closed_port() -> int:
    """Return a port of 127.0.0.1 that was free a moment ago and is closed now (refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@contextmanager
def silent_server() -> Iterator[str]:
    """Yield the URL of a port that takes connections and never answers on them.

    The kernel completes the connections in the listening socket's backlog; nothing accepts
    them, so a request is sent and its answer never comes (a read timeout).
    """
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(64)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"


def _query_text(request: Request) -> str:
    """Return the request's query (a SPARQL POST's form body included), decoded."""
    if request.method == "POST":
        return parse_qs(request.get_data(as_text=True)).get("query", [""])[0]
    return request.args.get("query") or "&".join(f"{k}={v}" for k, v in request.args.items())


def _matches(regex: re.Pattern[str], value: object) -> bool:
    if isinstance(value, list):
        return any(isinstance(item, str) and regex.search(item) for item in value)
    return isinstance(value, str) and bool(regex.search(value))
