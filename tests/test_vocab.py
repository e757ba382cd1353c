"""The ontology and kg.vocab agree, every term speaks Finnish, Swedish and English, and no module
of kg/ spells a vocabulary namespace except kg/vocab.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS

import kg
from kg.vocab import DCT, FRAPO, KG, ORG, PROV, ROV, SCHEMA, VCARD, VOCABULARIES
from kg.vocab import SKOS as SKOS_NS
from tests.conftest import REPO

ONTOLOGY = REPO / "ontology" / "kg.ttl"
ALIGNMENTS = REPO / "ontology" / "alignments.ttl"
ONTOLOGY_IRI = URIRef(KG.iri.rstrip("#"))
LANGUAGES = ("fi", "sv", "en")

# Where a kg: term may have its super-classes and super-properties.
SUPER_NAMESPACES = tuple(v.iri for v in (KG, SCHEMA, ORG, ROV, PROV, FRAPO, SKOS_NS, DCT, VCARD))

# What a kg: term may be mapped to with SKOS, and where rdfs:seeAlso may point.
MAPPING_NAMESPACES = (
    "http://data.europa.eu/s66#",  # EURIO
    "https://w3id.org/dingo#",  # DINGO
    "http://purl.org/cerif/frapo/",
    "http://data.europa.eu/m8g/",  # SEMIC core vocabularies
    "http://purl.org/dc/terms/",
    "http://www.w3.org/ns/prov#",
    "http://www.w3.org/2006/vcard/ns#",
    "http://www.w3.org/ns/org#",
    "http://www.w3.org/ns/regorg#",
    "http://schema.org/",
)
SEE_ALSO_PREFIX = "https://standard.threesixtygiving.org/en/latest/technical/reference/"
MAPPINGS = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch)


def parse(path: Path) -> Graph:
    graph = Graph(bind_namespaces="none")
    graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return parse(ONTOLOGY)


@pytest.fixture(scope="module")
def alignments() -> Graph:
    return parse(ALIGNMENTS)


def is_kg(node: object) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(KG.iri)


def declared(graph: Graph) -> set[URIRef]:
    """The kg: IRIs that the ontology gives a type."""
    return {subject for subject in graph.subjects(RDF.type, None) if is_kg(subject)}


def test_ontology_declares_exactly_the_terms_of_vocab(ontology: Graph) -> None:
    in_ontology = {str(term)[len(KG.iri) :] for term in declared(ontology)}
    only_in_ontology = sorted(in_ontology - KG.terms)
    only_in_vocab = sorted(KG.terms - in_ontology)
    assert not only_in_ontology and not only_in_vocab, (
        f"declared in ontology/kg.ttl but not listed in kg/vocab.py: {only_in_ontology}; "
        f"listed in kg/vocab.py but not declared in ontology/kg.ttl: {only_in_vocab}"
    )


def test_every_kg_iri_used_is_declared(ontology: Graph, alignments: Graph) -> None:
    terms = declared(ontology)
    used = {
        node
        for graph in (ontology, alignments)
        for triple in graph
        for node in triple
        if is_kg(node)
    }
    assert sorted(used - terms) == []


@pytest.mark.parametrize("predicate", [RDFS.label, SKOS.definition], ids=["label", "definition"])
def test_every_term_has_one_text_in_each_language(ontology: Graph, predicate: URIRef) -> None:
    problems = []
    for term in sorted(declared(ontology)):
        values = list(ontology.objects(term, predicate))
        for language in LANGUAGES:
            texts = [
                value
                for value in values
                if isinstance(value, Literal) and value.language == language
            ]
            if len(texts) != 1 or not str(texts[0]).strip():
                problems.append(f"{term} has {len(texts)} {predicate} in {language!r}")
        others = [
            value
            for value in values
            if not isinstance(value, Literal) or value.language not in LANGUAGES
        ]
        if others:
            problems.append(f"{term} has {predicate} outside fi, sv, en: {others}")
    assert problems == []


def test_every_term_is_defined_by_the_ontology(ontology: Graph) -> None:
    missing = [
        term
        for term in sorted(declared(ontology))
        if list(ontology.objects(term, RDFS.isDefinedBy)) != [ONTOLOGY_IRI]
    ]
    assert missing == []


def test_every_term_is_a_class_a_property_or_an_individual(ontology: Graph) -> None:
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual}
    untyped = [
        term
        for term in sorted(declared(ontology))
        if not kinds & set(ontology.objects(term, RDF.type))
    ]
    assert untyped == []


def test_the_ontology_header_carries_the_package_version(ontology: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal(kg.__version__)
    version_iri = ontology.value(ONTOLOGY_IRI, OWL.versionIRI)
    assert version_iri == URIRef(f"{ONTOLOGY_IRI}/{kg.__version__}")


def test_super_terms_come_from_allowed_vocabularies(ontology: Graph) -> None:
    supers = [
        (term, parent)
        for predicate in (RDFS.subClassOf, RDFS.subPropertyOf)
        for term, parent in ontology.subject_objects(predicate)
        if is_kg(term)
    ]
    strays = [
        (term, parent)
        for term, parent in supers
        if not isinstance(parent, URIRef) or not str(parent).startswith(SUPER_NAMESPACES)
    ]
    assert supers and strays == []


def test_domains_and_ranges_name_iris_or_unions_of_declared_classes(ontology: Graph) -> None:
    classes = set(ontology.subjects(RDF.type, OWL.Class))
    problems = []
    for predicate in (RDFS.domain, RDFS.range):
        for term, value in ontology.subject_objects(predicate):
            if isinstance(value, BNode):
                members = list(Collection(ontology, ontology.value(value, OWL.unionOf)))
                if not members or not set(members) <= classes:
                    problems.append((term, predicate, members))
            elif is_kg(value) and value not in classes:
                problems.append((term, predicate, value))
    assert problems == []


def test_concepts_are_in_their_scheme_with_pref_labels(ontology: Graph) -> None:
    problems = []
    for concept in sorted(ontology.subjects(RDF.type, SKOS.Concept)):
        schemes = list(ontology.objects(concept, SKOS.inScheme))
        if len(schemes) != 1 or (schemes[0], SKOS.hasTopConcept, concept) not in ontology:
            problems.append(f"{concept} is not a top concept of exactly one scheme")
        for language in LANGUAGES:
            labels = [
                label
                for label in ontology.objects(concept, SKOS.prefLabel)
                if isinstance(label, Literal) and label.language == language
            ]
            if len(labels) != 1:
                problems.append(f"{concept} has {len(labels)} skos:prefLabel in {language!r}")
    for scheme in ontology.subjects(RDF.type, SKOS.ConceptScheme):
        for concept in ontology.objects(scheme, SKOS.hasTopConcept):
            if (concept, SKOS.inScheme, scheme) not in ontology:
                problems.append(f"{concept} is a top concept of {scheme} but not in it")
    assert problems == []
    assert len(set(ontology.subjects(RDF.type, URIRef(KG.iri + "AmountType")))) == 10
    assert len(set(ontology.subjects(RDF.type, URIRef(KG.iri + "IdentifierScheme")))) == 2


def test_alignments_only_describe_terms_of_the_ontology(ontology: Graph, alignments: Graph) -> None:
    terms = declared(ontology)
    subjects = set(alignments.subjects())
    assert subjects and sorted(subjects - terms) == []


def test_alignments_point_to_known_vocabularies(alignments: Graph) -> None:
    problems = []
    for predicate in MAPPINGS:
        for term, target in alignments.subject_objects(predicate):
            if not isinstance(target, URIRef) or not str(target).startswith(MAPPING_NAMESPACES):
                problems.append((term, predicate, target))
    for term, target in alignments.subject_objects(RDFS.seeAlso):
        if not str(target).startswith(SEE_ALSO_PREFIX):
            problems.append((term, RDFS.seeAlso, target))
        notes = [
            note
            for note in alignments.objects(term, SKOS.note)
            if isinstance(note, Literal) and note.language == "en"
        ]
        if len(notes) != 1:
            problems.append((term, "needs one English skos:note saying what the link is", notes))
    assert problems == []


def test_alignments_do_not_assert_class_or_property_axioms(alignments: Graph) -> None:
    axioms = {RDF.type, RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range}
    assert sorted({predicate for predicate in alignments.predicates()} & axioms) == []


# -- no namespace spelled outside kg/vocab.py ------------------------------------------------

# The vocabulary namespaces, without their scheme: kg.vocab's, schema.org under either scheme,
# and everything under the project's w3id (the ontology namespace and the entity base).
NAMESPACE_HOSTS = sorted(
    {v.iri.split("://", 1)[1] for v in VOCABULARIES}
    | {"schema.org/", "www.w3.org/", "w3id.org/kirjasto-kg/"}
)
NAMESPACE_IN_CODE = re.compile(
    r"https?://(?:" + "|".join(re.escape(host) for host in NAMESPACE_HOSTS) + r")[^\s\"'`<>)]*"
)
# The default entity base is not a vocabulary namespace; kg/iris.py is its one home.
ALLOWED_IN_CODE = {
    "kg/iris.py": {"https://w3id.org/kirjasto-kg/id/"},
    # XML namespaces, not RDF vocabularies: SVG, and the SPARQL results format
    "kg/site/chart_svg.py": {"http://www.w3.org/2000/svg"},
    "kg/serve/results.py": {"http://www.w3.org/2005/sparql-results#"},
}
# W3C specifications (the SHACL engine links each component to its section) are documents.
SPECIFICATIONS = "https://www.w3.org/TR/"


def test_only_vocab_spells_vocabulary_namespaces() -> None:
    found = []
    for path in sorted((REPO / "kg").rglob("*.py")):
        name = path.relative_to(REPO).as_posix()
        if name == "kg/vocab.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for match in NAMESPACE_IN_CODE.finditer(line):
                if match.group().startswith(SPECIFICATIONS):
                    continue
                if match.group() not in ALLOWED_IN_CODE.get(name, set()):
                    found.append(f"{name}:{number}: {match.group()}")
    assert found == [], "use the terms of kg.vocab instead:\n" + "\n".join(found)


def test_the_namespace_guard_catches_a_namespace() -> None:
    assert NAMESPACE_IN_CODE.search('X = "http://schema.org/name"')
    assert NAMESPACE_IN_CODE.search("see https://w3id.org/kirjasto-kg/ns#Library")
    assert NAMESPACE_IN_CODE.search("'http://www.w3.org/ns/prov#Entity'")
    assert not NAMESPACE_IN_CODE.search("http://hankkeet.kirjastot.fi/hanke/")
