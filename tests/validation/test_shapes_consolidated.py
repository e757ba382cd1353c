"""shapes/consolidated.ttl: each shape passes one value and fails two, on both engines."""

from __future__ import annotations

import pyshacl
import pytest
from pyoxigraph import Literal, NamedNode, Quad

from kg.iris import CONSOLIDATED_GRAPH, Minter
from kg.store.graph_store import GraphStore
from kg.validation.validate import load_shapes, validate_store
from kg.vocab import KG, ORG, RDF, SCHEMA

M = Minter()
GRAPH = M.graph(CONSOLIDATED_GRAPH)
THING = NamedNode("https://w3id.org/kirjasto-kg/id/library/FI-TESTI")
SHAPES = "https://w3id.org/kirjasto-kg/shapes#Consolidated-"

# shape -> (the class of its target, the property, one value, another value)
CASES = {
    "Library-name-uniqueLang": (
        KG.Library,
        SCHEMA.name,
        Literal("Testilän kirjasto", language="fi"),
        Literal("Testilän kaupunginkirjasto", language="fi"),
    ),
    "Library-isil-maxCount": (KG.Library, KG.isil, Literal("FI-Testi"), Literal("FI-testi")),
    "Library-telephone-maxCount": (KG.Library, SCHEMA.telephone, Literal("1"), Literal("2")),
    "Library-email-maxCount": (KG.Library, SCHEMA.email, Literal("a@x.fi"), Literal("b@x.fi")),
    "Library-address-maxCount": (
        KG.Library,
        SCHEMA.address,
        NamedNode(THING.value + "/address/a"),
        NamedNode(THING.value + "/address/b"),
    ),
    "Library-unitOf-maxCount": (
        KG.Library,
        ORG.unitOf,
        M.legal_body("0171450-7"),
        M.legal_body("1068322-0"),
    ),
    "LibraryBranch-name-uniqueLang": (
        KG.LibraryBranch,
        SCHEMA.name,
        Literal("A", language="fi"),
        Literal("B", language="fi"),
    ),
    "LibraryBranch-telephone-maxCount": (
        KG.LibraryBranch,
        SCHEMA.telephone,
        Literal("1"),
        Literal("2"),
    ),
    "LibraryBranch-email-maxCount": (
        KG.LibraryBranch,
        SCHEMA.email,
        Literal("a@x.fi"),
        Literal("b@x.fi"),
    ),
    "LibraryBranch-address-maxCount": (
        KG.LibraryBranch,
        SCHEMA.address,
        NamedNode(THING.value + "/address/a"),
        NamedNode(THING.value + "/address/b"),
    ),
    "LibraryBranch-unitOf-maxCount": (
        KG.LibraryBranch,
        ORG.unitOf,
        M.library("FI-A", None, None),
        M.library("FI-B", None, None),
    ),
    "LegalBody-businessId-maxCount": (
        KG.LegalBody,
        KG.businessId,
        Literal("0171450-7"),
        Literal("1068322-0"),
    ),
    "Organisation-name-uniqueLang": (
        KG.Organisation,
        SCHEMA.name,
        Literal("A ry", language="fi"),
        Literal("A r.y.", language="fi"),
    ),
    "PostalAddress-streetAddress-maxCount": (
        SCHEMA.PostalAddress,
        SCHEMA.streetAddress,
        Literal("Katu 1"),
        Literal("PL 2"),
    ),
    "PostalAddress-postalCode-maxCount": (
        SCHEMA.PostalAddress,
        SCHEMA.postalCode,
        Literal("70100"),
        Literal("70101"),
    ),
}
# What the cases above must add for the other shapes of the file to hold.
REQUIRED = {
    KG.LibraryBranch: (ORG.unitOf, M.library("FI-A", None, None)),
    KG.LegalBody: (KG.businessId, Literal("0171450-7")),
}


def _store_of(quads: list[Quad]) -> GraphStore:
    """A store of `quads` and a record graph beside them, so that the store's base is known."""
    store = GraphStore.open(None)
    record = M.record("x")
    store.oxigraph.extend([*quads, Quad(record, RDF.type, KG.SourceRecord, record)])
    return store


def _store(cls: NamedNode, predicate: NamedNode, values: tuple[object, ...]) -> GraphStore:
    quads = [Quad(THING, RDF.type, cls, GRAPH)]
    quads += [Quad(THING, predicate, value, GRAPH) for value in values]  # type: ignore[arg-type]
    if cls in REQUIRED and REQUIRED[cls][0] != predicate:
        quads.append(Quad(THING, *REQUIRED[cls], GRAPH))
    return _store_of(quads)


@pytest.mark.parametrize("shape", sorted(CASES))
@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_one_value_passes_two_fail(shape: str, engine: str) -> None:
    cls, predicate, one, other = CASES[shape]
    passing = validate_store(_store(cls, predicate, (one,)), ("consolidated",), engine=engine)
    assert passing.results == ()
    failing = validate_store(_store(cls, predicate, (one, other)), ("consolidated",), engine=engine)
    assert {result.source_shape.value for result in failing.results} == {SHAPES + shape}


@pytest.mark.parametrize(
    ("shape", "cls", "predicate"),
    [
        ("LibraryBranch-unitOf-required", KG.LibraryBranch, ORG.unitOf),
        ("LegalBody-businessId-required", KG.LegalBody, KG.businessId),
    ],
)
def test_a_required_value_missing_fails(shape: str, cls: NamedNode, predicate: NamedNode) -> None:
    report = validate_store(_store_of([Quad(THING, RDF.type, cls, GRAPH)]), ("consolidated",))
    assert {result.source_shape.value for result in report.results} == {SHAPES + shape}


def test_every_shape_of_the_file_has_a_case_and_is_valid_shacl() -> None:
    shapes = load_shapes(["consolidated"])
    named = {
        str(node).removeprefix(SHAPES) for node in shapes.subjects() if str(node).startswith(SHAPES)
    }
    required = {"LibraryBranch-unitOf-required", "LegalBody-businessId-required"}
    assert named == set(CASES) | required | {"mergedInto-maxCount"}
    conforms, _, text = pyshacl.validate(
        shapes, shacl_graph=shapes, inference="none", meta_shacl=True
    )
    assert conforms, text


def test_a_node_merged_into_two_fails() -> None:
    alias = M.library(None, None, "Testilä")
    store = _store_of(
        [
            Quad(alias, KG.mergedInto, M.library("FI-A", None, None), GRAPH),
            Quad(alias, KG.mergedInto, M.library("FI-B", None, None), GRAPH),
        ]
    )
    report = validate_store(store, ("consolidated",))
    assert {result.source_shape.value for result in report.results} == {
        SHAPES + "mergedInto-maxCount"
    }
