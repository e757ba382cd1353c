"""Library names: when two names are the same, and a branch named beside its library.

    name_key(name)      -> the form in which two names count as the same
    split_branch(name)  -> (library's name, branch's name) or None

A page may name the library with one of its branches, in either order and with any of a few
separators: "Espoon kaupunginkirjasto - Tapiolan kirjasto", "Seinäjoen kaupunginkirjasto
/Ylistaron kirjasto", "Pargas stadsbibliotek / Iniö och Utö bibliotek", "Porvoon
kaupunginkirjasto Uudenmaan maakuntakirjasto, Kevätkummun kirjasto", "Vallilan
kirjasto-Helsingin kaupunginkirjasto". The library is the part with the word of a library
system (kaupunginkirjasto, kunnankirjasto, stadsbibliotek...); the branch is another part
that ends in a library's word (kirjasto, bibliotek) and is not a role of the system's
("maakuntakirjasto", the regional library; "keskuskirjasto", the central library), in the
same language as the library's part (else it is the library's own name in the other
language: "Mustasaaren kunnankirjasto - Korsholms bibliotek"). So "Vaasan
kaupunginkirjasto-maakuntakirjasto" and "Helsingin kaupunginkirjasto - Yleisten kirjastojen
keskuskirjasto" name one library each, in its roles.
"""

from __future__ import annotations

import re
from functools import cache

from kg.records.values import collapse_spaces

# Words of a municipality's library system (a part naming one is the library, not a branch).
_SYSTEM_WORDS = (
    "kaupunginkirjasto",
    "kunnankirjasto",
    "seutukirjasto",
    "kaupunkikirjasto",
    "stadsbibliotek",
    "kommunbibliotek",
    "regionbibliotek",
    "city library",
    "municipal library",
)
# Roles of a library system that end in a library's word but name no branch.
_ROLE_WORDS = (
    "maakuntakirjasto",
    "keskuskirjasto",
    "aluekirjasto",
    "landskapsbibliotek",
    "centralbibliotek",
    "regional library",
    "central library",
)
_LIBRARY_ENDINGS = ("kirjasto", "bibliotek", "library")
# " - ", " – ", "/", ", " between parts; "-" right after a library's word ("kirjasto-Helsingin").
_SEPARATOR = re.compile(
    r"\s+[-–—]\s+|\s*/\s*|,\s+|(?<=kirjasto)[-–](?=\w)|(?<=bibliotek)[-–](?=\w)"
)
_DASH = re.compile(r"\s*[-–—‐]\s*")  # the dashes pages write


def name_key(name: str) -> str:
    """Return the form in which two names count as the same.

    Spaces collapsed, case folded, and a dash of any kind written the same with no space
    around it: "Porvoon kaupunginkirjasto – Uudenmaan maakuntakirjasto" is
    "Porvoon kaupunginkirjasto-Uudenmaan maakuntakirjasto".
    """
    return _DASH.sub("-", collapse_spaces(name)).casefold()


@cache  # a library's name recurs in every record of it
def split_branch(name: str) -> tuple[str, str] | None:
    """Return (the library system's name, the branch's name) when `name` names both, else None.

    The parts keep their spelling; the library's name is what remains when the branch is
    taken out ("Porvoon kaupunginkirjasto Uudenmaan maakuntakirjasto, Kevätkummun kirjasto"
    -> "Porvoon kaupunginkirjasto Uudenmaan maakuntakirjasto", "Kevätkummun kirjasto").
    """
    text = collapse_spaces(name)
    parts = [part.strip() for part in _SEPARATOR.split(text)]
    if len(parts) < 2 or not all(parts):
        return None
    systems = [part for part in parts if _names_system(part)]
    branches = [part for part in parts if not _names_system(part) and _names_branch(part)]
    if len(systems) != 1 or len(branches) != 1 or len(parts) != 2:
        return None
    if _language(systems[0]) != _language(branches[0]):
        return None  # the library's name in the other language: "... - Korsholms bibliotek"
    return systems[0], branches[0]


def _names_system(part: str) -> bool:
    folded = part.casefold()
    return any(word in folded for word in _SYSTEM_WORDS)


def _language(part: str) -> str:
    """Whether a name is a Finnish library's or a Swedish one's, by its library word."""
    return "sv" if "bibliotek" in part.casefold() else "fi"


def _names_branch(part: str) -> bool:
    folded = part.casefold()
    return folded.endswith(_LIBRARY_ENDINGS) and not folded.endswith(_ROLE_WORDS)
