"""Comparing library names and municipality names across registries: a small, explainable score.

    fold(text)                  casefolded, diacritics removed (ä->a, ö->o, å->a, é->e)
    name_tokens(name)           the informative words of a name (generic words dropped)
    name_score(a, b)            0..1, how alike two library names are
    same_place(a, b)            whether two municipality names are the same
    is_organisation_name(name)  whether a name is a whole library organisation's

The score, in full:

1. Both names are folded (case and diacritics: sources disagree on "Pääkirjasto" and
   "Paakirjasto", and ISILs drop them) and split into words at anything not a letter or digit
   (so "kaupunginkirjasto-maakuntakirjasto" is two words).
2. Generic words are dropped (`GENERIC_WORDS`: kirjasto, kaupunginkirjasto, kunnankirjasto,
   pääkirjasto, stadsbibliotek, kommunbibliotek, ...). What is left names the library:
   "Kuopion kaupunginkirjasto" -> {kuopion}; "Kuopion pääkirjasto" -> {kuopion}.
3. Two words agree 1.0 when equal, else by their `difflib` ratio when that is at least 0.8
   (inflection: "kuopio"/"kuopion" 0.92), else 0.
4. The score is the mean, over the words of both names, of each word's best agreement with
   the other name's words. Identical word sets give 1.0, disjoint ones 0.0, and a name with one
   extra word loses in proportion ({kuopion} vs {kuopion, kirjastoauto}: 2/3).
5. When both names are nothing but generic words, the folded names are compared whole:
   1.0 if equal, else 0. When only one is, 0.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from typing import Final

_WORD = re.compile(r"[^\W_]+")

# Generic words of library names, folded. Finnish, Swedish, English.
GENERIC_WORDS: Final = frozenset(
    {
        # fi
        "kirjasto",
        "kirjastot",
        "kaupunginkirjasto",
        "kunnankirjasto",
        "paakirjasto",
        "maakuntakirjasto",
        "lahikirjasto",
        "aluekirjasto",
        "kirjastopalvelut",
        "kirjastotoimi",
        "kaupunginkirjastot",
        # sv
        "bibliotek",
        "biblioteket",
        "stadsbibliotek",
        "stadsbiblioteket",
        "kommunbibliotek",
        "kommunbiblioteket",
        "huvudbibliotek",
        "huvudbiblioteket",
        "landskapsbibliotek",
        # en
        "library",
        "libraries",
        "city",
        "municipal",
        "main",
        "public",
    }
)

# Words that make a name a whole library organisation's rather than one branch's.
ORGANISATION_WORDS: Final = frozenset(
    {
        "kaupunginkirjasto",
        "kunnankirjasto",
        "maakuntakirjasto",
        "kaupunginkirjastot",
        "kirjastotoimi",
        "kirjastopalvelut",
        "stadsbibliotek",
        "stadsbiblioteket",
        "kommunbibliotek",
        "kommunbiblioteket",
        "landskapsbibliotek",
    }
)

WORD_THRESHOLD: Final = 0.8


def fold(text: str) -> str:
    """Return `text` casefolded, without diacritics, its whitespace collapsed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.split())


def _words(name: str) -> list[str]:
    return _WORD.findall(fold(name))


def name_tokens(name: str) -> tuple[str, ...]:
    """Return the informative words of a library name, folded, in order, each once."""
    seen: dict[str, None] = {}
    for word in _words(name):
        if word not in GENERIC_WORDS:
            seen.setdefault(word)
    return tuple(seen)


def telling_words(name: str) -> list[str]:
    """Return the informative words of a name as written (not folded), in order."""
    return [
        word for word in _WORD.findall(" ".join(name.split())) if fold(word) not in GENERIC_WORDS
    ]


def _word_score(a: str, b: str) -> float:
    if a == b:
        return 1.0
    ratio = SequenceMatcher(None, a, b).ratio()
    return ratio if ratio >= WORD_THRESHOLD else 0.0


def name_score(a: str, b: str) -> float:
    """Return how alike two library names are, 0..1 (the module docstring has the rule)."""
    left, right = name_tokens(a), name_tokens(b)
    if not left and not right:
        return 1.0 if " ".join(_words(a)) == " ".join(_words(b)) and _words(a) else 0.0
    if not left or not right:
        return 0.0
    total = sum(max(_word_score(x, y) for y in right) for x in left)
    total += sum(max(_word_score(y, x) for x in left) for y in right)
    return round(total / (len(left) + len(right)), 4)


def same_place(a: str | None, b: str | None) -> bool:
    """Return whether two municipality names are the same (folded; hyphens as spaces)."""
    if not a or not b:
        return False
    return _place(a) == _place(b)


def _place(name: str) -> str:
    return " ".join(_words(name))


def same_name(a: str | None, b: str | None) -> bool:
    """Return whether two names are the same but for case and spacing (diacritics count)."""
    if a is None or b is None:
        return False
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def is_organisation_name(name: str) -> bool:
    """Return whether `name` names a library organisation ("Kuopion kaupunginkirjasto")."""
    return any(word in ORGANISATION_WORDS for word in _words(name))
