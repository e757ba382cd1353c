"""Reading project records: text -> Record (see `parse`), Record -> JSON (see `jsonify`)."""

from kg.records.jsonify import record_to_json
from kg.records.model import (
    Application,
    Contact,
    ExtraField,
    Library,
    ParseWarning,
    Realized,
    Record,
    Statistics,
)
from kg.records.parse import parse_bytes, parse_file, parse_text

__all__ = [
    "Application",
    "Contact",
    "ExtraField",
    "Library",
    "ParseWarning",
    "Realized",
    "Record",
    "Statistics",
    "parse_bytes",
    "parse_file",
    "parse_text",
    "record_to_json",
]
