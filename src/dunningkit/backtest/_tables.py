"""How back-test figures are written out: cells, plain-text tables, JSON values, pandas.

One cell format serves the text table, the HTML page and the differences between
policies: amounts in the one money formatter's words for a locale
(:func:`~dunningkit._support._money.money_text`: ``€2,160.00`` in en_GB), shares with
two decimals and thousands separators, counts as whole numbers, differences signed.
Which rows hold amounts, and in which currency, the figures say (``money``: figure ->
currency).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from dunningkit._support._money import money_text
from dunningkit._support._optional import require

__all__ = [
    "DEFAULT_LOCALE",
    "Row",
    "cells",
    "format_cell",
    "header",
    "pandas_module",
    "plain",
    "text_table",
]

DEFAULT_LOCALE = "en_GB"
"""The locale of amounts when the caller names none."""

Row = tuple[str, list[Any], list[Any]]
"""(figure, value per policy, difference to the first per other policy)."""


def pandas_module() -> Any:
    """pandas, which only ``to_frame()`` needs (the ``backtest`` extra)."""
    return require("pandas", "to_frame()")


def plain(value: Any) -> Any:
    """JSON-ready data: dates as ISO strings, Decimals as strings, keys as strings."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def format_cell(value: Any, *, signed: bool = False) -> str:
    """A figure as the table prints it (money with two decimals, signed differences)."""
    if signed:
        return _signed(value)
    return _cell(value)


def _cell(value: Any) -> str:
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _signed(value: Any, write: Callable[[Any], str] = _cell) -> str:
    if value == "" or value is None:
        return ""
    if isinstance(value, (int, Decimal, float)) and value == 0:
        return "0"
    text = write(value)
    return text if text.startswith("-") else f"+{text}"


def header(names: Sequence[str]) -> list[str]:
    """The columns: figure, one per policy, then each other policy against the first."""
    return ["figure", *names, *(f"{n} vs {names[0]}" for n in names[1:])]


def cells(
    row: Row, money: Mapping[str, str] | None = None, locale: str = DEFAULT_LOCALE
) -> list[str]:
    """A row's cells as printed: the label, the values, the signed differences; the
    amounts of a figure in ``money`` (figure -> currency) as money text in ``locale``."""
    label, values, diffs = row
    currency = (money or {}).get(label)

    def write(value: Any) -> str:
        if currency is not None and isinstance(value, Decimal):
            return money_text(value, currency, locale)
        return _cell(value)

    return [label, *map(write, values), *(_signed(d, write) for d in diffs)]


def text_table(
    title: str,
    names: Sequence[str],
    rows: Sequence[Row],
    *,
    money: Mapping[str, str] | None = None,
    locale: str = DEFAULT_LOCALE,
) -> str:
    """Rows of (figure, value per policy, difference to the first per other) as text;
    ``money`` and ``locale`` as :func:`cells` reads them."""
    lines = [header(names), *(cells(row, money, locale) for row in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    out = []
    for n, line in enumerate(lines):
        columns = [line[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(line[1:], widths[1:], strict=True)
        ]
        out.append("  ".join(columns).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join([title, "", *out])
