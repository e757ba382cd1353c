"""Each component on small data graphs that hit its edge cases: the fast engine as pyshacl."""

from __future__ import annotations

import warnings

import pytest
import rdflib
import rdflib.collection
from pyoxigraph import BlankNode, Literal, NamedNode

from kg.errors import UnsupportedShapeError
from kg.validation.engine.paths import SequencePath
from kg.validation.engine.terms import sh
from kg.validation.report import render_turtle
from kg.validation.validate import SHAPE_GROUPS, validate_store
from tests.validation.engine.conftest import both, shapes_of, store_of

EX = "http://example.org/ns#"
# A thing of every awkward kind: ill-typed numbers and dates, plain and typed strings, tags in
# upper and mixed case, blank nodes where a text or IRI is expected, classes reached through
# rdfs:subClassOf in the data, strings where dates are compared.
DATA = """
ex:a a ex:Thing ;
    ex:int 1, "abc"^^xsd:integer, "07"^^xsd:integer, "x", 9, 2.5 ;
    ex:str "a", "Abc", "b"^^xsd:string, "bc"@en, 12, ex:iri ;
    ex:text "t"@fi-FI, "u"@SV, "v"@en, "w", "x"@fi-x-private ;
    ex:date "2020-02-30"^^xsd:date, "2019-05-01"^^xsd:date, "2019-05-01" ;
    ex:dec 1.50, "1"^^xsd:decimal, "1.0", 3 ;
    ex:flag false, "0"^^xsd:boolean, "x", "x"@en, 1, "01"^^xsd:integer, "false" ;
    ex:link ex:t1, [ ex:str "blank" ], "literal", ex:special, ex:t2 ;
    ex:start "2020-01-01"^^xsd:date, "late" ;
    ex:end "2019-01-01"^^xsd:date, "2021-01-01"^^xsd:date .
ex:b a ex:SubThing ; ex:need "here" ; ex:int 2, 3 ; ex:start "a" ; ex:end "b" .
ex:SubThing rdfs:subClassOf ex:Thing .
ex:t1 a ex:Sub ; ex:str "xy" .
ex:t2 a ex:Other ; ex:str "longer" .
ex:Sub rdfs:subClassOf ex:Mid .
ex:Mid rdfs:subClassOf ex:Target .
"""


def _property(name: str, path: str, constraint: str) -> str:
    return f"""
ex:{name} a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path {path} ; {constraint} ;
    sh:severity sh:Warning ;
    sh:message "{name}: {{$this}} has {{$value}}"@en, "{name}: {{$value}} ei käy"@fi ."""


SHAPES = "\n".join(
    [
        _property("int-datatype", "ex:int", "sh:datatype xsd:integer"),
        _property("str-datatype", "ex:str", "sh:datatype xsd:string"),
        _property("text-datatype", "ex:text", "sh:datatype rdf:langString"),
        _property("date-datatype", "ex:date", "sh:datatype xsd:date"),
        _property("dec-datatype", "ex:dec", "sh:datatype xsd:decimal"),
        _property("str-minLength", "ex:str", "sh:minLength 2"),
        _property("link-minLength", "ex:link", "sh:minLength 24"),
        _property("str-pattern", "ex:str", 'sh:pattern "^a" ; sh:flags "i"'),
        _property("link-pattern", "ex:link", 'sh:pattern "t"'),
        _property("text-languageIn", "ex:text", 'sh:languageIn ( "fi" "SV" )'),
        _property("flag-in", "ex:flag", 'sh:in ( false "x" 1 )'),
        _property("link-class", "ex:link", "sh:class ex:Target"),
        _property("link-nodeKind", "ex:link", "sh:nodeKind sh:IRI"),
        _property("int-minInclusive", "ex:int", "sh:minInclusive 2"),
        _property("date-minInclusive", "ex:date", 'sh:minInclusive "2019-06-01"^^xsd:date'),
        _property("dec-minInclusive", "ex:dec", "sh:minInclusive 1.5"),
        _property("start-lessThanOrEquals", "ex:start", "sh:lessThanOrEquals ex:end"),
        _property("need-minCount", "ex:need", "sh:minCount 1"),
        _property("int-maxCount", "ex:int", "sh:maxCount 2"),
        _property("sequence-minLength", "( ex:link ex:str )", "sh:minLength 3"),
        _property("link-not", "ex:link", "sh:not ex:IsSpecial"),
        _property("link-or", "ex:link", "sh:or ( ex:IsTarget ex:IsSpecial )"),
        """
ex:IsSpecial a sh:NodeShape ; sh:in ( ex:special ) ; sh:message "special" .
ex:IsTarget a sh:NodeShape ; sh:class ex:Target ; sh:message "target" .
ex:node-class a sh:NodeShape ; sh:targetClass ex:Thing ; sh:class ex:SubThing ;
    sh:message "not a sub-thing"@en .
ex:Ontology a <http://www.w3.org/2002/07/owl#Ontology> ;
    sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/ns#"^^xsd:anyURI ] .
ex:big-int a sh:NodeShape ; sh:targetClass ex:Thing ; sh:sparql [
    sh:prefixes ex:Ontology ;
    sh:message "{$this}: {?value} doubled is {?twice}"@en, "{?twice} \\\\ {?value}"@fi ;
    sh:select \"\"\"SELECT $this ?value ?twice WHERE {
        $this ex:int ?value . FILTER (isNumeric(?value) && ?value > 1) BIND (?value * 2 AS ?twice)
    }\"\"\" ] .
ex:long-str a sh:NodeShape ; sh:targetSubjectsOf ex:need ; sh:severity sh:Info ; sh:sparql [
    sh:prefixes ex:Ontology ;
    sh:message "{$this} {?path} {?value}" ;
    sh:select \"\"\"SELECT DISTINCT $this ?path ?value WHERE {
        $this ex:int ?value . BIND (ex:int AS ?path)
    }\"\"\" ] .
ex:any-target a sh:NodeShape ; sh:targetClass ex:Thing ; sh:sparql [
    sh:prefixes ex:Ontology ;
    sh:select "SELECT $this WHERE { $this ex:link/ex:str ?s . FILTER (STRLEN(?s) > 5) }" ] .
""",
    ]
)


def test_every_component_gives_what_pyshacl_gives_on_its_edge_cases() -> None:
    fast, _ = both(store_of(DATA), shapes_of(SHAPES))
    shapes_with_results = {result.source_shape.value.rsplit("#", 1)[-1] for result in fast.results}
    named = {line.split()[0][3:] for line in SHAPES.splitlines() if line.startswith("ex:")}
    assert named - shapes_with_results == {"IsSpecial", "IsTarget", "Ontology"}


@pytest.mark.parametrize(
    "turtle",
    [
        # An application whose sum is off by a fraction, written with trailing zeros.
        """<urn:x:app> a <https://w3id.org/kirjasto-kg/ns#Application> ;
            <https://w3id.org/kirjasto-kg/ns#requested> [ <http://schema.org/value> 10.50 ] ;
            <https://w3id.org/kirjasto-kg/ns#ownFunding> [ <http://schema.org/value> 2.250 ] ;
            <https://w3id.org/kirjasto-kg/ns#totalBudget> [ <http://schema.org/value> 12 ] .""",
        # A project whose title has no tag, an upper-case tag, and a blank node.
        """<urn:x:p> a <https://w3id.org/kirjasto-kg/ns#Project> ;
            <http://purl.org/dc/terms/title> "plain", "Iso"@FI, [ ] .""",
        # A library with a postal code that is an integer, and an e-mail that is an IRI.
        """<urn:x:l> a <https://w3id.org/kirjasto-kg/ns#Library> ;
            <http://schema.org/address> [ <http://schema.org/postalCode> 00100, "0010" ] ;
            <http://schema.org/email> <mailto:a@b.fi> .""",
    ],
)
def test_the_projects_shapes_give_what_pyshacl_gives_on_odd_data(turtle: str) -> None:
    fast, _ = both(store_of(turtle))
    assert fast.results


def test_an_iri_is_not_less_than_or_equal_to_a_string_as_sparql_compares() -> None:
    # pyshacl compares an IRI as its text; SPARQL's <= does not compare an IRI: a result.
    shapes = shapes_of(
        """ex:S a sh:PropertyShape ; sh:targetNode ex:b ; sh:path ex:start ;
            sh:lessThanOrEquals ex:end ; sh:message "order" ."""
    )
    store = store_of('ex:b ex:start "a" ; ex:end "b", ex:iri .')
    fast = validate_store(store, engine="fast", shapes=shapes)
    assert [(r.value, r.component) for r in fast.results] == [
        (Literal("a"), sh("LessThanOrEqualsConstraintComponent"))
    ]


def test_a_qualified_value_shape_gives_what_pyshacl_gives() -> None:
    shapes = shapes_of(
        """ex:Q a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path ex:link ;
            sh:qualifiedValueShape [ sh:class ex:Target ] ; sh:qualifiedMinCount 2 ;
            sh:message "two targets"@en ."""
    )
    fast, _ = both(store_of(DATA), shapes)
    assert {r.component for r in fast.results} == {sh("QualifiedMinCountConstraintComponent")}


def test_a_shape_the_engine_does_not_support_is_refused_not_run_by_pyshacl() -> None:
    shapes = shapes_of(
        """ex:Component a sh:ConstraintComponent ;
            sh:parameter [ sh:path ex:twice ] ;
            sh:validator [ a sh:SPARQLAskValidator ; sh:ask "ASK { FILTER (?value != $twice) }" ] .
        ex:S a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path ex:int ; ex:twice 9 ."""
    )
    store = store_of(DATA)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(UnsupportedShapeError, match=r"ns#S: .* constraint component"):
            validate_store(store, engine="fast", shapes=shapes)
    reference = validate_store(store, engine="pyshacl", shapes=shapes)
    assert reference.results


def test_an_empty_store_has_no_results() -> None:
    fast, reference = both(store_of(""), None)
    assert fast.results == reference.results == ()
    assert fast.shape_groups == SHAPE_GROUPS


def test_a_blank_focus_node_stays_one_and_a_sequence_path_is_in_the_report() -> None:
    shapes = shapes_of(
        """ex:S a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path ( ex:link ex:str ) ;
            sh:minLength 3 ; sh:message "short"@en ."""
    )
    fast, _ = both(store_of('[ a ex:Thing ; ex:link [ ex:str "x" ] ] .'), shapes)
    (result,) = fast.results
    assert isinstance(result.focus, BlankNode)
    assert result.path == SequencePath((NamedNode(EX + "link"), NamedNode(EX + "str")))
    graph = rdflib.Graph().parse(data=render_turtle(fast), format="turtle")
    (path,) = graph.objects(None, rdflib.URIRef(sh("resultPath").value))
    assert [str(step) for step in rdflib.collection.Collection(graph, path)] == [
        EX + "link",
        EX + "str",
    ]
    (focus,) = graph.objects(None, rdflib.URIRef(sh("focusNode").value))
    assert isinstance(focus, rdflib.BNode)
    assert (focus, rdflib.RDF.type, rdflib.URIRef(EX + "Thing")) in graph  # described
