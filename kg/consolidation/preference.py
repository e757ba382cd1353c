"""The rule that picks the one value people read of a thing, of the values records state.

    Source(record, year, read_at)          a record that states a value
    Stated: value -> the sources stating it
    preferred(stated, confirmed, demoted)  -> the preferred value
    ranked(stated, ...)                    -> every value, preferred first

The rule, in order:
1. a value a registry link confirms (`confirmed`: the registry says the same);
2. a value that is not `demoted` (a business ID that fails its check digit; a library
   e-mail or phone that is a person's own, which the open release leaves out);
3. the value of the newest record: the year of its call, then when it was read;
4. the value more records state;
5. the value that sorts first (its text), so that the choice never depends on the order in
   which records were read.
`by_count` puts 4 before 3: an ISIL is written in the form most records use.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from pyoxigraph import NamedNode

V = TypeVar("V", bound=Hashable)


@dataclass(frozen=True, order=True)
class Source:
    """A record that states a value: its graph, the year of its call and when it was read."""

    year: int
    read_at: datetime
    record: NamedNode


Stated = Mapping[V, Sequence[Source]]


def ranked(
    stated: Stated[V],
    *,
    text: Callable[[V], str],
    confirmed: Collection[V] = (),
    demoted: Collection[V] = (),
    by_count: bool = False,
) -> list[V]:
    """Return every value of `stated`, the preferred first, the others in the rule's order."""

    def key(value: V) -> tuple[object, ...]:
        sources = stated[value]
        newest = max((source.year, source.read_at) for source in sources)
        count = len({source.record for source in sources})
        # Ascending sort: negate what ranks higher when larger.
        recency = (-newest[0], -newest[1].timestamp())
        order = (-count, *recency) if by_count else (*recency, -count)
        return (value not in confirmed, value in demoted, *order, text(value))

    return sorted(stated, key=key)


def preferred(
    stated: Stated[V],
    *,
    text: Callable[[V], str],
    confirmed: Collection[V] = (),
    demoted: Collection[V] = (),
    by_count: bool = False,
) -> V:
    """Return the preferred value of `stated` (which must not be empty) by the module's rule."""
    return ranked(stated, text=text, confirmed=confirmed, demoted=demoted, by_count=by_count)[0]
