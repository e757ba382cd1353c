"""The open profile: personal data found in the seed graph and left out, and proved absent."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Store, parse, serialize

import kg.export.profiles
from kg.errors import KgError
from kg.export.profiles import PersonalData
from kg.export.release import check_open_release, watched_quads
from kg.personal import OFFICE_EMAIL_PATTERN, PERSONAL_EMAIL_PATTERN, looks_personal
from kg.resources import folder
from kg.store import GraphStore
from kg.vocab import KG, RDF, SCHEMA, XSD

ESPOO = NamedNode("https://w3id.org/kirjasto-kg/id/library/FI-EM")
LOHJA = NamedNode("https://w3id.org/kirjasto-kg/id/library/FI-LOHJA")
KUOPIO = NamedNode("https://w3id.org/kirjasto-kg/id/library/FI-KM")


@pytest.fixture(scope="module")
def quads(seed_store: GraphStore) -> list[Quad]:
    return seed_store.sorted_quads()


@pytest.mark.parametrize(
    ("email", "personal"),
    [
        ("jaana.tyrni@espoo.fi", True),
        ("Maritta.Turunen@lohja.fi", True),
        ("ulla-maija.maunu@turku.fi", True),
        ("mailto:anita.ohtamaa@kalajoki.fi", True),
        ("kirjasto@kuopio.fi", False),
        ("vihdin.kunnankirjasto@vihti.fi", False),
        ("iisalmi.kirjasto@iisalmi.fi", False),
        ("city.library@hel.fi", False),
        ("paakirjasto@porvoo.fi", False),
    ],
)
def test_a_persons_address_is_told_from_an_offices(email: str, personal: bool) -> None:
    assert looks_personal(email) is personal


def test_the_seeds_personal_data_is_found(quads: list[Quad]) -> None:
    personal = PersonalData.find(quads)
    # A contact person in each seed (003 names two people in one contact); Lohja's and
    # Espoo's library e-mail is their contact person's own, and so is Espoo's library phone.
    assert personal.counts() == {
        "contact persons": 5,
        "persons named as partners": 0,
        "library e-mails": 2,
        "library phones": 1,
        "e-mails and phones that records state": 0,
    }
    left = {(s, p) for s, p, _ in personal.library_values}
    assert left == {(LOHJA, SCHEMA.email), (ESPOO, SCHEMA.email), (ESPOO, SCHEMA.telephone)}


def test_the_open_profile_keeps_the_rest(quads: list[Quad]) -> None:
    personal = PersonalData.find(quads)
    kept = [quad for quad in quads if personal.keeps(quad)]
    assert not any(q.object == KG.ContactPerson for q in kept)
    assert not any(q.predicate == SCHEMA.contactPoint for q in kept)
    emails = {q.object.value for q in kept if q.predicate == SCHEMA.email}
    phones = {(q.subject, q.object.value) for q in kept if q.predicate == SCHEMA.telephone}
    assert emails == {"kirjasto@kuopio.fi"}
    assert phones == {(KUOPIO, "0447182314"), (LOHJA, "019 369 1477")}
    assert len(quads) - len(kept) > 0
    assert {q for q in quads if q.subject == KUOPIO} <= set(kept)


def test_the_shapes_prove_an_open_release_and_refuse_a_full_one(quads: list[Quad]) -> None:
    personal = PersonalData.find(quads)
    check_open_release([quad for quad in quads if personal.keeps(quad)])
    with pytest.raises(KgError, match="personal data"):
        check_open_release(quads)


def test_the_shapes_refuse_a_persons_address_on_any_node(quads: list[Quad]) -> None:
    personal = PersonalData.find(quads)
    kept = [quad for quad in quads if personal.keeps(quad)]
    graph = kept[0].graph_name
    planted = Quad(KUOPIO, SCHEMA.email, Literal("liisa.rossi@kuopio.fi"), graph)
    with pytest.raises(KgError, match=r"firstname\.lastname"):
        check_open_release([*kept, planted])


def test_the_shape_file_uses_the_filters_patterns() -> None:
    shapes = rdflib.Graph().parse(
        data=folder("shapes").joinpath("open_release.ttl").read_text("utf-8"), format="turtle"
    )
    patterns = {str(o) for o in shapes.objects(None, rdflib.SH.pattern)}
    assert patterns == {PERSONAL_EMAIL_PATTERN, OFFICE_EMAIL_PATTERN}


def test_contact_types_are_what_the_filter_looks_for(quads: list[Quad]) -> None:
    contacts = {
        q.subject for q in quads if q.predicate == RDF.type and q.object == KG.ContactPerson
    }
    assert len(contacts) == 5


# -- the file forms: the same answers, line by line ------------------------------------------


def _files(quads: list[Quad], folder: Path) -> tuple[Path, Path]:
    """Write `quads` as sorted N-Quads and their union as N-Triples, as a snapshot holds them."""
    quads_path, union_path = folder / "quads.nq", folder / "union.nt"
    quads_path.write_bytes(serialize(quads, format=RdfFormat.N_QUADS))
    triples = sorted({quad.triple for quad in quads}, key=str)
    union_path.write_bytes(serialize(triples, format=RdfFormat.N_TRIPLES))
    return quads_path, union_path


def _with_planted(quads: list[Quad]) -> list[Quad]:
    # A contact named as the object of another predicate, a contact with a literal that holds
    # `> ` and spaces, and a library e-mail shaped like a person's but given as a typed literal.
    graph = quads[0].graph_name
    contact = next(q.subject for q in quads if q.object == KG.ContactPerson)
    return [
        *quads,
        Quad(KUOPIO, NamedNode("http://schema.org/employee"), contact, graph),
        Quad(contact, SCHEMA.description, Literal('a > b "c" <d> .'), graph),
        Quad(KUOPIO, SCHEMA.email, Literal("pekka.virtanen@kuopio.fi", datatype=XSD.string), graph),
    ]


@pytest.mark.parametrize("batch", [None, 7], ids=["one-batch", "batches-of-7"])
def test_the_file_forms_find_and_keep_what_the_quad_forms_do(
    quads: list[Quad], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch: int | None
) -> None:
    if batch is not None:  # the kept lines are written a batch at a time
        monkeypatch.setattr(kg.export.profiles, "_BATCH", batch)
    planted = _with_planted(quads)
    quads_path, union_path = _files(planted, tmp_path)
    personal = PersonalData.find_in_file(union_path)
    assert personal == PersonalData.find(planted)
    assert personal.counts() == {
        "contact persons": 5,
        "persons named as partners": 0,
        "library e-mails": 3,
        "library phones": 1,
        "e-mails and phones that records state": 0,
    }
    for source, fmt in [(quads_path, RdfFormat.N_QUADS), (union_path, RdfFormat.N_TRIPLES)]:
        target = tmp_path / f"kept-{source.name}"
        count = personal.write_kept(source, target, fmt)
        statements = list(parse(path=source, format=fmt))
        expected = [statement for statement in statements if personal.keeps(statement)]
        assert list(parse(path=target, format=fmt)) == expected
        assert count == len(expected) < len(statements)


def test_the_check_reads_a_union_in_the_default_graph(quads: list[Quad]) -> None:
    # The release checks its union store (kg.export.release.watched_quads): default-graph quads.
    personal = PersonalData.find(quads)
    union, kept_union = Store(), Store()
    union.extend(Quad(*quad.triple) for quad in quads)
    kept_union.extend(Quad(*quad.triple) for quad in quads if personal.keeps(quad))
    check_open_release(watched_quads(kept_union))
    with pytest.raises(KgError, match="personal data"):
        check_open_release(watched_quads(union))
