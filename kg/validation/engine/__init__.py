"""A fast SHACL engine: SHACL Core and SHACL-SPARQL constraints, all focus nodes at once.

    compile_shapes(shapes)        -> Compiled (kg.validation.engine.compile), or
                                     UnsupportedShapeError naming the shape and what it uses;
                                     the same triples compiled once (ShapesKey)
    DataIndex(triples)            -> the data graph indexed by subject (kg.validation.engine.data)
    run(compiled, index)          -> Findings, one per SHACL validation result
                                     (kg.validation.engine.run)
    COMPONENTS                    -> the constraint components it claims, by IRI, each with
                                     its section of the specification (.components)

The W3C SHACL test suite runs through it (tests/validation/test_w3c_suite.py); pyshacl stays
the reference on the project's shapes (`validate_store(engine="pyshacl")`), and tests compare
the two. A shape this engine cannot evaluate exactly is refused when it is compiled.
"""

from kg.errors import UnsupportedShapeError
from kg.validation.engine.compile import Compiled, ShapesKey, compile_shapes
from kg.validation.engine.components import COMPONENTS
from kg.validation.engine.data import DataIndex
from kg.validation.engine.model import Finding
from kg.validation.engine.run import run

__all__ = [
    "COMPONENTS",
    "Compiled",
    "DataIndex",
    "Finding",
    "ShapesKey",
    "UnsupportedShapeError",
    "compile_shapes",
    "run",
]
