"""`/sparql`: the SPARQL 1.1 Protocol's query operation over the open graph, read-only.

    read_request(request)      -> Asked (the query, None for the service description, and
                                  the format asked by name), or the response that refuses it
    respond(served, request)   -> the response to GET or POST /sparql
    http_answer(answer, limits) -> a query's Answer as a Starlette response

The three forms of the protocol: GET `?query=`, POST of a form (`query=`, URL-encoded), and
POST of the query itself (`application/sparql-query`, UTF-8). Refused, each with one line:
- updates (`update=`, `application/sparql-update`): 403, the endpoint is read-only (as
  Oxigraph's read-only server answers);
- a query that calls another endpoint (SERVICE), as kg.sparql.service_check reads it: 403;
  one that no reader can read: 400 (a text without the letters of SERVICE, in any case or
  escaped, is not read for it: `calls_nothing`);
- `default-graph-uri` and `named-graph-uri`: 400. The dataset is fixed: the open union as the
  default graph, and no named graphs;
- two queries, a body that is not UTF-8, another media type (415), a body over 1 MiB (413).
The result's format is `?format=` (json, xml, csv, tsv; ttl, nt, jsonld, rdfxml for triples),
else the Accept header's choice; a SELECT without either gets SPARQL JSON, a CONSTRUCT Turtle.
The query runs in a query process (`kg.serve.runner`): stopped after the time limit (503),
cut after `max_rows` rows or triples (`KG-Truncated: <max rows>` and a `KG-Notice` header; in
SPARQL JSON also `head["kg:notice"]`, in XML a comment). GET without any parameter gives the
service description (SPARQL 1.1 Service Description), in Turtle unless asked otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

import anyio
from pyoxigraph import RdfFormat, parse
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from kg.serve.answer import Answer, Job, cut_notice
from kg.serve.limits import Limits
from kg.serve.negotiate import choose
from kg.serve.results import GRAPH_TYPES, MEDIA_TYPES, write_triples
from kg.serve.state import Served
from kg.sparql.service_check import ServiceUse, service_use
from kg.vocab import FORMATS, SD

MAX_BODY = 1 << 20  # bytes of a POSTed query
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
DATASET = ("default-graph-uri", "named-graph-uri")
_FORMATS = ("ttl", "nt", "jsonld", "rdfxml")
_DESCRIPTION = f"""\
@prefix sd: <{SD.iri}> .
@prefix formats: <{FORMATS.iri}> .
<{{endpoint}}> a sd:Service ;
  sd:endpoint <{{endpoint}}> ;
  sd:supportedLanguage sd:SPARQL11Query ;
  sd:resultFormat formats:SPARQL_Results_JSON, formats:SPARQL_Results_XML,
    formats:SPARQL_Results_CSV, formats:SPARQL_Results_TSV, formats:Turtle, formats:N-Triples,
    formats:JSON-LD, formats:RDF_XML ;
  sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .
"""


def _refuse(status: int, message: str) -> Response:
    return PlainTextResponse(message + "\n", status, headers={"Vary": "Accept"})


@dataclass(frozen=True)
class Asked:
    """What a protocol request asks: its query (None: none at all) and `format`, if given."""

    query: str | None
    fmt: str | None = None


async def read_request(request: Request) -> Asked | Response:
    """Return what a protocol request asks for, or the response that refuses it."""
    pairs = list(request.query_params.multi_items())
    direct: str | None = None
    if request.method == "POST":
        media_type, _, parameters = request.headers.get("content-type", "").partition(";")
        media_type = media_type.strip().lower()
        if media_type == UPDATE:
            return _refuse(403, "this endpoint is read-only: updates are refused")
        if media_type not in (FORM, DIRECT):
            return _refuse(415, f"POST a query as {FORM} or as {DIRECT}")
        charset = _charset(parameters)
        if charset not in (None, "utf-8", "utf8"):
            return _refuse(415, f"the query must be UTF-8, not {charset}")
        body = await request.body()
        if len(body) > MAX_BODY:
            return _refuse(413, f"the query is over {MAX_BODY:,} bytes")
        try:
            if media_type == FORM:
                text = body.decode("ascii")
                pairs += parse_qsl(text, keep_blank_values=True, errors="strict")
            else:
                direct = body.decode("utf-8")
        except UnicodeDecodeError:
            return _refuse(400, "the request body is not UTF-8 text")
    names = [name for name, _ in pairs]
    if "update" in names:
        return _refuse(403, "this endpoint is read-only: updates are refused")
    queries = [value for name, value in pairs if name == "query"]
    if direct is not None:
        queries.append(direct)
    if len(queries) > 1:
        return _refuse(400, "give one query")
    formats = [value for name, value in pairs if name == "format"]
    if len(formats) > 1:
        return _refuse(400, "format: give it once")
    fmt = formats[0] if formats else None
    if any(name in DATASET for name in names):
        return _refuse(
            400,
            "default-graph-uri and named-graph-uri are not taken: the dataset is the open "
            "release's union as the default graph, with no named graphs",
        )
    if not queries:
        if request.method == "GET" and set(names) <= {"format"}:
            return Asked(None, fmt)
        return _refuse(400, "no query: give one as query=")
    return Asked(queries[0], fmt)


def _charset(parameters: str) -> str | None:
    for parameter in parameters.split(";"):
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return None


async def respond(served: Served, request: Request) -> Response:
    """Answer a SPARQL protocol request on the served graph."""
    asked = await read_request(request)
    if isinstance(asked, Response):
        return asked
    query, fmt = asked.query, asked.fmt
    if query is None:
        return _service_description(str(request.url.remove_query_params("format")), request, fmt)
    use = calls_nothing(query)
    if use is None:
        use = await anyio.to_thread.run_sync(service_use, query)
    if use.calls:
        where = f" (line {use.line})" if use.line else ""
        return _refuse(
            403, f"the query calls another endpoint (SERVICE){where}, which this server does not"
        )
    if use.calls is None:
        return _refuse(400, f"the query cannot be read: {use.unreadable or 'not SPARQL'}")
    job = Job(query, request.headers.get("accept"), fmt, served.limits.max_rows)
    answer = await anyio.to_thread.run_sync(served.runner.run, job)
    return http_answer(answer, served.limits)


def calls_nothing(query: str) -> ServiceUse | None:
    r"""Return that `query` calls no other endpoint when that is plain from its letters alone.

    A SERVICE clause needs the word, in some case, or `\u` escapes that spell it: a text
    that holds neither (compared case-folded) has none, whatever a parser would make of it.
    Any other text is read by `kg.sparql.service_check.service_use` (None here): its readers,
    rdflib's parser above all, take milliseconds, which most queries need not wait for.
    """
    folded = query.casefold()
    return ServiceUse(False) if "service" not in folded and "\\u" not in folded else None


def http_answer(answer: Answer, limits: Limits) -> Response:
    """Return a query's answer as a response, with the notice of a cut result."""
    headers = {"Vary": "Accept"}
    if answer.truncated:
        headers["KG-Truncated"] = str(limits.max_rows)
        headers["KG-Notice"] = cut_notice(limits.max_rows)
    return Response(answer.body, answer.status, media_type=answer.media_type, headers=headers)


def _service_description(endpoint: str, request: Request, fmt: str | None) -> Response:
    if fmt is not None and fmt not in _FORMATS:
        return _refuse(400, f"format: the service description can be had as {', '.join(_FORMATS)}")
    chosen = fmt or choose(request.headers.get("accept"), GRAPH_TYPES)
    if chosen is None:
        types = ", ".join(dict.fromkeys(media_type for media_type, _ in GRAPH_TYPES))
        return _refuse(406, f"the service description can be had as {types}")
    turtle = _DESCRIPTION.format(endpoint=endpoint)
    triples = [quad.triple for quad in parse(turtle, format=RdfFormat.TURTLE)]
    body = write_triples(triples, chosen)
    return Response(body, 200, media_type=MEDIA_TYPES[chosen], headers={"Vary": "Accept"})
