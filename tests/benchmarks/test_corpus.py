"""The synthetic corpus of benchmarks/corpus.py: deterministic, parseable, like the real pages."""

from __future__ import annotations

import re
import shutil
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

import pytest

from benchmarks.corpus import (
    MALFORMED_KINDS,
    CorpusSummary,
    Page,
    Profile,
    default_profile,
    generate,
    generate_pages,
    library_pool,
    main,
    write_corpus,
)
from kg.errors import ParseError
from kg.iris import Minter
from kg.records import Record, parse_bytes, parse_file
from kg.records.values import is_valid_business_id
from tests.conftest import SEEDS

SAMPLE = 1000
ISIL = re.compile(r"^FI-[A-Za-z0-9:/-]{1,11}$")


@pytest.fixture(scope="module")
def profile() -> Profile:
    return default_profile()


@pytest.fixture(scope="module")
def parsed(profile: Profile) -> list[tuple[Page, Record | ParseError]]:
    """A sample of generated pages, each with its parse (or the parser's refusal)."""
    out: list[tuple[Page, Record | ParseError]] = []
    for page in generate_pages(SAMPLE, seed=11, profile=profile):
        try:
            out.append((page, parse_bytes(page.text.encode("utf-8"), page.name)))
        except ParseError as error:
            out.append((page, error))
    return out


def records(parsed: list[tuple[Page, Record | ParseError]]) -> list[tuple[Page, Record]]:
    return [(page, result) for page, result in parsed if isinstance(result, Record)]


# -- determinism ----------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_texts_and_another_seed_other_texts() -> None:
    first = list(generate(150, seed=3))
    assert first == list(generate(150, seed=3))
    other = list(generate(150, seed=4))
    assert [text for _, text in other] != [text for _, text in first]
    assert len({text for _, text in first} & {text for _, text in other}) <= 2  # empty pages
    assert list(generate(40, seed=3)) == first[:40]


def test_file_names_are_numbered_slugs_unique_and_in_order() -> None:
    names = [name for name, _ in generate(300, seed=1)]
    assert len(set(names)) == len(names) == 300
    assert names == sorted(names)
    assert names[0].startswith("000001_") and names[-1].startswith("000300_")
    assert all(re.fullmatch(r"\d{6}_[a-z0-9-]+\.txt", name) for name in names)


def test_the_profile_is_measured_the_same_every_time(profile: Profile) -> None:
    assert Profile.from_records() == profile


# -- parsing --------------------------------------------------------------------------------


def test_well_formed_pages_parse_and_malformed_ones_are_refused(parsed: list) -> None:
    malformed = [page for page, _ in parsed if page.malformed]
    assert 3 <= len(malformed) <= 25  # MALFORMED_SHARE = 1 %
    for page, result in parsed:
        if page.malformed:
            assert isinstance(result, ParseError), (page.name, page.malformed)
        else:
            assert isinstance(result, Record), (page.name, result)
            assert not result.extra, page.name  # no label the parser does not know


def test_every_kind_of_malformed_page_is_a_parse_error() -> None:
    pages = list(generate_pages(140, seed=2, malformed_share=1.0))
    assert {page.malformed for page in pages} == set(MALFORMED_KINDS)
    for page in pages:
        with pytest.raises(ParseError):
            parse_bytes(page.text.encode("utf-8"), page.name)


def test_the_parse_gives_back_what_was_generated(parsed: list) -> None:
    for page, record in records(parsed):
        assert record.title == page.title
        assert record.year == page.year
        assert record.label_language == page.label_language
        assert record.truncated == page.truncated
        assert record.library.name == page.library.name
        if record.library.isil:
            assert record.library.isil == page.library.isil
        if record.library.business_id:
            assert record.library.business_id == page.library.business_id


# -- statistics -----------------------------------------------------------------------------


def test_label_languages_and_truncation_follow_the_profile(parsed: list, profile: Profile) -> None:
    sample = [record for _, record in records(parsed)]
    swedish = sum(record.label_language == "sv" for record in sample) / len(sample)
    assert swedish == pytest.approx(profile.label_language_shares.get("sv", 0), abs=0.04)
    truncated = sum(record.truncated for record in sample) / len(sample)
    assert truncated == pytest.approx(profile.truncated_share, abs=0.03)
    years = {record.year for record in sample}
    assert years <= set(profile.year_shares)
    assert {record.programme for record in sample} <= set(profile.programme_shares)


def test_fields_and_sections_are_present_as_often_as_on_real_pages(
    parsed: list, profile: Profile
) -> None:
    sample = [record for _, record in records(parsed)]
    counts: Counter[str] = Counter()
    for record in sample:
        counts.update(f"sections.{name}" for name in record.sections)
        counts["image_credit"] += record.image_credit is not None
        counts["library.isil"] += record.library.isil is not None
        counts["library.phone"] += record.library.phone is not None
    for path, share in profile.field_shares.items():
        if path.startswith("sections.") or path in counts:
            assert counts[path] / len(sample) == pytest.approx(share, abs=0.05), path


def test_money_blocks_add_up_or_not_in_the_real_proportions(profile: Profile) -> None:
    complete = replace(profile, truncated_share=0.0)
    pages = generate_pages(300, seed=5, profile=complete, malformed_share=0.0)
    application = realised = off = zero = 0
    for page in pages:
        record = parse_bytes(page.text.encode("utf-8"), page.name)
        assert not record.truncated
        a, r = record.application, record.realized
        if a.requested is not None and a.total_budget is not None:
            application += 1
            off += a.requested + (a.own_funding or 0) != a.total_budget
        if r.total_budget is not None:
            realised += 1
            zero += r.total_budget == 0 and r.own_funding in (0, None)
    money = profile.money
    assert off / application == pytest.approx(money.application_inconsistent_share, abs=0.1)
    expected_zero = money.realized_zero_share / (1 - money.realized_empty_share)
    assert zero / realised == pytest.approx(expected_zero, abs=0.1)


# -- libraries and projects -----------------------------------------------------------------


def test_the_pool_has_a_few_hundred_libraries_with_valid_unique_identifiers() -> None:
    pool = library_pool(seed=11)
    assert 200 <= len(pool) <= 600
    isils = [library.isil.upper() for library in pool if library.isil]
    assert len(set(isils)) == len(isils)
    assert all(ISIL.match(library.isil) for library in pool if library.isil)
    assert all(is_valid_business_id(library.business_id) for library in pool)
    per_body = Counter(library.business_id for library in pool)
    assert max(per_body.values()) > 1  # a municipality can have more than one library
    assert len({library.municipality for library in pool}) == len(per_body)
    assert len({library.name for library in pool}) == len(pool)


def test_a_library_reads_the_same_on_every_page(parsed: list) -> None:
    by_isil: defaultdict[str, set[tuple]] = defaultdict(set)
    domains: defaultdict[str, set[str]] = defaultdict(set)
    for _, record in records(parsed):
        library = record.library
        if library.isil:
            assert ISIL.match(library.isil), library.isil
            facts = (library.name, library.business_id, library.street_address, library.phone)
            by_isil[library.isil.upper()].add((*facts, library.postal_code, library.email))
        if library.business_id:
            assert is_valid_business_id(library.business_id), library.business_id
            for email in (library.email, record.contact.email):
                if email:
                    domains[library.business_id].add(email.rsplit("@", 1)[1])
    assert len(by_isil) > 100
    assert all(len(facts) == 1 for facts in by_isil.values())
    assert all(len(found) == 1 for found in domains.values())  # one municipality each


def test_every_well_formed_page_is_a_project_of_its_own(parsed: list) -> None:
    minter = Minter()
    keys = [
        minter.project(
            record.year,
            record.title,
            minter.library(record.library.isil, record.library.business_id, record.library.name),
        ).value
        for _, record in records(parsed)
    ]
    assert len(set(keys)) == len(keys)
    assert keys == [page.project_key for page, _ in records(parsed)]


# -- writing --------------------------------------------------------------------------------


def test_write_corpus_writes_the_pages_and_sums_them_up(tmp_path: Path) -> None:
    summary = write_corpus(tmp_path / "corpus", 120, seed=9)
    assert isinstance(summary, CorpusSummary)
    files = sorted((tmp_path / "corpus").glob("*.txt"))
    assert [path.name for path in files] == [name for name, _ in generate(120, seed=9)]
    assert summary.records == 120
    refused = 0
    for path in files:
        try:
            parse_file(path)
        except ParseError:
            refused += 1
    assert refused == summary.malformed
    assert sum(summary.label_languages.values()) == 120 - summary.malformed
    assert 0 < summary.libraries <= 120


def test_the_command_line_writes_a_corpus_and_prints_its_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    main(["--records", "25", "--seed", "2", "--out", str(out)])
    assert len(list(out.glob("*.txt"))) == 25
    printed = capsys.readouterr().out
    assert re.search(r"^records\s+25$", printed, re.MULTILINE)
    assert re.search(r"^libraries\s+\d+$", printed, re.MULTILINE)
    with pytest.raises(SystemExit):  # no second corpus on top of the first
        main(["--records", "5", "--out", str(out)])


def test_a_profile_of_the_complete_seeds_alone_makes_complete_pages(tmp_path: Path) -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        shutil.copy(path, tmp_path / path.name)
    profile = Profile.from_records(tmp_path)
    assert profile.pages == 5
    assert profile.truncated_share == 0
    for page in generate_pages(30, seed=1, profile=profile, malformed_share=0.0):
        record = parse_bytes(page.text.encode("utf-8"), page.name)
        assert not record.truncated
        assert record.granted is not None or record.funded is False
    with pytest.raises(ValueError, match="no readable record"):
        Profile.from_records(tmp_path / "missing")
