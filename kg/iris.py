"""Minting the IRIs of everything a user may link to, from a configurable base, in one place.

Every IRI is made from the key of its thing, never from chance or the clock, so two builds of
the same input name everything the same way:

    library/FI-KM                         a library, by its ISIL (case folded to upper)
    library/0171450-7/kalajoen-...        a library without ISIL, by body and name
    library/unidentified/kalajoen-...     ... or by name alone
    library/FI-KM/address/70100-...       one of its addresses: postal code and street
    library/FI-EM/unit/tapiolan-kirjasto  a branch of the library
    organisation/business-id/0171450-7    a legal body, by its business ID
    organisation/local/0171450-7/seura... an organisation known only by its name, in the
                                          municipality of the library that names it (the
                                          scope: its business ID, else isil-<ISIL>, else
                                          library-<name>)
    organisation/unit/0171450-7/neuvola   a municipal service named without its municipality
    partner-kind/associations             a kind of partner (a SKOS concept)
    organisation/okm                      a funder or authority of the reference data
    programme/avi, call/avi/2016          a funding programme and its annual call
    project/pop-up-kirjasto-...           a project, by the slug of its page when it is known,
    project/2016-fi-km-pop-up-...         ... else by the year of its call, library and title
    project/.../application/requested     parts and amounts, under their project
    record/000_52e5d4c243421207           the source record (also its named graph)
    graph/consolidated                    the named graph of the consolidated view
    library/FI-KM/value/3f2a...           one value that records state of a thing (its
                                          name, phone...), beside the others: a hash of both
    graph/registry/wikidata               the named graph of one registry's links
    registry/wikidata                     an outside registry, as the links' source
    link/wikidata/3f2a...                 the evidence of one link, by a hash of the link
    dataset                               the knowledge graph as a whole
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from urllib.parse import quote, unquote, urlsplit

from pyoxigraph import NamedNode

from kg.errors import RequestError

DEFAULT_BASE = "https://w3id.org/kirjasto-kg/id/"
RECORD_GRAPHS = "record/"  # under the base: the names of the record graphs begin so
CONSOLIDATED_GRAPH = "consolidated"  # <base>graph/consolidated: the consolidated view

# Letters that Unicode does not decompose into a base letter and a mark (Sami, Nordic).
_TRANSLITERATE = str.maketrans(
    {"đ": "d", "ŋ": "n", "ŧ": "t", "ʒ": "z", "ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ł": "l"}
)
_RECORD_GRAPH = re.compile(r"^(.*[/#])record/[^/#]+$")  # see Minter.record
_SLUG_LIMIT = 80
_HASH_LENGTH = 8  # hex digits of SHA-256 that keep cut slugs apart


def slugify(text: str, limit: int | None = _SLUG_LIMIT) -> str:
    """Return a lower-case ASCII slug of `text`: `Pop up - kirjasto!` -> `pop-up-kirjasto`.

    Letters lose their accents (ä -> a, å -> a, á -> a), runs of anything else become one
    hyphen, and a long slug is cut at a word boundary within `limit` characters (None: not
    cut).
    """
    folded = unicodedata.normalize("NFKD", text.lower().translate(_TRANSLITERATE))
    ascii_text = "".join(ch for ch in folded if not unicodedata.combining(ch))
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if limit is not None and len(slug) > limit:
        cut = slug[: limit + 1]
        slug = cut[: cut.rfind("-")] if "-" in cut else slug[:limit]
    return slug or "untitled"


def unique_slug(text: str, limit: int = _SLUG_LIMIT) -> str:
    """Return `slugify(text)`, but a slug that had to be cut ends in a hash of the whole one.

    Keys made of slugs must not merge two things whose texts differ only after the cut (a
    main library and its branch, two long titles that begin alike).
    """
    whole = slugify(text, limit=None)
    if len(whole) <= limit:
        return whole
    digest = hashlib.sha256(whole.encode("utf-8")).hexdigest()[:_HASH_LENGTH]
    return f"{slugify(whole, limit=limit - _HASH_LENGTH - 1)}-{digest}"


def page_slug(url: str) -> str | None:
    """Return the slug of a project page's URL (`.../hanke/<slug>` or `.../projekt/<slug>`)."""
    segments = [segment for segment in urlsplit(url).path.split("/") if segment]
    if len(segments) >= 2 and segments[-2] in ("hanke", "projekt"):
        return slugify(unquote(segments[-1]), limit=120)
    return None


def _segment(text: str) -> str:
    """Percent-encode one path segment (an ISIL may hold `/`)."""
    return quote(text, safe="-:_.~")


def base_of(graphs: Iterable[NamedNode]) -> str | None:
    """Return the IRI base that record graphs among `graphs` were minted under (None: none).

    Every record graph is named `<base>record/<slug>` (`Minter.record`); when records of
    several bases share a store, the most common base is taken.
    """
    bases = Counter(
        match.group(1) for graph in graphs if (match := _RECORD_GRAPH.match(graph.value))
    )
    return min(bases, key=lambda base: (-bases[base], base)) if bases else None


class Minter:
    """Makes the IRIs of one build from its base (`DEFAULT_BASE` unless told otherwise)."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        problem = f"the base must be an absolute IRI ending in / or #, not {base!r}"
        if not re.match(r"^[a-z][a-z0-9+.-]*://[^\s<>\"{}|\\^`]+[/#]$", base):
            raise RequestError(problem, where="--base")
        try:
            NamedNode(base + "x")
        except ValueError:
            raise RequestError(problem, where="--base") from None
        self.base = base

    def _iri(self, *segments: str) -> NamedNode:
        return NamedNode(self.base + "/".join(segments))

    def child(self, parent: NamedNode, *segments: str) -> NamedNode:
        """Return the IRI of a part of `parent` (an amount, an address, a partnership)."""
        return NamedNode(parent.value + "/" + "/".join(segments))

    def library(self, isil: str | None, business_id: str | None, name: str | None) -> NamedNode:
        """Return a library's IRI: by ISIL, else by name within its legal body, else by name."""
        if isil:
            return self._iri("library", _segment(isil.upper()))
        within = business_id or "unidentified"
        return self._iri("library", _segment(within), slugify(name or "unnamed"))

    def legal_body(self, business_id: str) -> NamedNode:
        """Return the IRI of the legal body registered with `business_id`."""
        return self._iri("organisation", "business-id", _segment(business_id))

    def address(self, library: NamedNode, street: str | None, postal_code: str | None) -> NamedNode:
        """Return the IRI of one address of `library`: its postal code and street, as a slug."""
        written = " ".join(part for part in (postal_code, street) if part)
        return self.child(library, "address", unique_slug(written or "none", limit=60))

    def library_unit(self, library: NamedNode, name: str) -> NamedNode:
        """Return the IRI of a branch of `library`, by the branch's name."""
        return self.child(library, "unit", unique_slug(name, limit=60))

    @staticmethod
    def scope(business_id: str | None, isil: str | None, library_name: str | None) -> str:
        """Return the key of the municipality a record's library stands in, as well as known.

        Its legal body's business ID, else `isil-<ISIL>`, else `library-<slug of its name>`:
        what names an organisation known only by its name within that municipality.
        """
        if business_id:
            return business_id
        if isil:
            return f"isil-{isil.upper()}"
        return f"library-{slugify(library_name or 'unnamed', limit=40)}"

    def business_id_of(self, node: NamedNode) -> str | None:
        """Return the business ID a legal body's IRI was minted from (None: not one of ours)."""
        prefix = self._iri("organisation", "business-id").value + "/"
        rest = node.value.removeprefix(prefix)
        return unquote(rest) if rest != node.value and "/" not in rest else None

    def local_organisation(self, scope: str, name: str) -> NamedNode:
        """Return the IRI of an organisation known only by its name, within `scope`."""
        return self._iri("organisation", "local", _segment(scope), unique_slug(name))

    def municipal_unit(self, scope: str, name: str) -> NamedNode:
        """Return the IRI of a service or department of the municipality `scope`."""
        return self._iri("organisation", "unit", _segment(scope), unique_slug(name))

    def partner_kind(self, key: str | None = None) -> NamedNode:
        """Return the IRI of a kind of partner (`associations`), or of their scheme (None)."""
        return self._iri("partner-kind", key) if key else self._iri("partner-kind")

    def stated_value(self, entity: NamedNode, predicate: NamedNode, value: str) -> NamedNode:
        """Return the IRI of one value records state of `entity` by `predicate`."""
        digest = hashlib.sha256(f"{predicate.value}\n{value}".encode()).hexdigest()
        return self.child(entity, "value", digest[: _HASH_LENGTH * 2])

    def reference_organisation(self, key: str) -> NamedNode:
        """Return the IRI of a funder or granting authority of the reference data (`okm`)."""
        return self._iri("organisation", key)

    def programme(self, key: str) -> NamedNode:
        """Return the IRI of a funding programme (`avi`, `okm`)."""
        return self._iri("programme", key)

    def call(self, programme_key: str, year: int) -> NamedNode:
        """Return the IRI of a programme's annual call."""
        return self._iri("call", programme_key, str(year))

    def project(
        self, year: int, title: str, library: NamedNode, page_url: str | None = None
    ) -> NamedNode:
        """Return a project's IRI, from its page's slug or else its year, library and title.

        The slug of the page (`/hanke/<slug>`) is the site's own key for the project; without a
        known page, the year of the call, the applying library and the title make the key (two
        libraries may well run projects of the same name in the same year).
        """
        slug = page_slug(page_url) if page_url else None
        if slug:
            return self._iri("project", slug)
        library_key = unique_slug(library.value.removeprefix(self.base + "library/"), limit=40)
        return self._iri("project", f"{year}-{library_key}-{unique_slug(title)}")

    def record(self, source_name: str) -> NamedNode:
        """Return the IRI of a source record (and of its named graph), from its file name."""
        return self._iri("record", unique_slug(source_name, limit=120))

    def graph(self, name: str) -> NamedNode:
        """Return the IRI of a named graph of our own (`reference`)."""
        return self._iri("graph", name)

    def registry_graph(self, registry: str) -> NamedNode:
        """Return the IRI of the named graph that holds one registry's links (`wikidata`)."""
        return self._iri("graph", "registry", _segment(registry))

    def registry(self, registry: str) -> NamedNode:
        """Return the IRI that stands for an outside registry (`isil`, `ytj`) as a source."""
        return self._iri("registry", _segment(registry))

    def link_evidence(self, registry: str, *terms: str) -> NamedNode:
        """Return the IRI of a link's evidence: a hash of the registry and the link's terms."""
        digest = hashlib.sha256("\n".join((registry, *terms)).encode("utf-8")).hexdigest()
        return self._iri("link", _segment(registry), digest[:20])

    def dataset(self) -> NamedNode:
        """Return the IRI of the knowledge graph as a whole (the subjects of the linksets)."""
        return self._iri("dataset")
