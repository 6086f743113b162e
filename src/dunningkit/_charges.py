"""Late-payment charges: statutory interest and fixed compensation, per jurisdiction.

Conventions (the same for every jurisdiction):

* simple interest, actual days over 365;
* interest runs from the day after the due date up to and including ``on``;
* a payment reduces the base from the day after its date;
* when the reference rate changes (a new half-year), each period uses its own rate;
* the total interest is rounded half-up to the cent once, at the end.

The reference-rate tables ship as data files with their source and as-of date
(``dunningkit/data/rates``); they change every half-year, so a host passes newer
ones with ``rate_table=`` (see :func:`load_rate_table`).
"""

from __future__ import annotations

import json
from bisect import bisect_right
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field, ValidationError

from dunningkit._invoice import Invoice
from dunningkit._profile import invoice_facts
from dunningkit._types import MODEL_CONFIG
from dunningkit.errors import DunningkitError, PolicyError

if TYPE_CHECKING:
    from dunningkit._portfolio import Portfolio
    from dunningkit.jurisdictions import Jurisdiction

__all__ = [
    "ChargePeriod",
    "LateCharges",
    "RateEntry",
    "RateTable",
    "builtin_rate_table",
    "late_charges",
    "load_rate_table",
]

_CENT = Decimal("0.01")
_YEAR = Decimal(365)
_HUNDRED = Decimal(100)


class RateEntry(BaseModel):
    """A reference rate (percent per year) in force from a date."""

    model_config = MODEL_CONFIG

    from_: date = Field(alias="from")
    rate: Decimal


class RateTable(BaseModel):
    """A reference-rate history with its source, as published."""

    model_config = MODEL_CONFIG | {"populate_by_name": True}

    name: str
    unit: str = "percent per year"
    source: str
    as_of: date
    note: str = ""
    rates: tuple[RateEntry, ...] = Field(min_length=1)

    def in_force(self, day: date) -> Decimal:
        """The rate in force on ``day`` (the last entry starting on or before it)."""
        starts = [entry.from_ for entry in self.rates]
        index = bisect_right(starts, day) - 1
        if index < 0:
            raise DunningkitError(f"{self.name}: no rate known on {day} (table starts {starts[0]})")
        return self.rates[index].rate


@lru_cache(maxsize=8)
def builtin_rate_table(name: str) -> RateTable:
    """A rate table shipped with dunningkit: ``ecb_main_refinancing``,
    ``bundesbank_base_rate`` or ``boe_bank_rate``."""
    resource = files("dunningkit").joinpath("data", "rates", f"{name}.json")
    return RateTable.model_validate(json.loads(resource.read_text(encoding="utf-8")))


def load_rate_table(path: str | Path) -> RateTable:
    """Read a rate table from a JSON file of the shipped format."""
    try:
        data: Any = json.loads(Path(path).read_text(encoding="utf-8"))
        return RateTable.model_validate(data)
    except (OSError, ValueError) as error:
        detail = (
            "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors())
            if isinstance(error, ValidationError)
            else str(error)
        )
        raise PolicyError(f"{path}: cannot be read as a rate table: {detail}") from None


class ChargePeriod(BaseModel):
    """A stretch of days with one base and one rate."""

    model_config = MODEL_CONFIG

    start: date
    end: date
    days: int
    base: Decimal
    reference_rate: Decimal
    rate: Decimal
    interest: Decimal = Field(description="unrounded interest of the period")


class LateCharges(BaseModel):
    """What a late payer owes on top of the invoice, and on which legal basis.

    Attributes:
        interest: statutory interest, rounded half-up to the cent.
        rate: the annual rate (percent) of the latest period; ``periods`` has each.
        reference_rate: the reference rate (percent) of the latest period.
        days: days late as of ``on`` (0 before the due date).
        fixed_compensation: the fixed recovery compensation, in the invoice's currency.
        notes: anything the reader must know (a stale rate table, a consumer debt...).
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

    @property
    def total(self) -> Decimal:
        """Interest plus fixed compensation."""
        return self.interest + self.fixed_compensation


def _half_year_start(day: date) -> date:
    return date(day.year, 1 if day.month <= 6 else 7, 1)


def _next_half_year(day: date) -> date:
    return date(day.year, 7, 1) if day.month <= 6 else date(day.year + 1, 1, 1)


def late_charges(
    invoice: Invoice | str,
    portfolio: Portfolio,
    on: date,
    jurisdiction: str | None = None,
    *,
    rate_table: RateTable | None = None,
) -> LateCharges:
    """Statutory interest and fixed compensation owed on an invoice as of ``on``.

    The jurisdiction is an ISO 3166 country code (``GB`` for the United Kingdom;
    ``UK`` is read as ``GB``) or ``EU``; it defaults to the customer's country when
    dunningkit knows its rules, then to ``EU``. ``rate_table`` replaces the shipped
    reference-rate table (they change every half-year).
    """
    from dunningkit.jurisdictions import resolve  # noqa: PLC0415 - they import this module

    record = portfolio.invoice(invoice) if isinstance(invoice, str) else invoice
    customer = portfolio.customer(record.customer_id)
    rules: Jurisdiction = resolve(jurisdiction, customer.country)
    facts = invoice_facts(record, portfolio.payments_of(record.id), on)
    consumer = customer.kind == "individual"
    notes: list[str] = []
    days = max((on - record.due_date).days, 0)
    table = rate_table or rules.rate_table()
    margin = rules.margin(consumer=consumer)
    if margin is None:
        notes.append(rules.consumer_note)
    if table.as_of < _half_year_start(on):
        notes.append(
            f"the {table.name} table is as of {table.as_of}; pass a newer one for later "
            "half-years (rate_table=...)"
        )
    if record.is_credit_note:
        notes.append("a credit note carries no late charges")

    # Day-by-day base: the amount asked for, less payments from the day after each.
    changes = [
        (payment.date + timedelta(days=1), payment.amount)
        for payment in portfolio.payments_of(record.id)
        if payment.date <= on
    ]
    periods: list[ChargePeriod] = []
    start = record.due_date + timedelta(days=1)
    base = facts.amount
    for when, amount in changes:
        if when <= start:
            base -= amount
    pending = [(when, amount) for when, amount in changes if when > start]
    while days and margin is not None and not record.is_credit_note and start <= on:
        cuts = [_next_half_year(start), on + timedelta(days=1)]
        cuts += [when for when, _ in pending if when > start]
        end = min(cuts) - timedelta(days=1)
        reference = rules.reference_rate(table, _half_year_start(start))
        rate = reference + margin
        length = (end - start).days + 1
        if base > 0:
            periods.append(
                ChargePeriod(
                    start=start,
                    end=end,
                    days=length,
                    base=base,
                    reference_rate=reference,
                    rate=rate,
                    interest=base * rate / _HUNDRED * length / _YEAR,
                )
            )
        start = end + timedelta(days=1)
        for when, amount in pending:
            if when == start:
                base -= amount
    interest = sum((p.interest for p in periods), Decimal(0)).quantize(_CENT, ROUND_HALF_UP)
    last_reference = (
        periods[-1].reference_rate
        if periods
        else rules.reference_rate(table, _half_year_start(max(on, record.due_date)))
    )
    fixed = (
        rules.fixed_compensation(facts.amount, record.currency, consumer=consumer, notes=notes)
        if days and not record.is_credit_note
        else Decimal(0)
    )
    return LateCharges(
        invoice_id=record.id,
        jurisdiction=rules.code,
        on=on,
        days=days,
        interest=interest,
        rate=last_reference + (margin or Decimal(0)),
        reference_rate=last_reference,
        fixed_compensation=fixed,
        currency=record.currency,
        legal_basis=rules.legal_basis,
        periods=tuple(periods),
        notes=tuple(notes),
    )
