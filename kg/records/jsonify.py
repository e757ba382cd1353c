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
    try:
        return _plain(record)
    except _NotExact as exc:
        path = ".".join(exc.path)
        raise InputError(
            f"{path}: the number {quote(str(exc.value))} cannot be written exactly in JSON",
            where=record.source,
        ) from None


class _NotExact(ValueError):
    """A number that JSON would not carry exactly; `path` is filled in on the way out."""

    def __init__(self, value: object) -> None:
        super().__init__(value)
        self.value = value
        self.path: list[str] = []


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, str | bool):  # most values: said first
        return value
    if is_dataclass(value) and not isinstance(value, type):
        return _object((spec.name, getattr(value, spec.name)) for spec in fields(value))
    if isinstance(value, Decimal):
        return _decimal(value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > EXACT_INT:
        raise _NotExact(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict) or hasattr(value, "items"):
        return _object(value.items())
    if isinstance(value, tuple | list):
        return list(_object(enumerate(value)).values())
    return value


def _object(items: Iterable[tuple[object, Any]]) -> dict[Any, Any]:
    plain = {}
    for key, item in items:
        try:
            plain[key] = _plain(item)
        except _NotExact as exc:  # say where, from the inside out
            exc.path.insert(0, str(key))
            raise
    return plain


def _decimal(value: Decimal) -> int | float:
    """Return the JSON number of `value` (an int without cents, else a float), or _NotExact."""
    if not value.is_finite():
        raise _NotExact(value)
    number = float(value)  # a Decimal too large for a double becomes inf, never an error
    if Decimal(repr(number)) != value:
        raise _NotExact(value)
    return int(number) if number.is_integer() else number
