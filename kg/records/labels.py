"""The label table: every field label and heading seen on project pages, in Finnish and Swedish.

This module is data. Each `Label` names the exact text of a label (trailing space or NBSP
removed, the space before the colon kept as written) and the record field it fills; each
`Heading` opens a block of the page. Pages asked for in English show the Finnish labels, so
there is no English set. `../shared/records/LABELS.md` is the inventory behind this table.

A field path is `group.name` into the Record (`library.isil`, `sections.goal`,
`application.requested`); a path that starts with `@.` is resolved in the money block the
label stands in (`Oma rahoitus yhteensä:` is own funding of the application or of the
realized budget, depending on the heading above it).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    """How the text under a label is read."""

    CREDIT = "credit"  # image credit, then (on the same page position) the library name
    LINE = "line"  # one line of text: a name, a phone number
    ADDRESS = "address"  # street or PO box line(s), then the postal code
    EMAIL = "email"
    ISIL = "isil"
    BUSINESS_ID = "business_id"
    TEXT = "text"  # free text that keeps its paragraphs
    DATE = "date"
    MONEY = "money"
    GRANTED = "granted"  # an amount, then the decision text
    COUNT = "count"


@dataclass(frozen=True)
class Field:
    """A field of the Record that a label fills, and how its text is read."""

    path: str
    kind: Kind
    unit: str | None = None  # how the page writes a count's unit, for COUNT fields


@dataclass(frozen=True)
class Label:
    """The exact text of a label on the page and the field it fills."""

    text: str
    lang: str
    field: str


@dataclass(frozen=True)
class Heading:
    """A line without a value that opens a block of the page (money, statistics, decision)."""

    text: str
    lang: str
    block: str


FIELDS: dict[str, Field] = {
    spec.path: spec
    for spec in (
        Field("image_credit", Kind.CREDIT),
        Field("library.address", Kind.ADDRESS),
        Field("library.phone", Kind.LINE),
        Field("library.email", Kind.EMAIL),
        Field("library.isil", Kind.ISIL),
        Field("library.business_id", Kind.BUSINESS_ID),
        Field("contact.name", Kind.LINE),
        Field("contact.phone", Kind.LINE),
        Field("contact.email", Kind.EMAIL),
        Field("sections.goal", Kind.TEXT),
        Field("sections.indicators", Kind.TEXT),
        Field("sections.description", Kind.TEXT),
        Field("sections.partners", Kind.TEXT),
        Field("sections.working_group", Kind.TEXT),
        Field("sections.previous_projects", Kind.TEXT),
        Field("sections.activities_and_evaluation", Kind.TEXT),
        Field("sections.publications", Kind.TEXT),
        Field("sections.assessment", Kind.TEXT),
        Field("sections.follow_up", Kind.TEXT),
        Field("sections.additional_info", Kind.TEXT),
        Field("sections.region", Kind.TEXT),
        Field("sections.target_area", Kind.TEXT),
        Field("start_date", Kind.DATE),
        Field("end_date", Kind.DATE),
        Field("application.requested", Kind.MONEY),
        Field("application.own_funding", Kind.MONEY),
        Field("application.total_budget", Kind.MONEY),
        Field("application.other_applied", Kind.MONEY),
        Field("application.other_received", Kind.MONEY),
        Field("realized.total_budget", Kind.MONEY),
        Field("realized.own_funding", Kind.MONEY),
        Field("realized.external_funding", Kind.MONEY),
        Field("realized.partner_contribution", Kind.MONEY),
        Field("statistics.trainings", Kind.COUNT, unit="kpl/st."),
        Field("statistics.training_participants", Kind.COUNT, unit="henkilö/person"),
        Field("statistics.events", Kind.COUNT, unit="kpl/st."),
        Field("statistics.event_participants", Kind.COUNT, unit="henkilö/person"),
        Field("granted", Kind.GRANTED),
    )
}

MONEY_BLOCKS = ("application", "realized")

LABELS: tuple[Label, ...] = (
    Label("Kuvan lähde:", "fi", "image_credit"),
    Label("Bildens ursprung:", "sv", "image_credit"),
    Label("Kirjaston osoite :", "fi", "library.address"),
    Label("Bibliotekets adress :", "sv", "library.address"),
    Label("Kirjaston puhelin :", "fi", "library.phone"),
    Label("Bibliotekets telefonnummer :", "sv", "library.phone"),
    Label("Kirjaston sähköposti :", "fi", "library.email"),
    Label("Bibliotekets e-postadress :", "sv", "library.email"),
    Label("ISIL-tunnus :", "fi", "library.isil"),
    Label("ISIL-kod :", "sv", "library.isil"),
    Label("Y-tunnus :", "fi", "library.business_id"),
    Label("FO-nummer :", "sv", "library.business_id"),
    Label("Yhteyshenkilön nimi :", "fi", "contact.name"),
    Label("Ansvarsperson :", "sv", "contact.name"),
    Label("Puhelin :", "fi", "contact.phone"),
    Label("Telefonnummer :", "sv", "contact.phone"),
    Label("Sähköposti :", "fi", "contact.email"),
    Label("E-post :", "sv", "contact.email"),
    Label("Hankkeen tavoite:", "fi", "sections.goal"),
    Label("Projektets målsättning:", "sv", "sections.goal"),
    Label("Tavoitteen seurannan mittarit:", "fi", "sections.indicators"),
    Label("Indikatorer för uppföljning av målsättningen:", "sv", "sections.indicators"),
    Label("Kuvaus :", "fi", "sections.description"),
    Label("Projektbeskrivning :", "sv", "sections.description"),
    Label("Yhteistyökumppanin nimi/nimet:", "fi", "sections.partners"),
    Label("Samarbetspartner/s:", "sv", "sections.partners"),
    # "Partners, working group": a field of its own, a page can have it beside the partners.
    Label("Yhteistyökumppanit, työryhmä:", "fi", "sections.working_group"),
    Label("Aiemmat hankkeet:", "fi", "sections.previous_projects"),
    Label("Tidigare projekt:", "sv", "sections.previous_projects"),
    Label("Toiminnan kuvaus ja hankkeen arviointi:", "fi", "sections.activities_and_evaluation"),
    Label("Verkkosivut, tuotetut julkaisut ja materiaalit:", "fi", "sections.publications"),
    Label("Webbsidor, publikationer och material:", "sv", "sections.publications"),
    Label("Arvioi toimenpiteitä ja vaikutuksia:", "fi", "sections.assessment"),
    Label("Åtgärder och önskade inverkningar:", "sv", "sections.assessment"),
    Label("Jatkotoimenpiteet:", "fi", "sections.follow_up"),
    Label("Fortsatta åtgärder:", "sv", "sections.follow_up"),
    Label("Ytterligare information:", "sv", "sections.additional_info"),
    Label("Aloituspäivämäärä :", "fi", "start_date"),
    Label("Projektet börjar :", "sv", "start_date"),
    Label("Lopetuspäivämäärä :", "fi", "end_date"),
    Label("Projektet avslutas :", "sv", "end_date"),
    Label("Haettava avustus yhteensä:", "fi", "application.requested"),
    Label("Ansökningssumma:", "sv", "application.requested"),
    Label("Oma rahoitus yhteensä:", "fi", "@.own_funding"),
    Label("Egen finansiering:", "sv", "@.own_funding"),
    Label("Budjetti euroissa yhteensä:", "fi", "application.total_budget"),
    Label("Budget sammanlagt:", "sv", "@.total_budget"),
    Label("Haettu muu avustus:", "fi", "application.other_applied"),
    Label("Övriga understöd som ansökts:", "sv", "application.other_applied"),
    Label("Saatu muu avustus:", "fi", "application.other_received"),
    Label("Övriga understöd som beviljats:", "sv", "application.other_received"),
    Label("Koko budjetti:", "fi", "realized.total_budget"),
    Label("Muualta saatu avustus:", "fi", "realized.external_funding"),
    Label("Extern finansiering:", "sv", "realized.external_funding"),
    Label("Yhteistyökumppanin rahoitusosuus:", "fi", "realized.partner_contribution"),
    Label("Bidrag från samarbetspartners:", "sv", "realized.partner_contribution"),
    Label("Koulutustilaisuudet:", "fi", "statistics.trainings"),
    Label("Utbildningar:", "sv", "statistics.trainings"),
    Label("Koulutuksiin osallistujia:", "fi", "statistics.training_participants"),
    Label("Antalet deltagare i utbildningar:", "sv", "statistics.training_participants"),
    Label("Tapahtumien lukumäärä:", "fi", "statistics.events"),
    Label("Antalet evenemang:", "sv", "statistics.events"),
    Label("Tapahtumiin osallistujat:", "fi", "statistics.event_participants"),
    Label("Antalet deltagare i evenemang:", "sv", "statistics.event_participants"),
    Label("Myönnetty avustus euroissa.:", "fi", "granted"),
    Label("Beviljat stöd i euro:", "sv", "granted"),
    # Seen once, on a 2013 page that was not funded, where the money blocks would be.
    Label("Maakunta", "fi", "sections.region"),
    Label("Kohdealue", "fi", "sections.target_area"),
)

HEADINGS: tuple[Heading, ...] = (
    Heading("Anomuksen rahoitus", "fi", "application"),
    Heading("Finansiering av ansökan", "sv", "application"),
    Heading("Toteutunut rahoitus", "fi", "realized"),
    Heading("Förverkligad finansiering", "sv", "realized"),
    Heading("Tilastot:", "fi", "statistics"),
    Heading("Statistik:", "sv", "statistics"),
    Heading("Päätös", "fi", "decision"),
    Heading("Beslut", "sv", "decision"),
)

# Labels without a colon look like ordinary lines of free text; they count as labels only
# where they can stand: in the lower part of a page, or right before another label.
GUARDED_LABELS = frozenset(label.text for label in LABELS if not label.text.endswith(":"))

# The tags that end a page; other lower-case words there count as tags only on a complete page.
KNOWN_TAGS = frozenset({"okm", "avi"})

# The header line: "Vuoden 2016 AVI-hanke   (Hanke on saanut rahoitusta)".
HEADER_WORDS = {"Vuoden": "fi", "År": "sv"}
KIND_SUFFIXES = {"fi": "-hanke", "sv": "-ansökan"}
UNTRANSLATED_KINDS = frozenset({"Hyvä käytänne"})
STATUS_PHRASES: dict[str, tuple[str, bool]] = {
    "Hanke on saanut rahoitusta": ("fi", True),
    "Ei saanut rahoitusta": ("fi", False),
    "Projekt fått finansiering": ("sv", True),
    "Ej finansiering": ("sv", False),
}

LABEL_BY_TEXT: dict[str, Label] = {label.text: label for label in LABELS}
HEADING_BY_TEXT: dict[str, Heading] = {heading.text: heading for heading in HEADINGS}


def programme_of_kind(kind: str) -> str:
    """Return the programme as written in a header's kind: `AVI-hanke` -> `AVI`."""
    for suffix in KIND_SUFFIXES.values():
        if kind.endswith(suffix) and len(kind) > len(suffix):
            return kind[: -len(suffix)]
    return kind


def render_header(lang: str, year: int, programme: str, funded: bool | None) -> str | None:
    """Write the header line the way a page in `lang` writes it (None when it cannot be said)."""
    word = next((w for w, language in HEADER_WORDS.items() if language == lang), None)
    status = next(
        (
            p
            for p, (language, value) in STATUS_PHRASES.items()
            if language == lang and value == funded
        ),
        None,
    )
    if word is None or status is None:
        return None
    kind = programme if programme in UNTRANSLATED_KINDS else programme + KIND_SUFFIXES[lang]
    return f"{word} {year} {kind} ({status})"
