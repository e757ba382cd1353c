"""Municipality numbers (kuntanumero) and the code-list IRIs that name them.

    municipality_number("49")                       -> "049"
    codelist_iri("297")                              -> http://uri.suomi.fi/codelist/jhs/kunta_1_20240101/code/297
    link_municipalities(ytj_check, wikidata_lookup)  -> MunicipalityLinks

The IRIs are those of the Interoperability Platform's JHS code list `kunta_1_YYYYMMDD`
(REGISTRIES.md §7): the best available IRIs for a municipality as a classification item.
The list is dated, so the year is pinned (`RegistryConfig.municipality_codelist`); numbers
change when municipalities merge. The number itself comes from the registries: the
municipality code of a YTJ address (the visiting address first), else the P1203 of the
Wikidata item found by the business ID. When both are there and differ, that is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from kg.linking.registries.report import Issue, LookupReport
from kg.linking.registries.wikidata import MUNICIPALITY_NUMBER, WikidataLookup
from kg.linking.registries.ytj import YtjCheck

REGISTRY: Final = "municipalities"
DEFAULT_CODELIST: Final = "kunta_1_20240101"
CODELIST_BASE: Final = "http://uri.suomi.fi/codelist/jhs/"

_CODELIST = re.compile(r"^[a-z]+_\d+_\d{8}$")


@dataclass(frozen=True)
class MunicipalityLink:
    """A municipality number, its code-list IRI, and the registry answer it came from."""

    key: str  # the business ID it was found for
    number: str
    iri: str
    codelist: str
    registry: str  # "ytj" or "wikidata"
    url: str
    retrieved_at: datetime


@dataclass
class MunicipalityLinks:
    """The code-list link of each business ID that has a municipality number."""

    links: dict[str, MunicipalityLink] = field(default_factory=dict)
    report: LookupReport = field(default_factory=lambda: LookupReport(REGISTRY))


def municipality_number(value: str | int) -> str:
    """Return a municipality number as three digits ("49" -> "049"); ValueError if not one."""
    text = str(value).strip()
    if not re.fullmatch(r"\d{1,3}", text):
        raise ValueError(f"not a municipality number: {value!r}")
    return text.zfill(3)


def codelist_iri(number: str | int, codelist: str = DEFAULT_CODELIST) -> str:
    """Return the IRI of a municipality number in the JHS code list `codelist`."""
    if not _CODELIST.match(codelist):
        raise ValueError(f"not a code list like 'kunta_1_20240101': {codelist!r}")
    return f"{CODELIST_BASE}{codelist}/code/{municipality_number(number)}"


def link_municipalities(
    ytj: YtjCheck | None = None,
    wikidata: WikidataLookup | None = None,
    codelist: str = DEFAULT_CODELIST,
) -> MunicipalityLinks:
    """Link each business ID to its municipality's code-list IRI, from YTJ and/or Wikidata.

    YTJ's visiting-address municipality code comes first; Wikidata's P1203 of the item with
    that business ID (asked for by `items_by_business_id`) when YTJ has none. Several numbers
    within one source, or different numbers from the two, are reported as disagreements.
    """
    result = MunicipalityLinks()
    report = result.report
    keys: dict[str, None] = {}
    if ytj is not None:
        keys.update(dict.fromkeys(ytj.companies))
    if wikidata is not None:
        keys.update(dict.fromkeys(wikidata.matches))
    for key in keys:
        report.looked_up.append(key)
        report.answered.append(key)
        link: MunicipalityLink | None = None
        company = ytj.companies.get(key) if ytj is not None else None
        if company is not None and company.municipality_codes:
            number = company.municipality_codes[0]
            link = MunicipalityLink(
                key,
                number,
                codelist_iri(number, codelist),
                codelist,
                "ytj",
                company.url,
                company.retrieved_at,
            )
            if len(company.municipality_codes) > 1:
                report.disagree(
                    key,
                    Issue.AMBIGUOUS,
                    "YTJ's addresses are in several municipalities "
                    f"({', '.join(company.municipality_codes)}); the visiting address's is used",
                    company.url,
                )
        matches = wikidata.matches.get(key, []) if wikidata is not None else []
        numbers: dict[str, str] = {}
        for match in matches:
            for value in match.also.get(MUNICIPALITY_NUMBER, ()):
                try:
                    numbers.setdefault(municipality_number(value), match.url)
                except ValueError:
                    report.disagree(
                        key, Issue.MALFORMED, f"Wikidata's P1203 {value!r} is no number", match.url
                    )
        if numbers and link is None:
            number, url = next(iter(numbers.items()))
            match = matches[0]
            link = MunicipalityLink(
                key,
                number,
                codelist_iri(number, codelist),
                codelist,
                "wikidata",
                url,
                match.retrieved_at,
            )
            if len(numbers) > 1:
                report.disagree(
                    key,
                    Issue.AMBIGUOUS,
                    f"Wikidata gives several municipality numbers ({', '.join(numbers)})",
                    url,
                )
        elif link is not None and numbers and link.number not in numbers:
            report.disagree(
                key,
                Issue.MUNICIPALITY_DIFFERS,
                f"YTJ gives municipality {link.number}, Wikidata {', '.join(numbers)}",
                next(iter(numbers.values())),
                record_value=link.number,
                registry_value=", ".join(numbers),
            )
        if link is None:
            report.disagree(key, Issue.NOT_FOUND, "no municipality number in YTJ or Wikidata")
            continue
        result.links[key] = link
        report.found.append(key)
    return result
