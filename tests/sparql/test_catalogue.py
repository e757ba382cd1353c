"""The stored-query machinery: headers, parameters bound as terms, VALUES blocks, outputs."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from pyoxigraph import Literal, NamedNode

from kg.build import STORE_DIR, BuildOptions, build
from kg.cli import main
from kg.errors import QueryDefinitionError, QueryNotFound, QueryParameterError, RequestError
from kg.iris import Minter
from kg.sparql.catalogue import (
    QueryResult,
    StoredQuery,
    bind,
    check_runnable,
    find_query,
    load_query_file,
    run_local,
    strip_comments,
    with_values_block,
)
from kg.sparql.output import render
from kg.store.graph_store import GraphStore
from kg.vocab import XSD
from tests.conftest import SEEDS

OPTIONS = BuildOptions(  # the store is all these tests read
    read_at=datetime(2026, 1, 31, 12, 0, tzinfo=UTC), validate=False, release=False
)

LIBRARY_PROJECTS = """#+ summary: Projects of a library, by ISIL
#+ description: The titles of the projects a library applied for.
#+ tags:
#+   - projects
#+   - libraries
#+ enumerate:
#+   - programme:
#+     - AVI
#+     - RFV
#+     - OKM
PREFIX kg: <https://w3id.org/kirjasto-kg/ns#>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT DISTINCT ?title ?year WHERE {
  ?project kg:applicant/kg:isil ?isil ; dct:title ?title ; kg:callYear ?year ;
           kg:programmeAsWritten ?programme .
  FILTER(LCASE(STR(?isil)) = LCASE(STR(?_isil)))
  FILTER(!BOUND(?__programme) || ?programme = ?__programme)
} ORDER BY ?year ?title
"""

TYPED = """#+ summary: Typed parameters
#+ defaults:
#+   - n: 3
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?x WHERE {
  BIND(?_n_integer + 1 AS ?x)
  FILTER(!BOUND(?__from_date) || ?__from_date > "2000-01-01"^^xsd:date)
  FILTER(!BOUND(?__library_iri) || isIRI(?__library_iri))
}
"""


def _query(tmp_path: Path, text: str, name: str = "library_projects") -> StoredQuery:
    path = tmp_path / f"{name}.rq"
    path.write_text(text, encoding="utf-8")
    return load_query_file(path)


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> GraphStore:
    out = tmp_path_factory.mktemp("seeds")
    build([SEEDS], out, OPTIONS)
    return GraphStore.open(out / STORE_DIR, create=False)


@pytest.fixture(scope="module")
def seed_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # A store of its own for the command line, which opens it itself (one opener at a time).
    out = tmp_path_factory.mktemp("seeds-cli")
    build([SEEDS], out, OPTIONS)
    return out / STORE_DIR


def _values(result: QueryResult) -> list[list[str | None]]:
    return [[term.value if term is not None else None for term in row] for row in result.rows]


def test_the_header_is_read(tmp_path: Path) -> None:
    query = _query(tmp_path, LIBRARY_PROJECTS)
    assert (query.name, query.form, query.summary) == (
        "library_projects",
        "SELECT",
        "Projects of a library, by ISIL",
    )
    assert query.description == "The titles of the projects a library applied for."
    assert query.tags == ("projects", "libraries")
    isil, programme = query.parameters
    assert (isil.variable, isil.name, isil.required, isil.kind) == ("_isil", "isil", True, "string")
    assert (programme.name, programme.required, programme.choices) == (
        "programme",
        False,
        ("AVI", "RFV", "OKM"),
    )


def test_typed_parameters_and_defaults(tmp_path: Path) -> None:
    query = _query(tmp_path, TYPED, "typed")
    kinds = {p.name: (p.kind, p.required, p.default) for p in query.parameters}
    assert kinds == {
        "n": ("integer", True, "3"),
        "from": ("date", False, None),
        "library": ("iri", False, None),
    }
    assert bind(query, {}) == {
        "_n_integer": Literal("3", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    }


@pytest.mark.parametrize(
    ("values", "says"),
    [
        ({}, "needs the parameter isil"),
        ({"isil": "FI-Km", "colour": "red"}, "has no parameter 'colour'"),
        ({"isil": "FI-Km", "programme": "ELY"}, "'ELY' is not one of AVI, RFV, OKM"),
    ],
)
def test_parameter_errors(tmp_path: Path, values: dict[str, str], says: str) -> None:
    query = _query(tmp_path, LIBRARY_PROJECTS)
    with pytest.raises(QueryParameterError, match=says) as caught:
        bind(query, values)
    assert caught.value.exit_code == 2


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("n", "ten"),
        ("n", "1.5"),
        ("from", "31.12.2016"),
        ("from", "2016-02-30"),
        ("library", "not an iri"),
    ],
)
def test_values_of_the_wrong_type_are_refused(tmp_path: Path, name: str, value: str) -> None:
    with pytest.raises(QueryParameterError, match="expected"):
        bind(_query(tmp_path, TYPED, "typed"), {name: value})


def test_a_query_runs_with_its_parameters_bound(tmp_path: Path, seed_store: GraphStore) -> None:
    query = _query(tmp_path, LIBRARY_PROJECTS)
    result = run_local(seed_store, query, bind(query, {"isil": "fi-km"}))
    assert _values(result) == [
        [
            "Asiakkaiden osallistaminen kirjastopalveluiden kehittämiseen "
            "Kuopion kaupunginkirjastossa",
            "2015",
        ],
        ["Pop up - kirjasto sinne missä ihmiset ovat", "2016"],
    ]
    only_rfv = run_local(seed_store, query, bind(query, {"isil": "FI-Km", "programme": "RFV"}))
    assert [row[1] for row in _values(only_rfv)] == ["2015"]


@pytest.mark.parametrize(
    "value", ['x" } ; DROP ALL ; #', "FI-Km\n} DROP ALL {", "'; DELETE WHERE { ?s ?p ?o }"]
)
def test_a_hostile_value_is_just_a_literal(
    tmp_path: Path, seed_store: GraphStore, value: str
) -> None:
    query = _query(tmp_path, LIBRARY_PROJECTS)
    before = len(seed_store)
    bindings = bind(query, {"isil": value})
    assert run_local(seed_store, query, bindings).rows == ()
    assert len(seed_store) == before
    # The same value through a VALUES block, as for a remote endpoint: still one literal.
    text = with_values_block(query, bindings)
    answer = seed_store.oxigraph.query(text)
    assert list(answer) == []
    assert len(seed_store) == before


def test_the_values_block_gives_the_same_rows(tmp_path: Path, seed_store: GraphStore) -> None:
    query = _query(tmp_path, LIBRARY_PROJECTS)
    bindings = bind(query, {"isil": "FI-Km", "programme": "AVI"})
    text = with_values_block(query, bindings)
    assert 'VALUES (?__programme ?_isil) { ("AVI" "FI-Km") }' in text
    direct = run_local(seed_store, query, bindings)
    via_values = [
        [solution[name].value for name in ("title", "year")]
        for solution in seed_store.oxigraph.query(text)
    ]
    assert _values(direct) == via_values == [["Pop up - kirjasto sinne missä ihmiset ovat", "2016"]]


def test_keywords_in_strings_and_comments_do_not_count() -> None:
    text = '# SERVICE <x>\nSELECT ?x WHERE { BIND("SERVICE { WHERE" AS ?x) }'
    masked = strip_comments(text)
    assert len(masked) == len(text) and "SERVICE" not in masked and masked.count("WHERE") == 1


def test_service_is_refused_unless_allowed(tmp_path: Path) -> None:
    query = _query(
        tmp_path,
        "#+ summary: remote\nSELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }\n",
        "remote",
    )
    with pytest.raises(RequestError, match="--allow-service"):
        check_runnable(query, allow_service=False)
    check_runnable(query, allow_service=True)
    harmless = _query(tmp_path, '#+ summary: s\nSELECT ?x WHERE { BIND("SERVICE" AS ?x) }\n', "s")
    check_runnable(harmless, allow_service=False)


def test_a_syntax_error_names_the_file_line_and_column(
    tmp_path: Path, seed_store: GraphStore
) -> None:
    # A triple pattern lacks its object; the engine reports where it stopped reading.
    text = "#+ summary: broken\nSELECT ?x WHERE {\n  ?x ?y\n}\n"
    query = _query(tmp_path, text, "broken")
    with pytest.raises(QueryDefinitionError) as caught:
        run_local(seed_store, query, {})
    where, _, message = str(caught.value).partition(": ")
    assert where == f"{tmp_path / 'broken.rq'}:5:1"
    assert message.startswith("expected") and caught.value.exit_code == 2


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("SELECT * WHERE { ?s ?p ?o }\n", "summary"),
        ("#+ summary: x\n# nothing\n", "SELECT"),
        ("#+ summary: x\n#+ defaults: n: 3\nSELECT * WHERE {}\n", "not valid YAML"),
        (  # a scalar shaped like a date that is no day: PyYAML's own error is a ValueError
            "#+ summary: x\n#+ defaults: {day: 2016-02-30}\nSELECT * WHERE {}\n",
            r"not valid YAML \('2016-02-30' is no date \(day is out of range for month\)\)",
        ),
    ],
)
def test_a_broken_query_file_is_refused(tmp_path: Path, text: str, says: str) -> None:
    with pytest.raises(QueryDefinitionError, match=says) as caught:
        _query(tmp_path, text, "bad")
    if "YAML" in says:
        assert caught.value.where.endswith("bad.rq:2")


def test_an_unknown_query_lists_the_known_ones() -> None:
    with pytest.raises(QueryNotFound) as caught:
        find_query({}, "nothing_like_this")
    assert caught.value.where == "nothing_like_this"


def test_output_formats(tmp_path: Path, seed_store: GraphStore) -> None:
    query = _query(tmp_path, LIBRARY_PROJECTS)
    result = run_local(seed_store, query, bind(query, {"isil": "FI-Km"}))
    rows = list(csv.reader(io.StringIO(render(result, "csv"))))
    assert rows[0] == ["title", "year"] and rows[1][1] == "2015" and len(rows) == 3
    assert render(result, "tsv").splitlines()[0] == "?title\t?year"
    assert (
        render(result, "tsv")
        .splitlines()[1]
        .endswith('"2015"^^<http://www.w3.org/2001/XMLSchema#gYear>')
    )
    document = json.loads(render(result, "sparql-json"))
    assert document["head"]["vars"] == ["title", "year"]
    assert document["results"]["bindings"][0]["title"]["xml:lang"] == "fi"
    typed = json.loads(render(result, "json"))
    assert typed["columns"] == ["title", "year"] and len(typed["rows"]) == 2
    lines = [json.loads(line) for line in render(result, "jsonl").splitlines()]
    assert lines == typed["rows"]
    assert lines[1] == {"title": "Pop up - kirjasto sinne missä ihmiset ovat", "year": "2016"}
    table = render(result, "table")
    assert "Pop up - kirjasto sinne missä ihmiset ovat" in table and table.endswith("2 rows\n")
    with pytest.raises(RequestError, match="--format"):
        render(result, "turtle")


def test_construct_gives_a_graph(tmp_path: Path, seed_store: GraphStore) -> None:
    query = _query(
        tmp_path,
        "#+ summary: libraries\nPREFIX kg: <https://w3id.org/kirjasto-kg/ns#>\n"
        "CONSTRUCT { ?l kg:isil ?i } WHERE { ?l kg:isil ?i }\n",
        "construct",
    )
    result = run_local(seed_store, query, {})
    graph = rdflib.Graph().parse(data=render(result, "turtle"), format="turtle")
    assert len(graph) == 3  # FI-Km, FI-Lohja, FI-Em
    expanded = json.loads(render(result, "jsonld"))
    assert len(expanded) == 3
    kuopio = Minter().library("FI-Km", None, None).value
    assert kuopio in render(result, "ntriples")
    with pytest.raises(RequestError):
        render(result, "csv")


def test_ask(tmp_path: Path, seed_store: GraphStore) -> None:
    query = _query(tmp_path, "#+ summary: any\nASK WHERE { ?s ?p ?o }\n", "ask")
    result = run_local(seed_store, query, {})
    assert render(result, "table") == "true\n"
    assert json.loads(render(result, "sparql-json")) == {"head": {}, "boolean": True}
    assert render(result, "json") == render(result, "jsonl") == '{"boolean": true}\n'


def test_the_cli_writes_typed_json(seed_store_path: Path) -> None:
    def run(fmt: str) -> str:
        args = ["query", "run", "largest_grants", "-p", "n=3", "--format", fmt]
        result = CliRunner().invoke(main, [*args, "--store", str(seed_store_path)])
        assert result.exit_code == 0, result.output
        return result.stdout

    sparql = json.loads(run("sparql-json"))
    bindings = sparql["results"]["bindings"]
    assert bindings and bindings[0]["granted"]["datatype"] == XSD.decimal.value
    text = run("json")
    document = json.loads(text, parse_float=Decimal)
    assert document["columns"] == sparql["head"]["vars"]
    assert len(document["rows"]) == len(bindings)
    for row, binding in zip(document["rows"], bindings, strict=True):
        assert row["rank"] == int(binding["rank"]["value"]) and type(row["rank"]) is int
        assert row["granted"] == Decimal(binding["granted"]["value"])
        assert type(row["granted"]) is Decimal
        assert row["year"] == binding["year"]["value"]  # a gYear stays its ISO text
        assert row["project"] == binding["project"]["value"]
    assert '"rank": 1,' in text  # a number, not the text "1"
    lines = [json.loads(line, parse_float=Decimal) for line in run("jsonl").splitlines()]
    assert lines == document["rows"]


def test_the_cli_runs_a_query_file(tmp_path: Path, seed_store_path: Path) -> None:
    _query(tmp_path, LIBRARY_PROJECTS)
    path = str(tmp_path / "library_projects.rq")
    runner = CliRunner()
    store = ["--store", str(seed_store_path)]
    result = runner.invoke(
        main, ["query", "run", path, "-p", "isil=FI-Km", "--format", "csv", *store]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "title,year"
    missing = runner.invoke(main, ["query", "run", path, *store])
    assert missing.exit_code == 2
    assert missing.stderr == "error: -p isil: library_projects needs the parameter isil (string)\n"
    bad_pair = runner.invoke(main, ["query", "run", path, "-p", "isil", *store])
    assert bad_pair.exit_code == 2
    unknown = runner.invoke(main, ["query", "run", "no_such_query", *store])
    assert unknown.exit_code == 2 and unknown.stderr.startswith(
        "error: no_such_query: no stored query"
    )


def test_the_cli_shows_and_lists(tmp_path: Path) -> None:
    _query(tmp_path, LIBRARY_PROJECTS)
    shown = CliRunner().invoke(main, ["query", "show", str(tmp_path / "library_projects.rq")])
    assert shown.exit_code == 0
    assert shown.stdout.splitlines()[-2:] == [
        "# parameter isil (string): ?_isil",
        "# parameter [programme] (string: AVI|RFV|OKM): ?__programme",
    ]
    listed = CliRunner().invoke(main, ["query", "list"])
    assert listed.exit_code == 0


def test_an_empty_store_path_is_a_usage_error(tmp_path: Path) -> None:
    _query(tmp_path, LIBRARY_PROJECTS)
    result = CliRunner().invoke(
        main,
        [
            "query",
            "run",
            str(tmp_path / "library_projects.rq"),
            "-p",
            "isil=x",
            "--store",
            str(tmp_path / "none"),
        ],
    )
    assert result.exit_code == 2


def test_the_cli_pushes_and_queries_a_real_server(tmp_path: Path, seed_store_path: Path) -> None:
    from tests.oxigraph_server import running_oxigraph

    _query(tmp_path, LIBRARY_PROJECTS)
    runner = CliRunner()
    with running_oxigraph(tmp_path / "server") as server:
        pushed = runner.invoke(
            main, ["push", "--store", str(seed_store_path), "--endpoint", server.query_url]
        )
        assert pushed.exit_code == 0, pushed.output
        # 5 records, the reference data and the consolidated graph
        assert pushed.stdout.startswith("pushed 7 graphs, ")
        path = str(tmp_path / "library_projects.rq")
        remote = runner.invoke(
            main,
            [
                "query",
                "run",
                path,
                "-p",
                "isil=FI-Km",
                "--format",
                "csv",
                "--endpoint",
                server.query_url,
            ],
        )
        local = runner.invoke(
            main,
            [
                "query",
                "run",
                path,
                "-p",
                "isil=FI-Km",
                "--format",
                "csv",
                "--store",
                str(seed_store_path),
            ],
        )
        assert remote.exit_code == local.exit_code == 0
        assert remote.stdout == local.stdout


def test_an_endpoint_that_is_not_there_is_exit_3(tmp_path: Path) -> None:
    from tests.oxigraph_server import free_port

    _query(tmp_path, LIBRARY_PROJECTS)
    url = f"http://127.0.0.1:{free_port()}/query"
    result = CliRunner().invoke(
        main,
        ["query", "run", str(tmp_path / "library_projects.rq"), "-p", "isil=x", "--endpoint", url],
    )
    assert result.exit_code == 3
    assert result.stderr.startswith(f"error: {url}: ") and len(result.stderr.splitlines()) == 1
