"""The label table is consistent data: every label fills a field that exists, once."""

from __future__ import annotations

from collections import Counter

from kg.records.labels import (
    FIELDS,
    GUARDED_LABELS,
    HEADINGS,
    LABELS,
    Kind,
    programme_of_kind,
    render_header,
)
from kg.records.model import Record


def _resolved(path: str) -> list[str]:
    return (
        [path.replace("@", block) for block in ("application", "realized")]
        if "@" in path
        else [path]
    )


def test_every_label_fills_a_known_field() -> None:
    for label in LABELS:
        for path in _resolved(label.field):
            assert path in FIELDS, label


def test_no_label_text_is_listed_twice() -> None:
    texts = Counter(item.text for item in [*LABELS, *HEADINGS])
    assert [text for text, count in texts.items() if count > 1] == []


def test_every_field_has_a_finnish_label() -> None:
    finnish = {path for label in LABELS if label.lang == "fi" for path in _resolved(label.field)}
    swedish_only = {"sections.additional_info"}  # seen only on a Swedish page so far
    assert set(FIELDS) - finnish == swedish_only


def test_fields_point_into_the_record_model() -> None:
    groups = {"library", "contact", "sections", "application", "realized", "statistics"}
    top_level = set(Record.__dataclass_fields__)
    for path in FIELDS:
        group, _, name = path.partition(".")
        assert (group in groups and name) or (path in top_level), path


def test_counts_say_their_unit() -> None:
    assert {spec.path: spec.unit for spec in FIELDS.values() if spec.kind is Kind.COUNT} == {
        "statistics.trainings": "kpl/st.",
        "statistics.training_participants": "henkilö/person",
        "statistics.events": "kpl/st.",
        "statistics.event_participants": "henkilö/person",
    }


def test_labels_without_a_colon_are_guarded() -> None:
    assert sorted(GUARDED_LABELS) == ["Kohdealue", "Maakunta"]


def test_programme_is_the_kind_without_its_suffix() -> None:
    assert programme_of_kind("AVI-hanke") == "AVI"
    assert programme_of_kind("RFV-ansökan") == "RFV"
    assert programme_of_kind("Hyvä käytänne") == "Hyvä käytänne"
    assert programme_of_kind("-hanke") == "-hanke"


def test_header_is_written_as_the_page_writes_it() -> None:
    assert (
        render_header("fi", 2016, "AVI", True)
        == "Vuoden 2016 AVI-hanke (Hanke on saanut rahoitusta)"
    )
    assert render_header("sv", 2017, "RFV", False) == "År 2017 RFV-ansökan (Ej finansiering)"
    assert render_header("sv", 2017, "Hyvä käytänne", True) == (
        "År 2017 Hyvä käytänne (Projekt fått finansiering)"
    )
    assert render_header("fi", 2016, "AVI", None) is None
