"""The figures of one benchmark run: ratios against the anchors, the targets, the table.

    figures(rows, records, limit) -> [Figure, ...]   one per stage, with ratios and targets
    render(figures, console)                        the table, printed with rich
    markdown(figures)                               the same table in Markdown

"x floor" is a stage's seconds over the floor's for the same work (lower is better): the
floor is pyoxigraph's memory store; its dump for an export, its parse + dump + reading the
texts for `kg build`; for `load store`, pyoxigraph's bulk load into a store on disk.
"plain/this" is the plain path's seconds over the stage's (higher is better). A plain step
stopped at its limit counts as the limit, so a ratio built on it is a lower bound (">=").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from rich.console import Console
from rich.table import Table

from benchmarks.stages import RDFLIB_FORMATS, Row

PARSE_RATE = 2000  # records per second per core
QUERY_SECONDS = 0.2
EXPORT_FLOOR = 1.5
BUILD_FLOOR = 3.0
BUILD_PLAIN = 10.0
VALIDATE_PLAIN = 10.0
BUILD_RSS_MIB = 4096
FLOOR_PARSE, FLOOR_DUMP, READ = "floor: parse", "floor: dump", "read texts"
FLOOR_DISK = "floor: parse to disk"
PLAIN_EXPORTS = tuple(f"plain: export {name}" for name in RDFLIB_FORMATS)
PLAIN_STEPS = ("plain: load", "plain: validate", *PLAIN_EXPORTS)
PlainSum = Callable[[Iterable[str]], tuple[float | None, bool]]


@dataclass(frozen=True)
class Figure:
    """One line of the table: a stage's median seconds, rates, memory, ratios and target."""

    stage: str
    group: str
    seconds: float | None
    runs: tuple[float, ...]
    records: int | None
    triples: int | None
    peak_rss_mib: float
    vs_floor: float | None = None
    vs_plain: float | None = None
    plain_bound: bool = False  # vs_plain is a lower bound (a plain step was stopped)
    target: str = ""
    met: bool | None = None
    note: str = ""

    @property
    def records_per_s(self) -> float | None:
        """Records handled per second (None when not counted or skipped)."""
        return _rate(self.records, self.seconds)

    @property
    def triples_per_s(self) -> float | None:
        """Triples (or quads) handled per second (None when not counted or skipped)."""
        return _rate(self.triples, self.seconds)

    def as_json(self) -> dict[str, object]:
        """The figure as a JSON object (what `--json` writes, one per stage)."""
        return {
            "stage": self.stage,
            "group": self.group,
            "seconds": self.seconds,
            "runs": list(self.runs),
            "records": self.records,
            "triples": self.triples,
            "records_per_s": self.records_per_s,
            "triples_per_s": self.triples_per_s,
            "peak_rss_mib": self.peak_rss_mib,
            "vs_floor": self.vs_floor,
            "vs_plain": self.vs_plain,
            "vs_plain_is_lower_bound": self.plain_bound,
            "target": self.target,
            "met": self.met,
            "note": self.note,
        }


def _rate(count: int | None, seconds: float | None) -> float | None:
    return count / seconds if count is not None and seconds else None


def figures(rows: Sequence[tuple[str, Row, float]], limit: float) -> list[Figure]:
    """Turn (group, row, peak RSS MiB) into figures with their ratios and targets.

    `limit` is the seconds after which a plain step was stopped.
    """
    seconds = {row.stage: row.seconds for _, row, _ in rows}
    skipped = {row.stage for _, row, _ in rows if not row.runs}

    def plain(stages: Iterable[str]) -> tuple[float | None, bool]:
        """The plain path's seconds over `stages` (the limit for a stopped one)."""
        total, bound = 0.0, False
        for stage in stages:
            if stage in skipped:
                total, bound = total + limit, True
            elif seconds.get(stage) is None:
                return None, False
            else:
                total += seconds[stage] or 0.0
        return total, bound

    out = []
    for group, row, rss in rows:
        fig = Figure(
            row.stage,
            group,
            row.seconds,
            tuple(row.runs),
            row.records,
            row.triples,
            rss,
            note=row.note,
        )
        out.append(_judge(fig, seconds, plain))
    return out


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def _judge(fig: Figure, seconds: dict[str, float | None], plain: PlainSum) -> Figure:
    """Fill in the ratios and the target of one figure."""
    this = fig.seconds
    if fig.stage == "parse":
        rate = fig.records_per_s
        met = rate >= PARSE_RATE if rate is not None else None
        return replace(fig, target=f">= {PARSE_RATE} records/s", met=met)
    if fig.stage.startswith("query: "):
        met = this < QUERY_SECONDS if this is not None else None
        return replace(fig, target=f"< {QUERY_SECONDS * 1000:g} ms", met=met)
    if fig.stage == "validate":
        base, bound = plain(["plain: validate"])
        vs_plain = _ratio(base, this)
        met = None if vs_plain is None else vs_plain >= VALIDATE_PLAIN
        if bound and met is False:
            met = None  # the plain step was stopped: its true speed-up is unknown
        return replace(
            fig,
            vs_plain=vs_plain,
            plain_bound=bound,
            target=f">= {VALIDATE_PLAIN:g}x plain",
            met=met,
        )
    if (
        fig.stage.startswith("export: ") and fig.stage[8:] in RDFLIB_FORMATS
    ) or fig.stage == "export: csv":
        name = fig.stage[8:]
        vs_floor = _ratio(this, seconds.get(FLOOR_DUMP))
        base, bound = plain([f"plain: export {name}"]) if name in RDFLIB_FORMATS else (None, False)
        met = None if vs_floor is None else vs_floor <= EXPORT_FLOOR
        return replace(
            fig,
            vs_floor=vs_floor,
            vs_plain=_ratio(base, this),
            plain_bound=bound,
            target=f"<= {EXPORT_FLOOR:g}x floor dump",
            met=met,
        )
    if fig.stage == "kg build":
        anchor = [seconds.get(name) for name in (FLOOR_PARSE, FLOOR_DUMP, READ)]
        floor = sum(anchor) if all(value is not None for value in anchor) else None  # type: ignore[arg-type]
        base, bound = plain(["parse", "map", *PLAIN_STEPS])
        vs_floor, vs_plain = _ratio(this, floor), _ratio(base, this)
        checks = [
            None if vs_floor is None else vs_floor <= BUILD_FLOOR,
            None if vs_plain is None else (vs_plain >= BUILD_PLAIN or (None if bound else False)),
            fig.peak_rss_mib < BUILD_RSS_MIB,
        ]
        met = False if False in checks else (None if None in checks else True)
        target = f"<= {BUILD_FLOOR:g}x floor, >= {BUILD_PLAIN:g}x plain, < 4 GiB"
        return replace(
            fig, vs_floor=vs_floor, vs_plain=vs_plain, plain_bound=bound, target=target, met=met
        )
    if fig.stage == "load store":
        return replace(fig, vs_floor=_ratio(this, seconds.get(FLOOR_DISK)))
    if fig.stage.startswith("export: "):
        return replace(fig, vs_floor=_ratio(this, seconds.get(FLOOR_DUMP)))
    return fig


def _number(value: float | None, digits: int = 0) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def _seconds(value: float | None) -> str:
    if value is None:
        return "skipped"
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def _times(value: float | None, bound: bool = False) -> str:
    return "" if value is None else f"{'>=' if bound else ''}{value:.2f}x"


def _verdict(fig: Figure) -> str:
    if not fig.target:
        return ""
    word = {True: "met", False: "NOT met", None: "n/a"}[fig.met]
    return f"{fig.target}: {word}"


HEADERS = (
    "stage",
    "seconds",
    "records/s",
    "triples/s",
    "peak RSS MiB",
    "x floor",
    "plain/this",
    "target",
    "note",
)


def cells(fig: Figure) -> tuple[str, ...]:
    """The cells of one figure's line, in the order of HEADERS."""
    return (
        fig.stage,
        _seconds(fig.seconds),
        _number(fig.records_per_s),
        _number(fig.triples_per_s),
        _number(fig.peak_rss_mib),
        _times(fig.vs_floor),
        _times(fig.vs_plain, fig.plain_bound),
        _verdict(fig),
        fig.note,
    )


def render(figs: Sequence[Figure], console: Console, title: str) -> None:
    """Print the table of `figs`."""
    table = Table(title=title)
    for index, header in enumerate(HEADERS):
        table.add_column(header, justify="right" if 0 < index < 7 else "left")
    for fig in figs:
        table.add_row(*cells(fig))
    console.print(table)


def markdown(figs: Sequence[Figure]) -> str:
    """The table of `figs` in Markdown."""
    lines = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    for fig in figs:
        lines.append("| " + " | ".join(cell.replace("|", "/") for cell in cells(fig)) + " |")
    return "\n".join(lines) + "\n"
