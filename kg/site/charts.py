"""The site's charts: plain data in, an accessible static SVG and its data table out.

    chart = grouped_bars(title, x_title, y_title, [(x, series, Decimal), ...],
                         number_format=format_euros)
    chart = network(title, centre, [(label, href or None, group, weight), ...])
    chart.svg                  the chart, to put in the page as it is (no JavaScript)
    chart.columns, chart.rows  the data table the page shows beside it (values as numbers)
    chart.csv()                the same table as CSV, for the chart's download link

Every text comes from the caller in the page's language (titles, labels, series, groups, and
`ChartWords` for the few words a chart writes itself); numbers shown in a chart are written
by the caller's `number_format`. The SVG has role "img" (a network with links:
"graphics-document", as links inside an image are hidden from assistive technology), its
title as accessible name and a short summary as its description; series and groups differ
by pattern or shape as well as by colour. The same input gives the same bytes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from kg.site.chart_bars import bars_svg
from kg.site.chart_network import network_svg
from kg.site.chart_svg import chart_id, empty

Cell = str | int | Decimal | None
NETWORK_LIMIT = 40  # nodes drawn at most; the table holds them all


@dataclass(frozen=True)
class ChartWords:
    """The words a chart writes itself, in one language (`lang`, a BCP 47 tag)."""

    lang: str = "en"
    no_data: str = "No data"
    # the description of a network that shows only its heaviest nodes
    shown: str = "The {shown} largest of {total} shown; the table lists them all."
    node: str = "Partner"  # the network table's column headers
    group: str = "Kind"
    weight: str = "Shared projects"


ENGLISH = ChartWords()


@dataclass(frozen=True)
class Chart:
    """A chart: its title, its SVG, and the table of its data (header and rows)."""

    title: str
    svg: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]

    def csv(self) -> str:
        """Return the table as CSV: RFC 4180 (CRLF line ends, as the release's CSV files).

        The header is `columns`; numbers are plain (a dot for decimals, no exponent, no
        thousands separator), an empty cell is no value.
        """
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(self.columns)
        writer.writerows([_plain(cell) for cell in row] for row in self.rows)
        return buffer.getvalue()


def grouped_bars(
    title: str,
    x_title: str,
    y_title: str,
    points: Sequence[tuple[str, str, Decimal]],
    *,
    number_format: Callable[[Decimal], str],
    words: ChartWords = ENGLISH,
) -> Chart:
    """Return bars of (x label, series label, value) points, grouped by x label.

    X labels and series keep the order they first appear in; the table has a row per x label
    and a column per series (no value: an empty cell). A value must be a finite number of 0
    or more, and an (x, series) pair must come once: ValueError otherwise, naming it.
    """
    xs: dict[str, int] = {}
    series: dict[str, int] = {}
    values: dict[tuple[int, int], Decimal] = {}
    for x, name, value in points:
        value = _checked(value, f"{x}, {name}")
        key = (xs.setdefault(x, len(xs)), series.setdefault(name, len(series)))
        if key in values:
            raise ValueError(f"the bar {x!r}, {name!r} comes twice")
        values[key] = value
    cid = chart_id("bars", [title, x_title, y_title, *(part for p in points for part in p)])
    columns = (x_title, *series)
    rows = tuple((x, *(values.get((xi, si)) for si in range(len(series)))) for x, xi in xs.items())
    if not values:
        return Chart(title, empty(cid, title, words.no_data, words.lang), columns, rows)
    desc = _bars_desc(x_title, y_title, list(xs), list(series), values, number_format)
    svg = bars_svg(
        cid, title, desc, x_title, y_title, list(xs), list(series), values, number_format
    )
    return Chart(title, svg, columns, rows)


def network(
    title: str,
    centre: str,
    nodes: Sequence[tuple[str, str | None, str, int]],
    *,
    words: ChartWords = ENGLISH,
    limit: int = NETWORK_LIMIT,
) -> Chart:
    """Return `centre` and its (label, href or None, group label, weight) nodes around it.

    The `limit` heaviest nodes are drawn (ties by label), grouped, the groups in the order of
    their number of nodes (most first, ties by label); the table lists every node, heaviest
    first. A weight must be a whole number of 0 or more: ValueError otherwise, naming it.
    """
    if limit < 1:
        raise ValueError(f"a network draws at least 1 node, not {limit}")
    for name, _, _, weight in nodes:
        if isinstance(weight, bool) or not isinstance(weight, int) or weight < 0:
            raise ValueError(f"the weight of {name!r} is {weight!r}, not a count")
    ordered = sorted(nodes, key=lambda node: (-node[3], node[0], node[2], node[1] or ""))
    columns = (words.node, words.group, words.weight)
    rows = tuple((name, group, weight) for name, _, group, weight in ordered)
    cid = chart_id("network", [title, centre, *(part for node in ordered for part in node)])
    if not ordered:
        return Chart(title, empty(cid, title, words.no_data, words.lang), columns, rows)
    counts: dict[str, int] = {}
    for _, _, group, _ in ordered:
        counts[group] = counts.get(group, 0) + 1
    order = sorted(counts, key=lambda group: (-counts[group], group))
    drawn = ordered[:limit]
    groups = [
        (group, counts[group], [node for node in drawn if node[2] == group]) for group in order
    ]
    groups = [entry for entry in groups if entry[2]]
    desc = f"{centre}: " + "; ".join(f"{group} {counts[group]}" for group in order) + "."
    if len(drawn) < len(ordered):
        desc += " " + words.shown.format(shown=len(drawn), total=len(ordered))
    return Chart(title, network_svg(cid, title, desc, centre, groups), columns, rows)


def _checked(value: Decimal, where: str) -> Decimal:
    """Return `value` as a Decimal if it is a finite number of 0 or more; else ValueError."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise ValueError(f"the value of {where} is {value!r}, not a number")
    value = Decimal(value)
    if not value.is_finite() or value < 0:
        raise ValueError(f"the value of {where} is {value}, not a number of 0 or more")
    return value


def _bars_desc(
    x_title: str,
    y_title: str,
    xs: list[str],
    series: list[str],
    values: dict[tuple[int, int], Decimal],
    number_format: Callable[[Decimal], str],
) -> str:
    """Return the summary of bars in the caller's words: the x range, each series' range."""
    span = xs[0] if len(xs) == 1 else f"{xs[0]}–{xs[-1]}"
    ranges = []
    for si, name in enumerate(series):
        own = [value for (_, s), value in values.items() if s == si]
        low, high = number_format(min(own)), number_format(max(own))
        ranges.append(f"{name} {low}" if low == high else f"{name} {low} – {high}")
    return f"{y_title} / {x_title} {span}: " + "; ".join(ranges) + "."


def _plain(cell: Cell) -> str:
    """Return a cell as CSV text: numbers plain, no value empty."""
    if cell is None:
        return ""
    if isinstance(cell, Decimal):
        return format(cell, "f")
    return str(cell)
