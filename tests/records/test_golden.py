"""The parse of each seed equals its golden JSON, checked by hand against the seed text.

`pytest --update-golden` writes the files anew; read the diff before committing it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.records import parse_bytes, record_to_json
from tests.conftest import GOLDEN, seed_paths


def _golden_path(seed: Path) -> Path:
    return GOLDEN / seed.stem / "record.json"


@pytest.mark.parametrize("seed", seed_paths(), ids=lambda path: path.stem)
def test_seed_matches_golden(seed: Path, update_golden: bool) -> None:
    actual = record_to_json(parse_bytes(seed.read_bytes(), f"seeds/{seed.name}"))
    golden = _golden_path(seed)
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(json.dumps(actual, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    expected = json.loads(golden.read_text(encoding="utf-8"))
    assert actual == expected


def test_every_seed_has_a_golden_file() -> None:
    assert {path.stem for path in seed_paths()} == {
        path.parent.name for path in GOLDEN.glob("*/record.json")
    }
