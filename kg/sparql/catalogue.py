"""The stored-query catalogue: `queries/*.rq` with grlc decorators and BASIL parameters.

    load_catalogue(folder)             -> {name: StoredQuery}, the internal ones included
    load_query_file(path)              -> StoredQuery (QueryDefinitionError when it is broken)
    bind(query, values)                -> {variable: RDF term}, checked against the declarations
    check_runnable(query, bindings)    refuses a query that calls another endpoint (SERVICE)
    run_local(store, query, bindings)  -> QueryResult, parameters bound as terms
    with_values_block(query, bindings) -> the query text for a remote endpoint: a VALUES block
                                          of serialised terms opening the WHERE group
    selected_variables(text)           -> the variables of a SELECT query's rows

A parameter is a variable of the query named the BASIL way: `?_isil` (required, a string),
`?__year` (optional), with a type after the last underscore (`?_library_iri`,
`?_n_integer`, `?__from_date`). Values are bound as RDF terms, never pasted into the text,
so a value with quotes, braces or newlines stays a literal. An optional parameter left out
stays unbound; the query's filters allow that (`FILTER(!BOUND(?__year) || ...)`).
"""

from __future__ import annotations

import functools
import itertools
import re
import threading
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
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
    Store,
    Triple,
)

from kg import resources
from kg.errors import (
    QueryDefinitionError,
    QueryNotFound,
    QueryParameterError,
    QueryRunError,
    RequestError,
)
from kg.excerpts import first_line, quote
from kg.sparql.lexer import Token, mask, tokenize
from kg.sparql.service_check import service_use
from kg.store.graph_store import GraphStore
from kg.vocab import XSD
from kg.yaml_text import load_yaml

INTERNAL_FOLDER = "internal"
FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
ANSWER_TIMEOUT = 60.0  # seconds to wait for another endpoint's answer, unless told otherwise
_PARAMETER = re.compile(r"_{1,2}[A-Za-z][A-Za-z0-9_]*")  # a variable's name, without "?"
_TYPES = {
    "iri": None,
    "integer": XSD.integer,
    "decimal": XSD.decimal,
    "date": XSD.date,
    "boolean": XSD.boolean,
    "gYear": XSD.gYear,
}
# What a typed value must look like, and how an error says it. ASCII digits only, and bounded:
# integers and the whole part of decimals exact in a double and in Oxigraph's 64-bit integers,
# decimals to the 18 places Oxigraph keeps, years of four digits (XSD has no year 0).
_SHAPES = {
    "integer": (re.compile(r"[+-]?[0-9]{1,15}"), "an integer of at most 15 digits"),
    "decimal": (
        re.compile(r"[+-]?(?:[0-9]{1,15}(?:\.[0-9]{0,18})?|\.[0-9]{1,18})"),
        "a decimal number with at most 15 digits before the point and 18 after it",
    ),
    "date": (re.compile(r"[1-9][0-9]{3}-[0-9]{2}-[0-9]{2}"), "a date YYYY-MM-DD (years 1000-9999)"),
    "gYear": (re.compile(r"[1-9][0-9]{3}"), "a year 1000-9999"),
    "boolean": (re.compile(r"true|false"), "true or false"),
}
# Text XML 1.0 can carry (its Char production), as SPARQL XML results must: no NUL, no other
# control character but tab and line ends, no lone surrogate (what undecodable bytes of the
# command line become).
_NOT_XML_TEXT = re.compile(r"[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

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


# A build reads the catalogue more than once (the release's tables, the fitness); the parse
# (a YAML header, the tokens) is a pure function of the file's text and path.
@functools.lru_cache(maxsize=256)
def _parse_query(text: str, path: str, internal: bool) -> StoredQuery:
    header = _header(text, path)
    tokens = [token for token in tokenize(text) if token.significant]
    form = next(
        (t.text.upper() for t in tokens if t.kind == "word" and t.text.upper() in FORMS), None
    )
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
        parameters=_parameters(tokens, header, path),
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
        header = load_yaml("\n".join(lines)) if lines else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        number = mark.line + 1 if mark is not None else 1
        raise QueryDefinitionError(
            f"the '#+' header is not valid YAML ({getattr(exc, 'problem', exc)})",
            where=f"{path}:{number}",
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


def _parameters(tokens: list[Token], header: dict[str, Any], path: str) -> tuple[Parameter, ...]:
    names = (token.text[1:] for token in tokens if token.kind == "var")
    variables = dict.fromkeys(name for name in names if _PARAMETER.fullmatch(name))
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


def strip_comments(text: str) -> str:
    """Return `text` with comments blanked and strings and IRIs kept whole but unreadable.

    Every string, IRI and comment keeps its length (filled with spaces or `x`), so positions
    in the result are positions in `text`, and keywords inside them are not seen. The text is
    cut into tokens as a SPARQL parser cuts it (`kg.sparql.lexer.mask`).
    """
    return mask(text)


def uses_service(query: StoredQuery) -> bool:
    """Tell whether the query may call another endpoint (SERVICE), or cannot be read to tell."""
    return service_use(query.text).calls is not False


# -- parameters ---------------------------------------------------------------------------------


def _option(name: str) -> str:
    """Return how an error names the `-p` option of `name`, on one short line."""
    plain = re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,63}", name) is not None
    return f"-p {name if plain else quote(name)}"


def bind(query: StoredQuery, values: Mapping[str, str]) -> dict[str, Term]:
    """Check `values` (name -> text, as given) against the query's parameters; return terms.

    Unknown or missing parameters, values of the wrong type or out of its range (see
    `_SHAPES`), values outside an `#+ enumerate` list and text that is not XML text (a NUL, a
    control character, a lone surrogate) are refused with QueryParameterError (exit 2), on
    one line that quotes at most 80 characters of the value. Defaults fill in.
    """
    bindings: dict[str, Term] = {}
    for name in values:
        if query.parameter(name) is None:
            known = ", ".join(p.name for p in query.parameters) or "none"
            raise QueryParameterError(
                f"{query.name} has no parameter {quote(name)} (its parameters: {known})",
                where=_option(name),
            )
    for parameter in query.parameters:
        given = values.get(parameter.name, values.get(parameter.variable, parameter.default))
        if given is None:
            if parameter.required:
                raise QueryParameterError(
                    f"{query.name} needs the parameter {parameter.name} ({parameter.kind})",
                    where=_option(parameter.name),
                )
            continue
        bindings[parameter.variable] = _term(parameter, given)
    return bindings


def _term(parameter: Parameter, text: str) -> Term:
    where = _option(parameter.name)
    if parameter.choices and text not in parameter.choices:
        raise QueryParameterError(
            f"{quote(text)} is not one of {', '.join(parameter.choices)}", where=where
        )
    odd = _NOT_XML_TEXT.search(text)
    if odd:
        raise QueryParameterError(
            f"the value holds {ascii(odd.group())[1:-1]}, which a query cannot take: {quote(text)}",
            where=where,
        )
    if parameter.kind == "string":
        return Literal(text)
    if parameter.kind == "iri":
        if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", text):
            raise QueryParameterError(f"expected an absolute IRI, found {quote(text)}", where=where)
        try:
            return NamedNode(text)
        except ValueError:
            raise QueryParameterError(
                f"expected an IRI, found {quote(text)}", where=where
            ) from None
    pattern, described = _SHAPES[parameter.kind]
    if pattern.fullmatch(text) is None or not _valid_date(parameter.kind, text):
        raise QueryParameterError(f"expected {described}, found {quote(text)}", where=where)
    return Literal(text, datatype=_TYPES[parameter.kind])


def _valid_date(kind: str, text: str) -> bool:
    if kind != "date":
        return True
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


# -- running ----------------------------------------------------------------------------------


def check_runnable(
    query: StoredQuery, bindings: Mapping[str, Term] | None = None, *, allow_service: bool
) -> None:
    """Refuse a query that calls another endpoint (SERVICE) unless the caller allows it.

    The text checked is the one that runs, its parameters bound (`with_values_block`), read
    by `kg.sparql.service_check.service_use`; a query it cannot read is refused too.
    """
    if allow_service:
        return
    use = service_use(with_values_block(query, bindings or {}))
    if use.calls is None:
        raise RequestError(
            "cannot tell whether the query calls another endpoint (SERVICE): it cannot be read "
            f"({first_line(use.unreadable, 160) or 'not SPARQL'}); run it with --allow-service "
            "if you trust it",
            where=query.path,
        )
    if use.calls:
        raise RequestError(
            "the query calls another endpoint (SERVICE); run it with --allow-service",
            where=f"{query.path}:{use.line}" if use.line else query.path,
        )


def run_local(
    store: GraphStore,
    query: StoredQuery,
    bindings: Mapping[str, Term],
    *,
    timeout: float | None = None,
) -> QueryResult:
    """Run `query` on the store's default graph (the union of its graphs, each triple once).

    The parameters go in as a VALUES block of serialised terms, as for a remote endpoint:
    pyoxigraph 0.5's `substitutions` binds only variables the SELECT projects, and a BASIL
    parameter rarely is one. One mechanism for both engines also keeps their results alike.

    An error while the query runs (a SERVICE call that fails or cannot be made) is a
    QueryRunError (exit 3). pyoxigraph has no timeout of its own for SERVICE calls: with
    `timeout`, the query runs in a thread of its own and QueryRunError comes when it has not
    ended after that many seconds (the thread is left waiting; it ends with the process).
    """
    text = with_values_block(query, bindings)
    if timeout is None:
        return _evaluate(store, text, query)
    return _within(timeout, lambda: _evaluate(store, text, query), where=query.path)


def _evaluate(store: GraphStore, text: str, query: StoredQuery) -> QueryResult:
    try:
        answer = store.oxigraph.query(text)
    except SyntaxError as exc:
        message = re.sub(r"^error at \d+:\d+: ", "", str(exc.msg))
        raise QueryDefinitionError(message, where=_position(query.path, exc.msg)) from exc
    except (OSError, RuntimeError) as exc:  # ASK and ORDER BY evaluate before the first row
        raise _run_error(exc, query.path) from exc
    try:
        return to_result(answer, query.form)
    except BaseException as exc:
        # Whatever the error, the answer is dropped here, on the thread that made it (see
        # _forget_locals), not with the error: held by the error's frames, it would go with
        # the garbage collector on whichever thread that happens to run.
        del answer
        _forget_locals(exc)
        if isinstance(exc, OSError | RuntimeError | SyntaxError):
            raise _run_error(exc, query.path) from exc
        raise


def _run_error(exc: BaseException, where: str) -> QueryRunError:
    said = first_line(str(exc)) or type(exc).__name__
    return QueryRunError(f"the query failed while it ran ({said})", where=where)


def _within(seconds: float, work: Callable[[], QueryResult], *, where: str) -> QueryResult:
    """Return what `work` gives, run in a thread that is given `seconds` to end."""
    outcome: list[QueryResult | BaseException] = []

    def run() -> None:
        try:
            outcome.append(work())
        except BaseException as exc:  # handed to the caller's thread below
            outcome.append(exc)

    worker = threading.Thread(target=run, name="kg-query", daemon=True)
    worker.start()
    worker.join(seconds)
    if not outcome:
        raise QueryRunError(
            f"no answer within {seconds:g} s: a SERVICE call may be waiting for an endpoint "
            "that does not answer (--timeout)",
            where=where,
        )
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


def _forget_locals(error: BaseException) -> None:
    """Drop the local variables of the (ended) frames `error` and its causes passed through.

    A pyoxigraph answer must be dropped on the thread that made it (else pyoxigraph reports
    "unsendable" and leaks it), and a frame of the traceback may hold one: without this, the
    thread that ends with the error (`_within` hands errors to the caller's thread), or the
    garbage collector on any thread, would drop it.
    """
    todo: list[BaseException | None] = [error]
    seen: set[int] = set()
    while todo:
        current = todo.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        traceback.clear_frames(current.__traceback__)
        todo += [current.__cause__, current.__context__]


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
    tokens = [token for token in tokenize(query.text) if token.significant]
    opening = next(
        (
            brace
            for keyword, brace in itertools.pairwise(tokens)
            if keyword.kind == "word" and keyword.text.upper() == "WHERE" and brace.text == "{"
        ),
        None,
    )
    if opening is None:
        raise QueryDefinitionError(
            "a query with parameters needs the WHERE keyword to run on an endpoint",
            where=query.path,
        )
    names = sorted(bindings)
    block = "VALUES ({}) {{ ({}) }}".format(
        " ".join(f"?{name}" for name in names), " ".join(str(bindings[name]) for name in names)
    )
    cut = opening.start + 1
    return query.text[:cut] + f" {block} " + query.text[cut:]


def selected_variables(text: str) -> tuple[str, ...] | None:
    """Return the variables of the rows a SELECT query gives, as Oxigraph reads it, or None.

    They come from running the query on an empty store in memory, which gives them (`SELECT *`
    included: the variables in scope) without any row. Only a query that calls no other
    endpoint (`service_use`) is run so, so nothing leaves the machine; for any other, and for
    a text Oxigraph cannot read or a query that is not a SELECT, the answer is None.
    """
    if service_use(text).calls is not False:
        return None
    try:
        answer = Store().query(text)
    except (SyntaxError, OSError, RuntimeError):
        return None
    if not isinstance(answer, QuerySolutions):
        return None
    return tuple(variable.value for variable in answer.variables)
