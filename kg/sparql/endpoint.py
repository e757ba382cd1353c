"""A SPARQL server: stored queries over the SPARQL 1.1 Protocol, the store pushed over its GSP.

    endpoint = SparqlEndpoint(url, session=None, timeout=60)   (or (connect, answer) seconds)
    endpoint.query(query, bindings)                   -> QueryResult, as `run_local` gives it
    endpoint.push(store, graph_store_url, progress)   -> PushResult: each named graph PUT whole
    default_graph_store_url(query_url)                -> the Oxigraph sibling `<...>/store`

Parameters travel as a VALUES block of serialised terms (`with_values_block`), never pasted into
the text. The stored queries read the default graph, which `push` fills with the union of the
record graphs, each triple once (as `kg build` keeps it in the store). So run the server with
its default graph as it is (`oxigraph serve` without `--union-default-graph`; for Fuseki,
without `tdb2:unionDefaultGraph`): a server's own union of thousands of record graphs is a bag
in which a shared library or programme is joined once per record, and queries crawl.

Every failure on the wire (no connection, a timeout, an HTTP error status, an answer that is
not what was asked for, rows whose variables are not the query's) becomes one EndpointError
(exit 3) naming the URL, its cause chained; `kg.http` says in which words a request failed.
Every request has a timeout.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from types import TracebackType
from urllib.parse import urljoin, urlsplit

import requests
from pyoxigraph import (
    DefaultGraph,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Triple,
    parse,
    parse_query_results,
    serialize,
)

from kg.errors import EndpointError, HttpFailure, RequestError, StoreError
from kg.excerpts import first_line
from kg.http.failures import send, status_text
from kg.http.settings import http_url
from kg.sparql.catalogue import (
    ANSWER_TIMEOUT,
    QueryResult,
    StoredQuery,
    Term,
    selected_variables,
    to_result,
    with_values_block,
)
from kg.store.graph_store import GraphStore

Progress = Callable[[int, int], None]

# What we ask for, best first; what we can read of the answer is decided by its Content-Type.
_RESULTS_FORMATS = (QueryResultsFormat.JSON, QueryResultsFormat.XML)
_GRAPH_FORMATS = (RdfFormat.N_TRIPLES, RdfFormat.TURTLE)
_SPARQL_QUERY = "application/sparql-query; charset=utf-8"
_N_TRIPLES = "application/n-triples"
_BATCH = 1000  # triples serialised at a time while a graph is streamed to the server
CONNECT_TIMEOUT = 5.0  # seconds to wait for a connection, unless a shorter timeout is given


@dataclass(frozen=True)
class PushResult:
    """What a push sent: named graphs and their triples, the default graph's, and where to."""

    graphs: int
    triples: int
    graph_store_url: str
    default_triples: int | None = None  # None: the default graph was not sent


def default_graph_store_url(query_url: str) -> str:
    """Return the graph store beside a query URL: `http://host/query` -> `http://host/store`.

    This is where an Oxigraph server has it. Other servers put it elsewhere (Fuseki:
    `/dataset/data`), so pass their graph store URL to `push` yourself.
    """
    return urljoin(query_url, "store")


class SparqlEndpoint:
    """A SPARQL 1.1 Protocol endpoint (and its Graph Store Protocol sibling) over HTTP.

    `timeout` is (seconds to connect, seconds to wait for the next bytes of an answer), or one
    number for the second, the first then being at most CONNECT_TIMEOUT. A session passed in
    stays the caller's to close; one made here is closed by `close()` or by leaving a `with`
    block.
    """

    def __init__(
        self,
        url: str,
        *,
        session: requests.Session | None = None,
        timeout: float | tuple[float, float] = ANSWER_TIMEOUT,
    ) -> None:
        self.url = _checked_url(url)
        self.timeout = (
            timeout if isinstance(timeout, tuple) else (min(CONNECT_TIMEOUT, timeout), timeout)
        )
        self._own_session = session is None
        self.session = session if session is not None else requests.Session()

    def close(self) -> None:
        """Close the HTTP session if this endpoint made it."""
        if self._own_session:
            self.session.close()

    def __enter__(self) -> SparqlEndpoint:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    # -- queries ------------------------------------------------------------------------------

    def query(self, query: StoredQuery, bindings: Mapping[str, Term] | None = None) -> QueryResult:
        """Run `query` on the endpoint with `bindings` as a VALUES block; return its result.

        The text is POSTed as `application/sparql-query`. SELECT and ASK ask for SPARQL results
        (JSON, else XML); CONSTRUCT and DESCRIBE for N-Triples, else Turtle. The result has the
        shape `run_local` gives (terms, not strings), so the two can be compared. Rows whose
        variables are not those the query selects (`selected_variables`; in any order) are
        refused; those of a query that calls other endpoints are taken as they come, as
        their variables could be known here only by calling those endpoints.
        """
        text = with_values_block(query, bindings or {})
        graph = query.form in ("CONSTRUCT", "DESCRIBE")
        accept = _accept(
            [fmt.media_type for fmt in _GRAPH_FORMATS]
            if graph
            else [fmt.media_type for fmt in _RESULTS_FORMATS]
        )
        response = self._send(
            "POST",
            self.url,
            data=text.encode("utf-8"),
            headers={"Content-Type": _SPARQL_QUERY, "Accept": accept},
        )
        media_type = response.headers.get("Content-Type", "")
        what = "an RDF graph" if graph else "SPARQL results"
        try:
            if graph:
                rdf_format = RdfFormat.from_media_type(media_type)
                if rdf_format not in _GRAPH_FORMATS:
                    raise _unexpected(self.url, what, media_type)
                quads = parse(response.content, format=rdf_format, base_iri=response.url)
                return QueryResult(query.form, triples=tuple(quad.triple for quad in quads))
            results_format = QueryResultsFormat.from_media_type(media_type)
            if results_format not in _RESULTS_FORMATS:
                raise _unexpected(self.url, what, media_type)
            answer = parse_query_results(response.content, format=results_format)
            expected = QueryBoolean if query.form == "ASK" else QuerySolutions
            if not isinstance(answer, expected):
                raise EndpointError(
                    f"asked a {query.form} query, the endpoint answered "
                    f"{'a boolean' if isinstance(answer, QueryBoolean) else 'rows'}",
                    where=self.url,
                )
            result = to_result(answer, query.form)  # reads the rows: SyntaxError may come here
        except (SyntaxError, ValueError) as exc:
            message = exc.msg if isinstance(exc, SyntaxError) else str(exc)
            raise EndpointError(
                f"cannot read the answer as {what} ({media_type}): {first_line(message)}",
                where=self.url,
            ) from exc
        if query.form == "SELECT":
            _check_variables(result.variables, selected_variables(text), self.url)
        return result

    # -- pushing the store --------------------------------------------------------------------

    def push(
        self,
        store: GraphStore,
        graph_store_url: str | None = None,
        progress: Progress | None = None,
        *,
        default_graph: bool = True,
    ) -> PushResult:
        """Upload every named graph of `store` to the graph store, replacing each whole.

        Each graph goes by HTTP PUT to `<graph store>?graph=<graph IRI>` as N-Triples, streamed
        in chunks of serialised triples, so memory stays flat however big the store is. PUT
        replaces the graph, so pushing twice leaves the same data. Then, with `default_graph`,
        the store's default graph (the union of the record graphs, each triple once, which the
        stored queries read) replaces the server's, by PUT to `<graph store>?default`. The
        graph store defaults to `default_graph_store_url(self.url)` (an Oxigraph server's
        `/store`); for Fuseki and others pass theirs. A redirect is reported, not followed.

        Nothing else on the server is touched: graphs it has and the store has not stay as they
        are (remove them on the server if that is wanted). Blank nodes are scoped to one
        N-Triples document, that is one graph, as the protocol has it; the graphs kirjasto-kg
        builds have none. `progress(done, total)` is called after each graph.
        """
        target = _checked_url(graph_store_url or default_graph_store_url(self.url))
        named = sorted(store.graphs(), key=lambda graph: graph.value)
        total = len(named) + (1 if default_graph else 0)
        triples = 0
        for done, graph in enumerate(named, start=1):
            about = f"sending the graph <{graph.value}>: "
            triples += self._put(store, graph, target, {"graph": graph.value}, about)
            if progress:
                progress(done, total)
        default_triples = None
        if default_graph:
            default_url = _with_query(target, "default")
            about = "sending the default graph: "
            default_triples = self._put(store, DefaultGraph(), default_url, None, about)
            if progress:
                progress(total, total)
        return PushResult(
            graphs=len(named),
            triples=triples,
            graph_store_url=target,
            default_triples=default_triples,
        )

    def _put(
        self,
        store: GraphStore,
        graph: NamedNode | DefaultGraph,
        url: str,
        params: Mapping[str, str] | None,
        about: str,
    ) -> int:
        """Replace the graph at `url` with `graph` of `store`; return how many triples went."""
        body = _GraphBody(store, graph)
        self._send(
            "PUT",
            url,
            params=params,
            data=iter(body),
            headers={"Content-Type": _N_TRIPLES},
            allow_redirects=False,  # a redirected PUT would go on with the body used up
            about=about,
        )
        return body.triples

    # -- the wire -----------------------------------------------------------------------------

    def _send(
        self,
        method: str,
        url: str,
        *,
        data: bytes | Iterable[bytes],
        headers: Mapping[str, str],
        params: Mapping[str, str] | None = None,
        allow_redirects: bool = True,
        about: str = "",
    ) -> requests.Response:
        """Make one request; every way it can fail becomes an EndpointError naming `url`.

        `about` starts each message (what was being done, for a push).
        """
        try:
            response = send(
                self.session,
                method,
                url,
                timeout=self.timeout,
                data=data,
                headers=headers,
                params=params,
                allow_redirects=allow_redirects,
            )
        except HttpFailure as exc:  # the cause stays what requests or urllib3 raised
            raise EndpointError(f"{about}{exc.reason}", where=url) from exc.__cause__ or exc
        if response.is_redirect:  # only when redirects are not followed
            location = response.headers.get("Location", "")
            raise EndpointError(
                f"{about}the endpoint redirects ({response.status_code}) to {location}; "
                "use that URL",
                where=url,
            )
        if response.status_code >= 400:
            raise EndpointError(f"{about}the endpoint answered {status_text(response)}", where=url)
        return response


class _GraphBody:
    """One named graph of the store as N-Triples chunks; counts the triples it gave."""

    def __init__(self, store: GraphStore, graph: NamedNode | DefaultGraph) -> None:
        self.store = store
        self.graph = graph
        self.triples = 0

    def __iter__(self) -> Iterator[bytes]:
        batch: list[Triple] = []
        try:
            for quad in self.store.oxigraph.quads_for_pattern(None, None, None, self.graph):
                batch.append(quad.triple)
                if len(batch) == _BATCH:
                    yield self._chunk(batch)
                    batch = []
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"cannot read the store ({exc})", where=self.store.where) from exc
        if batch:
            yield self._chunk(batch)

    def _chunk(self, batch: list[Triple]) -> bytes:
        self.triples += len(batch)
        return serialize(batch, format=RdfFormat.N_TRIPLES) or b""  # None only with an output


def _check_variables(answered: tuple[str, ...], selected: tuple[str, ...] | None, url: str) -> None:
    """Refuse rows whose variables are not the ones the query selects (None: not known)."""
    if selected is None or set(answered) == set(selected):
        return
    found = " ".join(f"?{name}" for name in answered) or "none"
    raise EndpointError(
        first_line(
            f"the endpoint answered rows of the variables {found}, "
            f"the query selects {' '.join(f'?{name}' for name in selected) or 'none'}",
            limit=300,
        ),
        where=url,
    )


def _checked_url(url: str) -> str:
    try:
        return http_url(url)
    except ValueError:
        raise RequestError("expected an http:// or https:// URL", where=url) from None


def _with_query(url: str, parameter: str) -> str:
    """Return `url` with a bare query parameter (`?default`, as the protocol writes it) added."""
    return url + ("&" if urlsplit(url).query else "?") + parameter


def _accept(media_types: Iterable[str]) -> str:
    """Return an Accept header asking for `media_types`, best first."""
    return ", ".join(
        media_type + ("" if i == 0 else f";q={1 - i / 10:.1f}")
        for i, media_type in enumerate(media_types)
    )


def _unexpected(url: str, what: str, media_type: str) -> EndpointError:
    found = media_type.split(";")[0].strip() or "no Content-Type"
    return EndpointError(f"expected {what}, the endpoint answered {found}", where=url)
