"""YAML as kirjasto-kg reads it: the safe loader, and a date that is no day is a YAML error.

    load_yaml(text) -> the value of the one YAML document in `text`

PyYAML's safe loader reads a scalar shaped like a date (`2016-03-15`) as a date; one that is
no day (`2016-02-30`) raised a bare ValueError, a traceback for a typing slip. Here it is a
`yaml.constructor.ConstructorError` with the scalar's line, as every other YAML error is.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import ConstructorError


class _Loader(yaml.SafeLoader):
    """The safe loader, whose dates that are no day are errors with their line."""


def _timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        raise ConstructorError(
            None, None, f"{node.value!r} is no date ({exc})", node.start_mark
        ) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def load_yaml(text: str) -> Any:
    """Return the value of the YAML document `text` (None for an empty one).

    yaml.YAMLError, with `problem` and `problem_mark` where PyYAML knows them, for text that
    is not YAML or holds a date that is no day.
    """
    return yaml.load(text, Loader=_Loader)  # a safe loader, not yaml.Loader
