"""The site's charts: accessible, proportional, deterministic SVG and their tables."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.site.chart_svg import PALETTE, nice_ticks
from kg.site.charts import ChartWords, grouped_bars, network

SVG = "{http://www.w3.org/2000/svg}"
YEARS = [str(year) for year in range(2015, 2020)]
ROOT = Path(__file__).parents[2]


def euros(value: Decimal) -> str:
    """Finnish style, as the site writes money: 12 345 €."""
    return f"{value:,.0f}".replace(",", "\u00a0") + "\u00a0€"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def group(root: ET.Element, name: str) -> ET.Element:
    found = root.find(f".//{SVG}g[@class='{name}']")
    assert found is not None, name
    return found


def texts(element: ET.Element) -> list[str]:
    return ["".join(text.itertext()) for text in element.iter(f"{SVG}text")]


def bars(root: ET.Element) -> list[tuple[str, float, float]]:
    """(title, y, height) of each bar."""
    return [
        (
            rect.findtext(f"{SVG}title") or "",
            float(rect.get("y", "")),
            float(rect.get("height", "")),
        )
        for rect in group(root, "bars").iter(f"{SVG}rect")
    ]


def applied_granted() -> list[tuple[str, str, Decimal]]:
    values = {"Haettu": [120000, 80500, 0, 99999, 45000], "Myönnetty": [60000, 80500, 0, 12, 30000]}
    return [
        (year, series, Decimal(amounts[index]))
        for index, year in enumerate(YEARS)
        for series, amounts in values.items()
    ]


def test_bars_are_well_formed_accessible_svg():
    chart = grouped_bars(
        "Haettu ja myönnetty", "Vuosi", "Euroa", applied_granted(), number_format=euros
    )
    root = parse(chart.svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == desc.get("id")
    assert title.text == "Haettu ja myönnetty"
    assert desc.text == (
        "Euroa / Vuosi 2015–2019: Haettu 0\u00a0€ – 120\u00a0000\u00a0€; "
        "Myönnetty 0\u00a0€ – 80\u00a0500\u00a0€."
    )
    assert "Vuosi" in texts(root) and "Euroa" in texts(group(root, "y-axis"))
    assert texts(group(root, "x-labels")) == YEARS
    assert "<script" not in chart.svg


def test_bar_heights_are_proportional_to_values_on_one_baseline():
    chart = grouped_bars("t", "x", "y", applied_granted(), number_format=euros)
    drawn = bars(parse(chart.svg))
    assert len(drawn) == 10
    by_title = {title: (y, height) for title, y, height in drawn}
    heights = {}
    for year, series, value in applied_granted():
        y, height = by_title[f"{year}, {series}: {euros(value)}"]
        heights[value] = height
        assert round(y + height, 1) == round(drawn[0][1] + drawn[0][2], 1)  # one baseline
    top = tick_values(parse(chart.svg))[-1]
    for value, height in heights.items():
        assert height == pytest.approx(240 * float(value / top), abs=0.051)
    assert heights[Decimal(0)] == 0
    assert heights[Decimal(12)] < heights[Decimal(30000)] < heights[Decimal(60000)]


def tick_values(root: ET.Element) -> list[Decimal]:
    labels = [text for text in texts(group(root, "y-axis"))[:-1]]  # the last is the axis title
    return [Decimal(text.replace("\u00a0", "").replace("€", "")) for text in labels]


def test_ticks_start_at_zero_in_nice_steps_and_cover_the_largest():
    root = parse(grouped_bars("t", "x", "y", applied_granted(), number_format=euros).svg)
    ticks = tick_values(root)
    assert ticks[0] == 0
    steps = {later - earlier for earlier, later in pairwise(ticks)}
    assert len(steps) == 1
    (step,) = steps
    assert step.normalize().as_tuple().digits in ((1,), (2,), (5,))
    assert ticks[-2] < 120000 <= ticks[-1]
    # the tallest bar reaches the last tick's share of the plot
    tallest = max(height for _, _, height in bars(root))
    assert tallest == pytest.approx(240 * 120000 / float(ticks[-1]), abs=0.051)


@pytest.mark.parametrize(
    ("largest", "whole", "expected"),
    [
        (Decimal(12345), False, [0, 5000, 10000, 15000]),
        (Decimal(120000), False, [0, 50000, 100000, 150000]),
        (Decimal(100), False, [0, 20, 40, 60, 80, 100]),
        (Decimal("0.3"), False, ["0", "0.1", "0.2", "0.3"]),
        (Decimal(1), False, ["0", "0.2", "0.4", "0.6", "0.8", "1"]),
        (Decimal(1), True, [0, 1]),
        (Decimal(3), True, [0, 1, 2, 3]),
        (Decimal(0), True, [0, 1]),
    ],
)
def test_nice_ticks(largest, whole, expected):
    ticks = nice_ticks(largest, whole=whole)
    assert ticks == [Decimal(value) for value in expected]
    assert all("E" not in str(tick) for tick in ticks)  # plain numbers for number_format


def test_legend_names_each_series_and_patterns_tell_them_apart():
    programmes = [f"Ohjelma {index}" for index in range(8)]
    points = [
        (year, name, Decimal(1000 + 10 * i)) for year in YEARS for i, name in enumerate(programmes)
    ]
    root = parse(grouped_bars("t", "x", "y", points, number_format=euros).svg)
    legend = group(root, "legend")
    assert texts(legend) == programmes
    swatches = [(rect.get("fill"), rect.get("stroke")) for rect in legend.iter(f"{SVG}rect")]
    assert len(set(swatches)) == 8
    assert sum(fill.startswith("url(#") for fill, _ in swatches) == 7  # patterned, not colour alone
    pattern_ids = {pattern.get("id") for pattern in root.iter(f"{SVG}pattern")}
    assert {fill[5:-1] for fill, _ in swatches if fill.startswith("url(")} == pattern_ids
    # each bar is painted as its series' swatch
    for rect in group(root, "bars").iter(f"{SVG}rect"):
        series = int((rect.findtext(f"{SVG}title") or "").split("Ohjelma ")[1].split(":")[0])
        assert (rect.get("fill"), rect.get("stroke")) == swatches[series]


def contrast(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


def test_colours_have_three_to_one_contrast_against_white():
    assert len(set(PALETTE)) == 8
    assert min(contrast(colour) for colour in PALETTE) >= 3


def test_no_data_says_so_in_the_callers_words():
    chart = grouped_bars("Myönnetty", "Vuosi", "Euroa", [], number_format=euros)
    root = parse(chart.svg)
    (message,) = root.iter(f"{SVG}text")
    assert message.text == "No data" and message.get("lang") == "en"
    assert chart.rows == () and chart.columns == ("Vuosi",)
    finnish = ChartWords(lang="fi", no_data="Ei tietoja")
    root = parse(network("Kumppanit", "Kirjasto", [], words=finnish).svg)
    (message,) = root.iter(f"{SVG}text")
    assert message.text == "Ei tietoja" and message.get("lang") == "fi"
    assert root.findtext(f"{SVG}desc") == "Ei tietoja"


def test_one_point():
    chart = grouped_bars(
        "t", "Vuosi", "Euroa", [("2020", "Myönnetty", Decimal(12345))], number_format=euros
    )
    root = parse(chart.svg)
    ((title, _, height),) = bars(root)
    assert title == "2020, Myönnetty: 12\u00a0345\u00a0€"
    assert height == pytest.approx(240 * 12345 / 15000, abs=0.051)
    assert chart.rows == (("2020", Decimal(12345)),)
    assert root.findtext(f"{SVG}desc") == "Euroa / Vuosi 2020: Myönnetty 12\u00a0345\u00a0€."


def test_long_labels_are_cut_with_the_full_text_as_title():
    long_x = "Kirjastojen yleiset kehittämishankkeet ja erityisavustukset 2020"
    long_series = "Opetus- ja kulttuuriministeriön erityisavustus yleisille kirjastoille"
    chart = grouped_bars("t", "x", "y", [(long_x, long_series, Decimal(5))], number_format=euros)
    root = parse(chart.svg)
    for name in ("x-labels", "legend"):
        (cut,) = group(root, name).iter(f"{SVG}text")
        assert cut.text is not None and cut.text.endswith("…") and len(cut.text) <= 40
        holders = [g for g in group(root, name).iter(f"{SVG}g") if g.find(f"{SVG}text") is cut]
        assert holders[0].findtext(f"{SVG}title") in (long_x, long_series)
    assert chart.columns == ("x", long_series) and chart.rows == ((long_x, Decimal(5)),)


def test_thirty_years_of_eight_programmes():
    years = [str(year) for year in range(1990, 2024)]
    points = [
        (year, f"Ohjelma {i}", Decimal((int(year) * 37 + i * 911) % 97 * 1250))
        for year in years
        for i in range(8)
    ]
    chart = grouped_bars("t", "Vuosi", "Euroa", points, number_format=euros)
    root = parse(chart.svg)
    drawn = bars(root)
    assert len(drawn) == 34 * 8
    widths = {float(rect.get("width", "")) for rect in group(root, "bars").iter(f"{SVG}rect")}
    assert min(widths) >= 3  # bars stay visible: the chart grows wider instead
    xs = [float(rect.get("x", "")) for rect in group(root, "bars").iter(f"{SVG}rect")]
    assert xs == sorted(xs) and max(xs) < float(root.get("width", ""))
    shown = texts(group(root, "x-labels"))
    assert shown == years  # every year fits, no label dropped
    assert len(chart.rows) == 34 and len(chart.columns) == 9


def test_missing_values_are_empty_cells_and_no_bar():
    points = [("2019", "A", Decimal(3)), ("2020", "B", Decimal(4))]
    chart = grouped_bars("t", "Vuosi", "Määrä", points, number_format=str)
    assert chart.columns == ("Vuosi", "A", "B")
    assert chart.rows == (("2019", Decimal(3), None), ("2020", None, Decimal(4)))
    assert len(bars(parse(chart.svg))) == 2
    assert tick_values_plain(parse(chart.svg)) == [0, 1, 2, 3, 4]  # counts: whole ticks


def tick_values_plain(root: ET.Element) -> list[Decimal]:
    return [Decimal(text) for text in texts(group(root, "y-axis"))[:-1]]


@pytest.mark.parametrize(
    ("points", "message"),
    [
        ([("2020", "A", Decimal(-5))], "2020, A is -5"),
        ([("2020", "A", Decimal("NaN"))], "2020, A is NaN"),
        ([("2020", "A", 1.5)], "2020, A is 1.5, not a number"),
        ([("2020", "A", Decimal(1)), ("2020", "A", Decimal(2))], "'2020', 'A' comes twice"),
    ],
)
def test_bad_values_are_refused_by_name(points, message):
    with pytest.raises(ValueError, match=message):
        grouped_bars("t", "x", "y", points, number_format=euros)


SAME_INPUT = """
from decimal import Decimal
from kg.site.charts import grouped_bars, network
points = [(str(y), s, Decimal(y * k)) for y in range(2000, 2010) for k, s in ((1, "A"), (3, "B"))]
nodes = [(f"K {i}", f"o/{i}.html", "L" if i % 3 else "M", i % 7) for i in range(60)]
print(grouped_bars("t", "x", "y", points, number_format=str).svg)
print(network("n", "c", nodes).svg)
"""


def test_the_same_input_gives_the_same_bytes_in_any_process():
    runs = [
        subprocess.run(
            [sys.executable, "-c", SAME_INPUT],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed},
            cwd=ROOT,
        ).stdout
        for seed in ("1", "2")
    ]
    assert runs[0] == runs[1]
    here: list[str] = []
    exec(SAME_INPUT, {"print": here.append})
    assert runs[0] == "".join(svg + "\n" for svg in here)
    # no floating noise: every coordinate is rounded to a tenth
    geometry = " ".join(
        re.findall(
            r' (?:[xy][12]?|width|height|r|c[xy]|points|transform|viewBox)="([^"]+)"', runs[0]
        )
    )
    numbers = re.findall(r"-?[0-9.]+", geometry)
    assert len(numbers) > 500
    assert all(re.fullmatch(r"-?[0-9]+(\.[0-9])?", number) for number in numbers)


def test_two_charts_on_one_page_have_ids_of_their_own():
    first = parse(grouped_bars("a", "x", "y", applied_granted(), number_format=euros).svg)
    second = parse(grouped_bars("b", "x", "y", applied_granted(), number_format=euros).svg)
    ids = [{e.get("id") for e in root.iter() if e.get("id")} for root in (first, second)]
    assert ids[0] and ids[1] and not ids[0] & ids[1]


def test_csv_round_trips_to_the_rows():
    points = [
        *applied_granted(),
        ("2020", "Haettu", Decimal("1E+3")),
        ("2021", "Myönnetty", Decimal("0.50")),
    ]
    chart = grouped_bars("t", "Vuosi", "Euroa", points, number_format=euros)
    text = chart.csv()
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    read = list(csv.reader(io.StringIO(text, newline="")))
    assert read[0] == list(chart.columns) == ["Vuosi", "Haettu", "Myönnetty"]
    assert len(read) == len(chart.rows) + 1
    for cells, row in zip(read[1:], chart.rows, strict=True):
        assert cells[0] == row[0]
        for cell, value in zip(cells[1:], row[1:], strict=True):
            assert (cell == "") if value is None else (Decimal(cell) == value)
    assert read[6] == ["2020", "1000", ""] and read[7] == ["2021", "", "0.50"]
    nodes = [
        ('Kirjasto "Kaisa", Helsinki', None, "Kirjastot", 3),
        ("Yritys\nOy", None, "Yritykset", 1),
    ]
    chart = network("n", "c", nodes)
    read = list(csv.reader(io.StringIO(chart.csv(), newline="")))
    assert read == [
        ["Partner", "Kind", "Shared projects"],
        ['Kirjasto "Kaisa", Helsinki', "Kirjastot", "3"],
        ["Yritys\nOy", "Yritykset", "1"],
    ]


def partners(count: int) -> list[tuple[str, str | None, str, int]]:
    kinds = ("Kirjastot", "Yritykset", "Yhdistykset", "Koulut")
    return [
        (
            f"Kumppani {i:03}",
            f"../organisation/{i}.html" if i % 5 else None,
            kinds[i % 4],
            (i * 7) % 13,
        )
        for i in range(count)
    ]


def test_network_nodes_are_links_grouped_with_a_legend():
    nodes = partners(12)
    chart = network("Kumppanit", "Espoon kaupunginkirjasto", nodes)
    root = parse(chart.svg)
    assert root.get("role") == "graphics-document"  # links inside role=img would be hidden
    links = {a.get("href"): a for a in group(root, "nodes").iter(f"{SVG}a")}
    assert set(links) == {href for _, href, _, _ in nodes if href}
    for name, href, _, weight in nodes:
        if href:
            assert links[href].findtext(f"{SVG}title") == f"{name} ({weight})"
            assert texts(links[href]) == [f"{name} ({weight})"]
    assert len(list(group(root, "nodes"))) == 12
    assert texts(group(root, "legend")) == [
        "Kirjastot (3)",
        "Koulut (3)",
        "Yhdistykset (3)",
        "Yritykset (3)",
    ]
    assert root.findtext(f"{SVG}desc") == (
        "Espoon kaupunginkirjasto: Kirjastot 3; Koulut 3; Yhdistykset 3; Yritykset 3."
    )
    assert "Espoon kaupunginkirjasto" in texts(root)
    # the table: every node, heaviest first
    assert [row[2] for row in chart.rows] == sorted((w for *_, w in nodes), reverse=True)
    assert set(chart.rows) == {(name, kind, weight) for name, _, kind, weight in nodes}


def test_network_node_size_grows_with_weight():
    nodes = [(f"K{w}", None, "Kirjastot", w) for w in (1, 4, 9, 16)]
    root = parse(network("n", "c", nodes).svg)
    radii = {
        texts(node)[0].split(" (")[0]: float(circle.get("r", ""))
        for node in group(root, "nodes")
        for circle in node.iter(f"{SVG}circle")
    }
    assert radii["K1"] < radii["K4"] < radii["K9"] < radii["K16"]
    assert root.get("role") == "img"  # no links


def test_a_large_network_draws_the_heaviest_and_counts_the_rest():
    nodes = partners(200)
    words = ChartWords(shown="{shown} / {total}: taulukossa kaikki.")
    chart = network("Kumppanit", "Kirjasto", nodes, words=words, limit=40)
    root = parse(chart.svg)
    drawn = ["".join(node.itertext()) for node in group(root, "nodes")]
    assert len(drawn) == 40
    heaviest = sorted(nodes, key=lambda node: (-node[3], node[0]))[:40]
    drawn_names = {text.split(" (")[0] for text in texts(group(root, "nodes"))}
    assert drawn_names == {name for name, *_ in heaviest}
    assert root.findtext(f"{SVG}desc", "").endswith(" 40 / 200: taulukossa kaikki.")
    assert len(chart.rows) == 200
    assert "Kirjastot 50" in root.findtext(f"{SVG}desc", "")  # groups count every node


@pytest.mark.parametrize("weight", [-1, 1.5, True])
def test_network_refuses_a_weight_that_is_not_a_count(weight):
    with pytest.raises(ValueError, match=f"the weight of 'K' is {weight!r}"):
        network("n", "c", [("K", None, "G", weight)])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["2019", "2020", "2021", "<&>\"'", "\x00\ud800 x"]),
            st.text(max_size=50),
            st.decimals(min_value=0, max_value=10**9, places=2),
        ),
        max_size=24,
        unique_by=lambda point: (point[0], point[1]),
    )
)
def test_any_points_give_well_formed_svg_with_bars_monotone_in_value(points):
    chart = grouped_bars("t & <u>", "x", "y", points, number_format=str)
    root = parse(chart.svg)
    if not points:
        assert chart.rows == ()
        return
    heights = sorted(
        (value, float(rect.get("height", "")))
        for (_, _, value), rect in zip(
            points_in_draw_order(points), group(root, "bars").iter(f"{SVG}rect"), strict=True
        )
    )
    assert all(earlier[1] <= later[1] for earlier, later in pairwise(heights))


def points_in_draw_order(points):
    xs = list(dict.fromkeys(x for x, _, _ in points))
    series = list(dict.fromkeys(s for _, s, _ in points))
    return sorted(points, key=lambda point: (xs.index(point[0]), series.index(point[1])))
