"""The release's description keeps no default silently: a warning each, --strict-catalog refuses.

The defaults a portal would show as the publisher's choice: the publisher, the contact point,
the licence, the download base, the 360Giving identifier prefix and its award dates (none).
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kg.build import STORE_DIR
from kg.cli import main
from kg.errors import CatalogDefaults, InputError
from kg.export.dcat.config import (
    CatalogConfig,
    ContactPoint,
    Publisher,
    catalog_warnings,
    load_catalog_config,
)
from kg.export.release import ExportOptions, export_release
from kg.store.graph_store import GraphStore
from tests.export.conftest import ISSUED

FULL = """\
publisher:
  name: {fi: Esimerkkikaupungin kirjasto, en: Example City Library}
  iri: https://example.org/library
  type: LocalAuthority
contact_point: {name: {en: Library data team}, email: data@example.org}
licence: http://publications.europa.eu/resource/authority/licence/CC0
licence_type: PublicDomain
grant_id_prefix: 360G-examplecity
award_dates: {2015: 2015-03-16, 2016: 2016-03-15, 2017: 2017-03-14}
"""
DOWNLOAD_BASE = "https://example.org/kirjasto-kg/"
# What each warning names, in their order, and the setting that sets it.
SETTINGS = (
    ("the publisher", "`publisher`"),
    ("the contact point", "`contact_point`"),
    ("the licence", "`licence`"),
    ("the download base", "`kg export --download-base`"),
    ("the 360Giving identifier prefix", "`grant_id_prefix`"),
    ("the 360Giving award date of each call year", "`award_dates`"),
)


def test_each_default_is_one_warning_that_says_what_sets_it() -> None:
    warnings = catalog_warnings(CatalogConfig(), None)
    assert len(warnings) == len(SETTINGS)
    for line, (what, setting) in zip(warnings, SETTINGS, strict=True):
        assert line.startswith(f"{what} is the default (") and setting in line
        assert "\n" not in line
    assert "The kirjasto-kg project" in warnings[0] and "360G-kirjastokg" in warnings[4]
    assert "360Giving registers" in warnings[4]


@pytest.mark.parametrize(
    ("index", "change"),
    [
        (0, {"publisher": Publisher(name={"en": "Example City Library"})}),
        (1, {"contact_point": ContactPoint(email="data@example.org")}),
        (2, {"licence": "http://publications.europa.eu/resource/authority/licence/CC0"}),
        (4, {"grant_id_prefix": "360G-examplecity"}),
        (5, {"award_dates": {2016: "2016-03-15"}}),
    ],
)
def test_a_value_set_leaves_its_warning_out(index: int, change: dict[str, Any]) -> None:
    defaults = catalog_warnings(CatalogConfig(), None)
    warnings = catalog_warnings(replace(CatalogConfig(), **change), None)
    assert warnings == defaults[:index] + defaults[index + 1 :]
    assert catalog_warnings(CatalogConfig(), DOWNLOAD_BASE) == defaults[:3] + defaults[4:]


def test_a_licence_the_file_names_is_chosen_even_the_default_one(tmp_path: Path) -> None:
    path = tmp_path / "catalog.yaml"
    path.write_text(f"licence: {CatalogConfig().licence}\n", encoding="utf-8")
    chosen = catalog_warnings(load_catalog_config(path), DOWNLOAD_BASE)
    assert chosen == [
        line
        for line in catalog_warnings(CatalogConfig(), DOWNLOAD_BASE)
        if not line.startswith("the licence")
    ]
    assert len(chosen) == 4


def test_the_360giving_prefix_and_dates_are_asked_for_only_when_its_files_are_written() -> None:
    everything = catalog_warnings(CatalogConfig(), None)
    assert catalog_warnings(CatalogConfig(), None, ("ttl", "csv")) == everything[:4]
    assert len(everything) == 6
    assert catalog_warnings(CatalogConfig(), None, ("ttl", "360giving")) == everything


def test_a_full_catalogue_file_and_a_download_base_give_no_warning(tmp_path: Path) -> None:
    path = tmp_path / "catalog.yaml"
    path.write_text(FULL, encoding="utf-8")
    config = load_catalog_config(path)
    assert config.grant_id_prefix == "360G-examplecity"
    assert config.award_dates == {2015: "2015-03-16", 2016: "2016-03-15", 2017: "2017-03-14"}
    assert catalog_warnings(config, DOWNLOAD_BASE) == []


@pytest.mark.parametrize("prefix", ["360G-kirjastokg", "360G-ExampleCity-2", "360G-a1"])
def test_a_360giving_prefix_is_read(tmp_path: Path, prefix: str) -> None:
    path = tmp_path / "catalog.yaml"
    path.write_text(f"grant_id_prefix: {prefix}\n", encoding="utf-8")
    assert load_catalog_config(path).grant_id_prefix == prefix


@pytest.mark.parametrize(
    "prefix", ["kirjastokg", "360G", "360G-", "360g-kirjastokg", "360G-a_b", "360G-a-", "360G-ä", 5]
)
def test_a_bad_360giving_prefix_is_refused_naming_the_key(tmp_path: Path, prefix: object) -> None:
    path = tmp_path / "catalog.yaml"
    path.write_text(f"grant_id_prefix: {prefix}\n", encoding="utf-8")
    with pytest.raises(InputError, match="grant_id_prefix: must be a 360Giving identifier prefix"):
        load_catalog_config(path)


def test_award_dates_are_read_as_dates_or_texts_by_year(tmp_path: Path) -> None:
    path = tmp_path / "catalog.yaml"
    path.write_text("award_dates: {'2017': '2017-03-14', 2016: 2016-03-15}\n", encoding="utf-8")
    assert load_catalog_config(path).award_dates == {2016: "2016-03-15", 2017: "2017-03-14"}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("2016-03-15", "award_dates: must be a mapping of call year"),
        ("{}", "award_dates: must be a mapping of call year"),
        ("{spring: 2016-03-15}", "award_dates: 'spring' is not a year (four digits)"),
        ("{'²': 2016-03-15}", "award_dates: '²' is not a year"),
        ("{0: 2016-03-15}", "award_dates: 0 is not a year"),
        ("{true: 2016-03-15}", "award_dates: True is not a year"),
        ("{2016: 2016-03-15, '2016': 2016-03-16}", "award_dates: the year 2016 is given twice"),
        ("{2016: '2016-02-30'}", "award_dates.2016: '2016-02-30' is no date"),
        ("{2016: 2016-02-30}", "not valid YAML: '2016-02-30' is no date (day is out of range"),
        ("{2016: '15.3.2016'}", "award_dates.2016: must be a date (YYYY-MM-DD), not '15.3.2016'"),
        ("{2016: '0016-03-15'}", "award_dates.2016: must be a date (YYYY-MM-DD), not '0016-03-15'"),
        ("{2016: 2016}", "award_dates.2016: must be a date (YYYY-MM-DD), not 2016"),
        (
            "{2016: 2016-03-15T10:00:00}",
            "award_dates.2016: must be a date (YYYY-MM-DD), not '2016-03-15T10:00:00'",
        ),
    ],
)
def test_bad_award_dates_are_refused_naming_the_key(
    tmp_path: Path, text: str, problem: str
) -> None:
    path = tmp_path / "catalog.yaml"
    path.write_text(f"award_dates: {text}\n", encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(problem)) as caught:
        load_catalog_config(path)
    assert caught.value.where == (f"{path}:1" if "YAML" in problem else str(path))


def test_call_years_the_award_dates_leave_out_are_named(
    seed_store: GraphStore, tmp_path: Path
) -> None:
    config = tmp_path / "catalog.yaml"
    config.write_text("award_dates: {2016: 2016-03-15}\n", encoding="utf-8")
    options = ExportOptions(issued=ISSUED, catalog_config=config, formats=("360giving",))
    result = export_release(seed_store, tmp_path / "out", options)
    undated = [line for line in result.warnings if "have no award date" in line]
    assert undated == [
        "the 360Giving grants of the call years 2015, 2017, 2018 have no award date: "
        "`award_dates` in the file of `kg export --catalog` gives no day for them"
    ]
    days = "{2015: 2015-03-16, 2016: 2016-03-15, 2017: 2017-03-14, 2018: 2018-03-13}"
    config.write_text(f"award_dates: {days}\n", encoding="utf-8")
    result = export_release(seed_store, tmp_path / "again", options)
    assert not [line for line in result.warnings if "award date" in line]


def _export(store_dir: Path, out: Path, *options: str) -> tuple[int, str]:
    arguments = ["export", "--store", str(store_dir), "--out", str(out), "--format", "nt"]
    result = CliRunner().invoke(main, [*arguments, "--issued", "2026-01-31T12:00:00Z", *options])
    return result.exit_code, result.stderr


def test_kg_export_warns_once_per_default_and_strict_refuses_writing_nothing(
    seed_out: Path, tmp_path: Path
) -> None:
    store_dir = seed_out / STORE_DIR
    out = tmp_path / "release"
    code, stderr = _export(store_dir, out)
    assert code == 0, stderr
    defaults = catalog_warnings(CatalogConfig(), None, ("nt",))  # no 360Giving files
    assert len(defaults) == 4
    assert stderr.splitlines() == [f"warning: {line}" for line in defaults]
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    code, stderr = _export(store_dir, out, "--strict-catalog")
    assert code == 2
    assert stderr.splitlines() == [
        *(f"warning: {line}" for line in defaults),
        "error: --strict-catalog: the release's description keeps 4 defaults (above); "
        "nothing was written",
    ]
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before
    assert not list(tmp_path.glob(".release.*"))  # nothing staged either
    config = tmp_path / "catalog.yaml"
    config.write_text(FULL, encoding="utf-8")
    full = ["--catalog", str(config), "--download-base", DOWNLOAD_BASE, "--strict-catalog"]
    code, stderr = _export(store_dir, out, *full)
    assert (code, stderr) == (0, "")
    assert DOWNLOAD_BASE in (out / "catalog.ttl").read_text(encoding="utf-8")


def test_strict_refuses_in_the_api_too_and_names_one_default(
    seed_store: GraphStore, tmp_path: Path
) -> None:
    config = tmp_path / "catalog.yaml"
    config.write_text(FULL, encoding="utf-8")
    options = ExportOptions(issued=ISSUED, catalog_config=config, strict_catalog=True)
    with pytest.raises(CatalogDefaults) as refused:
        export_release(seed_store, tmp_path / "out", options)
    assert refused.value.exit_code == 2
    assert refused.value.lines == tuple(catalog_warnings(CatalogConfig(), None)[3:4])
    assert "keeps 1 default (above)" in str(refused.value)
    assert not (tmp_path / "out").exists()
