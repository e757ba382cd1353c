"""Reading partner sections into classified partners: one case per rule, then every real record."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.records import parse_file
from kg.records.partner_kinds import KINDS
from kg.records.partners import CATEGORIES, GIVEN_NAMES, Partner, split_partners


def org(name, remark=None, kind=None, business_id=None):
    """An organisation."""
    return Partner(name, remark, "organisation", kind, business_id)


def unit(name, remark=None):
    """A unit of the applicant's municipality."""
    return Partner(name, remark, "municipal_unit")


def group(name, kind, remark=None):
    """A kind of partner."""
    return Partner(name, remark, "kind", kind)


def person(name, remark=None, kind=None):
    """A person (human)."""
    return Partner(name, remark, "person", kind)


def cut(name, remark=None):
    """The fragment where a cut-off page ends."""
    return Partner(name, remark, "cut_off")


# --- the interface ----------------------------------------------------------------------------


def test_a_partner_is_an_organisation_without_kind_or_id_unless_told():
    assert Partner("Savonia") == Partner("Savonia", None, "organisation", None, None)
    assert CATEGORIES == ("organisation", "municipal_unit", "kind", "person", "cut_off")


# --- nothing to split -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["", "   ", "\n\n", "-", "–", "???", "...", " - ", "Ei", "ei ole.", "Nej", "n/a"],
)
@pytest.mark.parametrize("cut_off", [False, True])
def test_empty_and_placeholder_texts_give_nothing(text, cut_off):
    assert split_partners(text, cut_off=cut_off) == ()


def test_none_gives_nothing():
    assert split_partners(None) == ()
    assert split_partners(None, cut_off=True) == ()


# --- separators -----------------------------------------------------------------------------


def test_commas_separate_names():
    assert split_partners("Karkkilan kaupunginkirjasto, Vihdin kunnankirjasto") == (
        org("Karkkilan kaupunginkirjasto"),
        org("Vihdin kunnankirjasto"),
    )


def test_semicolons_separate_and_trailing_punctuation_is_trimmed():
    assert split_partners("Lohjan kaupunginkirjasto; Vihdin kunnankirjasto.") == (
        org("Lohjan kaupunginkirjasto"),
        org("Vihdin kunnankirjasto"),
    )


def test_line_breaks_and_bullets_separate_names():
    text = "• Kuopion kaupunginkirjasto\n- Savonia-ammattikorkeakoulu\r\n\n– Kuopion lyseon lukio"
    assert split_partners(text) == (
        org("Kuopion kaupunginkirjasto"),
        org("Savonia-ammattikorkeakoulu"),
        org("Kuopion lyseon lukio"),
    )


def test_numbered_lines_lose_their_numbers():
    assert split_partners("1. Kuopion kaupunginkirjasto\n2) Savonia") == (
        org("Kuopion kaupunginkirjasto"),
        org("Savonia"),
    )


def test_a_hyphen_inside_a_name_is_not_a_bullet():
    assert split_partners("Kuopion kaupunginkirjaston Pop up -työryhmä") == (
        org("Kuopion kaupunginkirjaston Pop up -työryhmä"),
    )


def test_swedish_list_with_och():
    text = "Borgå stadsbibliotek, Lovisa stadsbibliotek och Sibbo kommuns bibliotek"
    assert split_partners(text) == (
        org("Borgå stadsbibliotek"),
        org("Lovisa stadsbibliotek"),
        org("Sibbo kommuns bibliotek"),
    )


def test_samt_and_english_and_separate():
    assert split_partners("Borgå stadsbibliotek samt Lovisa stadsbibliotek") == (
        org("Borgå stadsbibliotek"),
        org("Lovisa stadsbibliotek"),
    )
    assert split_partners("Turku Game Lab and Turku AMK") == (
        org("Turku Game Lab"),
        org("Turku AMK"),
    )


def test_ja_and_seka_separate_two_names():
    assert split_partners("Suomen Kulttuurirahasto ja Koneen Säätiö sekä Kansalliskirjasto") == (
        org("Suomen Kulttuurirahasto"),
        org("Koneen Säätiö"),
        org("Kansalliskirjasto"),
    )


def test_seka_etta_means_both_and():
    assert split_partners("sekä koulut että päiväkodit") == (
        group("koulut", "schools"),
        group("päiväkodit", "day-care"),
    )


def test_etta_alone_does_not_separate():
    names = [p.name for p in split_partners("Kerho, joka huolehtii että kaikki viihtyvät")]
    assert names == ["Kerho", "joka huolehtii että kaikki viihtyvät"]


def test_a_conjunction_opening_or_closing_an_item_is_dropped():
    assert split_partners("Lohjan kaupunginkirjasto, sekä Vihdin kirjasto ja") == (
        org("Lohjan kaupunginkirjasto"),
        org("Vihdin kirjasto"),
    )


# --- conjunctions that do not separate ------------------------------------------------------


@pytest.mark.parametrize(
    "partner",
    [
        org("Savon ammatti- ja aikuisopisto"),
        unit("kulttuuri- ja nuorisotoimi"),
        unit("sosiaali- ja terveystoimi"),
        org("barn- och ungdomsbiblioteket", kind="libraries"),  # one unnamed library
    ],
)
def test_conjunction_after_a_hyphenated_word_stays_in_the_name(partner):
    assert split_partners(partner.name) == (partner,)


@pytest.mark.parametrize(
    "partner",
    [
        group("Lohjan ja Karkkilan kirjastot", "libraries"),  # a group, named by its towns
        unit("lasten ja nuorten palvelut"),
        org("Borgås och Lovisas bibliotek"),
    ],
)
def test_a_lone_genitive_shares_the_head_word(partner):
    assert split_partners(partner.name) == (partner,)


def test_a_legal_form_holds_a_name_with_ja_together():
    assert split_partners("Kuopio Tanssii ja Soi ry") == (org("Kuopio Tanssii ja Soi ry"),)


def test_a_legal_form_does_not_hold_two_complete_names_together():
    assert split_partners("Lohjan kaupunginkirjasto ja Karkkilan Martat ry") == (
        org("Lohjan kaupunginkirjasto"),
        org("Karkkilan Martat ry"),
    )
    assert split_partners("Kirjastoseura ry ja Lukukeskus ry") == (
        org("Kirjastoseura ry"),
        org("Lukukeskus ry"),
    )


def test_conjunction_inside_parentheses_stays_in_the_remark():
    assert split_partners("lähikoulut (sekä ala- että yläkoulut ja lukiot)") == (
        group("lähikoulut", "schools", "sekä ala- että yläkoulut ja lukiot"),
    )


def test_a_city_unit_named_as_a_list_is_one_partner():
    text = "Espoon kaupungin kulttuuri, liikunta ja nuoriso, Espoon kaupunginmuseo"
    assert split_partners(text) == (
        org("Espoon kaupungin kulttuuri, liikunta ja nuoriso"),
        org("Espoon kaupunginmuseo"),
    )


def test_a_list_without_a_city_owner_is_split():
    assert split_partners("terveyskeskus, neuvola ja koulut") == (
        unit("terveyskeskus"),
        unit("neuvola"),
        group("koulut", "schools"),
    )


# --- parentheses ----------------------------------------------------------------------------


def test_commas_inside_parentheses_do_not_split_and_become_the_remark():
    text = "JJR-kirjasto (Joroinen, Juva, Rantasalmi), Kotkan kaupunginkirjasto"
    assert split_partners(text) == (
        org("JJR-kirjasto", "Joroinen, Juva, Rantasalmi"),
        org("Kotkan kaupunginkirjasto"),
    )


def test_a_parenthesis_in_the_middle_leaves_the_rest_of_the_name():
    assert split_partners("Ison Omenan palvelutorin (espoo.fi/palvelutori) muut toimijat") == (
        group("Ison Omenan palvelutorin muut toimijat", "actors", "espoo.fi/palvelutori"),
    )


def test_several_parentheses_are_joined_and_brackets_count_too():
    assert split_partners("Folkhälsan (Borgå) [rf] i Östnyland") == (
        org("Folkhälsan i Östnyland", "Borgå; rf"),
    )


def test_a_parenthesis_left_open_on_a_cut_page_runs_to_the_end():
    text = "Kotkan kaupunginkirjasto, JJR-kirjasto (Joroinen, Ju"
    assert split_partners(text) == (
        org("Kotkan kaupunginkirjasto"),
        org("JJR-kirjasto", "Joroinen, Ju"),
    )
    assert split_partners(text, cut_off=True) == (
        org("Kotkan kaupunginkirjasto"),
        cut("JJR-kirjasto", "Joroinen, Ju"),
    )


def test_a_parenthesis_alone_becomes_the_name():
    assert split_partners("(Vihdin kunnankirjasto)") == (org("Vihdin kunnankirjasto"),)


# --- headings -------------------------------------------------------------------------------


def test_a_heading_is_the_remark_of_each_name_on_its_line():
    text = "Muut Lukki-kirjastot: Lohjan kaupunginkirjasto (Lohja), Karkkilan kaupunginkirjasto"
    assert split_partners(text) == (
        org("Lohjan kaupunginkirjasto", "Muut Lukki-kirjastot; Lohja"),
        org("Karkkilan kaupunginkirjasto", "Muut Lukki-kirjastot"),
    )


def test_a_heading_holds_for_its_own_line_only():
    assert split_partners("Bibliotek: Borgå stadsbibliotek\nLovisa stadsbibliotek") == (
        org("Borgå stadsbibliotek", "Bibliotek"),
        org("Lovisa stadsbibliotek"),
    )


def test_a_long_lead_with_a_colon_is_not_a_heading():
    text = "Kirjasto tekee yhteistyötä monen eri tahon kanssa, kuten: Martat"
    assert split_partners(text)[0] == org("Kirjasto tekee yhteistyötä monen eri tahon kanssa")


# --- examples -------------------------------------------------------------------------------


def test_examples_of_a_group_are_organisations_of_the_group_kind():
    text = "yhdistykset esim. Kuopio Tanssii ja Soi ry, Satamankulman taideyhdistys, Turvalinkki ry"
    assert split_partners(text) == (
        group("yhdistykset", "associations"),
        org("Kuopio Tanssii ja Soi ry", "yhdistykset esim.", "associations"),
        org("Satamankulman taideyhdistys", "yhdistykset esim.", "associations"),
        org("Turvalinkki ry", "yhdistykset esim.", "associations"),
    )


def test_examples_end_at_the_first_name_not_of_the_group_kind():
    text = "päiväkodit esim. Maljapuron päiväkoti, Minnan päiväkoti, Kuopion kaupunginkirjasto"
    assert split_partners(text) == (
        group("päiväkodit", "day-care"),
        org("Maljapuron päiväkoti", "päiväkodit esim.", "day-care"),
        org("Minnan päiväkoti", "päiväkodit esim.", "day-care"),
        org("Kuopion kaupunginkirjasto"),
    )


def test_the_first_example_always_counts():
    assert split_partners("yhdistykset mm. Martat, Kuopion kaupunginkirjasto") == (
        group("yhdistykset", "associations"),
        org("Martat", "yhdistykset mm.", "associations"),
        org("Kuopion kaupunginkirjasto"),
    )


def test_swedish_examples_and_legal_forms():
    text = "föreningar t.ex. Marthaförbundet rf, Folkhälsan rf, Borgå stadsbibliotek"
    assert split_partners(text) == (
        group("föreningar", "associations"),
        org("Marthaförbundet rf", "föreningar t.ex.", "associations"),
        org("Folkhälsan rf", "föreningar t.ex.", "associations"),
        org("Borgå stadsbibliotek"),
    )


def test_kuten_and_conjunctions_among_examples():
    assert split_partners("yhdistykset kuten Martat ja 4H-yhdistys sekä seurakunta") == (
        group("yhdistykset", "associations"),
        org("Martat", "yhdistykset kuten", "associations"),
        org("4H-yhdistys", "yhdistykset kuten", "associations"),
        org("seurakunta", kind="parishes"),
    )


def test_an_introducer_opening_an_item_takes_the_item_before_as_the_group():
    assert split_partners("päiväkodit, esim. Minnan päiväkoti, Lehtoniemen päiväkoti") == (
        group("päiväkodit", "day-care"),
        org("Minnan päiväkoti", "päiväkodit esim.", "day-care"),
        org("Lehtoniemen päiväkoti", "päiväkodit esim.", "day-care"),
    )


def test_an_introducer_without_a_group_runs_to_the_end_of_the_line():
    text = "mm. Kuopion kaupunki, Savonia ja Itä-Suomen yliopisto\nKansalliskirjasto"
    assert split_partners(text) == (
        org("Kuopion kaupunki", "mm."),
        org("Savonia", "mm."),
        org("Itä-Suomen yliopisto", "mm."),
        org("Kansalliskirjasto"),
    )


def test_bland_annat_in_swedish():
    assert split_partners("bl.a. Borgå stadsbibliotek och Lovisa stadsbibliotek") == (
        org("Borgå stadsbibliotek", "bl.a."),
        org("Lovisa stadsbibliotek", "bl.a."),
    )


def test_an_introducer_inside_parentheses_is_only_a_remark():
    assert split_partners("yhdistykset (esim. Martat, 4H)") == (
        group("yhdistykset", "associations", "esim. Martat, 4H"),
    )


def test_examples_of_a_group_not_in_the_scheme_have_no_kind():
    assert split_partners("Kuopion kaupungin yksiköt esim. Kuopion kaupunginmuseo") == (
        org("Kuopion kaupungin yksiköt"),
        org("Kuopion kaupunginmuseo", "Kuopion kaupungin yksiköt esim."),
    )


def test_examples_of_a_kind_of_people_are_people():
    assert split_partners("kirjailijat esim. Minna Canth, Aleksis Kivi, Savonia") == (
        group("kirjailijat", "authors-and-artists"),
        person("Minna Canth", "kirjailijat esim.", "authors-and-artists"),
        person("Aleksis Kivi", "kirjailijat esim.", "authors-and-artists"),
        org("Savonia"),
    )


# --- people ---------------------------------------------------------------------------------


def test_person_title_organisation_gives_the_person_and_the_organisation():
    text = (
        "Mika Luimula, Yliopettaja, Turku AMK\n\nHanna Ahtosalo, Project Engineer, Turku Game Lab"
    )
    assert split_partners(text) == (
        person("Mika Luimula", "Yliopettaja, Turku AMK"),
        org("Turku AMK"),
        person("Hanna Ahtosalo", "Project Engineer, Turku Game Lab"),
        org("Turku Game Lab"),
    )


def test_person_title_organisation_triples_on_one_line():
    text = (
        "Anna Virtanen, rektor, Borgå gymnasium, "
        "Matti Meikäläinen, kirjastonhoitaja, Vihdin kirjasto"
    )
    assert split_partners(text) == (
        person("Anna Virtanen", "rektor, Borgå gymnasium"),
        org("Borgå gymnasium"),
        person("Matti Meikäläinen", "kirjastonhoitaja, Vihdin kirjasto"),
        org("Vihdin kirjasto"),
    )


def test_a_person_and_title_without_organisation_is_a_person():
    assert split_partners("Minna Heino, kuvittaja") == (person("Minna Heino", "kuvittaja"),)


def test_titles_ending_in_a_person_are_one_person():
    text = "Paikallinen taiteilija, aforismikirjailija, sarjakuvapiirtäjä Minna-Karoliina Heino"
    assert split_partners(text) == (
        person(
            "Minna-Karoliina Heino", "Paikallinen taiteilija, aforismikirjailija, sarjakuvapiirtäjä"
        ),
    )


def test_after_the_people_the_line_is_read_as_usual():
    assert split_partners("Mika Luimula, Yliopettaja, Turku AMK, Savonia, neuvola") == (
        person("Mika Luimula", "Yliopettaja, Turku AMK"),
        org("Turku AMK"),
        org("Savonia"),
        unit("neuvola"),
    )


def test_a_titled_person_in_a_list_is_a_person():
    assert split_partners("Kuopion kaupunginkirjasto, kirjailija Anna Virtanen (Kuopio)") == (
        org("Kuopion kaupunginkirjasto"),
        person("Anna Virtanen", "kirjailija; Kuopio"),
    )


def test_a_bare_name_is_a_person_only_with_a_known_given_name():
    text = "Miina Sillanpää Seura, Aalto Design, Hanna Ahtosalo, Turku Game Lab, Pekka Puupää"
    assert split_partners(text) == (
        org("Miina Sillanpää Seura"),
        org("Aalto Design"),
        person("Hanna Ahtosalo"),
        org("Turku Game Lab"),
        person("Pekka Puupää"),
    )


@pytest.mark.parametrize(
    "name",
    ["Aalto Design", "Helmi Oy", "Minna Canthin koulu", "Anna Virtanen Ky", "Kaisa Talo"],
)
def test_a_given_name_alone_does_not_make_a_person(name):
    assert split_partners(name) == (org(name),)


def test_people_named_with_parentheses_couples_and_surname_first_are_persons():
    """A person is personal data: when in doubt between a bare given name and an organisation
    of that name, the person (the open release leaves it out); no person in a remark."""
    text = "kirjailija Timo Parvela, Anna-Liisa Virtanen (kuvittaja), Pekka ja Liisa Mäkinen"
    assert split_partners(text + ", Virtanen Matti") == (
        person("Timo Parvela", "kirjailija"),
        person("Anna-Liisa Virtanen", "kuvittaja"),
        person("Pekka"),
        person("Liisa Mäkinen"),
        person("Virtanen Matti"),
    )


def test_a_person_with_no_title_on_a_people_line_needs_a_given_name():
    assert split_partners("Minna Heino, kuvittaja, Kuopion Perheentalo, Turku Game Lab") == (
        person("Minna Heino", "kuvittaja, Kuopion Perheentalo"),
        org("Kuopion Perheentalo"),
        org("Turku Game Lab"),
    )


def test_the_given_names_are_a_table_of_common_finnish_and_swedish_names():
    assert 300 <= len(GIVEN_NAMES) <= 600
    assert {"Mika", "Hanna", "Minna", "Päivi", "Anders", "Karin"} <= GIVEN_NAMES
    assert "Aalto" not in GIVEN_NAMES
    assert all(re.fullmatch(r"[A-ZÅÄÖ][a-zåäö]+(?:-[A-ZÅÄÖ][a-zåäö]+)?", n) for n in GIVEN_NAMES)


# --- kinds, municipal units and institutions ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("yhdistykset", "associations"),
        ("erilaiset järjestöt", "associations"),
        ("Erilaiset järjestöt", "associations"),
        ("järjestöt", "associations"),
        ("koulut", "schools"),
        ("päiväkodit", "day-care"),
        ("kerhot", "clubs"),
        ("föreningar", "associations"),
        ("skolor", "schools"),
        ("kirjaston asiakkaat", "library-users"),
        ("asiakkaat", "library-users"),
        ("kuntalaiset", "library-users"),
        ("laitetoimittajat", "suppliers"),
        ("toimittajat", "suppliers"),
        ("muut kirjastot", "libraries"),
        ("vapaaehtoiset", "volunteers"),
        ("kirjailijat", "authors-and-artists"),
        ("paikalliset yritykset", "companies"),
        ("lapsiperheet", "families"),
        ("other libraries", "libraries"),
        ("Kuopion koulut", "schools"),
    ],
)
def test_a_kind_of_partner_is_a_kind(text, kind):
    assert split_partners(text) == (group(text, kind),)


@pytest.mark.parametrize(
    "text",
    [
        "neuvola",
        "neuvolat",
        "Neuvolat",
        "liikuntatoimi",
        "tekninen toimi",
        "Tekninen toimi",
        "kulttuuri- ja nuorisotoimi",
        "terveyskeskus",
        "sivistystoimi",
        "nuorisopalvelut",
        "varhaiskasvatus",
        "kotihoito",
        "kulturväsendet",
        "ungdomsväsendet",
        "kaupungin nuorisotoimi",
    ],
)
def test_a_municipal_service_without_its_municipality_is_a_municipal_unit(text):
    assert split_partners(text) == (unit(text),)


@pytest.mark.parametrize(
    "text",
    ["Ylöjärven kaupungin varhaiskasvatus", "Borgås ungdomsväsende", "Vantaan nuorisopalvelut"],
)
def test_a_municipal_service_of_a_named_municipality_is_an_organisation(text):
    assert split_partners(text) == (org(text),)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("seurakunta", "parishes"),
        ("kansalaisopisto", "adult-education"),
        ("lukio", "schools"),
        ("Seurakunta", "parishes"),
        ("paikallinen seurakunta", "parishes"),
        ("församlingen", "parishes"),
    ],
)
def test_one_unnamed_local_institution_is_an_organisation_of_its_kind(text, kind):
    assert split_partners(text) == (org(text, kind=kind),)


@pytest.mark.parametrize(
    "text", ["Kuopion seurakunta", "Kansalliskirjasto", "Savonia-ammattikorkeakoulu"]
)
def test_a_named_institution_is_an_organisation_without_kind(text):
    assert split_partners(text) == (org(text),)


# --- business IDs ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "0145626-1 (Forssan kaupunki)",
        "Forssan kaupunki (0145626-1)",
        "Forssan kaupunki, Y-tunnus 0145626-1",
        "Forssan kaupunki Y-tunnus: 0145626-1",
        "Forssan kaupunki (Y-tunnus 0145626-1)",
        "Forssan kaupunki, y-tunnus: 0145626 - 1",
        "Forssan kaupunki (Y-0145626-1)",
        "Forssan kaupunki, FO-nummer 0145626-1",
        "Y-tunnus: 0145626-1 (Forssan kaupunki)",
        "0145626-1, Forssan kaupunki",
        "Forssan kaupunki 014 5626-1",
    ],
)
def test_a_business_id_written_with_a_name_is_taken_out_of_it(text):
    assert split_partners(text) == (org("Forssan kaupunki", business_id="0145626-1"),)


def test_a_business_id_goes_with_its_own_name_in_a_list():
    text = "Lohjan kaupunki, Forssan kaupunki, Y-tunnus 0145626-1, yhdistykset"
    assert split_partners(text) == (
        org("Lohjan kaupunki"),
        org("Forssan kaupunki", business_id="0145626-1"),
        group("yhdistykset", "associations"),
    )


def test_a_business_id_keeps_the_other_remarks():
    assert split_partners("Forssan kaupunki (Forssa, Y-tunnus 0145626-1)") == (
        org("Forssan kaupunki", "Forssa", business_id="0145626-1"),
    )


def test_a_business_id_alone_is_its_own_name():
    assert split_partners("Y-tunnus 0145626-1") == (
        org("Y-tunnus 0145626-1", business_id="0145626-1"),
    )


def test_a_business_id_makes_an_organisation_of_what_else_would_be_a_kind():
    assert split_partners("seurakunta (0145626-1)") == (org("seurakunta", business_id="0145626-1"),)


@pytest.mark.parametrize(
    "text", ["Forssan kaupunki 014562-1", "Forssan kaupunki 01456261", "Forssan kaupunki 2012-2014"]
)
def test_what_is_not_a_business_id_stays_in_the_name(text):
    assert split_partners(text) == (org(text),)


def test_an_example_may_have_a_business_id():
    assert split_partners("yhdistykset esim. Turvalinkki ry (1234567-1), Martat ry") == (
        group("yhdistykset", "associations"),
        org("Turvalinkki ry", "yhdistykset esim.", "associations", "1234567-1"),
        org("Martat ry", "yhdistykset esim.", "associations"),
    )


# --- cut off --------------------------------------------------------------------------------


def test_the_last_partner_of_a_cut_off_text_is_cut_off():
    assert split_partners("Karkkilan kaupunginkirjasto, Tyrnävän ki", cut_off=True) == (
        org("Karkkilan kaupunginkirjasto"),
        cut("Tyrnävän ki"),
    )
    assert split_partners("Tyrnävän ki", cut_off=True) == (cut("Tyrnävän ki"),)


def test_a_text_not_cut_off_has_no_cut_off_partner():
    assert split_partners("Karkkilan kaupunginkirjasto, Tyrnävän ki") == (
        org("Karkkilan kaupunginkirjasto"),
        org("Tyrnävän ki"),
    )


def test_a_cut_off_swedish_page_of_municipal_units_kinds_and_institutions():
    text = "Neuvolat, MLL Urjalan yhdistys, seurakunta, kerhot, päiväkod"
    assert split_partners(text, cut_off=True) == (
        unit("Neuvolat"),
        org("MLL Urjalan yhdistys"),
        org("seurakunta", kind="parishes"),
        group("kerhot", "clubs"),
        cut("päiväkod"),
    )


def test_a_cut_off_fragment_is_kept_even_when_it_repeats_a_name():
    assert split_partners("Savonia, Kuopion kaupunki, Savonia", cut_off=True) == (
        org("Savonia"),
        org("Kuopion kaupunki"),
        cut("Savonia"),
    )


def test_a_cut_off_fragment_loses_kind_and_business_id_but_keeps_its_remark():
    assert split_partners("yhdistykset esim. Turvalinkki ry (1234567-1", cut_off=True) == (
        group("yhdistykset", "associations"),
        cut("Turvalinkki ry", "yhdistykset esim."),
    )


def test_a_cut_off_person_line():
    assert split_partners("Mika Luimula, Yliopettaja, Tur", cut_off=True) == (
        person("Mika Luimula", "Yliopettaja, Tur"),
        cut("Tur"),
    )


# --- clean-up -------------------------------------------------------------------------------


def test_a_name_given_twice_is_kept_once_with_its_first_remark():
    text = "Kuopion kaupunginkirjasto (pääkirjasto), Savonia\nkuopion kaupunginkirjasto (Kallavesi)"
    assert split_partners(text) == (
        org("Kuopion kaupunginkirjasto", "pääkirjasto"),
        org("Savonia"),
    )


def test_spaces_are_collapsed_and_punctuation_only_items_dropped():
    assert split_partners("Vihdin\xa0 kunnankirjasto ,  ???, -, Savonia ;") == (
        org("Vihdin kunnankirjasto"),
        org("Savonia"),
    )


# --- properties -----------------------------------------------------------------------------

WORDS = st.sampled_from(
    [
        "ja",
        "sekä",
        "että",
        "och",
        "esim.",
        "mm.",
        "kuten",
        "ry",
        "Oy",
        "Kuopion",
        "kaupungin",
        "markkinointi",
        "viestintä",
        "Mika",
        "Luimula",
        "Yliopettaja",
        "kirjailija",
        "Minna-Karoliina",
        "Turku",
        "AMK",
        "päiväkodit",
        "yhdistykset",
        "erilaiset",
        "seurakunta",
        "neuvola",
        "tekninen",
        "toimi",
        "kirjailijat",
        "Y-tunnus",
        "0145626-1",
        "0145626",
        "ammatti-",
        "lasten",
        "(",
        ")",
        "[",
        ",",
        ";",
        ":",
        "-",
        "•",
        "\n",
        "???",
    ]
)
TEXTS = st.lists(WORDS, max_size=25).map(" ".join) | st.text(max_size=60)


@given(TEXTS, st.booleans())
def test_never_an_empty_name_nor_a_duplicate_and_always_the_same(text, cut_off):
    partners = split_partners(text, cut_off=cut_off)
    assert partners == split_partners(text, cut_off=cut_off)
    for partner in partners:
        assert isinstance(partner, Partner)
        assert partner.name and partner.name == partner.name.strip()
        assert partner.name[-1] not in ".,;:!?"
        assert partner.remark is None or partner.remark.strip()
    kept = partners[:-1] if cut_off else partners  # a cut-off fragment may repeat a name
    names = [partner.name.casefold() for partner in kept]
    assert len(names) == len(set(names))


@given(TEXTS, st.booleans())
def test_categories_kinds_and_business_ids_are_well_formed(text, cut_off):
    for partner in split_partners(text, cut_off=cut_off):
        assert partner.category in CATEGORIES
        assert partner.kind is None or partner.kind in KINDS
        assert partner.category != "kind" or partner.kind is not None
        assert partner.business_id is None or re.fullmatch(r"\d{7}-\d", partner.business_id)


@given(TEXTS)
def test_cutting_off_changes_only_the_last_partner(text):
    whole = split_partners(text)
    ends_cut = split_partners(text, cut_off=True)
    assert "cut_off" not in [p.category for p in whole]
    if ends_cut:
        assert [p.category for p in ends_cut].index("cut_off") == len(ends_cut) - 1
        assert ends_cut[:-1] == whole[: len(ends_cut) - 1]
    else:
        assert whole == ()


# --- every real record ----------------------------------------------------------------------

SHARED = Path(__file__).resolve().parents[3] / "shared"
RECORDS = SHARED / "records"
SEEDS = SHARED / "seeds"
MISSING = f"the real page copies are not beside the project (looked in {RECORDS})"

# Decided by reading each text; (folder/file, section) -> the partners it names. A section
# that the page copy ends in is read with cut_off=True.
EXPECTED: dict[tuple[str, str], tuple[Partner, ...]] = {
    ("records/035_kohtaa-elava-kirjailija.txt", "working_group"): (
        # "Muut Lukki-kirjastot: Lohjan kaupunginkirjasto, Karkkilan kaupunginkirjasto"
        org("Lohjan kaupunginkirjasto", "Muut Lukki-kirjastot"),
        org("Karkkilan kaupunginkirjasto", "Muut Lukki-kirjastot"),
    ),
    ("records/051_sarjakuvapaja-koululaisille.txt", "working_group"): (
        # One person described by three titles.
        person(
            "Minna-Karoliina Heino", "Paikallinen taiteilija, aforismikirjailija, sarjakuvapiirtäjä"
        ),
    ),
    ("records/074_kestava-kehitys-kirjastossa.txt", "working_group"): (
        org("JJR-kirjasto", "Joroinen, Juva, Rantasalmi"),
        org("Kemijärven kaupunginkirjasto"),
        org("Kotkan kaupunginkirjasto"),
        org("Kuusamon kaupunginkirjasto"),
        org("Oulun kaupunginkirjasto-maakuntakirjasto"),
        org("Porvoon kaupunginkirjasto-Uudenmaan maakuntakirjasto"),
        org("Rääkkylän kunnankirjasto"),
        org("Vallilan kirjasto-Helsingin kaupunginkirjasto"),
        org("Varkauden kaupunginkirjasto"),
    ),
    ("records/092_juhlavuosi-yhdessa.txt", "partners"): (
        cut("Tyrnävän ki"),  # the page copy ends here
    ),
    ("records/119_koodipaja.txt", "partners"): (org("Turku Game Lab"),),
    ("records/119_koodipaja.txt", "working_group"): (
        person("Mika Luimula", "Yliopettaja, Turku AMK"),
        org("Turku AMK"),
        person("Hanna Ahtosalo", "Project Engineer, Turku Game Lab"),
        org("Turku Game Lab"),
    ),
    ("records/143_kirjasto-saapuu-paivakotiin.txt", "partners"): (
        cut("Ylöjärven kaupungin varha"),  # the page copy ends here
    ),
    ("records/156_ajanmukainen-kirjastoautopalvelu.txt", "partners"): (
        unit("terveyskeskus"),
        unit("neuvola"),
        unit("kulttuuri- ja nuorisotoimi"),
        unit("liikuntatoimi"),
        unit("tekninen toimi"),
        group("erilaiset järjestöt", "associations"),
        group("yhdistykset", "associations"),
    ),
    ("seeds/002_189ba8d91d5ac61a.txt", "partners"): (
        org("Karkkilan kaupunginkirjasto"),
        org("Vihdin kunnankirjasto"),
    ),
    ("seeds/003_e599603b441184a1.txt", "working_group"): (
        org("Savon ammatti- ja aikuisopisto"),
        group("yhdistykset", "associations"),
        org("Kuopio Tanssii ja Soi ry", "yhdistykset esim.", "associations"),
        org("Satamankulman taideyhdistys", "yhdistykset esim.", "associations"),
        org("Turvalinkki ry", "yhdistykset esim.", "associations"),
        org("Kuopion Perheentalo"),  # not recognisably an association: the examples end
        group("päiväkodit", "day-care"),
        org("Maljapuron päiväkoti", "päiväkodit esim.", "day-care"),
        org("Minnan päiväkoti", "päiväkodit esim.", "day-care"),
        org("Lehtoniemen päiväkoti", "päiväkodit esim.", "day-care"),
        org("Kuopion kaupungin markkinointi, viestintä ja asiakaspalvelut"),
        org("Kuopion kaupunginkirjaston Pop up -työryhmä"),
    ),
    ("seeds/004_2e6b8c7a8187e8e8.txt", "partners"): (
        # The other actors of a named service square: a group, not one organisation.
        group(
            "Ison Omenan palvelutorin muut toimijat",
            "actors",
            "espoo.fi/palvelutori; sekä kiinteästi palvelutorilla toimivat että sinne osana "
            "jalkautuvaa työtänsä hakeutuvat",
        ),
    ),
}

SECTIONS = ("partners", "working_group")


def _real_pages() -> list[Path]:
    return sorted(RECORDS.glob("*.txt")) + sorted(SEEDS.glob("*.txt"))


def _texts() -> dict[tuple[str, str], tuple[str, bool]]:
    """(folder/file, section) -> (text, whether the page copy ends in it), for every section."""
    texts: dict[tuple[str, str], tuple[str, bool]] = {}
    for path in _real_pages():
        record = parse_file(path)
        page = path.read_text(encoding="utf-8").rstrip()
        for section in SECTIONS:
            text = record.sections.get(section)
            if text is not None:
                cut_off = record.truncated and page.endswith(text.rstrip())
                texts[(f"{path.parent.name}/{path.name}", section)] = (text, cut_off)
    return texts


@pytest.fixture(scope="module")
def real_texts() -> dict[tuple[str, str], tuple[str, bool]]:
    if not RECORDS.is_dir():
        pytest.skip(MISSING)
    return _texts()


@pytest.mark.parametrize(
    ("page", "section"), sorted(EXPECTED), ids=[f"{p}:{s}" for p, s in sorted(EXPECTED)]
)
def test_real_record(real_texts, page, section):
    assert (page, section) in real_texts, f"{page} has no {section} text any more"
    text, cut_off = real_texts[(page, section)]
    assert split_partners(text, cut_off=cut_off) == EXPECTED[(page, section)]


def test_every_real_partner_text_has_an_expected_split(real_texts):
    assert sorted(real_texts) == sorted(EXPECTED)


def test_the_cut_off_real_sections_are_the_two_that_end_their_pages(real_texts):
    ends = sorted(key for key, (_, cut_off) in real_texts.items() if cut_off)
    assert ends == [
        ("records/092_juhlavuosi-yhdessa.txt", "partners"),
        ("records/143_kirjasto-saapuu-paivakotiin.txt", "partners"),
    ]
