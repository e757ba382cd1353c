"""A synthetic corpus of project pages: N record texts in the real page format, the same for a seed.

    python -m benchmarks.corpus --records N [--seed S] [--truncated-share P] --out DIR

The measuring instrument of the benchmarks at 1,000, 10,000 and 100,000 records. It writes N
plain-text pages such as `kg parse` and `kg build` read, whose statistics follow the real pages:

1. `Profile.from_records()` reads the real page copies (`../shared/records`, and the seeds,
   which are the only complete pages of a real funding block) with the project's own parser
   and measures them: the header of each page (label language, year, programme, funding
   status), which fields and sections each page shows, the lengths of the free texts, partner
   lists, the money blocks (the share that does not add up, the all-zero reports), the
   statistics, dates, decision texts and tags, where and how often the copies are cut off, the
   written variants of identifiers, and the words, titles, names and streets to build from.
2. `generate()` draws pages from that profile. Each page copies the *shape* of a real page
   picked at random (its header and which fields its upper part shows, so that the years, the
   short library block of 2018 and the Swedish-label pages with Finnish text come together as
   in reality) and fills it with made-up content: a library of a shared pool (a few hundred
   libraries of some 240 municipalities, each with one name, a unique ISIL of valid form,
   a business ID with a correct check digit, an address, phone, e-mail and staff of its own),
   a title, free text of words of the real texts, and for the pages that reach it the lower
   part (dates, money, statistics, decision, tags). A page is then cut off at a character
   count drawn from the real cut-off copies, in the real share (`Profile.truncated_share`;
   use `dataclasses.replace` on the profile for a corpus with more complete pages).
3. A share of `MALFORMED_SHARE` pages is broken the ways the parser refuses (a ParseError):
   empty, binary junk, HTML, no header line, no title, no labels, cut off before the library
   block. A value that cannot be read (a broken date or amount) is *not* among them: the
   parser keeps such text under `raw` with a warning. Well-formed pages carry the written
   variants of identifiers seen on real pages (`Fi-Alavi`, `Y-0101263-6`, `4510O`, ...), in
   the real shares, always written so that they read back to the library's own value.

Every well-formed page is a project of its own: no two give the same project key
(`kg.iris.Minter.project` from year, library and title, as a build without page URLs makes it).
The same `n` and `seed` give the same texts byte for byte, and the first k pages of a corpus of
n are the pages of a corpus of k.
"""

from __future__ import annotations

import argparse
import bisect
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from itertools import accumulate
from pathlib import Path
from random import Random

from kg.errors import ParseError
from kg.iris import Minter, slugify
from kg.mapping.language import detect_language
from kg.records import labels as table
from kg.records.batch import record_sources
from kg.records.model import Record
from kg.records.parse import parse_bytes
from kg.records.partners import split_partners
from kg.records.values import business_id_check_digit, collapse_spaces, render_money

REPO = Path(__file__).resolve().parents[1]
RECORDS_FOLDER = REPO.parent / "shared" / "records"
SEEDS_FOLDER = REPO / "seeds"
DEFAULT_SOURCES: tuple[Path, ...] = (RECORDS_FOLDER, SEEDS_FOLDER)

MALFORMED_SHARE = 0.01
MALFORMED_KINDS = (
    "empty",  # nothing but white space
    "binary",  # binary junk (NUL and other control bytes)
    "html",  # an HTML page instead of its text
    "no-header",  # the header line under the title is missing
    "no-title",  # the page starts with the header line
    "no-labels",  # title, header and text, but no label of the library block or any other
    "cut-early",  # cut off before the library block
)
MUNICIPALITIES = 240  # municipalities of the library pool (real names first, then made-up ones)
BRANCHES = (0.7, 0.2, 0.1)  # share of municipalities with 0, 1, 2 branch libraries
ZIPF = 0.7  # library i applies with weight 1 / (i + 1) ** ZIPF: the first ~6 %, like Espoo
CONTACT_SHAPES = (  # how a contact person's name is written, with its share
    ("plain", 0.9),
    ("two", 0.04),  # "Päivi Savinainen ja Liisa Rossi"
    ("reversed", 0.04),  # "Naumanen Maritta", "Lallukka, Anneli"
    ("titled", 0.02),  # "Outi Nivakoski, kirjastonjohtaja"
)
TITLE_DRAWS = 5  # titles drawn for a project before one is numbered to make it unique
TITLE_PLACE_SHARE = 0.12  # share of titles that end in the municipality ("... Kuopiossa")

SECTION_ORDER = (
    "goal",
    "indicators",
    "description",
    "partners",
    "previous_projects",
    "working_group",
    "activities_and_evaluation",
    "publications",
    "assessment",
    "follow_up",
    "additional_info",
)
LIST_SECTIONS = frozenset({"partners", "working_group"})
APPLICATION_FIELDS = ("requested", "own_funding", "total_budget", "other_applied")
APPLICATION_FIELDS += ("other_received",)
REALIZED_FIELDS = ("total_budget", "own_funding", "external_funding", "partner_contribution")
STATISTICS_FIELDS = ("trainings", "training_participants", "events", "event_participants")
VARIANT_FIELDS = ("library.isil", "library.business_id", "library.email", "contact.email")
VARIANT_FIELDS += ("library.postal_code",)

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_TITLE_SPLIT = re.compile(r" [-–:] | : |: ")
_STREET = re.compile(r"^([A-ZÅÄÖ][^\d,()]*?) \d")
_FI_PREFIXES = ("Ylä", "Ala", "Itä", "Länsi", "Pohjois", "Etelä", "Keski")
_SV_PREFIXES = ("Norra", "Södra", "Östra", "Västra")
_NOT_DISTRICTS = frozenset({"Suomen", "Yleisen", "Uuden", "Oman", "Koko"})
_DISTRICT_FALLBACK = ("Kirkonkylän", "Keskustan", "Aseman", "Rannan", "Mäntylän", "Koivikon")
_LANDLINE_AREAS = ("02", "03", "05", "06", "08", "09", "013", "014", "015", "016", "017", "019")
_MOBILE = ("040", "044", "045", "050", "046", "041")
_TITLES = ("kirjastonjohtaja", "kirjastotoimenjohtaja", "kirjastovirkailija", "informaatikko")
_CREDITS = (
    "Kuvaaja {person}",
    "kuva: {person}",
    "{library}",
    "Kirjaston oma kuva",
    "{library} / kuvaaja {person}",
    "{person}",
    "Kuva: {person}",
)


# -- the profile --------------------------------------------------------------------------


@dataclass(frozen=True)
class PageShape:
    """The shape of one real page: its header and which upper fields and sections it shows.

    `reached` is how many sections of `SECTION_ORDER` the page shows or passes: a page cut off
    inside its description has not reached its partners, so whether it had any is unknown.
    `lengths` gives each section's text length and whether the cut ended it (then it was
    at least that long).
    """

    label_language: str
    text_language: str
    year: int
    programme: str
    funded: bool | None
    fields: frozenset[str]
    reached: int
    lengths: tuple[tuple[str, int, bool], ...] = ()


@dataclass(frozen=True)
class Municipality:
    """A municipality of the real pages: its name as libraries use it, and its web domain."""

    name: str  # genitive in Finnish ("Kuopion"), nominative in Swedish ("Pargas")
    domain: str  # "kuopio.fi"
    language: str  # "fi" or "sv"
    library_kind: str  # what follows the name in its library's name ("kaupunginkirjasto")


@dataclass(frozen=True)
class MoneyProfile:
    """The money blocks of the pages that reach them (in practice the complete ones)."""

    pages: int  # pages with an application block
    application_fields: Mapping[str, float]  # share of application blocks giving each figure
    realized_fields: Mapping[str, float]  # share of realised blocks giving each figure
    requested: tuple[int, ...]
    own_ratios: tuple[float, ...]  # own funding / requested
    granted_ratios: tuple[float, ...]  # granted / requested
    other_nonzero_share: float  # other grants applied for or received that are not 0
    application_inconsistent_share: float  # requested + own funding != total budget
    realized_empty_share: float  # a realised block without figures
    realized_zero_share: float  # a realised block of zeros only (not reported yet)
    realized_inconsistent_share: float  # of the others: granted + own + ... != total


@dataclass(frozen=True)
class Profile:
    """What the real pages look like, measured with the project's parser (`from_records`).

    Shares are fractions of the pages measured (`pages`) unless said otherwise; lengths are in
    characters; value tuples are empirical distributions to draw from.
    """

    pages: int
    unreadable: int  # files of the sources the parser refused (not measured)
    shapes: tuple[PageShape, ...]
    section_shares: Mapping[str, float]  # share of pages *reaching* a section that have it
    section_lengths: Mapping[str, tuple[int, ...]]  # complete texts
    censored_lengths: Mapping[str, tuple[int, ...]]  # texts cut off with their page (at least)
    paragraph_lengths: tuple[int, ...]
    partner_counts: tuple[int, ...]  # partners named in a partner section
    partner_names: tuple[str, ...]  # partners that are not libraries
    library_partner_share: float  # share of named partners that are libraries
    truncated_share: float
    cut_lengths: tuple[int, ...]  # length of each cut-off copy
    cut_fields: Mapping[str, int]  # the field or heading each cut-off copy ends in
    nbsp_share: float  # pages whose labels end in a no-break space (the seeds' bytes)
    variant_shares: Mapping[str, float]  # values written another way than their reading
    no_isil_share: float  # pages giving a business ID but no ISIL
    money: MoneyProfile
    lower_shares: Mapping[str, float]  # of pages reaching their lower part: dates, stats, ...
    statistics_values: Mapping[str, tuple[int, ...]]
    start_days: tuple[tuple[int, int], ...]  # (month, day) of start dates
    durations: tuple[int, ...]  # days from start to end
    decision_texts: tuple[tuple[int, str], ...]  # (year of the page, text)
    tags: tuple[tuple[str, ...], ...]  # the tag lines of complete pages
    words: Mapping[str, tuple[str, ...]]  # text language -> words, as often as they occur
    titles: Mapping[str, tuple[str, ...]]  # text language -> real titles
    title_tails: Mapping[str, tuple[str, ...]]  # the part after " - " or ": "
    municipalities: tuple[Municipality, ...]
    districts: tuple[str, ...]  # "Tapiolan" (of "Tapiolan kirjasto")
    streets: tuple[str, ...]
    po_box_share: float
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]

    @classmethod
    def from_records(cls, folders: Path | Sequence[Path] = DEFAULT_SOURCES) -> Profile:
        """Measure the record files (`*.txt`) in `folders` with `kg.records`.

        The default is the real page copies in `../shared/records` and the 5 seeds: the copies
        are nearly all cut off, so the money blocks, statistics and decisions are measured on
        the few complete pages, of which the seeds are most. A folder that does not exist is
        passed over; ValueError if no page is left to measure.
        """
        paths = [folders] if isinstance(folders, Path) else list(folders)
        return _measure(record_sources([path for path in paths if path.exists()]))

    @property
    def label_language_shares(self) -> dict[str, float]:
        """Share of pages with Finnish and with Swedish labels."""
        return _shares(shape.label_language for shape in self.shapes)

    @property
    def text_language_shares(self) -> dict[str, float]:
        """Share of pages by the language of their free text."""
        return _shares(shape.text_language for shape in self.shapes)

    @property
    def programme_shares(self) -> dict[str, float]:
        """Share of pages by the programme their header names (AVI, ELY, RFV, OKM, ...)."""
        return _shares(shape.programme for shape in self.shapes)

    @property
    def year_shares(self) -> dict[int, float]:
        """Share of pages by the year of their header."""
        return _shares(shape.year for shape in self.shapes)

    @property
    def field_shares(self) -> dict[str, float]:
        """Share of pages that show each upper field or section (as a parse of them finds)."""
        counts = Counter(path for shape in self.shapes for path in shape.fields)
        return {path: counts[path] / self.pages for path in sorted(counts)}


def _shares(values: Iterable[object]) -> dict:
    counts = Counter(values)
    total = sum(counts.values()) or 1
    return {key: counts[key] / total for key in sorted(counts, key=str)}


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in folded if ch.isascii() and (ch.isalnum() or ch in ".-"))


def _measure(sources: list[str]) -> Profile:
    """Measure the pages in `sources` (see `Profile.from_records`)."""
    records: list[tuple[Record, str]] = []
    unreadable = 0
    for source in sources:
        data = Path(source).read_bytes()
        try:
            record = parse_bytes(data, source)
        except ParseError:
            unreadable += 1
            continue
        records.append((record, data.decode("utf-8", errors="replace").lstrip("\ufeff")))
    if not records:
        raise ValueError(f"no readable record page among {len(sources)} files")
    m = _Measure()
    for record, text in records:
        m.add(record, text)
    return m.profile(len(records), unreadable)


class _Measure:
    """Accumulates the measurements of `_measure`, page by page."""

    def __init__(self) -> None:
        self.shapes: list[PageShape] = []
        self.reached: Counter[str] = Counter()
        self.had: Counter[str] = Counter()
        self.lengths: defaultdict[str, list[int]] = defaultdict(list)
        self.censored: defaultdict[str, list[int]] = defaultdict(list)
        self.paragraphs: list[int] = []
        self.partner_counts: list[int] = []
        self.partner_names: list[str] = []
        self.library_partners = 0
        self.cut_lengths: list[int] = []
        self.cut_fields: Counter[str] = Counter()
        self.nbsp = 0
        self.variants: Counter[str] = Counter()
        self.valued: Counter[str] = Counter()
        self.with_business_id = 0
        self.no_isil = 0
        self.lower = Counter[str]()
        self.lower_pages = 0
        self.money: list[Record] = []
        self.statistics: defaultdict[str, list[int]] = defaultdict(list)
        self.starts: list[tuple[int, int]] = []
        self.durations: list[int] = []
        self.decisions: list[tuple[int, str]] = []
        self.tags: list[tuple[str, ...]] = []
        self.words: defaultdict[str, list[str]] = defaultdict(list)
        self.lowercase: set[str] = set()
        self.titles: defaultdict[str, list[str]] = defaultdict(list)
        self.municipalities: dict[str, Municipality] = {}
        self.regions: set[str] = set()
        self.district_text: list[str] = []
        self.streets: set[str] = set()
        self.addresses = 0
        self.po_boxes = 0
        self.people: list[str] = []

    def add(self, record: Record, text: str) -> None:
        sections = record.sections
        body = "\n\n".join(value for value in sections.values() if value)
        text_language = detect_language(body) or record.label_language
        fields = self._fields(record)
        reached = self._reached(record, text)
        lengths = self._sections(record, reached)
        self.shapes.append(
            PageShape(
                record.label_language,
                text_language,
                record.year,
                record.programme,
                record.funded,
                frozenset(fields),
                reached,
                lengths,
            )
        )
        self.nbsp += "\u00a0" in text
        self._variants(record)
        self._lower(record)
        self._material(record, text, text_language)
        if record.truncated:
            self.cut_lengths.append(len(text))
            self.cut_fields[self._last_opener(text)] += 1

    @staticmethod
    def _fields(record: Record) -> set[str]:
        fields = {f"sections.{name}" for name in record.sections if name in SECTION_ORDER}
        if record.image_credit:
            fields.add("image_credit")
        library, contact = record.library, record.contact
        present = {
            "library.address": library.street_address or library.postal_code,
            "library.phone": library.phone,
            "library.email": library.email or "library.email" in record.raw,
            "library.isil": library.isil or "library.isil" in record.raw,
            "library.business_id": library.business_id or "library.business_id" in record.raw,
            "contact.name": contact.name,
            "contact.phone": contact.phone,
            "contact.email": contact.email or "contact.email" in record.raw,
        }
        fields.update(path for path, value in present.items() if value)
        return fields

    @staticmethod
    def _last_opener(text: str) -> str:
        last = "(none)"
        for line in text.split("\n"):
            clean = collapse_spaces(line)
            if clean in table.LABEL_BY_TEXT:
                last = table.LABEL_BY_TEXT[clean].field
            elif clean in table.HEADING_BY_TEXT:
                last = table.HEADING_BY_TEXT[clean].block
        return last

    @staticmethod
    def _reached(record: Record, text: str) -> int:
        """How many sections of SECTION_ORDER the page shows or passes (see PageShape)."""
        if not record.truncated:
            return len(SECTION_ORDER)
        last = _Measure._last_opener(text).removeprefix("sections.")
        if last in SECTION_ORDER:
            return SECTION_ORDER.index(last) + 1
        if last.startswith(("library.", "contact.", "image_credit", "(none)")):
            return 0
        return len(SECTION_ORDER)  # cut in the lower part: every section was passed

    def _sections(self, record: Record, reached: int) -> tuple[tuple[str, int, bool], ...]:
        last = next((name for name in reversed(SECTION_ORDER) if name in record.sections), None)
        lengths: list[tuple[str, int, bool]] = []
        for index, name in enumerate(SECTION_ORDER[:reached]):
            self.reached[name] += 1
            if name not in record.sections:
                continue
            self.had[name] += 1
            value = record.sections[name] or ""
            cut = record.truncated and name == last and reached == index + 1
            (self.censored if cut else self.lengths)[name].append(len(value))
            lengths.append((name, len(value), cut))
            paragraphs = [p for p in re.split(r"\n\s*\n", value) if p.strip()]
            if cut:
                paragraphs = paragraphs[:-1]
            self.paragraphs.extend(len(p) for p in paragraphs)
            if name in LIST_SECTIONS and value and not cut:
                partners = split_partners(value)
                self.partner_counts.append(len(partners))
                for partner in partners:
                    if re.search(r"kirjast|bibliotek", partner.name, re.IGNORECASE):
                        self.library_partners += 1
                    elif len(partner.name.split()) <= 5 and not re.search(r"\d", partner.name):
                        self.partner_names.append(partner.name)
        return tuple(lengths)

    def _variants(self, record: Record) -> None:
        values = {
            "library.isil": record.library.isil,
            "library.business_id": record.library.business_id,
            "library.email": record.library.email,
            "contact.email": record.contact.email,
            "library.postal_code": record.library.postal_code,
        }
        for path, value in values.items():
            if value is None and path not in record.raw:
                continue
            self.valued[path] += 1
            self.variants[path] += path in record.raw
        if record.library.business_id or "library.business_id" in record.raw:
            self.with_business_id += 1
            self.no_isil += not (record.library.isil or "library.isil" in record.raw)

    def _lower(self, record: Record) -> None:
        reaches = record.start_date or record.application.requested or not record.truncated
        if not reaches:
            return
        self.lower_pages += 1
        self.lower["dates"] += record.start_date is not None
        if record.start_date and record.start_date.year == record.year:
            self.starts.append((record.start_date.month, record.start_date.day))
        if record.start_date and record.end_date and record.end_date > record.start_date:
            self.durations.append((record.end_date - record.start_date).days)
        if record.truncated:
            return
        self.lower["complete"] += 1
        self.lower["application"] += any(vars(record.application).values())
        self.lower["statistics"] += any(v is not None for v in vars(record.statistics).values())
        self.lower["decision"] += record.granted is not None
        self.lower["decision_text"] += record.decision_text is not None
        self.lower["tags"] += bool(record.tags)
        if record.tags:
            self.tags.append(record.tags)
        if record.decision_text:
            self.decisions.append((record.year, record.decision_text))
        if any(vars(record.application).values()):
            self.money.append(record)
        for name in STATISTICS_FIELDS:
            value = getattr(record.statistics, name)
            if value is not None:
                self.statistics[name].append(value)

    def _material(self, record: Record, text: str, text_language: str) -> None:
        for value in record.sections.values():
            for word in _WORD.findall(value or ""):
                self.words[text_language].append(word)
                if word.islower():
                    self.lowercase.add(word)
        title_language = detect_language(record.title) or text_language
        self.titles[title_language].append(record.title)
        self._municipality(record)
        library = record.library
        if library.street_address:
            self.addresses += 1
            first = library.street_address.split("\n")[0]
            self.po_boxes += first.upper().startswith("PL")
            street = _STREET.match(first)
            if street and not street.group(1).upper().startswith("PL"):
                self.streets.add(street.group(1))
        self.district_text.append(text)
        if record.contact.name:
            self.people.append(record.contact.name)

    def _municipality(self, record: Record) -> None:
        name = record.library.name or ""
        emails = (record.library.email or "", record.contact.email or "")
        domains = [e.rsplit("@", 1)[1] for e in emails if "@" in e and "gmail" not in e]
        if not domains:
            return
        main = re.split(r" ?[-–/] ?| - ", name)[0].strip()
        words = main.split(" ", 1)
        if len(words) != 2:
            return
        first, kind = words
        if not first[0].isupper() or "keskuskirjasto" in kind:
            return
        regional = re.match(r"^\S+ (\S+ ?[-–] ?[A-ZÅÄÖ][\w-]*n maakuntakirjasto)$", name)
        for region in re.findall(r"[-–] ?([A-ZÅÄÖ][\w-]*n) maakuntakirjasto", name):
            self.regions.add(region)
        if regional:
            kind = regional.group(1)
        if re.search(r"bibliotek", kind):
            self.municipalities.setdefault(first, Municipality(first, domains[0], "sv", kind))
        elif first.endswith("n") and "kirjasto" in kind:
            self.municipalities.setdefault(first, Municipality(first, domains[0], "fi", kind))

    def profile(self, pages: int, unreadable: int) -> Profile:
        names = self._names()
        words = {
            language: tuple(
                w.lower() if w.lower() in self.lowercase else w
                for w in found
                if w.islower() or w.lower() in self.lowercase
            )
            for language, found in sorted(self.words.items())
        }
        titles = {k: tuple(sorted(set(v))) for k, v in sorted(self.titles.items())}
        tails = {
            language: tuple(
                sorted(
                    {
                        part.strip()
                        for title in found
                        for part in _TITLE_SPLIT.split(title)[1:2]
                        if len(part.strip()) > 3
                    }
                )
            )
            for language, found in titles.items()
        }
        municipalities = tuple(sorted(self.municipalities.values(), key=lambda m: m.name))
        return Profile(
            pages=pages,
            unreadable=unreadable,
            shapes=tuple(self.shapes),
            section_shares={
                name: self.had[name] / self.reached[name]
                for name in SECTION_ORDER
                if self.reached[name]
            },
            section_lengths={k: tuple(sorted(v)) for k, v in sorted(self.lengths.items())},
            censored_lengths={k: tuple(sorted(v)) for k, v in sorted(self.censored.items())},
            paragraph_lengths=tuple(sorted(self.paragraphs)) or (400,),
            partner_counts=tuple(sorted(self.partner_counts)) or (2,),
            partner_names=tuple(sorted(set(self.partner_names))),
            library_partner_share=self.library_partners
            / max(1, self.library_partners + len(self.partner_names)),
            truncated_share=len(self.cut_lengths) / pages,
            cut_lengths=tuple(sorted(self.cut_lengths)) or (1900,),
            cut_fields=dict(sorted(self.cut_fields.items())),
            nbsp_share=self.nbsp / pages,
            variant_shares={
                path: self.variants[path] / self.valued[path]
                for path in VARIANT_FIELDS
                if self.valued[path]
            },
            no_isil_share=self.no_isil / max(1, self.with_business_id),
            money=self._money(),
            lower_shares={
                "dates": self.lower["dates"] / max(1, self.lower_pages),
                **{
                    key: self.lower[key] / max(1, self.lower["complete"])
                    for key in ("application", "statistics", "decision", "decision_text", "tags")
                },
            },
            statistics_values={k: tuple(sorted(v)) for k, v in sorted(self.statistics.items())},
            start_days=tuple(sorted(self.starts)) or ((1, 1),),
            durations=tuple(sorted(self.durations)) or (365,),
            decision_texts=tuple(sorted(self.decisions)),
            tags=tuple(sorted(self.tags)),
            words=words,
            titles=titles,
            title_tails=tails,
            municipalities=municipalities,
            districts=self._districts(municipalities, names[0]),
            streets=tuple(sorted(self.streets)) or ("Kirjastokatu",),
            po_box_share=self.po_boxes / max(1, self.addresses),
            first_names=names[0],
            last_names=names[1],
        )

    def _names(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        first: set[str] = set()
        last: set[str] = set()
        person = re.compile(r"^([A-ZÅÄÖ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöéü]+)?) ([A-ZÅÄÖ][\w-]+)$")
        for written in self.people:
            for part in re.split(r",| ja | och | / ", written):
                match = person.match(part.strip())
                if match:
                    first.add(match.group(1))
                    last.add(match.group(2))
        return tuple(sorted(first)) or ("Anna",), tuple(sorted(last)) or ("Virtanen",)

    def _districts(
        self, municipalities: tuple[Municipality, ...], first_names: tuple[str, ...]
    ) -> tuple[str, ...]:
        taken = {m.name for m in municipalities} | self.regions | _NOT_DISTRICTS
        taken |= {name + "n" for name in first_names}
        found = Counter(
            name
            for text in self.district_text
            for name in re.findall(r"\b([A-ZÅÄÖ][a-zåäö]{3,}n) (?:lähi)?kirjasto\b", text)
        )
        districts = {
            name
            for name in found
            if name not in taken and not name.endswith(("ten", "inen", "isen", "sen"))
        }
        return tuple(sorted(districts | set(_DISTRICT_FALLBACK)))

    def _money(self) -> MoneyProfile:
        pages = self.money
        application = Counter[str]()
        realized = Counter[str]()
        requested: list[int] = []
        own: list[float] = []
        granted: list[float] = []
        other = other_nonzero = 0
        checked = inconsistent = 0
        empty = zero = r_checked = r_inconsistent = 0
        for record in pages:
            a, r = record.application, record.realized
            for name in APPLICATION_FIELDS:
                application[name] += getattr(a, name) is not None
            for name in REALIZED_FIELDS:
                realized[name] += getattr(r, name) is not None
            for name in ("other_applied", "other_received"):
                value = getattr(a, name)
                if value is not None:
                    other += 1
                    other_nonzero += value != 0
            if a.requested:
                requested.append(int(a.requested))
                if a.own_funding is not None:
                    own.append(float(a.own_funding / a.requested))
                if record.granted is not None:
                    granted.append(float(record.granted / a.requested))
            if a.requested is not None and a.total_budget is not None:
                checked += 1
                inconsistent += a.requested + (a.own_funding or 0) != a.total_budget
            figures = [getattr(r, name) for name in REALIZED_FIELDS]
            if all(v is None for v in figures):
                empty += 1
            elif all(not v for v in figures):
                zero += 1
            elif r.total_budget:
                r_checked += 1
                parts = (record.granted, r.own_funding, r.external_funding, r.partner_contribution)
                r_inconsistent += sum(v or 0 for v in parts) != r.total_budget
        n = max(1, len(pages))
        return MoneyProfile(
            pages=len(pages),
            application_fields={k: application[k] / n for k in APPLICATION_FIELDS},
            realized_fields={k: realized[k] / max(1, n - empty) for k in REALIZED_FIELDS},
            requested=tuple(sorted(requested)) or (10000,),
            own_ratios=tuple(sorted(own)) or (0.25,),
            granted_ratios=tuple(sorted(granted)) or (0.8,),
            other_nonzero_share=other_nonzero / max(1, other),
            application_inconsistent_share=inconsistent / max(1, checked),
            realized_empty_share=empty / n,
            realized_zero_share=zero / n,
            realized_inconsistent_share=r_inconsistent / max(1, r_checked),
        )


# -- the library pool ---------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """A made-up member of a library's staff."""

    first: str
    last: str
    phone: str
    email: str

    @property
    def name(self) -> str:
        """The name as a page writes it normally: first name, then surname."""
        return f"{self.first} {self.last}"


@dataclass(frozen=True)
class PoolLibrary:
    """A made-up library of the shared pool; every page of it gives the same values."""

    key: int
    name: str
    municipality: str  # the name of its municipality as its library's name starts
    language: str  # the language of its name and of its projects' text
    isil: str | None
    business_id: str  # the municipality's (a municipality can have more than one library)
    street: str
    postal_code: str
    phone: str
    email: str
    domain: str
    staff: tuple[Person, ...]


def _business_id(rng: Random, taken: set[str]) -> str:
    while True:
        first = rng.choice("0000001129")  # most are old municipal IDs starting with 0
        seven = first + "".join(rng.choice("0123456789") for _ in range(6))
        check = business_id_check_digit(seven)
        if check is not None and f"{seven}-{check}" not in taken:
            taken.add(f"{seven}-{check}")
            return f"{seven}-{check}"


def _isil(stem: str, taken: set[str]) -> str:
    words = [re.sub(r"[^a-z]", "", _ascii(w)) for w in re.split(r"[- ]", stem)]
    letters = "".join(words)
    candidates = [letters[:5], letters[:4] + letters[-1:], letters[:3] + letters[-2:]]
    if len(words) > 1:
        head, rest = words[0], "".join(words[1:])
        candidates = [head[:2] + rest[:3], head[:1] + rest[:4], head[:3] + rest[:2], *candidates]
    candidates += [letters[:5] + str(n) for n in range(2, 100)]
    for unit in candidates:
        unit = unit[:11].capitalize()
        if unit and f"FI-{unit}".upper() not in taken:
            taken.add(f"FI-{unit}".upper())
            return f"FI-{unit}"
    raise AssertionError("no free ISIL")  # pragma: no cover - 100 candidates per stem


def _phone(rng: Random, mobile: bool) -> str:
    digits = "".join(rng.choice("0123456789") for _ in range(7))
    if mobile:
        prefix = rng.choice(_MOBILE)
        shape = rng.randrange(4)
        if shape == 0:
            return f"{prefix} {digits[:3]} {digits[3:]}"
        if shape == 1:
            return f"{prefix}-{digits}"
        if shape == 2:
            return f"{prefix}{digits}"
        return f"+358{prefix[1:]}{digits}"
    area = rng.choice(_LANDLINE_AREAS)
    shape = rng.randrange(3)
    if shape == 0:
        return f"{area} {digits[:3]} {digits[3:]}"
    if shape == 1:
        return f"{area}-{digits}"
    return f"({area}) {digits[:3]} {digits[3:]}"


def _email(first: str, last: str, domain: str) -> str:
    return f"{_ascii(first)}.{_ascii(last)}@{domain}"


def library_pool(seed: int = 0, profile: Profile | None = None) -> tuple[PoolLibrary, ...]:
    """The libraries the pages of a corpus with `seed` apply from (the same for every n).

    The municipalities of the real pages come first, then made-up ones named after them
    ("Ylä-Kuopion", "Norra Pargas"), `MUNICIPALITIES` in all; each has a main library and
    maybe branches (`BRANCHES`), all with the municipality's business ID.
    """
    profile = profile or default_profile()
    rng = Random(f"library-pool-{seed}")
    real = list(profile.municipalities) or [Municipality("Kuopion", "kuopio.fi", "fi", "kirjasto")]
    kinds = [m.library_kind for m in real if m.language == "fi" and " " not in m.library_kind]
    made_up: list[Municipality] = []
    for m in real:
        prefixes = _SV_PREFIXES if m.language == "sv" else _FI_PREFIXES
        for prefix in prefixes:
            name = f"{prefix} {m.name}" if m.language == "sv" else f"{prefix}-{m.name}"
            kind = m.library_kind if m.language == "sv" else rng.choice(kinds or ["kirjasto"])
            made_up.append(Municipality(name, _ascii(prefix) + m.domain, m.language, kind))
    sv = [m for m in made_up if m.language == "sv"]
    fi = [m for m in made_up if m.language == "fi"]
    rng.shuffle(fi)
    chosen = real + sv + fi[: max(0, MUNICIPALITIES - len(real) - len(sv))]
    ids: set[str] = set()
    isils: set[str] = set()
    libraries: list[PoolLibrary] = []
    districts = list(profile.districts)
    for m in chosen:
        business_id = _business_id(rng, ids)
        stem = m.name.removesuffix("n") if m.language == "fi" else m.name
        postal = f"{rng.randrange(1, 990):03d}"
        branches = rng.choices(range(len(BRANCHES)), weights=BRANCHES)[0]
        main = f"{m.name} {m.library_kind}"
        for branch in range(branches + 1):
            if branch == 0:
                name, unit_stem = main, stem
            elif m.language == "sv":
                district = rng.choice(districts).removesuffix("n")
                name, unit_stem = f"{main} / {district} bibliotek", stem + district
            else:
                district = rng.choice(districts)
                name, unit_stem = f"{main} - {district} kirjasto", stem + district
            staff = tuple(
                Person(
                    first,
                    last,
                    _phone(rng, mobile=True),
                    _email(first, last, m.domain),
                )
                for first, last in (
                    (rng.choice(profile.first_names), rng.choice(profile.last_names))
                    for _ in range(rng.randint(1, 4))
                )
            )
            street = f"{rng.choice(profile.streets)} {rng.randint(1, 40)}"
            code = f"{postal}{rng.choice('0123456789')}0" if branch else f"{postal}00"
            if rng.random() < profile.po_box_share:
                street = f"PL {rng.randint(1, 300)}"
                code = code[:4] + "1"
            isil = None if rng.random() < profile.no_isil_share else _isil(unit_stem, isils)
            libraries.append(
                PoolLibrary(
                    key=len(libraries),
                    name=name,
                    municipality=m.name,
                    language=m.language,
                    isil=isil,
                    business_id=business_id,
                    street=street,
                    postal_code=code,
                    phone=_phone(rng, mobile=rng.random() < 0.3),
                    email=f"kirjasto@{m.domain}" if rng.random() < 0.5 else staff[0].email,
                    domain=m.domain,
                    staff=staff,
                )
            )
    return tuple(libraries)


# -- pages --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """One generated page: its file name and text, and what the generator knows about it.

    A malformed page keeps the languages, year, title and library of the page it was broken
    from. `project_key` is the IRI a build gives the project (None for a malformed page).
    """

    name: str
    text: str
    malformed: str | None  # one of MALFORMED_KINDS
    truncated: bool
    label_language: str
    text_language: str
    year: int
    title: str
    library: PoolLibrary
    project_key: str | None


def _label_texts() -> dict[tuple[str, str], str]:
    texts: dict[tuple[str, str], str] = {}
    for label in table.LABELS:
        texts.setdefault((label.field, label.lang), label.text)
    for heading in table.HEADINGS:
        texts.setdefault((heading.block, heading.lang), heading.text)
    return texts


_LABELS = _label_texts()


def _label(path: str, lang: str) -> str | None:
    """The label of `path` in `lang` (money paths also as `@.name`), None if the page has none."""
    group, _, name = path.partition(".")
    return _LABELS.get((path, lang)) or (
        _LABELS.get((f"@.{name}", lang)) if group in table.MONEY_BLOCKS else None
    )


def _header(lang: str, year: int, programme: str, funded: bool | None, sp: str) -> str:
    """The header line as the seeds write it: `Vuoden 2016␣AVI-hanke␣␣␣(Hanke on ...)`."""
    word = next(w for w, language in table.HEADER_WORDS.items() if language == lang)
    kind = programme
    if programme not in table.UNTRANSLATED_KINDS:
        kind += table.KIND_SUFFIXES[lang]
    status = next(
        (
            p
            for p, (language, value) in table.STATUS_PHRASES.items()
            if (language, value) == (lang, funded)
        ),
        None,
    )
    line = f"{word} {year}{sp}{kind}"
    return line if status is None else f"{line}{sp * 3}({status})"


class _Draw:
    """Drawing from empirical distributions with jitter."""

    def __init__(self, rng: Random) -> None:
        self.rng = rng

    def share(self, p: float) -> bool:
        return self.rng.random() < p

    def amount(self, value: float) -> int:
        step = self.rng.choice((10, 100, 100, 500, 1000))
        return max(step, round(value / step) * step)


class _Generator:
    """Makes the pages of one corpus, in order; holds the pool and the project keys used."""

    def __init__(self, profile: Profile, seed: int, malformed_share: float) -> None:
        self.profile = profile
        self.malformed_share = malformed_share
        self.rng = Random(seed)
        self.draw = _Draw(self.rng)
        self.minter = Minter()
        self.libraries = library_pool(seed, profile)
        self.keys: set[str] = set()
        by_language: defaultdict[str, list[PoolLibrary]] = defaultdict(list)
        for library in self.libraries:
            by_language[library.language].append(library)
        self.by_language: dict[str, tuple[list[PoolLibrary], list[float]]] = {}
        order = Random(f"library-weights-{seed}")
        for language, members in sorted(by_language.items()):
            members = list(members)
            order.shuffle(members)
            weights = [1 / (i + 1) ** ZIPF for i in range(len(members))]
            self.by_language[language] = (members, list(accumulate(weights)))
        words = {k: v for k, v in profile.words.items() if len(v) >= 50}
        self.words = words or {"fi": ("kirjasto", "hanke", "ja", "on")}
        self.lengths = {
            name: (
                profile.section_lengths.get(name, ()),
                profile.censored_lengths.get(name, ()),
            )
            for name in SECTION_ORDER
        }
        self.all_titles = tuple(t for ts in profile.titles.values() for t in ts) or ("Hanke",)
        self.tail_share = sum(len(t) for t in profile.title_tails.values()) / len(self.all_titles)

    # -- one page -------------------------------------------------------------------------

    def page(self, index: int, width: int) -> Page:
        rng, profile = self.rng, self.profile
        shape = rng.choice(profile.shapes)
        text_language = shape.text_language if shape.text_language in self.words else "fi"
        library = self._library(text_language)
        truncated = self.draw.share(profile.truncated_share)
        cut = rng.choice(profile.cut_lengths) if truncated else None
        sp = "\u00a0" if self.draw.share(profile.nbsp_share) else " "
        fields = shape.fields
        isil = library.isil if "library.business_id" in fields else None
        business_id = library.business_id if "library.business_id" in fields else None
        key, title = self._unique_key(shape.year, text_language, isil, business_id, library)
        text = _PageWriter(self, shape, library, text_language, sp, cut, title).write()
        broken = self.draw.share(self.malformed_share)
        malformed = rng.choice(MALFORMED_KINDS) if broken else None
        if malformed:
            text = self._break(text, malformed, title)
        else:
            self.keys.add(key)
        name = f"{index:0{width}d}_{slugify(title, limit=40)}.txt"
        return Page(
            name=name,
            text=text,
            malformed=malformed,
            truncated=truncated and not malformed,
            label_language=shape.label_language,
            text_language=text_language,
            year=shape.year,
            title=title,
            library=library,
            project_key=None if malformed else key,
        )

    def _library(self, language: str) -> PoolLibrary:
        members, cumulative = self.by_language.get(language) or self.by_language["fi"]
        at = self.rng.random() * cumulative[-1]
        return members[min(bisect.bisect_right(cumulative, at), len(members) - 1)]

    def _unique_key(
        self, year: int, language: str, isil: str | None, business_id: str | None, lib: PoolLibrary
    ) -> tuple[str, str]:
        """Return a title and the project key it makes that no page has made yet.

        A title whose key is taken is drawn anew a few times, then numbered ("... 2").
        """
        library = self.minter.library(isil, business_id, lib.name)
        for _ in range(TITLE_DRAWS):
            title = self._title(language, lib)
            key = self.minter.project(year, title, library).value
            if key not in self.keys:
                return key, title
        base = title
        number = 1
        while True:
            key = self.minter.project(year, title, library).value
            if key not in self.keys:
                return key, title
            number += 1
            short = base if len(base) <= 60 else base[:60].rsplit(" ", 1)[0]
            title = f"{short} {number}"

    def _title(self, language: str, library: PoolLibrary) -> str:
        rng, profile = self.rng, self.profile
        titles = profile.titles.get(language) or self.all_titles
        head = _TITLE_SPLIT.split(rng.choice(titles))[0].strip()
        tails = profile.title_tails.get(language, ())
        if rng.random() < max(self.tail_share, 0.2):
            if tails and rng.random() < 0.5:
                tail = rng.choice(tails)
            else:
                words = self.words.get(language) or self.words["fi"]
                tail = " ".join(rng.choices(words, k=rng.randint(2, 5)))
            head = f"{head} {rng.choice(('-', '–', ':'))} {tail}".replace(" :", ":")
        if language == "fi" and rng.random() < TITLE_PLACE_SHARE:
            stem = library.municipality.removesuffix("n")
            back = any(v in stem.split("-")[-1].lower() for v in "aou")
            head = f"{head} {stem}{'ssa' if back else 'ssä'}"
        return head

    # -- text -----------------------------------------------------------------------------

    def text(self, language: str, length: int) -> str:
        """Free text of about `length` characters in paragraphs of words of the real texts."""
        rng = self.rng
        words = self.words.get(language) or self.words["fi"]
        paragraphs: list[str] = []
        total = 0
        while total < length:
            target = min(rng.choice(self.profile.paragraph_lengths), length - total)
            paragraph = self._paragraph(words, max(target, 12))
            paragraphs.append(paragraph)
            total += len(paragraph) + 2
        return "\n\n".join(paragraphs)

    def paragraph(self, language: str, length: int) -> str:
        """One paragraph of about `length` characters."""
        return self._paragraph(self.words.get(language) or self.words["fi"], length)

    def _paragraph(self, words: Sequence[str], length: int) -> str:
        rng = self.rng
        chosen = rng.choices(words, k=max(2, length // 8))
        sentences: list[str] = []
        at = 0
        while at < len(chosen):
            size = rng.randint(5, 16)
            part = chosen[at : at + size]
            at += size
            first = part[0]
            if len(part) > 6 and rng.random() < 0.4:
                comma = rng.randrange(2, len(part) - 2)
                part[comma] += ","
            sentences.append(" ".join([first[:1].upper() + first[1:], *part[1:]]) + ".")
        return " ".join(sentences)

    def length(self, section: str, shape: PageShape, cut_room: int | None) -> int | None:
        """Draw the length of a section; None: it runs on past the cut (`cut_room` is left).

        The length of the section on the real page the shape is taken from, give or take a
        fifth; for a section that page did not reach, one of any page.
        """
        rng = self.rng
        own = next(((n, cut) for name, n, cut in shape.lengths if name == section), None)
        if own is not None and (not own[1] or cut_room is not None):
            return None if own[1] else round(own[0] * rng.uniform(0.8, 1.25))
        complete, censored = self.lengths[section]
        if own is not None:
            floor, at = own[0], len(complete) + censored.index(own[0])
        else:
            pool = len(complete) + len(censored)
            if not pool:
                return rng.randint(60, 400)
            at = rng.randrange(pool)
            if at < len(complete):
                return complete[at]
            if cut_room is not None:
                return None
            floor = censored[at - len(complete)]
        longer = [v for v in complete if v >= floor]
        return rng.choice(longer) if longer else int(floor * rng.uniform(1.2, 3.0))

    def partners(self, own: PoolLibrary) -> str:
        rng, profile = self.rng, self.profile
        count = max(1, rng.choice(profile.partner_counts))
        names: list[str] = []
        for _ in range(count):
            if not profile.partner_names or rng.random() < profile.library_partner_share:
                other = rng.choice(self.libraries)
                if other is not own:
                    names.append(other.name.split(" - ")[0].split(" / ")[0])
            else:
                names.append(rng.choice(profile.partner_names))
        unique = list(dict.fromkeys(names)) or [rng.choice(self.libraries).name]
        return ", ".join(unique)

    # -- broken pages ---------------------------------------------------------------------

    def _break(self, text: str, kind: str, title: str) -> str:
        rng = self.rng
        lines = text.split("\n")
        if kind == "empty":
            return rng.choice(("", "\n", "  \n\n", "\u00a0\n"))
        if kind == "binary":
            junk = "".join(chr(rng.randrange(0, 32)) for _ in range(rng.randint(40, 400)))
            return "\x00" + junk + "".join(chr(rng.randrange(0, 256)) for _ in range(200))
        if kind == "html":
            return (
                '<!DOCTYPE html>\n<html lang="fi">\n<head><title>'
                f"{title} | Kirjastojen hankkeet</title></head>\n<body>\n"
                f'<h1>{title}</h1>\n<div class="field">{lines[1]}</div>\n</body>\n</html>\n'
            )
        if kind == "no-header":
            return "\n".join(lines[:1] + lines[2:])
        if kind == "no-title":
            return "\n".join(lines[1:])
        first_label = next(
            (
                i
                for i, line in enumerate(lines)
                if (found := table.LABEL_BY_TEXT.get(collapse_spaces(line)))
                and found.field.startswith(("library.", "contact."))
            ),
            len(lines),
        )
        if kind == "cut-early":
            return "\n".join(lines[:first_label])
        prose = self.text("fi", rng.randint(300, 1500))
        return "\n".join([*lines[:2], "", "", prose])  # "no-labels"


class _PageWriter:
    """Writes one well-formed page, stopping where a cut-off copy would end."""

    def __init__(
        self,
        gen: _Generator,
        shape: PageShape,
        library: PoolLibrary,
        text_language: str,
        sp: str,
        cut: int | None,
        title: str,
    ) -> None:
        self.gen, self.rng, self.draw = gen, gen.rng, gen.draw
        self.profile = gen.profile
        self.shape, self.library, self.tl = shape, library, text_language
        self.lang = shape.label_language
        self.sp, self.cut, self.title = sp, cut, title
        self.parts: list[str] = []
        self.size = 0

    def emit(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)

    def full(self) -> bool:
        return self.cut is not None and self.size > self.cut

    def label(self, path: str) -> str:
        text = _label(path, self.lang)
        assert text is not None, path
        return text + self.sp

    def write(self) -> str:
        self._top()
        sections = self._sections()
        lower = self._lower()
        for position, section in enumerate(sections):
            if self.full():
                break
            self._section(section, last=position == len(sections) - 1, lower=len(lower))
        if not self.full():
            decision = lower.find("\n" + (_label("decision", self.lang) or "Päätös") + "\n")
            if self.cut is not None and decision >= 0 and self.cut > self.size + decision:
                # A cut after the decision heading would leave a page the parser finds whole.
                self.cut = self.size + decision - self.rng.randint(0, 40)
            self.emit(lower)
        text = "".join(self.parts)
        return text[: self.cut] if self.cut is not None else text

    # -- upper part -----------------------------------------------------------------------

    def _top(self) -> None:
        shape, library, sp, rng = self.shape, self.library, self.sp, self.rng
        header = _header(self.lang, shape.year, shape.programme, shape.funded, sp)
        self.emit(f"{self.title}\n{header}\n\n\n")
        fields = shape.fields
        if "image_credit" in fields:
            person = f"{rng.choice(library.staff).first} {rng.choice(self.profile.last_names)}"
            credit = rng.choice(_CREDITS).format(person=person, library=library.name)
            self.emit(f"{self.label('image_credit')}\n{credit}\n")
        self.emit(f"{library.name}\n")
        variant = self._variant
        if "library.address" in fields:
            postal = variant("library.postal_code", library.postal_code)
            self.emit(f"{self.label('library.address')}\n{library.street}\n{postal}\n")
        if "library.phone" in fields:
            self.emit(f"{self.label('library.phone')}\n{library.phone}\n")
        if "library.email" in fields:
            email = variant("library.email", library.email)
            self.emit(f"{self.label('library.email')}\n{email}\n")
        if "library.business_id" in fields:
            if library.isil:
                isil = variant("library.isil", library.isil)
                self.emit(f"{self.label('library.isil')}\n{isil}\n")
            business_id = variant("library.business_id", library.business_id)
            self.emit(f"{self.label('library.business_id')}\n{business_id}\n")
        person = rng.choices(library.staff, weights=range(len(library.staff), 0, -1))[0]
        if "contact.name" in fields:
            self.emit(f"{self.label('contact.name')}\n{self._contact_name(person)}\n")
        if "contact.phone" in fields:
            phone = library.phone if rng.random() < 0.15 else person.phone
            self.emit(f"{self.label('contact.phone')}\n{phone}\n")
        if "contact.email" in fields:
            email = variant("contact.email", person.email)
            self.emit(f"{self.label('contact.email')}\n{email}\n")

    def _contact_name(self, person: Person) -> str:
        rng = self.rng
        shape = rng.choices(
            [name for name, _ in CONTACT_SHAPES], weights=[w for _, w in CONTACT_SHAPES]
        )[0]
        if shape == "two" and len(self.library.staff) > 1:
            other = next(p for p in self.library.staff if p is not person)
            return f"{person.name} ja {other.name}"
        if shape == "reversed":
            return f"{person.last}{rng.choice((' ', ', '))}{person.first}"
        if shape == "titled":
            return f"{person.name}, {rng.choice(_TITLES)}"
        return person.name

    def _variant(self, path: str, value: str) -> str:
        """`value` as written: now and then another way that reads back to the same value."""
        if not self.draw.share(self.profile.variant_shares.get(path, 0.0)):
            return value
        rng = self.rng
        if path == "library.isil":
            unit = value.removeprefix("FI-")
            return rng.choice((f"Fi-{unit}", f"Fi-{unit}", f"FI {unit}", unit))
        if path == "library.business_id":
            digits = value.replace("-", "")
            return rng.choice(
                (
                    f"Y-{value}",
                    f"Y-tunnus {value}",
                    f"Y {value}",
                    f"FI{value}",
                    digits,
                    f"{digits[:3]} {digits[3:7]}-{digits[7]}",
                    f"{digits[:7]} – {digits[7]}",
                    f"0{value}",  # a leading zero too many: read back, with a warning
                )
            )
        if path.endswith("email"):
            local, _, domain = value.partition("@")
            if "." in local and rng.random() < 0.5:
                return local.replace(".", ". ", 1) + "@" + domain
            return f"{local}(a){domain}"
        if path == "library.postal_code" and "0" in value:
            at = value.rindex("0")
            return value[:at] + "O" + value[at + 1 :]  # read back as a zero, with a warning
        return value

    def _sections(self) -> list[str]:
        shape, draw = self.shape, self.draw
        chosen: list[str] = []
        for index, name in enumerate(SECTION_ORDER):
            if _label(f"sections.{name}", self.lang) is None:
                continue
            if index < shape.reached:
                present = f"sections.{name}" in shape.fields
            else:
                present = draw.share(self.profile.section_shares.get(name, 0.0))
            if present:
                chosen.append(name)
        return chosen

    def _section(self, name: str, last: bool, lower: int) -> None:
        label = self.label(f"sections.{name}")
        if name in LIST_SECTIONS:
            if name == "partners":
                self.emit(f"{label}\n{self.gen.partners(self.library)}\n")
            else:
                self.emit(f"{label}\n\n{self.gen.partners(self.library)}\n\n")
            return
        room = None if self.cut is None else self.cut - self.size
        length = self.gen.length(name, self.shape, room)
        short = length is not None and last and room is not None and length + lower < room
        if room is not None and (length is None or short):
            length = room + self.rng.randint(20, 400)  # runs on past the cut
        if length == 0:
            self.emit(f"{label}\n")
            return
        if name == "indicators" and self.rng.random() < 0.4:
            text = self._list(length)
        else:
            text = self.gen.text(self.tl, length)
        self.emit(f"{label}\n\n{text}\n\n")

    def _list(self, length: int) -> str:
        rng = self.rng
        bullet = rng.choice((" • ", "- ", "-", "1) ", "a) "))
        joiner = rng.choice(("\n", "\n\n"))
        items: list[str] = []
        total = 0
        number = 0
        while total < length:
            item = self.gen.paragraph(self.tl, rng.randint(20, 90)).rstrip(".")
            number += 1
            mark = bullet.replace("1", str(number)).replace("a", chr(96 + min(number, 26)))
            items.append(mark + item)
            total += len(item) + 3
        return joiner.join(items)

    # -- lower part -----------------------------------------------------------------------

    def _lower(self) -> str:
        """The dates, money, statistics, decision and tags (a string: they are short)."""
        shares, sp, rng = self.profile.lower_shares, self.sp, self.rng
        year = self.shape.year
        out: list[str] = []
        if self.draw.share(shares.get("dates", 1.0)):
            month, day = rng.choice(self.profile.start_days)
            start = date(year, month, min(day, 28))
            end = start + timedelta(days=rng.choice(self.profile.durations))
            if rng.random() < 0.7:
                end = (end.replace(day=1) + timedelta(days=32)).replace(day=1) - timedelta(1)
            out.append(f"{self.label('start_date')}\n{start:%d/%m/%Y}\n")
            out.append(f"{self.label('end_date')}\n{end:%d/%m/%Y}\n")
        out.append(f"{sp}\n\n\n")
        if self.shape.funded is False:
            region = _label("sections.region", self.lang) or "Maakunta"
            area = _label("sections.target_area", self.lang) or "Kohdealue"
            out.append(f"{region}\n\n{area}\n\n{sp}\nokm\navi")
            return "".join(out)
        granted = None
        if self.draw.share(shares.get("application", 1.0)):
            application, requested = self._application()
            out.append(application)
            granted = self.draw.amount(requested * rng.choice(self.profile.money.granted_ratios))
            granted = min(granted, requested)
            out.append(self._realized(granted))
        if self.draw.share(shares.get("statistics", 0.5)):
            out.append(self._statistics())
        else:
            out.append("\n")
        decision = _label("decision", self.lang)
        granted = granted or self.draw.amount(rng.choice(self.profile.money.requested) * 0.8)
        amount = render_money(Decimal(granted))
        out.append(f"{decision}\n{self.label('granted')}\n{amount}\n")
        tags = self.draw.share(shares.get("tags", 1.0))
        if self.draw.share(shares.get("decision_text", 1.0)) and self.profile.decision_texts:
            written, text = rng.choice(self.profile.decision_texts)
            out.append("\n" + text.replace(str(written), str(year)) + ("\n\n" if tags else ""))
        if tags:
            tag_lines = "\n".join(rng.choice(self.profile.tags)) if self.profile.tags else "avi"
            out.append(f"{sp}\n{tag_lines}")
        return "".join(out).rstrip("\n")

    def _money_line(self, path: str, value: int) -> str:
        return f"{self.label(path)}\n{render_money(Decimal(value))}\n"

    def _application(self) -> tuple[str, int]:
        money, rng, draw = self.profile.money, self.rng, self.draw
        requested = draw.amount(rng.choice(money.requested) * rng.uniform(0.5, 1.6))
        shown = [n for n in APPLICATION_FIELDS if draw.share(money.application_fields.get(n, 1))]
        own = draw.amount(requested * rng.choice(money.own_ratios) * rng.uniform(0.8, 1.25))
        total = requested + (own if "own_funding" in shown else 0)
        if draw.share(money.application_inconsistent_share):
            total = 0 if rng.random() < 0.3 else total + rng.choice((-1, 1)) * draw.amount(600)
        others = {
            name: (
                draw.amount(requested * rng.uniform(0.05, 0.3))
                if draw.share(money.other_nonzero_share)
                else 0
            )
            for name in ("other_applied", "other_received")
        }
        values = {"requested": requested, "own_funding": own, "total_budget": total, **others}
        lines = [f"{_label('application', self.lang)}\n"]
        for name in shown:
            lines.append(self._money_line(f"application.{name}", values[name]))
        return "".join(lines) + "\n", requested

    def _realized(self, granted: int) -> str:
        money, rng, draw = self.profile.money, self.rng, self.draw
        lines = [f"{_label('realized', self.lang)}\n"]
        roll = rng.random()
        if roll < money.realized_empty_share:
            return lines[0] + "\n"
        if roll < money.realized_empty_share + money.realized_zero_share:
            values = dict.fromkeys(REALIZED_FIELDS, 0)
        else:
            own = draw.amount(granted * rng.uniform(0.1, 0.6))
            total = granted + own
            if draw.share(money.realized_inconsistent_share):
                total += rng.choice((-1, 1)) * rng.randint(1, 500)
            values = {"total_budget": total, "own_funding": own}
            values |= {"external_funding": 0, "partner_contribution": 0}
        for name in REALIZED_FIELDS:
            if draw.share(money.realized_fields.get(name, 1.0)):
                lines.append(self._money_line(f"realized.{name}", values[name]))
        return "".join(lines) + "\n"

    def _statistics(self) -> str:
        rng = self.rng
        lines = [f"{_label('statistics', self.lang)}\n"]
        for name in STATISTICS_FIELDS:
            spec = table.FIELDS[f"statistics.{name}"]
            seen = self.profile.statistics_values.get(name) or (0,)
            value = int(rng.choice(seen) * rng.uniform(0.5, 2.0))
            lines.append(f"{self.label(spec.path)}\n{value}{spec.unit}\n")
        return "".join(lines) + "\n"


# -- the public API -----------------------------------------------------------------------


@dataclass(frozen=True)
class CorpusSummary:
    """What a written corpus holds."""

    folder: Path
    records: int
    malformed: int
    truncated: int
    label_languages: Mapping[str, int]
    text_languages: Mapping[str, int]
    libraries: int  # distinct libraries of the pool that well-formed pages name
    malformed_kinds: Mapping[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def lines(self) -> list[str]:
        """The summary as aligned `key  value` lines."""
        rows = {
            "folder": str(self.folder),
            "records": self.records,
            "malformed": self.malformed,
            "truncated": self.truncated,
            "label_languages": _counts(self.label_languages),
            "text_languages": _counts(self.text_languages),
            "libraries": self.libraries,
            "malformed_kinds": _counts(self.malformed_kinds),
            "seconds": f"{self.seconds:.1f}",
        }
        width = max(len(key) for key in rows)
        return [f"{key:<{width}}  {value}" for key, value in rows.items()]


def _counts(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{key} {value}" for key, value in sorted(counts.items())) or "-"


_DEFAULT_PROFILE: list[Profile] = []


def default_profile() -> Profile:
    """The profile of the default sources, measured once per process."""
    if not _DEFAULT_PROFILE:
        _DEFAULT_PROFILE.append(Profile.from_records())
    return _DEFAULT_PROFILE[0]


def generate_pages(
    n: int,
    seed: int = 0,
    profile: Profile | None = None,
    *,
    malformed_share: float = MALFORMED_SHARE,
) -> Iterator[Page]:
    """Yield `n` generated pages with what is known about each (see `Page`), in file order."""
    if n < 0:
        raise ValueError(f"the number of records must not be negative, not {n}")
    generator = _Generator(profile or default_profile(), seed, malformed_share)
    width = max(6, len(str(n)))
    for index in range(1, n + 1):
        yield generator.page(index, width)


def generate(n: int, seed: int = 0, profile: Profile | None = None) -> Iterator[tuple[str, str]]:
    """Yield `n` pages as (file name, text): names `000001_<slug>.txt`, sortable and unique."""
    for page in generate_pages(n, seed, profile):
        yield page.name, page.text


def write_corpus(
    folder: Path, n: int, seed: int = 0, profile: Profile | None = None
) -> CorpusSummary:
    """Write `n` generated pages into `folder` (made if missing) and summarise them."""
    started = time.perf_counter()
    folder.mkdir(parents=True, exist_ok=True)
    malformed = Counter[str]()
    labels = Counter[str]()
    texts = Counter[str]()
    libraries: set[int] = set()
    truncated = 0
    count = 0
    for page in generate_pages(n, seed, profile):
        (folder / page.name).write_bytes(page.text.encode("utf-8"))
        count += 1
        if page.malformed:
            malformed[page.malformed] += 1
            continue
        truncated += page.truncated
        labels[page.label_language] += 1
        texts[page.text_language] += 1
        libraries.add(page.library.key)
    return CorpusSummary(
        folder=folder,
        records=count,
        malformed=sum(malformed.values()),
        truncated=truncated,
        label_languages=dict(labels),
        text_languages=dict(texts),
        libraries=len(libraries),
        malformed_kinds=dict(malformed),
        seconds=time.perf_counter() - started,
    )


def main(argv: list[str] | None = None) -> None:
    """Write a corpus as the command line says and print its summary."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, required=True, help="how many pages to write")
    parser.add_argument("--seed", type=int, default=0, help="the same seed, the same pages")
    parser.add_argument("--out", type=Path, required=True, help="the folder to write into")
    parser.add_argument(
        "--truncated-share",
        type=float,
        help="share of pages cut off like the real copies (default: the measured share)",
    )
    args = parser.parse_args(argv)
    if args.records < 0:
        parser.error("--records must not be negative")
    if args.out.is_dir() and any(args.out.glob("*.txt")):
        parser.error(f"{args.out} already holds .txt files; give an empty or new folder")
    profile = default_profile()
    if args.truncated_share is not None:
        if not 0 <= args.truncated_share <= 1:
            parser.error("--truncated-share must be between 0 and 1")
        profile = replace(profile, truncated_share=args.truncated_share)
    summary = write_corpus(args.out, args.records, args.seed, profile)
    for line in summary.lines():
        print(line)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
