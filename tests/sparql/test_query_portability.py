"""Every stored query gives the same rows on Oxigraph and on rdflib's SPARQL engine.

grlc serves the queries over whatever endpoint a user runs, so a query must mean the same on
every standard engine. Each query that runs without required parameters (its defaults
applied), and each query with the parameter values of tests/sparql/test_stored_queries.py, is run
on a built store (Oxigraph, as `kg query run` runs it: a VALUES block opening the WHERE
group) and by rdflib on the same default graph (`graph.ttl` of the build), with the same
query text. The rows are
compared as sets of tuples of values, terms made comparable: an IRI as itself, a literal as
its lexical form with its datatype or language, a number as a Decimal, a date or time as
its value.

Three graphs: the five seeds; seed 001 cut off before its dates (a page copied short, as
most real copies are: no money, no statistics, no partners, so aggregates meet nothing,
where engines differ most); and the real page copies, when they are beside the project.
A query whose rows differ is fixed in the query (queries/README.md, "Every engine, the same
rows"), not here.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import rdflib
from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode
from rdflib.term import BNode, URIRef
from rdflib.term import Literal as RdflibLiteral

from kg.build import BuildOptions, build
from kg.sparql.catalogue import (
    StoredQuery,
    bind,
    load_catalogue,
    load_query_file,
    run_local,
    strip_comments,
)
from kg.sparql.catalogue import with_values_block as values_block
from kg.store.graph_store import GraphStore
from kg.validation.prepared import PreparedQueryGraph
from tests.conftest import CORPUS, MISSING_CORPUS, SEEDS

CATALOGUE = load_catalogue()
READ_AT = datetime(2026, 1, 31, 12, tzinfo=UTC)
XSD = "http://www.w3.org/2001/XMLSchema#"
NUMBERS = {
    XSD + name
    for name in (
        "integer",
        "decimal",
        "double",
        "float",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "nonPositiveInteger",
        "positiveInteger",
        "negativeInteger",
        "unsignedInt",
        "unsignedLong",
    )
}
SEED_001 = "001_2a2d3dfe5334386e.txt"

Value = tuple[object, ...] | None


# -- the graphs -----------------------------------------------------------------------------


def _build(inputs: list[Path], out: Path, urls: dict[str, str] | None = None) -> Path:
    options = BuildOptions(read_at=READ_AT, page_urls=urls or {}, validate=False, release=False)
    result = build(inputs, out, options)
    assert result.records == len(list(_texts(inputs)))
    assert not result.failures
    return out


def _texts(inputs: list[Path]) -> list[Path]:
    return [path for folder in inputs for path in sorted(folder.glob("*.txt"))]


def _urls(folder: Path) -> dict[str, str]:
    index = folder / "INDEX.tsv"
    if not index.is_file():
        return {}
    lines = index.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    rows = [dict(zip(header, line.split("\t"), strict=False)) for line in lines[1:] if line]
    return {row["file"]: row["url"] for row in rows if row.get("url")}


GRAPHS = ["seeds", "cut", "corpus"]


@pytest.fixture(scope="module", params=GRAPHS)
def graph(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build (its store and graph.ttl) of the seeds, of one short copy, or of the corpus."""
    out = tmp_path_factory.mktemp(f"portability-{request.param}")
    if request.param == "seeds":
        return _build([SEEDS], out)
    if request.param == "cut":
        text = (SEEDS / SEED_001).read_text(encoding="utf-8")
        folder = out / "in"
        folder.mkdir()
        (folder / "001_cut.txt").write_text(text[: text.index("Aloituspäivämäärä")], "utf-8")
        return _build([folder], out / "out")
    if not CORPUS.is_dir():
        pytest.skip(MISSING_CORPUS)
    return _build([CORPUS], out, _urls(CORPUS))


Engines = tuple[GraphStore, rdflib.Graph]


def _engines(built: Path) -> Engines:
    """The built store (Oxigraph) and its default graph, graph.ttl, read by rdflib.

    rdflib parses each query text once for the three graphs (the same text runs on each):
    kg.validation.prepared's graph is rdflib's own, with its prepareQuery kept per text.
    """
    store = GraphStore.open(built / "store", create=False)
    default = PreparedQueryGraph()
    default.parse(built / "graph.ttl", format="turtle")
    triples = store.oxigraph.quads_for_pattern(None, None, None, DefaultGraph())
    assert len(default) == sum(1 for _ in triples)  # the store's default graph, the same
    return store, default


@pytest.fixture(scope="module")
def engines(graph: Path) -> Engines:
    return _engines(graph)


@pytest.fixture(scope="module")
def seed_engines(tmp_path_factory: pytest.TempPathFactory) -> Engines:
    return _engines(_build([SEEDS], tmp_path_factory.mktemp("portability-seed-cases")))


# -- comparable values ------------------------------------------------------------------------


def _literal(lexical: str, datatype: str | None, language: str | None) -> Value:
    if language:
        return ("literal", lexical, "@" + language.lower())
    datatype = datatype or XSD + "string"
    if datatype in NUMBERS:
        return ("number", Decimal(lexical))
    if datatype == XSD + "boolean":
        return ("boolean", lexical in ("true", "1"))
    if datatype == XSD + "dateTime":
        return ("dateTime", datetime.fromisoformat(lexical.replace("Z", "+00:00")))
    if datatype == XSD + "date":
        return ("date", date.fromisoformat(lexical))
    return ("literal", lexical, datatype)


def oxigraph_value(term: object) -> Value:
    """An Oxigraph term (or None, unbound) as a comparable value."""
    if term is None:
        return None
    if isinstance(term, NamedNode):
        return ("iri", term.value)
    if isinstance(term, BlankNode):
        return ("blank",)
    assert isinstance(term, Literal)
    return _literal(term.value, term.datatype.value, term.language)


def rdflib_value(term: object) -> Value:
    """An rdflib term (or None, unbound) as a comparable value."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return ("iri", str(term))
    if isinstance(term, BNode):
        return ("blank",)
    assert isinstance(term, RdflibLiteral), f"not an RDF term: {term!r}"
    datatype = str(term.datatype) if term.datatype is not None else None
    return _literal(str(term), datatype, term.language)


Rows = tuple[tuple[str, ...], set[tuple[Value, ...]]]


def on_oxigraph(store: GraphStore, query: StoredQuery, params: dict[str, str]) -> Rows:
    result = run_local(store, query, bind(query, params))
    return result.variables, {tuple(map(oxigraph_value, row)) for row in result.rows}


def on_rdflib(default: rdflib.Graph, query: StoredQuery, params: dict[str, str]) -> Rows:
    text = values_block(query, bind(query, params))  # the text an endpoint gets
    result = default.query(text)
    variables = tuple(str(variable) for variable in result.vars or ())
    return variables, {tuple(map(rdflib_value, row)) for row in result}


# -- the comparison -------------------------------------------------------------------------

DEFAULT_RUNS = [
    pytest.param(name, id=name)
    for name, query in sorted(CATALOGUE.items())
    if not any(parameter.required for parameter in query.parameters)
]
# Values for the parameters, those of tests/sparql/test_stored_queries.py's cases; a project's IRI
# is the first project of the graph.
FIRST_PROJECT = "first project"
PARAMETER_CASES = [
    pytest.param(name, params, id=f"{name}-{'-'.join(params.values())}")
    for name, values in {
        "granted_by_year_and_programme": [
            {"year": "2017"},
            {"programme": "okm"},
            {"programme": "avi", "year": "2016", "lang": "sv"},
        ],
        "applied_vs_granted_by_year": [{"year": "2016"}, {"year": "2019"}],
        "projects_of_library": [{"isil": "fi-km"}, {"isil": "FI-LOHJA"}, {"isil": "FI-Hki"}],
        "projects_active_on": [{"on": "2017-06-01"}, {"on": "2016-12-31"}, {"on": "2019-01-01"}],
        "projects_by_word": [{"word": "pop up"}, {"word": "PALVELUMUOTOILU"}, {"word": ""}],
        "programmes_and_funders": [{"lang": "sv"}, {"lang": "en"}],
        "projects_of_municipality": [{"business_id": " 0171450-7 "}, {"business_id": "0201256-6"}],
        "largest_grants": [{"n": "2"}, {"n": "0"}],
        "projects_by_text_language": [{"lang": "fi"}, {"lang": "en"}],
        "project_provenance": [{"project": FIRST_PROJECT}],
        "export_projects": [{"lang": "sv"}],
    }.items()
    for params in values
]


def test_every_query_runs_on_both_engines():
    # The queries with required parameters run in the seed cases, with their values.
    assert {param.values[0] for param in DEFAULT_RUNS + PARAMETER_CASES} == set(CATALOGUE)


@pytest.mark.parametrize("name", DEFAULT_RUNS)
def test_same_rows_on_oxigraph_and_rdflib(engines: tuple[GraphStore, rdflib.Graph], name: str):
    store, default = engines
    query = CATALOGUE[name]
    oxigraph_columns, oxigraph_rows = on_oxigraph(store, query, {})
    rdflib_columns, rdflib_rows = on_rdflib(default, query, {})
    assert rdflib_columns == oxigraph_columns
    assert rdflib_rows == oxigraph_rows


@pytest.mark.parametrize(("name", "params"), PARAMETER_CASES)
def test_same_rows_with_parameters(engines: Engines, name: str, params: dict[str, str]):
    store, default = engines
    if params.get("project") == FIRST_PROJECT:
        first = "SELECT ?p WHERE { ?p a <https://w3id.org/kirjasto-kg/ns#Project> } ORDER BY ?p"
        params = {"project": next(iter(store.oxigraph.query(first)))[0].value}
    query = CATALOGUE[name]
    assert on_rdflib(default, query, params) == on_oxigraph(store, query, params)


def test_values_compare_by_value_and_type():
    integer, decimal = NamedNode(XSD + "integer"), URIRef(XSD + "decimal")
    assert oxigraph_value(Literal("1", datatype=integer)) == rdflib_value(
        RdflibLiteral("1.0", datatype=decimal)
    )
    assert oxigraph_value(Literal("1")) != rdflib_value(
        RdflibLiteral("1", datatype=URIRef(XSD + "integer"))
    )
    assert oxigraph_value(Literal("x", language="fi")) != rdflib_value(RdflibLiteral("x"))
    assert oxigraph_value(NamedNode("http://example.org/x")) != rdflib_value(
        RdflibLiteral("http://example.org/x")
    )
    assert oxigraph_value(None) != rdflib_value(RdflibLiteral(""))


def test_the_comparison_sees_an_engine_difference(seed_engines: Engines, tmp_path: Path):
    # Why every grouped subquery ends in HAVING (COUNT(*) > 0): with nothing to group, rdflib
    # makes one group with its keys unbound, and the comparison sees the row it gives.
    text = (
        "#+ summary: A count of nothing\n#+ tags:\n#+   - test\n"
        "SELECT ?thing ?count ?one WHERE {\n"
        "  { SELECT ?thing (COUNT(*) AS ?count) WHERE { ?thing <urn:x:nothing> ?o }\n"
        "    GROUP BY ?thing }\n"
        "  BIND(1 AS ?one)\n}\n"
    )
    (tmp_path / "count_of_nothing.rq").write_text(text, encoding="utf-8")
    query = load_query_file(tmp_path / "count_of_nothing.rq")
    store, default = seed_engines
    assert on_oxigraph(store, query, {}) == (("thing", "count", "one"), set())
    assert on_rdflib(default, query, {}) != on_oxigraph(store, query, {})
    fixed = text.replace("GROUP BY ?thing", "GROUP BY ?thing HAVING (COUNT(*) > 0)")
    (tmp_path / "count_of_nothing.rq").write_text(fixed, encoding="utf-8")
    query = load_query_file(tmp_path / "count_of_nothing.rq")
    assert on_rdflib(default, query, {}) == on_oxigraph(store, query, {})


# -- the rules of queries/README.md that a text shows ------------------------------------------

QUERIES = [pytest.param(query, id=name) for name, query in sorted(CATALOGUE.items())]


@pytest.mark.parametrize("query", QUERIES)
def test_every_grouped_subquery_drops_the_empty_group(query: StoredQuery):
    # With nothing to group, rdflib makes one group with its keys unbound, joined to every
    # row it meets; HAVING (COUNT(*) > 0) drops it (and changes nothing on other engines).
    body = strip_comments(query.text)
    for match in re.finditer(r"\bGROUP\s+BY\b[^{}]*?(?=\}|\bORDER\b|$)", body):
        assert re.search(r"HAVING\s*\(\s*COUNT\s*\(\s*\*\s*\)\s*>\s*0\s*\)", match.group()), (
            f"{query.name}: {match.group().strip()!r} lacks HAVING (COUNT(*) > 0)"
        )


@pytest.mark.parametrize("query", QUERIES)
def test_no_exists_inside_bind_and_no_failing_order(query: StoredQuery):
    body = strip_comments(query.text)
    assert not re.search(r"\bBIND\s*\(\s*(NOT\s+)?EXISTS\b", body, re.IGNORECASE)
    order = re.search(r"\bORDER\s+BY\b(.*)$", body, re.DOTALL | re.IGNORECASE)
    if order:
        # STR, LCASE ... of an unbound value is an error, which rdflib cannot sort.
        keys = re.sub(r"COALESCE\((?:[^()]|\([^()]*\))*\)", "", order.group(1))
        assert not re.search(r"\b(STR|LCASE|UCASE|LANG)\s*\(\s*[^)\s]", keys, re.I), keys


@pytest.mark.parametrize("query", QUERIES)
def test_no_sum_of_absent_amounts_as_0(query: StoredQuery):
    # An amount the page does not give is absent, never 0 (money; a report's statistics that
    # it leaves out count as 0, as events_by_year says).
    body = strip_comments(query.text)
    money = r"\?(\w*_)?(value|amount|granted|requested)\b"  # a variable named for money
    assert not re.search(rf"\bSUM\s*\(\s*COALESCE\s*\(\s*{money}", body, re.IGNORECASE)
    assert not re.search(rf"COALESCE\s*\(\s*{money}\s*,\s*0\s*\)", body)
