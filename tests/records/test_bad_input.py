"""Issue 18: a text of any length is read or refused in one short line, and parsing is linear.

A value too long for Python's int conversion once stopped the whole batch with a traceback;
a page of many lines took time growing with the square of their number.
"""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal

import pytest

import kg.records.parse as parse_module
from kg.errors import KgError
from kg.records import parse_text, record_to_json
from kg.records.parse import _Line
from tests.conftest import SEEDS

SEED = (SEEDS / "000_52e5d4c243421207.txt").read_text(encoding="utf-8")
HUGE = "9" * 5000
MESSAGE_LIMIT = 300  # a warning or error line quotes an excerpt, never the whole value


def _warning(record, path):
    return next(w for w in record.warnings if w.message.startswith(f"{path}:"))


def test_a_money_value_of_5000_digits_is_unreadable_and_the_page_is_read():
    text = SEED.replace("€12 800", "€" + HUGE, 1)
    record = parse_text(text, "seed.txt")
    assert record.application.requested is None
    assert record.raw["application.requested"] == "€" + HUGE  # nothing is lost
    message = _warning(record, "application.requested").message
    assert "expected an amount in euros" in message
    assert len(message) < MESSAGE_LIMIT
    assert record.application.own_funding == Decimal("3500")  # the rest is read as before
    json.dumps(record_to_json(record))


def test_a_count_of_5000_digits_is_unreadable_and_the_page_is_read():
    text = SEED.replace("6kpl/st.", HUGE + "kpl/st.", 1)
    record = parse_text(text, "seed.txt")
    assert record.statistics.events is None
    assert record.raw["statistics.events"] == HUGE + "kpl/st."
    message = _warning(record, "statistics.events").message
    assert "expected a count" in message
    assert len(message) < MESSAGE_LIMIT
    assert record.statistics.event_participants == 54
    json.dumps(record_to_json(record))


@pytest.mark.parametrize(
    ("written", "path", "tail"),
    [
        ("01/06/2015", "start_date", "x"),
        ("FI-Km", "library.isil", "x"),
        ("0171450-7", "library.business_id", "x"),
        ("kirjasto@kuopio.fi", "library.email", "@x"),
        ("€12 800", "application.requested", "x"),
        ("54henkilö/person", "statistics.event_participants", "x"),
    ],
)
def test_a_warning_quotes_an_excerpt_of_a_long_value(written, path, tail):
    text = SEED.replace(written, written + tail * 50_000, 1)
    message = _warning(parse_text(text, "seed.txt"), path).message
    assert len(message) < MESSAGE_LIMIT
    assert "…" in message


def test_an_unknown_funding_status_is_quoted_as_an_excerpt():
    header = SEED.split("\n")[1]
    text = SEED.replace(header, f"År 2015 RFV-ansökan ({'x' * 100_000})", 1)
    warnings = parse_text(text, "seed.txt").warnings
    message = next(w.message for w in warnings if "unknown funding status" in w.message)
    assert len(message) < MESSAGE_LIMIT


@pytest.mark.parametrize(
    "amount",
    [Decimal(HUGE), Decimal("0." + HUGE), Decimal("1E+5000"), Decimal("NaN"), Decimal("sNaN")],
)
def test_a_huge_decimal_is_written_as_json_or_refused_cleanly(amount):
    record = parse_text(SEED, "seed.txt")
    record = replace(record, application=replace(record.application, requested=amount))
    try:
        document = record_to_json(record)
    except KgError as error:
        assert "application.requested" in str(error) and len(str(error)) < MESSAGE_LIMIT
        return
    assert json.loads(json.dumps(document))["application"]["requested"] == amount


LOOK_AHEAD = 1  # the lines after the one being judged that deciding on it may read


def _lines_handed(argument: object) -> int:
    if isinstance(argument, _Line):
        return 1
    if isinstance(argument, list | tuple):
        return sum(_lines_handed(item) for item in argument)
    return 0


def test_200000_lines_are_segmented_looking_a_bounded_way_ahead(monkeypatch):
    """Each line is judged once, from itself and at most LOOK_AHEAD lines after it.

    Before, every line was handed the rest of the body (a copy of it), so the work grew with
    the square of the number of lines: 200,000 blank lines took 54 s.
    """
    blank_lines = 200_000
    text = SEED.replace("Projektet börjar : \n", "\n" * blank_lines + "Projektet börjar : \n", 1)
    judged = opener_calls(monkeypatch)
    record = parse_text(text, "long.txt")
    assert len(judged) == len(text.split("\n")) - 2  # every line under the header, once
    plain = parse_text(SEED, "seed.txt")
    assert record.start_date == plain.start_date
    assert record.sections == plain.sections
    assert record.granted == plain.granted


def opener_calls(monkeypatch) -> list[int]:
    """Watch parse._opener: the number of lines each call was handed (failing past the bound)."""
    original = parse_module._opener
    handed: list[int] = []

    def watched(*args: object, **kwargs: object) -> object:
        lines = sum(_lines_handed(argument) for argument in (*args, *kwargs.values()))
        assert lines <= 1 + LOOK_AHEAD, f"_opener was handed {lines} lines"
        handed.append(lines)
        return original(*args, **kwargs)

    monkeypatch.setattr(parse_module, "_opener", watched)
    return handed
