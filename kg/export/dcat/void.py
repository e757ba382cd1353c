"""The VoID description of a release: how big the graph is, what it uses, where it links.

    describe_void(store, dataset, info)  -> the triples of the VoID description, sorted
    write_void(triples, folder)          -> folder/void.ttl, written

The dataset node is the DCAT dataset's (`kg.export.dcat.catalog.dataset_iri`), typed void:Dataset
too, so the two descriptions can be read together or apart. Every count is a SPARQL count of
the store's default graph (the exported graph). Partitions and linksets get IRIs under the
dataset's, from their class, property or target, never blank nodes:

    <dataset>/void/class/kg-Project               a class partition (void:class, void:entities)
    <dataset>/void/property/schema-name           a property partition (void:property, triples)
    <dataset>/void/linkset/<target>/owl-sameAs    the links of one predicate to one target
    <dataset>/void/target/<target>                the target: the namespace the links go to

A link is a triple whose subject is one of our IRIs (under the IRI base), whose predicate is one
of LINK_PREDICATES and whose object is an IRI elsewhere. Its target is the object's namespace:
the IRI up to its last `/` or `#` (`http://www.wikidata.org/entity/` for a Wikidata item).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from pyoxigraph import Literal, NamedNode, QuerySolutions, Store, Triple

from kg.export.dcat.catalog import ReleaseInfo, write_turtle
from kg.iris import slugify
from kg.store.graph_store import triple_order
from kg.vocab import (
    CATALOG_PREFIXES,
    DCAT,
    FOAF,
    KG,
    OWL,
    RDF,
    RDFS,
    SKOS,
    SPDX,
    VOCABULARIES,
    VOID,
    XSD,
    Namespace,
)

VOID_TURTLE = "void.ttl"

LINK_PREDICATES = (
    OWL.sameAs,
    SKOS.exactMatch,
    SKOS.closeMatch,
    SKOS.relatedMatch,
    SKOS.broadMatch,
    SKOS.narrowMatch,
    RDFS.seeAlso,
)
# The classes whose first instance (by IRI) is shown as an example resource.
EXAMPLE_CLASSES = (KG.Project, KG.Library, KG.Grant, KG.FundingProgramme)
_RDF_VOCABULARIES: tuple[Namespace, ...] = (*VOCABULARIES, DCAT, FOAF, SPDX, VOID)


def describe_void(
    store: Store, dataset: NamedNode, info: ReleaseInfo, *, dumps: Sequence[NamedNode] = ()
) -> list[Triple]:
    """Return the VoID description of the store's default graph as `dataset`, sorted.

    `dumps` are the download URLs of the files that hold the whole graph (void:dataDump).
    """
    triples: set[Triple] = set()

    def add(subject: NamedNode, predicate: NamedNode, obj: NamedNode | Literal) -> None:
        triples.add(Triple(subject, predicate, obj))

    add(dataset, RDF.type, VOID.Dataset)
    add(dataset, VOID.uriSpace, Literal(info.base))
    classes = _class_partitions(store)
    properties = _property_partitions(store)
    add(dataset, VOID.triples, _count(sum(properties.values())))
    add(dataset, VOID.entities, _count(_entities(store, info.base)))
    add(dataset, VOID.classes, _count(len(classes)))
    add(dataset, VOID.properties, _count(len(properties)))
    subjects, objects = _distinct_nodes(store)
    add(dataset, VOID.distinctSubjects, _count(subjects))
    add(dataset, VOID.distinctObjects, _count(objects))
    for cls, entities in classes.items():
        partition = _child(dataset, "void", "class", _name(cls))
        add(dataset, VOID.classPartition, partition)
        add(partition, VOID["class"], cls)
        add(partition, VOID.entities, _count(entities))
    for predicate, count in properties.items():
        partition = _child(dataset, "void", "property", _name(predicate))
        add(dataset, VOID.propertyPartition, partition)
        add(partition, VOID.property, predicate)
        add(partition, VOID.triples, _count(count))
    for vocabulary in _vocabularies([*classes, *properties]):
        add(dataset, VOID.vocabulary, vocabulary)
    for example in example_resources(store):
        add(dataset, VOID.exampleResource, example)
    if info.sparql_endpoint:
        add(dataset, VOID.sparqlEndpoint, NamedNode(info.sparql_endpoint))
    for dump in dumps:
        add(dataset, VOID.dataDump, dump)
    for triple in _linksets(store, dataset, info.base):
        triples.add(triple)
    return sorted(triples, key=triple_order)


def write_void(triples: Iterable[Triple], folder: Path) -> Path:
    """Write the VoID description as `void.ttl` in `folder` (sorted, prefixes bound)."""
    path = folder / VOID_TURTLE
    write_turtle(triples, path)
    return path


def _count(number: int) -> Literal:
    return Literal(str(number), datatype=XSD.integer)


def _child(parent: NamedNode, *segments: str) -> NamedNode:
    return NamedNode(parent.value + "/" + "/".join(segments))


def _name(term: NamedNode) -> str:
    """Return a path segment naming a class or property: `kg-Project`, else a slug of the IRI."""
    for prefix, namespace in CATALOG_PREFIXES.items():
        local = term.value[len(namespace) :]
        if term.value.startswith(namespace) and local.replace("_", "").isalnum():
            return f"{prefix}-{local}"
    return slugify(term.value.split("://", 1)[-1], limit=120)


def _select(store: Store, query: str) -> list[dict[str, NamedNode | Literal]]:
    answer = store.query(query)
    assert isinstance(answer, QuerySolutions)  # the query is a SELECT
    names = [variable.value for variable in answer.variables]
    return [{name: solution[name] for name in names} for solution in answer]


def _class_partitions(store: Store) -> dict[NamedNode, int]:
    rows = _select(
        store,
        f"""SELECT ?class (COUNT(DISTINCT ?entity) AS ?n) WHERE {{
            ?entity {RDF.type} ?class FILTER(isIRI(?class))
        }} GROUP BY ?class""",
    )
    return _sorted_counts((row["class"], int(row["n"].value)) for row in rows)


def _property_partitions(store: Store) -> dict[NamedNode, int]:
    rows = _select(
        store, "SELECT ?property (COUNT(*) AS ?n) WHERE { ?s ?property ?o } GROUP BY ?property"
    )
    return _sorted_counts((row["property"], int(row["n"].value)) for row in rows)


def _sorted_counts(pairs: Iterable[tuple[NamedNode | Literal, int]]) -> dict[NamedNode, int]:
    named = [(term, n) for term, n in pairs if isinstance(term, NamedNode)]
    return dict(sorted(named, key=lambda pair: pair[0].value))


def _entities(store: Store, base: str) -> int:
    rows = _select(
        store,
        f"""SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{
            ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), {Literal(base)}))
        }}""",
    )
    return int(rows[0]["n"].value)


def _distinct_nodes(store: Store) -> tuple[int, int]:
    rows = _select(
        store, "SELECT (COUNT(DISTINCT ?s) AS ?s_n) (COUNT(DISTINCT ?o) AS ?o_n) { ?s ?p ?o }"
    )
    return int(rows[0]["s_n"].value), int(rows[0]["o_n"].value)


def _vocabularies(terms: Iterable[NamedNode]) -> list[NamedNode]:
    """Return the namespaces of the vocabularies the classes and properties come from."""
    used = {
        vocabulary.iri
        for term in terms
        for vocabulary in _RDF_VOCABULARIES
        if term.value.startswith(vocabulary.iri)
    }
    return [NamedNode(iri) for iri in sorted(used)]


def example_resources(store: Store) -> list[NamedNode]:
    """Return the first instance (by IRI) of each class of EXAMPLE_CLASSES that has one."""
    classes = " ".join(str(cls) for cls in EXAMPLE_CLASSES)
    rows = _select(
        store,
        f"""SELECT ?class (MIN(STR(?entity)) AS ?first) WHERE {{
            VALUES ?class {{ {classes} }}
            ?entity {RDF.type} ?class FILTER(isIRI(?entity))
        }} GROUP BY ?class""",
    )
    return sorted((NamedNode(row["first"].value) for row in rows), key=lambda node: node.value)


def _linksets(store: Store, dataset: NamedNode, base: str) -> list[Triple]:
    predicates = " ".join(str(predicate) for predicate in LINK_PREDICATES)
    rows = _select(
        store,
        f"""SELECT ?predicate ?namespace (COUNT(*) AS ?n) WHERE {{
            VALUES ?predicate {{ {predicates} }}
            ?s ?predicate ?o
            FILTER(isIRI(?s) && isIRI(?o) && STRSTARTS(STR(?s), {Literal(base)})
                   && !STRSTARTS(STR(?o), {Literal(base)}))
            BIND(REPLACE(STR(?o), "[^/#]*$", "") AS ?namespace)
        }} GROUP BY ?predicate ?namespace""",
    )
    triples = []
    for row in rows:
        namespace = row["namespace"].value
        key = slugify(namespace.split("://", 1)[-1], limit=120)
        target = _child(dataset, "void", "target", key)
        predicate = row["predicate"]
        assert isinstance(predicate, NamedNode)  # one of the IRIs of the VALUES
        linkset = _child(dataset, "void", "linkset", key, _name(predicate))
        triples += [
            Triple(dataset, VOID.subset, linkset),
            Triple(linkset, RDF.type, VOID.Linkset),
            Triple(linkset, VOID.subjectsTarget, dataset),
            Triple(linkset, VOID.objectsTarget, target),
            Triple(linkset, VOID.linkPredicate, row["predicate"]),
            Triple(linkset, VOID.triples, _count(int(row["n"].value))),
            Triple(target, RDF.type, VOID.Dataset),
            Triple(target, VOID.uriSpace, Literal(namespace)),
        ]
    return sorted(triples, key=triple_order)
