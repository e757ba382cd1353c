"""`kg link`: the store's libraries and legal bodies linked to the registries."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kg.cli.app import _BarUpdate, _debug_option, _progress_bar, _store_option, main
from kg.iris import DEFAULT_BASE, Minter, base_of
from kg.store.graph_store import GraphStore

if TYPE_CHECKING:
    from kg.linking.link import LinkProgress, LinkResult
    from kg.linking.registries.config import RegistryConfig

COLUMNS = ("registry", "looked up", "linked", "candidates", "disagreements", "failures")


def registry_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """Return the `--registry` option (comma-separated names) of `kg link`."""
    return click.option(
        "--registry",
        "registries",
        help="The registries to ask, comma-separated: isil, kirkanta, wikidata, ytj "
        "(default: all).",
    )(command)


def config_option(name: str = "--config") -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Return the option that names the TOML file with a [registries] table."""
    return click.option(
        name,
        "config_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="A TOML file whose [registries] table sets contact, cache, urls, timeouts, ... "
        "(README: Linking to registries); KG_* environment variables win.",
    )


def deadline_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """Return the `--deadline SECONDS` option of `kg link` and `kg build --link`."""
    return click.option(
        "--deadline",
        type=click.FloatRange(min=0, min_open=True),
        metavar="SECONDS",
        help="Seconds one registry may take in all (default: the configuration's deadline, "
        "120); its look-ups left are then skipped, and the other registries go on.",
    )(command)


def load_link_config(
    config_path: Path | None, *, offline: bool = False, deadline: float | None = None
) -> RegistryConfig:
    """Return the registry configuration of the file, with --offline and --deadline on top."""
    from kg.linking.link import load_config

    config = load_config(config_path)
    if offline:
        config = replace(config, offline=True)
    return config if deadline is None else replace(config, deadline=deadline)


def link_progress(update: _BarUpdate | None) -> LinkProgress | None:
    """Return the link progress that shows on a bar: the registry, its look-ups done / to do."""
    if update is None:
        return None
    from kg.linking.registries.config import REGISTRY_LABELS

    def progress(registry: str, done: int, of: int) -> None:
        update(done, of, f"{REGISTRY_LABELS.get(registry, registry)} {done}/{of}")

    return progress


@contextmanager
def link_progress_bar() -> Iterator[LinkProgress | None]:
    """Show the registry being asked and its look-ups on stderr, when it is a terminal."""
    with _progress_bar("linking") as update:
        yield link_progress(update)


def summary_table(result: LinkResult) -> str:
    """Return the summary: one row per registry, with its counts."""
    from kg.linking.registries.config import REGISTRY_LABELS
    from kg.sparql.output import text_table

    rows = []
    for outcome in result.outcomes:
        report = outcome.report
        name = REGISTRY_LABELS.get(outcome.registry, outcome.registry)
        if not outcome.written:
            name += " (FAILED)"
        counts = (
            len(report.looked_up),
            outcome.linked,
            len(report.candidates),
            len(report.disagreements),
            len(report.failures),
        )
        rows.append((name, *(str(count) for count in counts)))
    return text_table(COLUMNS, rows, numeric=COLUMNS[1:])


def report_link(result: LinkResult, verbose: bool = False) -> None:
    """Print the warnings (stderr, one line each), the summary table and the proposals (stdout).

    `verbose` lists each offline miss and each look-up skipped, not only their count.
    """
    for line in result.warnings(verbose):
        click.echo(f"warning: {line}", err=True)
    click.echo(summary_table(result), nl=False)
    proposals = result.proposals()
    if proposals:
        click.echo("\nCandidates to confirm (not linked):")
        for line in proposals:
            click.echo(f"  {line}")


@main.command("link")
@_store_option("The built store whose libraries to link (its registry graphs are replaced).")
@registry_option
@click.option(
    "--offline", is_flag=True, help="Answer from the cache only; count the look-ups it lacks."
)
@deadline_option
@click.option(
    "--verbose",
    "-v",
    is_flag=True,
    help="Name every look-up not in the cache (offline) or skipped, not only their number.",
)
@config_option()
@click.option(
    "--base",
    help="The base of the IRIs minted (default: the base the store was built with).",
)
@_debug_option
@click.pass_context
def link(
    ctx: click.Context,
    store_dir: Path,
    registries: str | None,
    offline: bool,
    deadline: float | None,
    verbose: bool,
    config_path: Path | None,
    base: str | None,
) -> None:
    """Link the libraries and legal bodies of the store to the registries.

    Asks the ISIL registry, Kirjastohakemisto (Kirkanta), Wikidata and PRH/YTJ about every
    library (ISIL, name and municipality) and legal body (business ID) of the store, and
    replaces each registry's named graph (BASE graph/registry/NAME) by its links, each with
    its evidence, and a VoID linkset. A registry that failed altogether keeps its previous
    graph; a look-up that failed keeps its earlier links. A registry that refuses the
    connection, or is still asked when its --deadline passes, is asked no more. Warnings
    (stderr) name the registry, the key and the URL; the exit code is 3 when a registry
    failed altogether, else 0. Wikidata needs a contact (KG_CONTACT) for its User-Agent.

    \b
    Example:
        KG_CONTACT=me@example.org kg link --store build/store
        kg link --registry isil,ytj --deadline 60
        kg link --registry wikidata,ytj --offline
    """
    from kg.linking.link import link_store, parse_registries
    from kg.linking.registries.config import REGISTRIES
    from kg.linking.registries.http import RegistryClient

    selected = parse_registries(registries if registries is not None else REGISTRIES)
    config = load_link_config(config_path, offline=offline, deadline=deadline)
    chosen = Minter(base) if base else None

    # In a function of its own, so that the store is closed (its lock released) on return.
    def run() -> LinkResult:
        store = GraphStore.open(store_dir, create=False)
        minter = chosen or Minter(base_of(store.graphs()) or DEFAULT_BASE)
        with RegistryClient(config, selected) as client, link_progress_bar() as progress:
            return link_store(store, client, minter, selected, progress=progress)

    result = run()
    report_link(result, verbose)
    ctx.exit(result.exit_code)
