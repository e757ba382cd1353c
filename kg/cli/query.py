"""`kg query` (stored SPARQL queries) and `kg push` (the store to a SPARQL server)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import click

from kg.cli.app import _debug_option, _progress_bar, _store_option, main
from kg.errors import QueryParameterError
from kg.excerpts import quote
from kg.sparql.catalogue import (
    ANSWER_TIMEOUT,
    Parameter,
    bind,
    check_runnable,
    find_query,
    load_catalogue,
    run_local,
)
from kg.sparql.output import GRAPH_FORMATS, SELECT_FORMATS, default_format, render
from kg.store.graph_store import GraphStore


@main.group()
def query() -> None:
    """Run the stored SPARQL queries of queries/ (or any .rq file).

    \b
    Example:
        kg query list
        kg query run projects_of_library -p isil=FI-Km
    """


@query.command("list")
@click.option("--all", "show_all", is_flag=True, help="Include the internal queries.")
def query_list(show_all: bool) -> None:
    """List the stored queries: name, summary, parameters and tags.

    \b
    Example:
        kg query list
    """
    for stored in load_catalogue().values():
        if stored.internal and not show_all:
            continue
        parameters = ", ".join(_describe_parameter(p) for p in stored.parameters) or "-"
        click.echo(f"{stored.name}\n  {stored.summary}\n  parameters: {parameters}")
        click.echo(f"  tags: {', '.join(stored.tags) or '-'}")


def _describe_parameter(parameter: Parameter) -> str:
    text = parameter.name if parameter.required else f"[{parameter.name}]"
    text += f" ({parameter.kind}"
    if parameter.choices:
        text += ": " + "|".join(parameter.choices)
    if parameter.default is not None:
        text += f", default {parameter.default}"
    return text + ")"


@query.command("show")
@click.argument("name")
def query_show(name: str) -> None:
    """Print a stored query's text and its parameters.

    \b
    Example:
        kg query show projects_of_library
    """
    stored = find_query(load_catalogue(), name)
    click.echo(stored.text, nl=not stored.text.endswith("\n"))
    for parameter in stored.parameters:
        click.echo(f"# parameter {_describe_parameter(parameter)}: ?{parameter.variable}")


def _parameter_values(pairs: tuple[str, ...]) -> dict[str, str]:
    values: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QueryParameterError(f"expected name=value, found {quote(pair)}", where="-p")
        values[name.strip()] = value
    return values


def _seconds(_ctx: click.Context, _param: click.Parameter, value: float) -> float:
    if not (math.isfinite(value) and value > 0):
        raise click.BadParameter("expected a positive number of seconds")
    return value


def _timeout_option(help_text: str) -> Any:
    return click.option(
        "--timeout",
        type=float,
        default=ANSWER_TIMEOUT,
        show_default=True,
        callback=_seconds,
        help=help_text,
    )


@query.command("run")
@click.argument("name")
@click.option("-p", "--param", "pairs", multiple=True, help="A parameter: name=value.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(SELECT_FORMATS + GRAPH_FORMATS),
    help="table, csv, tsv, json, jsonl, sparql-json for rows (json and jsonl: numbers as "
    "numbers, the API's document); turtle, jsonld, ntriples for triples.",
)
@_store_option()
@click.option(
    "--endpoint",
    help="Run on this SPARQL 1.1 endpoint instead of the store, one `kg push` filled.",
)
@click.option("--allow-service", is_flag=True, help="Allow a query that calls other endpoints.")
@_timeout_option(
    "Seconds to wait for another endpoint: for each answer of --endpoint, and for the whole "
    "run of a query on the store with --allow-service."
)
@_debug_option
def query_run(
    name: str,
    pairs: tuple[str, ...],
    output_format: str | None,
    store_dir: Path,
    endpoint: str | None,
    allow_service: bool,
    timeout: float,
) -> None:
    """Run a stored query (or a .rq file) and print its result.

    Parameters are checked against their declared type and choices and bound as RDF terms,
    never pasted into the query. A missing, unknown or ill-typed parameter, or a broken query
    file, is one line and exit 2; so is a query that calls another endpoint (SERVICE), or
    cannot be read to tell, without --allow-service. A failing endpoint, a query that fails
    while it runs, or no answer within --timeout is one line and exit 3.

    \b
    Example:
        kg query run granted_by_year_and_programme --format csv
        kg query run largest_grants -p n=5 --format json
        kg query run projects_of_library -p isil=FI-Km --endpoint http://127.0.0.1:7878/query
    """
    stored = find_query(load_catalogue(), name)
    bindings = bind(stored, _parameter_values(pairs))
    check_runnable(stored, bindings, allow_service=allow_service)
    if endpoint:
        from kg.sparql.endpoint import SparqlEndpoint  # requests is loaded only for remote work

        with SparqlEndpoint(endpoint, timeout=timeout) as remote:
            result = remote.query(stored, bindings)
    else:
        store = GraphStore.open(store_dir, read_only=True)
        # Only a SERVICE call can keep a query on the store waiting on something outside.
        result = run_local(store, stored, bindings, timeout=timeout if allow_service else None)
    click.echo(render(result, output_format or default_format(result)), nl=False)


@main.command()
@_store_option()
@click.option("--endpoint", required=True, help="The server's SPARQL query endpoint.")
@click.option("--graph-store", help="Its Graph Store Protocol endpoint (default: Oxigraph's).")
@click.option(
    "--default-graph/--no-default-graph",
    default=True,
    show_default=True,
    help="Also replace the server's default graph with the union of the record graphs.",
)
@_timeout_option("Seconds to wait for the server's answer to each graph sent.")
@_debug_option
def push(
    store_dir: Path, endpoint: str, graph_store: str | None, default_graph: bool, timeout: float
) -> None:
    """Upload the built store to a SPARQL server, one named graph per record, replacing each.

    The server's default graph becomes the union of the record graphs, each triple once: the
    stored queries read it, so serve it as it is (not `oxigraph serve --union-default-graph`).
    Pushing twice leaves the same data; graphs the store does not have are left alone.

    \b
    Example:
        kg push --endpoint http://127.0.0.1:7878/query
    """
    from kg.sparql.endpoint import SparqlEndpoint  # requests is loaded only for remote work

    store = GraphStore.open(store_dir, read_only=True)
    with _progress_bar() as progress, SparqlEndpoint(endpoint, timeout=timeout) as remote:
        result = remote.push(store, graph_store, progress=progress, default_graph=default_graph)
    union = (
        f" and the default graph, {result.default_triples} triples,"
        if result.default_triples is not None
        else ""
    )
    click.echo(f"pushed {result.graphs} graphs, {result.triples} triples{union} to {endpoint}")
