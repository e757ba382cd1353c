"""Content negotiation: an Accept header's choice among what a resource offers (RFC 9110)."""

from __future__ import annotations

import pytest

from kg.serve.negotiate import choose, parse_accept

OFFERED = (
    ("text/html", "html"),
    ("text/turtle", "ttl"),
    ("application/ld+json", "jsonld"),
    ("application/n-triples", "nt"),
    ("application/json", "jsonld"),
)


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        (None, "html"),
        ("", "html"),
        ("*/*", "html"),
        ("text/turtle", "ttl"),
        ("application/ld+json", "jsonld"),
        ("application/n-triples", "nt"),
        ("application/json", "jsonld"),
        ("TEXT/Turtle", "ttl"),
        ("text/*", "html"),
        ("application/*", "jsonld"),
        ("text/turtle;q=0.5, application/ld+json", "jsonld"),
        ("text/turtle;q=0.9, application/n-triples;q=0.95", "nt"),
        ("text/html;q=0.1, */*;q=0.5", "ttl"),
        ("*/*;q=0.2, text/html;q=0", "ttl"),
        ("text/*;q=0, */*", "jsonld"),
        ("text/turtle; charset=utf-8; q=0.8, text/html; q=0.7", "ttl"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "html"),
        ("image/png", None),
        ("text/turtle;q=0", None),
        ("garbage, text/turtle", "ttl"),
        ("text/turtle;q=2", "html"),  # a quality that cannot be read leaves the range out
    ],
)
def test_the_most_preferred_offered_type_is_chosen(accept: str | None, chosen: str | None) -> None:
    assert choose(accept, OFFERED) == chosen


def test_equal_qualities_follow_the_server_order() -> None:
    assert choose("application/n-triples, text/turtle", OFFERED) == "ttl"


def test_ranges_keep_their_order_and_quality() -> None:
    ranges = parse_accept("text/*;q=0.3, application/ld+json, */*;q=0.01, */x")
    assert [(r.type, r.subtype, r.quality) for r in ranges] == [
        ("text", "*", 0.3),
        ("application", "ld+json", 1.0),
        ("*", "*", 0.01),
    ]
