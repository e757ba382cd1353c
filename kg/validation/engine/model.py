"""What the compiler makes and the runner reads: shapes, constraints, components, findings.

Component    one SHACL constraint component: its IRI, its section of the specification,
             its parameters, how they are read from the shapes graph and how it evaluates
Constraint   a component with its parameter as one shape gives it
Shape        a shape's targets, path, severity, messages and constraints
Finding      one validation result, its nodes as RDF terms
Context      what an evaluator may ask of the runner
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import rdflib
from pyoxigraph import BlankNode, NamedNode

from kg.validation.engine.paths import PropertyPath
from kg.validation.engine.terms import Term, sh

if TYPE_CHECKING:
    from kg.validation.engine.data import DataIndex

SPEC = "https://www.w3.org/TR/shacl/"


@dataclass(frozen=True)
class Finding:
    """One validation result; `messages` are the literals the report gives it."""

    severity: str  # "Violation", "Warning", "Info", or another severity's IRI
    source_shape: NamedNode | BlankNode
    focus: Term
    path: PropertyPath | None
    value: Term | None
    component: NamedNode
    messages: frozenset[rdflib.Literal]
    constraint: Term | None = None  # a SPARQL constraint's node (sh:sourceConstraint)


@dataclass(frozen=True)
class Constraint:
    """One constraint of a shape: its component and the parameter the evaluator reads."""

    component: Component
    parameter: Any


@dataclass(eq=False)
class Shape:
    """A shape: where its focus nodes come from, its path, its constraints and its messages."""

    node: NamedNode | BlankNode
    severity: str
    messages: tuple[rdflib.Literal, ...]
    path: PropertyPath | None  # None on a node shape
    deactivated: bool = False
    constraints: list[Constraint] = field(default_factory=list)
    target_classes: tuple[Term, ...] = ()
    target_nodes: tuple[Term, ...] = ()
    target_subjects_of: tuple[NamedNode, ...] = ()
    target_objects_of: tuple[NamedNode, ...] = ()

    @property
    def targeted(self) -> bool:
        """Whether the shape has focus nodes of its own (else it is used only by others)."""
        return bool(
            self.target_classes
            or self.target_nodes
            or self.target_subjects_of
            or self.target_objects_of
        )


class Reader(Protocol):
    """What a component's reader may ask of the compiler."""

    graph: rdflib.Graph

    def fail(self, shape: rdflib.term.Node, what: str) -> Exception:
        """Return the error that refuses `shape` for `what`."""
        ...

    def shape(self, node: rdflib.term.Node) -> Shape:
        """Return the compiled shape at `node` of the shapes graph."""
        ...

    def items(self, shape: rdflib.term.Node, head: rdflib.term.Node) -> list[rdflib.term.Node]:
        """Return the members of the RDF list `head`, or refuse `shape`."""
        ...


class Context(Protocol):
    """What an evaluator may ask of the runner."""

    index: DataIndex

    def values(self, shape: Shape, focus: Term) -> list[Term]:
        """Return the value nodes of `focus` for `shape`."""
        ...

    def conforms(self, shape: Shape, node: Term) -> bool:
        """Tell whether `node` conforms to `shape`."""
        ...

    def findings(self, shape: Shape, focus: Term) -> Iterator[Finding]:
        """Yield every result of `shape` on the focus node `focus`."""
        ...


# What the compiler reads: (reader, the shape's node, the values of each sh: property of the
# shape, the compiled shape so far) -> the parameters, one constraint each (none: no check).
Read = Callable[[Reader, rdflib.term.Node, dict[str, list[rdflib.term.Node]], Shape], list[Any]]
# What the runner calls: (context, shape, parameter, focus node, its value nodes) -> results.
Evaluate = Callable[[Context, Shape, Any, Term, list[Term]], Iterable[Finding]]


@dataclass(frozen=True)
class Component:
    """A SHACL constraint component: `parameters[0]` brings it, the others refine it."""

    name: str  # the local name in sh:, e.g. "MinCountConstraintComponent"
    parameters: tuple[str, ...]
    read: Read
    evaluate: Evaluate
    message: str  # the result message when the shape gives none
    section: str = ""  # the anchor of its section of the specification, when not `name`

    @property
    def iri(self) -> NamedNode:
        """Return the component's IRI, e.g. sh:MinCountConstraintComponent."""
        return sh(self.name)

    @property
    def spec(self) -> str:
        """Return the link to the component's section of the SHACL specification."""
        return SPEC + "#" + (self.section or self.name)

    def finding(
        self,
        shape: Shape,
        focus: Term,
        value: Term | None,
        path: PropertyPath | None = None,
        messages: Iterable[rdflib.Literal] | None = None,
        constraint: Term | None = None,
    ) -> Finding:
        """Return a result of this component on `shape` (the shape's path unless `path`)."""
        if messages is None:
            messages = shape.messages or (rdflib.Literal(self.message, lang="en"),)
        return Finding(
            severity=shape.severity,
            source_shape=shape.node,
            focus=focus,
            path=shape.path if path is None else path,
            value=value,
            component=self.iri,
            messages=frozenset(messages),
            constraint=constraint,
        )
