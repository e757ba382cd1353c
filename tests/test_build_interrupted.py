"""A build killed outright (SIGKILL) at any moment: the store never answers silently wrong.

Each query afterwards gives the rows of the build before, those of the build killed (had it
ended), or one line and a non-zero exit code. And the next build cleans up after it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.corpus import write_corpus
from kg.build import STORE_DIR
from tests.conftest import SEEDS

KILL_AT = (0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.7, 0.85)  # shares of a whole build's time
QUERY = "export_projects"


def _kg(*args: str | Path, **popen: object) -> subprocess.Popen[str]:
    return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "kg", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )


def _query(store: Path) -> tuple[int, str, str]:
    with _kg("query", "run", QUERY, "--store", store) as process:
        out, err = process.communicate(timeout=120)
    return process.returncode, out, err


def _build(inputs: list[Path], out: Path) -> float:
    """Build `inputs` into `out` to the end; return the seconds it took.

    The generated corpus has pages the parser refuses, so the exit code is 1 (0 for the seeds).
    """
    started = time.perf_counter()
    with _kg("build", *inputs, "--out", out) as process:
        _, err = process.communicate(timeout=600)
    assert process.returncode in (0, 1) and "Traceback" not in err, err
    return time.perf_counter() - started


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The build before (the seeds) and, to the end, the build that the tests kill."""
    work = tmp_path_factory.mktemp("interrupted")
    write_corpus(work / "pages", 100, seed=7)  # kg build uses worker processes unless told
    new_inputs = [work / "pages", SEEDS]
    _build([SEEDS], work / "before")
    seconds = _build(new_inputs, work / "after")
    old, new = _query(work / "before" / STORE_DIR), _query(work / "after" / STORE_DIR)
    assert old[0] == new[0] == 0 and old[1] != new[1]
    return {"work": work, "inputs": new_inputs, "seconds": seconds, "old": old[1], "new": new[1]}


@pytest.mark.parametrize("share", KILL_AT)
def test_a_query_after_a_killed_build_is_old_new_or_one_line(
    builds: dict[str, object], share: float, tmp_path: Path
) -> None:
    work, inputs = builds["work"], builds["inputs"]
    assert isinstance(work, Path) and isinstance(inputs, list)
    out = tmp_path / "out"
    shutil.copytree(work / "before", out)
    with _kg("build", *inputs, "--out", out, start_new_session=True) as process:
        time.sleep(share * float(builds["seconds"]))  # type: ignore[arg-type]
        os.killpg(process.pid, signal.SIGKILL)  # the build and its workers, as a kill -9 would
        process.communicate()

    code, rows, err = _query(out / STORE_DIR)

    if code == 0:
        assert rows in (builds["old"], builds["new"]), f"killed at {share:.0%}: other rows"
    else:
        assert err.count("\n") == 1 and err.startswith("error: "), err
        assert "Traceback" not in err


def test_the_build_after_a_killed_one_completes_and_leaves_no_temporary_files(
    builds: dict[str, object], tmp_path: Path
) -> None:
    work, inputs = builds["work"], builds["inputs"]
    assert isinstance(work, Path) and isinstance(inputs, list)
    out = tmp_path / "out"
    shutil.copytree(work / "before", out)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    left = [out / f".graph.ttl.{dead}.k1lled.part", out / "release" / f".a.csv.{dead}.x_y.part"]
    for path in left:
        path.write_text("half a file", encoding="utf-8")
    (out / STORE_DIR / "kg-incomplete").write_text("a build was killed\n", encoding="utf-8")
    assert _query(out / STORE_DIR)[0] == 1

    _build(inputs, out)

    assert not [path for path in left if path.exists()]
    assert _query(out / STORE_DIR) == (0, builds["new"], "")
