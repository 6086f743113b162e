"""A back-test as one self-contained HTML page: the table and inline SVG charts.

The page has the collections report's look: the shared shell and style
(:mod:`dunningkit._support._html`: no script, no external file, every text escaped,
so it can be mailed to a CFO or attached to a ticket) and the one chart module
(:mod:`dunningkit.analytics.report._charts`). Charts: daily contacts per channel and
daily cost, one line per policy.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from dunningkit._support._html import Html, escape, page, table
from dunningkit.analytics.report import _charts
from dunningkit.backtest._comparison import Comparison
from dunningkit.backtest._figures import Backtest
from dunningkit.backtest._tables import DEFAULT_LOCALE, cells, header

__all__ = ["render_html"]

_NOTE = (
    "The book's payments, promises, disputes and statuses are taken as they happened: "
    "these figures say what each policy would have sent on that history, not how "
    "customers would have reacted."
)


def _chart(title: str, days: Sequence[date], series: list[tuple[str, list[float]]]) -> Html:
    labels = [day.isoformat() for day in days]
    return _charts.lines(title, labels, series, _charts.SERIES_COLORS)


def _charts_of(comparison: Comparison) -> list[str]:
    """One chart per channel (daily contacts), then the daily cost, one line per policy."""
    runs = comparison.results
    first = next(iter(runs.values()))
    days = [d.day for d in first.days]
    channels = sorted({c for run in runs.values() for d in run.days for c in d.contacts})
    found = [
        _chart(
            f"Daily contacts: {channel}",
            days,
            [
                (name, [float(d.contacts.get(channel, 0)) for d in run.days])
                for name, run in runs.items()
            ],
        )
        for channel in channels
    ]
    cost = [(name, [float(d.total_cost) for d in run.days]) for name, run in runs.items()]
    found.append(_chart(f"Daily cost ({first.currency})", days, cost))
    return [f"<section>{chart}</section>" for chart in found]


def render_html(results: Comparison | Backtest, locale: str = DEFAULT_LOCALE) -> str:
    """The page: headline table with differences (amounts in ``locale``), then one chart
    per channel and cost."""
    comparison = results if isinstance(results, Comparison) else Comparison({results.name: results})
    names = list(comparison.results)
    first = comparison.results[names[0]]
    note = _NOTE
    if any(r.is_projection for r in comparison.results.values()):
        note += " Rows marked [projection] come from a response model, not from the book."
    title = f"Back-test {first.start} to {first.end}"
    columns = header(names)
    money = comparison.money()
    figures = table(
        columns,
        (cells(row, money, locale) for row in comparison.rows()),
        numeric=range(1, len(columns)),
    )
    return page(
        title,
        [
            f"<header><h1>{escape(title)}</h1>",
            (
                f'<p class="sub">{escape(note)} Planning every {first.every} day(s); '
                f"costs in {escape(first.currency)}.</p></header>"
            ),
            f"<section><h2>Figures</h2>\n{figures}</section>",
            "<h2>Day by day</h2>",
            *_charts_of(comparison),
        ],
    )
