"""`kg serve` itself: listen, open what is served, run uvicorn until Ctrl-C (or SIGTERM).

    listen(host, port)       -> a listening socket (RequestError if it cannot be had)
    serve(store_dir, site_dir, host, port, limits, say=print)   serves until stopped

The socket listens before the store is read, so a taken port is one line at once (port 0
takes a free one), and a client that connects once the address is printed is answered. The
log (one line per request, `kg.serve`) goes to stderr; uvicorn's own messages only when they
are warnings or errors. Ctrl-C lets the requests under way end, then
the query processes are ended and the open graph's files removed; so does SIGTERM.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import socket
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType

import uvicorn

from kg.errors import RequestError
from kg.serve.app import create_app
from kg.serve.limits import Limits
from kg.serve.state import serving

LOG = logging.getLogger("kg.serve")
BACKLOG = 2048  # uvicorn's own default


def listen(host: str, port: int) -> socket.socket:
    """Return a socket listening on `host` and `port` (0: any free port).

    Connections wait in its backlog until uvicorn takes them.
    """
    try:
        family, kind, protocol, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM
        )[0]
        sock = socket.socket(family, kind, protocol)
    except (OSError, UnicodeError) as exc:
        raise RequestError(f"cannot listen on {host} ({exc})", where="--host") from exc
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(BACKLOG)
    except OSError as exc:
        sock.close()
        raise RequestError(
            f"cannot listen on {host}:{port} ({exc.strerror or exc})", where="--port"
        ) from exc
    return sock


def serve(
    store_dir: Path,
    site_dir: Path,
    host: str,
    port: int,
    limits: Limits,
    *,
    say: Callable[[str], None] = print,
) -> None:
    """Serve the store's open graph, its site and its queries until Ctrl-C or SIGTERM."""
    _log_requests()
    sock = listen(host, port)
    try:
        with serving(store_dir, site_dir, limits) as served:
            server = uvicorn.Server(
                uvicorn.Config(
                    create_app(served), log_config=None, access_log=False, lifespan="off"
                )
            )
            bound_host, bound_port = sock.getsockname()[:2]
            shown = f"[{bound_host}]" if ":" in bound_host else bound_host
            site = "" if served.site is not None else f"; no site in {site_dir} (kg site)"
            say(
                f"kg serve: http://{shown}:{bound_port}/ — {len(served.things):,} things, "
                f"/sparql, /api{site}; Ctrl-C stops"
            )
            with _sigterm_ends(), contextlib.suppress(KeyboardInterrupt):
                server.run(sockets=[sock])
    finally:
        sock.close()


def _log_requests() -> None:
    """Send the request log to stderr, one plain line each."""
    if LOG.handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    LOG.addHandler(handler)
    LOG.setLevel(logging.INFO)
    LOG.propagate = False


@contextlib.contextmanager
def _sigterm_ends() -> Iterator[None]:
    """Make SIGTERM end the server as Ctrl-C does: uvicorn raises it again once it stopped."""

    def stop(_signal: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
