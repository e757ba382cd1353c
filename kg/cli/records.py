"""`kg parse` and `kg build`: records in, the release out."""

from __future__ import annotations

import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from kg.cli.app import _debug_option, _progress_bar, _report_failure, _workers_option, main
from kg.cli.link import (
    config_option,
    deadline_option,
    link_progress,
    load_link_config,
    report_link,
)
from kg.clock import default_read_at
from kg.iris import DEFAULT_BASE, Minter
from kg.records.batch import ParseFailure, parse_sources
from kg.records.jsonify import record_to_json
from kg.records.urls import read_url_table
from kg.store import STORE_DIR
from kg.validation.words import LANGUAGES


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, allow_dash=True))
@click.option("--pretty", is_flag=True, help="Print one indented JSON array instead of JSON Lines.")
@click.option("--quiet", "-q", is_flag=True, help="Do not print warnings (they stay in the JSON).")
@_debug_option
@click.pass_context
def parse(ctx: click.Context, paths: tuple[str, ...], pretty: bool, quiet: bool) -> None:
    """Read project records and print them as JSON, one object per record.

    PATHS are record files or folders (every *.txt below them); `-` reads standard input.
    A file that is not a record gets one line on stderr (PATH:LINE: what was expected, what
    was found) and the others go on; the exit code is 1 when any file failed.

    \b
    Example:
        kg parse seeds/000_52e5d4c243421207.txt
        cat record.txt | kg parse - --pretty
    """
    failed = False
    collected: list[dict[str, Any]] = []
    for parsed in parse_sources(paths, stdin=sys.stdin.buffer):
        if isinstance(parsed, ParseFailure):
            failed = True
            _report_failure(ctx, parsed.error)
            continue
        record = parsed.record
        if not quiet:
            for warning in record.warnings:
                click.echo(f"{record.source}:{warning.line}: warning: {warning.message}", err=True)
        document = record_to_json(record)
        if pretty:
            collected.append(document)
        else:
            click.echo(json.dumps(document, ensure_ascii=False))
    if pretty:
        click.echo(json.dumps(collected, ensure_ascii=False, indent=2))
    ctx.exit(1 if failed else 0)


def _counted(count: int, one: str, many: str | None = None) -> str:
    """Return "1 record", "3 records" (or `many` for an irregular plural)."""
    return f"{count} {one if count == 1 else many or one + 's'}"


def _read_at(value: str | None) -> datetime:
    if value is None:
        return default_read_at(os.environ, lambda: datetime.now(UTC))
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(
            f"expected a date and time such as 2026-01-31T12:00:00Z, not {value!r}"
        ) from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build"),
    show_default=True,
    help="The folder to write the release into (the store goes in its store/).",
)
@click.option(
    "--base", default=DEFAULT_BASE, show_default=True, help="The base of the IRIs minted."
)
@click.option(
    "--urls",
    "url_table",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A tab-separated table (columns file, url) of the pages the records copy.",
)
@click.option(
    "--read-at",
    help="When the records count as read (ISO 8601); default SOURCE_DATE_EPOCH, else now.",
)
@click.option(
    "--no-validate",
    "skip_validation",
    is_flag=True,
    help="Skip the SHACL validation (and its files): quicker, for trying things out.",
)
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default="en",
    show_default=True,
    help="The language of OUT/validation.txt and OUT/validation.html.",
)
@click.option(
    "--link",
    is_flag=True,
    help="Also link the libraries to the registries (as kg link does; uses the network).",
)
@config_option("--link-config")
@deadline_option
@_workers_option("parse and map the records and write the release")
@_debug_option
@click.pass_context
def build(
    ctx: click.Context,
    paths: tuple[str, ...],
    out_dir: Path,
    base: str,
    url_table: Path | None,
    read_at: str | None,
    skip_validation: bool,
    lang: str,
    link: bool,
    config_path: Path | None,
    deadline: float | None,
    workers: int,
) -> None:
    """Build the knowledge graph from record files or folders (default: the sample records).

    Parses every record, maps it to RDF in a named graph of its own, loads the embedded store
    (OUT/store) and writes OUT/records.jsonl, OUT/graph.trig (every named graph) and
    OUT/graph.ttl (their union); then validates the store against the SHACL shapes and writes
    OUT/validation.ttl, OUT/validation.txt and OUT/validation.html. Records that cannot be
    read are reported and left out; the exit code is 1 when any was, or when the graph has
    SHACL Violations (the files are written all the same, to look at); the last line says
    why. Two builds of the same records at the same
    --read-at give the same bytes. With --urls, a project is keyed by the slug of the page
    its record copies. With --link, the store is linked to the registries before it is
    validated and released (see kg link; --link-config names its TOML file); the exit code is
    3 when a registry failed altogether. Without it, a build keeps the links it finds. With
    --workers above 1, worker processes parse and map the records and write the release
    while the build validates. The release, OUT/release, is described with the catalogue's
    defaults (publisher, licence, ...), each named in a warning: `kg export --catalog`
    writes one to publish.

    \b
    Example:
        kg build seeds --out build
        kg build ../shared/records --urls ../shared/records/INDEX.tsv
        KG_CONTACT=me@example.org kg build seeds --link
    """
    # The build brings SHACL and the export, which `kg --help` does not need.
    from kg.build import RELEASE_DIR, BuildOptions, default_inputs
    from kg.build import build as run_build
    from kg.validation.report import RecordTexts, describe_first_violation, summary

    minter_base = Minter(base).base
    link_config = None
    if link:
        link_config = load_link_config(config_path, deadline=deadline)
    inputs = list(paths) or default_inputs()
    with _progress_bar() as progress:
        options = BuildOptions(
            read_at=_read_at(read_at),
            base=minter_base,
            page_urls=read_url_table(url_table) if url_table else {},
            progress=progress,
            lang=lang,
            validate=not skip_validation,
            link=link,
            link_config=link_config,
            link_progress=link_progress(progress),
            workers=workers,
        )
        result = run_build(inputs, out_dir, options)
    for error in result.failures:
        _report_failure(ctx, error)
    for source, warning in result.warnings:
        click.echo(f"{source}:{warning.line}: warning: {warning.message}", err=True)
    for line in result.release_warnings:
        click.echo(f"{out_dir / RELEASE_DIR}: warning: {line}", err=True)
    parser = (
        f"parser: {_counted(result.records, 'record')} read, {len(result.failures)} failed, "
        f"{_counted(len(result.warnings), 'parse warning')}"
    )
    if not result.records:
        click.echo(f"{parser}; nothing written to {out_dir}")
        click.echo("exit code 1: no record could be read")
        ctx.exit(1)
    click.echo(parser)
    click.echo(
        f"graph: {result.quads} quads, {_counted(result.libraries, 'library', 'libraries')}, "
        f"{_counted(result.projects, 'project')}"
    )
    if skip_validation:
        click.echo("SHACL: not run (--no-validate)")
    else:
        click.echo(f"SHACL: {summary(result.validation, 'en')}")
    written = ", ".join(str(path) for path in result.files)
    click.echo(f"wrote {written} and the store {out_dir / STORE_DIR}")
    if result.failures:
        click.echo(
            f"exit code 1: {_counted(len(result.failures), 'record file')} could not be read "
            "(listed above)"
        )
    first = describe_first_violation(result.validation, RecordTexts.of_inputs(inputs))
    if first is not None:
        violations = _counted(result.validation.counts()["Violation"], "SHACL violation")
        click.echo(f"exit code 1: {violations}, the first: {first}")
    if result.links is not None:
        report_link(result.links)
    if not result.ok:
        ctx.exit(1)
    ctx.exit(result.links.exit_code if result.links is not None else 0)
