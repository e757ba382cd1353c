"""The Markdown reference of the ontology, generated from the files in `ontology/`.

    render_reference(ontology_path, alignments_path) -> Markdown text, the same for the same files
    main(argv)                                       -> writes docs/ontology.md

Run `python -m tools.ontology_docs` after changing the ontology; `tests/tools/test_ontology_docs.py`
fails while `docs/ontology.md` differs from a fresh render. Terms are listed in name order,
each with its IRI, labels and definitions in English, Finnish and Swedish, its place among the
standard terms (super-terms, domain, range) and its mappings from `alignments.ttl`.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from kg import resources
from kg.atomic import atomic_write
from kg.errors import InputError
from kg.vocab import KG

DOCS_PATH = Path(__file__).resolve().parent.parent / "docs" / "ontology.md"

LANGUAGES = ("en", "fi", "sv")
LANGUAGE_NAMES = {"en": "English", "fi": "suomi", "sv": "svenska"}

# Mapping predicates in the order they are listed under a term.
MAPPING_PREDICATES = (
    SKOS.exactMatch,
    SKOS.closeMatch,
    SKOS.broadMatch,
    SKOS.narrowMatch,
    SKOS.relatedMatch,
    RDFS.seeAlso,
)

_LOCAL_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


@dataclass(frozen=True)
class _Section:
    """One kind of term: its heading, the anchor prefix of its entries and its types."""

    title: str
    anchor: str
    types: tuple[URIRef, ...]


SECTIONS = (
    _Section("Classes", "class", (OWL.Class,)),
    _Section("Properties", "property", (OWL.ObjectProperty, OWL.DatatypeProperty)),
    _Section("Individuals", "individual", ()),
)


def render_reference(
    ontology_path: Traversable | None = None, alignments_path: Traversable | None = None
) -> str:
    """Return the Markdown reference of the ontology and its alignments.

    Each path defaults to its file in the package's `ontology/` folder. The text depends only
    on the two files: terms, labels and mappings are sorted.
    """
    folder = resources.folder("ontology")
    ontology = _parse(ontology_path or folder.joinpath("kg.ttl"))
    alignments = _parse(alignments_path or folder.joinpath("alignments.ttl"))
    return _Reference(ontology, alignments).render()


def main(argv: Sequence[str] | None = None) -> int:
    """Write the reference to `docs/ontology.md` (or `--out PATH`) and return the exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.ontology_docs",
        description="Write the Markdown reference of the kirjasto-kg ontology.",
        epilog="Example: python -m tools.ontology_docs --out /tmp/ontology.md",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DOCS_PATH,
        help="the file to write (default: docs/ontology.md of the checkout)",
    )
    arguments = parser.parse_args(argv)
    text = render_reference()
    with atomic_write(arguments.out) as stream:
        stream.write(text)
    print(f"wrote {arguments.out}")
    return 0


def _parse(source: Traversable) -> Graph:
    """Parse one Turtle file; a file that is not valid Turtle is an InputError naming it."""
    graph = Graph(bind_namespaces="none")
    try:
        graph.parse(data=source.read_text(encoding="utf-8"), format="turtle")
    except Exception as error:  # rdflib raises several unrelated types for bad syntax
        raise InputError(f"not valid Turtle: {error}", where=str(source)) from error
    return graph


def _one_line(text: str) -> str:
    """Return `text` on one line, safe inside a Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def _sort_key(text: str) -> tuple[str, str]:
    return (text.casefold(), text)


class _Reference:
    """The ontology graph and its alignments, and how to write them as Markdown."""

    def __init__(self, ontology: Graph, alignments: Graph) -> None:
        self.graph = ontology
        self.alignments = alignments
        prefixes: dict[str, str] = {}
        for graph in (ontology, alignments):
            for prefix, namespace in graph.namespaces():
                prefixes.setdefault(prefix, str(namespace))
        # Longest namespace first, so that a narrower namespace wins over a broader one.
        self.prefixes = sorted(prefixes.items(), key=lambda item: (-len(item[1]), item[0]))
        self.terms = sorted(
            {
                subject
                for subject in ontology.subjects(RDF.type, None)
                if isinstance(subject, URIRef) and str(subject).startswith(KG.iri)
            },
            key=lambda term: _sort_key(self.local(term)),
        )

    # -- naming ------------------------------------------------------------------------------

    @staticmethod
    def local(term: URIRef) -> str:
        return str(term)[len(KG.iri) :]

    def curie(self, iri: URIRef) -> str:
        """Return `prefix:name` for an IRI in a declared namespace, else `<iri>`."""
        text = str(iri)
        for prefix, namespace in self.prefixes:
            name = text[len(namespace) :]
            if text.startswith(namespace) and _LOCAL_NAME.match(name):
                return f"{prefix}:{name}"
        return f"<{text}>"

    def section_of(self, term: URIRef) -> _Section:
        types = set(self.graph.objects(term, RDF.type))
        return next((section for section in SECTIONS if types & set(section.types)), SECTIONS[-1])

    def link(self, node: Node) -> str:
        """Return a term as Markdown: a link for a kg term, code for other IRIs."""
        if isinstance(node, URIRef) and node in self.terms:
            anchor = f"{self.section_of(node).anchor}-{self.local(node)}"
            return f"[`kg:{self.local(node)}`](#{anchor})"
        if isinstance(node, URIRef):
            curie = self.curie(node)
            return f"<{node}>" if curie.startswith("<") else f"`{curie}`"
        if isinstance(node, BNode) and self.graph.value(node, OWL.unionOf) is not None:
            return " or ".join(self.link(member) for member in self.members(node))
        return f"`{node}`"

    def members(self, node: Node) -> list[Node]:
        """Return the classes of an owl:unionOf class, or the node itself for a named class."""
        union = self.graph.value(node, OWL.unionOf)
        return [node] if union is None else list(Collection(self.graph, union))

    def links(self, nodes: Iterable[Node]) -> str:
        rendered = sorted({self.link(node) for node in nodes}, key=_sort_key)
        return ", ".join(rendered)

    def texts(self, graph: Graph, subject: Node, predicate: URIRef) -> dict[str, str]:
        """Return the language-tagged texts of `subject` by language (one each)."""
        found: dict[str, list[str]] = {}
        for value in graph.objects(subject, predicate):
            if isinstance(value, Literal):
                found.setdefault(value.language or "", []).append(_one_line(str(value)))
        return {language: " / ".join(sorted(values)) for language, values in found.items()}

    # -- the document ------------------------------------------------------------------------

    def render(self) -> str:
        lines: list[str] = []
        lines += self.header()
        lines += self.prefix_table()
        for section in SECTIONS:
            members = [term for term in self.terms if self.section_of(term) == section]
            lines += self.index(section, members)
        for section in SECTIONS:
            members = [term for term in self.terms if self.section_of(term) == section]
            lines += [f"## {section.title}", ""]
            for term in members:
                lines += self.entry(term, section)
        return "\n".join(lines).rstrip("\n") + "\n"

    def header(self) -> list[str]:
        ontology = next(iter(self.graph.subjects(RDF.type, OWL.Ontology)), None)
        if ontology is None:
            raise InputError("the ontology file declares no owl:Ontology")
        titles = self.texts(self.graph, ontology, DCTERMS.title)
        descriptions = self.texts(self.graph, ontology, DCTERMS.description)
        version = self.graph.value(ontology, OWL.versionInfo)
        version_iri = self.graph.value(ontology, OWL.versionIRI)
        lines = [
            f"# {titles.get('en', 'kirjasto-kg ontology')}",
            "",
            "<!-- Generated from ontology/kg.ttl and ontology/alignments.ttl by",
            "     `python -m tools.ontology_docs`; edit those files, not this one. -->",
            "",
            "| | |",
            "|---|---|",
            f"| Ontology IRI | <{ontology}> |",
            f"| Version | {version} (<{version_iri}>) |",
            f"| Namespace | `{KG.iri}` (prefix `{KG.prefix}:`) |",
        ]
        for label, predicate in (("License", DCTERMS.license), ("Creator", DCTERMS.creator)):
            for value in sorted(self.graph.objects(ontology, predicate), key=str):
                shown = f"<{value}>" if isinstance(value, URIRef) else _one_line(str(value))
                lines.append(f"| {label} | {shown} |")
        lines.append("")
        for language in LANGUAGES:
            if language in titles or language in descriptions:
                lines.append(f"**{titles.get(language, '')}** ({LANGUAGE_NAMES[language]})")
                lines.append("")
                if language in descriptions:
                    lines += [descriptions[language], ""]
        lines += [
            "Mappings to wider vocabularies (EURIO, DINGO, FRAPO, the SEMIC core vocabularies,",
            "vCard, DCTERMS, RegOrg and pointers to the 360Giving Data Standard) are listed under",
            "each term as *Alignments*; they come from `ontology/alignments.ttl`.",
            "",
        ]
        return lines

    def prefix_table(self) -> list[str]:
        lines = ["## Prefixes", "", "| prefix | namespace |", "|---|---|"]
        for prefix, namespace in sorted(self.prefixes):
            lines.append(f"| `{prefix}:` | `{namespace}` |")
        return [*lines, ""]

    def index(self, section: _Section, members: list[URIRef]) -> list[str]:
        lines = [
            f"## {section.title} at a glance",
            "",
            "| term | English | suomi | svenska |",
            "|---|---|---|---|",
        ]
        for term in members:
            labels = self.texts(self.graph, term, RDFS.label)
            cells = " | ".join(labels.get(language, "") for language in LANGUAGES)
            lines.append(f"| {self.link(term)} | {cells} |")
        return [*lines, ""]

    def entry(self, term: URIRef, section: _Section) -> list[str]:
        name = self.local(term)
        labels = self.texts(self.graph, term, RDFS.label)
        definitions = self.texts(self.graph, term, SKOS.definition)
        comments = self.texts(self.graph, term, RDFS.comment)
        lines = [
            f'### <a id="{section.anchor}-{name}"></a>kg:{name}',
            "",
            f"IRI: `{term}`",
            "",
            "| | label | definition |",
            "|---|---|---|",
        ]
        for language in LANGUAGES:
            label, definition = labels.get(language, ""), definitions.get(language, "")
            lines.append(f"| {language} | {label} | {definition} |")
        lines.append("")
        for _, text in sorted(comments.items()):
            lines += [text, ""]
        items = [f"- {label}: {value}" for label, value in self.facts(term)]
        items += self.mappings(term)
        return [*lines, *items, ""] if items else lines

    def facts(self, term: URIRef) -> list[tuple[str, str]]:
        """Return what the ontology says of a term besides its texts, as (label, Markdown)."""
        graph = self.graph
        facts: list[tuple[str, str]] = []
        kinds = [kind for kind in graph.objects(term, RDF.type) if kind != OWL.NamedIndividual]
        if self.section_of(term) is SECTIONS[-1]:
            facts.append(("Type", self.links(kinds)))
        elif self.section_of(term) is SECTIONS[1]:
            facts.append(("Kind", self.links(kinds)))
        for label, predicate, inverse in (
            ("Subclass of", RDFS.subClassOf, False),
            ("Subclasses", RDFS.subClassOf, True),
            ("Subproperty of", RDFS.subPropertyOf, False),
            ("Domain", RDFS.domain, False),
            ("Range", RDFS.range, False),
            ("Properties with this domain", RDFS.domain, True),
            ("Properties with this range", RDFS.range, True),
            ("In scheme", SKOS.inScheme, False),
            ("Top concepts", SKOS.hasTopConcept, False),
        ):
            if inverse:
                values = [
                    node
                    for node, value in graph.subject_objects(predicate)
                    if node in self.terms and term in self.members(value)
                ]
            else:
                values = list(graph.objects(term, predicate))
            if values:
                facts.append((label, self.links(values)))
        return facts

    def mappings(self, term: URIRef) -> list[str]:
        """Return the term's mappings from the alignments as a nested Markdown list."""
        lines: list[str] = []
        for predicate in MAPPING_PREDICATES:
            targets = {self.link(target) for target in self.alignments.objects(term, predicate)}
            for target in sorted(targets, key=_sort_key):
                lines.append(f"  - {self.curie(predicate)} {target}")
        notes = self.texts(self.alignments, term, SKOS.note)
        lines += [f"  - note: {text}" for _, text in sorted(notes.items())]
        return ["- Alignments:", *lines] if lines else []


if __name__ == "__main__":
    raise SystemExit(main())
