"""Reading typed values out of the text of a record field.

Each reader takes the field's text (already trimmed) and returns a `Reading`: the typed value
and, when the reader had to guess, a `doubt` that becomes a warning. A text that cannot be read
raises `UnreadableValue`; the parser then keeps the raw text and warns.

    read_money        "€12 800", "1.500,00 €", "1500 e"       -> Decimal
    read_date         "01/06/2015"                            -> date
    read_count        "6kpl/st.", "54henkilö/person"          -> int
    read_isil         "Fi-Alavi", "FI KERVA"                   -> "FI-Alavi", "FI-KERVA"
    read_business_id  "Y-0101263-6", "FI 020 12566"           -> "0101263-6", "0201256-6"
    business_id_note  "0145626-1 (Forssan kaupunki)"           -> "Forssan kaupunki"
    read_email        "silja.rytkonen(a)hyvinkaa.fi"          -> "silja.rytkonen@hyvinkaa.fi"
    read_postal_code  "70101", "4510O"                         -> "70101", "45100" (with doubt)

A text of any length is read or refused in time linear in its length, and a message quotes
an excerpt of it (`quote`), never the whole: a value can be a line of a million characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Generic, TypeVar

from kg.errors import UnreadableValue
from kg.excerpts import quote

T = TypeVar("T")

# Every character a page may use as a space: NBSP, thin and narrow spaces, figure space, ...
SPACES = (
    " \t\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
)
_SPACE_RUN = re.compile(f"[{SPACES}]+")

BUSINESS_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)
# At most 15 significant digits: what a JSON reader that holds numbers as doubles gets back
# exactly (`kg parse` writes money and counts as JSON numbers). Money keeps two for the cents.
MONEY_DIGITS = 13
COUNT_DIGITS = 15


@dataclass(frozen=True)
class Reading(Generic[T]):
    """A value read from text, with `doubt` set when reading it took a guess."""

    value: T
    doubt: str | None = None


def collapse_spaces(text: str) -> str:
    """Return `text` with every run of any kind of space turned into one ASCII space, trimmed."""
    return _SPACE_RUN.sub(" ", text).strip()


_MONEY_BEFORE = r"(?:€|EUR) ?"
_MONEY_AFTER = r" ?(?:€|EUR|euroa|e)"
_MONEY = re.compile(
    rf"^(?P<before>{_MONEY_BEFORE})?"
    # Thousands in groups of three after a space or a full stop, or no separator at all.
    r"(?P<whole>\d{1,3}(?: \d{3})+|\d{1,3}(?:\.\d{3})+|\d+)"
    r"(?:,(?P<cents>\d{1,2}))?"
    rf"(?P<after>{_MONEY_AFTER})?$"
)
# A comma before three digits (thousands or cents?) or a full stop before one or two (cents
# or a slip?): such a text is refused with its own message rather than guessed.
_AMBIGUOUS_MONEY = re.compile(
    rf"^(?:{_MONEY_BEFORE})?(?:\d{{1,3}}(?: \d{{3}})+|\d+)"
    rf"(?P<comma>(?:,\d{{3}})+)?(?(comma)|\.\d{{1,2}})(?:{_MONEY_AFTER})?$"
)


def read_money(text: str) -> Reading[Decimal]:
    """Read an amount in euros such as `€12 800`, `1.500,00 €`, `1500 e` or `20 000 euroa`.

    Thousands are grouped by threes with any space or a full stop, cents follow a comma, and
    `€` or `EUR` may come before the number or `€`, `EUR`, `e` or `euroa` after it (not both).
    At most `MONEY_DIGITS` digits before the cents: a longer run of digits is no amount.
    """
    compact = collapse_spaces(text)
    match = _MONEY.match(compact)
    if match is None or (match["before"] and match["after"]):
        if _AMBIGUOUS_MONEY.match(compact):
            raise UnreadableValue(
                f"amount {quote(text)} is ambiguous: a comma before three digits or a full stop "
                "before one or two could mark thousands or cents; write it as '€1 500' or '€1,50'"
            )
        raise UnreadableValue(f"expected an amount in euros such as '€12 800', found {quote(text)}")
    digits = match["whole"].replace(" ", "").replace(".", "")
    if len(digits) > MONEY_DIGITS:
        raise UnreadableValue(
            f"expected an amount in euros of at most {MONEY_DIGITS} digits, found "
            f"{len(digits):,} digits in {quote(text)}"
        )
    cents = match["cents"]
    return Reading(Decimal(digits + (f".{cents}" if cents else "")))


_DATE = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")


def read_date(text: str) -> Reading[date]:
    """Read a date written day/month/year, as `01/06/2015` (or `1.6.2015`)."""
    match = _DATE.match(collapse_spaces(text))
    if not match:
        raise UnreadableValue(f"expected a date as dd/mm/yyyy, found {quote(text)}")
    day, month, year = (int(part) for part in match.groups())
    try:
        return Reading(date(year, month, day))
    except ValueError as exc:
        raise UnreadableValue(f"{quote(text)} is not a date in the calendar ({exc})") from None


_COUNT = re.compile(
    rf"^(\d{{1,{COUNT_DIGITS}}}) ?(?:kpl/st\.?|kpl|st\.?|henkilö/person|henkilö|person)?$"
)


def read_count(text: str) -> Reading[int]:
    """Read a count such as `6kpl/st.` or `54henkilö/person` (at most `COUNT_DIGITS` digits)."""
    match = _COUNT.match(collapse_spaces(text))
    if not match:
        raise UnreadableValue(
            f"expected a count such as '6kpl/st.' (at most {COUNT_DIGITS} digits), "
            f"found {quote(text)}"
        )
    return Reading(int(match.group(1)))


_ISIL_WITH_PREFIX = re.compile(r"^[Ff][Ii](?: ?[-–] ?| )(\S+)$")
_ISIL_UNIT = re.compile(r"^[A-Za-z0-9:/\-]{1,11}$")


def read_isil(text: str) -> Reading[str]:
    """Read an ISIL, keeping the registry's spelling of the unit part.

    The country prefix is written `FI-` (so `Fi-Alavi` and `FI KERVA` become `FI-Alavi` and
    `FI-KERVA`); a bare unit such as `Hanka` gets `FI-` with a doubt.
    """
    compact = collapse_spaces(text)
    match = _ISIL_WITH_PREFIX.match(compact)
    if match and _ISIL_UNIT.match(match.group(1)):
        return Reading(f"FI-{match.group(1)}")
    bare_prefix = re.fullmatch(r"[Ff][Ii] ?[-–]?", compact)
    if not match and _ISIL_UNIT.match(compact) and not compact.isdigit() and not bare_prefix:
        return Reading(
            f"FI-{compact}",
            doubt=f"ISIL {quote(text)} has no country prefix; read as FI-{compact}",
        )
    raise UnreadableValue(f"expected an ISIL such as 'FI-Km', found {quote(text)}")


def business_id_check_digit(first_seven: str) -> int | None:
    """Return the check digit of a Finnish business ID's first seven digits (None: no valid one)."""
    remainder = sum(int(d) * w for d, w in zip(first_seven, BUSINESS_ID_WEIGHTS, strict=True)) % 11
    if remainder == 0:
        return 0
    if remainder == 1:
        return None
    return 11 - remainder


def is_valid_business_id(business_id: str) -> bool:
    """Tell whether `business_id` is `NNNNNNN-N` with the right check digit."""
    if not re.fullmatch(r"\d{7}-\d", business_id):
        return False
    return business_id_check_digit(business_id[:7]) == int(business_id[8])


_BUSINESS_ID_PREFIX = re.compile(r"^(?:y-tunnus|fo-nummer|y|fi)(?=[ :\-\d])[ :\-]*", re.IGNORECASE)
_BUSINESS_ID_NOTE = re.compile(r"^(.*?\d)\s*\(([^()]*)\)$")


def read_business_id(text: str) -> Reading[str]:
    """Read a Finnish business ID (Y-tunnus, FO-nummer) into the form `NNNNNNN-N`.

    Prefixes (`Y-`, `Y-tunnus`, the VAT prefix `FI`), spaces and dashes of any kind are
    dropped and a trailing note in parentheses is ignored. The check digit is not judged here:
    that is the validator's job.
    """
    compact = collapse_spaces(text)
    note = _BUSINESS_ID_NOTE.match(compact)
    if note:
        compact = note.group(1)
    digits = re.sub(r"[ \-–—‐]", "", _BUSINESS_ID_PREFIX.sub("", compact))
    if re.fullmatch(r"\d{8}", digits):
        return Reading(f"{digits[:7]}-{digits[7]}")
    # A leading zero too many is a common slip; accept that reading only when its check digit
    # holds. (A digit too few could be missing anywhere, so no such guess is made.)
    if re.fullmatch(r"0\d{8}", digits) and is_valid_business_id(f"{digits[1:8]}-{digits[8]}"):
        fixed = f"{digits[1:8]}-{digits[8]}"
        doubt = f"business ID {quote(text)} has nine digits; read as {fixed}"
        return Reading(fixed, doubt=doubt)
    raise UnreadableValue(f"expected a business ID such as '0101263-6', found {quote(text)}")


def business_id_note(text: str) -> str | None:
    """Return the name written in parentheses after a business ID, if it is a name.

    `0145626-1 (Forssan kaupunki)` -> `Forssan kaupunki`: the legal body the ID registers. A
    note without letters (`(2)`), or one that is not at the end, gives None.
    """
    note = _BUSINESS_ID_NOTE.match(collapse_spaces(text))
    if note is None:
        return None
    name = note.group(2).strip()
    return name if re.search(r"[^\W\d_]", name) else None


_WHITESPACE = re.compile(r"\s")


def _is_address(text: str) -> bool:
    r"""Tell whether `text` is `local@domain.tld`: one @, no space, a dot inside the domain.

    (The regular expression `^[^@\s]+@[^@\s]+\.[^@\s]+$` says the same, but backtracks
    over the domain once for each dot in it: the square of the length of a line of dots.)
    """
    local, at, domain = text.partition("@")
    return bool(
        at and local and "@" not in domain and "." in domain[1:-1] and not _WHITESPACE.search(text)
    )


def read_email(text: str) -> Reading[str]:
    """Read an e-mail address: `(a)` and `(at)` stand for @, stray spaces inside are dropped.

    A value holding several addresses (`a@x.fi / b@x.fi`) is kept as written, trimmed.
    """
    compact = collapse_spaces(text)
    compact = re.sub(r" ?\((?:a|at)\) ?", "@", compact, flags=re.IGNORECASE)
    joined = compact.replace(" ", "")
    if _is_address(joined):
        return Reading(joined)
    parts = [part for part in re.split(r"[ ,;/]+", compact) if part]
    if len(parts) > 1 and all(_is_address(part) for part in parts):
        return Reading(compact)
    raise UnreadableValue(f"expected an e-mail address, found {quote(text)}")


def read_postal_code(text: str) -> Reading[str]:
    """Read a Finnish postal code (five digits); a letter O among digits is read as zero."""
    compact = collapse_spaces(text)
    if re.fullmatch(r"\d{5}", compact):
        return Reading(compact)
    zeroed = compact.replace("O", "0").replace("o", "0")
    if re.fullmatch(r"\d{5}", zeroed) and re.search(r"\d", compact):
        doubt = f"postal code {quote(text)} has a letter O; read as {zeroed}"
        return Reading(zeroed, doubt=doubt)
    if re.fullmatch(r"\d{4,6}", compact):
        return Reading(compact, doubt=f"postal code {quote(text)} does not have five digits")
    raise UnreadableValue(f"expected a postal code of five digits, found {quote(text)}")


def looks_like_postal_code(text: str) -> bool:
    """Tell whether a line is shaped like a postal code line (4-6 digits, maybe a letter O)."""
    return re.fullmatch(r"[\dOo]{4,6}", collapse_spaces(text)) is not None and any(
        ch.isdigit() for ch in text
    )


def render_money(amount: Decimal) -> str:
    """Write an amount the way the pages do: `€12 800` (cents, if any, after a comma)."""
    # Decimal's own format groups the digits: no int conversion, whatever the number of digits.
    whole, _, cents = f"{amount:,.2f}".partition(".")
    grouped = whole.replace(",", " ")
    return f"€{grouped}" if cents == "00" else f"€{grouped},{cents}"


def render_date(day: date) -> str:
    """Write a date the way the pages do: `01/06/2015`."""
    return day.strftime("%d/%m/%Y")


def render_count(count: int, unit: str) -> str:
    """Write a count the way the pages do: `6kpl/st.` (unit given by the field)."""
    return f"{count}{unit}"
