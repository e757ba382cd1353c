"""The Frictionless Data Package of the release's tables: `datapackage.json`.

    datapackage(folder, config, tables, lang) -> the package (Data Package 2.0)
    write_datapackage(folder, config, ...)    -> folder/datapackage.json, written whole

One resource per CSV file of `kg.export.tables`, each with a Table Schema: its fields with
their types, titles and descriptions in one language (`kg export --lang`: a Data Package has
no language tags; all three are in csv-metadata.json),
required fields, primary and foreign keys; the dialect of `kg.sparql.output`'s CSV, and each
file's size and SHA-256, so that a changed file is found. The title, description, keywords,
licence and publisher come from the catalogue's configuration. The same files give the same
bytes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from kg.atomic import atomic_write
from kg.export.dcat.config import CatalogConfig
from kg.export.tables import TABLES, Column, Table
from kg.vocab import FRICTIONLESS, LICENCE

T = TypeVar("T")

FILE = "datapackage.json"
NAME = "kirjasto-kg"
PROFILE = FRICTIONLESS["datapackage.json"].value
RESOURCE_PROFILE = FRICTIONLESS["dataresource.json"].value
SCHEMA_PROFILE = FRICTIONLESS["tableschema.json"].value

# The Table Schema type (and format) of each datatype of the column dictionary.
TYPES: dict[str, dict[str, str]] = {
    "anyURI": {"type": "string", "format": "uri"},
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "decimal": {"type": "number"},
    "boolean": {"type": "boolean"},
    "date": {"type": "date"},
    "gYear": {"type": "year"},
}
# The Open Definition / SPDX identifiers of the licences of the EU's authority table.
_LICENCE_NAMES = {LICENCE.CC_BY_4_0.value: "CC-BY-4.0", LICENCE.CC0.value: "CC0-1.0"}
_DIALECT = {
    "header": True,
    "delimiter": ",",
    "lineTerminator": "\r\n",
    "quoteChar": '"',
    "doubleQuote": True,
}


def _field(column: Column, lang: str) -> dict[str, Any]:
    field: dict[str, Any] = {
        "name": column.name,
        "title": column.titles[lang],
        "description": column.descriptions[lang],
        **TYPES[column.datatype],
    }
    if column.datatype == "boolean":
        field["trueValues"] = ["true"]
        field["falseValues"] = ["false"]
    if column.required:
        field["constraints"] = {"required": True}
    return field


def _in(texts: Mapping[str, T], lang: str, default: T) -> T:
    """Return the value in `lang`, else in the first language the configuration gives one."""
    return texts[lang] if lang in texts else next(iter(texts.values()), default)


def _resource_name(file: str) -> str:
    return file.removesuffix(".csv")


def _resource(folder: Path, table: Table, lang: str) -> dict[str, Any]:
    data = (folder / table.file).read_bytes()
    schema: dict[str, Any] = {
        "$schema": SCHEMA_PROFILE,
        "fields": [_field(column, lang) for column in table.columns],
        "missingValues": [""],
        "primaryKey": list(table.primary_key),
    }
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {
                "fields": list(columns),
                "reference": {"resource": _resource_name(file), "fields": list(referenced)},
            }
            for columns, file, referenced in table.foreign_keys
        ]
    return {
        "$schema": RESOURCE_PROFILE,
        "name": _resource_name(table.file),
        "type": "table",
        "path": table.file,
        "title": table.titles[lang],
        "description": table.descriptions[lang],
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(data),
        "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
        "dialect": dict(_DIALECT),
        "schema": schema,
    }


def datapackage(
    folder: Path,
    config: CatalogConfig,
    tables: Sequence[Table] = TABLES,
    lang: str = "en",
) -> dict[str, Any]:
    """Return the Data Package of `tables` (CSV files in `folder`), its texts in `lang`."""
    licence: dict[str, str] = {"path": config.licence}
    if config.licence in _LICENCE_NAMES:
        licence = {"name": _LICENCE_NAMES[config.licence], **licence}
    package: dict[str, Any] = {
        "$schema": PROFILE,
        "name": NAME,
        "title": _in(config.title, lang, NAME),
        "description": _in(config.description, lang, ""),
        "keywords": list(_in(config.keywords, lang, ())),
        "licenses": [licence],
        "contributors": [{"title": _in(config.publisher.name, lang, ""), "roles": ["publisher"]}],
    }
    if config.landing_page is not None:
        package["homepage"] = config.landing_page
    package["resources"] = [_resource(folder, table, lang) for table in tables]
    return package


def write_datapackage(
    folder: Path,
    config: CatalogConfig | None = None,
    tables: Sequence[Table] = TABLES,
    *,
    lang: str = "en",
) -> Path:
    """Write `folder`/datapackage.json describing `tables` (CSV files in `folder`); its path.

    `config` gives the package's title, description, keywords, licence and publisher (the
    defaults when None); `lang` the language of every text in it.
    """
    package = datapackage(folder, config or CatalogConfig(), tables, lang)
    path = folder / FILE
    text = json.dumps(package, ensure_ascii=False, indent=2) + "\n"
    with atomic_write(path, binary=True) as stream:
        stream.write(text.encode("utf-8"))
    return path
