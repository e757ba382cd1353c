"""IRIs are minted from keys, in one place, from a configurable base."""

from __future__ import annotations

import re

import pytest

from kg.errors import RequestError
from kg.iris import DEFAULT_BASE, Minter, page_slug, slugify, unique_slug


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Pop up - kirjasto sinne missä ihmiset ovat", "pop-up-kirjasto-sinne-missa-ihmiset-ovat"),
        ('"Ihan tyhmii runoi!" – Nuorten näkökulmia', "ihan-tyhmii-runoi-nuorten-nakokulmia"),
        ("Johtti girjerádju/Jutaava kirjasto", "johtti-girjeradju-jutaava-kirjasto"),
        ("Đuoddara ŋ Åland", "duoddara-n-aland"),
        ("!!!", "untitled"),
    ],
)
def test_slugs(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_long_slugs_are_cut_at_a_word_boundary() -> None:
    slug = slugify("sana " * 40)
    assert len(slug) <= 80 and slug.endswith("sana") and not slug.endswith("-")


def test_library_iri_by_isil_ignores_case_of_the_spelling() -> None:
    minter = Minter()
    assert minter.library("FI-Klm", None, "Kokkola") == minter.library("FI-KLM", "0177736-9", "x")
    assert minter.library("FI-Km", None, None).value == DEFAULT_BASE + "library/FI-KM"


def test_library_without_isil_is_named_within_its_body() -> None:
    minter = Minter()
    assert minter.library(None, "0171450-7", "Kalajoen kirjasto").value == (
        DEFAULT_BASE + "library/0171450-7/kalajoen-kirjasto"
    )
    assert minter.library(None, None, "Kalajoen kirjasto").value == (
        DEFAULT_BASE + "library/unidentified/kalajoen-kirjasto"
    )


def test_an_isil_with_a_slash_stays_one_segment() -> None:
    assert Minter().library("FI-A/B", None, None).value.endswith("library/FI-A%2FB")


def test_other_iris() -> None:
    minter = Minter("http://example.org/kg/")
    kuopio = minter.library("FI-Km", None, None)
    assert minter.project(2016, "Pop up!", kuopio).value == (
        "http://example.org/kg/project/2016-fi-km-pop-up"
    )
    kalajoki = minter.library(None, None, "Kalajoen kirjasto")
    assert minter.project(2016, "Pop up!", kalajoki).value == (
        "http://example.org/kg/project/2016-unidentified-kalajoen-kirjasto-pop-up"
    )
    assert minter.legal_body("0171450-7").value == (
        "http://example.org/kg/organisation/business-id/0171450-7"
    )
    assert minter.call("avi", 2016).value == "http://example.org/kg/call/avi/2016"
    assert minter.record("000_52e5d4c243421207").value == (
        "http://example.org/kg/record/000-52e5d4c243421207"
    )
    project = minter.project(2016, "x", kuopio)
    assert minter.child(project, "application", "requested").value == (
        project.value + "/application/requested"
    )


@pytest.mark.parametrize(
    "base",
    [
        "kirjasto",
        "http://example.org/kg",
        "http://exa mple.org/",
        "http://ex.org/%zz/",
        "http://[::1/",
    ],
)
def test_a_bad_base_is_refused(base: str) -> None:
    with pytest.raises(RequestError, match="absolute IRI ending in / or #") as caught:
        Minter(base)
    assert caught.value.where == "--base" and caught.value.exit_code == 2


@pytest.mark.parametrize(
    ("url", "slug"),
    [
        ("https://hankkeet.kirjastot.fi/hanke/iloa-tarinasta?language=en", "iloa-tarinasta"),
        (
            "http://hankkeet.kirjastot.fi/hanke/onnelin-ja-annelin-kirjasto-lempeit%C3%A4-lukutuokioita",
            "onnelin-ja-annelin-kirjasto-lempeita-lukutuokioita",
        ),
        (
            "https://hankkeet.kirjastot.fi/projekt/upprustning-av-filialbibliotek?language=sv",
            "upprustning-av-filialbibliotek",
        ),
        ("https://hankkeet.kirjastot.fi/tiedote/uutinen", None),
    ],
)
def test_page_slugs(url: str, slug: str | None) -> None:
    assert page_slug(url) == slug


def test_a_project_with_a_known_page_is_keyed_by_its_slug() -> None:
    minter = Minter()
    library = minter.library("FI-Lm", None, None)
    url = "https://hankkeet.kirjastot.fi/hanke/iloa-tarinasta?language=en"
    by_page = minter.project(2015, "Iloa tarinasta!", library, url)
    assert by_page.value == DEFAULT_BASE + "project/iloa-tarinasta"
    by_title = minter.project(2015, "Iloa tarinasta!", library, "https://example.org/x")
    assert by_title.value == DEFAULT_BASE + "project/2015-fi-lm-iloa-tarinasta"


def test_keys_that_differ_only_after_the_cut_stay_apart() -> None:
    minter = Minter()
    main = minter.library(None, "0123456-7", "Esimerkkilän kaupunginkirjasto pääkirjasto")
    branch = minter.library(None, "0123456-7", "Esimerkkilän kaupunginkirjasto pääkirjasto auto")
    assert minter.project(2020, "Lukupiiri", main) != minter.project(2020, "Lukupiiri", branch)
    long_title = "Hanke " * 20
    assert minter.project(2020, long_title + "A", main) != minter.project(
        2020, long_title + "B", main
    )


def test_a_cut_slug_keeps_its_readable_start_and_a_hash() -> None:
    assert unique_slug("Pop up - kirjasto!") == "pop-up-kirjasto"
    cut = unique_slug("sana " * 30, limit=40)
    assert len(cut) <= 40
    assert re.fullmatch(r"(sana-)+sana-[0-9a-f]{8}", cut)
    assert cut != unique_slug("sana " * 31, limit=40)
