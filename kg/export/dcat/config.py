"""What the dataset description says that the data cannot: titles, publisher, contact, licence.

    load_catalog_config(None)            -> CatalogConfig() (the defaults below)
    load_catalog_config(Path("x.yaml"))  -> the defaults with the file's keys put over them
    catalog_warnings(config, download_base) -> a line for each value still the default

The file is YAML with the keys of CatalogConfig; `publisher` and `contact_point` are mappings
with the keys of Publisher and ContactPoint. A key given replaces its default whole (a title
given only in English has no Finnish or Swedish title). Texts are mappings from language
(fi, sv, en) to text; IRIs are absolute; themes come from the EU data-theme table, the
publisher type and the licence type from the ADMS code lists. For example:

    title: {fi: Kirjastohankkeet, sv: Biblioteksprojekt, en: Library projects}
    publisher:
      name: {fi: Esimerkkikaupungin kirjasto, en: Example City Library}
      iri: https://example.org/library
      type: LocalAuthority
    contact_point: {name: {en: Library data team}, email: data@example.org}
    grant_id_prefix: 360G-examplecity
    award_dates: {2016: 2016-03-15, 2017: 2017-03-14}

`themes` is a list of IRIs of the EU data-theme table (default: EDUC and GOVE), `spatial` a
list of place IRIs (default: Finland in the EU country table). `portal` is `dcat-ap` (the
default: DCAT-AP 3.0.1, as data.europa.eu harvests it) or `avoindata` (avoindata.fi's shapes,
which follow the DCAT-AP 2 draft: byte sizes as xsd:decimal and SHA-1 checksums).
`grant_id_prefix` begins the identifiers of the 360Giving grants (`360G-`, then letters,
digits and hyphens); 360Giving registers one for each publisher. `award_dates` maps a call
year to the day its grants were decided (YYYY-MM-DD): the pages give the year, never the day,
and 360Giving requires each grant's `awardDate`, which only a publisher who knows the
decisions can give (none by default: the grants then have no award date). The defaults name the
kirjasto-kg project as publisher and contact point, with no e-mail, and as the 360Giving
prefix's owner, and CC BY 4.0 as the licence: a release for a portal should name its real
publisher, a contact address, the licence its owner chose and where its files are published
(`kg export --download-base`); catalog_warnings says which of these are still the defaults.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pyoxigraph import NamedNode

from kg.errors import InputError, RequestError
from kg.export.choices import LANGUAGES, PORTALS
from kg.vocab import COUNTRY, DATA_THEME, LICENCE, LICENCE_TYPE, PUBLISHER_TYPE, AuthorityTable
from kg.yaml_text import load_yaml

DEFAULT_GRANT_ID_PREFIX = "360G-kirjastokg"

Texts = Mapping[str, str]
Keywords = Mapping[str, tuple[str, ...]]

DEFAULT_LICENCE = LICENCE.CC_BY_4_0.value

_PROJECT = {
    "fi": "kirjasto-kg-projekti",
    "sv": "projektet kirjasto-kg",
    "en": "The kirjasto-kg project",
}
_TITLE = {
    "fi": "Yleisten kirjastojen kehittämishankkeet ja niiden avustukset",
    "sv": "De allmänna bibliotekens utvecklingsprojekt och understöden för dem",
    "en": "Development projects of Finnish public libraries and their grants",
}
_DESCRIPTION = {
    "fi": (
        "Yleisten kirjastojen kehittämishankkeet linkitettynä tietona: hankkeet, niitä "
        "toteuttaneet kirjastot ja kunnat, yhteistyökumppanit, hakemukset, talousarviot ja "
        "loppuraportit sekä erityisavustukset, jotka opetus- ja kulttuuriministeriö (OKM) "
        "rahoittaa ja aluehallintovirastot (AVI) myöntävät. Koottu kirjasto-kg-työkalulla "
        "Kirjastojen hankkeet -tietokannan hankesivuista."
    ),
    "sv": (
        "De allmänna bibliotekens utvecklingsprojekt som länkade data: projekten, biblioteken "
        "och kommunerna som genomförde dem, samarbetspartnerna, ansökningarna, budgetarna och "
        "slutrapporterna samt de specialunderstöd som undervisnings- och kulturministeriet "
        "(UKM) finansierar och regionförvaltningsverken (RFV) beviljar. Sammanställt med "
        "verktyget kirjasto-kg ur projektsidorna i databasen Kirjastojen hankkeet."
    ),
    "en": (
        "The development projects of Finnish public libraries as linked data: the projects, "
        "the libraries and municipalities that ran them, their partners, applications, "
        "budgets and final reports, and the special grants that the Ministry of Education and "
        "Culture (OKM) funds and the Regional State Administrative Agencies (AVI) award. "
        "Built with kirjasto-kg from the project pages of the Kirjastojen hankkeet database."
    ),
}
_KEYWORDS = {
    "fi": ("kirjastot", "yleiset kirjastot", "kehittämishankkeet", "avustukset", "linkitetty data"),
    "sv": ("bibliotek", "allmänna bibliotek", "utvecklingsprojekt", "understöd", "länkade data"),
    "en": ("libraries", "public libraries", "development projects", "grants", "linked data"),
}
_CATALOG_TITLE = {
    "fi": "kirjasto-kg: yleisten kirjastojen hankkeiden avoin data",
    "sv": "kirjasto-kg: öppna data om de allmänna bibliotekens projekt",
    "en": "kirjasto-kg: open data on the projects of Finnish public libraries",
}
_CATALOG_DESCRIPTION = {
    "fi": "Aineistot yleisten kirjastojen kehittämishankkeista ja niiden avustuksista, "
    "julkaistu kirjasto-kg-työkalulla.",
    "sv": "Datamängder om de allmänna bibliotekens utvecklingsprojekt och understöden för dem, "
    "publicerade med verktyget kirjasto-kg.",
    "en": "Datasets on the development projects of Finnish public libraries and their grants, "
    "published with kirjasto-kg.",
}


# -- reading values from the file ------------------------------------------------------------


@dataclass(frozen=True)
class _Where:
    """The file and the dotted key a value came from, for one-line errors."""

    file: str
    key: str

    def child(self, key: str) -> _Where:
        return _Where(self.file, f"{self.key}.{key}" if self.key else key)

    def error(self, problem: str) -> InputError:
        return InputError(f"{self.key}: {problem}" if self.key else problem, where=self.file)


def _texts(value: Any, where: _Where) -> dict[str, str]:
    if not isinstance(value, Mapping) or not value:
        raise where.error(f"must be a mapping of language ({', '.join(LANGUAGES)}) to text")
    texts = {}
    for language, text in value.items():
        if language not in LANGUAGES:
            raise where.error(f"unknown language {language!r} (expected {', '.join(LANGUAGES)})")
        if not isinstance(text, str) or not text.strip():
            raise where.child(language).error("must be a text")
        texts[language] = " ".join(text.split())
    return texts


def _keywords(value: Any, where: _Where) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, Mapping) or not value:
        raise where.error("must be a mapping of language to a list of keywords")
    keywords = {}
    for language, words in value.items():
        if language not in LANGUAGES:
            raise where.error(f"unknown language {language!r} (expected {', '.join(LANGUAGES)})")
        if not isinstance(words, list) or not all(
            isinstance(word, str) and word.strip() for word in words
        ):
            raise where.child(language).error("must be a list of texts")
        keywords[language] = tuple(" ".join(word.split()) for word in words)
    return keywords


_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")
_EMAIL = re.compile(r"^[^@\s:/]+@[^@\s/]+\.[^@\s/]+$")


def _iri(value: Any, where: _Where) -> str:
    if not isinstance(value, str) or not _IRI.match(value):
        raise where.error(f"must be an absolute IRI, not {value!r}")
    try:
        NamedNode(value)
    except ValueError:
        raise where.error(f"must be an absolute IRI, not {value!r}") from None
    return value


def _optional(convert: Callable[[Any, _Where], Any]) -> Callable[[Any, _Where], Any]:
    return lambda value, where: None if value is None else convert(value, where)


def _email(value: Any, where: _Where) -> str:
    address = value.removeprefix("mailto:") if isinstance(value, str) else value
    if not isinstance(address, str) or not _EMAIL.match(address):
        raise where.error(f"must be an e-mail address, not {value!r}")
    return address


def _iris(value: Any, where: _Where) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise where.error("must be a list of IRIs")
    return tuple(_iri(item, where) for item in value)


def _themes(value: Any, where: _Where) -> tuple[str, ...]:
    themes = _iris(value, where)
    for theme in themes:
        if NamedNode(theme) not in DATA_THEME:
            raise where.error(f"{theme} is not a theme of the EU data-theme table")
    return themes


def _code(name: str, table: AuthorityTable) -> Callable[[Any, _Where], str]:
    def convert(value: Any, where: _Where) -> str:
        if not isinstance(value, str) or value not in table.terms:
            codes = ", ".join(sorted(table.terms))
            raise where.error(f"must be a code of the ADMS {name} list ({codes}), not {value!r}")
        return value

    return convert


def _choice(choices: tuple[str, ...]) -> Callable[[Any, _Where], str]:
    def convert(value: Any, where: _Where) -> str:
        if value not in choices:
            raise where.error(f"must be one of {', '.join(choices)}, not {value!r}")
        return value

    return convert


_GRANT_PREFIX = re.compile(r"^360G-[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$")


def _grant_prefix(value: Any, where: _Where) -> str:
    if not isinstance(value, str) or not _GRANT_PREFIX.match(value):
        raise where.error(
            "must be a 360Giving identifier prefix: 360G- and then letters, digits and hyphens, "
            f"not {value!r}"
        )
    return value


def _award_dates(value: Any, where: _Where) -> dict[int, str]:
    if not isinstance(value, Mapping) or not value:
        raise where.error("must be a mapping of call year to the day of its decisions (YYYY-MM-DD)")
    dates: dict[int, str] = {}
    for key, day in value.items():
        year = str(key) if isinstance(key, int | str) and not isinstance(key, bool) else None
        if year is None or not _YEAR.fullmatch(year):
            raise where.error(f"{key!r} is not a year (four digits)")
        if int(year) in dates:
            raise where.error(f"the year {year} is given twice")
        text = day.isoformat() if isinstance(day, date) else day
        if not isinstance(text, str) or not _DAY.fullmatch(text):
            raise where.child(year).error(f"must be a date (YYYY-MM-DD), not {text!r}")
        try:
            dates[int(year)] = date.fromisoformat(text).isoformat()
        except ValueError:
            raise where.child(year).error(f"{text!r} is no date") from None
    return dict(sorted(dates.items()))


_YEAR = re.compile(r"[1-9][0-9]{3}")
_DAY = re.compile(r"[1-9][0-9]{3}-[0-9]{2}-[0-9]{2}")


def _as(convert: Callable[[Any, _Where], Any]) -> dict[str, Callable[[Any, _Where], Any]]:
    """Return the field metadata that names how a value from the file is checked and read."""
    return {"convert": convert}


# -- the configuration ----------------------------------------------------------------------


@dataclass(frozen=True)
class Publisher:
    """The agent that publishes the dataset: names, an IRI of its own if it has one."""

    name: Texts = field(default_factory=lambda: dict(_PROJECT), metadata=_as(_texts))
    iri: str | None = field(default=None, metadata=_as(_optional(_iri)))  # None: minted
    homepage: str | None = field(default=None, metadata=_as(_optional(_iri)))
    type: str = field(  # a code of the ADMS publisher-type list
        default="NonProfitOrganisation", metadata=_as(_code("publisher-type", PUBLISHER_TYPE))
    )


@dataclass(frozen=True)
class ContactPoint:
    """Whom to ask about the dataset: an organisation or a team, never a person."""

    name: Texts = field(default_factory=lambda: dict(_PROJECT), metadata=_as(_texts))
    email: str | None = field(default=None, metadata=_as(_optional(_email)))
    url: str | None = field(default=None, metadata=_as(_optional(_iri)))


@dataclass(frozen=True)
class CatalogConfig:
    """The texts, agents and authority-table values of the catalogue and the dataset."""

    title: Texts = field(default_factory=lambda: dict(_TITLE), metadata=_as(_texts))
    description: Texts = field(default_factory=lambda: dict(_DESCRIPTION), metadata=_as(_texts))
    keywords: Keywords = field(default_factory=lambda: dict(_KEYWORDS), metadata=_as(_keywords))
    catalog_title: Texts = field(default_factory=lambda: dict(_CATALOG_TITLE), metadata=_as(_texts))
    catalog_description: Texts = field(
        default_factory=lambda: dict(_CATALOG_DESCRIPTION), metadata=_as(_texts)
    )
    publisher: Publisher = field(default_factory=Publisher)
    contact_point: ContactPoint = field(default_factory=ContactPoint)
    licence: str = field(default=DEFAULT_LICENCE, metadata=_as(_iri))
    licence_type: str = field(  # a code of the ADMS licence-type list
        default="Attribution", metadata=_as(_code("licence-type", LICENCE_TYPE))
    )
    themes: tuple[str, ...] = field(
        default=(DATA_THEME.EDUC.value, DATA_THEME.GOVE.value), metadata=_as(_themes)
    )
    spatial: tuple[str, ...] = field(default=(COUNTRY.FIN.value,), metadata=_as(_iris))
    landing_page: str | None = field(  # a web page about the dataset
        default=None, metadata=_as(_optional(_iri))
    )
    homepage: str | None = field(  # the catalogue's home page; None: the download base
        default=None, metadata=_as(_optional(_iri))
    )
    portal: str = field(  # whose shapes the distributions' sizes and checksums follow
        default="dcat-ap", metadata=_as(_choice(PORTALS))
    )
    grant_id_prefix: str = field(  # begins each 360Giving grant's identifier
        default=DEFAULT_GRANT_ID_PREFIX, metadata=_as(_grant_prefix)
    )
    award_dates: Mapping[int, str] = field(  # call year -> the day its grants were decided
        default_factory=dict, metadata=_as(_award_dates)
    )
    # The keys the catalogue file set (a value may equal its default and still be chosen).
    given: frozenset[str] = field(default=frozenset(), metadata={"from_file": False})


def load_catalog_config(path: Path | None) -> CatalogConfig:
    """Return the defaults, with the keys of the YAML file at `path` (if any) put over them."""
    if path is None:
        return CatalogConfig()
    data = _read(path)
    return replace(_merge(CatalogConfig(), data, _Where(str(path), "")), given=frozenset(data))


def catalog_warnings(
    config: CatalogConfig, download_base: str | None, formats: Sequence[str] = ("360giving",)
) -> list[str]:
    """Return one line for each value of a release's description left at its default.

    The publisher, the contact point, the licence (unless the catalogue file names one, the
    default's own included), the download base (the `kg export --download-base` given, or
    None) and, when the release has the 360Giving files (`formats`), their identifier prefix
    and the grants' award dates (none unless `award_dates` gives them): a portal would show
    the defaults as if they were the publisher's choice. Each line says what sets the value.
    """
    warnings = []
    if config.publisher.name == _PROJECT:
        warnings.append(
            f"the publisher is the default ({_PROJECT['en']}): set `publisher` (name, iri, "
            "type) in the file of `kg export --catalog`"
        )
    if config.contact_point == ContactPoint():
        warnings.append(
            f"the contact point is the default ({_PROJECT['en']}, with no e-mail address): set "
            "`contact_point` (name, email) in the file of `kg export --catalog`"
        )
    if "licence" not in config.given and config.licence == DEFAULT_LICENCE:
        warnings.append(
            f"the licence is the default (CC BY 4.0, {DEFAULT_LICENCE}): set `licence` and "
            "`licence_type` in the file of `kg export --catalog` if the data's owner chose another"
        )
    if download_base is None:
        warnings.append(
            "the download base is the default (the files' URLs are minted under the dataset's "
            "IRI): set it with `kg export --download-base` to where the files are published"
        )
    if "360giving" in formats and config.grant_id_prefix == DEFAULT_GRANT_ID_PREFIX:
        warnings.append(
            f"the 360Giving identifier prefix is the default ({DEFAULT_GRANT_ID_PREFIX}): "
            "360Giving registers a prefix for each publisher; set `grant_id_prefix` in the "
            "file of `kg export --catalog` to yours"
        )
    if "360giving" in formats and not config.award_dates:
        warnings.append(
            "the 360Giving award date of each call year is the default (none: the pages give "
            "the year, not the decision's day, and 360Giving requires the day): set "
            "`award_dates` (each call year and the day its grants were decided) in the file of "
            "`kg export --catalog`"
        )
    return warnings


def _read(path: Path) -> Mapping[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RequestError("there is no such catalogue configuration", where=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8"
        raise InputError(
            f"cannot read the catalogue configuration ({reason})", where=str(path)
        ) from exc
    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        problem = " ".join(str(getattr(exc, "problem", None) or "cannot be parsed").split())
        raise InputError(f"not valid YAML: {problem}", where=where) from None
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise InputError("must be a YAML mapping of keys to values", where=str(path))
    return data


def _merge(default: Any, data: Mapping[str, Any], where: _Where) -> Any:
    """Return `default` (a config dataclass) with the values of `data` converted and put over."""
    known = {item.name: item for item in fields(default) if item.metadata.get("from_file", True)}
    changes = {}
    for key, value in data.items():
        if key not in known:
            expected = ", ".join(known)
            raise where.error(f"unknown key {key!r} (expected one of: {expected})")
        here = where.child(str(key))
        current = getattr(default, key)
        if isinstance(current, Publisher | ContactPoint):
            if not isinstance(value, Mapping):
                raise here.error("must be a mapping")
            changes[key] = _merge(current, value, here)
        else:
            changes[key] = known[key].metadata["convert"](value, here)
    return replace(default, **changes)
