"""Parsing whole project pages: one invented fixture record per structure seen in the corpus.

The fixtures in `fixtures/` are short records written for these tests; they reproduce the
layout of the real pages (NBSP after labels, money blocks, truncated copies, ...), not their text.
"""

import dataclasses
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import get_args, get_type_hints

import pytest

from kg.errors import ParseError
from kg.records import (
    Application,
    Contact,
    ExtraField,
    Library,
    ParseWarning,
    Realized,
    Record,
    Statistics,
    parse_bytes,
    parse_file,
    parse_text,
)
from kg.records.labels import FIELDS, Kind

FIXTURES = Path(__file__).parent / "fixtures"
NBSP = "\u00a0"
CUT_NOTE = "(the page text is cut off here)"

RECORD_FIXTURES = (
    "complete_fi_nbsp.txt",
    "complete_fi_plain_spaces.txt",
    "complete_sv_nbsp.txt",
    "dirty_identifiers.txt",
    "empty_and_placeholder_values.txt",
    "label_words_in_description.txt",
    "not_funded.txt",
    "repeated_label.txt",
    "short_library_block_2018.txt",
    "truncated_in_description.txt",
    "truncated_in_label.txt",
    "truncated_in_money.txt",
    "unknown_label.txt",
    "unreadable_money.txt",
)


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_bytes().decode("utf-8")


def parse_fixture(name: str) -> Record:
    return parse_file(FIXTURES / name)


def source_of(name: str) -> str:
    return str(FIXTURES / name)


def walk(value, path="record"):
    """Yield (path, value) for every leaf of a Record: dataclass fields, mappings, tuples."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for spec in dataclasses.fields(value):
            yield from walk(getattr(value, spec.name), f"{path}.{spec.name}")
    elif hasattr(value, "items"):
        for key, item in value.items():
            yield f"{path}[{key!r}]", key
            yield from walk(item, f"{path}[{key!r}]")
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from walk(item, f"{path}[{index}]")
    else:
        yield path, value


# -- 1. a complete Finnish page, NBSP after every label ---------------------------------------

COMPLETE_FI_SECTIONS = {
    "goal": "Tuodaan sadut lähikirjastojen arkeen.\n\nLapsiperheet löytävät kirjaston uudelleen.",
    "indicators": "  • satutuokioiden määrä\n  • osallistujien määrä",
    "description": (
        "Satuteltta kiertää kolmessa lähikirjastossa.  Mukana on kertoja.\n"
        "\n"
        "  • keväällä Ahola ja Pirttikylä\n"
        "  • syksyllä Vanhakylä\n"
        "\n"
        " Teltta jää kirjaston käyttöön hankkeen jälkeen."
    ),
    "partners": "Korpelan neuvolat, Satuteatteri Kuukkeli ry",
}


def expected_complete_fi(source: str) -> Record:
    return Record(
        source=source,
        title="Satuteltta kiertää lähikirjastoissa",
        year=2016,
        programme="AVI",
        funded=True,
        label_language="fi",
        image_credit="Kuva: Aino Mäntylä",
        library=Library(
            name="Korpelan kaupunginkirjasto",
            street_address="Kirjastokuja 3, PL 42",
            postal_code="71230",
            phone="017 555 1234",
            email="kirjasto@korpela.fi",
            isil="FI-Korpe",
            business_id="2233445-8",
        ),
        contact=Contact(
            name="Hilkka Vuorela", phone="040 123 4567", email="hilkka.vuorela@korpela.fi"
        ),
        sections=COMPLETE_FI_SECTIONS,
        start_date=date(2016, 3, 1),
        end_date=date(2016, 12, 31),
        application=Application(
            requested=Decimal("12800"),
            own_funding=Decimal("3200"),
            total_budget=Decimal("16000"),
            other_applied=Decimal("0"),
            other_received=Decimal("0"),
        ),
        realized=Realized(
            total_budget=Decimal("15480"),
            own_funding=Decimal("3480"),
            external_funding=Decimal("0"),
            partner_contribution=Decimal("500"),
        ),
        statistics=Statistics(
            trainings=2, training_participants=25, events=14, event_participants=320
        ),
        granted=Decimal("12000"),
        decision_text="Hanke on hakuehtojen mukainen. Avustus myönnetään haettua pienempänä.",
        tags=("okm", "avi"),
        extra=(),
        raw={},
        truncated=False,
        truncated_fragment=None,
        warnings=(),
    )


def test_complete_fi_fixture_is_written_with_nbsp():
    lines = fixture_text("complete_fi_nbsp.txt").split("\n")
    assert lines[1] == f"Vuoden 2016{NBSP}AVI-hanke{NBSP * 3}(Hanke on saanut rahoitusta)"
    assert "Kuvaus :\u00a0" in lines
    assert "Oma rahoitus yhteensä:\u00a0" in lines
    assert lines[-4:] == ["", NBSP, "okm", "avi"]


def test_complete_fi_page_with_nbsp():
    record = parse_fixture("complete_fi_nbsp.txt")
    assert record == expected_complete_fi(source_of("complete_fi_nbsp.txt"))


def test_own_funding_goes_to_the_money_block_it_stands_in():
    record = parse_fixture("complete_fi_nbsp.txt")
    assert record.application.own_funding == Decimal("3200")
    assert record.realized.own_funding == Decimal("3480")


def test_partners_value_on_the_next_line_without_blank_line():
    record = parse_fixture("complete_fi_nbsp.txt")
    assert record.sections["partners"] == "Korpelan neuvolat, Satuteatteri Kuukkeli ry"


def test_free_text_keeps_paragraphs_and_bullet_indentation_and_trims_only_line_ends():
    description = parse_fixture("complete_fi_nbsp.txt").sections["description"]
    lines = description.split("\n")
    assert lines[1] == ""  # the NBSP-only line between paragraphs is a blank line
    assert lines[2] == "  • keväällä Ahola ja Pirttikylä"  # leading spaces kept
    assert lines[5] == " Teltta jää kirjaston käyttöön hankkeen jälkeen."  # trailing NBSPs gone
    assert "lähikirjastossa.  Mukana" in lines[0]  # a double space inside a line is kept


# -- 2. Swedish labels, Finnish free text, no tags ----------------------------------------------


def test_complete_sv_page_ends_with_decision_text_and_is_not_truncated():
    record = parse_fixture("complete_sv_nbsp.txt")
    assert record == Record(
        source=source_of("complete_sv_nbsp.txt"),
        title="Lukuhetket saaristossa",
        year=2015,
        programme="RFV",
        funded=True,
        label_language="sv",
        image_credit="foto: Elin Sjöberg",
        library=Library(
            name="Skärholms stadsbibliotek",
            street_address="Strandv. 8",
            postal_code="22100",
            phone="018 555 200",
            email="bibliotek@skarholm.fi",
            isil="FI-Skarh",
            business_id="0758412-5",
        ),
        contact=Contact(
            name="Maja Lindqvist", phone="018 555 210", email="maja.lindqvist@skarholm.fi"
        ),
        sections={
            "description": "Kirjastovene vie lukuhetket ulkosaariin kesän ajaksi.",
            "partners": "Saariston kyläyhdistykset",
            "follow_up": "Lukuhetket jatkuvat kyläkouluissa.",
        },
        start_date=date(2015, 6, 1),
        end_date=date(2015, 12, 31),
        application=Application(
            requested=Decimal("9000"),
            own_funding=Decimal("2000"),
            total_budget=Decimal("11000"),
            other_applied=Decimal("0"),
            other_received=Decimal("0"),
        ),
        realized=Realized(
            total_budget=Decimal("10400"),
            own_funding=Decimal("2400"),
            external_funding=Decimal("0"),
            partner_contribution=Decimal("300"),
        ),
        statistics=Statistics(
            trainings=0, training_participants=0, events=6, event_participants=54
        ),
        granted=Decimal("8000"),
        decision_text="Hanke on hakuehtojen mukainen. Perustelut löytyvät muistiosta.",
        tags=(),
        truncated=False,
        truncated_fragment=None,
        warnings=(),
    )


# -- 3. plain spaces instead of NBSP (as in the copies) -----------------------------------------


def test_plain_spaces_page_reads_like_the_nbsp_page():
    text = fixture_text("complete_fi_plain_spaces.txt")
    assert NBSP not in text
    assert text == fixture_text("complete_fi_nbsp.txt").replace(NBSP, " ")
    record = parse_fixture("complete_fi_plain_spaces.txt")
    assert record == expected_complete_fi(source_of("complete_fi_plain_spaces.txt"))


def test_crlf_line_ends_read_like_lf():
    text = fixture_text("complete_fi_nbsp.txt")
    record = parse_text(text.replace("\n", "\r\n"), "crlf.txt")
    assert record == expected_complete_fi("crlf.txt")


def test_byte_order_mark_is_ignored():
    data = b"\xef\xbb\xbf" + (FIXTURES / "complete_fi_nbsp.txt").read_bytes()
    assert parse_bytes(data, "bom.txt") == expected_complete_fi("bom.txt")


# -- 4. dirty identifiers ---------------------------------------------------------------------


def test_dirty_identifiers_are_normalised_and_raw_keeps_the_text():
    record = parse_fixture("dirty_identifiers.txt")
    assert record.library == Library(
        name="Pukkilan kunnankirjasto",
        street_address="Pl 12",
        postal_code="45100",
        phone="(019) 555 0101",
        email="kirjasto@pukkila.fi",
        isil="FI-Pukki",
        business_id="0131661-3",
    )
    assert record.contact == Contact(
        name="Virtanen Raili", phone="044 555 0102", email="raili.virtanen@pukkila.fi"
    )
    assert record.raw == {
        "library.postal_code": "4510O",
        "library.email": "kirjasto(a)pukkila.fi",
        "library.isil": "Fi-Pukki",
        "library.business_id": "Y 0131661-3",
        "contact.email": "raili. virtanen@pukkila.fi",
    }
    # Only the postal code took a guess; the other readings are certain.
    assert [w.line for w in record.warnings] == [8]
    assert record.warnings[0].message.startswith("library.postal_code:")
    assert record.sections == {
        "description": "Lukupiiri kokoontuu kerran kuukaudessa kirjaston takkahuoneessa."
    }
    assert record.truncated is True
    assert record.truncated_fragment is None


@pytest.mark.parametrize(
    ("written", "business_id", "warned"),
    [
        ("FI0179377-8", "0179377-8", False),
        ("0204819 – 8", "0204819-8", False),
        ("00162193-3", "0162193-3", True),  # nine digits: read with doubt
    ],
)
def test_business_id_variants_in_a_page(written, business_id, warned):
    text = fixture_text("dirty_identifiers.txt").replace("Y 0131661-3", written)
    record = parse_text(text, "variant.txt")
    assert record.library.business_id == business_id
    assert record.raw["library.business_id"] == written
    business_warnings = [w for w in record.warnings if w.message.startswith("library.business_id")]
    assert [w.line for w in business_warnings] == ([16] if warned else [])


def test_unreadable_business_id_in_a_page_is_kept_raw_with_a_warning():
    text = fixture_text("dirty_identifiers.txt").replace("Y 0131661-3", "Y 019557-3")
    record = parse_text(text, "seven-digits.txt")
    assert record.library.business_id is None
    assert record.raw["library.business_id"] == "Y 019557-3"
    assert [w.line for w in record.warnings] == [8, 16]
    assert record.warnings[1].message.startswith("library.business_id:")


# -- 5. empty values and placeholders -----------------------------------------------------------


def test_empty_label_value_is_none_and_placeholder_is_kept():
    record = parse_fixture("empty_and_placeholder_values.txt")
    assert record.sections == {
        "goal": "Kirjastokaverit tukevat ikäihmisten kirjastonkäyttöä.",
        "indicators": "???",
        "description": None,
        "publications": None,
    }
    assert record.library == Library(
        name="Lahnajärven kirjasto",
        street_address="Rantatie 1",
        postal_code="55420",
        phone=None,  # "Kirjaston puhelin :" directly followed by the next label
        email="kirjasto@lahnajarvi.fi",
    )
    assert record.programme == "ELY"
    assert record.start_date == date(2017, 8, 1)
    assert record.end_date == date(2018, 7, 31)
    assert record.raw == {}
    assert record.warnings == ()


# -- 6. truncated copies ------------------------------------------------------------------------


def test_page_cut_in_the_description():
    record = parse_fixture("truncated_in_description.txt")
    assert record.truncated is True
    assert record.truncated_fragment is None
    assert record.sections == {
        "description": (
            "Kirjastoauto on kylien ainoa julkinen palvelu.\n"
            "\n"
            "Kirjastoauto pysähtyy jatkossa myös kylätalojen pi"
        )
    }
    assert record.image_credit == "Kuva: Kalle Rämö"
    assert record.library.name == "Rämölän kirjastotoimi"
    assert record.warnings == ()


def test_page_cut_inside_a_label():
    record = parse_fixture("truncated_in_label.txt")
    assert record.truncated is True
    assert record.truncated_fragment == "Lopetuspä"
    assert record.start_date == date(2018, 4, 2)
    assert record.end_date is None
    assert record.sections == {
        "goal": "Nuoret lukulähettiläät vievät lukuvinkit kouluihin.",
        "partners": "Honkavaaran yläkoulu, nuorisotoimi",
    }
    assert record.extra == ()
    assert record.warnings == ()


def test_page_cut_in_a_money_value_at_the_very_end():
    record = parse_fixture("truncated_in_money.txt")
    assert record.truncated is True
    assert record.truncated_fragment is None
    assert record.application == Application()
    assert record.raw == {"application.requested": "€12 8"}
    assert [w.line for w in record.warnings] == [28]
    assert record.warnings[0].message.startswith("application.requested:")
    assert record.warnings[0].message.endswith(CUT_NOTE)
    assert record.end_date == date(2017, 12, 31)


def test_page_cut_inside_a_character_drops_the_incomplete_bytes():
    data = (fixture_text("truncated_in_description.txt") + " ja kylätä").encode("utf-8")[:-1]
    assert data.endswith(b"\xc3")
    record = parse_bytes(data, "cut.txt")
    assert record.sections["description"].endswith("kylätalojen pi ja kylät")
    assert [w.line for w in record.warnings] == [21]
    assert record.warnings[0].message.startswith("the file ends inside a character")


def test_page_with_bom_cut_inside_a_character_drops_the_incomplete_bytes():
    # Regression: positions of a decoding error once counted from after the byte-order mark.
    data = (fixture_text("truncated_in_description.txt") + " ja kylätä").encode("utf-8")[:-1]
    record = parse_bytes(b"\xef\xbb\xbf" + data, "bom-cut.txt")
    assert record.sections["description"].endswith("kylätalojen pi ja kylät")
    assert [w.line for w in record.warnings] == [21]


def test_truncated_page_ending_in_one_lowercase_word_is_not_read_as_tags():
    # Regression: a copy cut right after a lower-case word that opens a paragraph ends in a line
    # shaped like a tag; it was once read as a tag of a complete page.
    text = fixture_text("truncated_in_description.txt").rsplit("\n", 1)[0] + "\nkirjastoauto"
    record = parse_text(text, "cut-after-a-word.txt")
    assert record.tags == ()
    assert record.truncated is True
    assert record.sections["description"] == (
        "Kirjastoauto on kylien ainoa julkinen palvelu.\n\nkirjastoauto"
    )


# -- 7. unknown label ---------------------------------------------------------------------------


def test_unknown_label_goes_to_extra_with_a_warning():
    record = parse_fixture("unknown_label.txt")
    assert record.extra == (
        ExtraField(
            label="Hankkeen budjetti:",
            text="Pelivälineet 2 000 euroa, opasteet 500 euroa.",
            line=19,
        ),
    )
    assert [w.line for w in record.warnings] == [19]
    assert "'Hankkeen budjetti:'" in record.warnings[0].message
    # The text under the unknown label does not leak into the section above it.
    assert record.sections == {"description": "Kirjaston pihalle rakennetaan pelialue."}
    assert record.start_date == date(2016, 5, 1)
    assert record.end_date == date(2016, 9, 30)


# -- 8. unreadable money ------------------------------------------------------------------------


def test_unreadable_money_is_none_and_kept_raw():
    record = parse_fixture("unreadable_money.txt")
    assert record.application == Application(own_funding=Decimal("3000"))
    assert record.raw == {"application.requested": "€12,8OO"}
    assert [w.line for w in record.warnings] == [28]
    assert record.warnings[0].message.startswith("application.requested:")
    assert not record.warnings[0].message.endswith(CUT_NOTE)
    assert record.granted == Decimal("10000")
    assert record.decision_text == "Hanke on hakuehtojen mukainen."
    assert record.tags == ("okm", "avi")
    assert record.truncated is False


# -- 9. short library block (2018) --------------------------------------------------------------


def test_short_library_block_of_2018():
    record = parse_fixture("short_library_block_2018.txt")
    assert record.library == Library(
        name="Vaahterakylän kirjasto", street_address="Vaahterapolku 1", postal_code="40100"
    )
    assert record.contact == Contact(
        name="Anni Vaahtera", phone="050 555 0909", email="anni.vaahtera@vaahterakyla.fi"
    )
    assert record.sections == {
        "goal": "Vauvaperheet tutustuvat kirjastoon tarinatuokioissa.",
        "description": "Tuokioita pidetään kerran viikossa.",
    }
    assert record.year == 2018
    assert record.raw == {}
    assert record.warnings == ()


# -- 10. not funded -----------------------------------------------------------------------------


def test_not_funded_page():
    record = parse_fixture("not_funded.txt")
    assert record.funded is False
    assert (record.year, record.programme, record.label_language) == (2013, "AVI", "fi")
    assert record.raw == {}  # the header is written the canonical way
    assert record.sections == {
        "description": "Kirjasto kokeilee paikallisten taiteilijoiden teosten lainausta.",
        "region": "Kainuu",
        "target_area": "Kuusiston kunta",
    }
    assert record.application == Application()
    assert record.realized == Realized()
    assert record.granted is None
    assert record.decision_text is None
    assert record.tags == ("okm", "avi")
    assert record.truncated is False
    assert record.warnings == ()


@pytest.mark.parametrize(
    ("header", "lang", "programme", "funded"),
    [
        ("År 2016 RFV-ansökan   (Ej finansiering)", "sv", "RFV", False),
        ("År 2017 Hyvä käytänne   (Projekt fått finansiering)", "sv", "Hyvä käytänne", True),
        ("Vuoden 2012 OKM-hanke   (Hanke on saanut rahoitusta)", "fi", "OKM", True),
    ],
)
def test_header_line_variants(header, lang, programme, funded):
    text = fixture_text("not_funded.txt").replace(
        "Vuoden 2013 AVI-hanke   (Ei saanut rahoitusta)", header
    )
    record = parse_text(text, "header.txt")
    assert (record.label_language, record.programme, record.funded) == (lang, programme, funded)
    assert "header" not in record.raw
    assert record.warnings == ()


def test_header_line_with_unknown_status_is_kept_raw():
    text = fixture_text("not_funded.txt").replace("(Ei saanut rahoitusta)", "(Käsittelyssä)")
    record = parse_text(text, "status.txt")
    assert record.funded is None
    assert record.raw == {"header": "Vuoden 2013 AVI-hanke (Käsittelyssä)"}
    assert [w.line for w in record.warnings] == [2]


# -- 11. texts that are not records -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "line", "says"),
    [
        ("not_a_record_empty.txt", 1, "empty file"),
        ("not_a_record_whitespace.txt", 1, "empty file"),
        ("not_a_record_html.txt", 2, "HTML"),
        ("not_a_record_other_page.txt", 2, "header line"),
        ("not_a_record_no_title.txt", 1, "title"),
        ("not_a_record_cut_before_library.txt", 9, "library block"),
    ],
)
def test_not_a_record_raises_parse_error_with_line(name, line, says):
    source = source_of(name)
    with pytest.raises(ParseError) as caught:
        parse_file(FIXTURES / name)
    exc = caught.value
    assert (exc.source, exc.line) == (source, line)
    assert says in exc.message
    assert str(exc).startswith(f"{source}:{line}: ")


@pytest.mark.parametrize(
    ("data", "line", "says"),
    [
        (b"Otsikko\nVuoden 2016 AVI-hanke\n\x00\x01\x02\x03", 3, "binary data"),
        (b"\x00\x00\x00\x00", 1, "binary data"),
        (b"Otsikko\nVuoden 2016 AVI-hanke\n\nKirjasto \xe4\n", 4, "0xe4"),
        (b"Otsikko\n\xff\xfe", 2, "0xff"),
    ],
)
def test_bytes_that_are_not_a_record(data, line, says):
    with pytest.raises(ParseError) as caught:
        parse_bytes(data, "bytes.txt")
    exc = caught.value
    assert (exc.source, exc.line) == ("bytes.txt", line)
    assert says in exc.message
    assert str(exc).startswith(f"bytes.txt:{line}: ")


def test_invalid_utf8_after_a_bom_reports_the_line_and_byte():
    # Regression: with a byte-order mark, the error once named the byte three places earlier.
    data = b"\xef\xbb\xbfOtsikko\nVuoden 2016 AVI-hanke\n\xff kirjasto\n"
    with pytest.raises(ParseError) as caught:
        parse_bytes(data, "bom-bad.txt")
    assert caught.value.line == 3
    assert "0xff" in caught.value.message


# -- 12. label and heading words as plain lines in free text -------------------------------------


def test_heading_words_inside_a_description_stay_in_the_text():
    record = parse_fixture("label_words_in_description.txt")
    assert record.sections == {
        "description": (
            "Lukuvalmentajat tukevat heikkoja lukijoita.\n"
            "\n"
            "Toimenpiteet\n"
            "Valmentajat koulutetaan syksyllä.\n"
            "\n"
            "Päätös\n"
            "\n"
            "Jatkosta päätetään kevään kokemusten perusteella.\n"
            "\n"
            "Kustannukset:\n"
            "Koulutus 1 500 euroa."
        )
    }
    assert record.decision_text is None
    assert record.granted is None
    assert record.extra == ()
    assert record.truncated is True
    assert record.end_date == date(2018, 5, 31)
    assert record.warnings == ()


# -- 13. a label twice --------------------------------------------------------------------------


def test_repeated_label_goes_to_extra_with_a_warning():
    record = parse_fixture("repeated_label.txt")
    assert record.sections == {"description": "Kirjastokissa lukee lasten kanssa."}
    assert record.extra == (
        ExtraField(label="Kuvaus :", text="Toinen kuvaus samasta hankkeesta.", line=19),
    )
    assert [w.line for w in record.warnings] == [19]
    assert "'Kuvaus :'" in record.warnings[0].message
    assert record.start_date == date(2016, 1, 1)


# -- every record -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", RECORD_FIXTURES)
def test_no_value_is_an_empty_string(name):
    record = parse_fixture(name)
    empty = [path for path, value in walk(record) if value == ""]
    assert empty == []


@pytest.mark.parametrize("name", RECORD_FIXTURES)
def test_warnings_are_sorted_by_line_and_point_into_the_file(name):
    record = parse_fixture(name)
    line_count = fixture_text(name).count("\n") + 1
    lines = [warning.line for warning in record.warnings]
    assert lines == sorted(lines)
    assert all(1 <= line <= line_count for line in lines)
    assert all(isinstance(warning, ParseWarning) for warning in record.warnings)


def test_record_mappings_are_read_only():
    record = parse_fixture("complete_fi_nbsp.txt")
    with pytest.raises(TypeError):
        record.sections["goal"] = "muutettu"
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.title = "muutettu"


def test_a_page_cut_in_a_one_line_value_says_it_may_be_incomplete():
    text = fixture_text("short_library_block_2018.txt")
    cut = text[: text.index("050 555 0909") + len("050 55")]
    record = parse_text(cut, "cut-phone.txt")
    assert record.contact.phone == "050 55"
    assert record.truncated is True
    (warning,) = record.warnings
    assert warning.message == "contact.phone: the value may be incomplete " + CUT_NOTE


def test_every_labelled_field_is_read_as_the_type_its_record_field_holds():
    # The parser keeps the values it reads in one dictionary per type and hands each group
    # of the Record the dictionary of its type: a field read as another type would be lost.
    read_as = {Kind.DATE: date, Kind.MONEY: Decimal, Kind.GRANTED: Decimal, Kind.COUNT: int}
    groups = {
        "library": Library,
        "contact": Contact,
        "application": Application,
        "realized": Realized,
        "statistics": Statistics,
    }
    wrong = []
    for path, spec in FIELDS.items():
        group, _, name = path.rpartition(".")
        if spec.kind is Kind.TEXT or spec.kind is Kind.ADDRESS:
            continue  # sections are free text; the address fills street_address and postal_code
        holder = groups[group] if group else Record
        held = get_args(get_type_hints(holder)[name])
        if read_as.get(spec.kind, str) not in held:
            wrong.append((path, spec.kind, held))
    assert wrong == []
