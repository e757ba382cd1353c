"""The site of the seeds as `kg site` writes it: its pages, data, links, and what it leaves out."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner
from pyld import jsonld
from pyoxigraph import DefaultGraph, Literal, NamedNode, RdfFormat, Store, parse

from kg.build import STORE_DIR
from kg.cli import main
from kg.iris import DEFAULT_BASE
from kg.site import write as site_writer
from kg.site.describe import FORMATS, description
from kg.site.paths import LANGUAGES, Layout, fragment
from kg.site.publish import SITEMAP_LIMIT
from kg.site.write import write_site
from kg.store.graph_store import INCOMPLETE_MARK
from kg.vocab import KG, RDF, SCHEMA, SH
from tests.site.conftest import SeedGraph
from tests.site.reading import Page, read_page
from tests.site.test_describe import read_back

LAYOUT = Layout(DEFAULT_BASE, "fi")
PUBLISHED = "https://w3id.org/kirjasto-kg/"
TEXT_FILES = (".html", ".ttl", ".jsonld", ".nt", ".csv", ".xml", ".htaccess")
POP_UP = NamedNode(DEFAULT_BASE + "project/2016-fi-km-pop-up-kirjasto-sinne-missa-ihmiset-ovat")


@pytest.fixture(scope="module")
def pages(seed_site: Path) -> dict[str, Page]:
    """Every HTML page of the site, read, by its path from the site's root."""
    return {
        path.relative_to(seed_site).as_posix(): read_page(path)
        for path in sorted(seed_site.rglob("*.html"))
        if "pagefind" not in path.relative_to(seed_site).parts
    }


def test_every_thing_has_its_pages_and_alternates(seed_site: Path, seed_graph: SeedGraph) -> None:
    store, things = seed_graph.store, seed_graph.things
    for thing in things:
        for lang in LANGUAGES:
            assert (seed_site / LAYOUT.thing_page(thing, lang)).is_file(), (thing, lang)
        triples = description(store, things, thing)
        for fmt in FORMATS:
            data = (seed_site / LAYOUT.alternate(thing, fmt)).read_bytes()
            assert set(read_back(data, fmt)) == set(triples), (thing, fmt)


def test_each_page_links_its_alternates_and_the_same_page_in_each_language(
    pages: dict[str, Page],
) -> None:
    for path, page in pages.items():
        stem = re.sub(r"(\.(sv|en))?\.html$", "", PurePosixPath(path).name)
        switch = {
            a["hreflang"]: url for tag, url, a in page.links if tag == "a" and "hreflang" in a
        }
        assert switch == {
            "fi": f"{stem}.html",
            "sv": f"{stem}.sv.html",
            "en": f"{stem}.en.html",
        }, path
        heads = {a["hreflang"] for tag, _, a in page.links if tag == "link" and "hreflang" in a}
        assert heads == set(LANGUAGES) - {page.lang}, path
        if path.startswith("id/"):
            alternates = {
                a["type"]: url for tag, url, a in page.links if tag == "link" and "type" in a
            }
            assert alternates == {
                "text/turtle": f"{stem}.ttl",
                "application/ld+json": f"{stem}.jsonld",
                "application/n-triples": f"{stem}.nt",
            }, path


def test_no_relative_link_leads_to_a_missing_file_or_id(
    seed_site: Path, pages: dict[str, Page]
) -> None:
    broken = []
    for path, page in pages.items():
        for tag, url, _ in page.links:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                continue
            target = (
                PurePosixPath(path).parent / unquote(parts.path)
                if parts.path
                else PurePosixPath(path)
            )
            resolved = (seed_site / target).resolve()
            if not resolved.is_file():
                broken.append(f"{path}: {tag} {url} (no such file)")
                continue
            if parts.fragment:
                key = resolved.relative_to(seed_site.resolve()).as_posix()
                if unquote(parts.fragment) not in pages[key].ids:
                    broken.append(f"{path}: {tag} {url} (no such id)")
    assert broken == []


def test_every_page_is_sound_for_assistive_technology(pages: dict[str, Page]) -> None:
    for path, page in pages.items():
        assert page.lang in LANGUAGES, path
        assert page.headings.count(1) == 1 and page.headings[0] == 1, path
        for before, after in zip(page.headings, page.headings[1:], strict=False):
            assert after <= before + 1, (path, page.headings)
        assert page.th_without_scope == 0, path
        assert page.main == 1 and "main" in page.ids, path
        skip = next(url for tag, url, _ in page.links if tag == "a")
        assert skip == "#main", path
        assert len(page.ids) == len(set(page.ids)), path


def test_texts_keep_their_own_language(pages: dict[str, Page], seed_graph: SeedGraph) -> None:
    title = next(
        quad.object
        for quad in seed_graph.store.quads_for_pattern(POP_UP, KG.goal, None, DefaultGraph())
    )
    assert isinstance(title, Literal) and title.language == "fi"
    for lang in LANGUAGES:
        page = pages[LAYOUT.thing_page(POP_UP, lang)]
        assert page.lang == lang
        html = page.path.read_text(encoding="utf-8")
        assert '<h1 lang="fi">Pop up - kirjasto sinne missä ihmiset ovat</h1>' in html
        assert f'<span lang="fi">{title.value}</span>' in html
        assert page.pagefind_body


def test_the_embedded_json_ld_is_schema_org_and_of_the_description(
    pages: dict[str, Page], seed_graph: SeedGraph
) -> None:
    store, things = seed_graph.store, seed_graph.things
    for thing in things:
        page = pages[LAYOUT.thing_page(thing, "sv")]
        scripts = [
            text for attrs, text in page.scripts if attrs.get("type") == "application/ld+json"
        ]
        triples = set(description(store, things, thing))
        schema = {t for t in triples if t.predicate.value.startswith(SCHEMA.iri)}
        if not schema:
            assert scripts == [], thing
            continue
        (text,) = scripts
        document = json.loads(text)
        assert document["@context"] == {"@vocab": "http://schema.org/"}
        nquads = jsonld.to_rdf(document, {"format": "application/n-quads"})
        embedded = {q.triple for q in parse(nquads.encode(), format=RdfFormat.N_QUADS)}
        assert schema <= embedded <= triples, thing
        for triple in embedded:
            if triple.predicate == RDF.type:
                assert triple.object.value.startswith(SCHEMA.iri)
            else:
                assert triple.predicate.value.startswith(SCHEMA.iri)


def test_the_site_holds_nothing_the_open_release_leaves_out(
    seed_site: Path, seed_build: Path, seed_graph: SeedGraph
) -> None:
    whole = Store()
    whole.bulk_load(path=seed_build / "graph.trig", format=RdfFormat.TRIG)
    kept = {
        quad.object.value
        for quad in seed_graph.store.quads_for_pattern(None, None, None, DefaultGraph())
        if isinstance(quad.object, Literal)
    }
    left_out = {
        quad.object.value
        for quad in whole
        if isinstance(quad.object, Literal) and quad.object.value not in kept
    }
    # Personal data the seeds hold (a contact person's name and e-mail), that must be among them.
    assert {"Päivi Savinainen", "paivi.savinainen@kuopio.fi"} <= left_out
    secrets = {text for text in left_out if len(text) >= 6 and not any(text in k for k in kept)}
    for path in seed_site.rglob("*"):
        if path.is_file() and path.name.endswith(TEXT_FILES) and "download" not in path.parts:
            content = path.read_text(encoding="utf-8")
            found = [text for text in secrets if text in content]
            assert found == [], path


def test_the_rewrite_rules_answer_every_iri(seed_site: Path, seed_graph: SeedGraph) -> None:
    rules = _read_rules((seed_site / ".htaccess").read_text(encoding="utf-8"))
    things = seed_graph.things
    for thing in things:
        rest = thing.value.removeprefix(DEFAULT_BASE)
        for accept, suffix in (
            ("text/turtle", "ttl"),
            ("application/ld+json", "jsonld"),
            ("application/n-triples", "nt"),
            ("text/html,application/xhtml+xml", "html"),
        ):
            assert _redirect(rules, f"id/{rest}", accept) == f"{PUBLISHED}id/{rest}.{suffix}"
        for part in things.parts(thing):
            part_rest = part.value.removeprefix(DEFAULT_BASE)
            page = f"{PUBLISHED}id/{rest}.html#{fragment(thing, part)}"
            assert _redirect(rules, f"id/{part_rest}", "text/html") == page
            assert _redirect(rules, f"id/{part_rest}", "text/turtle") == f"{PUBLISHED}id/{rest}.ttl"
    assert _redirect(rules, "ns", "text/turtle") == f"{PUBLISHED}ns.ttl"
    assert _redirect(rules, "ns", "*/*") == f"{PUBLISHED}ns.html"
    assert _redirect(rules, "id/project/x.html", "text/turtle") is None  # a file of the site


def _read_rules(text: str) -> list[tuple[list[tuple[str, str]], str, str, str]]:
    """Return the .htaccess's rules: conditions (variable, pattern), pattern, target, flags."""
    rules, conditions = [], []
    for line in text.splitlines():
        if line.startswith("RewriteCond "):
            _, variable, pattern = line.split(" ", 2)
            conditions.append((variable, pattern))
        elif line.startswith("RewriteRule "):
            _, pattern, target, flags = line.split(" ")
            rules.append((conditions, pattern, target, flags))
            conditions = []
    return rules


def _redirect(rules: list, path: str, accept: str) -> str | None:
    """Return where the rules send a request for `path` (under the site) with `accept`."""
    variables = {"%{HTTP_ACCEPT}": accept, "%{REQUEST_URI}": "/kirjasto-kg/" + path}
    for conditions, pattern, target, flags in rules:
        met = True
        for variable, condition in conditions:
            negated = condition.startswith("!")
            found = re.search(condition.removeprefix("!"), variables[variable]) is not None
            met = met and (found != negated)
        matched = re.match(pattern, path)
        if met and matched:
            assert "R=303" in flags and "L" in flags.strip("[]").split(","), flags
            groups = ("", *(group or "" for group in matched.groups()))
            for number, group in enumerate(groups[1:], 1):
                target = target.replace(f"${number}", group)
            return target
    return None


def test_the_sitemap_lists_every_page(seed_site: Path, pages: dict[str, Page]) -> None:
    root = ElementTree.parse(seed_site / "sitemap.xml").getroot()
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    assert root.tag == f"{namespace}urlset" and len(pages) < SITEMAP_LIMIT
    listed = [element.text for element in root.iter(f"{namespace}loc")]
    assert listed == sorted(PUBLISHED + path for path in pages)


def test_the_dataset_page_offers_the_open_release_and_its_figures(
    seed_site: Path, seed_build: Path, pages: dict[str, Page]
) -> None:
    release = sorted(path.name for path in (seed_build / "release").iterdir())
    offered = sorted(path.name for path in (seed_site / "download").iterdir())
    assert offered == release and "kirjasto-kg.nt" in offered
    for name in offered:
        same = (seed_site / "download" / name).read_bytes() == (
            seed_build / "release" / name
        ).read_bytes()
        assert same, name
    page = pages["dataset.en.html"]
    linked = {url for tag, url, _ in page.links if tag == "a" and url.startswith("download/")}
    assert linked == {f"download/{name}" for name in offered}
    assert "Records 5" in page.text  # the catalogue's kg:RecordCount
    assert "The figures are the release's description's (catalog.ttl)." in page.text


def test_the_quality_findings_are_on_the_pages_of_their_things(pages: dict[str, Page]) -> None:
    project = pages[LAYOUT.thing_page(POP_UP, "en")]
    assert "Application-totalBudget-zero" in project.text
    assert "the total budget is €0 although €7500 is requested" in project.text
    library = pages["id/library/FI-KM.en.html"]
    assert "The quality report finds nothing to remark on here." in library.text
    quality = pages["quality.en.html"]
    assert "Application-totalBudget-zero" in quality.text


def test_search_indexes_the_projects_and_libraries(seed_site: Path, seed_graph: SeedGraph) -> None:
    things = seed_graph.things
    entry = json.loads((seed_site / "pagefind" / "pagefind-entry.json").read_text())
    searched = sum(1 for thing in things if things.kind(thing) in ("project", "library"))
    assert {lang: index["page_count"] for lang, index in entry["languages"].items()} == {
        "fi": searched
    }
    assert (seed_site / "pagefind" / "pagefind-ui.js").is_file()


def test_two_sites_of_one_store_are_the_same_bytes(
    seed_site: Path, seed_build: Path, tmp_path: Path
) -> None:
    again = tmp_path / "again"
    write_site(seed_build / STORE_DIR, again)
    first = {p.relative_to(seed_site): p.read_bytes() for p in seed_site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [path for path in first if first[path] != second[path]] == []


def test_worker_processes_write_the_same_site(
    seed_site: Path, seed_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(site_writer, "POOL_FROM", 1)  # the seeds are too few for a pool
    again = tmp_path / "again"
    write_site(seed_build / STORE_DIR, again, workers=2)
    first = {p.relative_to(seed_site): p.read_bytes() for p in seed_site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first == second


def test_another_default_language_names_the_other_pages(seed_build: Path, tmp_path: Path) -> None:
    site = tmp_path / "sv"
    write_site(seed_build / STORE_DIR, site, lang="sv")
    page = read_page(site / "index.html")
    assert page.lang == "sv"
    switch = {a["hreflang"]: url for tag, url, a in page.links if tag == "a" and "hreflang" in a}
    assert switch == {"fi": "index.fi.html", "sv": "index.html", "en": "index.en.html"}
    project = Layout(DEFAULT_BASE, "sv").thing_page(POP_UP, "fi")
    assert project.endswith(".fi.html") and read_page(site / project).lang == "fi"
    assert read_page(site / Layout(DEFAULT_BASE, "sv").thing_page(POP_UP, "sv")).lang == "sv"


def _run(*arguments: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["site", *arguments])
    return result.exit_code, result.output


def test_a_missing_store_is_one_line_and_exit_2(tmp_path: Path) -> None:
    code, output = _run("--store", str(tmp_path / "nothing"), "--out", str(tmp_path / "site"))
    assert code == 2
    assert (
        output
        == f"error: {tmp_path / 'nothing'}: there is no store here; build one with kg build\n"
    )
    assert not (tmp_path / "site").exists()


def test_an_incomplete_store_is_one_line_and_exit_1_and_the_site_stays(
    seed_build: Path, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    shutil.copytree(seed_build / STORE_DIR, store)
    (store / INCOMPLETE_MARK).write_text("stopped\n", encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the last site\n", encoding="utf-8")
    code, output = _run("--store", str(store), "--out", str(site))
    assert code == 1
    assert output.count("\n") == 1 and "the store is incomplete" in output
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "store"]  # no staging left


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--base-url", "ftp://example.org/", "error: --base-url: expected an http(s) URL"),
        ("--lang", "de", "Invalid value for '--lang'"),
    ],
)
def test_a_wrong_option_is_exit_2(tmp_path: Path, option: str, value: str, message: str) -> None:
    code, output = _run("--store", str(tmp_path), "--out", str(tmp_path / "site"), option, value)
    assert code == 2
    assert message in output


def test_the_counts_the_site_reports_are_those_of_its_folder(
    seed_build: Path, seed_graph: SeedGraph, tmp_path: Path
) -> None:
    # Counted apart from the writer: from the folder it wrote, the graph and the report.
    result = write_site(seed_build / STORE_DIR, tmp_path / "site")
    own = [path for path in result.folder.rglob("*") if path.is_file()]
    own = [path for path in own if path.relative_to(result.folder).parts[0] != "pagefind"]
    assert result.things == len(seed_graph.things) == 59  # tests/site/test_describe.py
    assert result.pages == sum(path.suffix == ".html" for path in own) == 3 * 59 + 3 * 10
    assert result.files == len(own)
    assert result.downloads == len(list((result.folder / "download").iterdir()))
    entry = json.loads((result.folder / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert result.indexed == sum(index["page_count"] for index in entry["languages"].values())
    assert result.indexed == 5 + 4  # a page per project and per library
    report = parse(path=seed_build / "validation.ttl", format=RdfFormat.TURTLE)
    results = sum(
        triple.predicate == RDF.type and triple.object == SH.ValidationResult for triple in report
    )
    assert result.findings == results == 9  # the seeds' 7 Warnings and 2 Infos, all shown
