"""Kinds of partner and municipal units: the words a partner section uses for them, as tables.

A partner section often names no organisation but a kind of partner ("yhdistykset",
"kirjaston asiakkaat", "laitetoimittajat") or a service of the applicant's own municipality
("neuvola", "liikuntatoimi"). `KINDS` is a small SKOS-like scheme of partner kinds, each
with a stable ASCII key, labels and a one-line definition in Finnish, Swedish and English, and
the words that name it; `MUNICIPAL_UNIT_WORDS` lists the words of municipal services. The
functions below read a partner's name against these tables; `kg.records.partners` uses them.

The kinds (key: what it covers):

    associations          registered or informal associations, NGOs, societies
    clubs                 clubs, circles and hobby groups
    schools               primary, secondary and vocational schools (an institution)
    higher-education      universities and universities of applied sciences (an institution)
    adult-education       adult education centres: kansalaisopisto, työväenopisto (an institution)
    day-care              day-care centres and pre-schools (an institution)
    libraries             other libraries (an institution)
    parishes              parishes and churches (an institution)
    cultural-institutions museums, theatres, galleries, orchestras (an institution)
    companies             companies, entrepreneurs, shops
    suppliers             suppliers of equipment and services, named by what they supply
    media                 newspapers, radio, the media
    authors-and-artists   writers, artists, illustrators, musicians, performers (people)
    experts               experts, trainers, teachers, lecturers, researchers (people)
    volunteers            volunteers (people)
    actors                partners not told apart: toimijat, tahot, sidosryhmät, aktörer
    library-users         the people the library serves: asiakkaat, kuntalaiset (people)
    families              families and parents (people)
    children-and-youth    children, young people, pupils, students (people)
    seniors               older people, pensioners (people)

Every kind has its `groups`, the forms that name the kind as a group (plural or collective:
"yhdistykset", "föreningar", "associations"), and its `members`, the singular forms that
name one unnamed member ("yhdistys", "seurakunta"); `words` is both. All are lower case; no
word belongs to two kinds. A kind marked `institution` is one whose unnamed member is a local
institution -- "seurakunta", "lukio", "kansalaisopisto" -- that is, an organisation of the
applicant's municipality. A kind marked `people` has people as members.

How a text is read against a table of words (the rules, in order):

1. **The head.** The text's last words are a word of the table: the whole word ("koulut"), a
   word of several words ("kolmas sektori"), or the end of a compound of at least four
   letters ("kyläyhdistykset", "Lukki-kirjastot", "laitetoimittajat"); the longest word
   found wins ("ammattikorkeakoulut" is higher education, not schools). The head is in lower
   case, except as the text's first word ("Kirjastot", "Neuvolat"). A capitalised compound
   with no hyphen is the text's only word and ends in a table word of at least seven letters
   ("Lähikirjastot" yes, "Nordmedia" no) -- except for municipal units ("Liikuntatoimi").
2. **Words in front.** Words before the head may be lower-case words (adjectives, genitives:
   "erilaiset", "kirjaston", "lasten ja nuorten") or capitalised genitives ("Kuopion",
   "MLL:n", "Borgås"); the first word may be capitalised anyway ("Muut kirjastot"). Any other
   capitalised word makes the text a proper name, not a kind.
3. **Named.** A text is *named* when a word in front is capitalised and not a qualifier
   (`QUALIFIERS`: "muut", "paikalliset", "kunnan", "olika", "other", ...), or when the head
   is a compound with a capitalised prefix ("Kansalliskirjasto", "4H-yhdistys",
   "Savonia-ammattikorkeakoulu"). A group so named is still a kind ("Kuopion koulut":
   Kuopio's schools; "Lohjan ja Karkkilan kirjastot"), but one member so named is an
   organisation of its own ("Kuopion seurakunta", "Satamankulman taideyhdistys"), not a kind.
4. **Group or member.** A head that is both a group word and a member word (Swedish
   "bibliotek", "daghem", "företag") is a group after a plural qualifier (`PLURAL_QUALIFIERS`:
   "andra bibliotek"), else a member.

    kind_of(text)           -> the kind's key when `text` names a group or an unnamed member
    institution_of(text)    -> the kind's key when `text` names one unnamed local institution
    municipal_unit_of(text) -> True when `text` names a municipal service without its owner

**Municipal units** are read by the same head rule with `MUNICIPAL_UNIT_WORDS` ("neuvola",
"terveyskeskus", compounds of "toimi", "palvelut", "väsendet", ...), but stricter in front:
every word but the first is in lower case, and a capitalised first word is a qualifier
("Kaupungin"), an adjective in "-nen" ("Tekninen toimi") or a word ending in a hyphen
("Kulttuuri- ja nuorisotoimi"). A municipality's genitive in front ("Ylöjärven kaupungin
varhaiskasvatus", "Borgås ungdomsväsende") names the owner: that is an organisation.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from kg.names import Names

__all__ = [
    "KINDS",
    "MUNICIPAL_UNIT_WORDS",
    "PLURAL_QUALIFIERS",
    "QUALIFIERS",
    "PartnerKind",
    "institution_of",
    "kind_of",
    "municipal_unit_of",
]


@dataclass(frozen=True)
class PartnerKind:
    """A kind of partner: a concept of the partner-kind scheme.

    `words` are all the forms that name it, in Finnish, Swedish and English, lower case;
    `groups` are those that name the kind as a group (plural, collective) and `members` those
    that name one member (singular). A word may be both (Swedish "bibliotek").
    """

    key: str
    labels: Names
    definitions: Names
    groups: tuple[str, ...]
    members: tuple[str, ...]
    institution: bool = False  # an unnamed member is a local institution (an organisation)
    people: bool = False  # the members are people

    @property
    def words(self) -> tuple[str, ...]:
        """Every form that names the kind: the group forms, then the member forms."""
        return tuple(dict.fromkeys(self.groups + self.members))


_KIND_LIST = (
    PartnerKind(
        "associations",
        Names("Yhdistykset ja järjestöt", "Föreningar och organisationer", "Associations"),
        Names(
            "Rekisteröidyt tai vapaat yhdistykset, järjestöt ja seurat.",
            "Registrerade eller fria föreningar, organisationer och sällskap.",
            "Registered or informal associations, non-governmental organisations and societies.",
        ),
        (
            "yhdistykset",
            "järjestöt",
            "seurat",
            "kolmas sektori",
            "kolmannen sektorin toimijat",
            "föreningar",
            "föreningarna",
            "organisationer",
            "organisationerna",
            "tredje sektorn",
            "associations",
            "organisations",
            "organizations",
            "societies",
            "ngos",
            "third sector",
        ),
        (
            "yhdistys",
            "järjestö",
            "seura",
            "förening",
            "föreningen",
            "organisation",
            "association",
            "organization",
            "society",
        ),
    ),
    PartnerKind(
        "clubs",
        Names("Kerhot ja harrastusryhmät", "Klubbar och hobbygrupper", "Clubs and hobby groups"),
        Names(
            "Kerhot, piirit ja muut harrastusryhmät.",
            "Klubbar, cirklar och andra hobbygrupper.",
            "Clubs, circles and other hobby groups.",
        ),
        (
            "kerhot",
            "piirit",
            "harrastusryhmät",
            "vertaisryhmät",
            "klubbar",
            "cirklar",
            "hobbygrupper",
            "clubs",
            "circles",
            "hobby groups",
        ),
        ("kerho", "piiri", "harrastusryhmä", "klubb", "cirkel", "club", "circle"),
    ),
    PartnerKind(
        "schools",
        Names("Koulut", "Skolor", "Schools"),
        Names(
            "Perusasteen ja toisen asteen koulut ja oppilaitokset.",
            "Skolor och läroanstalter på grundstadiet och andra stadiet.",
            "Primary, secondary and vocational schools.",
        ),
        (
            "koulut",
            "lukiot",
            "oppilaitokset",
            "ammattiopistot",
            "musiikkiopistot",
            "skolor",
            "skolorna",
            "läroanstalter",
            "gymnasier",
            "schools",
            "high schools",
        ),
        (
            "koulu",
            "lukio",
            "oppilaitos",
            "ammattiopisto",
            "musiikkiopisto",
            "skola",
            "skolan",
            "gymnasium",
            "gymnasiet",
            "school",
            "high school",
        ),
        institution=True,
    ),
    PartnerKind(
        "higher-education",
        Names("Korkeakoulut", "Högskolor", "Higher education institutions"),
        Names(
            "Yliopistot ja ammattikorkeakoulut.",
            "Universitet och yrkeshögskolor.",
            "Universities and universities of applied sciences.",
        ),
        (
            "korkeakoulut",
            "yliopistot",
            "högskolor",
            "universitet",
            "universiteten",
            "universities",
            "higher education institutions",
        ),
        (
            "korkeakoulu",
            "yliopisto",
            "amk",
            "högskola",
            "högskolan",
            "universitet",
            "universitetet",
            "university",
        ),
        institution=True,
    ),
    PartnerKind(
        "adult-education",
        Names("Kansalais- ja työväenopistot", "Medborgarinstitut", "Adult education centres"),
        Names(
            "Vapaan sivistystyön oppilaitokset: kansalais- ja työväenopistot.",
            "Läroanstalter för fritt bildningsarbete: medborgar- och arbetarinstitut.",
            "Liberal adult education centres.",
        ),
        (
            "opistot",
            "kansalaisopistot",
            "työväenopistot",
            "medborgarinstitut",
            "arbetarinstitut",
            "adult education centres",
        ),
        (
            "opisto",
            "kansalaisopisto",
            "työväenopisto",
            "medborgarinstitut",
            "medborgarinstitutet",
            "arbetarinstitut",
            "arbetarinstitutet",
            "arbis",
            "adult education centre",
        ),
        institution=True,
    ),
    PartnerKind(
        "day-care",
        Names("Päiväkodit", "Daghem", "Day-care centres"),
        Names(
            "Päiväkodit, esikoulut ja perhepäivähoito.",
            "Daghem, förskolor och familjedagvård.",
            "Day-care centres, pre-schools and family day care.",
        ),
        (
            "päiväkodit",
            "esikoulut",
            "perhepäivähoitajat",
            "daghem",
            "daghemmen",
            "förskolor",
            "förskolorna",
            "day-care centres",
            "day care centres",
            "kindergartens",
            "preschools",
            "nurseries",
        ),
        (
            "päiväkoti",
            "esikoulu",
            "daghem",
            "daghemmet",
            "förskola",
            "förskolan",
            "day-care centre",
            "day care centre",
            "kindergarten",
            "preschool",
            "nursery",
        ),
        institution=True,
    ),
    PartnerKind(
        "libraries",
        Names("Kirjastot", "Bibliotek", "Libraries"),
        Names(
            "Muut kirjastot ja kirjastoautot.",
            "Andra bibliotek och bokbussar.",
            "Other libraries and mobile libraries.",
        ),
        ("kirjastot", "kirjastoautot", "bibliotek", "biblioteken", "bokbussar", "libraries"),
        ("kirjasto", "kirjastoauto", "bibliotek", "biblioteket", "bokbuss", "library"),
        institution=True,
    ),
    PartnerKind(
        "parishes",
        Names("Seurakunnat", "Församlingar", "Parishes"),
        Names(
            "Seurakunnat ja kirkot.",
            "Församlingar och kyrkor.",
            "Parishes and churches.",
        ),
        (
            "seurakunnat",
            "kirkot",
            "församlingar",
            "församlingarna",
            "kyrkor",
            "parishes",
            "churches",
            "congregations",
        ),
        (
            "seurakunta",
            "kirkko",
            "församling",
            "församlingen",
            "kyrka",
            "kyrkan",
            "parish",
            "church",
            "congregation",
        ),
        institution=True,
    ),
    PartnerKind(
        "cultural-institutions",
        Names("Kulttuurilaitokset", "Kulturinstitutioner", "Cultural institutions"),
        Names(
            "Museot, teatterit, galleriat, orkesterit ja kulttuuritalot.",
            "Museer, teatrar, gallerier, orkestrar och kulturhus.",
            "Museums, theatres, galleries, orchestras and arts centres.",
        ),
        (
            "kulttuurilaitokset",
            "museot",
            "teatterit",
            "galleriat",
            "orkesterit",
            "kulttuuritalot",
            "kulturinstitutioner",
            "museer",
            "teatrar",
            "gallerier",
            "orkestrar",
            "cultural institutions",
            "museums",
            "theatres",
            "theaters",
            "galleries",
            "orchestras",
        ),
        (
            "kulttuurilaitos",
            "museo",
            "teatteri",
            "galleria",
            "orkesteri",
            "kulttuuritalo",
            "museum",
            "museet",
            "teater",
            "teatern",
            "galleri",
            "galleriet",
            "orkester",
            "orkestern",
            "theatre",
            "theater",
            "gallery",
            "orchestra",
        ),
        institution=True,
    ),
    PartnerKind(
        "companies",
        Names("Yritykset", "Företag", "Companies"),
        Names(
            "Yritykset, yrittäjät ja liikkeet.",
            "Företag, företagare och affärer.",
            "Companies, entrepreneurs and shops.",
        ),
        (
            "yritykset",
            "yrittäjät",
            "firmat",
            "kaupat",
            "elinkeinoelämä",
            "företag",
            "företagen",
            "företagare",
            "affärer",
            "näringslivet",
            "companies",
            "businesses",
            "firms",
            "enterprises",
            "entrepreneurs",
            "shops",
        ),
        (
            "yritys",
            "yrittäjä",
            "firma",
            "kauppa",
            "företag",
            "företaget",
            "affär",
            "company",
            "business",
            "firm",
            "enterprise",
            "shop",
        ),
    ),
    PartnerKind(
        "suppliers",
        Names("Toimittajat", "Leverantörer", "Suppliers"),
        Names(
            "Laitteiden, tarvikkeiden ja palvelujen toimittajat.",
            "Leverantörer av utrustning, material och tjänster.",
            "Suppliers of equipment, materials and services.",
        ),
        (
            "toimittajat",
            "palveluntuottajat",
            "palveluntarjoajat",
            "leverantörer",
            "leverantörerna",
            "suppliers",
            "vendors",
            "service providers",
        ),
        (
            "toimittaja",
            "palveluntuottaja",
            "palveluntarjoaja",
            "leverantör",
            "leverantören",
            "supplier",
            "vendor",
            "service provider",
        ),
    ),
    PartnerKind(
        "media",
        Names("Media", "Medier", "Media"),
        Names(
            "Sanomalehdet, radio ja muut tiedotusvälineet.",
            "Tidningar, radio och andra medier.",
            "Newspapers, radio and other media.",
        ),
        (
            "media",
            "paikallismedia",
            "tiedotusvälineet",
            "lehdet",
            "medier",
            "tidningar",
            "press",
            "the media",
            "newspapers",
        ),
        ("lehti", "radio", "tiedotusväline", "tidning", "tidningen", "newspaper"),
    ),
    PartnerKind(
        "authors-and-artists",
        Names("Kirjailijat ja taiteilijat", "Författare och konstnärer", "Authors and artists"),
        Names(
            "Kirjailijat, taiteilijat, kuvittajat, muusikot ja esiintyjät.",
            "Författare, konstnärer, illustratörer, musiker och artister.",
            "Writers, artists, illustrators, musicians and performers.",
        ),
        (
            "kirjailijat",
            "taiteilijat",
            "kuvittajat",
            "muusikot",
            "esiintyjät",
            "runoilijat",
            "näyttelijät",
            "kirjoittajat",
            "författare",
            "konstnärer",
            "illustratörer",
            "musiker",
            "artister",
            "authors",
            "writers",
            "artists",
            "illustrators",
            "musicians",
            "performers",
            "poets",
        ),
        (
            "kirjailija",
            "taiteilija",
            "kuvittaja",
            "muusikko",
            "esiintyjä",
            "runoilija",
            "näyttelijä",
            "kirjoittaja",
            "författare",
            "konstnär",
            "illustratör",
            "musiker",
            "artist",
            "author",
            "writer",
            "illustrator",
            "musician",
            "performer",
            "poet",
        ),
        people=True,
    ),
    PartnerKind(
        "experts",
        Names("Asiantuntijat", "Experter", "Experts"),
        Names(
            "Asiantuntijat, kouluttajat, opettajat, luennoitsijat ja tutkijat.",
            "Experter, utbildare, lärare, föreläsare och forskare.",
            "Experts, trainers, teachers, lecturers and researchers.",
        ),
        (
            "asiantuntijat",
            "kouluttajat",
            "opettajat",
            "luennoitsijat",
            "tutkijat",
            "konsultit",
            "experter",
            "sakkunniga",
            "utbildare",
            "lärare",
            "föreläsare",
            "forskare",
            "experts",
            "teachers",
            "trainers",
            "lecturers",
            "researchers",
            "consultants",
        ),
        (
            "asiantuntija",
            "kouluttaja",
            "opettaja",
            "luennoitsija",
            "tutkija",
            "konsultti",
            "expert",
            "sakkunnig",
            "utbildare",
            "lärare",
            "föreläsare",
            "forskare",
            "trainer",
            "teacher",
            "lecturer",
            "researcher",
            "consultant",
        ),
        people=True,
    ),
    PartnerKind(
        "volunteers",
        Names("Vapaaehtoiset", "Frivilliga", "Volunteers"),
        Names(
            "Vapaaehtoistyötä tekevät ihmiset.",
            "Människor som gör frivilligarbete.",
            "People who do voluntary work.",
        ),
        (
            "vapaaehtoiset",
            "vapaaehtoistyöntekijät",
            "talkoolaiset",
            "frivilliga",
            "volontärer",
            "volunteers",
        ),
        ("vapaaehtoinen", "talkoolainen", "frivillig", "volontär", "volunteer"),
        people=True,
    ),
    PartnerKind(
        "actors",
        Names("Toimijat ja sidosryhmät", "Aktörer och intressenter", "Actors and stakeholders"),
        Names(
            "Yhteistyötahot, joita teksti ei erittele.",
            "Samarbetsparter som texten inte specificerar.",
            "Partners that the text does not tell apart.",
        ),
        (
            "toimijat",
            "tahot",
            "yhteistyötahot",
            "sidosryhmät",
            "kumppanit",
            "yhteistyökumppanit",
            "verkostot",
            "aktörer",
            "aktörerna",
            "intressenter",
            "samarbetspartner",
            "samarbetspartners",
            "actors",
            "stakeholders",
            "partners",
            "networks",
        ),
        ("toimija", "taho", "sidosryhmä", "kumppani", "aktör", "intressent", "stakeholder"),
    ),
    PartnerKind(
        "library-users",
        Names("Kirjaston asiakkaat", "Bibliotekets kunder", "Library users"),
        Names(
            "Ihmiset, joita kirjasto palvelee: asiakkaat, kuntalaiset ja asukkaat.",
            "Människor som biblioteket betjänar: kunder, kommuninvånare och invånare.",
            "The people the library serves: patrons, residents, visitors.",
        ),
        (
            "asiakkaat",
            "käyttäjät",
            "kuntalaiset",
            "kaupunkilaiset",
            "asukkaat",
            "kyläläiset",
            "kävijät",
            "lainaajat",
            "maahanmuuttajat",
            "kunder",
            "kunderna",
            "låntagare",
            "användare",
            "invånare",
            "kommuninvånare",
            "besökare",
            "invandrare",
            "users",
            "patrons",
            "customers",
            "residents",
            "visitors",
            "immigrants",
            "the public",
        ),
        (
            "asiakas",
            "käyttäjä",
            "kuntalainen",
            "asukas",
            "kävijä",
            "kund",
            "låntagare",
            "användare",
            "invånare",
            "besökare",
            "user",
            "patron",
            "customer",
            "resident",
            "visitor",
        ),
        people=True,
    ),
    PartnerKind(
        "families",
        Names("Perheet", "Familjer", "Families"),
        Names(
            "Lapsiperheet, vanhemmat ja isovanhemmat.",
            "Barnfamiljer, föräldrar och mor- och farföräldrar.",
            "Families with children, parents and grandparents.",
        ),
        (
            "perheet",
            "vanhemmat",
            "familjer",
            "barnfamiljer",
            "föräldrar",
            "families",
            "parents",
            "grandparents",
        ),
        ("perhe", "familj", "family"),
        people=True,
    ),
    PartnerKind(
        "children-and-youth",
        Names("Lapset ja nuoret", "Barn och unga", "Children and young people"),
        Names(
            "Lapset, nuoret, koululaiset ja opiskelijat.",
            "Barn, unga, skolelever och studerande.",
            "Children, young people, pupils and students.",
        ),
        (
            "lapset",
            "nuoret",
            "koululaiset",
            "lukiolaiset",
            "oppilaat",
            "opiskelijat",
            "vauvat",
            "barn",
            "unga",
            "ungdomar",
            "elever",
            "eleverna",
            "studerande",
            "children",
            "kids",
            "young people",
            "youth",
            "pupils",
            "students",
            "teenagers",
        ),
        (
            "lapsi",
            "nuori",
            "koululainen",
            "oppilas",
            "opiskelija",
            "barn",
            "elev",
            "child",
            "pupil",
            "student",
        ),
        people=True,
    ),
    PartnerKind(
        "seniors",
        Names("Ikäihmiset", "Äldre", "Older people"),
        Names(
            "Ikääntyneet ihmiset ja eläkeläiset.",
            "Äldre människor och pensionärer.",
            "Older people and pensioners.",
        ),
        (
            "ikäihmiset",
            "ikääntyneet",
            "seniorit",
            "eläkeläiset",
            "vanhukset",
            "äldre",
            "seniorer",
            "pensionärer",
            "seniors",
            "elderly",
            "older people",
            "pensioners",
        ),
        ("ikäihminen", "seniori", "eläkeläinen", "vanhus", "senior", "pensionär", "pensioner"),
        people=True,
    ),
)

KINDS: dict[str, PartnerKind] = {kind.key: kind for kind in _KIND_LIST}

# Words a municipal service is named by: whole words, ends of compounds ("liikuntatoimi"),
# or phrases.
MUNICIPAL_UNIT_WORDS: tuple[str, ...] = (
    # Finnish
    "toimi",
    "toimiala",
    "toimialat",
    "palvelut",
    "palvelu",
    "neuvola",
    "neuvolat",
    "terveyskeskus",
    "terveysasema",
    "terveysasemat",
    "kotihoito",
    "varhaiskasvatus",
    "päivähoito",
    "esiopetus",
    "perusopetus",
    "perusturva",
    "nuorisotyö",
    "sosiaalityö",
    "kunnanvirasto",
    "nuorisotalo",
    "nuorisotalot",
    "lautakunta",
    # Swedish
    "väsendet",
    "väsende",
    "förvaltningen",
    "förvaltning",
    "sektorn",
    "nämnden",
    "rådgivningen",
    "rådgivning",
    "hälsocentralen",
    "hälsocentral",
    "hälsovårdscentralen",
    "hälsovårdscentral",
    "dagvården",
    "dagvård",
    "hemvården",
    "hemvård",
    "småbarnspedagogiken",
    "småbarnspedagogik",
    "ungdomsgården",
    "ungdomsgård",
    # English
    "youth services",
    "social services",
    "cultural services",
    "health centre",
    "health center",
    "maternity clinic",
    "child health clinic",
    "home care",
    "early childhood education",
)

# Words that may stand before a kind's word without naming anything: adjectives of number and
# place, and the applicant's own municipality ("kunnan", "stadens").
QUALIFIERS: frozenset[str] = frozenset(
    {
        # Finnish
        "erilaiset",
        "eri",
        "muut",
        "muu",
        "paikalliset",
        "paikallinen",
        "lähialueen",
        "alueen",
        "lähiseudun",
        "seudun",
        "kunnan",
        "kaupungin",
        "kylän",
        "oma",
        "omat",
        "useat",
        "monet",
        "kaikki",
        "lähi",
        "lähin",
        "lähimmät",
        "kiinnostuneet",
        "halukkaat",
        "yksittäiset",
        "yksittäinen",
        "tietyt",
        "valitut",
        # Swedish
        "olika",
        "andra",
        "övriga",
        "lokala",
        "lokal",
        "alla",
        "flera",
        "många",
        "kommunens",
        "stadens",
        "ortens",
        "regionens",
        "närliggande",
        # English
        "other",
        "various",
        "local",
        "several",
        "all",
        "many",
        "different",
        "interested",
        "selected",
        "some",
        "the",
    }
)

# Qualifiers that make a word of the same form in the singular and plural a plural.
PLURAL_QUALIFIERS: frozenset[str] = frozenset(
    {
        "erilaiset",
        "eri",
        "muut",
        "paikalliset",
        "omat",
        "useat",
        "monet",
        "kaikki",
        "lähimmät",
        "kiinnostuneet",
        "halukkaat",
        "yksittäiset",
        "tietyt",
        "valitut",
        "olika",
        "andra",
        "övriga",
        "lokala",
        "alla",
        "flera",
        "många",
        "other",
        "various",
        "several",
        "all",
        "many",
        "different",
        "selected",
        "some",
    }
)

_CAPITAL_COMPOUND_MIN = 7  # a capitalised first word ends in a table word this long, at least
_COMPOUND_MIN = 4  # a table word shorter than this is never the end of a compound


# --- reading a text ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Head:
    """A table word ending a text.

    `size` is how many words of the text it covers; `named_prefix` tells that it ends a
    compound with a capitalised prefix ("Kansalliskirjasto", "4H-yhdistys").
    """

    word: str
    size: int
    named_prefix: bool = False


def _is_lower(text: str) -> bool:
    return not any(char.isupper() for char in text)


def _words(text: str) -> list[str]:
    return text.replace("\xa0", " ").strip().rstrip(".,;:!?").split()


def _exact(words: list[str], entry: str) -> _Head | None:
    """`entry` as the text's last words, lower case except as the text's first word."""
    parts = entry.split()
    if len(parts) > len(words) or [word.casefold() for word in words[-len(parts) :]] != parts:
        return None
    tail = words[-len(parts) :]
    at_start = len(parts) == len(words)
    if not all(_is_lower(word) for word in tail[1:]) or not (at_start or _is_lower(tail[0])):
        return None
    return _Head(entry, len(parts))


def _compound(words: list[str], entry: str, capital_compounds: int) -> _Head | None:
    """`entry` as the end of the text's last word, a compound ("kyläyhdistykset")."""
    last = words[-1]
    if " " in entry or len(entry) < _COMPOUND_MIN or len(last) <= len(entry):
        return None
    suffix, prefix = last[-len(entry) :], last[: -len(entry)]
    if suffix.casefold() != entry or not _is_lower(suffix):
        return None
    hyphenated = "-" in prefix or "–" in prefix
    # A capitalised compound is a proper name unless it opens the text and ends in a long,
    # unmistakable word ("Lähikirjastot", not "Nordmedia").
    if (
        not _is_lower(prefix)
        and not hyphenated
        and (len(words) > 1 or len(entry) < capital_compounds)
    ):
        return None
    return _Head(entry, 1, named_prefix=not _is_lower(prefix))


@cache
def _index(table: tuple[str, ...]) -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    """Index a table: its words by their last word, and its one-word words (compound ends)."""
    by_last: dict[str, list[str]] = {}
    for entry in table:
        by_last.setdefault(entry.split()[-1], []).append(entry)
    single = frozenset(entry for entry in table if " " not in entry)
    return {last: tuple(entries) for last, entries in by_last.items()}, single


def _candidates(words: list[str], table: tuple[str, ...]) -> list[str]:
    """Return the table words that may end `words`: by the last word, or ending a compound."""
    by_last, single = _index(table)
    last = words[-1].casefold()
    found = list(by_last.get(last, ()))
    # No end longer than the longest table word can be one: a word of a million letters is
    # not cut at each of them.
    first = max(1, len(last) - _longest(single))
    found += [
        last[start:]
        for start in range(first, len(last) - _COMPOUND_MIN + 1)
        if last[start:] in single
    ]
    return found


@cache
def _longest(words: frozenset[str]) -> int:
    return max(map(len, words), default=0)


def _head(words: list[str], table: tuple[str, ...], capital_compounds: int) -> _Head | None:
    """Find the longest table word that ends `words` (rule 1); None if there is none."""
    best: _Head | None = None
    for entry in _candidates(words, table):
        found = _exact(words, entry) or _compound(words, entry, capital_compounds)
        if found and (best is None or len(found.word) > len(best.word)):
            best = found
    return best


def _is_genitive(word: str) -> bool:
    return word.endswith(("n", "s", ":n", ":s")) and not word.endswith("nen")


def _front_allowed(front: list[str]) -> bool:
    """Tell whether the words before a kind's word keep the text a kind (rule 2)."""
    return all(
        index == 0 or _is_lower(word) or _is_genitive(word) for index, word in enumerate(front)
    )


def _is_named(front: list[str], head: _Head) -> bool:
    """Tell whether the text names an owner or a place (rule 3)."""
    return head.named_prefix or any(
        not _is_lower(word) and word.casefold() not in QUALIFIERS for word in front
    )


_KIND_OF_WORD: dict[str, PartnerKind] = {word: kind for kind in _KIND_LIST for word in kind.words}
_KIND_WORDS = tuple(_KIND_OF_WORD)


@dataclass(frozen=True)
class _Reading:
    key: str
    member: bool
    named: bool


def _read(text: str) -> _Reading | None:
    """Read `text` against the kinds' words (rules 1-4)."""
    words = _words(text)
    if not words:
        return None
    head = _head(words, _KIND_WORDS, _CAPITAL_COMPOUND_MIN)
    if head is None:
        return None
    front = words[: len(words) - head.size]
    if not _front_allowed(front):
        return None
    kind = _KIND_OF_WORD[head.word]
    member = head.word in kind.members
    if member and head.word in kind.groups:
        member = not any(word.casefold() in PLURAL_QUALIFIERS for word in front)
    return _Reading(kind.key, member, _is_named(front, head))


def kind_of(text: str) -> str | None:
    """Return the key of the kind `text` names (a group, or one unnamed member), else None.

    "erilaiset järjestöt" -> "associations"; "kirjaston asiakkaat" -> "library-users";
    "Kuopion koulut" -> "schools"; "Satamankulman taideyhdistys" -> None (a named member).
    """
    reading = _read(text)
    if reading is None or (reading.member and reading.named):
        return None
    return reading.key


def institution_of(text: str) -> str | None:
    """Return the kind's key when `text` names one unnamed local institution, else None.

    "seurakunta" -> "parishes"; "kansalaisopisto" -> "adult-education"; "lukio" -> "schools";
    "seurakunnat" -> None (a group); "yhdistys" -> None (not an institution).
    """
    reading = _read(text)
    if reading is None or not reading.member or reading.named:
        return None
    return reading.key if KINDS[reading.key].institution else None


def municipal_unit_of(text: str) -> bool:
    """Tell whether `text` names a municipal service without naming its municipality.

    "neuvola", "Liikuntatoimi", "kulttuuri- ja nuorisotoimi", "tekninen toimi" -> True;
    "Ylöjärven kaupungin varhaiskasvatus" -> False (the owner is named: an organisation).
    """
    words = _words(text)
    if not words or _head(words, MUNICIPAL_UNIT_WORDS, capital_compounds=0) is None:
        return False
    if not all(_is_lower(word) for word in words[1:]):
        return False
    first = words[0]
    return (
        len(words) == 1
        or _is_lower(first)
        or first.casefold() in QUALIFIERS
        or first.casefold().endswith("nen")
        or first.endswith(("-", "–"))
    )
