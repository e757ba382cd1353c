"""`kg validate`: the SHACL report of the store or of RDF files."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kg.cli.app import _debug_option, _store_option, main
from kg.store import GraphStore
from kg.validate import ENGINES, SHAPE_GROUPS, load_rdf_files, parse_shape_groups, validate_store
from kg.validate_report import LANGUAGES, render_json, render_text, render_turtle


@main.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_store_option("The store to validate (when no FILE is given).")
@click.option(
    "--shapes",
    "shape_groups",
    default=",".join(SHAPE_GROUPS),
    show_default=True,
    help="The shape groups to apply, comma-separated.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "turtle", "json"]),
    default="text",
    show_default=True,
    help="text for people, turtle for the standard SHACL report graph, json for programs.",
)
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True)
@click.option("--strict", is_flag=True, help="Exit 1 on Warnings too, not only on Violations.")
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="fast",
    show_default=True,
    help="fast (kg.shacl), or pyshacl, the reference; both give the same results.",
)
@click.option(
    "--per-record",
    is_flag=True,
    help="With --engine pyshacl: validate batches of records, each with the nodes it reaches.",
)
@_debug_option
@click.pass_context
def validate(
    ctx: click.Context,
    files: tuple[Path, ...],
    store_dir: Path,
    shape_groups: str,
    output_format: str,
    lang: str,
    strict: bool,
    engine: str,
    per_record: bool,
) -> None:
    """Check the graph against the SHACL shapes and print a report people can act on.

    Validates the store (default build/store) or the RDF FILEs given. The text report groups
    the results by record and by rule, with each node's name, the value and the message in
    the chosen language. Exit 0 when there is no Violation (Warnings and Infos are shown but
    do not fail, unless --strict), 1 when there are Violations.

    \b
    Example:
        kg validate
        kg validate --lang fi --shapes core,quality
        kg validate build/graph.trig --format json
        kg validate --engine pyshacl
    """
    groups = parse_shape_groups(shape_groups)
    store = load_rdf_files(files) if files else GraphStore.open(store_dir, read_only=True)
    report = validate_store(store, groups, engine=engine, whole=not per_record)
    if output_format == "turtle":
        click.echo(render_turtle(report).decode("utf-8"), nl=False)
    elif output_format == "json":
        click.echo(json.dumps(render_json(report, lang), ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(report, lang), nl=False)
    failing = not report.conforms or (strict and report.counts()["Warning"] > 0)
    ctx.exit(1 if failing else 0)
