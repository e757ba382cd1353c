"""The look-up report: what counts as a registry failing altogether, and the exit code."""

from __future__ import annotations

from datetime import UTC, datetime

from kg.errors import LookupFailure
from kg.linking.registries.http import lookup_failure
from kg.linking.registries.report import (
    Candidate,
    Disagreement,
    Issue,
    LibraryRef,
    LookupReport,
    exit_code,
)


def _failure(
    key: str,
    *,
    offline: bool = False,
    reason: str = "answered 500",
    stopped: str | None = None,
    skipped: bool = False,
) -> LookupFailure:
    return lookup_failure(
        "isil",
        key,
        f"http://isil.test/api/query?isil={key}",
        reason,
        offline=offline,
        stopped=stopped,
        skipped=skipped,
    )


def test_nothing_looked_up_is_no_failure() -> None:
    assert not LookupReport("isil").failed_altogether
    assert exit_code([]) == 0


def test_one_answer_is_enough_to_not_have_failed_altogether() -> None:
    report = LookupReport("isil", looked_up=["FI-Km", "FI-Em"], answered=["FI-Km"])
    report.failures.append(_failure("FI-Em"))
    assert not report.failed_altogether and exit_code([report]) == 0


def test_every_look_up_failed() -> None:
    report = LookupReport("isil", looked_up=["FI-Km"], failures=[_failure("FI-Km")])
    other = LookupReport("ytj", looked_up=["0171450-7"], answered=["0171450-7"])
    assert report.failed_altogether
    assert exit_code([other, report]) == 3
    assert report.summary().startswith("ISIL registry: FAILED altogether, 1 looked up")


def test_warnings_name_registry_key_and_url() -> None:
    report = LookupReport("isil", looked_up=["FI-Km", "FI-Em"], answered=["FI-Em"])
    report.failures.append(_failure("FI-Km"))
    disagreement = report.disagree(
        "FI-Em", Issue.INACTIVE, "the ISIL is inactive", "http://isil.test/x"
    )
    assert isinstance(disagreement, Disagreement)
    assert report.warnings() == [
        "ISIL registry, FI-Km: answered 500 (http://isil.test/api/query?isil=FI-Km)",
        "ISIL registry, FI-Em: the ISIL is inactive (http://isil.test/x)",
    ]
    assert str(Issue.INACTIVE) == "inactive"


def test_offline_misses_are_one_line_the_list_on_request() -> None:
    keys = [f"FI-K{number}" for number in range(13)]
    report = LookupReport("isil", looked_up=keys)
    for key in keys:
        report.fail(_failure(key, offline=True, reason="offline, and not in the cache"))
    assert [f.key for f in report.offline_misses] == keys
    assert report.warnings() == ["ISIL registry: 13 look-ups not in the cache (offline)"]
    verbose = report.warnings(verbose=True)
    assert verbose[0] == (
        "ISIL registry, FI-K0: offline, and not in the cache (http://isil.test/api/query?isil=FI-K0)"
    )
    assert verbose[1:] == [str(f) for f in report.failures[1:]] + [report.warnings()[0]]


def test_the_look_ups_skipped_are_counted_in_one_line() -> None:
    refused = "the connection failed (Connection refused) at http://isil.test"
    report = LookupReport("isil", looked_up=["FI-A", "FI-B", "FI-C", "FI-D"], answered=["FI-A"])
    report.fail(
        _failure("FI-B", reason="the connection failed (Connection refused)", stopped=refused)
    )
    for key in ("FI-C", "FI-D"):
        report.fail(_failure(key, reason=f"not asked: {refused}", stopped=refused, skipped=True))
    assert report.warnings() == [f"ISIL registry: {refused}; 2 look-ups skipped"]
    assert len(report.warnings(verbose=True)) == 4
    late = LookupReport("isil", looked_up=["FI-A"])
    late.fail(_failure("FI-A", stopped="the deadline of 1 s passed", skipped=True))
    assert late.warnings() == ["ISIL registry: the deadline of 1 s passed; 1 look-up skipped"]


def test_library_refs_and_candidates_are_plain_values() -> None:
    ref = LibraryRef("Kalajoen kaupunginkirjasto", "Kalajoki")
    assert str(ref) == "Kalajoen kaupunginkirjasto (Kalajoki)"
    assert str(LibraryRef("Kirjasto")) == "Kirjasto"
    assert {ref: 1}[LibraryRef("Kalajoen kaupunginkirjasto", "Kalajoki")] == 1
    when = datetime(2026, 1, 1, tzinfo=UTC)
    candidate = Candidate("isil", str(ref), "name", 0.5, {"isil": "FI-Zkala"}, "http://x", when)
    assert candidate.record == {"isil": "FI-Zkala"}


def test_a_recorded_failure_keeps_no_traceback() -> None:
    report = LookupReport("ytj")
    try:
        try:
            raise OSError("refused")
        except OSError as cause:
            raise LookupFailure("ytj", "0171450-7", "http://x/companies", "refused") from cause
    except LookupFailure as failure:
        report.fail(failure)
    [failure] = report.failures
    assert failure.__traceback__ is None and failure.__cause__ is not None
    assert failure.__cause__.__traceback__ is None


def test_merging_reports_of_one_registry() -> None:
    first, second = LookupReport("wikidata"), LookupReport("wikidata")
    first.looked_up.append("FI-Km")
    first.answered.append("FI-Km")
    second.looked_up.append("0171450-7")
    second.fail(LookupFailure("wikidata", "0171450-7", "http://x/sparql", "answered 500"))
    first.merge(second)
    assert first.looked_up == ["FI-Km", "0171450-7"]
    assert [failure.key for failure in first.failures] == ["0171450-7"]
    assert not first.failed_altogether
