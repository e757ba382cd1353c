"""What an export is asked for by name: formats, profiles, portals, languages (nothing loaded).

The command line reads these for its options and help; the modules that act on them import
them from here, so that `kg --help` loads no writer.
"""

from __future__ import annotations

# The formats `kg export --format` takes, in the order their files are written and described
# (kg.export.formats.EXPORTERS has one exporter for each).
FORMAT_NAMES = ("ttl", "nt", "nq", "trig", "rdfxml", "jsonld", "csv", "xlsx", "360giving")
PROFILES = ("open", "full")  # kg.export.profiles: what each keeps
# The shape sets a catalogue can be written for (kg.export.dcat.catalog says how they differ).
PORTALS = ("dcat-ap", "avoindata")
LANGUAGES = ("fi", "sv", "en")  # of the description's texts and of the tables' headers
