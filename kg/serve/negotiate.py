"""HTTP content negotiation: what a client's Accept header prefers among what is offered.

    parse_accept(header)       -> [MediaRange]: the ranges of an Accept header, as given
    choose(header, offered)    -> the key of the offered media type the client prefers;
                                  None when it accepts none of them (406)

The rules are RFC 9110, section 12.5.1: each offered type takes the quality of the most
specific range that matches it (`text/turtle` before `text/*` before `*/*`); a quality of 0
refuses it; the highest quality wins, and among equals the server's order of `offered`. A
missing or empty header accepts anything (the first offered); ranges that cannot be read are
left out. Parameters other than `q` are not compared: no type offered here has any.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_QUALITY = re.compile(r"(?:0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?)")
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")


@dataclass(frozen=True)
class MediaRange:
    """One range of an Accept header: `type/subtype` (either may be `*`) and its quality."""

    type: str
    subtype: str
    quality: float

    def matches(self, media_type: str) -> int | None:
        """Return how specific a match of `media_type` this range is (2, 1, 0), or None."""
        main, _, sub = media_type.partition("/")
        if self.type == "*":
            return 0
        if self.type != main:
            return None
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == sub else None


def parse_accept(header: str | None) -> list[MediaRange]:
    """Return the media ranges of an Accept header that can be read, in their order."""
    ranges: list[MediaRange] = []
    for item in (header or "").split(","):
        kind, *parameters = (part.strip() for part in item.split(";"))
        main, slash, sub = kind.lower().partition("/")
        if not slash or not _TOKEN.fullmatch(main) or not _TOKEN.fullmatch(sub):
            continue
        if main == "*" and sub != "*":
            continue
        quality = 1.0
        readable = True
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                text = value.strip()
                readable = _QUALITY.fullmatch(text) is not None
                quality = float(text) if readable else 0.0
        if readable:
            ranges.append(MediaRange(main, sub, quality))
    return ranges


def choose(header: str | None, offered: Sequence[tuple[str, str]]) -> str | None:
    """Return the key of the (media type, key) pair of `offered` the header prefers, or None.

    `offered` is in the server's order of preference; the same key may stand behind several
    media types (`application/json` and `application/ld+json`).
    """
    ranges = parse_accept(header)
    if not ranges:
        return offered[0][1] if offered else None
    best: tuple[float, int] | None = None
    chosen = None
    for position, (media_type, key) in enumerate(offered):
        quality = _quality(ranges, media_type.lower())
        if quality <= 0:
            continue
        rank = (quality, -position)
        if best is None or rank > best:
            best, chosen = rank, key
    return chosen


def _quality(ranges: Sequence[MediaRange], media_type: str) -> float:
    """Return the quality the most specific matching range gives `media_type` (0: none)."""
    found: tuple[int, float] | None = None
    for media_range in ranges:
        specificity = media_range.matches(media_type)
        if specificity is None:
            continue
        if found is None or specificity > found[0]:
            found = (specificity, media_range.quality)
    return found[1] if found is not None else 0.0
