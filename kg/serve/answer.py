"""One query run on the served graph and written as the client asked: the work of a request.

    Job(query, accept, fmt, max_rows, api)   what to run and how to answer (it is pickled)
    Answer(status, media_type, body, ...)    the HTTP answer (it is pickled back)
    answer(store, job)                       -> Answer; never raises for a query's faults

This runs inside a query process (`kg.serve.runner`), which is killed when it takes too long;
nothing here watches the clock. A SELECT's rows and a CONSTRUCT's triples are read up to
`max_rows` and one more: with more, the answer is cut and says so (`Answer.truncated`, and in
the body where the format has room). pyoxigraph evaluates lazily, so the rows past the cut are
never computed.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import QueryBoolean, QuerySolutions, QueryTriples, Store

from kg.excerpts import first_line
from kg.serve.negotiate import choose
from kg.serve.results import (
    GRAPH_TYPES,
    MEDIA_TYPES,
    SOLUTION_TYPES,
    take,
    write_boolean,
    write_solutions,
    write_triples,
)
from kg.sparql.values import json_boolean, json_rows

TEXT = "text/plain; charset=utf-8"
API_TYPES: tuple[tuple[str, str], ...] = (("application/json", "json"), ("text/csv", "csv"))
API_MEDIA_TYPES = {"json": "application/json", "csv": "text/csv; charset=utf-8"}


@dataclass(frozen=True)
class Job:
    """A query to run and how its client wants the answer.

    `fmt` is a format asked for by name (`?format=`), which overrides `accept`; `api` is the
    name of the stored query when the rows go to the API (plain JSON values, or CSV).
    """

    query: str
    accept: str | None = None
    fmt: str | None = None
    max_rows: int = 10_000
    api: str | None = None


@dataclass(frozen=True)
class Answer:
    """An HTTP answer: status, media type, body, and whether the result was cut."""

    status: int
    media_type: str
    body: bytes
    truncated: bool = False

    @classmethod
    def text(cls, status: int, message: str) -> Answer:
        """Return a short plain-text answer: one line."""
        return cls(status, TEXT, (message + "\n").encode("utf-8"))


def cut_notice(max_rows: int, what: str = "rows") -> str:
    """Return the words that tell a client its result was cut."""
    return (
        f"the result was cut at {max_rows:,} {what} (kg serve --max-rows); "
        "narrow the query, or page through it with LIMIT and OFFSET"
    )


def answer(store: Store, job: Job) -> Answer:
    """Run `job.query` on `store` and write its result as the job asks; faults are answers."""
    try:
        result = store.query(job.query)
    except SyntaxError as exc:
        return Answer.text(400, f"the query cannot be read: {first_line(str(exc))}")
    except (OSError, RuntimeError) as exc:
        return Answer.text(500, f"the query failed: {first_line(str(exc))}")
    try:
        if isinstance(result, QuerySolutions):
            return _solutions(result, job)
        if isinstance(result, QueryBoolean):
            return _boolean(bool(result), job)
        assert isinstance(result, QueryTriples)
        return _triples(result, job)
    except (OSError, RuntimeError) as exc:
        return Answer.text(500, f"the query failed while it ran: {first_line(str(exc))}")


def _format(job: Job, offered: tuple[tuple[str, str], ...], what: str) -> str | Answer:
    """Return the format to write, or the answer that refuses the request."""
    names = list(dict.fromkeys(key for _, key in offered))
    if job.fmt is not None:
        if job.fmt in names:
            return job.fmt
        parameter = "_format" if job.api is not None else "format"
        return Answer.text(400, f"{parameter}: {what} can be written as {', '.join(names)}")
    chosen = choose(job.accept, offered)
    if chosen is None:
        types = ", ".join(dict.fromkeys(media_type for media_type, _ in offered))
        return Answer.text(406, f"{what} can be written as {types}; the Accept header takes none")
    return chosen


def _solutions(result: QuerySolutions, job: Job) -> Answer:
    offered = API_TYPES if job.api is not None else SOLUTION_TYPES
    fmt = _format(job, offered, "rows")
    if isinstance(fmt, Answer):
        return fmt
    variables = [variable.value for variable in result.variables]
    rows, truncated = take((tuple(solution) for solution in result), job.max_rows)
    notice = cut_notice(job.max_rows) if truncated else None
    if job.api is not None and fmt == "json":
        members: dict[str, object] = {"query": job.api, "truncated": truncated}
        if notice:
            members["notice"] = notice
        body = json_rows(variables, rows, **members).encode("utf-8")
        return Answer(200, API_MEDIA_TYPES[fmt], body, truncated)
    media_type = API_MEDIA_TYPES[fmt] if job.api is not None else MEDIA_TYPES[fmt]
    return Answer(200, media_type, write_solutions(variables, rows, fmt, notice), truncated)


def _boolean(value: bool, job: Job) -> Answer:
    if job.api is not None:
        return Answer(200, API_MEDIA_TYPES["json"], json_boolean(value).encode("utf-8"))
    fmt = _format(job, SOLUTION_TYPES, "a boolean")
    if isinstance(fmt, Answer):
        return fmt
    return Answer(200, MEDIA_TYPES[fmt], write_boolean(value, fmt))


def _triples(result: QueryTriples, job: Job) -> Answer:
    fmt = _format(job, GRAPH_TYPES, "triples")
    if isinstance(fmt, Answer):
        return fmt
    triples, truncated = take(result, job.max_rows)
    return Answer(200, MEDIA_TYPES[fmt], write_triples(triples, fmt), truncated)
