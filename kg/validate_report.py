"""A validation Report -> what people and programs read: text, JSON, the SHACL report graph.

    render_text(report, lang)   -> grouped by record and by rule, counts per severity
    render_json(report, lang)   -> a JSON document (dict) with every result
    render_turtle(report)       -> the standard SHACL report graph, as Turtle bytes

The frame of the text report (headings, severities) is in Finnish or English like the
messages, so a librarian can read it whole in their language.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from pyoxigraph import RdfFormat, serialize

from kg.validate import SEVERITIES, Report, Result, report_triples
from kg.vocab import PREFIXES

LANGUAGES = ("fi", "en")

_WORDS = {
    "en": {
        "title": "SHACL validation",
        "shapes": "shapes",
        "Violation": ("violation", "violations"),
        "Warning": ("warning", "warnings"),
        "Info": ("info", "infos"),
        "shared": "Shared by several records",
        "none": "No results: the graph conforms to the shapes.",
        "value": "value",
        "elsewhere": "Not in any record",
    },
    "fi": {
        "title": "SHACL-tarkistus",
        "shapes": "säännöt",
        "Violation": ("virhe", "virhettä"),
        "Warning": ("varoitus", "varoitusta"),
        "Info": ("huomio", "huomiota"),
        "shared": "Usean tietueen yhteiset",
        "none": "Ei havaintoja: tietoverkko noudattaa sääntöjä.",
        "value": "arvo",
        "elsewhere": "Ei minkään tietueen",
    },
}
_SEVERITY_NAMES = {
    "en": {"Violation": "Violation", "Warning": "Warning", "Info": "Info"},
    "fi": {"Violation": "Virhe", "Warning": "Varoitus", "Info": "Huomio"},
}


def _count_phrase(lang: str, severity: str, count: int) -> str:
    one, many = _WORDS[lang][severity]
    return f"{count} {one if count == 1 else many}"


def _group(report: Report, result: Result, lang: str) -> str:
    records = report.records.get(result.focus, ())
    if len(records) > 1:
        return "~" + _WORDS[lang]["shared"]
    return records[0] if records else "~~" + _WORDS[lang]["elsewhere"]


def render_text(report: Report, lang: str = "en") -> str:
    """Return the report for people: results grouped by record, then by rule."""
    words = _WORDS[lang]
    counts = report.counts()
    summary = ", ".join(_count_phrase(lang, severity, counts[severity]) for severity in SEVERITIES)
    lines = [f"{words['title']} ({words['shapes']}: {', '.join(report.shape_groups)}): {summary}"]
    if not report.results:
        return "\n".join([*lines, words["none"], ""])
    groups: dict[str, dict[tuple[int, str], list[Result]]] = defaultdict(lambda: defaultdict(list))
    for result in report.results:
        rule = (SEVERITIES.index(result.severity), result.source_shape)
        groups[_group(report, result, lang)][rule].append(result)
    for group in sorted(groups):
        lines.append("")
        lines.append(group.lstrip("~"))
        for (severity_index, shape), results in sorted(groups[group].items()):
            severity = _SEVERITY_NAMES[lang][SEVERITIES[severity_index]]
            name = report.shape_names.get(shape, shape)
            lines.append(f"  {severity}: {name} <{shape}>")
            for result in results:
                label = report.labels.get(result.focus, result.focus)
                message = result.message(lang, label)
                line = f"    {label} <{result.focus}>: {message}"
                if result.value not in (None, result.focus) and result.value not in message:
                    line += f" ({words['value']}: {result.value!r})"
                lines.append(line)
    return "\n".join([*lines, ""])


def render_json(report: Report, lang: str = "en") -> dict[str, Any]:
    """Return the report as a JSON-ready dict: conformance, counts and every result."""
    return {
        "conforms": report.conforms,
        "shapes": list(report.shape_groups),
        "counts": report.counts(),
        "results": [
            {
                "severity": result.severity,
                "rule": result.source_shape,
                "rule_name": report.shape_names.get(result.source_shape),
                "focus": result.focus,
                "focus_label": report.labels.get(result.focus),
                "records": list(report.records.get(result.focus, ())),
                "path": result.path,
                "value": result.value,
                "message": result.message(lang, report.labels.get(result.focus)),
                "messages": {
                    lang_: result.message(lang_, report.labels.get(result.focus))
                    for lang_, _ in result.messages
                },
                "component": result.component,
            }
            for result in report.results
        ],
    }


def render_turtle(report: Report) -> bytes:
    """Return the standard SHACL validation report graph as Turtle, the same bytes every time."""
    return serialize(report_triples(report), format=RdfFormat.TURTLE, prefixes=PREFIXES)
