"""How much a query of the server may take; light, for the command line's defaults."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """How much a query may take: seconds, rows, and the processes that run queries."""

    timeout: float = 10.0
    max_rows: int = 10_000
    workers: int = 2
