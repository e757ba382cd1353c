"""A grouped bar chart as SVG: a group of bars per x label, a bar per series.

The y scale starts at 0 and ends at the last of its nice ticks; a bar's height is its value
over that end. Bars are at least 4 px wide: many groups and series make the chart wider
rather than the bars thinner (the page lets it scroll or scale). X labels turn 45 degrees
when they do not fit under their group and show one in so many when even that is too tight.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from kg.site.chart_svg import (
    AXIS,
    FONT_SIZE,
    GRID,
    document,
    esc,
    label,
    legend,
    nice_ticks,
    num,
    pattern_defs,
    series_colour,
    series_fill,
    text_width,
)

PLOT_HEIGHT = 240
PLOT_WIDTH = 600  # the width aimed at; at least MIN_WIDTH, more when bars would be too thin
MIN_WIDTH = 300
BAR_MIN, BAR_MAX = 4.0, 40.0
FILL_SHARE = 0.8  # of a group's width its bars take
X_LABEL_LIMIT = 20  # characters of an x label shown; the full text is its <title>


def bars_svg(
    cid: str,
    title: str,
    desc: str,
    x_title: str,
    y_title: str,
    xs: Sequence[str],
    series: Sequence[str],
    values: Mapping[tuple[int, int], Decimal],
    number_format: Callable[[Decimal], str],
) -> str:
    """Return the SVG of bars `values[(x index, series index)]` (absent: no bar)."""
    whole = all(value == value.to_integral_value() for value in values.values())
    ticks = nice_ticks(max(values.values()), whole=whole)
    tick_texts = [number_format(tick) for tick in ticks]
    bar = min(BAR_MAX, max(BAR_MIN, PLOT_WIDTH * FILL_SHARE / (len(xs) * len(series))))
    plot_width = max(MIN_WIDTH, len(xs) * len(series) * bar / FILL_SHARE)
    group = plot_width / len(xs)
    widest_x = max(text_width(text[:X_LABEL_LIMIT]) for text in xs)
    turned = widest_x > group - 4
    x_band = (widest_x * 0.71 + FONT_SIZE) if turned else FONT_SIZE + 4

    left = 24 + max(text_width(text) for text in tick_texts) + 8
    width = left + plot_width + 16
    # A bar's outline is its series' colour, so that a patterned bar keeps a 3:1 edge.
    swatches = [
        (f'<rect width="12" height="12" {_paint(cid, index)}/>', name)
        for index, name in enumerate(series)
    ]
    legend_svg, legend_height = legend(swatches, left, 8, plot_width)
    plot = _Plot(left, 8 + legend_height + 8, plot_width, group, bar)
    height = plot.base + 6 + x_band + 8 + FONT_SIZE + 8
    return document(
        cid,
        width,
        height,
        title,
        desc,
        f"<defs>{pattern_defs(cid, len(series))}</defs>"
        + legend_svg
        + _y_axis(plot, ticks, tick_texts, y_title)
        + _bars(cid, plot, ticks[-1], xs, series, values, number_format)
        + _x_axis(plot, xs, turned)
        + label(left + plot_width / 2, height - 10, x_title, 80, _MIDDLE + _BOLD),
        role="img",
    )


@dataclass(frozen=True)
class _Plot:
    """Where the plot area is: its left and top, width, and the width of a group and bar."""

    left: float
    top: float
    width: float
    group: float
    bar: float

    @property
    def base(self) -> float:
        """The y of the x axis (value 0)."""
        return self.top + PLOT_HEIGHT


_MIDDLE = ' text-anchor="middle"'
_BOLD = ' font-weight="bold"'


def _paint(cid: str, index: int) -> str:
    """Return the fill and outline attributes of series `index`."""
    return f'fill="{series_fill(cid, index)}" stroke="{series_colour(index)}"'


def _bars(
    cid: str,
    plot: _Plot,
    top: Decimal,
    xs: Sequence[str],
    series: Sequence[str],
    values: Mapping[tuple[int, int], Decimal],
    number_format: Callable[[Decimal], str],
) -> str:
    """Return the bars, each with its x label, series and value as a <title>."""
    parts = ['<g class="bars">']
    offset = (plot.group - plot.bar * len(series)) / 2
    for (xi, si), value in sorted(values.items()):
        height = round(float(value / top) * PLOT_HEIGHT, 1)
        x = plot.left + xi * plot.group + offset + si * plot.bar
        parts.append(
            f'<rect x="{num(x)}" y="{num(plot.base - height)}" width="{num(plot.bar - 1)}" '
            f'height="{num(height)}" {_paint(cid, si)}><title>{esc(xs[xi])}, '
            f"{esc(series[si])}: {esc(number_format(value))}</title></rect>"
        )
    parts.append("</g>")
    return "".join(parts)


def _x_axis(plot: _Plot, xs: Sequence[str], turned: bool) -> str:
    """Return the x axis line and its labels, turned and thinned out when they are tight."""
    right = plot.left + plot.width
    parts = [
        f'<line x1="{num(plot.left)}" y1="{num(plot.base)}" x2="{num(right)}" '
        f'y2="{num(plot.base)}" stroke="{AXIS}"/><g class="x-labels">'
    ]
    every = max(1, math.ceil((FONT_SIZE + 2) / plot.group)) if turned else 1
    for xi, text in enumerate(xs):
        if xi % every:
            continue
        centre = plot.left + xi * plot.group + plot.group / 2
        if turned:
            y = plot.base + 6 + FONT_SIZE * 0.7
            turn = f' text-anchor="end" transform="rotate(-45 {num(centre)} {num(y)})"'
            parts.append(label(centre, y, text, X_LABEL_LIMIT, turn))
        else:
            parts.append(label(centre, plot.base + 4 + FONT_SIZE, text, X_LABEL_LIMIT, _MIDDLE))
    parts.append("</g>")
    return "".join(parts)


def _y_axis(plot: _Plot, ticks: Sequence[Decimal], tick_texts: Sequence[str], y_title: str) -> str:
    """Return the y axis: grid lines and labels at the ticks, the axis line, its title."""
    top, left, base = ticks[-1], plot.left, plot.base
    parts = ['<g class="y-axis">']
    for tick, text in zip(ticks, tick_texts, strict=True):
        y = base - float(tick / top) * PLOT_HEIGHT
        parts.append(
            f'<line x1="{num(left)}" y1="{num(y)}" x2="{num(left + plot.width)}" y2="{num(y)}" '
            f'stroke="{GRID}"/><text x="{num(left - 6)}" y="{num(y + 4)}" text-anchor="end">'
            f"{esc(text)}</text>"
        )
    parts.append(
        f'<line x1="{num(left)}" y1="{num(plot.top)}" x2="{num(left)}" y2="{num(base)}" '
        f'stroke="{AXIS}"/>'
    )
    middle = plot.top + PLOT_HEIGHT / 2
    turn = f' text-anchor="middle"{_BOLD} transform="rotate(-90 14 {num(middle)})"'
    parts.append(label(14, middle, y_title, 40, turn))
    parts.append("</g>")
    return "".join(parts)
