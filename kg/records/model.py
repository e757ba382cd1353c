"""The record model: one project page of the libraries' project database as frozen dataclasses.

    Record
    ├── Library      name, street_address, postal_code, phone, email, isil, business_id,
    │                legal_body_name
    ├── Contact      name, phone, email
    ├── sections     canonical section name -> free text (goal, description, partners, ...)
    ├── Application  requested, own_funding, total_budget, other_applied, other_received
    ├── Realized     total_budget, own_funding, external_funding, partner_contribution
    ├── Statistics   trainings, training_participants, events, event_participants
    ├── extra        ExtraField: a label we did not know, with its text
    ├── raw          field path -> original text, where a value was normalised or unreadable
    └── warnings     ParseWarning: line and message

A value that is absent or empty is None, never "" or 0. Money is Decimal in euros, dates are
`datetime.date`, counts are int. `kg.records.jsonify` turns a Record into the JSON of `kg parse`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TypeVar

V = TypeVar("V")


class FrozenMapping(Mapping[str, V]):
    """A read-only copy of a mapping, in its order; it pickles (to and from worker processes)."""

    def __init__(self, items: Mapping[str, V]) -> None:
        self._items = dict(items)

    def __getitem__(self, key: str) -> V:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"FrozenMapping({self._items!r})"


@dataclass(frozen=True)
class Library:
    """The library that applied, as its block on the page gives it."""

    name: str | None = None
    street_address: str | None = None
    postal_code: str | None = None
    phone: str | None = None
    email: str | None = None
    isil: str | None = None
    business_id: str | None = None
    legal_body_name: str | None = (
        None  # written beside the business ID: "0145626-1 (Forssan kaupunki)"
    )


@dataclass(frozen=True)
class Contact:
    """The contact person of the project."""

    name: str | None = None
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Application:
    """The money block of the application ("Anomuksen rahoitus"), in euros."""

    requested: Decimal | None = None
    own_funding: Decimal | None = None
    total_budget: Decimal | None = None
    other_applied: Decimal | None = None
    other_received: Decimal | None = None


@dataclass(frozen=True)
class Realized:
    """The money block of the final report ("Toteutunut rahoitus"), in euros."""

    total_budget: Decimal | None = None
    own_funding: Decimal | None = None
    external_funding: Decimal | None = None
    partner_contribution: Decimal | None = None


@dataclass(frozen=True)
class Statistics:
    """The counts of the final report ("Tilastot")."""

    trainings: int | None = None
    training_participants: int | None = None
    events: int | None = None
    event_participants: int | None = None


@dataclass(frozen=True)
class ExtraField:
    """A labelled value whose label is not in the label table, kept with its text and line."""

    label: str
    text: str | None
    line: int


@dataclass(frozen=True)
class ParseWarning:
    """Something in the record that was read with doubt; `line` is 1-based in the source."""

    line: int
    message: str


@dataclass(frozen=True)
class Record:
    """One project page, every line of it in some field."""

    source: str
    title: str
    year: int
    programme: str
    funded: bool | None
    label_language: str
    image_credit: str | None = None
    library: Library = field(default_factory=Library)
    contact: Contact = field(default_factory=Contact)
    sections: Mapping[str, str | None] = field(default_factory=dict)
    start_date: date | None = None
    end_date: date | None = None
    application: Application = field(default_factory=Application)
    realized: Realized = field(default_factory=Realized)
    statistics: Statistics = field(default_factory=Statistics)
    granted: Decimal | None = None
    decision_text: str | None = None
    tags: tuple[str, ...] = ()
    extra: tuple[ExtraField, ...] = ()
    raw: Mapping[str, str] = field(default_factory=dict)
    truncated: bool = False
    truncated_fragment: str | None = None
    truncated_in: str | None = None  # the field whose text the cut page ends inside
    warnings: tuple[ParseWarning, ...] = ()

    def __post_init__(self) -> None:
        # Mappings are copied behind read-only views so that a Record cannot change after parsing.
        object.__setattr__(self, "sections", FrozenMapping(self.sections))
        object.__setattr__(self, "raw", FrozenMapping(self.raw))
