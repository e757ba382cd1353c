"""Where each page of the site is, and the relative links between them.

    layout = Layout(base, "fi")
    layout.page("index", "sv")            -> "index.sv.html"
    layout.thing_stem(iri)                -> "id/project/x"   (the IRI's rest, percent-decoded)
    layout.thing_page(iri, "en")          -> "id/project/x.en.html"
    href("id/project/x.html", "index.html")     -> "../../index.html"

A page of the default language ends in `.html`, the others in `.<language>.html`; a thing's
page is at the path of its IRI under the base, below `id/`, and its alternates beside it
(`id/project/x.ttl`). A part of a thing has no page: a link to it is its owner's page with the
part's rest as the fragment (`id/project/x.html#grant`). Links are relative, so the site opens
from disk and from any folder of a host.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import quote, unquote

from pyoxigraph import NamedNode

LANGUAGES = ("fi", "sv", "en")
ALTERNATES = (
    ("ttl", "text/turtle", "Turtle"),
    ("jsonld", "application/ld+json", "JSON-LD"),
    ("nt", "application/n-triples", "N-Triples"),
)
_SAFE = "/-_.~!$&'()*+,;=@"  # kept as they are in a path; ":" is encoded (not a scheme)


@dataclass(frozen=True)
class Layout:
    """The file names of one site: its IRI base and its default language."""

    base: str
    lang: str = "fi"

    def others(self, lang: str) -> tuple[str, ...]:
        """Return the languages of the site but `lang`, in the site's order."""
        return tuple(other for other in LANGUAGES if other != lang)

    def page(self, stem: str, lang: str) -> str:
        """Return the file of the page `stem` (a path without suffix) in `lang`."""
        return f"{stem}.html" if lang == self.lang else f"{stem}.{lang}.html"

    def data_file(self, stem: str, lang: str, suffix: str) -> str:
        """Return the file of a page's data in `lang` (a chart's CSV): `stem.csv`, `stem.sv.csv`."""
        return f"{stem}.{suffix}" if lang == self.lang else f"{stem}.{lang}.{suffix}"

    def rest(self, iri: NamedNode) -> str:
        """Return the part of `iri` after the base, as written in the IRI."""
        return iri.value[len(self.base) :]

    def thing_stem(self, thing: NamedNode) -> str:
        """Return the path of a thing's files without suffix: `id/` and its rest, decoded."""
        return "id/" + unquote(self.rest(thing))

    def thing_page(self, thing: NamedNode, lang: str) -> str:
        """Return the file of a thing's page in `lang`."""
        return self.page(self.thing_stem(thing), lang)

    def alternate(self, thing: NamedNode, fmt: str) -> str:
        """Return the file of a thing's alternate in `fmt` ("ttl", "jsonld", "nt")."""
        return f"{self.thing_stem(thing)}.{fmt}"


def fragment(owner: NamedNode, part: NamedNode) -> str:
    """Return the id of a part's element on its owner's page: its IRI after the owner's and "/"."""
    return unquote(part.value[len(owner.value) + 1 :])


def href(source: str, target: str, anchor: str | None = None) -> str:
    """Return the relative URL from the file `source` to the file `target` (and its `anchor`).

    Both are paths from the site's root. The URL is percent-encoded, so a file name with a
    space, a `%` or a `:` in it is reached as the host decodes it.
    """
    if source == target and anchor:
        return "#" + quote(anchor, safe=_SAFE)
    relative = posixpath.relpath(target, posixpath.dirname(source) or ".")
    url = quote(relative, safe=_SAFE)
    return f"{url}#{quote(anchor, safe=_SAFE)}" if anchor else url
