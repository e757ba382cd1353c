"""Record -> JSON-ready dict, with the keys of `kg parse` (DESIGN.md, "The record model").

Money becomes a JSON number (an int when it has no cents), dates ISO 8601 strings; key order
follows the model so that the output is stable. A number is written only when a JSON reader
that holds numbers as doubles reads it back exactly: one that it would not (a Decimal of 5,000
digits, NaN) is refused with an InputError naming the record and the field. The parser never
reads such a value (`kg.records.values` bounds the digits of money and counts).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields, is_dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from kg.errors import InputError
from kg.excerpts import quote
from kg.records.model import Record

EXACT_INT = 2**53  # past this, a double no longer holds every integer


def record_to_json(record: Record) -> dict[str, Any]:
    """Return the JSON object of one record (plain dicts, lists, str, numbers, bool, None).

    Raises InputError when a number of the record cannot be written exactly as JSON.
    """
    return _plain(record, (), record.source)


def _plain(value: Any, path: tuple[str, ...], source: str) -> Any:
    """Return `value` as JSON; `path` (the keys down to it) and `source` name it in an error."""
    if value is None or isinstance(value, str | bool):  # most values: said first
        return value
    if is_dataclass(value) and not isinstance(value, type):
        items = ((spec.name, getattr(value, spec.name)) for spec in fields(value))
        return _object(items, path, source)
    if isinstance(value, Decimal):
        return _decimal(value, path, source)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > EXACT_INT:
        raise _not_exact(value, path, source)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict) or hasattr(value, "items"):
        return _object(value.items(), path, source)
    if isinstance(value, tuple | list):
        return list(_object(enumerate(value), path, source).values())
    return value


def _object(items: Iterable[tuple[object, Any]], path: tuple[str, ...], source: str) -> dict:
    plain = {}
    for key, item in items:
        if item is None or isinstance(item, str | bool):  # a leaf needs no path of its own
            plain[key] = item
        else:
            plain[key] = _plain(item, (*path, str(key)), source)
    return plain


def _decimal(value: Decimal, path: tuple[str, ...], source: str) -> int | float:
    """Return the JSON number of `value` (an int without cents, else a float)."""
    if not value.is_finite():
        raise _not_exact(value, path, source)
    number = float(value)  # a Decimal too large for a double becomes inf, never an error
    if Decimal(repr(number)) != value:
        raise _not_exact(value, path, source)
    return int(number) if number.is_integer() else number


def _not_exact(value: object, path: tuple[str, ...], source: str) -> InputError:
    return InputError(
        f"{'.'.join(path)}: the number {quote(str(value))} cannot be written exactly in JSON",
        where=source,
    )
