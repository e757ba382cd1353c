"""A message shows at most a line of any text: a quoted excerpt, another program's first line."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kg.excerpts import EXCERPT, first_line, quote


def test_a_short_text_is_its_repr() -> None:
    assert quote("€12 800") == "'€12 800'"
    assert quote("a\nb") == "'a\\nb'"


@given(st.text(max_size=5_000))
def test_any_text_is_quoted_on_one_line_of_bounded_length(text: str) -> None:
    shown = quote(text)
    assert len(shown) <= EXCERPT + 2 and "\n" not in shown
    assert shown == repr(text) or shown.endswith("…'") or shown.endswith('…"')


def test_a_long_text_is_cut_where_its_repr_fits() -> None:
    assert quote("9" * 5_000) == "'" + "9" * (EXCERPT - 1) + "…'"
    nbsp = quote("\u00a0" * 1_000)  # an NBSP's repr is one character, a NUL's four
    assert len(quote("\x00" * 1_000)) <= EXCERPT + 2 and len(nbsp) <= EXCERPT + 2


def test_the_first_line_that_is_not_blank_cut_short() -> None:
    assert first_line("\n   \n  error: x  \nmore") == "error: x"
    assert first_line("") == ""
    assert first_line("y" * 500, limit=10) == "y" * 9 + "…"
