"""The release's tables and grant files of the seeds and the real copies, each by its own tool.

The seeds and the real copies are built once each (with their page URLs, as a publisher
would) and released in each language; every file of issue 22 is then checked by the
independent tool named for it: the workbook read back by openpyxl, csv-metadata.json by the
`csvw` package (its triples in the release's graph), datapackage.json by `frictionless
validate`, and the 360Giving JSON by `jsonschema` against the standard's schema, its amounts
against the graph's. The modules of
each writer check the same on the seeds, and what each tool must catch.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kg.build import STORE_DIR, BuildOptions, build
from kg.export.dcat.config import CatalogConfig
from kg.export.formats import table_results
from kg.export.giving360 import write_360giving
from kg.export.release import ExportOptions, export_release, open_graph
from kg.export.tables import LANGUAGES
from kg.records.urls import read_url_table
from kg.store.graph_store import GraphStore
from tests.conftest import CORPUS, MISSING_CORPUS, corpus_paths, seed_paths
from tests.export.test_csvw import check_csvw
from tests.export.test_datapackage import check_datapackage
from tests.export.test_giving360 import PREFIX, call_years, check_360giving
from tests.export.test_xlsx import check_workbook

ISSUED = datetime(2026, 1, 31, 12, tzinfo=UTC)


@dataclass(frozen=True)
class Released:
    """The real copies' store and their release in each language (fi is the build's own)."""

    store: GraphStore
    folders: dict[str, Path]


@pytest.fixture(scope="module", params=["seeds", "real"])
def released(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Released:
    """The release of the seeds, then of the real copies (the kg build's and two more)."""
    out = tmp_path_factory.mktemp(f"{request.param}-tables")
    if request.param == "seeds":
        inputs, urls = seed_paths(), {}
    elif not CORPUS.is_dir():
        pytest.skip(MISSING_CORPUS)
    else:
        inputs, urls = corpus_paths(), read_url_table(CORPUS / "INDEX.tsv")
    build(inputs, out, BuildOptions(read_at=ISSUED, validate=False, page_urls=urls))
    store = GraphStore.open(out / STORE_DIR, create=False)
    folders = {"fi": out / "release"}
    for lang in LANGUAGES[1:]:
        folders[lang] = out / f"release-{lang}"
        options = ExportOptions(issued=ISSUED, formats=("xlsx", "csv"), lang=lang)
        export_release(store, folders[lang], options)
    return Released(store, folders)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_workbook_opens_typed_in_each_language(released: Released, lang: str) -> None:
    with open_graph(released.store) as graph:
        results = table_results(graph, lang)
    check_workbook(released.folders[lang] / "kirjasto-kg.xlsx", lang, results)


def test_the_tables_validate_as_csv_on_the_web(released: Released) -> None:
    check_csvw(released.folders["fi"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_tables_validate_as_a_data_package(released: Released, lang: str) -> None:
    check_datapackage(released.folders[lang])


def test_the_grants_validate_as_360giving_and_add_up_to_the_graph(released: Released) -> None:
    folder = released.folders["fi"]
    with open_graph(released.store) as graph:
        lacking = check_360giving(folder, graph.store)
    # The pages give no decision's day; most real copies end before the granted amount, and a
    # good-practice project has no funder.
    assert set(lacking) <= {"awardDate", "amountAwarded", "fundingOrganization"}
    assert lacking["awardDate"] == len(_grants(folder))


def test_given_the_days_of_the_decisions_only_what_the_pages_lack_is_missing(
    released: Released, tmp_path: Path
) -> None:
    with open_graph(released.store) as graph:
        years = set(call_years(graph.store))
        days = {year: f"{year}-03-15" for year in years}
        config = replace(CatalogConfig(), award_dates=days)
        write_360giving(graph, tmp_path, prefix=PREFIX, issued=ISSUED, config=config)
        lacking = check_360giving(tmp_path, graph.store, days)
    assert set(lacking) <= {"amountAwarded", "fundingOrganization"}


def _grants(folder: Path) -> list[object]:
    return json.loads((folder / "360giving.json").read_text(encoding="utf-8"))["grants"]
