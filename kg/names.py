"""A name (or any short text) in Finnish, Swedish and English: the three languages of the data."""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import Literal


@dataclass(frozen=True)
class Names:
    """A name in Finnish, Swedish and English."""

    fi: str
    sv: str
    en: str

    def literals(self) -> list[Literal]:
        """Return the three names as language-tagged literals."""
        return [
            Literal(self.fi, language="fi"),
            Literal(self.sv, language="sv"),
            Literal(self.en, language="en"),
        ]
