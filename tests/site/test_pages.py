"""The content of the pages: a project's data (golden), findings kept and left out, the words."""

from __future__ import annotations

import html
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, Store, Triple

from kg.iris import DEFAULT_BASE
from kg.site.data import SiteData
from kg.site.describe import Things, description
from kg.site.findings import read_findings
from kg.site.links import Linker, Site
from kg.site.pages import ThingContent, ThingPages, statements
from kg.site.paths import Layout
from kg.site.schemaorg import embedded
from kg.site.texts import date_text, money, number, share
from kg.site.vocabulary import Vocabulary
from kg.vocab import KG, RDF, SCHEMA
from tests.conftest import GOLDEN
from tests.site.conftest import SeedGraph

POP_UP = NamedNode(DEFAULT_BASE + "project/2016-fi-km-pop-up-kirjasto-sinne-missa-ihmiset-ovat")
GOLDEN_PAGE = GOLDEN / "site" / "pop-up-project.en.json"
_TAG = re.compile(r"<[^>]+>")
_HREF = re.compile(r'href="([^"]*)"')

# A SHACL report of four findings: about a contact person (whom the open union leaves out), a
# phone the union lacks, a phone it holds, and a part of a project it does not describe.
REPORT = """@prefix sh: <http://www.w3.org/ns/shacl#> .
[] a sh:ValidationResult ; sh:focusNode <{contact}> ; sh:resultSeverity sh:Warning ;
   sh:sourceShape <https://w3id.org/kirjasto-kg/shapes#ContactPerson-email-syntax> ;
   sh:value "anna.a@x.fi, b.b@x.fi" ; sh:resultMessage "anna.a@x.fi, b.b@x.fi is not one"@en .
[] a sh:ValidationResult ; sh:focusNode <{library}> ; sh:resultSeverity sh:Warning ;
   sh:sourceShape <https://w3id.org/kirjasto-kg/shapes#Library-phone> ;
   sh:value "040 765 4321" ; sh:resultMessage "040 765 4321 is odd"@en .
[] a sh:ValidationResult ; sh:focusNode <{library}> ; sh:resultSeverity sh:Info ;
   sh:sourceShape <https://w3id.org/kirjasto-kg/shapes#Library-phone-info> ;
   sh:value "09 123 4500" ; sh:resultMessage "09 123 4500 is a switchboard"@en ,
   "09 123 4500 on vaihde"@fi .
[] a sh:ValidationResult ; sh:focusNode <{project}/grant> ; sh:resultSeverity sh:Violation ;
   sh:sourceShape <https://w3id.org/kirjasto-kg/shapes#Grant-x> ; sh:resultMessage "no"@en .
"""


def _site(graph: SeedGraph) -> Site:
    data = SiteData.of(graph.store, graph.things)
    return Site(Layout(DEFAULT_BASE, "fi"), graph.things, data, Vocabulary.load())


def _content(
    site: Site, graph: SeedGraph, thing: NamedNode, lang: str, findings: object
) -> ThingContent:
    maker = ThingPages(site, findings)  # type: ignore[arg-type] # a Findings or None
    index = statements(description(graph.store, graph.things, thing))
    linker = Linker(site, site.layout.thing_page(thing, lang), lang)
    return maker.content(thing, index, linker)


def _plain(piece: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", piece)).split())


def page_data(content: ThingContent) -> dict[str, object]:
    """Return what a page shows as plain data: its texts and the links among them."""
    blocks = [
        {"text": _plain(str(block)), "links": _HREF.findall(str(block))} for block in content.blocks
    ]
    return {
        "title": [content.title.value, content.title.lang],
        "summary": [
            [label, [_plain(v) for v in values], [h for v in values for h in _HREF.findall(v)]]
            for label, values in content.summary
        ],
        "texts": [[label, [_plain(v) for v in values]] for label, values in content.texts],
        "blocks": blocks,
        "findings": _plain(str(content.findings)),
        "parts": re.findall(r'<section class="part" id="([^"]+)"', str(content.details)),
    }


def test_a_project_page_shows_its_data(
    seed_graph: SeedGraph, seed_build: Path, update_golden: bool
) -> None:
    site = _site(seed_graph)
    findings = read_findings(seed_build / "validation.ttl", seed_graph.store, seed_graph.things)
    actual = page_data(_content(site, seed_graph, POP_UP, "en", findings))
    if update_golden:
        GOLDEN_PAGE.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(actual, ensure_ascii=False, indent=1) + "\n"
        GOLDEN_PAGE.write_text(text, encoding="utf-8")
    assert actual == json.loads(GOLDEN_PAGE.read_text(encoding="utf-8"))


def test_without_a_report_the_page_says_so(seed_graph: SeedGraph) -> None:
    site = _site(seed_graph)
    content = _content(site, seed_graph, POP_UP, "sv", None)
    assert "Ingen kvalitetsrapport (validation.ttl) hittades" in str(content.findings)


def test_findings_about_data_the_open_union_lacks_are_counted_not_shown(tmp_path: Path) -> None:
    base = "https://example.org/id/"
    project, contact = NamedNode(base + "project/p"), NamedNode(base + "project/p/contact")
    library = NamedNode(base + "library/FI-A")
    store = Store()
    for quad in (
        Quad(project, RDF.type, KG.Project, DefaultGraph()),
        Quad(library, RDF.type, KG.Library, DefaultGraph()),
        Quad(library, SCHEMA.telephone, Literal("09 123 4500"), DefaultGraph()),
    ):
        store.add(quad)
    report = tmp_path / "validation.ttl"
    report.write_text(
        REPORT.format(contact=contact.value, library=library.value, project=project.value),
        encoding="utf-8",
    )
    things = Things.of(store, base)
    found = read_findings(report, store, things)
    assert found is not None
    assert found.hidden == 3  # the contact's, a phone left out, a part the union lacks
    (shown,) = found.shown
    assert (shown.rule, shown.owner, shown.message("sv")) == (
        "Library-phone-info",
        library,
        "09 123 4500 is a switchboard",
    )
    assert shown.message("fi") == "09 123 4500 on vaihde"
    assert found.of(library) == (shown,) and found.of(project) == ()
    assert read_findings(tmp_path / "none.ttl", store, things) is None


@pytest.mark.parametrize(
    ("lang", "amount", "count", "portion", "day"),
    [
        ("fi", "7\u00a0000\u00a0€", "12\u00a0345", "2,5\u00a0%", "2.5.2016"),
        ("sv", "7\u00a0000\u00a0€", "12\u00a0345", "2,5\u00a0%", "2.5.2016"),
        ("en", "€7,000", "12,345", "2.5%", "2016-05-02"),
    ],
)
def test_values_are_written_as_the_language_writes_them(
    lang: str, amount: str, count: str, portion: str, day: str
) -> None:
    assert money(Decimal("7000"), lang) == amount
    assert number(12345, lang) == count
    assert share(Decimal("0.0246"), lang) == portion
    assert date_text("2016-05-02", lang) == day
    assert money(Decimal("12.5"), "en") == "€12.50"


def test_texts_of_the_data_are_escaped_where_they_are_shown(seed_graph: SeedGraph) -> None:
    site = _site(seed_graph)
    linker = Linker(site, "id/project/x.html", "fi")
    shown = linker.term(Literal('<script>alert("x")</script> & co', language="sv"))
    assert shown == '<span lang="sv">&lt;script&gt;alert("x")&lt;/script&gt; &amp; co</span>'
    title = Triple(POP_UP, SCHEMA.name, Literal("</script><script>alert(1)</script>"))
    script = str(embedded([title]))
    assert "</script" not in script and "<" not in script
    assert json.loads(script)["@graph"][0]["name"] == "</script><script>alert(1)</script>"
