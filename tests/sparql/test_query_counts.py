"""Every count and sum the stored queries give equals one made in Python from the records.

For each stored query with a count or a sum column, and for each one that says it gives one
row per thing, the expected rows are worked out here in Python from `records.jsonl` alone
(the parsed records `kg build` writes beside the store, README "The record JSON"), and
compared with what the query gives on the built store:

(a) the five seeds;
(b) records written by hypothesis in the page format: a handful of pages of a few libraries
    shared between them, which some pages name with their ISIL in another letter case, or
    without it (beside the same business ID and name, or with the name and address only);
    cut short or complete; with or without money, a report of only €0, statistics, partners;
(c) the real page copies beside the project (`../shared/records`), when they are there.

The rules of the Python side, which the graph is to follow:

- Libraries: one per ISIL, compared case-insensitively. A record without ISIL is the library
  of another record with the same name (compared case-insensitively, spaces collapsed, a
  dash of any kind and the spaces around it alike) and
  the same business ID, when exactly one library fits; a record without ISIL and business ID
  is the one library of the same name that other records identify (by ISIL or business ID)
  whose postal area (the first three digits) is the record's, where both give one. Else a
  library of its own, by business ID and name, else by name alone.
- Projects: one per page (the slug of its URL, when the build is told the pages), else per
  call year, library and title.
- Partners: a partner named like a library of the records is that library (of several of the
  name, the one of the applicant's legal body), else an organisation by its name. Persons,
  kinds of partner and names cut off by the copy (`kg.records.partners` categories) are no partner
  organisations.
- Money: an amount a page does not give is absent, never 0; a sum adds the known amounts and
  is blank when none is known; a final report whose amounts are all 0 is not reported.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from pyoxigraph import Literal, NamedNode

from kg.build import BuildOptions, build
from kg.records import parse_text, record_to_json
from kg.records.partners import split_partners
from kg.sparql.catalogue import bind, load_catalogue, run_local
from kg.store.graph_store import GraphStore
from tests.conftest import CORPUS, MISSING_CORPUS, SEEDS

CATALOGUE = load_catalogue()
READ_AT = datetime(2026, 1, 31, 12, tzinfo=UTC)

Key = tuple[str, ...]
Row = dict[str, str | None]

# The header's grant kind -> the programme (README "The graph": AVI, RFV and ELY are one).
PROGRAMMES = {
    "AVI": "avi",
    "RFV": "avi",
    "ELY": "avi",
    "OKM": "okm",
    "Hyvä käytänne": "good-practice",
}
PROGRAMME_NAMES = {  # their Finnish names, the reference data's
    "avi": "Yleisten kirjastojen kehittämisavustukset (AVI)",
    "okm": "Opetus- ja kulttuuriministeriön kirjastohankkeet",
    "good-practice": "Hyvä käytänne",
}
APPLICATION_KINDS = {
    "requested": "RequestedAmount",
    "own_funding": "OwnFundingAmount",
    "total_budget": "TotalBudgetAmount",
    "other_applied": "OtherGrantsAppliedAmount",
    "other_received": "OtherGrantsReceivedAmount",
}
REALIZED_KINDS = {
    "total_budget": "RealizedTotalBudgetAmount",
    "own_funding": "RealizedOwnFundingAmount",
    "external_funding": "ExternalFundingAmount",
    "partner_contribution": "PartnerContributionAmount",
}
STATISTICS = ("events", "event_participants", "trainings", "training_participants")
PARTNER_CATEGORIES = ("organisation", "municipal_unit")  # the partners that are organisations
BRANCH_SEPARATOR = re.compile(
    r"\s+[-–—]\s+|\s*/\s*|,\s+|(?<=kirjasto)[-–](?=\w)|(?<=bibliotek)[-–](?=\w)"
)


def name_key(text: str) -> str:
    """Names compared case-insensitively, spaces collapsed, a dash of any kind alike."""
    return re.sub(r"\s*[-–—‐]\s*", "-", " ".join(text.split())).casefold()


def number(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


# -- the expected answers, from the records alone ----------------------------------------------


@dataclass
class Library:
    """A library as the records name it: its names, ISILs, business IDs and projects."""

    key: Key
    names: set[str] = field(default_factory=set)  # as written
    isils: set[str] = field(default_factory=set)  # case folded
    business_ids: set[str] = field(default_factory=set)
    projects: set[Key] = field(default_factory=set)

    def has_name(self, name: str | None) -> bool:
        """The name is one of its own, or the part of one before a branch's name."""
        return name is not None and any(
            name_key(own).startswith(name_key(name)) for own in self.names
        )


@dataclass
class Project:
    """A project as its records describe it (one record, or the pages of one project)."""

    key: Key
    sources: list[str]
    library: Key
    year: int
    programme: str
    has_grant: bool
    granted: Decimal | None
    application: dict[str, Decimal | None]
    realized: dict[str, Decimal | None]
    statistics: dict[str, int | None]
    partners: tuple[tuple[str, str], ...]  # (name, category), in the order the page lists them

    @property
    def reported(self) -> bool:
        """A final report counts as made when one of its amounts is not 0."""
        return any(value is not None and value != 0 for value in self.realized.values())

    @property
    def has_statistics(self) -> bool:
        return any(value is not None for value in self.statistics.values())


def _money(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _count(value: object) -> int | None:
    return None if value is None else int(str(value))


def _one(values: Iterable[object], what: str, project: Key) -> object:
    """The value the records of one project give (they must not disagree)."""
    found = {
        json.dumps(value, sort_keys=True, default=str) for value in values if value is not None
    }
    assert len(found) <= 1, f"the records of project {project} disagree on {what}: {found}"
    return next((value for value in values if value is not None), None)


class Expected:
    """The libraries and projects of a set of records, by the rules of the module docstring."""

    def __init__(self, records: list[dict], pages: dict[str, str]) -> None:
        self.records = records
        self.record_library = self._resolve_libraries(records)
        self.libraries: dict[Key, Library] = {}
        for record in records:
            library = self._library(self.record_library[record["source"]])
            written = record["library"]
            if written["name"]:
                library.names.add(written["name"])
            if written["isil"]:
                library.isils.add(written["isil"].casefold())
            if written["business_id"]:
                library.business_ids.add(written["business_id"])
        grouped: dict[Key, list[dict]] = defaultdict(list)
        for record in records:
            grouped[self._project_key(record, pages)].append(record)
        self.projects = {key: self._project(key, group) for key, group in grouped.items()}
        self.project_of_source = {
            source: project.key for project in self.projects.values() for source in project.sources
        }
        for project in self.projects.values():
            self.libraries[project.library].projects.add(project.key)

    def _library(self, key: Key) -> Library:
        return self.libraries.setdefault(key, Library(key))

    @staticmethod
    def _resolve_libraries(records: list[dict]) -> dict[str, Key]:
        """The library of each record (by its source), by the rules of the module docstring."""
        keys: dict[str, Key] = {}
        isil_by_body_name: dict[tuple[str | None, str], set[Key]] = defaultdict(set)
        for record in records:
            written = record["library"]
            if written["isil"]:
                keys[record["source"]] = ("isil", written["isil"].casefold())
                if written["name"]:
                    body_name = (written["business_id"], name_key(written["name"]))
                    isil_by_body_name[body_name].add(keys[record["source"]])
        identified: dict[str, set[Key]] = defaultdict(set)
        areas: dict[Key, set[str]] = defaultdict(set)
        for record in records:
            written = record["library"]
            name = name_key(written["name"]) if written["name"] else None
            if not written["isil"] and written["business_id"]:
                found = isil_by_body_name.get((written["business_id"], name or ""), set())
                only = next(iter(found)) if len(found) == 1 else None
                keys[record["source"]] = only or ("business-id", written["business_id"], name or "")
            key = keys.get(record["source"])
            if key is not None and name:
                identified[name].add(key)
                if written["postal_code"]:
                    areas[key].add(written["postal_code"][:3])
        for record in records:
            if record["source"] in keys:
                continue
            written = record["library"]
            name = name_key(written["name"] or "")
            key: Key = ("name", name)
            found = identified.get(name, set())
            if len(found) == 1:
                only = next(iter(found))
                postal = written["postal_code"]
                if not postal or not areas[only] or postal[:3] in areas[only]:
                    key = only
            keys[record["source"]] = key
        return keys

    def _project_key(self, record: dict, pages: dict[str, str]) -> Key:
        page = pages.get(Path(record["source"]).name)
        if page:
            return ("page", unquote(urlsplit(page).path.rstrip("/").rsplit("/", 1)[-1]).casefold())
        library = self.record_library[record["source"]]
        return ("project", str(record["year"]), *library, name_key(record["title"]))

    def _project(self, key: Key, records: list[dict]) -> Project:
        libraries = {self.record_library[record["source"]] for record in records}
        assert len(libraries) == 1, f"the records of project {key} name two libraries"
        programmes = {PROGRAMMES[record["programme"]] for record in records}
        assert len(programmes) == 1, f"the records of project {key} name two programmes"

        def one(path: str) -> object:
            values = []
            for record in records:
                value: object = record
                for part in path.split("."):
                    value = value.get(part) if isinstance(value, dict) else None
                values.append(value)
            return _one(values, path, key)

        partner_lists = {self._partners(record) for record in records}
        partner_lists.discard(())
        assert len(partner_lists) <= 1, f"the records of project {key} list other partners"
        return Project(
            key=key,
            sources=[Path(record["source"]).name for record in records],
            library=libraries.pop(),
            year=int(str(one("year"))),
            programme=programmes.pop(),
            has_grant=any(
                record["funded"] is True or record["granted"] is not None for record in records
            ),
            granted=_money(one("granted")),
            application={name: _money(one(f"application.{name}")) for name in APPLICATION_KINDS},
            realized={name: _money(one(f"realized.{name}")) for name in REALIZED_KINDS},
            statistics={name: _count(one(f"statistics.{name}")) for name in STATISTICS},
            partners=partner_lists.pop() if partner_lists else (),
        )

    @staticmethod
    def _partners(record: dict) -> tuple[tuple[str, str], ...]:
        """The partners a record lists; a name the page copy cut off is none (no partnership)."""
        found = []
        for section in ("partners", "working_group"):
            text = record["sections"].get(section)
            if not text:
                continue
            cut = record.get("truncated_in") == f"sections.{section}"
            for partner in split_partners(text, cut_off=True) if cut else split_partners(text):
                category = getattr(partner, "category", "organisation")
                if category != "cut_off":
                    found.append((partner.name, category))
        return tuple(found)

    # -- what the queries answer ---------------------------------------------------------------

    def library_of_partner(self, name: str, applicant: Key) -> Key | None:
        """The library a partner named `name` is, if the records name one so."""
        found = [library for library in self.libraries.values() if self._named(library, name)]
        if len(found) > 1:
            bodies = self.libraries[applicant].business_ids
            found = [library for library in found if library.business_ids & bodies]
        return found[0].key if len(found) == 1 else None

    @staticmethod
    def _named(library: Library, name: str) -> bool:
        return any(name_key(own) == name_key(name) for own in library.names)

    def partner(self, name: str, applicant: Key) -> Key:
        """What a partner named `name` is: a library, a library's branch, or an organisation.

        A branch is named with its library, the two parts apart by " - ", "/", ", " or a dash
        right after "kirjasto" ("Vallilan kirjasto-Helsingin kaupunginkirjasto").
        """
        library = self.library_of_partner(name, applicant)
        if library is not None:
            return ("library", *library)
        parts = BRANCH_SEPARATOR.split(" ".join(name.split()))
        if len(parts) == 2:
            for branch, system in (parts, parts[::-1]):
                library = self.library_of_partner(system, applicant)
                if library is not None:
                    return ("branch", *library, name_key(branch))
        return ("organisation", name_key(name))

    def partner_counts(self) -> Counter[tuple[Key, Key]]:
        """(library, partner) -> the number of the library's projects naming the partner."""
        counts: Counter[tuple[Key, Key]] = Counter()
        for project in self.projects.values():
            partners = {
                self.partner(name, project.library)
                for name, category in project.partners
                if category in PARTNER_CATEGORIES
            }
            for partner in partners:
                counts[(project.library, partner)] += 1
        return counts

    @staticmethod
    def known_sum(values: Iterable[Decimal | None]) -> tuple[int, Decimal | None]:
        """How many of `values` are known, and their sum (None when none is)."""
        known = [value for value in values if value is not None]
        return len(known), (sum(known, Decimal(0)) if known else None)


def _records(built: Path) -> list[dict]:
    lines = (built / "records.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line, parse_float=Decimal) for line in lines if line.strip()]


# -- what the graph gives ------------------------------------------------------------------------

PREFIXES = """
PREFIX kg: <https://w3id.org/kirjasto-kg/ns#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <http://schema.org/>
"""
LIBRARY_IDENTIFIERS = (
    PREFIXES
    + """
SELECT ?library ?isil ?business_id ?name WHERE {
  ?library a kg:Library .
  OPTIONAL { ?library kg:isil ?isil }
  OPTIONAL { ?library org:unitOf/kg:businessId ?business_id }
  OPTIONAL { ?library schema:name ?name }
}"""
)
BRANCHES = (
    PREFIXES
    + "SELECT ?branch ?library WHERE {"
    + " ?branch a kg:LibraryBranch ; org:unitOf ?library . ?library a kg:Library }"
)
PROJECT_SOURCES = (
    PREFIXES
    + "SELECT ?project ?file WHERE {"
    + " ?project a kg:Project ; prov:wasDerivedFrom/kg:sourceFile ?file }"
)


def _plain(term: object) -> str | None:
    if term is None:
        return None
    assert isinstance(term, NamedNode | Literal)
    return term.value


@dataclass
class Built:
    """A build: its store, the expected answers from its records, and the graph's nodes."""

    store: GraphStore
    expected: Expected
    library_keys: dict[str, set[Key]]  # library IRI -> the libraries of the records it is
    project_keys: dict[str, set[Key]]  # project IRI -> the projects of the records it is
    branches: dict[str, str]  # a library's branch -> the library

    @classmethod
    def of(cls, out: Path, pages: dict[str, str]) -> Built:
        store = GraphStore.open(out / "store", create=False)
        expected = Expected(_records(out), pages)
        resolve = Expected._resolve_libraries
        library_keys: dict[str, set[Key]] = defaultdict(set)
        for solution in store.oxigraph.query(LIBRARY_IDENTIFIERS):
            iri, isil, business_id, name = (_plain(solution[v]) for v in range(4))
            assert iri is not None
            pseudo = {
                "source": "",
                "library": {
                    "isil": isil,
                    "business_id": business_id,
                    "name": name,
                    "postal_code": None,
                },
            }
            key = resolve([*expected.records, pseudo])[""]
            library_keys[iri].add(key)
        project_keys: dict[str, set[Key]] = defaultdict(set)
        for solution in store.oxigraph.query(PROJECT_SOURCES):
            iri, source = _plain(solution[0]), _plain(solution[1])
            assert iri is not None and source is not None
            project_keys[iri].add(expected.project_of_source[source])
        branches = {
            _plain(solution[0]) or "": _plain(solution[1]) or ""
            for solution in store.oxigraph.query(BRANCHES)
        }
        return cls(store, expected, dict(library_keys), dict(project_keys), branches)

    def rows(self, name: str, params: dict[str, str] | None = None) -> list[Row]:
        query = CATALOGUE[name]
        result = run_local(self.store, query, bind(query, params or {}))
        return [dict(zip(result.variables, map(_plain, row), strict=True)) for row in result.rows]

    def library(self, iri: str | None) -> Key:
        """The one library of the records a library node of the graph is."""
        assert iri is not None
        keys = self.library_keys.get(iri, set())
        assert len(keys) == 1, f"the graph's library {iri} is {len(keys)} libraries: {keys}"
        return next(iter(keys))

    def project(self, iri: str | None) -> Key:
        """The one project of the records a project node of the graph is."""
        assert iri is not None
        keys = self.project_keys.get(iri, set())
        assert len(keys) == 1, f"the graph's project {iri} is {len(keys)} projects: {keys}"
        return next(iter(keys))


def one_row_each(rows: list[Row], key: Callable[[Row], object], expected: Iterable[object]) -> dict:
    """Check that there is one row per expected key, and none else; return the rows by key."""
    found: dict[object, list[Row]] = defaultdict(list)
    for row in rows:
        found[key(row)].append(row)
    twice = {k: len(v) for k, v in found.items() if len(v) > 1}
    assert not twice, f"more than one row for {twice}"
    wanted = set(expected)
    assert set(found) == wanted, (
        f"rows for {sorted(map(str, set(found) - wanted))}, "
        f"none for {sorted(map(str, wanted - set(found)))}"
    )
    return {k: v[0] for k, v in found.items()}


# -- the checks, one per query -------------------------------------------------------------------


def check_libraries_and_legal_bodies(built: Built) -> None:
    expected = built.expected
    rows = built.rows("libraries_and_legal_bodies")
    by_library = one_row_each(rows, lambda row: built.library(row["library"]), expected.libraries)
    for key, library in expected.libraries.items():
        row = by_library[key]
        assert int(row["projects"] or -1) == len(library.projects), (key, row)
        granted = [expected.projects[project].granted for project in library.projects]
        assert number(row["granted"]) == expected.known_sum(granted)[1], (key, row)
        assert library.has_name(row["library_name"]), (key, row)
        assert (row["isil"] or "").casefold() in (library.isils or {""}), (key, row)
        assert (row["business_id"] or "") in (library.business_ids or {""}), (key, row)
    assert sum(int(row["projects"] or 0) for row in rows) == len(expected.projects)


def check_export_libraries(built: Built) -> None:
    expected = built.expected
    rows = built.rows("export_libraries")
    by_library = one_row_each(rows, lambda row: built.library(row["library"]), expected.libraries)
    for key, library in expected.libraries.items():
        row = by_library[key]
        assert int(row["projects"] or -1) == len(library.projects), (key, row)
        assert library.has_name(row["name"]), (key, row)
        assert (row["isil"] or "").casefold() in (library.isils or {""}), (key, row)
        assert (row["business_id"] or "") in (library.business_ids or {""}), (key, row)


def check_libraries_without_registry_link(built: Built) -> None:
    # Nothing is linked in these builds: every library, once.
    rows = built.rows("libraries_without_registry_link")
    one_row_each(rows, lambda row: built.library(row["library"]), built.expected.libraries)


def check_libraries_missing_identifiers(built: Built) -> None:
    expected = {
        (key, "ISIL") for key, library in built.expected.libraries.items() if not library.isils
    }
    expected |= {
        (key, "BusinessID")
        for key, library in built.expected.libraries.items()
        if not library.business_ids
    }
    rows = built.rows("libraries_missing_identifiers")
    one_row_each(rows, lambda row: (built.library(row["library"]), row["scheme_name"]), expected)


def check_projects_of_library(built: Built) -> None:
    for library in built.expected.libraries.values():
        for isil in sorted(library.isils):
            rows = built.rows("projects_of_library", {"isil": isil.upper()})
            one_row_each(rows, lambda row: built.project(row["project"]), library.projects)


def check_programmes_and_funders(built: Built) -> None:
    counts = Counter(project.programme for project in built.expected.projects.values())
    wanted = {key: counts.get(key, 0) for key in {*PROGRAMME_NAMES, *counts}}
    rows = built.rows("programmes_and_funders")
    by_programme = one_row_each(
        rows, lambda row: (row["programme"] or "").rsplit("/", 1)[-1], wanted
    )
    for key, count in wanted.items():
        assert int(by_programme[key]["projects"] or -1) == count, (key, by_programme[key])
        assert by_programme[key]["programme_name"] == PROGRAMME_NAMES[key]


def check_granted_by_year_and_programme(built: Built) -> None:
    expected = built.expected
    groups: dict[tuple[str, str], list[Project]] = defaultdict(list)
    for project in expected.projects.values():
        groups[(str(project.year), project.programme)].append(project)
    rows = built.rows("granted_by_year_and_programme")
    by_call = one_row_each(
        rows, lambda row: (row["year"], (row["programme"] or "").rsplit("/", 1)[-1]), groups
    )
    for call, projects in groups.items():
        row = by_call[call]
        grants = [project for project in projects if project.has_grant]
        known, total = expected.known_sum(project.granted for project in grants)
        assert row["programme_name"] == PROGRAMME_NAMES[call[1]], row
        assert int(row["projects"] or -1) == len(projects), (call, row)
        assert int(row["grants"] or -1) == len(grants), (call, row)
        assert int(row["granted_known"] or -1) == known, (call, row)
        assert number(row["granted"]) == total, (call, row)


def _share(granted: Decimal, requested: Decimal) -> Decimal | None:
    if requested == 0:
        return None
    return (1000 * granted / requested).quantize(Decimal(1), ROUND_HALF_UP) / 1000


def check_applied_vs_granted_by_year(built: Built) -> None:
    expected = built.expected
    years: dict[str, list[Project]] = defaultdict(list)
    for project in expected.projects.values():
        years[str(project.year)].append(project)
    rows = built.rows("applied_vs_granted_by_year")
    by_year = one_row_each(rows, lambda row: row["year"], years)
    for year, projects in years.items():
        row = by_year[year]
        grants = [project for project in projects if project.has_grant]
        requested = expected.known_sum(project.application["requested"] for project in projects)
        granted = expected.known_sum(project.granted for project in grants)
        both = [
            project
            for project in grants
            if project.granted is not None and project.application["requested"] is not None
        ]
        assert int(row["projects"] or -1) == len(projects), (year, row)
        assert (int(row["requested_known"] or -1), number(row["requested"])) == requested, row
        assert int(row["grants"] or -1) == len(grants), (year, row)
        assert (int(row["granted_known"] or -1), number(row["granted"])) == granted, (year, row)
        assert int(row["share_known"] or -1) == len(both), (year, row)
        share = None
        if both:
            share = _share(
                sum((project.granted or Decimal(0) for project in both), Decimal(0)),
                sum(
                    (project.application["requested"] or Decimal(0) for project in both), Decimal(0)
                ),
            )
        assert number(row["granted_share"]) == share, (year, row)


def check_events_by_year(built: Built) -> None:
    years: dict[str, list[Project]] = defaultdict(list)
    for project in built.expected.projects.values():
        if project.has_statistics:
            years[str(project.year)].append(project)
    rows = built.rows("events_by_year")
    by_year = one_row_each(rows, lambda row: row["year"], years)
    for year, projects in years.items():
        row = by_year[year]
        assert int(row["reports"] or -1) == len(projects), (year, row)
        for name in STATISTICS:
            total = sum(project.statistics[name] or 0 for project in projects)
            assert int(row[name] or -1) == total, (year, name, row)


def check_largest_grants(built: Built) -> None:
    amounts = {
        project.key: project.granted
        for project in built.expected.projects.values()
        if project.has_grant and project.granted is not None
    }
    ranked = {
        key: 1 + sum(1 for other in amounts.values() if other > amount)
        for key, amount in amounts.items()
    }
    wanted = {key for key, rank in ranked.items() if rank <= 10}
    rows = built.rows("largest_grants")
    by_project = one_row_each(rows, lambda row: built.project(row["project"]), wanted)
    for key, row in by_project.items():
        assert (int(row["rank"] or -1), number(row["granted"])) == (ranked[key], amounts[key])


MONEY_TOLERANCE = Decimal("2.5")  # euros: a smaller difference is rounding (queries/README.md)


def check_money_figures_not_adding_up(built: Built) -> None:
    wanted: set[tuple[Key, str, Decimal, Decimal]] = set()
    for project in built.expected.projects.values():
        application, realized = project.application, project.realized
        requested, own, total = (
            application[k] for k in ("requested", "own_funding", "total_budget")
        )
        known = requested is not None and own is not None and total is not None
        if known and abs(requested + own - total) > MONEY_TOLERANCE:
            wanted.add((project.key, "application-total", requested + own, total))
        granted = project.granted if project.has_grant else None
        if granted is not None and requested is not None and granted - requested > MONEY_TOLERANCE:
            wanted.add((project.key, "granted-over-requested", granted, requested))
        # The final report's own check: what the report leaves for the grant, against it.
        parts = [realized[k] for k in ("own_funding", "external_funding", "partner_contribution")]
        spent = realized["total_budget"]
        if granted is not None and spent is not None and spent > 0 and None not in parts:
            left = spent - sum(part for part in parts if part is not None)
            if abs(left - granted) > MONEY_TOLERANCE:
                wanted.add((project.key, "realised-total", left, granted))
    rows = built.rows("money_figures_not_adding_up")
    one_row_each(
        rows,
        lambda row: (
            built.project(row["project"]),
            row["problem"],
            number(row["computed"]),
            number(row["stated"]),
        ),
        wanted,
    )


def check_export_projects(built: Built) -> None:
    expected = built.expected
    rows = built.rows("export_projects")
    by_project = one_row_each(rows, lambda row: built.project(row["project"]), expected.projects)
    for key, project in expected.projects.items():
        row = by_project[key]
        assert "ELY" not in row.values() and "RFV" not in row.values(), row
        assert row["call_year"] == str(project.year), row
        assert (row["programme"] or "").endswith(f"/programme/{project.programme}"), row
        assert row["programme_name"] == PROGRAMME_NAMES[project.programme], row
        assert built.library(row["library"]) == project.library, row
        for name in ("requested", "own_funding", "total_budget"):
            assert number(row[name]) == project.application[name], (name, row)
        assert number(row["granted"]) == (project.granted if project.has_grant else None), row
        realized = project.realized["total_budget"] if project.reported else None
        assert number(row["realized_total_budget"]) == realized, row
        for name in STATISTICS:
            assert number(row[name]) == project.statistics[name], (name, row)


def check_export_amounts(built: Built) -> None:
    wanted: Counter[tuple[Key, str, Decimal | None]] = Counter()
    for project in built.expected.projects.values():
        for name, kind in APPLICATION_KINDS.items():
            if project.application[name] is not None:
                wanted[(project.key, kind, project.application[name])] += 1
        if project.granted is not None:
            wanted[(project.key, "GrantedAmount", project.granted)] += 1
        for name, kind in REALIZED_KINDS.items():
            if project.realized[name] is not None:  # blank when the report is not made
                value = project.realized[name] if project.reported else None
                wanted[(project.key, kind, value)] += 1
    rows = built.rows("export_amounts")
    found = Counter(
        (built.project(row["project"]), row["kind"], number(row["value"])) for row in rows
    )
    assert found == wanted, (found - wanted, wanted - found)
    assert len({row["amount"] for row in rows}) == len(rows), "one row per amount"


def check_export_partnerships(built: Built) -> None:
    wanted = {
        project.key: len(project.partners)
        for project in built.expected.projects.values()
        if project.partners
    }
    rows = built.rows("export_partnerships")
    assert len({row["partnership"] for row in rows}) == len(rows), "one row per partnership"
    assert Counter(built.project(row["project"]) for row in rows) == wanted
    for row in rows:
        assert (
            built.library(row["library"])
            == built.expected.projects[built.project(row["project"])].library
        ), row


def check_partner_network(built: Built) -> None:
    def key(row: Row) -> tuple[Key, Key]:
        if row["partner_is_library"] == "true":
            partner: Key = ("library", *built.library(row["partner"]))
        elif row["partner"] in built.branches:
            library = built.library(built.branches[row["partner"]])
            partner = ("branch", *library, name_key(row["partner_name"] or ""))
        else:
            partner = ("organisation", name_key(row["partner_name"] or ""))
        return built.library(row["library"]), partner

    wanted = built.expected.partner_counts()
    rows = built.rows("partner_network")
    by_pair = one_row_each(rows, key, wanted)
    for pair, count in wanted.items():
        assert int(by_pair[pair]["projects"] or -1) == count, (pair, by_pair[pair])


CHECKS: dict[str, Callable[[Built], None]] = {
    "libraries_and_legal_bodies": check_libraries_and_legal_bodies,
    "export_libraries": check_export_libraries,
    "libraries_without_registry_link": check_libraries_without_registry_link,
    "libraries_missing_identifiers": check_libraries_missing_identifiers,
    "projects_of_library": check_projects_of_library,
    "programmes_and_funders": check_programmes_and_funders,
    "granted_by_year_and_programme": check_granted_by_year_and_programme,
    "applied_vs_granted_by_year": check_applied_vs_granted_by_year,
    "events_by_year": check_events_by_year,
    "largest_grants": check_largest_grants,
    "money_figures_not_adding_up": check_money_figures_not_adding_up,
    "export_projects": check_export_projects,
    "export_amounts": check_export_amounts,
    "export_partnerships": check_export_partnerships,
    "partner_network": check_partner_network,
}


def _build(inputs: list[Path], out: Path, pages: dict[str, str] | None = None) -> Built:
    options = BuildOptions(read_at=READ_AT, page_urls=pages or {}, validate=False, release=False)
    result = build(inputs, out, options)
    assert result.records > 0 and not result.failures
    return Built.of(out, pages or {})


def test_every_query_with_a_count_or_sum_is_checked():
    # A query with a count or sum column, or that says it gives one row per thing, is checked
    # here; the others list things (projects by word, by date, by language; provenance).
    counting = {
        name
        for name, query in CATALOGUE.items()
        if re.search(r"\b(COUNT|SUM)\s*\(", query.text)
        or "one row per" in query.description.lower()
    }
    listing = {"projects_by_word", "project_provenance"}  # one row per project and field/record
    assert counting - listing <= set(CHECKS), counting - set(CHECKS) - listing
    assert set(CHECKS) <= set(CATALOGUE)


# -- (a) the seeds ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return _build([SEEDS], tmp_path_factory.mktemp("counts-seeds"))


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_counts_on_the_seeds(seeds: Built, name: str):
    CHECKS[name](seeds)


def test_the_seeds_have_what_the_checks_count(seeds: Built):
    # Not a check that passes on nothing: the seeds have four libraries (Kuopio with two
    # projects), five projects with their grants, statistics in three and partners in three.
    expected = seeds.expected
    assert sorted(len(library.projects) for library in expected.libraries.values()) == [1, 1, 1, 2]
    assert len(expected.projects) == 5
    assert all(project.granted for project in expected.projects.values())
    assert sum(project.has_statistics for project in expected.projects.values()) == 3
    assert sum(bool(project.partners) for project in expected.projects.values()) == 3
    assert sum(not project.reported for project in expected.projects.values()) == 2  # 001, 002


# -- (b) records written by hypothesis -----------------------------------------------------------

NBSP = "\xa0"
FINNISH = {
    "address": "Kirjaston osoite :",
    "isil": "ISIL-tunnus :",
    "business_id": "Y-tunnus :",
    "contact": "Yhteyshenkilön nimi :",
    "description": "Kuvaus :",
    "partners": "Yhteistyökumppanin nimi/nimet:",
    "start": "Aloituspäivämäärä :",
    "end": "Lopetuspäivämäärä :",
    "application": "Anomuksen rahoitus",
    "requested": "Haettava avustus yhteensä:",
    "own_funding": "Oma rahoitus yhteensä:",
    "total_budget": "Budjetti euroissa yhteensä:",
    "other_applied": "Haettu muu avustus:",
    "other_received": "Saatu muu avustus:",
    "realized": "Toteutunut rahoitus",
    "realized.total_budget": "Koko budjetti:",
    "realized.own_funding": "Oma rahoitus yhteensä:",
    "external_funding": "Muualta saatu avustus:",
    "partner_contribution": "Yhteistyökumppanin rahoitusosuus:",
    "statistics": "Tilastot:",
    "trainings": "Koulutustilaisuudet:",
    "training_participants": "Koulutuksiin osallistujia:",
    "events": "Tapahtumien lukumäärä:",
    "event_participants": "Tapahtumiin osallistujat:",
    "decision": "Päätös",
    "granted": "Myönnetty avustus euroissa.:",
    "funded": "Hanke on saanut rahoitusta",
    "not funded": "Ei saanut rahoitusta",
}
SWEDISH = {
    "address": "Bibliotekets adress :",
    "isil": "ISIL-kod :",
    "business_id": "FO-nummer :",
    "contact": "Ansvarsperson :",
    "description": "Projektbeskrivning :",
    "partners": "Samarbetspartner/s:",
    "start": "Projektet börjar :",
    "end": "Projektet avslutas :",
    "application": "Finansiering av ansökan",
    "requested": "Ansökningssumma:",
    "own_funding": "Egen finansiering:",
    "total_budget": "Budget sammanlagt:",
    "other_applied": "Övriga understöd som ansökts:",
    "other_received": "Övriga understöd som beviljats:",
    "realized": "Förverkligad finansiering",
    "realized.total_budget": "Budget sammanlagt:",
    "realized.own_funding": "Egen finansiering:",
    "external_funding": "Extern finansiering:",
    "partner_contribution": "Bidrag från samarbetspartners:",
    "statistics": "Statistik:",
    "trainings": "Utbildningar:",
    "training_participants": "Antalet deltagare i utbildningar:",
    "events": "Antalet evenemang:",
    "event_participants": "Antalet deltagare i evenemang:",
    "decision": "Beslut",
    "granted": "Beviljat stöd i euro:",
    "funded": "Projekt fått finansiering",
    "not funded": "Ej finansiering",
}
UNITS = {
    "trainings": "kpl/st.",
    "training_participants": "henkilö/person",
    "events": "kpl/st.",
    "event_participants": "henkilö/person",
}
HEADERS = {  # the grant kind as the header writes it
    "AVI": "AVI-hanke",
    "ELY": "ELY-hanke",
    "OKM": "OKM-hanke",
    "Hyvä käytänne": "Hyvä käytänne",
    "RFV": "RFV-ansökan",  # a Swedish page
}
DESCRIPTION = (
    "Hankkeessa kehitetään kirjaston palveluja yhdessä asiakkaiden ja yhteistyökumppaneiden "
    "kanssa. Kirjasto järjestää tapahtumia ja koulutuksia kaikenikäisille kuntalaisille."
)
DECISION = "Hanke on hakuehtojen mukainen. Avustusta voi käyttää hakemuksessa esitetyn mukaisesti."


@dataclass(frozen=True)
class PoolLibrary:
    name: str
    isil: str | None
    business_id: str | None
    street: str
    postal_code: str


POOL = (
    PoolLibrary("Hakkilan kaupunginkirjasto", "FI-Hakki", "0171450-7", "PL 157", "70101"),
    PoolLibrary("Leppälän kunnankirjasto", "FI-Lepp", "1068322-0", "Karstuntie 3", "08100"),
    PoolLibrary("Koivikon kirjasto", None, "0101263-6", "Koivukatu 3", "02070"),
    PoolLibrary("Mäntylän kyläkirjasto", None, None, "Mäntytie 4", "85100"),
)
# Partner names that the splitting rule reads as organisations, and the pool's libraries.
PARTNERS = (
    "Savon ammatti- ja aikuisopisto",
    "Turvalinkki ry",
    "Kuopion Perheentalo",
    "Satamankulman taideyhdistys",
    *(library.name for library in POOL),
)


@dataclass(frozen=True)
class Page:
    """What one generated page says."""

    library: int  # the index of its library in POOL
    isil_as: str  # "as-is", "upper", "lower", "left-out" (same business ID and name)
    name_as: str  # "as-is", "upper" (the same name in capitals)
    short_block: bool  # the library named by its name and address only (2018 pages)
    year: int
    kind: str
    funded: bool
    partners: tuple[str, ...]
    cut: str  # "complete", "before-dates" (no money), "before-decision" (no granted amount)
    application: tuple[int | None, ...]  # requested, own funding, total, other applied, received
    realized: tuple[int | None, ...]  # total, own funding, external, partner contribution
    statistics: tuple[int | None, ...]  # trainings, participants, events, participants
    granted: int | None


def _euros(amount: int) -> str:
    return "€" + f"{amount:,}".replace(",", " ")


def page_text(page: Page, title: str) -> str:
    """The page as the project database shows it (its copy, cut where `page.cut` says)."""
    labels = SWEDISH if page.kind == "RFV" else FINNISH
    library = POOL[page.library]
    status = labels["funded" if page.funded else "not funded"]
    header = "År" if page.kind == "RFV" else "Vuoden"
    name = library.name.upper() if page.name_as == "upper" else library.name
    lines = [title, f"{header} {page.year}{NBSP}{HEADERS[page.kind]}{NBSP * 3}({status})", "", ""]
    lines += [name, labels["address"] + NBSP, library.street, library.postal_code]
    if library.isil and page.isil_as != "left-out" and not page.short_block:
        isil = {"upper": library.isil.upper(), "lower": library.isil.lower()}.get(
            page.isil_as, library.isil
        )
        lines += [labels["isil"] + NBSP, isil]
    if library.business_id and not page.short_block:
        lines += [labels["business_id"] + NBSP, library.business_id]
    lines += [labels["contact"] + NBSP, "Maija Meikäläinen", labels["description"] + NBSP, ""]
    lines += [DESCRIPTION, ""]
    if page.partners:
        lines += [labels["partners"] + NBSP, ", ".join(page.partners)]
    if page.cut == "before-dates":
        return "\n".join(lines) + "\n"
    lines += [labels["start"] + NBSP, f"01/06/{page.year}", labels["end"] + NBSP]
    lines += [f"31/12/{page.year + 1}", NBSP, "", "", labels["application"]]
    names = ("requested", "own_funding", "total_budget", "other_applied", "other_received")
    for label, amount in zip(names, page.application, strict=True):
        if amount is not None:
            lines += [labels[label] + NBSP, _euros(amount)]
    lines += ["", labels["realized"]]
    names = (
        "realized.total_budget",
        "realized.own_funding",
        "external_funding",
        "partner_contribution",
    )
    for label, amount in zip(names, page.realized, strict=True):
        if amount is not None:
            lines += [labels[label] + NBSP, _euros(amount)]
    lines += [""]
    if any(count is not None for count in page.statistics):
        lines += [labels["statistics"]]
        names = ("trainings", "training_participants", "events", "event_participants")
        for label, count in zip(names, page.statistics, strict=True):
            if count is not None:
                lines += [labels[label] + NBSP, f"{count}{UNITS[label]}"]
        lines += [""]
    if page.cut == "before-decision":
        return "\n".join(lines) + "\n"
    if page.granted is not None:
        lines += [labels["decision"], labels["granted"] + NBSP, _euros(page.granted), "", DECISION]
    lines += ["", NBSP, "okm", "avi"]
    return "\n".join(lines) + "\n"


amounts = st.one_of(st.none(), st.sampled_from([0, 500, 2500, 7000, 12800, 20000]))


@st.composite
def pages(draw: st.DrawFn) -> Page:
    library = draw(st.integers(0, len(POOL) - 1))
    identified = POOL[library].isil is not None or POOL[library].business_id is not None
    kind = draw(st.sampled_from(sorted(HEADERS)))
    funded = draw(st.booleans()) if draw(st.integers(0, 4)) == 0 else True
    cut = draw(st.sampled_from(["complete", "before-dates", "before-decision"]))
    realized = draw(st.tuples(amounts, amounts, amounts, amounts))
    if draw(st.booleans()):  # a report not made yet: every amount it prints is €0
        realized = tuple(None if value is None else 0 for value in realized)
    return Page(
        library=library,
        isil_as=draw(st.sampled_from(["as-is", "upper", "lower", "left-out"])),
        name_as=draw(st.sampled_from(["as-is", "as-is", "upper"])),
        short_block=identified and draw(st.integers(0, 5)) == 0,
        year=draw(st.integers(2014, 2018)),
        kind=kind,
        funded=funded,
        partners=tuple(draw(st.lists(st.sampled_from(PARTNERS), max_size=3, unique=True))),
        cut=cut,
        application=draw(st.tuples(amounts, amounts, amounts, amounts, amounts)),
        realized=realized,
        statistics=draw(st.tuples(*[st.one_of(st.none(), st.integers(0, 60))] * 4)),
        granted=draw(amounts) if funded else None,
    )


@settings(max_examples=150, deadline=None)
@given(page=pages())
def test_a_generated_page_reads_back_as_written(page: Page):
    # The generated pages say what they are meant to: no count above passes on figures the
    # parser did not read.
    record = record_to_json(parse_text(page_text(page, "Kirjasto kaikille"), "page.txt"))
    library = POOL[page.library]
    assert name_key(record["library"]["name"]) == name_key(library.name)
    given_isil = library.isil and page.isil_as != "left-out" and not page.short_block
    assert (record["library"]["isil"] or "").casefold() == (
        (library.isil or "").casefold() if given_isil else ""
    )
    given_business_id = library.business_id and not page.short_block
    assert record["library"]["business_id"] == (library.business_id if given_business_id else None)
    assert (record["year"], record["programme"], record["funded"]) == (
        page.year,
        page.kind,
        page.funded,
    )
    partners = [
        name for section in ("partners", "working_group") for name in _split(record, section)
    ]
    assert partners == list(page.partners)
    reached = page.cut != "before-dates"
    written = {
        "application": page.application if reached else (None,) * 5,
        "realized": page.realized if reached else (None,) * 4,
        "statistics": page.statistics if reached else (None,) * 4,
    }
    for group, names in (
        ("application", APPLICATION_KINDS),
        ("realized", REALIZED_KINDS),
        ("statistics", ("trainings", "training_participants", "events", "event_participants")),
    ):
        read = tuple(record[group][name] for name in names)
        assert read == written[group], (group, read, written[group])
    assert record["granted"] == (page.granted if page.cut == "complete" else None)


def _split(record: dict, section: str) -> list[str]:
    text = record["sections"].get(section)
    return [partner.name for partner in split_partners(text)] if text else []


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A folder per generated example (a store stays open until the test's end)."""
    folder = tmp_path_factory.mktemp("counts-generated")
    numbers = itertools.count()
    return (folder / f"example-{number_}" for number_ in numbers)


# Not shrunk: each example is a build, and shrinking a failure takes minutes. The example is
# printed as drawn (up to six pages), with every check that failed on it.
@settings(
    max_examples=25,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(generated=st.lists(pages(), min_size=1, max_size=6))
def test_counts_on_generated_records(scratch: Iterator[Path], generated: list[Page]):
    folder = next(scratch)
    inputs = folder / "in"
    inputs.mkdir(parents=True)
    for number_, page in enumerate(generated):
        text = page_text(page, f"Kirjasto kaikille {number_ + 1}")
        (inputs / f"{number_:03d}_page.txt").write_text(text, encoding="utf-8")
    built = _build([inputs], folder / "out")
    assert len(built.expected.projects) == len(generated)
    failures = []
    for name, check in CHECKS.items():
        try:
            check(built)
        except AssertionError as error:
            failures.append(f"{name}: {error}")
    assert not failures, "\n".join(failures)


# -- (c) the real page copies ----------------------------------------------------------------------


def _pages(folder: Path) -> dict[str, str]:
    lines = (folder / "INDEX.tsv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    rows = [dict(zip(header, line.split("\t"), strict=False)) for line in lines[1:] if line]
    return {row["file"]: row["url"] for row in rows if row.get("url")}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Built:
    if not CORPUS.is_dir():
        pytest.skip(MISSING_CORPUS)
    return _build([CORPUS], tmp_path_factory.mktemp("counts-corpus"), _pages(CORPUS))


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_counts_on_the_real_pages(corpus: Built, name: str):
    CHECKS[name](corpus)


def test_the_real_pages_have_what_the_checks_count(corpus: Built):
    # 122 copies of 117 project pages (five pages copied twice), of 69 libraries; most copies
    # are cut before their decision: 112 funded projects, 1 granted amount known.
    expected = corpus.expected
    assert len(expected.records) == 122
    assert len(expected.projects) == 117
    assert len(expected.libraries) == 69
    assert sum(project.has_grant for project in expected.projects.values()) == 112
    assert sum(project.granted is not None for project in expected.projects.values()) == 1
