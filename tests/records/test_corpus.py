"""Every real page copy in ../shared/records parses the way a person reading it would.

The copies live beside the project (not in it); these tests skip, saying so, where they are
absent. `INDEX.tsv` beside them was written by hand when the pages were collected: its year,
kind, funding status, label language and completeness are checked against the parse.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kg.records import Record, parse_file
from tests.conftest import CORPUS, corpus_params, corpus_paths

# Every warning the corpus gives, each read against its page and agreed with.
EXPECTED_WARNINGS = {
    "029_osataanko-etelan-kirjastoissa.txt": [
        (16, "library.business_id: business ID '00162193-3' has nine digits; read as 0162193-3"),
    ],
    "036_kirjavaa-kirjastojen-ja-nuorisotyon.txt": [
        (8, "library.postal_code: postal code '501001' does not have five digits"),
    ],
    "046_paikallishistoriat-verkkoon.txt": [
        (14, "library.isil: ISIL 'PM' has no country prefix; read as FI-PM"),
    ],
    "061_tiedonhaun-taitajiksi.txt": [
        (
            16,
            "library.business_id: expected a business ID such as '0101263-6', "
            "found 'Y 019557-3'; the text is kept under raw",
        ),
    ],
    "092_juhlavuosi-yhdessa.txt": [
        (
            36,
            "sections.partners: the page copy ends inside this list; its last name "
            "('Tyrnävän ki') is cut off and not read",
        ),
    ],
    "105_luen-sinulle-runon.txt": [
        (10, "library.postal_code: postal code '4510O' has a letter O; read as 45100"),
    ],
    "143_kirjasto-saapuu-paivakotiin.txt": [
        (
            42,
            "sections.partners: the page copy ends inside this list; its last name "
            "('Ylöjärven kaupungin varha') is cut off and not read",
        ),
    ],
}

# INDEX.tsv writes the grant kind as the page does, with the funded status as yes/no.
INDEX_KINDS = {
    "AVI": "AVI",
    "ELY": "ELY",
    "OKM": "OKM",
    "RFV": "RFV",
    "Hyvä käytänne": "Hyvä käytänne",
}


def _index() -> dict[str, dict[str, str]]:
    with (CORPUS / "INDEX.tsv").open(encoding="utf-8", newline="") as stream:
        return {
            row["file"]: row
            for row in csv.DictReader(stream, delimiter="\t", quoting=csv.QUOTE_NONE)
        }


def _parsed(path: Path) -> Record:
    return parse_file(path)


@pytest.mark.parametrize("path", corpus_params())
def test_page_parses_without_unknown_labels(path: Path) -> None:
    record = _parsed(path)
    assert record.extra == ()
    assert [(w.line, w.message) for w in record.warnings] == EXPECTED_WARNINGS.get(path.name, [])


@pytest.mark.parametrize("path", corpus_params())
def test_page_agrees_with_the_index(path: Path) -> None:
    row = _index()[path.name]
    record = _parsed(path)
    # The index wrote titles without their double quotes ("Ihan tyhmii runoi!" – ...).
    assert record.title.replace('"', "") == row["title"]
    assert record.year == int(row["year"])
    assert record.programme == INDEX_KINDS[row["kind"]]
    assert record.funded == (row["funded"] == "yes")
    assert record.label_language == row["label_language"]
    assert record.truncated == (row["complete"] == "no")


@pytest.mark.parametrize("path", corpus_params())
def test_library_block_is_complete_where_the_page_has_it(path: Path) -> None:
    record = _parsed(path)
    text = path.read_text(encoding="utf-8")
    assert record.library.name
    assert record.contact.name
    if "ISIL-tunnus : " in text or "ISIL-kod : " in text:
        assert record.library.isil and record.library.isil.startswith("FI-")
    if (
        "Y-tunnus : " in text or "FO-nummer : " in text
    ) and "library.business_id" not in record.raw:
        assert record.library.business_id
    if record.library.postal_code:
        assert len(record.library.postal_code) in (5, 6)


def test_expected_warnings_name_real_files(corpus_dir: Path) -> None:
    assert set(EXPECTED_WARNINGS) <= {path.name for path in corpus_dir.glob("*.txt")}


def test_truncated_pages_keep_their_cut_off_label(corpus_dir: Path) -> None:
    fragments = {path.name: _parsed(path).truncated_fragment for path in corpus_paths()}
    assert {name: text for name, text in fragments.items() if text} == {
        "035_kohtaa-elava-kirjailija.txt": "Verkk",
        "073_taidetta-koteihin.txt": "Koh",
        "156_ajanmukainen-kirjastoautopalvelu.txt": "Lopetuspä",
    }


def test_the_complete_page_reads_to_its_end(corpus_dir: Path) -> None:
    record = _parsed(corpus_dir / "074_kestava-kehitys-kirjastossa.txt")
    assert record.truncated is False
    assert record.programme == "OKM" and record.year == 2011
    assert record.library.street_address is None and record.library.isil is None
    assert record.sections["publications"] is None
    assert str(record.start_date) == "2011-04-30" and str(record.end_date) == "2012-12-30"
    assert record.application.requested == 121300
    assert record.application.total_budget == 121300
    assert record.application.other_received == 3000
    assert record.application.own_funding is None
    assert record.realized.total_budget is None
    assert record.granted == 73000
    assert record.tags == ("okm", "avi")
