"""The column dictionary of the CSV release: every table, every column, in fi, sv and en.

    TABLES            projects.csv, amounts.csv, libraries.csv, partnerships.csv (this order)
    table(file)       -> the Table of that file name (KeyError otherwise)
    LANGUAGES         ("fi", "sv", "en"): the languages of every title and description

Each table is the result of a stored query (`Table.query`, in queries/), its columns that
query's SELECT variables in order. What a column holds is said once here, and the CSVW
metadata, the Data Package and the spreadsheet are written from it.

The CSVW templates make CSVW-to-RDF of a table give the graph's own IRIs and predicates, and
only triples the graph holds: a column with a `property_url` states the triple (about_url or
the table's about_url, property_url, the cell or value_url) exactly as the graph has it. A
column without one holds a value the graph does not state of that subject as it stands (a
name stripped of its language tag, a value one step further along a path, a count), and
CSVW-to-RDF leaves it out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kg.export.choices import LANGUAGES as LANGUAGES  # the tables' languages, re-exported
from kg.vocab import KG, ORG, RDF, SCHEMA


@dataclass(frozen=True)
class Column:
    """One column of a table: the query's variable, what people read of it, its RDF meaning.

    `property_url`, `value_url` and `about_url` are RFC 6570 templates (CSVW); `about_url`
    overrides the table's for this column. A column with no `property_url` is left out of
    CSVW-to-RDF (suppressOutput). `separator` splits a list column ("fi sv").
    """

    name: str
    titles: Mapping[str, str]
    descriptions: Mapping[str, str]
    datatype: str
    required: bool = False
    property_url: str | None = None
    value_url: str | None = None
    separator: str | None = None
    about_url: str | None = None

    @property
    def in_rdf(self) -> bool:
        """Return whether CSVW-to-RDF writes this column's triple (it has a property_url)."""
        return self.property_url is not None


@dataclass(frozen=True)
class Table:
    """One CSV file of the release: the query that makes it, its columns and its keys."""

    file: str
    query: str
    titles: Mapping[str, str]
    descriptions: Mapping[str, str]
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...]
    about_url: str | None = None

    def column(self, name: str) -> Column:
        """Return the column called `name` (KeyError otherwise)."""
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"{self.file} has no column {name!r}")


def _texts(fi: str, sv: str, en: str) -> dict[str, str]:
    return {"fi": fi, "sv": sv, "en": en}


def _iri_of(name: str) -> str:
    """Return the template of a column holding a whole IRI (reserved expansion keeps : and /)."""
    return "{+" + name + "}"


_TYPE = RDF.type.value

PROJECTS = Table(
    file="projects.csv",
    query="export_projects",
    titles=_texts("Hankkeet", "Projekt", "Projects"),
    descriptions=_texts(
        "Yksi rivi kutakin hanketta kohden: nimi, hakukierros, hakijakirjasto, rahoitus ja "
        "loppuraportin tilastot.",
        "En rad per projekt: namn, ansökningsomgång, sökande bibliotek, finansiering och "
        "slutrapportens statistik.",
        "One row per project: its title, call, applicant library, money and the statistics "
        "of its final report.",
    ),
    about_url=_iri_of("project"),
    primary_key=("project",),
    foreign_keys=((("library",), "libraries.csv", ("library",)),),
    columns=(
        Column(
            "project",
            _texts("Hanke (IRI)", "Projekt (IRI)", "Project (IRI)"),
            _texts(
                "Hankkeen IRI-tunniste tietograafissa.",
                "Projektets IRI i kunskapsgrafen.",
                "The project's IRI in the knowledge graph.",
            ),
            "anyURI",
            required=True,
            property_url=_TYPE,
            value_url=KG.Project.value,
        ),
        Column(
            "title",
            _texts("Nimi", "Namn", "Title"),
            _texts(
                "Hankkeen nimi; jos nimiä on usealla kielellä, aakkosjärjestyksessä ensimmäinen.",
                "Projektets namn; finns det namn på flera språk, det första i alfabetisk ordning.",
                "The project's title; where it has titles in several languages, the first in "
                "alphabetical order.",
            ),
            "string",
        ),
        Column(
            "call_year",
            _texts("Hakukierroksen vuosi", "Ansökningsomgångens år", "Call year"),
            _texts(
                "Sen hakukierroksen vuosi, jolla hankkeelle haettiin avustusta.",
                "Året för den ansökningsomgång där projektet sökte understöd.",
                "The year of the funding call in which the project applied for a grant.",
            ),
            "gYear",
            property_url=KG.callYear.value,
        ),
        Column(
            "programme",
            _texts(
                "Rahoitusohjelma (IRI)", "Finansieringsprogram (IRI)", "Funding programme (IRI)"
            ),
            _texts(
                "Sen rahoitusohjelman IRI-tunniste, jonka hakukierrokseen hanke kuuluu.",
                "IRI för det finansieringsprogram vars ansökningsomgång projektet hör till.",
                "The IRI of the funding programme whose call the project belongs to.",
            ),
            "anyURI",
        ),
        Column(
            "programme_name",
            _texts("Rahoitusohjelman nimi", "Finansieringsprogrammets namn", "Funding programme"),
            _texts(
                "Rahoitusohjelman nimi (suomeksi, ellei toisin pyydetä), ei hankesivun "
                "otsikkorivin lyhennettä.",
                "Finansieringsprogrammets namn (på finska om inget annat begärs), inte "
                "förkortningen i projektsidans rubrik.",
                "The funding programme's name (in Finnish unless another language is asked "
                "for), not the abbreviation in the page's header.",
            ),
            "string",
        ),
        Column(
            "funded",
            _texts("Rahoitettu", "Finansierat", "Funded"),
            _texts(
                "Saiko hanke avustusta (true) vai ei (false).",
                "Om projektet fick understöd (true) eller inte (false).",
                "Whether the project was granted funding (true) or not (false).",
            ),
            "boolean",
            property_url=KG.funded.value,
        ),
        Column(
            "start_date",
            _texts("Alkamispäivä", "Startdatum", "Start date"),
            _texts(
                "Päivä, jona hanke alkoi.",
                "Den dag då projektet började.",
                "The day the project began.",
            ),
            "date",
            property_url=SCHEMA.startDate.value,
        ),
        Column(
            "end_date",
            _texts("Päättymispäivä", "Slutdatum", "End date"),
            _texts(
                "Päivä, jona hanke päättyi.",
                "Den dag då projektet slutade.",
                "The day the project ended.",
            ),
            "date",
            property_url=SCHEMA.endDate.value,
        ),
        Column(
            "library",
            _texts("Hakijakirjasto (IRI)", "Sökande bibliotek (IRI)", "Applicant library (IRI)"),
            _texts(
                "Avustusta hakeneen kirjaston IRI-tunniste (rivi kirjastotaulukossa).",
                "IRI för det bibliotek som sökte understödet (en rad i bibliotekstabellen).",
                "The IRI of the library that applied for the grant (a row of the libraries table).",
            ),
            "anyURI",
            property_url=KG.applicant.value,
            value_url=_iri_of("library"),
        ),
        Column(
            "library_name",
            _texts("Hakijakirjaston nimi", "Det sökande bibliotekets namn", "Applicant library"),
            _texts(
                "Avustusta hakeneen kirjaston nimi.",
                "Namnet på det bibliotek som sökte understödet.",
                "The name of the library that applied for the grant.",
            ),
            "string",
        ),
        Column(
            "isil",
            _texts("ISIL-tunnus", "ISIL-kod", "ISIL"),
            _texts(
                "Hakijakirjaston ISIL-tunnus (kansainvälinen kirjastotunnus).",
                "Det sökande bibliotekets ISIL-kod (internationell biblioteksidentifierare).",
                "The applicant library's ISIL (International Standard Identifier for Libraries).",
            ),
            "string",
        ),
        Column(
            "business_id",
            _texts("Y-tunnus", "FO-nummer", "Business ID"),
            _texts(
                "Sen kunnan tai muun ylläpitäjän Y-tunnus, jonka yksikkö hakijakirjasto on.",
                "FO-numret för den kommun eller annan huvudman som det sökande biblioteket "
                "hör till.",
                "The Finnish business ID of the municipality or other legal body the "
                "applicant library is a unit of.",
            ),
            "string",
        ),
        Column(
            "requested",
            _texts("Haettu avustus (€)", "Ansökt understöd (€)", "Grant requested (€)"),
            _texts(
                "Hakemuksessa haettu avustus euroina.",
                "Det understöd som söktes i ansökan, i euro.",
                "The grant asked for in the application, in euros.",
            ),
            "decimal",
        ),
        Column(
            "own_funding",
            _texts("Oma rahoitus (€)", "Egen finansiering (€)", "Own funding (€)"),
            _texts(
                "Hakijan oma rahoitusosuus hakemuksen mukaan euroina.",
                "Den sökandes egen finansiering enligt ansökan, i euro.",
                "The applicant's own funding according to the application, in euros.",
            ),
            "decimal",
        ),
        Column(
            "total_budget",
            _texts("Kokonaisbudjetti (€)", "Total budget (€)", "Total budget (€)"),
            _texts(
                "Hankkeen kokonaisbudjetti hakemuksen mukaan euroina.",
                "Projektets totala budget enligt ansökan, i euro.",
                "The project's total budget according to the application, in euros.",
            ),
            "decimal",
        ),
        Column(
            "granted",
            _texts("Myönnetty avustus (€)", "Beviljat understöd (€)", "Grant awarded (€)"),
            _texts(
                "Avustuspäätöksellä myönnetty avustus euroina.",
                "Det understöd som beviljades genom beslutet, i euro.",
                "The grant awarded by the funding decision, in euros.",
            ),
            "decimal",
        ),
        Column(
            "realized_total_budget",
            _texts(
                "Toteutunut kokonaisbudjetti (€)",
                "Förverkligad total budget (€)",
                "Realised total budget (€)",
            ),
            _texts(
                "Loppuraportin mukainen toteutunut kokonaisbudjetti euroina; tyhjä, jos "
                "loppuraportin summat ovat kaikki nollia.",
                "Den förverkligade totala budgeten enligt slutrapporten, i euro; tom om "
                "slutrapportens belopp alla är noll.",
                "The total budget realised according to the final report, in euros; blank "
                "when the report's amounts are all zero.",
            ),
            "decimal",
        ),
        Column(
            "events",
            _texts("Tapahtumat", "Evenemang", "Events"),
            _texts(
                "Tapahtumien määrä loppuraportin tilastoissa.",
                "Antalet evenemang i slutrapportens statistik.",
                "The number of events in the final report's statistics.",
            ),
            "integer",
        ),
        Column(
            "event_participants",
            _texts("Tapahtumiin osallistujat", "Deltagare i evenemang", "Event participants"),
            _texts(
                "Tapahtumiin osallistuneiden henkilöiden määrä loppuraportin mukaan.",
                "Antalet personer som deltog i evenemangen enligt slutrapporten.",
                "The number of people who took part in the events, according to the final report.",
            ),
            "integer",
        ),
        Column(
            "trainings",
            _texts("Koulutustilaisuudet", "Utbildningar", "Trainings"),
            _texts(
                "Koulutustilaisuuksien määrä loppuraportin tilastoissa.",
                "Antalet utbildningstillfällen i slutrapportens statistik.",
                "The number of training sessions in the final report's statistics.",
            ),
            "integer",
        ),
        Column(
            "training_participants",
            _texts(
                "Koulutuksiin osallistujat", "Deltagare i utbildningar", "Training participants"
            ),
            _texts(
                "Koulutuksiin osallistuneiden henkilöiden määrä loppuraportin mukaan.",
                "Antalet personer som deltog i utbildningarna enligt slutrapporten.",
                "The number of people who took part in the trainings, according to the final "
                "report.",
            ),
            "integer",
        ),
        Column(
            "languages",
            _texts("Kielet", "Språk", "Languages"),
            _texts(
                "Hankkeen tekstien kielikoodit (en, fi, sv) välilyönnein erotettuina.",
                "Språkkoderna för projektets texter (en, fi, sv), åtskilda av mellanslag.",
                "The language codes of the project's texts (en, fi, sv), separated by spaces.",
            ),
            "string",
            property_url=SCHEMA.inLanguage.value,
            separator=" ",
        ),
        Column(
            "source_file",
            _texts("Lähdetiedosto", "Källfil", "Source file"),
            _texts(
                "Sen tiedoston nimi, josta hankkeen tiedot luettiin.",
                "Namnet på den fil som projektets uppgifter lästes från.",
                "The name of the file the project's record was read from.",
            ),
            "string",
        ),
    ),
)

AMOUNTS = Table(
    file="amounts.csv",
    query="export_amounts",
    titles=_texts("Rahasummat", "Belopp", "Amounts"),
    descriptions=_texts(
        "Yksi rivi kutakin hankkeen rahalukua kohden: hakemuksen, avustuspäätöksen ja "
        "loppuraportin summat.",
        "En rad per penningbelopp i ett projekt: beloppen i ansökan, beslutet och slutrapporten.",
        "One row per money figure of a project: the amounts of its application, its grant "
        "decision and its final report.",
    ),
    about_url=_iri_of("amount"),
    primary_key=("amount",),
    foreign_keys=((("project",), "projects.csv", ("project",)),),
    columns=(
        Column(
            "project",
            _texts("Hanke (IRI)", "Projekt (IRI)", "Project (IRI)"),
            _texts(
                "Sen hankkeen IRI-tunniste, johon summa kuuluu.",
                "IRI för det projekt som beloppet hör till.",
                "The IRI of the project the amount belongs to.",
            ),
            "anyURI",
            required=True,
        ),
        Column(
            "kind",
            _texts("Summan laji", "Typ av belopp", "Kind of amount"),
            _texts(
                "Mitä summa tarkoittaa: sen lajin nimi kg-sanastossa, esimerkiksi "
                "GrantedAmount (myönnetty avustus).",
                "Vad beloppet betyder: namnet på dess typ i kg-vokabulären, till exempel "
                "GrantedAmount (beviljat understöd).",
                "What the amount is: the name of its kind in the kg vocabulary, for example "
                "GrantedAmount (the grant awarded).",
            ),
            "string",
            required=True,
            property_url=KG.amountType.value,
            value_url=KG.iri + "{kind}",
        ),
        Column(
            "value",
            _texts("Summa (€)", "Belopp (€)", "Value (€)"),
            _texts(
                "Summa euroina; tyhjä loppuraportin summalle, jos raportin summat ovat kaikki "
                "nollia.",
                "Beloppet i euro; tomt för ett belopp i en slutrapport vars belopp alla är noll.",
                "The amount in euros; blank for an amount of a final report whose amounts are "
                "all zero.",
            ),
            "decimal",
            property_url=SCHEMA.value.value,
        ),
        Column(
            "currency",
            _texts("Valuutta", "Valuta", "Currency"),
            _texts(
                "Summan valuutan ISO 4217 -koodi (EUR).",
                "ISO 4217-koden för beloppets valuta (EUR).",
                "The ISO 4217 code of the amount's currency (EUR).",
            ),
            "string",
            property_url=SCHEMA.currency.value,
        ),
        Column(
            "amount",
            _texts("Summa (IRI)", "Belopp (IRI)", "Amount (IRI)"),
            _texts(
                "Rahasumman IRI-tunniste tietograafissa.",
                "Beloppets IRI i kunskapsgrafen.",
                "The amount's IRI in the knowledge graph.",
            ),
            "anyURI",
            required=True,
            property_url=_TYPE,
            value_url=KG.MonetaryAmount.value,
        ),
    ),
)

LIBRARIES = Table(
    file="libraries.csv",
    query="export_libraries",
    titles=_texts("Kirjastot", "Bibliotek", "Libraries"),
    descriptions=_texts(
        "Yksi rivi kutakin kirjastoa kohden: nimi, tunnukset, osoite, yhteystiedot, "
        "ylläpitäjä ja hankkeiden määrä.",
        "En rad per bibliotek: namn, identifierare, adress, kontaktuppgifter, huvudman och "
        "antalet projekt.",
        "One row per library: its name, identifiers, address, contact details, legal body and "
        "number of projects.",
    ),
    about_url=_iri_of("library"),
    primary_key=("library",),
    foreign_keys=(),
    columns=(
        Column(
            "library",
            _texts("Kirjasto (IRI)", "Bibliotek (IRI)", "Library (IRI)"),
            _texts(
                "Kirjaston IRI-tunniste tietograafissa.",
                "Bibliotekets IRI i kunskapsgrafen.",
                "The library's IRI in the knowledge graph.",
            ),
            "anyURI",
            required=True,
            property_url=_TYPE,
            value_url=KG.Library.value,
        ),
        Column(
            "name",
            _texts("Nimi", "Namn", "Name"),
            _texts(
                "Kirjaston nimi; jos nimiä on useita, aakkosjärjestyksessä ensimmäinen.",
                "Bibliotekets namn; har det flera namn, det första i alfabetisk ordning.",
                "The library's name; where it has several, the first in alphabetical order.",
            ),
            "string",
        ),
        Column(
            "isil",
            _texts("ISIL-tunnus", "ISIL-kod", "ISIL"),
            _texts(
                "Kirjaston ISIL-tunnus (kansainvälinen kirjastotunnus).",
                "Bibliotekets ISIL-kod (internationell biblioteksidentifierare).",
                "The library's ISIL (International Standard Identifier for Libraries).",
            ),
            "string",
            property_url=KG.isil.value,
        ),
        Column(
            "street_address",
            _texts("Katuosoite", "Gatuadress", "Street address"),
            _texts(
                "Kirjaston katuosoite tai postilokero.",
                "Bibliotekets gatuadress eller postbox.",
                "The library's street address or PO box.",
            ),
            "string",
        ),
        Column(
            "postal_code",
            _texts("Postinumero", "Postnummer", "Postal code"),
            _texts(
                "Kirjaston osoitteen postinumero.",
                "Postnumret i bibliotekets adress.",
                "The postal code of the library's address.",
            ),
            "string",
        ),
        Column(
            "phone",
            _texts("Puhelin", "Telefon", "Phone"),
            _texts(
                "Kirjaston oma puhelinnumero, ei kenenkään henkilön numero.",
                "Bibliotekets eget telefonnummer, aldrig en persons nummer.",
                "The library's own phone number, never a person's.",
            ),
            "string",
            property_url=SCHEMA.telephone.value,
        ),
        Column(
            "email",
            _texts("Sähköposti", "E-post", "E-mail"),
            _texts(
                "Kirjaston oma sähköpostiosoite, ei kenenkään henkilön osoite.",
                "Bibliotekets egen e-postadress, aldrig en persons adress.",
                "The library's own e-mail address, never a person's.",
            ),
            "string",
            property_url=SCHEMA.email.value,
        ),
        Column(
            "legal_body",
            _texts("Ylläpitäjä (IRI)", "Huvudman (IRI)", "Legal body (IRI)"),
            _texts(
                "Sen kunnan tai muun ylläpitäjän IRI-tunniste, jonka yksikkö kirjasto on.",
                "IRI för den kommun eller annan huvudman som biblioteket hör till.",
                "The IRI of the municipality or other legal body the library is a unit of.",
            ),
            "anyURI",
            property_url=ORG.unitOf.value,
            value_url=_iri_of("legal_body"),
        ),
        Column(
            "legal_body_name",
            _texts("Ylläpitäjän nimi", "Huvudmannens namn", "Legal body"),
            _texts(
                "Kirjaston ylläpitäjän (kunnan tai muun oikeushenkilön) nimi.",
                "Namnet på bibliotekets huvudman (kommunen eller en annan juridisk person).",
                "The name of the library's legal body (the municipality or another legal person).",
            ),
            "string",
        ),
        Column(
            "business_id",
            _texts("Y-tunnus", "FO-nummer", "Business ID"),
            _texts(
                "Kirjaston ylläpitäjän Y-tunnus.",
                "FO-numret för bibliotekets huvudman.",
                "The Finnish business ID of the library's legal body.",
            ),
            "string",
        ),
        Column(
            "projects",
            _texts("Hankkeet", "Projekt", "Projects"),
            _texts(
                "Niiden hankkeiden määrä, joille kirjasto haki avustusta.",
                "Antalet projekt som biblioteket sökte understöd för.",
                "The number of projects the library applied for a grant for.",
            ),
            "integer",
            required=True,
        ),
    ),
)

PARTNERSHIPS = Table(
    file="partnerships.csv",
    query="export_partnerships",
    titles=_texts("Yhteistyökumppanit", "Samarbetspartner", "Partnerships"),
    descriptions=_texts(
        "Yksi rivi kutakin hankkeen nimeämää yhteistyökumppania kohden; kumppaneiksi "
        "mainittuja henkilöitä ei julkaista.",
        "En rad per samarbetspartner som ett projekt nämner; personer som nämns som partner "
        "publiceras inte.",
        "One row per partner a project names; persons named as partners are not published.",
    ),
    about_url=_iri_of("partnership"),
    primary_key=("partnership",),
    foreign_keys=(
        (("project",), "projects.csv", ("project",)),
        (("library",), "libraries.csv", ("library",)),
    ),
    columns=(
        Column(
            "partnership",
            _texts("Kumppanuus (IRI)", "Partnerskap (IRI)", "Partnership (IRI)"),
            _texts(
                "Yhteistyökumppanuuden IRI-tunniste tietograafissa.",
                "Partnerskapets IRI i kunskapsgrafen.",
                "The partnership's IRI in the knowledge graph.",
            ),
            "anyURI",
            required=True,
            property_url=_TYPE,
            value_url=KG.Partnership.value,
        ),
        Column(
            "project",
            _texts("Hanke (IRI)", "Projekt (IRI)", "Project (IRI)"),
            _texts(
                "Sen hankkeen IRI-tunniste, joka kumppanin nimeää.",
                "IRI för det projekt som nämner partnern.",
                "The IRI of the project that names the partner.",
            ),
            "anyURI",
            required=True,
            about_url=_iri_of("project"),
            property_url=KG.partnership.value,
            value_url=_iri_of("partnership"),
        ),
        Column(
            "library",
            _texts("Hakijakirjasto (IRI)", "Sökande bibliotek (IRI)", "Applicant library (IRI)"),
            _texts(
                "Hankkeelle avustusta hakeneen kirjaston IRI-tunniste.",
                "IRI för det bibliotek som sökte understöd för projektet.",
                "The IRI of the library that applied for the project's grant.",
            ),
            "anyURI",
        ),
        Column(
            "partner",
            _texts("Kumppani (IRI)", "Partner (IRI)", "Partner (IRI)"),
            _texts(
                "Kumppaniorganisaation, -kirjaston tai -toimipisteen IRI-tunniste; tyhjä, jos "
                "sivu mainitsee vain kumppanien lajin.",
                "IRI för partnerorganisationen, partnerbiblioteket eller filialen; tomt om "
                "sidan bara nämner en typ av partner.",
                "The IRI of the partner organisation, library or branch; blank when the page "
                "names only a kind of partner.",
            ),
            "anyURI",
            property_url=KG.partner.value,
            value_url=_iri_of("partner"),
        ),
        Column(
            "partner_name",
            _texts("Kumppanin nimi", "Partnerns namn", "Partner name"),
            _texts(
                "Kumppanin nimi, tai kumppanien lajin kohdalla sivun käyttämät sanat.",
                "Partnerns namn, eller för en typ av partner de ord som sidan använder.",
                "The partner's name, or for a kind of partner the words the page uses.",
            ),
            "string",
        ),
        Column(
            "remark",
            _texts("Huomautus", "Anmärkning", "Remark"),
            _texts(
                "Kumppanin nimen viereen kirjoitettu huomautus, esimerkiksi sulkeissa oleva "
                "teksti.",
                "En anmärkning som står bredvid partnerns namn, till exempel inom parentes.",
                "A remark written beside the partner's name, for example in parentheses.",
            ),
            "string",
            property_url=KG.remark.value,
        ),
        Column(
            "partner_kind",
            _texts("Kumppanin laji", "Typ av partner", "Kind of partner"),
            _texts(
                "Kumppanilajien luokituksen käsite (IRI); tyhjä, jos lajia ei tunneta.",
                "Ett begrepp (IRI) i klassificeringen av partnertyper; tomt om typen är okänd.",
                "A concept (IRI) of the scheme of partner kinds; blank when the kind is unknown.",
            ),
            "anyURI",
            property_url=KG.partnerKind.value,
            value_url=_iri_of("partner_kind"),
        ),
    ),
)

TABLES: tuple[Table, ...] = (PROJECTS, AMOUNTS, LIBRARIES, PARTNERSHIPS)
_BY_FILE = {table.file: table for table in TABLES}


def table(file: str) -> Table:
    """Return the table written to `file` ("projects.csv"); KeyError for any other name."""
    return _BY_FILE[file]
