"""Where the data folders that ship with kirjasto-kg are: the one module that knows.

In a checkout they sit at the top of the repository (`ontology/`, `shapes/`, `queries/`,
`seeds/`); in an installed wheel they are package data under `kg/_data/`. Callers ask by name
and get a `Traversable` (a `Path` in a checkout, possibly a zip entry in a zipped install).
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from kg.errors import ResourceMissing

FOLDERS = ("ontology", "shapes", "queries", "seeds")

_CHECKOUT_ROOT = Path(__file__).resolve().parent.parent


def folder(name: str) -> Traversable:
    """Return the data folder `name` (one of FOLDERS), from the wheel or else the checkout."""
    if name not in FOLDERS:
        raise ValueError(f"unknown data folder {name!r}; expected one of {', '.join(FOLDERS)}")
    packaged = files("kg").joinpath("_data", name)
    if packaged.is_dir():
        return packaged
    checkout = _CHECKOUT_ROOT / name
    if checkout.is_dir():
        return checkout
    raise ResourceMissing(
        f"the {name}/ folder is missing from this installation "
        f"(looked in the package data and in {checkout})"
    )


def seed_files() -> list[Traversable]:
    """Return the sample record files that ship with the package, sorted by name."""
    return sorted(
        (entry for entry in folder("seeds").iterdir() if entry.name.endswith(".txt")),
        key=lambda entry: entry.name,
    )
