"""datapackage.json, checked by `frictionless validate`: the package and every table are valid.

`check_datapackage(folder)` asserts all of it of a release folder (the CSV files and
datapackage.json), so that it can be run on any release, the real corpus's too.
"""

from __future__ import annotations

import csv
import json
import shutil
import socket
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import frictionless
import pytest

from kg.export.datapackage import FILE, datapackage, write_datapackage
from kg.export.dcat.config import CatalogConfig
from kg.export.release import ExportOptions, export_release
from kg.export.tables import TABLES
from kg.store.graph_store import GraphStore
from tests.export.conftest import ISSUED


@pytest.fixture(scope="module")
def release(seed_store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds' CSV tables, released once for this module, with the package."""
    out = tmp_path_factory.mktemp("datapackage") / "open"
    export_release(seed_store, out, ExportOptions(issued=ISSUED, formats=("csv",)))
    write_datapackage(out)
    return out


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Validation must not fetch anything (a profile, a schema) from the network."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"a connection was tried: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    yield


def validate(folder: Path) -> frictionless.Report:
    """Return frictionless's report on `folder`/datapackage.json (its Python warnings raised)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return frictionless.validate(str(folder / FILE))


def problems(report: frictionless.Report) -> list[list[Any]]:
    """Each error of the report: its type, row number and field."""
    return [list(error) for error in report.flatten(["type", "rowNumber", "fieldName"])]


def check_datapackage(folder: Path) -> None:
    """Assert that datapackage.json in `folder` and every table it names are valid."""
    package = json.loads((folder / FILE).read_text(encoding="utf-8"))
    assert [r["path"] for r in package["resources"]] == [t.file for t in TABLES]
    report = validate(folder)
    assert report.valid, problems(report)
    assert report.stats["errors"] == 0 and report.stats["warnings"] == 0, report.stats
    assert [task.name for task in report.tasks] == [r["name"] for r in package["resources"]]
    for task, resource in zip(report.tasks, package["resources"], strict=True):
        assert task.valid and not task.warnings, task.name
        with (folder / resource["path"]).open(encoding="utf-8", newline="") as stream:
            rows = sum(1 for _ in csv.reader(stream)) - 1
        assert task.stats["rows"] == rows, task.name
        assert task.stats["fields"] == len(resource["schema"]["fields"])


def test_the_package_validates(release: Path) -> None:
    check_datapackage(release)


PROJECT = b"https://w3id.org/kirjasto-kg/id/project/"
# Cells that break their columns, one file or row each: (file, bytes, what they become).
BREAKS = [
    ("projects.csv", b",18,200,", b",many,200,"),
    ("projects.csv", b",2017,", b",twenty-seventeen,"),
    ("amounts.csv", b",11000,", b",11 000,"),
    ("partnerships.csv", b"/partner/1," + PROJECT, b"/partner/1," + PROJECT + b"no-such-"),
]


def test_broken_tables_are_caught(release: Path, tmp_path: Path) -> None:
    for path in release.iterdir():
        shutil.copy(path, tmp_path / path.name)
    for file, old, new in BREAKS:
        data = (tmp_path / file).read_bytes()
        assert old in data
        (tmp_path / file).write_bytes(data.replace(old, new, 1))
    found = problems(validate(tmp_path))
    assert sorted(found, key=str) == sorted(
        [
            ["type-error", 3, "events"],  # a text in an integer column
            ["type-error", 4, "call_year"],  # a text in a year column
            ["type-error", 3, "value"],  # a number with a space
            ["foreign-key", 2, None],  # a partnership of a project not in projects.csv
            *[["hash-count", None, None], ["byte-count", None, None]] * 3,  # files changed
        ],
        key=str,
    )
    with pytest.raises(AssertionError):
        check_datapackage(tmp_path)


def test_a_missing_required_value_is_caught(release: Path, tmp_path: Path) -> None:
    for path in release.iterdir():
        shutil.copy(path, tmp_path / path.name)
    libraries = tmp_path / "libraries.csv"
    head, first, rest = libraries.read_bytes().split(b"\r\n", 2)
    libraries.write_bytes(b"\r\n".join((head, b"," + first.split(b",", 1)[1], rest)))
    write_datapackage(tmp_path)  # the package of the changed file: its hash holds
    found = problems(validate(tmp_path))
    assert ["constraint-error", 2, "library"] in found
    assert not [e for e in found if e[0] in ("hash-count", "byte-count")]
    with pytest.raises(AssertionError):
        check_datapackage(tmp_path)


def test_the_package_describes_each_column(release: Path) -> None:
    package = json.loads((release / FILE).read_text(encoding="utf-8"))
    assert package["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert package["name"] == "kirjasto-kg"
    assert package["licenses"] == [
        {
            "name": "CC-BY-4.0",
            "path": "http://publications.europa.eu/resource/authority/licence/CC_BY_4_0",
        }
    ]
    projects, amounts, libraries, partnerships = package["resources"]
    fields = {f["name"]: f for f in projects["schema"]["fields"]}
    assert fields["project"] == {
        "name": "project",
        "title": "Project (IRI)",
        "description": "The project's IRI in the knowledge graph.",
        "type": "string",
        "format": "uri",
        "constraints": {"required": True},
    }
    types = {name: (f["type"], f.get("format")) for name, f in fields.items()}
    assert types["call_year"] == ("year", None)
    assert types["funded"] == ("boolean", None)
    assert types["start_date"] == ("date", None)
    assert types["granted"] == ("number", None)
    assert types["events"] == ("integer", None)
    assert projects["schema"]["primaryKey"] == ["project"]
    assert partnerships["schema"]["foreignKeys"] == [
        {"fields": ["project"], "reference": {"resource": "projects", "fields": ["project"]}},
        {"fields": ["library"], "reference": {"resource": "libraries", "fields": ["library"]}},
    ]
    assert libraries["dialect"]["lineTerminator"] == "\r\n"
    assert amounts["hash"].startswith("sha256:") and amounts["bytes"] > 0


def test_the_package_is_the_same_bytes_each_time_and_speaks_the_language_asked(
    release: Path, tmp_path: Path
) -> None:
    for path in release.glob("*.csv"):
        shutil.copy(path, tmp_path / path.name)
    assert write_datapackage(tmp_path).read_bytes() == (release / FILE).read_bytes()
    config = CatalogConfig()
    finnish = datapackage(tmp_path, config, lang="fi")
    assert finnish["title"] == config.title["fi"]
    assert finnish["resources"][0]["title"] == "Hankkeet"
    assert finnish["resources"][0]["schema"]["fields"][2]["title"] == "Hakukierroksen vuosi"
