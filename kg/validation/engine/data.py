"""The data graph as the engine reads it: each subject's values by predicate, each node's types.

DataIndex(triples, unique=...)  index the triples of the union graph (each counted once)
index.objects(node, predicate)  -> the values of `predicate` on `node`
index.subjects(node, predicate) -> the nodes with `node` as a value of `predicate`
index.describe(nodes)           -> the triples about blank `nodes`, and blank nodes they reach
index.instances(cls)            -> the nodes typed `cls` or a data-graph subclass of it
index.has_class(node, cls)      -> whether `node` is a `cls`, by rdfs:subClassOf in the data
index.rdflib(term)              -> the term as pyshacl's rdflib data graph holds it (cached)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import rdflib
from pyoxigraph import BlankNode, Literal, NamedNode
from pyoxigraph import Triple as OxTriple

from kg.validation.engine.terms import AnyTerm, Term, to_rdflib
from kg.vocab import RDF, RDFS


class DataIndex:
    """The union graph indexed by subject then predicate; each triple counted once."""

    def __init__(
        self,
        triples: Iterable[OxTriple],
        *,
        unique: bool = False,
        more: Iterable[OxTriple] = (),
    ) -> None:
        """Index `triples`, then `more`; `unique` says `triples` come once each already.

        That spares a set of them all; a triple of `more` is looked for among the values of
        its subject and predicate, and left out when it is there.
        """
        self._out: dict[Term, dict[NamedNode, list[Term]]] = defaultdict(dict)
        self._typed: dict[Term, set[Term]] = defaultdict(set)
        self._subclasses: dict[Term, set[Term]] = defaultdict(set)  # class -> direct subclasses
        self._rdflib: dict[AnyTerm, rdflib.term.Node] = {}
        self._in: dict[Term, dict[NamedNode, list[Term]]] | None = None  # made when first asked
        # pyoxigraph makes a new object for every term it reads: the same IRI (a predicate, a
        # shared library) would be held once per triple. Interned, the index takes half.
        self._interned: dict[Term, Term] = {}
        seen: set[OxTriple] = set()
        for triple in triples:
            if not unique:
                if triple in seen:
                    continue
                seen.add(triple)
            self._add(triple, check=False)
        for triple in more:
            self._add(triple, check=True)
        del self._interned

    def _add(self, triple: OxTriple, *, check: bool) -> None:
        intern = self._interned.setdefault
        subject, predicate, obj = triple
        subject = intern(subject, subject)
        predicate = intern(predicate, predicate)
        if not isinstance(obj, Literal):
            obj = intern(obj, obj)
        by_predicate = self._out[subject]
        # The interned predicate is the NamedNode it was given; mypy sees intern()'s union.
        values = by_predicate.get(predicate)  # type: ignore[arg-type]  # see above
        if values is None:
            by_predicate[predicate] = [obj]  # type: ignore[index]  # as above
        elif check and obj in values:
            return
        else:
            values.append(obj)
        if predicate == RDF.type:
            self._typed[obj].add(subject)
        elif predicate == RDFS.subClassOf:
            self._subclasses[obj].add(subject)

    def objects(self, node: Term, predicate: NamedNode) -> list[Term]:
        """Return the values of `predicate` on `node` (no duplicates)."""
        by_predicate = self._out.get(node)
        return by_predicate.get(predicate, []) if by_predicate else []

    def subjects(self, node: Term, predicate: NamedNode) -> list[Term]:
        """Return the nodes that have `node` as a value of `predicate` (no duplicates)."""
        if self._in is None:
            self._in = defaultdict(dict)
            for subject, by_predicate in self._out.items():
                for each, values in by_predicate.items():
                    for value in values:
                        self._in[value].setdefault(each, []).append(subject)
        incoming = self._in.get(node)
        return incoming.get(predicate, []) if incoming else []

    def describe(self, nodes: Iterable[Term]) -> list[OxTriple]:
        """Return the triples of the blank nodes among `nodes` and of the blank nodes they reach."""
        found: list[OxTriple] = []
        todo = [node for node in nodes if isinstance(node, BlankNode)]
        seen = set(todo)
        while todo:
            node = todo.pop()
            for predicate, values in self.predicate_objects(node):
                for value in values:
                    found.append(OxTriple(node, predicate, value))
                    if isinstance(value, BlankNode) and value not in seen:
                        seen.add(value)
                        todo.append(value)
        return found

    def instances(self, cls: Term) -> set[Term]:
        """Return every node typed `cls` or, by rdfs:subClassOf in the data, a subclass of it."""
        found: set[Term] = set()
        for each in self._subclass_closure(cls):
            found |= self._typed.get(each, set())
        return found

    def has_class(self, node: Term, cls: Term) -> bool:
        """Whether `node` has a type that is `cls` or a subclass of it (rdfs:subClassOf in data)."""
        for each in self.objects(node, RDF.type):
            if each == cls or cls in self._superclass_closure(each):
                return True
        return False

    def _subclass_closure(self, cls: Term) -> set[Term]:
        found = {cls}
        todo = [cls]
        while todo:
            for sub in self._subclasses.get(todo.pop(), ()):
                if sub not in found:
                    found.add(sub)
                    todo.append(sub)
        return found

    def _superclass_closure(self, cls: Term) -> set[Term]:
        found: set[Term] = set()
        todo = [cls]
        while todo:
            for sup in self.objects(todo.pop(), RDFS.subClassOf):
                if sup not in found:
                    found.add(sup)
                    todo.append(sup)
        return found

    def rdflib(self, term: AnyTerm) -> rdflib.term.Node:
        """Return `term` as an rdflib term, converted once."""
        node = self._rdflib.get(term)
        if node is None:
            node = self._rdflib[term] = to_rdflib(term)
        return node

    def predicates(self) -> set[NamedNode]:
        """Return every predicate of the data."""
        return {p for by_predicate in self._out.values() for p in by_predicate}

    def predicate_objects(self, node: Term) -> Iterable[tuple[NamedNode, list[Term]]]:
        """Return the predicates of `node`, each with its values."""
        return self._out.get(node, {}).items()

    def subjects_with(self, predicate: NamedNode) -> set[Term]:
        """Return every node that has a value of `predicate`."""
        return {s for s, by_predicate in self._out.items() if predicate in by_predicate}

    def objects_of(self, predicate: NamedNode) -> set[Term]:
        """Return every value of `predicate`, on any node."""
        return {o for by_predicate in self._out.values() for o in by_predicate.get(predicate, ())}

    def triples_with(self, predicates: set[NamedNode] | None) -> Iterable[OxTriple]:
        """Yield every triple whose predicate is one of `predicates` (None: every triple)."""
        for subject, by_predicate in self._out.items():
            chosen = by_predicate.keys() if predicates is None else predicates & by_predicate.keys()
            for predicate in chosen:
                for obj in by_predicate[predicate]:
                    yield OxTriple(subject, predicate, obj)  # type: ignore[arg-type]  # a subject: no literal
