"""Every exception class lives in kg.errors, says what it is in one line, and survives pickle.

A worker process hands its errors back pickled: the error that arrives must be the same class
with the same message, `where`, exit code and attributes of its own.
"""

import inspect
import pickle

import pytest

from kg import errors

CLASSES = sorted(
    (
        kind
        for _, kind in inspect.getmembers(errors, inspect.isclass)
        if issubclass(kind, errors.KgError) and kind.__module__ == errors.__name__
    ),
    key=lambda kind: kind.__name__,
)

# The classes whose constructor takes more than (message, where=...), with an example each.
EXAMPLES = {
    errors.ParseError: lambda: errors.ParseError("no title", source="a.txt", line=3),
    errors.HttpFailure: lambda: errors.HttpFailure(
        "the connection failed (Connection refused)",
        url="http://127.0.0.1:9/x",
        no_connection=True,
        offline=False,
    ),
    errors.LookupFailure: lambda: errors.LookupFailure(
        "ytj",
        "0171450-7",
        "http://x/companies",
        "answered 500",
        label="PRH/YTJ",
        offline=False,
        status=500,
        stopped="the deadline of 1 s passed",
        skipped=True,
    ),
}


def _example(kind: type[errors.KgError]) -> errors.KgError:
    if kind in EXAMPLES:
        return EXAMPLES[kind]()
    return kind("something went wrong", where="here")


def test_the_module_holds_every_error_class_of_the_package():
    names = {kind.__name__ for kind in CLASSES}
    assert {"KgError", "LookupFailure", "UnreadableValue", "PersonalDataInRelease"} <= names
    assert {"HttpFailure", "ParseError", "StoreBusy"} <= names
    from kg.linking.registries import http as registries_http
    from kg.records import values

    assert values.UnreadableValue is errors.UnreadableValue
    assert registries_http.LookupFailure is errors.LookupFailure


@pytest.mark.parametrize("kind", CLASSES, ids=lambda kind: kind.__name__)
def test_each_class_says_what_it_is_in_one_line(kind):
    doc = kind.__dict__.get("__doc__") or ""
    assert doc.strip() and "\n" not in doc.strip()


@pytest.mark.parametrize("kind", CLASSES, ids=lambda kind: kind.__name__)
def test_each_class_survives_pickle(kind):
    error = _example(kind)
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is kind
    assert str(copy) == str(error)
    assert copy.args == error.args
    assert (copy.message, copy.where) == (error.message, error.where)
    assert copy.exit_code == error.exit_code == kind.exit_code
    assert vars(copy) == vars(error)


def test_an_error_keeps_an_attribute_set_after_it_was_made():
    error = errors.StoreError("locked", where="/tmp/store")
    error.exit_code = 4
    copy = pickle.loads(pickle.dumps(error))
    assert copy.exit_code == 4 and str(copy) == "/tmp/store: locked"


def test_a_lookup_failure_names_its_registry_by_its_label():
    error = EXAMPLES[errors.LookupFailure]()
    assert str(error) == "PRH/YTJ, 0171450-7: answered 500 (http://x/companies)"
    assert str(error.for_key("0101263-6")).startswith("PRH/YTJ, 0101263-6: answered 500")
    unlabelled = errors.LookupFailure("ytj", "k", "http://x", "refused")
    assert str(unlabelled) == "ytj, k: refused (http://x)"
