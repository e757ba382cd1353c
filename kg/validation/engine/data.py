"""The data graph as the engine reads it: each subject's values by predicate, each node's types.

DataIndex(triples, unique=...)  index the triples of the union graph (each counted once)
index.objects(node, predicate)  -> the values of `predicate` on `node`
index.instances(cls)            -> the nodes typed `cls` or a data-graph subclass of it
index.has_class(node, cls)      -> whether `node` is a `cls`, by rdfs:subClassOf in the data
index.rdflib(term)              -> the term as pyshacl's rdflib data graph holds it (cached)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import rdflib
from pyoxigraph import Literal, NamedNode
from pyoxigraph import Triple as OxTriple

from kg.validation.engine.terms import Term, to_rdflib
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
        self._rdflib: dict[Term, rdflib.term.Node] = {}
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
        values = by_predicate.get(predicate)  # type: ignore[arg-type]
        if values is None:
            by_predicate[predicate] = [obj]  # type: ignore[index]
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

    def instances(self, cls: NamedNode) -> set[Term]:
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

    def rdflib(self, term: Term) -> rdflib.term.Node:
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

    def triples_with(self, predicates: set[NamedNode]) -> Iterable[OxTriple]:
        """Yield every triple whose predicate is one of `predicates`."""
        for subject, by_predicate in self._out.items():
            for predicate in predicates & by_predicate.keys():
                for obj in by_predicate[predicate]:
                    yield OxTriple(subject, predicate, obj)
