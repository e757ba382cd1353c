"""A validation Report -> findings people act on: where each is and what to do, folded, ordered.

    RecordTexts.of_files(paths)   the record files by name, read to find the line of a value
    findings(report, texts)       -> [Finding]: one per result, with the name of its node, the
                                     library or project it belongs to, its record files and
                                     lines, and the fix where one can be computed
    fold(findings)                -> [Rule]: Violations, then Warnings, then Infos; in each
                                     rule, the findings with the same message in one Group

A value's line is the line of its record file that holds it as written (the file is read
only when the graph's SHA-256 of it matches), else the line of a parse warning that names it.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Literal, NamedNode

from kg.records.batch import STDIN, record_sources
from kg.records.values import business_id_check_digit, collapse_spaces, is_valid_business_id
from kg.validation.engine.paths import PropertyPath, SequencePath
from kg.validation.engine.terms import text
from kg.validation.places import Owner, RecordSource
from kg.validation.validate import SEVERITIES, Report, Result
from kg.validation.words import Fix
from kg.vocab import KG, SCHEMA, SH, XSD

# The kind of value each property holds, for the fix of a value that is not well written.
VALUE_FIELDS = {
    KG.businessId.value: "business_id",
    KG.isil.value: "isil",
    SCHEMA.postalCode.value: "postal_code",
    SCHEMA.email.value: "email",
    SCHEMA.startDate.value: "date",
    SCHEMA.endDate.value: "date",
    SCHEMA.value.value: "amount",
}
# The constraints that judge how a value is written: their findings get the expected format.
FORM_COMPONENTS = frozenset(
    SH.iri + component
    for component in ("PatternConstraintComponent", "DatatypeConstraintComponent")
)
LONGEST_LOCATED = 200  # characters: a longer value is a text, not one line of a record
_PLACEHOLDER = "\x00"  # the node's name in a message, to compare messages of several nodes


@dataclass(frozen=True)
class Where:
    """A record file that writes a finding's value, and the lines that hold it (when known)."""

    record: str
    lines: tuple[int, ...] = ()


@dataclass(frozen=True)
class Finding:
    """One result for people: its node's name, what that belongs to, where it is, the fix."""

    index: int  # the result's place in Report.results
    result: Result
    name: str
    owner: Owner | None
    where: tuple[Where, ...]
    fix: Fix | None

    def message(self, lang: str) -> str:
        """Return the shape's message in `lang` (else English), the node named by its name."""
        return self.result.message(lang, self.name)

    def shown_value(self, lang: str) -> str | None:
        """Return the value to show beside the message: a literal the message does not hold."""
        value = _literal_text(self.result)
        if value is None:
            return None
        return None if value in self.message(lang) else value


@dataclass(frozen=True)
class Group:
    """Findings of one rule with the same message but for the node: shown as one when folded."""

    findings: tuple[Finding, ...]

    @property
    def folded(self) -> bool:
        """True when the group holds more than one finding."""
        return len(self.findings) > 1


@dataclass(frozen=True)
class Rule:
    """The findings of one shape, in groups."""

    severity: str
    shape: str
    groups: tuple[Group, ...]

    @property
    def count(self) -> int:
        """The number of findings of the rule."""
        return sum(len(group.findings) for group in self.groups)


class RecordTexts:
    """The record files by name, read when a finding needs the line of a value."""

    def __init__(self, paths: Mapping[str, Path]) -> None:
        self._paths = dict(paths)
        self._lines: dict[str, list[str] | None] = {}

    @classmethod
    def of_files(cls, paths: Iterable[str | Path]) -> RecordTexts:
        """Return the texts of record files `paths`, named as the graph names them (file name)."""
        return cls({Path(path).name: Path(path) for path in paths if str(path) != STDIN})

    @classmethod
    def of_inputs(cls, inputs: Iterable[str | Path]) -> RecordTexts:
        """Return the texts of the record files of `inputs` (files, or folders of *.txt files)."""
        return cls.of_files(record_sources(inputs))

    def lines(self, record: str, sha256: str | None) -> list[str] | None:
        """Return the lines of the file `record`, as the parser numbers them from 1.

        None when the file is not at hand, cannot be read or decoded, or is not the file the
        graph was built from (`sha256`, when the graph gives it, differs).
        """
        key = f"{record}\n{sha256}"
        if key not in self._lines:
            self._lines[key] = self._read(record, sha256)
        return self._lines[key]

    def _read(self, record: str, sha256: str | None) -> list[str] | None:
        path = self._paths.get(record)
        if path is None:
            return None
        try:
            data = path.read_bytes()
        except OSError:
            return None
        if sha256 is not None and hashlib.sha256(data).hexdigest() != sha256:
            return None
        text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
        return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def findings(report: Report, texts: RecordTexts | None = None) -> list[Finding]:
    """Return a Finding of each result of `report`, in the order of its results."""
    found = []
    for index, result in enumerate(report.results):
        place = report.places.get(result.focus)
        found.append(
            Finding(
                index=index,
                result=result,
                name=place.name if place else report.labels.get(result.focus, text(result.focus)),
                owner=place.owner if place else None,
                where=_where(result, report, texts),
                fix=_fix(result, report),
            )
        )
    return found


def fold(found: Iterable[Finding]) -> list[Rule]:
    """Return the findings by rule, Violations first; one rule's same messages in one Group."""
    by_rule: dict[tuple[int, str], dict[tuple[object, ...], list[Finding]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for finding in found:
        result = finding.result
        severity = SEVERITIES.index(result.severity) if result.severity in SEVERITIES else 3
        same = tuple((lang, result.message(lang, _PLACEHOLDER)) for lang, _ in result.messages)
        by_rule[(severity, text(result.source_shape))][same].append(finding)
    rules = []
    for (severity, shape), messages in sorted(by_rule.items()):
        groups = [Group(tuple(sorted(items, key=_order))) for items in messages.values()]
        groups.sort(key=lambda group: _order(group.findings[0]))
        name = SEVERITIES[severity] if severity < len(SEVERITIES) else "Info"
        rules.append(Rule(name, shape, tuple(groups)))
    return rules


def _order(finding: Finding) -> tuple[str, int, str, int]:
    first = finding.where[0] if finding.where else Where("\uffff")
    return (first.record, first.lines[0] if first.lines else 0, finding.name, finding.index)


def _where(result: Result, report: Report, texts: RecordTexts | None) -> tuple[Where, ...]:
    """Return the record files (and lines) where `result`'s value is written.

    A source record's parse warnings give their lines; a value is looked for in the files of
    the records that describe its node, and only those that hold it are kept (all, without
    lines, when none does).
    """
    records = report.records.get(result.focus, ())
    place = report.places.get(result.focus)
    if place is not None and place.is_record:
        if result.path == KG.parseWarning:
            return tuple(
                Where(file, tuple(line for line, _ in _source(report, file).warnings))
                for file in records
            )
        return tuple(Where(file) for file in records)
    value = _written_value(result)
    located: tuple[Where, ...] = ()
    if value is not None:
        located = tuple(
            Where(file, lines)
            for file in records
            if (lines := _lines_holding(value, _source(report, file), file, texts))
        )
    return located or tuple(Where(file) for file in records)


def _source(report: Report, file: str) -> RecordSource:
    return report.sources.get(file, RecordSource())


def _literal_text(result: Result) -> str | None:
    """Return the lexical form of `result`'s value when it is a literal, not a boolean."""
    value = result.value
    if not isinstance(value, Literal) or value.datatype == XSD.boolean:
        return None
    return value.value


def _written_value(result: Result) -> str | None:
    """Return the value of `result` as a record may write it: a short literal, not a boolean."""
    value = _literal_text(result)
    if value is None:
        return None
    if len(value) < 3 or len(value) > LONGEST_LOCATED or "\n" in value:
        return None
    return value


def _lines_holding(
    value: str, source: RecordSource, file: str, texts: RecordTexts | None
) -> tuple[int, ...]:
    """Return the lines of `file` that hold `value`: in its text, else in its parse warnings."""
    pattern = re.compile(rf"(?<!\w){re.escape(value)}(?!\w)")
    lines = texts.lines(file, source.sha256) if texts is not None else None
    if lines is not None:
        found = tuple(
            number
            for number, line in enumerate(lines, start=1)
            if pattern.search(collapse_spaces(line))
        )
        if found:
            return found
    return tuple(line for line, message in source.warnings if pattern.search(message))


def _fix(result: Result, report: Report) -> Fix | None:
    """Return what to do about `result`'s value, where it can be computed."""
    field = VALUE_FIELDS.get(_last_property(result.path))
    value = result.value.value if isinstance(result.value, Literal) else None
    if field is None or value is None or result.path is None:
        return None
    preferred = report.preferred.get((result.focus, result.path))
    if preferred is not None:
        return Fix("use", field, value=preferred)
    well_formed = re.fullmatch(r"\d{7}-\d", value) is not None
    if field == "business_id" and well_formed and not is_valid_business_id(value):
        stem = value[:7]
        digit = business_id_check_digit(stem)
        if digit is None:
            return Fix("no_check_digit", field, stem=stem)
        return Fix("check_digit", field, value=f"{stem}-{digit}", stem=stem)
    if result.component.value in FORM_COMPONENTS:
        return Fix("format", field)
    return None


def _last_property(path: PropertyPath | None) -> str:
    """Return the property a path ends with: itself, or the last step of a sequence."""
    if isinstance(path, SequencePath):
        path = path.steps[-1]
    return path.value if isinstance(path, NamedNode) else ""
