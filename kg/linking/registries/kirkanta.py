"""Kirjastohakemisto, the Finnish library directory (Kirkanta API v4): match libraries by name.

    match_libraries(client, [LibraryRef("Kuopion kaupunginkirjasto", "Kuopio")])
        -> KirkantaMatches(matches, candidates, report)

Kirkanta v4 neither serves nor searches ISILs (REGISTRIES.md §1.2), so a library is matched
by its name within its municipality: one request per municipality,
`GET <base>/library?city.name=<municipality>&lang=fi&limit=100&refs=city&with=primaryContactInfo`
(`skip` pages on), and each directory entry of that city is scored against the record's name
(`kg.linking.registries.matching.name_score`). `city.name` is a *prefix* filter (Pori would bring
Pornainen), so the answer is filtered to the exact city by the embedded `refs.city` names.
The answer's envelope is `{"type", "total", "items": [...], "refs": {"city": {id: {...}}}}`;
translatable fields arrive as plain strings in the language asked for; the homepage is
`primaryContactInfo.homepage` and the coordinates `{lat, lon}` (§1.3, §1.4).

Scoring: the name score, or the score of the short name if better. A record name that names
a whole organisation ("Kuopion kaupunginkirjasto") gets at least `MAIN_LIBRARY_SCORE` for the
city's main library (`mainLibrary: true`), method "main library": below the acceptance score,
so it is a candidate for a person to confirm, not a match. Ties are broken by `mainLibrary`;
a tie that remains is reported as ambiguous and nothing is matched.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from kg.errors import LookupFailure
from kg.linking.registries.http import JsonAnswer, RegistryClient
from kg.linking.registries.matching import (
    is_organisation_name,
    name_score,
    same_place,
    telling_words,
)
from kg.linking.registries.report import (
    Advance,
    Candidate,
    Issue,
    LibraryRef,
    LookupReport,
    counted,
)

REGISTRY: Final = "kirkanta"
LIBRARY_PATH: Final = "/library"
PAGE_SIZE: Final = 100
MAX_PAGES: Final = 10
ACCEPT_SCORE: Final = 0.8
MIN_SCORE: Final = 0.5
MAIN_LIBRARY_SCORE: Final = 0.75


@dataclass(frozen=True)
class KirkantaLibrary:
    """One library of the directory, as it answered, with where and when it did."""

    id: int
    name: str
    short_name: str | None
    slug: str | None
    type: str | None
    main_library: bool | None
    city_id: int | None
    municipality: str | None  # the city's name (refs.city, else address.city)
    street: str | None
    zipcode: str | None
    homepage: str | None
    email: str | None
    coordinates: tuple[float, float] | None  # (lat, lon), WGS84 as the directory gives them
    url: str  # the entry's own API URL, <base>/library/<id>
    query_url: str  # the request that gave it
    retrieved_at: datetime


@dataclass(frozen=True)
class KirkantaAnswer:
    """The libraries one search gave (all pages), and the URL of its first page."""

    libraries: list[KirkantaLibrary]
    url: str
    total: int


@dataclass
class KirkantaMatches:
    """Accepted matches and all candidates (best first), by library.

    A match is the best candidate when it scores at least the acceptance score and no other
    ties with it.
    """

    matches: dict[LibraryRef, Candidate[KirkantaLibrary]] = field(default_factory=dict)
    candidates: dict[LibraryRef, list[Candidate[KirkantaLibrary]]] = field(default_factory=dict)
    report: LookupReport = field(default_factory=lambda: LookupReport(REGISTRY))


def search(
    client: RegistryClient, key: str, filters: dict[str, str], *, lang: str = "fi"
) -> KirkantaAnswer:
    """Page through `GET <base>/library` with `filters`.

    Raises LookupFailure (naming `key`) if the directory gives no usable answer.
    """
    base = client.url(REGISTRY)
    url = base + LIBRARY_PATH
    params = {
        **filters,
        "lang": lang,
        "limit": str(PAGE_SIZE),
        "refs": "city",
        "with": "primaryContactInfo",
    }
    libraries: list[KirkantaLibrary] = []
    first_url = ""
    total = 0
    for page in range(MAX_PAGES):
        if page:
            params["skip"] = str(page * PAGE_SIZE)
        answer = client.get_json(REGISTRY, key, url, params)
        first_url = first_url or answer.url
        found, total = parse_answer(answer, key, base)
        libraries.extend(found)
        if len(found) < PAGE_SIZE or len(libraries) >= total:
            break
    return KirkantaAnswer(libraries, first_url, total)


def parse_answer(answer: JsonAnswer, key: str, base: str) -> tuple[list[KirkantaLibrary], int]:
    """Read a `/library` list answer; return its libraries and `total`.

    Another shape is a LookupFailure naming `key`.
    """
    items = answer.object_list(REGISTRY, key, "items")
    data = answer.data
    refs = data.get("refs")
    cities = refs.get("city") if isinstance(refs, dict) else None
    cities = cities if isinstance(cities, dict) else {}
    libraries = []
    for number, item in enumerate(items):
        ident, name = item.get("id"), item.get("name")
        if not isinstance(ident, int) or isinstance(ident, bool) or not isinstance(name, str):
            raise answer.unexpected(
                REGISTRY, key, f'items[{number}] has no integer "id" and "name" string'
            )
        city_id = item.get("city") if isinstance(item.get("city"), int) else None
        address = _object(item.get("address"))
        city = cities.get(str(city_id)) if city_id is not None else None
        municipality = _text(city.get("name")) if isinstance(city, dict) else None
        contact = _object(item.get("primaryContactInfo"))
        libraries.append(
            KirkantaLibrary(
                id=ident,
                name=name.strip(),
                short_name=_text(item.get("shortName")),
                slug=_text(item.get("slug")),
                type=_text(item.get("type")),
                main_library=item.get("mainLibrary")
                if isinstance(item.get("mainLibrary"), bool)
                else None,
                city_id=city_id,
                municipality=municipality or _text(address.get("city")),
                street=_text(address.get("street")),
                zipcode=_text(address.get("zipcode")),
                homepage=_text(contact.get("homepage")),
                email=_text(contact.get("email")),
                coordinates=_coordinates(item.get("coordinates")),
                url=f"{base}{LIBRARY_PATH}/{ident}",
                query_url=answer.url,
                retrieved_at=answer.retrieved_at,
            )
        )
    total = data.get("total")
    return libraries, total if isinstance(total, int) else len(libraries)


def _text(value: Any) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None


def _object(value: Any) -> dict[str, Any]:
    """Return `value` if it is a JSON object, else an empty one."""
    return value if isinstance(value, dict) else {}


def _coordinates(value: Any) -> tuple[float, float] | None:
    if not isinstance(value, dict):
        return None
    lat, lon = value.get("lat"), value.get("lon")
    numbers = [v for v in (lat, lon) if isinstance(v, int | float) and not isinstance(v, bool)]
    return (float(numbers[0]), float(numbers[1])) if len(numbers) == 2 else None


def score(library: LibraryRef, entry: KirkantaLibrary) -> tuple[float, str]:
    """Return how well `entry` matches `library`, and by which method (module docstring)."""
    method = "name+municipality" if library.municipality else "name"
    value = name_score(library.name, entry.name)
    if entry.short_name:
        value = max(value, name_score(library.name, entry.short_name))
    if (
        library.municipality
        and entry.main_library
        and value < MAIN_LIBRARY_SCORE
        and is_organisation_name(library.name)
    ):
        return MAIN_LIBRARY_SCORE, "main library"
    return value, method


def match_libraries(
    client: RegistryClient,
    libraries: Iterable[LibraryRef],
    *,
    accept: float = ACCEPT_SCORE,
    min_score: float = MIN_SCORE,
    lang: str = "fi",
    advance: Advance | None = None,
) -> KirkantaMatches:
    """Match each library to a directory entry by name within its municipality.

    One search per municipality (shared by its libraries); a library without a municipality
    is searched by the first telling word of its name (`name=` is a prefix filter). Entries
    scoring at least `min_score` are candidates; the best is a match when it scores at least
    `accept` and no other ties with it. Failed searches are reported; the others go on.
    `advance(1)` is called after each library (the same library twice is matched once).
    """
    result = KirkantaMatches()
    report = result.report
    searches: dict[tuple[str, str], KirkantaAnswer | LookupFailure] = {}
    for library in counted(dict.fromkeys(libraries), advance):
        key = str(library)
        if library.municipality:
            filters = {"city.name": library.municipality.strip()}
        else:
            words = telling_words(library.name)
            if not words:
                report.disagree(
                    key, Issue.MALFORMED, "the name has no telling word and no municipality"
                )
                continue
            filters = {"name": words[0]}
        report.looked_up.append(key)
        [(filter_name, filter_value)] = filters.items()
        search_key = (filter_name, filter_value.casefold())
        answer = searches.get(search_key)
        if answer is None:
            try:
                answer = search(client, key, filters, lang=lang)
            except LookupFailure as failure:
                answer = failure
            searches[search_key] = answer
        if isinstance(answer, LookupFailure):
            report.fail(answer.for_key(key))
            continue
        report.answered.append(key)
        entries = answer.libraries
        if library.municipality:
            entries = [e for e in entries if same_place(e.municipality, library.municipality)]
        scored = []
        for entry in entries:
            value, method = score(library, entry)
            if value >= min_score:
                scored.append((value, method, entry))
        scored.sort(key=lambda item: (-item[0], not item[2].main_library, item[2].id))
        candidates = [
            Candidate(REGISTRY, key, method, value, entry, entry.url, entry.retrieved_at)
            for value, method, entry in scored
        ]
        result.candidates[library] = candidates
        report.candidates.extend(candidates)
        if not candidates:
            report.disagree(
                key,
                Issue.NO_MATCH,
                f"no library of the directory has a name like it ({len(entries)} searched)",
                answer.url,
            )
            continue
        best = candidates[0]
        tied = [c for c in candidates[1:] if c.score == best.score]
        if tied and tied[0].record.main_library == best.record.main_library:
            report.disagree(
                key,
                Issue.AMBIGUOUS,
                f"{best.record.name} ({best.record.id}) and {tied[0].record.name} "
                f"({tied[0].record.id}) match equally well ({best.score:.2f})",
                answer.url,
            )
            continue
        if best.score < accept:
            report.disagree(
                key,
                Issue.NO_MATCH,
                f"the best candidate, {best.record.name} ({best.record.id}, {best.method}), "
                f"scores {best.score:.2f}, below {accept:.2f}: to be confirmed",
                answer.url,
            )
            continue
        result.matches[library] = best
        report.found.append(key)
    return result
