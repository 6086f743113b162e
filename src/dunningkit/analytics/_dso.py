"""DSO and CEI: how many days of sales the receivables hold, and how much got collected.

``DSO = receivables on D / credit sales of the window x days``; the best possible DSO
counts only what is not yet overdue; the average days delinquent is the difference.
``CEI = (R(start) + S - R(end)) / (R(start) + S - Rcur(end)) x 100``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from dunningkit.analytics._common import HUNDRED, TENTH, ZERO, check_days, check_period, rounded
from dunningkit.analytics._position import Position, position
from dunningkit.book._portfolio import Portfolio

__all__ = [
    "average_days_delinquent",
    "best_possible_dso",
    "cei",
    "cei_of",
    "days_of_sales",
    "delinquent",
    "dso",
]


def days_of_sales(
    receivables: Mapping[str, Decimal], sales: Mapping[str, Decimal], days: int
) -> dict[str, Decimal]:
    """``receivables / sales x days`` per currency with sales, rounded half-up to 0.1."""
    return {
        currency: rounded(receivables.get(currency, ZERO) * days / amount, TENTH)
        for currency, amount in sorted(sales.items())
        if amount
    }


def delinquent(dso_: Mapping[str, Decimal], best: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """``dso - best possible dso`` per currency."""
    return {c: value - best[c] for c, value in dso_.items()}


def dso(portfolio: Portfolio, on: date, *, days: int = 90) -> dict[str, Decimal]:
    """Days sales outstanding per currency, rounded half-up to 0.1 day.

    ``receivables open on on / credit sales of the window x days``, where the credit
    sales are the amounts of the invoices issued in ``on - days < issue_date <= on``
    (not cancelled; the accepted part when partially accepted). Currencies without
    sales in the window are left out.
    """
    check_days(days)
    found = position(portfolio, on, days)
    return days_of_sales(found.total, found.sales, days)


def best_possible_dso(portfolio: Portfolio, on: date, *, days: int = 90) -> dict[str, Decimal]:
    """:func:`dso` counting only the receivables not yet overdue on ``on``."""
    check_days(days)
    found = position(portfolio, on, days)
    return days_of_sales(found.current, found.sales, days)


def average_days_delinquent(
    portfolio: Portfolio, on: date, *, days: int = 90
) -> dict[str, Decimal]:
    """``dso - best_possible_dso`` per currency: the days that late payment adds."""
    check_days(days)
    found = position(portfolio, on, days)
    return delinquent(
        days_of_sales(found.total, found.sales, days),
        days_of_sales(found.current, found.sales, days),
    )


def cei_of(before: Position, after: Position) -> dict[str, Decimal]:
    """The CEI between two positions (``after`` holding the sales of the period)."""
    result = {}
    for currency in sorted({*before.total, *after.sales, *after.total}):
        opening = before.total.get(currency, ZERO) + after.sales.get(currency, ZERO)
        collectable = opening - after.current.get(currency, ZERO)
        if collectable:
            collected = opening - after.total.get(currency, ZERO)
            result[currency] = rounded(collected / collectable * HUNDRED, TENTH)
    return result


def cei(portfolio: Portfolio, start: date, end: date) -> dict[str, Decimal]:
    """Collection effectiveness index of ``start < day <= end``, in percent (0.1).

    ``(R(start) + S - R(end)) / (R(start) + S - Rcur(end)) x 100`` where ``R(d)`` is
    the receivables open on ``d``, ``S`` the credit sales issued in
    ``start < issue_date <= end`` and ``Rcur(end)`` the receivables not yet overdue on
    ``end``. Currencies whose denominator is zero are left out.

    Raises:
        AnalyticsError: ``end`` is not after ``start``.
    """
    check_period(start, end)
    return cei_of(position(portfolio, start, 1), position(portfolio, end, (end - start).days))
