"""The release's workbook, kirjasto-kg.xlsx: the tables of the CSV files as typed Excel sheets.

    write_workbook(path, [(table, result), ...], "fi", created=issued) -> path

One sheet per table, in the order given (the lead passes `kg.export.tables.TABLES` order),
named by the table's title in the language asked for; then a sheet that says what the
workbook is and explains every column: its sheet, the header shown, the machine name (the CSV
header), the datatype, whether it is required, and what it holds. Each table sheet has its
header row in bold and frozen, a filter over its rows, and column widths from its values; the
explanation sheet has a filter over its table of columns, below the lines on top.

Cells are typed by the column's declared datatype (`Column.datatype`), read from each value's
text (a literal's lexical form, `plain_value`'s text of an IRI or blank node), whatever the
literal's own datatype (the queries give some columns as plain strings): numbers are Excel
numbers (money with two decimals where a value of the column has cents, else whole), xsd:date
an Excel date shown yyyy-mm-dd, gYear a number shown as a year, booleans Excel booleans, IRIs
and strings text, an unbound value an empty cell. A value that is not one of its column's type
(a malformed date, a number Excel would round) is written as its text, never dropped. Excel's
limits: a cell holds 32,767 characters (a longer text is cut, with "…", and the explanation
sheet says so), a sheet 1,048,576 rows (a longer table goes on in a second sheet, "Title (2)",
with the same header: the release is never refused for its size).

XlsxWriter writes the workbook in its constant-memory mode (each row goes to disk when the
next begins), with the release's issued time as its creation time, and fixed timestamps on the
zip's entries: the same input gives the same bytes.
"""

from __future__ import annotations

import math
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode
from xlsxwriter import Workbook
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from kg.atomic import atomic_write
from kg.errors import RequestError
from kg.export.tables import LANGUAGES, Column, Table
from kg.sparql.catalogue import QueryResult
from kg.sparql.values import plain_value

EXCEL_ROWS = 1_048_576  # rows of an Excel sheet, the header's included
CELL_CHARACTERS = 32_767  # characters an Excel cell holds
SHEET_NAME_CHARACTERS = 31
WIDTHS = (8, 60)  # the narrowest and widest column, in characters
_DIGITS = 15  # significant digits of an Excel number: one with more would be rounded
_CUT_MARK = "…"

_NUMBER_TEXT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_DATE_TEXT = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_YEAR_TEXT = re.compile(r"[0-9]{4}")
# Not in a sheet's name: Excel refuses these characters (and control characters).
_NOT_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
_RESERVED_SHEET_NAMES = frozenset({"history"})  # Excel keeps it for its change history

_NUMBER_TYPES = frozenset({"integer", "decimal"})
_FORMATS = {
    "whole": "#,##0",
    "cents": "#,##0.00",
    "year": "0",
    "date": "yyyy-mm-dd",
}

Term = NamedNode | Literal | BlankNode
Cell = None | bool | int | float | date | str

# The sheet that explains the workbook, and the header of its table of columns.
EXPLANATION_SHEET = {
    "fi": "Sarakkeiden selitykset",
    "sv": "Kolumnförklaringar",
    "en": "About the columns",
}
EXPLANATION_HEADERS = {
    "fi": (
        "Välilehti",
        "Sarakkeen otsikko",
        "Koneluettava nimi (CSV)",
        "Tietotyyppi",
        "Pakollinen",
        "Kuvaus",
    ),
    "sv": (
        "Blad",
        "Kolumnrubrik",
        "Maskinläsbart namn (CSV)",
        "Datatyp",
        "Obligatorisk",
        "Beskrivning",
    ),
    "en": ("Sheet", "Column header", "Machine name (CSV)", "Datatype", "Required", "Description"),
}
_TEXTS: dict[str, dict[str, str]] = {
    "fi": {
        "title": "kirjasto-kg: yleisten kirjastojen kehittämishankkeet ja niiden avustukset",
        "what": (
            "Tässä työkirjassa ovat avoimen julkaisun taulukot, samat kuin sen CSV-tiedostot: "
            "yksi välilehti kutakin taulukkoa kohden. Tämä välilehti selittää jokaisen sarakkeen."
        ),
        "source": (
            "Lähde: Kirjastojen hankkeet -tietokannan hankesivut, koottu linkitetyksi tiedoksi "
            "kirjasto-kg-työkalulla."
        ),
        "licence": (
            "Lisenssi, julkaisija ja yhteystiedot: julkaisun aineistoluettelo catalog.ttl "
            "(DCAT-AP)."
        ),
        "issued": "Julkaistu {date}.",
        "cut": (
            "Excelin soluun mahtuu 32 767 merkkiä: pidempi teksti on katkaistu (…), "
            "CSV-tiedostoissa se on kokonaan."
        ),
        "continued": (
            "Excelin välilehdelle mahtuu 1 048 575 riviä: pidempi taulukko jatkuu seuraavalla "
            "välilehdellä."
        ),
        "tables": "Taulukot:",
    },
    "sv": {
        "title": "kirjasto-kg: de allmänna bibliotekens utvecklingsprojekt och understöden",
        "what": (
            "Arbetsboken innehåller tabellerna i den öppna utgåvan, desamma som dess CSV-filer: "
            "ett blad per tabell. Det här bladet förklarar varje kolumn."
        ),
        "source": (
            "Källa: projektsidorna i databasen Kirjastojen hankkeet, sammanställda till länkade "
            "data med verktyget kirjasto-kg."
        ),
        "licence": (
            "Licens, utgivare och kontaktuppgifter: utgåvans datakatalog catalog.ttl (DCAT-AP)."
        ),
        "issued": "Utgiven {date}.",
        "cut": (
            "En cell i Excel rymmer 32 767 tecken: en längre text är avkortad (…), i CSV-filerna "
            "finns den hel."
        ),
        "continued": (
            "Ett blad i Excel rymmer 1 048 575 rader: en längre tabell fortsätter på nästa blad."
        ),
        "tables": "Tabeller:",
    },
    "en": {
        "title": "kirjasto-kg: development projects of Finnish public libraries and their grants",
        "what": (
            "This workbook holds the tables of the open release, the same as its CSV files: one "
            "sheet per table. This sheet explains every column."
        ),
        "source": (
            "Source: the project pages of the Kirjastojen hankkeet database, built into linked "
            "data with kirjasto-kg."
        ),
        "licence": (
            "Licence, publisher and contact: the release's catalogue, catalog.ttl (DCAT-AP)."
        ),
        "issued": "Released {date}.",
        "cut": (
            "An Excel cell holds 32,767 characters: a longer text is cut short (…); the CSV "
            "files have it whole."
        ),
        "continued": (
            "An Excel sheet holds 1,048,575 rows: a longer table goes on in the next sheet."
        ),
        "tables": "Tables:",
    },
}
_DATATYPES: dict[str, dict[str, str]] = {
    "fi": {
        "anyURI": "IRI-tunniste",
        "string": "teksti",
        "integer": "kokonaisluku",
        "decimal": "desimaaliluku",
        "boolean": "totuusarvo",
        "date": "päivämäärä",
        "gYear": "vuosi",
    },
    "sv": {
        "anyURI": "IRI",
        "string": "text",
        "integer": "heltal",
        "decimal": "decimaltal",
        "boolean": "sanningsvärde",
        "date": "datum",
        "gYear": "år",
    },
    "en": {
        "anyURI": "IRI",
        "string": "text",
        "integer": "integer",
        "decimal": "decimal number",
        "boolean": "true or false",
        "date": "date",
        "gYear": "year",
    },
}


@dataclass
class _Notes:
    """What the explanation sheet has to say about the tables' sheets once they are written."""

    cut: bool = False  # a text was cut to Excel's cell size
    continued: bool = False  # a table went on in a second sheet


def write_workbook(
    path: Path,
    results: Sequence[tuple[Table, QueryResult]],
    lang: str = "fi",
    *,
    created: datetime,
    rows_per_sheet: int = EXCEL_ROWS - 1,
) -> Path:
    """Write the workbook of `results` (each table with its query's rows) to `path`.

    Headers, sheet names and the explanation sheet are in `lang` (fi, sv or en); `created`
    (the release's issued time) is the workbook's creation time. A table of more than
    `rows_per_sheet` rows (Excel's limit unless told) goes on in further sheets.
    """
    if lang not in LANGUAGES:
        raise RequestError(f"no workbook in {lang!r}; the languages are {', '.join(LANGUAGES)}")
    if rows_per_sheet < 1 or rows_per_sheet > EXCEL_ROWS - 1:
        raise ValueError(f"rows_per_sheet must be 1..{EXCEL_ROWS - 1}, not {rows_per_sheet}")
    for table, result in results:
        _positions(table, result)
    moment = created.astimezone(UTC).replace(tzinfo=None) if created.tzinfo else created
    # XlsxWriter keeps each sheet's rows in an open temporary file until it closes the workbook
    # (which it does on the way out of `with`, after a failure too): in a folder of their own,
    # they go whatever happens.
    with (
        atomic_write(path, binary=True) as stream,
        tempfile.TemporaryDirectory(prefix="kg-xlsx-") as scratch,
        Workbook(stream, {"constant_memory": True, "tmpdir": scratch}) as book,
    ):
        texts = _TEXTS[lang]
        book.set_properties({"title": texts["title"], "author": "kirjasto-kg", "created": moment})
        formats = {name: book.add_format({"num_format": code}) for name, code in _FORMATS.items()}
        bold = book.add_format({"bold": True})
        notes = _Notes()
        taken: set[str] = set()
        sheets: list[tuple[Table, list[str]]] = []
        for table, result in results:
            names = _write_table(book, table, result, lang, taken, formats, bold, rows_per_sheet)
            notes.cut |= names.cut
            notes.continued |= len(names.sheets) > 1
            sheets.append((table, names.sheets))
        _write_explanation(book, sheets, lang, moment.date(), taken, notes, bold)
    return path


@dataclass(frozen=True)
class _Written:
    """What writing a table gave: the names of its sheets, and whether a text was cut."""

    sheets: list[str]
    cut: bool


def _write_table(
    book: Workbook,
    table: Table,
    result: QueryResult,
    lang: str,
    taken: set[str],
    formats: dict[str, Format],
    bold: Format,
    rows_per_sheet: int,
) -> _Written:
    """Write `table`'s rows into one sheet (or more, past `rows_per_sheet`); their names.

    Each cell is converted as it is written, and the widths measured meanwhile (columns may
    be sized after their rows); only the number format of a decimal column looks ahead.
    """
    positions = _positions(table, result)
    headers = [column.titles[lang] for column in table.columns]
    plan = [
        (
            position,
            _CONVERTERS.get(column.datatype, _lexical),
            name := _format_name(column, result, position),
            formats[name] if name else None,
        )
        for column, position in zip(table.columns, positions, strict=True)
    ]
    widths = [len(header) + 3 for header in headers]  # the filter's button beside the header
    count = len(result.rows)
    sheets = []
    cut = False
    for part in range(max(1, math.ceil(count / rows_per_sheet))):
        name = _sheet_name(table.titles[lang], table.file.rsplit(".", 1)[0], taken, part + 1)
        sheet = book.add_worksheet(name)
        sheets.append((name, sheet))
        for index, header in enumerate(headers):
            sheet.write_string(0, index, header, bold)
        first = part * rows_per_sheet
        last = min(count, first + rows_per_sheet)
        for row in range(first, last):
            terms = result.rows[row]
            for index, (position, convert, format_name, number_format) in enumerate(plan):
                term = terms[position]
                if term is None:
                    continue
                value = convert(term)
                cut |= _write_cell(sheet, row - first + 1, index, value, number_format)
                if widths[index] < WIDTHS[1]:
                    widths[index] = max(widths[index], _shown_length(value, format_name))
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, last - first, len(headers) - 1)
    for _, sheet in sheets:
        for index, width in enumerate(widths):
            sheet.set_column(index, index, _bounded(width))
    return _Written([name for name, _ in sheets], cut)


def _positions(table: Table, result: QueryResult) -> list[int]:
    """Return where each of `table`'s columns is in `result`'s rows (both must name the same)."""
    if sorted(result.variables) != sorted(column.name for column in table.columns):
        raise ValueError(
            f"{table.file}: the columns {[c.name for c in table.columns]} are not the query's "
            f"variables {list(result.variables)}"
        )
    return [result.variables.index(column.name) for column in table.columns]


# -- typed values ------------------------------------------------------------------------------


def _lexical(term: Term) -> str:
    """Return the text of `term` as the graph writes it (an IRI's, a literal's lexical form)."""
    value = plain_value(term)
    return value if isinstance(value, str) else term.value


def _number(term: Term) -> Cell:
    """Return a number as Excel holds it; its text when it is none or Excel would round it."""
    text = _lexical(term)
    if text.isascii() and text.isdigit() and len(text) <= _DIGITS:
        return int(text)
    if not _NUMBER_TEXT.fullmatch(text):
        return text
    value = Decimal(text)
    try:
        digits = len(value.normalize().as_tuple().digits)
    except ArithmeticError:  # an exponent beyond what Decimal's context holds
        return text
    if digits > _DIGITS:
        return text
    number = float(value)
    if not math.isfinite(number) or (number == 0) != (value == 0):
        return text
    if value == value.to_integral_value() and abs(value) < 2**53:
        return int(value)
    return number


def _boolean(term: Term) -> Cell:
    text = _lexical(term)
    return _BOOLEANS.get(text, text)


def _date(term: Term) -> Cell:
    """Return an xsd:date as a date (Excel's dates begin in 1900); anything else as text."""
    text = _lexical(term)
    match = _DATE_TEXT.fullmatch(text)
    if match is None or int(match[1]) < 1900:
        return text
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return text


def _year(term: Term) -> Cell:
    """Return a gYear of four digits as a number; anything else as text."""
    text = _lexical(term)
    return int(text) if _YEAR_TEXT.fullmatch(text) and text != "0000" else text


_CONVERTERS: dict[str, Callable[[Term], Cell]] = {
    "integer": _number,
    "decimal": _number,
    "boolean": _boolean,
    "date": _date,
    "gYear": _year,
}
_BOOLEANS = {"true": True, "false": False, "1": True, "0": False}


# -- writing cells -----------------------------------------------------------------------------


def _format_name(column: Column, result: QueryResult, position: int) -> str | None:
    """Return the name of the number format of `column`'s numbers or dates (None: text).

    A number column shows cents when one of its values has them; only the values with a point
    or an exponent can.
    """
    if column.datatype == "date":
        return "date"
    if column.datatype == "gYear":
        return "year"
    if column.datatype not in _NUMBER_TYPES:
        return None
    for row in result.rows:
        term = row[position]
        if term is not None and any(mark in term.value for mark in ".eE"):
            value = _number(term)
            if isinstance(value, float) and not value.is_integer():
                return "cents"
    return "whole"


def _write_cell(
    sheet: Worksheet, row: int, col: int, value: Cell, number_format: Format | None
) -> bool:
    """Write one typed cell (nothing for an unbound value); whether a text was cut."""
    if value is None:
        return False
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, int | float):
        sheet.write_number(row, col, value, number_format)
    elif isinstance(value, date):
        sheet.write_datetime(row, col, value, number_format)
    else:
        return _write_text(sheet, row, col, value)
    return False


def _write_text(
    sheet: Worksheet, row: int, col: int, text: str, cell_format: Format | None = None
) -> bool:
    """Write `text` as a string cell, cut to Excel's cell size; whether it was cut."""
    cut = len(text) > CELL_CHARACTERS
    if cut:
        text = text[: CELL_CHARACTERS - len(_CUT_MARK)] + _CUT_MARK
    if text.startswith("<r>") and text.endswith("</r>"):
        # In constant-memory mode XlsxWriter writes such a string unescaped, as its own rich-text
        # markup (breaking the sheet's XML); as plain fragments of a rich string it is escaped.
        args = [text[:1], text[1:-1], text[-1:]] + ([cell_format] if cell_format else [])
        sheet.write_rich_string(row, col, *args)
    else:
        sheet.write_string(row, col, text, cell_format)
    return cut


def _width(header: str, values: list[Cell], number_format: str | None) -> int:
    """Return a column's width in characters: its widest value or header (and filter button)."""
    widest = len(header) + 3
    for value in values:
        widest = max(widest, _shown_length(value, number_format))
        if widest >= WIDTHS[1]:
            break
    return _bounded(widest)


def _bounded(widest: int) -> int:
    """Return the width of a column whose widest text is `widest` characters, within WIDTHS."""
    return min(WIDTHS[1], max(WIDTHS[0], widest + 1))


def _shown_length(value: Cell, number_format: str | None) -> int:
    """How many characters Excel shows of `value` in a cell of `number_format`."""
    if value is None:
        return 0
    if isinstance(value, bool):
        return 5
    if isinstance(value, int | float):
        if number_format == "year":
            return len(str(value))
        return len(f"{value:,.2f}" if number_format == "cents" else f"{value:,.0f}")
    if isinstance(value, date):
        return 10
    if "\n" in value:
        return max(len(line) for line in value.split("\n"))
    return len(value)


# -- sheet names and the explanation sheet -----------------------------------------------------


def _sheet_name(title: str, fallback: str, taken: set[str], part: int = 1) -> str:
    """Return a sheet name Excel accepts for `title`, not yet `taken` (case-insensitive).

    Excel's forbidden characters become "-", the name is at most 31 characters and neither
    begins nor ends with an apostrophe; part 2 and after of a table, and a name already taken,
    end with " (n)". The name is added to `taken`.
    """
    base = _NOT_IN_SHEET_NAME.sub("-", title).strip().strip("'").strip()
    if not base:
        base = _NOT_IN_SHEET_NAME.sub("-", fallback).strip("'") or "Sheet"
    number = part
    while True:
        if number == 1:
            name = base[:SHEET_NAME_CHARACTERS].rstrip().rstrip("'")
        else:
            suffix = f" ({number})"
            stem = base[: SHEET_NAME_CHARACTERS - len(suffix)].rstrip().rstrip("'")
            name = stem + suffix
        key = name.casefold()
        if key not in taken and key not in _RESERVED_SHEET_NAMES:
            taken.add(key)
            return name
        number += 1


def _write_explanation(
    book: Workbook,
    sheets: Sequence[tuple[Table, list[str]]],
    lang: str,
    issued: date,
    taken: set[str],
    notes: _Notes,
    bold: Format,
) -> None:
    """Write the sheet that says what the workbook is and what each column of each table is."""
    texts = _TEXTS[lang]
    sheet = book.add_worksheet(_sheet_name(EXPLANATION_SHEET[lang], "columns", taken))
    lines = [texts["what"], texts["source"], texts["licence"], texts["issued"].format(date=issued)]
    if notes.cut:
        lines.append(texts["cut"])
    if notes.continued:
        lines.append(texts["continued"])
    lines += ["", texts["tables"]]
    lines += [f"{', '.join(names)}: {table.descriptions[lang]}" for table, names in sheets]
    row = 0
    sheet.write_string(row, 0, texts["title"], bold)
    for line in lines:
        row += 1
        if line:
            sheet.write_string(row, 0, line)
    head_row = row + 2
    headers = EXPLANATION_HEADERS[lang]
    rows: list[list[Cell]] = [
        [
            ", ".join(names),
            column.titles[lang],
            column.name,
            _datatype_label(column.datatype, lang),
            column.required,
            column.descriptions[lang],
        ]
        for table, names in sheets
        for column in table.columns
    ]
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    top = book.add_format({"valign": "top"})
    for index, header in enumerate(headers):
        values = [cells[index] for cells in rows]
        sheet.set_column(index, index, _width(header, values, None), wrap if index == 5 else top)
        sheet.write_string(head_row, index, header, bold)
    for offset, cells in enumerate(rows, start=1):
        for index, value in enumerate(cells):
            cell_format = wrap if index == 5 else top
            if isinstance(value, bool):
                sheet.write_boolean(head_row + offset, index, value, cell_format)
            elif isinstance(value, str):
                _write_text(sheet, head_row + offset, index, value, cell_format)
    sheet.autofilter(head_row, 0, head_row + len(rows), len(headers) - 1)


def _datatype_label(datatype: str, lang: str) -> str:
    """`datatype` for a reader: its name in `lang` and, in brackets, its machine name."""
    label = _DATATYPES[lang].get(datatype)
    return f"{label} ({datatype})" if label else datatype
