"""A function run in a process of its own: its result, its errors as ours, and stopping it."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.errors import KgError, QueryParameterError
from kg.process_job import ProcessJob

WORK = "tests.process_job_work"


def _outcome(payload: dict) -> object:
    job = ProcessJob.start(WORK, payload)
    try:
        return job.wait()
    finally:
        job.stop()


def test_the_result_comes_back_as_json() -> None:
    assert _outcome({"do": "echo", "value": {"å": [1, 2.5, None]}}) == {"å": [1, 2.5, None]}


def test_what_the_work_prints_goes_to_standard_error(capfd: pytest.CaptureFixture[str]) -> None:
    assert _outcome({"do": "chat"}) == "heard"
    assert "a word on standard output" in capfd.readouterr().err


def test_an_error_of_ours_comes_back_as_the_same_error() -> None:
    with pytest.raises(QueryParameterError) as raised:
        _outcome({"do": "refuse"})
    assert str(raised.value) == '-p year: "x" is not a year'
    assert raised.value.exit_code == 2


def test_a_file_that_cannot_be_read_is_one_line_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "missing.nt"
    with pytest.raises(KgError) as raised:
        _outcome({"do": "read", "path": str(missing)})
    assert (
        str(raised.value) == f"{missing}: cannot read or write a file (No such file or directory)"
    )


def test_a_crash_is_one_line_with_the_exit_status(capfd: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(KgError) as raised:
        _outcome({"do": "something else"})
    assert str(raised.value) == f"the process of {WORK} ended with exit status 1"
    assert "RuntimeError: a bug: something else" in capfd.readouterr().err  # its own stderr


def test_stop_ends_a_running_process() -> None:
    job = ProcessJob.start(WORK, {"do": "wait"})
    time.sleep(0.5)
    assert job.running
    started = time.monotonic()
    job.stop()
    assert not job.running and time.monotonic() - started < 5


STARTER = """
import time
from kg.process_job import ProcessJob
job = ProcessJob.start("tests.process_job_work", {"do": "wait"})
print(job.pid, flush=True)
time.sleep(60)
"""


def _ended(pid: int) -> bool:
    """Whether process `pid` has ended (gone, or a zombie nobody has reaped yet)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rpartition(")")[2].split()[0] in ("Z", "X")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
def test_a_job_ends_when_the_process_that_started_it_is_killed() -> None:
    # kg build killed (SIGKILL) must not leave its release or JSON-LD process writing on.
    root = Path(__file__).resolve().parents[1]
    starter = subprocess.Popen(
        [sys.executable, "-c", STARTER], stdout=subprocess.PIPE, cwd=root, text=True
    )
    try:
        assert starter.stdout is not None
        job = int(starter.stdout.readline())
        time.sleep(0.5)
        assert not _ended(job)
    finally:
        starter.kill()
        starter.wait()
        if starter.stdout is not None:
            starter.stdout.close()
    deadline = time.monotonic() + 10
    while not _ended(job) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _ended(job)
