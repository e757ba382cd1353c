"""What a release may contain: the `open` profile leaves personal data out, `full` keeps all.

    personal = PersonalData.find(quads)     who the contact persons are, what is theirs
    kept = [q for q in quads if personal.keeps(q)] + personal.writes()
    personal.counts()                        what the open profile leaves out, by kind
    personal.numbers_of_persons()            the persons' own numbers, for the release's check

    personal = PersonalData.find_in_file(quads_path, N_QUADS)  the same, from a file
    personal.write_kept(quads_path, kept_path, N_QUADS)    the lines it keeps, and writes, sorted

The file forms read a statement's terms from its line without parsing it whole, and parse
only the lines they need: a release's files hold every triple, and a parse makes Python
objects of each.

Personal data in the records, as `kg.records.personal` tells it:
- the contact person of a project (name, phone, e-mail) and a person a partner section names
  (kg:PartnerPerson): left out whole;
- the raw value (kg:RawValue) of a contact person's field, the text as the page wrote it
  ("kaarina. sainio@kaarina.fi"), and of a library's e-mail or phone that holds a person's;
- in a library's (or branch's) e-mail or phone field, each address or number that is a
  person's: an address shaped like `firstname.lastname@` or a contact person's, a number a
  contact person gives that is not known as a library's (`kg.records.personal.PhoneBook`). The
  library's value keeps the rest, written in its place ("02 123 4500, 040 765 4321" ->
  "02 123 4500"); a value records state of it (a kg:StatedValue of the consolidated graph) is
  left out whole;
- an image's credit that names a person (`kg.records.personal.names_person`).
A number of a library's phone field stays when it is known as a library's, even if a contact
person gives it too (a switchboard; `kg.records.personal.PhoneBook`). Nothing is added to what a
record says: a number only a contact person gives goes with the person.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, RdfFormat, Triple, parse
from pyoxigraph import serialize as write_rdf

from kg.export.choices import PROFILES as PROFILES  # re-exported: the profiles applied here
from kg.records.personal import (
    CONTACT_FIELD_PATTERN,
    Numbers,
    PhoneBook,
    email_addresses,
    email_key,
    looks_personal,
    names_person,
    phone_numbers,
    shows_personal_email,
)
from kg.records.values import UnreadableValue, read_email
from kg.store.sort import quad_order, triple_order
from kg.vocab import KG, RDF, SCHEMA

GraphName = NamedNode | BlankNode | DefaultGraph
Value = tuple[NamedNode, NamedNode, str]  # subject, predicate (e-mail or phone), text


@dataclass
class PersonalData:
    """The personal data in a set of quads, found once, then asked about quad by quad."""

    contacts: set[NamedNode] = field(default_factory=set)
    persons: set[NamedNode] = field(default_factory=set)  # persons named as partners
    stated_values: set[NamedNode] = field(default_factory=set)  # holding a person's value
    raw_values: set[NamedNode] = field(default_factory=set)  # of a person's field
    library_values: set[Value] = field(default_factory=set)  # left out, whole or in part
    credits: set[tuple[NamedNode, str]] = field(default_factory=set)  # naming a person
    written: list[Quad] = field(default_factory=list)  # in place of parts left out, sorted
    # contact person, their record's library, a number of theirs
    persons_numbers: set[tuple[NamedNode, NamedNode | None, str]] = field(default_factory=set)

    @classmethod
    def find(cls, quads: Iterable[Quad]) -> PersonalData:
        """Find the persons, and the values and parts of values that are theirs."""
        facts = _Facts()
        for quad in quads:
            facts.read(quad)
        return _Judge(facts).personal_data()

    @functools.cached_property
    def left_out(self) -> frozenset[NamedNode]:
        """The nodes the open profile leaves out whole, and every statement naming them."""
        return frozenset(self.contacts | self.persons | self.stated_values | self.raw_values)

    @classmethod
    def find_in_file(cls, path: Path, fmt: RdfFormat = RdfFormat.N_TRIPLES) -> PersonalData:
        """As `find`, for an N-Triples or N-Quads file (`fmt`), a statement a line.

        As pyoxigraph writes them: the lines `find` needs are parsed, the others read as text.
        Only N-Quads name the records' graphs, which tell a library's number from a person's.
        """
        types = {_token(cls_) for cls_ in _Facts.CLASSES}
        watched = {_token(predicate) for predicate in _Facts.PREDICATES}
        rdf_type = _token(RDF.type)

        def looked_at() -> Iterator[Quad]:
            for line, predicate, iri_object in _lines(path):
                if predicate in watched or (predicate == rdf_type and iri_object in types):
                    yield _parse_line(line, fmt)

        return cls.find(looked_at())

    def keeps(self, quad: Quad | Triple) -> bool:
        """Tell whether the open profile keeps `quad` (or a triple: the graph does not matter).

        A library's value that is a person's in part is not kept: `writes` gives the rest.
        """
        subject, obj = quad.subject, quad.object
        left_out = self.left_out
        if subject in left_out or obj in left_out:
            return False
        if not (isinstance(obj, Literal) and isinstance(subject, NamedNode)):
            return True
        if quad.predicate == KG.imageCredit:
            return (subject, obj.value) not in self.credits
        return (subject, quad.predicate, obj.value) not in self.library_values

    def writes(self, union: bool = False) -> list[Quad]:
        """Return what the open profile writes in place of what it leaves out, sorted.

        A library's e-mail or phone field without its person's part, and a contact person's
        number that is the library's own, as the library's phone: each in its record's graph,
        or with `union`, in the default graph, once (for the union's N-Triples).
        """
        if not union:
            return list(self.written)
        triples = {quad.triple for quad in self.written}
        return [Quad(*triple) for triple in sorted(triples, key=triple_order)]

    def numbers_of_persons(self) -> list[Quad]:
        """Describe the numbers the open profile found to be persons', for its check.

        Each number with the library of the record that gives it (schema:worksFor), on the
        node of a contact person who gives it (the first by IRI: a number many records give
        is looked for once): `kg.export.release.check_open_release` looks for it in that
        library's phones. Nothing of this is in a release.
        """
        givers: dict[tuple[NamedNode, str], NamedNode] = {}
        for person, library, number in sorted(self.persons_numbers, key=str):
            if library is not None:
                givers.setdefault((library, number), person)
        quads = []
        for (library, number), person in givers.items():
            quads += [
                Quad(person, SCHEMA.worksFor, library),
                Quad(person, SCHEMA.telephone, Literal(number)),
            ]
        return quads

    def write_kept(self, source: Path, target: Path, fmt: RdfFormat, *, batch: int = 10_000) -> int:
        """Copy the lines of `source` whose statement the profile keeps, with what it writes.

        `source` is N-Triples (the union) or N-Quads (`fmt`), sorted, with one statement a
        line, as a snapshot holds them; what `writes` gives goes in its sorted place, once.
        The lines are written `batch` at a time. Return how many lines were written.
        """
        left_out = {_token(node) for node in self.left_out}
        judged = {_token(predicate) for predicate in (*_VALUES, KG.imageCredit)}
        with source.open("rb") as lines, target.open("wb") as out:
            statements = self.writes(union=fmt == RdfFormat.N_TRIPLES)
            merged = _MergedLines(out, statements, fmt, batch)
            for line in lines:
                # Subjects and predicates hold no space, and an IRI no `>`.
                subject, predicate, rest = line.split(b" ", 2)
                if subject in left_out:
                    continue
                if rest[:1] == b"<" and rest[: rest.index(b">") + 1] in left_out:
                    continue
                if predicate in judged and not self.keeps(_parse_line(line, fmt)):
                    continue
                merged.add(line)
            return merged.finish()

    def counts(self) -> dict[str, int]:
        """Return how much personal data the open profile leaves out, by kind."""
        kinds = Counter(predicate for _, predicate, _ in self.library_values)
        return {
            "contact persons": len(self.contacts),
            "persons named as partners": len(self.persons),
            "library e-mails": kinds[SCHEMA.email],
            "library phones": kinds[SCHEMA.telephone],
            "e-mails and phones that records state": len(self.stated_values),
            "raw values of personal fields": len(self.raw_values),
            "image credits naming a person": len(self.credits),
        }


_VALUES = (SCHEMA.email, SCHEMA.telephone)


class _Facts:
    """What `PersonalData.find` reads of the quads before it judges them."""

    CLASSES = (
        KG.ContactPerson,
        KG.PartnerPerson,
        KG.Library,
        KG.LibraryBranch,
        KG.StatedValue,
        KG.SourceRecord,
    )
    PREDICATES = (
        *_VALUES,
        KG.property,
        RDF.value,
        KG.statedValue,
        KG.applicant,
        KG.fieldPath,
        KG.originalText,
        KG.imageCredit,
    )

    def __init__(self) -> None:
        self.typed: dict[NamedNode, set[NamedNode]] = {}  # class -> its instances
        self.values: list[tuple[GraphName, NamedNode, NamedNode, str]] = []  # e-mails, phones
        self.stated: dict[NamedNode, dict[NamedNode, Literal | NamedNode]] = {}
        self.holders: dict[NamedNode, NamedNode] = {}  # a stated value -> whose value it is
        self.applicants: dict[GraphName, set[NamedNode]] = {}  # a graph -> its libraries
        self.raw: dict[NamedNode, dict[NamedNode, str]] = {}  # field path, original text
        self.raw_graphs: dict[NamedNode, GraphName] = {}
        self.credits: list[tuple[NamedNode, str]] = []

    def read(self, quad: Quad) -> None:
        """Note what `quad` says, if it is one of the statements the profile judges by."""
        subject, predicate, obj, graph = quad.subject, quad.predicate, quad.object, quad.graph_name
        if not isinstance(subject, NamedNode):
            return
        if predicate == RDF.type and isinstance(obj, NamedNode):
            self.typed.setdefault(obj, set()).add(subject)
        elif predicate in _VALUES and isinstance(obj, Literal):
            self.values.append((graph, subject, predicate, obj.value))
        elif predicate in (KG.property, RDF.value) and isinstance(obj, Literal | NamedNode):
            self.stated.setdefault(subject, {})[predicate] = obj
        elif predicate == KG.statedValue and isinstance(obj, NamedNode):
            self.holders[obj] = subject
        elif predicate == KG.applicant and isinstance(obj, NamedNode):
            self.applicants.setdefault(graph, set()).add(obj)
        elif predicate in (KG.fieldPath, KG.originalText) and isinstance(obj, Literal):
            self.raw.setdefault(subject, {})[predicate] = obj.value
            self.raw_graphs[subject] = graph
        elif predicate == KG.imageCredit and isinstance(obj, Literal):
            self.credits.append((subject, obj.value))

    def instances(self, *classes: NamedNode) -> set[NamedNode]:
        return set().union(*(self.typed.get(cls, set()) for cls in classes))


class _Judge:
    """Tells, from the facts of every record, which values and parts of values are persons'."""

    def __init__(self, facts: _Facts) -> None:
        self.facts = facts
        self.contacts = facts.instances(KG.ContactPerson)
        self.libraries = facts.instances(KG.Library, KG.LibraryBranch)
        self.records = facts.instances(KG.SourceRecord)
        self.book = PhoneBook()
        self.contact_emails: set[str] = set()
        self._read_records()
        self.persons_numbers: set[tuple[NamedNode, NamedNode | None, str]] = set()
        for graph, subject, predicate, text in facts.values:
            if subject in self.contacts and predicate == SCHEMA.telephone:
                self._contact_numbers(graph, subject, text)
        self.listed = Numbers(number for _, _, number in self.persons_numbers)

    def _read_records(self) -> None:
        """Give the phone book each record's library and contact numbers, the e-mails aside."""
        phones: dict[GraphName, tuple[list[str], list[str]]] = {}
        for graph, subject, predicate, text in self.facts.values:
            if subject in self.contacts and predicate == SCHEMA.email:
                self.contact_emails |= {email_key(address) for address in email_addresses(text)}
            elif subject in self.contacts:
                phones.setdefault(graph, ([], []))[1].append(text)
            elif subject in self.libraries and graph in self.records and predicate != SCHEMA.email:
                phones.setdefault(graph, ([], []))[0].append(text)
        for graph, (library_phones, contact_phones) in phones.items():
            self.book.add_record(self.library_of(graph), library_phones, contact_phones)

    def library_of(self, graph: GraphName) -> NamedNode | None:
        """Return the library a record's graph names as its applicant; None for other graphs."""
        found = self.facts.applicants.get(graph, set()) if graph in self.records else set()
        return next(iter(found)) if len(found) == 1 else None

    def _contact_numbers(self, graph: GraphName, contact: NamedNode, text: str) -> None:
        library = self.library_of(graph)
        for number in phone_numbers(text):
            if not self.book.is_library(number, library):
                self.persons_numbers.add((contact, library, number))

    def kept_part(self, predicate: NamedNode, text: str, holder: NamedNode | None) -> str | None:
        """Return what the open profile publishes of an e-mail or phone field of a library.

        None: all of it; "": none of it; else the addresses or numbers that are no person's.
        What remains must not be what the release's check would see as a person's.
        """
        if predicate == SCHEMA.email:
            parts = email_addresses(text)
            kept = [
                a
                for a in parts
                if not looks_personal(a) and email_key(a) not in self.contact_emails
            ]
            shown = shows_personal_email
        else:
            parts = phone_numbers(text)
            listed = self.listed.found_in
            kept = [n for n in parts if not self.book.is_persons(n, holder) and not listed(n)]
            shown = listed
        if len(kept) == len(parts) and not shown(text):
            return None
        rest = ", ".join(kept)
        return rest if kept and not shown(rest) else ""

    def raw_is_personal(self, path: str, text: str, graph: GraphName) -> bool:
        """Tell whether the text a record's field holds as written (a kg:RawValue) is personal."""
        if re.search(CONTACT_FIELD_PATTERN, path) or shows_personal_email(text):
            return True
        library = self.library_of(graph)
        if path == "library.email":
            return self.kept_part(SCHEMA.email, _readable_email(text), library) is not None
        if path == "library.phone":
            return self.kept_part(SCHEMA.telephone, text, library) is not None
        return False

    def personal_data(self) -> PersonalData:
        """Return the judgement: what the open profile leaves out, and what it writes."""
        facts = self.facts
        library_values, written = self._library_values()
        return PersonalData(
            contacts=self.contacts,
            persons=facts.instances(KG.PartnerPerson),
            stated_values=self._stated_values(),
            raw_values={
                node
                for node, fields in facts.raw.items()
                if KG.fieldPath in fields
                and self.raw_is_personal(
                    fields[KG.fieldPath], fields.get(KG.originalText, ""), facts.raw_graphs[node]
                )
            },
            library_values=library_values,
            credits={(subject, text) for subject, text in facts.credits if names_person(text)},
            written=written,
            persons_numbers=self.persons_numbers,
        )

    def _library_values(self) -> tuple[set[Value], list[Quad]]:
        """Return the libraries' values that are persons' (in part), and what is written.

        Written: the rest of each such value, in its record's graph, sorted.
        """
        left_out: set[Value] = set()
        written: set[Quad] = set()
        for graph, subject, predicate, text in self.facts.values:
            if subject in self.libraries:
                part = self.kept_part(predicate, text, subject)
                if part is not None:
                    left_out.add((subject, predicate, text))
                if part:
                    written.add(Quad(subject, predicate, Literal(part), graph))
        return left_out, sorted(written, key=quad_order)

    def _stated_values(self) -> set[NamedNode]:
        """Return the values records state of a library that hold a person's, in part."""
        found = set()
        for node in self.facts.instances(KG.StatedValue):
            stated = self.facts.stated.get(node, {})
            what, value = stated.get(KG.property), stated.get(RDF.value)
            if (
                isinstance(what, NamedNode)
                and what in _VALUES
                and isinstance(value, Literal)
                and self.kept_part(what, value.value, self.facts.holders.get(node)) is not None
            ):
                found.add(node)
        return found


def _readable_email(text: str) -> str:
    """Return an e-mail field's text as the parser reads it ("a(a)b.fi" -> "a@b.fi")."""
    try:
        return read_email(text).value
    except UnreadableValue:
        return text


class _MergedLines:
    """Lines written a batch at a time, with statements of their own merged in sorted order.

    The lines come sorted (`quad_order`; N-Triples: `triple_order`), as do the statements; a
    statement that is one of the lines is written once. Most lines are placed by their graph
    and subject alone, read from their text; only those beside a statement are parsed.
    """

    def __init__(self, out: BinaryIO, statements: list[Quad], fmt: RdfFormat, batch: int) -> None:
        self.out = out
        self.fmt = fmt
        self.batch_size = batch
        self.union = fmt == RdfFormat.N_TRIPLES
        self.pending = deque((self._key(quad), quad) for quad in statements)
        self.batch: list[bytes] = []
        self.count = 0

    def _key(self, quad: Quad) -> tuple[object, ...]:
        return triple_order(quad.triple) if self.union else quad_order(quad)

    def _placed(self, line: bytes) -> tuple[str, ...]:
        """Return the graph and subject of a line (N-Triples: the subject), as sort keys."""
        subject = _term_key(line.split(b" ", 1)[0])
        if self.union:
            return (subject,)
        graph = line[: line.rindex(b" .")].rsplit(b" ", 1)[1]  # every quad in a named graph
        return (_term_key(graph), subject)

    def add(self, line: bytes) -> None:
        """Write `line`, after the statements that sort before it."""
        placed = self._placed(line) if self.pending else ()
        line_key: tuple[object, ...] | None = None
        while self.pending and self.pending[0][0][: len(placed)] <= placed:
            key, quad = self.pending[0]
            if key[: len(placed)] == placed:
                if line_key is None:
                    line_key = self._key(_parse_line(line, self.fmt))
                if key > line_key:
                    break
            self.pending.popleft()
            if key != line_key:  # else the line is the statement
                self._write(self._line(quad))
        self._write(line)

    def _line(self, quad: Quad) -> bytes:
        return write_rdf([quad], format=self.fmt) or b""  # no output given: bytes come back

    def _write(self, line: bytes) -> None:
        self.batch.append(line)
        if len(self.batch) == self.batch_size:
            self.out.writelines(self.batch)
            self.count += len(self.batch)
            self.batch.clear()

    def finish(self) -> int:
        """Write the statements that sort after every line, and the last batch; return the count."""
        for _, quad in self.pending:
            self._write(self._line(quad))
        self.pending.clear()
        self.out.writelines(self.batch)
        return self.count + len(self.batch)


def _term_key(token: bytes) -> str:
    """Return a term's sort key (as the store makes it) from its token: an IRI's text."""
    return token[1:-1].decode() if token[:1] == b"<" else token.decode()


def _token(iri: NamedNode) -> bytes:
    return f"<{iri.value}>".encode()


def _lines(path: Path) -> Iterator[tuple[bytes, bytes, bytes | None]]:
    """Yield each line of an N-Triples or N-Quads file, its predicate and its object's IRI.

    The object is `<...>` when it is an IRI, else None (a literal or a blank node).
    """
    with path.open("rb") as lines:
        for line in lines:
            # Subjects and predicates hold no space, and an IRI no `>`.
            _, predicate, rest = line.split(b" ", 2)
            yield line, predicate, rest[: rest.index(b">") + 1] if rest[:1] == b"<" else None


def _parse_line(line: bytes, fmt: RdfFormat) -> Quad:
    return next(parse(line, format=fmt))
