"""A query's answer written in the format a client chose, cut at a number of rows.

    SOLUTION_TYPES, GRAPH_TYPES       (media type, format) pairs offered, in preference order
    take(items, max_rows)             -> (the first max_rows items, whether there were more)
    write_solutions(variables, rows, fmt, notice)  -> bytes: SPARQL JSON, XML, CSV or TSV
    write_boolean(value, fmt)         -> bytes: an ASK answer
    write_triples(triples, fmt)       -> bytes: Turtle, N-Triples, JSON-LD or RDF/XML

CSV, TSV, Turtle, N-Triples and JSON-LD are kg.sparql.output's, as `kg query run` writes
them. JSON and XML are written here: the JSON carries the notice of a cut result in its head
(`"head": {"vars": [...], "kg:notice": "..."}`, which readers of SPARQL results ignore), the
XML in a comment before its results; CSV and TSV have nowhere to carry one.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar
from xml.sax.saxutils import escape, quoteattr

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple, serialize

from kg.sparql.catalogue import QueryResult
from kg.sparql.output import render
from kg.store.sort import triple_order
from kg.vocab import PREFIXES, XSD

T = TypeVar("T")

SOLUTION_TYPES: tuple[tuple[str, str], ...] = (
    ("application/sparql-results+json", "json"),
    ("application/sparql-results+xml", "xml"),
    ("text/csv", "csv"),
    ("text/tab-separated-values", "tsv"),
    ("application/json", "json"),
    ("application/xml", "xml"),
    ("text/xml", "xml"),
)
GRAPH_TYPES: tuple[tuple[str, str], ...] = (
    ("text/turtle", "ttl"),
    ("application/n-triples", "nt"),
    ("application/ld+json", "jsonld"),
    ("application/rdf+xml", "rdfxml"),
    ("application/json", "jsonld"),
)
MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "ttl": "text/turtle; charset=utf-8",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
_RENDERED = {"csv": "csv", "tsv": "tsv", "ttl": "turtle", "nt": "ntriples", "jsonld": "jsonld"}
_STRING = XSD.string.value
# What XML 1.0 cannot carry, even escaped: a literal holding it is written with U+FFFD instead.
_NOT_XML = re.compile(r"[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
Term = NamedNode | Literal | BlankNode | Triple


def take(items: Iterable[T], max_rows: int) -> tuple[list[T], bool]:
    """Return the first `max_rows` of `items` and whether `items` had more."""
    taken = list(itertools.islice(items, max_rows + 1))
    return taken[:max_rows], len(taken) > max_rows


def write_solutions(
    variables: Sequence[str],
    rows: Sequence[Sequence[Term | None]],
    fmt: str,
    notice: str | None = None,
) -> bytes:
    """Return SELECT rows in `fmt` ("json", "xml", "csv", "tsv"), with `notice` if it fits."""
    if fmt == "json":
        return _json(variables, rows, notice).encode("utf-8")
    if fmt == "xml":
        return _xml(variables, rows, notice).encode("utf-8")
    plain = tuple(tuple(_no_triple(term) for term in row) for row in rows)
    result = QueryResult("SELECT", variables=tuple(variables), rows=plain)
    return render(result, _RENDERED[fmt]).encode("utf-8")


def _no_triple(term: Term | None) -> NamedNode | Literal | BlankNode | None:
    """Return `term`, a triple term as the literal of its text (CSV and TSV have no other)."""
    return Literal(f"<< {term} >>") if isinstance(term, Triple) else term


def write_boolean(value: bool, fmt: str) -> bytes:
    """Return an ASK answer in `fmt` ("json", "xml", "csv", "tsv")."""
    if fmt == "xml":
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'
            f"  <head/>\n  <boolean>{'true' if value else 'false'}</boolean>\n</sparql>\n"
        ).encode()
    named = "sparql-json" if fmt == "json" else fmt
    return render(QueryResult("ASK", boolean=value), named).encode("utf-8")


def write_triples(triples: Sequence[Triple], fmt: str) -> bytes:
    """Return triples, sorted, in `fmt` ("ttl", "nt", "jsonld", "rdfxml")."""
    if fmt == "rdfxml":
        ordered = sorted(triples, key=triple_order)
        return serialize(ordered, format=RdfFormat.RDF_XML, prefixes=PREFIXES) or b""
    return render(QueryResult("CONSTRUCT", triples=tuple(triples)), _RENDERED[fmt]).encode("utf-8")


def _json_term(term: Term) -> dict[str, Any]:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _json_term(term.subject),
                "predicate": _json_term(term.predicate),
                "object": _json_term(term.object),
            },
        }
    if term.language:
        return {"type": "literal", "value": term.value, "xml:lang": term.language}
    if term.datatype.value == _STRING:
        return {"type": "literal", "value": term.value}
    return {"type": "literal", "value": term.value, "datatype": term.datatype.value}


def _json(
    variables: Sequence[str], rows: Sequence[Sequence[Term | None]], notice: str | None
) -> str:
    head: dict[str, Any] = {"vars": list(variables)}
    if notice:
        head["kg:notice"] = notice
    bindings = [
        json.dumps(
            {
                name: _json_term(term)
                for name, term in zip(variables, row, strict=True)
                if term is not None
            },
            ensure_ascii=False,
        )
        for row in rows
    ]
    head_text = json.dumps(head, ensure_ascii=False)
    body = ",\n".join(bindings)
    return f'{{"head": {head_text}, "results": {{"bindings": [\n{body}\n]}}}}\n'


def _xml_text(text: str) -> str:
    return escape(_NOT_XML.sub("\ufffd", text))


def _xml_term(term: Term) -> str:
    if isinstance(term, NamedNode):
        return f"<uri>{_xml_text(term.value)}</uri>"
    if isinstance(term, BlankNode):
        return f"<bnode>{_xml_text(term.value)}</bnode>"
    if isinstance(term, Triple):
        parts = zip(("subject", "predicate", "object"), term, strict=True)
        return (
            "<triple>"
            + "".join(f"<{name}>{_xml_term(part)}</{name}>" for name, part in parts)
            + "</triple>"
        )
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{_xml_text(term.value)}</literal>"
    if term.datatype.value == _STRING:
        return f"<literal>{_xml_text(term.value)}</literal>"
    return f"<literal datatype={quoteattr(term.datatype.value)}>{_xml_text(term.value)}</literal>"


def _xml(
    variables: Sequence[str], rows: Sequence[Sequence[Term | None]], notice: str | None
) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
        "  <head>",
        *(f"    <variable name={quoteattr(name)}/>" for name in variables),
        "  </head>",
    ]
    if notice:
        lines.append(f"  <!-- {_xml_text(notice).replace('--', '- -')} -->")
    lines.append("  <results>")
    for row in rows:
        bindings = "".join(
            f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>"
            for name, term in zip(variables, row, strict=True)
            if term is not None
        )
        lines.append(f"    <result>{bindings}</result>")
    lines += ["  </results>", "</sparql>", ""]
    return "\n".join(lines)
