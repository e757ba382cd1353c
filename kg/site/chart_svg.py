"""The pieces every chart of the site is drawn with: SVG text, scales, colours, legends.

Everything here writes SVG as text, deterministically: coordinates are rounded to a tenth of
a pixel, ids come from a digest of the chart's content (two charts on one page do not clash,
the same chart is the same bytes), and no text depends on the machine. Text widths are
estimated from the number of characters (the site's CSS may pick any sans-serif font).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from decimal import ROUND_CEILING, Decimal

FONT_SIZE = 12  # px: labels, ticks and legends
TEXT = "#1a1a1a"  # text on the white background: 17:1
AXIS = "#595959"  # axis lines: 7:1
GRID = "#d9d9d9"  # grid lines are guides, not content
BACKGROUND = "#ffffff"

# Okabe and Ito's colour-blind safe palette made to reach a contrast of 3:1 against white
# (WCAG 1.4.11): its orange darkened, its sky blue and yellow left out, a purple and a brown
# added. Contrasts in order: 5.2, 3.9, 3.4, 3.1, 4.9, 12.6, 7.6, 4.8.
PALETTE = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#8C6D00",
    "#333333",
    "#6A3D9A",
    "#A6611A",
)

# White marks over the series colour, so that series differ without colour: (rotation of
# the tile in degrees, the marks in a 6 x 6 tile); the first series is plain colour.
_PATTERNS: tuple[tuple[int, str], ...] = (
    (0, ""),
    (45, '<rect width="2" height="6"/>'),
    (-45, '<rect width="2" height="6"/>'),
    (0, '<circle cx="3" cy="3" r="1.3"/>'),
    (90, '<rect width="2" height="6"/>'),
    (0, '<rect width="2" height="6"/>'),
    (45, '<rect width="1.5" height="6"/><rect width="6" height="1.5"/>'),
    (0, '<rect width="1.5" height="6"/><rect width="6" height="1.5"/>'),
)

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def esc(text: str) -> str:
    """Return `text` safe as XML text or a double-quoted attribute value."""
    text = _NOT_XML.sub("\ufffd", text)
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def num(value: float) -> str:
    """Return a coordinate rounded to a tenth, without a needless ".0" or "-0"."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """Return the estimated width in px of `text` at font size `size` (0.6 em a character)."""
    return len(text) * size * 0.6


def truncate(text: str, limit: int) -> str:
    """Return `text` cut to `limit` characters, the last one an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def chart_id(kind: str, parts: Iterable[object]) -> str:
    """Return an id prefix unique to a chart's content: the same content, the same id."""
    digest = hashlib.sha256(kind.encode())
    for part in parts:
        digest.update(b"\x1f" + str(part).encode("utf-8", "surrogatepass"))
    return "kgc-" + digest.hexdigest()[:12]


def label(x: float, y: float, text: str, limit: int, attributes: str = "") -> str:
    """Return a <text> at (x, y), cut to `limit` characters with its full text as a <title>."""
    shown = truncate(text, limit)
    element = f'<text x="{num(x)}" y="{num(y)}"{attributes}>{esc(shown)}</text>'
    if shown == text:
        return element
    return f"<g><title>{esc(text)}</title>{element}</g>"


def colour(index: int) -> str:
    """Return the palette colour of group `index` (repeating after eight)."""
    return PALETTE[index % len(PALETTE)]


def series_colour(index: int) -> str:
    """Return the colour of series `index`; after eight series, colours pair with new patterns."""
    return colour(index + index // len(PALETTE))


def pattern_defs(cid: str, count: int) -> str:
    """Return the <pattern> elements of the first `count` series of chart `cid`."""
    patterns = []
    for index in range(count):
        rotation, marks = _PATTERNS[index % len(_PATTERNS)]
        if not marks:
            continue
        turn = f' patternTransform="rotate({rotation})"' if rotation else ""
        patterns.append(
            f'<pattern id="{cid}-p{index}" width="6" height="6" patternUnits="userSpaceOnUse"'
            f'{turn}><rect width="6" height="6" fill="{series_colour(index)}"/>'
            f'<g fill="{BACKGROUND}">{marks}</g></pattern>'
        )
    return "".join(patterns)


def series_fill(cid: str, index: int) -> str:
    """Return the fill of series `index`: its colour, or its pattern over its colour."""
    if not _PATTERNS[index % len(_PATTERNS)][1]:
        return series_colour(index)
    return f"url(#{cid}-p{index})"


def document(
    cid: str, width: float, height: float, title: str, desc: str, body: str, *, role: str
) -> str:
    """Return the whole <svg>: its size, role, accessible name (title) and description."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kg-chart" width="{num(width)}" '
        f'height="{num(height)}" viewBox="0 0 {num(width)} {num(height)}" role="{role}" '
        f'aria-labelledby="{cid}-t" aria-describedby="{cid}-d" font-family="sans-serif" '
        f'font-size="{FONT_SIZE}" fill="{TEXT}">'
        f'<title id="{cid}-t">{esc(title)}</title><desc id="{cid}-d">{esc(desc)}</desc>'
        f'<rect width="{num(width)}" height="{num(height)}" fill="{BACKGROUND}"/>'
        f"{body}</svg>"
    )


def empty(cid: str, title: str, message: str, lang: str | None) -> str:
    """Return a small chart that says `message` (there is no data), in language `lang`."""
    marked = f' lang="{esc(lang)}"' if lang else ""
    width = max(240.0, text_width(message, 14) + 40)
    body = (
        f'<text x="{num(width / 2)}" y="44" text-anchor="middle" font-size="14"{marked}>'
        f"{esc(message)}</text>"
    )
    desc = message
    return document(cid, width, 72, title, desc, body, role="img")


def legend(items: Sequence[tuple[str, str]], x: float, y: float, width: float) -> tuple[str, float]:
    """Return a legend of (swatch, label) items flowing in rows from (x, y), and its height.

    A swatch is SVG drawn in a 12 x 12 box at the origin; a label longer than 40 characters
    is cut, its full text kept as a <title>.
    """
    parts = []
    left, top, row = x, y, 18
    for swatch, text in items:
        shown = truncate(text, 40)
        item_width = 12 + 6 + text_width(shown) + 18
        if left > x and left + item_width > x + width:
            left, top = x, top + row
        parts.append(
            f'<g transform="translate({num(left)},{num(top)})">{swatch}'
            + label(18, 10.5, text, 40)
            + "</g>"
        )
        left += item_width
    return '<g class="legend">' + "".join(parts) + "</g>", top - y + row


def nice_ticks(largest: Decimal, *, whole: bool = False, intervals: int = 5) -> list[Decimal]:
    """Return ticks from 0 in steps of 1, 2 or 5 times a power of ten, the last >= `largest`.

    About `intervals` steps, at least 1 apart when `whole` (counts have no fractions); a
    `largest` of 0 gives the ticks 0 and 1.
    """
    if largest <= 0:
        return [Decimal(0), Decimal(1)]
    raw = largest / intervals
    exponent = raw.adjusted()
    step = next(
        candidate
        for candidate in (Decimal(m).scaleb(exponent) for m in (1, 2, 5, 10))
        if candidate >= raw
    )
    if whole:
        step = max(step, Decimal(1))
    count = int((largest / step).to_integral_value(rounding=ROUND_CEILING))
    return [_plain(step * index) for index in range(count + 1)]


def _plain(value: Decimal) -> Decimal:
    """Return `value` without an exponent: 2E+4 as 20000, 0.50 as 0.5."""
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize()
