"""The stored-query catalogue: `queries/*.rq` with grlc decorators and BASIL parameters.

    load_catalogue(folder)             -> {name: StoredQuery}, the internal ones included
    load_query_file(path)              -> StoredQuery (QueryDefinitionError when it is broken)
    bind(query, values)                -> {variable: RDF term}, checked against the declarations
    run_local(store, query, bindings)  -> QueryResult, parameters bound as terms
    with_values_block(query, bindings) -> the query text for a remote endpoint: a VALUES block
                                          of serialised terms opening the WHERE group

A parameter is a variable of the query named the BASIL way: `?_isil` (required, a string),
`?__year` (optional), with a type after the last underscore (`?_library_iri`,
`?_n_integer`, `?__from_date`). Values are bound as RDF terms, never pasted into the text,
so a value with quotes, braces or newlines stays a literal. An optional parameter left out
stays unbound; the query's filters allow that (`FILTER(!BOUND(?__year) || ...)`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml
from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryBoolean,
    QuerySolutions,
    QueryTriples,
    Triple,
)

from kg import resources
from kg.errors import QueryDefinitionError, QueryNotFound, QueryParameterError, RequestError
from kg.store import GraphStore
from kg.vocab import XSD

INTERNAL_FOLDER = "internal"
FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
_PARAMETER = re.compile(r"[?$](_{1,2}[A-Za-z][A-Za-z0-9_]*)")
_TYPES = {
    "iri": None,
    "integer": XSD.integer,
    "decimal": XSD.decimal,
    "date": XSD.date,
    "boolean": XSD.boolean,
    "gYear": XSD.gYear,
}

Term = NamedNode | Literal | BlankNode


@dataclass(frozen=True)
class Parameter:
    """A parameter of a stored query: its variable, whether required, its type and choices."""

    variable: str  # without the "?": "_isil", "__year", "_library_iri"
    name: str  # as users write it: "isil", "year", "library"
    required: bool
    kind: str  # "string" or a key of _TYPES
    choices: tuple[str, ...] = ()
    default: str | None = None


@dataclass(frozen=True)
class StoredQuery:
    """One stored query: its name, text, what its header says, and its parameters."""

    name: str
    path: str
    text: str
    form: str
    summary: str
    description: str = ""
    tags: tuple[str, ...] = ()
    parameters: tuple[Parameter, ...] = ()
    internal: bool = False

    def parameter(self, name: str) -> Parameter | None:
        """Return the parameter called `name` (as users write it), if the query has it."""
        return next((p for p in self.parameters if name in (p.name, p.variable)), None)


@dataclass(frozen=True)
class QueryResult:
    """What a query gave: rows of terms (SELECT), triples (CONSTRUCT/DESCRIBE) or a boolean."""

    form: str
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    triples: tuple[Triple, ...] = ()
    boolean: bool | None = None


# -- reading the files -------------------------------------------------------------------------


def load_catalogue(folder: Traversable | Path | None = None) -> dict[str, StoredQuery]:
    """Return every stored query of `folder` (default: the package's `queries/`), by name."""
    root = folder if folder is not None else resources.folder("queries")
    catalogue: dict[str, StoredQuery] = {}
    entries = [(entry, False) for entry in root.iterdir() if entry.name.endswith(".rq")]
    internal = root.joinpath(INTERNAL_FOLDER)
    if internal.is_dir():
        entries += [(entry, True) for entry in internal.iterdir() if entry.name.endswith(".rq")]
    for entry, is_internal in sorted(entries, key=lambda item: item[0].name):
        query = _parse_query(entry.read_text(encoding="utf-8"), str(entry), is_internal)
        catalogue[query.name] = query
    return catalogue


def load_query_file(path: Path) -> StoredQuery:
    """Read one `.rq` file (any path); QueryDefinitionError names the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryDefinitionError(f"cannot read the query ({exc})", where=str(path)) from exc
    return _parse_query(text, str(path), internal=False)


def find_query(catalogue: Mapping[str, StoredQuery], name_or_path: str) -> StoredQuery:
    """Return the stored query `name_or_path` names, or read it as a file if it is one."""
    if name_or_path in catalogue:
        return catalogue[name_or_path]
    path = Path(name_or_path)
    if path.suffix == ".rq" and path.is_file():
        return load_query_file(path)
    known = ", ".join(sorted(name for name, q in catalogue.items() if not q.internal))
    raise QueryNotFound(
        f"no stored query of this name; the queries are: {known}", where=name_or_path
    )


def _parse_query(text: str, path: str, internal: bool) -> StoredQuery:
    header = _header(text, path)
    body = strip_comments(text)
    form = next((f for f in FORMS if re.search(rf"\b{f}\b", body, re.IGNORECASE)), None)
    if form is None:
        raise QueryDefinitionError(
            "expected a SELECT, CONSTRUCT, DESCRIBE or ASK query", where=f"{path}:1"
        )
    summary = header.get("summary")
    if not isinstance(summary, str) or not summary.strip():
        raise QueryDefinitionError("expected a '#+ summary:' line in the header", where=f"{path}:1")
    description = header.get("description") or ""
    return StoredQuery(
        name=Path(path).stem,
        path=path,
        text=text,
        form=form,
        summary=summary.strip(),
        description=str(description).strip(),
        tags=tuple(str(tag) for tag in _as_list(header.get("tags"))),
        parameters=_parameters(body, header, path),
        internal=internal,
    )


def _header(text: str, path: str) -> dict[str, Any]:
    """Read the grlc decorators (`#+ key: value` lines) at the top: one YAML document."""
    lines: list[str] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if line.startswith("#+"):
            lines.append(line[2:].removeprefix(" "))
    try:
        header = yaml.safe_load("\n".join(lines)) if lines else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise QueryDefinitionError(
            f"the '#+' header is not valid YAML ({getattr(exc, 'problem', exc)})",
            where=f"{path}:{line}",
        ) from None
    if not isinstance(header, dict):
        raise QueryDefinitionError(
            "the '#+' header is not a set of 'key: value' lines", where=f"{path}:1"
        )
    return header


def _as_list(value: object) -> list[object]:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [item.strip() for item in str(value).split(",") if item.strip()]


def _parameters(body: str, header: dict[str, Any], path: str) -> tuple[Parameter, ...]:
    variables = dict.fromkeys(_PARAMETER.findall(body))
    choices = _by_name(header.get("enumerate"), path)
    defaults = _by_name(header.get("defaults"), path)
    parameters = []
    for variable in variables:
        required = not variable.startswith("__")
        stem = variable.lstrip("_")
        name, _, suffix = stem.rpartition("_")
        kind = suffix if name and suffix in _TYPES else "string"
        name = name if kind != "string" else stem
        chosen = choices.get(name, choices.get(variable))
        default = defaults.get(name, defaults.get(variable))
        parameters.append(
            Parameter(
                variable=variable,
                name=name,
                required=required,
                kind=kind,
                choices=tuple(str(choice) for choice in _as_list(chosen)),
                default=None if default is None else str(default),
            )
        )
    return tuple(parameters)


def _by_name(value: object, path: str) -> dict[str, object]:
    """Read grlc's `defaults` / `enumerate`: a list of one-key mappings (or one mapping)."""
    if value is None:
        return {}
    items = value if isinstance(value, list) else [value]
    found: dict[str, object] = {}
    for item in items:
        if not isinstance(item, dict):
            raise QueryDefinitionError(
                f"expected 'name: value' items in the header, found {item!r}", where=f"{path}:1"
            )
        found.update({str(key): entry for key, entry in item.items()})
    return found


# -- SPARQL text without strings and comments -------------------------------------------------

_TOKEN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*',
    re.DOTALL,
)


def strip_comments(text: str) -> str:
    """Return `text` with comments blanked and strings and IRIs kept whole but unreadable.

    Every string, IRI and comment keeps its length (filled with spaces or `x`), so positions
    in the result are positions in `text`, and keywords inside them are not seen.
    """

    def blank(match: re.Match[str]) -> str:
        token = match.group()
        if token.startswith("#"):
            return " " * len(token)
        return token[0] + re.sub(r"[^\n]", "x", token[1:-1]) + token[-1]

    return _TOKEN.sub(blank, text)


def uses_service(query: StoredQuery) -> bool:
    """Tell whether the query calls another endpoint (a SERVICE clause)."""
    return re.search(r"\bSERVICE\b", strip_comments(query.text), re.IGNORECASE) is not None


# -- parameters ---------------------------------------------------------------------------------


def bind(query: StoredQuery, values: Mapping[str, str]) -> dict[str, Term]:
    """Check `values` (name -> text, as given) against the query's parameters; return terms.

    Unknown or missing parameters, values of the wrong type and values outside an
    `#+ enumerate` list are refused with QueryParameterError (exit 2). Defaults fill in.
    """
    bindings: dict[str, Term] = {}
    for name in values:
        if query.parameter(name) is None:
            known = ", ".join(p.name for p in query.parameters) or "none"
            raise QueryParameterError(
                f"{query.name} has no parameter {name!r} (its parameters: {known})",
                where=f"-p {name}",
            )
    for parameter in query.parameters:
        given = values.get(parameter.name, values.get(parameter.variable, parameter.default))
        if given is None:
            if parameter.required:
                raise QueryParameterError(
                    f"{query.name} needs the parameter {parameter.name} ({parameter.kind})",
                    where=f"-p {parameter.name}",
                )
            continue
        bindings[parameter.variable] = _term(parameter, given, query.name)
    return bindings


def _term(parameter: Parameter, text: str, query: str) -> Term:
    where = f"-p {parameter.name}"
    if parameter.choices and text not in parameter.choices:
        raise QueryParameterError(
            f"{text!r} is not one of {', '.join(parameter.choices)}", where=where
        )
    if parameter.kind == "string":
        return Literal(text)
    if parameter.kind == "iri":
        if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", text):
            raise QueryParameterError(f"expected an absolute IRI, found {text!r}", where=where)
        try:
            return NamedNode(text)
        except ValueError:
            raise QueryParameterError(f"expected an IRI, found {text!r}", where=where) from None
    if not _valid(parameter.kind, text):
        raise QueryParameterError(f"expected {parameter.kind}, found {text!r}", where=where)
    return Literal(text, datatype=_TYPES[parameter.kind])


def _valid(kind: str, text: str) -> bool:
    try:
        if kind == "integer":
            return re.fullmatch(r"[+-]?\d+", text) is not None
        if kind == "decimal":
            Decimal(text)
            return re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text) is not None
        if kind == "date":
            date.fromisoformat(text)
            return re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) is not None
        if kind == "gYear":
            return re.fullmatch(r"\d{4}", text) is not None
        if kind == "boolean":
            return text in ("true", "false")
    except (ValueError, InvalidOperation):
        return False
    return False


# -- running ----------------------------------------------------------------------------------


def check_runnable(query: StoredQuery, *, allow_service: bool) -> None:
    """Refuse a query with a SERVICE clause unless the caller allows it."""
    if uses_service(query) and not allow_service:
        raise RequestError(
            "the query calls another endpoint (SERVICE); run it with --allow-service",
            where=query.path,
        )


def run_local(store: GraphStore, query: StoredQuery, bindings: Mapping[str, Term]) -> QueryResult:
    """Run `query` on the store's default graph (the union of its graphs, each triple once).

    The parameters go in as a VALUES block of serialised terms, as for a remote endpoint:
    pyoxigraph 0.5's `substitutions` binds only variables the SELECT projects, and a BASIL
    parameter rarely is one. One mechanism for both engines also keeps their results alike.
    """
    try:
        answer = store.oxigraph.query(with_values_block(query, bindings))
    except SyntaxError as exc:
        message = re.sub(r"^error at \d+:\d+: ", "", str(exc.msg))
        raise QueryDefinitionError(message, where=_position(query.path, exc.msg)) from exc
    return to_result(answer, query.form)


def _position(path: str, message: str) -> str:
    match = re.search(r"at (\d+):(\d+)", message)
    return f"{path}:{match[1]}:{match[2]}" if match else path


def to_result(answer: object, form: str) -> QueryResult:
    """Turn pyoxigraph's answer (solutions, triples or a boolean) into a QueryResult."""
    if isinstance(answer, QuerySolutions):
        variables = tuple(variable.value for variable in answer.variables)
        rows = tuple(tuple(solution) for solution in answer)  # values in the order of `variables`
        return QueryResult(form, variables=variables, rows=rows)
    if isinstance(answer, QueryTriples):
        return QueryResult(form, triples=tuple(answer))
    if isinstance(answer, QueryBoolean):
        return QueryResult(form, boolean=bool(answer))
    raise TypeError(f"unexpected query answer {type(answer).__name__}")


def with_values_block(query: StoredQuery, bindings: Mapping[str, Term]) -> str:
    """Return the query text with a VALUES block of the bindings opening its WHERE group.

    For endpoints that take no bound variables: the block binds them before any filter runs.
    The terms are written in SPARQL syntax, so a value cannot change the query around it.
    """
    if not bindings:
        return query.text
    masked = strip_comments(query.text)
    where = re.search(r"\bWHERE\s*\{", masked, re.IGNORECASE)
    if where is None:
        raise QueryDefinitionError(
            "a query with parameters needs the WHERE keyword to run on an endpoint",
            where=query.path,
        )
    names = sorted(bindings)
    block = "VALUES ({}) {{ ({}) }}".format(
        " ".join(f"?{name}" for name in names), " ".join(str(bindings[name]) for name in names)
    )
    cut = where.end()
    return query.text[:cut] + f" {block} " + query.text[cut:]
