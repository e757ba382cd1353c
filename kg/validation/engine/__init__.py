"""A fast SHACL engine for our shapes: the same results as pyshacl, all focus nodes at once.

    compile_shapes(shapes)        -> Compiled (kg.validation.engine.compile), or
    UnsupportedShapeError
    DataIndex(triples)            -> the data graph indexed by subject (kg.validation.engine.data)
    run(compiled, index)          -> Findings, one per SHACL validation result
    (kg.validation.engine.run)

pyshacl stays the reference (`kg.validation.validate.validate_store(engine="pyshacl")`); tests
compare the
two. A shape this engine cannot evaluate exactly is refused when it is compiled, so that the
caller falls back to pyshacl instead of giving other results.
"""

from kg.errors import UnsupportedShapeError
from kg.validation.engine.compile import Compiled, compile_shapes
from kg.validation.engine.data import DataIndex
from kg.validation.engine.run import Finding, run

__all__ = [
    "Compiled",
    "DataIndex",
    "Finding",
    "UnsupportedShapeError",
    "compile_shapes",
    "run",
]
