"""The open profile: personal data found in the seed graph and left out, and proved absent."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
import rdflib
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Store, parse, serialize

from kg.build import DATASET_FILE, RELEASE_DIR, BuildOptions, build
from kg.errors import KgError, PersonalDataInRelease
from kg.export.profiles import PersonalData
from kg.export.release import OPEN_RELEASE_SHAPES, check_open_release, watched_quads
from kg.iris import Minter
from kg.records import personal as judge
from kg.resources import folder
from kg.store.graph_store import GraphStore
from kg.store.sort import quad_order, triple_order
from kg.validation.validate import load_shape_files, validate_store
from kg.vocab import KG, RDF, SCHEMA, XSD
from tests.conftest import MISSING_CORPUS, corpus_paths
from tests.export.conftest import ISSUED

ESPOO = NamedNode("https://w3id.org/kirjasto-kg/id/library/FI-EM")
LOHJA = NamedNode("https://w3id.org/kirjasto-kg/id/library/FI-LOHJA")
KUOPIO = NamedNode("https://w3id.org/kirjasto-kg/id/library/FI-KM")


@pytest.fixture(scope="module")
def quads(seed_store: GraphStore) -> list[Quad]:
    snapshot = seed_store.snapshot()  # in a temporary folder, removed with it
    return list(snapshot.quads())


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
        "raw values of personal fields": 0,
        "image credits naming a person": 0,
    }
    left = {(s, p) for s, p, _ in personal.library_values}
    assert left == {(LOHJA, SCHEMA.email), (ESPOO, SCHEMA.email), (ESPOO, SCHEMA.telephone)}
    assert personal.writes() == []  # no value shortened, no contact's number the library's


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
    credits = {q.object.value for q in kept if q.predicate == KG.imageCredit}
    assert credits == {"fb.com/kuopionkirjasto"}  # seed 003's, naming no person


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
    assert patterns == {getattr(judge, name) for name in judge.SHAPE_PATTERNS}
    # The SPARQL shapes look for persons' numbers of as many digits as the filter does.
    selects = [str(o) for o in shapes.objects(None, rdflib.SH.select)]
    assert len(selects) == 2
    assert all(f"STRLEN(?number) >= {judge.MIN_NUMBER_DIGITS}" in text for text in selects)


def _seed_facts(quads: list[Quad]) -> dict[str, NamedNode]:
    """Nodes of the seeds the tests plant statements beside: Kuopio's record 000, Lohja's 002."""

    def contact_with(phone: str) -> Quad:
        return next(q for q in quads if q.predicate == SCHEMA.telephone and q.object.value == phone)

    kuopio, lohja = contact_with("0447182360"), contact_with("050 462 1642")
    project = next(q.subject for q in quads if q.object == kuopio.subject)
    return {
        "kuopio record": kuopio.graph_name,
        "kuopio contact": kuopio.subject,
        "kuopio project": project,
        "lohja record": lohja.graph_name,
        "lohja contact": lohja.subject,
    }


def _plants(quads: list[Quad]) -> dict[str, list[Quad]]:
    """Personal data of each kind issue 18 names, as it would look left in a release."""
    facts = _seed_facts(quads)
    record = facts["kuopio record"]
    raw = NamedNode(record.value + "/raw/contact.email")
    stated = NamedNode(KUOPIO.value + "/value/planted")
    return {
        "a contact field's raw value": [
            Quad(record, KG.rawValue, raw, record),
            Quad(raw, RDF.type, KG.RawValue, record),
            Quad(raw, KG.fieldPath, Literal("contact.email"), record),
            Quad(raw, KG.originalText, Literal("paivi. savinainen@kuopio.fi"), record),
        ],
        "a contact person's number in a library's phone field": [
            Quad(KUOPIO, SCHEMA.telephone, Literal("0447182314, 0447182360"), record),
        ],
        "a contact person's number in a value records state": [
            Quad(KUOPIO, KG.statedValue, stated, record),
            Quad(stated, RDF.type, KG.StatedValue, record),
            Quad(stated, KG.property, SCHEMA.telephone, record),
            Quad(stated, RDF.value, Literal("0447182360 / 0447182314"), record),
        ],
        "a person's address after an office's": [
            Quad(
                KUOPIO, SCHEMA.email, Literal("kirjasto@kuopio.fi, liisa.rossi@kuopio.fi"), record
            ),
        ],
        "an image credit naming a person": [
            Quad(
                facts["kuopio project"], KG.imageCredit, Literal("Kuva: Matti Meikäläinen"), record
            ),
        ],
    }


@pytest.mark.parametrize(
    "kind",
    [
        "a contact field's raw value",
        "a contact person's number in a library's phone field",
        "a contact person's number in a value records state",
        "a person's address after an office's",
        "an image credit naming a person",
    ],
)
def test_the_shapes_catch_each_kind_of_personal_data(quads: list[Quad], kind: str) -> None:
    personal = PersonalData.find(quads)
    kept = [quad for quad in quads if personal.keeps(quad)] + personal.writes()
    persons = personal.numbers_of_persons()
    check_open_release(kept, persons)
    with pytest.raises(KgError, match="personal data"):
        check_open_release([*kept, *_plants(quads)[kind]], persons)


def test_the_reference_engine_finds_what_the_fast_one_does(quads: list[Quad]) -> None:
    """The open shapes run on kg.validation.engine; pyshacl, the reference, gives the same
    results."""
    personal = PersonalData.find(quads)
    kept = [quad for quad in quads if personal.keeps(quad)] + personal.writes()
    shapes = load_shape_files([OPEN_RELEASE_SHAPES])
    for plant in _plants(quads).values():
        data = [*kept, *plant, *personal.numbers_of_persons()]
        found = {}
        for engine in ("fast", "pyshacl"):
            store = GraphStore.open(None)
            store.oxigraph.extend(data)
            report = validate_store(
                store,
                ("open_release",),
                engine=engine,
                shapes=shapes,
                union={quad.triple for quad in data},
            )
            found[engine] = sorted((r.focus, r.message("en")) for r in report.results)
        assert len(found["fast"]) == 1
        assert found["fast"] == found["pyshacl"]


def test_the_profile_leaves_out_what_the_shapes_catch(quads: list[Quad]) -> None:
    planted = [*quads, *(quad for plant in _plants(quads).values() for quad in plant)]
    personal = PersonalData.find(planted)
    kept = [quad for quad in planted if personal.keeps(quad)] + personal.writes()
    check_open_release(kept, personal.numbers_of_persons())
    phones = {
        q.object.value for q in kept if q.subject == KUOPIO and q.predicate == SCHEMA.telephone
    }
    assert phones == {"0447182314"}  # the planted field keeps the library's own number
    emails = {q.object.value for q in kept if q.subject == KUOPIO and q.predicate == SCHEMA.email}
    assert emails == {"kirjasto@kuopio.fi"}
    assert personal.counts()["raw values of personal fields"] == 1
    assert personal.counts()["image credits naming a person"] == 1


def test_contact_types_are_what_the_filter_looks_for(quads: list[Quad]) -> None:
    contacts = {
        q.subject for q in quads if q.predicate == RDF.type and q.object == KG.ContactPerson
    }
    assert len(contacts) == 5


# -- the file forms: the same answers, line by line ------------------------------------------


def _files(quads: list[Quad], folder: Path) -> tuple[Path, Path]:
    """Write `quads` as sorted N-Quads and their union as N-Triples, as a snapshot holds them."""
    quads_path, union_path = folder / "quads.nq", folder / "union.nt"
    quads_path.write_bytes(serialize(sorted(set(quads), key=quad_order), format=RdfFormat.N_QUADS))
    triples = sorted({quad.triple for quad in quads}, key=triple_order)
    union_path.write_bytes(serialize(triples, format=RdfFormat.N_TRIPLES))
    return quads_path, union_path


def _with_planted(quads: list[Quad]) -> list[Quad]:
    # A contact named as the object of another predicate, a contact with a literal that holds
    # `> ` and spaces, and a library e-mail shaped like a person's but given as a typed literal;
    # then issue 18's: a library phone field that holds its contact person's number (written
    # shortened), a second number of Lohja's contact person in the library's own exchange
    # (written as the library's), a contact field's raw value, a credit naming a person.
    graph = quads[0].graph_name
    contact = next(q.subject for q in quads if q.object == KG.ContactPerson)
    facts = _seed_facts(quads)
    kuopio, lohja = facts["kuopio record"], facts["lohja record"]
    raw = NamedNode(kuopio.value + "/raw/contact.email")
    credit = Literal("Kuva: Matti Meikäläinen")
    return [
        *quads,
        Quad(KUOPIO, NamedNode("http://schema.org/employee"), contact, graph),
        Quad(contact, SCHEMA.description, Literal('a > b "c" <d> .'), graph),
        Quad(KUOPIO, SCHEMA.email, Literal("pekka.virtanen@kuopio.fi", datatype=XSD.string), graph),
        Quad(KUOPIO, SCHEMA.telephone, Literal("0447182314, 0447182360"), kuopio),
        Quad(facts["lohja contact"], SCHEMA.telephone, Literal("019 369 1400"), lohja),
        Quad(kuopio, KG.rawValue, raw, kuopio),
        Quad(raw, RDF.type, KG.RawValue, kuopio),
        Quad(raw, KG.fieldPath, Literal("contact.email"), kuopio),
        Quad(raw, KG.originalText, Literal("paivi. savinainen@kuopio.fi"), kuopio),
        Quad(facts["kuopio project"], KG.imageCredit, credit, kuopio),
    ]


@pytest.mark.parametrize("batch", [10_000, 7], ids=["one-batch", "batches-of-7"])
def test_the_file_forms_find_and_keep_what_the_quad_forms_do(
    quads: list[Quad], tmp_path: Path, batch: int
) -> None:
    # The kept lines are written a batch at a time.
    planted = _with_planted(quads)
    quads_path, union_path = _files(planted, tmp_path)
    personal = PersonalData.find_in_file(quads_path, RdfFormat.N_QUADS)
    assert personal == PersonalData.find(planted)
    assert personal.counts() == {
        "contact persons": 5,
        "persons named as partners": 0,
        "library e-mails": 3,
        "library phones": 2,
        "e-mails and phones that records state": 0,
        "raw values of personal fields": 1,
        "image credits naming a person": 1,
    }
    assert personal.writes() == [  # nothing added: Lohja's contact's switchboard goes with them
        Quad(KUOPIO, SCHEMA.telephone, Literal("0447182314"), _seed_facts(quads)["kuopio record"]),
    ]
    for source, fmt, order, union in [
        (quads_path, RdfFormat.N_QUADS, quad_order, False),
        (union_path, RdfFormat.N_TRIPLES, lambda q: triple_order(q.triple), True),
    ]:
        target = tmp_path / f"kept-{source.name}"
        count = personal.write_kept(source, target, fmt, batch=batch)
        statements = list(parse(path=source, format=fmt))
        kept = {statement for statement in statements if personal.keeps(statement)}
        expected = sorted(kept | set(personal.writes(union=union)), key=order)
        assert list(parse(path=target, format=fmt)) == expected
        assert count == len(expected) < len(statements)


def test_the_check_reads_a_union_in_the_default_graph(quads: list[Quad]) -> None:
    # The release checks its union store (kg.export.release.watched_quads): default-graph quads.
    personal = PersonalData.find(quads)
    union, kept_union = Store(), Store()
    union.extend(Quad(*quad.triple) for quad in quads)
    kept_union.extend(Quad(*quad.triple) for quad in quads if personal.keeps(quad))
    check_open_release(watched_quads(kept_union))
    with pytest.raises(PersonalDataInRelease, match="personal data") as raised:
        check_open_release(watched_quads(union))
    assert raised.value.exit_code == 1 and raised.value.where


# -- issue 18, end to end: real pages and records written for the purpose ---------------------

_RECORD = """{title}
Vuoden {year} AVI-hanke   (Hanke on saanut rahoitusta)


Kuvan lähde:
{credit}
{library}
Kirjaston osoite :
Kirjastokatu 1
12340
Kirjaston puhelin :
{library_phone}
Kirjaston sähköposti :
kirjasto@{domain}
ISIL-tunnus :
{isil}
Yhteyshenkilön nimi :
Maija Meikäläinen
Puhelin :
{contact_phone}
Sähköposti :
maija.meikalainen@{domain}
Kuvaus :

Hankkeessa kokeillaan uutta.
"""
TESTILA = dict(library="Testilän kaupunginkirjasto", isil="FI-Testi", domain="testila.fi")
TOINEN = dict(library="Toisen kunnan kirjasto", isil="FI-Toinen", domain="toinen.fi")
# Testilä's older page gives its switchboard; the newer one gives the contact person's mobile
# as the library's phone, and as one of the two numbers of the contact person's field.
# Toinen's page gives the switchboard and the contact person's mobile in one field.
RECORDS = {
    "a.txt": dict(
        TESTILA,
        title="Vanha hanke",
        year=2015,
        credit="Kuva: Matti Meikäläinen",
        library_phone="02 123 4500",
        contact_phone="040 111 1111",
    ),
    "b.txt": dict(
        TESTILA,
        title="Uusi hanke",
        year=2017,
        credit="Testilän kaupunginkirjasto",
        library_phone="040 765 4321",
        contact_phone="040 765 4321; 02 999 8877",
    ),
    "c.txt": dict(
        TOINEN,
        title="Toinen hanke",
        year=2016,
        credit="Kuva: Toisen kunnan kirjasto",
        library_phone="02 345 6700, 040 222 3333",
        contact_phone="040 222 3333",
    ),
}
PAGES = ("034", "119", "161")  # Forssa, Kaarina, Hyvinkää: issue 18's real pages
# Beside Forssa's real page (034: the library's 03 4141 5405, its contact person's
# 03 4141 5400), a later page whose library field gives the switchboard, which its contact
# person gives too.
FORSSA_LATER = dict(
    library="Forssan kaupunginkirjasto",
    isil="FI-Forka",
    domain="forssa.fi",
    title="Forssan myöhempi hanke",
    year=2019,
    credit="Forssan kaupunginkirjasto",
    library_phone="03 41415400",
    contact_phone="03 41415400",
)


def _build(inputs: Path, out: Path) -> Path:
    build([inputs], out, BuildOptions(read_at=ISSUED, validate=False))
    return out


def _release_bytes(out: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in (out / RELEASE_DIR).iterdir()}


def _phones(out: Path, library: NamedNode, graph: str | None = None) -> set[str]:
    """The library's phones in the open release's N-Quads, in every graph or in `graph`'s."""
    return {
        quad.object.value
        for quad in parse(path=out / RELEASE_DIR / "kirjasto-kg.nq", format=RdfFormat.N_QUADS)
        if quad.subject == library
        and quad.predicate == SCHEMA.telephone
        and (graph is None or quad.graph_name.value.endswith(graph))
    }


def _csv_row(out: Path, isil: str) -> dict[str, str]:
    text = (out / RELEASE_DIR / "libraries.csv").read_text(encoding="utf-8")
    return next(row for row in csv.DictReader(io.StringIO(text)) if row["isil"] == isil)


@pytest.fixture(scope="module")
def written_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    inputs = tmp_path_factory.mktemp("written")
    for name, fields in RECORDS.items():
        (inputs / name).write_text(_RECORD.format(**fields), encoding="utf-8")
    return _build(inputs, tmp_path_factory.mktemp("written-out"))


@pytest.fixture(scope="module")
def pages_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    inputs = tmp_path_factory.mktemp("pages")
    for page in PAGES:
        (source,) = [path for path in corpus_paths() if path.name.startswith(page + "_")] or [None]
        if source is None:
            pytest.skip(MISSING_CORPUS)
        shutil.copy(source, inputs / source.name)
    (inputs / "forssa-later.txt").write_text(_RECORD.format(**FORSSA_LATER), encoding="utf-8")
    return _build(inputs, tmp_path_factory.mktemp("pages-out"))


def test_a_contact_fields_raw_value_stays_out(pages_out: Path) -> None:
    """Pages 119 and 161 give e-mails the parser normalised; the text as written is personal."""
    written = ["kaarina. sainio@kaarina.fi", "silja.rytkonen(a)hyvinkaa.fi"]
    for name, data in _release_bytes(pages_out).items():
        for text in written:
            assert text.encode() not in data, f"{text} in {name}"
    dataset = (pages_out / DATASET_FILE).read_text(encoding="utf-8")
    assert all(text in dataset for text in written)  # the full graph keeps what pages say


def test_a_credit_naming_a_person_stays_out_and_an_organisations_stays(
    pages_out: Path, written_out: Path
) -> None:
    for out, person in [(pages_out, b"Jutta Pajunen"), (written_out, b"Matti Meik")]:
        for name, data in _release_bytes(out).items():
            assert person not in data, f"{person!r} in {name}"
    credits = {
        quad.object.value
        for out in (pages_out, written_out)
        for quad in parse(path=out / RELEASE_DIR / "kirjasto-kg.nt", format=RdfFormat.N_TRIPLES)
        if quad.predicate == KG.imageCredit
    }
    assert credits == {
        "Forssan kaupunginkirjasto",
        "Testilän kaupunginkirjasto",
        "Kuva: Toisen kunnan kirjasto",
    }


def test_a_switchboard_in_a_library_field_stays_though_a_contact_person_gives_it(
    pages_out: Path,
) -> None:
    """Forssa's later page gives the switchboard as the library's phone, and so does its
    contact person, as Forssa's contact on page 034: it is the library's own exchange
    (03 4141 5405), so the release keeps it. A number only a contact person gives goes."""
    forssa = Minter().library("FI-Forka", None, None)
    assert _phones(pages_out, forssa, graph="/forssa-later") == {"03 41415400"}
    assert _phones(pages_out, forssa, graph="/034-forssan-150-kirjastotoiminnan-vuotta") == {
        "03 4141 5405"
    }
    assert _csv_row(pages_out, "FI-Forka")["phone"] in ("03 41415400", "03 4141 5405")


def test_a_persons_number_in_a_library_phone_field_stays_out(written_out: Path) -> None:
    toinen = Minter().library("FI-Toinen", None, None)
    assert _phones(written_out, toinen) == {"02 345 6700"}
    assert _csv_row(written_out, "FI-Toinen")["phone"] == "02 345 6700"
    for name, data in _release_bytes(written_out).items():
        for number in (b"222 3333", b"765 4321", b"111 1111", b"999 8877"):
            assert number not in data, f"{number!r} in {name}"
    dataset = (written_out / DATASET_FILE).read_text(encoding="utf-8")
    assert "02 345 6700, 040 222 3333" in dataset


def test_the_view_prefers_the_librarys_own_phone_to_a_persons(written_out: Path) -> None:
    """Testilä's newer page gives its contact person's mobile as the library's phone: the
    consolidated graph prefers the older page's switchboard, and the open release keeps it."""
    testila = Minter().library("FI-Testi", None, None)
    assert _phones(written_out, testila, graph="/graph/consolidated") == {"02 123 4500"}
    assert _csv_row(written_out, "FI-Testi")["phone"] == "02 123 4500"
