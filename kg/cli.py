"""The `kg` command line: options, output and exit codes, nothing else.

Every command converts its arguments, calls one function of the Python API and prints. Errors
of ours (KgError) become one line on stderr and their exit code here, in `KgGroup.invoke`;
`--debug` adds the traceback.
"""

from __future__ import annotations

import json
import sys
import traceback
from pathlib import Path
from typing import Any

import click

from kg import __version__
from kg.build import build as run_build
from kg.build import default_inputs
from kg.errors import KgError
from kg.records.batch import parse_sources
from kg.records.jsonify import record_to_json

_DEBUG = "kg.debug"


def _set_debug(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.meta[_DEBUG] = True


def _debug_option(command: Any) -> Any:
    return click.option(
        "--debug",
        is_flag=True,
        expose_value=False,
        is_eager=True,
        callback=_set_debug,
        help="Show tracebacks for errors.",
    )(command)


def _debugging(ctx: click.Context) -> bool:
    return bool(ctx.meta.get(_DEBUG))


class KgGroup(click.Group):
    """A click group that turns KgError into one line on stderr and the error's exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the subcommand; map our errors to their message and exit code."""
        try:
            return super().invoke(ctx)
        except KgError as error:
            if _debugging(ctx):
                traceback.print_exc()
            click.echo(f"error: {error}", err=True)
            ctx.exit(error.exit_code)


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
@_debug_option
def main() -> None:
    """Turn Finnish public libraries' project records into a linked-data knowledge graph.

    \b
    Example:
        kg parse seeds/ --pretty
        kg build seeds --out build
    """


def _report_failure(ctx: click.Context, error: KgError) -> None:
    if _debugging(ctx):
        traceback.print_exception(error)
    click.echo(str(error), err=True)


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
        if parsed.error is not None:
            failed = True
            _report_failure(ctx, parsed.error)
            continue
        record = parsed.record
        assert record is not None
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


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build"),
    show_default=True,
    help="The folder to write the release into.",
)
@_debug_option
@click.pass_context
def build(ctx: click.Context, paths: tuple[str, ...], out_dir: Path) -> None:
    """Build the release from record files or folders (default: the sample records).

    Today the release is `records.jsonl`, the parsed records in the JSON of `kg parse`.
    Records that cannot be read are reported and left out; the exit code is then 1.

    \b
    Example:
        kg build seeds --out build
    """
    result = run_build(paths or default_inputs(), out_dir)
    for error in result.failures:
        _report_failure(ctx, error)
    for source, warning in result.warnings:
        click.echo(f"{source}:{warning.line}: warning: {warning.message}", err=True)
    written = ", ".join(str(path) for path in result.files)
    click.echo(f"{result.records} records, {len(result.failures)} failed; wrote {written}")
    ctx.exit(0 if result.ok else 1)
