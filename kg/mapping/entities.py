"""What one record says of the things records share, named as that record's graph names them.

    record_entities(record, minter) -> RecordEntities: its library (with the address and the
                                       legal body it gives), its partners, classified
    text_literal(text, fallback)    -> a literal in the language the text is written in
    record_language(record)         -> the language of the record's own texts

A record's graph depends on that record alone: the IRIs here are minted from its own values
(the library by its ISIL, else by business ID and name; a partner known only by name within
the municipality of the library that names it). That several records name one thing, or that
a partner is a library some other record describes, is decided later, over all records, by
`kg.consolidation`. The mapping (`kg.mapping.record`) writes these as the record's statements, and
the consolidation reads the same objects: both see the same IRIs and values.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode

from kg.iris import Minter
from kg.mapping.language import detect_language
from kg.records.model import Record
from kg.records.partners import Partner, split_partners

# The sections read for the record's own language, longest texts first in weight.
_OWN_TEXTS = ("goal", "description", "indicators", "activities_and_evaluation", "assessment")
# The sections that list partners, in the order they are read.
PARTNER_SECTIONS = ("partners", "working_group")


@dataclass(frozen=True)
class AddressFacts:
    """One address as one record writes it: street and postal code together, one unit."""

    iri: NamedNode
    street: str | None
    postal_code: str | None


@dataclass(frozen=True)
class LibraryFacts:
    """The library as one record names it, with what the record says of it."""

    iri: NamedNode
    name: Literal | None
    isil: str | None
    phone: str | None
    email: str | None
    address: AddressFacts | None
    legal_body: NamedNode | None
    business_id: str | None
    legal_body_name: Literal | None
    scope: str  # the municipality's key for organisations named within it (Minter.scope)


@dataclass(frozen=True)
class PartnerFacts:
    """One partner of a partner section: how it is classified and the node it becomes.

    `node` is the organisation (category "organisation" or "municipal_unit") the record's
    graph names, None for a kind of partner, a person or a name cut off by the page copy.
    """

    number: int  # its place among the record's partnerships, from 1
    partner: Partner
    node: NamedNode | None
    name: Literal


@dataclass(frozen=True)
class RecordEntities:
    """The shared things one record names: its library and its partners."""

    library: LibraryFacts
    partners: tuple[PartnerFacts, ...]
    language: RecordLanguage  # of the record's own texts (the label language when unknown)
    contact_email: str | None = None  # the contact person's: a library value equal to it is
    contact_phone: str | None = None  # the person's own, not the library's


def record_language(record: Record) -> str:
    """Return the language of the record's own texts; the label language when they say none.

    A short text (a name) tells too little of its language on its own: it takes the language
    the page's own texts are written in, which is not always the language of its labels.
    """
    own = "\n".join(text for key in _OWN_TEXTS if (text := record.sections.get(key)))
    return (detect_language(own) if own else None) or record.label_language


class RecordLanguage:
    """`record_language` of one record, found the first time a text needs it, then kept.

    Most texts tell their own language (a library's name always did, on the real pages), so
    most records never need it, and it reads the record's longest texts.
    """

    def __init__(self, record: Record) -> None:
        self._record: Record | None = record
        self._language: str | None = None

    def __call__(self) -> str:
        """Return the language of the record's own texts."""
        if self._language is None:
            assert self._record is not None
            self._language = record_language(self._record)
            self._record = None
        return self._language


def text_literal(text: str, fallback: RecordLanguage | str) -> Literal:
    """Return `text` as a literal tagged with the language it is written in, else `fallback`."""
    language = detect_language(text)
    if language is None:
        language = fallback if isinstance(fallback, str) else fallback()
    return Literal(text, language=language)


def record_entities(record: Record, minter: Minter) -> RecordEntities:
    """Return the shared things `record` names, with the IRIs its own graph gives them."""
    language = RecordLanguage(record)
    library = _library(record, minter, language)
    return RecordEntities(
        library,
        _partners(record, minter, library, language),
        language,
        record.contact.email,
        record.contact.phone,
    )


def _library(record: Record, minter: Minter, language: RecordLanguage) -> LibraryFacts:
    written = record.library
    iri = minter.library(written.isil, written.business_id, written.name)
    address = None
    if written.street_address or written.postal_code:
        address = AddressFacts(
            minter.address(iri, written.street_address, written.postal_code),
            written.street_address,
            written.postal_code,
        )
    body = minter.legal_body(written.business_id) if written.business_id else None
    body_name = written.legal_body_name
    return LibraryFacts(
        iri=iri,
        name=text_literal(written.name, language) if written.name else None,
        isil=written.isil,
        phone=written.phone,
        email=written.email,
        address=address,
        legal_body=body,
        business_id=written.business_id,
        legal_body_name=text_literal(body_name, language) if body_name else None,
        scope=minter.scope(written.business_id, written.isil, written.name),
    )


def _partners(
    record: Record, minter: Minter, library: LibraryFacts, language: RecordLanguage
) -> tuple[PartnerFacts, ...]:
    found: list[PartnerFacts] = []
    for section in PARTNER_SECTIONS:
        text = record.sections.get(section)
        if not text:
            continue
        cut = record.truncated_in == f"sections.{section}"
        for partner in split_partners(text, cut_off=cut):
            node = _partner_node(partner, minter, library.scope)
            name = text_literal(partner.name, language)
            found.append(PartnerFacts(len(found) + 1, partner, node, name))
    return tuple(found)


def _partner_node(partner: Partner, minter: Minter, scope: str) -> NamedNode | None:
    if partner.category == "organisation":
        if partner.business_id:
            return minter.legal_body(partner.business_id)
        return minter.local_organisation(scope, partner.name)
    if partner.category == "municipal_unit":
        return minter.municipal_unit(scope, partner.name)
    return None
