"""The fuzzer of issue 18 on 200 mutants: it runs, counts, saves and replays (no timing judged)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.fuzz import BYTE_MUTATIONS, MUTATIONS, RECORDS, load_pages, main, make_mutant
from tests.conftest import SEEDS

MUTANTS = 200


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path, int]:
    folder = tmp_path_factory.mktemp("fuzz")
    out = folder / "fuzz.json"
    status = main(
        [
            "--mutants",
            str(MUTANTS),
            "--seed",
            "18",
            "--jobs",
            "2",
            "--json",
            str(out),
            "--crashes",
            str(folder / "crashes"),
        ]
    )
    return json.loads(out.read_text(encoding="utf-8")), folder, status


def test_every_mutant_has_one_outcome_and_none_crashed(run: tuple[dict, Path, int]) -> None:
    document, folder, status = run
    assert document["mutants"] == MUTANTS
    assert sum(document["outcomes"].values()) == MUTANTS
    assert document["outcomes"]["read"] > 0 and document["outcomes"]["refused: parse"] > 0
    assert document["crash_count"] == 0 and document["crashes"] == [], document["crashes"]
    assert status == 0
    assert not (folder / "crashes").exists()  # nothing to reproduce


def test_the_report_has_the_figures_asked_for(run: tuple[dict, Path, int]) -> None:
    document, _, _ = run
    assert document["command"].startswith("python -m benchmarks.fuzz --mutants 200")
    assert document["pages"] == len(load_pages(RECORDS))
    assert document["bytes"] > 0 and document["mutants_per_s"] > 0
    assert len(document["slowest"]) == 10
    first = document["slowest"][0]
    assert first["s_per_100kb"] == document["worst_s_per_100kb"] > 0
    assert set(first) >= {"index", "page", "operations", "size", "seconds", "outcome"}
    assert document["longest_message"] < 300 and document["long_messages"] == 0
    # 200 mutants of one to four operations draw on most of the operations
    assert set(document["operations"]) <= {*MUTATIONS, *BYTE_MUTATIONS}
    assert len(document["operations"]) >= len(MUTATIONS) // 2


def test_a_mutant_is_made_from_its_seed_and_number_alone() -> None:
    pages = load_pages(None)  # the seeds alone
    assert [name for name, _ in pages] == sorted(path.name for path in SEEDS.glob("*.txt"))
    again = [make_mutant(pages, 18, index) for index in (5, 6, 5)]
    assert again[0] == again[2]
    assert again[0].data != again[1].data


def test_an_input_is_replayed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = sorted(SEEDS.glob("*.txt"))[0]
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\x00binary")
    assert main(["--replay", str(page), str(broken)]) == 0
    printed = capsys.readouterr().out
    assert f"{page}: read in" in printed
    assert f"{broken}: refused: parse in" in printed
