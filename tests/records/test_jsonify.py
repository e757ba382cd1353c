"""Record -> the JSON of `kg parse`."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from kg.records import Application, ExtraField, ParseWarning, Record, record_to_json


def _record(**fields: object) -> Record:
    return Record(
        source="x.txt",
        title="T",
        year=2016,
        programme="AVI",
        funded=True,
        label_language="fi",
        **fields,
    )


def test_keys_follow_the_model_in_order() -> None:
    assert list(record_to_json(_record())) == list(Record.__dataclass_fields__)


def test_money_dates_and_lists_become_json_values() -> None:
    record = _record(
        application=Application(requested=Decimal("12800"), own_funding=Decimal("12.50")),
        start_date=date(2015, 6, 1),
        tags=("okm",),
        extra=(ExtraField("Muu:", "teksti", 40),),
        warnings=(ParseWarning(3, "epäilys"),),
        raw={"library.isil": "Fi-Km"},
    )
    document = json.loads(json.dumps(record_to_json(record)))
    assert document["application"]["requested"] == 12800
    assert document["application"]["own_funding"] == 12.5
    assert document["application"]["total_budget"] is None
    assert document["start_date"] == "2015-06-01"
    assert document["tags"] == ["okm"]
    assert document["extra"] == [{"label": "Muu:", "text": "teksti", "line": 40}]
    assert document["warnings"] == [{"line": 3, "message": "epäilys"}]
    assert document["raw"] == {"library.isil": "Fi-Km"}


def test_a_record_cannot_be_changed() -> None:
    sections = {"goal": "x"}
    record = _record(sections=sections)
    sections["goal"] = "changed afterwards"
    with pytest.raises(TypeError):
        record.sections["goal"] = "y"  # type: ignore[index]
    with pytest.raises(AttributeError):
        record.title = "other"  # type: ignore[misc]
    assert record.sections["goal"] == "x"
