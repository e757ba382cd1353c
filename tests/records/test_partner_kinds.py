"""The scheme of partner kinds and the table of municipal units, and how texts are read."""

from __future__ import annotations

import re

import pytest

from kg.records import partner_kinds
from kg.records.partner_kinds import (
    KINDS,
    MUNICIPAL_UNIT_WORDS,
    PLURAL_QUALIFIERS,
    QUALIFIERS,
    PartnerKind,
    institution_of,
    kind_of,
    municipal_unit_of,
)

# --- the tables -----------------------------------------------------------------------------


def test_the_scheme_has_ten_to_twenty_kinds_with_stable_ascii_keys():
    assert 10 <= len(KINDS) <= 20
    for key, kind in KINDS.items():
        assert isinstance(kind, PartnerKind)
        assert kind.key == key
        assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*", key)


@pytest.mark.parametrize("kind", KINDS.values(), ids=list(KINDS))
def test_every_kind_has_labels_and_definitions_in_three_languages(kind):
    for names in (kind.labels, kind.definitions):
        assert names.fi.strip() and names.sv.strip() and names.en.strip()
    for definition in (kind.definitions.fi, kind.definitions.sv, kind.definitions.en):
        assert definition.endswith(".") and "\n" not in definition


@pytest.mark.parametrize("kind", KINDS.values(), ids=list(KINDS))
def test_every_kind_has_lower_case_group_and_member_words(kind):
    assert kind.groups and kind.members
    assert kind.words == tuple(dict.fromkeys(kind.groups + kind.members))
    for word in kind.words:
        assert word == word.strip().casefold() and "  " not in word


def test_no_word_names_two_kinds_nor_a_kind_and_a_municipal_unit():
    owners: dict[str, str] = {}
    for kind in KINDS.values():
        for word in kind.words:
            assert owners.setdefault(word, kind.key) == kind.key, word
    assert not set(owners) & set(MUNICIPAL_UNIT_WORDS)


def test_the_plural_qualifiers_are_qualifiers():
    assert PLURAL_QUALIFIERS <= QUALIFIERS


def test_the_kinds_the_review_asked_for_are_there():
    expected = {
        "associations",
        "schools",
        "day-care",
        "parishes",
        "companies",
        "suppliers",
        "library-users",
        "libraries",
        "clubs",
        "volunteers",
        "authors-and-artists",
        "media",
        "experts",
        "families",
    }
    assert expected <= set(KINDS)


# --- kind_of --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("yhdistykset", "associations"),
        ("erilaiset järjestöt", "associations"),
        ("Erilaiset järjestöt", "associations"),
        ("kyläyhdistykset", "associations"),
        ("kolmannen sektorin toimijat", "associations"),
        ("yhdistys", "associations"),
        ("kerhot", "clubs"),
        ("MLL:n kerhot", "clubs"),
        ("4H-kerhot", "clubs"),
        ("koulut", "schools"),
        ("Kuopion koulut", "schools"),
        ("ammattikorkeakoulut", "higher-education"),
        ("päiväkodit", "day-care"),
        ("muut kirjastot", "libraries"),
        ("Muut Lukki-kirjastot", "libraries"),
        ("Lähikirjastot", "libraries"),
        ("andra bibliotek", "libraries"),
        ("seurakunta", "parishes"),
        ("laitetoimittajat", "suppliers"),
        ("kirjaston asiakkaat", "library-users"),
        ("kuntalaiset", "library-users"),
        ("vapaaehtoiset", "volunteers"),
        ("lokala föreningar", "associations"),
        ("other libraries", "libraries"),
        ("the media", "media"),
        ("Ison Omenan palvelutorin muut toimijat", "actors"),
        ("yhdistykset.", "associations"),
    ],
)
def test_kind_of_reads_the_kind_a_text_names(text, key):
    assert kind_of(text) == key


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Satamankulman taideyhdistys",  # a named member: an organisation
        "Kuopion seurakunta",
        "4H-yhdistys",
        "Kansalliskirjasto",
        "Suomen Yrittäjät",  # the head is capitalised: a proper name
        "Nordmedia",  # a capitalised compound of a short word
        "Sibbo kommuns bibliotek",
        "Kuopio Tanssii ja Soi ry",
        "Martat",
        "Turku Game Lab",
        "neuvola",
        "päiväkod",  # cut off
        "MLL Suomen kerhot Oy",
    ],
)
def test_kind_of_reads_no_kind_in_names(text):
    assert kind_of(text) is None


# --- institution_of -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("seurakunta", "parishes"),
        ("Seurakunta", "parishes"),
        ("paikallinen seurakunta", "parishes"),
        ("kunnan seurakunta", "parishes"),
        ("kansalaisopisto", "adult-education"),
        ("lukio", "schools"),
        ("bibliotek", "libraries"),
        ("församlingen", "parishes"),
        ("barn- och ungdomsbiblioteket", "libraries"),
    ],
)
def test_institution_of_reads_one_unnamed_local_institution(text, key):
    assert institution_of(text) == key


@pytest.mark.parametrize(
    "text",
    ["seurakunnat", "yhdistys", "kirjailija", "Kuopion seurakunta", "andra bibliotek", "ei"],
)
def test_institution_of_is_none_for_groups_named_ones_and_other_kinds(text):
    assert institution_of(text) is None


# --- municipal_unit_of ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "neuvola",
        "Neuvolat",
        "äitiysneuvola",
        "liikuntatoimi",
        "Liikuntatoimi",
        "tekninen toimi",
        "Tekninen toimi",
        "kulttuuri- ja nuorisotoimi",
        "Kulttuuri- ja nuorisotoimi",
        "terveyskeskus",
        "sivistystoimi",
        "nuorisopalvelut",
        "varhaiskasvatus",
        "kotihoito",
        "kulturväsendet",
        "ungdomsväsendet",
        "Kaupungin nuorisotoimi",
        "stadens ungdomsväsende",
        "youth services",
    ],
)
def test_municipal_unit_of_reads_a_service_without_its_municipality(text):
    assert municipal_unit_of(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Ylöjärven kaupungin varhaiskasvatus",
        "Borgås ungdomsväsende",
        "Vantaan kirjasto- ja tietopalvelut",
        "Kuopion Nuorisopalvelut",
        "Kiinteistöpalvelut Oy",
        "yhdistykset",
        "Turku nuorisotoimi",
    ],
)
def test_municipal_unit_of_is_false_for_a_named_owner_or_another_word(text):
    assert not municipal_unit_of(text)


LOOKUPS = 100  # the longest word of the tables has some twenty letters


class _CountingWords(frozenset):
    """A table's one-word entries, counting how often a word is looked up among them."""

    lookups = 0

    def __contains__(self, word: object) -> bool:
        type(self).lookups += 1
        return super().__contains__(word)


def test_a_long_word_is_not_looked_up_at_every_ending(monkeypatch: pytest.MonkeyPatch) -> None:
    """A partner section of one word of 100,000 letters: a bounded number of its endings."""
    index = partner_kinds._index

    def counting(table: tuple[str, ...]) -> tuple[dict, frozenset]:
        by_last, single = index(table)
        return by_last, _CountingWords(single)

    monkeypatch.setattr(partner_kinds, "_index", counting)
    _CountingWords.lookups = 0
    assert partner_kinds.kind_of("x" * 100_000) is None
    assert partner_kinds.municipal_unit_of("y" * 100_000) is False
    assert 0 < _CountingWords.lookups <= LOOKUPS
