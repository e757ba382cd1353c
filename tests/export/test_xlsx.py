"""The release's workbook: sheets per language, typed cells, frozen headers, filters, same bytes.

`check_workbook(path, lang, results)` asserts what every workbook must be, against the query
results it was written from; the real-corpus test of the release calls it too.
"""

from __future__ import annotations

import math
import re
import tempfile
import zipfile
from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from pyoxigraph import BlankNode, Literal, NamedNode, Store

from kg.build import STORE_DIR
from kg.cli import main
from kg.errors import RequestError
from kg.export.tables import LANGUAGES, TABLES, Column, Table
from kg.export.xlsx import (
    CELL_CHARACTERS,
    EXCEL_ROWS,
    EXPLANATION_HEADERS,
    EXPLANATION_SHEET,
    write_workbook,
)
from kg.sparql.catalogue import QueryResult, load_catalogue, run_local
from kg.store.graph_store import GraphStore
from kg.vocab import XSD
from tests.export.conftest import ISSUED

Results = Sequence[tuple[Table, QueryResult]]
Term = NamedNode | Literal | BlankNode

# What a value of each datatype must look like to be a typed cell (else it stays text).
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_DATE = re.compile(r"(19[0-9]{2}|[2-9][0-9]{3})-[0-9]{2}-[0-9]{2}")
_YEAR = re.compile(r"[0-9]{4}")
_NUMBER_FORMATS = {"#,##0", "#,##0.00"}


# -- the check every workbook passes -----------------------------------------------------------


def check_workbook(
    path: Path,
    lang: str,
    results: Results | None = None,
    *,
    tables: Sequence[Table] = TABLES,
    rows_per_sheet: int = EXCEL_ROWS - 1,
) -> None:
    """Assert that the workbook at `path` is the release's workbook in `lang`.

    Its sheets: each table's, by its title in `lang` (a long table's further sheets
    "Title (2)", ...), then the explanation sheet; each table sheet with its header in `lang`,
    bold and frozen, a filter over all its rows, every column's width set within bounds, and
    every cell typed by its column's datatype. With `results` (the tables and the query
    results the workbook was written from), every cell is its term's value and every row is
    there. The zip's entries carry one fixed timestamp.
    """
    if results is not None:
        tables = [table for table, _ in results]
    with zipfile.ZipFile(path) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 31, 0, 0, 0)}
    book = openpyxl.load_workbook(path)
    names = list(book.sheetnames)
    assert names[-1] == EXPLANATION_SHEET[lang]
    position = 0
    sheets_of: list[list[str]] = []
    for index, table in enumerate(tables):
        title = table.titles[lang]
        assert names[position] == title, (names, title)
        mine = [title]
        while position + len(mine) < len(names) - 1:
            if names[position + len(mine)] != f"{title} ({len(mine) + 1})":
                break
            mine.append(names[position + len(mine)])
        position += len(mine)
        sheets_of.append(mine)
        rows = [_table_sheet(book[name], table, lang) for name in mine]
        assert all(len(part) == rows_per_sheet for part in rows[:-1])
        if results is not None:
            result = results[index][1]
            assert len(mine) == max(1, math.ceil(len(result.rows) / rows_per_sheet))
            _same_values(table, result, [row for part in rows for row in part])
    assert position == len(names) - 1, names
    _explanation_sheet(book[names[-1]], tables, sheets_of, lang)


def _table_sheet(sheet: Worksheet, table: Table, lang: str) -> list[tuple[object, ...]]:
    """Assert the form of one table sheet; return its data rows."""
    columns = table.columns
    header = [cell for cell in sheet[1]]
    assert [cell.value for cell in header] == [column.titles[lang] for column in columns]
    assert all(cell.font.b for cell in header)
    assert sheet.freeze_panes == "A2"
    last = get_column_letter(len(columns))
    whole = f"A1:{last}{sheet.max_row}"
    assert sheet.auto_filter.ref == ("A1" if whole == "A1:A1" else whole)
    widths = _widths(sheet)
    assert all(8 <= widths.get(index, 0) <= 61 for index in range(1, len(columns) + 1)), widths
    rows = []
    for cells in sheet.iter_rows(min_row=2, max_col=len(columns)):
        for column, cell in zip(columns, cells, strict=True):
            _typed(column, cell.value, cell.number_format)
        rows.append(tuple(cell.value for cell in cells))
    return rows


def _widths(sheet: Worksheet) -> dict[int, float]:
    """Return the width of each column that has one (openpyxl groups equal neighbours)."""
    widths = {}
    for dimension in sheet.column_dimensions.values():
        if dimension.customWidth:
            for index in range(dimension.min, dimension.max + 1):
                widths[index] = dimension.width
    return widths


def _typed(column: Column, value: object, number_format: str) -> None:
    """Assert that a cell of `column` holds a value of its datatype, or text that is not one."""
    if value is None:
        return
    kind = column.datatype
    if isinstance(value, str):
        assert kind not in ("integer", "decimal", "date", "boolean", "gYear") or not _well_formed(
            kind, value
        ), (column.name, value)
    elif kind in ("integer", "decimal"):
        assert type(value) in (int, float), (column.name, value)
        assert number_format in _NUMBER_FORMATS, (column.name, number_format)
    elif kind == "gYear":
        assert type(value) is int and number_format == "0", (column.name, value)
    elif kind == "date":
        assert isinstance(value, datetime) and number_format == "yyyy-mm-dd", (column.name, value)
    elif kind == "boolean":
        assert isinstance(value, bool), (column.name, value)
    else:
        raise AssertionError(f"{column.name} ({kind}) holds {value!r}, not text")


def _well_formed(kind: str, text: str) -> bool:
    """Tell whether `text` is a value of `kind` that Excel can hold as one exactly."""
    if kind in ("integer", "decimal"):
        if not _NUMBER.fullmatch(text):
            return False
        value = Decimal(text)
        number = float(value)
        if not math.isfinite(number) or (number == 0) != (value == 0):
            return False  # (1e9999999999 would overflow the digits' count below)
        return len(value.normalize().as_tuple().digits) <= 15
    if kind == "date":
        try:
            return bool(_DATE.fullmatch(text)) and date.fromisoformat(text) is not None
        except ValueError:
            return False
    if kind == "gYear":
        return bool(_YEAR.fullmatch(text)) and text != "0000"
    return text in ("true", "false", "1", "0")


def _same_values(table: Table, result: QueryResult, rows: list[tuple[object, ...]]) -> None:
    """Assert that `rows` (read back) are `result`'s rows, each value its term's."""
    assert len(rows) == len(result.rows), (table.file, len(rows), len(result.rows))
    positions = [result.variables.index(column.name) for column in table.columns]
    for row, terms in zip(rows, result.rows, strict=True):
        for column, value, position in zip(table.columns, row, positions, strict=True):
            expected = _expected(column.datatype, terms[position])
            assert value == expected, (table.file, column.name, value, expected)


def _expected(kind: str, term: object) -> object:
    """The value a cell of `kind` shows of `term`, read back by openpyxl."""
    if term is None:
        return None
    assert isinstance(term, NamedNode | Literal | BlankNode)
    text = f"_:{term.value}" if isinstance(term, BlankNode) else term.value
    if len(text) > CELL_CHARACTERS:
        return text[: CELL_CHARACTERS - 1] + "…"
    if kind not in _TYPED or not _well_formed(kind, text):
        return text
    if kind in ("integer", "decimal"):
        value = Decimal(text)
        return int(value) if value == value.to_integral_value() else float(value)
    if kind == "date":
        return datetime.fromisoformat(text)
    if kind == "gYear":
        return int(text)
    return text in ("true", "1")


_TYPED = ("integer", "decimal", "date", "gYear", "boolean")


def _explanation_sheet(
    sheet: Worksheet, tables: Sequence[Table], sheets_of: list[list[str]], lang: str
) -> None:
    """Assert the explanation sheet: what the workbook is, then every column of every table."""
    assert sheet["A1"].value and sheet["A1"].font.b
    ref = sheet.auto_filter.ref
    match = re.fullmatch(r"A(\d+):F(\d+)", ref or "")
    assert match, ref
    head, end = int(match[1]), int(match[2])
    intro = [sheet.cell(row, 1).value for row in range(1, head)]
    assert any("catalog.ttl" in line for line in intro if line)
    assert [cell.value for cell in sheet[head]] == list(EXPLANATION_HEADERS[lang])
    expected = [
        (
            ", ".join(names),
            column.titles[lang],
            column.name,
            column.datatype,
            column.required,
            column.descriptions[lang],
        )
        for table, names in zip(tables, sheets_of, strict=True)
        for column in table.columns
    ]
    got = [
        tuple(cell.value for cell in cells)
        for cells in sheet.iter_rows(min_row=head + 1, max_row=end, max_col=6)
    ]
    assert len(got) == len(expected) == end - head
    for row, wanted in zip(got, expected, strict=True):
        assert row[:3] == wanted[:3] and row[4:] == wanted[4:], (row, wanted)
        assert isinstance(row[3], str) and wanted[3] in row[3], (row, wanted)
        assert type(row[4]) is bool


# -- the seeds' tables -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_results(seed_union: Store) -> list[tuple[Table, QueryResult]]:
    """The four export queries run on the seeds' union, in TABLES order."""
    catalogue = load_catalogue()
    store = GraphStore(seed_union, "the seeds")
    return [(table, run_local(store, catalogue[table.query], {})) for table in TABLES]


@pytest.fixture(scope="module")
def workbooks(
    seed_results: list[tuple[Table, QueryResult]], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    """The seeds' workbook in each language."""
    folder = tmp_path_factory.mktemp("xlsx")
    return {
        lang: write_workbook(folder / f"{lang}.xlsx", seed_results, lang, created=ISSUED)
        for lang in LANGUAGES
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_seeds_workbook_holds_every_table_typed_in_each_language(
    lang: str, workbooks: dict[str, Path], seed_results: list[tuple[Table, QueryResult]]
) -> None:
    assert all(result.rows for _, result in seed_results)
    check_workbook(workbooks[lang], lang, seed_results)
    book = openpyxl.load_workbook(workbooks[lang])
    assert book.sheetnames == [t.titles[lang] for t in TABLES] + [EXPLANATION_SHEET[lang]]


def test_headers_and_sheet_names_differ_by_language(workbooks: dict[str, Path]) -> None:
    seen = {}
    for lang in LANGUAGES:
        book = openpyxl.load_workbook(workbooks[lang])
        seen[lang] = (book.sheetnames, [c.value for c in book.worksheets[0][1]])
    assert len({repr(value) for value in seen.values()}) == 3
    assert seen["fi"][1][:3] == ["Hanke (IRI)", "Nimi", "Hakukierroksen vuosi"]
    assert seen["en"][0][-1] == "About the columns"


def test_the_seeds_cells_are_numbers_dates_and_booleans(workbooks: dict[str, Path]) -> None:
    sheet = openpyxl.load_workbook(workbooks["en"])["Projects"]
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, (cell for cell in sheet[2]), strict=True))
    assert type(row["Call year"].value) is int and row["Call year"].number_format == "0"
    assert row["Funded"].value is True
    assert row["Start date"].value == datetime(2015, 6, 1)
    assert row["Start date"].number_format == "yyyy-mm-dd"
    assert row["Grant awarded (€)"].value == 11000 and row["Events"].value == 6
    assert row["Grant awarded (€)"].number_format == "#,##0"
    assert row["Project (IRI)"].value.startswith("https://w3id.org/kirjasto-kg/id/project/")


def test_two_writes_give_the_same_bytes_with_the_issued_time(
    seed_results: list[tuple[Table, QueryResult]], workbooks: dict[str, Path], tmp_path: Path
) -> None:
    again = write_workbook(tmp_path / "again.xlsx", seed_results, "fi", created=ISSUED)
    assert again.read_bytes() == workbooks["fi"].read_bytes()
    with zipfile.ZipFile(again) as archive:
        core = archive.read("docProps/core.xml").decode()
    assert '<dcterms:created xsi:type="dcterms:W3CDTF">2026-01-31T12:00:00Z<' in core
    later = write_workbook(
        tmp_path / "later.xlsx", seed_results, "fi", created=datetime(2027, 1, 1, tzinfo=UTC)
    )
    assert later.read_bytes() != again.read_bytes()


# -- edge cases, on tables made by hand --------------------------------------------------------


def _column(name: str, datatype: str, required: bool = False) -> Column:
    texts = {lang: f"{name} {lang}" for lang in LANGUAGES}
    return Column(name, texts, {lang: f"What {name} is." for lang in LANGUAGES}, datatype, required)


def _table(title: str, *columns: Column) -> Table:
    return Table(
        file=f"{title.lower()}.csv",
        query="none",
        titles=dict.fromkeys(LANGUAGES, title),
        descriptions=dict.fromkeys(LANGUAGES, f"The {title} table."),
        columns=columns,
        primary_key=(columns[0].name,),
        foreign_keys=(),
    )


EDGE = _table(
    "Edge",
    _column("id", "anyURI", required=True),
    _column("day", "date"),
    _column("money", "decimal"),
    _column("count", "integer"),
    _column("year", "gYear"),
    _column("flag", "boolean"),
    _column("note", "string"),
)
LONG = "x" * (CELL_CHARACTERS + 10)


def _row(number: int, *values: Literal | BlankNode | None) -> tuple[Term | None, ...]:
    return (NamedNode(f"https://example.org/edge/{number}"), *values)


def _lit(text: str, datatype: NamedNode | None = None) -> Literal:
    return Literal(text, datatype=datatype) if datatype else Literal(text)


EDGE_RESULT = QueryResult(
    "SELECT",
    ("id", "day", "money", "count", "year", "flag", "note"),
    (
        _row(
            1,
            _lit("2015-06-01", XSD.date),
            _lit("1234.5", XSD.decimal),
            _lit("12", XSD.integer),
            _lit("2015", XSD.gYear),
            _lit("true", XSD.boolean),
            _lit("<r>a & b</r>"),
        ),
        _row(
            2,
            _lit("2015-02-30", XSD.date),  # no such day
            _lit("12345678901234567", XSD.decimal),  # Excel would round it
            _lit("12"),  # a number's text, untyped
            _lit("15", XSD.gYear),
            _lit("false"),
            _lit("=1+1"),
        ),
        _row(3, _lit("not a date"), _lit("about 5"), _lit("x"), None, _lit("maybe"), _lit(LONG)),
        _row(
            4,
            _lit("1899-12-31", XSD.date),
            _lit("1e9999999999", XSD.decimal),  # beyond Decimal's context: no number at all
            None,
            None,
            None,
            BlankNode("b1"),
        ),
    ),
)


@pytest.fixture(scope="module")
def edge_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("edge") / "edge.xlsx"
    return write_workbook(path, [(EDGE, EDGE_RESULT)], "en", created=ISSUED)


def test_hand_made_values_pass_the_check(edge_book: Path) -> None:
    check_workbook(edge_book, "en", [(EDGE, EDGE_RESULT)])


def test_values_not_of_their_type_stay_text(edge_book: Path) -> None:
    sheet = openpyxl.load_workbook(edge_book)["Edge"]
    rows = [[cell.value for cell in cells] for cells in sheet.iter_rows(min_row=2)]
    assert rows[0][1:6] == [datetime(2015, 6, 1), 1234.5, 12, 2015, True]
    assert rows[1][1:6] == ["2015-02-30", "12345678901234567", 12, "15", False]
    assert rows[2][1:6] == ["not a date", "about 5", "x", None, "maybe"]
    assert rows[3][1:3] == ["1899-12-31", "1e9999999999"]
    assert sheet["C2"].number_format == "#,##0.00"  # a value with cents: two decimals


def test_widths_come_from_the_values_within_bounds(edge_book: Path) -> None:
    widths = _widths(openpyxl.load_workbook(edge_book)["Edge"])
    # XlsxWriter adds Excel's padding (0.71) to each width.
    shown = {index: round(width - 0.71) for index, width in widths.items()}
    assert shown[1] == len("https://example.org/edge/1") + 1  # the widest IRI
    assert shown[3] == len("12345678901234567") + 1  # a number kept as text
    assert shown[6] == len("flag en") + 3 + 1  # the header and its filter button
    assert shown[7] == 60  # a text of 32,767 characters, at the widest


def test_text_is_text_whatever_it_looks_like(edge_book: Path) -> None:
    sheet = openpyxl.load_workbook(edge_book)["Edge"]
    notes = [cells[0].value for cells in sheet.iter_rows(min_row=2, min_col=7, max_col=7)]
    assert notes[0] == "<r>a & b</r>"  # XlsxWriter's own markup, escaped all the same
    assert notes[1] == "=1+1" and sheet["G3"].data_type == "s"  # not a formula
    assert notes[2] == "x" * (CELL_CHARACTERS - 1) + "…"
    assert notes[3] == "_:b1"


def test_a_cut_text_is_said_on_the_explanation_sheet(edge_book: Path, tmp_path: Path) -> None:
    def intro(path: Path) -> list[str]:
        sheet = openpyxl.load_workbook(path)[EXPLANATION_SHEET["en"]]
        return [c.value for c in sheet["A"] if isinstance(c.value, str)]

    short = QueryResult("SELECT", EDGE_RESULT.variables, EDGE_RESULT.rows[:2])
    whole = write_workbook(tmp_path / "short.xlsx", [(EDGE, short)], "en", created=ISSUED)
    assert any("32,767 characters" in line for line in intro(edge_book))
    assert not any("32,767 characters" in line for line in intro(whole))


def test_a_table_longer_than_a_sheet_goes_on_in_the_next(tmp_path: Path) -> None:
    table = _table("Long", _column("id", "anyURI", required=True), _column("n", "integer"))
    rows = tuple(
        (NamedNode(f"https://example.org/{i}"), Literal(str(i), datatype=XSD.integer))
        for i in range(5)
    )
    result = QueryResult("SELECT", ("id", "n"), rows)
    path = write_workbook(
        tmp_path / "long.xlsx", [(table, result)], "fi", created=ISSUED, rows_per_sheet=2
    )
    check_workbook(path, "fi", [(table, result)], rows_per_sheet=2)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Long", "Long (2)", "Long (3)", EXPLANATION_SHEET["fi"]]
    assert [c.value for c in book["Long (3)"]["B"]] == ["n fi", 4]
    assert book["Long (2)"].auto_filter.ref == "A1:B3"


def test_sheet_names_follow_excel_s_rules(tmp_path: Path) -> None:
    id_column = _column("id", "anyURI")
    tables = [
        _table("Money: [in/out]? *now*", id_column),
        _table("A title far longer than thirty-one characters", id_column),
        _table("a title far longer than thirty-one characters, again", id_column),
        _table("History", id_column),
        _table("'quoted'", id_column),
    ]
    empty = QueryResult("SELECT", ("id",), ())
    path = write_workbook(
        tmp_path / "names.xlsx", [(t, empty) for t in tables], "sv", created=ISSUED
    )
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [
        "Money- -in-out-- -now-",
        "A title far longer than thirty-",
        "a title far longer than thi (2)",
        "History (2)",
        "quoted",
        EXPLANATION_SHEET["sv"],
    ]
    assert all(len(name) <= 31 for name in book.sheetnames)
    empty_sheet = book.worksheets[0]
    assert empty_sheet.auto_filter.ref == "A1" and empty_sheet.freeze_panes == "A2"


def test_refusals(tmp_path: Path) -> None:
    with pytest.raises(RequestError, match="the languages are fi, sv, en"):
        write_workbook(tmp_path / "de.xlsx", [(EDGE, EDGE_RESULT)], "de", created=ISSUED)
    wrong = QueryResult("SELECT", ("id", "day"), ())
    with pytest.raises(ValueError, match="not the query's variables"):
        write_workbook(tmp_path / "w.xlsx", [(EDGE, wrong)], "fi", created=ISSUED)
    assert not (tmp_path / "w.xlsx").exists() and list(tmp_path.iterdir()) == []


def test_a_failure_midway_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    rows: tuple[tuple[Any, ...], ...] = ((NamedNode("https://example.org/1"),), (5,))
    not_a_term = QueryResult("SELECT", ("id",), rows)  # 5: a value no query gives
    table = _table("Broken", _column("id", "anyURI"))
    with pytest.raises(TypeError, match="not an RDF term"):
        write_workbook(
            tmp_path / "out" / "x.xlsx",
            [(EDGE, EDGE_RESULT), (table, not_a_term)],
            "fi",
            created=ISSUED,
        )
    assert list((tmp_path / "out").iterdir()) == [] and list(scratch.iterdir()) == []


def test_kg_export_writes_the_workbook_in_the_language_asked(
    seed_out: Path, tmp_path: Path
) -> None:
    out = tmp_path / "sv"
    store = ["export", "--store", str(seed_out / STORE_DIR), "--format", "xlsx"]
    result = CliRunner().invoke(main, [*store, "--out", str(out), "--lang", "sv"])
    assert result.exit_code == 0, result.stderr
    names = openpyxl.load_workbook(out / "kirjasto-kg.xlsx", read_only=True).sheetnames
    assert names == [table.titles["sv"] for table in TABLES] + [EXPLANATION_SHEET["sv"]]
    refused = CliRunner().invoke(main, [*store, "--out", str(tmp_path / "de"), "--lang", "de"])
    assert refused.exit_code == 2 and "--lang" in refused.stderr
    assert not (tmp_path / "de").exists()
