"""The `kg` command line: options, output and exit codes, nothing else.

app.py       the group, shared options, errors -> exit codes
records.py   kg parse, kg build
validate.py  kg validate
query.py     kg query list|show|run, kg push
export.py    kg export
link.py      kg link
site.py      kg site
serve.py     kg serve
"""

from kg.cli import export, link, query, records, serve, site, validate  # noqa: F401 - each registers its commands
from kg.cli.app import main

__all__ = ["main"]
