"""The one chart module: inline SVG, every text escaped, colours in turn."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from dunningkit._support._html import Html, escape
from dunningkit.analytics.report._charts import (
    BUCKET_COLORS,
    NOTHING_TO_SHOW,
    SERIES_COLORS,
    axis_end,
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


def _axis_labels(chart: str) -> list[str]:
    """The value-axis labels: right-aligned just left of the plot."""
    return re.findall(r'<text x="40" y="[\d.]+" text-anchor="end">([^<]*)</text>', chart)


@pytest.mark.parametrize(
    ("peak", "end"),
    [(1268.40, 1500.0), (1000.0, 1000.0), (7.0, 8.0), (0.42, 0.5), (91.0, 100.0), (23.0, 25.0)],
)
def test_an_axis_ends_on_a_round_number_at_or_above_the_peak(peak: float, end: float) -> None:
    assert axis_end(peak) == pytest.approx(end)
    assert axis_end(0.0) == 0.0


def test_the_axis_label_of_a_large_peak_fits_the_margin() -> None:
    # The back-test's daily cost: a peak of 1,268.40 used to be labelled past the margin.
    chart = lines("Daily cost (EUR)", ["d1", "d2", "d3"], [("p", [0.0, 1268.40, 12.0])], ["#000"])
    assert _axis_labels(chart) == ["1.5k", "0"]
    big = bars("Overdue", [("a", Decimal("2345678.90"))], "#000")
    assert _axis_labels(big) == ["2.5M", "0"]
    for label in [*_axis_labels(chart), *_axis_labels(big)]:
        assert len(label) * 6.5 <= 40  # the room left of the plot, at the font's width


def test_a_negative_low_gets_a_round_end_too() -> None:
    chart = lines("Change", ["a", "b"], [("p", [-130.0, 40.0])], ["#000"])
    assert _axis_labels(chart) == ["40", "-150"]


def _said(chart: str) -> str:
    """The words a chart says in place of a plot, its wrapped lines joined."""
    return " ".join(re.findall(r'text-anchor="middle" fill="#666">([^<]*)<', chart))


def test_nothing_to_plot_is_said_not_drawn_on_a_made_up_scale() -> None:
    zero = [
        lines("Cost", ["a", "b"], [("p", [0.0, 0.0])], SERIES_COLORS),
        line("DSO", [("a", None), ("b", None)], "#000"),
        bars("Overdue", [("a", Decimal(0)), ("b", Decimal(0))], "#000"),
        stacked_bars("Aging", [("seg", [Decimal(0), Decimal(0)])], ["a", "b"], BUCKET_COLORS),
    ]
    for chart in zero:
        assert _said(chart) == NOTHING_TO_SHOW
        assert "<polyline" not in chart
        assert "<rect" not in chart
        assert _axis_labels(chart) == []
    said = bars("Overdue", [], "#000", empty="Nothing was overdue.")
    assert _said(said) == "Nothing was overdue."


def test_a_long_message_wraps_inside_the_chart() -> None:
    message = "Too few invoices for a DSO trend: at most 3 in a 90-day window (from 10)."
    chart = line("DSO in days, CHF", [], "#000", empty=message)
    texts = re.findall(r'text-anchor="middle" fill="#666">([^<]*)<', chart)
    assert len(texts) > 1
    assert _said(chart) == message
    assert all(len(t) * 6.5 <= 330 for t in texts)
