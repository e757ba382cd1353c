"""The name score: folding, generic words, inflection, and its bounds."""

from __future__ import annotations

import pytest

from kg.linking.registries.matching import (
    fold,
    is_organisation_name,
    name_score,
    name_tokens,
    same_name,
    same_place,
    telling_words,
)


def test_fold_removes_case_and_diacritics_and_extra_space() -> None:
    assert fold("  Pääkirjasto  ÅBO ") == "paakirjasto abo"
    assert fold("Hämeenlinna") == fold("HAMEENLINNA")


def test_generic_words_are_dropped() -> None:
    assert name_tokens("Kuopion kaupunginkirjasto") == ("kuopion",)
    assert name_tokens("Kuopion kaupunginkirjasto-maakuntakirjasto") == ("kuopion",)
    assert name_tokens("Kuopion pääkirjasto") == ("kuopion",)
    assert name_tokens("Esbo stadsbibliotek") == ("esbo",)
    assert name_tokens("Korsholms kommunbibliotek") == ("korsholms",)
    assert name_tokens("Kirjasto") == ()


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Kuopion kaupunginkirjasto", "Kuopion pääkirjasto", 1.0),
        ("Kuopion kaupunginkirjasto", "KUOPION KAUPUNGINKIRJASTO", 1.0),
        ("Lohjan kaupunginkirjasto", "Lohjan paakirjasto", 1.0),
        ("Kuopion kaupunginkirjasto", "Esimerkkilän kirjasto", 0.0),
        ("Kuopion kaupunginkirjasto", "Kuopion kirjastoauto", 2 / 3),
        ("Kalajoen kaupunginkirjasto", "Kalajoen lukion kirjasto", 2 / 3),
        ("Kaupunginkirjasto", "Kaupunginkirjasto", 1.0),
        ("Kaupunginkirjasto", "Pääkirjasto", 0.0),
        ("Kaupunginkirjasto", "Kuopion kaupunginkirjasto", 0.0),
        ("", "", 0.0),
    ],
)
def test_name_score(a: str, b: str, expected: float) -> None:
    assert name_score(a, b) == pytest.approx(expected, abs=1e-3)


def test_telling_words_keep_their_spelling() -> None:
    assert telling_words("Hämeenlinnan  kaupunginkirjasto") == ["Hämeenlinnan"]
    assert telling_words("Pääkirjasto") == []


def test_inflected_words_agree_partly() -> None:
    score = name_score("Kuopio library", "Kuopion kirjasto")
    assert 0.9 < score < 1.0


def test_name_score_is_symmetric_and_bounded() -> None:
    names = [
        "Kuopion kaupunginkirjasto",
        "Kuopion pääkirjasto",
        "Kuopion kirjastoauto",
        "Espoon kaupunginkirjasto – Esbo stadsbibliotek",
        "Sellon kirjasto",
        "Kirjasto",
    ]
    for a in names:
        for b in names:
            score = name_score(a, b)
            assert 0.0 <= score <= 1.0
            assert score == name_score(b, a)


def test_same_place() -> None:
    assert same_place("Kuopio", "KUOPIO")
    assert same_place("Mänttä-Vilppula", "mantta vilppula")
    assert not same_place("Pori", "Pornainen")
    assert not same_place(None, "Pori")


def test_same_name_keeps_diacritics() -> None:
    assert same_name("Kuopion  kaupunginkirjasto", "kuopion kaupunginkirjasto")
    assert not same_name("Pääkirjasto", "Paakirjasto")
    assert not same_name(None, "x")


def test_organisation_names() -> None:
    assert is_organisation_name("Espoon kaupunginkirjasto")
    assert is_organisation_name("Korsholms kommunbibliotek")
    assert not is_organisation_name("Sellon kirjasto")
