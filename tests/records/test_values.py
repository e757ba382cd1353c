"""Unit tests of kg.records.values: reading typed values out of the text of one field."""

import re
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kg.records.values import (
    MONEY_DIGITS,
    UnreadableValue,
    business_id_check_digit,
    collapse_spaces,
    is_valid_business_id,
    read_business_id,
    read_count,
    read_date,
    read_email,
    read_isil,
    read_money,
    read_postal_code,
    render_count,
    render_date,
    render_money,
)

# -- money -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("€12 800", Decimal("12800")),  # ASCII space, as on the pages
        ("€12\u00a0800", Decimal("12800")),  # NBSP
        ("€12\u2009800", Decimal("12800")),  # thin space
        ("€12\u202f800", Decimal("12800")),  # narrow NBSP
        ("€1 234 567", Decimal("1234567")),
        ("€460", Decimal("460")),
        ("€0", Decimal("0")),
        ("12 800 €", Decimal("12800")),  # euro sign after the number, as in free text
        ("€12,5", Decimal("12.5")),
        ("€12 800,75", Decimal("12800.75")),
        # issue 19: the other ways an amount is written (free text of the records: `1350 €`,
        # `20 000 euroa`, `yht. 2801 e`; press releases: `497 000 EUR`; dots in other pages)
        ("€1.500,00", Decimal("1500")),
        ("1 500,00 €", Decimal("1500")),
        ("1\u00a0500,00\u00a0€", Decimal("1500")),
        ("1500 e", Decimal("1500")),
        ("2801 e", Decimal("2801")),
        ("1350 €", Decimal("1350")),
        ("20 000 euroa", Decimal("20000")),
        ("497 000 EUR", Decimal("497000")),
        ("EUR 12 800", Decimal("12800")),
        ("€ 12 800", Decimal("12800")),
        ("1.500", Decimal("1500")),
        ("12.800,50", Decimal("12800.50")),
        ("1.234.567", Decimal("1234567")),
        ("€1234567,5", Decimal("1234567.5")),
    ],
)
def test_read_money(text, amount):
    reading = read_money(text)
    assert reading.value == amount
    assert reading.doubt is None


@pytest.mark.parametrize(
    "text",
    [
        "€12,8OO",  # letter O instead of zero
        "€7,5OO",
        "",
        "€",  # a euro sign alone
        "euroa",
        "€12 80",  # a group of two digits
        "12 80",
        "€12 800 €",  # euro sign on both sides
        "EUR 12 800 e",
        "noin 5000 euroa",
        "€1 500 €2 000",  # two amounts in one field
        "1 500 € / 2 000 €",
        "40 000 €/Orimattilan kaupunki",
        "1.5000",  # a group of four digits after a full stop
        "12.80.000",
        "1.234 567",  # two kinds of thousands separator
        "1 500,",
    ],
)
def test_read_money_unreadable(text):
    with pytest.raises(UnreadableValue, match="expected an amount"):
        read_money(text)


@pytest.mark.parametrize(
    "text",
    [
        "1.5",  # a full stop before one or two digits: cents, or a slip?
        "1.50",
        "€1.50",
        "1 500.50 €",
        "1,500",  # a comma before three digits: thousands, or cents?
        "€1,500",
        "1,500,000 EUR",
        "1 500,505",
    ],
)
def test_read_money_refuses_ambiguous_separators(text):
    with pytest.raises(UnreadableValue, match=f"{re.escape(repr(text))} is ambiguous"):
        read_money(text)


def test_read_money_quotes_an_excerpt_of_an_ambiguous_text():
    with pytest.raises(UnreadableValue, match="ambiguous") as caught:
        read_money("1" * 5000 + ".5")
    assert len(str(caught.value)) < MESSAGE_LIMIT


_SPACE_KINDS = st.sampled_from([" ", "\u00a0", "\u2009", "\u202f"])


@st.composite
def _written_amounts(draw: st.DrawFn) -> tuple[str, Decimal]:
    """An amount of up to `MONEY_DIGITS` digits and 0-2 cents, written in one accepted style."""
    whole = draw(st.integers(0, 10**MONEY_DIGITS - 1))
    cents = draw(st.sampled_from(["", "5", "05", "50", "99"]))
    separator = draw(st.sampled_from(["", "."]) | _SPACE_KINDS)
    grouped = f"{whole:,}".replace(",", separator)
    number = grouped + (f",{cents}" if cents else "")
    space = draw(st.just("") | _SPACE_KINDS)
    before = draw(st.sampled_from(["", "€", "EUR"]))
    after = "" if before else draw(st.sampled_from(["", "€", "EUR", "e", "euroa"]))
    text = (before + space if before else "") + number + (space + after if after else "")
    return text, Decimal(f"{whole}.{cents or '0'}")


@given(_written_amounts())
def test_an_amount_written_in_any_accepted_style_reads_back_to_itself(written):
    text, amount = written
    assert read_money(text).value == amount


@pytest.mark.parametrize(
    ("amount", "written"),
    [
        (Decimal("12800"), "€12 800"),
        (Decimal("12.5"), "€12,50"),
        (Decimal("0"), "€0"),
        (Decimal("460"), "€460"),
        (Decimal("1234567"), "€1 234 567"),
    ],
)
def test_render_money(amount, written):
    assert render_money(amount) == written


# -- dates and counts ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("01/06/2015", date(2015, 6, 1)),
        ("31/12/2016", date(2016, 12, 31)),
        ("29/02/2016", date(2016, 2, 29)),
        ("1.6.2015", date(2015, 6, 1)),
    ],
)
def test_read_date(text, day):
    assert read_date(text).value == day


@pytest.mark.parametrize("text", ["31/02/2018", "01/13/2015", "2015-06-01", "01/06/15", ""])
def test_read_date_unreadable(text):
    with pytest.raises(UnreadableValue):
        read_date(text)


def test_render_date():
    assert render_date(date(2015, 6, 1)) == "01/06/2015"


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("6kpl/st.", 6),
        ("0kpl/st.", 0),
        ("54henkilö/person", 54),
        ("200henkilö/person", 200),
    ],
)
def test_read_count(text, count):
    assert read_count(text).value == count


@pytest.mark.parametrize("text", ["kuusi", "6 kertaa", "-3kpl/st.", ""])
def test_read_count_unreadable(text):
    with pytest.raises(UnreadableValue):
        read_count(text)


def test_render_count():
    assert render_count(6, "kpl/st.") == "6kpl/st."


# -- ISIL ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "isil"),
    [
        ("FI-Km", "FI-Km"),
        ("Fi-Alavi", "FI-Alavi"),
        ("FI KERVA", "FI-KERVA"),
        ("FI-Raiki-PK", "FI-Raiki-PK"),
        ("FI-kemma", "FI-kemma"),  # the unit keeps the registry's spelling
        ("FI-LEPPA", "FI-LEPPA"),
    ],
)
def test_read_isil(text, isil):
    reading = read_isil(text)
    assert reading.value == isil
    assert reading.doubt is None


def test_read_isil_without_prefix_is_a_guess():
    reading = read_isil("Hanka")
    assert reading.value == "FI-Hanka"
    assert reading.doubt is not None


@pytest.mark.parametrize("text", ["", "12345", "Kuopion kirjasto"])
def test_read_isil_unreadable(text):
    with pytest.raises(UnreadableValue):
        read_isil(text)


@pytest.mark.parametrize("text", ["FI-", "Fi-"])
def test_read_isil_prefix_without_unit_is_unreadable(text):
    # Regression: a bare prefix was once taken for a unit without a prefix ("FI-FI-").
    with pytest.raises(UnreadableValue):
        read_isil(text)


# -- business ID ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "business_id"),
    [
        ("0171450-7", "0171450-7"),
        ("Y-0101263-6", "0101263-6"),
        ("Y 0131661-3", "0131661-3"),
        ("FI0179377-8", "0179377-8"),
        ("FI 020 12566", "0201256-6"),
        ("0204819 – 8", "0204819-8"),  # en dash with spaces
        ("0158 766-7", "0158766-7"),
        ("01899257", "0189925-7"),
        ("Y-tunnus 1978283-1", "1978283-1"),
        ("0145626-1 (Forssan kaupunki)", "0145626-1"),
        ("0171450-8", "0171450-8"),  # a wrong check digit is the validator's business
    ],
)
def test_read_business_id(text, business_id):
    reading = read_business_id(text)
    assert reading.value == business_id
    assert reading.doubt is None


def test_read_business_id_nine_digits_with_valid_check_digit_is_a_guess():
    reading = read_business_id("00162193-3")
    assert reading.value == "0162193-3"
    assert reading.doubt is not None


@pytest.mark.parametrize(
    "text",
    [
        "Y 019557-3",  # seven digits: a digit is missing somewhere
        "00162193-4",  # nine digits, and dropping the leading zero gives a wrong check digit
        "",
        "ei tiedossa",
    ],
)
def test_read_business_id_unreadable(text):
    with pytest.raises(UnreadableValue):
        read_business_id(text)


@pytest.mark.parametrize(
    ("first_seven", "check_digit"),
    [
        # 0*7 + 1*9 + 0*10 + 1*5 + 2*8 + 6*4 + 3*2 = 60; 60 % 11 = 5; 11 - 5 = 6
        ("0101263", 6),
        # 2*7 + 2*9 + 3*10 + 3*5 + 4*8 + 4*4 + 5*2 = 135; 135 % 11 = 3; 11 - 3 = 8
        ("2233445", 8),
        # 1*7 + 0*9 + 6*10 + 8*5 + 3*8 + 2*4 + 2*2 = 143; 143 % 11 = 0 -> 0
        ("1068322", 0),
        # 0*7 + 0*9 + 0*10 + 0*5 + 0*8 + 0*4 + 6*2 = 12; 12 % 11 = 1 -> no valid ID
        ("0000006", None),
        # 1*7 + 0*9 + 0*10 + 1*5 + 0*8 + 0*4 + 0*2 = 12; 12 % 11 = 1 -> no valid ID
        ("1001000", None),
    ],
)
def test_business_id_check_digit(first_seven, check_digit):
    assert business_id_check_digit(first_seven) == check_digit


@pytest.mark.parametrize(
    ("business_id", "valid"),
    [
        ("0101263-6", True),
        ("1068322-0", True),
        ("0101263-5", False),
        ("1001000-0", False),  # remainder 1: no check digit makes it valid
        ("1001000-1", False),
        ("0101263", False),
        ("Y-0101263-6", False),
    ],
)
def test_is_valid_business_id(business_id, valid):
    assert is_valid_business_id(business_id) is valid


# -- e-mail and postal code ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "email"),
    [
        ("x(a)y.fi", "x@y.fi"),
        ("silja.rantala(at)korpela.fi", "silja.rantala@korpela.fi"),
        ("kirjasto. palaute@vaasa.fi", "kirjasto.palaute@vaasa.fi"),
        ("Liisa.Maki@korpela.fi", "Liisa.Maki@korpela.fi"),
        ("a@korpela.fi / b@korpela.fi", "a@korpela.fi / b@korpela.fi"),  # kept as written
    ],
)
def test_read_email(text, email):
    assert read_email(text).value == email


@pytest.mark.parametrize("text", ["", "kirjasto", "ei sähköpostia"])
def test_read_email_unreadable(text):
    with pytest.raises(UnreadableValue):
        read_email(text)


@pytest.mark.parametrize(
    ("text", "code", "doubtful"),
    [
        ("70101", "70101", False),
        ("4510O", "45100", True),
        ("501001", "501001", True),
        ("060101", "060101", True),
    ],
)
def test_read_postal_code(text, code, doubtful):
    reading = read_postal_code(text)
    assert reading.value == code
    assert (reading.doubt is not None) is doubtful


@pytest.mark.parametrize("text", ["", "OOOOO", "Kuopio", "123"])
def test_read_postal_code_unreadable(text):
    with pytest.raises(UnreadableValue):
        read_postal_code(text)


# -- spaces --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "collapsed"),
    [
        ("Kuvaus :\u00a0", "Kuvaus :"),
        ("Vuoden 2016\u00a0AVI-hanke\u00a0\u00a0\u00a0(x)", "Vuoden 2016 AVI-hanke (x)"),
        ("\t a\u2009\u202f b ", "a b"),
        ("\u00a0", ""),
    ],
)
def test_collapse_spaces(text, collapsed):
    assert collapse_spaces(text) == collapsed


# -- any text of any length (issue 18) -----------------------------------------------------

# Each reader, with what the parser does with its value: render it as the page would write it.
READERS = {
    "money": (read_money, render_money),
    "date": (read_date, render_date),
    "count": (read_count, lambda count: render_count(count, "kpl/st.")),
    "isil": (read_isil, str),
    "business_id": (read_business_id, str),
    "email": (read_email, str),
    "postal_code": (read_postal_code, str),
}
MESSAGE_LIMIT = 300  # a message quotes an excerpt of the text, never the whole
HEADS = ["", "€", "€ ", "FI-", "Y-", "Y-tunnus ", "a@b", "01/01/", "1", "12 "]
TAILS = ["", "kpl/st.", "henkilö/person", " €", ",50", "/2015", ".fi", "@x", " (Kunta)", "x"]
RUNS = [*"0123456789 \u00a0-–(),.:/@€Oox", "\u0663", "\uff15", "12 ", "1 234 ", "x@", "(a)"]


def _run_texts() -> st.SearchStrategy[str]:
    """A head, a run of one piece repeated up to 20,000 times, and a tail."""
    return st.builds(
        lambda head, piece, times, tail: head + piece * times + tail,
        st.sampled_from(HEADS) | st.text(max_size=12),
        st.sampled_from(RUNS),
        st.integers(0, 20_000),
        st.sampled_from(TAILS) | st.text(max_size=12),
    )


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(READERS)), _run_texts() | st.text())
@example("money", "€" + "9" * 5000)
@example("money", "9" * 5000 + ",50")
@example("count", "9" * 5000 + "kpl/st.")
@example("count", "9" * 5000)
@example("email", "a@" + "." * 20_000 + "@")
@example("business_id", "0" + "-" * 20_000 + "01622933")
def test_every_reader_reads_or_refuses_any_text(kind, text):
    reader, render = READERS[kind]
    try:
        reading = reader(text)
    except UnreadableValue as exc:
        assert len(str(exc)) < MESSAGE_LIMIT
        return
    render(reading.value)
    assert reading.doubt is None or len(reading.doubt) < MESSAGE_LIMIT
    if isinstance(reading.value, Decimal):  # written as a JSON number and read back exactly
        assert Decimal(repr(float(reading.value))) == reading.value


@pytest.mark.parametrize(
    ("reader", "text"),
    [(read_money, "€" + "9" * 14), (read_money, "€99 999 999 999 999"), (read_count, "9" * 16)],
)
def test_money_and_counts_have_a_bounded_number_of_digits(reader, text):
    with pytest.raises(UnreadableValue, match="at most"):
        reader(text)


def test_render_money_writes_any_number_of_digits():
    assert render_money(Decimal("9" * 5000)) == "€" + " ".join(["99"] + ["999"] * (4998 // 3))
