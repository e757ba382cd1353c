"""The links and values of one page in one language, as HTML ready to put in a template.

    linker = Linker(site, "id/project/x.html", "fi")
    linker.thing(iri)         -> href of a thing's page, or of its owner's with the part's id
    linker.page("dataset")    -> href of a page of the site
    linker.term(obj)          -> HTML: a value of the graph as the page shows it

Values are made into small pieces of HTML here, escaped as they are made (`esc`, `attr`): the
pages show millions of them, and a template expression per value would cost more than the
rest of the page. Every link is relative to the page (`../../id/library/FI-KM.html`).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from urllib.parse import quote

from pyoxigraph import BlankNode, Literal, NamedNode

from kg.site.data import SiteData, Text
from kg.site.describe import Things
from kg.site.paths import Layout, fragment
from kg.site.texts import LANGUAGE_NAMES, capitalised, date_text, number, text
from kg.site.vocabulary import Vocabulary
from kg.vocab import PREFIXES, XSD

_SAFE = "/-_.~!$&'()*+,;=@"
_DECIMAL, _INTEGER, _DATE, _BOOLEAN = XSD.decimal, XSD.integer, XSD.date, XSD.boolean


def esc(value: str) -> str:
    """Return text escaped for the content of an element."""
    return html.escape(value, quote=False)


def attr(value: str) -> str:
    """Return text escaped for the value of an attribute (in double quotes)."""
    return html.escape(value, quote=True)


@cache
def quoted(path: str) -> str:
    """Return a path of the site percent-encoded for a link (":" too: it is not a scheme)."""
    return quote(path, safe=_SAFE)


def shown(value: Text, href: str | None = None) -> str:
    """Return a text of the data (a link when `href`), marked with its language if it has one."""
    lang = f' lang="{attr(value.lang)}"' if value.lang else ""
    if href:
        return f'<a href="{attr(href)}"{lang}>{esc(value.value)}</a>'
    return f"<span{lang}>{esc(value.value)}</span>" if lang else esc(value.value)


def anchor(label: str, href: str | None) -> str:
    """Return a link with a plain label (escaped), or the label alone without `href`."""
    return f'<a href="{attr(href)}">{esc(label)}</a>' if href else esc(label)


@dataclass(frozen=True)
class Site:
    """What every page of one site shares: where pages are, what is a thing, their names."""

    layout: Layout
    things: Things
    data: SiteData
    vocabulary: Vocabulary


class Linker:
    """Links and values as seen from one page file in one language."""

    def __init__(self, site: Site, source: str, lang: str) -> None:
        self.site = site
        self.source = source
        self.lang = lang
        self.up = "../" * source.count("/")
        self.here = quoted(source.rsplit("/", 1)[0] + "/") if "/" in source else ""
        self.current: NamedNode | None = None  # the thing whose page this is
        # what the pages of this language end in: .html, or .sv.html, .en.html
        self.suffix = ".html" if lang == site.layout.lang else f".{lang}.html"

    def page(self, stem: str, part: str | None = None) -> str:
        """Return the href of the site's page `stem` ("index", "dataset") in this language."""
        url = self.up + quoted(stem) + self.suffix
        return f"{url}#{quoted(part)}" if part else url

    def file(self, path: str) -> str:
        """Return the href of a file of the site (`static/site.css`), as it is."""
        return self._relative(quoted(path))

    def _relative(self, path: str) -> str:
        """Return the href of a (quoted) path of the site: down from here, else from the root."""
        here = self.here
        return path[len(here) :] if here and path.startswith(here) else self.up + path

    def in_language(self, lang: str) -> str:
        """Return the href of this page in `lang` (the language switch)."""
        stem = self.source[: -len(self.suffix)]
        suffix = ".html" if lang == self.site.layout.lang else f".{lang}.html"
        return quoted(stem.rsplit("/", 1)[-1]) + suffix

    def thing(self, iri: NamedNode) -> str | None:
        """Return the href of the page of `iri`, or of its owner's with the part's id; None."""
        owner = self.site.things.owner(iri)
        if owner is None:
            return None
        part = fragment(owner, iri) if owner != iri else None
        if owner == self.current:
            return "#" + quoted(part) if part else "#main"
        url = self._relative(_stem(self.site.layout, owner)) + self.suffix
        return f"{url}#{quoted(part)}" if part else url

    def label(self, iri: NamedNode) -> Text:
        """Return the name of a thing (of a part: its id on its owner's page)."""
        owner = self.site.things.owner(iri)
        if owner is None:
            return Text(iri.value)
        if owner == iri:
            return self.site.data.label(iri, self.lang)
        return Text(fragment(owner, iri))

    def link(self, iri: NamedNode, label: Text | None = None) -> str:
        """Return a link to the page of `iri` with its name (or `label`)."""
        if label is not None or self.site.things.owner(iri) == self.current:
            return shown(label or self.label(iri), self.thing(iri))
        key = (iri, self.here, self.suffix)
        made = _LINKS.get(key)
        if made is None:
            made = shown(self.label(iri), self.thing(iri))
            if len(_LINKS) < _LINKS_KEPT:
                _LINKS[key] = made
        return made

    def term(self, obj: object) -> str:
        """Return a value of the graph as the page shows it: a link, a date, a text, ..."""
        if type(obj) is Literal:
            return self.literal(obj)
        if isinstance(obj, NamedNode):
            if self.site.things.owner(obj) is not None:
                return self.link(obj)
            return self.vocabulary_term(obj)
        if isinstance(obj, BlankNode):
            return esc(f"_:{obj.value}")
        return esc(str(obj))

    def vocabulary_term(self, iri: NamedNode) -> str:
        """Return a term of a vocabulary by its name (kg: terms link to the ns page)."""
        label, local = _term(self.site.vocabulary, iri.value, self.lang)
        if local is not None:
            return f'<a href="{attr(self.page("ns", local))}">{esc(label)}</a>'
        if iri.value.startswith(("http://", "https://")):
            return f'<a href="{attr(iri.value)}">{esc(label)}</a>'
        return esc(label)

    def literal(self, obj: Literal) -> str:
        """Return a literal: dates, numbers and truth values as the language writes them."""
        language = obj.language
        if language:
            return f'<span lang="{attr(language)}">{esc(obj.value)}</span>'
        datatype = obj.datatype
        value = obj.value
        if datatype == _DATE:
            return f'<time datetime="{attr(value)}">{esc(date_text(value, self.lang))}</time>'
        if datatype == _BOOLEAN:
            return text("yes" if value == "true" else "no", self.lang)
        if datatype in (_DECIMAL, _INTEGER):
            try:
                return esc(number(Decimal(value), self.lang))
            except InvalidOperation:
                return esc(value)
        return esc(value)

    def property_name(self, predicate: NamedNode) -> str:
        """Return the name of a property in this language, capitalised (plain text)."""
        return _term(self.site.vocabulary, predicate.value, self.lang)[0]

    def language_name(self, code: str) -> str:
        """Return the name of a language by its code, in that language (`suomi`)."""
        if code in LANGUAGE_NAMES:
            return shown(Text(LANGUAGE_NAMES[code], code))
        return esc(code)


# Links to the same things (a library, a programme, a kind of partner) recur on thousands of
# pages: made once for each place they are seen from (how far up, which language).
_LINKS: dict[tuple[NamedNode, str, str], str] = {}  # by target, folder, language
_LINKS_KEPT = 200_000


@cache
def _stem(layout: Layout, thing: NamedNode) -> str:
    return quoted(layout.thing_stem(thing))


@lru_cache(maxsize=4096)
def _term(vocabulary: Vocabulary, iri: str, lang: str) -> tuple[str, str | None]:
    """Return the name of a term in `lang` (capitalised), and its id on the ns page if kg:."""
    local = vocabulary.local(iri)
    name = vocabulary.label(iri, lang)
    if name:
        return capitalised(name), local
    return (local if local is not None else _compact(iri)), local


def _compact(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri
