"""Linking the seeds to the four registries (issue 7): named graphs, evidence, linksets, refresh,
failures, the cache and offline mode, the record graphs untouched, the stored query.

Every registry runs on 127.0.0.1 (tests/registry_servers.py, made-up answers); the seeds are
built once, and each test links a copy of their quads in a store in memory.
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from kg.build import STORE_DIR, BuildOptions, build
from kg.errors import RequestError
from kg.iris import Minter
from kg.linking.link import LinkResult, link_store, load_config, parse_registries
from kg.linking.registries.config import RegistryConfig
from kg.linking.registries.http import RegistryClient
from kg.sparql.catalogue import load_catalogue, run_local
from kg.store.graph_store import GraphStore
from kg.validation.validate import validate_store
from kg.vocab import DCT, KG, OWL, PROV, RDF, RDFS, SCHEMA, VOID, XSD
from tests.conftest import seed_paths
from tests.linking.registries.conftest import (  # noqa: F401 - fixtures
    connection_attempts,
    httpserver_listen_address,
    no_internet,
    registry_config,
)
from tests.registry_servers import FakeRegistries, closed_port, silent_server

M = Minter()
KUOPIO = M.library("FI-Km", None, None)
KALAJOKI = M.library(None, None, "Kalajoen kaupunginkirjasto")
ESPOO = M.library("FI-Em", None, None)
LOHJA = M.library("FI-Lohja", None, None)
KUOPIO_BODY = M.legal_body("0171450-7")
ESPOO_BODY = M.legal_body("0101263-6")
WD = "http://www.wikidata.org/entity/"
ALL = ("isil", "kirkanta", "wikidata", "ytj")


def sorted_quads(store: GraphStore) -> list[Quad]:
    """The quads of the store's named graphs, in the store's order."""
    return list(store.snapshot().quads())


@pytest.fixture(scope="module")
def seed_quads(tmp_path_factory: pytest.TempPathFactory) -> list[Quad]:
    """The seeds' quads (named graphs), built once for the module."""
    out = tmp_path_factory.mktemp("seeds")
    read_at = datetime(2026, 1, 31, 12, tzinfo=UTC)
    build(seed_paths(), out, BuildOptions(read_at=read_at, validate=False, release=False))
    store = GraphStore.open(out / STORE_DIR, create=False)
    quads = sorted_quads(store)
    del store  # closes it: the path may be opened again later in this process
    return quads


@pytest.fixture
def store(seed_quads: list[Quad]) -> GraphStore:
    """A store in memory holding the seeds' graphs and their union."""
    store = GraphStore.open(None)
    store.oxigraph.extend(seed_quads)
    store.refresh_union()
    return store


@pytest.fixture
def fake(httpserver: HTTPServer) -> FakeRegistries:
    return FakeRegistries(httpserver)


@pytest.fixture
def config(fake: FakeRegistries, tmp_path: Path) -> RegistryConfig:
    return replace(
        registry_config(fake.server, tmp_path / "cache" / "registries.sqlite"),
        urls=fake.urls(),
        read_timeout=0.5,
    )


def run_link(
    store: GraphStore, config: RegistryConfig, registries: tuple[str, ...] = ALL
) -> LinkResult:
    with RegistryClient(config) as client:
        return link_store(store, client, M, registries)


def graph_quads(store: GraphStore, registry: str) -> list[Quad]:
    graph = M.registry_graph(registry)
    return sorted(store.oxigraph.quads_for_pattern(None, None, None, graph), key=lambda q: str(q))


def record_quads(store: GraphStore) -> list[Quad]:
    registries = {M.registry_graph(name) for name in ALL}
    return [q for q in sorted_quads(store) if q.graph_name not in registries]


def timeless(quads: list[Quad]) -> list[Quad]:
    """The quads but for the times of the answers (a second run asks again)."""
    return [q for q in quads if q.predicate != PROV.generatedAtTime]


def outcome(result: LinkResult, registry: str) -> Any:
    [found] = [o for o in result.outcomes if o.registry == registry]
    return found


def objects(store: GraphStore, registry: str, subject: NamedNode, predicate: NamedNode) -> list:
    graph = M.registry_graph(registry)
    return sorted(
        (q.object for q in store.oxigraph.quads_for_pattern(subject, predicate, None, graph)),
        key=str,
    )


# -- the seeds, linked -----------------------------------------------------------------------


def test_the_seeds_are_linked_each_registry_in_its_own_graph(store: GraphStore, config) -> None:
    before = record_quads(store)
    result = run_link(store, config)
    assert result.exit_code == 0
    assert [(o.registry, o.linked, o.kept, o.written) for o in result.outcomes] == [
        ("isil", 3, 0, True),  # FI-Km, FI-Lohja, FI-Em (Kalajoki has no ISIL)
        ("kirkanta", 3, 0, True),  # Espoo's main library is only a candidate
        ("wikidata", 8, 0, True),  # 2 libraries by ISIL, 3 legal bodies (+ municipality)
        ("ytj", 6, 0, True),  # 3 legal bodies, each with its municipality
    ]
    assert record_quads(store) == before  # the record graphs are untouched
    assert {M.registry_graph(name) for name in ALL} <= store.graphs()

    assert objects(store, "wikidata", KUOPIO, OWL.sameAs) == [NamedNode(WD + "Q99900001")]
    assert objects(store, "wikidata", LOHJA, OWL.sameAs) == [NamedNode(WD + "Q99900002")]
    assert objects(store, "wikidata", KUOPIO_BODY, OWL.sameAs) == [NamedNode(WD + "Q99900011")]
    assert objects(store, "wikidata", ESPOO, OWL.sameAs) == []  # no item has FI-Em
    kirkanta = config.url("kirkanta")
    assert objects(store, "kirkanta", KALAJOKI, SCHEMA.sameAs) == [
        NamedNode(f"{kirkanta}/library/90301")
    ]
    entry = NamedNode(f"{kirkanta}/library/90001")
    assert objects(store, "kirkanta", entry, SCHEMA.name) == [Literal("Kuopion pääkirjasto")]
    assert objects(store, "kirkanta", entry, SCHEMA.latitude) == [
        Literal("62", datatype=XSD.decimal)  # as Oxigraph keeps it
    ]
    assert objects(store, "ytj", KUOPIO_BODY, DCT.spatial) == [
        NamedNode("http://uri.suomi.fi/codelist/jhs/kunta_1_20240101/code/297")
    ]
    assert objects(store, "ytj", ESPOO_BODY, DCT.spatial) == [
        NamedNode("http://uri.suomi.fi/codelist/jhs/kunta_1_20240101/code/049")
    ]
    assert objects(store, "ytj", KUOPIO_BODY, KG.registeredName) == [Literal("Kuopion kaupunki")]
    # The registry's other name is reported, not written over the record's.
    assert objects(store, "isil", ESPOO, KG.registeredName) == [
        Literal("Espoon kaupunginkirjasto – Esbo stadsbibliotek")
    ]
    assert not list(
        store.oxigraph.quads_for_pattern(ESPOO, SCHEMA.name, None, M.registry_graph("isil"))
    )
    isil = outcome(result, "isil").report
    assert [(d.key, d.kind) for d in isil.disagreements] == [("FI-Em", "name-differs")]
    assert len(isil.candidates) == 2  # ISILs proposed for Kalajoki, not applied


def test_the_evidence_of_one_link_exactly(store: GraphStore, config) -> None:
    result = run_link(store, config, ("wikidata",))
    item = NamedNode(WD + "Q99900001")
    [answer] = [m for m in result.outcomes[0].report.found if m == "FI-Km"]
    evidence = M.link_evidence("wikidata", KUOPIO.value, OWL.sameAs.value, item.value)
    graph = M.registry_graph("wikidata")
    found = {
        (q.predicate, q.object)
        for q in store.oxigraph.quads_for_pattern(evidence, None, None, graph)
    }
    [when] = [o for p, o in found if p == PROV.generatedAtTime]
    [url] = [o for p, o in found if p == KG.requestUrl]
    assert url.value.startswith(config.url("wikidata") + "?query=")
    assert abs(datetime.fromisoformat(when.value) - datetime.now(UTC)).total_seconds() < 120
    assert found == {
        (RDF.type, KG.LinkEvidence),
        (RDF.type, PROV.Entity),
        (RDF.subject, KUOPIO),
        (RDF.predicate, OWL.sameAs),
        (RDF.object, item),
        (PROV.wasDerivedFrom, M.registry("wikidata")),
        (KG.key, Literal(answer)),
        (KG.method, Literal("exact")),
        (KG.score, Literal("1", datatype=XSD.decimal)),
        (KG.requestUrl, Literal(url.value, datatype=XSD.anyURI)),
        (PROV.generatedAtTime, Literal(when.value, datatype=XSD.dateTime)),
    }
    assert (KUOPIO, OWL.sameAs, item) in {
        (q.subject, q.predicate, q.object) for q in graph_quads(store, "wikidata")
    }
    assert not any(str(term).startswith("_:") for q in sorted_quads(store) for term in q)


def test_a_name_match_records_its_method_and_score(store: GraphStore, config) -> None:
    run_link(store, config, ("isil", "kirkanta"))
    kirkanta = config.url("kirkanta")
    evidence = M.link_evidence(
        "kirkanta", KALAJOKI.value, SCHEMA.sameAs.value, f"{kirkanta}/library/90301"
    )
    graph = M.registry_graph("kirkanta")
    values = {
        q.predicate: q.object for q in store.oxigraph.quads_for_pattern(evidence, None, None, graph)
    }
    assert values[KG.method] == Literal("name")  # Kalajoki's municipality is not known
    assert values[KG.key] == Literal("Kalajoen kaupunginkirjasto")
    assert values[KG.score] == Literal("1", datatype=XSD.decimal)
    kuopio = M.link_evidence(
        "kirkanta", KUOPIO.value, SCHEMA.sameAs.value, f"{kirkanta}/library/90001"
    )
    # Kuopio's municipality came from the ISIL registry's cities.
    assert Quad(kuopio, KG.method, Literal("name+municipality"), graph) in store.oxigraph


def test_each_registry_graph_has_its_linksets_with_counts(store: GraphStore, config) -> None:
    run_link(store, config)
    graph = M.registry_graph("ytj")
    linksets = {
        q.subject for q in store.oxigraph.quads_for_pattern(None, RDF.type, VOID.Linkset, graph)
    }
    assert linksets == {
        NamedNode(graph.value + "/linkset/rdfs-seeAlso"),
        NamedNode(graph.value + "/linkset/dct-spatial"),
    }
    spatial = NamedNode(graph.value + "/linkset/dct-spatial")
    values = {
        q.predicate: q.object for q in store.oxigraph.quads_for_pattern(spatial, None, None, graph)
    }
    assert values == {
        RDF.type: VOID.Linkset,
        VOID.subjectsTarget: M.dataset(),
        VOID.objectsTarget: M.registry("ytj"),
        VOID.linkPredicate: DCT.spatial,
        VOID.triples: Literal("3", datatype=XSD.integer),
        VOID.distinctSubjects: Literal("3", datatype=XSD.integer),
    }
    wikidata = NamedNode(M.registry_graph("wikidata").value + "/linkset/owl-sameAs")
    assert (
        Quad(
            wikidata, VOID.triples, Literal("5", datatype=XSD.integer), M.registry_graph("wikidata")
        )
        in store.oxigraph
    )
    label = Literal("PRH/YTJ", language="en")
    assert Quad(M.registry("ytj"), RDFS.label, label, graph) in store.oxigraph


def test_the_stored_query_now_leaves_the_linked_libraries_out(store: GraphStore, config) -> None:
    query = load_catalogue()["libraries_without_registry_link"]

    def rows() -> list[str]:
        return sorted(row[0].value for row in run_local(store, query, {}).rows)

    assert rows() == sorted(n.value for n in (ESPOO, KALAJOKI, KUOPIO, LOHJA))
    run_link(store, config)
    assert rows() == [ESPOO.value]  # only a candidate in the directory, no Wikidata item
    # The union the queries read holds each link once.
    same = list(store.oxigraph.quads_for_pattern(KUOPIO, OWL.sameAs, None, DefaultGraph()))
    assert len(same) == 1


# -- refresh, failures, the cache ---------------------------------------------------------------


def test_a_rerun_replaces_each_graph_whole(store: GraphStore, config, fake) -> None:
    run_link(store, config)
    fake.empty.add("wikidata")  # Wikidata now knows none of the keys: an answer, not a failure
    config = replace(config, cache=None)  # ask again
    result = run_link(store, config, ("wikidata",))
    assert result.exit_code == 0
    assert outcome(result, "wikidata").written
    assert graph_quads(store, "wikidata") == []
    assert graph_quads(store, "ytj")  # not asked: left as it was
    assert not list(store.oxigraph.quads_for_pattern(KUOPIO, OWL.sameAs, None, DefaultGraph()))


def test_a_registry_failing_altogether_keeps_its_graph(store: GraphStore, config, fake) -> None:
    run_link(store, config)
    before = {name: graph_quads(store, name) for name in ALL}
    fake.fail["ytj"] = lambda _: Response("internal error", status=500, content_type="text/plain")
    result = run_link(store, replace(config, cache=None))
    assert result.exit_code == 3
    ytj = outcome(result, "ytj")
    assert not ytj.written and ytj.report.failed_altogether
    assert graph_quads(store, "ytj") == before["ytj"]
    for name in ("isil", "kirkanta", "wikidata"):
        assert outcome(result, name).written
        assert timeless(graph_quads(store, name)) == timeless(before[name])  # same answers
    warnings = result.warnings()
    assert any(
        w.startswith("PRH/YTJ, 0171450-7: answered 500") and "/companies?businessId=0171450-7" in w
        for w in warnings
    )
    assert "PRH/YTJ: failed altogether" in "\n".join(warnings)
    # The others alone: exit 0.
    assert run_link(store, replace(config, cache=None), ("isil", "wikidata")).exit_code == 0


def test_a_failed_look_up_keeps_its_earlier_links(store: GraphStore, config, fake) -> None:
    run_link(store, config, ("isil",))
    fake.fail_key["isil"] = ("FI-Em", lambda _: Response("not found", status=404))
    result = run_link(store, replace(config, cache=None), ("isil",))
    isil = outcome(result, "isil")
    assert result.exit_code == 0 and isil.written
    assert (isil.linked, isil.kept) == (2, 1)
    assert objects(store, "isil", ESPOO, KG.registeredName)  # kept from the first run
    [failure] = isil.report.failures
    assert (failure.key, failure.status) == ("FI-Em", 404)
    assert "kept 1 earlier links" in "\n".join(result.warnings())


def _timeout(request: Request) -> Response:
    time.sleep(0.8)
    return Response("{}", content_type="application/json")


BAD_ANSWERS = {
    "404": (lambda _: Response("no", status=404), "answered 404"),
    "400-text": (
        lambda _: Response(
            "Requested library was not found", status=400, content_type="text/plain"
        ),
        "answered 400 BAD REQUEST: Requested library was not found",
    ),
    "429-retry-after": (
        lambda _: Response("slow down", status=429, headers={"Retry-After": "60"}),
        "asks to wait 60 s",
    ),
    "500": (lambda _: Response("boom", status=500), "answered 500"),
    "not-json": (lambda _: Response("<html>hi</html>", content_type="text/html"), "not JSON"),
    "other-shape": (
        lambda _: Response('{"results": []}', content_type="application/json"),
        "unexpected JSON",
    ),
    "empty": (lambda _: Response("", content_type="application/json"), "the answer is empty"),
    "enormous": (
        lambda _: Response("[" + "1," * 200_000 + "1]", content_type="application/json"),
        "too big",
    ),
    "timeout": (_timeout, "read timeout"),
}


@pytest.mark.parametrize("kind", BAD_ANSWERS)
def test_every_bad_answer_is_a_warning_naming_registry_key_and_url(
    store: GraphStore, config, fake, kind: str
) -> None:
    run_link(store, config, ("ytj",))
    before = graph_quads(store, "ytj")
    answer, reason = BAD_ANSWERS[kind]
    fake.fail["ytj"] = answer
    result = run_link(store, replace(config, cache=None, retries=0), ("ytj",))
    assert result.exit_code == 3
    assert graph_quads(store, "ytj") == before  # nothing already in the store is lost
    failures = outcome(result, "ytj").report.failures
    assert [f.key for f in failures] == ["0101263-6", "0171450-7", "1068322-0"]
    for failure in failures:
        line = str(failure)
        assert line.startswith(f"PRH/YTJ, {failure.key}: ") and reason in line
        assert f"{config.url('ytj')}/companies?businessId={failure.key}" in line


def test_a_refused_connection(store: GraphStore, config, fake) -> None:
    urls = {**fake.urls(), "isil": "http://127.0.0.1:9/isil"}  # the discard port: refused
    result = run_link(store, replace(config, urls=urls, retries=0), ("isil", "ytj"))
    assert result.exit_code == 3
    assert not outcome(result, "isil").written and outcome(result, "ytj").written
    assert "the connection failed" in str(outcome(result, "isil").report.failures[0])


def test_a_refused_registry_is_asked_once_and_the_others_go_on(
    store: GraphStore,
    config,
    connection_attempts: list[str],  # noqa: F811 - the fixture
) -> None:
    host = f"127.0.0.1:{closed_port()}"
    urls = {**config.urls, "isil": f"http://{host}/isil"}
    result = run_link(store, replace(config, urls=urls, retries=3))
    assert result.exit_code == 3
    isil = outcome(result, "isil")
    assert not isil.written and isil.report.failed_altogether
    assert all(outcome(result, name).written for name in ("kirkanta", "wikidata", "ytj"))
    assert connection_attempts.count(host) == 1  # neither retried nor asked again
    assert [line for line in result.warnings() if line.startswith("ISIL registry")] == [
        f"ISIL registry: the connection failed (Connection refused) at http://{host}/isil; "
        "3 look-ups skipped",
        f"ISIL registry: failed altogether; its graph {M.registry_graph('isil').value} "
        "was left as it was",
    ]


def test_a_registry_that_never_answers_is_given_up_at_its_deadline(
    store: GraphStore, config
) -> None:
    with silent_server() as url:
        urls = {**config.urls, "ytj": f"{url}/ytj"}
        late = replace(config, urls=urls, read_timeout=0.5, deadline=0.25)
        result = run_link(store, late, ("isil", "ytj"))
    assert result.exit_code == 3
    ytj = outcome(result, "ytj")
    assert not ytj.written and outcome(result, "isil").written
    [timed_out, *skipped] = ytj.report.failures
    assert "no answer within 0.5 s (read timeout)" in str(timed_out)
    assert len(skipped) == 2 and all(failure.skipped for failure in skipped)
    assert [line for line in result.warnings() if line.startswith("PRH/YTJ")] == [
        str(timed_out),
        "PRH/YTJ: the deadline of 0.25 s passed; 2 look-ups skipped",
        f"PRH/YTJ: failed altogether; its graph {M.registry_graph('ytj').value} was left as it was",
    ]


def test_progress_counts_each_registrys_look_ups(store: GraphStore, config) -> None:
    calls: list[tuple[str, int, int]] = []
    with RegistryClient(config) as client:
        link_store(store, client, M, ALL, progress=lambda *call: calls.append(call))
    steps: dict[str, list[tuple[int, int]]] = {}
    for registry, done, of in calls:
        steps.setdefault(registry, []).append((done, of))
    assert list(steps) == ["isil", "kirkanta", "wikidata", "ytj"]  # the order they are asked
    assert {name: {of for _, of in counts} for name, counts in steps.items()} == {
        "isil": {4},  # 3 ISILs checked, 1 library without one to propose ISILs for
        "kirkanta": {4},
        "ytj": {3},
        "wikidata": {6},  # 3 ISILs and 3 business IDs
    }
    assert steps["ytj"] == [(0, 3), (1, 3), (2, 3), (3, 3)]
    for counts in steps.values():
        done = [count for count, _ in counts]
        assert done[0] == 0 and done[-1] == counts[0][1] and done == sorted(done)


def test_offline_with_an_empty_cache_says_one_line_per_registry(
    store: GraphStore, config, fake
) -> None:
    result = run_link(store, replace(config, offline=True))
    assert fake.server.log == []
    assert result.exit_code == 3
    warnings = result.warnings()
    assert [line for line in warnings if "cache" in line] == [
        "ISIL registry: 4 look-ups not in the cache (offline)",
        "Kirjastohakemisto: 4 look-ups not in the cache (offline)",
        "Wikidata: 2 look-ups not in the cache (offline)",  # one query per kind of key
        "PRH/YTJ: 3 look-ups not in the cache (offline)",
    ]
    assert len(warnings) == 8  # and a "failed altogether" for each
    detail = result.warnings(verbose=True)
    assert "PRH/YTJ, 0171450-7: offline, and not in the cache (" in "\n".join(detail)
    assert len(detail) == 8 + 4 + 4 + 2 + 3


def test_offline_answers_from_the_cache_and_names_the_misses(
    store: GraphStore, config, fake, seed_quads: list[Quad]
) -> None:
    run_link(store, config, ("isil", "ytj"))
    online = {name: graph_quads(store, name) for name in ("isil", "ytj")}
    asked = len(fake.server.log)
    fresh = GraphStore.open(None)
    fresh.oxigraph.extend(seed_quads)
    result = run_link(fresh, replace(config, offline=True), ALL)
    assert len(fake.server.log) == asked  # no request left the machine
    assert {name: graph_quads(fresh, name) for name in ("isil", "ytj")} == online
    assert outcome(result, "wikidata").report.failed_altogether  # never asked online
    misses = outcome(result, "kirkanta").report.offline_misses
    assert misses and all("offline, and not in the cache" in str(m) for m in misses)
    assert result.exit_code == 3


def test_wikidata_keys_go_in_one_query_per_kind(store: GraphStore, config, fake) -> None:
    run_link(store, config, ("wikidata",))
    assert fake.requests_to("/sparql") == 2  # the ISILs in one, the business IDs in another


# -- configuration and names ------------------------------------------------------------------


def test_registry_names_are_checked() -> None:
    assert parse_registries("ytj, WIKIDATA") == ("wikidata", "ytj")
    with pytest.raises(RequestError, match="unknown registry 'wikipedia'"):
        parse_registries("wikidata,wikipedia")
    with pytest.raises(RequestError, match="no registry"):
        parse_registries(" , ")


def test_the_config_file_and_the_environment(tmp_path: Path) -> None:
    path = tmp_path / "kg.toml"
    path.write_text(
        '[registries]\ncontact = "me@example.org"\ncache = ""\n'
        '[registries.urls]\nisil = "http://127.0.0.1:1/isil"\n',
        encoding="utf-8",
    )
    config = load_config(path, {"KG_YTJ_URL": "http://127.0.0.1:2/ytj"})
    assert config.contact == "me@example.org" and config.cache is None
    assert config.url("isil") == "http://127.0.0.1:1/isil"
    assert config.url("ytj") == "http://127.0.0.1:2/ytj"
    path.write_text("[registries\n", encoding="utf-8")
    with pytest.raises(RequestError, match="not TOML") as caught:
        load_config(path, {})
    assert caught.value.exit_code == 2 and str(path) in str(caught.value)
    path.write_text("[registries]\ncolour = 1\n", encoding="utf-8")
    with pytest.raises(RequestError, match="unknown key 'colour'"):
        load_config(path, {})
    with pytest.raises(RequestError, match="cannot read"):
        load_config(tmp_path / "missing.toml", {})


def test_the_readme_configuration_example_is_valid(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Linking to registries", 1)[1]
    example = section.split("```toml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "kg.toml"
    path.write_text(example, encoding="utf-8")
    config = load_config(path, {})
    assert config.contact == "me@example.org" and config.cache_expiry == 7 * 24 * 3600
    assert "\ndeadline = " in example  # documented, with the defaults
    assert (config.read_timeout, config.deadline) == (30.0, 120.0)
    assert config.url("ytj") == "https://avoindata.prh.fi/opendata-ytj-api/v3"


def test_the_link_graphs_pass_the_shapes(store: GraphStore, config) -> None:
    before = {(r.source_shape, r.focus, r.value) for r in validate_store(store).results}
    run_link(store, config)
    report = validate_store(store)
    evidence = [r for r in report.results if "LinkEvidence" in str(r.source_shape)]
    assert evidence == []
    assert len(list(store.oxigraph.quads_for_pattern(None, RDF.type, KG.LinkEvidence, None))) > 10
    # Linking adds no finding about the records' own nodes either.
    assert {(r.source_shape, r.focus, r.value) for r in report.results} == before
