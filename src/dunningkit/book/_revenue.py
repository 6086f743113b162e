"""The book's revenue: the one figure a customer's segment reads from the rest of the book.

One definition, read by the payer profile, the planner, the streamed, partitioned and
Dask runs and the back-test:

* **a document's revenue** (:func:`revenue_amount`): its amount asked for, negative
  for a credit note; none when cancelled or rejected; as known on the day;
* **the window**: documents issued in the 365 days ending on the day (``WINDOW_DAYS``);
* **a customer's revenue** (:func:`revenue_part`, and the profile's ``revenue_12m``):
  the sum of its documents' revenue in the window, per currency;
* **the book's revenue** (:func:`book_revenue`, :class:`BookRevenue`): the sum over
  customers in the reference currency (default: the currency most documents of the
  window are issued in; ties alphabetical). Parts add up (:meth:`RevenuePart.add`), so
  a streamed or distributed run reduces parts, an in-memory run reads a running index
  and a back-test sweeps its days (:func:`daily_revenue`): all are this definition;
* **a customer's revenue share** (:meth:`BookRevenue.share_of`): its revenue in the
  reference currency over the book's, rounded to 6 places; 0 unless both are positive.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from dunningkit.book._figures import InvoiceFacts
from dunningkit.book._ledger import CustomerLedger, Ledger
from dunningkit.model._invoice import InvoiceStatus

__all__ = [
    "NOT_REVENUE",
    "WINDOW_DAYS",
    "BookRevenue",
    "RevenuePart",
    "book_revenue",
    "daily_revenue",
    "revenue_amount",
    "revenue_part",
]

WINDOW_DAYS = 365
"""Days of history a profile and the book's revenue read, ending on the day."""
_ZERO = Decimal(0)
NOT_REVENUE = frozenset({InvoiceStatus.CANCELLED, InvoiceStatus.REJECTED})
"""Statuses whose documents are no revenue."""


def revenue_amount(facts: InvoiceFacts) -> Decimal | None:
    """What one document counts for in revenue on the day of its facts: the amount
    asked for, negative for a credit note; ``None`` when cancelled or rejected."""
    if facts.status in NOT_REVENUE:
        return None
    return -facts.amount if facts.credit else facts.amount


def _reference(counts: Mapping[str, int], reference_currency: str | None) -> str | None:
    # Shares compare amounts, which only makes sense in one currency.
    if reference_currency is None and counts:
        return min(counts, key=lambda c: (-counts[c], c))
    return reference_currency


@dataclass(frozen=True, slots=True)
class BookRevenue:
    """The book's revenue over the window ending on ``as_of``, in the reference currency."""

    total: Decimal
    reference_currency: str | None

    def share_of(self, revenue: Mapping[str, Decimal]) -> float:
        """A customer's share of this revenue, from its revenue per currency (0 to 1)."""
        currency = self.reference_currency
        mine = revenue.get(currency) if currency else None
        if mine is None or self.total <= 0 or mine <= 0:
            return 0.0
        return round(float(mine / self.total), 6)


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
                signed = revenue_amount(row.final)
                entries.append((row.issue, row.currency, _ZERO if signed is None else signed))
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
        part = RevenuePart()
        for customer in ledger.customers:
            part.add(revenue_part(customer, as_of))
        revenue, counts = part.revenue, part.counts
    reference = _reference(counts, reference_currency)
    total = revenue.get(reference, _ZERO) if reference else _ZERO
    return BookRevenue(total, reference)


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
        reference = _reference(self.counts, reference_currency)
        total = self.revenue.get(reference, _ZERO) if reference else _ZERO
        return BookRevenue(total, reference)

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

    Counts every document issued in the window (they choose the default reference
    currency), sums :func:`revenue_amount` of each as known on ``as_of``.
    """
    start = as_of - timedelta(days=WINDOW_DAYS - 1)
    part = RevenuePart()
    revenue, counts = part.revenue, part.counts
    for row in entry.rows:
        if not start <= row.issue <= as_of:
            continue
        counts[row.currency] = counts.get(row.currency, 0) + 1
        signed = revenue_amount(row.facts_on(as_of))
        if signed is not None:
            revenue[row.currency] = revenue.get(row.currency, _ZERO) + signed
    return part


def daily_revenue(
    ledger: Ledger, days: Sequence[date], reference_currency: str | None
) -> list[BookRevenue]:
    """The book's revenue on each of ``days`` (in order), as :func:`book_revenue` gives it.

    One sweep over the book instead of one pass a day: each document enters the window
    on its issue date, leaves it 365 days later, and changes what it counts for only
    on its status dates. Decimal sums are exact, so the order of the additions does not
    change them.
    """
    changes = sorted(_revenue_changes(ledger, days), key=lambda c: c[0])
    totals: dict[str, Decimal] = {}
    counts: dict[str, int] = {}
    found = []
    at = 0
    for day in days:
        while at < len(changes) and changes[at][0] <= day:
            _, currency, amount, count = changes[at]
            totals[currency] = totals.get(currency, _ZERO) + amount
            counts[currency] = counts.get(currency, 0) + count
            at += 1
        reference = _reference({c: n for c, n in counts.items() if n > 0}, reference_currency)
        total = totals.get(reference, _ZERO) if reference else _ZERO
        found.append(BookRevenue(total if counts.get(reference or "", 0) else _ZERO, reference))
    return found


def _revenue_changes(
    ledger: Ledger, days: Sequence[date]
) -> Iterator[tuple[date, str, Decimal, int]]:
    """Each change of the book's revenue: its day, currency, amount and document count."""
    window = timedelta(days=WINDOW_DAYS)
    first = days[0] - window if days else date.min
    for entry in ledger.customers:
        for row in entry.rows:
            leave = row.issue + window
            if leave <= first:
                continue
            inv = row.invoice
            moments = {row.issue}
            moments.update(c.date for c in inv.status_history if row.issue < c.date < leave)
            if inv.status_date is not None and row.issue < inv.status_date < leave:
                moments.add(inv.status_date)
            counted = _ZERO
            for on in sorted(moments):
                value = revenue_amount(row.facts_on(on))
                value = _ZERO if value is None else value
                if value != counted or on == row.issue:
                    yield on, row.currency, value - counted, int(on == row.issue)
                    counted = value
            yield leave, row.currency, -counted, -1
