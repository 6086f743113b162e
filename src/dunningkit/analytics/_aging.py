"""Aging: open receivables on a day by days overdue, per key (all, segment, customer).

Each amount is counted where :func:`~dunningkit.analytics._open.open_parts` puts it:
an instalment ages from its own due date, an open credit note is netted in
``not due``. :func:`regroup` sums a by-customer aging per segment without a second
pass over the invoices.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Literal

from dunningkit.analytics._common import ZERO, Result, segments_on
from dunningkit.analytics._open import open_on
from dunningkit.book._portfolio import Portfolio
from dunningkit.errors import AnalyticsError
from dunningkit.model._types import trusted
from dunningkit.policy._policy import Policy

__all__ = ["Aging", "AgingRow", "aging", "bucket_labels", "regroup"]

_Table = dict[tuple[str, str], list[Decimal]]
"""(key, currency) -> [not due, each overdue bucket...]."""


class AgingRow(Result):
    """Open receivables of one key (all, a segment or a customer) in one currency.

    Attributes:
        key: ``"all"``, the segment, or the customer id.
        currency: the currency of every amount of the row.
        not_due: open amounts not yet overdue (credit notes netted here).
        overdue: open amounts per bucket of days overdue (1-30, 31-60, 61-90, over 90
            with the default buckets).
        total: ``not_due + sum(overdue)``.
    """

    key: str
    currency: str
    not_due: Decimal
    overdue: tuple[Decimal, ...]
    total: Decimal


class Aging(Result):
    """Open receivables as of ``on`` by days overdue, per key and currency.

    Attributes:
        on: the day.
        buckets: the upper bounds of the overdue buckets, in days.
        by: ``None``, ``"segment"`` or ``"customer"``.
        rows: sorted by key then currency.
    """

    on: date
    buckets: tuple[int, ...]
    by: str | None
    rows: list[AgingRow]

    @property
    def labels(self) -> tuple[str, ...]:
        """Column names: ``not due``, then one per overdue bucket (``1-30``... ``over 90``)."""
        return ("not due", *bucket_labels(self.buckets))

    def totals(self) -> dict[str, Decimal]:
        """The total per currency over every row."""
        found: dict[str, Decimal] = {}
        for row in self.rows:
            found[row.currency] = found.get(row.currency, ZERO) + row.total
        return dict(sorted(found.items()))


def bucket_labels(buckets: Sequence[int]) -> tuple[str, ...]:
    """Labels of overdue buckets: ``(30, 60, 90)`` gives 1-30, 31-60, 61-90, over 90."""
    labels = []
    low = 1
    for high in buckets:
        labels.append(f"{low}-{high}")
        low = high + 1
    labels.append(f"over {buckets[-1]}")
    return tuple(labels)


def _check_buckets(buckets: Sequence[int]) -> tuple[int, ...]:
    found = tuple(buckets)
    if not found or any(b < 1 for b in found) or list(found) != sorted(set(found)):
        raise AnalyticsError(
            f"buckets {found!r} must be increasing whole numbers of days, at least 1"
        )
    return found


def _rows(table: _Table) -> list[AgingRow]:
    """The rows of a table, sorted by key then currency."""
    return [
        trusted(
            AgingRow,
            key=key,
            currency=currency,
            not_due=slots[0],
            overdue=tuple(slots[1:]),
            total=sum(slots, ZERO),
        )
        for (key, currency), slots in sorted(table.items())
    ]


def aging(
    portfolio: Portfolio,
    on: date,
    *,
    buckets: Sequence[int] = (30, 60, 90),
    by: Literal["segment", "customer"] | None = None,
    policy: Policy | None = None,
    segments: Mapping[str, str] | None = None,
) -> Aging:
    """Open receivables on ``on`` by days overdue, per currency.

    An amount is overdue ``(on - due_date).days`` days when its due date is before
    ``on``; each instalment of a payment plan ages from its own due date; open
    credit notes are netted in ``not_due``.

    Args:
        portfolio: the book.
        on: the day; later records are ignored.
        buckets: upper bounds in days of the overdue buckets; a last bucket holds
            everything older.
        by: ``None`` (one row per currency, key ``"all"``), ``"segment"`` (the
            planner's classification as of ``on`` under ``policy``) or ``"customer"``.
        policy: for the segments (default: the default policy).
        segments: customer id -> segment when already known (``plan.segments`` of
            the plan for ``on``), to spare classifying the book again.

    Returns:
        An :class:`Aging` whose rows are sorted by key then currency.

    Raises:
        AnalyticsError: unknown ``by`` or bad buckets.
    """
    bounds = _check_buckets(buckets)
    if by not in (None, "segment", "customer"):
        raise AnalyticsError(f"by={by!r}: expected None, 'segment' or 'customer'")
    if by == "segment" and segments is None:
        segments = segments_on(portfolio, on, policy)
    table = _bucketed(portfolio, on, bounds, by, segments or {})
    return trusted(Aging, on=on, buckets=bounds, by=by, rows=_rows(table))


def _bucketed(
    portfolio: Portfolio,
    on: date,
    bounds: tuple[int, ...],
    by: str | None,
    segments: Mapping[str, str],
) -> _Table:
    """Every open part added to its key's slot: not due, or its bucket of days overdue."""
    width = len(bounds) + 2
    table: _Table = {}
    for inv, parts in open_on(portfolio, on):
        cid = inv.customer_id
        key = "all" if by is None else cid if by == "customer" else segments.get(cid, "")
        slots = table.get((key, inv.currency))
        if slots is None:
            slots = table[(key, inv.currency)] = [ZERO] * width
        for due, amount in parts:
            if amount < 0 or due >= on:
                slots[0] += amount
            else:
                slots[1 + bisect.bisect_left(bounds, (on - due).days)] += amount
    return table


def regroup(by_customer: Aging, segments: Mapping[str, str]) -> Aging:
    """A by-customer aging summed per segment (``segments``: customer id -> segment).

    Gives what ``aging(..., by="segment", segments=segments)`` gives, without a
    second pass over the invoices.
    """
    if by_customer.by != "customer":
        raise AnalyticsError(f"regroup needs an aging by customer, not by {by_customer.by!r}")
    table: _Table = {}
    for row in by_customer.rows:
        key = (segments.get(row.key, ""), row.currency)
        slots = table.get(key)
        if slots is None:
            table[key] = [row.not_due, *row.overdue]
        else:
            for index, amount in enumerate((row.not_due, *row.overdue)):
                slots[index] += amount
    return trusted(
        Aging, on=by_customer.on, buckets=by_customer.buckets, by="segment", rows=_rows(table)
    )
