"""The book's revenue: the one figure a customer's segment reads from the rest of the book.

Revenue over the segmentation window (the 365 days ending on ``as_of``): documents
issued in the window, credit notes negative, cancelled and rejected ones left out, each
as known on ``as_of``. A customer's part (:func:`revenue_part`) sums over customers to
the book's (:func:`book_revenue`), so a streamed or distributed run reduces parts and
an in-memory run reads a running index: both are this definition.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from dunningkit.book._ledger import CustomerLedger, Ledger
from dunningkit.model._invoice import InvoiceStatus

__all__ = ["WINDOW_DAYS", "BookRevenue", "RevenuePart", "book_revenue", "revenue_part"]

WINDOW_DAYS = 365
"""Days of history a profile and the book's revenue read, ending on the day."""
_ZERO = Decimal(0)
_NOT_REVENUE = frozenset({InvoiceStatus.CANCELLED, InvoiceStatus.REJECTED})
"""Statuses whose documents are no revenue."""
_CANCELLED = InvoiceStatus.CANCELLED
_REJECTED = InvoiceStatus.REJECTED


@dataclass(frozen=True, slots=True)
class BookRevenue:
    """The book's revenue over the window ending on ``as_of``, in the reference currency."""

    total: Decimal
    reference_currency: str | None


class _IssueIndex:
    """Invoices by issue date with running totals per currency, for any window at once.

    Valid for a day from which no invoice's facts change any more (the usual nightly
    case); earlier days are summed invoice by invoice.
    """

    __slots__ = ("counts", "days", "latest_stable", "totals")

    def __init__(self, ledger: Ledger) -> None:
        entries = []
        latest = date.min
        for customer in ledger.customers:
            for row in customer.rows:
                latest = max(latest, row.stable_from)
                f = row.final
                counted = f.status is not _CANCELLED and f.status is not _REJECTED
                signed = (-f.amount if f.credit else f.amount) if counted else _ZERO
                entries.append((row.issue, row.currency, signed))
        entries.sort(key=lambda e: e[0])
        self.latest_stable = latest
        self.days = [e[0] for e in entries]
        self.totals: dict[str, list[Decimal]] = {}
        self.counts: dict[str, list[int]] = {}
        for currency in sorted({e[1] for e in entries}):
            running, count, totals, counts = _ZERO, 0, [_ZERO], [0]
            for _, cur, signed in entries:
                if cur == currency:
                    running += signed
                    count += 1
                totals.append(running)
                counts.append(count)
            self.totals[currency] = totals
            self.counts[currency] = counts

    def window(self, start: date, end: date) -> tuple[dict[str, Decimal], dict[str, int]]:
        lo, hi = bisect_left(self.days, start), bisect_right(self.days, end)
        revenue = {
            c: t[hi] - t[lo]
            for c, t in self.totals.items()
            if self.counts[c][hi] > self.counts[c][lo]
        }
        counts = {c: n[hi] - n[lo] for c, n in self.counts.items() if n[hi] > n[lo]}
        return revenue, counts


def book_revenue(ledger: Ledger, as_of: date, reference_currency: str | None) -> BookRevenue:
    """The book's revenue in the window ending on ``as_of``, in the reference currency.

    Without a reference currency, the one most invoices of the window are issued in
    (ties: alphabetical): shares compare amounts, which only makes sense in one currency.
    """
    start = as_of - timedelta(days=WINDOW_DAYS - 1)
    index = ledger.issue_index
    if not isinstance(index, _IssueIndex):
        index = ledger.issue_index = _IssueIndex(ledger)
    if as_of >= index.latest_stable:
        revenue, counts = index.window(start, as_of)
    else:
        revenue, counts = {}, {}
        for customer in ledger.customers:
            for row in customer.rows:
                if not start <= row.issue <= as_of:
                    continue
                counts[row.currency] = counts.get(row.currency, 0) + 1
                f = row.facts_on(as_of)
                if f.status is not _CANCELLED and f.status is not _REJECTED:
                    signed = -f.amount if f.credit else f.amount
                    revenue[row.currency] = revenue.get(row.currency, _ZERO) + signed
    if reference_currency is None and counts:
        reference_currency = min(counts, key=lambda c: (-counts[c], c))
    total = revenue.get(reference_currency, _ZERO) if reference_currency else _ZERO
    return BookRevenue(total, reference_currency)


@dataclass(slots=True)
class RevenuePart:
    """Revenue and invoice counts per currency over the segmentation window: summed
    over every customer, they give the book's revenue."""

    revenue: dict[str, Decimal] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, other: RevenuePart) -> RevenuePart:
        """Add ``other`` into this part (returned, for reductions)."""
        for currency, amount in other.revenue.items():
            self.revenue[currency] = self.revenue.get(currency, _ZERO) + amount
        for currency, count in other.counts.items():
            self.counts[currency] = self.counts.get(currency, 0) + count
        return self

    def book_revenue(self, reference_currency: str | None) -> BookRevenue:
        """The book's revenue as the planner reads it (see ``book_revenue``)."""
        counts = self.counts
        if reference_currency is None and counts:
            reference_currency = min(counts, key=lambda c: (-counts[c], c))
        total = self.revenue.get(reference_currency, _ZERO) if reference_currency else _ZERO
        return BookRevenue(total, reference_currency)

    def to_dict(self) -> dict[str, Any]:
        """Plain data (amounts as text), to carry between processes or files."""
        return {
            "revenue": {c: str(a) for c, a in self.revenue.items()},
            "counts": dict(self.counts),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RevenuePart:
        """The part :meth:`to_dict` wrote."""
        return cls(
            {c: Decimal(a) for c, a in data.get("revenue", {}).items()},
            {c: int(n) for c, n in data.get("counts", {}).items()},
        )


def revenue_part(entry: CustomerLedger, as_of: date) -> RevenuePart:
    """One customer's share of the book's revenue in the window ending on ``as_of``.

    The same definition as the in-memory planner's (``book_revenue``): documents
    issued in the window, credit notes negative, cancelled and rejected ones left out,
    each as known on ``as_of``.
    """
    start = as_of - timedelta(days=WINDOW_DAYS - 1)
    part = RevenuePart()
    revenue, counts = part.revenue, part.counts
    for row in entry.rows:
        if not start <= row.issue <= as_of:
            continue
        counts[row.currency] = counts.get(row.currency, 0) + 1
        f = row.facts_on(as_of)
        if f.status not in _NOT_REVENUE:
            revenue[row.currency] = revenue.get(row.currency, _ZERO) + (
                -f.amount if f.credit else f.amount
            )
    return part
