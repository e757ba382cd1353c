"""Rendering a validation report: text grouped by record and rule, JSON, the SHACL graph."""

from __future__ import annotations

import rdflib

from kg.validate import Report, Result
from kg.validate_report import render_json, render_text, render_turtle

SHAPE = "https://w3id.org/kirjasto-kg/shapes#StartNotAfterEnd"
SHARED_SHAPE = "https://w3id.org/kirjasto-kg/shapes#LibraryHasIdentifier"
PROJECT = "https://w3id.org/kirjasto-kg/id/project/2016-x"
LIBRARY = "https://w3id.org/kirjasto-kg/id/library/unidentified/x"
VIOLATION = Result(
    severity="Violation",
    source_shape=SHAPE,
    focus=PROJECT,
    path="http://schema.org/startDate",
    value="2017-01-01",
    component="http://www.w3.org/ns/shacl#LessThanOrEqualsConstraintComponent",
    messages=(
        ("en", "starts {$value}, after it ends"),
        ("fi", "alkaa {$value}, päättymisen jälkeen"),
    ),
    value_term='"2017-01-01"^^<http://www.w3.org/2001/XMLSchema#date>',
)
WARNING = Result(
    severity="Warning",
    source_shape=SHARED_SHAPE,
    focus=LIBRARY,
    path=None,
    value=None,
    component="http://www.w3.org/ns/shacl#SPARQLConstraintComponent",
    messages=(("en", "no ISIL"), ("fi", "ei ISIL-tunnusta")),
)
REPORT = Report(
    results=(VIOLATION, WARNING),
    shape_groups=("core", "quality"),
    labels={PROJECT: "Satuteltta", LIBRARY: "Kalajoen kirjasto"},
    records={PROJECT: ("seeds/a.txt",), LIBRARY: ("seeds/a.txt", "seeds/b.txt")},
    shape_names={SHAPE: "start not after end", SHARED_SHAPE: "library has an identifier"},
)


def test_text_groups_by_record_then_rule_with_labels_and_values() -> None:
    assert render_text(REPORT, "en").splitlines() == [
        "SHACL validation (shapes: core, quality): 1 violation, 1 warning, 0 infos",
        "",
        "seeds/a.txt",
        f"  Violation: start not after end <{SHAPE}>",
        f"    Satuteltta <{PROJECT}>: starts 2017-01-01, after it ends",
        "",
        "Shared by several records",
        f"  Warning: library has an identifier <{SHARED_SHAPE}>",
        f"    Kalajoen kirjasto <{LIBRARY}>: no ISIL",
    ]


def test_text_speaks_finnish() -> None:
    text = render_text(REPORT, "fi")
    assert (
        text.splitlines()[0]
        == "SHACL-tarkistus (säännöt: core, quality): 1 virhe, 1 varoitus, 0 huomiota"
    )
    assert f"  Virhe: start not after end <{SHAPE}>" in text.splitlines()
    assert f"    Satuteltta <{PROJECT}>: alkaa 2017-01-01, päättymisen jälkeen" in text.splitlines()


def test_a_conforming_report_says_so() -> None:
    empty = Report(results=(), shape_groups=("core",))
    assert (
        render_text(empty, "en").splitlines()[1] == "No results: the graph conforms to the shapes."
    )


def test_json_holds_every_result() -> None:
    document = render_json(REPORT, "fi")
    assert document["conforms"] is False
    assert document["counts"] == {"Violation": 1, "Warning": 1, "Info": 0}
    assert document["results"][0] == {
        "severity": "Violation",
        "rule": SHAPE,
        "rule_name": "start not after end",
        "focus": PROJECT,
        "focus_label": "Satuteltta",
        "records": ["seeds/a.txt"],
        "path": "http://schema.org/startDate",
        "value": "2017-01-01",
        "message": "alkaa 2017-01-01, päättymisen jälkeen",
        "messages": {
            "en": "starts 2017-01-01, after it ends",
            "fi": "alkaa 2017-01-01, päättymisen jälkeen",
        },
        "component": "http://www.w3.org/ns/shacl#LessThanOrEqualsConstraintComponent",
    }


def test_turtle_is_a_standard_shacl_report_and_stable() -> None:
    data = render_turtle(REPORT)
    assert data == render_turtle(REPORT)
    graph = rdflib.Graph().parse(data=data.decode("utf-8"), format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    (report,) = graph.subjects(rdflib.RDF.type, sh.ValidationReport)
    assert graph.value(report, sh.conforms).toPython() is False
    results = list(graph.objects(report, sh.result))
    assert len(results) == 2
    violation = next(r for r in results if graph.value(r, sh.resultSeverity) == sh.Violation)
    assert graph.value(violation, sh.focusNode) == rdflib.URIRef(PROJECT)
    assert graph.value(violation, sh.value) == rdflib.Literal(
        "2017-01-01", datatype=rdflib.XSD.date
    )
    assert {str(m) for m in graph.objects(violation, sh.resultMessage)} == {
        "starts 2017-01-01, after it ends",
        "alkaa 2017-01-01, päättymisen jälkeen",
    }
