"""A release written by a process of its own: the options it is given arrive whole."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from kg.export.release import ExportOptions
from kg.export.release_process import _options, _options_json


def test_every_option_arrives_as_it_was_given() -> None:
    given = ExportOptions(
        issued=datetime(2026, 1, 31, 12, 30, tzinfo=timezone(timedelta(hours=2))),
        profile="full",
        formats=("ttl", "jsonld"),
        base="https://example.org/kg/",
        download_base="https://example.org/files/",
        catalog_config=Path("/somewhere/catalog.yaml"),
        portal="avoindata",
        sparql_endpoint="https://example.org/sparql",
    )
    assert _options(json.loads(json.dumps(_options_json(given)))) == given
    defaults = ExportOptions(issued=datetime(2026, 1, 31, tzinfo=UTC))
    assert _options(json.loads(json.dumps(_options_json(defaults)))) == defaults
