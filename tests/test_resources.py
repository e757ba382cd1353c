"""The data folders are found in a checkout and in an installed wheel, wherever the caller is."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kg import resources
from kg.errors import ResourceMissing
from tests.conftest import REPO

DATA_FOLDERS = ("ontology", "shapes", "queries", "seeds")


def test_checkout_folders_are_the_repository_folders() -> None:
    for name in DATA_FOLDERS:
        assert Path(str(resources.folder(name))) == REPO / name


def test_seed_files_are_the_five_samples() -> None:
    names = [entry.name for entry in resources.seed_files()]
    assert names == sorted(path.name for path in (REPO / "seeds").glob("*.txt"))
    assert len(names) == 5


def test_unknown_folder_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown data folder"):
        resources.folder("secrets")


def test_missing_folder_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(resources, "_CHECKOUT_ROOT", tmp_path)
    with pytest.raises(ResourceMissing, match="the seeds/ folder is missing"):
        resources.folder("seeds")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            out,
            REPO,
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("kirjasto_kg-*.whl")
    return built


def test_wheel_carries_the_data_folders(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in DATA_FOLDERS:
        shipped = {entry for entry in names if entry.startswith(f"kg/_data/{name}/")}
        in_checkout = {
            f"kg/_data/{name}/{path.relative_to(REPO / name).as_posix()}"
            for path in (REPO / name).rglob("*")
            if path.is_file()
        }
        assert shipped == in_checkout
    assert "kg/records/parse.py" in names


def test_installed_wheel_works_from_anywhere(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", site, wheel],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    environment = {**os.environ, "PYTHONPATH": str(site)}
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, kg; from kg import resources; "
            "print(json.dumps([kg.__file__, str(resources.folder('seeds')), "
            "len(resources.seed_files())]))",
        ],
        cwd=elsewhere,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    module, seeds, count = json.loads(probe.stdout)
    assert Path(module).is_relative_to(site) and Path(seeds) == site / "kg" / "_data" / "seeds"
    assert count == 5
    built = subprocess.run(
        [sys.executable, "-m", "kg", "build", "--out", "out"],
        cwd=elsewhere,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    assert len((elsewhere / "out" / "records.jsonl").read_text(encoding="utf-8").splitlines()) == 5
