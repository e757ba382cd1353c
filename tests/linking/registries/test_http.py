"""The HTTP layer: configuration, User-Agent, every bad answer as one LookupFailure, retries and
Retry-After, the pace per host, the body cap, the cache and offline mode, on real HTTP."""

from __future__ import annotations

import gzip
import socket
import time
from dataclasses import replace
from pathlib import Path

import pytest
import requests
from pytest_httpserver import HTTPServer
from urllib3.exceptions import ConnectTimeoutError
from werkzeug import Request, Response

from kg import __version__
from kg.errors import KgError, RequestError, ServiceError
from kg.http.pacing import Pacer
from kg.http.retry import CappedRetry
from kg.linking.registries.config import (
    DEFAULT_URLS,
    REGISTRIES,
    RegistryConfig,
    default_cache_path,
    offline,
)
from kg.linking.registries.http import JsonAnswer, LookupFailure, RegistryClient, lookup_failure
from tests.linking.registries.conftest import CONTACT, MakeClient, base_urls, registry_config
from tests.registry_servers import closed_port, silent_server

PATH = "/isil/api/query"


def _get(client: RegistryClient, key: str = "FI-Km", **params: str) -> JsonAnswer:
    return client.get_json("isil", key, client.url("isil") + "/api/query", params or None)


def _failure(client: RegistryClient, key: str = "FI-Km", **params: str) -> LookupFailure:
    with pytest.raises(LookupFailure) as caught:
        _get(client, key, **params)
    return caught.value


# -- configuration --------------------------------------------------------------------------


def test_defaults_name_the_registries_documented_urls() -> None:
    config = RegistryConfig.from_mapping({}, environ={})
    assert config.urls == DEFAULT_URLS
    assert config.url("isil") == "https://isil.kansalliskirjasto.fi"
    assert config.url("wikidata") == "https://query.wikidata.org/sparql"
    assert config.cache == default_cache_path()
    assert not config.offline


def test_defaults_bound_a_look_up_and_a_registry() -> None:
    config = RegistryConfig.from_mapping({}, environ={})
    assert (config.connect_timeout, config.read_timeout) == (5.0, 30.0)  # 60 s was too long
    assert config.deadline == 120.0
    assert RegistryConfig.from_mapping({"deadline": "never"}, environ={}).deadline is None


def test_from_mapping_reads_every_key() -> None:
    config = RegistryConfig.from_mapping(
        {
            "contact": "ops@example.org; https://example.org/kg",
            "cache": "/tmp/x/cache.sqlite",
            "cache_expiry": "12h",
            "offline": "yes",
            "connect_timeout": 2,
            "read_timeout": "7.5",
            "min_interval": 0.25,
            "max_body_bytes": 1000,
            "retries": 2,
            "backoff": 0.1,
            "max_retry_after": 10,
            "deadline": "5m",
            "municipality_codelist": "kunta_1_20230101",
            "urls": {"ytj": "http://mirror.example.org/ytj/"},
        },
        environ={},
    )
    assert config.contact == "ops@example.org; https://example.org/kg"
    assert config.cache == Path("/tmp/x/cache.sqlite")
    assert config.cache_expiry == 12 * 3600
    assert config.offline is True
    assert (config.connect_timeout, config.read_timeout) == (2.0, 7.5)
    assert (config.min_interval, config.max_body_bytes, config.retries) == (0.25, 1000, 2)
    assert (config.backoff, config.max_retry_after) == (0.1, 10.0)
    assert config.deadline == 300.0
    assert config.municipality_codelist == "kunta_1_20230101"
    assert config.url("ytj") == "http://mirror.example.org/ytj"
    assert config.url("isil") == DEFAULT_URLS["isil"]


@pytest.mark.parametrize(
    ("value", "seconds"), [("never", None), (None, None), (90, 90.0), ("30s", 30.0), ("7d", 604800)]
)
def test_cache_expiry_forms(value: object, seconds: float | None) -> None:
    assert RegistryConfig.from_mapping({"cache_expiry": value}, environ={}).cache_expiry == seconds


def test_empty_cache_setting_keeps_the_cache_in_memory() -> None:
    assert RegistryConfig.from_mapping({"cache": ""}, environ={}).cache is None


@pytest.mark.parametrize(
    ("section", "named"),
    [
        ({"contakt": "x@example.org"}, "contakt"),
        ({"retries": -1}, "retries"),
        ({"retries": 1.5}, "retries"),
        ({"read_timeout": "soon"}, "read_timeout"),
        ({"read_timeout": "inf"}, "read_timeout"),
        ({"connect_timeout": 0}, "connect_timeout"),
        ({"deadline": 0}, "deadline"),
        ({"deadline": "soon"}, "deadline"),
        ({"offline": "maybe"}, "offline"),
        ({"cache_expiry": "a week"}, "cache_expiry"),
        ({"contact": "nobody"}, "contact"),
        ({"urls": {"finna": "http://example.org"}}, "finna"),
        ({"urls": {"isil": "ftp://example.org"}}, "urls.isil"),
        ({"urls": "http://example.org"}, "urls"),
        ({"municipality_codelist": "kunta"}, "municipality_codelist"),
    ],
)
def test_a_bad_setting_is_a_request_error_naming_it(section: dict[str, object], named: str) -> None:
    with pytest.raises(RequestError) as caught:
        RegistryConfig.from_mapping(section, environ={})
    assert named in str(caught.value)
    assert caught.value.exit_code == 2


def test_environment_overrides_win_over_the_config_file() -> None:
    environ = {
        "KG_ISIL_URL": "http://127.0.0.1:1/isil",
        "KG_KIRKANTA_URL": "http://127.0.0.1:2/v4",
        "KG_WIKIDATA_URL": "http://127.0.0.1:3/sparql",
        "KG_YTJ_URL": "http://127.0.0.1:4/ytj",
        "KG_CONTACT": "env@example.org",
    }
    config = RegistryConfig.from_mapping(
        {"contact": "file@example.org", "urls": {"isil": "http://file.example.org"}}, environ
    )
    assert config.urls == {
        "isil": "http://127.0.0.1:1/isil",
        "kirkanta": "http://127.0.0.1:2/v4",
        "wikidata": "http://127.0.0.1:3/sparql",
        "ytj": "http://127.0.0.1:4/ytj",
    }
    assert config.contact == "env@example.org"


def test_a_bad_environment_value_is_named() -> None:
    with pytest.raises(RequestError, match="KG_YTJ_URL"):
        RegistryConfig.from_mapping({}, environ={"KG_YTJ_URL": "not a url"})
    with pytest.raises(RequestError, match="KG_CONTACT"):
        RegistryConfig.from_mapping({}, environ={"KG_CONTACT": "me"})


def test_an_environment_url_is_where_requests_go(httpserver: HTTPServer, cache_path: Path) -> None:
    httpserver.expect_request("/elsewhere/api/query").respond_with_json({"data": []})
    environ = {"KG_ISIL_URL": httpserver.url_for("/elsewhere"), "KG_CONTACT": CONTACT}
    config = replace(
        RegistryConfig.from_mapping({"cache": str(cache_path)}, environ), min_interval=0
    )
    with RegistryClient(config) as client:
        assert _get(client).data == {"data": []}
    assert len(httpserver.log) == 1


# -- the User-Agent -------------------------------------------------------------------------


def test_every_request_carries_a_descriptive_user_agent(
    httpserver: HTTPServer, client: RegistryClient
) -> None:
    httpserver.expect_request(PATH).respond_with_json({"data": []})
    _get(client)
    agent = httpserver.log[0][0].headers["User-Agent"]
    assert agent == f"kirjasto-kg/{__version__} ({CONTACT}) python-requests/{requests.__version__}"
    assert httpserver.log[0][0].headers["Accept"] == "application/json"


def test_no_contact_no_requests(httpserver: HTTPServer) -> None:
    with pytest.raises(RequestError, match="contact"):
        RegistryClient(registry_config(httpserver, None, contact=""))


def test_offline_needs_no_contact(httpserver: HTTPServer) -> None:
    with RegistryClient(registry_config(httpserver, None, contact="", offline=True)) as client:
        assert _failure(client).offline


def test_only_the_registries_that_ask_for_a_contact_need_one(
    httpserver: HTTPServer,
) -> None:
    from kg.linking.registries.config import CONTACT_REQUIRED

    assert sorted(CONTACT_REQUIRED) == ["wikidata"]
    httpserver.expect_request(PATH).respond_with_json({"data": []})
    config = registry_config(httpserver, None, contact="")
    with RegistryClient(config, ("isil", "kirkanta", "ytj")) as client:
        assert _get(client).data == {"data": []}
        agent = httpserver.log[0][0].headers["User-Agent"]
        assert agent == f"kirjasto-kg/{__version__} python-requests/{requests.__version__}"
        # A client made for the others never sends Wikidata a request without a contact.
        with pytest.raises(RequestError, match="Wikidata"):
            client.get_json("wikidata", "q", client.url("wikidata"), {"query": "ASK {}"})
    assert len(httpserver.log) == 1
    with pytest.raises(RequestError, match="Wikidata") as caught:
        RegistryClient(config, ("isil", "wikidata"))
    assert caught.value.exit_code == 2 and "KG_CONTACT" in str(caught.value)
    with pytest.raises(RequestError, match="Wikidata"):
        RegistryClient(config, REGISTRIES)


# -- bad answers ----------------------------------------------------------------------------


def test_404_names_registry_key_url_and_status(
    httpserver: HTTPServer, client: RegistryClient
) -> None:
    httpserver.expect_request(PATH).respond_with_data("Not here\nat all", status=404)
    failure = _failure(client, "FI-Km", isil="^FI-Km$")
    assert failure.status == 404
    assert failure.url == httpserver.url_for(PATH) + "?isil=%5EFI-Km%24"
    assert str(failure) == (
        f"ISIL registry, FI-Km: answered 404 NOT FOUND: Not here ({failure.url})"
    )
    assert isinstance(failure, ServiceError) and failure.exit_code == 3


def test_400_with_a_text_body_gives_its_first_line(
    httpserver: HTTPServer, client: RegistryClient
) -> None:
    httpserver.expect_request(PATH).respond_with_data(
        "\nRequested library was not found (id=123)\nmore", status=400, content_type="text/plain"
    )
    failure = _failure(client)
    assert failure.status == 400
    assert "answered 400 BAD REQUEST: Requested library was not found (id=123)" in str(failure)
    assert "more" not in str(failure)


def test_500_is_not_retried(httpserver: HTTPServer, client: RegistryClient) -> None:
    httpserver.expect_request(PATH).respond_with_data("Internal trouble", status=500)
    failure = _failure(client)
    assert failure.status == 500 and "500 INTERNAL SERVER ERROR: Internal trouble" in str(failure)
    assert len(httpserver.log) == 1


def test_503_is_retried_then_reported(httpserver: HTTPServer, client: RegistryClient) -> None:
    httpserver.expect_request(PATH).respond_with_data("busy", status=503)
    failure = _failure(client)
    assert failure.status == 503 and "after 1 retries" in str(failure)
    assert len(httpserver.log) == 2  # the request and one retry (retries=1)


def test_retries_back_off_from_the_first() -> None:
    retry = CappedRetry(total=3, backoff_factor=0.5, backoff_max=10)
    assert retry.get_backoff_time() == 0
    first = retry.increment("GET", "/x", error=ConnectTimeoutError("refused"))
    assert first.get_backoff_time() == 0.5
    second = first.increment("GET", "/x", error=ConnectTimeoutError("refused"))
    assert second.get_backoff_time() == 1.0
    assert isinstance(second, CappedRetry) and second.max_retry_after == 30


def test_502_then_success(httpserver: HTTPServer, client: RegistryClient) -> None:
    httpserver.expect_oneshot_request(PATH).respond_with_data("bad gateway", status=502)
    httpserver.expect_request(PATH).respond_with_json({"data": []})
    assert _get(client).data == {"data": []}
    assert len(httpserver.log) == 2


def test_429_with_retry_after_is_honoured_then_succeeds(
    httpserver: HTTPServer, client: RegistryClient
) -> None:
    httpserver.expect_oneshot_request(PATH).respond_with_data(
        "slow down", status=429, headers={"Retry-After": "1"}
    )
    httpserver.expect_request(PATH).respond_with_json({"data": []})
    started = time.monotonic()
    assert _get(client).data == {"data": []}
    assert time.monotonic() - started >= 0.9  # it waited as asked
    assert len(httpserver.log) == 2


def test_429_asking_too_long_a_wait_fails_at_once(
    httpserver: HTTPServer, client: RegistryClient
) -> None:
    httpserver.expect_request(PATH).respond_with_data(
        "come back in an hour", status=429, headers={"Retry-After": "3600"}
    )
    started = time.monotonic()
    failure = _failure(client)
    assert time.monotonic() - started < 1.0
    assert failure.status == 429
    assert "asks to wait 3600 s, more than max_retry_after (2 s)" in str(failure)
    assert len(httpserver.log) == 1


def test_429_as_an_http_date_beyond_the_cap_fails_too(
    httpserver: HTTPServer, client: RegistryClient
) -> None:
    httpserver.expect_request(PATH).respond_with_data(
        "", status=429, headers={"Retry-After": "Fri, 31 Dec 2100 23:59:59 GMT"}
    )
    failure = _failure(client)
    assert "more than max_retry_after" in str(failure)
    assert len(httpserver.log) == 1


def test_a_timeout_is_reported(httpserver: HTTPServer, make_client: MakeClient) -> None:
    def slow(request: Request) -> Response:
        time.sleep(0.5)
        return Response('{"data": []}', content_type="application/json")

    httpserver.expect_request(PATH).respond_with_handler(slow)
    client = make_client(read_timeout=0.15)
    failure = _failure(client)
    assert "no answer within 0.15 s (read timeout)" in str(failure)
    assert failure.status is None
    _wait_for_log(httpserver, 1)  # let the slow handler finish inside this test


def _wait_for_log(httpserver: HTTPServer, entries: int) -> None:
    deadline = time.monotonic() + 2
    while len(httpserver.log) < entries and time.monotonic() < deadline:
        time.sleep(0.02)


def test_a_refused_connection_is_reported(make_client: MakeClient) -> None:
    with socket.socket() as sock:  # a port that was free a moment ago and is closed now
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    urls = {name: f"http://127.0.0.1:{port}/{name}" for name in DEFAULT_URLS}
    client = make_client(urls=urls)
    failure = _failure(client)
    assert "the connection failed (Connection refused)" in str(failure)
    assert f"127.0.0.1:{port}" in str(failure)


@pytest.mark.parametrize("where", ["refused", "unresolved"])
def test_a_registry_that_cannot_be_reached_is_asked_once(
    httpserver: HTTPServer, make_client: MakeClient, connection_attempts: list[str], where: str
) -> None:
    host = f"127.0.0.1:{closed_port()}" if where == "refused" else "registry.invalid:80"
    urls = {**base_urls(httpserver), "isil": f"http://{host}/isil"}
    client = make_client(urls=urls, retries=3)  # a connection is not retried all the same
    first = _failure(client, "FI-A", isil="^FI-A$")
    assert "the connection failed (" in first.reason and not first.skipped
    assert first.stopped == f"the connection failed ({_reason(first)}) at http://{host}/isil"
    later = [_failure(client, key, isil=key) for key in ("FI-B", "FI-C", "FI-D")]
    assert all(f.skipped and f.stopped == first.stopped for f in later)
    assert str(later[0]).startswith(f"ISIL registry, FI-B: not asked: {first.stopped} (")
    assert connection_attempts.count(host) == 1
    # The other registries are asked as before.
    httpserver.expect_request("/opendata-ytj-api/v3/companies").respond_with_json({"n": 1})
    answer = client.get_json("ytj", "0171450-7", client.url("ytj") + "/companies")
    assert answer.data == {"n": 1}


def _reason(failure: LookupFailure) -> str:
    return failure.reason.split("(", 1)[1].rsplit(")", 1)[0]


def test_a_registry_past_its_deadline_is_asked_no_more(
    httpserver: HTTPServer, cache_path: Path
) -> None:
    httpserver.expect_request(PATH).respond_with_json({"data": []})
    now = [1000.0]
    config = registry_config(httpserver, cache_path, deadline=120.0)
    with RegistryClient(config, clock=lambda: now[0]) as client:
        _get(client, "FI-A", isil="A")  # its first look-up starts the registry's clock
        now[0] += 119.0
        _get(client, "FI-B", isil="B")
        now[0] += 1.0
        skipped = _failure(client, "FI-C", isil="C")
        assert skipped.skipped and skipped.stopped == "the deadline of 120 s passed"
        assert _failure(client, "FI-D", isil="D").stopped == skipped.stopped
        # Another registry has a deadline of its own, from its own first look-up.
        httpserver.expect_request("/opendata-ytj-api/v3/companies").respond_with_json({})
        assert client.get_json("ytj", "x", client.url("ytj") + "/companies").data == {}
    assert len(httpserver.log) == 3


def test_a_registry_that_never_answers_is_given_up_at_its_deadline(
    make_client: MakeClient, connection_attempts: list[str]
) -> None:
    with silent_server() as url:
        host = url.removeprefix("http://")
        client = make_client(
            urls={name: f"{url}/{name}" for name in DEFAULT_URLS},
            read_timeout=0.3,
            deadline=0.1,
        )
        first = _failure(client, "FI-A", isil="A")
        assert "no answer within 0.3 s (read timeout)" in str(first) and not first.skipped
        second = _failure(client, "FI-B", isil="B")
        assert second.skipped and second.stopped == "the deadline of 0.1 s passed"
    assert connection_attempts.count(host) == 1


def test_the_real_registries_are_never_reached(make_client: MakeClient) -> None:
    client = make_client(urls=dict(DEFAULT_URLS), retries=0)
    failure = _failure(client)
    assert failure.url == "https://isil.kansalliskirjasto.fi/api/query"
    assert "the connection failed (" in str(failure)
    assert client.requests_sent == 1  # counted, but refused before any socket opened


def test_a_body_that_is_not_json(httpserver: HTTPServer, client: RegistryClient) -> None:
    httpserver.expect_request(PATH).respond_with_data(
        "<html><body>Maintenance</body></html>", content_type="text/html"
    )
    failure = _failure(client)
    assert "the answer is not JSON (text/html): <html><body>Maintenance" in str(failure)
    assert failure.status == 200
    assert len(httpserver.log) == 1


def test_an_empty_body(httpserver: HTTPServer, client: RegistryClient) -> None:
    httpserver.expect_request(PATH).respond_with_data("", content_type="application/json")
    assert "the answer is empty (application/json)" in str(_failure(client))


def test_an_enormous_body_is_not_read(httpserver: HTTPServer, make_client: MakeClient) -> None:
    body = b'{"data": "' + b"x" * 300_000 + b'"}'
    httpserver.expect_request(PATH).respond_with_data(body, content_type="application/json")
    failure = _failure(make_client(max_body_bytes=100_000))
    assert "too big" in str(failure) and "Content-Length" in str(failure)
    assert "max_body_bytes is 100000" in str(failure)


def test_an_enormous_body_without_a_length_is_cut_off(
    httpserver: HTTPServer, make_client: MakeClient
) -> None:
    def endless(request: Request) -> Response:
        def chunks():  # type: ignore[no-untyped-def]
            yield b'{"data": "'
            for _ in range(100):
                yield b"x" * 10_000

        return Response(chunks(), content_type="application/json")  # chunked: no length

    httpserver.expect_request(PATH).respond_with_handler(endless)
    failure = _failure(make_client(max_body_bytes=50_000))
    assert "too big (more than 50000 bytes" in str(failure)


def test_a_gzipped_answer_is_read_cached_and_capped_once_decoded(
    httpserver: HTTPServer, make_client: MakeClient
) -> None:
    small = gzip.compress(b'{"data": ["zipped"]}')
    bomb = gzip.compress(b'{"data": "' + b"0" * 400_000 + b'"}')  # ~400 kB from ~1 kB
    headers = {"Content-Encoding": "gzip"}
    httpserver.expect_request(PATH, query_string="isil=small").respond_with_data(
        small, content_type="application/json", headers=headers
    )
    httpserver.expect_request(PATH, query_string="isil=bomb").respond_with_data(
        bomb, content_type="application/json", headers=headers
    )
    assert _get(make_client(), isil="small").data == {"data": ["zipped"]}
    again = _get(make_client(), isil="small")  # a second run, from the cache
    assert again.from_cache and again.data == {"data": ["zipped"]}
    assert len(bomb) < 100_000
    failure = _failure(make_client(max_body_bytes=100_000), isil="bomb")
    assert "too big (more than 100000 bytes" in str(failure)


def test_failures_are_not_cached(httpserver: HTTPServer, client: RegistryClient) -> None:
    httpserver.expect_oneshot_request(PATH).respond_with_data("oops", status=500)
    httpserver.expect_request(PATH).respond_with_json({"data": []})
    _failure(client)
    assert _get(client).data == {"data": []}
    assert len(httpserver.log) == 2


# -- pace -----------------------------------------------------------------------------------


def test_the_pacer_spaces_requests_per_host() -> None:
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    pacer = Pacer(1.0, clock=lambda: now[0], sleep=sleep)
    pacer.wait("http://a.example/x")
    pacer.wait("http://b.example/x")  # another host: no wait
    now[0] += 0.25
    pacer.wait("http://A.example/y")  # same host (case-insensitive): waits the rest
    assert slept == [0.75]


def test_requests_to_one_host_keep_the_interval(
    httpserver: HTTPServer, make_client: MakeClient
) -> None:
    httpserver.expect_request(PATH).respond_with_json({"data": []})
    client = make_client(min_interval=0.2, cache=None, cache_expiry=0)
    started = time.monotonic()
    for isil in ("FI-A", "FI-B", "FI-C"):
        _get(client, isil, isil=isil)
    assert time.monotonic() - started >= 0.4
    assert client.requests_sent == 3


# -- cache and offline ----------------------------------------------------------------------


def test_a_second_run_answers_from_the_cache(
    httpserver: HTTPServer, make_client: MakeClient
) -> None:
    httpserver.expect_request(PATH).respond_with_json({"data": [1]})
    first = _get(make_client(), isil="^FI-Km$")
    assert not first.from_cache
    second_client = make_client()  # a new session on the same cache file: a second run
    second = _get(second_client, isil="^FI-Km$")
    assert second.from_cache and second.data == {"data": [1]}
    assert second.retrieved_at == first.retrieved_at  # when the registry said it
    assert second.url == first.url
    assert len(httpserver.log) == 1
    assert second_client.requests_sent == 0


def test_post_answers_are_cached_by_their_body(
    httpserver: HTTPServer, client: RegistryClient
) -> None:
    httpserver.expect_request("/sparql", method="POST").respond_with_json({"n": 1})
    url = client.url("wikidata")
    client.post_json("wikidata", "q", url, {"query": "SELECT 1"})
    client.post_json("wikidata", "q", url, {"query": "SELECT 1"})
    client.post_json("wikidata", "q", url, {"query": "SELECT 2"})
    assert len(httpserver.log) == 2


def test_an_expired_answer_is_asked_again(httpserver: HTTPServer, make_client: MakeClient) -> None:
    httpserver.expect_request(PATH).respond_with_json({"data": []})
    client = make_client(cache_expiry=0.3)
    _get(client)
    assert _get(client).from_cache
    time.sleep(0.4)
    assert not _get(client).from_cache
    assert len(httpserver.log) == 2


def test_a_shorter_expiry_applies_to_answers_cached_before(
    httpserver: HTTPServer, make_client: MakeClient
) -> None:
    httpserver.expect_oneshot_request(PATH).respond_with_json({"data": ["old"]})
    httpserver.expect_request(PATH).respond_with_json({"data": ["new"]})
    _get(make_client(cache_expiry=3600))
    time.sleep(0.3)
    assert _get(make_client(cache_expiry=3600)).data == {"data": ["old"]}  # still fresh
    again = _get(make_client(cache_expiry=0.2))  # a later run that wants younger answers
    assert again.data == {"data": ["new"]} and not again.from_cache
    assert len(httpserver.log) == 2
    # The new answer replaced the old one in the cache; offline runs read it.
    assert _get(make_client(offline=True)).data == {"data": ["new"]}


def test_offline_answers_from_the_cache_and_names_the_misses(
    httpserver: HTTPServer, make_client: MakeClient
) -> None:
    httpserver.expect_request(PATH).respond_with_json({"data": ["cached"]})
    _get(make_client(), "FI-Km", isil="^FI-Km$")
    before = len(httpserver.log)
    client = make_client(offline=True)
    assert _get(client, "FI-Km", isil="^FI-Km$").data == {"data": ["cached"]}
    miss = _failure(client, "FI-Lohja", isil="^FI-Lohja$")
    assert miss.offline and miss.key == "FI-Lohja"
    assert str(miss) == (
        "ISIL registry, FI-Lohja: offline, and not in the cache "
        f"({httpserver.url_for(PATH)}?isil=%5EFI-Lohja%24)"
    )
    assert len(httpserver.log) == before  # nothing went out


def test_offline_uses_expired_answers_too(httpserver: HTTPServer, make_client: MakeClient) -> None:
    httpserver.expect_request(PATH).respond_with_json({"data": ["old"]})
    _get(make_client(cache_expiry=0.1))
    time.sleep(0.2)
    client = make_client(offline=True, cache_expiry=0.1)
    assert _get(client).data == {"data": ["old"]}
    assert len(httpserver.log) == 1


def test_offline_helper_and_memory_cache(httpserver: HTTPServer) -> None:
    config = offline(registry_config(httpserver, None))
    assert config.offline
    with RegistryClient(config) as client:
        assert _failure(client).offline
    assert httpserver.log == []


def test_the_cache_file_is_where_configured(
    httpserver: HTTPServer, make_client: MakeClient, tmp_path: Path
) -> None:
    httpserver.expect_request(PATH).respond_with_json({"data": []})
    path = tmp_path / "deep" / "er" / "cache.sqlite"
    client = make_client(cache=path)
    _get(client)
    client.close()
    assert path.is_file()


def test_lookup_failure_is_a_kg_error_with_fields() -> None:
    failure = lookup_failure("ytj", "0171450-7", "http://x/companies", "answered 500", status=500)
    assert isinstance(failure, KgError)
    assert (failure.registry, failure.key, failure.status) == ("ytj", "0171450-7", 500)
    assert str(failure) == "PRH/YTJ, 0171450-7: answered 500 (http://x/companies)"
    assert failure.for_key("other").key == "other"
    assert failure.for_key("0171450-7") is failure


def test_base_urls_have_no_trailing_slash(httpserver: HTTPServer) -> None:
    config = registry_config(
        httpserver, None, urls={**base_urls(httpserver), "isil": "http://h/i/"}
    )
    assert config.url("isil") == "http://h/i"
