"""The trend: receivables, overdue amount and DSO on the last day and every month
(or week) before it, each as of its own day."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from dunningkit.analytics._common import ZERO, Result, check_days, check_period
from dunningkit.analytics._dso import days_of_sales
from dunningkit.analytics._position import positions
from dunningkit.book._portfolio import Portfolio
from dunningkit.errors import AnalyticsError
from dunningkit.model._types import trusted

__all__ = ["TrendPoint", "trend", "trend_days"]


class TrendPoint(Result):
    """Receivables, overdue amount and DSO on one day, in one currency.

    Attributes:
        on: the day.
        currency: the currency.
        receivables: open on that day.
        overdue: the part of it overdue.
        dso: :func:`dso` on that day; ``None`` without sales in its window.
        invoices: how many invoices make up the sales of that window: a DSO read off
            a handful of invoices jumps with each of them (the report does not plot it).
    """

    on: date
    currency: str
    receivables: Decimal
    overdue: Decimal
    dso: Decimal | None
    invoices: int = 0


def trend_days(start: date, end: date, every: str = "month") -> list[date]:
    """The days of a trend: ``end``, then one ``every`` earlier, back to ``start``."""
    check_period(start, end)
    if every not in ("month", "week"):
        raise AnalyticsError(f"every={every!r}: expected 'month' or 'week'")
    days = []
    k = 0
    while True:
        day = end - (relativedelta(months=k) if every == "month" else timedelta(weeks=k))
        if day < start:
            break
        days.append(day)
        k += 1
    return days[::-1]


def trend(
    portfolio: Portfolio, start: date, end: date, every: str = "month", *, days: int = 90
) -> list[TrendPoint]:
    """DSO and overdue amount on ``end`` and every month (or week) before, back to ``start``.

    Each point is computed as of its own day (later records ignored). Sorted by day
    then currency; a currency appears on the days it has receivables or sales.
    """
    check_days(days)
    points: list[TrendPoint] = []
    on_days = trend_days(start, end, every)
    for day, found in zip(on_days, positions(portfolio, on_days, days), strict=True):
        ratios = days_of_sales(found.total, found.sales, days)
        overdue = found.overdue()
        points.extend(
            trusted(
                TrendPoint,
                on=day,
                currency=currency,
                receivables=found.total.get(currency, ZERO),
                overdue=overdue.get(currency, ZERO),
                dso=ratios.get(currency),
                invoices=found.sold.get(currency, 0),
            )
            for currency in sorted({*found.total, *found.sales})
        )
    return points
