"""kg site: write the static site of a built store."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.app import _debug_option, _store_option, _workers_option, main
from kg.site.paths import LANGUAGES


@main.command("site")
@_store_option()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build") / "site",
    show_default=True,
    help="The site's folder (replaced whole when the new site is complete).",
)
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default="fi",
    show_default=True,
    help="The language of the pages named without one (index.html); the others are "
    "index.sv.html, index.en.html, ...",
)
@click.option(
    "--base-url",
    help="Where the site is published, for sitemap.xml and .htaccess (default: the IRI base "
    "without its final id/).",
)
@_workers_option("write the pages of a large graph")
@_debug_option
def site(store_dir: Path, out_dir: Path, lang: str, base_url: str | None, workers: int) -> None:
    """Write the static linked-data site of the store: a page per thing, and its data.

    Every project, library, legal body, programme, call, organisation, kind of partner and
    source record gets a page in Finnish, Swedish and English at the path of its IRI, with
    its Turtle, JSON-LD and N-Triples beside it; index pages, a dataset page with the open
    release's files, search (Pagefind), the ontology, .htaccess and sitemap.xml. Only what
    the open profile keeps is shown. The same store gives the same bytes.

    \b
    Example:
        kg site --store build/store --out build/site
    """
    from kg.site.write import write_site

    result = write_site(store_dir, out_dir, lang=lang, base_url=base_url, workers=workers)
    findings = "no quality report" if result.findings is None else f"{result.findings} findings"
    click.echo(
        f"wrote {result.pages} pages of {result.things} things ({result.files} files, "
        f"{result.downloads} downloads, {findings}, {result.indexed} pages searchable) "
        f"to {result.folder}"
    )
