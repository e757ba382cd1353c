"""Library names: a branch named beside its library, and names compared."""

from __future__ import annotations

import pytest

from kg.consolidation.names import name_key, split_branch


@pytest.mark.parametrize(
    ("name", "split"),
    [
        (
            "Espoon kaupunginkirjasto - Tapiolan kirjasto",
            ("Espoon kaupunginkirjasto", "Tapiolan kirjasto"),
        ),
        (
            "Seinäjoen kaupunginkirjasto /Ylistaron kirjasto",
            ("Seinäjoen kaupunginkirjasto", "Ylistaron kirjasto"),
        ),
        (
            "Pargas stadsbibliotek / Iniö och Utö bibliotek",
            ("Pargas stadsbibliotek", "Iniö och Utö bibliotek"),
        ),
        (
            "Porvoon kaupunginkirjasto Uudenmaan maakuntakirjasto, Kevätkummun kirjasto",
            ("Porvoon kaupunginkirjasto Uudenmaan maakuntakirjasto", "Kevätkummun kirjasto"),
        ),
        (
            "Vallilan kirjasto-Helsingin kaupunginkirjasto",
            ("Helsingin kaupunginkirjasto", "Vallilan kirjasto"),
        ),
        # roles of the library system, not branches
        ("Vaasan kaupunginkirjasto-maakuntakirjasto", None),
        ("Helsingin kaupunginkirjasto - Yleisten kirjastojen keskuskirjasto", None),
        ("Joensuun seutukirjasto - Pohjois-Karjalan maakuntakirjasto", None),
        ("Tampereen kaupunginkirjasto-Pirkanmaan maakuntakirjasto", None),
        # one library in two languages
        ("Mustasaaren kunnankirjasto - Korsholms bibliotek", None),
        ("Pedersören kunnankirjasto / Pedersöre bibliotek", None),
        # no separator, or no library word
        ("Vantaan kirjasto- ja tietopalvelut", None),
        ("Hyvinkään pääkirjasto", None),
    ],
)
def test_a_branch_is_told_from_a_role_and_from_the_other_language(
    name: str, split: tuple[str, str] | None
) -> None:
    assert split_branch(name) == split


def test_names_compare_without_case_spaces_or_the_kind_of_dash() -> None:
    assert name_key("Porvoon  kaupunginkirjasto – Uudenmaan maakuntakirjasto") == name_key(
        "porvoon kaupunginkirjasto-Uudenmaan maakuntakirjasto"
    )
    assert name_key("Kuopion kirjasto") != name_key("Kuopion kaupunginkirjasto")
