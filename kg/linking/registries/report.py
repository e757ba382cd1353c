"""What a registry look-up found, proposed, disputed and failed at: plain values for the graph.

    LibraryRef(name, municipality)          a library as the records name it (no ISIL)
    Candidate[T](registry, key, method, score, record, url, retrieved_at)
                                            a proposed match, never applied by itself
    Disagreement(registry, key, kind, message, url, ...)
                                            the registry says something else than the record
    LookupReport                            per registry: looked up, found, candidates,
                                            disagreements, failures; `failed_altogether`
    exit_code(reports)                      3 if some registry failed altogether, else 0
    counted(keys, advance)                  the keys, calling `advance(1)` after each one
                                            (how the look-up functions tell their progress)

They are what the RDF side turns into links with their evidence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Generic, TypeVar

from kg.errors import LookupFailure
from kg.linking.registries.config import REGISTRY_LABELS

T = TypeVar("T")

# Told how many more look-ups of a registry are done (a look-up function's progress).
Advance = Callable[[int], None]

EXIT_OK = 0
EXIT_REGISTRY_FAILED = 3  # kg.errors.ServiceError.exit_code


@dataclass(frozen=True)
class LibraryRef:
    """A library as a record names it: its name and (when known) its municipality."""

    name: str
    municipality: str | None = None

    def __str__(self) -> str:
        return f"{self.name} ({self.municipality})" if self.municipality else self.name


@dataclass(frozen=True)
class Candidate(Generic[T]):
    """A registry entry proposed for a key, with how it was found and how well it matched.

    `method` is e.g. "name+municipality" or "name"; `score` is 0..1 (see
    `kg.linking.registries.matching.name_score`); `record` the registry's entry as parsed; `url` the
    request that gave it and `retrieved_at` when. Nothing applies a candidate by itself.
    """

    registry: str
    key: str
    method: str
    score: float
    record: T
    url: str
    retrieved_at: datetime


class Issue(StrEnum):
    """Kinds of disagreement between a record and a registry."""

    NOT_FOUND = "not-found"  # the registry does not know the key (answered, but empty)
    INACTIVE = "inactive"  # known, but marked inactive or ended
    NAME_DIFFERS = "name-differs"  # the registry's name is not the record's
    SPELLING_DIFFERS = "spelling-differs"  # the key itself is written otherwise (case)
    MUNICIPALITY_DIFFERS = "municipality-differs"
    AMBIGUOUS = "ambiguous"  # several entries for one key, or tied candidates
    NO_MATCH = "no-match"  # a search by name found nothing good enough
    MALFORMED = "malformed-key"  # the key cannot be valid, so it was not looked up


@dataclass(frozen=True)
class Disagreement:
    """One thing a registry says differently from the record, named for a warning."""

    registry: str
    key: str
    kind: Issue
    message: str
    url: str | None = None
    record_value: str | None = None
    registry_value: str | None = None

    def __str__(self) -> str:
        label = REGISTRY_LABELS.get(self.registry, self.registry)
        where = f" ({self.url})" if self.url else ""
        return f"{label}, {self.key}: {self.message}{where}"


@dataclass
class LookupReport:
    """What one registry's look-ups came to, for warnings, the exit code and the evidence.

    `looked_up` are the keys asked about, `answered` those the registry answered (found or
    not), `found` those it knew. A batch that failed leaves all its keys unanswered.
    """

    registry: str
    looked_up: list[str] = field(default_factory=list)
    answered: list[str] = field(default_factory=list)
    found: list[str] = field(default_factory=list)
    candidates: list[Candidate[Any]] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)
    failures: list[LookupFailure] = field(default_factory=list)

    @property
    def failed_altogether(self) -> bool:
        """True when there was something to look up and not one look-up got an answer."""
        return bool(self.looked_up) and bool(self.failures) and not self.answered

    @property
    def offline_misses(self) -> list[LookupFailure]:
        """The look-ups an offline run could not make (not in the cache)."""
        return [failure for failure in self.failures if failure.offline]

    def fail(self, failure: LookupFailure) -> None:
        """Record a failed look-up, without its traceback.

        A report outlives the look-ups; a traceback's frames would keep alive everything the
        callers held (a store, and the lock on it) for as long as the report lives.
        """
        error: BaseException | None = failure
        seen: set[int] = set()
        while error is not None and id(error) not in seen:
            seen.add(id(error))
            error.__traceback__ = None
            error = error.__cause__ or error.__context__
        self.failures.append(failure)

    def merge(self, other: LookupReport) -> None:
        """Add what `other` (another look-up of the same registry) came to."""
        self.looked_up.extend(other.looked_up)
        self.answered.extend(other.answered)
        self.found.extend(other.found)
        self.candidates.extend(other.candidates)
        self.disagreements.extend(other.disagreements)
        self.failures.extend(other.failures)

    def disagree(
        self,
        key: str,
        kind: Issue,
        message: str,
        url: str | None = None,
        *,
        record_value: str | None = None,
        registry_value: str | None = None,
    ) -> Disagreement:
        """Record a disagreement and return it."""
        disagreement = Disagreement(
            self.registry, key, kind, message, url, record_value, registry_value
        )
        self.disagreements.append(disagreement)
        return disagreement

    def warnings(self, verbose: bool = False) -> list[str]:
        """One line per failure and disagreement, each naming registry, key and URL.

        But one line in all for the look-ups an offline run found no answer for, and one for
        the look-ups of a registry given up (`LookupFailure.stopped`) with how many were
        skipped; `verbose` adds each of those failures' own lines before them.
        """
        label = REGISTRY_LABELS.get(self.registry, self.registry)
        lines = [
            str(failure)
            for failure in self.failures
            if verbose or not (failure.offline or failure.stopped)
        ]
        misses = len(self.offline_misses)
        if misses:
            lines.append(f"{label}: {_look_ups(misses)} not in the cache (offline)")
        stops: dict[str, int] = {}
        for failure in self.failures:
            if failure.stopped:
                stops[failure.stopped] = stops.get(failure.stopped, 0) + int(failure.skipped)
        lines += [f"{label}: {stop}; {_look_ups(count)} skipped" for stop, count in stops.items()]
        return lines + [str(disagreement) for disagreement in self.disagreements]

    def summary(self) -> str:
        """One line: what was looked up, found, proposed, disputed and failed."""
        label = REGISTRY_LABELS.get(self.registry, self.registry)
        state = "FAILED altogether, " if self.failed_altogether else ""
        return (
            f"{label}: {state}{len(self.looked_up)} looked up, {len(self.found)} found, "
            f"{len(self.candidates)} candidates, {len(self.disagreements)} disagreements, "
            f"{len(self.failures)} failures"
        )


def _look_ups(count: int) -> str:
    return f"{count} look-up{'' if count == 1 else 's'}"


def counted(
    keys: Iterable[T], advance: Advance | None, size: Callable[[T], int] | None = None
) -> Iterator[T]:
    """Yield `keys`; after each one is dealt with (the loop asks for the next), `advance(1)`.

    `size` counts the look-ups in an item that stands for several (a chunk of keys).
    """
    for key in keys:
        yield key
        if advance is not None:
            advance(size(key) if size is not None else 1)


def exit_code(reports: Iterable[LookupReport]) -> int:
    """3 when some registry failed altogether, else 0 (warnings or not)."""
    return EXIT_REGISTRY_FAILED if any(r.failed_altogether for r in reports) else EXIT_OK
