"""The grants of the release as a 360Giving data package (Data Standard 1.4), JSON and flat CSV.

    write_360giving(release, folder, prefix="360G-kirjastokg", issued=issued, lang="fi")
        -> [folder/360giving.json, folder/360giving.csv]   ([] when no project has a grant)
    grants(store, prefix, lang, award_dates)  -> one 360Giving grant (a dict) per funded project
    years_without_award_date(store, award_dates) -> the call years of grants given no day
    flat_rows(grants)            -> the CSV's rows: the header of 360Giving titles, then a row each

One grant per project that has a grant (schema:funding), whatever the graph knows of it; each
field is what the graph says, and a field it does not say is left out, never filled in:

- `id`: the prefix (the publisher's 360Giving prefix), "-", and the project's key, the part
  of its IRI after `/project/` (the page's slug, else year, library and title): it stays
  when the base of the IRIs changes.
- `title`: dct:title; `description`: schema:description (the page's project description),
  where there is none the goal (kg:goal). Of two values, the one in `lang`, else the smallest.
- `currency`: EUR (every amount the records give is in euros: kg.mapping.record).
- `amountAppliedFor`, `amountAwarded`: the application's requested amount and the grant's
  granted amount, as numbers (whole euros as integers, cents as exact decimals).
- `awardDate`: the day the publisher's catalogue configuration gives for the project's call
  year (`award_dates`), else none. The pages give the year of the call, not the day of the
  decision, and 360Giving asks for a full date (YYYY-MM-DD): nothing stands in for a day
  nobody gave, so without `award_dates` no grant is valid 360Giving. Likewise a grant whose
  page gives no granted amount has no `amountAwarded`, which 360Giving requires too.
- `url`: the project's IRI; `plannedDates`: its start and end dates.
- `recipientOrganization`: the legal body the applying library is a unit of: id `FI-PRO-`
  and its business ID (org-id.guide's list of the Finnish Patent and Registration Office),
  name its name; the library is the `department` (the sub-unit receiving the grant) and its
  address the address. Where the graph names no legal body's name, the name is the library's
  and there is no department; a library with no business ID is identified by the prefix and
  the library's key (360Giving's rule for an organisation with no registered identifier).
- `fundingOrganization`: the funder of the grant's programme (for OKM the reference data
  gives its business ID): `FI-PRO-` and its business ID, its name in `lang`. The granting
  authority (AVI) is not the funder. A programme with no funder gives none.
- `grantProgramme`: code (the programme's key in its IRI), title in `lang`, url (its IRI).
- `dateModified`: when the project's records were read (the latest prov:generatedAtTime);
  `dataSource`: the project page the record copies (prov:wasDerivedFrom of the record).

The package carries the standard's version, the title, description, publisher and licence of
the catalogue configuration, and `issued`. The CSV has the columns of 360Giving's spreadsheet
template, titled as flatten-tool titles them: the `title` of each property on the way from
the grant, joined with ":", an array (one item here) by its own title without an index
("Recipient Org:Identifier"). Both are sorted by id and written with the same bytes for the
same graph.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from pyoxigraph import Literal, NamedNode, Store

from kg.atomic import atomic_write
from kg.export.dcat.config import CatalogConfig
from kg.sparql.values import json_value, plain_value
from kg.vocab import DCT, KG, ORG, PROV, RDF, SCHEMA

JSON_FILE = "360giving.json"
CSV_FILE = "360giving.csv"
VERSION = "1.4"  # of the 360Giving Data Standard the package follows
CURRENCY = "EUR"
ORG_ID_SCHEME = "FI-PRO"  # org-id.guide: Finnish Patent and Registration Office, business ID

# The CSV's columns: 360Giving's title of each, and the path of its value in a grant (an
# array's one item is passed through). In the order of 360Giving's spreadsheet template.
COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Identifier", ("id",)),
    ("Title", ("title",)),
    ("Description", ("description",)),
    ("Currency", ("currency",)),
    ("Amount Applied For", ("amountAppliedFor",)),
    ("Amount Awarded", ("amountAwarded",)),
    ("Award Date", ("awardDate",)),
    ("URL", ("url",)),
    ("Planned Dates:Start Date", ("plannedDates", "startDate")),
    ("Planned Dates:End Date", ("plannedDates", "endDate")),
    ("Recipient Org:Identifier", ("recipientOrganization", "id")),
    ("Recipient Org:Name", ("recipientOrganization", "name")),
    ("Recipient Org:Department", ("recipientOrganization", "department")),
    ("Recipient Org:Street Address", ("recipientOrganization", "streetAddress")),
    ("Recipient Org:Country", ("recipientOrganization", "addressCountry")),
    ("Recipient Org:Postal Code", ("recipientOrganization", "postalCode")),
    ("Funding Org:Identifier", ("fundingOrganization", "id")),
    ("Funding Org:Name", ("fundingOrganization", "name")),
    ("Grant Programme:Code", ("grantProgramme", "code")),
    ("Grant Programme:Title", ("grantProgramme", "title")),
    ("Grant Programme:URL", ("grantProgramme", "url")),
    ("Last Modified", ("dateModified",)),
    ("Data Source", ("dataSource",)),
)

Money = int | Decimal


class Release(Protocol):
    """What the writer reads of a release (kg.export.formats.ReleaseGraph)."""

    @property
    def store(self) -> Store:
        """The open release's union, in the default graph."""
        ...


def write_360giving(
    release: Release,
    folder: Path,
    *,
    prefix: str,
    issued: datetime,
    config: CatalogConfig | None = None,
    lang: str = "fi",
) -> list[Path]:
    """Write `folder/360giving.json` and `folder/360giving.csv`; return their paths.

    `prefix` begins every grant's id (and the id of a recipient with no business ID);
    `config` gives the package's title, description, publisher and licence and the grants'
    award dates (its defaults when None), the texts in `lang`, as are the names of programmes
    and funders. A release with no funded project writes nothing (a 360Giving package holds
    at least one grant) and returns [].
    """
    config = config or CatalogConfig()
    found = grants(release.store, prefix, lang, config.award_dates)
    if not found:
        return []
    package = _package(found, issued, config, lang)
    json_path, csv_path = folder / JSON_FILE, folder / CSV_FILE
    with atomic_write(json_path, binary=True) as stream:
        stream.write((_json(package) + "\n").encode("utf-8"))
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows(flat_rows(found))
    with atomic_write(csv_path, binary=True) as stream:
        stream.write(text.getvalue().encode("utf-8"))
    return [json_path, csv_path]


def grants(
    store: Store, prefix: str, lang: str = "fi", award_dates: Mapping[int, str] | None = None
) -> list[dict[str, Any]]:
    """Return a 360Giving grant for each project of `store` with a grant, sorted by id.

    `award_dates` gives the day the grants of a call year were decided (YYYY-MM-DD).
    """
    graph = _Graph(store, lang)
    found = [_grant(graph, project, prefix, award_dates or {}) for project in _funded(graph)]
    return sorted(found, key=lambda grant: grant["id"])


def years_without_award_date(store: Store, award_dates: Mapping[int, str]) -> list[int]:
    """Return the call years of the grants of `store` that `award_dates` gives no day for."""
    graph = _Graph(store, "fi")
    years = {_call_year(graph, project) for project in _funded(graph)}
    return sorted(year for year in years if year is not None and year not in award_dates)


def flat_rows(found: Iterable[Mapping[str, Any]]) -> list[list[str]]:
    """Return the flat form of grants: a header of 360Giving titles, then one row per grant."""
    rows = [[title for title, _ in COLUMNS]]
    for grant in found:
        rows.append([_cell(_at(grant, path)) for _, path in COLUMNS])
    return rows


# -- the grant -----------------------------------------------------------------------------


class _Graph:
    """Reads single values of the release's union: the smallest of several, texts in `lang`."""

    def __init__(self, store: Store, lang: str) -> None:
        self.store = store
        self.lang = lang

    def objects(self, subject: NamedNode, predicate: NamedNode) -> Iterator[object]:
        for quad in self.store.quads_for_pattern(subject, predicate, None, None):
            yield quad.object

    def has(self, subject: NamedNode, predicate: NamedNode, value: NamedNode) -> bool:
        return next(self.store.quads_for_pattern(subject, predicate, value, None), None) is not None

    def node(self, subject: NamedNode | None, *path: NamedNode) -> NamedNode | None:
        """Return the node at the end of `path` from `subject` (the smallest IRI at each step)."""
        for predicate in path:
            if subject is None:
                return None
            nodes = self.nodes(subject, predicate)
            subject = nodes[0] if nodes else None
        return subject

    def literal(self, subject: NamedNode | None, predicate: NamedNode) -> Literal | None:
        """Return one literal of `subject`: the one in `lang` if any, else the smallest."""
        if subject is None:
            return None
        found = [o for o in self.objects(subject, predicate) if isinstance(o, Literal)]
        return min(found, key=lambda item: (item.language != self.lang, item.value), default=None)

    def text(self, subject: NamedNode | None, predicate: NamedNode) -> str | None:
        found = self.literal(subject, predicate)
        return found.value if found is not None else None

    def money(self, subject: NamedNode | None, *path: NamedNode) -> Money | None:
        """Return the smallest number at the end of `path` (an amount's schema:value)."""
        *links, last = path
        values = []
        for amount in self._all(subject, links):
            for term in self.objects(amount, last):
                value = plain_value(term)
                if isinstance(value, Decimal):
                    values.append(int(value) if value == value.to_integral_value() else value)
                elif isinstance(value, int) and not isinstance(value, bool):
                    values.append(value)
        return min(values, default=None)

    def _all(self, subject: NamedNode | None, path: Sequence[NamedNode]) -> list[NamedNode]:
        nodes = [subject] if subject is not None else []
        for predicate in path:
            nodes = [node for n in nodes for node in self.nodes(n, predicate)]
        return nodes

    def nodes(self, subject: NamedNode, predicate: NamedNode) -> list[NamedNode]:
        """Return the IRIs `subject` links to by `predicate`, sorted."""
        found = (o for o in self.objects(subject, predicate) if isinstance(o, NamedNode))
        return sorted(found, key=lambda node: node.value)


def _grant(
    graph: _Graph, project: NamedNode, prefix: str, award_dates: Mapping[int, str]
) -> dict[str, Any]:
    grant_node = graph.node(project, SCHEMA.funding)
    records = graph.nodes(project, PROV.wasDerivedFrom)
    # A source record is derived from the page it copies, where the build was told the page.
    pages = [page.value for record in records for page in graph.nodes(record, PROV.wasDerivedFrom)]
    fields: dict[str, Any] = {
        "id": f"{prefix}-{_key(project, 'project')}",
        "title": graph.text(project, DCT.title),
        "description": graph.text(project, SCHEMA.description) or graph.text(project, KG.goal),
        "currency": CURRENCY,
        "amountAppliedFor": graph.money(project, KG.application, KG.requested, SCHEMA.value),
        "amountAwarded": graph.money(grant_node, KG.granted, SCHEMA.value),
        "awardDate": _award_date(graph, project, award_dates),
        "url": project.value,
        "plannedDates": _dates(graph, project),
        "recipientOrganization": _recipient(graph, project, prefix),
        "fundingOrganization": _funder(graph, project),
        "grantProgramme": _programme(graph, project),
        "dateModified": _modified(graph, records),
        "dataSource": min(pages, default=None),
    }
    return {key: value for key, value in fields.items() if value not in (None, [])}


def _funded(graph: _Graph) -> set[NamedNode]:
    """Return the projects that have a grant."""
    return {
        quad.subject
        for quad in graph.store.quads_for_pattern(None, SCHEMA.funding, None, None)
        if isinstance(quad.subject, NamedNode) and graph.has(quad.subject, RDF.type, KG.Project)
    }


def _award_date(graph: _Graph, project: NamedNode, award_dates: Mapping[int, str]) -> str | None:
    year = _call_year(graph, project)
    return award_dates.get(year) if year is not None else None


_GYEAR = re.compile(r"(-?[0-9]{4,})(?:Z|[+-][0-9]{2}:[0-9]{2})?")  # xsd:gYear


def _call_year(graph: _Graph, project: NamedNode) -> int | None:
    year = graph.text(project, KG.callYear)
    found = _GYEAR.fullmatch(year) if year is not None else None
    return int(found.group(1)) if found else None


def _dates(graph: _Graph, project: NamedNode) -> list[dict[str, str]]:
    dates = {
        "startDate": graph.literal(project, SCHEMA.startDate),
        "endDate": graph.literal(project, SCHEMA.endDate),
    }
    event = {key: value.value for key, value in dates.items() if value is not None}
    return [event] if event else []


def _recipient(graph: _Graph, project: NamedNode, prefix: str) -> list[dict[str, str]]:
    library = graph.node(project, KG.applicant)
    if library is None:
        return []
    body = graph.node(library, ORG.unitOf)
    business_id = graph.text(body, KG.businessId)
    body_name = graph.text(body, SCHEMA.name)
    library_name = graph.text(library, SCHEMA.name)
    address = graph.node(library, SCHEMA.address)
    fields = {
        "id": (
            f"{ORG_ID_SCHEME}-{business_id}"
            if business_id
            else f"{prefix}-library-{_key(library, 'library')}"
        ),
        "name": body_name or library_name,
        "department": library_name if body_name else None,
        "streetAddress": graph.text(address, SCHEMA.streetAddress),
        "addressCountry": graph.text(address, SCHEMA.addressCountry),
        "postalCode": graph.text(address, SCHEMA.postalCode),
    }
    return [{key: value for key, value in fields.items() if value is not None}]


def _funder(graph: _Graph, project: NamedNode) -> list[dict[str, str]]:
    funder = graph.node(project, KG.fundingCall, KG.programme, SCHEMA.funder)
    if funder is None:
        return []
    business_id = graph.text(funder, KG.businessId)
    fields = {
        "id": f"{ORG_ID_SCHEME}-{business_id}" if business_id else None,
        "name": graph.text(funder, SCHEMA.name),
    }
    return [{key: value for key, value in fields.items() if value is not None}]


def _programme(graph: _Graph, project: NamedNode) -> list[dict[str, str]]:
    programme = graph.node(project, KG.fundingCall, KG.programme)
    if programme is None:
        return []
    fields = {
        "code": programme.value.rpartition("/")[2],
        "title": graph.text(programme, SCHEMA.name),
        "url": programme.value,
    }
    return [{key: value for key, value in fields.items() if value is not None}]


def _modified(graph: _Graph, records: Sequence[NamedNode]) -> str | None:
    times = []
    for record in records:
        for term in graph.objects(record, PROV.generatedAtTime):
            if isinstance(term, Literal):
                try:
                    when = datetime.fromisoformat(term.value)
                except ValueError:
                    continue
                times.append(when if when.tzinfo else when.replace(tzinfo=UTC))
    return _timestamp(max(times)) if times else None


def _key(iri: NamedNode, kind: str) -> str:
    """Return the part of a minted IRI after `/<kind>/`, its slashes made hyphens."""
    return iri.value.rpartition(f"/{kind}/")[2].replace("/", "-")


def _timestamp(when: datetime) -> str:
    """Return `when` in UTC as 360Giving writes a date-time (a naive time is taken as UTC)."""
    moment = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


# -- the package and its files -------------------------------------------------------------


def _package(
    found: list[dict[str, Any]], issued: datetime, config: CatalogConfig, lang: str
) -> dict[str, Any]:
    publisher = {"name": _in(config.publisher.name, lang)}
    if config.publisher.homepage:
        publisher["website"] = config.publisher.homepage
    return {
        "version": VERSION,
        "title": _in(config.title, lang),
        "description": _in(config.description, lang),
        "issued": _timestamp(issued),
        "publisher": publisher,
        "license": config.licence,
        "grants": found,
    }


def _in(texts: Mapping[str, str], lang: str) -> str:
    """Return the text in `lang`, else in the first language the configuration gives."""
    return texts.get(lang) or next(iter(texts.values()))


def _json(value: object, indent: str = "") -> str:
    """Return `value` as JSON indented by two spaces; a Decimal as its exact number."""
    inner = indent + "  "
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = (f"{inner}{json.dumps(key)}: {_json(item, inner)}" for key, item in value.items())
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        items = (inner + _json(item, inner) for item in value)
        return "[\n" + ",\n".join(items) + "\n" + indent + "]"
    if isinstance(value, Decimal):
        return json_value(value)
    return json.dumps(value, ensure_ascii=False)


def _at(grant: Mapping[str, Any], path: Sequence[str]) -> object:
    value: object = grant
    for key in path:
        if isinstance(value, list):
            value = value[0] if value else None
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return json_value(value)
    return str(value)
