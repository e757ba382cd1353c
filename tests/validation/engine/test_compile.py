"""Compiling shapes: ours all compile; what the engine cannot run exactly is refused by name."""

from __future__ import annotations

import pytest
from pyoxigraph import NamedNode

from kg.validation.engine import COMPONENTS, UnsupportedShapeError, compile_shapes
from kg.validation.engine.paths import SequencePath
from kg.validation.engine.terms import sh
from kg.validation.validate import load_shapes
from tests.validation.engine.conftest import shapes_of

SHAPES = "https://w3id.org/kirjasto-kg/shapes#"


def test_every_shape_of_the_project_compiles() -> None:
    compiled = compile_shapes(load_shapes())
    components = {c.component.name for shape in compiled.shapes for c in shape.constraints}
    assert len(compiled.shapes) == 211  # the four files: core, quality, info, consolidated
    assert "SPARQLConstraintComponent" in components
    assert {"OrConstraintComponent", "NotConstraintComponent"} <= components
    postal = next(
        s for s in compiled.shapes if s.node.value == SHAPES + "Library-postalCode-syntax"
    )
    assert postal.path == SequencePath(
        (NamedNode("http://schema.org/address"), NamedNode("http://schema.org/postalCode"))
    )


def test_the_registry_names_each_component_by_its_iri_and_its_section_of_the_spec() -> None:
    assert len(COMPONENTS) == 30  # SHACL Core's 28, qualified counted twice, and sh:sparql
    for iri, component in COMPONENTS.items():
        assert iri.value == "http://www.w3.org/ns/shacl#" + component.name
        assert component.spec.startswith("https://www.w3.org/TR/shacl/#")
    qualified = COMPONENTS[sh("QualifiedMaxCountConstraintComponent")]
    assert qualified.spec.endswith("#QualifiedValueShapeConstraintComponent")
    assert COMPONENTS[sh("MinCountConstraintComponent")].spec.endswith(
        "#MinCountConstraintComponent"
    )


@pytest.mark.parametrize(
    ("turtle", "named"),
    [
        (
            """ex:C a sh:ConstraintComponent ; sh:parameter [ sh:path ex:twice ] .
            ex:U a sh:PropertyShape ; sh:targetClass ex:T ; sh:path ex:p ; ex:twice 2 .""",
            "the constraint component",
        ),
        (
            "ex:I a sh:PropertyShape ; sh:targetClass ex:T ; sh:path [ sh:inversePath ex:p ;"
            " sh:zeroOrMorePath ex:q ] ; sh:minCount 1 .",
            "sh:path",
        ),
        ("ex:X a sh:NodeShape ; sh:targetClass ex:T ; sh:rule [ ] .", "sh:rule"),
        ('ex:R a sh:NodeShape ; sh:targetClass ex:T ; sh:not ex:R ; sh:message "m" .', "recursion"),
        (
            """ex:V a sh:NodeShape ; sh:targetClass ex:T ; sh:sparql [
                sh:select "SELECT $this WHERE { $this ex:p ?o MINUS { $this ex:q ?o } }" ] .""",
            "MINUS",
        ),
        (
            """ex:W a sh:NodeShape ; sh:targetClass ex:T ; sh:sparql [
                sh:select "SELECT $this WHERE { FILTER ($this = <urn:x:x>) }" ] .""",
            "does not bind $this",
        ),
    ],
)
def test_what_the_engine_cannot_run_is_refused_naming_the_shape(turtle: str, named: str) -> None:
    with pytest.raises(UnsupportedShapeError) as raised:
        compile_shapes(shapes_of(turtle))
    assert named in str(raised.value)
    assert str(raised.value).startswith("http://example.org/ns#")
