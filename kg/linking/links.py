"""Registry answers -> links: which triple each answer supports, with its evidence and facts.

    isil_links(check, libraries)            -> [Link]  library rdfs:seeAlso the registry entry
    kirkanta_links(matches, libraries)      -> [Link]  library schema:sameAs the directory entry
    ytj_links(check, bodies)                -> [Link]  legal body rdfs:seeAlso its YTJ entry
    wikidata_links(lookup, subjects)        -> [Link]  library or legal body owl:sameAs the item
    municipality_links(links, bodies)       -> [Link]  legal body dct:spatial the code-list item

A link is a triple our node -> a registry's node, the evidence of the match (registry, key,
method, score, request URL, time of the answer), and the facts the registry gives (names,
homepage, coordinates), each a triple about the registry's node where it has one, else a
kg:registeredName on ours. Nothing here is written over the record's own statements.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from pyoxigraph import Literal, NamedNode, Triple

from kg.linking.registries.isil import IsilCheck
from kg.linking.registries.kirkanta import KirkantaLibrary, KirkantaMatches
from kg.linking.registries.municipalities import MunicipalityLinks
from kg.linking.registries.report import LibraryRef
from kg.linking.registries.wikidata import WikidataLookup
from kg.linking.registries.ytj import YtjCheck
from kg.vocab import DCT, KG, OWL, RDFS, SCHEMA, XSD

EXACT = "exact"


@dataclass(frozen=True)
class Link:
    """One link triple with its evidence and the facts that came with it."""

    registry: str
    subject: NamedNode
    predicate: NamedNode
    object: NamedNode
    key: str
    method: str
    score: float
    url: str
    retrieved_at: datetime
    facts: tuple[Triple, ...] = ()

    @property
    def triple(self) -> Triple:
        """Return the link itself as a triple."""
        return Triple(self.subject, self.predicate, self.object)


def _iri(text: str | None) -> NamedNode | None:
    """Return `text` as an IRI, or None when it is not one (a registry's homepage may not be)."""
    if not text:
        return None
    try:
        return NamedNode(text)
    except ValueError:
        return None


def decimal(value: float, places: int = 6) -> Literal:
    """Return `value` rounded to `places` as an xsd:decimal in plain notation ("60.0")."""
    return Literal(format(Decimal(str(round(value, places))), "f"), datatype=XSD.decimal)


def isil_links(check: IsilCheck, libraries: Mapping[str, Sequence[NamedNode]]) -> list[Link]:
    """Link each library whose ISIL the registry knows to the registry's answer for it.

    `libraries` maps an ISIL (as looked up) to the libraries that carry it. The registry has
    no entity IRIs: the link is rdfs:seeAlso the request that returns exactly that entry, the
    registry's name for the library is a kg:registeredName, and the ISIL as the registry
    writes it is the answer's kg:isil (the consolidated graph prefers that form).
    """
    links = []
    for key, entry in check.records.items():
        target = _iri(entry.url)
        if target is None:
            continue
        for library in libraries.get(key, ()):
            facts = (
                Triple(library, KG.registeredName, Literal(entry.name)),
                Triple(target, KG.isil, Literal(entry.isil)),  # the registry's spelling
            )
            links.append(
                Link(
                    "isil",
                    library,
                    RDFS.seeAlso,
                    target,
                    key,
                    EXACT,
                    1.0,
                    entry.url,
                    entry.retrieved_at,
                    facts,
                )
            )
    return links


def _directory_facts(entry: KirkantaLibrary, node: NamedNode) -> tuple[Triple, ...]:
    facts = [
        Triple(node, SCHEMA.name, Literal(entry.name)),
        Triple(node, SCHEMA.identifier, Literal(str(entry.id))),
    ]
    homepage = _iri(entry.homepage)
    if homepage is not None:
        facts.append(Triple(node, SCHEMA.url, homepage))
    if entry.coordinates is not None:
        lat, lon = entry.coordinates
        facts += [
            Triple(node, SCHEMA.latitude, decimal(lat)),
            Triple(node, SCHEMA.longitude, decimal(lon)),
        ]
    return tuple(facts)


def kirkanta_links(
    matches: KirkantaMatches, libraries: Mapping[LibraryRef, Sequence[NamedNode]]
) -> list[Link]:
    """Link each library matched in the directory to the entry's API IRI (schema:sameAs).

    Only accepted matches are links; candidates stay proposals. The entry's name, id, homepage
    and coordinates are facts about the entry.
    """
    links = []
    for ref, match in matches.matches.items():
        entry = match.record
        node = _iri(entry.url)
        if node is None:
            continue
        for library in libraries.get(ref, ()):
            links.append(
                Link(
                    "kirkanta",
                    library,
                    SCHEMA.sameAs,
                    node,
                    match.key,
                    match.method,
                    match.score,
                    entry.query_url,
                    match.retrieved_at,
                    _directory_facts(entry, node),
                )
            )
    return links


def ytj_links(check: YtjCheck, bodies: Mapping[str, Sequence[NamedNode]]) -> list[Link]:
    """Link each legal body YTJ knows to YTJ's answer for it, with YTJ's registered name."""
    links = []
    for key, company in check.companies.items():
        target = _iri(company.url)
        if target is None:
            continue
        for body in bodies.get(key, ()):
            facts = (
                (Triple(body, KG.registeredName, Literal(company.name)),) if company.name else ()
            )
            links.append(
                Link(
                    "ytj",
                    body,
                    RDFS.seeAlso,
                    target,
                    key,
                    EXACT,
                    1.0,
                    company.url,
                    company.retrieved_at,
                    facts,
                )
            )
    return links


def wikidata_links(
    lookup: WikidataLookup, subjects: Mapping[str, Sequence[NamedNode]]
) -> list[Link]:
    """Link each subject to the one Wikidata item that has its key (owl:sameAs).

    A key several items have is ambiguous (the look-up reports it) and gets no link: two
    owl:sameAs would make the items one. The item's labels are facts about the item.
    """
    links = []
    for key, matches in lookup.matches.items():
        if len(matches) != 1:
            continue
        [match] = matches
        item = _iri(match.item)
        if item is None:
            continue
        facts = tuple(
            Triple(
                item, RDFS.label, Literal(label, language=language) if language else Literal(label)
            )
            for language, label in sorted(match.labels.items())
        )
        for subject in subjects.get(key, ()):
            links.append(
                Link(
                    "wikidata",
                    subject,
                    OWL.sameAs,
                    item,
                    key,
                    EXACT,
                    1.0,
                    match.url,
                    match.retrieved_at,
                    facts,
                )
            )
    return links


def municipality_links(
    found: MunicipalityLinks, bodies: Mapping[str, Sequence[NamedNode]]
) -> list[Link]:
    """Link each legal body to its municipality's code-list item (dct:spatial).

    The link belongs to the registry that gave the number (YTJ's address, else Wikidata's
    P1203), and goes into that registry's graph.
    """
    links = []
    for key, link in found.links.items():
        target = _iri(link.iri)
        if target is None:
            continue
        for body in bodies.get(key, ()):
            links.append(
                Link(
                    link.registry,
                    body,
                    DCT.spatial,
                    target,
                    key,
                    EXACT,
                    1.0,
                    link.url,
                    link.retrieved_at,
                )
            )
    return links
