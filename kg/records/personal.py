"""Whether a value is a person's: an e-mail address, a phone number, an image's credit.

    looks_personal(email)      "maija.meikalainen@kuopio.fi" -> True; "kirjasto@kuopio.fi" -> False
    shows_personal_email(text) whether a value holds a person's address, as the shapes see it
    email_key(text), phone_key(text)   the forms in which two e-mails (phones) are the same
    email_addresses(text)      "kirjasto@x.fi / maija.m@x.fi" -> ["kirjasto@x.fi", "maija.m@x.fi"]
    phone_numbers(text)        "06-4167251; 044-7541780" -> ["06-4167251", "044-7541780"]
    PhoneBook                  whose a number is: a contact person's own, or a library's
    Numbers(numbers).found_in(text)    whether a value holds one of the numbers, as the shapes see
    names_person(credit)       "Kuva: Matti Meikäläinen" -> True; "Kirjaston arkisto" -> False

The consolidation (a library's own e-mail and phone before a person's) and the open profile
(a person's left out) judge alike, from here. shapes/open_release.ttl holds the patterns named
in SHAPE_PATTERNS, so that the check on a release sees what the filter saw; a test keeps them
equal. They are XPath's regular expressions as well as Python's (SHACL's sh:pattern).
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable

from kg.records.partners import looks_like_person

# The shape of a person's address, and the words that make one an office's instead
# (kirjasto.kuopio@, city.library@): of the first address of a value, then of any later one
# ("kirjasto@kuopio.fi, maija.meikalainen@kuopio.fi").
_NAME_AT = r"[a-zåäöüéè]+(-[a-zåäöüéè]+)*\.[a-zåäöüéè]+(-[a-zåäöüéè]+)*@"
_OFFICE_WORDS = (
    r"(kirjasto|bibliote|library|kunta|kaupunki|kommun|stad|info|palvelu"
    r"|asiakas|toimisto|kansli|office)"
)
PERSONAL_EMAIL_PATTERN = r"^(mailto:)?" + _NAME_AT
OFFICE_EMAIL_PATTERN = r"^(mailto:)?[^@]*" + _OFFICE_WORDS
LATER_PERSONAL_EMAIL_PATTERN = r"[\s,;/](mailto:)?" + _NAME_AT
LATER_OFFICE_EMAIL_PATTERN = r"[\s,;/](mailto:)?[^@\s,;/]*" + _OFFICE_WORDS

# A contact person's field (kg:fieldPath of a kg:RawValue): its text as written is theirs.
CONTACT_FIELD_PATTERN = r"^contact\."

# A word that says who made the picture, then a name of two capitalised words ("Kuva: Matti
# Meikäläinen"), unless one of the two ends in a word of an organisation or an image source
# ("Kuva: Turun Kaupunginkirjasto", "Photo: Helsinki City Library", "Kuva: Creative Commons").
_MAKER_WORDS = (
    "kuva",
    "kuvaaja",
    "valokuva",
    "valokuvaaja",
    "piirros",
    "piirtäjä",
    "kuvitus",
    "kuvittaja",
    "foto",
    "fotograf",
    "bild",
    "photo",
    "photographer",
    "picture",
    "image",
    "illustration",
    "drawing",
)
_MAKER = "(" + "|".join(f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in _MAKER_WORDS) + ")"
_CAPITALISED = r"[A-ZÅÄÖ][a-zåäöéü]+(-[A-ZÅÄÖ][a-zåäöéü]+)?"
_SOURCE_WORDS = (
    "kirjasto",
    "kirjaston",
    "bibliotek",
    "library",
    "museo",
    "museum",
    "arkisto",
    "arkiv",
    "archive",
    "kaupunki",
    "kaupungin",
    "kunta",
    "kunnan",
    "city",
    "stad",
    "kommun",
    "opisto",
    "koulu",
    "skola",
    "school",
    "university",
    "seura",
    "yhdistys",
    "förening",
    "commons",
    "pixabay",
    "unsplash",
    "flickr",
    "wikimedia",
    "sanomat",
    "pankki",
    "media",
    "lab",
    "studio",
)
_CREDIT_START = r"(^|[^A-Za-zÅÄÖåäöÉéÜü])" + _MAKER + r"( by)?[ :.,/-]+"
CREDIT_PERSON_PATTERN = _CREDIT_START + _CAPITALISED + " +" + _CAPITALISED
CREDIT_ORGANISATION_PATTERN = (  # matched with the flag i
    _CREDIT_START + r"([^ ,;/]+ +)?[^ ,;/]*(" + "|".join(_SOURCE_WORDS) + r")([^a-zåäöéü]|$)"
)

SHAPE_PATTERNS = (
    "PERSONAL_EMAIL_PATTERN",
    "OFFICE_EMAIL_PATTERN",
    "LATER_PERSONAL_EMAIL_PATTERN",
    "LATER_OFFICE_EMAIL_PATTERN",
    "CONTACT_FIELD_PATTERN",
    "CREDIT_PERSON_PATTERN",
    "CREDIT_ORGANISATION_PATTERN",
)

# The least digits of a number that the check looks for inside other values (national form).
MIN_NUMBER_DIGITS = 5
_NUMBER_SEPARATORS = re.compile(r"\n|[,;/]|\s(?:ja|tai|sekä|och|eller|or|and)\s", re.IGNORECASE)
_CREDIT_PIECES = re.compile(r"[,;:/|()\[\]\"”“]|\.(?=\s|$)|\s[-–—]\s")
_NAME_WORD = re.compile(r"^[A-ZÅÄÖÜ][a-zåäöüéè]+(?:-[A-ZÅÄÖÜ][a-zåäöüéè]+)*$")


def looks_personal(email: str) -> bool:
    """Tell whether an e-mail address is shaped like a person's: `firstname.lastname@...`."""
    address = email.strip()
    return bool(
        re.search(PERSONAL_EMAIL_PATTERN, address, re.IGNORECASE)
        and not re.search(OFFICE_EMAIL_PATTERN, address, re.IGNORECASE)
    )


def shows_personal_email(text: str) -> bool:
    """Tell whether the open release's shapes see a person's address in a value, as written.

    The first address, or a later one, shaped like a person's and not like an office's.
    """
    return any(
        re.search(personal, text, re.IGNORECASE) and not re.search(office, text, re.IGNORECASE)
        for personal, office in (
            (PERSONAL_EMAIL_PATTERN, OFFICE_EMAIL_PATTERN),
            (LATER_PERSONAL_EMAIL_PATTERN, LATER_OFFICE_EMAIL_PATTERN),
        )
    )


def email_key(text: str) -> str:
    """Return the form in which two e-mail addresses count as the same."""
    return text.strip().lower().removeprefix("mailto:")


def phone_key(text: str) -> str:
    """Return the form in which two phone numbers count as the same: the national digits."""
    digits = re.sub(r"\D", "", text)
    return "0" + digits[3:] if digits.startswith("358") else digits


def email_addresses(text: str) -> list[str]:
    """Return the addresses of an e-mail field: "a@x.fi / b@x.fi" holds two."""
    return [part for part in re.split(r"[\s,;/]+", text) if part]


def phone_numbers(text: str) -> list[str]:
    """Return the numbers of a phone field, each as written ("vaihde 02 123 4500" is one).

    A line break, a comma, a semicolon, a slash or a word ("ja", "tai", "och", "or", ...)
    separates two numbers; a part without a digit is none.
    """
    parts = (part.strip() for part in _NUMBER_SEPARATORS.split(text))
    return [part for part in parts if any(char.isdigit() for char in part)]


def national_number(number: str) -> str:
    """Return a number's digits without the trunk prefix 0 or the country code 358.

    The form in which the open release's shapes look for a number inside another value.
    """
    return re.sub(r"^(358|0)", "", re.sub(r"\D", "", number))


class Numbers:
    """Phone numbers, found in any value whose digits hold one: as the shapes compare them.

    Only numbers of MIN_NUMBER_DIGITS national digits or more are looked for: a shorter one
    would be found by chance inside another number.
    """

    def __init__(self, numbers: Iterable[str]) -> None:
        found = (national_number(number) for number in numbers)
        self.nationals = frozenset(n for n in found if len(n) >= MIN_NUMBER_DIGITS)
        self.lengths = sorted({len(n) for n in self.nationals})

    def found_in(self, text: str) -> bool:
        """Tell whether the digits of `text` hold one of the numbers."""
        digits = re.sub(r"\D", "", text)
        return any(
            digits[start : start + length] in self.nationals
            for length in self.lengths
            for start in range(len(digits) - length + 1)
        )


def is_mobile(number: str) -> bool:
    """Tell whether a number is a Finnish mobile one (04x, 050): a person's device, not a line."""
    return phone_key(number).startswith(("04", "050"))


def _switchboard_of(key: str, own: str) -> bool:
    """Whether `key` is the switchboard of the exchange of `own`, a library's landline.

    As long, only the last two digits differ, and those are 00: how a Finnish organisation's
    main number is shaped (Forssa's 03 4141 5400 beside its 03 4141 5405). A staff member's
    direct line beside it (03 4141 5407) is not.
    """
    return (
        len(key) == len(own) >= 8
        and key[:-2] == own[:-2]
        and key.endswith("00")
        and not is_mobile(key)
        and not is_mobile(own)
    )


class PhoneBook:
    """Whose a phone number is, from what the records say: a contact person's own or a library's.

    A number a contact person gives (one of the numbers of their phone field, on any record)
    is the person's own, unless it is known as a library's:
    1. a record gives it as its library's phone (one of the numbers of that field), and that
       record's contact person does not give it (Tampere's 0400 985991 on two pages); or
    2. it is the switchboard of the library's own exchange: a landline as long as one the
       library has by rule 1, only the last two digits differ, and those are 00 (Forssa's
       contact person gives 03 4141 5400; the library's phone is 03 4141 5405). A staff
       member's direct line in the same exchange stays theirs; mobiles have no exchange.
    A number no contact person gives is nobody's own. Libraries are any hashable keys.
    """

    def __init__(self) -> None:
        self.persons: set[str] = set()  # phone keys
        self.known: set[str] = set()  # rule 1, of any library
        self.own: dict[Hashable, set[str]] = {}  # rule 1, by library

    def add_record(
        self, library: Hashable | None, library_phones: Iterable[str], contact_phones: Iterable[str]
    ) -> None:
        """Note what one record says: its library's phone fields and its contact person's."""
        contact = {phone_key(number) for text in contact_phones for number in phone_numbers(text)}
        self.persons |= contact
        for text in library_phones:
            for number in phone_numbers(text):
                key = phone_key(number)
                if key not in contact:
                    self.known.add(key)
                    if library is not None:
                        self.own.setdefault(library, set()).add(key)

    def is_library(self, number: str, library: Hashable | None) -> bool:
        """Tell whether `number` is known as a library's, for `library` (rules 1 and 2)."""
        return phone_key(number) in self.known or self.is_own(number, library)

    def is_own(self, number: str, library: Hashable | None) -> bool:
        """Tell whether `number` is `library`'s own: a record gives it so, or its switchboard."""
        key = phone_key(number)
        return any(key == own or _switchboard_of(key, own) for own in self.own.get(library, ()))

    def is_persons(self, number: str, library: Hashable | None) -> bool:
        """Tell whether `number`, given by or for `library`, is a contact person's own."""
        return phone_key(number) in self.persons and not self.is_library(number, library)


def names_person(credit: str) -> bool:
    """Tell whether an image's credit names a person: "Kuva: Matti Meikäläinen", "Minka Heino".

    It does when
    1. a word that says who made the picture ("kuva", "kuvaaja", "piirros", "foto", "photo",
       ...) is followed by a name of two capitalised words, neither ending in a word of an
       organisation or an image source (the patterns the shapes share); or
    2. a part of it (between its punctuation) holds a name shaped like a person's, as
       `kg.records.partners` tells partners: two or three capitalised words in a row, none of them
       an
       organisation's word (theirs, or one of an image source: "Creative Commons"), a word
       that says who made the picture ending the row ("Foto Jouni Malmborg").
    Where a name could be a person's or an organisation's, the person: "Susanna Saari",
    "Kirjastoautonkuljettaja Antti Liimataisen kuva", but not "Kirjaston arkisto".
    """
    if re.search(CREDIT_PERSON_PATTERN, credit) and not re.search(
        CREDIT_ORGANISATION_PATTERN, credit, re.IGNORECASE
    ):
        return True
    return any(_names_person(piece.split()) for piece in _CREDIT_PIECES.split(credit))


def _names_person(words: list[str]) -> bool:
    """Whether a run of capitalised words among `words` is shaped like a person's name."""
    run: list[str] = []
    for word in [*words, ""]:
        if _NAME_WORD.match(word) and word.lower() not in _MAKER_WORDS:
            run.append(word)
            continue
        if 2 <= len(run) <= 3 and _person_shaped(run):
            return True
        run = []
    return False


def _person_shaped(words: list[str]) -> bool:
    return looks_like_person(" ".join(words)) and not any(
        word.casefold().endswith(_SOURCE_WORDS) for word in words
    )
