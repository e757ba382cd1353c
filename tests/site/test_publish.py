"""kg.site.publish: the rewrite rules made from a graph, and the sitemap; kg.site.paths' links."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest
from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, Store

from kg.site import publish
from kg.site.describe import Things
from kg.site.paths import Layout, fragment, href
from kg.site.publish import Rule, redirect_rules, sitemaps
from kg.vocab import KG, RDF, SCHEMA

BASE = "https://example.org/kg/id/"
LAYOUT = Layout(BASE, "fi")


def _things(typed: dict[str, NamedNode], parts: list[str]) -> Things:
    store = Store()
    for rest, cls in typed.items():
        store.add(Quad(NamedNode(BASE + rest), RDF.type, cls, DefaultGraph()))
    for rest in parts:
        store.add(Quad(NamedNode(BASE + rest), SCHEMA.name, Literal("part"), DefaultGraph()))
    return Things.of(store, BASE)


def _resolve(rules: list[Rule], path: str) -> tuple[str, str | None] | None:
    for rule in rules:
        found = rule.resolve(path)
        if found is not None:
            return found
    return None


def test_the_rules_take_each_thing_and_part_to_its_page_where_names_collide() -> None:
    typed = {
        "library/FI-A": KG.Library,
        "library/0101263-6/kalajoen-kirjasto": KG.Library,
        "organisation/unit/0101263-6/neuvola": KG.Organisation,  # "unit" is a part's name too
        "organisation/local/0101263-6/value": KG.Organisation,  # and "value"
        "organisation/business-id/0101263-6": KG.LegalBody,
        "project/grant": KG.Project,  # a project named like a part
        "project/x": KG.Project,
    }
    parts = [
        "library/FI-A/address/00100-katu-1",
        "library/FI-A/unit/tapiola",
        "library/0101263-6/kalajoen-kirjasto/address/85100-tie-5",
        "organisation/business-id/0101263-6/value/3f2a",
        "project/grant/grant/granted",
        "project/x/partner/10",
    ]
    things = _things(typed, parts)
    rules = redirect_rules(things, LAYOUT)
    for rest in typed:
        assert _resolve(rules, f"id/{rest}") == (rest, None), rest
    for rest in parts:
        owner = things.owner(NamedNode(BASE + rest))
        assert owner is not None
        expected = (owner.value.removeprefix(BASE), fragment(owner, NamedNode(BASE + rest)))
        assert _resolve(rules, f"id/{rest}") == expected, rest
    # The organisation named like a part got a rule of its own, before the general ones.
    exact = Rule(f"^id/({re.escape('organisation/local/0101263-6/value')})$", "thing")
    assert rules.index(exact) < min(i for i, rule in enumerate(rules) if rule.kind == "part")
    assert [rule for rule in rules if rule.kind == "thing"] == [exact, rules[-1]]


def test_the_htaccess_redirects_with_303_to_the_published_site() -> None:
    things = _things({"project/x": KG.Project}, ["project/x/grant"])
    text = publish.htaccess(things, LAYOUT, "https://example.org/site/").decode()
    assert "RewriteRule ^ns$ https://example.org/site/ns.ttl [R=303,L]" in text
    assert "RewriteRule ^id/(.+)$ https://example.org/site/id/$1.html [R=303,L]" in text
    assert "id/$1.html#$2$3 [R=303,NE,L]" in text
    assert "AddType application/ld+json .jsonld" in text


def test_a_large_site_has_a_sitemap_index(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(publish, "SITEMAP_LIMIT", 2)
    pages = ["index.html", "id/project/b c.html", "id/project/a.html"]
    files = dict(sitemaps(pages, LAYOUT, "https://example.org/site/"))
    assert list(files) == ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml"]
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    index = ElementTree.fromstring(files["sitemap.xml"])
    assert [e.text for e in index.iter(f"{namespace}loc")] == [
        "https://example.org/site/sitemap-1.xml",
        "https://example.org/site/sitemap-2.xml",
    ]
    listed = [
        e.text
        for name in ("sitemap-1.xml", "sitemap-2.xml")
        for e in ElementTree.fromstring(files[name]).iter(f"{namespace}loc")
    ]
    assert listed == [
        "https://example.org/site/id/project/a.html",
        "https://example.org/site/id/project/b%20c.html",
        "https://example.org/site/index.html",
    ]


def test_the_files_of_a_thing_and_the_links_between_them() -> None:
    thing = NamedNode(BASE + "library/FI-%C3%84:x")
    assert LAYOUT.thing_page(thing, "fi") == "id/library/FI-Ä:x.html"
    assert LAYOUT.thing_page(thing, "sv") == "id/library/FI-Ä:x.sv.html"
    assert Layout(BASE, "en").thing_page(thing, "fi") == "id/library/FI-Ä:x.fi.html"
    assert LAYOUT.alternate(thing, "jsonld") == "id/library/FI-Ä:x.jsonld"
    assert href("id/project/p.html", "id/library/FI-Ä:x.html", "unit/a") == (
        "../library/FI-%C3%84%3Ax.html#unit/a"
    )
    assert href("index.html", "id/library/a b.html") == "id/library/a%20b.html"
    assert href("id/x.html", "id/x.html", "grant") == "#grant"
