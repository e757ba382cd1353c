"""What a release may contain: the `open` profile leaves personal data out, `full` keeps all.

    personal = PersonalData.find(quads)     who the contact persons are, what is theirs
    kept = [q for q in quads if personal.keeps(q)]
    personal.counts()                        what the open profile leaves out, by kind

    personal = PersonalData.find_in_file(quads_path, N_QUADS)  the same, from a file
    personal.write_kept(quads_path, kept_path, N_QUADS)    the lines it keeps, copied

The file forms read a statement's terms from its line without parsing it whole, and parse
only the lines they need: a release's files hold every triple, and a parse makes Python
objects of each (10 times slower).

Personal data in the records: the contact person of a project (name, phone, e-mail), a
person a partner section names (kg:PartnerPerson), and a library's (or branch's) own e-mail
or phone when it is in fact a person's: the same as a contact person's, or an address shaped
like `firstname.lastname@` (many libraries give their librarian's) -- as the library's value
or as one of the values records state of it (a kg:StatedValue of the consolidated graph).
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Triple, parse

from kg.personal import email_key, looks_personal, phone_key
from kg.vocab import KG, RDF, SCHEMA

PROFILES = ("open", "full")
_BATCH = 10_000  # lines written at once by write_kept


@dataclass
class PersonalData:
    """The personal data in a set of quads, found once, then asked about quad by quad."""

    contacts: set[NamedNode] = field(default_factory=set)
    library_values: set[tuple[NamedNode, NamedNode, str]] = field(default_factory=set)
    persons: set[NamedNode] = field(default_factory=set)  # persons named as partners
    stated_values: set[NamedNode] = field(default_factory=set)  # a person's e-mail or phone

    @classmethod
    def find(cls, quads: Iterable[Quad]) -> PersonalData:
        """Find the persons, and the library e-mails and phones that are persons'."""
        typed: dict[NamedNode, set[NamedNode]] = {}
        values: list[tuple[NamedNode, NamedNode, str]] = []
        stated: dict[NamedNode, dict[NamedNode, Literal | NamedNode]] = {}
        for quad in quads:
            subject, predicate, obj = quad.subject, quad.predicate, quad.object
            if not isinstance(subject, NamedNode):
                continue
            if predicate == RDF.type and isinstance(obj, NamedNode):
                typed.setdefault(obj, set()).add(subject)
            elif predicate in (SCHEMA.email, SCHEMA.telephone) and isinstance(obj, Literal):
                values.append((subject, predicate, obj.value))
            elif predicate in (KG.property, RDF.value) and isinstance(obj, Literal | NamedNode):
                stated.setdefault(subject, {})[predicate] = obj
        contacts = typed.get(KG.ContactPerson, set())
        contact_values: dict[str, set[str]] = {"email": set(), "phone": set()}
        for subject, predicate, value in values:
            if subject in contacts:
                if predicate == SCHEMA.email:
                    contact_values["email"].add(email_key(value))
                else:
                    contact_values["phone"].add(phone_key(value))

        def is_personal(predicate: NamedNode, value: str) -> bool:
            if predicate == SCHEMA.email:
                return email_key(value) in contact_values["email"] or looks_personal(value)
            return predicate == SCHEMA.telephone and phone_key(value) in contact_values["phone"]

        personal = cls(contacts=contacts, persons=typed.get(KG.PartnerPerson, set()))
        libraries = typed.get(KG.Library, set()) | typed.get(KG.LibraryBranch, set())
        for subject, predicate, value in values:
            if subject in libraries and is_personal(predicate, value):
                personal.library_values.add((subject, predicate, value))
        for node in typed.get(KG.StatedValue, set()):
            what, value = stated.get(node, {}).get(KG.property), stated.get(node, {}).get(RDF.value)
            if (
                isinstance(what, NamedNode)
                and isinstance(value, Literal)
                and is_personal(what, value.value)
            ):
                personal.stated_values.add(node)
        return personal

    @functools.cached_property
    def left_out(self) -> frozenset[NamedNode]:
        """The nodes the open profile leaves out whole, and every statement naming them."""
        return frozenset(self.contacts | self.persons | self.stated_values)

    @classmethod
    def find_in_file(cls, path: Path, fmt: RdfFormat = RdfFormat.N_TRIPLES) -> PersonalData:
        """As `find`, for an N-Triples or N-Quads file (`fmt`), a statement a line.

        As pyoxigraph writes them: the lines `find` needs are parsed, the others read as text.
        """
        types = {
            _token(cls_)
            for cls_ in (
                KG.ContactPerson,
                KG.PartnerPerson,
                KG.Library,
                KG.LibraryBranch,
                KG.StatedValue,
            )
        }
        watched = {
            _token(predicate)
            for predicate in (SCHEMA.email, SCHEMA.telephone, KG.property, RDF.value)
        }
        rdf_type = _token(RDF.type)

        def looked_at() -> Iterator[Quad]:
            for line, predicate, iri_object in _lines(path):
                if predicate in watched or (predicate == rdf_type and iri_object in types):
                    yield _parse_line(line, fmt)

        return cls.find(looked_at())

    def write_kept(self, source: Path, target: Path, fmt: RdfFormat) -> int:
        """Copy the lines of `source` whose statement the profile keeps; return how many.

        `source` is N-Triples or N-Quads (`fmt`) with one statement a line, as pyoxigraph
        writes them.
        """
        contacts = {_token(node) for node in self.left_out}
        values = {_token(SCHEMA.email), _token(SCHEMA.telephone)}
        kept: list[bytes] = []  # written a batch at a time
        count = 0
        with source.open("rb") as lines, target.open("wb") as out:
            for line in lines:
                # Subjects and predicates hold no space, and an IRI no `>`.
                subject, predicate, rest = line.split(b" ", 2)
                if subject in contacts:
                    continue
                if rest[:1] == b"<" and rest[: rest.index(b">") + 1] in contacts:
                    continue
                if predicate in values and not self.keeps(_parse_line(line, fmt)):
                    continue
                kept.append(line)
                if len(kept) == _BATCH:
                    out.writelines(kept)
                    count += len(kept)
                    kept.clear()
            out.writelines(kept)
        return count + len(kept)

    def counts(self) -> dict[str, int]:
        """Return how many persons, and library e-mails and phones, are left out, by kind."""
        kinds = Counter(predicate for _, predicate, _ in self.library_values)
        return {
            "contact persons": len(self.contacts),
            "persons named as partners": len(self.persons),
            "library e-mails": kinds[SCHEMA.email],
            "library phones": kinds[SCHEMA.telephone],
            "e-mails and phones that records state": len(self.stated_values),
        }

    def keeps(self, quad: Quad | Triple) -> bool:
        """Tell whether the open profile keeps `quad` (or a triple: the graph does not matter)."""
        subject, obj = quad.subject, quad.object
        left_out = self.left_out
        if subject in left_out or obj in left_out:
            return False
        return not (
            isinstance(obj, Literal)
            and isinstance(subject, NamedNode)
            and (subject, quad.predicate, obj.value) in self.library_values
        )


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
