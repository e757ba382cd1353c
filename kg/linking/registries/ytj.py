"""PRH/YTJ open data (API v3): does a business ID exist, under which registered name.

    check_business_ids(client, {"0171450-7": None})   -> YtjCheck(companies, report)

One request per business ID: `GET <base>/companies?businessId=0171450-7`, answered by a
`CompanyResult`, `{"totalResults": n, "companies": [...]}` (REGISTRIES.md §2.1). An unknown
ID is observed to give 200 with `{"totalResults": 0, "companies": []}`: reported as "unknown",
not as a failure. The answer is filtered to the company whose `businessId.value` is the one
asked for. Codes (`type`, `status`, ...) are opaque strings; descriptions are taken in Finnish
(`languageCode` "1") where there are any. An ID whose check digit is wrong is never sent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from kg.errors import LookupFailure
from kg.linking.registries.http import JsonAnswer, RegistryClient
from kg.linking.registries.matching import same_name
from kg.linking.registries.report import Advance, Issue, LookupReport, counted
from kg.records.values import is_valid_business_id

REGISTRY: Final = "ytj"
COMPANIES_PATH: Final = "/companies"
MAIN_NAME_TYPE: Final = "1"
VISITING_ADDRESS: Final = 1
FINNISH: Final = "1"

_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-"})
_FORM = re.compile(r"^(\d{6,7})-(\d)$")


@dataclass(frozen=True)
class YtjCompany:
    """One company (or municipality) of YTJ as it answered, with where and when it did."""

    business_id: str
    name: str | None  # the current main name (names[].type "1" without an end date)
    other_names: tuple[str, ...]  # other current names (parallel, auxiliary)
    former_names: tuple[str, ...]  # names with an end date
    registration_date: str | None  # of the business ID
    company_forms: tuple[str, ...]  # current forms: Finnish description, else the code
    status: str | None
    trade_register_status: str | None
    end_date: str | None
    municipality_codes: tuple[str, ...]  # addresses' postOffices, visiting address first
    website: str | None
    last_modified: str | None
    url: str
    retrieved_at: datetime


@dataclass
class YtjCheck:
    """The companies found, by the business ID as given."""

    companies: dict[str, YtjCompany] = field(default_factory=dict)
    report: LookupReport = field(default_factory=lambda: LookupReport(REGISTRY))


def normalise_business_id(value: str) -> str | None:
    """Return `value` as `NNNNNNN-C`, or None when it does not have that form.

    A `Y-` or `FI` prefix, spaces and odd dashes are removed; an old 6-digit ID is padded
    with a zero. The check digit is not checked here
    (`kg.records.values.is_valid_business_id`).
    """
    text = "".join(value.translate(_DASHES).split()).upper()
    text = re.sub(r"^(Y-?|FI)", "", text)
    if re.fullmatch(r"\d{8}", text):
        text = f"{text[:7]}-{text[7]}"
    match = _FORM.match(text)
    if not match:
        return None
    return f"{match.group(1).zfill(7)}-{match.group(2)}"


def parse_answer(answer: JsonAnswer, key: str) -> list[YtjCompany]:
    """Read a `CompanyResult`; another shape is a LookupFailure naming `key`."""
    companies = []
    for number, company in enumerate(answer.object_list(REGISTRY, key, "companies")):
        ident = company.get("businessId")
        if not isinstance(ident, dict) or not isinstance(ident.get("value"), str):
            raise answer.unexpected(
                REGISTRY, key, f'companies[{number}] has no "businessId": {{"value": ...}}'
            )
        value: str = ident["value"]
        names = [n for n in _dicts(company.get("names")) if isinstance(n.get("name"), str)]
        current = [n for n in names if not n.get("endDate")]
        main = sorted(
            (n for n in current if str(n.get("type")) == MAIN_NAME_TYPE),
            key=lambda n: (str(n.get("registrationDate") or ""), _int(n.get("version"))),
            reverse=True,
        )
        name = main[0]["name"] if main else (current[0]["name"] if current else None)
        website = company.get("website")
        companies.append(
            YtjCompany(
                business_id=value.strip(),
                name=name.strip() if name else None,
                other_names=tuple(
                    n["name"].strip() for n in current if n["name"] != name and n["name"].strip()
                ),
                former_names=tuple(n["name"].strip() for n in names if n.get("endDate")),
                registration_date=_text(ident.get("registrationDate")),
                company_forms=tuple(
                    _description(form)
                    for form in _dicts(company.get("companyForms"))
                    if not form.get("endDate") and _description(form)
                ),
                status=_text(company.get("status")),
                trade_register_status=_text(company.get("tradeRegisterStatus")),
                end_date=_text(company.get("endDate")),
                municipality_codes=_municipality_codes(company.get("addresses")),
                website=_text(website.get("url")) if isinstance(website, dict) else None,
                last_modified=_text(company.get("lastModified")),
                url=answer.url,
                retrieved_at=answer.retrieved_at,
            )
        )
    return companies


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return (value.strip() or None) if isinstance(value, str) else None


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _description(entry: dict[str, Any]) -> str:
    descriptions = _dicts(entry.get("descriptions"))
    for description in descriptions:
        text = _text(description.get("description"))
        if str(description.get("languageCode")) == FINNISH and text:
            return text
    return _text(entry.get("type")) or ""


def _municipality_codes(addresses: Any) -> tuple[str, ...]:
    ordered = sorted(_dicts(addresses), key=lambda a: a.get("type") != VISITING_ADDRESS)
    codes: dict[str, None] = {}
    for address in ordered:
        for office in _dicts(address.get("postOffices")):
            code = _text(office.get("municipalityCode"))
            if code and code.isdigit():
                codes.setdefault(code.zfill(3))
    return tuple(codes)


def check_business_ids(
    client: RegistryClient,
    business_ids: Mapping[str, str | None] | Iterable[str],
    *,
    advance: Advance | None = None,
) -> YtjCheck:
    """Look each business ID up (one request each): does it exist, its registered name.

    `business_ids` maps each ID (as the record writes it) to the name the record expects
    (or None); a plain list compares no names. IDs that cannot be valid are reported and
    not sent; a failed look-up is reported and the others go on. `advance(1)` is called
    after each ID.
    """
    names = dict(business_ids) if isinstance(business_ids, Mapping) else dict.fromkeys(business_ids)
    result = YtjCheck()
    report = result.report
    url = client.url(REGISTRY) + COMPANIES_PATH
    for key, expected in counted(names.items(), advance):
        business_id = normalise_business_id(key)
        if business_id is None or not is_valid_business_id(business_id):
            report.disagree(
                key, Issue.MALFORMED, "not a valid business ID (form or check digit); not looked up"
            )
            continue
        report.looked_up.append(key)
        try:
            answer = client.get_json(REGISTRY, key, url, {"businessId": business_id})
            companies = parse_answer(answer, key)
        except LookupFailure as failure:
            report.fail(failure)
            continue
        report.answered.append(key)
        exact = [c for c in companies if normalise_business_id(c.business_id) == business_id]
        if not exact:
            report.disagree(key, Issue.NOT_FOUND, "business ID unknown to YTJ", answer.url)
            continue
        company = exact[0]
        result.companies[key] = company
        report.found.append(key)
        if company.end_date:
            report.disagree(
                key,
                Issue.INACTIVE,
                f"the business ID has ended ({company.end_date})",
                answer.url,
                registry_value=company.end_date,
            )
        if expected and company.name and not same_name(expected, company.name):
            report.disagree(
                key,
                Issue.NAME_DIFFERS,
                f"YTJ's name is {company.name!r}, the record's {expected!r}",
                answer.url,
                record_value=expected,
                registry_value=company.name,
            )
    return result
