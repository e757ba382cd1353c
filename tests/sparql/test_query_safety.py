"""Issue 18, queries: no SERVICE call without --allow-service, errors while a query runs are
one line, remote calls time out, answers with other variables are refused, and parameter
values are checked strictly and quoted briefly.

The servers are real, on 127.0.0.1: a recorder (`http.server` in a thread) that notes every
request it gets and answers as a SPARQL endpoint, and a socket that accepts and never answers.
A query refused must leave the recorder with no request at all, whether it was to run on the
embedded store (Oxigraph would call the SERVICE itself) or on an endpoint (the recorder is
then the endpoint too).
"""

from __future__ import annotations

import gc
import json
import socket
import subprocess
import sys
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import FrameType

import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st
from pyoxigraph import Literal, NamedNode, Quad, QueryBoolean, QuerySolutions, Store
from pytest_httpserver import HTTPServer

from kg.cli import main
from kg.errors import EndpointError, QueryParameterError, QueryRunError, RequestError
from kg.sparql.catalogue import StoredQuery, bind, check_runnable, load_query_file, run_local
from kg.sparql.endpoint import SparqlEndpoint
from kg.sparql.service_check import ServiceUse, read_parse_tree, read_tokens, service_use
from kg.store.graph_store import GraphStore
from tests.oxigraph_server import free_port

# -- servers -----------------------------------------------------------------------------------

ANSWER = {"head": {"vars": ["a", "b", "c"]}, "results": {"bindings": []}}


@dataclass
class Recorder:
    """A SPARQL endpoint on 127.0.0.1 that notes every request and answers `answer` (JSON)."""

    port: int
    requests: list[str] = field(default_factory=list)
    answer: dict[str, object] = field(default_factory=lambda: dict(ANSWER))

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def url(self) -> str:
        return self.root + "sparql"


class _Recording(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _RecorderServer

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def _answer(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.state.requests.append(f"{self.command} {self.path}")
        body = json.dumps(self.server.state.answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _RecorderServer(ThreadingHTTPServer):
    daemon_threads = True
    state: Recorder


@contextmanager
def _recording() -> Iterator[Recorder]:
    httpd = _RecorderServer(("127.0.0.1", 0), _Recording)
    httpd.state = Recorder(httpd.server_address[1])
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield httpd.state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    with _recording() as running:
        yield running


@pytest.fixture(scope="module")
def module_recorder() -> Iterator[Recorder]:
    with _recording() as running:
        yield running


@pytest.fixture
def silent_url() -> Iterator[str]:
    """The URL of a server that accepts connections and never answers; closed at the end."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.05)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    finally:
        stop.set()
        thread.join()
        for connection in accepted:
            connection.close()
        listener.close()


def _store_at(path: Path) -> Path:
    """Make a store on disk with one triple, closed again so that the command line can open it."""
    store = GraphStore.open(path)
    graph = NamedNode("https://example.org/graph")
    subject, predicate = NamedNode("https://example.org/s"), NamedNode("https://example.org/p")
    with store.writing():
        store.replace_graph(graph, [Quad(subject, predicate, Literal("o"), graph)])
    del store
    return path


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _store_at(tmp_path_factory.mktemp("store") / "store")


@pytest.fixture
def fresh_store(tmp_path: Path) -> Path:
    """A store of the test's own: a command that failed may still hold its store a while."""
    return _store_at(tmp_path / "store")


# -- the SERVICE forms -------------------------------------------------------------------------

# `{U}` is the recorder's endpoint URL, `{P}` its root (for prefixed names).
SERVICE_FORMS = {
    "plain": "SELECT * WHERE { SERVICE <{U}> { ?a ?b ?c } }",
    "issue-escaped-local-name": "PREFIX ex: <http://example.org/>\n"
    "SELECT ?a WHERE { BIND(ex:a\\# AS ?z) SERVICE <{U}> { ?a ?b ?c } }",
    "escaped-quote-in-local-name": "PREFIX ex: <http://example.org/>\n"
    "SELECT ?a WHERE { BIND(ex:a\\' AS ?z) SERVICE <{U}> { ?a ?b ?c } } #'",
    "comments": "# SERVICE here is a comment\nSELECT * WHERE { # and here\n"
    "  SERVICE <{U}> { ?a ?b ?c } # here too\n}",
    "comment-ends-at-cr": "SELECT * WHERE { # a comment\rSERVICE <{U}> { ?a ?b ?c } }",
    "crlf-and-tabs": "SELECT * WHERE {\r\n\tSERVICE\t<{U}>\r\n{ ?a ?b ?c } }",
    "silent": "SELECT * WHERE { SERVICE SILENT <{U}> { ?a ?b ?c } }",
    "lowercase": "select * where { service <{U}> { ?a ?b ?c } }",
    "mixed-case": "SeLeCt * WhErE { sErViCe <{U}> { ?a ?b ?c } }",
    "no-spaces": "SELECT*WHERE{SERVICE<{U}>{?a ?b ?c}}",
    "prefixed-iri": "PREFIX remote: <{P}>\nSELECT * WHERE { SERVICE remote:sparql { ?a ?b ?c } }",
    "keyword-glued-to-a-name": "PREFIX : <{P}>\nSELECT * WHERE { SERVICE:sparql { ?a ?b ?c } }",
    "keyword-glued-to-a-prefix": "PREFIX x: <{P}>\nSELECT * WHERE { SERVICEx:sparql { ?a ?b ?c } }",
    "keyword-glued-to-silent": "SELECT * WHERE { SERVICESILENT<{U}> { ?a ?b ?c } }",
    "variable-iri": "SELECT * WHERE { VALUES ?u { <{U}> } SERVICE ?u { ?a ?b ?c } }",
    "dollar-variable-iri": "SELECT * WHERE { VALUES $u { <{U}> } SERVICE $u { ?a ?b ?c } }",
    "subquery": "SELECT * WHERE { { SELECT ?a WHERE { SERVICE <{U}> { ?a ?b ?c } } } }",
    "filter-exists": "SELECT * WHERE { BIND(1 AS ?x)"
    " FILTER EXISTS { SERVICE <{U}> { ?a ?b ?c } } }",
    "filter-not-exists": "SELECT * WHERE { BIND(1 AS ?x)"
    " FILTER(NOT EXISTS { SERVICE <{U}> { ?a ?b ?c } }) }",
    "exists-in-projection": "SELECT (EXISTS { SERVICE <{U}> { ?a ?b ?c } } AS ?e) WHERE {}",
    "exists-in-order-by": "SELECT * WHERE { BIND(1 AS ?q) }"
    " ORDER BY (EXISTS { SERVICE <{U}> { ?a ?b ?c } })",
    "exists-in-having": "SELECT ?q WHERE { BIND(1 AS ?q) } GROUP BY ?q"
    " HAVING(EXISTS { SERVICE <{U}> { ?a ?b ?c } })",
    "optional": "SELECT * WHERE { BIND(1 AS ?x) OPTIONAL { SERVICE <{U}> { ?a ?b ?c } } }",
    "minus": "SELECT * WHERE { BIND(1 AS ?a) MINUS { SERVICE <{U}> { ?a ?b ?c } } }",
    "union": "SELECT * WHERE { { BIND(1 AS ?x) } UNION { SERVICE <{U}> { ?a ?b ?c } } }",
    "graph": "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } SERVICE <{U}> { ?a ?b ?c } }",
    "string-with-hash": 'SELECT * WHERE { BIND("#" AS ?h) SERVICE <{U}> { ?a ?b ?c } }',
    "single-quoted-hash": "SELECT * WHERE { BIND('#' AS ?h) SERVICE <{U}> { ?a ?b ?c } }",
    "escaped-quote-in-string": 'SELECT * WHERE { BIND("a\\"#" AS ?h) SERVICE <{U}> { ?a ?b ?c } }',
    "long-string": 'SELECT * WHERE { BIND("""a " "" # \\""" x""" AS ?h)'
    " SERVICE <{U}> { ?a ?b ?c } }",
    "long-single-quoted-string": "SELECT * WHERE { BIND('''a ' '' #\n''' AS ?h)"
    " SERVICE <{U}> { ?a ?b ?c } }",
    "iri-with-hash": "SELECT * WHERE { BIND(<http://example.org/a#b> AS ?h)"
    " SERVICE <{U}> { ?a ?b ?c } }",
    "typed-literal": 'SELECT * WHERE { BIND("1"^^<http://www.w3.org/2001/XMLSchema#int> AS ?h)'
    " SERVICE <{U}> { ?a ?b ?c } }",
    "unicode-escape": "SELECT * WHERE { \\u0053ERVICE <{U}> { ?a ?b ?c } }",
    "long-unicode-escape": "SELECT * WHERE { \\U00000053ERVICE <{U}> { ?a ?b ?c } }",
    # `<` after an operand is less-than, not an IRI: a reader that takes `<2)SERVICE...#>`
    # for one IRI misses the keyword.
    "less-than-then-comment": "PREFIX : <{P}>\n"
    "SELECT * WHERE { FILTER(1<2)SERVICE:sparql#>\n{ ?a ?b ?c } }",
    "less-than-then-long-string": 'SELECT * WHERE { FILTER(1<2#>"""\n)'
    ' SERVICE <{U}> { ?a ?b ?c } #"""\n}',
    "ask": "ASK { SERVICE <{U}> { ?a ?b ?c } }",
    "construct": "CONSTRUCT { ?a ?b ?c } WHERE { SERVICE <{U}> { ?a ?b ?c } }",
    "describe": "DESCRIBE ?a WHERE { SERVICE <{U}> { ?a ?b ?c } }",
    "values-after-the-group": "SELECT * WHERE { SERVICE <{U}> { ?a ?b ?c } } VALUES ?z { 1 }",
}

# Queries that only look like they might call out: they run without --allow-service.
HARMLESS_FORMS = {
    "escaped-local-name": "PREFIX ex: <http://example.org/>\n"
    "SELECT ?z WHERE { BIND(ex:a\\# AS ?z) }",
    "word-in-strings": "SELECT ?x WHERE { BIND(CONCAT(\"SERVICE <x> {}\", 'SERVICE',"
    ' """SERVICE\n{""") AS ?x) }',
    "word-in-a-comment": "# SERVICE <http://example.org/> { }\nSELECT ?x WHERE { BIND(1 AS ?x) }",
    "word-in-an-iri": "SELECT ?x WHERE { BIND(<http://example.org/SERVICE> AS ?x) }",
    "word-in-a-local-name": "PREFIX schema: <http://schema.org/>\n"
    "SELECT ?s WHERE { ?s a schema:Service ; schema:serviceType ?t }",
    "variable-named-service": "SELECT ?service WHERE { ?service ?p ?o }",
    "hashes-and-quotes": 'SELECT ?x WHERE { BIND(CONCAT("#", \'#\', """ " "" # """,'
    " STR(<http://example.org/a#b>)) AS ?x) }",
    "less-than-and-iris": "SELECT ?x WHERE { BIND(1 AS ?a) FILTER(?a<2)"
    " BIND(<http://example.org/x#y> AS ?x) }",
}


def _text(form: str, recorder: Recorder) -> str:
    return "#+ summary: a query\n" + form.replace("{U}", recorder.url).replace("{P}", recorder.root)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.rq"
    path.write_text(text, encoding="utf-8")
    return path


def _run(*arguments: str) -> Result:
    return CliRunner().invoke(main, ["query", "run", *arguments])


def _one_line(result: Result, code: int) -> str:
    assert result.exit_code == code, (result.output, result.exception)
    assert result.stdout == ""
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr
    return result.stderr


@pytest.mark.parametrize("name", list(SERVICE_FORMS))
def test_service_is_refused_in_every_form(name: str, tmp_path: Path, recorder: Recorder) -> None:
    query = load_query_file(_write(tmp_path, name, _text(SERVICE_FORMS[name], recorder)))
    with pytest.raises(RequestError, match="--allow-service") as caught:
        check_runnable(query, allow_service=False)
    assert caught.value.exit_code == 2


@pytest.mark.parametrize("name", list(SERVICE_FORMS))
def test_each_reader_finds_service_or_cannot_read(name: str, recorder: Recorder) -> None:
    # The tokens are a line of their own: they find every form. rdflib's parser, the other
    # line, finds it wherever it can read the query.
    text = _text(SERVICE_FORMS[name], recorder)
    assert read_tokens(text).calls is (None if "\\u" in text or "\\U" in text else True)
    assert read_parse_tree(text).calls in (True, None)


@pytest.mark.parametrize("name", list(SERVICE_FORMS))
def test_no_request_leaves_without_allow_service(
    name: str, tmp_path: Path, recorder: Recorder, store_path: Path
) -> None:
    path = str(_write(tmp_path, name, _text(SERVICE_FORMS[name], recorder)))
    local = _run(path, "--store", str(store_path))
    remote = _run(path, "--endpoint", recorder.url)
    assert "--allow-service" in _one_line(local, 2)
    assert "--allow-service" in _one_line(remote, 2)
    assert recorder.requests == []


@pytest.mark.parametrize(
    "name",
    ["plain", "issue-escaped-local-name", "less-than-then-comment", "keyword-glued-to-a-name"],
)
def test_the_recorder_sees_a_service_call_that_is_allowed(
    name: str, tmp_path: Path, recorder: Recorder, store_path: Path
) -> None:
    # The other side of the test above: these forms do reach the network when they may.
    path = str(_write(tmp_path, name, _text(SERVICE_FORMS[name], recorder)))
    result = _run(path, "--store", str(store_path), "--allow-service", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith("a")
    assert len(recorder.requests) >= 1


# Pieces of text set before a SERVICE clause: ones that hide what follows from a reader that
# cuts the text wrongly, ones that open or close what they should not.
PIECES = [
    *(" ", "\n", "\r", "\t", "#>\n", "# c\r", "(", ")", "{", "}", "[", "]", "<", "<a", ">"),
    *('"#"', "'#'", '"""a"#"""', "'''b'#\n'''", '"a\\"#"', '"', "'", '"""', "'''", "#"),
    *("ex:a\\#", "ex:a\\'", "ex:a\\", "ex:", "<http://example.org/a#b>", "\\", "\\u0022", "%"),
    *("FILTER(1<2)", "FILTER(1<2#>\n)", "FILTER(?u<?u)", "BIND(1 AS ?one)", "?s ?p ?o ."),
    *("^^", "@en", "_:b", "1", "true", "a", "FILTER EXISTS {", "OPTIONAL {", "SELECT * WHERE {"),
]
KEYWORDS = ["SERVICE", "service", "SERVICE SILENT", "SERVICESILENT", "\\u0053ERVICE"]
TARGETS = ["<{U}>", "r:sparql", ":sparql", "?u", "$u"]


@settings(max_examples=400, deadline=None)
@given(
    before=st.lists(st.sampled_from(PIECES), max_size=5),
    keyword=st.sampled_from(KEYWORDS),
    gap=st.sampled_from(["", " ", "\n", "#>\n", "\t"]),
    target=st.sampled_from(TARGETS),
    after=st.lists(st.sampled_from(PIECES), max_size=2),
)
def test_oxigraph_calls_nothing_the_check_lets_through(
    module_recorder: Recorder,
    before: list[str],
    keyword: str,
    gap: str,
    target: str,
    after: list[str],
) -> None:
    text = (
        "PREFIX ex: <http://example.org/>\nPREFIX r: <{P}>\nPREFIX : <{P}>\n"
        "SELECT * WHERE { VALUES ?u { <{U}> } "
        + "".join(before)
        + keyword
        + gap
        + target
        + "{ ?a ?b ?c }"
        + "".join(after)
        + " }"
    )
    text = text.replace("{U}", module_recorder.url).replace("{P}", module_recorder.root)
    if service_use(text).calls is not False:
        return  # refused: nothing runs
    sent = len(module_recorder.requests)
    try:
        answer = Store().query(text)
        if not isinstance(answer, QueryBoolean):
            list(answer)
    except (SyntaxError, OSError, RuntimeError):
        pass
    assert len(module_recorder.requests) == sent, text


@pytest.mark.parametrize("name", list(HARMLESS_FORMS))
def test_a_query_without_service_runs(
    name: str, tmp_path: Path, recorder: Recorder, store_path: Path
) -> None:
    path = _write(tmp_path, name, _text(HARMLESS_FORMS[name], recorder))
    check_runnable(load_query_file(path), allow_service=False)
    result = _run(str(path), "--store", str(store_path), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert recorder.requests == []


def test_a_query_no_reader_can_read_is_refused() -> None:
    use = service_use('SELECT * WHERE { ?s ?p "unterminated }')
    assert use.calls is None
    query = StoredQuery("broken", "broken.rq", 'SELECT * WHERE { ?s ?p "x }', "SELECT", "b")
    with pytest.raises(RequestError, match="cannot tell whether the query calls") as caught:
        check_runnable(query, allow_service=False)
    assert "--allow-service" in str(caught.value) and "\n" not in str(caught.value)


def test_a_query_with_no_letters_of_service_is_passed_without_rdflib() -> None:
    # rdflib's parser takes 0.4 s to load and run in a new process: a `kg query run` of a
    # query without the letters (nor an escape that could spell them) need not ask it.
    probe = (
        "import sys; from kg.sparql.service_check import service_use as use; "
        "found = [use('SELECT * WHERE { ?s ?p ?o }').calls, use('ASK { ?s ?p ?o }').calls]; "
        "print(found, 'rdflib.plugins.sparql.parser' in sys.modules)"
    )
    ran = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert ran.stdout.split() == ["[False,", "False]", "False"]
    # With the letters, or an escape that spells them, both readers read it as before.
    assert service_use("SELECT * WHERE { ?s <urn:service> ?o }") == ServiceUse(False)
    assert service_use("SELECT * WHERE { \\u0053ERVICE <urn:x> { ?s ?p ?o } }").calls is True


def test_checking_a_query_keeps_nothing_of_the_caller_alive(tmp_path: Path) -> None:
    # rdflib's parser leaves reference cycles through its frames: an open store in the
    # caller's frame stayed open until a garbage collection, and opening it again failed.
    text = f"#+ summary: q\nSELECT * WHERE {{ ?s ?p '{tmp_path.name}' }}\n"  # not cached
    query = load_query_file(_write(tmp_path, "q", text))

    class Held:
        pass

    def caller() -> weakref.ref[Held]:
        held = Held()
        check_runnable(query, allow_service=False)
        return weakref.ref(held)

    gc.disable()
    try:
        assert caller()() is None
    finally:
        gc.enable()


def test_the_check_reads_the_text_with_its_parameters_bound(tmp_path: Path) -> None:
    text = "#+ summary: s\nSELECT ?x WHERE { BIND(?_word AS ?x) }\n"
    query = load_query_file(_write(tmp_path, "bound", text))
    # a value is one literal in the VALUES block: it cannot open a SERVICE clause
    hostile = 'x" } SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } #'
    check_runnable(query, bind(query, {"word": hostile}), allow_service=False)


# -- errors while a query runs -----------------------------------------------------------------


def _service_query(tmp_path: Path, target: str, form: str = "SELECT") -> Path:
    body = {
        "SELECT": f"SELECT * WHERE {{ SERVICE {target} {{ ?a ?b ?c }} }}",
        "ASK": f"ASK {{ SERVICE {target} {{ ?a ?b ?c }} }}",
    }[form]
    return _write(tmp_path, "remote", f"#+ summary: remote\n{body}\n")


@pytest.mark.parametrize(
    ("target", "form"),
    [
        ("?unbound", "SELECT"),  # the variable naming the service is unbound
        ("<http://127.0.0.1:1/sparql>", "SELECT"),  # a port the HTTP client refuses
        ("<http://127.0.0.1:1/sparql>", "ASK"),  # ASK fails before any row is read
        ("<ftp://127.0.0.1/sparql>", "SELECT"),  # a scheme it cannot speak
        ("<http://127.0.0.1:{free}/sparql>", "SELECT"),  # nothing listens there
    ],
)
def test_an_error_while_the_query_runs_is_one_line_and_exit_3(
    tmp_path: Path, fresh_store: Path, target: str, form: str
) -> None:
    path = _service_query(tmp_path, target.replace("{free}", str(free_port())), form)
    result = _run(str(path), "--store", str(fresh_store), "--allow-service")
    assert _one_line(result, 3).startswith(f"error: {path}: the query failed while it ran")
    with pytest.raises(QueryRunError) as caught:
        run_local(GraphStore.open(None), load_query_file(path), {})
    assert caught.value.exit_code == 3 and caught.value.__cause__ is not None


@pytest.mark.parametrize("timeout", [None, 5.0])
def test_a_failed_run_leaves_no_answer_in_its_error(
    tmp_path: Path, httpserver: HTTPServer, timeout: float | None
) -> None:
    # pyoxigraph lets only the thread that made an answer drop it: an error whose frames
    # hold one is dropped by whoever ends it, or by the garbage collector on any thread (a
    # server's), and pyoxigraph then reports it "unsendable" and leaks it. With a timeout the
    # query runs in a thread of its own, whose error goes to the caller's thread.
    httpserver.expect_request("/sparql").respond_with_data(
        "not JSON", content_type="application/sparql-results+json"
    )
    query = load_query_file(_service_query(tmp_path, f"<{httpserver.url_for('/sparql')}>"))
    with pytest.raises(QueryRunError, match="the query failed while it ran") as caught:
        run_local(GraphStore.open(None), query, {}, timeout=timeout)
    holding = [
        frame.f_code.co_name
        for frame in _frames(caught.value)
        if any(isinstance(value, QuerySolutions) for value in frame.f_locals.values())
    ]
    assert holding == []


def _frames(error: BaseException | None) -> Iterator[FrameType]:
    """Yield the frames of the traceback of `error` and of its causes and contexts."""
    while error is not None:
        trace = error.__traceback__
        while trace is not None:
            yield trace.tb_frame
            trace = trace.tb_next
        error = error.__cause__ or error.__context__


def test_a_service_that_never_answers_times_out(tmp_path: Path, silent_url: str) -> None:
    query = load_query_file(_service_query(tmp_path, f"<{silent_url}>"))
    with pytest.raises(QueryRunError, match=r"no answer within 0\.5 s") as caught:
        run_local(GraphStore.open(None), query, {}, timeout=0.5)
    assert caught.value.exit_code == 3


def test_the_command_line_times_a_service_out(
    tmp_path: Path, fresh_store: Path, silent_url: str
) -> None:
    path = _service_query(tmp_path, f"<{silent_url}>")
    result = _run(str(path), "--store", str(fresh_store), "--allow-service", "--timeout", "0.5")
    assert "no answer within 0.5 s" in _one_line(result, 3)


def test_an_endpoint_that_never_answers_times_out(tmp_path: Path, silent_url: str) -> None:
    path = _write(tmp_path, "q", "#+ summary: q\nSELECT * WHERE { ?s ?p ?o }\n")
    result = _run(str(path), "--endpoint", silent_url, "--timeout", "0.5")
    line = _one_line(result, 3)
    assert line.startswith(f"error: {silent_url}: ") and "no answer within 0.5 s" in line


def test_a_push_to_a_server_that_never_answers_times_out(
    fresh_store: Path, silent_url: str
) -> None:
    pushed = CliRunner().invoke(
        main, ["push", "--store", str(fresh_store), "--endpoint", silent_url, "--timeout", "0.5"]
    )
    assert "no answer within 0.5 s" in _one_line(pushed, 3)


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "soon"])
def test_a_timeout_must_be_a_positive_number_of_seconds(tmp_path: Path, value: str) -> None:
    path = _write(tmp_path, "q", "#+ summary: q\nSELECT * WHERE { ?s ?p ?o }\n")
    result = _run(str(path), "--endpoint", "http://127.0.0.1:9/sparql", "--timeout", value)
    assert result.exit_code == 2
    said = "is not a valid float" if value == "soon" else "expected a positive number of seconds"
    assert said in result.stderr


# -- an endpoint's answer must have the query's variables ------------------------------------


def test_an_answer_with_other_variables_is_refused(tmp_path: Path, recorder: Recorder) -> None:
    recorder.answer = {
        "head": {"vars": ["x"]},
        "results": {"bindings": [{"x": {"type": "literal", "value": "not what was asked"}}]},
    }
    path = _write(tmp_path, "q", "#+ summary: q\nSELECT ?s ?o WHERE { ?s ?p ?o }\n")
    result = _run(str(path), "--endpoint", recorder.url)
    line = _one_line(result, 3)
    assert line.startswith(f"error: {recorder.url}: ") and "?x" in line and "?s ?o" in line
    with SparqlEndpoint(recorder.url) as endpoint, pytest.raises(EndpointError):
        endpoint.query(load_query_file(path), {})


def test_select_star_is_checked_against_the_variables_in_scope(
    tmp_path: Path, recorder: Recorder
) -> None:
    # SELECT * gives ?s ?p ?o here, as on the store: ?w is in the filter only, out of scope.
    text = "#+ summary: q\nSELECT * WHERE { ?s ?p ?o FILTER(!BOUND(?w)) }\n"
    query = load_query_file(_write(tmp_path, "q", text))
    recorder.answer = {"head": {"vars": ["o", "s"]}, "results": {"bindings": []}}
    with SparqlEndpoint(recorder.url) as endpoint, pytest.raises(EndpointError, match=r"\?p"):
        endpoint.query(query, {})
    recorder.answer = {"head": {"vars": ["o", "p", "s"]}, "results": {"bindings": []}}
    with SparqlEndpoint(recorder.url) as endpoint:  # another order is the same variables
        assert endpoint.query(query, {}).variables == ("o", "p", "s")


# -- parameter values ------------------------------------------------------------------------

TYPED = """#+ summary: typed parameters
#+ enumerate:
#+   - programme:
#+     - AVI
#+     - RFV
SELECT ?x WHERE {
  BIND(COALESCE(?__n_integer, ?__amount_decimal, ?__year_gYear, ?__on_date, ?__flag_boolean,
                ?__word, ?__programme) AS ?x)
}
"""


@pytest.fixture
def typed(tmp_path: Path) -> Path:
    return _write(tmp_path, "typed", TYPED)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("n", "٢٠"),  # Arabic-Indic digits
        ("n", "２０"),  # fullwidth digits
        ("n", "99999999999999999999"),
        ("n", "1000000000000000"),  # 16 digits
        ("n", "-1000000000000000"),
        ("n", " 20"),
        ("amount", "١.٥"),
        ("amount", "1e5"),
        ("amount", "1000000000000000.5"),  # 16 digits before the point
        ("amount", "0.1234567890123456789"),  # 19 after it
        ("year", "٢٠١٦"),
        ("year", "0999"),
        ("year", "10000"),
        ("on", "٢٠١٦-01-01"),
        ("on", "0999-12-31"),
        ("on", "2016-1-1"),
        ("flag", "True"),
        ("word", "a\x00b"),  # NUL
        ("word", "a\x07b"),  # another control character
        ("word", "a\udc80b"),  # a lone surrogate (what undecodable bytes of argv become)
        ("programme", "ELY"),
    ],
)
def test_a_value_out_of_its_type_is_one_line_and_exit_2(typed: Path, name: str, value: str) -> None:
    with pytest.raises(QueryParameterError):
        bind(load_query_file(typed), {name: value})
    result = _run(str(typed), "-p", f"{name}={value}", "--store", "/nonexistent/store")
    assert _one_line(result, 2).startswith(f"error: -p {name}: ")


@pytest.mark.parametrize(
    ("name", "value", "term"),
    [
        ("n", "999999999999999", '"999999999999999"^^<http://www.w3.org/2001/XMLSchema#integer>'),
        ("n", "-7", '"-7"^^<http://www.w3.org/2001/XMLSchema#integer>'),
        ("amount", "12.50", '"12.50"^^<http://www.w3.org/2001/XMLSchema#decimal>'),
        ("year", "1000", '"1000"^^<http://www.w3.org/2001/XMLSchema#gYear>'),
        ("year", "9999", '"9999"^^<http://www.w3.org/2001/XMLSchema#gYear>'),
        ("on", "2016-02-29", '"2016-02-29"^^<http://www.w3.org/2001/XMLSchema#date>'),
        ("word", 'a "quoted"\nvalue\t#', '"a \\"quoted\\"\\nvalue\\t#"'),
    ],
)
def test_a_value_of_its_type_is_bound(typed: Path, name: str, value: str, term: str) -> None:
    (bound,) = bind(load_query_file(typed), {name: value}).values()
    assert str(bound) == term


@pytest.mark.parametrize("name", ["n", "programme", "on"])
def test_an_error_quotes_at_most_80_characters_of_a_value(typed: Path, name: str) -> None:
    result = _run(str(typed), "-p", f"{name}={'7' * 100_000}")
    line = _one_line(result, 2)
    assert len(line) < 200 and "7" * 60 in line and "…" in line


@pytest.mark.parametrize(
    "pair", ["colour=red", "x\ny=1", "a\x00=1", "\udc80=1", "n" * 100_000 + "=1", "x'\"=1"]
)
def test_an_unknown_parameter_is_one_line_and_exit_2(typed: Path, pair: str) -> None:
    line = _one_line(_run(str(typed), "-p", pair), 2)
    assert "has no parameter" in line and len(line) < 300


@pytest.mark.parametrize("pair", ["n", "=5", "\n"])
def test_a_parameter_without_name_and_value_is_one_line_and_exit_2(typed: Path, pair: str) -> None:
    assert "expected name=value" in _one_line(_run(str(typed), "-p", pair), 2)
