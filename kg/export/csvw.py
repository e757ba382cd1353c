"""The CSV on the Web description of the release's tables: `csv-metadata.json`.

    csvw_metadata(tables)              -> the TableGroup (W3C Metadata Vocabulary for Tabular Data)
    write_csvw_metadata(folder, tables) -> folder/csv-metadata.json, written whole

One table description per CSV file of `kg.export.tables`: its columns with their titles and
descriptions in fi, sv and en, datatypes, required columns, keys, and the templates that make
CSVW-to-RDF of the tables give the graph's own IRIs and terms (a column the graph states no
triple for is `suppressOutput`). Column descriptions are `dc:description` (Dublin Core terms,
a prefix of the CSVW context), one value per language, as the W3C's CSVW examples describe
tables and columns. The same tables give the same bytes.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from kg.atomic import atomic_write
from kg.export.tables import LANGUAGES, TABLES, Column, Table
from kg.vocab import CSVW

FILE = "csv-metadata.json"
CONTEXT: list[Any] = [CSVW.iri.rstrip("#"), {"@language": "en"}]

# How kg.sparql.output writes its CSV: UTF-8, comma, one header row, CRLF after each row,
# quotes doubled inside quoted cells. `trim` off: a cell holds the query's value as it is.
DIALECT: dict[str, Any] = {
    "encoding": "utf-8",
    "lineTerminators": ["\r\n"],
    "quoteChar": '"',
    "doubleQuote": True,
    "delimiter": ",",
    "header": True,
    "headerRowCount": 1,
    "skipInitialSpace": False,
    "trim": False,
}


def _texts(texts: Mapping[str, str]) -> list[dict[str, str]]:
    return [{"@value": texts[lang], "@language": lang} for lang in LANGUAGES]


def _reference(columns: Sequence[str]) -> str | list[str]:
    return columns[0] if len(columns) == 1 else list(columns)


def _column(column: Column) -> dict[str, Any]:
    # An IRI column is a string here: the csvw package (4.1) expands an anyURI value in a
    # template as the tuple of its parts, and a foreign key joins columns of one datatype
    # only. The templates (aboutUrl, valueUrl) make its value an IRI in RDF.
    datatype = "string" if column.datatype == "anyURI" else column.datatype
    description: dict[str, Any] = {
        "name": column.name,
        "titles": {lang: column.titles[lang] for lang in LANGUAGES},
        "dc:description": _texts(column.descriptions),
        "datatype": datatype,
        "required": column.required,
    }
    if column.separator is not None:
        description["separator"] = column.separator
    if column.in_rdf:
        for key, template in (
            ("aboutUrl", column.about_url),
            ("propertyUrl", column.property_url),
            ("valueUrl", column.value_url),
        ):
            if template is not None:
                description[key] = template
    else:
        description["suppressOutput"] = True
    return description


def _table(table: Table) -> dict[str, Any]:
    schema: dict[str, Any] = {}
    if table.about_url is not None:
        schema["aboutUrl"] = table.about_url
    schema["columns"] = [_column(column) for column in table.columns]
    schema["primaryKey"] = _reference(table.primary_key)
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {
                "columnReference": _reference(columns),
                "reference": {"resource": file, "columnReference": _reference(referenced)},
            }
            for columns, file, referenced in table.foreign_keys
        ]
    return {
        "url": table.file,
        "dc:title": _texts(table.titles),
        "dc:description": _texts(table.descriptions),
        "tableSchema": schema,
    }


def csvw_metadata(tables: Sequence[Table] = TABLES) -> dict[str, Any]:
    """Return the CSVW TableGroup describing `tables` (their files beside the metadata)."""
    return {
        "@context": copy.deepcopy(CONTEXT),
        "dialect": dict(DIALECT),
        "tables": [_table(table) for table in tables],
    }


def write_csvw_metadata(folder: Path, tables: Sequence[Table] = TABLES) -> Path:
    """Write `folder`/csv-metadata.json describing `tables` (CSV files in `folder`); its path."""
    path = folder / FILE
    text = json.dumps(csvw_metadata(tables), ensure_ascii=False, indent=2) + "\n"
    with atomic_write(path, binary=True) as stream:
        stream.write(text.encode("utf-8"))
    return path
