"""What a validation is asked for by name: its shape groups and engines (no engine loaded)."""

from __future__ import annotations

SHAPE_GROUPS = ("core", "quality", "info", "consolidated")
# The group that checks the consolidated graph alone (one preferred value of each property):
# the others check the view and the records' own statements, where values sit side by side.
CONSOLIDATED = "consolidated"
ENGINES = ("fast", "pyshacl")
