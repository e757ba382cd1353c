"""`kg link`: the store's libraries and legal bodies linked to the registries."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kg.cli.app import _debug_option, _progress_bar, _store_option, main
from kg.iris import DEFAULT_BASE, Minter, base_of
from kg.store import GraphStore

if TYPE_CHECKING:
    from kg.link import LinkProgress, LinkResult

COLUMNS = ("registry", "looked up", "linked", "candidates", "disagreements", "failures")


def registry_option(command: object) -> object:
    """Return the `--registry` option (comma-separated names) of `kg link`."""
    return click.option(
        "--registry",
        "registries",
        help="The registries to ask, comma-separated: isil, kirkanta, wikidata, ytj "
        "(default: all).",
    )(command)


def config_option(name: str = "--config") -> object:
    """Return the option that names the TOML file with a [registries] table."""
    return click.option(
        name,
        "config_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="A TOML file whose [registries] table sets contact, cache, urls, timeouts, ... "
        "(README: Linking to registries); KG_* environment variables win.",
    )


@contextmanager
def link_progress_bar() -> Iterator[LinkProgress | None]:
    """Show which registry is being asked on stderr, when it is a terminal."""
    with _progress_bar("linking") as update:
        if update is None:
            yield None
            return

        def progress(registry: str, done: int, of: int) -> None:
            update(done, of, registry or "writing")

        yield progress


def summary_table(result: LinkResult) -> str:
    """Return the summary: one row per registry, with its counts."""
    from kg.query_output import text_table
    from kg.registries.http import REGISTRY_LABELS

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


def report_link(result: LinkResult) -> None:
    """Print the warnings (stderr, one line each), the summary table and the proposals (stdout)."""
    for line in result.warnings():
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
    "--offline", is_flag=True, help="Answer from the cache only; name the look-ups it lacks."
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
    config_path: Path | None,
    base: str | None,
) -> None:
    """Link the libraries and legal bodies of the store to the registries.

    Asks the ISIL registry, Kirjastohakemisto (Kirkanta), Wikidata and PRH/YTJ about every
    library (ISIL, name and municipality) and legal body (business ID) of the store, and
    replaces each registry's named graph (BASE graph/registry/NAME) by its links, each with
    its evidence, and a VoID linkset. A registry that failed altogether keeps its previous
    graph; a look-up that failed keeps its earlier links. Warnings (stderr) name the registry,
    the key and the URL; the exit code is 3 when a registry failed altogether, else 0.

    \b
    Example:
        KG_CONTACT=me@example.org kg link --store build/store
        kg link --registry wikidata,ytj --offline
    """
    from kg.link import link_store, load_config, parse_registries
    from kg.registries.http import REGISTRIES, RegistryClient
    from kg.registries.http import offline as offline_config

    selected = parse_registries(registries if registries is not None else REGISTRIES)
    config = load_config(config_path)
    if offline:
        config = offline_config(config)
    chosen = Minter(base) if base else None

    # In a function of its own, so that the store is closed (its lock released) on return.
    def run() -> LinkResult:
        store = GraphStore.open(store_dir, create=False)
        minter = chosen or Minter(base_of(store.graphs()) or DEFAULT_BASE)
        with RegistryClient(config) as client, link_progress_bar() as progress:
            return link_store(store, client, minter, selected, progress=progress)

    result = run()
    report_link(result)
    ctx.exit(result.exit_code)
