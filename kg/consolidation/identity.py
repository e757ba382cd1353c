"""Which nodes of different records are one thing: libraries, legal bodies, partners.

    identify(facts) -> Identity: the canonical node of every record-level node, and the
                       branch and municipality each record's library stands for

The rules (README, "The graph"), over all records of a build:
- A library is one per ISIL (its IRI folds the ISIL's case: `FI-Em` and `FI-em` are one).
- A library named without ISIL but with a business ID is the library that records identify by
  ISIL with that business ID and the same name (or the same library name beside a branch),
  when exactly one is; with a business ID that fails its check digit, the one library of the
  same name identified by ISIL in the same postal area (first three digits), if there is one.
- A library named with neither is the one of the same name that other records identify, when
  exactly one does and, where both give one, the postal areas (first three digits) agree.
- A library's legal body is one: the business IDs its records give are ranked by
  `kg.consolidation.preference` with the IDs that fail their check digit last. A failing ID is
  merged into the library's valid one, unless another library gives it with another valid ID.
- A record's municipality (the scope of the organisations it names by name only) is that of
  its library: the legal body's business ID, else `isil-<ISIL>`; its partners' IRIs follow.
- A partner organisation named like a library of the graph is that library; named like a
  library with one of its branches ("Vallilan kirjasto-Helsingin kaupunginkirjasto"), that
  branch. When several libraries have the name, the one of the applicant's municipality.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pyoxigraph import NamedNode

from kg.consolidation.names import name_key, split_branch
from kg.consolidation.preference import Source, ranked
from kg.iris import Minter
from kg.mapping.entities import LibraryFacts, PartnerFacts, RecordEntities
from kg.records.values import is_valid_business_id


@dataclass(frozen=True)
class RecordFacts:
    """What one record says of shared things, and the record as a source of values."""

    entities: RecordEntities
    source: Source


@dataclass
class Identity:
    """The canonical node of every record-level node, and what each record's library is."""

    aliases: dict[NamedNode, NamedNode] = field(default_factory=dict)  # record node -> canonical
    library: dict[NamedNode, NamedNode] = field(default_factory=dict)  # record library -> canon.
    business_id: dict[NamedNode, str] = field(default_factory=dict)  # canon. library -> its body's
    branch: dict[NamedNode, tuple[NamedNode, str]] = field(default_factory=dict)  # record -> unit
    # A branch only partners name: unit -> (its library, its name).
    partner_branches: dict[NamedNode, tuple[NamedNode, str]] = field(default_factory=dict)

    def canonical(self, node: NamedNode) -> NamedNode:
        """Return the node `node` is in the consolidated view (itself unless merged)."""
        return self.aliases.get(node, node)

    def resolve(self) -> None:
        """Make every alias point at a node that is not merged itself (chains followed)."""
        for node in list(self.aliases):
            seen = {node}
            target = self.aliases[node]
            while target in self.aliases and target not in seen:
                seen.add(target)
                target = self.aliases[target]
            self.aliases[node] = target
        for node in [node for node, target in self.aliases.items() if node == target]:
            del self.aliases[node]


def identify(facts: Sequence[RecordFacts], minter: Minter) -> Identity:
    """Decide which record-level nodes of `facts` are one thing (see the module docstring)."""
    identity = Identity()
    _libraries(facts, identity)
    _legal_bodies(facts, identity, minter)
    _branches(facts, identity, minter)
    names = _library_names(facts, identity)
    for fact in facts:
        _scope_partners(fact, identity, minter)
        _partners_that_are_libraries(fact, identity, names, minter)
    identity.resolve()
    return identity


def _library_name(library: LibraryFacts) -> str | None:
    """Return the library's own name in a record: beside a branch, the part naming the library."""
    if library.name is None:
        return None
    split = split_branch(library.name.value)
    return split[0] if split else library.name.value


def _libraries(facts: Sequence[RecordFacts], identity: Identity) -> None:
    # ISIL libraries by (business ID, name key), and identified libraries by name key.
    by_body_name: dict[tuple[str, str], set[NamedNode]] = defaultdict(set)
    identified: dict[str, set[NamedNode]] = defaultdict(set)
    areas: dict[NamedNode, set[str]] = defaultdict(set)
    isil_areas: dict[NamedNode, set[str]] = defaultdict(set)
    by_isil_name: dict[str, set[NamedNode]] = defaultdict(set)
    for fact in facts:
        library = fact.entities.library
        name = _library_name(library)
        if library.isil and name:
            by_isil_name[name_key(name)].add(library.iri)
            if library.business_id:
                by_body_name[(library.business_id, name_key(name))].add(library.iri)
            if library.address and library.address.postal_code:
                isil_areas[library.iri].add(_area(library.address.postal_code))
    for fact in facts:  # libraries with a business ID and no ISIL first: they identify too
        library = fact.entities.library
        name = _library_name(library)
        canonical = library.iri
        if not library.isil and library.business_id and name:
            found = by_body_name.get((library.business_id, name_key(name)), set())
            if not found and not is_valid_business_id(library.business_id):
                # A business ID that fails its check digit is no key: the name (and the
                # postal area) alone say which library identified by ISIL it is.
                found = _in_area(by_isil_name.get(name_key(name), set()), library, isil_areas)
            if len(found) == 1:
                canonical = next(iter(found))
        identity.library[library.iri] = canonical
        if (library.isil or library.business_id) and name:
            identified[name_key(name)].add(canonical)
            if library.address and library.address.postal_code:
                areas[canonical].add(_area(library.address.postal_code))
    for fact in facts:
        library = fact.entities.library
        name = _library_name(library)
        if library.isil or library.business_id or not name:
            continue
        found = _in_area(identified.get(name_key(name), set()), library, areas)
        if len(found) == 1:
            identity.library[library.iri] = next(iter(found))
    for record_iri, canonical in identity.library.items():
        if record_iri != canonical:
            identity.aliases[record_iri] = canonical


def _area(postal_code: str) -> str:
    return postal_code.strip()[:3]


def _in_area(
    found: set[NamedNode], library: LibraryFacts, areas: dict[NamedNode, set[str]]
) -> set[NamedNode]:
    """Return `found` when it is one library whose postal area is the record's (or unknown)."""
    if len(found) != 1:
        return set()
    postal = library.address.postal_code if library.address else None
    target = next(iter(found))
    if not postal or not areas[target] or _area(postal) in areas[target]:
        return found
    return set()


def _legal_bodies(facts: Sequence[RecordFacts], identity: Identity, minter: Minter) -> None:
    """Give each library one legal body; merge failing business IDs into the valid one."""
    stated: dict[NamedNode, dict[str, list[Source]]] = defaultdict(lambda: defaultdict(list))
    for fact in facts:
        library = fact.entities.library
        if library.business_id:
            canonical = identity.library[library.iri]
            stated[canonical][library.business_id].append(fact.source)
    invalid_to_valid: dict[str, set[str]] = defaultdict(set)
    for canonical in sorted(stated, key=lambda node: node.value):
        ids = stated[canonical]
        invalid = {business_id for business_id in ids if not is_valid_business_id(business_id)}
        best = ranked(ids, text=str, demoted=invalid)[0]
        identity.business_id[canonical] = best
        if best not in invalid:
            for business_id in invalid:
                invalid_to_valid[business_id].add(best)
    for business_id, valid in sorted(invalid_to_valid.items()):
        if len(valid) == 1:
            identity.aliases[minter.legal_body(business_id)] = minter.legal_body(next(iter(valid)))


def _branches(facts: Sequence[RecordFacts], identity: Identity, minter: Minter) -> None:
    for fact in facts:
        library = fact.entities.library
        split = split_branch(library.name.value) if library.name else None
        if split:
            canonical = identity.library[library.iri]
            identity.branch[fact.source.record] = (
                minter.library_unit(canonical, split[1]),
                split[1],
            )


def _library_names(facts: Iterable[RecordFacts], identity: Identity) -> dict[str, set[NamedNode]]:
    """Every canonical library by the keys of the names records give it."""
    names: dict[str, set[NamedNode]] = defaultdict(set)
    for fact in facts:
        library = fact.entities.library
        name = _library_name(library)
        if name:
            names[name_key(name)].add(identity.library[library.iri])
        if library.name:
            names[name_key(library.name.value)].add(identity.library[library.iri])
    return names


def canonical_scope(fact: RecordFacts, identity: Identity, minter: Minter) -> str:
    """Return the scope (municipality) of the record's library in the consolidated view."""
    library = fact.entities.library
    canonical = identity.library[library.iri]
    business_id = identity.business_id.get(canonical)
    if business_id is not None:
        return business_id
    if library.isil:
        return minter.scope(None, library.isil, None)
    return library.scope


def _scope_partners(fact: RecordFacts, identity: Identity, minter: Minter) -> None:
    scope = canonical_scope(fact, identity, minter)
    if scope == fact.entities.library.scope:
        return
    for partner in fact.entities.partners:
        if partner.node is None or partner.partner.business_id:
            continue
        mint = (
            minter.municipal_unit
            if partner.partner.category == "municipal_unit"
            else minter.local_organisation
        )
        identity.aliases.setdefault(partner.node, mint(scope, partner.partner.name))


def _partners_that_are_libraries(
    fact: RecordFacts, identity: Identity, names: dict[str, set[NamedNode]], minter: Minter
) -> None:
    applicant = identity.library[fact.entities.library.iri]
    body = identity.business_id.get(applicant)
    for partner in fact.entities.partners:
        if not _may_be_library(partner):
            continue
        assert partner.node is not None
        name = partner.partner.name
        library = _one_library(names.get(name_key(name), set()), body, identity)
        target = library
        split = split_branch(name) if library is None else None
        if split is not None:
            system = _one_library(names.get(name_key(split[0]), set()), body, identity)
            if system is not None:
                target = minter.library_unit(system, split[1])
                identity.partner_branches.setdefault(target, (system, split[1]))
        if target is not None:
            identity.aliases[partner.node] = target


def _may_be_library(partner: PartnerFacts) -> bool:
    return (
        partner.node is not None
        and partner.partner.category == "organisation"
        and not partner.partner.business_id
    )


def _one_library(found: set[NamedNode], body: str | None, identity: Identity) -> NamedNode | None:
    """Return the one library of `found`; of several, the one of the legal body `body`, if any."""
    if len(found) == 1:
        return next(iter(found))
    local = [library for library in found if body and identity.business_id.get(library) == body]
    return local[0] if len(local) == 1 else None
