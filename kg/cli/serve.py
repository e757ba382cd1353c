"""kg serve: serve the site, the graph and the stored queries on a local port."""

from __future__ import annotations

import math
from pathlib import Path

import click

from kg.cli.app import _debug_option, _store_option, _workers_option, main
from kg.serve.limits import Limits

DEFAULTS = Limits()


def _seconds(_ctx: click.Context, _param: click.Parameter, value: float) -> float:
    if not (math.isfinite(value) and value > 0):
        raise click.BadParameter("expected a positive number of seconds")
    return value


@main.command()
@_store_option()
@click.option(
    "--site",
    "site_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build") / "site",
    show_default=True,
    help="The folder kg site wrote; without it, RDF, SPARQL and the API still answer.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="The port to listen on (0: any free one).",
)
@click.option(
    "--timeout",
    type=float,
    default=DEFAULTS.timeout,
    show_default=True,
    callback=_seconds,
    help="Seconds a SPARQL or API query may run before it is stopped (503).",
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=DEFAULTS.max_rows,
    show_default=True,
    help="Rows (or triples) a result is cut at, with a notice to the client.",
)
@_workers_option("run queries, each stopped at --timeout")
@_debug_option
def serve(
    store_dir: Path,
    site_dir: Path,
    host: str,
    port: int,
    timeout: float,
    max_rows: int,
    workers: int,
) -> None:
    """Serve the open graph of a built store, its site, SPARQL and the stored queries.

    Read-only, on 127.0.0.1 unless --host says otherwise; one log line per request on stderr.
    /id/... answers each IRI as HTML, Turtle, JSON-LD or N-Triples by Accept (or ?format=);
    /sparql is a SPARQL 1.1 Protocol endpoint (no updates, no SERVICE); /api/NAME runs a
    stored query with its parameters, /api/openapi.json describes them. A missing, busy or
    incomplete store is one line and its exit code.

    \b
    Example:
        kg serve --store build/store --site build/site --port 8000
    """
    from kg.serve.run import serve as serve_forever  # the store's libraries: not for --help

    serve_forever(
        store_dir, site_dir, host, port, Limits(timeout, max_rows, workers), say=click.echo
    )
