"""A back-test as one self-contained HTML page: the table and inline SVG charts.

No script, no external file, every text escaped: the page can be mailed to a CFO or
attached to a ticket. Charts: daily contacts per channel and daily cost, one line per
policy. (When the ``report`` extra lands, this page can take on the report's look.)
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape

from dunningkit.backtest._comparison import Comparison
from dunningkit.backtest._figures import Backtest, format_cell

__all__ = ["render_html"]

_COLOURS = ("#1f5fa8", "#d1495b", "#2e8b57", "#e09f3e", "#6a4c93", "#3d5a80")
_WIDTH, _HEIGHT, _PAD = 720, 180, 36
_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 780px; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 2em; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
th, td { padding: 0.25em 0.6em; border-bottom: 1px solid #ddd; text-align: right; }
th:first-child, td:first-child { text-align: left; }
.note { color: #666; font-size: 0.85em; }
.legend span { display: inline-block; margin-right: 1.2em; }
.legend i { display: inline-block; width: 1.2em; height: 0.3em; margin-right: 0.3em;
  vertical-align: middle; }
svg text { font-size: 11px; fill: #555; }
"""


def _chart(title: str, days: Sequence[date], series: Sequence[tuple[str, list[float]]]) -> str:
    top = max((v for _, values in series for v in values), default=0.0) or 1.0
    label = format_cell(int(top)) if top == int(top) else format_cell(top)
    span = max(len(days) - 1, 1)
    inner_w, inner_h = _WIDTH - 2 * _PAD, _HEIGHT - 2 * _PAD

    def point(n: int, value: float) -> str:
        x = _PAD + inner_w * n / span
        y = _HEIGHT - _PAD - inner_h * value / top
        return f"{x:.1f},{y:.1f}"

    lines = [
        f'<polyline fill="none" stroke="{_COLOURS[k % len(_COLOURS)]}" stroke-width="1.5" '
        f'points="{" ".join(point(n, v) for n, v in enumerate(values))}"><title>'
        f"{escape(name)}</title></polyline>"
        for k, (name, values) in enumerate(series)
    ]
    axis = (
        f'<line x1="{_PAD}" y1="{_HEIGHT - _PAD}" x2="{_WIDTH - _PAD}" y2="{_HEIGHT - _PAD}" '
        'stroke="#999"/>'
        f'<line x1="{_PAD}" y1="{_PAD}" x2="{_PAD}" y2="{_HEIGHT - _PAD}" stroke="#999"/>'
        f'<text x="{_PAD}" y="{_HEIGHT - _PAD + 16}">{escape(days[0].isoformat())}</text>'
        f'<text x="{_WIDTH - _PAD}" y="{_HEIGHT - _PAD + 16}" text-anchor="end">'
        f"{escape(days[-1].isoformat())}</text>"
        f'<text x="{_PAD - 4}" y="{_PAD + 4}" text-anchor="end">{escape(label)}</text>'
        f'<text x="{_PAD - 4}" y="{_HEIGHT - _PAD}" text-anchor="end">0</text>'
    )
    return (
        f"<h2>{escape(title)}</h2>\n"
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_WIDTH}" height="{_HEIGHT}" '
        f'viewBox="0 0 {_WIDTH} {_HEIGHT}" role="img" aria-label="{escape(title)}">'
        f"{axis}{''.join(lines)}</svg>"
    )


def render_html(results: Comparison | Backtest) -> str:
    """The page: headline table with differences, then one chart per channel and cost."""
    comparison = results if isinstance(results, Comparison) else Comparison({results.name: results})
    runs = list(comparison.results.values())
    names = list(comparison.results)
    first = runs[0]
    days = [d.day for d in first.days]
    header = ["figure", *names, *(f"{n} vs {names[0]}" for n in names[1:])]
    body = []
    for label, values, diffs in comparison.rows():
        cells = [label, *map(format_cell, values), *(format_cell(d, signed=True) for d in diffs)]
        body.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
    legend = "".join(
        f'<span><i style="background:{_COLOURS[k % len(_COLOURS)]}"></i>{escape(name)}</span>'
        for k, name in enumerate(names)
    )
    charts = []
    channels = sorted({c for run in runs for d in run.days for c in d.contacts})
    for channel in channels:
        series = [
            (name, [float(d.contacts.get(channel, 0)) for d in run.days])
            for name, run in comparison.results.items()
        ]
        charts.append(_chart(f"Daily contacts: {channel}", days, series))
    cost = [
        (name, [float(d.total_cost) for d in run.days]) for name, run in comparison.results.items()
    ]
    charts.append(_chart(f"Daily cost ({first.currency})", days, cost))
    projection = any(r.is_projection for r in runs)
    note = (
        "The book's payments, promises, disputes and statuses are taken as they happened: "
        "these figures say what each policy would have sent on that history, not how "
        "customers would have reacted."
    )
    if projection:
        note += " Rows marked [projection] come from a response model, not from the book."
    title = f"Back-test {first.start} to {first.end}"
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            f"<title>{escape(title)}</title>",
            f"<style>{_STYLE}</style></head><body>",
            f"<h1>{escape(title)}</h1>",
            (
                f'<p class="note">{escape(note)} Planning every {first.every} day(s); '
                f"costs in {escape(first.currency)}.</p>"
            ),
            "<table><thead><tr>"
            + "".join(f"<th>{escape(h)}</th>" for h in header)
            + "</tr></thead><tbody>",
            *body,
            "</tbody></table>",
            f'<p class="legend">{legend}</p>',
            *charts,
            "</body></html>",
            "",
        ]
    )
