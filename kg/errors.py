"""The exceptions of kirjasto-kg, one tree, each carrying its exit code and where it happened.

Exit codes (DESIGN.md): 1 the data has problems, 2 the command line was wrong,
3 an outside service failed, 4 the store is in use by another kg process. The command line
maps errors to codes in one place only.
"""

from __future__ import annotations


class KgError(Exception):
    """Base of every error this package raises on purpose; `str()` is the one-line message."""

    exit_code = 1

    def __init__(self, message: str, *, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


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


class ServiceError(KgError):
    """Something outside failed: a SPARQL endpoint or a registry."""

    exit_code = 3


class EndpointError(ServiceError):
    """A SPARQL endpoint answered with an error, nonsense, or not at all."""


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


class ResourceMissing(KgError):
    """A data folder that ships with the package (ontology, shapes, queries, seeds) is absent."""

    exit_code = 1


class QueryRunError(ServiceError):
    """A query failed while it ran: a SERVICE call failed, could not be made, or never ended."""


class UnsupportedShapeError(RequestError):
    """A shape uses something the SHACL engine asked for does not evaluate."""
