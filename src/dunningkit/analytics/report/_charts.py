"""The one chart module of every page: small inline SVG charts and their colours.

The collections report and the back-test page draw with it. Hand-written rather
than drawn by a plotting library: the pages need three kinds of chart (stacked
horizontal bars, vertical bars, lines), each a few dozen SVG elements. Writing them
costs less than a dependency of tens of megabytes, and the output stays text in the
page: sharp when printed, searchable, no image files.
Every text that reaches the SVG is escaped here, and each chart is an
:class:`~dunningkit._support._html.Html` fragment a page takes as it is.

A value axis ends on a round number at or above the largest value (:func:`axis_end`),
labelled short enough to fit the margin (``1.5k``, ``250``, ``2.5M``). A chart with
nothing to plot (no value, or only zeros) says so in words instead of drawing an
empty frame on a made-up scale.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from decimal import Decimal

from dunningkit._support._html import Html, escape

__all__ = [
    "BUCKET_COLORS",
    "NOTHING_TO_SHOW",
    "SERIES_COLORS",
    "axis_end",
    "bars",
    "line",
    "lines",
    "stacked_bars",
]

BUCKET_COLORS = ("#5b9e6f", "#f2c14e", "#f08a4b", "#d64545", "#7d1d3f")
"""Not due, then each bucket of days overdue: green to dark red."""
SERIES_COLORS = (
    "#3b6fb6",
    "#5fa8d3",
    "#e07a5f",
    "#81b29a",
    "#9c6ade",
    "#f2cc8f",
    "#6d6875",
    "#b56576",
)
"""Series with no order among them (channels, policies), in turn."""

FONT = 'font-family="system-ui, sans-serif" font-size="11"'
NOTHING_TO_SHOW = "Nothing to show: no value in this period is above zero."
"""What a chart says in place of an empty frame, unless its page says better."""
_CHAR_WIDTH = 6.5
"""The widest a character of the 11-pixel font runs, on average, in pixels."""
_ROUND_STEPS = (1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def _num(value: float) -> str:
    return f"{value:.1f}"


def _short(value: float, *, exact: bool = False) -> str:
    """A number in a few characters: 1.2M, 35k, 980 (a bar's total); ``exact`` writes a
    round axis end with all its digits and no more: 1.5k, 25k, 2.5M, 0.5."""
    size = abs(value)
    if size >= 1_000_000:
        scaled, unit, places = value / 1_000_000, "M", 1
    elif size >= 1_000:
        scaled, unit, places = value / 1_000, "k", 0 if size >= 10_000 else 1
    else:
        scaled, unit, places = value, "", 0
    return f"{scaled:g}{unit}" if exact else f"{scaled:.{places}f}{unit}"


def axis_end(peak: float) -> float:
    """The end of a value axis: the first round number at or above ``peak``.

    Round numbers are 1, 1.5, 2, 2.5, 3, 4, 5, 6 and 8 times a power of ten, so the
    top of the axis is at most a third above the largest value. Zero for a peak of
    zero or less.
    """
    if peak <= 0:
        return 0.0
    power = 10.0 ** math.floor(math.log10(peak))
    return next((step * power for step in _ROUND_STEPS if step * power >= peak), 10 * power)


def _empty(title: str, message: str, width: int, height: int) -> Html:
    """A chart with nothing to plot: its caption and, wrapped to the width, what the
    reader should know."""
    wrapped = textwrap.wrap(message, max(int(width / _CHAR_WIDTH) - 2, 10))
    first = height // 2 + 4 - 7 * (len(wrapped) - 1)
    body = [_caption(title)]
    body.extend(
        f'<text x="{width // 2}" y="{first + 14 * k}" text-anchor="middle" fill="#666">'
        f"{escape(text)}</text>"
        for k, text in enumerate(wrapped)
    )
    return _svg(width, height, title, body)


def _caption(title: str) -> str:
    return f'<text x="0" y="11" font-weight="600">{escape(title)}</text>'


def _svg(width: int, height: int, title: str, body: list[str]) -> Html:
    return Html(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" {FONT}>'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def _legend(names: Sequence[str], colors: Sequence[str], y: float, width: int) -> list[str]:
    body = []
    x = 10.0
    for name, color in zip(names, colors, strict=False):
        if x + 20 + 7 * len(name) > width:
            break
        body.append(f'<rect x="{_num(x)}" y="{_num(y)}" width="10" height="10" fill="{color}"/>')
        body.append(f'<text x="{_num(x + 14)}" y="{_num(y + 9)}">{escape(name)}</text>')
        x += 28 + 6.5 * len(name)
    return body


def stacked_bars(
    title: str,
    rows: Sequence[tuple[str, Sequence[Decimal | int]]],
    series: Sequence[str],
    colors: Sequence[str],
    *,
    width: int = 680,
    empty: str = NOTHING_TO_SHOW,
) -> Html:
    """Horizontal stacked bars, one per row, with a legend; negative parts are left out.

    ``empty`` is said instead when no row has a part above zero."""
    label_width = 130
    bar_height = 18
    gap = 8
    top = 26
    height = top + len(rows) * (bar_height + gap) + 24
    totals = [sum(float(v) for v in values if v > 0) for _, values in rows]
    scale_max = max(totals, default=0.0)
    if scale_max <= 0:
        return _empty(title, empty, width, 60)
    plot = width - label_width - 70
    body = _legend(series, colors, 4, width)
    for index, (label, values) in enumerate(rows):
        y = top + index * (bar_height + gap)
        body.append(
            f'<text x="{label_width - 6}" y="{_num(y + 13)}" text-anchor="end">'
            f"{escape(label)}</text>"
        )
        x = float(label_width)
        for name, value, color in zip(series, values, colors, strict=False):
            if value <= 0:
                continue
            w = float(value) / scale_max * plot
            body.append(
                f'<rect x="{_num(x)}" y="{y}" width="{_num(w)}" height="{bar_height}" '
                f'fill="{color}"><title>{escape(label)}, {escape(name)}: '
                f"{escape(str(value))}</title></rect>"
            )
            x += w
        body.append(f'<text x="{_num(x + 4)}" y="{_num(y + 13)}">{_short(totals[index])}</text>')
    return _svg(width, height, title, body)


def bars(
    title: str,
    points: Sequence[tuple[str, Decimal]],
    color: str,
    *,
    width: int = 330,
    height: int = 170,
    empty: str = NOTHING_TO_SHOW,
) -> Html:
    """Vertical bars with the first and last labels under the axis; ``empty`` is said
    instead when no value is above zero."""
    left, bottom, top = 44, 22, 26
    plot_w = width - left - 8
    plot_h = height - bottom - top
    peak = axis_end(max((float(v) for _, v in points), default=0.0))
    if peak <= 0:
        return _empty(title, empty, width, height)
    step = plot_w / max(len(points), 1)
    body = [
        _caption(title),
        (
            f'<line x1="{left}" y1="{height - bottom}" x2="{width - 4}" y2="{height - bottom}" '
            'stroke="#999"/>'
        ),
        f'<text x="{left - 4}" y="{top + 4}" text-anchor="end">{_short(peak, exact=True)}</text>',
        f'<text x="{left - 4}" y="{height - bottom}" text-anchor="end">0</text>',
    ]
    for index, (label, value) in enumerate(points):
        h = max(float(value), 0.0) / peak * plot_h
        x = left + index * step + step * 0.15
        body.append(
            f'<rect x="{_num(x)}" y="{_num(height - bottom - h)}" width="{_num(step * 0.7)}" '
            f'height="{_num(h)}" fill="{color}"><title>{escape(label)}: '
            f"{escape(str(value))}</title></rect>"
        )
    body.extend(_end_labels([label for label, _ in points], left, width, height))
    return _svg(width, height, title, body)


def line(
    title: str,
    points: Sequence[tuple[str, Decimal | None]],
    color: str,
    *,
    width: int = 330,
    height: int = 170,
    empty: str = NOTHING_TO_SHOW,
) -> Html:
    """A line through the points that have a value, with dots and the end labels."""
    labels = [label for label, _ in points]
    values = [value for _, value in points]
    return lines(
        title,
        labels,
        [(title, values)],
        [color],
        width=width,
        height=height,
        dots=True,
        empty=empty,
    )


def lines(
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[Decimal | float | None]]],
    colors: Sequence[str],
    *,
    width: int = 680,
    height: int = 180,
    dots: bool = False,
    empty: str = NOTHING_TO_SHOW,
) -> Html:
    """One line per series over the same ``labels`` (a legend when there are several).

    Missing values (``None``) are skipped; ``dots`` marks each value with its label.
    ``empty`` is said instead when no value is left, or every value is zero.
    """
    legend = len(series) > 1
    palette = [colors[k % len(colors)] for k in range(len(series))]
    left, bottom, top = 44, 22, 40 if legend else 26
    values = [float(v) for _, points in series for v in points if v is not None]
    if not any(values):
        return _empty(title, empty, width, height)
    peak = axis_end(max(values))
    low = -axis_end(-min(values)) if min(values) < 0 else 0.0
    frame = _Frame(left, top, width - left - 12, height - bottom - top, low, (peak - low) or 1.0)
    top_label, low_label = _short(peak, exact=True), _short(low, exact=True)
    step = frame.width / max(len(labels) - 1, 1)
    body = [
        _caption(title),
        *(_legend([name for name, _ in series], palette, 18, width) if legend else []),
        (
            f'<line x1="{left}" y1="{height - bottom}" x2="{width - 4}" y2="{height - bottom}" '
            'stroke="#999"/>'
        ),
        f'<text x="{left - 4}" y="{top + 4}" text-anchor="end">{top_label}</text>',
        f'<text x="{left - 4}" y="{height - bottom}" text-anchor="end">{low_label}</text>',
    ]
    for (name, points), color in zip(series, palette, strict=True):
        coords = [
            (index, frame.x(index, step), frame.y(float(value)))
            for index, value in enumerate(points)
            if value is not None
        ]
        if len(coords) > 1:
            body.append(
                f'<polyline points="{" ".join(f"{_num(x)},{_num(y)}" for _, x, y in coords)}" '
                f'fill="none" stroke="{color}" stroke-width="2">'
                f"<title>{escape(name)}</title></polyline>"
            )
        if dots:
            body.extend(
                f'<circle cx="{_num(x)}" cy="{_num(y)}" r="2.5" fill="{color}">'
                f"<title>{escape(labels[index])}: {escape(str(points[index]))}</title></circle>"
                for index, x, y in coords
            )
    body.extend(_end_labels(labels, left, width, height))
    return _svg(width, height, title, body)


class _Frame:
    """Where a value goes in the plot: ``x`` from its index, ``y`` from its size."""

    def __init__(
        self, left: int, top: int, width: int, height: int, low: float, span: float
    ) -> None:
        self.left, self.top, self.width, self.height = left, top, width, height
        self.low, self.span = low, span

    def x(self, index: int, step: float) -> float:
        return self.left + index * step

    def y(self, value: float) -> float:
        return self.top + self.height - (value - self.low) / self.span * self.height


def _end_labels(labels: Sequence[str], left: int, width: int, height: int) -> list[str]:
    """The first and the last label under the axis."""
    if not labels:
        return []
    return [
        f'<text x="{left}" y="{height - 6}">{escape(labels[0])}</text>',
        f'<text x="{width - 4}" y="{height - 6}" text-anchor="end">{escape(labels[-1])}</text>',
    ]
