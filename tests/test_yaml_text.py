"""YAML as kirjasto-kg reads it: PyYAML's safe loader, and a date that is no day is a YAML error."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import yaml

from kg.yaml_text import load_yaml


def test_dates_and_plain_values_read_as_the_safe_loader_reads_them() -> None:
    text = "a: 2016-03-15\nb: 2016-03-15T10:00:00\nc: [1, x]\nd: '2016-02-30'\n"
    assert load_yaml(text) == {
        "a": date(2016, 3, 15),
        "b": datetime(2016, 3, 15, 10),
        "c": [1, "x"],
        "d": "2016-02-30",  # quoted: a text
    }
    assert load_yaml("") is None


@pytest.mark.parametrize("scalar", ["2016-02-30", "2015-13-01", "2016-02-29T25:00:00"])
def test_a_date_that_is_no_day_is_a_yaml_error_at_its_line(scalar: str) -> None:
    with pytest.raises(yaml.YAMLError) as caught:
        load_yaml(f"title: x\nawards:\n  2016: {scalar}\n")
    assert f"{scalar!r} is no date" in str(getattr(caught.value, "problem", ""))
    mark = getattr(caught.value, "problem_mark", None)
    assert mark is not None and mark.line + 1 == 3


def test_objects_are_not_built_from_tags() -> None:
    with pytest.raises(yaml.YAMLError):
        load_yaml("!!python/object/apply:os.system ['true']\n")
