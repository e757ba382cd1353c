"""The SPARQL tokens: cut where a parser cuts, `<` read by its context, nothing lost."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.sparql.catalogue import load_catalogue
from kg.sparql.lexer import mask, tokenize, unescape


def _significant(text: str) -> list[tuple[str, str]]:
    return [(token.kind, token.text) for token in tokenize(text) if token.significant]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from([*"<>#\"'\\(){}[]?$:._-aS19 \n\r\tu", "\ud800"])))
def test_every_character_is_in_one_token(text: str) -> None:
    tokens = tokenize(text)
    assert "".join(token.text for token in tokens) == text
    assert [token.start for token in tokens] == [
        sum(len(t.text) for t in tokens[:i]) for i in range(len(tokens))
    ]
    assert len(mask(text)) == len(text)


def test_the_stored_queries_read_without_an_error() -> None:
    for query in load_catalogue().values():
        kinds = {token.kind for token in tokenize(query.text)}
        assert "error" not in kinds, query.path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ex:a\\# ?b", [("pname", "ex:a\\#"), ("var", "?b")]),
        ("ex:a\\' 'x'", [("pname", "ex:a\\'"), ("string", "'x'")]),
        ("ex:a. ?b", [("pname", "ex:a"), ("punct", "."), ("var", "?b")]),
        ("'a\\'#' # c", [("string", "'a\\'#'")]),
        ('"""a " "" # \\""" x""" ?b', [("string", '"""a " "" # \\""" x"""'), ("var", "?b")]),
        ("'''\n'#''' ?b", [("string", "'''\n'#'''"), ("var", "?b")]),
        ("<http://e/a#b> ?c", [("iri", "<http://e/a#b>"), ("var", "?c")]),
        ("# a\rSERVICE", [("word", "SERVICE")]),
        (
            '"1"^^<http://e/t#int>',
            [("string", '"1"'), ("punct", "^^"), ("iri", "<http://e/t#int>")],
        ),
        ("?s <http://e/p#x> ?o", [("var", "?s"), ("iri", "<http://e/p#x>"), ("var", "?o")]),
        ("$s a ?o", [("var", "$s"), ("word", "a"), ("var", "?o")]),
        (
            "1.5e3 .5 1. 2",
            [
                ("number", "1.5e3"),
                ("number", ".5"),
                ("number", "1"),
                ("punct", "."),
                ("number", "2"),
            ],
        ),
        ('"a"@en-GB _:b1', [("string", '"a"'), ("langtag", "@en-GB"), ("bnode", "_:b1")]),
        ("SERVICE:x", [("pname", "SERVICE:x")]),
    ],
)
def test_terminals(text: str, expected: list[tuple[str, str]]) -> None:
    assert _significant(text) == expected


@pytest.mark.parametrize(
    ("text", "iris"),
    [
        # less-than after an operand in an expression
        ("FILTER(1<2)SERVICE:x#>\n{}", []),
        ("FILTER(?a<?b#>\n)", []),
        ("SELECT (?a<?b AS ?c) WHERE {}", []),
        ("SELECT ?x WHERE {} ORDER BY (?a<?b)", []),
        ("SELECT ?x WHERE {} GROUP BY ?x HAVING(?x<?y)", []),
        ("FILTER REGEX(?a, 'x') FILTER(STR(?a)<?b)", []),
        ("FILTER(true<?b)", []),
        # an IRI where a term may stand
        ("FILTER(?a = <a#b>)", ["<a#b>"]),
        ("FILTER <f>(?x<3)", ["<f>"]),
        ("FILTER ex:f(<a>)", ["<a>"]),
        ("?s <p> (<a> <b>)", ["<p>", "<a>", "<b>"]),
        ("?s (<p>|<q>) ?o", ["<p>", "<q>"]),
        ("?s a (<a>)", ["<a>"]),
        ("VALUES (?a ?b) { (<a> <b>) }", ["<a>", "<b>"]),
        ("SELECT ?x WHERE {} ORDER BY ?a <f>(?b)", ["<f>"]),
        ("FILTER(?x IN (<a>, <b>))", ["<a>", "<b>"]),
        ("FILTER(EXISTS { ?s <p> ?o })", ["<p>"]),
        ("BIND(<a> AS ?x) ?x <p> ?o", ["<a>", "<p>"]),
    ],
)
def test_less_than_is_read_by_its_context(text: str, iris: list[str]) -> None:
    assert [t for kind, t in _significant(text) if kind == "iri"] == iris


@pytest.mark.parametrize("text", ["?s ?p 'open", "§", "{ ) }", "]", "ex:a\\x", "\\u0053"])
def test_what_no_token_begins_with_is_an_error(text: str) -> None:
    assert "error" in {token.kind for token in tokenize(text)}


def test_mask_hides_strings_iris_and_comments_in_place() -> None:
    text = "# SERVICE\nSELECT ?x WHERE { BIND(\"SERVICE\" AS ?x) ?x <http://e/SERVICE> 'a#b' }"
    masked = mask(text)
    assert len(masked) == len(text) and "SERVICE" not in masked
    assert masked.index("WHERE") == text.index("WHERE")


def test_code_point_escapes_are_replaced() -> None:
    assert unescape("\\u0053ERVICE \\U00000041 \\U00110000") == "SERVICE A \\U00110000"
