"""The quality findings the site shows: the SHACL report beside the store, placed on things.

    report = read_findings(path, store, things)   -> Findings, or None when there is no report
    report.of(thing)                              the findings about the thing and its parts
    report.shown, report.hidden                   all that are shown; how many are not

The report (`validation.ttl`, written by kg build) is of the whole store, personal data
included: a finding is shown only when its focus node is in the open union and the value it
names (which its message may quote) is too. The others are counted, not shown.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import DefaultGraph, Literal, NamedNode, QuerySolutions, RdfFormat, Store

from kg.errors import InputError
from kg.site.describe import Things
from kg.vocab import SH

REPORT_FILE = "validation.ttl"  # beside the store, in the build folder
SEVERITIES = ("Violation", "Warning", "Info")
_QUERY = (
    f"PREFIX sh: <{SH.iri}>\n"
    + """
SELECT ?result ?focus ?severity ?shape ?path ?value ?message WHERE {
  ?result a sh:ValidationResult ; sh:focusNode ?focus ; sh:resultSeverity ?severity .
  OPTIONAL { ?result sh:sourceShape ?shape }
  OPTIONAL { ?result sh:resultPath ?path }
  OPTIONAL { ?result sh:value ?value }
  OPTIONAL { ?result sh:resultMessage ?message }
}
"""
)


@dataclass(frozen=True)
class Finding:
    """One result of the report: what it is about, how serious, which rule, what it says."""

    focus: NamedNode
    owner: NamedNode | None  # the thing whose page shows it (None: the dataset's alone)
    severity: str  # "Violation", "Warning" or "Info"
    rule: str  # the local name of its shape
    messages: dict[str, str]  # by language

    def message(self, lang: str) -> str:
        """Return its message in `lang`, else in English, else any."""
        return (
            self.messages.get(lang)
            or self.messages.get("en")
            or next(iter(self.messages.values()), self.rule)
        )


@dataclass(frozen=True)
class Findings:
    """The findings of a report that the site shows, by thing; and how many it leaves out."""

    shown: tuple[Finding, ...]
    hidden: int
    _by_owner: dict[NamedNode, tuple[Finding, ...]]

    def of(self, thing: NamedNode) -> tuple[Finding, ...]:
        """Return the findings about `thing` and its parts, most serious first."""
        return self._by_owner.get(thing, ())


def read_findings(path: Path, store: Store, things: Things) -> Findings | None:
    """Read the SHACL report at `path` and keep what the open union `store` may show.

    None when there is no report there; InputError when it is not Turtle.
    """
    if not path.is_file():
        return None
    report = Store()
    try:
        report.load(path=str(path), format=RdfFormat.TURTLE)
    except (OSError, SyntaxError) as exc:
        raise InputError(f"cannot read the quality report ({exc})", where=str(path)) from exc
    grouped: dict[str, dict[str, object]] = {}
    rows = report.query(_QUERY)
    assert isinstance(rows, QuerySolutions)  # a SELECT
    for row in rows:
        key = str(row["result"])
        entry = grouped.setdefault(key, {"messages": {}})
        for name in ("focus", "severity", "shape", "path", "value"):
            if row[name] is not None:
                entry[name] = row[name]
        message = row["message"]
        if isinstance(message, Literal):
            messages = entry["messages"]
            assert isinstance(messages, dict)
            messages[message.language or "en"] = message.value
    shown: list[Finding] = []
    hidden = 0
    graph = DefaultGraph()
    for entry in grouped.values():
        focus, value = entry.get("focus"), entry.get("value")
        public = isinstance(focus, NamedNode) and _holds(store, focus, graph)
        if public and isinstance(value, Literal):
            public = next(iter(store.quads_for_pattern(None, None, value, graph)), None) is not None
        if not public:
            hidden += 1
            continue
        assert isinstance(focus, NamedNode)
        severity, shape = entry.get("severity"), entry.get("shape")
        messages = entry["messages"]
        assert isinstance(messages, dict)
        shown.append(
            Finding(
                focus=focus,
                owner=things.owner(focus),
                severity=_local(severity) if isinstance(severity, NamedNode) else "Info",
                rule=_local(shape) if isinstance(shape, NamedNode) else "",
                messages=dict(sorted(messages.items())),
            )
        )
    shown.sort(key=_order)
    by_owner: dict[NamedNode, list[Finding]] = defaultdict(list)
    for finding in shown:
        if finding.owner is not None:
            by_owner[finding.owner].append(finding)
    return Findings(tuple(shown), hidden, {k: tuple(v) for k, v in by_owner.items()})


def _holds(store: Store, subject: NamedNode, graph: DefaultGraph) -> bool:
    return next(iter(store.quads_for_pattern(subject, None, None, graph)), None) is not None


def _local(iri: NamedNode) -> str:
    text = iri.value
    return text.rsplit("#", 1)[-1] if "#" in text else text.rsplit("/", 1)[-1]


def _order(finding: Finding) -> tuple[int, str, str, str]:
    severity = SEVERITIES.index(finding.severity) if finding.severity in SEVERITIES else 3
    return (severity, finding.rule, finding.focus.value, finding.message("en"))
