"""Fuzzing the parser: whatever the input, it returns a lossless Record or raises ParseError."""

from __future__ import annotations

import os
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import ParseError
from kg.records import Record, parse_bytes, parse_text
from kg.records.labels import LABELS
from tests.conftest import corpus_paths, seed_paths
from tests.records.lossless import lost_and_invented

PAGES = [path.read_text(encoding="utf-8") for path in seed_paths() + corpus_paths()[::10]]
# KG_FUZZ_EXAMPLES=5000 for a longer hunt than the test suite's.
EXAMPLES = int(os.environ.get("KG_FUZZ_EXAMPLES", "300"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check_lossless(text: str, record: Record) -> None:
    lost, invented = lost_and_invented(text, record)
    assert not lost and not invented, (dict(lost), dict(invented))


def _parse_or_refuse(text: str) -> None:
    try:
        record = parse_text(text, "fuzz.txt")
    except ParseError as error:
        assert error.source == "fuzz.txt" and error.line >= 1
        return
    _check_lossless(text, record)


def _mutate(text: str, seed: int, operations: list[str]) -> str:
    rng = random.Random(seed)
    lines = text.split("\n")
    for operation in operations:
        if not lines:
            break
        index = rng.randrange(len(lines))
        if operation == "drop":
            del lines[index]
        elif operation == "duplicate":
            lines.insert(index, lines[index])
        elif operation == "shuffle":
            start = rng.randrange(len(lines))
            window = lines[start : start + rng.randint(2, 8)]
            rng.shuffle(window)
            lines[start : start + len(window)] = window
        elif operation == "misspell":
            label_lines = [i for i, line in enumerate(lines) if line.rstrip(" \xa0").endswith(":")]
            if label_lines:
                at = rng.choice(label_lines)
                chars = list(lines[at])
                chars[rng.randrange(len(chars))] = rng.choice("xyzåö ")
                lines[at] = "".join(chars)
        elif operation == "insert_label":
            lines.insert(index, rng.choice(LABELS).text + rng.choice(["", " ", "\xa0"]))
        elif operation == "truncate":
            return "\n".join(lines)[: rng.randrange(len(text) + 1)]
    return "\n".join(lines)


OPERATIONS = st.lists(
    st.sampled_from(["drop", "duplicate", "shuffle", "misspell", "insert_label", "truncate"]),
    max_size=6,
)


@FUZZ
@given(st.text())
def test_arbitrary_text(text: str) -> None:
    _parse_or_refuse(text)


@FUZZ
@given(st.binary())
def test_arbitrary_bytes(data: bytes) -> None:
    try:
        parse_bytes(data, "fuzz.bin")
    except ParseError as error:
        assert error.source == "fuzz.bin" and error.line >= 1


@FUZZ
@given(st.sampled_from(PAGES), st.integers(0, 2**32), OPERATIONS)
def test_mutated_pages(page: str, seed: int, operations: list[str]) -> None:
    _parse_or_refuse(_mutate(page, seed, operations))


@FUZZ
@given(
    st.sampled_from(PAGES), st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=8)
)
def test_pages_with_flipped_bytes(page: str, flips: list[tuple[float, int]]) -> None:
    data = bytearray(page.encode("utf-8"))
    for where, byte in flips:
        data[min(int(where * len(data)), len(data) - 1)] = byte
    try:
        record = parse_bytes(bytes(data), "fuzz.txt")
    except ParseError:
        return
    _check_lossless(bytes(data).decode("utf-8", errors="ignore"), record)


@FUZZ
@given(st.sampled_from(PAGES), st.text(alphabet=" \xa0\u2009\u202f\t\r", max_size=3))
def test_any_kind_of_space_reads_the_same(page: str, spaces: str) -> None:
    spaced = "\n".join(line + spaces for line in page.split("\n"))
    plain = parse_text(page, "page.txt")
    assert parse_text(spaced, "page.txt").library == plain.library
