"""`kg export`: the store as an open-data release."""

from __future__ import annotations

import os
from pathlib import Path

import click

from kg.cli.app import _debug_option, _store_option, _workers_option, main
from kg.cli.records import _read_at
from kg.errors import CatalogDefaults
from kg.export.choices import FORMAT_NAMES, LANGUAGES, PORTALS, PROFILES
from kg.iris import Minter
from kg.store.graph_store import GraphStore


@main.command("export")
@_store_option()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The release folder (replaced whole when the new release is complete).",
)
@click.option(
    "--format",
    "formats",
    default="all",
    show_default=True,
    help=f"Comma-separated: {','.join(FORMAT_NAMES)} or all.",
)
@click.option("--profile", type=click.Choice(PROFILES), default="open", show_default=True)
@click.option(
    "--base",
    help="The base of the catalogue's and dataset's IRIs (default: the base the store was built "
    "with; the entities keep the IRIs kg build minted).",
)
@click.option("--download-base", help="The URL the release's files will be published under.")
@click.option(
    "--catalog",
    "catalog_config",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A YAML file with the dataset description (titles, publisher, licence, ...).",
)
@click.option(
    "--portal",
    type=click.Choice(PORTALS),
    help="Whose catalogue shapes to follow where they disagree: dcat-ap (DCAT-AP 3.0.1) or "
    "avoindata (avoindata.fi: decimal byte sizes, SHA-1 checksums); default: the --catalog "
    "file's portal, else dcat-ap.",
)
@click.option("--sparql-endpoint", help="A public SPARQL endpoint serving the data, for VoID.")
@click.option(
    "--strict-catalog",
    is_flag=True,
    help="Refuse to write a release whose description keeps a default (the publisher, contact "
    "point, licence, download base or 360Giving prefix): exit 2, each named.",
)
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default="fi",
    show_default=True,
    help="The language of the workbook's headers, the Data Package's titles and the "
    "programmes' and funders' names in the 360Giving grants.",
)
@click.option(
    "--issued",
    help="The release's date (ISO 8601); default SOURCE_DATE_EPOCH, else when the "
    "records were read.",
)
@_workers_option("write the JSON-LD while the other files are written")
@_debug_option
def export(
    store_dir: Path,
    out_dir: Path,
    formats: str,
    profile: str,
    base: str | None,
    download_base: str | None,
    catalog_config: Path | None,
    portal: str | None,
    sparql_endpoint: str | None,
    strict_catalog: bool,
    lang: str,
    issued: str | None,
    workers: int,
) -> None:
    """Write the store as a release: RDF, JSON-LD, tables and a DCAT-AP description.

    The tables are CSV files with their CSV on the Web description and Frictionless Data
    Package, and a workbook (kirjasto-kg.xlsx); the grants are also in the 360Giving Data
    Standard (360giving.json and its flat CSV).

    The `open` profile (the default) leaves personal data out: contact persons, and library
    e-mails and phones that are a person's. `full` keeps everything, for internal use only.
    The same store gives the same bytes. A warning names each value of the description that
    is still the default and what sets it; with --strict-catalog they are errors.

    \b
    Example:
        kg export --out release --download-base https://example.org/kirjasto-kg/
        kg export --out release --catalog catalog.yaml --download-base URL --strict-catalog
    """
    from kg.export.release import ExportOptions, default_issued, export_release, parse_formats

    store = GraphStore.open(store_dir, read_only=True)
    if profile == "full":
        click.echo(
            "warning: the full profile keeps personal data (contact persons' names, phones and "
            "e-mails); do not publish it",
            err=True,
        )
    options = ExportOptions(
        issued=_read_at(issued) if issued else default_issued(store, os.environ),
        profile=profile,
        formats=parse_formats(formats),
        base=Minter(base).base if base else None,
        download_base=download_base,
        catalog_config=catalog_config,
        portal=portal,
        sparql_endpoint=sparql_endpoint,
        strict_catalog=strict_catalog,
        lang=lang,
    )
    try:
        result = export_release(store, out_dir, options, workers=workers)
    except CatalogDefaults as refused:  # each default a warning, then the one error line
        for line in refused.lines:
            click.echo(f"warning: {line}", err=True)
        raise
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    left_out = ", ".join(f"{count} {what}" for what, count in result.left_out.items())
    click.echo(
        f"wrote {len(result.files)} files ({result.triples} triples) to {result.folder}"
        + (f"; left out {left_out}" if left_out else "")
    )
