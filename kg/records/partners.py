"""Reading a record's free-text partner section: who the library worked with, classified.

A project page may say who the library worked with, in free text: "Yhteistyökumppanin
nimi/nimet:" (Swedish "Samarbetspartner/s:"), parsed into ``record.sections["partners"]``, or on
older pages "Yhteistyökumppanit, työryhmä:" (partners, working group), parsed into
``record.sections["working_group"]``. The graph keeps that text whole and also links the project
to each partner named in it. `split_partners` finds those partners and tells what each is: a
named organisation, a unit of the applicant's municipality, a kind of partner, a person, or
the text where a cut-off page copy ends. It is pure and deterministic, and written from the
real pages, which look like this::

    Karkkilan kaupunginkirjasto, Vihdin kunnankirjasto
    Savon ammatti- ja aikuisopisto, yhdistykset esim. Kuopio Tanssii ja Soi ry, ...
    Muut Lukki-kirjastot: Lohjan kaupunginkirjasto, Karkkilan kaupunginkirjasto
    Mika Luimula, Yliopettaja, Turku AMK
    terveyskeskus, neuvola, kulttuuri- ja nuorisotoimi, ..., erilaiset järjestöt ja yhdistykset.

Each partner is a `Partner(name, remark, category, kind, business_id)`; `category` is one of
`CATEGORIES`:

    organisation    a named organisation ("Turku Game Lab", "Karkkilan kaupunginkirjasto"), one
                    written with a business ID, or one unnamed local institution ("seurakunta",
                    "kansalaisopisto", "lukio": the mapping scopes it to the applicant's town)
    municipal_unit  a municipal service named without its municipality ("neuvola",
                    "liikuntatoimi", "kulturväsendet"): a unit of the applicant's municipality
    kind            a kind of partner, not one organisation ("yhdistykset", "erilaiset
                    järjestöt", "kirjaston asiakkaat", "laitetoimittajat")
    person          a named private person ("Mika Luimula", "Minna-Karoliina Heino")
    cut_off         the last partner of a text the page copy cuts off ("Tyrnävän ki")

`kind` is the key of a partner kind in `kg.records.partner_kinds.KINDS`: always set for a "kind",
set
for an unnamed institution ("seurakunta" -> "parishes") and for the examples of a group
("Maljapuron päiväkoti" in "päiväkodit esim. ..." -> "day-care"), else None. `business_id` is
a Finnish business ID written with the name, as "0145626-1".

The rules, in the order they apply:

1. **Nothing to split.** Empty text, or text of punctuation only ("-", "???", "–") or a
   placeholder word ("ei", "ei ole", "nej", "none", ...) gives ``()``.
2. **Lines.** Each line is read on its own; a bullet at the start of a line ("•", "-", "–",
   "—", "*", "·", "▪", "1.", "1)") is dropped.
3. **A heading** ("Muut Lukki-kirjastot: Lohjan kaupunginkirjasto, ...") -- a short lead of at
   most six words, without commas or parentheses, ending in ": " -- names the group the line
   lists. It is not a partner itself; it becomes the remark of every partner on the line. A
   business ID's label ("Y-tunnus: 0145626-1") is not a heading.
4. **Commas and semicolons** separate names, except inside parentheses or brackets
   ("JJR-kirjasto (Joroinen, Juva, Rantasalmi)" is one name).
5. **Business IDs.** A Finnish business ID -- seven digits, a dash, a check digit, maybe
   labelled "Y-tunnus", "FO-nummer" or "Y-" and maybe spaced ("0158 766-7") -- belongs to the
   name it is written with: before it ("0145626-1 (Forssan kaupunki)"), after it ("Forssan
   kaupunki (0145626-1)", "Forssan kaupunki Y-tunnus 0145626-1") or as the next comma item
   ("Forssan kaupunki, Y-tunnus 0145626-1"; an ID opening the line belongs to the item after
   it). It is taken out of the name and remarks, normalised as `kg.records.values` reads the
   library's own ID ("NNNNNNN-N"; the check digit is the validator's to judge) and kept as
   `business_id`; the partner is an organisation. Left with no other name, the ID as written
   is the name.
6. **People.** A line that opens with a person and a title ("Mika Luimula, Yliopettaja, Turku
   AMK"), or with titles ending in a titled person ("Paikallinen taiteilija, aforismikirjailija,
   sarjakuvapiirtäjä Minna-Karoliina Heino"), is read as people, one after another: titles,
   the person (or a titled person), titles, then the organisation, if the next item does not
   start another person. The person is a partner of category "person" whose remark is the
   titles and the organisation as written ("Yliopettaja, Turku AMK"; "Paikallinen taiteilija,
   aforismikirjailija, sarjakuvapiirtäjä"); the organisation follows it, with no remark of the
   person's. A later person with no title needs a known given name (`GIVEN_NAMES`); from the
   first item that starts no person, the rest of the line is read as usual. An item's
   parentheses are set aside when telling a person ("Anna Virtanen (kuvittaja)"), and an item
   that names people ("Pekka ja Liisa Mäkinen") is never the organisation of the person before
   it. A person is two or
   three capitalised words with no organisation word among them ("Turku Game Lab", "Miina
   Sillanpää Seura" are not); a title is one to four words whose last word is a known title
   ("professori", "rektor", "engineer", ...) or an agent noun ("-aja", "-ijä", "-are", ...).
7. **A unit of a city named as a list** ("Kuopion kaupungin markkinointi, viestintä ja
   asiakaspalvelut": owner in the genitive, "Kuopion kaupungin", then lower-case items, the
   last joined by "ja"/"sekä") is one partner: the owner belongs to every item.
8. **Examples.** "esim.", "esimerkiksi", "mm.", "muun muassa", "kuten", "t.ex.", "till
   exempel", "bl.a.", "bland annat", "såsom", "e.g.", "such as", "including" introduce
   examples of a group: in "yhdistykset esim. Kuopio Tanssii ja Soi ry, Satamankulman
   taideyhdistys" the group ("yhdistykset") is a partner of its own (no remark) and each
   example is a partner whose remark is the introduction as written ("yhdistykset esim.").
   If the introducer opens an item, the item before it is the group; if there is none, the
   remark is the introducer alone and the examples run to the end of the line. Otherwise the
   first name after the introducer is always an example, and the following ones are examples
   while they are of the group's kind: they contain the stem of the group's last word
   ("päiväkodit" -> "päiväk": "Minnan päiväkoti"), or, for associations or companies, end in
   the legal form ("ry", "rf"; "Oy", "Ab", ...), or, for a kind of people ("kirjailijat"),
   are shaped like a person (rule 6). The first name that is not ends the examples.
9. **Conjunctions** " ja ", " sekä ", " och ", " samt ", " and " separate two names, and so
   does " että " after " sekä " ("sekä koulut että päiväkodit": both ... and ...), except:
   after a word ending in a hyphen ("Savon ammatti- ja aikuisopisto", "barn- och
   ungdomsbibliotek"); after a single genitive word whose head is shared ("Lohjan ja
   Karkkilan kirjastot", "lasten ja nuorten palvelut", "Borgås och Lovisas bibliotek"); when
   the part after it ends in a legal form ("ry", "Oy", ...) and the part before it does not
   end in an organisation word ("Kuopio Tanssii ja Soi ry"); inside parentheses. A
   conjunction opening an item ("sekä Vihdin kirjasto") is dropped.
10. **Parentheses** hold remarks: "Ison Omenan palvelutorin (espoo.fi/palvelutori) muut
    toimijat" is the name "Ison Omenan palvelutorin muut toimijat" with the remark
    "espoo.fi/palvelutori". Several remarks are joined with "; ", after the heading or example
    remark. A parenthesis left open (a cut page) runs to the end of the item. An item that is
    only a parenthesis ("(Vihdin kunnankirjasto)") has what it holds as its name.
11. **Clean-up.** Spaces are collapsed; trailing punctuation (".", ",", ";", ":", "!", "?")
    is trimmed; names of punctuation only are dropped; a name given twice (ignoring case) is
    kept once, where it first appears, with its first remark. Names stay as written.
12. **Categories**, the first that holds:
    a. a person found by rule 6 is a *person*;
    b. an example of a group whose kind is known (``kind_of`` of the group) is an
       *organisation* of the group's kind -- or a *person* of it, when the kind's members are
       people ("kirjailijat esim. Minna Canth") and the example is shaped like a person;
    c. a name written with a business ID is an *organisation*;
    d. titles followed by a person ("kirjailija Anna Virtanen") are a *person*: the name is
       the person's, the titles lead the remark;
    e. two or three capitalised words, no organisation word among them, the first or the last
       a known given name ("Hanna Ahtosalo", "Virtanen Matti"; not "Aalto Design", "Miina
       Sillanpää Seura"), or a known given name alone ("Pekka" of "Pekka ja Liisa Mäkinen"),
       are a *person*: where a name could be a person's or an organisation's, the person
       (personal data stays out of the open release);
    f. one unnamed local institution ("seurakunta", "lukio", "kansalaisopisto":
       ``institution_of``) is an *organisation* with its kind;
    g. a kind's words ("yhdistykset", "erilaiset järjestöt", "kirjaston asiakkaat",
       "Kuopion koulut": ``kind_of``) are a *kind*;
    h. a municipal service without its municipality ("neuvola", "tekninen toimi":
       ``municipal_unit_of``) is a *municipal_unit*;
    i. anything else is an *organisation* ("Ylöjärven kaupungin varhaiskasvatus" names its
       municipality: an organisation).
    The words and the reading rules of f-h are in `kg.records.partner_kinds`.
13. **Cut off.** With ``cut_off=True`` the page copy ends inside the text, so its last partner
    is a fragment: it becomes category "cut_off" (name and remark as read, no kind, no
    business ID), and it is kept even when its text repeats an earlier name. Everything
    before it is classified as usual. With ``cut_off=False`` nothing is cut off.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from kg.errors import UnreadableValue
from kg.records.partner_kinds import KINDS, institution_of, kind_of, municipal_unit_of
from kg.records.values import read_business_id

__all__ = ["CATEGORIES", "GIVEN_NAMES", "Partner", "looks_like_person", "split_partners"]

CATEGORIES = ("organisation", "municipal_unit", "kind", "person", "cut_off")


@dataclass(frozen=True)
class Partner:
    """One partner named in a partner section.

    `name` is the text that names it, trimmed, as written; `remark` is what was written beside
    it: a parenthesised remark, the group an example was given for ("yhdistykset esim."), a
    heading, or a person's titles. `category` is one of `CATEGORIES`; `kind` is a key of
    `kg.records.partner_kinds.KINDS` or None; `business_id` is a business ID written with the name.
    """

    name: str
    remark: str | None = None
    category: str = "organisation"
    kind: str | None = None
    business_id: str | None = None


# --- vocabulary ---------------------------------------------------------------------------

_PLACEHOLDERS = frozenset(
    {
        "ei",
        "ei ole",
        "ei vielä",
        "ei tiedossa",
        "ei yhteistyökumppaneita",
        "nej",
        "inga",
        "ingen",
        "none",
        "n/a",
        "na",
        "tba",
    }
)

_BULLET = re.compile(r"^\s*(?:[•\-–—*·▪►]|\d{1,2}[.)])\s+")
_SPACES = re.compile(r"\s+")
_TRAILING = ".,;:!?"
_PUNCT_ONLY = re.compile(r"^[\W_]*$")
_HEADING = re.compile(r"^(?P<head>[^,;:()\[\]]+?):\s+(?P<rest>\S.*)$")

_CONJ = re.compile(r"(?<!\S)(?:ja|sekä|och|samt|and)(?!\S)", re.IGNORECASE)
# "että" separates only after "sekä": "sekä koulut että päiväkodit" (both ... and ...).
_CONJ_OR_ETTA = re.compile(r"(?<!\S)(?:ja|sekä|och|samt|and|että)(?!\S)", re.IGNORECASE)
_LEADING_CONJ = re.compile(r"^(?:ja|sekä|och|samt|and)\s+", re.IGNORECASE)

_INTRODUCER = re.compile(
    r"(?<!\w)(?:esim\.?|esimerkiksi|mm\.|m\.m\.|muun muassa|kuten|t\.ex\.|till exempel|bl\.a\."
    r"|bland annat|såsom|e\.g\.|eg\.|such as|including)(?!\w)",
    re.IGNORECASE,
)

# A business ID: an optional label, seven digits (maybe spaced), a dash, the check digit.
_ID_LABELS = ("y-tunnus", "ytunnus", "y-tunn.", "fo-nummer", "fo-nr", "fo nr", "business id")
_BUSINESS_ID = re.compile(
    r"(?:(?<!\w)(?:" + "|".join(re.escape(label) for label in _ID_LABELS) + r")\s*:?\s*"
    r"|(?<!\w)Y\s?-?\s?(?=\d)|(?<![\w-]))"
    r"(?P<id>\d(?: ?\d){6} ?[-–‐] ?\d)(?![\w-])",
    re.IGNORECASE,
)
_ID_SEPARATORS = " ,;:/–-"

# Legal forms that end an organisation's name, by kind.
_ASSOCIATION_FORMS = frozenset({"ry", "r.y.", "ry.", "rf", "r.f.", "rf.", "e.v."})
_COMPANY_FORMS = frozenset({"oy", "oyj", "ab", "abp", "ky", "tmi", "ltd", "inc", "oy.", "ab."})
_LEGAL_FORMS = _ASSOCIATION_FORMS | _COMPANY_FORMS
# Stems of group words whose members are recognised by their legal form.
_ASSOCIATION_STEMS = ("yhdisty", "järjest", "seur", "föreni", "organi", "associ", "club", "klub")
_COMPANY_STEMS = ("yrit", "företa", "compan", "firm")

# Endings of words that make a name an organisation's, not a person's ("Miina Sillanpää
# Seura", "Aalto Design", "Turku Game Lab"); legal forms count as whole words.
_ORG_ENDINGS = (
    # Finnish
    "kirjasto",
    "kirjastot",
    "opisto",
    "koulu",
    "lukio",
    "päiväkoti",
    "seurakunta",
    "kaupunki",
    "kunta",
    "keskus",
    "museo",
    "teatteri",
    "säätiö",
    "yhdistys",
    "liitto",
    "seura",
    "toimi",
    "palvelut",
    "talo",
    "yliopisto",
    "pankki",
    "yhtiö",
    "kustannus",
    "kustantamo",
    "kuoro",
    "orkesteri",
    "galleria",
    "akatemia",
    "instituutti",
    "festivaali",
    "verkosto",
    "foorumi",
    "ryhmä",
    "kerho",
    "klubi",
    "piiri",
    "areena",
    # Swedish
    "bibliotek",
    "skola",
    "förening",
    "förbund",
    "stiftelse",
    "institut",
    # English and international
    "lab",
    "amk",
    "library",
    "university",
    "school",
    "association",
    "foundation",
    "centre",
    "center",
    "design",
    "studio",
    "media",
    "group",
    "games",
    "events",
    "company",
    "productions",
    "solutions",
    "systems",
    "services",
    "consulting",
    "partners",
    "gallery",
    "academy",
    "institute",
    "festival",
    "network",
    "forum",
    "club",
    "arena",
)

# Titles of people; a title's last word is one of these or ends like an agent noun.
_TITLE_WORDS = frozenset(
    {
        # Finnish
        "rehtori",
        "professori",
        "lehtori",
        "sihteeri",
        "koordinaattori",
        "informaatikko",
        "amanuenssi",
        "kuraattori",
        "intendentti",
        "pastori",
        "kanttori",
        "esimies",
        "insinööri",
        "dosentti",
        "lääkäri",
        "muusikko",
        # Swedish
        "rektor",
        "lektor",
        "chef",
        "koordinator",
        "bibliotekarie",
        "konstnär",
        "direktör",
        "ordförande",
        "sekreterare",
        # English
        "engineer",
        "manager",
        "director",
        "coordinator",
        "officer",
        "professor",
        "lecturer",
        "researcher",
        "designer",
        "developer",
        "producer",
        "librarian",
        "teacher",
        "head",
        "specialist",
        "assistant",
        "planner",
        "artist",
        "consultant",
        "chair",
        "president",
        "ceo",
        "student",
    }
)
_TITLE_ENDINGS = ("aja", "ija", "äjä", "ijä", "päällikkö", "are")

# Common Finnish and Swedish given names: a bare "Firstname Lastname" in a list is a person
# only when its first word is one of these. Names that are also common words or the first
# word of well-known organisations' names ("Sampo", "Lotta", "Onni") are left out.
_GIVEN_NAMES_TEXT = """
    Aila Aili Aino Aira Airi Alina Alli Amanda Anitta Anita Anja Anna Anne Anneli Anni Annikki
    Annika Anu Arja Armi Aune Eeva Eija Eila Eini Elina Eliisa Elisa Elisabet Ella Ellen Elli
    Elsa Emilia Emma Erja Essi Eveliina Hanna Hanne Hannele Heidi Heini Helena Heli Helka
    Hellevi Helmi Helvi Henna Hilja Hilkka Iida Iiris Ilona Inkeri Irene Irja Irma Irmeli
    Jaana Jenna Jenni Johanna Jonna Josefiina Julia Kaarina Kaija Kaisa Kaisu Karoliina
    Katariina Kati Katja Kerttu Kirsi Kirsti Krista Kristiina Laura Leena Liisa Maarit Maija
    Maire Marika Marita Maritta Marja Marjaana Marjatta Marjo Marjut Marketta Maria Marianne
    Merja Mervi Milla Minna Mira Mirja Mirjami Noora Nina Oona Outi Paula Pauliina Päivi Pirjo
    Pirkko Piia Raija Raili Riikka Riitta Ritva Ronja Saara Sanna Sari Satu Seija Siiri Silja
    Sinikka Sirkka Sirpa Soile Sofia Sonja Susanna Suvi Taina Tanja Tarja Terhi Tiina Tuija
    Tuula Tuulikki Tytti Ulla Vappu Veera Venla Viivi Virpi
    Aapo Aarne Aarno Aaro Aatu Ahti Aki Aleksi Aleksis Anssi Antero Antti Ari Arto Arvo Eero
    Eetu Eino Elias Erkki Esa Esko Hannu Harri Heikki Henri Ilkka Ilmari Ismo Jaakko Jani
    Janne Jari Jarmo Jarno Jere Jesse Joni Jorma Jouko Jouni Juha Juhani Juho Jukka Jussi
    Juuso Jyrki Kai Kalevi Kalle Kari Kauko Keijo Kimmo Kristian Kyösti Lassi Lasse Lauri Leo
    Markku Marko Martti Matias Matti Mauno Mauri Mika Mikael Mikko Niilo Niko Oiva Olavi Olli
    Oskari Osmo Otto Paavo Pasi Pauli Pekka Pentti Pertti Petri Petteri Raimo Rauno Reijo
    Reino Risto Sakari Sami Samuli Santeri Seppo Simo Tapani Teemu Tero Timo Tommi Toni Topi
    Tuomas Tuomo Unto Urho Valtteri Veikko Vesa Vilho Ville Väinö Yrjö
    Agneta Ann Anna-Lena Astrid Barbro Birgitta Britt Cecilia Charlotta Christina Ebba Elin
    Erika Eva Fredrika Gun Gunilla Gunnel Inger Ingrid Jessica Josefin Karin Kerstin Kristina
    Lena Linda Linnea Lisa Louise Maja Malin Margareta Marie Mia Monica Pia Sara Siv Stina
    Susanne Ulrika Viveka Wilma Åsa
    Alexander Anders Anton Axel Bengt Bertil Björn Bo Carl Christer Christoffer Dan Daniel
    Emil Erik Fredrik Gunnar Gustav Göran Hans Henrik Håkan Jakob Jan Joakim Johan Johannes
    Jonas Kaj Karl Kent Kim Kjell Lars Leif Magnus Mats Mattias Nils Ola Olof Oscar Patrik
    Per Peter Rasmus Robert Roger Rolf Sebastian Stefan Sten Sven Thomas Tom Tomas Tor
    Torbjörn Ulf William Åke
"""
GIVEN_NAMES: frozenset[str] = frozenset(_GIVEN_NAMES_TEXT.split())

_NAME_WORD = re.compile(r"^[A-ZÅÄÖÜ][a-zåäöüéè]+(?:-[A-ZÅÄÖÜ][a-zåäöüéè]+)*$")
_OWNER_UNIT = re.compile(r"^[A-ZÅÄÖ]\w*n (?:[a-zåäö]\w*n )+[a-zåäö][\w-]*$")
_LOWER_START = re.compile(r"^[a-zåäö]")


# --- the pipeline -------------------------------------------------------------------------


@dataclass
class _Item:
    """A name on its way out: its text, its remarks so far, and how it was found."""

    text: str
    remarks: list[str] = field(default_factory=list)
    whole: bool = False  # found whole (a person's line, a city's unit): no conjunction split
    person: bool = False  # a person found on a people line (rule 6)
    example: bool = False  # an example of a group (rule 8)
    group_kind: str | None = None  # the kind of the group it is an example of


def split_partners(text: str | None, *, cut_off: bool = False) -> tuple[Partner, ...]:
    """Read a partner section's text into the partners it names, classified, in order.

    See the module docstring for the rules. Empty or placeholder text gives ``()``; a name
    is never empty; a name given twice is kept once, with its first remark. With `cut_off`
    the page copy ends inside `text`: the last partner is category "cut_off".
    """
    if text is None:
        return ()
    normalised = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    if _is_nothing(normalised):
        return ()
    found = [
        partner
        for line in normalised.split("\n")
        for item in _split_line(line)
        if (partner := _to_partner(item)) is not None
    ]
    fragment = found.pop() if cut_off and found else None
    partners: list[Partner] = []
    seen: set[str] = set()
    for partner in found:
        key = partner.name.casefold()
        if key not in seen:
            seen.add(key)
            partners.append(partner)
    if fragment is not None:
        partners.append(Partner(fragment.name, fragment.remark, "cut_off"))
    return tuple(partners)


def _is_nothing(text: str) -> bool:
    """Tell whether `text` names no one: empty, punctuation only, or a placeholder word."""
    stripped = _SPACES.sub(" ", text).strip()
    if _PUNCT_ONLY.match(stripped):
        return True
    return stripped.rstrip(_TRAILING).strip().casefold() in _PLACEHOLDERS


def _split_line(line: str) -> list[_Item]:
    """Cut one line into items, before parentheses and punctuation are dealt with."""
    line = _SPACES.sub(" ", _BULLET.sub("", line)).strip()
    if _PUNCT_ONLY.match(line):
        return []
    heading: str | None = None
    match = _HEADING.match(line)
    if (
        match
        and len(match["head"].split()) <= 6
        and not _INTRODUCER.search(match["head"])
        and not _labels_business_id(match["head"], match["rest"])
    ):
        heading, line = match["head"].strip(), match["rest"].strip()
    pieces = _attach_business_ids([piece for piece in _split_outside_brackets(line, ",;") if piece])
    items, rest = _people(pieces)
    items += _examples(_merge_city_units(rest))
    if heading:
        for item in items:
            item.remarks.insert(0, heading)
    return items


def _split_outside_brackets(text: str, separators: str) -> list[str]:
    """Split at any of `separators` that is not inside () or []; parts are stripped."""
    parts: list[str] = []
    depth = 0
    start = 0
    for index, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif char in separators and depth == 0:
            parts.append(text[start:index].strip())
            start = index + 1
    parts.append(text[start:].strip())
    return parts


def _mask_brackets(text: str) -> str:
    """`text` with everything inside () or [] replaced by spaces (same length)."""
    out: list[str] = []
    depth = 0
    for char in text:
        if char in "([":
            depth += 1
            out.append(" ")
        elif char in ")]":
            depth = max(0, depth - 1)
            out.append(" ")
        else:
            out.append(" " if depth else char)
    return "".join(out)


# --- business IDs -------------------------------------------------------------------------


def _labels_business_id(head: str, rest: str) -> bool:
    """Tell whether "head: rest" is a business ID's label and the ID, not a heading."""
    return head.strip().casefold().endswith(_ID_LABELS) and _BUSINESS_ID.match(rest) is not None


def _take_business_id(text: str) -> tuple[str, str | None]:
    """Take the first business ID out of `text`: (the text without it, the normalised ID).

    The separators around the ID go with it ("Forssan kaupunki, Y-tunnus 0145626-1" ->
    "Forssan kaupunki"); an ID that does not read as NNNNNNN-N stays in the text.
    """
    for match in _BUSINESS_ID.finditer(text):
        try:
            business_id = read_business_id(match["id"]).value
        except UnreadableValue:
            continue
        if not re.fullmatch(r"\d{7}-\d", business_id):
            continue
        before = text[: match.start()].rstrip(_ID_SEPARATORS)
        after = text[match.end() :].lstrip(_ID_SEPARATORS)
        return f"{before} {after}".strip(), business_id
    return text, None


def _is_id_only(piece: str) -> bool:
    rest, business_id = _take_business_id(piece)
    return business_id is not None and _PUNCT_ONLY.match(rest) is not None


def _attach_business_ids(pieces: list[str]) -> list[str]:
    """Join a comma item that is only a business ID to the name before it (or after it)."""
    joined: list[str] = []
    pending: str | None = None  # IDs opening the line, waiting for their name
    for piece in pieces:
        if not _is_id_only(piece):
            joined.append(f"{pending}, {piece}" if pending else piece)
            pending = None
        elif joined:
            joined[-1] = f"{joined[-1]}, {piece}"
        else:
            pending = f"{pending}, {piece}" if pending else piece
    if pending is not None:
        joined.append(pending)
    return joined


def _without_ids(text: str) -> str:
    """`text` with business IDs and everything in brackets taken out (for comparing)."""
    rest, business_id = _take_business_id(text)
    while business_id is not None:
        rest, business_id = _take_business_id(rest)
    return _SPACES.sub(" ", _mask_brackets(rest)).strip()


# --- people -------------------------------------------------------------------------------


def _is_org_word(word: str) -> bool:
    folded = word.casefold()
    return folded in _LEGAL_FORMS or folded.endswith(_ORG_ENDINGS)


def _has_org_word(words: list[str]) -> bool:
    return any(_is_org_word(word) for word in words)


def _is_person(text: str) -> bool:
    """Two or three capitalised words, none of them an organisation word: "Mika Luimula"."""
    words = text.split()
    return (
        2 <= len(words) <= 3
        and all(_NAME_WORD.match(word) for word in words)
        and not _has_org_word(words)
    )


def looks_like_person(text: str) -> bool:
    """Tell whether `text` is shaped like a person's name (rule 6): not "Aalto Design".

    For other short texts that may name people (an image's credit: `kg.records.personal`).
    """
    return _is_person(text)


def _is_named_person(text: str) -> bool:
    """Tell a person by a given name: first, last or alone; not "Aalto Design".

    "Hanna Ahtosalo", "Virtanen Matti", "Pekka" (of "Pekka ja Liisa Mäkinen").
    """
    words = text.split()
    if len(words) == 1:
        return bool(_NAME_WORD.match(words[0])) and words[0] in GIVEN_NAMES
    given = (words[0].split("-")[0], words[-1].split("-")[0])
    return _is_person(text) and any(word in GIVEN_NAMES for word in given)


def _is_title_word(word: str) -> bool:
    folded = word.casefold()
    return folded in _TITLE_WORDS or (len(folded) >= 5 and folded.endswith(_TITLE_ENDINGS))


def _is_title(text: str) -> bool:
    """One to four words ending in a title, no organisation word: "Yliopettaja"."""
    words = text.split()
    return (
        1 <= len(words) <= 4
        and not any(char.isdigit() or char in "()[]" for char in text)
        and _is_title_word(words[-1])
        and not _has_org_word(words)
    )


def _titled_person(text: str) -> tuple[str, str] | None:
    """Split a title followed by a person into (title, person); None if `text` is not one.

    "sarjakuvapiirtäjä Minna-Karoliina Heino" -> ("sarjakuvapiirtäjä", "Minna-Karoliina Heino").
    """
    words = text.split()
    for size in (3, 2):
        if len(words) > size and _is_person(" ".join(words[-size:])):
            title = " ".join(words[:-size])
            return (title, " ".join(words[-size:])) if _is_title(title) else None
    return None


def _opens_people(pieces: list[str]) -> bool:
    """Tell whether a line opens with a person and a title, or titles and a titled person."""
    if len(pieces) >= 2 and _is_person(pieces[0]) and _is_title(pieces[1]):
        return True
    index = 0
    while index < len(pieces) and _is_title(pieces[index]):
        index += 1
    return index < len(pieces) and _titled_person(pieces[index]) is not None


def _person_group(pieces: list[str], start: int) -> tuple[list[_Item], int] | None:
    """Read one person from `start`: titles, the person, titles, an organisation.

    Returns the person's item (and the organisation's) and where the next group starts, or
    None when no person starts here: a person with no title must have a known given name.
    """
    index = start
    titles: list[str] = []
    while index < len(pieces) and _is_title(pieces[index]):
        titles.append(pieces[index])
        index += 1
    if index == len(pieces):
        return None
    bare = _bare(pieces[index])  # its parenthesis is a remark, read later: "(kuvittaja)"
    titled = _titled_person(bare)
    if titled is not None:
        titles.append(titled[0])
        person = pieces[index].replace(bare, titled[1], 1)
    elif _is_person(bare):
        person = pieces[index]
    else:
        return None
    index += 1
    while index < len(pieces) and _is_title(pieces[index]):
        titles.append(pieces[index])
        index += 1
    if not titles and not _is_named_person(_bare(person)):
        return None
    organisation = None
    if index < len(pieces) and not _starts_person(pieces[index]):
        organisation = pieces[index]
        index += 1
    remark = ", ".join([*titles, organisation] if organisation else titles)
    items = [_Item(person, [remark], whole=True, person=True)]
    if organisation is not None:
        items.append(_Item(organisation, whole=True))
    return items, index


def _starts_person(piece: str) -> bool:
    """Tell whether a piece names a person, or people ("Pekka ja Liisa Mäkinen")."""
    bare = _bare(piece)
    if _is_person(bare) or _titled_person(bare) is not None:
        return True
    parts = [part.strip() for part in _CONJ.split(bare)]
    return len(parts) > 1 and all(_is_named_person(part) or _is_person(part) for part in parts)


def _bare(piece: str) -> str:
    """Return the piece without what it holds in parentheses ("Anna Virtanen (kuvittaja)")."""
    return _parenthesised(piece)[0]


def _people(pieces: list[str]) -> tuple[list[_Item], list[str]]:
    """Read the people a line opens with (rule 6); returns their items and the pieces left."""
    if not _opens_people(pieces):
        return [], pieces
    items: list[_Item] = []
    index = 0
    while index < len(pieces):
        group = _person_group(pieces, index)
        if group is None:
            break
        found, index = group
        items.extend(found)
    return items, pieces[index:]


# --- units of a city ----------------------------------------------------------------------


def _merge_city_units(pieces: list[str]) -> list[_Item]:
    """Items from comma pieces, a city's unit named as a list joined back into one item."""
    items: list[_Item] = []
    index = 0
    while index < len(pieces):
        piece = pieces[index]
        end = _city_unit_end(pieces, index) if _OWNER_UNIT.match(piece) else None
        if end is None:
            items.append(_Item(piece))
            index += 1
        else:
            items.append(_Item(", ".join(pieces[index : end + 1]), whole=True))
            index = end + 1
    return items


def _city_unit_end(pieces: list[str], start: int) -> int | None:
    """Index of the last piece of "Owner's unit, unit ja unit", or None if it is not one."""
    index = start + 1
    while index < len(pieces):
        piece = pieces[index]
        if not _LOWER_START.match(piece) or len(piece.split()) > 3 or "(" in piece:
            return None
        if _CONJ.search(piece):
            return index
        index += 1
    return None


# --- examples -----------------------------------------------------------------------------


def _group_stem(group: str) -> str:
    word = group.split()[-1].casefold() if group.split() else ""
    return word if len(word) <= 4 else word[: max(4, len(word) - 4)]


def _of_kind(name: str, stem: str, kind: str | None) -> bool:
    """Tell whether `name` looks like a member of the group whose last word has stem `stem`.

    A member contains the stem, or ends in the legal form of the group's associations or
    companies, or is shaped like a person when the group's kind (`kind`) is of people.
    """
    plain = _without_ids(name)
    folded = plain.casefold()
    if (stem and stem in folded) or (kind is not None and KINDS[kind].people and _is_person(plain)):
        return True
    last = folded.split()[-1] if folded.split() else ""
    if stem.startswith(_ASSOCIATION_STEMS):
        return last in _ASSOCIATION_FORMS
    if stem.startswith(_COMPANY_STEMS):
        return last in _COMPANY_FORMS
    return False


@dataclass
class _Group:
    """The group whose examples are running: its stem, remark and kind."""

    stem: str  # "" runs to the end of the line
    remark: str
    kind: str | None
    first: bool = True  # the next name is the first example: it always counts


def _examples(pieces: list[_Item]) -> list[_Item]:
    """Split introducers ("yhdistykset esim. ...") and conjunctions; mark the examples."""
    out: list[_Item] = []
    group: _Group | None = None
    previous: _Item | None = None
    for piece in pieces:
        if piece.whole:
            parts: list[tuple[str, str | None]] = [(piece.text, None)]
        else:
            parts = list(_introduced(_drop_leading_conjunction(piece.text)))
        for index, (text, intro) in enumerate(parts):
            if intro is not None:
                group_items = (
                    _split_conjunctions(_trim(text)) if not _PUNCT_ONLY.match(text) else []
                )
                out.extend(group_items)
                if group_items:
                    previous = group_items[-1]
                    name = _trim(text)
                elif previous is not None and index == 0:
                    name = previous.text
                else:
                    name = ""
                group = _Group(
                    _group_stem(name) if name else "",
                    f"{name} {intro}".strip(),
                    kind_of(_without_ids(previous.text)) if name and previous else None,
                )
                continue
            names = [_Item(text, whole=True)] if piece.whole else _split_conjunctions(text)
            for item in names:
                if (
                    group
                    and group.stem
                    and not (group.first or _of_kind(item.text, group.stem, group.kind))
                ):
                    group = None
                if group is not None:
                    item.remarks.append(group.remark)
                    item.example = True
                    item.group_kind = group.kind
                    group.first = False
                out.append(item)
                previous = item
    return out


def _drop_leading_conjunction(text: str) -> str:
    """Drop a conjunction opening an item ("sekä Vihdin kirjasto"), not "sekä ... että"."""
    if text.casefold().startswith("sekä ") and " että " in _mask_brackets(text):
        return text
    return _LEADING_CONJ.sub("", text)


def _introduced(text: str) -> Iterator[tuple[str, str | None]]:
    """Cut `text` at example introducers.

    Yields (group, introducer) for "yhdistykset esim." (the group may be "") and
    (names, None) for the text between introducers.
    """
    masked = _mask_brackets(text)
    start = 0
    for match in _INTRODUCER.finditer(masked):
        yield text[start : match.start()].strip(), text[match.start() : match.end()]
        start = match.end()
    rest = text[start:].strip()
    if rest:
        yield rest, None


def _split_conjunctions(text: str) -> list[_Item]:
    """Split at "ja" / "sekä" / "och" / "samt" / "and" (and "että" after "sekä") between names."""
    parts: list[str] = []
    conjunctions: list[str] = []
    start = 0
    after_seka = False
    for match in _CONJ_OR_ETTA.finditer(_mask_brackets(text)):
        word = match.group().casefold()
        if word == "että" and not after_seka:
            continue
        after_seka = after_seka or word == "sekä"
        parts.append(text[start : match.start()].strip())
        conjunctions.append(match.group())
        start = match.end()
    parts.append(text[start:].strip())
    names: list[str] = []
    current = parts[0]
    for conjunction, right in zip(conjunctions, parts[1:], strict=True):
        if not current or not right:  # a conjunction opening or closing the text, or doubled
            current = current or right
        elif _splits(current, conjunction, right):
            names.append(current)
            current = right
        else:
            current = f"{current} {conjunction} {right}".strip()
    names.append(current)
    return [_Item(name) for name in names if name]


def _splits(left: str, conjunction: str, right: str) -> bool:
    """Tell whether `conjunction` between `left` and `right` separates two names."""
    if not left or not right or left.endswith(("-", "–")):
        return False
    left_words = left.split()
    genitive = "s" if conjunction.casefold() in {"och", "samt"} else "n"
    if len(left_words) == 1 and left.endswith(genitive) and not left.endswith("nen"):
        return False  # "Lohjan ja Karkkilan kirjastot": the head word is shared
    right_last = right.split()[-1].casefold()
    return not (right_last in _LEGAL_FORMS and not _is_org_word(left_words[-1]))


# --- to a Partner -------------------------------------------------------------------------


def _trim(text: str) -> str:
    return _SPACES.sub(" ", text).strip().rstrip(_TRAILING + " ").strip()


def _parenthesised(text: str) -> tuple[str, list[str]]:
    """Split `text` into the name outside brackets and the remarks inside them."""
    name_parts: list[str] = []
    inside: list[str] = []
    depth = 0
    inner: list[str] = []
    for char in text:
        if char in "([":
            if depth:
                inner.append(char)
            depth += 1
        elif char in ")]" and depth:
            depth -= 1
            if depth:
                inner.append(char)
            else:
                inside.append(_trim("".join(inner)))
                inner = []
        elif depth:
            inner.append(char)
        else:
            name_parts.append(char)
    if depth:  # a parenthesis left open: a cut page
        inside.append(_trim("".join(inner)))
    return _trim("".join(name_parts)), inside


def _to_partner(item: _Item) -> Partner | None:
    """Make the partner: name, remarks and business ID taken apart, then classified."""
    name, inside = _parenthesised(item.text)
    name, business_id = _take_business_id(name)
    for index, remark in enumerate(inside):
        if business_id is None:
            inside[index], business_id = _take_business_id(remark)
    name = _trim(name)
    inside = [_trim(remark) for remark in inside if not _PUNCT_ONLY.match(remark)]
    if _PUNCT_ONLY.match(name):  # only a parenthesis: what it holds is the name
        if inside:
            name, inside = inside[0], inside[1:]
        elif business_id is not None:  # only an ID: the ID as written is the name
            name = _trim(item.text.strip("()[] "))
        else:
            return None
    remarks = [remark for remark in item.remarks if remark] + inside
    return _classify(
        Partner(name, "; ".join(remarks) if remarks else None, business_id=business_id), item
    )


def _classify(partner: Partner, item: _Item) -> Partner:
    """Give `partner` its category and kind (rule 12)."""
    name = partner.name
    if item.person:
        return replace(partner, category="person")
    if item.example and item.group_kind is not None:
        people = KINDS[item.group_kind].people and _is_person(name)
        category = "person" if people and partner.business_id is None else "organisation"
        return replace(partner, category=category, kind=item.group_kind)
    if partner.business_id is not None:
        return partner
    titled = _titled_person(name)
    if titled is not None:
        remark = "; ".join(filter(None, (titled[0], partner.remark)))
        return replace(partner, name=titled[1], remark=remark, category="person")
    if _is_named_person(name):
        return replace(partner, category="person")
    institution = institution_of(name)
    if institution is not None:
        return replace(partner, kind=institution)
    kind = kind_of(name)
    if kind is not None:
        return replace(partner, category="kind", kind=kind)
    if municipal_unit_of(name):
        return replace(partner, category="municipal_unit")
    return partner
