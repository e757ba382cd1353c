"""`kg validate`: the SHACL report of the store or of RDF files, opened by their fitness."""

from __future__ import annotations

import json
from pathlib import Path

import click
from pyoxigraph import RdfFormat

from kg.cli.app import _debug_option, _store_option, main
from kg.errors import UnsupportedShapeError
from kg.validation.choices import ENGINES, SHAPE_GROUPS
from kg.validation.words import LANGUAGES


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
    "--shapes-file",
    "shapes_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A SHACL shapes file of your own to validate against instead of the project's "
    "shapes (repeatable).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "html", "turtle", "json"]),
    default="text",
    show_default=True,
    help="text or html for people, turtle for the standard SHACL report graph, json for programs.",
)
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default="en",
    show_default=True,
    help="The language of the report: Finnish, Swedish or English.",
)
@click.option(
    "--details",
    is_flag=True,
    help="List each finding on its own, not the same message of many nodes as one.",
)
@click.option(
    "--records",
    "records_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="The folder of the record files the graph was built from: gives each value's line.",
)
@click.option("--strict", is_flag=True, help="Exit 1 on Warnings too, not only on Violations.")
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="fast",
    show_default=True,
    help="fast (kg.validation.engine), or pyshacl, the reference; both give the same results.",
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
    shapes_files: tuple[Path, ...],
    output_format: str,
    lang: str,
    details: bool,
    records_dir: Path | None,
    strict: bool,
    engine: str,
    per_record: bool,
) -> None:
    """Check the graph against the SHACL shapes and print a report people can act on.

    Validates the store (default build/store) or the RDF FILEs given (Turtle, N-Triples,
    TriG, N-Quads, RDF/XML, JSON-LD, told by the extension), against the project's shapes or,
    with --shapes-file, your own. A shape the fast engine does not support is refused
    (exit 2) naming the shape and what it uses; --engine pyshacl runs it. The text report opens
    with what the data holds and how many records reach each fitness level (none, core,
    money, portal, linked), then lists Violations, then Warnings, then Infos, by rule; the
    same message of many nodes is one line with their count (--details lists each). Each
    finding names its library or project, its record file (and the line, with --records),
    the value and the fix where one can be computed, in Finnish, Swedish or English
    (--lang). Exit 0 when there is no
    Violation (Warnings and Infos are shown but do not fail, unless --strict), 1 when
    there are Violations.

    \b
    Example:
        kg validate --records ../shared/records
        kg validate --lang fi --shapes core,quality
        kg validate --format html --lang sv > validation.html
        kg validate build/graph.trig --format json
        kg validate --engine pyshacl
        kg validate data.ttl --shapes-file portal-shapes.ttl --format turtle
    """
    # The engines (pyshacl, rdflib's SPARQL) load only when a validation runs, not for --help.
    from kg.store.graph_store import GraphStore
    from kg.validation.fitness import assess
    from kg.validation.html import render_html
    from kg.validation.places import kept_as_written
    from kg.validation.report import RecordTexts, render_json, render_text, render_turtle
    from kg.validation.validate import (
        load_rdf_files,
        load_shape_paths,
        parse_shape_groups,
        read_rdf_files,
        validate_store,
    )

    groups = parse_shape_groups(shape_groups) if not shapes_files else ()
    store = load_rdf_files(files) if files else GraphStore.open(store_dir, read_only=True)
    try:
        if shapes_files:
            report = validate_store(
                store,
                groups,
                engine=engine,
                whole=not per_record,
                shapes=load_shape_paths(shapes_files),
                union={quad.triple for quad in read_rdf_files(files)} if files else None,
            )
        else:
            report = validate_store(store, groups, engine=engine, whole=not per_record)
    except UnsupportedShapeError as exc:
        raise UnsupportedShapeError(
            f"{exc.message}; --engine pyshacl validates with pyshacl", where=exc.where
        ) from exc
    fitness = None
    # Fitness is of the project's records by the project's rules; the SHACL report graph has
    # no place for it.
    if output_format != "turtle" and not shapes_files:
        if _keep_record_graphs(files):
            # Without the core and quality groups in `report`, it runs their rules itself.
            fitness = assess(store, report)
        else:
            click.echo(
                "note: what the data holds is counted on the records' own graphs, which only "
                "TriG and N-Quads files keep; left out of the report",
                err=True,
            )
    texts = RecordTexts.of_inputs([records_dir]) if records_dir is not None else None
    kept = kept_as_written(store) if output_format != "turtle" else None
    if output_format == "turtle":
        click.echo(render_turtle(report).decode("utf-8"), nl=False)
    elif output_format == "json":
        document = render_json(report, lang, texts=texts, fitness=fitness, kept=kept)
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    elif output_format == "html":
        click.echo(render_html(report, lang, texts=texts, fitness=fitness, kept=kept), nl=False)
    else:
        text = render_text(report, lang, texts=texts, details=details, fitness=fitness, kept=kept)
        click.echo(text, nl=False)
    failing = not report.conforms or (strict and report.counts()["Warning"] > 0)
    ctx.exit(1 if failing else 0)


def _keep_record_graphs(files: tuple[Path, ...]) -> bool:
    """Whether the data keeps each record's own graph: a store, or TriG and N-Quads files.

    The triples of a Turtle (or N-Triples, RDF/XML) file are one graph, as of one record: the
    view kg build writes (graph.ttl) would count as a single record.
    """
    formats = (RdfFormat.from_extension(path.suffix.lstrip(".")) for path in files)
    return all(fmt is not None and fmt.supports_datasets for fmt in formats)
