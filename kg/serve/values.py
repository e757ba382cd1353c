"""RDF terms as plain JSON values, and rows of them as JSON text that keeps decimals exact.

    plain_value(term)      -> None, bool, int, Decimal, float or str: what a program reads
    json_rows(columns, rows, **members) -> the JSON text of an object with the rows as objects

Numbers become numbers (xsd:integer and the types derived from it: int; xsd:decimal: Decimal,
written exactly as a JSON number; xsd:double and xsd:float: float), xsd:boolean a boolean,
dates and times their ISO 8601 text (the lexical form), IRIs their text, blank nodes `_:id`,
every other literal its text (a language tag is dropped). A literal whose text is not a value
of its datatype stays its text, and so do the doubles JSON cannot write (NaN, INF).

Written so that `kg query run --format json` can share it later (issue 22): it belongs beside
kg.sparql.output.
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


def json_rows(columns: Sequence[str], rows: Iterable[Sequence[object]], **members: Any) -> str:
    """Return `{"columns": [...], "rows": [{column: value}, ...], **members}` as JSON text.

    Each row is a sequence of terms (or None) in the order of `columns`; every column is in
    every row object (null when unbound). `members` (plain JSON values) come first.
    """
    keys = [json.dumps(column, ensure_ascii=False) for column in columns]
    lines = [
        "{"
        + ", ".join(
            f"{key}: {json_value(plain_value(term))}" for key, term in zip(keys, row, strict=True)
        )
        + "}"
        for row in rows
    ]
    head = "".join(
        f"{json.dumps(name)}: {json.dumps(value, ensure_ascii=False)}, "
        for name, value in members.items()
    )
    body = ",\n  ".join(lines)
    rows_text = f"[\n  {body}\n]" if lines else "[]"
    columns_text = json.dumps(list(columns), ensure_ascii=False)
    return f'{{{head}"columns": {columns_text}, "rows": {rows_text}}}\n'
