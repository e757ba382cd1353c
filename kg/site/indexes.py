"""The pages of the site that are not a thing's: the home page, the indexes, the dataset page.

Each function takes the site, the page's Linker and what the page needs, and returns the
template's name and its context (with the CSV files of its charts, to be written beside it):

    home(site, linker)                            index.html
    projects_by_year / _by_programme / _by_library(site, linker)
    libraries(site, linker), partners(site, linker)
    dataset(site, linker, figures, downloads, findings)
    quality(site, linker, findings)
    search(site, linker), ontology(site, linker)
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from markupsafe import Markup
from pyoxigraph import NamedNode

from kg.site.charts import grouped_bars
from kg.site.data import ProjectRow, Text
from kg.site.findings import SEVERITIES, Finding, Findings
from kg.site.links import Linker, Site, anchor, esc
from kg.site.pages import (
    ChartView,
    Table,
    applied_and_granted,
    chart_html,
    chart_view,
    chart_words,
    euro_format,
    finding_cells,
    known_sum,
    project_table,
)
from kg.site.render import frame
from kg.site.texts import capitalised, money, number, share, text
from kg.validation.fitness import HOLDINGS, LEVEL_METRICS, LEVELS
from kg.vocab import KG

Page = tuple[str, dict[str, Any]]  # the template and its context


@dataclass(frozen=True)
class Download:
    """A file of the release the site offers: its name, what it is, its size in bytes."""

    name: str
    size: int


@dataclass
class Figures:
    """The completeness figures the dataset page shows: (metric, value), and where from."""

    values: dict[str, Decimal] = field(default_factory=dict)  # by the metric's IRI
    from_catalogue: bool = True


FORMAT_NAMES = {
    "ttl": "Turtle",
    "nt": "N-Triples",
    "nq": "N-Quads",
    "trig": "TriG",
    "rdf": "RDF/XML",
    "jsonld": "JSON-LD",
    "csv": "CSV",
}


def home(site: Site, link: Linker) -> Page:
    """Return the home page: what the site is, the search box, the ways in."""
    return "home.html", {
        "page": frame(link, text("home", link.lang), current="index"),
        "search": link.page("search"),
        "browse": _browse(site, link),
    }


def _browse(site: Site, link: Linker) -> list[tuple[str, str, str]]:
    lang, data, kinds = link.lang, site.data, site.things.kind
    libraries = sum(1 for thing in site.things if kinds(thing) == "library")
    organisations = sum(1 for thing in site.things if kinds(thing) == "organisation")
    return [
        (link.page("projects-by-year"), text("by_year", lang), number(len(data.projects), lang)),
        (link.page("projects-by-programme"), text("by_programme", lang), ""),
        (link.page("projects-by-library"), text("by_library", lang), ""),
        (link.page("libraries"), text("libraries", lang), number(libraries, lang)),
        (link.page("partners"), text("partners", lang), number(organisations, lang)),
        (link.page("dataset"), text("dataset", lang), ""),
        (link.page("ns"), text("ontology", lang), ""),
    ]


def search(site: Site, link: Linker) -> Page:
    """Return the search page (Pagefind's interface; the indexes without JavaScript)."""
    lang = link.lang
    return "search.html", {
        "page": frame(link, text("search", lang), current="search"),
        "browse": _browse(site, link),
        "suffix": ".html" if lang == site.layout.lang else f".{lang}.html",
    }


def projects_by_year(site: Site, link: Linker) -> Page:
    """Return the projects, a section per year of their call, newest first."""
    lang, data = link.lang, site.data
    years: dict[int | None, list[ProjectRow]] = defaultdict(list)
    for row in data.projects.values():
        years[row.year].append(row)
    order = sorted(years, key=lambda year: -(year or 0))
    tables, toc = [], []
    for year in order:
        rows = sorted(years[year], key=lambda row: data.sort_key(row.iri))
        heading = str(year) if year else text("unknown", lang)
        anchor = f"y{year}" if year else "y-unknown"
        toc.append((f"#{anchor}", heading))
        caption = f"{heading} ({number(len(rows), lang)})"
        tables.append(project_table(caption, rows, link, anchor, year=False))
    return "listing.html", _listing(
        link, "by_year", "projects-by-year", tables, toc, text("years", lang)
    )


def projects_by_programme(site: Site, link: Linker) -> Page:
    """Return the projects, a section per programme, each by year."""
    lang, data = link.lang, site.data
    groups: dict[NamedNode | None, list[ProjectRow]] = defaultdict(list)
    for thing in site.things:  # every programme, those without projects too
        if site.things.kind(thing) == "programme":
            groups[thing] = []
    for row in data.projects.values():
        groups[row.programme].append(row)
    order = sorted(
        groups, key=lambda p: data.sort_key(p, lang) if p is not None else ("\uffff", "")
    )
    tables, toc = [], []
    for index, programme in enumerate(order, 1):
        rows = sorted(
            groups[programme], key=lambda row: (-(row.year or 0), *data.sort_key(row.iri))
        )
        name = data.label(programme, lang).value if programme is not None else text("unknown", lang)
        anchor = f"p{index}"
        toc.append((f"#{anchor}", name))
        tables.append(
            project_table(
                f"{name} ({number(len(rows), lang)})",
                rows,
                link,
                anchor,
                programme=False,
                of=programme,
            )
        )
    return "listing.html", _listing(
        link, "by_programme", "projects-by-programme", tables, toc, text("programme", lang)
    )


def projects_by_library(site: Site, link: Linker) -> Page:
    """Return the projects, a section per library, libraries A to Ö."""
    lang, data = link.lang, site.data
    groups: dict[NamedNode | None, list[ProjectRow]] = defaultdict(list)
    for row in data.projects.values():
        groups[row.library].append(row)
    order = sorted(groups, key=lambda p: data.sort_key(p) if p is not None else ("\uffff", ""))
    tables, toc = [], []
    for index, library in enumerate(order, 1):
        rows = sorted(groups[library], key=lambda row: (-(row.year or 0), *data.sort_key(row.iri)))
        name = data.label(library, lang).value if library is not None else text("unknown", lang)
        anchor = f"l{index}"
        toc.append((f"#{anchor}", name))
        tables.append(
            project_table(
                f"{name} ({number(len(rows), lang)})", rows, link, anchor, library=False, of=library
            )
        )
    return "listing.html", _listing(
        link, "by_library", "projects-by-library", tables, toc, text("libraries", lang)
    )


def libraries(site: Site, link: Linker) -> Page:
    """Return the libraries A to Ö: a section per initial."""
    lang, data, kinds = link.lang, site.data, site.things.kind
    found = sorted(
        (t for t in site.things if kinds(t) == "library"), key=lambda t: data.sort_key(t, lang)
    )
    by_initial = _by_initial(found, lambda t: data.label(t, lang).value)
    tables, toc = [], []
    columns = (
        text("library", lang),
        text("isil", lang),
        text("legal_body", lang),
        text("projects_count", lang),
        text("granted", lang),
    )
    for initial, things in by_initial:
        anchor = _initial_id(initial)
        toc.append((f"#{anchor}", initial))
        rows: list[tuple[str, ...]] = []
        for library in things:
            projects = [data.projects[p] for p in data.projects_of_library.get(library, [])]
            granted = known_sum(p.granted for p in projects)
            body = data.unit_of.get(library)
            rows.append(
                (
                    link.link(library),
                    esc(data.isil.get(library, "")),
                    link.link(body) if body is not None else "",
                    esc(number(len(projects), lang)),
                    esc(money(granted, lang)) if granted is not None else "",
                )
            )
        tables.append(Table(initial, columns, rows, anchor))
    bodies = sorted((t for t in site.things if kinds(t) == "legal-body"), key=data.sort_key)
    body_rows: list[tuple[str, ...]] = []
    for body in bodies:
        units = [u for u in data.units_of_body.get(body, []) if kinds(u) == "library"]
        business_id = esc(data.business_id.get(body, ""))
        body_rows.append((link.link(body), business_id, esc(number(len(units), lang))))
    body_columns = (
        text("legal_body", lang),
        text("business_id", lang),
        text("libraries_count", lang),
    )
    tables.append(Table(text("legal_bodies", lang), body_columns, body_rows, "s-bodies"))
    toc.append(("#s-bodies", text("legal_bodies", lang)))
    return "listing.html", _listing(
        link, "libraries", "libraries", tables, toc, text("initials", lang)
    )


def partners(site: Site, link: Linker) -> Page:
    """Return the kinds of partner and the partner organisations A to Ö."""
    lang, data, kinds = link.lang, site.data, site.things.kind
    concepts = sorted(
        (t for t in site.things if kinds(t) == "partner-kind" and t in data.names),
        key=data.sort_key,
    )
    kind_rows: list[tuple[str, ...]] = [
        (
            link.link(kind),
            esc(number(len({p.project for p in data.partnerships_of.get(kind, [])}), lang)),
        )
        for kind in concepts
        if kind != _scheme_of(site, concepts)
    ]
    tables = [
        Table(
            text("kinds", lang),
            (text("kind", lang), text("projects_count", lang)),
            kind_rows,
            "s-kinds",
        )
    ]
    organisations = sorted(
        (t for t in site.things if kinds(t) == "organisation"), key=data.sort_key
    )
    columns = (text("partner", lang), text("legal_body", lang), text("projects_count", lang))
    toc = [("#s-kinds", text("kinds", lang))]
    for initial, things in _by_initial(organisations, lambda t: data.label(t, lang).value):
        anchor = _initial_id(initial)
        toc.append((f"#{anchor}", initial))
        rows: list[tuple[str, ...]] = []
        for org in things:
            projects = {p.project for p in data.partnerships_of.get(org, []) if p.partner == org}
            body = data.unit_of.get(org)
            rows.append(
                (link.link(org), link.link(body) if body else "", esc(number(len(projects), lang)))
            )
        tables.append(Table(initial, columns, rows, anchor))
    return "listing.html", _listing(
        link, "partners", "partners", tables, toc, text("contents", lang)
    )


def _scheme_of(site: Site, concepts: Sequence[NamedNode]) -> NamedNode | None:
    """Return the concept scheme among the partner kinds (it lists the kinds), if any."""
    for concept in concepts:
        if concept.value.rstrip("/").endswith("partner-kind"):
            return concept
    return None


def dataset(
    site: Site,
    link: Linker,
    figures: Figures,
    downloads: Sequence[Download],
    findings: Findings | None,
) -> tuple[Page, list[ChartView]]:
    """Return the dataset page: what it holds, its completeness, downloads, charts, quality."""
    lang, kinds = link.lang, site.things.kind
    counts: dict[str, int] = defaultdict(int)
    for thing in site.things:
        counts[kinds(thing) or ""] += 1
    summary = [
        (text(f"kind_{kind}", lang), number(counts[kind], lang))
        for kind in (
            "project",
            "library",
            "legal-body",
            "organisation",
            "programme",
            "call",
            "record",
        )
    ]
    summary.append((text("things", lang), number(len(site.things), lang)))
    tables = [_completeness(site, link, figures), _levels(site, link, figures)]
    tables.append(_downloads(link, downloads))
    tables.append(_quality_summary(link, findings))
    charts = _dataset_charts(site, link)
    intro = [text("dataset_intro", lang)]
    intro.append(
        text(
            "completeness_from_catalogue" if figures.from_catalogue else "completeness_counted",
            lang,
        )
    )
    shown = [chart_html(chart) for chart in charts]
    context = _listing(link, "dataset", "dataset", tables, [], "", intro=intro, charts=shown)
    context["figures"] = summary
    return ("listing.html", context), charts


def _completeness(site: Site, link: Linker, figures: Figures) -> Table:
    lang, vocabulary = link.lang, site.vocabulary
    rows: list[tuple[str, ...]] = []
    for count_metric, share_metric in HOLDINGS.values():
        count = figures.values.get(count_metric.value)
        if count is None:
            continue
        portion = figures.values.get(share_metric.value) if share_metric is not None else None
        name = capitalised(vocabulary.label(count_metric.value, lang) or count_metric.value)
        rows.append(
            (
                esc(name),
                esc(number(int(count), lang)),
                esc(share(portion, lang)) if portion is not None else "",
            )
        )
    columns = (text("figure", lang), text("count", lang), text("share", lang))
    return Table(text("completeness", lang), columns, rows, "s-completeness")


def _levels(site: Site, link: Linker, figures: Figures) -> Table:
    lang, vocabulary = link.lang, site.vocabulary
    rows: list[tuple[str, ...]] = []
    for level in LEVELS:
        metric = LEVEL_METRICS[level]
        count = figures.values.get(metric.value)
        if count is not None:
            name = capitalised(vocabulary.label(metric.value, lang) or level)
            rows.append((esc(name), esc(number(int(count), lang))))
    columns = (text("level", lang), text("records_count", lang))
    return Table(text("levels", lang), columns, rows, "s-levels")


def _downloads(link: Linker, downloads: Sequence[Download]) -> Table:
    lang = link.lang
    rows: list[tuple[str, ...]] = []
    for download in downloads:
        suffix = download.name.rsplit(".", 1)[-1]
        href = link.file(f"download/{download.name}")
        rows.append(
            (
                anchor(download.name, href),
                esc(FORMAT_NAMES.get(suffix, suffix)),
                esc(_size(download.size, lang)),
            )
        )
    columns = (text("file", lang), text("format", lang), text("size", lang))
    table = Table(text("downloads", lang), columns, rows, "s-downloads")
    return Table(table.caption, table.columns, table.rows, table.id, text("no_downloads", lang))


def _quality_summary(link: Linker, findings: Findings | None) -> Table:
    lang = link.lang
    columns = (text("rule", lang), text("severity", lang), text("count", lang))
    if findings is None:
        return Table(
            text("quality_summary", lang), columns, [], "s-quality", text("no_report", lang)
        )
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for finding in findings.shown:
        counts[finding.severity, finding.rule] += 1
    rows: list[tuple[str, ...]] = []
    for (severity, rule), count in sorted(
        counts.items(), key=lambda item: (_severity(item[0][0]), item[0][1])
    ):
        href = link.page("quality", _rule_id(rule))
        rows.append(
            (
                f'<a href="{href}"><code>{esc(rule)}</code></a>',
                esc(text(severity, lang)),
                esc(number(count, lang)),
            )
        )
    empty = text("no_findings", lang)
    if findings.hidden:
        rows.append(
            ("–", "", esc(f"{number(findings.hidden, lang)} {text('hidden_findings', lang)}"))
        )
    return Table(text("quality_summary", lang), columns, rows, "s-quality", empty)


def quality(site: Site, link: Linker, findings: Findings | None) -> Page:
    """Return every finding shown, a section per rule (the quality report of the open data)."""
    lang = link.lang
    groups: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings.shown if findings else ():
        groups[finding.rule].append(finding)
    order = sorted(groups, key=lambda rule: (_severity(groups[rule][0].severity), rule))
    tables, toc = [], []
    columns = (text("about", lang), text("finding", lang))
    for rule in order:
        anchor = _rule_id(rule)
        severity = text(groups[rule][0].severity, lang)
        heading = f"{rule} ({severity}, {number(len(groups[rule]), lang)})"
        toc.append((f"#{anchor}", rule))
        rows: list[tuple[str, ...]] = []
        for finding in groups[rule]:
            _, _, about, message = finding_cells(finding, link)
            rows.append((about, message))
        tables.append(Table(heading, columns, rows, anchor))
    intro = [text("no_report", lang)] if findings is None else []
    if findings is not None and findings.hidden:
        intro.append(f"{number(findings.hidden, lang)} {text('hidden_findings', lang)}")
    return "listing.html", _listing(
        link, "quality", "quality", tables, toc, text("rule", lang), intro=intro
    )


def ontology(site: Site, link: Linker) -> Page:
    """Return the ontology as a page: its classes, properties and individuals, all languages."""
    lang, vocabulary = link.lang, site.vocabulary
    headings = {"class": "classes", "property": "properties", "individual": "individuals"}
    parents_label = {"class": "subclass_of", "property": "subproperty_of", "individual": "type_of"}
    groups = []
    for group, key in headings.items():
        terms = []
        for term in vocabulary.terms:
            if term.group != group:
                continue
            parents = []
            for parent in term.parents:
                local = vocabulary.local(parent)
                parents.append(("#" + local, f"kg:{local}") if local else (parent, parent))
            terms.append(
                {
                    "iri": term.iri,
                    "local": term.local,
                    "labels": list(term.labels.items()),
                    "definitions": list(term.definitions.items()),
                    "comments": list(term.comments.items()),
                    "parents": parents,
                    "parents_label": text(parents_label[group], lang),
                }
            )
        groups.append({"id": f"s-{key}", "heading": text(key, lang), "terms": terms})
    titles, descriptions = vocabulary.titles, vocabulary.descriptions
    title = Text(titles[lang], lang) if lang in titles else Text(text("ontology", lang), lang)
    description = Text(descriptions[lang], lang) if lang in descriptions else None
    return "ns.html", {
        "page": frame(link, title.value),
        "title": title,
        "description": description,
        "namespace": KG.iri,
        "turtle": link.file("ns.ttl"),
        "groups": groups,
    }


def _dataset_charts(site: Site, link: Linker) -> list[ChartView]:
    lang, data = link.lang, site.data
    granted: dict[tuple[int, NamedNode | None], Decimal] = defaultdict(Decimal)
    years: dict[int, list[ProjectRow]] = defaultdict(list)
    for row in data.projects.values():
        if row.year is None:
            continue
        years[row.year].append(row)
        if row.granted is not None:
            granted[row.year, row.programme] += row.granted
    programmes = sorted(
        {p for _, p in granted}, key=lambda p: data.sort_key(p) if p else ("\uffff", "")
    )
    points = [
        (
            str(year),
            data.label(programme, lang).value if programme else text("unknown", lang),
            granted[year, programme],
        )
        for year in sorted(years)
        for programme in programmes
        if (year, programme) in granted
    ]
    euros = euro_format(lang)
    first = grouped_bars(
        text("chart_granted_year_programme", lang),
        text("year", lang),
        text("euros", lang),
        points,
        number_format=euros,
        words=chart_words(lang),
    )
    second = grouped_bars(
        text("chart_applied_granted", lang),
        text("year", lang),
        text("euros", lang),
        applied_and_granted([(str(year), years[year]) for year in sorted(years)], lang),
        number_format=euros,
        words=chart_words(lang),
    )
    layout = site.layout
    return [
        chart_view(
            first, layout.data_file("dataset.granted-per-year-programme", lang, "csv"), link, euros
        ),
        chart_view(
            second, layout.data_file("dataset.applied-granted-per-year", lang, "csv"), link, euros
        ),
    ]


def _listing(
    link: Linker,
    key: str,
    stem: str,
    tables: list[Table],
    toc: list[tuple[str, str]],
    toc_label: str,
    *,
    intro: list[str] | None = None,
    charts: list[Markup] | None = None,
) -> dict[str, Any]:
    heading = text(key, link.lang)
    return {
        "page": frame(link, heading, current=stem),
        "heading": heading,
        "intro": intro or [],
        "figures": [],
        "toc": toc,
        "toc_label": toc_label,
        "charts": charts or [],
        "tables": tables,
    }


def _by_initial(things: Sequence[NamedNode], name: Any) -> list[tuple[str, list[NamedNode]]]:
    """Group things sorted by name under the initial of their name (`#` for a digit, ...)."""
    groups: dict[str, list[NamedNode]] = {}
    for thing in things:
        groups.setdefault(_initial(name(thing)), []).append(thing)
    return list(groups.items())


def _initial(name: str) -> str:
    first = name.strip()[:1].upper()
    if not first.isalpha():
        return "#"
    if first in "ÅÄÖ":
        return first
    return unicodedata.normalize("NFKD", first)[:1] or "#"


def _initial_id(initial: str) -> str:
    return "i-" + ("0" if initial == "#" else initial)


def _rule_id(rule: str) -> str:
    return "r-" + rule


def _severity(name: str) -> int:
    return SEVERITIES.index(name) if name in SEVERITIES else len(SEVERITIES)


def _size(size: int, lang: str) -> str:
    units = ("B", "kB", "MB", "GB")
    value = Decimal(size)
    unit = 0
    while value >= 1000 and unit < len(units) - 1:
        value /= 1000
        unit += 1
    shown = value.quantize(Decimal("1") if unit == 0 else Decimal("0.1"))
    written = f"{shown}" if lang == "en" else f"{shown}".replace(".", ",")
    return f"{written}\u00a0{units[unit]}"
