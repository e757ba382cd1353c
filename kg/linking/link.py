"""Registry look-ups over the graph -> one named graph of links per registry, with evidence.

    load_config(path, environ)                            -> RegistryConfig (TOML [registries])
    parse_registries("isil,wikidata")                     -> ("isil", "wikidata")
    link_store(store, client, minter, registries, progress=...)   -> LinkResult

`link_store` reads the libraries and legal bodies from the record graphs
(`kg.linking.targets`), asks the selected registries about them (`kg.linking.registries`), turns the
answers into links with their evidence (`kg.linking.links`) and replaces each registry's named
graph, `<base>graph/registry/<name>`, by its new links (`kg.linking.graph`). Then the default
graph (the union the stored queries read) is refreshed. Never touched: the record graphs.

- A registry that failed altogether keeps its previous graph as it was.
- A look-up that failed (or was not in the cache, offline) keeps the links the previous graph
  held for its key; the other keys get what the registry says now.
- Disagreements (another name, an inactive ISIL, an unknown business ID) go into the reports,
  never into the graph as facts over the record's data.
- A registry that cannot be reached, or whose deadline passed, is asked no more; its other
  look-ups are skipped (`kg.linking.registries.guard`) and the other registries go on.

The order of the look-ups: the ISIL registry first (its cities give the municipality the
directory is searched in), then Kirjastohakemisto, Wikidata and YTJ; municipality code-list
links come from YTJ's addresses (into YTJ's graph) and Wikidata's P1203 (into Wikidata's).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyoxigraph import NamedNode

from kg.errors import RequestError
from kg.iris import Minter
from kg.linking.graph import previous_links, registry_quads
from kg.linking.links import (
    Link,
    isil_links,
    kirkanta_links,
    municipality_links,
    wikidata_links,
    ytj_links,
)
from kg.linking.registries import isil, kirkanta, wikidata, ytj
from kg.linking.registries.config import REGISTRIES, REGISTRY_LABELS, RegistryConfig
from kg.linking.registries.http import RegistryClient
from kg.linking.registries.municipalities import link_municipalities
from kg.linking.registries.report import Advance, Issue, LibraryRef, LookupReport, exit_code
from kg.linking.targets import Targets, read_targets
from kg.store.graph_store import GraphStore

CONFIG_SECTION = "registries"

# Called with the registry being asked, how many of its look-ups are done, and how many in all
# (first with 0 done, then after each look-up).
LinkProgress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class RegistryOutcome:
    """What one registry's run came to: its report, its links, and whether its graph changed.

    `linked` counts the links from this run's answers, `kept` the earlier links kept because
    their look-ups failed; `written` is False when the registry failed altogether and its
    graph was left as it was.
    """

    registry: str
    report: LookupReport
    graph: NamedNode
    linked: int
    kept: int
    written: bool
    linked_keys: frozenset[str] = frozenset()


@dataclass(frozen=True)
class LinkResult:
    """Every selected registry's outcome, in the order they were asked."""

    outcomes: tuple[RegistryOutcome, ...]
    default_graph_triples: int = 0

    @property
    def exit_code(self) -> int:
        """3 when some registry failed altogether, else 0 (with warnings or not)."""
        return exit_code(outcome.report for outcome in self.outcomes)

    def proposals(self) -> list[str]:
        """One line per candidate a person may confirm: a match that was not made a link.

        An ISIL proposed by name for a library without one, or a directory entry whose name
        scored below the acceptance score or tied with another; best first per key.
        """
        lines = []
        for outcome in self.outcomes:
            label = REGISTRY_LABELS.get(outcome.registry, outcome.registry)
            for candidate in outcome.report.candidates:
                if candidate.key in outcome.linked_keys:
                    continue
                lines.append(
                    f"{label}, {candidate.key}: {_describe(candidate.record)} "
                    f"({candidate.method}, score {candidate.score:.2f}) {candidate.url}"
                )
        return lines

    def warnings(self, verbose: bool = False) -> list[str]:
        """One line per failure and disagreement, each naming registry, key and URL.

        Offline misses and the look-ups of a registry given up are one line per registry;
        `verbose` lists them one by one as well (`LookupReport.warnings`).
        """
        lines = []
        for outcome in self.outcomes:
            label = REGISTRY_LABELS.get(outcome.registry, outcome.registry)
            lines += outcome.report.warnings(verbose)
            if outcome.kept:
                lines.append(
                    f"{label}: kept {outcome.kept} earlier links whose look-ups failed this time"
                )
            if not outcome.written:
                lines.append(
                    f"{label}: failed altogether; its graph {outcome.graph.value} "
                    "was left as it was"
                )
        return lines


def _describe(record: object) -> str:
    """Name a registry entry by its identifier and name: `FI-Xx 'Name'`, `90001 'Name'`."""
    ident = getattr(record, "isil", None) or getattr(record, "id", None)
    name = getattr(record, "name", None)
    return f"{ident} {name!r}" if name else str(ident)


def parse_registries(text: str | Iterable[str]) -> tuple[str, ...]:
    """Return the registries named (comma-separated or a list), in the order they run.

    An unknown name is a RequestError (exit 2) naming it and the known ones.
    """
    names = text.split(",") if isinstance(text, str) else list(text)
    wanted = {name.strip().lower() for name in names if name.strip()}
    unknown = sorted(wanted - set(REGISTRIES))
    if unknown or not wanted:
        what = f"unknown registry {unknown[0]!r}" if unknown else "no registry named"
        raise RequestError(f"{what} (known: {','.join(REGISTRIES)})", where="--registry")
    return tuple(name for name in REGISTRIES if name in wanted)


def load_config(path: Path | None, environ: Mapping[str, str] | None = None) -> RegistryConfig:
    """Read the `[registries]` table of a TOML file (None: defaults), the environment on top.

    The keys are RegistryConfig.from_mapping's; a file that cannot be read or parsed, or a
    bad key, is a RequestError (exit 2) naming the file.
    """
    section: Any = {}
    if path is not None:
        try:
            with path.open("rb") as stream:
                data = tomllib.load(stream)
        except OSError as exc:
            raise RequestError(f"cannot read it ({exc.strerror})", where=str(path)) from exc
        except tomllib.TOMLDecodeError as exc:
            raise RequestError(f"not TOML: {exc}", where=str(path)) from exc
        section = data.get(CONFIG_SECTION, {})
        if not isinstance(section, dict):
            raise RequestError(f"[{CONFIG_SECTION}] must be a table", where=str(path))
    try:
        return RegistryConfig.from_mapping(section, os.environ if environ is None else environ)
    except RequestError as exc:
        where = f"{path}: {exc.where}" if path is not None else exc.where
        raise RequestError(exc.message, where=where) from exc


def is_registry_graph(minter: Minter, graph: NamedNode) -> bool:
    """Return whether `graph` is one of the registries' link graphs."""
    return any(graph == minter.registry_graph(name) for name in REGISTRIES)


class _Counter:
    """One registry's look-ups done and to do, told to a LinkProgress as they change."""

    def __init__(self, progress: LinkProgress, registry: str, total: int) -> None:
        self.progress = progress
        self.registry = registry
        self.total = total
        self.done = 0
        progress(registry, 0, total)

    def advance(self, count: int) -> None:
        self.done = min(self.total, self.done + count)
        self.progress(self.registry, self.done, self.total)

    def finish(self) -> None:
        if self.done < self.total:
            self.advance(self.total - self.done)


@dataclass
class _Run:
    """One linking run: the client, what to look up, and what each registry gave."""

    client: RegistryClient
    targets: Targets
    codelist: str
    progress: LinkProgress | None = None
    reports: dict[str, LookupReport] = field(default_factory=dict)
    links: dict[str, list[Link]] = field(default_factory=dict)
    municipalities: dict[NamedNode, str] = field(default_factory=dict)
    ytj_check: ytj.YtjCheck | None = None
    wikidata_bodies: wikidata.WikidataLookup | None = None
    counter: _Counter | None = None

    def start(self, registry: str, total: int) -> Advance | None:
        """Begin counting `registry`'s `total` look-ups; return what the look-ups advance."""
        if self.progress is None:
            return None
        self.counter = _Counter(self.progress, registry, total)
        return self.counter.advance

    def finish(self) -> None:
        """Count the registry being asked as done (a look-up that was never made included)."""
        if self.counter is not None:
            self.counter.finish()
            self.counter = None

    def libraries_by_isil(self) -> dict[str, list[NamedNode]]:
        found: dict[str, list[NamedNode]] = {}
        for library in self.targets.libraries:
            if library.isil:
                found.setdefault(library.isil, []).append(library.iri)
        return found

    def bodies_by_id(self) -> dict[str, list[NamedNode]]:
        found: dict[str, list[NamedNode]] = {}
        for body in self.targets.legal_bodies:
            found.setdefault(body.business_id, []).append(body.iri)
        return found


def _isil(run: _Run) -> None:
    names = {library.isil: library.name for library in run.targets.libraries if library.isil}
    # Libraries without an ISIL: ISILs are proposed by name (candidates, never links).
    unnamed = list(
        dict.fromkeys(
            LibraryRef(library.name)
            for library in run.targets.libraries
            if not library.isil and library.name
        )
    )
    advance = run.start("isil", len(names) + len(unnamed))
    check = isil.check_isils(run.client, names, advance=advance)
    report = check.report
    if unnamed:
        proposals = isil.propose_isils(run.client, unnamed, advance=advance)
        report.merge(proposals.report)
    for library in run.targets.libraries:
        entry = check.records.get(library.isil or "")
        if entry is not None and len(entry.cities) == 1:
            run.municipalities[library.iri] = entry.cities[0]
    run.reports["isil"] = report
    run.links["isil"] = isil_links(check, run.libraries_by_isil())


def _kirkanta(run: _Run) -> None:
    refs: dict[LibraryRef, list[NamedNode]] = {}
    for library in run.targets.libraries:
        if library.name:
            ref = LibraryRef(library.name, run.municipalities.get(library.iri))
            refs.setdefault(ref, []).append(library.iri)
    advance = run.start("kirkanta", len(refs))
    matches = kirkanta.match_libraries(run.client, list(refs), advance=advance)
    run.reports["kirkanta"] = matches.report
    run.links["kirkanta"] = kirkanta_links(matches, refs)


def _ytj(run: _Run) -> None:
    bodies = list(run.bodies_by_id())
    check = ytj.check_business_ids(run.client, bodies, advance=run.start("ytj", len(bodies)))
    run.ytj_check = check
    run.reports["ytj"] = check.report
    run.links["ytj"] = ytj_links(check, run.bodies_by_id())


def _wikidata(run: _Run) -> None:
    isils, ids = list(run.libraries_by_isil()), list(run.bodies_by_id())
    advance = run.start("wikidata", len(isils) + len(ids))
    libraries = wikidata.items_by_isil(run.client, isils, advance=advance)
    bodies = wikidata.items_by_business_id(run.client, ids, advance=advance)
    run.wikidata_bodies = bodies
    report = libraries.report
    report.merge(bodies.report)
    run.reports["wikidata"] = report
    run.links["wikidata"] = wikidata_links(libraries, run.libraries_by_isil()) + wikidata_links(
        bodies, run.bodies_by_id()
    )


def _municipalities(run: _Run) -> None:
    """Link legal bodies to their municipality's code-list item, each registry on its own.

    YTJ's address and Wikidata's P1203 each go into their own registry's graph, so that one
    registry's failure never changes another's graph; the two are compared for the report.
    """
    sources = (("ytj", run.ytj_check, None), ("wikidata", None, run.wikidata_bodies))
    for registry, check, lookup in sources:
        if check is None and lookup is None:
            continue
        found = link_municipalities(check, lookup, run.codelist)
        run.links[registry] += municipality_links(found, run.bodies_by_id())
        run.reports[registry].disagreements.extend(
            d for d in found.report.disagreements if d.kind is not Issue.NOT_FOUND
        )
    if run.ytj_check is not None and run.wikidata_bodies is not None:
        both = link_municipalities(run.ytj_check, run.wikidata_bodies, run.codelist)
        run.reports["ytj"].disagreements.extend(
            d for d in both.report.disagreements if d.kind is Issue.MUNICIPALITY_DIFFERS
        )


# The registries' look-ups, in the order they run (the ISIL registry's cities feed Kirkanta).
STEPS: Mapping[str, Callable[[_Run], None]] = {
    "isil": _isil,
    "kirkanta": _kirkanta,
    "ytj": _ytj,
    "wikidata": _wikidata,
}


def link_store(
    store: GraphStore,
    client: RegistryClient,
    minter: Minter,
    registries: Iterable[str] = REGISTRIES,
    *,
    progress: LinkProgress | None = None,
) -> LinkResult:
    """Look the store's libraries and legal bodies up in `registries`; write their graphs.

    Each registry's graph is replaced whole, but for what its failed look-ups keep, and not
    at all when it failed altogether (module docstring). The default graph is refreshed.
    `progress` is told each registry's look-ups done and to do, as they are made.
    """
    selected = parse_registries(registries)
    graphs = {minter.registry_graph(name) for name in REGISTRIES}
    targets = read_targets(store, skip=graphs)
    run = _Run(client, targets, client.config.municipality_codelist, progress)
    for name in selected:
        STEPS[name](run)
        run.finish()
    _municipalities(run)
    outcomes = []
    with store.writing():  # the registries' graphs and the view made of them: one write
        for name in selected:
            report = run.reports[name]
            graph = minter.registry_graph(name)
            links = run.links.get(name, [])
            if report.failed_altogether:
                outcomes.append(RegistryOutcome(name, report, graph, 0, 0, written=False))
                continue
            unanswered = set(report.looked_up) - set(report.answered)
            fresh = {(link.subject, link.predicate) for link in links}
            kept = [
                link
                for link in previous_links(store, name, unanswered, minter)
                if (link.subject, link.predicate) not in fresh
            ]
            store.replace_graph(graph, registry_quads(name, [*links, *kept], minter))
            keys = frozenset(link.key for link in links)
            outcomes.append(RegistryOutcome(name, report, graph, len(links), len(kept), True, keys))
        size = store.refresh_union()
    return LinkResult(tuple(outcomes), size)
