"""The content of a thing's page: what a person asks first, then everything the graph says.

    index = statements(triples)                      the description by subject, once
    content = ThingPages(site, findings).content(thing, index, linker)

`triples` is the thing's description (kg.site.describe), which the page shows whole in its
last section, each part under an element whose id is the part's (`#grant`); what it shows of
other things (a library's projects, a partner's projects) comes from kg.site.data. Every
value is HTML made by kg.site.links; tables are made here (`table_html`), as they are the
bulk of a page.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from markupsafe import Markup
from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from kg.site.charts import Chart, ChartWords, grouped_bars, network
from kg.site.data import Partnership, ProjectRow, Text
from kg.site.findings import Finding, Findings
from kg.site.links import Linker, Site, anchor, attr, esc, shown
from kg.site.paths import fragment
from kg.site.texts import money, number, text
from kg.vocab import KG, ORG, OWL, PROV, RDF, SCHEMA, SKOS

Subject = NamedNode | BlankNode
Statements = dict[NamedNode, list[object]]
Index = dict[Subject, Statements]
Html = str  # a piece of HTML, escaped as it was made

# A project's money, in the order people read it: the application, the grant, the report.
MONEY = (
    (KG.application, KG.requested),
    (KG.application, KG.ownFunding),
    (KG.application, KG.totalBudget),
    (KG.application, KG.otherGrantsApplied),
    (KG.application, KG.otherGrantsReceived),
    (SCHEMA.funding, KG.granted),
    (KG.report, KG.realizedTotalBudget),
    (KG.report, KG.realizedOwnFunding),
    (KG.report, KG.externalFunding),
    (KG.report, KG.partnerContribution),
)
# A project's texts, in the order of its page.
PROJECT_TEXTS = (
    SCHEMA.description,
    KG.goal,
    KG.indicators,
    KG.activitiesAndEvaluation,
    KG.assessment,
    KG.followUp,
    KG.publications,
    KG.workingGroup,
    KG.partnersText,
    KG.previousProjects,
    KG.targetArea,
    KG.region,
    KG.additionalInformation,
)
REPORT_FIGURES = (KG.events, KG.eventParticipants, KG.trainings, KG.trainingParticipants)
SAME_AS = (SCHEMA.sameAs, OWL.sameAs, SKOS.exactMatch, SKOS.closeMatch, SCHEMA.url)
RECORD_FACTS = (
    KG.sourceFile,
    KG.sha256,
    PROV.generatedAtTime,
    KG.labelLanguage,
    KG.truncated,
    KG.truncatedFragment,
    KG.toolVersion,
)


@dataclass(frozen=True)
class Table:
    """A table of a page: a heading, column headers, rows of HTML (the first cell heads its row)."""

    caption: str
    columns: tuple[str, ...]
    rows: Sequence[tuple[Html, ...]]
    id: str
    empty: str | None = None  # what the page says when there are no rows
    href: str | None = None  # where the heading leads (the page of what the table is of)

    def html(self, level: int = 2) -> Markup:
        """Return the table as a section with its heading (`level`) and id."""
        return table_html(self, level)


@dataclass(frozen=True)
class ChartView:
    """A chart as a page shows it: the SVG, its data table (values written), its CSV file."""

    title: str
    svg: Markup
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    csv_href: str
    csv_path: str  # the CSV file, from the site's root
    csv: bytes
    caption: str  # what the table is ("the chart's data")
    csv_text: str  # the text of the link to the CSV file


@dataclass
class ThingContent:
    """What a thing's page shows, in one language, ready for its template."""

    kind: str
    title: Text
    summary: list[tuple[str, list[Html]]] = field(default_factory=list)
    texts: list[tuple[str, list[Html]]] = field(default_factory=list)
    blocks: list[Markup] = field(default_factory=list)  # tables and charts, in page order
    charts: list[ChartView] = field(default_factory=list)  # whose CSV files go beside the page
    findings: Markup = field(default_factory=Markup)
    details: Markup = field(default_factory=Markup)
    searchable: bool = False

    def summary_html(self) -> Markup:
        """Return the summary as a description list."""
        return Markup(summary_html(self.summary))

    def texts_html(self) -> Markup:
        """Return the texts, a section each."""
        return Markup(
            "".join(
                f'<section class="text">\n<h2>{esc(label)}</h2>\n'
                + "".join(f"<p>{value}</p>\n" for value in values)
                + "</section>\n"
                for label, values in self.texts
            )
        )

    def table(self, table: Table) -> None:
        """Add a table to the page's blocks."""
        self.blocks.append(table_html(table))

    def chart(self, view: ChartView) -> None:
        """Add a chart to the page's blocks (and its CSV file to the page's files)."""
        self.charts.append(view)
        self.blocks.append(chart_html(view))


def statements(triples: Iterable[Triple]) -> Index:
    """Return the triples by subject, then predicate, in the order given."""
    index: Index = {}
    for subject, predicate, obj in triples:
        index.setdefault(subject, {}).setdefault(predicate, []).append(obj)
    return index


class ThingPages:
    """Makes the content of the page of each thing."""

    def __init__(self, site: Site, findings: Findings | None) -> None:
        self.site = site
        self.findings = findings

    def content(self, thing: NamedNode, index: Index, link: Linker) -> ThingContent:
        """Return the content of the page of `thing` seen through `link` (its file, language)."""
        link.current = thing
        own = _about(index, thing)
        kind = self.site.things.kind(thing) or "organisation"
        page = ThingContent(kind, self.site.data.label(thing, link.lang))
        getattr(self, "_" + kind.replace("-", "_"))(page, thing, own, index, link)
        page.findings = self._findings(thing, link)
        page.details = Markup(details_html(thing, index, link))
        return page

    # -- the kinds ---------------------------------------------------------------------------

    def _project(
        self, page: ThingContent, thing: NamedNode, own: Statements, index: Index, link: Linker
    ) -> None:
        page.searchable = True
        lang, data = link.lang, self.site.data
        row = data.projects.get(thing, ProjectRow(thing))
        summary = page.summary
        if row.library is not None:
            summary.append((text("library", lang), [link.link(row.library)]))
        if row.year is not None:
            year = Text(str(row.year))
            summary.append(
                (text("year", lang), [link.link(row.call, year) if row.call else esc(year.value)])
            )
        if row.programme is not None:
            summary.append((text("programme", lang), [link.link(row.programme)]))
        status = text("unknown", lang)
        if row.funded is not None:
            status = text("funded_yes" if row.funded else "funded_no", lang)
        if own.get(KG.report):
            status += "; " + text("report_yes", lang)
        summary.append((text("status", lang), [esc(status)]))
        dates = [link.term(v) for p in (SCHEMA.startDate, SCHEMA.endDate) for v in own.get(p, ())]
        if dates:
            summary.append((text("dates", lang), [" – ".join(dates)]))
        grants = own.get(SCHEMA.funding, [])
        funders = [link.term(f) for g in grants for f in _about(index, g).get(SCHEMA.funder, ())]
        if funders:
            summary.append((text("granted_by", lang), funders))
        languages = [
            link.language_name(v.value)
            for v in own.get(SCHEMA.inLanguage, ())
            if isinstance(v, Literal)
        ]
        if languages:
            summary.append((link.property_name(SCHEMA.inLanguage), languages))
        page.texts = [
            (link.property_name(p), [link.term(v) for v in own[p]])
            for p in PROJECT_TEXTS
            if own.get(p)
        ]
        decisions = [v for g in grants for v in _about(index, g).get(KG.decisionText, ())]
        if decisions:
            page.texts.append(
                (link.property_name(KG.decisionText), [link.term(v) for v in decisions])
            )
        money_rows: list[tuple[Html, ...]] = []
        for holder, predicate in MONEY:
            for node in own.get(holder, ()):
                for amount in _about(index, node).get(predicate, ()):
                    value = _amount(_about(index, amount))
                    if value is not None and isinstance(amount, NamedNode):
                        money_rows.append(
                            (
                                anchor(link.property_name(predicate), link.thing(amount)),
                                esc(money(value, lang)),
                            )
                        )
        if money_rows:
            page.table(
                Table(
                    text("money", lang),
                    (text("item", lang), text("amount", lang)),
                    money_rows,
                    "s-money",
                )
            )
        figures = [
            (esc(link.property_name(p)), link.term(v))
            for report in own.get(KG.report, ())
            for p in REPORT_FIGURES
            for v in _about(index, report).get(p, ())
        ]
        if figures:
            page.table(
                Table(
                    text("statistics", lang),
                    (text("item", lang), text("count", lang)),
                    figures,
                    "s-figures",
                )
            )
        partners = []
        for part in own.get(KG.partnership, ()):
            about = _about(index, part)
            who = [link.term(v) for v in about.get(KG.partner, ())] or [
                link.term(v) for v in about.get(KG.nameAsWritten, ())
            ]
            kinds = [link.term(v) for v in about.get(KG.partnerKind, ())]
            remarks = [link.term(v) for v in about.get(KG.remark, ())]
            partners.append((", ".join(who), ", ".join(kinds), ", ".join(remarks)))
        partners.sort(key=lambda cells: tuple(plain(cell).casefold() for cell in cells))
        columns = (text("partner", lang), text("kind", lang), text("remark", lang))
        page.table(
            Table(
                text("partners", lang), columns, partners, "s-partners", text("no_partners", lang)
            )
        )
        page.table(self._sources(data.records_of_project.get(thing, []), link))

    def _sources(self, records: Sequence[NamedNode], link: Linker) -> Table:
        lang, data = link.lang, self.site.data
        rows = []
        for record in records:
            url = data.record_page.get(record)
            rows.append(
                (
                    link.link(record),
                    esc(data.source_file.get(record, "")),
                    anchor(url, url) if url else "",
                )
            )
        columns = (text("record", lang), text("file", lang), text("page_online", lang))
        return Table(text("sources", lang), columns, rows, "s-sources")

    def _library(
        self, page: ThingContent, thing: NamedNode, own: Statements, index: Index, link: Linker
    ) -> None:
        page.searchable = True
        lang, data = link.lang, self.site.data
        summary = page.summary
        self._facts(summary, own, link, ((KG.isil, "isil"), (ORG.unitOf, "legal_body")))
        addresses = [_address(_about(index, a), link) for a in own.get(SCHEMA.address, ())]
        if addresses:
            summary.append((text("address", lang), addresses))
        self._facts(
            summary,
            own,
            link,
            ((SCHEMA.telephone, "phone"), (SCHEMA.email, "email"), (ORG.hasUnit, "branches")),
        )
        if own.get(KG.lacksIdentifier):
            summary.append(
                (
                    link.property_name(KG.lacksIdentifier),
                    [link.term(v) for v in own[KG.lacksIdentifier]],
                )
            )
        registry = [link.term(v) for p in SAME_AS for v in own.get(p, ())]
        summary.append(
            (text("registry_links", lang), registry or [esc(text("no_registry_links", lang))])
        )
        projects = data.projects_of_library.get(thing, [])
        rows = list(data.projects_by_year(projects))
        self._per_year(page, thing, rows, link)
        page.table(project_table(text("projects", lang), rows, link, "s-projects", library=False))
        partners = self._partners_of_projects(projects, link)
        if not partners:
            return
        counted = sorted(
            partners.items(), key=lambda item: (-item[1][1], *data.sort_key(item[0], lang))
        )
        table_rows = [
            (link.link(org), esc(kind), esc(number(count, lang))) for org, (kind, count) in counted
        ]
        columns = (text("partner", lang), text("kind", lang), text("projects_count", lang))
        page.table(Table(text("partners", lang), columns, table_rows, "s-partners"))
        nodes = [
            (data.label(org, lang).value, link.thing(org), kind, count)
            for org, (kind, count) in counted
        ]
        chart = network(
            text("chart_network", lang),
            data.label(thing, lang).value,
            nodes,
            words=chart_words(lang),
        )
        page.chart(self._chart(chart, thing, "partners", link, counted_format(lang)))

    def _facts(
        self,
        summary: list[tuple[str, list[Html]]],
        own: Statements,
        link: Linker,
        facts: Iterable[tuple[NamedNode, str]],
    ) -> None:
        for predicate, key in facts:
            if own.get(predicate):
                summary.append((text(key, link.lang), [link.term(v) for v in own[predicate]]))

    def _per_year(
        self, page: ThingContent, thing: NamedNode, rows: list[ProjectRow], link: Linker
    ) -> None:
        """Add the charts of a library's projects and money per year."""
        lang = link.lang
        years: dict[int, list[ProjectRow]] = defaultdict(list)
        for row in rows:
            if row.year is not None:
                years[row.year].append(row)
        if not years:
            return
        ordered = sorted(years)
        counts = [(str(y), text("projects_count", lang), Decimal(len(years[y]))) for y in ordered]
        chart = grouped_bars(
            text("chart_library_projects", lang),
            text("year", lang),
            text("projects_count", lang),
            counts,
            number_format=counted_format(lang),
            words=chart_words(lang),
        )
        page.chart(self._chart(chart, thing, "projects-per-year", link, counted_format(lang)))
        points = applied_and_granted([(str(year), years[year]) for year in ordered], lang)
        if not points:
            return
        self._money_per_year(page, thing, "chart_library_money", points, link)

    def _partners_of_projects(
        self, projects: Sequence[NamedNode], link: Linker
    ) -> dict[NamedNode, tuple[str, int]]:
        """Return the organisations the projects name as partners: their kind and how often."""
        data = self.site.data
        found: dict[NamedNode, set[NamedNode]] = defaultdict(set)
        kinds: dict[NamedNode, str] = {}
        for project in projects:
            for partnership in data.partnerships_by_project.get(project, ()):
                partner = partnership.partner
                if partner is None:
                    continue
                found[partner].add(project)
                if partnership.kind is not None and partner not in kinds:
                    kinds[partner] = data.label(partnership.kind, link.lang).value
        default = text("kind_organisation", link.lang)
        return {org: (kinds.get(org, default), len(ps)) for org, ps in found.items()}

    def _legal_body(
        self, page: ThingContent, thing: NamedNode, own: Statements, index: Index, link: Linker
    ) -> None:
        lang, data, kinds = link.lang, self.site.data, self.site.things.kind
        self._facts(page.summary, own, link, ((KG.businessId, "business_id"),))
        units = sorted(data.units_of_body.get(thing, []), key=lambda u: data.sort_key(u, lang))
        libraries = [unit for unit in units if kinds(unit) == "library"]
        others = [unit for unit in units if kinds(unit) != "library"]
        if libraries:
            page.summary.append(
                (text("libraries_of_body", lang), [link.link(u) for u in libraries])
            )
        if others:
            page.summary.append((text("units_of_body", lang), [link.link(u) for u in others]))
        projects = [p for library in libraries for p in data.projects_of_library.get(library, [])]
        rows = list(data.projects_by_year(projects))
        if rows:
            page.table(project_table(text("projects", lang), rows, link, "s-projects"))

    def _organisation(
        self, page: ThingContent, thing: NamedNode, own: Statements, index: Index, link: Linker
    ) -> None:
        lang, data = link.lang, self.site.data
        self._facts(page.summary, own, link, ((KG.businessId, "business_id"),))
        if own.get(ORG.unitOf):
            page.summary.append(
                (link.property_name(ORG.unitOf), [link.term(v) for v in own[ORG.unitOf]])
            )
        roles = [v for v in own.get(RDF.type, ()) if v in (KG.Funder, KG.GrantingAuthority)]
        if roles:
            page.summary.append((text("kind", lang), [link.term(v) for v in roles]))
        programmes = data.programmes_of_org.get(thing, [])
        if programmes:
            page.summary.append(
                (text("programmes_funded", lang), [link.link(p) for p in programmes])
            )
        grants = data.grants_of_org.get(thing)
        if grants:
            page.summary.append((text("grants_decided", lang), [esc(number(grants, lang))]))
        same = [link.term(v) for p in SAME_AS for v in own.get(p, ())]
        if same:
            page.summary.append((text("registry_links", lang), same))
        partnerships = [p for p in data.partnerships_of.get(thing, []) if p.partner == thing]
        self._partnership_table(page, partnerships, link, show_partner=False)

    def _partnership_table(
        self,
        page: ThingContent,
        partnerships: list[Partnership],
        link: Linker,
        *,
        show_partner: bool,
    ) -> None:
        lang, data = link.lang, self.site.data
        if not partnerships:
            return
        rows: list[tuple[Html, ...]] = []
        for partnership in partnerships:
            project = data.projects.get(partnership.project, ProjectRow(partnership.project))
            cells = [link.link(partnership.project)]
            if show_partner:
                if partnership.partner is not None:
                    cells.append(link.link(partnership.partner))
                else:
                    cells.append(shown(partnership.written) if partnership.written else "")
            cells.append(link.link(project.library) if project.library else "")
            cells.append(str(project.year) if project.year else "")
            rows.append(tuple(cells))
        rows.sort(key=lambda cells: (cells[-1], *(plain(cell).casefold() for cell in cells[:-1])))
        columns = [text("projects", lang)]
        columns += [text("partner", lang)] if show_partner else []
        columns += [text("library", lang), text("year", lang)]
        page.table(Table(text("partner_in", lang), tuple(columns), rows, "s-partnerships"))

    def _programme(
        self, page: ThingContent, thing: NamedNode, own: Statements, index: Index, link: Linker
    ) -> None:
        lang, data = link.lang, self.site.data
        self._facts(
            page.summary,
            own,
            link,
            ((SCHEMA.funder, "funder"), (KG.grantingAuthority, "granting_authority")),
        )
        calls = sorted(
            data.calls_of_programme.get(thing, []),
            key=lambda c: (data.call_year.get(c, 0), c.value),
        )
        rows: list[tuple[Html, ...]] = []
        points = []
        for call in calls:
            projects = [
                data.projects[p] for p in data.projects_of_call.get(call, []) if p in data.projects
            ]
            applied = known_sum(p.requested for p in projects)
            granted = known_sum(p.granted for p in projects)
            year = str(data.call_year.get(call, ""))
            rows.append(
                (
                    link.link(call, Text(year)),
                    esc(number(len(projects), lang)),
                    esc(money(applied, lang)) if applied is not None else "",
                    esc(money(granted, lang)) if granted is not None else "",
                )
            )
            points += applied_and_granted([(year, projects)], lang)
        columns = (
            text("call", lang),
            text("projects_count", lang),
            text("applied", lang),
            text("granted", lang),
        )
        page.table(Table(text("calls", lang), columns, rows, "s-calls"))
        if points:
            self._money_per_year(page, thing, "chart_applied_granted", points, link)

    def _call(
        self, page: ThingContent, thing: NamedNode, own: Statements, index: Index, link: Linker
    ) -> None:
        lang, data = link.lang, self.site.data
        programme = data.call_programme.get(thing)
        if programme is not None:
            page.summary.append((text("programme", lang), [link.link(programme)]))
        if thing in data.call_year:
            page.summary.append((text("year", lang), [esc(str(data.call_year[thing]))]))
        rows = list(data.projects_by_year(data.projects_of_call.get(thing, [])))
        page.summary.append((text("projects_count", lang), [esc(number(len(rows), lang))]))
        page.table(
            project_table(
                text("projects", lang), rows, link, "s-projects", year=False, programme=False
            )
        )

    def _partner_kind(
        self, page: ThingContent, thing: NamedNode, own: Statements, index: Index, link: Linker
    ) -> None:
        lang, data = link.lang, self.site.data
        definitions = own.get(SKOS.definition, [])
        chosen = [
            v for v in definitions if isinstance(v, Literal) and v.language == lang
        ] or definitions
        if chosen:
            page.summary.append((text("definition", lang), [link.term(v) for v in chosen]))
        if own.get(SKOS.inScheme):
            page.summary.append((text("scheme", lang), [link.term(v) for v in own[SKOS.inScheme]]))
        kinds = sorted(
            (k for k in own.get(SKOS.hasTopConcept, ()) if isinstance(k, NamedNode)),
            key=lambda k: data.sort_key(k, lang),
        )
        if kinds:
            rows = [
                (
                    link.link(k),
                    esc(number(len({p.project for p in data.partnerships_of.get(k, [])}), lang)),
                )
                for k in kinds
            ]
            columns = (text("kind", lang), text("projects_count", lang))
            page.table(Table(text("kinds", lang), columns, rows, "s-kinds"))
        partnerships = [p for p in data.partnerships_of.get(thing, []) if p.kind == thing]
        self._partnership_table(page, partnerships, link, show_partner=True)

    def _record(
        self, page: ThingContent, thing: NamedNode, own: Statements, index: Index, link: Linker
    ) -> None:
        lang, data = link.lang, self.site.data
        for predicate in RECORD_FACTS:
            if own.get(predicate):
                page.summary.append(
                    (link.property_name(predicate), [link.term(v) for v in own[predicate]])
                )
        url = data.record_page.get(thing)
        if url:
            page.summary.append((text("page_online", lang), [anchor(url, url)]))
        projects = data.projects_of_record.get(thing, [])
        if projects:
            page.summary.append((text("derived_projects", lang), [link.link(p) for p in projects]))
        warnings = own.get(KG.parseWarning, [])
        if warnings:
            page.texts.append((text("warnings", lang), [link.term(v) for v in warnings]))
        rows = []
        for part in own.get(KG.rawValue, ()):
            about = _about(index, part)
            path = ", ".join(
                esc(v.value) for v in about.get(KG.fieldPath, ()) if isinstance(v, Literal)
            )
            original = ", ".join(link.term(v) for v in about.get(KG.originalText, ()))
            href = link.thing(part) if isinstance(part, NamedNode) else None
            rows.append((f'<a href="{attr(href)}">{path}</a>' if href else path, original))
        if rows:
            rows.sort()
            columns = (text("field", lang), text("original", lang))
            page.table(Table(text("raw_values", lang), columns, rows, "s-raw"))

    # -- shared pieces -----------------------------------------------------------------------

    def _money_per_year(
        self,
        page: ThingContent,
        thing: NamedNode,
        title: str,
        points: list[tuple[str, str, Decimal]],
        link: Linker,
    ) -> None:
        """Add the chart of euros applied for and granted per year, titled by the text `title`."""
        lang = link.lang
        chart = grouped_bars(
            text(title, lang),
            text("year", lang),
            text("euros", lang),
            points,
            number_format=euro_format(lang),
            words=chart_words(lang),
        )
        page.chart(self._chart(chart, thing, "money-per-year", link, euro_format(lang)))

    def _chart(
        self,
        chart: Chart,
        thing: NamedNode,
        name: str,
        link: Linker,
        number_format: Callable[[Decimal], str],
    ) -> ChartView:
        layout = self.site.layout
        path = layout.data_file(f"{layout.thing_stem(thing)}.{name}", link.lang, "csv")
        return chart_view(chart, path, link, number_format)

    def _findings(self, thing: NamedNode, link: Linker) -> Markup:
        lang = link.lang
        heading = f'<h2 id="s-findings-h">{esc(text("findings", lang))}</h2>\n'
        if self.findings is None:
            body = f"<p>{esc(text('no_report', lang))}</p>\n"
        else:
            found = self.findings.of(thing)
            body = (
                findings_html(found, link)
                if found
                else f"<p>{esc(text('no_findings', lang))}</p>\n"
            )
        start = '<section class="findings" id="s-findings" data-pagefind-ignore>\n'
        return Markup(f"{start}{heading}{body}</section>\n")


def project_table(
    caption: str,
    rows: Iterable[ProjectRow],
    link: Linker,
    id: str,
    *,
    year: bool = True,
    library: bool = True,
    programme: bool = True,
    of: NamedNode | None = None,
) -> Table:
    """Return a table of projects: title, and those of year, library, programme asked, money.

    `of` is the thing the projects are of, whose page the table's heading leads to.
    """
    lang = link.lang
    columns = [text("title", lang)]
    columns += [text("year", lang)] if year else []
    columns += [text("library", lang)] if library else []
    columns += [text("programme", lang)] if programme else []
    columns += [text("applied", lang), text("granted", lang)]
    body: list[tuple[Html, ...]] = []
    for row in rows:
        cells = [link.link(row.iri)]
        if year:
            cells.append(str(row.year or ""))
        if library:
            cells.append(link.link(row.library) if row.library else "")
        if programme:
            cells.append(link.link(row.programme) if row.programme else "")
        cells.append(esc(money(row.requested, lang)) if row.requested is not None else "")
        cells.append(esc(money(row.granted, lang)) if row.granted is not None else "")
        body.append(tuple(cells))
    href = link.thing(of) if of is not None else None
    return Table(caption, tuple(columns), body, id, text("no_projects", lang), href)


def known_sum(values: Iterable[Decimal | None]) -> Decimal | None:
    """Return the sum of the values that are known; None when none is."""
    known = [value for value in values if value is not None]
    return sum(known, Decimal(0)) if known else None


def applied_and_granted(
    groups: Sequence[tuple[str, Sequence[ProjectRow]]], lang: str
) -> list[tuple[str, str, Decimal]]:
    """Return the chart points of the money applied for and granted in each group (a year).

    A sum is drawn only where some project of the group tells it: no money known is no bar,
    not a bar of 0.
    """
    points = []
    for label, rows in groups:
        for key, value in (
            ("applied", known_sum(row.requested for row in rows)),
            ("granted", known_sum(row.granted for row in rows)),
        ):
            if value is not None:
                points.append((label, text(key, lang), value))
    return points


def table_html(table: Table, level: int = 2) -> Markup:
    """Return a table in a section of its own, with its heading; or the `empty` text."""
    caption = anchor(table.caption, table.href)
    heading = f'<h{level} id="{attr(table.id)}-h">{caption}</h{level}>\n'
    head = f'<section class="table" id="{attr(table.id)}">\n{heading}'
    if not table.rows:
        return Markup(f"{head}<p>{esc(table.empty or '–')}</p>\n</section>\n")
    return Markup(
        f'{head}<div class="scroll">\n<table aria-labelledby="{attr(table.id)}-h">\n'
        f"{_head_and_body(table.columns, table.rows)}</table>\n</div>\n</section>\n"
    )


def chart_html(view: ChartView, level: int = 2) -> Markup:
    """Return a chart with its data table beside it and the link to its CSV file."""
    rows = [[esc(cell) for cell in row] for row in view.rows]
    return Markup(
        f'<section class="chart" data-pagefind-ignore>\n<h{level}>{esc(view.title)}</h{level}>\n'
        f'<figure>\n{view.svg}\n<figcaption>\n<div class="scroll">\n<table>\n'
        f"<caption>{esc(view.caption)}</caption>\n{_head_and_body(view.columns, rows)}"
        f"</table>\n</div>\n"
        f'<p><a href="{attr(view.csv_href)}" type="text/csv">{esc(view.csv_text)}</a></p>\n'
        "</figcaption>\n</figure>\n</section>\n"
    )


def _head_and_body(columns: Sequence[str], rows: Sequence[Sequence[Html]]) -> str:
    """Return a table's head (the columns, escaped) and body (cells as given, row headers)."""
    head = "".join(f'<th scope="col">{esc(column)}</th>' for column in columns)
    body = "".join(
        f'<tr><th scope="row">{row[0]}</th>'
        + "".join(f"<td>{cell}</td>" for cell in row[1:])
        + "</tr>\n"
        for row in rows
    )
    return f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n"


def summary_html(summary: list[tuple[str, list[Html]]]) -> str:
    """Return label-values pairs as a description list."""
    if not summary:
        return ""
    items = "".join(
        f"<div><dt>{esc(label)}</dt>"
        + "".join(f"<dd>{value}</dd>" for value in values)
        + "</div>\n"
        for label, values in summary
    )
    return f'<dl class="summary">\n{items}</dl>\n'


def findings_html(found: Sequence[Finding], link: Linker) -> str:
    """Return findings as a table: severity, rule, what it is about, the message."""
    lang = link.lang
    columns = ("severity", "rule", "about", "finding")
    head = "".join(f'<th scope="col">{esc(text(key, lang))}</th>' for key in columns)
    rows = "".join(
        f'<tr><th scope="row">{severity}</th><td><code>{rule}</code></td>'
        f"<td>{about}</td><td>{message}</td></tr>\n"
        for severity, rule, about, message in (finding_cells(f, link) for f in found)
    )
    return (
        '<div class="scroll">\n<table aria-labelledby="s-findings-h">\n'
        f"<thead><tr>{head}</tr></thead>\n"
        f"<tbody>\n{rows}</tbody>\n</table>\n</div>\n"
    )


def finding_cells(finding: Finding, link: Linker) -> tuple[Html, Html, Html, Html]:
    """Return a finding as HTML cells: severity, rule, what it is about, its message."""
    lang = link.lang
    messages = finding.messages
    chosen = (
        lang if lang in messages else ("en" if "en" in messages else next(iter(messages), None))
    )
    about = link.link(finding.focus) if finding.owner is not None else esc(finding.focus.value)
    message = shown(Text(finding.message(lang), chosen))
    return esc(text(finding.severity, lang)), esc(finding.rule), about, message


def details_html(thing: NamedNode, index: Index, link: Linker) -> str:
    """Return every statement of the description: the thing's, then each part's under its id."""
    lang = link.lang
    name = esc(text("property", lang))
    value = esc(text("value", lang))
    head = f'<thead><tr><th scope="col">{name}</th><th scope="col">{value}</th></tr></thead>\n'
    start = '<section class="details" id="s-data" data-pagefind-ignore>\n'
    out = [f"{start}<h2>{esc(text('details', lang))}</h2>\n"]
    subjects = sorted(index, key=lambda s: (s != thing, isinstance(s, BlankNode), s.value))
    for subject in subjects:
        rows = "".join(
            f'<tr><th scope="row">{esc(link.property_name(predicate))}</th><td>'
            + ", ".join(link.term(v) for v in values)
            + "</td></tr>\n"
            for predicate, values in index[subject].items()
        )
        table = f"<table>\n{head}<tbody>\n{rows}</tbody>\n</table>\n"
        if subject == thing:
            out.append(table)
            continue
        if isinstance(subject, NamedNode):
            part = fragment(thing, subject)
            types = [
                link.property_name(t)
                for t in index[subject].get(RDF.type, ())
                if isinstance(t, NamedNode) and t in KG
            ]
            heading = f"{types[0]}: {part}" if types else part
        else:
            part, heading = f"_{subject.value}", f"_:{subject.value}"
        section = f'<section class="part" id="{attr(part)}">\n'
        out.append(f"{section}<h3>{esc(heading)}</h3>\n{table}</section>\n")
    out.append("</section>\n")
    return "".join(out)


def chart_view(
    chart: Chart, path: str, link: Linker, number_format: Callable[[Decimal], str]
) -> ChartView:
    """Return a chart as the page shows it, its CSV at `path` (a file of the site).

    The table's numbers are written with `number_format`, as the chart writes them.
    """
    rows = tuple(tuple(_cell(cell, link.lang, number_format) for cell in row) for row in chart.rows)
    csv = chart.csv().encode("utf-8")
    lang = link.lang
    return ChartView(
        chart.title,
        Markup(chart.svg),
        chart.columns,
        rows,
        link.file(path),
        path,
        csv,
        text("chart_data", lang),
        text("csv", lang),
    )


def chart_words(lang: str) -> ChartWords:
    """Return the words a chart writes itself, in `lang`."""
    return ChartWords(
        lang=lang,
        no_data=text("no_data", lang),
        node=text("partner", lang),
        group=text("kind", lang),
        weight=text("projects_count", lang),
        shown=text("chart_shown", lang),
    )


def euro_format(lang: str) -> Callable[[Decimal], str]:
    """Return the writer of euro amounts in `lang`, for a chart and its table."""
    return lambda value: money(value, lang)


def counted_format(lang: str) -> Callable[[Decimal], str]:
    """Return the writer of counts in `lang`, for a chart and its table."""
    return lambda value: (
        number(int(value), lang) if value == value.to_integral_value() else str(value)
    )


def plain(piece: Html) -> str:
    """Return the text of a piece of HTML (what it sorts by)."""
    return html.unescape(_TAG.sub("", piece))


_TAG = re.compile(r"<[^>]*>")


def _about(index: Index, node: object) -> Statements:
    """Return the statements about `node` in the description (none: not one of its subjects)."""
    return index.get(node, {}) if isinstance(node, NamedNode | BlankNode) else {}


def _amount(about: Statements) -> Decimal | None:
    for value in about.get(SCHEMA.value, ()):
        if isinstance(value, Literal):
            try:
                return Decimal(value.value)
            except ArithmeticError:
                return None
    return None


def _address(about: Statements, link: Linker) -> Html:
    return ", ".join(
        link.term(v)
        for p in (SCHEMA.streetAddress, SCHEMA.postalCode, SCHEMA.addressCountry)
        for v in about.get(p, ())
    )


def _cell(cell: object, lang: str, number_format: Callable[[Decimal], str]) -> str:
    if cell is None:
        return ""
    if isinstance(cell, Decimal):
        return number_format(cell)
    if isinstance(cell, int):
        return number(cell, lang)
    return str(cell)
