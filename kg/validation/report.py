"""A validation Report -> what people and programs read: text, HTML, JSON, the SHACL graph.

    render_text(report, lang, ...)   -> what the data holds and the records per fitness level
                                        (given a `fitness`), then Violations, Warnings, Infos;
                                        each rule's findings with the same message folded into
                                        one, the full list with `details`
    render_json(report, lang, ...)   -> a JSON document (dict) with every result, and the
                                        fitness with each record's level
    render_turtle(report)            -> the standard SHACL report graph, as Turtle bytes
    fitness_sections(fitness, lang)  -> the report's opening: what the data holds, the levels
    kept_rows(kept, lang, texts)     -> the values kept as written: record, field, text, line

Each finding names its node as people know it, the library or project it belongs to, its
record file and line, the value, and the fix where one can be computed (`kg.validation.findings`);
`kg.validation.html` writes the same as an HTML page.
The frame is in Finnish, Swedish or English (`kg.validation.words`), the rule titles and
messages are the shapes' own in that language, so a librarian reads the report whole in
their language; no IRI or RDF term is added to the text for people. The report opens with
what the records hold and how many reach each fitness level (`kg.validation.fitness`, when the
caller
gives it: a report without one renders as before); `sections` are further parts the caller
puts before the findings, already in the reader's language. After the findings come the
values the parser kept as written (`kept`, `kg.validation.places.kept_as_written`, when the
caller gives them), each with its field, its text and its line in the record file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pyoxigraph import RdfFormat, serialize

from kg.excerpts import quote
from kg.records.labels import HEADINGS, LABELS, MONEY_BLOCKS
from kg.records.values import collapse_spaces
from kg.validation.engine.terms import text
from kg.validation.findings import Finding, Group, RecordTexts, Where, findings, fold
from kg.validation.fitness import HOLDINGS, LEVELS, Fitness, to_json
from kg.validation.places import KeptValue
from kg.validation.validate import Report, report_triples
from kg.validation.words import LANGUAGES, count_phrase, field_name, fix_text, words
from kg.vocab import PREFIXES

__all__ = [
    "LANGUAGES",
    "RecordTexts",
    "Section",
    "fitness_sections",
    "kept_rows",
    "render_json",
    "render_text",
    "render_turtle",
]

FOLD_SHOWN = 3  # the other nodes a folded line names before "and N more"
PERCENT_PLACES = Decimal("0.1")

KEPT_SHOWN = 8  # the values kept as written the text report lists before "and N more"
# A field the pages write without a label of its own, under the label of another.
WRITTEN_UNDER = {"library.postal_code": "library.address"}


@dataclass(frozen=True)
class KeptRow:
    """A value kept as written, for people: its record file, field name, quoted text, line."""

    record: str
    field: str
    text: str
    line: int | None


@dataclass(frozen=True)
class Section:
    """A part of the report before its findings, in the reader's language: rows of label, value."""

    heading: str
    rows: tuple[tuple[str, str], ...]


def fitness_sections(fitness: Fitness, lang: str) -> tuple[Section, Section]:
    """Return what the data holds (count and share) and the records per level, in `lang`."""
    said = words(lang)
    shares = fitness.shares()
    holds = tuple(
        (said[f"holds.{name}"], _count_and_share(fitness.holdings[name], shares.get(name), lang))
        for name in HOLDINGS
    )
    counts = fitness.counts_per_level()
    levels = tuple(
        (said[f"level.{level}"], f"{counts[level]} – {said[f'level.{level}.asks']}")
        for level in LEVELS
    )
    return Section(said["holds"], holds), Section(said["levels"], levels)


def _count_and_share(count: int, share: Decimal | None, lang: str) -> str:
    """Return "6 (75%)" in `lang`; the count alone without a share (the records, or none)."""
    return str(count) if share is None else f"{count} ({percent(share, lang)})"


def percent(share: Decimal, lang: str) -> str:
    """Return a share as `lang` writes a percentage, to a tenth: "37.5%", "37,5 %", "75 %"."""
    said = words(lang)
    value = (share * 100).quantize(PERCENT_PLACES)
    text = str(value.to_integral_value()) if value == value.to_integral_value() else str(value)
    return said["percent"].format(value=text.replace(".", said["decimal_mark"]))


def opening(
    lang: str, fitness: Fitness | None, sections: Sequence[Section] = ()
) -> tuple[Section, ...]:
    """Return the parts before the findings: the fitness's (when given), then `sections`."""
    return (*(fitness_sections(fitness, lang) if fitness is not None else ()), *sections)


def kept_rows(
    kept: Sequence[KeptValue], lang: str, texts: RecordTexts | None = None
) -> list[KeptRow]:
    """Return the values kept as written by record file: field name in `lang`, excerpt, line."""
    return [
        KeptRow(value.record, field_name(lang, value.field), quote(value.text), line)
        for value in kept
        for line in [kept_line(value, texts)]
    ]


def kept_line(value: KeptValue, texts: RecordTexts | None) -> int | None:
    """Return the line of its record file where `value` is written; None when not found.

    The line a parse warning gives, else the first line holding its text (its first line)
    after the heading of its money block and its field's label, else anywhere in the file.
    """
    if value.line is not None:
        return value.line
    lines = texts.lines(value.record, value.sha256) if texts is not None else None
    if lines is None:
        return None
    cleaned = [collapse_spaces(line) for line in lines]
    start = 0
    for anchors in _anchors(value.field):
        start = next((at for at in range(start, len(cleaned)) if cleaned[at] in anchors), start)
    first = collapse_spaces(value.text.split("\n", 1)[0])
    found = [at for at, line in enumerate(cleaned) if line == first]
    after = [at for at in found if at >= start]
    return (after or found)[0] + 1 if found else None


def _anchors(path: str) -> list[frozenset[str]]:
    """Return the lines that come before a field's value: its money block's heading, labels."""
    written_under = WRITTEN_UNDER.get(path, path)
    block, _, name = written_under.rpartition(".")
    labels = frozenset(
        label.text for label in LABELS if label.field in (written_under, f"@.{name}")
    )
    if block not in MONEY_BLOCKS:
        return [labels]
    return [frozenset(heading.text for heading in HEADINGS if heading.block == block), labels]


def summary(report: Report, lang: str) -> str:
    """Return the counts per severity in `lang`: "3 violations, 6 warnings, 149 infos"."""
    counts = report.counts()
    return ", ".join(count_phrase(lang, severity, counts[severity]) for severity in counts)


def rule_title(report: Report, shape: str, lang: str) -> str:
    """Return the title of the rule `shape` in `lang` (else English, else any, else its IRI)."""
    names = report.rule_names.get(shape, {})
    return (
        names.get(lang)
        or names.get("en")
        or report.shape_names.get(shape)
        or next(iter(names.values()), shape)
    )


def where_phrase(lang: str, where: Sequence[Where]) -> str:
    """Return "070_x.txt, line 18; 083_y.txt" in `lang`."""
    said = words(lang)
    parts = []
    for place in where:
        if not place.lines:
            parts.append(place.record)
            continue
        label = said["line"] if len(place.lines) == 1 else said["lines"]
        parts.append(f"{place.record}, {label} {', '.join(map(str, place.lines))}")
    return "; ".join(parts)


def finding_facts(finding: Finding, lang: str) -> list[tuple[str, str]]:
    """Return what a reader needs besides the message: (label, text) of owner, where, value, fix."""
    said = words(lang)
    facts = []
    if finding.owner is not None and finding.owner.name != finding.name:
        facts.append((said[finding.owner.kind], finding.owner.name))
    where = where_phrase(lang, finding.where)
    if where and where != finding.name:  # a record's own file, without lines, is its name
        records = said["record"] if len(finding.where) == 1 else said["records"]
        facts.append((records, where))
    value = finding.shown_value(lang)
    if value is not None:
        facts.append((said["value"], value))
    if finding.fix is not None:
        facts.append((said["fix"], fix_text(lang, finding.fix)))
    return facts


def item_name(finding: Finding, lang: str) -> str:
    """Return a folded finding's node in a few words: its name and where it is written."""
    where = where_phrase(lang, finding.where)
    if where.startswith(finding.name):  # a record, named by its file
        return where
    return f"{finding.name} ({where})" if where else finding.name


def describe_first_violation(report: Report, texts: RecordTexts | None = None) -> str | None:
    """Return the first Violation of the report in one English line; None when it has none.

    "Legal body: business ID – check digit: 0209602-9 (library Vaasan kaupunginkirjasto),
    070_x.txt line 18" — the first finding of the text report.
    """
    violations = [rule for rule in fold(findings(report, texts)) if rule.severity == "Violation"]
    if not violations:
        return None
    first = violations[0].groups[0].findings[0]
    text = f"{rule_title(report, violations[0].shape, 'en')}: {first.name}"
    if first.owner is not None and first.owner.name != first.name:
        text += f" ({first.owner.kind} {first.owner.name})"
    if first.where:
        text += ", " + where_phrase("en", first.where[:1])
    return text


def render_text(
    report: Report,
    lang: str = "en",
    *,
    texts: RecordTexts | None = None,
    details: bool = False,
    sections: Sequence[Section] = (),
    fitness: Fitness | None = None,
    kept: Sequence[KeptValue] | None = None,
) -> str:
    """Return the report for people: Violations, Warnings, Infos; same messages folded.

    `texts` (the record files) give the line of each value; `details` lists each finding of
    a folded group on its own; what `fitness` counts comes first, then `sections`; the
    values `kept` as written come last, by record file (the first few, all with `details`).
    """
    said = words(lang)
    lines = [
        f"{said['title']}: {summary(report, lang)}",
        f"{said['rules']}: {', '.join(report.shape_groups)}",
    ]
    for section in opening(lang, fitness, sections):
        lines += ["", *_underlined(section.heading)]
        lines += [f"  {label}: {value}" for label, value in section.rows]
    if not report.results:
        lines += ["", said["none"]]
    rules = fold(findings(report, texts))
    for severity in ("Violation", "Warning", "Info"):
        of_severity = [rule for rule in rules if rule.severity == severity]
        if not of_severity:
            continue
        count = sum(rule.count for rule in of_severity)
        lines += ["", *_underlined(f"{said[severity + '.heading']} ({count})")]
        for rule in of_severity:
            lines += ["", f"{rule_title(report, rule.shape, lang)} ({rule.count})"]
            for group in rule.groups:
                lines += _text_group(group, lang, details)
    if kept is not None:
        lines += _text_kept(kept_rows(kept, lang, texts), lang, details)
    return "\n".join([*lines, ""])


def _text_kept(rows: Sequence[KeptRow], lang: str, details: bool) -> list[str]:
    """Return the section of the values kept as written: a line each, by record file.

    Without `details`, the first KEPT_SHOWN and how many more: the report fits a screen or two.
    """
    said = words(lang)
    lines = ["", *_underlined(f"{said['kept']} ({len(rows)})")]
    lines.append(f"  {said['kept.about'] if rows else said['kept.none']}")
    shown = rows if details or len(rows) <= KEPT_SHOWN + 1 else rows[:KEPT_SHOWN]
    for row in shown:
        where = where_phrase(lang, [Where(row.record, () if row.line is None else (row.line,))])
        lines.append(f"  - {where}: {row.field} {row.text}")
    if len(shown) < len(rows):
        more = said["kept.more"].format(count=len(rows) - len(shown))
        lines.append(f"  {more} ({said['details']})")
    return lines


def _underlined(heading: str) -> list[str]:
    return [heading, "=" * len(heading)]


def _text_group(group: Group, lang: str, details: bool) -> list[str]:
    if details or not group.folded:
        return [line for finding in group.findings for line in _text_finding(finding, lang)]
    said = words(lang)
    first, others = group.findings[0], group.findings[1:]
    names = [item_name(finding, lang) for finding in others]
    if len(names) > FOLD_SHOWN + 1:
        shown = "; ".join(names[:FOLD_SHOWN])
        items = said["and_more"].format(items=shown, count=len(names) - FOLD_SHOWN)
        items += f" ({said['details']})"
    else:
        items = "; ".join(names)
    return [
        *_text_finding(first, lang),
        f"    {said['same'].format(count=len(others))}: {items}",
    ]


def _text_finding(finding: Finding, lang: str) -> list[str]:
    lines = [f"  - {finding.message(lang)}"]
    lines += [f"    {label}: {text}" for label, text in finding_facts(finding, lang)]
    return lines


def render_json(
    report: Report,
    lang: str = "en",
    *,
    texts: RecordTexts | None = None,
    fitness: Fitness | None = None,
    kept: Sequence[KeptValue] | None = None,
) -> dict[str, Any]:
    """Return the report as a JSON-ready dict: conformance, counts, every result, the groups.

    Each result keeps the keys it always had and adds how people name its node ("name"),
    what it belongs to ("owner"), the record files and lines ("where"), the fix ("fix"),
    the rule's title per language ("rule_names") and the folded group it is in ("group").
    "fitness" is `kg.validation.fitness.to_json(fitness)` (each record's level under "records"), or
    None when the caller gives no fitness; "kept_as_written" each value `kept` as written
    ({record, field: its path, text: all of it, line}), or None when the caller gives none.
    """
    found = findings(report, texts)
    groups = [(rule, group) for rule in fold(found) for group in rule.groups]
    group_of = {
        finding.index: number
        for number, (_, group) in enumerate(groups)
        for finding in group.findings
    }
    return {
        "conforms": report.conforms,
        "shapes": list(report.shape_groups),
        "counts": report.counts(),
        "results": [
            _json_result(report, finding, lang, group_of[finding.index]) for finding in found
        ],
        "groups": [
            {
                "severity": rule.severity,
                "rule": rule.shape,
                "count": len(group.findings),
                "results": [finding.index for finding in group.findings],
            }
            for rule, group in groups
        ],
        "fitness": to_json(fitness) if fitness is not None else None,
        "kept_as_written": (
            [
                {
                    "record": value.record,
                    "field": value.field,
                    "text": value.text,
                    "line": kept_line(value, texts),
                }
                for value in kept
            ]
            if kept is not None
            else None
        ),
    }


def _json_result(report: Report, finding: Finding, lang: str, group: int) -> dict[str, Any]:
    result = finding.result
    fix = finding.fix
    return {
        "severity": result.severity,
        "rule": text(result.source_shape),
        "rule_name": report.shape_names.get(text(result.source_shape)),
        "focus": text(result.focus),
        "focus_label": report.labels.get(result.focus),
        "records": list(report.records.get(result.focus, ())),
        "path": result.path_text,
        "value": result.value_text,
        "message": result.message(lang, report.labels.get(result.focus)),
        "messages": {
            lang_: result.message(lang_, report.labels.get(result.focus))
            for lang_, _ in result.messages
        },
        "component": result.component.value,
        "rule_names": dict(sorted(report.rule_names.get(text(result.source_shape), {}).items())),
        "name": finding.name,
        "owner": (
            {"kind": finding.owner.kind, "name": finding.owner.name} if finding.owner else None
        ),
        "where": [{"record": where.record, "lines": list(where.lines)} for where in finding.where],
        "fix": (
            {"kind": fix.kind, "value": fix.value, "text": fix_text(lang, fix)} if fix else None
        ),
        "group": group,
    }


def render_turtle(report: Report) -> bytes:
    """Return the standard SHACL validation report graph as Turtle, the same bytes every time."""
    data = serialize(report_triples(report), format=RdfFormat.TURTLE, prefixes=PREFIXES)
    assert data is not None  # without an output to write to, serialize returns the bytes
    return data
