"""Pages into HTML: the Jinja2 templates (autoescaped) and the frame every page shares.

renderer = Renderer()
info = frame(linker, "Title", current="index")       the head, menus and footer's data
html = renderer.render("listing.html", info, lang, heading=..., tables=[...])
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, Template
from markupsafe import Markup

from kg.site.links import Linker, attr, esc
from kg.site.paths import ALTERNATES, LANGUAGES
from kg.site.texts import LANGUAGE_NAMES, text

CSS_FILE = "static/site.css"
# The pages of the menu: file stem and the key of its name in kg.site.texts.
MENU = (
    ("index", "home"),
    ("projects-by-year", "by_year"),
    ("projects-by-programme", "by_programme"),
    ("projects-by-library", "by_library"),
    ("libraries", "libraries"),
    ("partners", "partners"),
    ("dataset", "dataset"),
    ("search", "search"),
)


@dataclass(frozen=True)
class Alternate:
    """A `<link rel="alternate">` to the page's data in another format."""

    href: str
    type: str
    name: str


@dataclass(frozen=True)
class Frame:
    """What the head, header and footer of a page show, the lists among it already made."""

    lang: str
    title: str
    css: str
    home: str
    dataset: str
    ontology: str
    menu: Markup  # the main menu's list
    switch: Markup  # the language switch's list
    links: Markup  # the head's links to the page in other languages and to its data
    data: Markup  # the footer's links to the page's data
    schema: Markup | None = None
    searchable: bool = False
    iri: str | None = None


def frame(
    linker: Linker,
    title: str,
    *,
    current: str | None = None,
    alternates: tuple[Alternate, ...] = (),
    schema: Markup | None = None,
    searchable: bool = False,
    iri: str | None = None,
) -> Frame:
    """Return the frame of the page `linker` stands on; `current` is its stem if in the menu."""
    lang = linker.lang
    others = [(other, attr(linker.in_language(other))) for other in LANGUAGES]
    switch = "".join(
        f'<li><a href="{href}" hreflang="{other}" lang="{other}"'
        + (' aria-current="page"' if other == lang else "")
        + f">{LANGUAGE_NAMES[other]}</a></li>\n"
        for other, href in others
    )
    links = "".join(
        f'<link rel="alternate" hreflang="{other}" href="{href}">\n'
        for other, href in others
        if other != lang
    )
    links += "".join(
        f'<link rel="alternate" type="{a.type}" href="{attr(a.href)}" title="{a.name}">\n'
        for a in alternates
    )
    data = " · ".join(f'<a href="{attr(a.href)}" type="{a.type}">{a.name}</a>' for a in alternates)
    return Frame(
        lang=lang,
        title=title,
        css=linker.file(CSS_FILE),
        home=linker.page("index"),
        dataset=linker.page("dataset"),
        ontology=linker.page("ns"),
        menu=_menu(linker.up, linker.suffix, lang, current),
        switch=Markup(f"<ul>\n{switch}</ul>\n"),
        links=Markup(links),
        data=Markup(data),
        schema=schema,
        searchable=searchable,
        iri=iri,
    )


@lru_cache(maxsize=256)
def _menu(up: str, suffix: str, lang: str, current: str | None) -> Markup:
    """Return the main menu's list as seen from a page `up` from the root (the same for many)."""
    items = "".join(
        f'<li><a href="{attr(up + stem + suffix)}"'
        + (' aria-current="page"' if stem == current else "")
        + f">{esc(text(key, lang))}</a></li>\n"
        for stem, key in MENU
    )
    return Markup(f"<ul>\n{items}</ul>\n")


def alternates_of(linker: Linker, stem: str) -> tuple[Alternate, ...]:
    """Return the alternates of the thing whose files are at `stem` (`id/project/x`)."""
    return tuple(
        Alternate(linker.file(f"{stem}.{fmt}"), media, name) for fmt, media, name in ALTERNATES
    )


class Renderer:
    """The site's templates, loaded once."""

    def __init__(self) -> None:
        self.environment = Environment(
            loader=PackageLoader("kg.site", "templates"),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            undefined=StrictUndefined,
            auto_reload=False,
        )
        self._texts = {lang: _Texts(lang) for lang in LANGUAGES}
        self._templates: dict[str, Template] = {}

    def render(self, template: str, page: Frame, **context: Any) -> bytes:
        """Return the page made of `template` with `context`, as UTF-8 bytes."""
        compiled = self._templates.get(template)
        if compiled is None:
            compiled = self._templates[template] = self.environment.get_template(template)
        html = compiled.render(page=page, t=self._texts[page.lang], **context)
        return html.encode("utf-8")


class _Texts:
    """The interface texts of one language, for the templates: `t("projects")`."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._cache: dict[str, str] = {}

    def __call__(self, key: str) -> str:
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = text(key, self.lang)
        return found
