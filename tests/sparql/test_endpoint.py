"""A real SPARQL server: every stored query answers there as in the embedded store, pushing is
idempotent, values cannot inject, and every failure on the wire is one EndpointError (exit 3).

The server is a real `oxigraph serve` on 127.0.0.1 (tests/oxigraph_server.py); the broken
servers are a small `http.server` in a thread. No HTTP is mocked.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, parse

from kg.build import STORE_DIR, BuildOptions, build
from kg.errors import EndpointError, KgError, RequestError
from kg.sparql.catalogue import (
    Parameter,
    QueryResult,
    StoredQuery,
    Term,
    bind,
    load_catalogue,
    load_query_file,
    run_local,
    strip_comments,
)
from kg.sparql.endpoint import PushResult, SparqlEndpoint, default_graph_store_url
from kg.sparql.service_check import read_tokens
from kg.store.graph_store import GraphStore
from kg.vocab import KG
from tests.conftest import seed_paths
from tests.oxigraph_server import OxigraphServer, free_port, running_oxigraph

READ_AT = datetime(2026, 1, 31, 12, tzinfo=UTC)
PREFIXES = """PREFIX kg: <https://w3id.org/kirjasto-kg/ns#>
PREFIX dct: <http://purl.org/dc/terms/>
"""
INJECTIONS = ('x" } ; DROP ALL ; #', 'FI-Km"\n} }\nDROP ALL\n# """ \' \\ }')

# Sample values for parameters without a `#+ defaults:` value: by the variable's stem (what
# follows the underscores), then by kind. An IRI parameter gets a project or library of the
# seed graph (see `_sample`).
SAMPLES_BY_STEM = {
    "isil": "FI-Km",
    "business_id": "0171450-7",
    "word": "kirjasto",
    "on_date": "2017-06-01",
    "year": "2018",
}
SAMPLES_BY_KIND = {
    "string": "kirjasto",
    "integer": "2018",
    "decimal": "10000",
    "date": "2017-06-01",
    "gYear": "2018",
    "boolean": "true",
}


def _query(name: str, text: str) -> StoredQuery:
    body = strip_comments(text)
    form = next(f for f in ("CONSTRUCT", "DESCRIBE", "ASK", "SELECT") if f in body)
    return StoredQuery(name=name, path=f"{name}.rq", text=PREFIXES + text, form=form, summary=name)


COUNT_QUADS = _query("count-quads", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
ALL_QUADS = _query("all-quads", "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
DEFAULT_TRIPLES = _query("default-triples", "SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
# Queries of every form, so the comparison is exercised whatever the catalogue holds today;
# read from files like the stored ones (see the `shapes` fixture), so their parameters count.
SHAPES = {
    "select-ordered": "SELECT DISTINCT ?project ?title ?year WHERE {"
    " ?project a kg:Project ; dct:title ?title ; kg:callYear ?year }"
    " ORDER BY ?year ?project ?title",
    "select-unordered": "SELECT ?type (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?type }"
    " GROUP BY ?type",
    "select-parameter": "SELECT DISTINCT ?title WHERE {"
    " ?project kg:applicant/kg:isil ?isil ; dct:title ?title ."
    " FILTER(?isil = ?_isil) FILTER(!BOUND(?__year_integer) || ?year = ?__year_integer)"
    " OPTIONAL { ?project kg:callYear ?year } }",
    "construct": "CONSTRUCT { ?project dct:title ?title }"
    " WHERE { ?project a kg:Project ; dct:title ?title }",
    "describe": "DESCRIBE ?project WHERE { ?project a kg:Project }",
    "ask-true": "ASK WHERE { ?library kg:isil ?_isil }",
    "ask-false": 'ASK WHERE { ?library kg:isil "FI-Nowhere" }',
    "by-isil": "SELECT DISTINCT ?library ?isil WHERE { ?library kg:isil ?isil ."
    " FILTER(?isil = ?_isil) } ORDER BY ?library",
}


# -- fixtures --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shapes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, StoredQuery]:
    folder = tmp_path_factory.mktemp("queries")
    for name, text in SHAPES.items():
        (folder / f"{name}.rq").write_text(f"#+ summary: {name}\n{PREFIXES}{text}\n", "utf-8")
    return {name: load_query_file(folder / f"{name}.rq") for name in SHAPES}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> GraphStore:
    """The seed graph, built once; its store is opened here only."""
    out = tmp_path_factory.mktemp("release")
    options = BuildOptions(read_at=READ_AT, validate=False, release=False)
    assert build(seed_paths(), out, options).records > 0
    return GraphStore.open(out / STORE_DIR, create=False)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    with running_oxigraph(tmp_path_factory.mktemp("oxigraph") / "data") as running:
        yield running


@pytest.fixture(scope="module")
def endpoint(server: OxigraphServer) -> Iterator[SparqlEndpoint]:
    with SparqlEndpoint(server.query_url) as connected:
        yield connected


@pytest.fixture(scope="module")
def pushed(endpoint: SparqlEndpoint, store: GraphStore) -> PushResult:
    """The seed graph on the module's server (tests may push again; they add nothing else)."""
    return endpoint.push(store)


# -- the same answers here and there ---------------------------------------------------------


def _catalogue_params() -> list[object]:
    try:
        catalogue = load_catalogue()
    except KgError as exc:  # a broken .rq file fails here as one case (and in test_queries)
        return [pytest.param(None, "required", str(exc), id="unreadable-catalogue")]
    params = []
    for name, query in sorted(catalogue.items()):
        # A query that would reach another endpoint is not run here. The tokens tell quickly,
        # at collection in every worker; kg's whole check runs when the query does.
        if read_tokens(query.text).calls is not False:
            continue
        params.append(pytest.param(query, "required", None, id=f"{name}-required"))
        if any(not p.required for p in query.parameters):
            params.append(pytest.param(query, "all", None, id=f"{name}-all"))
    if not params:
        skip = pytest.mark.skip(reason="queries/ holds no stored query to run yet")
        return [pytest.param(None, "required", None, marks=skip, id="no-queries")]
    return params


def _sample(parameter: Parameter, store: GraphStore) -> str:
    if parameter.choices:
        return parameter.choices[0]
    stem = parameter.variable.lstrip("_")
    if stem in SAMPLES_BY_STEM:
        return SAMPLES_BY_STEM[stem]
    if parameter.kind == "iri":
        cls = KG.Library if "librar" in parameter.name else KG.Project
        return min(node.value for node in store.subjects_of_type(cls))
    return SAMPLES_BY_KIND[parameter.kind]


def _bindings(query: StoredQuery, variant: str, store: GraphStore) -> dict[str, Term]:
    values = {
        p.name: _sample(p, store)
        for p in query.parameters
        if p.default is None and (p.required or variant == "all")
    }
    return bind(query, values)


def _text(term: Term | None) -> str:
    if term is None:
        return "UNDEF"
    return "_:b" if isinstance(term, BlankNode) else str(term)  # blank node names are local


def _comparable(result: QueryResult, query: StoredQuery) -> object:
    if result.form == "ASK":
        return result.boolean
    if result.form in ("CONSTRUCT", "DESCRIBE"):
        return {" ".join(map(_text, (t.subject, t.predicate, t.object))) for t in result.triples}
    rows = [tuple(_text(term) for term in row) for row in result.rows]
    ordered = re.search(r"\bORDER\s+BY\b", strip_comments(query.text), re.IGNORECASE)
    return result.variables, rows if ordered else sorted(rows)


def _assert_same(
    query: StoredQuery, bindings: dict[str, Term], store: GraphStore, endpoint: SparqlEndpoint
) -> None:
    here = run_local(store, query, bindings)
    there = endpoint.query(query, bindings)
    assert there.form == here.form == query.form
    assert _comparable(there, query) == _comparable(here, query)


@pytest.mark.parametrize(("query", "variant", "problem"), _catalogue_params())
def test_a_stored_query_answers_on_the_server_as_in_the_store(
    query: StoredQuery | None,
    variant: str,
    problem: str | None,
    store: GraphStore,
    endpoint: SparqlEndpoint,
    pushed: PushResult,
) -> None:
    if query is None:
        pytest.fail(f"the query catalogue cannot be read: {problem}")
    _assert_same(query, _bindings(query, variant, store), store, endpoint)


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_every_form_answers_on_the_server_as_in_the_store(
    name: str,
    shapes: dict[str, StoredQuery],
    store: GraphStore,
    endpoint: SparqlEndpoint,
    pushed: PushResult,
) -> None:
    query = shapes[name]
    values = {"isil": "FI-Km"} if query.parameter("isil") else {}
    bindings = bind(query, values)
    here = run_local(store, query, bindings)
    assert here.rows or here.triples or here.boolean is not None  # the query finds something
    _assert_same(query, bindings, store, endpoint)
    if query.parameter("year"):
        _assert_same(query, bind(query, {**values, "year": "2018"}), store, endpoint)


def _server_quads(endpoint: SparqlEndpoint) -> list[tuple[str, ...]]:
    return sorted(tuple(map(_text, row)) for row in endpoint.query(ALL_QUADS, {}).rows)


def _server_default(endpoint: SparqlEndpoint) -> list[tuple[str, ...]]:
    return sorted(tuple(map(_text, row)) for row in endpoint.query(DEFAULT_TRIPLES, {}).rows)


def _count(endpoint: SparqlEndpoint) -> int:
    (row,) = endpoint.query(COUNT_QUADS, {}).rows
    assert isinstance(row[0], Literal)
    return int(row[0].value)


# -- pushing ---------------------------------------------------------------------------------


def test_push_sends_every_graph_and_twice_leaves_the_same_data(
    endpoint: SparqlEndpoint, store: GraphStore, pushed: PushResult
) -> None:
    local = sorted(tuple(map(_text, row)) for row in run_local(store, ALL_QUADS, {}).rows)
    assert pushed.graphs == len(store.graphs()) > 1
    assert pushed.triples == (len(store) - store.union_count()) == len(local) == _count(endpoint)
    assert pushed.graph_store_url == endpoint.url.removesuffix("query") + "store"
    assert _server_quads(endpoint) == local
    union = sorted(tuple(map(_text, row)) for row in run_local(store, DEFAULT_TRIPLES, {}).rows)
    assert pushed.default_triples == len(union) < pushed.triples  # shared nodes once
    assert _server_default(endpoint) == union
    seen: list[tuple[int, int]] = []
    again = endpoint.push(store, progress=lambda done, total: seen.append((done, total)))
    assert again == pushed
    assert seen == [(n, pushed.graphs + 1) for n in range(1, pushed.graphs + 2)]
    assert _count(endpoint) == pushed.triples
    assert _server_quads(endpoint) == local
    assert _server_default(endpoint) == union


def test_push_can_leave_the_servers_default_graph_alone(tmp_path: Path, store: GraphStore) -> None:
    theirs = '<http://example.org/s> <http://example.org/p> "theirs" .'
    with running_oxigraph(tmp_path / "data") as server, SparqlEndpoint(server.query_url) as ep:
        answer = requests.put(
            server.store_url + "?default",
            data=theirs.encode(),
            headers={"Content-Type": "application/n-triples"},
            timeout=10,
        )
        assert answer.ok, answer.text
        result = ep.push(store, default_graph=False)
        assert result.default_triples is None
        assert result.triples == _count(ep) == (len(store) - store.union_count())
        assert _server_default(ep) == [
            ("<http://example.org/s>", "<http://example.org/p>", '"theirs"')
        ]
        ep.push(store)
        assert ("<http://example.org/s>", "<http://example.org/p>", '"theirs"') not in (
            _server_default(ep)
        )


def test_push_replaces_graphs_and_leaves_other_data_alone(
    tmp_path: Path, store: GraphStore
) -> None:
    reference = min(store.graphs(), key=lambda graph: graph.value)
    stale = f'<http://example.org/stale> <http://example.org/p> "old" <{reference.value}> .'
    foreign = '<http://example.org/s> <http://example.org/p> "theirs" <http://example.org/g> .'
    with running_oxigraph(tmp_path / "data") as server, SparqlEndpoint(server.query_url) as ep:
        answer = requests.post(
            server.store_url,
            data=f"{stale}\n{foreign}\n".encode(),
            headers={"Content-Type": "application/n-quads"},
            timeout=10,
        )
        assert answer.ok, answer.text
        result = ep.push(store, server.store_url)
        assert _count(ep) == result.triples + 1  # the stale triple went, the foreign one stayed
        rows = {row[1:] for row in _server_quads(ep) if row[0] == "<http://example.org/g>"}
        assert rows == {("<http://example.org/s>", "<http://example.org/p>", '"theirs"')}


def test_the_default_graph_store_is_the_oxigraph_sibling() -> None:
    assert default_graph_store_url("http://h:7878/query") == "http://h:7878/store"
    assert default_graph_store_url("http://h/ds/query?union-default-graph") == "http://h/ds/store"


def test_push_streams_each_graph_as_chunked_n_triples(broken: BrokenServer) -> None:
    graph = NamedNode("http://example.org/g?a=1&b=2#x")  # characters the URL must escape
    small = GraphStore.open(None)
    quads = [
        Quad(NamedNode(f"http://example.org/s{i}"), KG.tag, Literal(f"t\n{i}"), graph)
        for i in range(2500)
    ]
    small.replace_graph(graph, quads)
    with SparqlEndpoint(broken.url("/query")) as ep:
        result = ep.push(small, broken.url("/store"))
    assert (result.graphs, result.triples, result.default_triples) == (1, 2500, 0)
    put, default = broken.received
    assert (default.method, default.path, default.body) == ("PUT", "/store?default", b"")
    assert put.method == "PUT"
    assert put.path == "/store?graph=http%3A%2F%2Fexample.org%2Fg%3Fa%3D1%26b%3D2%23x"
    assert put.headers["Content-Type"] == "application/n-triples"
    assert put.headers.get("Transfer-Encoding") == "chunked" and "Content-Length" not in put.headers
    assert put.chunks >= 3  # a chunk per thousand triples: the graph was never whole in memory
    parsed = {quad.triple for quad in parse(put.body, format=RdfFormat.N_TRIPLES)}
    assert parsed == {quad.triple for quad in quads}


# -- values cannot inject --------------------------------------------------------------------


@pytest.mark.parametrize("value", INJECTIONS, ids=["one-line", "newlines"])
def test_a_hostile_value_stays_a_literal(
    value: str,
    shapes: dict[str, StoredQuery],
    endpoint: SparqlEndpoint,
    store: GraphStore,
    pushed: PushResult,
) -> None:
    by_isil = shapes["by-isil"]
    bindings = bind(by_isil, {"isil": value})
    assert endpoint.query(by_isil, bindings).rows == ()
    assert run_local(store, by_isil, bindings).rows == ()
    assert _count(endpoint) == pushed.triples
    found = endpoint.query(by_isil, bind(by_isil, {"isil": "FI-Km"})).rows
    assert [tuple(map(_text, row))[1] for row in found] == ['"FI-Km"']


# -- failures on the wire --------------------------------------------------------------------


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    chunks: int


@dataclass
class BrokenServer:
    """A tiny HTTP server on 127.0.0.1 that answers by path (see `_Handler`)."""

    port: int
    release: threading.Event
    received: list[Received] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


class _Handler(BaseHTTPRequestHandler):
    """/html: 200 text/html; /fail: 500; /garbage: 200 unreadable JSON; /boolean: 200 an
    ASK answer; /slow: no answer until the test ends; /stalls: the headers and half the body,
    then nothing until the test ends; /moved: 308 elsewhere; anything else: 201 (a graph
    store)."""

    protocol_version = "HTTP/1.1"
    server: _ThreadingServer

    def do_POST(self) -> None:
        self._answer()

    def do_PUT(self) -> None:
        self._answer()

    def _answer(self) -> None:
        body, chunks = self._body()
        path = self.path.split("?")[0]
        self.server.state.received.append(
            Received(self.command, self.path, dict(self.headers), body, chunks)
        )
        if path == "/slow":
            self.server.state.release.wait(10)
        status, media_type, payload = {
            "/html": (200, "text/html", b"<html><body>Hello, <b>world</b></body></html>"),
            "/fail": (500, "text/plain", b"database on fire\nand the second line"),
            "/moved": (308, "text/plain", b""),
            "/garbage": (200, "application/sparql-results+json", b'{"head": {"vars": ['),
            "/boolean": (200, "application/sparql-results+json", b'{"head":{},"boolean":true}'),
            "/slow": (200, "application/sparql-results+json", b'{"head":{},"boolean":true}'),
            "/stalls": (200, "application/sparql-results+json", b'{"head":{},"boolean":true}'),
        }.get(path, (201, "text/plain", b""))
        try:
            self.send_response(status)
            if path == "/moved":
                self.send_header("Location", "https://elsewhere.example/store")
            self.send_header("Content-Type", media_type)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if path == "/stalls":
                self.wfile.write(payload[: len(payload) // 2])
                self.wfile.flush()
                self.server.state.release.wait(10)
            self.wfile.write(payload)
        except OSError:  # the client gave up (the timeout test)
            pass

    def _body(self) -> tuple[bytes, int]:
        if self.headers.get("Transfer-Encoding") == "chunked":
            parts = []
            while size := int(self.rfile.readline().split(b";")[0], 16):
                parts.append(self.rfile.read(size))
                self.rfile.readline()
            self.rfile.readline()
            return b"".join(parts), len(parts)
        return self.rfile.read(int(self.headers.get("Content-Length", 0))), 1

    def log_message(self, format: str, *args: object) -> None:
        pass


class _ThreadingServer(ThreadingHTTPServer):
    daemon_threads = True
    state: BrokenServer

    def handle_error(self, request: object, client_address: object) -> None:
        pass


@pytest.fixture
def broken() -> Iterator[BrokenServer]:
    httpd = _ThreadingServer(("127.0.0.1", 0), _Handler)
    httpd.state = BrokenServer(httpd.server_address[1], threading.Event())
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield httpd.state
    finally:
        httpd.state.release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def _failure(url: str, query: StoredQuery = COUNT_QUADS, **options: object) -> EndpointError:
    with SparqlEndpoint(url, **options) as ep, pytest.raises(EndpointError) as caught:
        ep.query(query, {})
    error = caught.value
    assert error.exit_code == 3
    assert str(error).startswith(f"{url}: ")
    assert "\n" not in str(error)
    assert error.__cause__ is not None or "answered" in str(error)
    return error


def test_nothing_listening_is_an_endpoint_error() -> None:
    error = _failure(f"http://127.0.0.1:{free_port()}/query")
    assert str(error).endswith("the connection failed (Connection refused)")
    assert isinstance(error.__cause__, requests.ConnectionError)


def test_a_missing_page_is_an_endpoint_error(server: OxigraphServer) -> None:
    error = _failure(f"{server.base_url}/nothing")
    assert "answered 404 Not Found: POST /nothing is not supported" in str(error)


def test_a_query_the_server_refuses_names_its_message(server: OxigraphServer) -> None:
    error = _failure(server.query_url, _query("bad", "SELECT ?x WHERE { ?x }"))
    assert "answered 400 Bad Request: error at" in str(error)


def test_a_server_error_gives_status_and_first_line(broken: BrokenServer) -> None:
    error = _failure(broken.url("/fail"))
    assert str(error).endswith("answered 500 Internal Server Error: database on fire")


@pytest.mark.parametrize("name", ["select-ordered", "construct", "ask-false"])
def test_html_instead_of_results_is_an_endpoint_error(
    broken: BrokenServer, shapes: dict[str, StoredQuery], name: str
) -> None:
    error = _failure(broken.url("/html"), shapes[name])
    assert "the endpoint answered text/html" in str(error)


def test_unreadable_results_are_an_endpoint_error(broken: BrokenServer) -> None:
    error = _failure(broken.url("/garbage"))
    assert "cannot read the answer as SPARQL results" in str(error)
    assert isinstance(error.__cause__, SyntaxError)


def test_a_boolean_for_a_select_is_an_endpoint_error(broken: BrokenServer) -> None:
    error = _failure(broken.url("/boolean"))
    assert "asked a SELECT query, the endpoint answered a boolean" in str(error)


def test_a_server_that_does_not_answer_times_out(broken: BrokenServer) -> None:
    error = _failure(broken.url("/slow"), timeout=(1, 0.5))
    assert "no answer within 0.5 s (read timeout)" in str(error)
    assert isinstance(error.__cause__, requests.Timeout)


def test_an_answer_that_stops_halfway_times_out(broken: BrokenServer) -> None:
    error = _failure(broken.url("/stalls"), timeout=(1, 0.5))
    assert str(error).endswith("no answer within 0.5 s (read timeout)")
    assert isinstance(error.__cause__, requests.ConnectionError)


def test_one_number_is_the_time_to_wait_for_an_answer(broken: BrokenServer) -> None:
    error = _failure(broken.url("/slow"), timeout=0.5)
    assert "no answer within 0.5 s (read timeout)" in str(error)
    assert SparqlEndpoint(broken.url("/query"), timeout=120).timeout == (5, 120)


def test_a_push_the_server_refuses_is_an_endpoint_error(
    broken: BrokenServer, store: GraphStore
) -> None:
    with SparqlEndpoint(broken.url("/query")) as ep, pytest.raises(EndpointError) as caught:
        ep.push(store, broken.url("/fail"))
    first = min(graph.value for graph in store.graphs())
    assert str(caught.value) == (
        f"{broken.url('/fail')}: sending the graph <{first}>: "
        "the endpoint answered 500 Internal Server Error: database on fire"
    )
    assert len(broken.received) == 1  # it stopped at the first failure


@pytest.mark.parametrize("url", ["localhost:7878/query", "ftp://example.org/sparql", "query"])
def test_a_url_that_is_not_http_is_a_command_line_error(url: str) -> None:
    with pytest.raises(RequestError) as caught:
        SparqlEndpoint(url)
    assert caught.value.exit_code == 2


def test_a_graph_store_that_redirects_is_reported_not_followed(
    broken: BrokenServer, store: GraphStore
) -> None:
    with SparqlEndpoint(broken.url("/query")) as ep, pytest.raises(EndpointError) as caught:
        ep.push(store, broken.url("/moved"))
    assert "redirects (308) to https://elsewhere.example/store; use that URL" in str(caught.value)
    assert [request.path.split("?")[0] for request in broken.received] == ["/moved"]
