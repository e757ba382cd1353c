"""RDF terms as plain JSON values, and rows of them as JSON text that keeps decimals exact.

    plain_value(term)      -> None, bool, int, Decimal, float or str: what a program reads
    json_rows(columns, rows, **members) -> the JSON text of an object with the rows as objects
    json_lines(columns, rows)           -> JSON Lines text: one such row object a line
    json_boolean(value)                 -> the JSON text of an ASK answer: {"boolean": true}

Numbers become numbers (xsd:integer and the types derived from it: int; xsd:decimal: Decimal,
written exactly as a JSON number; xsd:double and xsd:float: float), xsd:boolean a boolean,
dates and times their ISO 8601 text (the lexical form), IRIs their text, blank nodes `_:id`,
every other literal its text (a language tag is dropped). A literal whose text is not a value
of its datatype stays its text, and so do the doubles JSON cannot write (NaN, INF).

`kg query run --format json` and the API of `kg serve` both write their rows with json_rows.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from kg.vocab import XSD

_XSD = XSD.iri
_INTEGERS = frozenset(
    _XSD + name
    for name in (
        "integer",
        "long",
        "int",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
)
_DECIMAL = _XSD + "decimal"
_FLOATS = frozenset((_XSD + "double", _XSD + "float"))
_BOOLEAN = _XSD + "boolean"
_INTEGER_TEXT = re.compile(r"[+-]?[0-9]+")
_DECIMAL_TEXT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_FLOAT_TEXT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")

Plain = None | bool | int | Decimal | float | str


def plain_value(term: object) -> Plain:
    """Return `term` (a pyoxigraph term or None) as the plain value a JSON reader expects."""
    if term is None:
        return None
    if isinstance(term, NamedNode):
        return term.value
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if isinstance(term, Literal):
        return _literal_value(term)
    if isinstance(term, Triple):
        return f"<< {term} >>"
    raise TypeError(f"not an RDF term: {type(term).__name__}")


def _literal_value(literal: Literal) -> Plain:
    text = literal.value
    datatype = literal.datatype.value
    if datatype in _INTEGERS and _INTEGER_TEXT.fullmatch(text):
        return int(text)
    if datatype == _DECIMAL and _DECIMAL_TEXT.fullmatch(text):
        try:
            return Decimal(text)
        except InvalidOperation:
            return text
    if datatype in _FLOATS and _FLOAT_TEXT.fullmatch(text):
        number = float(text)
        return number if math.isfinite(number) else text
    if datatype == _BOOLEAN and text in ("true", "false", "1", "0"):
        return text in ("true", "1")
    return text


def json_value(value: Plain) -> str:
    """Return the JSON text of one plain value; a Decimal as an exact JSON number."""
    if isinstance(value, Decimal):
        text = format(value, "f")
        if "." not in text:
            text += ".0"
        return text
    return json.dumps(value, ensure_ascii=False)


def _row_object(keys: Sequence[str], row: Sequence[object]) -> str:
    """Return one row as the text of a JSON object; `keys` are the columns' JSON strings."""
    pairs = (f"{key}: {json_value(plain_value(term))}" for key, term in zip(keys, row, strict=True))
    return "{" + ", ".join(pairs) + "}"


def _keys(columns: Sequence[str]) -> list[str]:
    return [json.dumps(column, ensure_ascii=False) for column in columns]


def json_rows(columns: Sequence[str], rows: Iterable[Sequence[object]], **members: Any) -> str:
    """Return `{**members, "columns": [...], "rows": [{column: value}, ...]}` as JSON text.

    Each row is a sequence of terms (or None) in the order of `columns`; every column is in
    every row object (null when unbound). `members` (plain JSON values) come first.
    """
    keys = _keys(columns)
    lines = [_row_object(keys, row) for row in rows]
    head = "".join(
        f"{json.dumps(name)}: {json.dumps(value, ensure_ascii=False)}, "
        for name, value in members.items()
    )
    body = ",\n  ".join(lines)
    rows_text = f"[\n  {body}\n]" if lines else "[]"
    columns_text = json.dumps(list(columns), ensure_ascii=False)
    return f'{{{head}"columns": {columns_text}, "rows": {rows_text}}}\n'


def json_lines(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """Return the rows as JSON Lines: one object a line, the row objects of json_rows."""
    keys = _keys(columns)
    return "".join(_row_object(keys, row) + "\n" for row in rows)


def json_boolean(value: bool) -> str:
    """Return an ASK answer as JSON text: `{"boolean": true}` or `{"boolean": false}`."""
    return json.dumps({"boolean": bool(value)}) + "\n"
