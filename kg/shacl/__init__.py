"""A fast SHACL engine for our shapes: the same results as pyshacl, all focus nodes at once.

    compile_shapes(shapes)        -> Compiled (kg.shacl.compile), or UnsupportedShapeError
    DataIndex(triples)            -> the data graph indexed by subject (kg.shacl.data)
    run(compiled, index)          -> Findings, one per SHACL validation result (kg.shacl.run)

pyshacl stays the reference (`kg.validate.validate_store(engine="pyshacl")`); tests compare the
two. A shape this engine cannot evaluate exactly is refused when it is compiled, so that the
caller falls back to pyshacl instead of giving other results.
"""

from kg.shacl.compile import Compiled, UnsupportedShapeError, compile_shapes
from kg.shacl.data import DataIndex
from kg.shacl.run import Finding, run

__all__ = [
    "Compiled",
    "DataIndex",
    "Finding",
    "UnsupportedShapeError",
    "compile_shapes",
    "run",
]
