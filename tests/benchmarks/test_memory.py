"""The memory of a process tree, sampled: a child and its grandchild count together, once."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from benchmarks.memory import TreePeak, descendants, pss_kib

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/smaps_rollup").exists(), reason="needs Linux /proc smaps_rollup"
)

# A child that holds 60 MiB and starts a grandchild holding 60 MiB too, both for a moment.
HOLDER = "import time; block = bytearray(60 * 2**20); time.sleep(1.5)"
PARENT = textwrap.dedent(
    f"""
    import subprocess, sys, time
    block = bytearray(60 * 2**20)
    child = subprocess.Popen([sys.executable, "-c", {HOLDER!r}])
    child.wait()
    """
)


def test_a_child_and_its_grandchild_are_summed() -> None:
    process = subprocess.Popen([sys.executable, "-c", PARENT])
    with TreePeak(process.pid) as peak:
        assert process.wait() == 0
    assert peak.most == 2
    assert 120 * 1024 <= peak.kib < 240 * 1024  # both blocks, each counted once


def test_the_tree_of_this_process_starts_with_it() -> None:
    assert descendants(os.getpid())[0] == os.getpid()
    assert pss_kib(os.getpid()) > 0
    assert pss_kib(2**22 + 12345) == 0  # above the kernel's largest process id: none
