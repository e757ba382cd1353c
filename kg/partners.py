"""Splitting a record's free-text partner section into partner organisations.

A project page may say who the library worked with, in free text: "Yhteistyökumppanin
nimi/nimet:" (Swedish "Samarbetspartner/s:"), parsed into ``record.sections["partners"]``, or on
older pages "Yhteistyökumppanit, työryhmä:" (partners, working group), parsed into
``record.sections["working_group"]``. The graph keeps that text whole and also links the project
to each organisation named in it; `split_partners` finds those names. It is pure and
deterministic, and written from the real pages, which look like this::

    Karkkilan kaupunginkirjasto, Vihdin kunnankirjasto
    Savon ammatti- ja aikuisopisto, yhdistykset esim. Kuopio Tanssii ja Soi ry, ...
    Muut Lukki-kirjastot: Lohjan kaupunginkirjasto, Karkkilan kaupunginkirjasto
    Mika Luimula, Yliopettaja, Turku AMK

The rules, in the order they apply:

1. **Nothing to split.** Empty text, or text of punctuation only ("-", "???", "–") or a
   placeholder word ("ei", "ei ole", "nej", "none", ...) gives ``()``.
2. **Lines.** Each line is read on its own; a bullet at the start of a line ("•", "-", "–",
   "—", "*", "·", "▪", "1.", "1)") is dropped.
3. **A heading** ("Muut Lukki-kirjastot: Lohjan kaupunginkirjasto, ...") -- a short lead of at
   most six words, without commas or parentheses, ending in ": " -- names the group the line
   lists. It is not a partner itself; it becomes the remark of every partner on the line.
4. **Commas and semicolons** separate names, except inside parentheses or brackets
   ("JJR-kirjasto (Joroinen, Juva, Rantasalmi)" is one name).
5. **People.** A line of "person, title, organisation" triples ("Mika Luimula, Yliopettaja,
   Turku AMK") yields the organisations, each with "person, title" as its remark. A person is
   two or three capitalised words with no organisation word among them; a title is one to
   four words whose last word is a known title ("professori", "rektor", "engineer", ...) or an
   agent noun ("-aja", "-ijä", "-are", ...). A line that starts with a person and a title but
   is not made of such triples, or a line of titles ending in a person's name ("Paikallinen
   taiteilija, aforismikirjailija, sarjakuvapiirtäjä Minna-Karoliina Heino"), is one person,
   not a list: the whole line is kept as one partner.
6. **A unit of a city named as a list** ("Kuopion kaupungin markkinointi, viestintä ja
   asiakaspalvelut": owner in the genitive, "Kuopion kaupungin", then lower-case items, the
   last joined by "ja"/"sekä") is one partner: the owner belongs to every item.
7. **Examples.** "esim.", "esimerkiksi", "mm.", "muun muassa", "kuten", "t.ex.", "till
   exempel", "bl.a.", "bland annat", "såsom", "e.g.", "such as", "including" introduce
   examples of a group: in "yhdistykset esim. Kuopio Tanssii ja Soi ry, Satamankulman
   taideyhdistys" the group ("yhdistykset") is a partner of its own (no remark) and each
   example is a partner whose remark is the introduction as written ("yhdistykset esim.").
   If the introducer opens an item, the item before it is the group; if there is none, the
   remark is the introducer alone and the examples run to the end of the line. Otherwise the
   first name after the introducer is always an example, and the following ones are examples
   while they are of the group's kind: they contain the stem of the group's last word
   ("päiväkodit" -> "päiväk": "Minnan päiväkoti"), or, for associations or companies, end in
   the legal form ("ry", "rf"; "Oy", "Ab", ...). The first name that is not ends the examples.
8. **Conjunctions** " ja ", " sekä ", " och ", " samt ", " and " separate two names, and so
   does " että " after " sekä " ("sekä koulut että päiväkodit": both ... and ...), except:
   after a word ending in a hyphen ("Savon ammatti- ja aikuisopisto", "barn- och
   ungdomsbibliotek"); after a single genitive word whose head is shared ("Lohjan ja
   Karkkilan kirjastot", "lasten ja nuorten palvelut", "Borgås och Lovisas bibliotek"); when
   the part after it ends in a legal form ("ry", "Oy", ...) and the part before it does not
   end in an organisation word ("Kuopio Tanssii ja Soi ry"); inside parentheses. A
   conjunction opening an item ("sekä Vihdin kirjasto") is dropped.
9. **Parentheses** hold remarks: "Ison Omenan palvelutorin (espoo.fi/palvelutori) muut
   toimijat" is the name "Ison Omenan palvelutorin muut toimijat" with the remark
   "espoo.fi/palvelutori". Several remarks are joined with "; ", after the heading or example
   remark. A parenthesis left open (a cut page) runs to the end of the item. An item that is
   only a parenthesis ("(Vihdin kunnankirjasto)") has what it holds as its name.
10. **Clean-up.** Spaces are collapsed; trailing punctuation (".", ",", ";", ":", "!", "?")
    is trimmed; names of punctuation only are dropped; a name given twice (ignoring case) is
    kept once, where it first appears, with its first remark.

Pages are often cut off mid-word at the end; a cut last name ("Tyrnävän ki") is still a name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

__all__ = ["Partner", "split_partners"]


@dataclass(frozen=True)
class Partner:
    """One partner named in a partner section.

    `name` is the organisation's name as written, trimmed; `remark` is what was written beside
    it: a parenthesised remark, the group an example was given for ("yhdistykset esim."), a
    heading, or the person and title that named the organisation.
    """

    name: str
    remark: str | None = None


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

# Legal forms that end an organisation's name, by kind.
_ASSOCIATION_FORMS = frozenset({"ry", "r.y.", "ry.", "rf", "r.f.", "rf.", "e.v."})
_COMPANY_FORMS = frozenset({"oy", "oyj", "ab", "abp", "ky", "tmi", "ltd", "inc", "oy.", "ab."})
_LEGAL_FORMS = _ASSOCIATION_FORMS | _COMPANY_FORMS
# Stems of group words whose members are recognised by their legal form.
_ASSOCIATION_STEMS = ("yhdisty", "järjest", "seur", "föreni", "organi", "associ", "club", "klub")
_COMPANY_STEMS = ("yrit", "företa", "compan", "firm")

# Words (or endings of compound words) that make a name an organisation's, not a person's.
_ORG_WORDS = (
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
    "lab",
    "amk",
    "yliopisto",
    "bibliotek",
    "skola",
    "förening",
    "förbund",
    "stiftelse",
    "library",
    "university",
    "school",
    "association",
    "foundation",
    "centre",
    "center",
    *_LEGAL_FORMS,
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


def split_partners(text: str | None) -> tuple[Partner, ...]:
    """Split a partner section's text into the partners it names, in order of appearance.

    See the module docstring for the rules. Empty or placeholder text gives ``()``; a name
    is never empty; a name given twice is kept once, with its first remark.
    """
    if text is None:
        return ()
    normalised = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    if _is_nothing(normalised):
        return ()
    partners: list[Partner] = []
    seen: set[str] = set()
    for line in normalised.split("\n"):
        for item in _split_line(line):
            partner = _to_partner(item)
            if partner is None:
                continue
            key = partner.name.casefold()
            if key not in seen:
                seen.add(key)
                partners.append(partner)
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
    if match and len(match["head"].split()) <= 6 and not _INTRODUCER.search(match["head"]):
        heading, line = match["head"].strip(), match["rest"].strip()
    pieces = [piece for piece in _split_outside_brackets(line, ",;") if piece]
    items = _people(pieces, line)
    if items is None:
        items = _examples(_merge_city_units(pieces))
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


# --- people -------------------------------------------------------------------------------


def _has_org_word(words: list[str]) -> bool:
    return any(word.casefold().endswith(_ORG_WORDS) for word in words)


def _is_person(text: str) -> bool:
    """Two or three capitalised words, none of them an organisation word: "Mika Luimula"."""
    words = text.split()
    return (
        2 <= len(words) <= 3
        and all(_NAME_WORD.match(word) for word in words)
        and not _has_org_word(words)
    )


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


def _is_titled_person(text: str) -> bool:
    """Tell a title followed by a person's name: "sarjakuvapiirtäjä Minna-Karoliina Heino"."""
    words = text.split()
    for size in (3, 2):
        if len(words) > size and _is_person(" ".join(words[-size:])):
            return _is_title(" ".join(words[:-size]))
    return False


def _people(pieces: list[str], line: str) -> list[_Item] | None:
    """Read a line about people into items; None when the line is not about people.

    "person, title, organisation" triples give the organisations, with "person, title" as the
    remark; another line that opens with a person and a title, or titles ending in a person's
    name, is one person described: the whole line is one item.
    """
    if len(pieces) >= 2 and _is_person(pieces[0]) and _is_title(pieces[1]):
        items: list[_Item] = []
        if len(pieces) % 3 == 0:
            for index in range(0, len(pieces), 3):
                person, title, org = pieces[index : index + 3]
                if not (_is_person(person) and _is_title(title)) or _is_title(org):
                    break
                items.append(_Item(org, [f"{person}, {title}"], whole=True))
            else:
                return items
        return [_Item(line, whole=True)]
    if (
        len(pieces) >= 2
        and all(_is_title(piece) for piece in pieces[:-1])
        and _is_titled_person(pieces[-1])
    ):
        return [_Item(line, whole=True)]
    return None


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


def _of_kind(name: str, stem: str) -> bool:
    """Tell whether `name` looks like a member of the group whose last word has stem `stem`."""
    folded = name.casefold()
    if stem and stem in folded:
        return True
    last = folded.split()[-1] if folded.split() else ""
    if stem.startswith(_ASSOCIATION_STEMS):
        return last in _ASSOCIATION_FORMS
    if stem.startswith(_COMPANY_STEMS):
        return last in _COMPANY_FORMS
    return False


def _examples(pieces: list[_Item]) -> list[_Item]:
    """Split introducers ("yhdistykset esim. ...") and conjunctions; mark the examples."""
    out: list[_Item] = []
    stem: str | None = None  # the group's stem while examples run; "" runs to the line's end
    remark = ""
    first_example = False
    previous: _Item | None = None
    for piece in pieces:
        if piece.whole:
            parts: list[tuple[str, str | None]] = [(piece.text, None)]
        else:
            parts = list(_introduced(_drop_leading_conjunction(piece.text)))
        for index, (text, intro) in enumerate(parts):
            if intro is not None:
                group = "" if _PUNCT_ONLY.match(text) else _trim(text)
                group_items = _split_conjunctions(group) if group else []
                if group_items:
                    out.extend(group_items)
                    previous = group_items[-1]
                elif previous is not None and index == 0:
                    group = previous.text
                else:
                    group = ""
                stem = _group_stem(group) if group.strip() else ""
                remark = f"{group.strip()} {intro}".strip()
                first_example = True
                continue
            names = [_Item(text, whole=True)] if piece.whole else _split_conjunctions(text)
            for item in names:
                if stem and not (first_example or _of_kind(item.text, stem)):
                    stem = None
                if stem is not None:
                    item.remarks.append(remark)
                first_example = False
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
    left_last = left_words[-1].casefold()
    return not (right_last in _LEGAL_FORMS and not left_last.endswith(_ORG_WORDS))


# --- to a Partner -------------------------------------------------------------------------


def _trim(text: str) -> str:
    return _SPACES.sub(" ", text).strip().rstrip(_TRAILING + " ").strip()


def _to_partner(item: _Item) -> Partner | None:
    """Make the partner: the name without its parenthesised remarks; None if no name is left."""
    name_parts: list[str] = []
    inside: list[str] = []  # the parenthesised remarks
    depth = 0
    inner: list[str] = []
    for char in item.text:
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
    name = _trim("".join(name_parts))
    inside = [remark for remark in inside if not _PUNCT_ONLY.match(remark)]
    if _PUNCT_ONLY.match(name):  # only a parenthesis: what it holds is the name
        if not inside:
            return None
        name, inside = inside[0], inside[1:]
    remarks = [remark for remark in item.remarks if remark] + inside
    return Partner(name, "; ".join(remarks) if remarks else None)
