"""Rebuild the content lines of a page from its Record, to prove that parsing lost nothing.

Label and heading lines are structure: they are left out on both sides. Every other non-blank
line of the page must come back, as many times as it stands there, from the Record's values
(written the way the page writes them), its `raw` texts, `extra`, tags and truncated fragment.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

from kg.records import Record
from kg.records.labels import FIELDS, HEADING_BY_TEXT, LABEL_BY_TEXT, render_header
from kg.records.values import collapse_spaces, render_count, render_date, render_money

STRUCTURE = {collapse_spaces(text) for text in [*LABEL_BY_TEXT, *HEADING_BY_TEXT]}


def _lines(text: str | None) -> list[str]:
    if text is None:
        return []
    return [collapse_spaces(line) for line in text.split("\n") if collapse_spaces(line)]


def page_lines(text: str) -> Counter[str]:
    """The content lines of a page: non-blank, spaces collapsed, labels and headings left out."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return Counter(line for line in _lines(text) if line not in STRUCTURE)


def _written(path: str, value: object) -> str:
    if isinstance(value, Decimal):
        return render_money(value)
    if isinstance(value, date):
        return render_date(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return render_count(value, FIELDS[path].unit or "")
    return str(value)


def _field_values(record: Record) -> dict[str, object]:
    values: dict[str, object] = {"image_credit": record.image_credit, "granted": record.granted}
    values.update({"start_date": record.start_date, "end_date": record.end_date})
    for group in ("library", "contact", "application", "realized", "statistics"):
        for name, value in vars(getattr(record, group)).items():
            values[f"{group}.{name}"] = value
    return values


def record_lines(record: Record) -> Counter[str]:
    """The content lines that the Record says the page had."""
    lines = [collapse_spaces(record.title)]
    header = record.raw.get("header") or render_header(
        record.label_language, record.year, record.programme, record.funded
    )
    lines.append(collapse_spaces(header or ""))
    for path, value in _field_values(record).items():
        if path in record.raw:
            lines.extend(_lines(record.raw[path]))
        elif value is not None:
            lines.extend(_lines(_written(path, value)))
    for text in record.sections.values():
        lines.extend(_lines(text))
    for extra in record.extra:
        lines.extend(_lines(extra.label))
        lines.extend(_lines(extra.text))
    lines.extend(_lines(record.decision_text))
    lines.extend(record.tags)
    lines.extend(_lines(record.truncated_fragment))
    return Counter(line for line in lines if line and line not in STRUCTURE)


def lost_and_invented(text: str, record: Record) -> tuple[Counter[str], Counter[str]]:
    """Return the page lines the Record lacks, and the lines it has that the page does not."""
    page, rebuilt = page_lines(text), record_lines(record)
    return page - rebuilt, rebuilt - page
