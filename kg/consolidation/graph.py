"""The consolidated graph: each shared thing once, with one preferred value per property.

    consolidated_quads(facts, identity, confirmations, minter, graph) -> its quads

For every library, branch, address, legal body and partner organisation the records name,
after `kg.consolidation.identity` has said which record-level nodes are one thing:
- its types, and for each property (name, ISIL, phone, e-mail, address, legal body) the
  preferred value of those the records state (`kg.consolidation.preference`; names one per
  language); a name not preferred is also its `schema:alternateName`;
- where the records state more than one value of a property, each value as a
  `kg:StatedValue` with the records that state it (`prov:wasDerivedFrom`);
- `kg:mergedInto` from each record-level node to the node it is here.
A record that names its library with a branch ("Espoon kaupunginkirjasto - Tapiolan
kirjasto") gives the library the first part as a name and the branch its address, phone and
e-mail (`org:hasUnit`). A library's e-mail or phone that is a person's (a contact person's, of
any record, or shaped like `firstname.lastname@`) ranks after the library's own.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Quad

from kg.consolidation.identity import Identity, RecordFacts, canonical_scope
from kg.consolidation.names import name_key, split_branch
from kg.consolidation.preference import Source, ranked
from kg.iris import Minter
from kg.mapping.entities import AddressFacts, LibraryFacts, PartnerFacts
from kg.mapping.language import LANGUAGES
from kg.quads import QuadBuilder
from kg.records.personal import email_key, looks_personal, phone_key, phone_numbers
from kg.vocab import KG, ORG, PROV, RDF, ROV, SCHEMA

Value = Literal | NamedNode
LIBRARY_TYPES = (KG.Library, SCHEMA.Library, ORG.OrganizationalUnit)
BRANCH_TYPES = (KG.LibraryBranch, ORG.OrganizationalUnit, SCHEMA.Library)
LEGAL_BODY_TYPES = (KG.LegalBody, KG.Organisation, ROV.RegisteredOrganization, ORG.Organization)
ORGANISATION_TYPES = (KG.Organisation, ORG.Organization, SCHEMA.Organization)
UNIT_TYPES = (*ORGANISATION_TYPES, ORG.OrganizationalUnit)


@dataclass(frozen=True)
class Confirmations:
    """What the registries' link graphs say of our nodes: names and ISIL forms they confirm."""

    names: Mapping[NamedNode, frozenset[str]] = field(default_factory=dict)  # node -> name keys
    isil: Mapping[NamedNode, str] = field(default_factory=dict)  # library -> the registry's form


@dataclass
class _Thing:
    """One node of the consolidated graph: its types, the values stated, its links."""

    types: tuple[NamedNode, ...]
    values: dict[NamedNode, dict[Value, list[Source]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )
    links: set[tuple[NamedNode, NamedNode]] = field(default_factory=set)

    def state(self, predicate: NamedNode, value: Value | None, source: Source) -> None:
        if value is not None:
            self.values[predicate][value].append(source)


class _Builder:
    """Gathers every consolidated node from the records' facts, then writes the quads."""

    def __init__(self, identity: Identity, confirmations: Confirmations, minter: Minter) -> None:
        self.identity = identity
        self.confirmations = confirmations
        self.minter = minter
        self.things: dict[NamedNode, _Thing] = {}
        self.personal: set[tuple[NamedNode, Value]] = set()  # (node, e-mail or phone)
        self.contact_emails: set[str] = set()
        self.contact_phones: set[str] = set()
        self.addresses: dict[NamedNode, AddressFacts] = {}
        self.business_ids: dict[NamedNode, str] = {}  # legal body -> its business ID
        self.libraries = set(identity.library.values())

    def legal_body(self, business_id: str) -> NamedNode:
        """Return the legal body of `business_id` in the consolidated view, described."""
        body = self.identity.canonical(self.minter.legal_body(business_id))
        if body not in self.business_ids:
            self.thing(body, LEGAL_BODY_TYPES)
            self.business_ids[body] = self.minter.business_id_of(body) or business_id
        return body

    def thing(self, node: NamedNode, types: tuple[NamedNode, ...]) -> _Thing:
        found = self.things.get(node)
        if found is None:
            found = self.things[node] = _Thing(types)
        return found

    def add_record(self, fact: RecordFacts) -> None:
        """State what one record says of its library (or branch), legal body and partners."""
        written, source = fact.entities.library, fact.source
        library_node = self.identity.library[written.iri]
        library = self.thing(library_node, LIBRARY_TYPES)
        branch = self.identity.branch.get(source.record)
        name = written.name
        if name is not None and branch is not None:  # the library's part of the name
            system = split_branch(name.value)
            assert system is not None
            name = Literal(system[0], language=name.language)
        library.state(SCHEMA.name, name, source)
        library.state(KG.isil, Literal(written.isil) if written.isil else None, source)
        holder, holder_node = library, library_node  # what the address, phone, e-mail are of
        if branch is not None:
            holder_node = branch[0]
            holder = self._branch(library_node, branch, written, source)
        self._contact_values(holder, holder_node, fact)
        if written.address is not None:
            holder.state(SCHEMA.address, self._address(library_node, written.address), source)
        if written.business_id is not None:
            body = self.legal_body(written.business_id)
            self.things[body].state(SCHEMA.name, written.legal_body_name, source)
        scope = canonical_scope(fact, self.identity, self.minter)
        for partner in fact.entities.partners:
            if partner.node is not None:
                self._partner(partner, scope, source)

    def _branch(
        self,
        library: NamedNode,
        branch: tuple[NamedNode, str],
        written: LibraryFacts,
        source: Source,
    ) -> _Thing:
        """Describe the branch a record names with its library; return it."""
        node, name = branch
        thing = self.thing(node, BRANCH_TYPES)
        language = written.name.language if written.name else None
        thing.state(SCHEMA.name, Literal(name, language=language), source)
        thing.links.add((ORG.unitOf, library))
        self.things[library].links.add((ORG.hasUnit, node))
        return thing

    def _address(self, library: NamedNode, written: AddressFacts) -> NamedNode:
        """Return the node of an address as the record writes it, under the library it is of.

        The record's own address node is merged into it when the record named the library
        by another node (one without ISIL).
        """
        address = self.minter.address(library, written.street, written.postal_code)
        if address != written.iri:
            self.identity.aliases.setdefault(written.iri, address)
        self.addresses[address] = written
        return address

    def contacts(self, facts: Iterable[RecordFacts]) -> None:
        """Note the contact persons' e-mails and phones of every record (all are persons')."""
        for fact in facts:
            if fact.entities.contact_email:
                self.contact_emails.add(email_key(fact.entities.contact_email))
            if (
                fact.entities.contact_phone
            ):  # each number of the field, as kg.records.personal splits it
                phones = phone_numbers(fact.entities.contact_phone)
                self.contact_phones.update(phone_key(number) for number in phones)

    def _contact_values(self, holder: _Thing, node: NamedNode, fact: RecordFacts) -> None:
        """State the e-mail and phone of the library (or branch); note those that are a person's.

        A person's: a contact person's of any record, or an address shaped like one's, as the
        open profile judges them (`kg.export.profiles`).
        """
        written, source = fact.entities.library, fact.source
        if written.email:
            email = Literal(written.email)
            holder.state(SCHEMA.email, email, source)
            key = email_key(written.email)
            if looks_personal(written.email) or key in self.contact_emails:
                self.personal.add((node, email))
        if written.phone:
            phone = Literal(written.phone)
            holder.state(SCHEMA.telephone, phone, source)
            numbers = phone_numbers(written.phone)
            if any(phone_key(number) in self.contact_phones for number in numbers):
                self.personal.add((node, phone))

    def _partner(self, partner: PartnerFacts, scope: str, source: Source) -> None:
        """State what a record says of a partner organisation (a library describes itself)."""
        assert partner.node is not None
        canonical = self.identity.canonical(partner.node)
        name = partner.name
        if canonical in self.libraries:
            return
        if canonical in self.identity.partner_branches:
            library, text = self.identity.partner_branches[canonical]
            branch = self.thing(canonical, BRANCH_TYPES)
            branch.links.add((ORG.unitOf, library))
            self.thing(library, LIBRARY_TYPES).links.add((ORG.hasUnit, canonical))
            branch.state(SCHEMA.name, Literal(text, language=name.language), source)
            return
        if partner.partner.business_id:
            thing = self.things[self.legal_body(partner.partner.business_id)]
        elif partner.partner.category == "municipal_unit":
            thing = self.thing(canonical, UNIT_TYPES)
            if re.fullmatch(r"\d{7}-\d", scope):
                thing.links.add((ORG.unitOf, self.legal_body(scope)))
        else:
            thing = self.thing(canonical, ORGANISATION_TYPES)
        thing.state(SCHEMA.name, name, source)

    def quads(self, graph: NamedNode) -> list[Quad]:
        """Return every node's quads, in `graph`, in a stable order."""
        out = QuadBuilder(graph)
        add = out.add
        for node, thing in list(self.things.items()):  # each library's one legal body, first
            business_id = self.identity.business_id.get(node)
            if KG.Library in thing.types and business_id is not None:
                thing.links.add((ORG.unitOf, self.legal_body(business_id)))
        for node in sorted(self.things, key=lambda term: term.value):
            thing = self.things[node]
            out.types(node, *thing.types)
            for predicate, obj in sorted(thing.links, key=_link_order):
                add(node, predicate, obj)
            for predicate in sorted(thing.values, key=lambda term: term.value):
                self._property(node, predicate, thing.values[predicate], add)
            if KG.Library in thing.types:
                if node not in self.identity.business_id:
                    add(node, KG.lacksIdentifier, KG.BusinessID)
                if KG.isil not in thing.values:
                    add(node, KG.lacksIdentifier, KG.ISIL)
            if node in self.business_ids:
                add(node, KG.businessId, Literal(self.business_ids[node]))
        for address in sorted(self.addresses, key=lambda term: term.value):
            written = self.addresses[address]
            out.types(address, SCHEMA.PostalAddress)
            if written.street:
                add(address, SCHEMA.streetAddress, Literal(written.street))
            if written.postal_code:
                add(address, SCHEMA.postalCode, Literal(written.postal_code))
            add(address, SCHEMA.addressCountry, Literal("FI"))
        for alias in sorted(self.identity.aliases, key=lambda term: term.value):
            add(alias, KG.mergedInto, self.identity.aliases[alias])
        return out.quads

    def _property(
        self,
        node: NamedNode,
        predicate: NamedNode,
        stated: dict[Value, list[Source]],
        add: Callable[[NamedNode, NamedNode, Value], None],
    ) -> None:
        """Add the preferred value of `predicate` (one per language) and the others."""
        if predicate == SCHEMA.name:
            stated = _one_language_per_text(stated)
        groups: dict[str, dict[Value, list[Source]]] = defaultdict(dict)
        for value, sources in stated.items():
            language = value.language if isinstance(value, Literal) else None
            groups[language or ""][value] = sources
        for language in sorted(groups):
            values = groups[language]
            order = self._ranked(node, predicate, values)
            add(node, predicate, order[0])
            for other in order[1:]:
                if predicate == SCHEMA.name:
                    add(node, SCHEMA.alternateName, other)
            if len(order) > 1:
                for value in order:
                    self._stated_value(node, predicate, value, values[value], add)

    def _ranked(
        self, node: NamedNode, predicate: NamedNode, values: dict[Value, list[Source]]
    ) -> list[Value]:
        if predicate == SCHEMA.name:
            keys = self.confirmations.names.get(node, frozenset())
            confirmed = [value for value in values if name_key(str(value.value)) in keys]
            return ranked(values, text=_text, confirmed=confirmed)
        if predicate == KG.isil:
            form = self.confirmations.isil.get(node)
            confirmed = [
                value for value in values if isinstance(value, Literal) and value.value == form
            ]
            return ranked(values, text=_text, confirmed=confirmed, by_count=True)
        demoted = [value for value in values if (node, value) in self.personal]
        return ranked(values, text=_text, demoted=demoted)

    def _stated_value(
        self,
        node: NamedNode,
        predicate: NamedNode,
        value: Value,
        sources: Sequence[Source],
        add: Callable[[NamedNode, NamedNode, Value], None],
    ) -> None:
        stated = self.minter.stated_value(node, predicate, _text(value) + _language(value))
        add(node, KG.statedValue, stated)
        add(stated, RDF.type, KG.StatedValue)
        add(stated, KG.property, predicate)
        add(stated, RDF.value, value)
        for record in sorted({source.record for source in sources}, key=lambda term: term.value):
            add(stated, PROV.wasDerivedFrom, record)


def consolidated_quads(
    facts: Iterable[RecordFacts],
    identity: Identity,
    confirmations: Confirmations,
    minter: Minter,
    graph: NamedNode,
) -> list[Quad]:
    """Return the consolidated graph's quads (in `graph`) for the records' `facts`."""
    builder = _Builder(identity, confirmations, minter)
    facts = list(facts)
    builder.contacts(facts)
    for fact in facts:
        builder.add_record(fact)
    return builder.quads(graph)


def _one_language_per_text(stated: dict[Value, list[Source]]) -> dict[Value, list[Source]]:
    """Merge the literals of one text in several languages into one, in one language.

    A short name ("Turku AMK") takes the language of its record's texts, so two records may
    tag it differently; it is one name. Its language is the one more records give, then fi,
    sv, en, none, in that order.
    """
    by_text: dict[str, list[Value]] = defaultdict(list)
    for value in stated:
        by_text[value.value].append(value)
    merged: dict[Value, list[Source]] = {}
    for values in by_text.values():
        if len(values) == 1:
            merged[values[0]] = stated[values[0]]
            continue
        best = min(values, key=lambda value: (-len(stated[value]), _language_rank(value)))
        merged[best] = [source for value in values for source in stated[value]]
    return merged


def _language_rank(value: Value) -> int:
    language = value.language if isinstance(value, Literal) else None
    return LANGUAGES.index(language) if language in LANGUAGES else len(LANGUAGES)


def _link_order(link: tuple[NamedNode, NamedNode]) -> tuple[str, str]:
    return (link[0].value, link[1].value)


def _text(value: Value) -> str:
    return value.value


def _language(value: Value) -> str:
    return f"@{value.language}" if isinstance(value, Literal) and value.language else ""
