"""Compiling shapes: ours all compile; what the engine cannot run exactly is refused by name."""

from __future__ import annotations

import pytest

from kg.validation.engine import UnsupportedShapeError, compile_shapes
from kg.validation.validate import load_shapes
from tests.validation.engine.conftest import shapes_of

SHAPES = "https://w3id.org/kirjasto-kg/shapes#"


def test_every_shape_of_the_project_compiles() -> None:
    compiled = compile_shapes(load_shapes())
    components = {c.component for shape in compiled.shapes for c in shape.constraints}
    assert len(compiled.shapes) == 211  # the four files: core, quality, info, consolidated
    assert "SPARQLConstraintComponent" in components
    assert {"OrConstraintComponent", "NotConstraintComponent"} <= components
    postal = next(s for s in compiled.shapes if str(s.node) == SHAPES + "Library-postalCode-syntax")
    assert postal.path_text == "(http://schema.org/address http://schema.org/postalCode)"


@pytest.mark.parametrize(
    ("turtle", "named"),
    [
        (
            """ex:Q a sh:PropertyShape ; sh:targetClass ex:T ; sh:path ex:p ;
                sh:qualifiedValueShape [ sh:class ex:C ] ; sh:qualifiedMinCount 1 ;
                sh:message "m" .""",
            "sh:qualified",
        ),
        (
            "ex:I a sh:PropertyShape ; sh:targetClass ex:T ; sh:path [ sh:inversePath ex:p ] ;"
            ' sh:minCount 1 ; sh:message "m" .',
            "path",
        ),
        (
            "ex:M a sh:PropertyShape ; sh:targetClass ex:T ; sh:path ex:p ; sh:minCount 1 .",
            "without sh:message",
        ),
        ('ex:R a sh:NodeShape ; sh:targetClass ex:T ; sh:not ex:R ; sh:message "m" .', "recursion"),
        (
            """ex:V a sh:NodeShape ; sh:targetClass ex:T ; sh:sparql [
                sh:select "SELECT $this WHERE { $this ?p ?o }" ] .""",
            "variable predicate",
        ),
    ],
)
def test_what_the_engine_cannot_run_is_refused_naming_the_shape(turtle: str, named: str) -> None:
    with pytest.raises(UnsupportedShapeError) as raised:
        compile_shapes(shapes_of(turtle))
    assert named in str(raised.value)
    assert str(raised.value).startswith("http://example.org/ns#")
