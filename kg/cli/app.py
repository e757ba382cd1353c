"""The `kg` group: shared options, the one place where errors become exit codes, progress.

Every command converts its arguments, calls one function of the Python API and prints. Errors
of ours (KgError) become one line on stderr and their exit code here, in `KgGroup.invoke`;
`--debug` adds the traceback.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

import click
from rich.console import Console
from rich.progress import Progress as RichProgress

from kg import __version__
from kg.errors import KgError
from kg.store import STORE_DIR

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


def _store_option(help_text: str = "The built store to read.") -> Any:
    """Return the `--store DIR` option every command that reads the store takes."""
    return click.option(
        "--store",
        "store_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("build") / STORE_DIR,
        show_default=True,
        help=help_text,
    )


def default_workers() -> int:
    """Return how many worker processes a command uses unless told: the cores, at most 4."""
    return min(os.cpu_count() or 1, 4)


def _workers_option(what: str) -> Any:
    """Return the `--workers N` option of the commands that can work in several processes."""
    return click.option(
        "--workers",
        type=click.IntRange(min=1),
        default=default_workers,
        show_default="the cores, at most 4",
        help=f"Worker processes that {what}; 1 does everything in one process.",
    )


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


class _BarUpdate(Protocol):
    """A progress bar's update: work done, work to do, and optionally a new label."""

    def __call__(self, done: int, of: int, what: str | None = None) -> None: ...


@contextmanager
def _progress_bar(label: str = "building") -> Iterator[_BarUpdate | None]:
    """Show a progress bar on stderr when it is a terminal (it vanishes when done).

    The update it gives takes the work done, the work to do and, optionally, a new label.
    """
    if not sys.stderr.isatty():
        yield None
        return
    with RichProgress(transient=True, console=Console(stderr=True)) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, of: int, what: str | None = None) -> None:
            bar.update(task, completed=done, total=of, description=what or label)

        yield update
