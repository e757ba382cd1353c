"""The exceptions of kirjasto-kg, one tree, each carrying its exit code and where it happened.

Exit codes (DESIGN.md): 1 the data has problems, 2 the command line was wrong,
3 an outside service failed, 4 the store is in use by another kg process. The command line
maps errors to codes in one place only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class KgError(Exception):
    """Base of every error this package raises on purpose; `str()` is the one-line message."""

    exit_code = 1

    def __init__(self, message: str, *, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickle (a worker process handing an error back) would call the class with `args`
        # alone, which the keyword-only and extra arguments of the subclasses refuse: an error
        # is rebuilt from its attributes instead, whatever its constructor takes.
        return _rebuilt, (type(self), self.args, dict(vars(self)))


def _rebuilt(kind: type[KgError], args: tuple[Any, ...], attributes: dict[str, Any]) -> KgError:
    """Return an error of `kind` with `args` and `attributes`, its constructor not called."""
    error = kind.__new__(kind, *args)
    error.args = args
    error.__dict__.update(attributes)
    return error


class InputError(KgError):
    """The user's data cannot be used."""

    exit_code = 1


class ParseError(InputError):
    """A file is not a project record that can be read; `source` and `line` say where."""

    def __init__(self, message: str, *, source: str, line: int) -> None:
        super().__init__(message, where=f"{source}:{line}")
        self.source = source
        self.line = line


class RequestError(KgError):
    """The caller asked for something impossible (a missing file, a bad option)."""

    exit_code = 2


class QueryNotFound(RequestError):
    """No stored query has the name asked for."""


class QueryParameterError(RequestError):
    """A query parameter is missing, unknown, or of the wrong type or value."""


class QueryDefinitionError(RequestError):
    """A `.rq` file cannot be read as a stored query (its header, or its SPARQL)."""


class UnreadableValue(InputError, ValueError):
    """The text of a record field is not a value of the field's type; the message says why."""


class PersonalDataInRelease(InputError):
    """The open release would hold personal data; `where` is the first finding's focus node."""


class ServiceError(KgError):
    """Something outside failed: a SPARQL endpoint or a registry."""

    exit_code = 3


class EndpointError(ServiceError):
    """A SPARQL endpoint answered with an error, nonsense, or not at all."""


class HttpFailure(ServiceError):
    """An HTTP request got no answer (no connection, a timeout, too big a body, offline)."""

    def __init__(
        self, reason: str, *, url: str, no_connection: bool = False, offline: bool = False
    ) -> None:
        super().__init__(reason, where=url)
        self.reason = reason
        self.url = url
        # No connection could be made (refused, unresolved, connect timeout): asking the same
        # host again now would fail the same way.
        self.no_connection = no_connection
        self.offline = offline  # the client is offline and its cache had no answer: nothing sent


class LookupFailure(ServiceError):
    """A registry look-up that got no usable answer; `str()` names registry, key, why and URL."""

    def __init__(
        self,
        registry: str,
        key: str,
        url: str,
        reason: str,
        *,
        label: str | None = None,
        offline: bool = False,
        status: int | None = None,
        stopped: str | None = None,
        skipped: bool = False,
    ) -> None:
        super().__init__(reason, where=url)
        self.registry = registry
        self.key = key  # what was looked up, as a person would name it
        self.url = url
        self.reason = reason
        self.label = label or registry  # the registry's name in messages
        self.offline = offline  # the client was offline and the cache had no answer
        self.status = status  # the HTTP status, when there was one
        # Why the registry was given up: on the failure that gave it up, and on each look-up
        # `skipped` after it (those were never sent).
        self.stopped = stopped
        self.skipped = skipped

    def __str__(self) -> str:
        return f"{self.label}, {self.key}: {self.reason} ({self.url})"

    def for_key(self, key: str) -> LookupFailure:
        """Return this failure as one of `key` (a request shared by several keys failed)."""
        if key == self.key:
            return self
        return LookupFailure(
            self.registry,
            key,
            self.url,
            self.reason,
            label=self.label,
            offline=self.offline,
            status=self.status,
            stopped=self.stopped,
            skipped=self.skipped,
        )


class StoreError(KgError):
    """The store on disk cannot be opened or written (locked, corrupt, not a store)."""

    exit_code = 1


class StoreIncomplete(StoreError):
    """A build or link writing the store was stopped before it ended: the store may lack data."""


class StoreBusy(StoreError):
    """Another kg process holds the store (it is building or linking): try again later."""

    exit_code = 4


class OutputError(RequestError):
    """An output file cannot be written where the command line asked."""


class CatalogDefaults(RequestError):
    """--strict-catalog refused a release whose description keeps defaults (`lines` says which)."""

    def __init__(
        self, message: str, *, where: str | None = None, lines: Sequence[str] = ()
    ) -> None:
        super().__init__(message, where=where)
        self.lines = tuple(lines)


class ResourceMissing(KgError):
    """A data folder that ships with the package (ontology, shapes, queries, seeds) is absent."""

    exit_code = 1


class QueryRunError(ServiceError):
    """A query failed while it ran: a SERVICE call failed, could not be made, or never ended."""


class UnsupportedShapeError(RequestError):
    """A shape uses something the SHACL engine asked for does not evaluate."""
