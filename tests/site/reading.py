"""Reading the site's HTML files with html.parser: links, ids, headings, languages, tables.

page = read_page(path)     -> Page: what one HTML file holds that the tests look at
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

LINKING = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("form", "action")}


@dataclass
class Page:
    """What one page holds: its links (tag, url, attributes), ids, headings, and more."""

    path: Path
    lang: str | None = None
    links: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    headings: list[int] = field(default_factory=list)
    th_without_scope: int = 0
    langs: list[str] = field(default_factory=list)  # every lang attribute but the page's
    scripts: list[tuple[dict[str, str], str]] = field(default_factory=list)  # attrs, text
    main: int = 0
    pagefind_body: bool = False
    text: str = ""


class _Reader(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self._script: dict[str, str] | None = None
        self._script_text: list[str] = []
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self._text.append(" ")
        page = self.page
        if tag == "html":
            page.lang = values.get("lang")
        elif "lang" in values:
            page.langs.append(values["lang"])
        if "id" in values:
            page.ids.append(values["id"])
        for element, attribute in LINKING:
            if tag == element and attribute in values:
                page.links.append((tag, values[attribute], values))
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            page.headings.append(int(tag[1]))
        if tag == "th" and "scope" not in values:
            page.th_without_scope += 1
        if tag == "main":
            page.main += 1
            page.pagefind_body = "data-pagefind-body" in values
        if tag == "script":
            self._script, self._script_text = values, []

    def handle_endtag(self, tag: str) -> None:
        self._text.append(" ")
        if tag == "script" and self._script is not None:
            self.page.scripts.append((self._script, "".join(self._script_text)))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script_text.append(data)
        else:
            self._text.append(data)

    def close(self) -> None:
        super().close()
        self.page.text = " ".join("".join(self._text).split())  # tags part words, as a browser


def read_page(path: Path) -> Page:
    """Return what the HTML file at `path` holds."""
    page = Page(path)
    reader = _Reader(page)
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    return page
