"""Late-payment charges: statutory interest and fixed compensation, per jurisdiction.

Conventions (the same for every jurisdiction):

* simple interest, actual days over 365;
* interest runs from the day after the due date up to and including ``on``;
* an invoice with a payment plan is late instalment by instalment: each instalment
  bears interest from the day after its own due date on its own open part;
* payments settle the oldest instalment first and reduce the base from the day
  after their date;
* when the reference rate changes (a new half-year), each period uses its own rate;
* the total interest is rounded half-up to the cent once, at the end.

The reference-rate tables ship as data files with their source and as-of date
(``dunningkit/data/rates``). A period after the last date a table covers raises
:class:`RateTableOutdated` unless the caller passes ``allow_stale=True``; the
result then carries a warning.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from dunningkit.book._figures import invoice_facts
from dunningkit.legal._rates import (
    RateEntry,
    RateTable,
    RateTableOutdated,
    builtin_rate_table,
    load_rate_table,
)
from dunningkit.legal.jurisdictions import BUILTIN, Jurisdiction, rules_for
from dunningkit.model._invoice import Invoice, InvoiceStatus
from dunningkit.model._payment import Payment
from dunningkit.model._types import MODEL_CONFIG

if TYPE_CHECKING:
    from dunningkit.book._portfolio import Portfolio

__all__ = [
    "ChargePeriod",
    "LateCharges",
    "RateEntry",
    "RateTable",
    "RateTableOutdated",
    "builtin_rate_table",
    "late_charges",
    "load_rate_table",
]

_ZERO = Decimal(0)
_CENT = Decimal("0.01")
_YEAR = Decimal(365)
_HUNDRED = Decimal(100)
_DAY = timedelta(days=1)


class ChargePeriod(BaseModel):
    """A stretch of days with one base and one rate.

    ``due_date`` is the due date of the part that is late: the invoice's, or an
    instalment's for an invoice with a payment plan.
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


class LateCharges(BaseModel):
    """What a late payer owes on top of the invoice, and on which legal basis.

    Attributes:
        interest: statutory interest, rounded half-up to the cent.
        rate: the annual rate (percent) of the latest period; ``periods`` has each.
        reference_rate: the reference rate (percent) of the latest period.
        days: days late as of ``on``, counted from the due date of the oldest part
            paid late or still unpaid (0 when nothing was late).
        fixed_compensation: the fixed recovery compensation, in the invoice's currency.
        notes: anything the reader must know (a consumer debt, a currency...).
        warnings: what makes the figures doubtful: a rate table that does not
            cover the period (only with ``allow_stale=True``).
        statutory: ``False`` when dunningkit knows no statutory charges for the
            customer's country (every amount is then zero and ``notes`` says so).
        stale_table: the name of the rate table that did not cover the period
            (with ``allow_stale=True``), else ``None``.
    """

    model_config = MODEL_CONFIG

    invoice_id: str
    jurisdiction: str
    on: date
    days: int
    interest: Decimal
    rate: Decimal
    reference_rate: Decimal
    fixed_compensation: Decimal
    currency: str
    legal_basis: str
    periods: tuple[ChargePeriod, ...] = ()
    notes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    statutory: bool = True
    stale_table: str | None = None

    @property
    def total(self) -> Decimal:
        """Interest plus fixed compensation."""
        return self.interest + self.fixed_compensation


def _half_year_start(day: date) -> date:
    return date(day.year, 1 if day.month <= 6 else 7, 1)


def _next_half_year(day: date) -> date:
    return date(day.year, 7, 1) if day.month <= 6 else date(day.year + 1, 1, 1)


@dataclass(slots=True)
class _Part:
    """One part of the debt with its own due date: the invoice, or one instalment."""

    due: date
    amount: Decimal
    # (first day the base is lower, by how much): payments take effect the next day.
    reductions: list[tuple[date, Decimal]] = field(default_factory=list)

    def open_after_due(self) -> Decimal:
        settled = sum((a for when, a in self.reductions if when <= self.due + _DAY), _ZERO)
        return self.amount - settled


def _parts(record: Invoice, amount: Decimal, payments: Sequence[Payment], on: date) -> list[_Part]:
    """The parts of the debt, with the payments (up to ``on``) settling the oldest first."""
    if record.installments and amount == record.amount:
        parts = [_Part(i.due_date, i.amount) for i in record.installments]
    else:
        parts = [_Part(record.due_date, amount)]
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


def _no_rules(record: Invoice, country: str, on: date) -> LateCharges:
    known = ", ".join(sorted(BUILTIN))
    return LateCharges(
        invoice_id=record.id,
        jurisdiction=country,
        on=on,
        days=max((on - record.due_date).days, 0),
        interest=_ZERO,
        rate=_ZERO,
        reference_rate=_ZERO,
        fixed_compensation=_ZERO,
        currency=record.currency,
        legal_basis="",
        notes=(
            (
                f"no statutory late-payment charges known for country {country}: dunningkit "
                f"ships rules for {known} and the Directive's for EEA countries; name a "
                "jurisdiction (jurisdiction=...) or install a plugin for it"
            ),
        ),
        statutory=False,
    )


def late_charges(
    invoice: Invoice | str,
    portfolio: Portfolio,
    on: date,
    jurisdiction: str | None = None,
    *,
    rate_table: RateTable | None = None,
    allow_stale: bool = False,
    rate_tables: Mapping[str, RateTable] | None = None,
) -> LateCharges:
    """Statutory interest and fixed compensation owed on an invoice as of ``on``.

    The jurisdiction is an ISO 3166 country code (``GB`` for the United Kingdom;
    ``UK`` is read as ``GB``) or ``EU``; it defaults to the customer's country: its
    own rules when dunningkit has them, the Directive (``EU``) for other EEA
    countries, and elsewhere an answer saying that no statutory charges are known
    (``statutory=False``), never another country's rules.

    Args:
        invoice: the invoice or its id.
        portfolio: the book holding it, its customer and its payments.
        on: the day the charges are computed for; later payments are ignored.
        jurisdiction: a code that overrides the customer's country.
        rate_table: replaces the shipped reference-rate table.
        rate_tables: tables by id (``ecb_main_refinancing``...) that replace the
            shipped ones, the jurisdiction picking its own (``Policy.loaded_rate_tables()``).
        allow_stale: compute with the last known rate when the table does not
            cover the period, with a warning, instead of raising.

    Raises:
        RateTableOutdated: a charge period falls after the table's ``as_of`` date
            and ``allow_stale`` is false.
        PluginError: ``jurisdiction`` names no known rules.
    """
    record = portfolio.invoice(invoice) if isinstance(invoice, str) else invoice
    customer = portfolio.customer(record.customer_id)
    rules = rules_for(jurisdiction, customer.country)
    if rules is None:
        return _no_rules(record, customer.country, on)
    payments = portfolio.payments_of(record.id)
    facts = invoice_facts(record, payments, on)
    consumer = customer.kind == "individual"
    notes: list[str] = []
    warnings: list[str] = []
    table = (
        None  # a rate fixed by law has no reference rate
        if rules.statutory_rate is not None
        else rate_table or (rate_tables or {}).get(rules.rate_table_name) or rules.rate_table()
    )
    margin = rules.margin(consumer=consumer)
    if margin is None:
        notes.append(rules.consumer_note)
    if record.is_credit_note:
        notes.append("a credit note carries no late charges")
    if table is None:
        notes.append(f"a rate fixed by law; day count {rules.day_count}")

    parts = [] if record.is_credit_note else _parts(record, facts.amount, payments, on)
    late_dues = [p.due for p in parts if p.due < on and p.open_after_due() > 0]
    days = (on - min(late_dues)).days if late_dues else 0
    periods: list[ChargePeriod] = []
    uncovered: list[date] = []
    if margin is not None:
        for part in parts:
            _part_periods(rules, table, part, on, margin, periods, uncovered)
    periods.sort(key=lambda p: (p.start, p.due_date or p.start))
    if uncovered and table is not None:
        missing_from = min(uncovered)
        if not allow_stale:
            raise RateTableOutdated(table.name, table.as_of, missing_from, on)
        warnings.append(
            f"stale rates: the {table.name} table is as of {table.as_of}; no rate is known "
            f"from {missing_from} to {on}, the last known rate was used "
            "(import newer rates: `dunningkit rates import FILE`)"
        )
    interest = sum((p.interest for p in periods), _ZERO).quantize(_CENT, ROUND_HALF_UP)
    if periods:
        last_reference = periods[-1].reference_rate
    elif table is None:
        last_reference = _ZERO
    else:
        last_reference = rules.reference_rate(table, _half_year_start(max(on, record.due_date)))
    fixed = (
        rules.fixed_compensation(facts.amount, record.currency, consumer=consumer, notes=notes)
        if days
        else _ZERO
    )
    return LateCharges(
        invoice_id=record.id,
        jurisdiction=rules.code,
        on=on,
        days=days,
        interest=interest,
        rate=last_reference + (margin or _ZERO),
        reference_rate=last_reference,
        fixed_compensation=fixed,
        currency=record.currency,
        legal_basis=rules.legal_basis,
        periods=tuple(periods),
        notes=tuple(notes),
        warnings=tuple(warnings),
        stale_table=table.name if warnings and table is not None else None,
    )


def _part_periods(
    rules: Jurisdiction,
    table: RateTable | None,
    part: _Part,
    on: date,
    margin: Decimal,
    periods: list[ChargePeriod],
    uncovered: list[date],
) -> None:
    """Append the interest periods of one part; note the days no rate covers."""
    start = part.due + _DAY
    base = part.amount - sum((a for when, a in part.reductions if when <= start), _ZERO)
    pending = [(when, amount) for when, amount in part.reductions if when > start]
    while start <= on and (base > 0 or pending):
        cuts = [_next_half_year(start), on + _DAY]
        cuts += [when for when, _ in pending if when > start]
        end = min(cuts) - _DAY
        half_year = _half_year_start(start)
        reference = _ZERO if table is None else rules.reference_rate(table, half_year)
        length = (end - start).days + 1
        if base > 0:
            if table is not None and not table.covers(rules.rate_day(half_year)):
                uncovered.append(max(half_year, start))
            rate = reference + margin
            periods.append(
                ChargePeriod(
                    start=start,
                    end=end,
                    days=length,
                    base=base,
                    reference_rate=reference,
                    rate=rate,
                    interest=base * rate / _HUNDRED * length / _YEAR,
                    due_date=part.due,
                )
            )
        start = end + _DAY
        for when, amount in pending:
            if when == start:
                base -= amount
        pending = [(when, amount) for when, amount in pending if when > start]
