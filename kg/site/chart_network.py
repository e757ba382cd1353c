"""A network as SVG: a centre and the nodes around it on a ring, grouped, sized by weight.

Each group of nodes takes a sector of the ring (groups in the order given, an empty slot
between two), its nodes heaviest first clockwise from the top; a node's size and the width
of its line to the centre grow with its weight, its label (with the weight) reads outward
from the ring. A group has a colour and a shape of its own, so that groups differ without
colour. A node with an href is a link.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from kg.site.chart_svg import (
    BACKGROUND,
    TEXT,
    colour,
    document,
    esc,
    label,
    legend,
    num,
    text_width,
    truncate,
)

SPACING = 15.0  # px along the ring between two nodes
MIN_RADIUS = 110.0
NODE_LABEL_LIMIT = 28  # characters of a node's label shown (before its weight)
CENTRE_LABEL_LIMIT = 36
LABEL_SIZE = 11
EDGE = "#bdbdbd"  # the lines to the centre; the weight they show is in the labels too

# The shapes of the groups, in turn (after six, a shape comes back in another colour).
_SHAPES = ("circle", "square", "diamond", "up", "down", "hexagon")

Node = tuple[str, str | None, str, int]  # label, href, group, weight


def network_svg(
    cid: str,
    title: str,
    desc: str,
    centre: str,
    groups: Sequence[tuple[str, int, Sequence[Node]]],
) -> str:
    """Return the SVG of `centre` and `groups` (label, count of all its nodes, nodes shown)."""
    shown = [node for _, _, nodes in groups for node in nodes]
    heaviest = max(max(node[3] for node in shown), 1)
    slots = len(shown) + (len(groups) if len(groups) > 1 else 0)
    radius = max(MIN_RADIUS, slots * SPACING / (2 * math.pi))
    placed = []  # (node, group index, angle, size)
    slot = 0
    for index, (_, _, nodes) in enumerate(groups):
        for node in nodes:
            size = 3 + 4 * math.sqrt(node[3] / heaviest)
            placed.append((node, index, -90 + 360 * slot / slots, size))
            slot += 1
        slot += 1 if len(groups) > 1 else 0

    # The drawing's extent around the centre: the far ends of the labels, the centre's label.
    centre_half = text_width(truncate(centre, CENTRE_LABEL_LIMIT), 13) / 2
    xs, ys = [-centre_half, centre_half], [0.0, 30.0]
    for node, _, angle, size in placed:
        reach = radius + size + 4 + text_width(_node_text(node), LABEL_SIZE)
        for far in (radius - size, reach):
            x, y = _polar(0, 0, far, angle)
            xs += [x - LABEL_SIZE / 2, x + LABEL_SIZE / 2]
            ys += [y - LABEL_SIZE / 2, y + LABEL_SIZE / 2]
    width = max(xs) - min(xs) + 16

    swatches = [
        (_shape(index, 6, 6, 5.5, colour(index)), f"{group} ({count})")
        for index, (group, count, _) in enumerate(groups)
    ]
    legend_svg, legend_height = legend(swatches, 8, 8, width - 16)
    cx, cy = 8 - min(xs), 8 + legend_height + 8 - min(ys)
    height = cy + max(ys) + 8

    edges, marks = [], []
    for node, index, angle, size in placed:
        x, y = _polar(cx, cy, radius, angle)
        edges.append(
            f'<line x1="{num(cx)}" y1="{num(cy)}" x2="{num(x)}" y2="{num(y)}" '
            f'stroke-width="{num(0.75 + 2.25 * node[3] / heaviest)}"/>'
        )
        marks.append(_node(node, index, angle, (x, y), size, radius, cx, cy))

    body = (
        legend_svg
        + f'<g class="edges" stroke="{EDGE}" stroke-linecap="round">{"".join(edges)}</g>'
        + f'<g class="nodes" font-size="{LABEL_SIZE}">{"".join(marks)}</g>'
        + f'<circle cx="{num(cx)}" cy="{num(cy)}" r="7" fill="{TEXT}"/>'
        + label(
            cx,
            cy + 22,
            centre,
            CENTRE_LABEL_LIMIT,
            f' text-anchor="middle" font-size="13" font-weight="bold" stroke="{BACKGROUND}"'
            ' stroke-width="4" paint-order="stroke"',
        )
    )
    role = "graphics-document" if any(node[1] for node in shown) else "img"
    return document(cid, width, height, title, desc, body, role=role)


def _node_text(node: Node) -> str:
    """Return what a node's label shows: its name, cut, and its weight."""
    return f"{truncate(node[0], NODE_LABEL_LIMIT)} ({node[3]})"


def _node(
    node: Node,
    group: int,
    angle: float,
    at: tuple[float, float],
    size: float,
    radius: float,
    cx: float,
    cy: float,
) -> str:
    """Return a node's shape and label, as a link when it has an href."""
    name, href, _, weight = node
    lx, ly = _polar(cx, cy, radius + size + 4, angle)
    left_side = 90 < (angle % 360) < 270
    turn = angle + 180 if left_side else angle
    anchor = "end" if left_side else "start"
    text = (
        f'<text x="{num(lx)}" y="{num(ly + LABEL_SIZE * 0.35)}" text-anchor="{anchor}" '
        f'transform="rotate({num(turn)} {num(lx)} {num(ly)})">{esc(_node_text(node))}</text>'
    )
    inner = (
        f"<title>{esc(name)} ({weight})</title>"
        + _shape(group, at[0], at[1], size, colour(group))
        + text
    )
    if href is None:
        return f"<g>{inner}</g>"
    return f'<a href="{esc(href)}">{inner}</a>'


def _polar(cx: float, cy: float, radius: float, degrees: float) -> tuple[float, float]:
    """Return the point at `radius` from (cx, cy) at `degrees` clockwise from the x axis."""
    turn = math.radians(degrees)
    return cx + radius * math.cos(turn), cy + radius * math.sin(turn)


def _shape(group: int, x: float, y: float, r: float, fill: str) -> str:
    """Return the shape of `group` (circle, square, diamond, ...) centred at (x, y)."""
    kind = _SHAPES[group % len(_SHAPES)]
    paint = f'fill="{fill}" stroke="{BACKGROUND}" stroke-width="1"'
    if kind == "circle":
        return f'<circle cx="{num(x)}" cy="{num(y)}" r="{num(r)}" {paint}/>'
    if kind == "square":
        side = r * 1.7
        return (
            f'<rect x="{num(x - side / 2)}" y="{num(y - side / 2)}" width="{num(side)}" '
            f'height="{num(side)}" {paint}/>'
        )
    corners = {
        "diamond": ((0, -1.25), (1.25, 0), (0, 1.25), (-1.25, 0)),
        "up": ((0, -1.3), (1.15, 0.75), (-1.15, 0.75)),
        "down": ((0, 1.3), (1.15, -0.75), (-1.15, -0.75)),
        "hexagon": tuple(
            (math.cos(math.radians(a)) * 1.1, math.sin(math.radians(a)) * 1.1)
            for a in range(0, 360, 60)
        ),
    }[kind]
    points = " ".join(f"{num(x + dx * r)},{num(y + dy * r)}" for dx, dy in corners)
    return f'<polygon points="{points}" {paint}/>'
