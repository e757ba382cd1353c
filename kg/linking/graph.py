"""Links -> the quads of one registry's named graph: links, evidence, facts and linksets.

    registry_quads(registry, links, minter)   -> the registry's graph, sorted, no blank nodes
    previous_links(store, graph, keys)        -> the links a graph holds for some keys

The graph holds, for each link, the link triple, the facts that came with it, and its evidence:

    <base>link/<registry>/<hash> a kg:LinkEvidence, prov:Entity ;
        rdf:subject <library> ; rdf:predicate owl:sameAs ; rdf:object <item> ;
        prov:wasDerivedFrom <base>registry/<registry> ;
        kg:key "FI-Km" ; kg:method "exact" ; kg:score 1.0 ;
        kg:requestUrl "https://..."^^xsd:anyURI ; prov:generatedAtTime "..."^^xsd:dateTime .

and a void:Linkset per link predicate, `<graph>/linkset/<prefix>-<name>`, with its targets
(the whole graph, `<base>dataset`, and the registry), predicate and counts. The registry node
is a void:Dataset with its label. The evidence IRI is a hash of the registry and the link
triple, so a re-run names everything the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, Triple

from kg.iris import Minter, slugify
from kg.linking.links import Link, decimal
from kg.linking.registries.config import REGISTRY_LABELS
from kg.store.graph_store import GraphStore, quad_order
from kg.vocab import KG, PROV, RDF, RDFS, VOCABULARIES, VOID, XSD

_Subject = NamedNode | BlankNode | Triple  # what a statement can be about

_TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def _time(moment: datetime) -> Literal:
    return Literal(moment.astimezone(UTC).strftime(_TIME_FORMAT), datatype=XSD.dateTime)


def _short_name(predicate: NamedNode) -> str:
    for vocabulary in VOCABULARIES:
        if predicate in vocabulary:
            return f"{vocabulary.prefix}-{predicate.value[len(vocabulary.iri) :]}"
    return slugify(predicate.value)


def evidence_iri(minter: Minter, link: Link) -> NamedNode:
    """Return the IRI of a link's evidence: from the registry and the link triple alone."""
    return minter.link_evidence(
        link.registry, link.subject.value, link.predicate.value, link.object.value
    )


def registry_quads(registry: str, links: Iterable[Link], minter: Minter) -> list[Quad]:
    """Return the quads of `registry`'s named graph for `links`, sorted (module docstring).

    Two links of the same triple (found by two keys) keep the first one's evidence.
    """
    graph = minter.registry_graph(registry)
    source = minter.registry(registry)
    triples: set[Triple] = set()
    seen: dict[NamedNode, Link] = {}
    for link in links:
        evidence = evidence_iri(minter, link)
        if evidence in seen:
            continue
        seen[evidence] = link
        triples.add(link.triple)
        triples.update(link.facts)
        triples.update(
            Triple(evidence, predicate, obj)
            for predicate, obj in (
                (RDF.type, KG.LinkEvidence),
                (RDF.type, PROV.Entity),
                (RDF.subject, link.subject),
                (RDF.predicate, link.predicate),
                (RDF.object, link.object),
                (PROV.wasDerivedFrom, source),
                (KG.key, Literal(link.key)),
                (KG.method, Literal(link.method)),
                (KG.score, decimal(link.score, 4)),
                (KG.requestUrl, Literal(link.url, datatype=XSD.anyURI)),
                (PROV.generatedAtTime, _time(link.retrieved_at)),
            )
        )
    if not seen:
        return []
    triples.add(Triple(source, RDF.type, VOID.Dataset))
    label = REGISTRY_LABELS.get(registry, registry)
    triples.add(Triple(source, RDFS.label, Literal(label, language="en")))
    triples.update(_linksets(graph, source, minter.dataset(), list(seen.values())))
    return sorted((Quad(t.subject, t.predicate, t.object, graph) for t in triples), key=quad_order)


def _linksets(
    graph: NamedNode, source: NamedNode, dataset: NamedNode, links: list[Link]
) -> list[Triple]:
    triples = []
    for predicate in sorted({link.predicate for link in links}, key=lambda p: p.value):
        these = {link.triple for link in links if link.predicate == predicate}
        linkset = NamedNode(f"{graph.value}/linkset/{_short_name(predicate)}")
        triples += [
            Triple(linkset, RDF.type, VOID.Linkset),
            Triple(linkset, VOID.subjectsTarget, dataset),
            Triple(linkset, VOID.objectsTarget, source),
            Triple(linkset, VOID.linkPredicate, predicate),
            Triple(linkset, VOID.triples, Literal(str(len(these)), datatype=XSD.integer)),
            Triple(
                linkset,
                VOID.distinctSubjects,
                Literal(str(len({t.subject for t in these})), datatype=XSD.integer),
            ),
        ]
    return triples


def previous_links(store: GraphStore, registry: str, keys: set[str], minter: Minter) -> list[Link]:
    """Return the links `registry`'s graph in `store` holds for `keys`, with their facts.

    For look-ups that failed this time: what the registry said before is kept, not lost. The
    facts kept are those about the link's object and the kg:registeredName of its subject.
    """
    if not keys:
        return []
    graph = minter.registry_graph(registry)
    oxigraph = store.oxigraph

    def value(subject: _Subject, predicate: NamedNode) -> _Subject | Literal | None:
        for quad in oxigraph.quads_for_pattern(subject, predicate, None, graph):
            return quad.object
        return None

    def literal(subject: _Subject, predicate: NamedNode) -> Literal | None:
        found = value(subject, predicate)
        return found if isinstance(found, Literal) else None

    def node(subject: _Subject, predicate: NamedNode) -> NamedNode | None:
        found = value(subject, predicate)
        return found if isinstance(found, NamedNode) else None

    links = []
    for quad in oxigraph.quads_for_pattern(None, RDF.type, KG.LinkEvidence, graph):
        evidence = quad.subject
        key = literal(evidence, KG.key)
        if key is None or key.value not in keys:
            continue
        subject, predicate, obj = (
            node(evidence, p) for p in (RDF.subject, RDF.predicate, RDF.object)
        )
        method, score, url, when = (
            literal(evidence, p) for p in (KG.method, KG.score, KG.requestUrl, PROV.generatedAtTime)
        )
        if subject is None or predicate is None or obj is None:
            continue
        if method is None or score is None or url is None or when is None:
            continue
        facts = [q.triple for q in oxigraph.quads_for_pattern(obj, None, None, graph)]
        facts += [
            q.triple for q in oxigraph.quads_for_pattern(subject, KG.registeredName, None, graph)
        ]
        links.append(
            Link(
                registry,
                subject,
                predicate,
                obj,
                key.value,
                method.value,
                float(score.value),
                url.value,
                datetime.fromisoformat(when.value),
                tuple(facts),
            )
        )
    return sorted(
        links, key=lambda link: (link.subject.value, link.predicate.value, link.object.value)
    )
