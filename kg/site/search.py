"""The site's search index, written by Pagefind (its Python package and binary).

    documents = search_documents(site, store)      what search finds, a small page per thing
    with SearchIndex(documents, site_folder) as search:   Pagefind works in its own process
        ...                                        (the pages are written meanwhile)
    search.pages                                    -> the number of pages indexed

What search must find are the titles, goals and descriptions of the projects and the names of
the libraries. Pagefind indexes a page of those texts for each project and library (each text
with its `lang`), at the path of the thing's page in the site's default language, so that a
result leads to that page; the search pages of the other languages lead to theirs
(`search.html`). The index goes into `pagefind/` with Pagefind's interface (`pagefind-ui.js`,
the site's only JavaScript). Indexing the pages themselves would read each text three times
inside pages of every statement: many times the work for the same words.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from pyoxigraph import DefaultGraph, Literal, NamedNode, Store

from kg.errors import OutputError
from kg.site.links import Site, attr, esc
from kg.vocab import DCT, KG, SCHEMA

BUNDLE = "pagefind"  # the index's folder in the site
SEARCHED = (DCT.title, SCHEMA.name, KG.goal, SCHEMA.description)  # what search finds


def search_documents(site: Site, store: Store) -> Iterator[tuple[str, bytes]]:
    """Yield (path, HTML) of the page Pagefind indexes for each project and library."""
    layout, kind = site.layout, site.things.kind
    found: dict[NamedNode, list[Literal]] = defaultdict(list)
    for predicate in SEARCHED:
        for quad in store.quads_for_pattern(None, predicate, None, DefaultGraph()):
            subject, value = quad.subject, quad.object
            if not isinstance(subject, NamedNode) or not isinstance(value, Literal):
                continue
            if kind(subject) in ("project", "library"):
                found[subject].append(value)
    for thing in sorted(found, key=lambda iri: iri.value):
        title = site.data.label(thing, layout.lang)
        head = f'<h1 lang="{attr(title.lang)}">' if title.lang else "<h1>"
        body = "".join(
            f'<p lang="{attr(value.language)}">{esc(value.value)}</p>'
            if value.language
            else f"<p>{esc(value.value)}</p>"
            for value in found[thing]
            if value.value != title.value
        )
        page = (
            f'<!DOCTYPE html><html lang="{layout.lang}"><head><meta charset="utf-8">'
            f"<title>{esc(title.value)}</title></head><body><main data-pagefind-body>"
            f"{head}{esc(title.value)}</h1>{body}</main></body></html>"
        )
        yield layout.thing_page(thing, layout.lang), page.encode("utf-8")


class SearchIndex:
    """Pagefind indexing documents into a site's `pagefind/`, in its own process, meanwhile.

    Pagefind runs as its command (`python -m pagefind`, the package's way to its binary) and
    is waited for when the block ends: its Python API ends the binary as soon as it has
    answered, which can cut off files it still writes.
    """

    def __init__(self, documents: Iterator[tuple[str, bytes]], site_folder: Path) -> None:
        self._source = Path(tempfile.mkdtemp(prefix=".search-", dir=site_folder.parent))
        try:
            for path, content in documents:
                target = self._source / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
        except BaseException:
            shutil.rmtree(self._source, ignore_errors=True)
            raise
        self._bundle = site_folder / BUNDLE
        self._process: subprocess.Popen[bytes] | None = None
        self.pages = 0

    def __enter__(self) -> SearchIndex:
        command = [sys.executable, "-m", "pagefind", "--silent"]
        command += ["--site", str(self._source), "--output-path", str(self._bundle)]
        try:
            self._process = subprocess.Popen(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
            )
        except OSError as exc:
            shutil.rmtree(self._source, ignore_errors=True)
            raise OutputError(f"cannot start Pagefind ({exc.strerror})", where=BUNDLE) from exc
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        assert self._process is not None
        try:
            if kind is not None:
                self._process.kill()  # the site is not written: no index is wanted
            _, errors = self._process.communicate()
        finally:
            shutil.rmtree(self._source, ignore_errors=True)
        if kind is not None:
            return
        if self._process.returncode != 0:
            reason = errors.decode("utf-8", "replace").strip().splitlines()
            raise OutputError(
                f"Pagefind could not index the site ({reason[-1] if reason else 'no message'})",
                where=str(self._bundle),
            )
        self.pages = _indexed(self._bundle)


def _indexed(bundle: Path) -> int:
    """Return how many pages the index in `bundle` holds (its entry file says, by language)."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(int(index["page_count"]) for index in entry["languages"].values())
