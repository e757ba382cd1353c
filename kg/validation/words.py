"""The words of the validation report for people, in Finnish, Swedish and English.

    LANGUAGES                        -> the languages a report is written in
    words(lang)                      -> the frame: headings, labels, fold and fix phrases,
                                        what the data holds and the fitness levels
    count_phrase(lang, severity, n)  -> "3 violations", "1 virhe", "149 noteringar"
    fix_text(lang, fix)              -> what to do, in a sentence
    field_name(lang, path)           -> a record field as the pages label it: "Ansökningssumma"

Rule titles and messages are the shapes' own (sh:name, sh:message); this module holds the
rest, so that a report reads whole in one language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.records.labels import HEADINGS, LABELS, MONEY_BLOCKS

LANGUAGES = ("fi", "sv", "en")


@dataclass(frozen=True)
class Fix:
    """What to do about a value: its kind, the value to write and what it is.

    kind: "use" (write `value`, which the library's other records or a registry give),
    "check_digit" (`value` has the valid check digit after `stem`), "no_check_digit" (no check
    digit is valid after `stem`), "format" (write the value as `field` is written).
    `field` is the kind of value: business_id, isil, postal_code, email, date, amount.
    """

    kind: str
    field: str
    value: str | None = None
    stem: str | None = None


_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Validation report",
        "rules": "Rules",
        "none": "No findings: the data follows every rule.",
        "Violation.heading": "Violations",
        "Warning.heading": "Warnings",
        "Info.heading": "Infos",
        "Violation.one": "violation",
        "Violation.many": "violations",
        "Warning.one": "warning",
        "Warning.many": "warnings",
        "Info.one": "info",
        "Info.many": "infos",
        "library": "Library",
        "project": "Project",
        "record": "Record",
        "records": "Records",
        "line": "line",
        "lines": "lines",
        "value": "Value",
        "fix": "Fix",
        "same": "The same for {count} more",
        "and_more": "{items} and {count} more",
        "details": "kg validate --details lists each",
        "use": "write {value}, as the library's other records or a registry give it",
        "check_digit": (
            "the valid check digit after {stem} is {digit}: {value}; if another digit is "
            "mistyped, look the ID up in the business register (ytj.fi)"
        ),
        "no_check_digit": (
            "no check digit is valid after {stem}: a digit is mistyped; look the ID up in the "
            "business register (ytj.fi)"
        ),
        "format": "the expected form: {expected}",
        "format.business_id": "seven digits, a hyphen and the check digit, such as 0101263-6",
        "format.isil": "FI, a hyphen and the library's code, such as FI-Km",
        "format.postal_code": "five digits, such as 00100",
        "format.email": "one address, such as kirjasto@kunta.fi",
        "format.date": "day.month.year, such as 31.12.2017",
        "format.amount": "euros, thousands apart, such as 12 800 € or €12 800",
        "percent": "{value}%",
        "decimal_mark": ".",
        "holds": "What the data holds",
        "holds.records": "Records",
        "holds.cut_off": "Cut-off copies",
        "holds.with_money": "Records with amounts of money",
        "holds.with_dates": "Records with project dates",
        "holds.with_identifiers": "Records with an identifier (ISIL or business ID)",
        "holds.linked": "Records whose library is linked to a registry",
        "levels": "Records per fitness level",
        "level.none": "Below core",
        "level.none.asks": (
            "lacks a title, a call year or a library identified by its ISIL or business ID"
        ),
        "level.core": "Core",
        "level.core.asks": (
            "a title, a call year and a library identified by its ISIL or business ID"
        ),
        "level.money": "Money",
        "level.money.asks": (
            "core, and amounts of money that break no money rule (no violation, no warning)"
        ),
        "level.portal": "Portal",
        "level.portal.asks": (
            "money, and all the open release shows (the grant kind, the library's name, its "
            "business ID, a description or a goal) without a violation, in a copy not cut off"
        ),
        "level.linked": "Linked",
        "level.linked.asks": "portal, and the library is linked to a registry",
        "kept": "Values kept as written",
        "kept.about": (
            "Values the records write in a form that could not be read, or not as expected: "
            "the data keeps the text as written."
        ),
        "kept.none": "None: every value was read.",
        "kept.more": "and {count} more",
        "field": "Field",
        "text": "Text",
        "field.header": "Header line",
        "field.library.postal_code": "Library's postal code",
    },
    "fi": {
        "title": "Tarkistusraportti",
        "rules": "Säännöt",
        "none": "Ei havaintoja: aineisto noudattaa kaikkia sääntöjä.",
        "Violation.heading": "Virheet",
        "Warning.heading": "Varoitukset",
        "Info.heading": "Huomiot",
        "Violation.one": "virhe",
        "Violation.many": "virhettä",
        "Warning.one": "varoitus",
        "Warning.many": "varoitusta",
        "Info.one": "huomio",
        "Info.many": "huomiota",
        "library": "Kirjasto",
        "project": "Hanke",
        "record": "Tietue",
        "records": "Tietueet",
        "line": "rivi",
        "lines": "rivit",
        "value": "Arvo",
        "fix": "Korjaus",
        "same": "Sama koskee {count} muuta",
        "and_more": "{items} ja {count} muuta",
        "details": "kg validate --details luettelee jokaisen",
        "use": "kirjoita {value}, kuten kirjaston muut tietueet tai rekisteri sen antavat",
        "check_digit": (
            "oikea tarkistusnumero numeroiden {stem} perään on {digit}: {value}; jos jokin muu "
            "numero on kirjoitettu väärin, katso tunnus yritysrekisteristä (ytj.fi)"
        ),
        "no_check_digit": (
            "mikään tarkistusnumero ei kelpaa numeroiden {stem} perään: jokin numero on "
            "kirjoitettu väärin; katso tunnus yritysrekisteristä (ytj.fi)"
        ),
        "format": "oikea muoto: {expected}",
        "format.business_id": "seitsemän numeroa, yhdysmerkki ja tarkistusnumero, esim. 0101263-6",
        "format.isil": "FI, yhdysmerkki ja kirjaston tunnus, esim. FI-Km",
        "format.postal_code": "viisi numeroa, esim. 00100",
        "format.email": "yksi osoite, esim. kirjasto@kunta.fi",
        "format.date": "päivä.kuukausi.vuosi, esim. 31.12.2017",
        "format.amount": "euroina, tuhannet erotettuina, esim. 12 800 €",
        "percent": "{value} %",
        "decimal_mark": ",",
        "holds": "Mitä aineistossa on",
        "holds.records": "Tietueita",
        "holds.cut_off": "Katkenneita kopioita",
        "holds.with_money": "Tietueita, joissa on rahasummia",
        "holds.with_dates": "Tietueita, joissa on hankkeen päivämääriä",
        "holds.with_identifiers": (
            "Tietueita, joissa on kirjaston tunnus (ISIL-tunnus tai Y-tunnus)"
        ),
        "holds.linked": "Tietueita, joiden kirjasto on linkitetty rekisteriin",
        "levels": "Tietueet laatutasoittain",
        "level.none": "Alle perustason",
        "level.none.asks": (
            "tietueesta puuttuu otsikko, hakuvuosi tai kirjasto, jonka ISIL-tunnus tai Y-tunnus "
            "on annettu"
        ),
        "level.core": "Perustiedot",
        "level.core.asks": (
            "otsikko, hakuvuosi ja kirjasto, jonka ISIL-tunnus tai Y-tunnus on annettu"
        ),
        "level.money": "Rahatiedot",
        "level.money.asks": (
            "perustiedot sekä rahasummat, joista rahasäännöt eivät löydä virhettä eivätkä "
            "varoitusta"
        ),
        "level.portal": "Portaalikelpoinen",
        "level.portal.asks": (
            "rahatiedot sekä kaikki, mitä avoin julkaisu näyttää (avustuslaji, kirjaston nimi, "
            "sen Y-tunnus, kuvaus tai tavoite), ilman virheitä, eikä kopio ole katkennut"
        ),
        "level.linked": "Rekisteriin linkitetty",
        "level.linked.asks": "portaalikelpoinen, ja kirjasto on linkitetty rekisteriin",
        "kept": "Kirjoitetussa muodossa säilytetyt arvot",
        "kept.about": (
            "Arvot, joita tietueissa ei voitu lukea tai jotka oli kirjoitettu odottamattomasti: "
            "aineisto säilyttää tekstin sellaisenaan."
        ),
        "kept.none": "Ei yhtään: jokainen arvo luettiin.",
        "kept.more": "ja {count} muuta",
        "field": "Kenttä",
        "text": "Teksti",
        "field.header": "Otsikkorivi",
        "field.library.postal_code": "Kirjaston postinumero",
    },
    "sv": {
        "title": "Valideringsrapport",
        "rules": "Regler",
        "none": "Inga fynd: data följer alla regler.",
        "Violation.heading": "Fel",
        "Warning.heading": "Varningar",
        "Info.heading": "Noteringar",
        "Violation.one": "fel",
        "Violation.many": "fel",
        "Warning.one": "varning",
        "Warning.many": "varningar",
        "Info.one": "notering",
        "Info.many": "noteringar",
        "library": "Bibliotek",
        "project": "Projekt",
        "record": "Post",
        "records": "Poster",
        "line": "rad",
        "lines": "rader",
        "value": "Värde",
        "fix": "Åtgärd",
        "same": "Detsamma gäller {count} till",
        "and_more": "{items} och {count} till",
        "details": "kg validate --details listar var och en",
        "use": "skriv {value}, så som bibliotekets andra poster eller ett register anger det",
        "check_digit": (
            "den giltiga kontrollsiffran efter {stem} är {digit}: {value}; om en annan siffra "
            "är felskriven, slå upp numret i företagsregistret (ytj.fi)"
        ),
        "no_check_digit": (
            "ingen kontrollsiffra är giltig efter {stem}: en siffra är felskriven; slå upp "
            "numret i företagsregistret (ytj.fi)"
        ),
        "format": "rätt form: {expected}",
        "format.business_id": "sju siffror, ett bindestreck och kontrollsiffran, t.ex. 0101263-6",
        "format.isil": "FI, ett bindestreck och bibliotekets kod, t.ex. FI-Km",
        "format.postal_code": "fem siffror, t.ex. 00100",
        "format.email": "en adress, t.ex. bibliotek@kommun.fi",
        "format.date": "dag.månad.år, t.ex. 31.12.2017",
        "format.amount": "i euro, tusental åtskilda, t.ex. 12 800 €",
        "percent": "{value} %",
        "decimal_mark": ",",
        "holds": "Vad data innehåller",
        "holds.records": "Poster",
        "holds.cut_off": "Avkortade kopior",
        "holds.with_money": "Poster med belopp",
        "holds.with_dates": "Poster med projektets datum",
        "holds.with_identifiers": "Poster med bibliotekets kod (ISIL-kod eller FO-nummer)",
        "holds.linked": "Poster vars bibliotek är länkat till ett register",
        "levels": "Poster per kvalitetsnivå",
        "level.none": "Under grundnivån",
        "level.none.asks": (
            "saknar titel, ansökningsår eller ett bibliotek som anges med ISIL-kod eller FO-nummer"
        ),
        "level.core": "Grundnivå",
        "level.core.asks": (
            "titel, ansökningsår och ett bibliotek som anges med ISIL-kod eller FO-nummer"
        ),
        "level.money": "Beloppsnivå",
        "level.money.asks": (
            "grundnivån och belopp som inte bryter mot någon beloppsregel (inga fel, inga "
            "varningar)"
        ),
        "level.portal": "Portalnivå",
        "level.portal.asks": (
            "beloppsnivån och allt som den öppna utgåvan visar (understödstyp, bibliotekets "
            "namn, dess FO-nummer, en beskrivning eller ett mål) utan fel, i en kopia som inte "
            "är avkortad"
        ),
        "level.linked": "Registerlänkad",
        "level.linked.asks": "portalnivån, och biblioteket är länkat till ett register",
        "kept": "Värden som sparats som de skrivits",
        "kept.about": (
            "Värden som posterna skriver i en form som inte kunde läsas, eller inte som väntat: "
            "data sparar texten som den skrivits."
        ),
        "kept.none": "Inga: varje värde lästes.",
        "kept.more": "och {count} till",
        "field": "Fält",
        "text": "Text",
        "field.header": "Rubrikraden",
        "field.library.postal_code": "Bibliotekets postnummer",
    },
}


def words(lang: str) -> dict[str, str]:
    """Return the frame's words in `lang` (one of LANGUAGES)."""
    return _WORDS[lang]


def count_phrase(lang: str, severity: str, count: int) -> str:
    """Return "`count` findings of `severity`" in `lang`: "1 violation", "3 virhettä"."""
    return f"{count} {_WORDS[lang][severity + ('.one' if count == 1 else '.many')]}"


def field_name(lang: str, path: str) -> str:
    """Return the record field `path` ("application.requested") as people of `lang` know it.

    Finnish and Swedish: the label the pages write for it ("Ansökningssumma"), after the
    heading of its money block where the same label stands in two ("Toteutunut rahoitus:
    Oma rahoitus yhteensä"); a field without a label on the pages of `lang` takes the
    frame's word, else the Finnish label. English: the path in words ("Application:
    requested"), as pages asked for in English show the Finnish labels.
    """
    said = _WORDS[lang]
    if f"field.{path}" in said:
        return said[f"field.{path}"]
    if lang == "en":
        return _path_in_words(path)
    block, _, name = path.rpartition(".")
    labels = {label.lang: label.text for label in LABELS if label.field in (path, f"@.{name}")}
    label = labels.get(lang) or labels.get("fi") or labels.get("sv")
    if label is None:
        return _path_in_words(path)
    label = label.rstrip(" .:")
    if block in MONEY_BLOCKS:
        headings = {h.lang: h.text for h in HEADINGS if h.block == block}
        return f"{headings.get(lang) or headings['fi']}: {label}"
    return label


def _path_in_words(path: str) -> str:
    """Return "Application: requested" of "application.requested", "Start date" of "start_date"."""
    text = ": ".join(part.replace("_", " ") for part in path.split(".")).capitalize()
    return re.sub(r"\b(isil|id)\b", lambda match: match.group(1).upper(), text)


def fix_text(lang: str, fix: Fix) -> str:
    """Return what to do about a value, in a sentence of `lang`."""
    said = _WORDS[lang]
    if fix.kind == "format":
        return said["format"].format(expected=said["format." + fix.field])
    digit = fix.value[-1] if fix.value else ""
    return said[fix.kind].format(value=fix.value, stem=fix.stem, digit=digit)
