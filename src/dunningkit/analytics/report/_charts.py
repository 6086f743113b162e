"""Small inline SVG charts for the collections report.

Hand-written rather than drawn by a plotting library: the report needs three
kinds of chart (stacked horizontal bars, vertical bars, a line), each a few dozen
SVG elements. Writing them costs less than a dependency of tens of megabytes, and
the output stays text in the page: sharp when printed, searchable, no image files.
Every text that reaches the SVG is escaped here.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

__all__ = ["bars", "line", "stacked_bars"]

FONT = 'font-family="system-ui, sans-serif" font-size="11"'


def _num(value: float) -> str:
    return f"{value:.1f}"


def _short(value: float) -> str:
    """Axis labels: 1.2M, 35k, 980."""
    size = abs(value)
    if size >= 1_000_000:
        return f"{value / 1_000_000:.1f}M"
    if size >= 10_000:
        return f"{value / 1_000:.0f}k"
    if size >= 1_000:
        return f"{value / 1_000:.1f}k"
    return f"{value:.0f}"


def _caption(title: str) -> str:
    return f'<text x="0" y="11" font-weight="600">{escape(title)}</text>'


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (
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
) -> str:
    """Horizontal stacked bars, one per row, with a legend; negative parts are left out."""
    label_width = 130
    bar_height = 18
    gap = 8
    top = 26
    height = top + len(rows) * (bar_height + gap) + 24
    totals = [sum(float(v) for v in values if v > 0) for _, values in rows]
    scale_max = max(totals, default=0.0) or 1.0
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
) -> str:
    """Vertical bars with the first and last labels under the axis."""
    left, bottom, top = 44, 22, 26
    plot_w = width - left - 8
    plot_h = height - bottom - top
    peak = max((float(v) for _, v in points), default=0.0) or 1.0
    step = plot_w / max(len(points), 1)
    body = [
        _caption(title),
        (
            f'<line x1="{left}" y1="{height - bottom}" x2="{width - 4}" y2="{height - bottom}" '
            'stroke="#999"/>'
        ),
        f'<text x="{left - 4}" y="{top + 4}" text-anchor="end">{_short(peak)}</text>',
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
    if points:
        body.append(f'<text x="{left}" y="{height - 6}">{escape(points[0][0])}</text>')
        body.append(
            f'<text x="{width - 4}" y="{height - 6}" text-anchor="end">'
            f"{escape(points[-1][0])}</text>"
        )
    return _svg(width, height, title, body)


def line(
    title: str,
    points: Sequence[tuple[str, Decimal | None]],
    color: str,
    *,
    width: int = 330,
    height: int = 170,
) -> str:
    """A line through the points that have a value, with dots and the end labels."""
    left, bottom, top = 44, 22, 26
    plot_w = width - left - 12
    plot_h = height - bottom - top
    values = [float(v) for _, v in points if v is not None]
    peak = max(values, default=0.0)
    low = min([*values, 0.0])
    span = (peak - low) or 1.0
    step = plot_w / max(len(points) - 1, 1)
    body = [
        _caption(title),
        (
            f'<line x1="{left}" y1="{height - bottom}" x2="{width - 4}" y2="{height - bottom}" '
            'stroke="#999"/>'
        ),
        f'<text x="{left - 4}" y="{top + 4}" text-anchor="end">{_short(peak)}</text>',
        f'<text x="{left - 4}" y="{height - bottom}" text-anchor="end">{_short(low)}</text>',
    ]
    coords = []
    for index, (label, value) in enumerate(points):
        if value is None:
            continue
        x = left + index * step
        y = height - bottom - (float(value) - low) / span * plot_h
        coords.append(f"{_num(x)},{_num(y)}")
        body.append(
            f'<circle cx="{_num(x)}" cy="{_num(y)}" r="2.5" fill="{color}">'
            f"<title>{escape(label)}: {escape(str(value))}</title></circle>"
        )
    if len(coords) > 1:
        body.insert(
            4,
            f'<polyline points="{" ".join(coords)}" fill="none" stroke="{color}" '
            'stroke-width="2"/>',
        )
    if points:
        body.append(f'<text x="{left}" y="{height - 6}">{escape(points[0][0])}</text>')
        body.append(
            f'<text x="{width - 4}" y="{height - 6}" text-anchor="end">'
            f"{escape(points[-1][0])}</text>"
        )
    return _svg(width, height, title, body)
