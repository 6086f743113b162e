"""The one chart module: inline SVG, every text escaped, colours in turn."""

from __future__ import annotations

from decimal import Decimal

from dunningkit._support._html import Html, escape
from dunningkit.analytics.report._charts import (
    BUCKET_COLORS,
    SERIES_COLORS,
    bars,
    line,
    lines,
    stacked_bars,
)

HOSTILE = '<script>alert("x")</script>'


def test_every_chart_is_an_escaped_html_fragment() -> None:
    charts = [
        stacked_bars(HOSTILE, [(HOSTILE, [Decimal(1), Decimal(2)])], [HOSTILE, "b"], BUCKET_COLORS),
        bars(HOSTILE, [(HOSTILE, Decimal(3))], "#000"),
        line(HOSTILE, [(HOSTILE, Decimal(3)), ("b", None)], "#000"),
        lines(HOSTILE, [HOSTILE, "b"], [(HOSTILE, [1.0, 2.0]), ("b", [2.0, 1.0])], SERIES_COLORS),
    ]
    for chart in charts:
        assert isinstance(chart, Html)
        assert escape(chart) == chart  # a page takes it as it is
        assert chart.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
        assert "<script" not in chart
        assert "&lt;script&gt;" in chart


def test_a_line_skips_missing_values_and_marks_the_others() -> None:
    chart = line("DSO", [("a", Decimal(10)), ("b", None), ("c", Decimal(20))], "#123456")
    assert chart.count("<circle") == 2
    assert chart.count("<polyline") == 1
    assert "<rect" not in chart  # no legend for one series


def test_several_lines_get_a_legend_and_a_colour_each() -> None:
    series = [(f"p{n}", [float(n), float(n + 1)]) for n in range(len(SERIES_COLORS) + 1)]
    chart = lines("Cost", ["day 1", "day 2"], series, SERIES_COLORS)
    assert chart.count("<polyline") == len(series)
    assert "<circle" not in chart
    assert f'stroke="{SERIES_COLORS[0]}"' in chart
    assert chart.count(f'stroke="{SERIES_COLORS[0]}"') == 2  # colours come round again
    assert ">p0</text>" in chart


def test_a_line_with_one_value_has_no_polyline_and_empty_charts_draw() -> None:
    assert "<polyline" not in line("One", [("a", Decimal(1))], "#000")
    assert lines("None", [], [], SERIES_COLORS).endswith("</svg>")
    assert bars("None", [], "#000").endswith("</svg>")
