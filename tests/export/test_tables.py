"""The column dictionary: the tables match their stored queries and every column is described."""

from __future__ import annotations

import re

import pytest
from pyoxigraph import QuerySolutions, Store

from kg.export.formats import CSV_TABLES
from kg.export.tables import LANGUAGES, TABLES, Table, table
from kg.sparql.catalogue import load_catalogue
from kg.vocab import RDF, VOCABULARIES

DATATYPES = {"anyURI", "string", "integer", "decimal", "boolean", "date", "gYear"}
TYPE = RDF.type.value
_TEMPLATE_VARIABLE = re.compile(r"\{\+?([A-Za-z_][A-Za-z0-9_]*)\}")


def test_the_tables_are_the_csv_files_of_the_release_in_order() -> None:
    assert [t.file for t in TABLES] == [
        "projects.csv",
        "amounts.csv",
        "libraries.csv",
        "partnerships.csv",
    ]
    assert {t.file: t.query for t in TABLES} == CSV_TABLES


def test_the_columns_are_the_query_s_select_variables_in_order() -> None:
    catalogue = load_catalogue()
    for tab in TABLES:
        # The rows' variables as Oxigraph reads the query (run on an empty store).
        answer = Store().query(catalogue[tab.query].text)
        assert isinstance(answer, QuerySolutions)
        variables = tuple(variable.value for variable in answer.variables)
        assert tuple(c.name for c in tab.columns) == variables, tab.file


@pytest.mark.parametrize("tab", TABLES, ids=lambda t: t.file)
def test_every_table_and_column_has_three_titles_and_descriptions(tab: Table) -> None:
    for texts in (tab.titles, tab.descriptions):
        assert tuple(texts) == LANGUAGES
        assert all(texts[lang].strip() for lang in LANGUAGES)
    for column in tab.columns:
        for texts in (column.titles, column.descriptions):
            assert tuple(texts) == LANGUAGES, column.name
            assert all(texts[lang].strip() == texts[lang] != "" for lang in LANGUAGES)
        assert all(column.descriptions[lang].endswith(".") for lang in LANGUAGES), column.name
    for lang in LANGUAGES:
        # A sheet's header row: no two columns may read alike.
        titles = [c.titles[lang] for c in tab.columns]
        assert len(set(titles)) == len(titles), (lang, titles)


@pytest.mark.parametrize("tab", TABLES, ids=lambda t: t.file)
def test_datatypes_keys_and_templates_name_what_exists(tab: Table) -> None:
    names = {c.name for c in tab.columns}
    assert {c.datatype for c in tab.columns} <= DATATYPES
    assert tab.primary_key and set(tab.primary_key) <= names
    assert all(tab.column(name).required for name in tab.primary_key)
    for columns, file, referenced in tab.foreign_keys:
        assert set(columns) <= names
        assert table(file).primary_key == referenced
    namespaces = tuple(vocabulary.iri for vocabulary in VOCABULARIES)
    templates = [tab.about_url] + [
        t for c in tab.columns for t in (c.about_url, c.value_url) if t is not None
    ]
    for template in templates:
        assert template is not None
        assert set(_TEMPLATE_VARIABLE.findall(template)) <= names, template
    properties = [c.property_url for c in tab.columns if c.in_rdf and c.property_url != TYPE]
    assert len(set(properties)) == len(properties)  # a value's column is found by its property
    for column in tab.columns:
        if column.property_url is not None:
            assert column.property_url.startswith(namespaces), column.property_url
        if column.value_url is not None:
            assert column.in_rdf, column.name  # a valueUrl alone would state nothing
    # A row is about the thing its key names, and CSVW-to-RDF gives that thing its type.
    (key,) = tab.primary_key
    assert tab.about_url == "{+" + key + "}"
    assert tab.column(key).in_rdf and tab.column(key).value_url


def test_a_table_is_found_by_its_file_name_only() -> None:
    assert table("amounts.csv").query == "export_amounts"
    assert table("projects.csv").column("call_year").datatype == "gYear"
    with pytest.raises(KeyError):
        table("export_amounts")
    with pytest.raises(KeyError):
        table("projects.csv").column("year")
