"""Terms as plain JSON values: numbers as numbers, booleans as booleans, dates as ISO text."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from pyoxigraph import BlankNode, Literal, NamedNode

from kg.sparql.values import json_boolean, json_lines, json_rows, plain_value
from kg.vocab import XSD


def typed(text: str, name: str) -> Literal:
    return Literal(text, datatype=NamedNode(XSD.iri + name))


@pytest.mark.parametrize(
    ("term", "value"),
    [
        (None, None),
        (NamedNode("https://example.org/x"), "https://example.org/x"),
        (BlankNode("b1"), "_:b1"),
        (Literal("kirjasto", language="fi"), "kirjasto"),
        (Literal("plain"), "plain"),
        (typed("42", "integer"), 42),
        (typed("-7", "int"), -7),
        (typed("007", "nonNegativeInteger"), 7),
        (typed("12800.50", "decimal"), Decimal("12800.50")),
        (typed(".5", "decimal"), Decimal("0.5")),
        (typed("1.5E3", "double"), 1500.0),
        (typed("NaN", "double"), "NaN"),
        (typed("true", "boolean"), True),
        (typed("0", "boolean"), False),
        (typed("2017-06-01", "date"), "2017-06-01"),
        (typed("2017", "gYear"), "2017"),
        (typed("2017-06-01T12:00:00Z", "dateTime"), "2017-06-01T12:00:00Z"),
        (typed("twelve", "integer"), "twelve"),
        (typed("1,5", "decimal"), "1,5"),
        (typed("INF", "float"), "INF"),
        (typed("1e999", "double"), "1e999"),
        (typed("yes", "boolean"), "yes"),
    ],
)
def test_each_term_becomes_its_plain_value(term: object, value: object) -> None:
    found = plain_value(term)
    assert found == value
    assert type(found) is type(value)


def test_rows_are_json_objects_with_exact_decimals() -> None:
    big = "123456789012345678.123456789012345678"  # more digits than a float holds
    text = json_rows(
        ["n", "amount", "name", "missing"],
        [(typed("3", "integer"), typed(big, "decimal"), Literal('Å "x"'), None)],
        query="q",
        truncated=False,
    )
    document = json.loads(text, parse_float=Decimal)
    assert document == {
        "query": "q",
        "truncated": False,
        "columns": ["n", "amount", "name", "missing"],
        "rows": [{"n": 3, "amount": Decimal(big), "name": 'Å "x"', "missing": None}],
    }
    assert json.loads(json_rows(["a"], []))["rows"] == []


def test_a_decimal_stays_a_decimal_number_and_lines_hold_the_row_objects() -> None:
    rows = [(typed("12800", "decimal"), typed("2", "integer")), (None, typed("true", "boolean"))]
    text = json_lines(["amount", "n"], rows)
    assert text == '{"amount": 12800.0, "n": 2}\n{"amount": null, "n": true}\n'
    assert [json.loads(line) for line in text.splitlines()] == json.loads(
        json_rows(["amount", "n"], rows)
    )["rows"]
    assert json_lines(["a"], []) == ""
    assert json_boolean(False) == '{"boolean": false}\n'
