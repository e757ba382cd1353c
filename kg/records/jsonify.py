"""Record -> JSON-ready dict, with the keys of `kg parse` (DESIGN.md, "The record model").

Money becomes a JSON number (an int when it has no cents), dates ISO 8601 strings; key order
follows the model so that the output is stable.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from kg.records.model import Record


def record_to_json(record: Record) -> dict[str, Any]:
    """Return the JSON object of one record (plain dicts, lists, str, numbers, bool, None)."""
    return _plain(record)


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {spec.name: _plain(getattr(value, spec.name)) for spec in fields(value)}
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict) or hasattr(value, "items"):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value
