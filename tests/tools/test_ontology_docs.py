"""docs/ontology.md is the render of the ontology files, so it cannot go stale."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import InputError
from kg.vocab import KG
from tests.conftest import REPO
from tools import ontology_docs
from tools.ontology_docs import render_reference

DOCS = REPO / "docs" / "ontology.md"


@pytest.fixture(scope="module")
def reference() -> str:
    return render_reference()


def test_docs_are_the_current_render(reference: str) -> None:
    written = DOCS.read_text(encoding="utf-8") if DOCS.exists() else ""
    assert written == reference, (
        "docs/ontology.md is stale: run `python -m tools.ontology_docs` and commit the result"
    )


def test_render_mentions_every_term(reference: str) -> None:
    missing = sorted(term for term in KG.terms if f"kg:{term}`" not in reference)
    assert missing == []
    for term in KG.terms:
        assert reference.count(f'"></a>kg:{term}\n') == 1, term


def test_render_is_the_same_every_time(reference: str) -> None:
    assert render_reference() == reference


def test_render_shows_labels_definitions_and_alignments(reference: str) -> None:
    library = reference.split('<a id="class-Library"></a>', 1)[1].split("\n### ", 1)[0]
    assert "| fi | kirjasto |" in library and "| sv | bibliotek |" in library
    assert "| en | library | A public library" in library
    assert "- Subclass of: `org:OrganizationalUnit`, `schema:Library`" in library
    assert "skos:broadMatch `eurio:OrganisationUnit`" in library
    call_year = reference.split('<a id="property-callYear"></a>', 1)[1].split("\n### ", 1)[0]
    assert "- Domain: [`kg:Project`](#class-Project) or [`kg:FundingCall`]" in call_year
    assert "- Range: `xsd:gYear`" in call_year


def test_main_writes_the_render(
    tmp_path: Path, reference: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "docs" / "ontology.md"
    assert ontology_docs.main(["--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == reference
    assert str(out) in capsys.readouterr().out


def test_a_broken_ontology_file_is_named(tmp_path: Path) -> None:
    broken = tmp_path / "kg.ttl"
    broken.write_text("kg:Library a owl:Class", encoding="utf-8")
    with pytest.raises(InputError, match="not valid Turtle") as raised:
        render_reference(broken)
    assert str(broken) in str(raised.value)
