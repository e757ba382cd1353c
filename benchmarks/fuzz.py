"""Fuzzing the pipeline with mutants of the real records (issue 18): no crash, nothing slow.

    python -m benchmarks.fuzz --mutants N --seed S [--records DIR] [--json FILE]
                              [--jobs J] [--first K] [--crashes DIR] [--timeout S]
    python -m benchmarks.fuzz --replay FILE [FILE ...]

Reads the real page copies (`../shared/records`, read in place, never copied) and the seeds,
and makes N mutants of them, each from the seed S and its own number alone (so mutant K is
the same in any run, with any number of jobs; `--first K --mutants 1` makes it again): one to
four operations of `MUTATIONS` (flipped bytes and characters, deleted spans, duplicated and
dropped lines, lines spliced in from another page, runs of thousands of digits, lines of a
million characters, many blank lines or labels, bare CR / CRLF, NUL and control characters,
Unicode digits and spaces, labels swapped between Finnish and Swedish, truncation...).

Each mutant goes through what `kg parse` and `kg build` do with a record: parse_bytes, the
JSON of `kg parse` (record_to_json, json.dumps), kg.mapping.record's map_record, and the record's
quads written as N-Quads and TriG by pyoxigraph. A ParseError, or a KgError later, is a
result (the record is refused, the batch goes on); any other exception is a crash, and so is
an input that runs past `--timeout` seconds. Each crash is saved in the crashes folder (the
input's bytes, and a JSON file with the traceback) for `--replay`. The report gives the
counts, the crashes, the slowest inputs in seconds per 100 KB, the longest message line, and
the throughput. An input's time is the CPU time of its process, so that other work on a busy
machine does not count; an input under 1 KB counts as 1 KB (a record's fixed cost is not
slowness); one over half of `SLOW` is timed up to `RETRIES` times more and keeps its fastest
run. Each worker keeps the objects it lives with out of the garbage collector's full passes.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import math
import random
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from multiprocessing import Pool
from pathlib import Path

from pyoxigraph import RdfFormat, serialize

from benchmarks.stages import TooLong, time_limit
from kg import __version__
from kg.errors import KgError, ParseError
from kg.iris import DEFAULT_BASE, Minter
from kg.mapping.record import MappingContext, SourceInfo, map_record
from kg.records import parse_bytes, record_to_json
from kg.records.labels import FIELDS, HEADINGS, LABELS, Kind

REPO = Path(__file__).resolve().parents[1]
RECORDS = REPO.parent / "shared" / "records"  # the real page copies, beside the project
SEEDS = REPO / "seeds"
CRASHES = REPO / "build" / "fuzz-crashes"
READ_AT = datetime(2026, 1, 1, tzinfo=UTC)
SLOW = 1.0  # seconds per 100 KB: the most an input may take (issue 18)
FLOOR_BYTES = 1000  # an input counts as at least this many bytes
MESSAGE_LIMIT = 300  # a warning or error line longer than this quotes too much
CHUNK = 100  # mutants per task of a worker
RETRIES = 4  # more runs of an input that looks slow: its fastest run counts
RETRY_FROM = 0.5  # ... one that takes half the limit or more, so that the slowest are sure
GROWTH = 1_000_000  # characters: the most one mutation adds (a mutant stays under some MB)

Page = tuple[str, str]  # a page's file name and its text
Mutation = Callable[[random.Random, str, Sequence[Page]], str]

DIGITS = ("0123456789", "٠١٢٣٤٥٦٧٨٩", "０１２３４５６７８９", "०१२३४५६७८९", "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗")
SPACES = " \t\u00a0\u2000\u2007\u2009\u200a\u202f\u205f\u3000\u2028\u0085\x0b\x0c\u200b"
ODD = "€:()@.,-–/\\\"'<>&%#\r\n\x00\x1b\ufeff\ufffd\u0301\U0001f600" + SPACES
PIECES = ("x", "€1 234 ", "a@.", "(", ")", ":", "\u00a0", "Kuvaus :", "1,", "okm ", "9", "-")
# every label and heading in the other language (by the field or block it opens)
_BY_TARGET: dict[str, list[str]] = {}
for _item in LABELS:
    _BY_TARGET.setdefault(_item.field, []).append(_item.text)
for _heading in HEADINGS:
    _BY_TARGET.setdefault(_heading.block, []).append(_heading.text)
COUNTERPARTS = {
    text: [other for other in texts if other != text]
    for texts in _BY_TARGET.values()
    for text in texts
    if len(texts) > 1
}
# the labels whose value is read as a number, a date or an identifier
TYPED = frozenset(
    label.text
    for label in LABELS
    if label.field.startswith("@.")
    or FIELDS[label.field].kind
    in (Kind.MONEY, Kind.GRANTED, Kind.COUNT, Kind.DATE, Kind.BUSINESS_ID, Kind.ISIL)
)
# what stands before and after a run of digits in a value: amounts, counts, dates, IDs
VALUE_FORMS = [("€", ""), ("€ ", ",50"), ("", " €"), ("", ""), ("", "kpl/st.")]
VALUE_FORMS += [("", "henkilö/person"), ("01/06/", ""), ("Y-", "-7"), ("FI-", ""), ("0", ".1.2015")]
OPENERS = (*(label.text for label in LABELS), *(heading.text for heading in HEADINGS))
OPENER_TEXTS = frozenset(OPENERS)


# -- the mutations: (rng, text, pages) -> text --------------------------------------------


def _span(rng: random.Random, size: int, most: int) -> tuple[int, int]:
    start = rng.randrange(size + 1)
    return start, min(size, start + rng.randint(1, most))


def _lines_op(change: Callable[[random.Random, list[str], Sequence[Page]], None]) -> Mutation:
    """A mutation of the text's lines (split at LF, joined again)."""

    def mutate(rng: random.Random, text: str, pages: Sequence[Page]) -> str:
        lines = text.split("\n")
        change(rng, lines, pages)
        return "\n".join(lines)

    return mutate


def _big(rng: random.Random, most: int) -> int:
    """A size between 1,000 and `most`, even on a log scale (most are small)."""
    return int(10 ** rng.uniform(3, math.log10(most)))


def flip_chars(rng: random.Random, text: str, pages: Sequence[Page]) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 8)):
        if chars:
            chars[rng.randrange(len(chars))] = rng.choice(ODD)
    return "".join(chars)


def delete_span(rng: random.Random, text: str, pages: Sequence[Page]) -> str:
    start, end = _span(rng, len(text), 300)
    return text[:start] + text[end:]


def _drop_lines(rng: random.Random, lines: list[str], pages: Sequence[Page]) -> None:
    start, end = _span(rng, len(lines), 10)
    del lines[start:end]


def _duplicate_lines(rng: random.Random, lines: list[str], pages: Sequence[Page]) -> None:
    start, end = _span(rng, len(lines), 8)
    window = lines[start:end]
    most = GROWTH // (sum(len(line) + 1 for line in window) or 1)  # a line may be huge already
    lines[start:start] = window * min(most, rng.choice((1, 2, 10, 500, 5000)))


def _shuffle_lines(rng: random.Random, lines: list[str], pages: Sequence[Page]) -> None:
    start, end = _span(rng, len(lines), 12)
    window = lines[start:end]
    rng.shuffle(window)
    lines[start:end] = window


def _splice(rng: random.Random, lines: list[str], pages: Sequence[Page]) -> None:
    other = rng.choice(pages)[1].split("\n")
    start, end = _span(rng, len(lines), 30)
    begin, stop = _span(rng, len(other), 30)
    lines[start:end] = other[begin:stop]


def _huge_digits(rng: random.Random, lines: list[str], pages: Sequence[Page]) -> None:
    """A run of 1,000 to 300,000 digits as the value of a typed field (money, a count...).

    Under one of the page's typed labels, or under a typed label put in at random: most page
    copies are cut off before their money block.
    """
    typed = [index for index, line in enumerate(lines[:-1]) if line.rstrip(" \u00a0") in TYPED]
    if typed and rng.random() < 0.5:
        index = rng.choice(typed) + 1
    else:
        index = rng.randrange(len(lines) + 1)
        lines.insert(index, rng.choice(sorted(TYPED)) + "\u00a0")
        index += 1
    head, tail = rng.choice(VALUE_FORMS)
    digits = rng.choice(DIGITS[:2]) if rng.random() < 0.2 else "9"
    run = "".join(rng.choice(digits) for _ in range(50)) * (_big(rng, 300_000) // 50)
    lines[index : index + 1] = [head + run + tail]


def _huge_line(rng: random.Random, lines: list[str], pages: Sequence[Page]) -> None:
    """A line of 1,000 to 1,000,000 characters: under one of the page's labels, or anywhere."""
    piece = rng.choice(PIECES)
    labelled = [index for index, line in enumerate(lines) if line.rstrip(" \u00a0") in OPENER_TEXTS]
    if labelled and rng.random() < 0.5:
        index = rng.choice(labelled) + 1
    else:
        index = rng.randrange(len(lines) + 1)
    lines.insert(index, piece * (_big(rng, GROWTH) // len(piece)))


def _blank_lines(rng: random.Random, lines: list[str], pages: Sequence[Page]) -> None:
    blank = rng.choice(("", " ", "\u00a0", "\t "))
    index = rng.randrange(len(lines) + 1)
    lines[index:index] = [blank] * _big(rng, 300_000)


def _many_labels(rng: random.Random, lines: list[str], pages: Sequence[Page]) -> None:
    index = rng.randrange(len(lines) + 1)
    kind = rng.random()
    if kind < 0.4:
        made = [rng.choice(OPENERS) + rng.choice(("", " ", "\u00a0")) for _ in range(500)]
    elif kind < 0.7:
        made = [f"Tuntematon {n} :\u00a0" for n in range(500)]
    else:
        made = [rng.choice(OPENERS), rng.choice(("€1", "1kpl/st.", "x", "01/01/2015"))] * 250
    lines[index:index] = made * rng.choice((1, 10, 100))


def _swap_labels(rng: random.Random, lines: list[str], pages: Sequence[Page]) -> None:
    share = rng.choice((0.2, 1.0))
    for index, line in enumerate(lines):
        trailing = line[len(line.rstrip(" \u00a0")) :]
        others = COUNTERPARTS.get(line.rstrip(" \u00a0"))
        if others and rng.random() < share:
            lines[index] = rng.choice(others) + trailing


def _empty_values(rng: random.Random, lines: list[str], pages: Sequence[Page]) -> None:
    for index in range(len(lines) - 1):
        if lines[index].rstrip(" \u00a0") in COUNTERPARTS and rng.random() < 0.3:
            lines[index + 1] = rng.choice(("", " ", "-", "0", "?"))


def _header(rng: random.Random, lines: list[str], pages: Sequence[Page]) -> None:
    if len(lines) > 1:
        year = rng.choice(("0000", "9999", "99999", "٢٠١٦", "2016" * 1000, ""))
        status = rng.choice(("", "(x)", "(" + "x" * 100_000 + ")", "((a)", "(Ej finansiering)"))
        lines[1] = f"{rng.choice(('Vuoden', 'År', 'Year'))} {year} AVI-hanke {status}"


def line_endings(rng: random.Random, text: str, pages: Sequence[Page]) -> str:
    choice = rng.choice(("\r\n", "\r", "mixed", "\r\r\n"))
    if choice != "mixed":
        return text.replace("\n", choice)
    return "".join(rng.choice(("\n", "\r", "\r\n")) + part for part in text.split("\n"))[1:]


def unicode_digits(rng: random.Random, text: str, pages: Sequence[Page]) -> str:
    return text.translate(str.maketrans("0123456789", rng.choice(DIGITS[1:])))


def unicode_spaces(rng: random.Random, text: str, pages: Sequence[Page]) -> str:
    return "".join(rng.choice(SPACES) if c == " " and rng.random() < 0.5 else c for c in text)


def truncate(rng: random.Random, text: str, pages: Sequence[Page]) -> str:
    return text[: rng.randrange(len(text) + 1)]


def wrap(rng: random.Random, text: str, pages: Sequence[Page]) -> str:
    head = rng.choice(("\ufeff", "\ufeff\ufeff", "<html><body>", "\x00", "\n\n\n", "okm\n"))
    return head + text if rng.random() < 0.5 else text + head


MUTATIONS: dict[str, Mutation] = {
    "flip_chars": flip_chars,
    "delete_span": delete_span,
    "drop_lines": _lines_op(_drop_lines),
    "duplicate_lines": _lines_op(_duplicate_lines),
    "shuffle_lines": _lines_op(_shuffle_lines),
    "splice": _lines_op(_splice),
    "huge_digits": _lines_op(_huge_digits),
    "huge_line": _lines_op(_huge_line),
    "blank_lines": _lines_op(_blank_lines),
    "many_labels": _lines_op(_many_labels),
    "swap_labels": _lines_op(_swap_labels),
    "empty_values": _lines_op(_empty_values),
    "header": _lines_op(_header),
    "line_endings": line_endings,
    "unicode_digits": unicode_digits,
    "unicode_spaces": unicode_spaces,
    "truncate": truncate,
    "wrap": wrap,
}
BYTE_MUTATIONS = ("flip_bytes", "truncate_bytes", "invalid_utf8")
# the expensive ones (inputs of up to megabytes) come up less often
RARE = frozenset({"huge_digits", "huge_line", "blank_lines", "many_labels"})


def _byte_mutation(name: str, rng: random.Random, data: bytes) -> bytes:
    if name == "truncate_bytes":
        return data[: rng.randrange(len(data) + 1)]
    changed = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        where = rng.randrange(len(changed) + 1)
        byte = rng.randrange(256) if name == "flip_bytes" else rng.choice((0x80, 0xC3, 0xFF, 0xE2))
        changed[where:where] = bytes([byte])
        if name == "flip_bytes" and where < len(changed) - 1:
            del changed[where + 1]
    return bytes(changed)


@dataclass(frozen=True)
class Mutant:
    """One input: its number, the page it was made from, the operations, its bytes."""

    index: int
    page: str
    operations: tuple[str, ...]
    data: bytes


def make_mutant(pages: Sequence[Page], seed: int, index: int) -> Mutant:
    """Make mutant `index` of the run with `seed` (the same bytes every time)."""
    rng = random.Random(f"{seed}/{index}")
    name, text = pages[rng.randrange(len(pages))]
    names = [*MUTATIONS, *BYTE_MUTATIONS]
    weights = [0.25 if name in RARE else 1.0 for name in names]
    operations = tuple(rng.choices(names, weights, k=rng.choice((1, 1, 2, 2, 3, 4))))
    for operation in operations:
        if operation in MUTATIONS:
            text = MUTATIONS[operation](rng, text, pages)
    data = text.encode("utf-8")
    for operation in operations:
        if operation in BYTE_MUTATIONS:
            data = _byte_mutation(operation, rng, data)
    return Mutant(index, name, operations, data)


def load_pages(records: Path | None, seeds: Path = SEEDS) -> list[Page]:
    """The texts of the real page copies in `records` (if there) and of the seeds, by name."""
    paths = sorted(seeds.glob("*.txt"))
    if records is not None and records.is_dir():
        paths = sorted(records.glob("*.txt")) + paths
    return [(path.name, path.read_text(encoding="utf-8")) for path in paths]


# -- running an input through the pipeline -------------------------------------------------


def pipeline(data: bytes, name: str, context: MappingContext) -> tuple[str, list[str]]:
    """Run one input through parse, JSON, mapping, N-Quads and TriG; its outcome and messages.

    The outcome is `read`, or `refused: STAGE` for a ParseError or KgError (a result the
    batch goes on from); the messages are the lines `kg parse` would print for it. Anything
    else raised is a crash, for the caller to catch.
    """
    try:
        record = parse_bytes(data, name)
    except ParseError as error:
        return "refused: parse", [str(error)]
    messages = [f"{name}:{warning.line}: warning: {warning.message}" for warning in record.warnings]
    try:
        json.dumps(record_to_json(record), ensure_ascii=False)
    except KgError as error:
        return "refused: json", [*messages, str(error)]
    source = SourceInfo(Path(name).stem, hashlib.sha256(data).hexdigest())
    try:
        quads = map_record(record, source, context)
    except KgError as error:
        return "refused: map", [*messages, str(error)]
    serialize(quads, format=RdfFormat.N_QUADS)
    serialize(quads, format=RdfFormat.TRIG)
    return "read", messages


@dataclass
class Result:
    """What one mutant did: its outcome (read, refused: STAGE, crash, timeout) and its time."""

    index: int
    page: str
    operations: tuple[str, ...]
    size: int
    outcome: str
    seconds: float  # CPU seconds
    longest_message: int = 0
    crash: str | None = None  # exception type and where it was raised
    saved: str | None = None  # the file of the input, for a crash

    @property
    def per_100kb(self) -> float:
        """Seconds per 100 KB (the input counted as at least FLOOR_BYTES)."""
        return self.seconds / max(self.size, FLOOR_BYTES) * 100_000


def check(
    data: bytes, name: str, context: MappingContext, timeout: float
) -> tuple[str, float, int, str | None, str | None]:
    """Run `data` once: (outcome, CPU seconds, longest message, crash signature, traceback).

    The time is this process's CPU time: what the input costs, not what other work on a
    busy machine took from it while it ran.
    """
    started = time.process_time()
    try:
        with time_limit(timeout):
            outcome, messages = pipeline(data, name, context)
    except TooLong:
        return "timeout", time.process_time() - started, 0, "timeout", traceback.format_exc()
    except Exception as exc:  # a crash: what the fuzzer looks for
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        where = f"{type(exc).__name__} at {Path(frame.filename).name}:{frame.lineno}"
        return "crash", time.process_time() - started, 0, where, traceback.format_exc()
    seconds = time.process_time() - started
    return outcome, seconds, max((len(m) for m in messages), default=0), None, None


def run_mutant(mutant: Mutant, context: MappingContext, timeout: float, crashes: Path) -> Result:
    """Run one mutant (again, up to twice, if it looks slow); save it if it crashed."""
    name = f"mutant-{mutant.index}.txt"
    outcome, seconds, longest, crash, trace = check(mutant.data, name, context, timeout)
    result = Result(
        mutant.index,
        mutant.page,
        mutant.operations,
        len(mutant.data),
        outcome,
        seconds,
        longest,
        crash,
    )
    for _ in range(RETRIES):
        if outcome in ("crash", "timeout") or result.per_100kb <= SLOW * RETRY_FROM:
            break
        gc.collect()  # the garbage of the inputs before is not this one's time
        result.seconds = min(result.seconds, check(mutant.data, name, context, timeout)[1])
    if trace is not None:
        result.saved = str(save_crash(mutant, result, trace, crashes))
    return result


def save_crash(mutant: Mutant, result: Result, trace: str, folder: Path) -> Path:
    """Write the crashing input and its traceback into `folder`; the input's path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"mutant-{mutant.index}.txt"
    path.write_bytes(mutant.data)
    details = {**asdict(result), "traceback": trace}
    path.with_suffix(".json").write_text(json.dumps(details, indent=1) + "\n", encoding="utf-8")
    return path


# -- the run -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """What to fuzz: how many mutants from which number, the seed, the pages, the limits."""

    mutants: int
    seed: int
    records: Path | None = RECORDS
    first: int = 0
    jobs: int = 1
    timeout: float = 60.0
    crashes: Path = CRASHES


_WORKER: dict[str, object] = {}


def _start_worker(plan: Plan) -> None:
    pages = load_pages(plan.records)
    context = MappingContext(Minter(DEFAULT_BASE), READ_AT, __version__)
    name, text = pages[0]
    pipeline(text.encode("utf-8"), name, context)  # what is loaded and cached on first use
    # The objects that live as long as the worker are kept out of the garbage collector's
    # full passes, which would otherwise fall, a few milliseconds each, on random inputs.
    gc.freeze()
    _WORKER.update(plan=plan, pages=pages, context=context)


def _run_chunk(indices: range) -> list[Result]:
    plan: Plan = _WORKER["plan"]  # type: ignore[assignment]
    pages: list[Page] = _WORKER["pages"]  # type: ignore[assignment]
    context: MappingContext = _WORKER["context"]  # type: ignore[assignment]
    return [
        run_mutant(make_mutant(pages, plan.seed, index), context, plan.timeout, plan.crashes)
        for index in indices
    ]


def fuzz(plan: Plan, progress: Callable[[int], None] | None = None) -> list[Result]:
    """Run the plan's mutants (in `plan.jobs` processes); one Result each, in order."""
    end = plan.first + plan.mutants
    chunks = [range(start, min(end, start + CHUNK)) for start in range(plan.first, end, CHUNK)]
    results: list[Result] = []
    if plan.jobs <= 1:
        _start_worker(plan)
        try:
            for chunk in map(_run_chunk, chunks):
                results += chunk
                if progress:
                    progress(len(results))
        finally:
            gc.unfreeze()  # this process is the caller's
        return results
    with Pool(plan.jobs, initializer=_start_worker, initargs=(plan,)) as pool:
        for chunk in pool.imap_unordered(_run_chunk, chunks):
            results += chunk
            if progress:
                progress(len(results))
    return sorted(results, key=lambda result: result.index)


@dataclass(frozen=True)
class CrashGroup:
    """The crashes raised at one place: how many, and the first of them."""

    where: str
    count: int
    first: Result


@dataclass
class Summary:
    """The figures of a run, as the report and `--json` give them."""

    mutants: int
    pages: int
    outcomes: dict[str, int]
    crashes: list[CrashGroup]
    slowest: list[Result]
    slow_inputs: int
    longest_message: int
    long_messages: int
    operations: dict[str, int]
    bytes: int
    pipeline_seconds: float
    wall_seconds: float

    @property
    def crash_count(self) -> int:
        """Crashes and timeouts."""
        return self.outcomes.get("crash", 0) + self.outcomes.get("timeout", 0)

    @property
    def worst_per_100kb(self) -> float:
        """The seconds per 100 KB of the slowest input."""
        return self.slowest[0].per_100kb if self.slowest else 0.0

    def as_json(self) -> dict[str, object]:
        """The figures as a JSON object (what `--json` writes)."""
        return {
            **{name: value for name, value in asdict(self).items() if name != "slowest"},
            "crash_count": self.crash_count,
            "worst_s_per_100kb": self.worst_per_100kb,
            "slowest": [{**asdict(slow), "s_per_100kb": slow.per_100kb} for slow in self.slowest],
            "mutants_per_s": self.mutants / self.wall_seconds if self.wall_seconds else None,
        }


def summarise(results: Sequence[Result], pages: int, wall: float, top: int = 10) -> Summary:
    """Count the outcomes, group the crashes by where they happened, rank the slowest."""
    by_place: dict[str, list[Result]] = {}
    for result in results:
        if result.crash:
            by_place.setdefault(result.crash, []).append(result)
    crashes = [
        CrashGroup(where, len(found), found[0])
        for where, found in sorted(by_place.items(), key=lambda item: -len(item[1]))
    ]
    operations = Counter(operation for result in results for operation in result.operations)
    return Summary(
        mutants=len(results),
        pages=pages,
        outcomes=dict(sorted(Counter(result.outcome for result in results).items())),
        crashes=crashes,
        slowest=sorted(results, key=lambda result: -result.per_100kb)[:top],
        slow_inputs=sum(1 for result in results if result.per_100kb > SLOW),
        longest_message=max((result.longest_message for result in results), default=0),
        long_messages=sum(1 for result in results if result.longest_message > MESSAGE_LIMIT),
        operations=dict(sorted(operations.items())),
        bytes=sum(result.size for result in results),
        pipeline_seconds=sum(result.seconds for result in results),
        wall_seconds=wall,
    )


def report(summary: Summary, plan: Plan) -> str:
    """Return the figures as lines of text."""
    last = plan.first + plan.mutants - 1
    lines = [
        f"{summary.mutants:,} mutants (numbers {plan.first:,}..{last:,}, seed {plan.seed}) of "
        f"{summary.pages} pages, {plan.jobs} job(s), {summary.wall_seconds:.1f} s",
        "outcomes: " + ", ".join(f"{name} {count:,}" for name, count in summary.outcomes.items()),
        f"crashes (and timeouts): {summary.crash_count:,}"
        + (f", saved in {plan.crashes}" if summary.crash_count else ""),
    ]
    for crash in summary.crashes:
        first = crash.first
        lines.append(
            f"  {crash.count:,} x {crash.where}: e.g. {first.saved} "
            f"({first.page}, {'+'.join(first.operations)})"
        )
    lines.append(
        f"slowest: {summary.worst_per_100kb:.3f} s per 100 KB; "
        f"{summary.slow_inputs} input(s) over {SLOW:g} s per 100 KB"
    )
    for slow in summary.slowest[:5]:
        lines.append(
            f"  mutant {slow.index}: {slow.per_100kb:.3f} s per 100 KB, {slow.seconds:.3f} s "
            f"for {slow.size:,} bytes ({slow.page}, {'+'.join(slow.operations)}, {slow.outcome})"
        )
    lines.append(
        f"longest message line: {summary.longest_message:,} characters "
        f"({summary.long_messages} over {MESSAGE_LIMIT})"
    )
    mib = summary.bytes / 2**20
    wall = summary.wall_seconds or 1e-9
    per_process = summary.bytes / 1000 / (summary.pipeline_seconds or 1e-9)
    lines.append(
        f"throughput: {summary.mutants / wall:,.0f} mutants/s, {mib / wall:,.2f} MiB/s "
        f"({mib:,.1f} MiB in all; {per_process:,.0f} KB/s in each process)"
    )
    return "\n".join(lines)


def replay(paths: Sequence[Path]) -> int:
    """Run saved inputs through the pipeline and print what each did; 1 if any crashed."""
    context = MappingContext(Minter(DEFAULT_BASE), READ_AT, __version__)
    crashed = False
    for path in paths:
        outcome, seconds, longest, _, trace = check(path.read_bytes(), path.name, context, 600)
        print(f"{path}: {outcome} in {seconds:.3f} s (longest message {longest} characters)")
        if trace:
            crashed = True
            print(trace)
    return 1 if crashed else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Fuzz as the command line says; print the report, write the JSON asked for."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mutants", type=int, default=1000, help="how many (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="the seed of the mutants")
    parser.add_argument("--records", type=Path, default=RECORDS, help="the real page copies")
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    parser.add_argument("--jobs", type=int, default=1, help="processes (default 1)")
    parser.add_argument("--first", type=int, default=0, help="the number of the first mutant")
    parser.add_argument("--crashes", type=Path, default=CRASHES, help="where crashes are saved")
    parser.add_argument(
        "--timeout", type=float, default=60.0, help="seconds before an input is a crash"
    )
    parser.add_argument("--replay", type=Path, nargs="+", help="run these saved inputs instead")
    args = parser.parse_args(argv)
    if args.replay:
        return replay(args.replay)
    if args.mutants < 1 or args.jobs < 1:
        parser.error("--mutants and --jobs must be at least 1")
    plan = Plan(
        args.mutants, args.seed, args.records, args.first, args.jobs, args.timeout, args.crashes
    )
    pages = load_pages(plan.records)
    if not (plan.records and plan.records.is_dir()):
        print(f"no page copies in {plan.records}: the seeds alone", file=sys.stderr)
    started = time.perf_counter()
    step = max(1, plan.mutants // 20)

    def progress(done: int) -> None:
        if done % step < CHUNK or done == plan.mutants:
            print(
                f"  {done:,} of {plan.mutants:,} ({time.perf_counter() - started:.0f} s)",
                file=sys.stderr,
            )

    results = fuzz(plan, progress)
    summary = summarise(results, len(pages), time.perf_counter() - started)
    print(report(summary, plan))
    if args.json:
        document = {
            "command": "python -m benchmarks.fuzz "
            + " ".join(argv if argv is not None else sys.argv[1:]),
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "seed": plan.seed,
            "first": plan.first,
            "jobs": plan.jobs,
            "slow_limit_s_per_100kb": SLOW,
            "floor_bytes": FLOOR_BYTES,
            **summary.as_json(),
        }
        args.json.write_text(
            json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return 1 if summary.crash_count else 0


if __name__ == "__main__":
    raise SystemExit(main())
