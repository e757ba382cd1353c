"""The optional table of page URLs."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import RequestError
from kg.records.urls import read_url_table


def _table(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "urls.tsv"
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_file_and_url_columns_whatever_else_there_is(tmp_path: Path) -> None:
    path = _table(
        tmp_path,
        'file\ttitle\turl\na.txt\t"Lainausmerkit" ja kaikki\thttps://example.org/hanke/a\n',
    )
    assert read_url_table(path) == {"a.txt": "https://example.org/hanke/a"}


def test_a_table_without_the_columns_is_refused(tmp_path: Path) -> None:
    path = _table(tmp_path, "name\taddress\na.txt\thttps://example.org/\n")
    with pytest.raises(RequestError) as caught:
        read_url_table(path)
    assert str(caught.value) == (
        f"{path}:1: expected a tab-separated table with the columns file and url, "
        "found the columns ['address', 'name']"
    )
    assert caught.value.exit_code == 2


def test_a_bad_url_names_its_line(tmp_path: Path) -> None:
    path = _table(tmp_path, "file\turl\na.txt\thttps://example.org/a\nb.txt\tnot a url\n")
    with pytest.raises(RequestError) as caught:
        read_url_table(path)
    assert str(caught.value).startswith(f"{path}:3: expected an http(s) URL")


def test_an_unreadable_table_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.tsv"
    path.write_bytes("file\turl\nä.txt\thttps://example.org/\n".encode("latin-1"))
    with pytest.raises(RequestError, match="cannot read the table of page URLs"):
        read_url_table(path)
