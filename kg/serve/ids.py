"""`/id/<rest>`: the IRI `<base><rest>` of the served graph, in the format the client asks for.

    locate(served, raw_rest)  -> (IRI, its owner) or None: what a path under /id/ names
    respond(served, request)  -> the response to GET or HEAD /id/<rest>

A path that is a file of the site (`id/project/x.html`, `id/project/x.ttl`) is that file.
Any other names an IRI: a thing, or a part of one (`project/x/grant`), or nothing the graph
holds (404). Its format is `?format=html|ttl|jsonld|nt`, else the one the Accept header prefers
(`kg.serve.negotiate`; the server prefers HTML, then Turtle, JSON-LD, N-Triples; 406 when the
header takes none). HTML is the site's page of the thing, and for a part a 303 to its owner's
page with the part's fragment; the RDF formats are `kg.site.describe`'s description of the
thing (of the owner, for a part), so the server and the site give the same bytes. Every
answer about an IRI varies by Accept.
"""

from __future__ import annotations

import mimetypes
import stat
from urllib.parse import quote, unquote

import anyio
from pyoxigraph import NamedNode
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response
from starlette.staticfiles import StaticFiles

from kg.serve.negotiate import choose
from kg.serve.state import Served
from kg.site.describe import description, serialize_description
from kg.site.paths import Layout, fragment, href

ID_TYPES: tuple[tuple[str, str], ...] = (
    ("text/html", "html"),
    ("text/turtle", "ttl"),
    ("application/ld+json", "jsonld"),
    ("application/n-triples", "nt"),
    ("application/xhtml+xml", "html"),
    ("application/json", "jsonld"),
)
RDF_MEDIA_TYPES = {
    "ttl": "text/turtle; charset=utf-8",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
}
FORMATS = ("html", "ttl", "jsonld", "nt")
VARY = {"Vary": "Accept"}
_SEGMENT_SAFE = "-:_.~"  # what kg.iris leaves unencoded in a segment of an IRI it mints
READ_AT_ONCE = 1 << 20  # bytes: a site's file up to this size is answered from memory
NO_SITE = "there is no site to show pages from; write it with kg site (RDF works without it)"


def locate(served: Served, raw_rest: str) -> tuple[NamedNode, NamedNode] | None:
    """Return the IRI a path under /id/ names and the thing it is or is part of, or None.

    The path is taken as sent (`raw_rest`, still percent-encoded): each segment is decoded and
    encoded again as kg.iris mints segments, so `%c3%a4`, `%C3%A4` and a raw `ä` name the same
    IRI, and an encoded `/` in a segment stays one. The path as sent is tried too.
    """
    segments = raw_rest.split("/")
    minted = "/".join(quote(unquote(segment), safe=_SEGMENT_SAFE) for segment in segments)
    for rest in dict.fromkeys((minted, raw_rest)):
        try:
            iri = NamedNode(served.base + rest)
        except ValueError:
            continue
        owner = served.things.owner(iri)
        if owner is not None and (owner == iri or served.holds_part(owner, iri)):
            return iri, owner
    return None


async def respond(served: Served, request: Request) -> Response:
    """Answer GET or HEAD /id/<rest>: a file of the site, or the IRI in a negotiated format."""
    rest = request.path_params["rest"]
    if served.site is not None:
        found = _site_file(served.site, "id/" + rest) if "." in rest.rpartition("/")[2] else None
        if found is not None:
            return found
    raw = _raw_rest(request)
    located = locate(served, raw)
    if located is None:
        return PlainTextResponse(
            f"the graph holds nothing at {served.base}{raw}\n", 404, headers=VARY
        )
    iri, owner = located
    asked = request.query_params.getlist("format")
    if len(asked) > 1:
        return PlainTextResponse("format: give it once\n", 400, headers=VARY)
    if asked:
        fmt: str | None = asked[0]
        if fmt not in FORMATS:
            return PlainTextResponse(f"format: choose {', '.join(FORMATS)}\n", 400, headers=VARY)
    else:
        fmt = choose(request.headers.get("accept"), ID_TYPES)
        if fmt is None:
            offered = ", ".join(media_type for media_type, _ in ID_TYPES[:4])
            return PlainTextResponse(
                f"{iri.value} can be had as {offered}; the Accept header takes none\n",
                406,
                headers=VARY,
            )
    if fmt == "html":
        return await _page(served, iri, owner)
    body = await anyio.to_thread.run_sync(_rdf, served, owner, fmt)
    return Response(body, 200, media_type=RDF_MEDIA_TYPES[fmt], headers=VARY)


def _raw_rest(request: Request) -> str:
    """Return the path after /id/ as the client sent it (percent-encoded)."""
    raw = request.scope.get("raw_path")
    path = raw.decode("utf-8", "surrogateescape") if raw else quote(request.url.path)
    rest = path.partition("?")[0]
    return rest[len("/id/") :] if rest.startswith("/id/") else rest.lstrip("/")


def _rdf(served: Served, owner: NamedNode, fmt: str) -> bytes:
    return serialize_description(description(served.store, served.things, owner), fmt)


async def _page(served: Served, iri: NamedNode, owner: NamedNode) -> Response:
    layout = Layout(served.base)
    page = layout.page(layout.thing_stem(owner), layout.lang)
    if iri != owner:
        location = "/" + href("index.html", page, fragment(owner, iri))
        return RedirectResponse(location, 303, headers=VARY)
    if served.site is None:
        return PlainTextResponse(NO_SITE + "\n", 404, headers=VARY)
    found = _site_file(served.site, page, vary=True)
    if found is None:
        return PlainTextResponse(
            f"the site has no page for {iri.value}; write the site again with kg site\n",
            404,
            headers=VARY,
        )
    return found


def _site_file(site: StaticFiles, path: str, *, vary: bool = False) -> Response | None:
    """Return the site's file at `path` (from the site's root), or None if it has none.

    A page is read at once, in the event loop: a few stat calls and one read of a file the
    system has cached cost less than the threads a streamed file answer passes through; a
    large file (a download) is streamed.
    """
    try:
        full, found = site.lookup_path(path)
    except (OSError, ValueError):
        return None
    if found is None or not stat.S_ISREG(found.st_mode):
        return None
    headers = VARY if vary else None
    if found.st_size > READ_AT_ONCE:
        return FileResponse(full, stat_result=found, headers=headers)
    try:
        with open(full, "rb") as stream:
            body = stream.read()
    except OSError:
        return None
    media_type = mimetypes.guess_type(full)[0] or "application/octet-stream"
    return Response(body, 200, media_type=media_type, headers=headers)
