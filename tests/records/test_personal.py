"""Whether a value is a person's: e-mail addresses, phone numbers and image credits."""

from __future__ import annotations

import re

import pytest

from kg.records.personal import (
    Numbers,
    PhoneBook,
    email_addresses,
    looks_personal,
    names_person,
    phone_numbers,
    shows_personal_email,
)


@pytest.mark.parametrize(
    ("email", "personal"),
    [
        ("jaana.tyrni@espoo.fi", True),
        ("Maritta.Turunen@lohja.fi", True),
        ("ulla-maija.maunu@turku.fi", True),
        ("mailto:anita.ohtamaa@kalajoki.fi", True),
        ("kirjasto@kuopio.fi", False),
        ("vihdin.kunnankirjasto@vihti.fi", False),
        ("iisalmi.kirjasto@iisalmi.fi", False),
        ("city.library@hel.fi", False),
        ("paakirjasto@porvoo.fi", False),
    ],
)
def test_a_persons_address_is_told_from_an_offices(email: str, personal: bool) -> None:
    assert looks_personal(email) is personal


# -- fields that hold several values ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("03 4141 5400", ["03 4141 5400"]),
        ("(02) 262 0624", ["(02) 262 0624"]),
        ("+358 6 325 3533", ["+358 6 325 3533"]),
        ("06-4167251; 044-7541780", ["06-4167251", "044-7541780"]),  # real page 038
        ("08-4294267, 08-4294454", ["08-4294267", "08-4294454"]),  # real page 061
        ("02 123 4500\n040 765 4321", ["02 123 4500", "040 765 4321"]),
        ("vaihde 02 123 4500 / Maija 040 765 4321", ["vaihde 02 123 4500", "Maija 040 765 4321"]),
        ("02 123 4500 tai 040 765 4321", ["02 123 4500", "040 765 4321"]),
        ("ei puhelinta", []),
    ],
)
def test_a_phone_field_is_read_as_its_numbers(text: str, numbers: list[str]) -> None:
    assert phone_numbers(text) == numbers


def test_an_e_mail_field_is_read_as_its_addresses() -> None:
    assert email_addresses("kirjasto@kuopio.fi / liisa.rossi@kuopio.fi") == [
        "kirjasto@kuopio.fi",
        "liisa.rossi@kuopio.fi",
    ]
    assert email_addresses(" kirjasto@kuopio.fi ") == ["kirjasto@kuopio.fi"]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("liisa.rossi@kuopio.fi", True),
        ("kirjasto@kuopio.fi", False),
        ("kirjasto@kuopio.fi, liisa.rossi@kuopio.fi", True),  # a person's after an office's
        ("kirjasto@kuopio.fi / liisa.rossi@kuopio.fi", True),
        ("kirjasto@kuopio.fi; kirjasto.kuopio@kuopio.fi", False),  # two offices'
        ("info@kuopio.fi, city.library@hel.fi", False),
    ],
)
def test_the_shapes_see_a_persons_address_anywhere_in_a_value(value: str, shown: bool) -> None:
    assert shows_personal_email(value) is shown


def test_a_number_is_found_in_any_value_that_holds_it_digit_by_digit() -> None:
    numbers = Numbers(["040 765 4321", "+358 44 555 6677", "123"])
    assert numbers.found_in("02 123 4500, 040-7654321")
    assert numbers.found_in("+358407654321")
    assert numbers.found_in("(044) 555 66 77")
    assert not numbers.found_in("02 123 4500")  # "123" is too short to be looked for
    assert not numbers.found_in("040 765 4320")


# -- whose a number is --------------------------------------------------------------------------


def _book() -> PhoneBook:
    book = PhoneBook()
    # Forssa's page (034): the contact person gives a number of the library's own exchange.
    book.add_record("forssa", ["03 4141 5405"], ["03 4141 5400"])
    # A library phone that is its contact person's own mobile, and nobody else's library's.
    book.add_record("espoo", ["050 330 1762"], ["050 330 1762"])
    # A library's phone field of two numbers: the switchboard and the contact person's mobile.
    book.add_record("kaarina", ["02 588 4400, 050 373 2742"], ["050 373 2742"])
    # A number two pages give as the library's and a third as its contact person's.
    book.add_record("tampere", ["0400985991"], ["0408004659"])
    book.add_record("tampere", ["03 565 611"], ["0400 985991"])
    # A mobile beside the library's mobile is still the person's (mobiles have no exchange).
    book.add_record("kuopio", ["0447182314"], ["0447182360"])
    # A landline of another length than the library's is not of its exchange.
    book.add_record("helsinki", ["09-3108511"], ["09 310 85 402"])
    # A staff member's direct line in the library's exchange is theirs (real page 016).
    book.add_record("hyvinkaa", ["019 4592422"], ["019 4592427"])
    return book


@pytest.mark.parametrize(
    ("number", "library", "persons"),
    [
        ("03 4141 5400", "forssa", False),  # the switchboard the contact person gives
        ("03 4141 5405", "forssa", False),
        ("03 4141 5400", "kuopio", True),  # another library's exchange is not this one's
        ("050 330 1762", "espoo", True),
        ("050 373 2742", "kaarina", True),  # the person's mobile in the library's field
        ("02 588 4400", "kaarina", False),  # the switchboard beside it
        ("0400 985991", "tampere", False),  # another page gives it as the library's
        ("0447182360", "kuopio", True),
        ("09 310 85 402", "helsinki", True),
        ("019 4592427", "hyvinkaa", True),  # a direct line beside the library's number
        ("09 310 85 402", None, True),
        ("019 369 1477", "lohja", False),  # nobody's contact number: the library's
    ],
)
def test_a_contact_persons_number_is_theirs_unless_it_is_a_librarys(
    number: str, library: str | None, persons: bool
) -> None:
    assert _book().is_persons(number, library) is persons


def test_a_librarys_number_is_its_own_or_of_its_exchange() -> None:
    book = _book()
    assert book.is_library("03 4141 5400", "forssa")
    assert book.is_library("+358 3 4141 5400", "forssa")
    assert not book.is_library("03 4141 5500", "forssa")  # more than the last two digits differ
    assert not book.is_library("03 4141 5407", "forssa")  # a direct line, not the switchboard
    assert book.is_library("019 459 2400", "hyvinkaa")
    assert book.is_own("03 4141 5405", "forssa")
    assert not book.is_own("0400 985991", "kuopio")  # known as a library's, but Tampere's
    assert not book.is_library("050 373 2742", "kaarina")


# -- image credits ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "credit",
    [
        "Kuva: Matti Meikäläinen",
        "Photo: Anna Svensson",
        "Foto: Anna-Lena Svensson",
        "Kuvaaja Seija Shemeikka",
        # the real pages' credits (001, 003, 045, 051, 069, 074, 094, 110, 113, 160, 161)
        "Susanna Saari",
        "Kaiturin tila, kuva: Paula Raitis.",
        "(CC): Tuomo Lindfors",
        "Minka Heino",
        "Foto Jouni Malmborg, Porvoon kaupunginkirjasto",
        "YKN-logo / Bastian Salmela",
        "Projektipäällikkö Salla Erhon kuvamateriaalia",
        "Orimattilan kirjaston tunnelmakuva. Henna Tarkiainen.",
        "Turun kaupunginkirjasto/kuvaaja Dunja Myllylä",
        "Jutta Pajunen. Käyttöoikeudet: Hyvinkään pääkirjasto",
        "Piirros: Jutta Pajunen; Käyttöoikeus: Hyvinkään kaupunginkirjasto",
        "Kirjastoautonkuljettaja Antti Liimataisen kuva kirjastoauton reitiltä 15.1.2015",
    ],
)
def test_a_credit_that_names_a_person_is_told(credit: str) -> None:
    assert names_person(credit)


@pytest.mark.parametrize(
    "credit",
    [
        "Kuva: Hyvinkään kaupunginkirjasto",
        "Kirjaston arkisto",
        "Kuva: Turun Kaupunginkirjasto",
        "Photo: Helsinki City Library",
        "Kuva: Creative Commons",
        "Kuva Hankasalmen kirjastosta",
        # the real pages' credits (002, 003, 030, 040, 047, 065, 086, 100, 123, 138, 154)
        "http://www.kouluon.fi/fi/oppimateriaalit/opetusideat/vapaasti-kopioitavat/",
        "fb.com/kuopionkirjasto",
        "Tampereen kaupunginkirjasto",
        "Kirjaston oma kuvapankki",
        "openclipart",
        "Flickr",
        "Imatran kaupungin mediapankki",
        "Vanha postikorttikuva, kuvattu Hankasalmen pääkirjaston canvastaulusta.",
        "Kokkolan kaupunginkirjasto, Lohtajan kirjasto",
        "vapaasti käytettävä (CC) kuva, jota itse muokattu",
        "Vaski-kirjastoille suunniteltu logo / Turun kaupunginkirjasto",
    ],
)
def test_a_credit_that_names_an_organisation_only_is_not(credit: str) -> None:
    assert not names_person(credit)


def test_the_patterns_the_shapes_share_are_regular_expressions_of_xpath_too() -> None:
    """SHACL's sh:pattern is XPath's regex: no look-around or other `(?` groups, no `\\b`."""
    from kg.records import personal

    for name in personal.SHAPE_PATTERNS:
        pattern = getattr(personal, name)
        re.compile(pattern)
        assert not re.search(r"\(\?|\\b", pattern), name
