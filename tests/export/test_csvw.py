"""csv-metadata.json, checked by the `csvw` package: the tables validate, and the RDF their
templates give is the release graph's own.

`check_csvw(folder)` asserts all of it of a release folder (the CSV files, csv-metadata.json and
kirjasto-kg.nt), so that it can be run on any release, the real corpus's too.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import shutil
import warnings
from decimal import Decimal
from pathlib import Path
from typing import Any

import csvw  # type: ignore[import-untyped]  # csvw ships no type hints
import pytest
from csvw.metadata_utils import NAMESPACES  # type: ignore[import-untyped]  # no type hints
from pyoxigraph import Literal, NamedNode, RdfFormat, Triple, parse

from kg.export.csvw import FILE, csvw_metadata, write_csvw_metadata
from kg.export.release import ExportOptions, export_release
from kg.export.tables import TABLES
from kg.store.graph_store import GraphStore
from kg.vocab import KG, RDF, XSD
from tests.export.conftest import ISSUED

# A triple compared: subject, predicate, and the object in N-Triples, save that a number is
# compared by its value (csvw gives a decimal as a float: 11000 comes back as 11000.0).
Key = tuple[str, str, str]
_NUMBERS = {XSD.decimal.value, XSD.integer.value}


@pytest.fixture(scope="module")
def release(seed_store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds' CSV tables and N-Triples, released once for this module, with the metadata."""
    out = tmp_path_factory.mktemp("csvw") / "open"
    export_release(seed_store, out, ExportOptions(issued=ISSUED, formats=("csv", "nt")))
    write_csvw_metadata(out)
    return out


def _key(triple: Triple) -> Key:
    o = triple.object
    if isinstance(o, Literal) and o.datatype.value in _NUMBERS:
        obj = f"{Decimal(o.value).normalize()}^^{o.datatype.value}"
    else:
        obj = str(o)
    return (str(triple.subject), str(triple.predicate), obj)


def _iri(name: str) -> str:
    prefix, _, local = name.partition(":")
    return NAMESPACES[prefix] + local if prefix in NAMESPACES and "//" not in name else name


def _literal(value: Any, datatype: str) -> Literal:
    if isinstance(value, bool):
        return Literal("true" if value else "false", datatype=XSD.boolean)
    if datatype in ("decimal", "integer"):
        return Literal(str(Decimal(str(value))), datatype=XSD[datatype])
    if datatype == "string":
        return Literal(str(value))
    return Literal(str(value), datatype=XSD[datatype])


def _triples(node: dict[str, Any], columns: dict[str, Any]) -> list[Triple]:
    """The triples of one object of csvw's CSVW-to-JSON; `columns` by their propertyUrl."""
    subject = NamedNode(node["@id"])
    found = []
    for name, values in node.items():
        if name == "@id":
            continue
        predicate = RDF.type.value if name in ("@type", "rdf:type") else _iri(name)
        for value in values if isinstance(values, list) else [values]:
            if isinstance(value, dict):
                found.append(Triple(subject, NamedNode(predicate), NamedNode(value["@id"])))
                found += _triples(value, columns)
            elif predicate == RDF.type.value or columns[predicate].valueUrl is not None:
                found.append(Triple(subject, NamedNode(predicate), NamedNode(_iri(value))))
            else:
                literal = _literal(value, columns[predicate].datatype.base)
                found.append(Triple(subject, NamedNode(predicate), literal))
    return found


def derived_triples(folder: Path) -> dict[str, list[Triple]]:
    """Run csvw's CSVW-to-JSON (standard mode) over `folder`; its triples, by table file.

    The JSON says which object has which values; whether a value is an IRI or a literal of
    which datatype, the column of the metadata that gave it says (valueUrl, datatype), as in
    CSVW-to-RDF. Each propertyUrl but rdf:type is one column's in a table (the test of the
    dictionary holds that).
    """
    group = csvw.CSVW(str(folder / FILE))
    described = group.to_json()["tables"]
    derived = {}
    for table, json_table in zip(group.tables, described, strict=True):
        columns = {
            c.propertyUrl.uri: c for c in table.tableSchema.columns if c.propertyUrl is not None
        }
        derived[str(table.url)] = [
            triple
            for row in json_table["row"]
            for node in row["describes"]
            for triple in _triples(node, columns)
        ]
    return derived


def graph_keys(folder: Path) -> set[Key]:
    """The release graph's triples (kirjasto-kg.nt), as compared."""
    with (folder / "kirjasto-kg.nt").open("rb") as stream:
        return {_key(t) for t in parse(stream, format=RdfFormat.N_TRIPLES)}


def not_in_graph(
    folder: Path, derived: dict[str, list[Triple]] | None = None
) -> dict[str, list[Key]]:
    """The derived triples (by default csvw's), by table, that the release graph does not hold."""
    graph = graph_keys(folder)
    derived = derived_triples(folder) if derived is None else derived
    return {
        file: [key for key in map(_key, triples) if key not in graph]
        for file, triples in derived.items()
    }


def _rows(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as stream:
        return sum(1 for _ in csv.reader(stream)) - 1


def check_csvw(folder: Path) -> None:
    """Assert that csv-metadata.json describes every table of the release in `folder` truly."""
    metadata = json.loads((folder / FILE).read_text(encoding="utf-8"))
    assert [t["url"] for t in metadata["tables"]] == [t.file for t in TABLES]
    # csvw warns of each cell it cannot read, then raises ValueError; the warnings are its
    # findings whatever the warnings filter says.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        group = csvw.CSVW(str(folder / FILE), validate=True)
        assert group.is_valid, [str(w.message) for w in group.warnings]
        for table in group.tables:
            rows = list(table.iterdicts(strict=True))
            assert len(rows) == _rows(folder / str(table.url)), table.url  # no row lost
            assert table.check_primary_key(), table.url
        assert group.tablegroup.check_referential_integrity(strict=True)
    assert not caught, [str(w.message) for w in caught]
    derived = derived_triples(folder)
    assert derived["projects.csv"], "no triples derived"
    assert not_in_graph(folder, derived) == {table.file: [] for table in TABLES}


def test_the_metadata_validates_and_gives_the_graph_s_own_triples(release: Path) -> None:
    check_csvw(release)


def test_the_projects_table_gives_its_types_years_dates_libraries_and_languages(
    release: Path,
) -> None:
    triples = derived_triples(release)["projects.csv"]
    project = NamedNode(
        "https://w3id.org/kirjasto-kg/id/project/2016-fi-km-pop-up-kirjasto-sinne-missa-ihmiset-ovat"
    )
    mine = {(t.predicate, t.object) for t in triples if t.subject == project}
    assert mine == {
        (RDF.type, KG.Project),
        (KG.callYear, Literal("2016", datatype=XSD.gYear)),
        (KG.funded, Literal("true", datatype=XSD.boolean)),
        (NamedNode("http://schema.org/startDate"), Literal("2016-05-02", datatype=XSD.date)),
        (NamedNode("http://schema.org/endDate"), Literal("2017-12-31", datatype=XSD.date)),
        (KG.applicant, NamedNode("https://w3id.org/kirjasto-kg/id/library/FI-KM")),
        (NamedNode("http://schema.org/inLanguage"), Literal("fi")),
    }


def test_a_wrong_property_url_is_caught(release: Path, tmp_path: Path) -> None:
    for path in release.glob("*.csv"):
        shutil.copy(path, tmp_path / path.name)
    shutil.copy(release / "kirjasto-kg.nt", tmp_path / "kirjasto-kg.nt")
    projects, *others = TABLES
    # The start date claimed as the end date: a triple of the right kind the graph lacks.
    start = projects.column("start_date")
    wrong = dataclasses.replace(start, property_url="http://schema.org/endDate")
    columns = tuple(wrong if c is start else c for c in projects.columns)
    write_csvw_metadata(tmp_path, (dataclasses.replace(projects, columns=columns), *others))
    missing = not_in_graph(tmp_path)["projects.csv"]
    assert len(missing) == 5  # one start date for each of the five projects
    assert all(key[1] == "<http://schema.org/endDate>" for key in missing)
    with pytest.raises(AssertionError):
        check_csvw(tmp_path)


BREAKS = [
    # (file, bytes, what they become, what csvw says)
    ("projects.csv", b",2016-05-02,", b",2016-13-02,", "start_date: month must be in 1..12"),
    ("projects.csv", b",true,2016-05-02,", b",maybe,2016-05-02,", "funded: invalid lexical"),
    ("projects.csv", b",18,200,", b",1.5,200,", "events: Invalid value for integer"),
    ("amounts.csv", b",11000,", b",11 000,", "value: invalid lexical value for decimal"),
    ("libraries.csv", b"\r\nhttps://w3id.org/kirjasto-kg/id/library/FI-EM,", b"\r\n,", "required"),
]


@pytest.mark.parametrize("file, old, new, message", BREAKS, ids=[b[3] for b in BREAKS])
def test_a_cell_that_breaks_its_column_is_caught(
    release: Path, tmp_path: Path, file: str, old: bytes, new: bytes, message: str
) -> None:
    for path in release.iterdir():
        shutil.copy(path, tmp_path / path.name)
    data = (tmp_path / file).read_bytes()
    assert old in data
    (tmp_path / file).write_bytes(data.replace(old, new, 1))
    with pytest.raises(ValueError, match=message):
        check_csvw(tmp_path)


def test_a_row_that_breaks_a_foreign_key_is_caught(release: Path, tmp_path: Path) -> None:
    for path in release.iterdir():
        shutil.copy(path, tmp_path / path.name)
    check_csvw(tmp_path)
    # An amount of a project the projects table does not have.
    amounts = tmp_path / "amounts.csv"
    head, first, rest = amounts.read_bytes().split(b"\r\n", 2)
    first = first.replace(b"/id/project/", b"/id/project/no-such-", 1)
    amounts.write_bytes(b"\r\n".join((head, first, rest)))
    with pytest.raises(ValueError, match=r"no-such-2015-fi-km-.* not found in table projects\.csv"):
        check_csvw(tmp_path)


def test_the_metadata_is_the_same_bytes_each_time(release: Path, tmp_path: Path) -> None:
    path = write_csvw_metadata(tmp_path)
    assert path == tmp_path / "csv-metadata.json"
    assert path.read_bytes() == (release / FILE).read_bytes()
    assert path.read_bytes().endswith(b"}\n")
    metadata = csvw_metadata()
    assert metadata["@context"] == ["http://www.w3.org/ns/csvw", {"@language": "en"}]
    assert metadata["dialect"]["lineTerminators"] == ["\r\n"]
    title = metadata["tables"][0]["tableSchema"]["columns"][2]["titles"]
    assert title == {
        "fi": "Hakukierroksen vuosi",
        "sv": "Ansökningsomgångens år",
        "en": "Call year",
    }
