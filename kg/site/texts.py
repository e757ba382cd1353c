"""The site's interface texts in Finnish, Swedish and English, and how values are written.

    text("projects", "sv")        -> "Projekt"
    money(Decimal("7000"), "fi")  -> "7 000 €"
    date_text("2016-05-02", "fi") -> "2.5.2016"

Names of the graph's own terms come from the ontology (kg.site.vocabulary); this module holds
the words of the interface and the names of the standard terms the ontology does not define.
"""

from __future__ import annotations

from decimal import Decimal

from kg.names import Names
from kg.vocab import DCT, ORG, OWL, PROV, RDF, RDFS, SCHEMA, SKOS

LANGUAGE_NAMES = {"fi": "suomi", "sv": "svenska", "en": "English"}  # each in its own language

TEXTS: dict[str, Names] = {
    "site": Names(
        "Kirjastojen hankkeet linkitettynä tietona",
        "Bibliotekens projekt som länkade data",
        "Finnish library projects as linked data",
    ),
    "site_short": Names("kirjasto-kg", "kirjasto-kg", "kirjasto-kg"),
    "skip": Names("Siirry sisältöön", "Hoppa till innehållet", "Skip to the content"),
    "main_menu": Names("Päävalikko", "Huvudmeny", "Main menu"),
    "language_menu": Names("Kieli", "Språk", "Language"),
    "home": Names("Etusivu", "Startsida", "Home"),
    "projects": Names("Hankkeet", "Projekt", "Projects"),
    "by_year": Names("Hankkeet vuosittain", "Projekt per år", "Projects by year"),
    "by_programme": Names("Hankkeet ohjelmittain", "Projekt per program", "Projects by programme"),
    "by_library": Names("Hankkeet kirjastoittain", "Projekt per bibliotek", "Projects by library"),
    "libraries": Names("Kirjastot A–Ö", "Bibliotek A–Ö", "Libraries A–Z"),
    "partners": Names("Yhteistyökumppanit", "Samarbetspartner", "Partners"),
    "dataset": Names("Aineisto", "Datamängden", "The dataset"),
    "search": Names("Haku", "Sök", "Search"),
    "ontology": Names("Ontologia", "Ontologi", "Ontology"),
    "quality": Names("Laatuhavainnot", "Kvalitetsobservationer", "Quality findings"),
    # kinds of page
    "kind_project": Names("Hanke", "Projekt", "Project"),
    "kind_library": Names("Kirjasto", "Bibliotek", "Library"),
    "kind_legal-body": Names("Oikeushenkilö", "Juridisk person", "Legal body"),
    "kind_programme": Names("Avustusohjelma", "Understödsprogram", "Funding programme"),
    "kind_call": Names("Avustushaku", "Ansökningsomgång", "Call for applications"),
    "kind_organisation": Names("Organisaatio", "Organisation", "Organisation"),
    "kind_record": Names("Lähdetietue", "Källpost", "Source record"),
    "kind_partner-kind": Names("Kumppanilaji", "Typ av partner", "Kind of partner"),
    "kind_scheme": Names("Kumppanilajit", "Typer av partner", "Kinds of partner"),
    # the summary of a project
    "library": Names("Kirjasto", "Bibliotek", "Library"),
    "year": Names("Vuosi", "År", "Year"),
    "programme": Names("Ohjelma", "Program", "Programme"),
    "call": Names("Haku", "Ansökningsomgång", "Call"),
    "status": Names("Tila", "Status", "Status"),
    "funded_yes": Names("Avustus myönnetty", "Understöd beviljat", "Grant awarded"),
    "funded_no": Names("Avustusta ei myönnetty", "Understöd inte beviljat", "No grant awarded"),
    "unknown": Names("ei tiedossa", "okänt", "not known"),
    "report_yes": Names("loppuraportti annettu", "slutrapport lämnad", "final report given"),
    "dates": Names("Aika", "Tid", "Dates"),
    "granted_by": Names("Myöntäjä", "Beviljare", "Granted by"),
    "money": Names("Rahoitus", "Finansiering", "Money"),
    "item": Names("Erä", "Post", "Item"),
    "amount": Names("Summa", "Belopp", "Amount"),
    "texts": Names("Hankkeen kuvaus", "Projektets beskrivning", "About the project"),
    "statistics": Names("Toteutus lukuina", "Genomförandet i siffror", "The project in figures"),
    "no_projects": Names("Ei hankkeita.", "Inga projekt.", "No projects."),
    "partner": Names("Kumppani", "Partner", "Partner"),
    "kind": Names("Laji", "Typ", "Kind"),
    "remark": Names("Huomautus", "Anmärkning", "Remark"),
    "no_partners": Names(
        "Kumppaneita ei ole mainittu.", "Inga partner nämns.", "No partners are named."
    ),
    "sources": Names("Lähteet", "Källor", "Sources"),
    "record": Names("Tietue", "Post", "Record"),
    "file": Names("Tiedosto", "Fil", "File"),
    "page_online": Names("Sivu verkossa", "Sidan på webben", "The page online"),
    "read_at": Names("Luettu", "Läst", "Read"),
    "findings": Names("Laatuhavainnot", "Kvalitetsobservationer", "Quality findings"),
    "no_findings": Names(
        "Laaturaportti ei löydä tästä mitään huomautettavaa.",
        "Kvalitetsrapporten har inget att anmärka om detta.",
        "The quality report finds nothing to remark on here.",
    ),
    "no_report": Names(
        "Laaturaporttia (validation.ttl) ei löytynyt, joten laatuhavaintoja ei näytetä.",
        "Ingen kvalitetsrapport (validation.ttl) hittades, så inga kvalitetsobservationer visas.",
        "No quality report (validation.ttl) was found, so no quality findings are shown.",
    ),
    "severity": Names("Vakavuus", "Allvarlighet", "Severity"),
    "Violation": Names("Virhe", "Fel", "Violation"),
    "Warning": Names("Varoitus", "Varning", "Warning"),
    "Info": Names("Tieto", "Information", "Info"),
    "rule": Names("Sääntö", "Regel", "Rule"),
    "finding": Names("Havainto", "Observation", "Finding"),
    "about": Names("Kohde", "Gäller", "About"),
    "count": Names("Määrä", "Antal", "Number"),
    "details": Names("Kaikki tiedot", "Alla uppgifter", "All statements"),
    "property": Names("Ominaisuus", "Egenskap", "Property"),
    "value": Names("Arvo", "Värde", "Value"),
    "as_data": Names("Tämä sivu tietona", "Den här sidan som data", "This page as data"),
    "identifier": Names("Tunniste (IRI)", "Identifierare (IRI)", "Identifier (IRI)"),
    # libraries and organisations
    "isil": Names("ISIL-tunnus", "ISIL-kod", "ISIL"),
    "business_id": Names("Y-tunnus", "FO-nummer", "Business ID"),
    "legal_body": Names("Oikeushenkilö", "Juridisk person", "Legal body"),
    "address": Names("Osoite", "Adress", "Address"),
    "phone": Names("Puhelin", "Telefon", "Phone"),
    "email": Names("Sähköposti", "E-post", "E-mail"),
    "branches": Names("Toimipisteet", "Filialer", "Branches"),
    "registry_links": Names("Rekisterilinkit", "Registerlänkar", "Registry links"),
    "no_registry_links": Names(
        "Ei linkkejä ulkoisiin rekistereihin.",
        "Inga länkar till externa register.",
        "No links to outside registries.",
    ),
    "per_year": Names("Vuosittain", "Per år", "Per year"),
    "projects_count": Names("Hankkeita", "Projekt", "Projects"),
    "applied": Names("Haettu", "Ansökt", "Applied for"),
    "granted": Names("Myönnetty", "Beviljat", "Granted"),
    "title": Names("Nimi", "Namn", "Title"),
    "libraries_of_body": Names(
        "Ylläpitämät kirjastot", "Bibliotek som den driver", "Libraries it runs"
    ),
    "legal_bodies": Names("Oikeushenkilöt", "Juridiska personer", "Legal bodies"),
    "libraries_count": Names("Kirjastoja", "Bibliotek", "Libraries"),
    "units_of_body": Names("Yksiköt", "Enheter", "Units"),
    "named_partners": Names(
        "Kirjastojen nimeämät kumppanit",
        "Partner som biblioteken nämner",
        "Partners its libraries name",
    ),
    "partner_in": Names("Kumppanina hankkeissa", "Partner i projekt", "Partner in projects"),
    "programmes_funded": Names("Avustusohjelmat", "Understödsprogram", "Funding programmes"),
    "grants_decided": Names("Myönnettyjä avustuksia", "Beviljade understöd", "Grants awarded"),
    "calls": Names("Haut", "Ansökningsomgångar", "Calls"),
    "funder": Names("Rahoittaja", "Finansiär", "Funder"),
    "granting_authority": Names(
        "Myöntävä viranomainen", "Beviljande myndighet", "Granting authority"
    ),
    "kinds": Names("Kumppanilajit", "Typer av partner", "Kinds of partner"),
    "partnerships_of_kind": Names(
        "Tämän lajin kumppanuudet", "Partnerskap av denna typ", "Partnerships of this kind"
    ),
    "organisations": Names("Organisaatiot A–Ö", "Organisationer A–Ö", "Organisations A–Z"),
    "partnerships": Names("Kumppanuuksia", "Partnerskap", "Partnerships"),
    "scheme": Names("Luokitus", "Klassifikation", "Scheme"),
    "definition": Names("Määritelmä", "Definition", "Definition"),
    "derived_projects": Names(
        "Tietueesta luettu hanke", "Projekt som lästs ur posten", "Project read from the record"
    ),
    "raw_values": Names("Arvot sellaisinaan", "Värden som de skrevs", "Values as written"),
    "field": Names("Kenttä", "Fält", "Field"),
    "original": Names("Alkuperäinen teksti", "Ursprunglig text", "Original text"),
    "warnings": Names("Lukuvaroitukset", "Läsvarningar", "Parse warnings"),
    "initials": Names("Alkukirjaimet", "Begynnelsebokstäver", "Initials"),
    "years": Names("Vuodet", "År", "Years"),
    "total": Names("Yhteensä", "Totalt", "Total"),
    # charts
    "chart_granted_year_programme": Names(
        "Myönnetyt avustukset vuosittain ja ohjelmittain",
        "Beviljade understöd per år och program",
        "Grants awarded per year and programme",
    ),
    "chart_applied_granted": Names(
        "Haetut ja myönnetyt avustukset vuosittain",
        "Ansökta och beviljade understöd per år",
        "Grants applied for and awarded per year",
    ),
    "chart_library_money": Names(
        "Haetut ja myönnetyt avustukset vuosittain",
        "Ansökta och beviljade understöd per år",
        "Grants applied for and awarded per year",
    ),
    "chart_library_projects": Names("Hankkeet vuosittain", "Projekt per år", "Projects per year"),
    "chart_network": Names("Kumppaniverkosto", "Partnernätverk", "Partner network"),
    "no_data": Names("Ei tietoja", "Inga uppgifter", "No data"),
    "chart_shown": Names(
        "Kuvassa {shown} suurinta {total}:stä; taulukossa kaikki.",
        "Bilden visar de {shown} största av {total}; tabellen visar alla.",
        "The {shown} largest of {total} shown; the table lists them all.",
    ),
    "euros": Names("euroa", "euro", "euros"),
    "chart_data": Names("Kaavion tiedot", "Diagrammets data", "The chart's data"),
    "csv": Names("Taulukko CSV-tiedostona", "Tabellen som CSV-fil", "The table as a CSV file"),
    # the dataset page
    "dataset_intro": Names(
        "Aineisto kuvaa yleisten kirjastojen kehittämishankkeet Kirjastojen hankkeet "
        "-tietokannan sivuilta. Henkilötiedot on jätetty pois.",
        "Datamängden beskriver de allmänna bibliotekens utvecklingsprojekt från sidorna i "
        "databasen Kirjastojen hankkeet. Personuppgifter har lämnats bort.",
        "The dataset describes the development projects of Finnish public libraries from the "
        "pages of the database Kirjastojen hankkeet. Personal data are left out.",
    ),
    "contents": Names("Sisältö", "Innehåll", "Contents"),
    "completeness": Names("Kattavuus", "Fullständighet", "Completeness"),
    "completeness_from_catalogue": Names(
        "Luvut ovat julkaisun kuvailusta (catalog.ttl).",
        "Siffrorna kommer från beskrivningen av utgåvan (catalog.ttl).",
        "The figures are the release's description's (catalog.ttl).",
    ),
    "completeness_counted": Names(
        "Luvut on laskettu avoimesta aineistosta, koska julkaisun kuvailua ei löytynyt.",
        "Siffrorna har räknats ur de öppna data, eftersom ingen beskrivning av utgåvan hittades.",
        "The figures are counted from the open data, since no release description was found.",
    ),
    "figure": Names("Tunnusluku", "Nyckeltal", "Figure"),
    "share": Names("Osuus", "Andel", "Share"),
    "levels": Names("Tietueiden tasot", "Posternas nivåer", "Levels of the records"),
    "level": Names("Taso", "Nivå", "Level"),
    "records_count": Names("Tietueita", "Poster", "Records"),
    "downloads": Names("Lataukset", "Nedladdningar", "Downloads"),
    "no_downloads": Names(
        "Avointa julkaisua (release/) ei löytynyt koontikansiosta.",
        "Ingen öppen utgåva (release/) hittades i byggmappen.",
        "No open release (release/) was found in the build folder.",
    ),
    "format": Names("Muoto", "Format", "Format"),
    "size": Names("Koko", "Storlek", "Size"),
    "quality_summary": Names("Laaturaportti", "Kvalitetsrapport", "Quality report"),
    "all_findings": Names("Kaikki havainnot", "Alla observationer", "All findings"),
    "hidden_findings": Names(
        "havaintoa koskee tietoja, joita avoin aineisto ei sisällä; niitä ei näytetä.",
        "observationer gäller uppgifter som de öppna data inte innehåller; de visas inte.",
        "findings concern data the open data leave out; they are not shown.",
    ),
    "things": Names("Sivuja", "Sidor", "Pages"),
    # the home page and search
    "home_intro": Names(
        "Suomen yleisten kirjastojen kehittämishankkeet, niiden avustukset ja kumppanit "
        "linkitettynä avoimena tietona. Jokaisella hankkeella, kirjastolla ja organisaatiolla "
        "on oma sivunsa ja pysyvä tunniste.",
        "Finländska allmänna biblioteks utvecklingsprojekt, deras understöd och partner som "
        "länkade öppna data. Varje projekt, bibliotek och organisation har en egen sida och "
        "en beständig identifierare.",
        "The development projects of Finnish public libraries, their grants and partners as "
        "linked open data. Every project, library and organisation has a page of its own and "
        "a persistent identifier.",
    ),
    "search_words": Names("Hakusanat", "Sökord", "Search words"),
    "search_button": Names("Hae", "Sök", "Search"),
    "search_intro": Names(
        "Hae hankkeiden nimistä, tavoitteista ja kuvauksista sekä kirjastojen nimistä.",
        "Sök i projektens namn, mål och beskrivningar och i bibliotekens namn.",
        "Search the titles, goals and descriptions of the projects and the names of the libraries.",
    ),
    "search_no_script": Names(
        "Haku tarvitsee JavaScriptin. Ilman sitä hankkeet löytyvät hakemistosivuilta:",
        "Sökningen behöver JavaScript. Utan det hittar du projekten på registersidorna:",
        "Search needs JavaScript. Without it, the index pages lead to every project:",
    ),
    "browse": Names("Selaa", "Bläddra", "Browse"),
    # the ontology page
    "classes": Names("Luokat", "Klasser", "Classes"),
    "properties": Names("Ominaisuudet", "Egenskaper", "Properties"),
    "individuals": Names("Yksilöt", "Individer", "Individuals"),
    "term": Names("Termi", "Term", "Term"),
    "label": Names("Nimi", "Namn", "Label"),
    "comment": Names("Huomautus", "Kommentar", "Comment"),
    "ontology_ttl": Names(
        "Ontologia Turtle-muodossa", "Ontologin i Turtle", "The ontology in Turtle"
    ),
    "subclass_of": Names("Yläluokka", "Överordnad klass", "Subclass of"),
    "subproperty_of": Names("Yläominaisuus", "Överordnad egenskap", "Subproperty of"),
    "type_of": Names("Tyyppi", "Typ", "Type"),
    "licence": Names(
        "Aineiston lisenssi: CC BY 4.0",
        "Datamängdens licens: CC BY 4.0",
        "Licence of the data: CC BY 4.0",
    ),
    "yes": Names("kyllä", "ja", "yes"),
    "no": Names("ei", "nej", "no"),
}

# Names of the standard terms the pages show that the ontology does not define.
TERM_NAMES: dict[str, Names] = {
    RDF.type.value: Names("tyyppi", "typ", "type"),
    RDF.value.value: Names("arvo", "värde", "value"),
    DCT.title.value: Names("nimi", "namn", "title"),
    SCHEMA.name.value: Names("nimi", "namn", "name"),
    SCHEMA.alternateName.value: Names("muu nimi", "annat namn", "other name"),
    SCHEMA.description.value: Names("kuvaus", "beskrivning", "description"),
    SCHEMA.startDate.value: Names("alkaa", "börjar", "start date"),
    SCHEMA.endDate.value: Names("päättyy", "slutar", "end date"),
    SCHEMA.funder.value: Names("rahoittaja", "finansiär", "funder"),
    SCHEMA.fundedItem.value: Names("rahoitettu hanke", "finansierat projekt", "funded item"),
    SCHEMA.funding.value: Names("avustus", "understöd", "funding"),
    SCHEMA.amount.value: Names("määrä", "belopp", "amount"),
    SCHEMA.value.value: Names("arvo", "värde", "value"),
    SCHEMA.currency.value: Names("valuutta", "valuta", "currency"),
    SCHEMA.address.value: Names("osoite", "adress", "address"),
    SCHEMA.streetAddress.value: Names("katuosoite", "gatuadress", "street address"),
    SCHEMA.postalCode.value: Names("postinumero", "postnummer", "postal code"),
    SCHEMA.addressCountry.value: Names("maa", "land", "country"),
    SCHEMA.telephone.value: Names("puhelin", "telefon", "phone"),
    SCHEMA.email.value: Names("sähköposti", "e-post", "e-mail"),
    SCHEMA.identifier.value: Names("tunniste", "identifierare", "identifier"),
    SCHEMA.inLanguage.value: Names("kieli", "språk", "language"),
    SCHEMA.sameAs.value: Names("sama kuin", "samma som", "same as"),
    SCHEMA.url.value: Names("verkkosivu", "webbsida", "web page"),
    SCHEMA.latitude.value: Names("leveysaste", "latitud", "latitude"),
    SCHEMA.longitude.value: Names("pituusaste", "longitud", "longitude"),
    OWL.sameAs.value: Names("sama kuin", "samma som", "same as"),
    ORG.unitOf.value: Names("yksikkönä", "enhet inom", "unit of"),
    ORG.hasUnit.value: Names("yksikkö", "enhet", "has unit"),
    PROV.wasDerivedFrom.value: Names("lähde", "källa", "derived from"),
    PROV.generatedAtTime.value: Names("luettu", "läst", "read at"),
    SKOS.prefLabel.value: Names("nimi", "namn", "label"),
    SKOS.definition.value: Names("määritelmä", "definition", "definition"),
    SKOS.notation.value: Names("koodi", "kod", "notation"),
    SKOS.inScheme.value: Names("luokitus", "klassifikation", "in scheme"),
    SKOS.hasTopConcept.value: Names("laji", "typ", "has top concept"),
    SKOS.exactMatch.value: Names("vastaa", "motsvarar", "exact match"),
    SKOS.closeMatch.value: Names("vastaa läheisesti", "motsvarar nära", "close match"),
    RDFS.label.value: Names("nimi", "namn", "label"),
    RDFS.seeAlso.value: Names("katso myös", "se även", "see also"),
}


def text(key: str, lang: str) -> str:
    """Return the interface text `key` in `lang` (fi, sv or en)."""
    names = TEXTS[key]
    return str(getattr(names, lang))


def money(value: Decimal, lang: str) -> str:
    """Return an amount of euros as the language writes it: `7 000 €`, `€7,000`."""
    whole = value == value.to_integral_value()
    digits = f"{value:,.0f}" if whole else f"{value:,.2f}"
    if lang == "en":
        return f"€{digits}"
    return digits.replace(",", "\u00a0").replace(".", ",") + "\u00a0€"


def number(value: int | Decimal, lang: str) -> str:
    """Return a count as the language writes it: `1 234` (fi, sv), `1,234` (en)."""
    digits = f"{value:,}"
    return digits if lang == "en" else digits.replace(",", "\u00a0").replace(".", ",")


def share(value: Decimal, lang: str) -> str:
    """Return a share of 1 as a percentage: `2,5 %` (fi, sv), `2.5%` (en)."""
    percent = (value * 100).quantize(Decimal("0.1"))
    return f"{percent}%" if lang == "en" else f"{percent}".replace(".", ",") + "\u00a0%"


def date_text(iso: str, lang: str) -> str:
    """Return an xsd:date as the language writes it: `2.5.2016` (fi, sv), `2016-05-02` (en)."""
    if lang == "en" or len(iso) != 10:
        return iso
    year, month, day = iso.split("-")
    return f"{int(day)}.{int(month)}.{year}"


def capitalised(label: str) -> str:
    """Return `label` with its first letter in upper case (the ontology's labels are not)."""
    return label[:1].upper() + label[1:]
