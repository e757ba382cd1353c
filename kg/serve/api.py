"""`/api`: the stored queries (`queries/*.rq`) as a web API, and its OpenAPI 3.1 description.

    openapi_document(catalogue)    -> the OpenAPI document: a path per stored query
    listing(catalogue)             -> what `/api` answers: the queries and their parameters
    run_stored(served, request)    -> the response to GET /api/{name}?<parameters>

A stored query takes its parameters from the query string, checked as `kg query run -p`
checks them (`kg.sparql.catalogue.bind`): an unknown, missing, repeated or ill-typed one is a
400 with one line that names it, with the CLI's words. The values are bound as RDF terms,
never pasted into the text. The rows come as JSON, `{"query", "truncated", "columns",
"rows": [{column: value}]}` with plain values (`kg.sparql.values`: the document of
`kg query run --format json` with the query's name and the cut first), or as CSV (the CLI's),
by Accept or `_format=json|csv` (no parameter's name begins with `_`). The internal queries
are not offered.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import anyio
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from kg import __version__
from kg.errors import QueryDefinitionError, QueryParameterError, RequestError
from kg.serve.answer import Job
from kg.serve.sparql_protocol import http_answer
from kg.serve.state import Served
from kg.sparql.catalogue import Parameter, StoredQuery, bind, check_runnable, with_values_block

FORMAT_PARAMETER = "_format"
_SCHEMAS: dict[str, dict[str, Any]] = {
    "string": {"type": "string"},
    "iri": {"type": "string", "format": "iri"},
    "integer": {"type": "integer"},
    "decimal": {"type": "number"},
    "date": {"type": "string", "format": "date"},
    "gYear": {"type": "string", "pattern": "^[1-9][0-9]{3}$"},
    "boolean": {"type": "boolean"},
}
_KINDS = {
    "string": "a text",
    "iri": "an absolute IRI",
    "integer": "an integer",
    "decimal": "a decimal number",
    "date": "a date, YYYY-MM-DD",
    "gYear": "a year, YYYY",
    "boolean": "true or false",
}


def _text(status: int, message: str) -> Response:
    return PlainTextResponse(message + "\n", status, headers={"Vary": "Accept"})


async def run_stored(served: Served, request: Request) -> Response:
    """Run the stored query of the path with the query string's parameters."""
    name = request.path_params["name"]
    stored = served.catalogue.get(name)
    if stored is None:
        known = ", ".join(sorted(served.catalogue))
        return _text(404, f"no stored query {name!r}; the queries are: {known}")
    values: dict[str, str] = {}
    fmt: str | None = None
    for key, value in request.query_params.multi_items():
        if key in values or (key == FORMAT_PARAMETER and fmt is not None):
            return _text(400, f"parameter {key}: give it once")
        if key == FORMAT_PARAMETER:
            fmt = value
        else:
            values[key] = value
    try:
        bindings = bind(stored, values)
        check_runnable(stored, bindings, allow_service=False)
        text = with_values_block(stored, bindings)
    except QueryParameterError as error:
        where = (error.where or "").removeprefix("-p ")
        return _text(400, f"parameter {where}: {error.message}")
    except QueryDefinitionError as error:
        return _text(500, f"the stored query is broken: {error}")
    except RequestError as error:
        return _text(403, error.message)
    job = Job(text, request.headers.get("accept"), fmt, served.limits.max_rows, api=stored.name)
    answer = await anyio.to_thread.run_sync(served.runner.run, job)
    return http_answer(answer, served.limits)


def listing(catalogue: Mapping[str, StoredQuery]) -> dict[str, Any]:
    """Return the stored queries with their summaries, parameters and paths."""
    return {
        "openapi": "/api/openapi.json",
        "queries": [
            {
                "name": query.name,
                "path": f"/api/{query.name}",
                "summary": query.summary,
                "tags": list(query.tags),
                "parameters": [_parameter_entry(parameter) for parameter in query.parameters],
            }
            for query in sorted(catalogue.values(), key=lambda query: query.name)
        ],
    }


def _parameter_entry(parameter: Parameter) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "name": parameter.name,
        "type": parameter.kind,
        "required": parameter.required,
    }
    if parameter.choices:
        entry["choices"] = list(parameter.choices)
    if parameter.default is not None:
        entry["default"] = parameter.default
    return entry


async def list_queries(served: Served, _request: Request) -> Response:
    """Answer GET /api."""
    return JSONResponse(listing(served.catalogue))


async def openapi(served: Served, _request: Request) -> Response:
    """Answer GET /api/openapi.json."""
    return JSONResponse(openapi_document(served.catalogue))


def openapi_document(catalogue: Mapping[str, StoredQuery]) -> dict[str, Any]:
    """Return the OpenAPI 3.1 description of the API: one path per stored query."""
    paths = {
        f"/api/{query.name}": {"get": _operation(query)}
        for query in sorted(catalogue.values(), key=lambda query: query.name)
    }
    text = {"text/plain": {"schema": {"type": "string"}}}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "kirjasto-kg stored queries",
            "version": __version__,
            "description": (
                "The stored SPARQL queries of kirjasto-kg (queries/*.rq) over the open release "
                "of the graph, served by `kg serve`. Parameters are checked as `kg query run` "
                "checks them and bound as RDF terms. Results are cut at the server's maximum "
                "number of rows (kg serve --max-rows): a cut result says so in its "
                "`truncated` and `notice` members and in the KG-Truncated header."
            ),
        },
        "paths": paths,
        "components": {
            "schemas": {
                "Rows": {
                    "type": "object",
                    "required": ["query", "truncated", "columns", "rows"],
                    "properties": {
                        "query": {"type": "string", "description": "The stored query's name."},
                        "truncated": {
                            "type": "boolean",
                            "description": "Whether the rows were cut at the server's limit.",
                        },
                        "notice": {"type": "string", "description": "Why, when they were."},
                        "columns": {"type": "array", "items": {"type": "string"}},
                        "rows": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "additionalProperties": {
                                    "type": ["string", "number", "integer", "boolean", "null"]
                                },
                            },
                            "description": (
                                "One object per row, every column in it: numbers as numbers, "
                                "booleans as booleans, dates and IRIs as text, null when unbound."
                            ),
                        },
                    },
                }
            },
            "responses": {
                "BadParameter": {
                    "description": "A parameter is unknown, missing, repeated or of the wrong "
                    "type or value: one line names it.",
                    "content": text,
                },
                "NotAcceptable": {
                    "description": "The Accept header takes neither JSON nor CSV.",
                    "content": text,
                },
                "Unavailable": {
                    "description": "The query did not end within the server's time limit, or "
                    "no query process came free.",
                    "content": text,
                },
            },
        },
    }


def _operation(query: StoredQuery) -> dict[str, Any]:
    parameters = [_openapi_parameter(parameter) for parameter in query.parameters]
    parameters.append(
        {
            "name": FORMAT_PARAMETER,
            "in": "query",
            "required": False,
            "description": "The format of the rows, over the Accept header's choice.",
            "schema": {"type": "string", "enum": ["json", "csv"]},
        }
    )
    operation: dict[str, Any] = {
        "operationId": query.name,
        "summary": query.summary,
        "parameters": parameters,
        "responses": {
            "200": {
                "description": "The rows.",
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Rows"}},
                    "text/csv": {"schema": {"type": "string"}},
                },
            },
            "400": {"$ref": "#/components/responses/BadParameter"},
            "406": {"$ref": "#/components/responses/NotAcceptable"},
            "503": {"$ref": "#/components/responses/Unavailable"},
        },
    }
    if query.description:
        operation["description"] = query.description
    if query.tags:
        operation["tags"] = list(query.tags)
    return operation


def _openapi_parameter(parameter: Parameter) -> dict[str, Any]:
    schema = dict(_SCHEMAS[parameter.kind])
    if parameter.choices:
        schema["enum"] = list(parameter.choices)
    if parameter.default is not None:
        schema["default"] = _typed_default(parameter)
    need = "required" if parameter.required else "optional"
    return {
        "name": parameter.name,
        "in": "query",
        "required": parameter.required,
        "description": f"{_KINDS[parameter.kind]}, {need} (the query's ?{parameter.variable})",
        "schema": schema,
    }


def _typed_default(parameter: Parameter) -> Any:
    default = parameter.default
    assert default is not None
    if parameter.kind == "integer":
        return int(default)
    if parameter.kind == "decimal":
        return float(default)
    if parameter.kind == "boolean":
        return default == "true"
    return default
