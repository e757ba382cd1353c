"""Rendering a validation report: ordered and folded, each finding placed and fixed, three
languages, text, HTML, JSON, the SHACL graph; golden text reports of the seeds."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from dataclasses import replace
from datetime import UTC, datetime
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import TypeVar

import pytest
import rdflib
from pyoxigraph import Literal, NamedNode

from kg.build import STORE_DIR, BuildOptions, build
from kg.store.graph_store import GraphStore
from kg.validation.engine.paths import PropertyPath, SequencePath
from kg.validation.engine.terms import Term
from kg.validation.findings import RecordTexts, findings
from kg.validation.fitness import HOLDINGS, LEVELS, Fitness, assess, to_json
from kg.validation.html import render_html
from kg.validation.places import KeptValue, Owner, Place, RecordSource, kept_as_written
from kg.validation.report import (
    LANGUAGES,
    Section,
    describe_first_violation,
    kept_rows,
    render_json,
    render_text,
    render_turtle,
    summary,
)
from kg.validation.validate import Report, Result, validate_store
from kg.validation.words import count_phrase, fix_text, words
from tests.conftest import GOLDEN, SEEDS

T = TypeVar("T")

SHAPES = "https://w3id.org/kirjasto-kg/shapes#"
ID = "https://w3id.org/kirjasto-kg/id/"
KG = "https://w3id.org/kirjasto-kg/ns#"
SCHEMA = "http://schema.org/"
SH = "http://www.w3.org/ns/shacl#"
CHECK_DIGIT = SHAPES + "LegalBody-businessId-checkDigit"
ISIL_MISSING = SHAPES + "Library-isil-missing"
TRUNCATED = SHAPES + "SourceRecord-truncated-info"
VAASA_BODY = ID + "organisation/business-id/0209602-9"
HANKASALMI_BODY = ID + "organisation/business-id/0174045-0"
VAASA_FILE, HANKASALMI_FILE = "070_vaasa.txt", "100_hankasalmi.txt"
RECORD_FILES = [f"00{n}_cut.txt" for n in range(1, 7)]
RECORD_TEXT = "Otsikko\nY-tunnus : \n{id}\nloppu\n"  # the ID on line 3


def _business_id(focus: str, value: str, valid: str | None) -> Result:
    valid_en = f" The library's valid business ID is {valid}." if valid else ""
    valid_fi = f" Kirjaston oikea Y-tunnus on {valid}." if valid else ""
    return Result(
        severity="Violation",
        source_shape=NamedNode(CHECK_DIGIT),
        focus=NamedNode(focus),
        path=NamedNode(KG + "businessId"),
        value=Literal(value),
        component=NamedNode(SH + "SPARQLConstraintComponent"),
        messages=(
            ("en", f"Legal body {focus}: business ID {value} fails its check digit.{valid_en}"),
            (
                "fi",
                f"Oikeushenkilö {focus}: Y-tunnuksen {value} tarkistusnumero on väärä.{valid_fi}",
            ),
        ),
    )


def _isil_missing(focus: str) -> Result:
    return Result(
        severity="Warning",
        source_shape=NamedNode(ISIL_MISSING),
        focus=NamedNode(focus),
        path=NamedNode(KG + "lacksIdentifier"),
        value=NamedNode(KG + "ISIL"),
        component=NamedNode(SH + "NotConstraintComponent"),
        messages=(
            ("en", "Library {$this} has no ISIL."),
            ("fi", "Kirjastolla {$this} ei ole ISIL-tunnusta."),
            ("sv", "Biblioteket {$this} har ingen ISIL-kod."),
        ),
    )


def _truncated(focus: str) -> Result:
    return Result(
        severity="Info",
        source_shape=NamedNode(TRUNCATED),
        focus=NamedNode(focus),
        path=NamedNode(KG + "truncated"),
        value=Literal("true", datatype=NamedNode(XSD_BOOLEAN)),
        component=NamedNode(SH + "InConstraintComponent"),
        messages=(
            ("en", "Source record {$this} is truncated."),
            ("fi", "Lähdetietue {$this} on katkennut."),
            ("sv", "Källposten {$this} är avkortad."),
        ),
    )


XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


def _terms(by_iri: dict[str, T]) -> dict[Term, T]:
    """`by_iri` keyed by the IRIs' nodes, as a Report keys its focus nodes."""
    return {NamedNode(iri): value for iri, value in by_iri.items()}


LIBRARIES = {ID + "library/unidentified/a": "Alan kirjasto", ID + "library/FI-B": "Bein kirjasto"}
RECORD_NODES = {ID + f"record/{file[:-4]}": file for file in RECORD_FILES}
SHA = {
    VAASA_FILE: hashlib.sha256(RECORD_TEXT.format(id="0209602-9").encode()).hexdigest(),
    HANKASALMI_FILE: hashlib.sha256(RECORD_TEXT.format(id="0174045-0").encode()).hexdigest(),
}
# Given in no order: the report orders them.
RESULTS = (
    *(_truncated(node) for node in RECORD_NODES),
    *(_isil_missing(library) for library in LIBRARIES),
    _business_id(VAASA_BODY, "0209602-9", "0209602-6"),
    _business_id(HANKASALMI_BODY, "0174045-0", None),
)
REPORT = Report(
    results=RESULTS,
    shape_groups=("core", "quality", "info"),
    labels=_terms(
        {
            VAASA_BODY: "0209602-9",
            HANKASALMI_BODY: "0174045-0",
            **LIBRARIES,
            **RECORD_NODES,
        }
    ),
    records=_terms(
        {
            VAASA_BODY: (VAASA_FILE,),
            HANKASALMI_BODY: (HANKASALMI_FILE,),
            ID + "library/unidentified/a": ("001_cut.txt",),
            ID + "library/FI-B": ("002_cut.txt",),
            **{node: (file,) for node, file in RECORD_NODES.items()},
        }
    ),
    shape_names={CHECK_DIGIT: "Legal body: business ID – check digit"},
    rule_names={
        CHECK_DIGIT: {
            "en": "Legal body: business ID – check digit",
            "fi": "Oikeushenkilö: Y-tunnus – tarkistusnumero",
            "sv": "Juridisk person: FO-nummer – kontrollsiffra",
        },
        ISIL_MISSING: {
            "en": "Library: ISIL – missing",
            "fi": "Kirjasto: ISIL-tunnus – puuttuu",
            "sv": "Bibliotek: ISIL-kod – saknas",
        },
        TRUNCATED: {"en": "Source record: truncated copy", "fi": "Lähdetietue: katkennut kopio"},
    },
    places=_terms(
        {
            VAASA_BODY: Place("0209602-9", Owner("library", "Vaasan kaupunginkirjasto")),
            HANKASALMI_BODY: Place("0174045-0", Owner("library", "Hankasalmen kirjasto")),
            **{library: Place(name) for library, name in LIBRARIES.items()},
            **{
                node: Place(file, Owner("project", f"Hanke {file[:3]}"), is_record=True)
                for node, file in RECORD_NODES.items()
            },
        }
    ),
    preferred={(NamedNode(VAASA_BODY), NamedNode(KG + "businessId")): "0209602-6"},
    sources={
        VAASA_FILE: RecordSource(SHA[VAASA_FILE]),
        HANKASALMI_FILE: RecordSource(
            SHA[HANKASALMI_FILE], ((3, "library.business_id: business ID 0174045-0 read"),)
        ),
    },
)


@pytest.fixture
def texts(tmp_path: Path) -> RecordTexts:
    (tmp_path / VAASA_FILE).write_text(RECORD_TEXT.format(id="0209602-9"), encoding="utf-8")
    (tmp_path / HANKASALMI_FILE).write_text(RECORD_TEXT.format(id="0174045-0"), encoding="utf-8")
    return RecordTexts.of_inputs([tmp_path])


def test_violations_come_first_then_warnings_then_infos(texts: RecordTexts) -> None:
    lines = render_text(REPORT, "en", texts=texts).splitlines()
    assert lines[:2] == [
        "Validation report: 2 violations, 2 warnings, 6 infos",
        "Rules: core, quality, info",
    ]
    headings = [line for line in lines if line.endswith(")") and not line.startswith(" ")]
    assert headings == [
        "Violations (2)",
        "Legal body: business ID – check digit (2)",
        "Warnings (2)",
        "Library: ISIL – missing (2)",
        "Infos (6)",
        "Source record: truncated copy (6)",
    ]


def test_each_finding_names_its_library_record_line_and_fix(texts: RecordTexts) -> None:
    text = render_text(REPORT, "en", texts=texts)
    assert (
        "  - Legal body 0209602-9: business ID 0209602-9 fails its check digit. The library's "
        "valid business ID is 0209602-6.\n"
        "    Library: Vaasan kaupunginkirjasto\n"
        "    Record: 070_vaasa.txt, line 3\n"
        "    Fix: write 0209602-6, as the library's other records or a registry give it\n"
    ) in text
    assert (
        "    Library: Hankasalmen kirjasto\n"
        "    Record: 100_hankasalmi.txt, line 3\n"
        "    Fix: the valid check digit after 0174045 is 7: 0174045-7; if another digit is "
        "mistyped, look the ID up in the business register (ytj.fi)\n"
    ) in text


def test_the_line_comes_from_a_parse_warning_when_the_file_is_not_the_one_read(
    tmp_path: Path,
) -> None:
    # A file changed since the build gives no line: its SHA-256 is not the graph's.
    (tmp_path / VAASA_FILE).write_text("changed\n0209602-9\n", encoding="utf-8")
    (tmp_path / HANKASALMI_FILE).write_text("changed\n0174045-0\n", encoding="utf-8")
    text = render_text(REPORT, "en", texts=RecordTexts.of_inputs([tmp_path]))
    assert "    Record: 070_vaasa.txt\n" in text
    assert "    Record: 100_hankasalmi.txt, line 3\n" in text  # its parse warning's line
    assert render_text(REPORT, "en") == text  # the same without the files


def test_one_rules_findings_with_the_same_message_are_folded(texts: RecordTexts) -> None:
    text = render_text(REPORT, "en", texts=texts)
    assert (
        "  - Library Alan kirjasto has no ISIL.\n"
        "    Record: 001_cut.txt\n"
        "    The same for 1 more: Bein kirjasto (002_cut.txt)\n"
    ) in text
    assert (
        "  - Source record 001_cut.txt is truncated.\n"
        "    Project: Hanke 001\n"
        "    The same for 5 more: 002_cut.txt; 003_cut.txt; 004_cut.txt and 2 more "
        "(kg validate --details lists each)\n"
    ) in text
    assert text.count("is truncated") == 1


def test_details_list_every_finding(texts: RecordTexts) -> None:
    text = render_text(REPORT, "en", texts=texts, details=True)
    assert text.count("is truncated") == 6
    assert "The same for" not in text
    assert "  - Source record 006_cut.txt is truncated.\n    Project: Hanke 006\n" in text


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_report_is_whole_in_finnish_and_swedish(lang: str, texts: RecordTexts) -> None:
    text = render_text(REPORT, lang, texts=texts)
    english = render_text(REPORT, "en", texts=texts)
    for phrase in ("Validation report", "Violations", "Record:", "Fix:", "The same for", "line"):
        assert phrase in english and phrase not in text
    for name in REPORT.rule_names[ISIL_MISSING].values():
        assert (name in text) == (name == REPORT.rule_names[ISIL_MISSING][lang])


def test_finnish_words_and_titles() -> None:
    lines = render_text(REPORT, "fi").splitlines()
    assert lines[0] == "Tarkistusraportti: 2 virhettä, 2 varoitusta, 6 huomiota"
    assert "Oikeushenkilö: Y-tunnus – tarkistusnumero (2)" in lines
    assert "    Kirjasto: Vaasan kaupunginkirjasto" in lines
    assert (
        "    Korjaus: kirjoita 0209602-6, kuten kirjaston muut tietueet tai rekisteri sen antavat"
        in lines
    )
    assert "    Tietue: 100_hankasalmi.txt, rivi 3" in lines


def test_a_rule_without_a_title_in_the_language_falls_back_to_english() -> None:
    swedish = render_text(REPORT, "sv").splitlines()
    assert "Source record: truncated copy (6)" in swedish  # no Swedish title given
    assert "  - Källposten 001_cut.txt är avkortad." in swedish
    # A message without Swedish is given in English.
    assert any(line.startswith("  - Legal body 0209602-9: business ID") for line in swedish)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_iri_or_rdf_term_in_the_text_for_people(lang: str, texts: RecordTexts) -> None:
    for text in (
        render_text(REPORT, lang, texts=texts),
        render_text(REPORT, lang, texts=texts, details=True),
    ):
        assert "://" not in text and "<" not in text
        assert not re.search(r"\b(kg|sh|xsd|schema):\w", text)
        assert "true" not in text  # a value that means nothing to a reader is not shown


def test_a_conforming_report_says_so() -> None:
    empty = Report(results=(), shape_groups=("core",))
    assert render_text(empty, "en").splitlines()[2:] == [
        "",
        "No findings: the data follows every rule.",
    ]
    assert "Inga fynd" in render_text(empty, "sv")


def test_sections_come_before_the_findings() -> None:
    holds = Section("What the data holds", (("Records", "122"), ("Cut-off copies", "121")))
    lines = render_text(REPORT, "en", sections=[holds]).splitlines()
    assert lines[2:7] == [
        "",
        "What the data holds",
        "===================",
        "  Records: 122",
        "  Cut-off copies: 121",
    ]
    assert lines.index("Violations (2)") > 7
    html = render_html(REPORT, "en", sections=[holds])
    assert '<tr><th scope="row">Records</th><td>122</td></tr>' in html
    assert html.index("What the data holds") < html.index("Violations (2)")


def test_the_first_violation_in_one_line(texts: RecordTexts) -> None:
    assert describe_first_violation(REPORT, texts) == (
        "Legal body: business ID – check digit: 0209602-9 (library Vaasan kaupunginkirjasto), "
        "070_vaasa.txt, line 3"
    )
    assert describe_first_violation(Report(results=(), shape_groups=("core",))) is None


def test_json_keeps_its_keys_and_adds_where_fix_and_groups(texts: RecordTexts) -> None:
    document = render_json(REPORT, "fi", texts=texts)
    assert document["conforms"] is False
    assert document["counts"] == {"Violation": 2, "Warning": 2, "Info": 6}
    vaasa = next(r for r in document["results"] if r["focus"] == VAASA_BODY)
    assert vaasa == {
        "severity": "Violation",
        "rule": CHECK_DIGIT,
        "rule_name": "Legal body: business ID – check digit",
        "focus": VAASA_BODY,
        "focus_label": "0209602-9",
        "records": [VAASA_FILE],
        "path": KG + "businessId",
        "value": "0209602-9",
        "message": "Oikeushenkilö 0209602-9: Y-tunnuksen 0209602-9 tarkistusnumero on väärä. "
        "Kirjaston oikea Y-tunnus on 0209602-6.",
        "messages": {
            "en": "Legal body 0209602-9: business ID 0209602-9 fails its check digit. "
            "The library's valid business ID is 0209602-6.",
            "fi": "Oikeushenkilö 0209602-9: Y-tunnuksen 0209602-9 tarkistusnumero on väärä. "
            "Kirjaston oikea Y-tunnus on 0209602-6.",
        },
        "component": SH + "SPARQLConstraintComponent",
        "rule_names": REPORT.rule_names[CHECK_DIGIT],
        "name": "0209602-9",
        "owner": {"kind": "library", "name": "Vaasan kaupunginkirjasto"},
        "where": [{"record": VAASA_FILE, "lines": [3]}],
        "fix": {
            "kind": "use",
            "value": "0209602-6",
            "text": "kirjoita 0209602-6, kuten kirjaston muut tietueet tai rekisteri sen antavat",
        },
        "group": 0,
    }
    truncated = [group for group in document["groups"] if group["rule"] == TRUNCATED]
    assert truncated == [
        {"severity": "Info", "rule": TRUNCATED, "count": 6, "results": [0, 1, 2, 3, 4, 5]}
    ]
    assert [group["severity"] for group in document["groups"]] == [
        "Violation",
        "Violation",
        "Warning",
        "Info",
    ]


class _Outline(HTMLParser):
    """The headings, the open elements left at the end, and the text of an HTML page."""

    VOID = frozenset({"meta", "br", "hr", "img", "link", "input"})

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[tuple[str, str]] = []
        self.stack: list[str] = []
        self.text: list[str] = []
        self.lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (self.stack, tag)
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self.stack and re.fullmatch(r"h[1-6]", self.stack[-1]):
            self.headings.append((self.stack[-1], data))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_html_is_one_accessible_page_with_every_finding(lang: str, texts: RecordTexts) -> None:
    page = render_html(REPORT, lang, texts=texts)
    outline = _Outline()
    outline.feed(page)
    assert outline.stack == [] and outline.lang == lang
    levels = [int(tag[1]) for tag, _ in outline.headings]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in itertools.pairwise(levels))
    assert "<script" not in page and "<style>" in page and 'charset="utf-8"' in page
    text = "".join(outline.text)
    assert summary(REPORT, lang) in text
    for file in RECORD_FILES:  # every finding, the folded ones under a disclosure
        assert file in text
    assert page.count("<details>") == 2
    assert "://" not in text.replace("ytj.fi", "")


def test_html_escapes_every_value() -> None:
    focus = ID + "library/FI-X"
    hostile = Report(
        results=(_isil_missing(focus),),
        shape_groups=("quality",),
        labels={NamedNode(focus): '<script>alert("x")</script> & co'},
        records={NamedNode(focus): ("a<b>.txt",)},
        rule_names={ISIL_MISSING: {"en": "Library <b>ISIL</b>"}},
    )
    page = render_html(hostile, "en")
    assert "<script>" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in page
    assert "a&lt;b&gt;.txt" in page and "Library &lt;b&gt;ISIL&lt;/b&gt;" in page


def test_turtle_is_a_standard_shacl_report_and_stable() -> None:
    data = render_turtle(REPORT)
    assert data == render_turtle(REPORT)
    graph = rdflib.Graph().parse(data=data.decode("utf-8"), format="turtle")
    sh = rdflib.Namespace(SH)
    (report,) = graph.subjects(rdflib.RDF.type, sh.ValidationReport)
    assert graph.value(report, sh.conforms).toPython() is False
    results = list(graph.objects(report, sh.result))
    assert len(results) == len(RESULTS)
    vaasa = next(r for r in results if graph.value(r, sh.focusNode) == rdflib.URIRef(VAASA_BODY))
    assert graph.value(vaasa, sh.value) == rdflib.Literal("0209602-9")
    assert {str(m) for m in graph.objects(vaasa, sh.resultMessage)} == {
        f"Legal body {VAASA_BODY}: business ID 0209602-9 fails its check digit. "
        "The library's valid business ID is 0209602-6.",
        f"Oikeushenkilö {VAASA_BODY}: Y-tunnuksen 0209602-9 tarkistusnumero on väärä. "
        "Kirjaston oikea Y-tunnus on 0209602-6.",
    }


def _valued(path: str, value: str, component: str, focus: str = ID + "library/FI-X") -> Report:
    result = Result(
        severity="Violation",
        source_shape=NamedNode(SHAPES + "Some-rule"),
        focus=NamedNode(focus),
        path=_path(path),
        value=Literal(value),
        component=NamedNode(SH + component),
        messages=(("en", "Library {$this}: {$value} is not right."),),
    )
    return Report(results=(result,), shape_groups=("core",), records={NamedNode(focus): ("x.txt",)})


def _path(text: str) -> PropertyPath:
    """A property, or a sequence of them written "(a b)"."""
    if text.startswith("("):
        return SequencePath(tuple(NamedNode(p) for p in text.strip("()").split()))
    return NamedNode(text)


@pytest.mark.parametrize(
    ("path", "value", "component", "preferred", "fix"),
    [
        # The registered form the consolidated graph gives the library (from the registry).
        (KG + "isil", "FI-VM", "PatternConstraintComponent", "FI-Vm", ("use", "FI-Vm")),
        (KG + "isil", "Vaasa", "PatternConstraintComponent", None, ("format", None)),
        (
            KG + "businessId",
            "0209602-9",
            "SPARQLConstraintComponent",
            None,
            ("check_digit", "0209602-6"),
        ),
        # 0000030: the weighted sum leaves 1, for which no check digit is valid.
        (
            KG + "businessId",
            "0000030-5",
            "SPARQLConstraintComponent",
            None,
            ("no_check_digit", None),
        ),
        (KG + "businessId", "209602-6", "PatternConstraintComponent", None, ("format", None)),
        (
            f"({SCHEMA}address {SCHEMA}postalCode)",
            "501001",
            "PatternConstraintComponent",
            None,
            ("format", None),
        ),
        (SCHEMA + "startDate", "2017-13-01", "DatatypeConstraintComponent", None, ("format", None)),
        # A value well written, judged by another rule: nothing to compute.
        (KG + "businessId", "0209602-6", "SPARQLConstraintComponent", None, None),
        (SCHEMA + "name", "Vaasa", "PatternConstraintComponent", None, None),
    ],
)
def test_the_fix_is_computed_where_it_can_be(path, value, component, preferred, fix) -> None:
    report = _valued(path, value, component)
    if preferred is not None:
        first = report.results[0]
        assert first.path is not None
        report = replace(report, preferred={(first.focus, first.path): preferred})
    (finding,) = findings(report)
    assert (None if finding.fix is None else (finding.fix.kind, finding.fix.value)) == fix
    if finding.fix is not None:
        for lang in LANGUAGES:
            said = fix_text(lang, finding.fix)
            assert said and "{" not in said and "None" not in said


def test_every_language_has_every_word() -> None:
    keys = set(words("en"))
    assert all(set(words(lang)) == keys for lang in LANGUAGES)
    assert count_phrase("fi", "Violation", 1) == "1 virhe"
    assert count_phrase("fi", "Violation", 3) == "3 virhettä"
    assert count_phrase("sv", "Info", 149) == "149 noteringar"
    assert count_phrase("en", "Warning", 0) == "0 warnings"


# -- what the data holds (kg.validation.fitness)
# --------------------------------------------------------

# Eight records: the six cut-off copies below core or at it, Vaasa at money, Hankasalmi linked.
FITNESS = Fitness(
    holdings={
        "records": 8,
        "cut_off": 6,
        "with_money": 2,
        "with_dates": 3,
        "with_identifiers": 5,
        "linked": 1,
    },
    levels={
        **{file: "none" if file < "004" else "core" for file in RECORD_FILES},
        VAASA_FILE: "money",
        HANKASALMI_FILE: "linked",
    },
)
OPENING = [
    "",
    "What the data holds",
    "===================",
    "  Records: 8",
    "  Cut-off copies: 6 (75%)",
    "  Records with amounts of money: 2 (25%)",
    "  Records with project dates: 3 (37.5%)",
    "  Records with an identifier (ISIL or business ID): 5 (62.5%)",
    "  Records whose library is linked to a registry: 1 (12.5%)",
    "",
    "Records per fitness level",
    "=========================",
    "  Below core: 3 – lacks a title, a call year or a library identified by its ISIL or "
    "business ID",
    "  Core: 3 – a title, a call year and a library identified by its ISIL or business ID",
    "  Money: 1 – core, and amounts of money that break no money rule (no violation, no warning)",
    "  Portal: 0 – money, and all the open release shows (the grant kind, the library's name, "
    "its business ID, a description or a goal) without a violation, in a copy not cut off",
    "  Linked: 1 – portal, and the library is linked to a registry",
]


def test_the_report_opens_with_what_the_data_holds_and_the_levels() -> None:
    lines = render_text(REPORT, "en", fitness=FITNESS).splitlines()
    assert lines[2 : 2 + len(OPENING)] == OPENING
    assert lines[2 + len(OPENING) :][:2] == ["", "Violations (2)"]


def _figures(lines: list[str]) -> list[list[str]]:
    return [re.findall(r"\d+(?:[.,]\d+)?", line) for line in lines]


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_what_the_data_holds_is_whole_in_finnish_and_swedish(lang: str) -> None:
    lines = render_text(REPORT, lang, fitness=FITNESS).splitlines()
    opening = lines[2 : 2 + len(OPENING)]
    said = words(lang)
    assert [opening[1], opening[10]] == [said["holds"], said["levels"]]
    labels = [line.split(": ")[0].strip() for line in opening if line.startswith("  ")]
    holdings = [said[f"holds.{name}"] for name in HOLDINGS]
    assert labels == holdings + [said[f"level.{level}"] for level in LEVELS]
    # The same figures as in English, the decimals written with a comma.
    english = [[n.replace(".", ",") for n in row] for row in _figures(OPENING)]
    assert _figures(opening) == english
    assert "75 %" in opening[4]  # a space before the percent sign, as Finnish and Swedish write
    english_words = {"records", "level", "core", "portal", "money", "linked", "violation"}
    assert not english_words & set(re.findall(r"[a-z]+", " ".join(opening).lower()))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_html_report_opens_with_the_same_figures(lang: str) -> None:
    page = render_html(REPORT, lang, fitness=FITNESS)
    said = words(lang)
    first_section = page.index("<section>")
    assert page.index(said["holds"]) == page.index("<h2>", first_section) + len("<h2>")
    assert page.index(said["holds"]) < page.index(said["levels"])
    assert page.index(said["levels"]) < page.index(said["Violation.heading"] + " (2)")
    text = render_text(REPORT, lang, fitness=FITNESS).splitlines()[2 : 2 + len(OPENING)]
    for line in text:
        if line.startswith("  "):
            label, value = line.strip().split(": ", 1)
            assert f'<tr><th scope="row">{escape(label)}</th><td>{escape(value)}</td></tr>' in page


def test_the_fitness_comes_before_the_callers_sections() -> None:
    more = Section("More", (("Thing", "1"),))
    lines = render_text(REPORT, "en", fitness=FITNESS, sections=[more]).splitlines()
    assert lines.index("What the data holds") < lines.index("More")


def test_a_report_without_fitness_or_records_still_renders() -> None:
    for lang in LANGUAGES:
        said = words(lang)
        assert said["holds"] not in render_text(REPORT, lang)  # API callers give no fitness
        assert said["holds"] not in render_html(REPORT, lang)
    assert render_json(REPORT)["fitness"] is None
    empty = Fitness(holdings=dict.fromkeys(HOLDINGS, 0), levels={})
    lines = render_text(REPORT, "en", fitness=empty).splitlines()
    assert "  Records: 0" in lines and "  Cut-off copies: 0" in lines  # no share of nothing
    assert "  Linked: 0 – portal, and the library is linked to a registry" in lines


def test_the_json_gives_the_fitness_and_each_records_level() -> None:
    document = render_json(REPORT, "fi", fitness=FITNESS)
    assert document["fitness"] == to_json(FITNESS)
    assert document["fitness"]["records"][VAASA_FILE] == "money"
    assert document["fitness"]["levels"] == {
        "none": 3,
        "core": 3,
        "money": 1,
        "portal": 0,
        "linked": 1,
    }
    assert json.loads(json.dumps(document)) == document


# -- golden reports of the seeds ------------------------------------------------------------


SeedReport = tuple[Report, Fitness, tuple[KeptValue, ...]]


def _built_report(records: Path, out: Path) -> SeedReport:
    """Build `records` into `out`; return its validation, fitness and values kept as written."""
    options = BuildOptions(read_at=datetime(2026, 1, 31, 12, 0, tzinfo=UTC), release=False)
    build([records], out, options)
    store = GraphStore.open(out / STORE_DIR, create=False)
    report = validate_store(store)
    fitness = assess(store, report)
    kept = kept_as_written(store)
    del store
    return report, fitness, kept


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory: pytest.TempPathFactory) -> SeedReport:
    return _built_report(SEEDS, tmp_path_factory.mktemp("seeds"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_seed_report_matches_golden(
    lang: str, seed_report: SeedReport, update_golden: bool
) -> None:
    """The report kg build writes; `pytest --update-golden` writes them anew: read the diff."""
    report, fitness, kept = seed_report
    texts = RecordTexts.of_inputs([SEEDS])
    actual = render_text(report, lang, texts=texts, fitness=fitness, kept=kept)
    golden = GOLDEN / "validation" / f"seeds.{lang}.txt"
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8")


def test_the_seeds_report_opens_with_their_levels(seed_report: SeedReport) -> None:
    report, fitness, _ = seed_report
    lines = render_text(report, "en", fitness=fitness).splitlines()
    assert lines[3:6] == ["What the data holds", "===================", "  Records: 5"]
    at = lines.index("Records per fitness level") + 2
    levels = [line.split(" – ")[0] for line in lines[at : at + 5]]
    assert levels == [
        "  Below core: 1",  # 001: Kalajoki gives no ISIL nor business ID
        "  Core: 3",  # 000, 003, 004: their money does not add up
        "  Money: 0",
        "  Portal: 1",  # 002: Lohja
        "  Linked: 0",
    ]
    assert render_json(report, fitness=fitness)["fitness"]["records"] == {
        "000_52e5d4c243421207.txt": "core",
        "001_2a2d3dfe5334386e.txt": "none",
        "002_189ba8d91d5ac61a.txt": "portal",
        "003_e599603b441184a1.txt": "core",
        "004_2e6b8c7a8187e8e8.txt": "core",
    }


# -- values kept as written ------------------------------------------------------------------

KUOPIO = "000_52e5d4c243421207.txt"  # seeds/: line 55 "€12 800" under "Ansökningssumma:"
LONG_AMOUNT = "€4 056 " + "euroa omaa rahoitusta " * 10  # line 69, under the realized block


@pytest.fixture(scope="module")
def kept_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[SeedReport, RecordTexts]:
    """The seeds with two amounts of Kuopio's record written so that the parser keeps them."""
    records = tmp_path_factory.mktemp("kept-records")
    for seed in SEEDS.glob("*.txt"):
        lines = seed.read_text(encoding="utf-8").split("\n")
        if seed.name == KUOPIO:
            assert (lines[54], lines[68]) == ("€12 800", "€4 056")
            lines[54], lines[68] = "€12 8OO", LONG_AMOUNT
        (records / seed.name).write_text("\n".join(lines), encoding="utf-8")
    built = _built_report(records, tmp_path_factory.mktemp("kept-out"))
    return built, RecordTexts.of_inputs([records])


KEPT_LINES = {
    "en": [
        f"  - {KUOPIO}, line 55: Application: requested '€12 8OO'",
        f"  - {KUOPIO}, line 69: Realized: own funding '€4 056 euroa",
    ],
    "fi": [
        f"  - {KUOPIO}, rivi 55: Anomuksen rahoitus: Haettava avustus yhteensä '€12 8OO'",
        f"  - {KUOPIO}, rivi 69: Toteutunut rahoitus: Oma rahoitus yhteensä '€4 056 euroa",
    ],
    "sv": [
        f"  - {KUOPIO}, rad 55: Finansiering av ansökan: Ansökningssumma '€12 8OO'",
        f"  - {KUOPIO}, rad 69: Förverkligad finansiering: Egen finansiering '€4 056 euroa",
    ],
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_values_kept_as_written_are_listed_with_field_text_and_line(
    lang: str, kept_report: tuple[SeedReport, RecordTexts]
) -> None:
    (report, fitness, kept), texts = kept_report
    assert {(value.record, value.field) for value in kept} == {
        (KUOPIO, "application.requested"),
        (KUOPIO, "realized.own_funding"),
    }
    lines = render_text(report, lang, texts=texts, fitness=fitness, kept=kept).splitlines()
    heading = f"{words(lang)['kept']} (2)"
    at = lines.index(heading)
    assert lines[at + 1 :] == [  # after the findings: the last section of the report
        "=" * len(heading),
        "  " + words(lang)["kept.about"],
        KEPT_LINES[lang][0],
        lines[at + 4],
    ]
    assert lines[at + 4].startswith(KEPT_LINES[lang][1])


def test_the_text_report_lists_the_first_values_kept_and_details_all() -> None:
    kept = [KeptValue(f"{n:03}_x.txt", "library.isil", f"Fi-{n}", line=14) for n in range(12)]
    lines = render_text(REPORT, "fi", kept=kept).splitlines()
    at = lines.index(f"{words('fi')['kept']} (12)")
    assert lines[at + 3] == "  - 000_x.txt, rivi 14: ISIL-tunnus 'Fi-0'"
    assert lines[at + 3 :] == [
        *(f"  - {n:03}_x.txt, rivi 14: ISIL-tunnus 'Fi-{n}'" for n in range(8)),
        "  ja 4 muuta (kg validate --details luettelee jokaisen)",
    ]
    detailed = render_text(REPORT, "fi", kept=kept, details=True).splitlines()
    assert detailed[-1] == "  - 011_x.txt, rivi 14: ISIL-tunnus 'Fi-11'"


def test_a_long_value_kept_as_written_is_cut_to_the_excerpt(
    kept_report: tuple[SeedReport, RecordTexts],
) -> None:
    (report, _, kept), texts = kept_report
    text = render_text(report, "en", texts=texts, kept=kept)
    own = next(line for line in text.splitlines() if "Realized: own funding" in line)
    excerpt = own.split("Realized: own funding ", 1)[1]
    assert excerpt.startswith("'€4 056 euroa omaa") and excerpt.endswith("…'")
    assert len(excerpt) == 82 and LONG_AMOUNT.strip() not in text


def test_the_json_and_html_reports_list_the_values_kept_as_written(
    kept_report: tuple[SeedReport, RecordTexts],
) -> None:
    (report, _, kept), texts = kept_report
    document = render_json(report, texts=texts, kept=kept)
    assert document["kept_as_written"] == [
        {"record": KUOPIO, "field": "application.requested", "text": "€12 8OO", "line": 55},
        {
            "record": KUOPIO,
            "field": "realized.own_funding",
            "text": LONG_AMOUNT.strip(),
            "line": 69,
        },
    ]
    assert render_json(report)["kept_as_written"] is None
    page = render_html(report, "fi", texts=texts, kept=kept)
    table = page[page.index(f"<h2>{words('fi')['kept']} (2)</h2>") :]
    assert '<th scope="col">Kenttä</th>' in table and '<th scope="col">Rivi</th>' in table
    assert (
        f'<tr><th scope="row">{KUOPIO}</th>'
        "<td>Anomuksen rahoitus: Haettava avustus yhteensä</td>"
        f"<td>{escape(repr('€12 8OO'))}</td><td>55</td></tr>"
    ) in table


def test_a_kept_values_line_is_found_under_its_block_and_label() -> None:
    """Without a parse warning, the line is the first holding the text after its label."""
    texts = RecordTexts.of_inputs([SEEDS])
    lines = {
        field: kept_rows([KeptValue(KUOPIO, field, "€0")], "en", texts)[0].line
        for field in (
            "application.other_applied",  # "€0" on lines 61, 63, 71 and 73
            "application.other_received",
            "realized.external_funding",
            "realized.partner_contribution",
        )
    }
    assert list(lines.values()) == [61, 63, 71, 73]
    assert kept_rows([KeptValue(KUOPIO, "granted", "€0")], "en", None)[0].line is None
