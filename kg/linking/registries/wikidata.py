"""Wikidata: items by ISIL (P791), by Finnish business ID (P12980), by municipality number (P1203).

    items_by_isil(client, ["FI-Km", "FI-Lohja"])            -> WikidataLookup
    items_by_business_id(client, ["0171450-7"])             -> WikidataLookup (with P1203)
    municipalities_by_number(client, ["297", "049"])        -> WikidataLookup

All keys of a kind go in ONE query (in chunks of `CHUNK_SIZE` when there are very many), as
a VALUES block of literals serialised by pyoxigraph (never pasted raw), to the SPARQL
endpoint with `Accept: application/sparql-results+json`: a GET while the URL stays short, a
form-encoded POST beyond that (REGISTRIES.md §3.2). The answer is W3C SPARQL 1.1 JSON
results. Matching in Wikidata is exact: a key is found only as Wikidata spells it (case
included); the keys of each answer are mapped back to the keys asked for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final
from urllib.parse import urlencode

from pyoxigraph import Literal

from kg.errors import LookupFailure
from kg.linking.registries.http import JsonAnswer, RegistryClient, lookup_failure
from kg.linking.registries.report import Advance, Issue, LookupReport, counted
from kg.vocab import RDFS

REGISTRY: Final = "wikidata"
ISIL: Final = "P791"
BUSINESS_ID: Final = "P12980"
MUNICIPALITY_NUMBER: Final = "P1203"
ENTITY: Final = "http://www.wikidata.org/entity/"
DIRECT: Final = "http://www.wikidata.org/prop/direct/"
LABEL_LANGUAGES: Final = ("fi", "sv", "en")
CHUNK_SIZE: Final = 200
GET_URL_LIMIT: Final = 4000  # longer queries are POSTed
ACCEPT: Final = "application/sparql-results+json"

_PROPERTY = re.compile(r"^P[1-9]\d*$")


@dataclass(frozen=True)
class WikidataMatch:
    """An item that has `property` with the value `key`, with its labels and extra values."""

    key: str
    property: str  # e.g. "P791"
    item: str  # the entity IRI, http://www.wikidata.org/entity/Q...
    labels: Mapping[str, str]  # language -> label (fi, sv, en when present)
    also: Mapping[str, tuple[str, ...]]  # other properties asked for, e.g. {"P1203": ("297",)}
    url: str  # the request (for a POST: the endpoint)
    retrieved_at: datetime


@dataclass
class WikidataLookup:
    """The items found for each key (several when Wikidata has several)."""

    property: str
    matches: dict[str, list[WikidataMatch]] = field(default_factory=dict)
    report: LookupReport = field(default_factory=lambda: LookupReport(REGISTRY))
    requests: int = 0  # queries made (one per chunk)


def build_query(
    property_id: str,
    keys: Sequence[str],
    also: Sequence[str] = (),
    languages: Sequence[str] = LABEL_LANGUAGES,
) -> str:
    """Return the SELECT query for the items whose `property_id` value is one of `keys`.

    Variables: ?key, ?item, ?label, and one ?<P> per property in `also`.
    """
    for prop in (property_id, *also):
        if not _PROPERTY.match(prop):
            raise ValueError(f"not a Wikidata property id: {prop!r}")
    values = "\n    ".join(str(Literal(key)) for key in keys)
    langs = ", ".join(str(Literal(lang)) for lang in languages)
    extra_vars = "".join(f" ?{prop}" for prop in also)
    extra = "".join(f"  OPTIONAL {{ ?item wdt:{prop} ?{prop} . }}\n" for prop in also)
    return (
        f"PREFIX wdt: <{DIRECT}>\n"
        f"PREFIX rdfs: <{RDFS.iri}>\n"
        f"SELECT ?key ?item ?label{extra_vars} WHERE {{\n"
        f"  VALUES ?key {{\n    {values}\n  }}\n"
        f"  ?item wdt:{property_id} ?key .\n"
        f"  OPTIONAL {{ ?item rdfs:label ?label . FILTER(LANG(?label) IN ({langs})) }}\n"
        f"{extra}}}\n"
    )


def lookup(
    client: RegistryClient,
    property_id: str,
    keys: Iterable[str],
    *,
    also: Sequence[str] = (),
    chunk_size: int = CHUNK_SIZE,
    advance: Advance | None = None,
) -> WikidataLookup:
    """Find the items for all `keys` with one query per chunk of `chunk_size` keys.

    A key no item has is reported as not found, a key several items have as ambiguous, and a
    chunk whose query failed as one failure naming its keys; the other chunks go on.
    `advance(n)` is called after each chunk of n keys.
    """
    result = WikidataLookup(property_id)
    report = result.report
    unique: list[str] = []
    for key in dict.fromkeys(keys):
        if key.strip():
            unique.append(key)
        else:
            report.disagree(repr(key), Issue.MALFORMED, "an empty key; not looked up")
    endpoint = client.url(REGISTRY)
    size = max(1, chunk_size)
    chunks = [unique[start : start + size] for start in range(0, len(unique), size)]
    for chunk in counted(chunks, advance, len):
        report.looked_up.extend(chunk)
        query = build_query(property_id, chunk, also)
        name = _batch_name(property_id, chunk)
        result.requests += 1
        try:
            if len(endpoint) + 1 + len(urlencode({"query": query})) <= GET_URL_LIMIT:
                answer = client.get_json(REGISTRY, name, endpoint, {"query": query}, accept=ACCEPT)
            else:
                answer = client.post_json(REGISTRY, name, endpoint, {"query": query}, accept=ACCEPT)
            rows = parse_answer(answer, name)
        except LookupFailure as failure:
            report.fail(failure)
            continue
        report.answered.extend(chunk)
        found = _collect(rows, chunk, property_id, also, answer)
        for key in chunk:
            matches = found.get(key, [])
            if not matches:
                report.disagree(
                    key,
                    Issue.NOT_FOUND,
                    f"no Wikidata item has {property_id} {key!r}",
                    answer.url,
                )
                continue
            result.matches[key] = matches
            report.found.append(key)
            if len(matches) > 1:
                report.disagree(
                    key,
                    Issue.AMBIGUOUS,
                    f"{len(matches)} Wikidata items have {property_id} {key!r}: "
                    + ", ".join(match.item.removeprefix(ENTITY) for match in matches),
                    answer.url,
                )
    return result


def _batch_name(property_id: str, keys: Sequence[str]) -> str:
    shown = ", ".join(keys[:3]) + (", …" if len(keys) > 3 else "")
    return f"{property_id} of {len(keys)} key{'s' if len(keys) != 1 else ''} ({shown})"


def parse_answer(answer: JsonAnswer, key: str) -> list[dict[str, str]]:
    """Read SPARQL JSON results into rows of variable -> value.

    Another shape is a LookupFailure naming `key`.
    """

    def wrong(what: str) -> LookupFailure:
        return lookup_failure(REGISTRY, key, answer.url, f"unexpected JSON: {what}", status=200)

    data = answer.data
    results = data.get("results") if isinstance(data, dict) else None
    bindings = results.get("bindings") if isinstance(results, dict) else None
    if not isinstance(bindings, list):
        raise wrong('expected SPARQL results, an object with "results": {"bindings": [...]}')
    rows = []
    for number, binding in enumerate(bindings):
        if not isinstance(binding, dict):
            raise wrong(f"binding {number} is not an object")
        row: dict[str, str] = {}
        for variable, term in binding.items():
            if not isinstance(term, dict) or not isinstance(term.get("value"), str):
                raise wrong(f"binding {number}: ?{variable} has no value")
            row[variable] = term["value"]
            if variable == "label" and isinstance(term.get("xml:lang"), str):
                row["label@"] = term["xml:lang"]
            if variable == "item" and term.get("type") != "uri":
                raise wrong(f"binding {number}: ?item is not an IRI")
        if "key" not in row or "item" not in row:
            raise wrong(f"binding {number} has no ?key and ?item")
        rows.append(row)
    return rows


def _collect(
    rows: list[dict[str, str]],
    keys: Sequence[str],
    property_id: str,
    also: Sequence[str],
    answer: JsonAnswer,
) -> dict[str, list[WikidataMatch]]:
    exact = {key: key for key in keys}
    folded = {key.casefold(): key for key in keys}
    labels: dict[tuple[str, str], dict[str, str]] = {}
    extra: dict[tuple[str, str], dict[str, dict[str, None]]] = {}
    order: list[tuple[str, str]] = []
    for row in rows:
        key = exact.get(row["key"]) or folded.get(row["key"].casefold())
        if key is None:
            continue  # not asked for: ignore
        pair = (key, row["item"])
        if pair not in labels:
            order.append(pair)
            labels[pair] = {}
            extra[pair] = {prop: {} for prop in also}
        if "label" in row:
            labels[pair].setdefault(row.get("label@", ""), row["label"])
        for prop in also:
            if prop in row:
                extra[pair][prop].setdefault(row[prop])
    found: dict[str, list[WikidataMatch]] = {}
    for key, item in order:
        found.setdefault(key, []).append(
            WikidataMatch(
                key=key,
                property=property_id,
                item=item,
                labels=labels[(key, item)],
                also={prop: tuple(values) for prop, values in extra[(key, item)].items()},
                url=answer.url,
                retrieved_at=answer.retrieved_at,
            )
        )
    return found


def items_by_isil(client: RegistryClient, isils: Iterable[str], **options: Any) -> WikidataLookup:
    """Find the items of libraries by ISIL (P791), all in one query."""
    return lookup(client, ISIL, isils, **options)


def items_by_business_id(
    client: RegistryClient, business_ids: Iterable[str], **options: Any
) -> WikidataLookup:
    """Find the items of organisations by business ID (P12980), with their P1203 if any."""
    options.setdefault("also", (MUNICIPALITY_NUMBER,))
    return lookup(client, BUSINESS_ID, business_ids, **options)


def municipalities_by_number(
    client: RegistryClient, numbers: Iterable[str], **options: Any
) -> WikidataLookup:
    """Find municipality items by municipality number (P1203, three digits: "049")."""
    return lookup(client, MUNICIPALITY_NUMBER, numbers, **options)
