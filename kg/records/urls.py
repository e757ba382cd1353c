"""The optional table of page URLs: which project page each record file copies.

    read_url_table(path) -> {file name: page URL}

The table is tab-separated with a header that names at least the columns `file` (a record's
file name, e.g. `074_kestava-kehitys-kirjastossa.txt`) and `url` (the page it copies). The
record texts themselves do not carry their URL; with the table, a project is keyed by the
page's slug and its source record points to the page.
"""

from __future__ import annotations

import csv
from pathlib import Path
from urllib.parse import urlsplit

from pyoxigraph import NamedNode

from kg.errors import RequestError


def _is_http_iri(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return False
    try:
        NamedNode(url)
    except ValueError:
        return False
    return True


def read_url_table(path: Path) -> dict[str, str]:
    """Read the table at `path`; a missing column or a URL that is not http(s) is refused."""
    try:
        with path.open(encoding="utf-8", newline="") as stream:
            reader = csv.DictReader(stream, delimiter="\t", quoting=csv.QUOTE_NONE)
            columns = set(reader.fieldnames or ())
            if not {"file", "url"} <= columns:
                raise RequestError(
                    "expected a tab-separated table with the columns file and url, "
                    f"found the columns {sorted(columns)}",
                    where=f"{path}:1",
                )
            table: dict[str, str] = {}
            for row in reader:
                url = (row.get("url") or "").strip()
                name = (row.get("file") or "").strip()
                where = f"{path}:{reader.line_num}"
                if not _is_http_iri(url):
                    raise RequestError(
                        f"expected an http(s) URL in the url column, found {url!r}", where=where
                    )
                if name in table and table[name] != url:
                    raise RequestError(f"{name} is given two pages", where=where)
                table[name] = url
            return table
    except (OSError, UnicodeDecodeError) as exc:
        raise RequestError(f"cannot read the table of page URLs ({exc})", where=str(path)) from exc
