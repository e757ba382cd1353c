"""A QueryResult -> what a terminal, a spreadsheet or a program reads.

    SELECT_FORMATS, GRAPH_FORMATS            the names `kg query run --format` takes
    render(result, fmt)                      -> the text (or bytes) of the result in `fmt`
    text_table(header, rows)                 -> a terminal table of plain strings

Rows: `table` (a readable terminal table), `csv` (UTF-8 with a header, what a spreadsheet
opens: IRIs and literal values as they are), `tsv` (SPARQL 1.1 TSV: terms in N-Triples
syntax), `json` (`{"columns": [...], "rows": [{column: value}, ...]}` with typed values:
numbers as numbers, booleans as booleans, dates as ISO text; the document the API of
`kg serve` gives, kg.sparql.values), `jsonl` (those row objects, one a line), `sparql-json`
(SPARQL 1.1 Query Results JSON). Triples (CONSTRUCT, DESCRIBE): `turtle`, `jsonld`,
`ntriples`. ASK: true or false; `{"boolean": true}` in json and jsonl.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, serialize
from rich.console import Console
from rich.table import Table

from kg.errors import RequestError
from kg.sparql.catalogue import QueryResult, Term
from kg.sparql.values import json_boolean, json_lines, json_rows
from kg.store.graph_store import triple_order
from kg.vocab import PREFIXES

SELECT_FORMATS = ("table", "csv", "tsv", "json", "jsonl", "sparql-json")
GRAPH_FORMATS = ("turtle", "jsonld", "ntriples")
_RDF_FORMATS = {
    "turtle": RdfFormat.TURTLE,
    "jsonld": RdfFormat.JSON_LD,
    "ntriples": RdfFormat.N_TRIPLES,
}


def default_format(result: QueryResult) -> str:
    """Return the format a result is shown in when none is asked for."""
    return "turtle" if result.form in ("CONSTRUCT", "DESCRIBE") else "table"


def render(result: QueryResult, fmt: str) -> str:
    """Return `result` written in `fmt` (a format of its kind, or RequestError)."""
    if result.form in ("CONSTRUCT", "DESCRIBE"):
        if fmt not in GRAPH_FORMATS:
            raise RequestError(
                f"a {result.form} query gives triples: choose {', '.join(GRAPH_FORMATS)}",
                where="--format",
            )
        triples = sorted(result.triples, key=triple_order)
        data = serialize(triples, format=_RDF_FORMATS[fmt], prefixes=PREFIXES) or b""
        return data.decode("utf-8")  # (serialize gives None only when given an output)
    if fmt not in SELECT_FORMATS:
        raise RequestError(f"choose {', '.join(SELECT_FORMATS)} for rows", where="--format")
    if result.form == "ASK":
        return _ask(result, fmt)
    return _WRITERS[fmt](result)


def _plain(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    return term.value


def _short(term: Term | None) -> str:
    if isinstance(term, NamedNode):
        for prefix, iri in PREFIXES.items():
            if term.value.startswith(iri) and "/" not in term.value[len(iri) :]:
                return f"{prefix}:{term.value[len(iri) :]}"
    return _plain(term)


def _ask(result: QueryResult, fmt: str) -> str:
    if fmt == "sparql-json":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)}) + "\n"
    if fmt in ("json", "jsonl"):
        return json_boolean(bool(result.boolean))
    return ("true" if result.boolean else "false") + "\n"


def text_table(
    header: Sequence[str], rows: Iterable[Sequence[str]], *, numeric: Sequence[str] = ()
) -> str:
    """Return a terminal table (rich, no colours) of `rows`; `numeric` columns align right."""
    table = Table(show_lines=False)
    for column in header:
        table.add_column(column, justify="right" if column in numeric else "left")
    for row in rows:
        table.add_row(*row)
    buffer = io.StringIO()
    Console(file=buffer, width=160, color_system=None).print(table)
    return buffer.getvalue()


def _table(result: QueryResult) -> str:
    rows = ([_short(term) for term in row] for row in result.rows)
    return text_table(result.variables, rows) + f"{len(result.rows)} rows\n"


def _csv(result: QueryResult) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    writer.writerows([_plain(term) for term in row] for row in result.rows)
    return buffer.getvalue()


def _tsv(result: QueryResult) -> str:
    lines = ["\t".join(f"?{name}" for name in result.variables)]
    lines += ["\t".join("" if term is None else str(term) for term in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    assert isinstance(term, Literal)
    if term.language:
        return {"type": "literal", "value": term.value, "xml:lang": term.language}
    return {"type": "literal", "value": term.value, "datatype": term.datatype.value}


def _sparql_json(result: QueryResult) -> str:
    bindings: list[dict[str, Any]] = [
        {name: _json_term(term) for name, term in zip(result.variables, row, strict=True) if term}
        for row in result.rows
    ]
    document = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _json(result: QueryResult) -> str:
    return json_rows(result.variables, result.rows)


def _jsonl(result: QueryResult) -> str:
    return json_lines(result.variables, result.rows)


_WRITERS: dict[str, Callable[[QueryResult], str]] = {
    "table": _table,
    "csv": _csv,
    "tsv": _tsv,
    "json": _json,
    "jsonl": _jsonl,
    "sparql-json": _sparql_json,
}
