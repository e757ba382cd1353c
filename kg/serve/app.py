"""The web application: routes, the request log, and the site's static files.

    app = create_app(served)     a Starlette application over what `kg.serve.state` opened

    /id/<rest>           the IRI `<base><rest>`, negotiated (kg.serve.ids)
    /sparql              the SPARQL 1.1 Protocol, read-only (kg.serve.sparql_protocol)
    /api                 the stored queries, /api/openapi.json, /api/{name} (kg.serve.api)
    everything else      the static site (`kg site`'s folder), or 404 when there is none

Every request is logged on one line, `GET /id/project/x 200 1.8 ms`, to the `kg.serve`
logger. Errors of the server answer 500 with Starlette's one line; the traceback goes to the
log, never to the client.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kg.serve import api, ids, sparql_protocol
from kg.serve.state import Served

LOG = logging.getLogger("kg.serve")
MAX_BODY = sparql_protocol.MAX_BODY + 4096  # a form's names and escapes around the query
_LOGGED_QUERY = 120  # characters of a query string the log line keeps

Handler = Callable[[Served, Request], Awaitable[Response]]


def create_app(served: Served) -> Starlette:
    """Return the application that serves `served`."""

    def bound(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            return await handler(served, request)

        return endpoint

    routes: list[BaseRoute] = [
        Route("/id/{rest:path}", bound(ids.respond), methods=["GET", "HEAD"]),
        Route("/sparql", bound(sparql_protocol.respond), methods=["GET", "HEAD", "POST"]),
        Route("/api", bound(api.list_queries), methods=["GET", "HEAD"]),
        Route("/api/openapi.json", bound(api.openapi), methods=["GET", "HEAD"]),
        Route("/api/{name}", bound(api.run_stored), methods=["GET", "HEAD"]),
    ]
    if served.site is not None:
        routes.append(Mount("/", app=served.site))
    else:
        routes.append(Route("/{path:path}", _no_site, methods=["GET", "HEAD"]))
    return Starlette(
        routes=routes,
        middleware=[Middleware(RequestLog)],
        max_body_size=MAX_BODY,
    )


async def _no_site(request: Request) -> Response:
    return PlainTextResponse(
        ids.NO_SITE + "; /sparql and /api answer meanwhile\n",
        200 if request.url.path == "/" else 404,
    )


class RequestLog:
    """ASGI middleware: one log line per request, with its status and milliseconds."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; log it once its answer has begun (or it failed)."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            milliseconds = (time.perf_counter() - started) * 1000
            LOG.info("%s %s %d %.1f ms", scope["method"], _logged_path(scope), status, milliseconds)


def _logged_path(scope: Scope) -> str:
    """Return the path as sent, percent-encoded (no line breaks), with a cut query string."""
    raw = scope.get("raw_path") or scope["path"].encode("utf-8", "surrogateescape")
    path = raw.decode("ascii", "backslashreplace")
    query = scope.get("query_string", b"").decode("ascii", "backslashreplace")
    if query:
        path += "?" + (query if len(query) <= _LOGGED_QUERY else query[:_LOGGED_QUERY] + "…")
    return path
