"""How well language guessers tell the language of every text of the real page copies.

    corpus_texts(folder)        -> every text the graph tags with a language, per page copy
    load_labels(path)           -> the labels a person wrote for those texts (the fixture)
    labelled_texts(folder, path) -> the texts with their labels, checked against each other
    evaluate(guess, texts)      -> Evaluation: right and wrong answers, per class, time per text
    main(argv)                  -> prints the evaluation of each guesser

Run `python -m tools.language_eval` from a checkout (`--records DIR`, `--labels FILE`). The
guessers are `kg.mapping.language.detect_language` and, when the package is installed,
py3langid restricted to Finnish, Swedish and English: once as it answers (always a language)
and once answering None below a confidence cut-off, as our guesser does for a text that tells
too little.

The texts are those `kg.mapping` tags with their language: the title, the library's name and
its legal body's name, every section, the decision text, and each partner name that
`kg.records.partners.split_partners` reads from the partner sections. The labels
(`tests/mapping/fixtures/languages.tsv`) were written by reading each text; a label is one of

    fi, sv, en      a text in that language: only that answer is right
    short:LANG      one word or a cut-off fragment in LANG: LANG or None is right
    name:LANG       a person's or organisation's name formed in LANG: LANG or None is right
    mixed:A+B       a text in two languages: either of them (if it is fi, sv or en) or None
    und             no language (a placeholder, a code): only None is right

None is the answer `kg.mapping.language` gives for too little evidence; the graph then tags the
text with the language of the record's own texts.
"""

from __future__ import annotations

import argparse
import csv
import importlib
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.mapping.language import LANGUAGES, detect_language
from kg.records import Record, parse_file
from kg.records.partners import split_partners

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT.parent / "shared" / "records"
LABELS = ROOT / "tests" / "mapping" / "fixtures" / "languages.tsv"

# The sections that list partners, whose names are tagged one by one (kg.mapping.entities).
PARTNER_SECTIONS = ("partners", "working_group")
# The confidence below which the py3langid variant answers None.
PY3LANGID_CUTOFF = 0.9
# The columns of the confusion table: the answers a guesser can give.
ANSWERS = (*LANGUAGES, None)
# The rows of the confusion table: the classes of labels.
CLASSES = ("fi", "sv", "en", "short", "name", "mixed", "und")

Guess = Callable[[str], str | None]


@dataclass(frozen=True)
class Text:
    """One text of one page copy: where it is, and what it says."""

    file: str
    field: str  # the record field, a section name, or "partners#2" for a partner's name
    text: str


@dataclass(frozen=True)
class Label:
    """The language a person read in one text, and the answers that are right for it."""

    file: str
    field: str
    label: str
    start: str  # the first words of the text, to tell that the label is for this text

    @property
    def kind(self) -> str:
        """The class of the label: a language, "short", "name", "mixed" or "und"."""
        return self.label.partition(":")[0]

    @property
    def accepted(self) -> frozenset[str | None]:
        """The answers counted right: see the module docstring."""
        kind, _, languages = self.label.partition(":")
        if kind in LANGUAGES and not languages:
            return frozenset({kind})
        if kind == "und" and not languages:
            return frozenset({None})
        if kind in ("short", "name", "mixed") and languages:
            told = [language for language in languages.split("+") if language in LANGUAGES]
            return frozenset({*told, None})
        raise ValueError(f"unknown language label {self.label!r} for {self.file} {self.field}")


@dataclass(frozen=True)
class Labelled:
    """A text with its label."""

    text: Text
    label: Label


@dataclass
class Evaluation:
    """What one guesser answered for every labelled text."""

    name: str
    seconds: float = 0.0  # the first pass over all texts
    best_seconds: float = 0.0  # the fastest of the passes
    right: int = 0
    wrong: list[tuple[Labelled, str | None]] = field(default_factory=list)
    confusion: Counter[tuple[str, str | None]] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        """How many texts were guessed."""
        return self.right + len(self.wrong)

    @property
    def accuracy(self) -> float:
        """The share of texts whose answer is right."""
        return self.right / self.total if self.total else 0.0

    def class_accuracy(self, kind: str) -> tuple[int, int]:
        """Right answers and texts among the texts of one class of label."""
        texts = sum(n for (row, _), n in self.confusion.items() if row == kind)
        wrong = sum(1 for labelled, _ in self.wrong if labelled.label.kind == kind)
        return texts - wrong, texts


def record_texts(record: Record, file: str) -> list[Text]:
    """Every non-empty text of `record` that the graph tags with its language, in page order."""
    fields: list[tuple[str, str | None]] = [
        ("title", record.title),
        ("library", record.library.name),
        ("legal_body", record.library.legal_body_name),
        *record.sections.items(),
        ("decision", record.decision_text),
    ]
    for section in PARTNER_SECTIONS:
        cut = record.truncated_in == f"sections.{section}"
        partners = split_partners(record.sections.get(section), cut_off=cut)
        fields += [(f"{section}#{n}", p.name) for n, p in enumerate(partners, start=1)]
    return [Text(file, name, text) for name, text in fields if text]


def corpus_texts(folder: Path) -> list[Text]:
    """Every text the graph tags with its language, of every page copy in `folder`."""
    texts: list[Text] = []
    for path in sorted(folder.glob("*.txt")):
        texts += record_texts(parse_file(path), path.name)
    return texts


def first_words(text: str, count: int = 8) -> str:
    """Return the first `count` words of `text` with single spaces: how the fixture names a text."""
    return " ".join(text.split()[:count])


def load_labels(path: Path) -> list[Label]:
    """Read the fixture: tab-separated file, field, label and first words; '#' starts a comment.

    Raises ValueError for a label that is not of a form the module docstring lists.
    """
    with path.open(encoding="utf-8", newline="") as stream:
        lines = [line for line in stream if line.strip() and not line.startswith("#")]
    rows = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    labels = [Label(row["file"], row["field"], row["label"], row["start"]) for row in rows]
    for label in labels:
        if not label.accepted:  # raises ValueError on a label of an unknown form
            raise ValueError(f"no answer is right for {label}")
    return labels


def labelled_texts(folder: Path, labels_path: Path) -> list[Labelled]:
    """Pair every text of the corpus with its label.

    Raises ValueError when a text has no label, a label no text, or a label's first words
    are not the text's: the fixture no longer describes the corpus as the parser reads it.
    """
    texts = {(t.file, t.field): t for t in corpus_texts(folder)}
    labels = {(label.file, label.field): label for label in load_labels(labels_path)}
    problems = [f"no label for {key}" for key in texts.keys() - labels.keys()]
    problems += [f"no text for the label of {key}" for key in labels.keys() - texts.keys()]
    problems += [
        f"{key}: the label is for {labels[key].start!r}, the text begins {first_words(t.text)!r}"
        for key, t in texts.items()
        if key in labels and first_words(t.text) != labels[key].start
    ]
    if problems:
        raise ValueError("; ".join(sorted(problems)))
    return [Labelled(text, labels[key]) for key, text in texts.items()]


def evaluate(name: str, guess: Guess, texts: Iterable[Labelled], passes: int = 1) -> Evaluation:
    """Guess the language of every text and count the answers against the labels.

    The texts are guessed `passes` times, to time a guesser whose caches are filled as well as
    one whose caches are empty; the answers of the first pass are counted.
    """
    evaluation = Evaluation(name)
    texts = list(texts)
    timings = []
    for _ in range(max(passes, 1)):
        start = time.perf_counter()
        answers_of_pass = [guess(labelled.text.text) for labelled in texts]
        timings.append(time.perf_counter() - start)
        if len(timings) == 1:
            answers = answers_of_pass
    evaluation.seconds, evaluation.best_seconds = timings[0], min(timings)
    for labelled, answer in zip(texts, answers, strict=True):
        evaluation.confusion[labelled.label.kind, answer] += 1
        if answer in labelled.label.accepted:
            evaluation.right += 1
        else:
            evaluation.wrong.append((labelled, answer))
    return evaluation


def py3langid_guessers() -> list[tuple[str, Guess]]:
    """Return the py3langid guessers, restricted to fi/sv/en; none when it is not installed."""
    try:
        langid = importlib.import_module("py3langid.langid")  # an optional package, untyped
    except ImportError:
        return []
    identifier = langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))

    def plain(text: str) -> str | None:
        language: str = identifier.classify(text)[0]
        return language

    def with_cutoff(text: str) -> str | None:
        language, confidence = identifier.classify(text)
        return str(language) if confidence >= PY3LANGID_CUTOFF else None

    return [
        ("py3langid (fi/sv/en)", plain),
        (f"py3langid (fi/sv/en, None below {PY3LANGID_CUTOFF})", with_cutoff),
    ]


def report(evaluation: Evaluation) -> str:
    """Return the evaluation as text: accuracy overall and per class, confusions, wrong texts."""
    per_text = 1e6 / max(evaluation.total, 1)
    lines = [
        f"== {evaluation.name}",
        f"accuracy {evaluation.right}/{evaluation.total} = {evaluation.accuracy:.4f}",
        f"  time per text: {evaluation.seconds * per_text:.0f} µs on the first pass,"
        f" {evaluation.best_seconds * per_text:.0f} µs on the fastest",
    ]
    for kind in CLASSES:
        right, total = evaluation.class_accuracy(kind)
        if total:
            lines.append(f"  {kind:6} {right}/{total} = {right / total:.4f}")
    lines.append("  label \\ answer " + "".join(f"{a!s:>6}" for a in ANSWERS))
    for kind in CLASSES:
        counts = [evaluation.confusion[kind, answer] for answer in ANSWERS]
        if any(counts):
            lines.append(f"  {kind:15}" + "".join(f"{n:6}" for n in counts))
    lines.append(f"  wrong: {len(evaluation.wrong)}")
    for labelled, answer in evaluation.wrong:
        text, label = labelled.text, labelled.label
        lines.append(
            f"    {text.file} {text.field}: {label.label} -> {answer}  {first_words(text.text)!r}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the evaluation of each guesser on the labelled texts of the page copies."""
    parser = argparse.ArgumentParser(prog="python -m tools.language_eval", description=__doc__)
    parser.add_argument("--records", type=Path, default=RECORDS, help="the page copies")
    parser.add_argument("--labels", type=Path, default=LABELS, help="the labels (TSV)")
    parser.add_argument("--passes", type=int, default=5, help="passes over the texts, timed")
    args = parser.parse_args(argv)
    if not args.records.is_dir():
        parser.error(f"no page copies in {args.records}")
    texts = labelled_texts(args.records, args.labels)
    print(f"{len(texts)} texts of {len({t.text.file for t in texts})} page copies")
    kinds = Counter(t.label.kind for t in texts)
    print("labels: " + ", ".join(f"{kind} {n}" for kind, n in kinds.items()))
    start = time.perf_counter()
    guessers: list[tuple[str, Guess]] = [
        ("kg.mapping.language", detect_language),
        *py3langid_guessers(),
    ]
    if len(guessers) == 1:
        print("py3langid is not installed: only kg.mapping.language is evaluated")
    else:
        print(f"py3langid model loaded in {time.perf_counter() - start:.2f} s")
    for name, guess in guessers:
        print(report(evaluate(name, guess, texts, passes=args.passes)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
