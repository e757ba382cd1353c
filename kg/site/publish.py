"""Publishing the site: the redirects that make the IRIs dereference, and the sitemap.

    htaccess(things, layout, url)       -> the bytes of `.htaccess` (Apache mod_rewrite, w3id)
    redirect_rules(things, layout)      -> the rules it holds, as data (what the tests run)
    sitemaps(pages, layout, url)        -> [(file name, bytes)]: sitemap.xml (an index of
                                           sitemap-N.xml when there are more than 50,000 pages)

The rules answer a thing's IRI with 303 See Other: Turtle, JSON-LD or N-Triples when the
Accept header asks for it, else the page; a part's IRI (`project/x/grant`) with its owner's
data or its owner's page at the part (`project/x.html#grant`); the ontology's namespace with
`ns.ttl` or `ns.html`. The part rules are made from the graph: for each first segment of the
things' IRIs (`library`), the depths of the things under it, deepest first, each followed by
the names the parts under them begin with (`address`, `unit`); a thing or part that such a
rule would take wrongly gets an exact rule of its own before them. Every thing and part of the
graph is checked against the rules as written.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote, unquote

from kg.site.describe import Things
from kg.site.paths import ALTERNATES, Layout

SITEMAP_LIMIT = 50_000  # URLs in one sitemap file (sitemaps.org)
_SUFFIXES = ("html", "ttl", "jsonld", "nt", "csv")


@dataclass(frozen=True)
class Rule:
    """A rewrite rule: its pattern on the path under the site, and what it names.

    For a "thing" rule group 1 is the thing's rest; for a "part" rule group 1 is the owner's
    rest and the rest of the groups, joined, the part's id.
    """

    pattern: str
    kind: str  # "thing" or "part"

    def resolve(self, path: str) -> tuple[str, str | None] | None:
        """Return (owner's rest, part id or None) when the rule takes `path`, else None."""
        found = re.match(self.pattern, path)
        if found is None:
            return None
        if self.kind == "thing":
            return found.group(1), None
        return found.group(1), "".join(group or "" for group in found.groups()[1:])


def redirect_rules(things: Things, layout: Layout) -> list[Rule]:
    """Return the rules, in order, that take every thing and part of `things` to its page."""
    prefix = _prefix(layout)
    depths: dict[str, set[int]] = defaultdict(set)
    keys: dict[tuple[str, int], set[str]] = defaultdict(set)
    for thing in things:
        rest = _rest(thing.value, layout)
        segments = rest.split("/")
        depths[segments[0]].add(len(segments))
        for part in things.parts(thing):
            keys[segments[0], len(segments)].add(
                _rest(part.value, layout)[len(rest) + 1 :].split("/")[0]
            )
    general: list[Rule] = []
    for first in sorted(depths):
        for depth in sorted(depths[first], reverse=True):
            names = sorted(keys.get((first, depth), ()))
            if not names:
                continue
            owner = re.escape(first) + "(?:/[^/]+)" * (depth - 1)
            choice = "|".join(re.escape(name) for name in names)
            general.append(Rule(f"^{prefix}({owner})/({choice})(/.*)?$", "part"))
    exact: list[Rule] = []
    for thing in things:
        rest = _rest(thing.value, layout)
        if _first(general, prefix + rest) is not None:
            exact.append(Rule(f"^{prefix}({re.escape(rest)})$", "thing"))
        for part in things.parts(thing):
            part_rest = _rest(part.value, layout)
            wanted = (rest, part_rest[len(rest) + 1 :])
            if _first(general, prefix + part_rest) != wanted:
                exact.append(
                    Rule(f"^{prefix}({re.escape(rest)})/({re.escape(wanted[1])})$", "part")
                )
    return [*exact, *general, Rule(f"^{prefix}(.+)$", "thing")]


def _first(rules: Iterable[Rule], path: str) -> tuple[str, str | None] | None:
    for rule in rules:
        found = rule.resolve(path)
        if found is not None:
            return found
    return None


def htaccess(things: Things, layout: Layout, url: str) -> bytes:
    """Return the `.htaccess` that answers the IRIs of `things` with their files at `url`."""
    rules = redirect_rules(things, layout)
    lines = [
        "# kirjasto-kg: the IRIs of the graph answer 303 See Other with the page of the thing,",
        "# or with its data when the Accept header asks for Turtle, JSON-LD or N-Triples.",
        f"# Written by kg site for the IRI base {layout.base} and the site at {url}.",
        "Options -MultiViews",
        *(f"AddType {media} .{fmt}" for fmt, media, _ in ALTERNATES),
        "RewriteEngine On",
        "",
        "# The ontology's namespace: the ontology in Turtle, or as a page.",
        "RewriteCond %{HTTP_ACCEPT} text/turtle",
        f"RewriteRule ^ns$ {url}ns.ttl [R=303,L]",
        f"RewriteRule ^ns$ {url}ns.html [R=303,L]",
        "",
        "# A part of a thing: its owner's data, or its owner's page at the part.",
        "# A thing: its data, or its page. Files of the site are left alone.",
    ]
    suffixes = "|".join(_SUFFIXES)
    for rule in rules:
        kept = f"RewriteCond %{{REQUEST_URI}} !\\.({suffixes})$"
        for fmt, media, _ in ALTERNATES:
            lines += [
                kept,
                f"RewriteCond %{{HTTP_ACCEPT}} {re.escape(media)}",
                f"RewriteRule {rule.pattern} {url}id/$1.{fmt} [R=303,L]",
            ]
        if rule.kind == "part":
            lines += [kept, f"RewriteRule {rule.pattern} {url}id/$1.html#$2$3 [R=303,NE,L]"]
        else:
            lines += [kept, f"RewriteRule {rule.pattern} {url}id/$1.html [R=303,L]"]
    return ("\n".join(lines) + "\n").encode("utf-8")


def sitemaps(pages: Iterable[str], layout: Layout, url: str) -> list[tuple[str, bytes]]:
    """Return the sitemap files of `pages` (paths of the site) published at `url`."""
    locations = sorted(url + quote(page, safe="/-_.~") for page in pages)
    chunks = [locations[i : i + SITEMAP_LIMIT] for i in range(0, len(locations), SITEMAP_LIMIT)]
    if len(chunks) <= 1:
        return [("sitemap.xml", _urlset(chunks[0] if chunks else []))]
    files = [(f"sitemap-{n}.xml", _urlset(chunk)) for n, chunk in enumerate(chunks, 1)]
    index = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        *(f"<sitemap><loc>{_xml(url + name)}</loc></sitemap>" for name, _ in files),
        "</sitemapindex>",
    ]
    return [("sitemap.xml", ("\n".join(index) + "\n").encode("utf-8")), *files]


def _urlset(locations: list[str]) -> bytes:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        *(f"<url><loc>{_xml(location)}</loc></url>" for location in locations),
        "</urlset>",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _prefix(layout: Layout) -> str:
    """Return what the paths of the IRIs begin with where the .htaccess is: `id/` or nothing."""
    return "id/" if layout.base.endswith("id/") else ""


def _rest(iri: str, layout: Layout) -> str:
    """Return the path of an IRI under the base, decoded (as Apache matches it)."""
    return unquote(iri[len(layout.base) :])
