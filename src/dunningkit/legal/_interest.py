"""Interest periods: the debt cut into stretches of days with one base and one rate.

The debt has parts, each with its own due date: the invoice, or each instalment of a
payment plan. Payments settle the oldest part first and lower its base from the day
after their date. A part bears interest from the day after its due date; a period
ends where the half-year (and with it the reference rate) changes, where a payment
lowers the base, or on the day the charges are computed for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from pydantic import BaseModel, Field

from dunningkit.legal._pricing import Basis, Pricing
from dunningkit.legal._rates import RateTable, half_year_start
from dunningkit.legal.jurisdictions import Jurisdiction
from dunningkit.model._invoice import Invoice, InvoiceStatus
from dunningkit.model._payment import Payment
from dunningkit.model._types import MODEL_CONFIG

__all__ = [
    "ChargePeriod",
    "DebtPart",
    "days_late",
    "debt_parts",
    "half_year_start",
    "interest_periods",
    "priced_periods",
]

_ZERO = Decimal(0)
_YEAR = Decimal(365)
_HUNDRED = Decimal(100)
_DAY = timedelta(days=1)


class ChargePeriod(BaseModel):
    """A stretch of days with one base and one rate.

    ``due_date`` is the due date of the part that is late: the invoice's, or an
    instalment's for an invoice with a payment plan. ``basis`` says where the rate
    comes from: ``statute``, ``contract`` or ``floor`` (the contract's rate was below
    the least the law allows).
    """

    model_config = MODEL_CONFIG

    start: date
    end: date
    days: int
    base: Decimal
    reference_rate: Decimal
    rate: Decimal
    interest: Decimal = Field(description="unrounded interest of the period")
    due_date: date | None = None
    basis: Basis = "statute"


def _next_half_year(day: date) -> date:
    """The first day of the half-year after the one holding ``day``."""
    return date(day.year, 7, 1) if day.month <= 6 else date(day.year + 1, 1, 1)


@dataclass(slots=True)
class DebtPart:
    """One part of the debt with its own due date: the invoice, or one instalment."""

    due: date
    amount: Decimal
    # (first day the base is lower, by how much): payments take effect the next day.
    reductions: list[tuple[date, Decimal]] = field(default_factory=list)

    def open_after_due(self) -> Decimal:
        settled = sum((a for when, a in self.reductions if when <= self.due + _DAY), _ZERO)
        return self.amount - settled


def debt_parts(
    record: Invoice, amount: Decimal, payments: Sequence[Payment], on: date
) -> list[DebtPart]:
    """The parts of the debt, with the payments (up to ``on``) settling the oldest first."""
    if record.installments and amount == record.amount:
        parts = [DebtPart(i.due_date, i.amount) for i in record.installments]
    else:
        parts = [DebtPart(record.due_date, amount)]
    remaining = [part.amount for part in parts]
    index = 0
    received = [(p.date, p.amount) for p in payments if p.date <= on]
    paid = sum((a for _, a in received), _ZERO)
    if record.status is InvoiceStatus.PAID and paid < amount:
        # Marked paid without (all) its payments: the rest counts as paid on the
        # status date (or the due date when the ERP gives none).
        when = record.status_date or record.due_date
        if when <= on:
            received.append((when, amount - paid))
    for day, payment in received:
        left = payment
        while left > 0 and index < len(parts):
            take = min(left, remaining[index])
            if take > 0:
                parts[index].reductions.append((day + _DAY, take))
                remaining[index] -= take
                left -= take
            if remaining[index] <= 0:
                index += 1
    return parts


def days_late(parts: Sequence[DebtPart], on: date) -> int:
    """Days from the due date of the oldest part paid late or still unpaid (0: none)."""
    late_dues = [p.due for p in parts if p.due < on and p.open_after_due() > 0]
    return (on - min(late_dues)).days if late_dues else 0


def interest_periods(
    rules: Jurisdiction,
    table: RateTable | None,
    parts: Sequence[DebtPart],
    on: date,
    margin: Decimal | None,
) -> tuple[list[ChargePeriod], list[date]]:
    """Every part's statutory interest periods in date order, and the days no rate covers."""
    periods, uncovered = priced_periods(Pricing(rules, table, margin), parts, on)
    return periods, [day for _, day in uncovered]


def priced_periods(
    pricing: Pricing, parts: Sequence[DebtPart], until: date
) -> tuple[list[ChargePeriod], list[tuple[RateTable, date]]]:
    """Every part's interest periods up to ``until`` in date order, each at the rate
    ``pricing`` gives it, and the (table, first day) a table does not cover."""
    periods: list[ChargePeriod] = []
    uncovered: list[tuple[RateTable, date]] = []
    if pricing.bears_interest:
        for part in parts:
            _part_periods(pricing, part, until, periods, uncovered)
    periods.sort(key=lambda p: (p.start, p.due_date or p.start))
    return periods, uncovered


def _part_periods(
    pricing: Pricing,
    part: DebtPart,
    on: date,
    periods: list[ChargePeriod],
    uncovered: list[tuple[RateTable, date]],
) -> None:
    """Append the interest periods of one part; note the days no rate covers."""
    start = part.due + _DAY
    base = part.amount - sum((a for when, a in part.reductions if when <= start), _ZERO)
    pending = [(when, amount) for when, amount in part.reductions if when > start]
    while start <= on and (base > 0 or pending):
        cuts = [_next_half_year(start), on + _DAY]
        cuts += [when for when, _ in pending if when > start]
        end = min(cuts) - _DAY
        half_year = half_year_start(start)
        length = (end - start).days + 1
        if base > 0:
            uncovered.extend(
                (table, max(half_year, start))
                for table, day in pricing.rate_days(half_year, part.due)
                if not table.covers(day)
            )
            priced = pricing.rate(half_year, part.due)
            periods.append(
                ChargePeriod(
                    start=start,
                    end=end,
                    days=length,
                    base=base,
                    reference_rate=priced.reference,
                    rate=priced.rate,
                    interest=base * priced.rate / _HUNDRED * length / _YEAR,
                    due_date=part.due,
                    basis=priced.basis,
                )
            )
        start = end + _DAY
        for when, amount in pending:
            if when == start:
                base -= amount
        pending = [(when, amount) for when, amount in pending if when > start]
