"""A validation Report -> one self-contained HTML page with the content of the text report.

    render_html(report, lang, texts=..., sections=..., fitness=..., kept=...) -> the page

Every finding is on the page: a folded group shows its first finding and the others under a
disclosure (`<details>`, no script). Headings go in order (h1 the report, h2 a part or a
severity, h3 a rule), facts are a description list, the parts before the findings (what the
data holds and the records per fitness level, as in the text report) a table each, and so
are the values kept as written, after the findings;
the style is inline, dark text on light ground, and every value is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from kg.validation.findings import Finding, Group, RecordTexts, Rule, findings, fold
from kg.validation.fitness import Fitness
from kg.validation.places import KeptValue
from kg.validation.report import (
    KeptRow,
    Section,
    finding_facts,
    kept_rows,
    opening,
    rule_title,
    summary,
)
from kg.validation.validate import Report
from kg.validation.words import words

SEVERITY_CLASSES = {"Violation": "violation", "Warning": "warning", "Info": "info"}

_STYLE = """
body { font-family: system-ui, sans-serif; line-height: 1.5; color: #1a1a1a;
  background: #ffffff; margin: 0; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.6rem; }
h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 2px solid #555555; }
h3 { font-size: 1.05rem; margin-bottom: 0.25rem; }
section.violation h2 { color: #8a1111; border-color: #8a1111; }
section.warning h2 { color: #6b4200; border-color: #6b4200; }
section.info h2 { color: #1d4a72; border-color: #1d4a72; }
ul.findings { list-style: none; padding-left: 0; }
li.finding { border-left: 4px solid #767676; padding: 0.25rem 0 0.25rem 0.75rem;
  margin: 0.5rem 0; }
section.violation li.finding { border-color: #8a1111; }
section.warning li.finding { border-color: #6b4200; }
section.info li.finding { border-color: #1d4a72; }
p.message { margin: 0 0 0.25rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0 1rem; margin: 0; }
dt { font-weight: 600; }
dd { margin: 0; overflow-wrap: anywhere; }
details { margin-top: 0.5rem; }
summary { cursor: pointer; color: #1d4a72; }
table { border-collapse: collapse; }
th, td { text-align: left; padding: 0.2rem 1rem 0.2rem 0; border-bottom: 1px solid #d0d0d0; }
""".strip()


def render_html(
    report: Report,
    lang: str = "en",
    *,
    texts: RecordTexts | None = None,
    sections: Sequence[Section] = (),
    fitness: Fitness | None = None,
    kept: Sequence[KeptValue] | None = None,
) -> str:
    """Return the report as one HTML page in `lang`: every finding, the folded ones disclosed.

    `texts` (the record files) give the line of each value; what `fitness` counts comes
    first, then `sections`; the values `kept` as written come last.
    """
    said = words(lang)
    body = [
        f"<h1>{escape(said['title'])}</h1>",
        f"<p>{escape(summary(report, lang))}</p>",
        f"<p>{escape(said['rules'])}: {escape(', '.join(report.shape_groups))}</p>",
    ]
    body += [_section(section) for section in opening(lang, fitness, sections)]
    if not report.results:
        body.append(f"<p>{escape(said['none'])}</p>")
    rules = fold(findings(report, texts))
    for severity, css in SEVERITY_CLASSES.items():
        of_severity = [rule for rule in rules if rule.severity == severity]
        if of_severity:
            body.append(_severity(report, severity, css, of_severity, lang))
    if kept is not None:
        body.append(_kept(kept_rows(kept, lang, texts), lang))
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{escape(lang)}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(said['title'])}: {escape(summary(report, lang))}</title>",
            f"<style>\n{_STYLE}\n</style>",
            "</head>",
            "<body>",
            "<main>",
            *body,
            "</main>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _section(section: Section) -> str:
    rows = "\n".join(
        f'<tr><th scope="row">{escape(label)}</th><td>{escape(value)}</td></tr>'
        for label, value in section.rows
    )
    return f"<section>\n<h2>{escape(section.heading)}</h2>\n<table>\n{rows}\n</table>\n</section>"


def _kept(rows: list[KeptRow], lang: str) -> str:
    """Return the values kept as written as a table: record, field, text, line."""
    said = words(lang)
    heading = f"{said['kept']} ({len(rows)})"
    parts = ["<section>", f"<h2>{escape(heading)}</h2>"]
    parts.append(f"<p>{escape(said['kept.about'] if rows else said['kept.none'])}</p>")
    if rows:
        columns = (said["record"], said["field"], said["text"], said["line"].capitalize())
        head = "".join(f'<th scope="col">{escape(column)}</th>' for column in columns)
        parts += ["<table>", f"<thead><tr>{head}</tr></thead>", "<tbody>"]
        parts += [
            f'<tr><th scope="row">{escape(row.record)}</th><td>{escape(row.field)}</td>'
            f"<td>{escape(row.text)}</td>"
            f"<td>{row.line if row.line is not None else ''}</td></tr>"
            for row in rows
        ]
        parts += ["</tbody>", "</table>"]
    parts.append("</section>")
    return "\n".join(parts)


def _severity(report: Report, severity: str, css: str, rules: list[Rule], lang: str) -> str:
    count = sum(rule.count for rule in rules)
    heading = f"{words(lang)[severity + '.heading']} ({count})"
    parts = [f'<section class="{css}">', f"<h2>{escape(heading)}</h2>"]
    for rule in rules:
        parts.append(f"<h3>{escape(rule_title(report, rule.shape, lang))} ({rule.count})</h3>")
        parts.append('<ul class="findings">')
        parts += [_group(group, lang) for group in rule.groups]
        parts.append("</ul>")
    parts.append("</section>")
    return "\n".join(parts)


def _group(group: Group, lang: str) -> str:
    first, others = group.findings[0], group.findings[1:]
    if not others:
        return f'<li class="finding">{_finding(first, lang)}</li>'
    summary_text = words(lang)["same"].format(count=len(others))
    items = "\n".join(f'<li class="finding">{_finding(other, lang)}</li>' for other in others)
    return (
        f'<li class="finding">{_finding(first, lang)}\n<details>\n'
        f"<summary>{escape(summary_text)}</summary>\n"
        f'<ul class="findings">\n{items}\n</ul>\n</details></li>'
    )


def _finding(finding: Finding, lang: str) -> str:
    facts = "".join(
        f"<dt>{escape(label)}</dt><dd>{escape(text)}</dd>"
        for label, text in finding_facts(finding, lang)
    )
    message = f'<p class="message">{escape(finding.message(lang))}</p>'
    return message + (f"<dl>{facts}</dl>" if facts else "")
