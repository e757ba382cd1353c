"""Municipality numbers and code-list IRIs, taken from YTJ answers and Wikidata's P1203."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kg.linking.registries.municipalities import (
    DEFAULT_CODELIST,
    codelist_iri,
    link_municipalities,
    municipality_number,
)
from kg.linking.registries.report import Issue
from kg.linking.registries.wikidata import MUNICIPALITY_NUMBER, WikidataLookup, WikidataMatch
from kg.linking.registries.ytj import YtjCheck, YtjCompany

WHEN = datetime(2026, 1, 1, tzinfo=UTC)


def _company(business_id: str, *codes: str) -> YtjCompany:
    return YtjCompany(
        business_id=business_id,
        name="Testikunta",
        other_names=(),
        former_names=(),
        registration_date=None,
        company_forms=(),
        status=None,
        trade_register_status=None,
        end_date=None,
        municipality_codes=codes,
        website=None,
        last_modified=None,
        url=f"http://ytj.test/companies?businessId={business_id}",
        retrieved_at=WHEN,
    )


def _match(business_id: str, *numbers: str) -> WikidataMatch:
    return WikidataMatch(
        key=business_id,
        property="P12980",
        item="http://www.wikidata.org/entity/Q99900011",
        labels={},
        also={MUNICIPALITY_NUMBER: numbers},
        url="http://wdqs.test/sparql?query=...",
        retrieved_at=WHEN,
    )


@pytest.mark.parametrize(
    ("value", "number"), [("297", "297"), ("49", "049"), (49, "049"), (" 5 ", "005")]
)
def test_municipality_number(value: str | int, number: str) -> None:
    assert municipality_number(value) == number


@pytest.mark.parametrize("value", ["", "1000", "KU", "29 7", "-49"])
def test_not_a_municipality_number(value: str) -> None:
    with pytest.raises(ValueError, match="municipality number"):
        municipality_number(value)


def test_codelist_iri() -> None:
    assert DEFAULT_CODELIST == "kunta_1_20240101"
    assert codelist_iri("297") == "http://uri.suomi.fi/codelist/jhs/kunta_1_20240101/code/297"
    assert codelist_iri(49, "kunta_1_20230101") == (
        "http://uri.suomi.fi/codelist/jhs/kunta_1_20230101/code/049"
    )
    with pytest.raises(ValueError, match="code list"):
        codelist_iri("297", "kunta/../x")


def test_links_come_from_ytj_first_and_wikidata_second() -> None:
    ytj = YtjCheck(companies={"0171450-7": _company("0171450-7", "297")})
    wikidata = WikidataLookup(
        "P12980",
        matches={
            "0171450-7": [_match("0171450-7", "297")],
            "0101263-6": [_match("0101263-6", "49")],
        },
    )
    result = link_municipalities(ytj, wikidata)
    kuopio, espoo = result.links["0171450-7"], result.links["0101263-6"]
    assert (kuopio.number, kuopio.registry, kuopio.url) == (
        "297",
        "ytj",
        "http://ytj.test/companies?businessId=0171450-7",
    )
    assert kuopio.iri == "http://uri.suomi.fi/codelist/jhs/kunta_1_20240101/code/297"
    assert (espoo.number, espoo.registry, espoo.retrieved_at) == ("049", "wikidata", WHEN)
    assert result.report.disagreements == []
    assert result.report.found == ["0171450-7", "0101263-6"]


def test_disagreements_between_and_within_sources() -> None:
    ytj = YtjCheck(
        companies={
            "0171450-7": _company("0171450-7", "297"),
            "1068322-0": _company("1068322-0", "444", "445"),
            "0112038-9": _company("0112038-9"),
        }
    )
    wikidata = WikidataLookup(
        "P12980",
        matches={
            "0171450-7": [_match("0171450-7", "298")],
            "2077474-0": [_match("2077474-0", "091", "092")],
            "0114162-2": [_match("0114162-2", "not a number")],
        },
    )
    result = link_municipalities(ytj, wikidata, codelist="kunta_1_20230101")
    kinds = {(d.key, d.kind) for d in result.report.disagreements}
    assert kinds == {
        ("0171450-7", Issue.MUNICIPALITY_DIFFERS),
        ("1068322-0", Issue.AMBIGUOUS),
        ("0112038-9", Issue.NOT_FOUND),
        ("2077474-0", Issue.AMBIGUOUS),
        ("0114162-2", Issue.MALFORMED),
        ("0114162-2", Issue.NOT_FOUND),
    }
    assert result.links["0171450-7"].number == "297"  # YTJ's own address wins
    assert result.links["1068322-0"].number == "444"  # the visiting address
    assert result.links["2077474-0"].iri.endswith("kunta_1_20230101/code/091")
    assert "0112038-9" not in result.links
