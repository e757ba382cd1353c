"""The ontology (`ontology/kg.ttl`) as the site reads it: names of terms, and the ns page.

vocabulary = Vocabulary.load()
vocabulary.label(KG.requested.value, "sv")   -> "ansökt understöd" (None: not a term of it)
vocabulary.terms                              every term, classes first, by local name
vocabulary.turtle                             the ontology file's bytes (the site's ns.ttl)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from pyoxigraph import Literal, NamedNode, RdfFormat, Store

from kg.resources import folder
from kg.site.texts import TERM_NAMES
from kg.vocab import DCT, KG, OWL, RDF, RDFS, SKOS

ONTOLOGY_FILE = "kg.ttl"
GROUPS = ("class", "property", "individual")
_GROUP_OF = {
    OWL.Class: "class",
    OWL.ObjectProperty: "property",
    OWL.DatatypeProperty: "property",
    RDF.Property: "property",
}


@dataclass(frozen=True)
class Term:
    """One term of the ontology, with its names and explanations in each language it has."""

    iri: str
    local: str  # the name after the namespace: the id of its entry on the ns page
    group: str  # "class", "property" or "individual"
    labels: dict[str, str]
    definitions: dict[str, str]
    comments: dict[str, str]
    parents: tuple[str, ...]  # what it is a subclass or subproperty of, or its types


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """The ontology's terms, and the names of the standard terms the site shows."""

    terms: tuple[Term, ...]
    turtle: bytes
    titles: dict[str, str]  # the ontology's own title, by language
    descriptions: dict[str, str]  # and its description
    _labels: dict[str, dict[str, str]]

    @classmethod
    def load(cls) -> Vocabulary:
        """Read the ontology that ships with the package (read once per process)."""
        return _load()

    def label(self, iri: str, lang: str) -> str | None:
        """Return the name of the term `iri` in `lang` (else in English); None: unknown."""
        labels = self._labels.get(iri)
        if labels is None:
            return None
        return labels.get(lang) or labels.get("en") or next(iter(labels.values()))

    def local(self, iri: str) -> str | None:
        """Return the local name of a kg: term (its id on the ns page); None: not one."""
        return iri[len(KG.iri) :] if iri.startswith(KG.iri) and len(iri) > len(KG.iri) else None


@cache
def _load() -> Vocabulary:
    turtle = folder("ontology").joinpath(ONTOLOGY_FILE).read_bytes()
    store = Store()
    store.load(turtle, format=RdfFormat.TURTLE)

    def texts(subject: NamedNode, predicate: NamedNode) -> dict[str, str]:
        found: dict[str, str] = {}
        for quad in store.quads_for_pattern(subject, predicate, None, None):
            obj = quad.object
            if isinstance(obj, Literal) and obj.language:
                found.setdefault(obj.language, obj.value)
        return dict(sorted(found.items()))

    terms = []
    subjects = {
        quad.subject
        for quad in store.quads_for_pattern(None, RDF.type, None, None)
        if isinstance(quad.subject, NamedNode) and quad.subject.value.startswith(KG.iri)
    }
    for subject in subjects:
        types = {
            quad.object
            for quad in store.quads_for_pattern(subject, RDF.type, None, None)
            if isinstance(quad.object, NamedNode)
        }
        group = next((_GROUP_OF[t] for t in types if t in _GROUP_OF), "individual")
        parents = sorted(
            quad.object.value
            for predicate in (RDFS.subClassOf, RDFS.subPropertyOf)
            for quad in store.quads_for_pattern(subject, predicate, None, None)
            if isinstance(quad.object, NamedNode)
        )
        if group == "individual":
            parents = sorted(
                t.value for t in types if isinstance(t, NamedNode) and t != OWL.NamedIndividual
            )
        terms.append(
            Term(
                iri=subject.value,
                local=subject.value[len(KG.iri) :],
                group=group,
                labels=texts(subject, RDFS.label) or texts(subject, SKOS.prefLabel),
                definitions=texts(subject, SKOS.definition),
                comments=texts(subject, RDFS.comment),
                parents=tuple(parents),
            )
        )
    terms.sort(key=lambda term: (GROUPS.index(term.group), term.local.lower(), term.local))
    labels = {iri: {"fi": n.fi, "sv": n.sv, "en": n.en} for iri, n in TERM_NAMES.items()}
    labels.update({term.iri: term.labels for term in terms if term.labels})
    ontology = NamedNode(KG.iri.rstrip("#"))
    titles, descriptions = texts(ontology, DCT.title), texts(ontology, DCT.description)
    return Vocabulary(tuple(terms), turtle, titles, descriptions, labels)
