"""The Finnish ISIL registry (National Library of Finland): check ISILs, propose them by name.

    check_isils(client, {"FI-Km": "Kuopion kaupunginkirjasto"})   -> IsilCheck
    propose_isils(client, [LibraryRef("Kalajoen kaupunginkirjasto", "Kalajoki")])
                                                                  -> IsilProposals

The registry has one endpoint, `GET <base>/api/query`, with the optional parameters `name`,
`cities`, `isil`, `linda` and `former`, and answers `{"data": [{"name", "isil", "linda",
"cities": [...], "former", "active"}]}` (REGISTRIES.md §4). The server turns every parameter
into `new RegExp(value, 'i')` for a MongoDB query: a case-insensitive, *unanchored regular
expression*. So `isil=FI-Km` would also match every ISIL that contains "FI-Km". Values are
therefore escaped (`escape_pattern`) and anchored (`^...$`) here, and the answer is still
filtered to exact (case-insensitive) matches. Only the five documented parameters are sent:
the server makes a filter of any other one too. Inactive entries come back as well
(`active: false`) and are reported, never proposed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from kg.errors import LookupFailure
from kg.linking.registries.http import JsonAnswer, RegistryClient
from kg.linking.registries.matching import name_score, same_name, same_place, telling_words
from kg.linking.registries.report import (
    Advance,
    Candidate,
    Issue,
    LibraryRef,
    LookupReport,
    counted,
)

REGISTRY: Final = "isil"
QUERY_PATH: Final = "/api/query"
PARAMETERS: Final = frozenset({"name", "cities", "isil", "linda", "former"})
MIN_SCORE: Final = 0.5

# ISO 15511: a prefix of 1..4 letters, a hyphen, up to 11 of A-Z a-z 0-9 - / :, at most 16.
_ISIL = re.compile(r"^[A-Za-z]{1,4}-[A-Za-z0-9:/-]{1,11}$")
# The metacharacters of JavaScript (and PCRE, where MongoDB runs it) regular expressions.
_METACHARACTERS = re.compile(r"[\\^$.|?*+()\[\]{}/]")


@dataclass(frozen=True)
class IsilRecord:
    """One entry of the ISIL registry as it answered, with where and when it did."""

    isil: str
    name: str
    active: bool | None  # None: the entry did not say
    cities: tuple[str, ...]
    linda: str | None
    former: str | None  # former names, as one string
    url: str
    retrieved_at: datetime


@dataclass(frozen=True)
class IsilAnswer:
    """The entries one query gave, and the URL that gave them."""

    records: list[IsilRecord]
    url: str


@dataclass
class IsilCheck:
    """The registry's entries for the ISILs asked about (by the key as given)."""

    records: dict[str, IsilRecord] = field(default_factory=dict)
    report: LookupReport = field(default_factory=lambda: LookupReport(REGISTRY))


@dataclass
class IsilProposals:
    """Candidate ISILs for libraries that have none, best first (empty list: none found)."""

    candidates: dict[LibraryRef, list[Candidate[IsilRecord]]] = field(default_factory=dict)
    report: LookupReport = field(default_factory=lambda: LookupReport(REGISTRY))


def escape_pattern(value: str) -> str:
    """Escape `value` so that the registry's regular expressions match it literally.

    A backslash before a metacharacter makes it a literal in JavaScript (without the `u`
    flag) and in PCRE alike; other characters are left as they are.
    """
    return _METACHARACTERS.sub(lambda match: "\\" + match.group(0), value)


def exact_pattern(value: str) -> str:
    """Return the anchored, escaped pattern that matches `value` exactly (but for case)."""
    return f"^{escape_pattern(value)}$"


def is_isil(value: str) -> bool:
    """Return whether `value` has the form of an ISIL (ISO 15511)."""
    return bool(_ISIL.match(value)) and len(value) <= 16


def query(client: RegistryClient, key: str, parameter: str, pattern: str) -> IsilAnswer:
    """Ask the registry for entries whose `parameter` matches the regular expression `pattern`.

    `pattern` goes as it is: escape and anchor it first (`exact_pattern`) unless a regular
    expression is meant. Raises LookupFailure (naming `key`) when there is no usable answer.
    """
    if parameter not in PARAMETERS:
        raise ValueError(f"the ISIL registry has no parameter {parameter!r}")
    url = client.url(REGISTRY) + QUERY_PATH
    answer = client.get_json(REGISTRY, key, url, {parameter: pattern})
    return IsilAnswer(parse_answer(answer, key), answer.url)


def parse_answer(answer: JsonAnswer, key: str) -> list[IsilRecord]:
    """Read `{"data": [...]}`; any other shape is a LookupFailure naming `key`."""
    records = []
    for number, entry in enumerate(answer.object_list(REGISTRY, key, "data")):
        isil, name = entry.get("isil"), entry.get("name")
        if not isinstance(isil, str) or not isinstance(name, str):
            raise answer.unexpected(
                REGISTRY, key, f'data[{number}] has no "isil" and "name" strings'
            )
        active = entry.get("active")
        cities = entry.get("cities")
        if isinstance(cities, str):
            cities = [part.strip() for part in cities.split(",")]
        if not isinstance(cities, list):
            cities = []
        records.append(
            IsilRecord(
                isil=isil.strip(),
                name=name.strip(),
                active=active if isinstance(active, bool) else None,
                cities=tuple(c.strip() for c in cities if isinstance(c, str) and c.strip()),
                linda=_text(entry.get("linda")),
                former=_text(entry.get("former")),
                url=answer.url,
                retrieved_at=answer.retrieved_at,
            )
        )
    return records


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def check_isils(
    client: RegistryClient,
    isils: Mapping[str, str | None] | Iterable[str],
    *,
    advance: Advance | None = None,
) -> IsilCheck:
    """Look each ISIL up (one request each): does it exist, is it active, its name and cities.

    `isils` maps each ISIL to the library's name in the record (or None), so a different
    official name is reported; a plain list of ISILs compares no names. A failed look-up is
    reported and the others go on. `advance(1)` is called after each ISIL.
    """
    names = dict(isils) if isinstance(isils, Mapping) else dict.fromkeys(isils)
    result = IsilCheck()
    report = result.report
    for key, record_name in counted(names.items(), advance):
        isil = key.strip()
        if not is_isil(isil):
            report.disagree(key, Issue.MALFORMED, f"{key!r} is not an ISIL; not looked up")
            continue
        report.looked_up.append(key)
        try:
            answer = query(client, key, "isil", exact_pattern(isil))
        except LookupFailure as failure:
            report.fail(failure)
            continue
        report.answered.append(key)
        exact = [entry for entry in answer.records if entry.isil.casefold() == isil.casefold()]
        if not exact:
            report.disagree(key, Issue.NOT_FOUND, "not in the ISIL registry", answer.url)
            continue
        active = [entry for entry in exact if entry.active is not False]
        if len(active) > 1:
            report.disagree(
                key,
                Issue.AMBIGUOUS,
                f"the registry has {len(active)} entries for it: "
                + "; ".join(entry.name for entry in active),
                exact[0].url,
            )
        entry = (active or exact)[0]
        result.records[key] = entry
        report.found.append(key)
        if entry.active is False:
            report.disagree(key, Issue.INACTIVE, f"the ISIL is inactive ({entry.name})", entry.url)
        if entry.isil != isil:
            report.disagree(
                key,
                Issue.SPELLING_DIFFERS,
                f"the registry writes it {entry.isil}",
                entry.url,
                record_value=isil,
                registry_value=entry.isil,
            )
        if record_name and not same_name(record_name, entry.name):
            report.disagree(
                key,
                Issue.NAME_DIFFERS,
                f"the registry's name is {entry.name!r}, the record's {record_name!r} "
                f"(score {name_score(record_name, entry.name):.2f})",
                entry.url,
                record_value=record_name,
                registry_value=entry.name,
            )
    return result


def propose_isils(
    client: RegistryClient,
    libraries: Iterable[LibraryRef],
    *,
    min_score: float = MIN_SCORE,
    advance: Advance | None = None,
) -> IsilProposals:
    """Propose ISILs for libraries without one, by name within their municipality.

    One request per municipality (`cities=^<municipality>$`); each active entry there is scored
    against the library's name (`name_score`), and those scoring at least `min_score` become
    candidates, best first, method "name+municipality". A library without a municipality is
    searched by its most telling word (`name=<word>`, unanchored on purpose), method "name".
    Nothing is applied: the candidates are proposals. `advance(1)` is called after each
    library (the same library twice is looked up once).
    """
    result = IsilProposals()
    report = result.report
    answers: dict[tuple[str, str], IsilAnswer | LookupFailure] = {}
    for library in counted(dict.fromkeys(libraries), advance):
        key = str(library)
        if library.municipality:
            method, parameter = "name+municipality", "cities"
            value = exact_pattern(library.municipality.strip())
        else:
            tokens = sorted(telling_words(library.name), key=len, reverse=True)
            if not tokens:
                report.disagree(
                    key, Issue.MALFORMED, "the name has no telling word and no municipality"
                )
                continue
            method, parameter, value = "name", "name", escape_pattern(tokens[0])
        report.looked_up.append(key)
        cached = answers.get((parameter, value.casefold()))
        if cached is None:
            try:
                cached = query(client, key, parameter, value)
            except LookupFailure as failure:
                cached = failure
            answers[(parameter, value.casefold())] = cached
        if isinstance(cached, LookupFailure):
            report.fail(cached.for_key(key))
            continue
        report.answered.append(key)
        entries = cached.records
        if library.municipality:
            entries = [
                entry
                for entry in entries
                if any(same_place(city, library.municipality) for city in entry.cities)
            ]
        scored = sorted(
            (
                (name_score(library.name, entry.name), entry)
                for entry in entries
                if entry.active is not False
            ),
            key=lambda pair: (-pair[0], pair[1].isil),
        )
        candidates = [
            Candidate(REGISTRY, key, method, score, entry, entry.url, entry.retrieved_at)
            for score, entry in scored
            if score >= min_score
        ]
        result.candidates[library] = candidates
        report.candidates.extend(candidates)
        url = cached.url
        if not candidates:
            report.disagree(
                key,
                Issue.NO_MATCH,
                f"no active ISIL with a name like it ({len(entries)} entries searched)",
                url,
            )
            continue
        report.found.append(key)
        if len(candidates) > 1 and candidates[0].score == candidates[1].score:
            report.disagree(
                key,
                Issue.AMBIGUOUS,
                f"{candidates[0].record.isil} and {candidates[1].record.isil} match equally "
                f"well ({candidates[0].score:.2f})",
                url,
            )
    return result
