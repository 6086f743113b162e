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
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from pydantic import BaseModel

from dunningkit.book._figures import invoice_facts
from dunningkit.errors import RateTableOutdated
from dunningkit.legal._interest import (
    ChargePeriod,
    days_late,
    debt_parts,
    half_year_start,
    interest_periods,
)
from dunningkit.legal._rates import RateTable
from dunningkit.legal.jurisdictions import BUILTIN, Jurisdiction, rules_for
from dunningkit.model._customer import customer_country
from dunningkit.model._invoice import Invoice
from dunningkit.model._payment import Payment
from dunningkit.model._types import MODEL_CONFIG

if TYPE_CHECKING:
    from dunningkit.book._portfolio import Portfolio

__all__ = ["LateCharges", "late_charges"]

_ZERO = Decimal(0)
_CENT = Decimal("0.01")


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
    creditor_country: str | None = None,
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
        creditor_country: the country of a customer that gives none
            (``Policy.creditor.country``; see ``dunningkit.model.customer_country``).

    Raises:
        RateTableOutdated: a charge period falls after the table's ``as_of`` date
            and ``allow_stale`` is false.
        PluginError: ``jurisdiction`` names no known rules.
    """
    record = portfolio.invoice(invoice) if isinstance(invoice, str) else invoice
    customer = portfolio.customer(record.customer_id)
    country = customer_country(customer, creditor_country)
    rules = rules_for(jurisdiction, country)
    if rules is None:
        return _no_rules(record, country, on)
    table = _rate_table(rules, rate_table, rate_tables)
    return _charges(
        record,
        portfolio.payments_of(record.id),
        on,
        rules,
        table,
        consumer=customer.kind == "individual",
        allow_stale=allow_stale,
    )


def _charges(
    record: Invoice,
    payments: Sequence[Payment],
    on: date,
    rules: Jurisdiction,
    table: RateTable | None,
    *,
    consumer: bool,
    allow_stale: bool,
) -> LateCharges:
    """The charges on one invoice under known rules and rate table, step by step."""
    facts = invoice_facts(record, payments, on)
    margin = rules.margin(consumer=consumer)
    notes = _notes(rules, record, table, margin)
    parts = [] if record.is_credit_note else debt_parts(record, facts.amount, payments, on)
    days = days_late(parts, on)
    periods, uncovered = interest_periods(rules, table, parts, on, margin)
    warnings = _stale(table, uncovered, on, allow_stale=allow_stale)
    last_reference = _last_reference(rules, table, periods, max(on, record.due_date))
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
        interest=sum((p.interest for p in periods), _ZERO).quantize(_CENT, ROUND_HALF_UP),
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


def _rate_table(
    rules: Jurisdiction, given: RateTable | None, by_id: Mapping[str, RateTable] | None
) -> RateTable | None:
    """The reference-rate table: the one given, the caller's for the rules, or the shipped one."""
    if rules.statutory_rate is not None:
        return None  # a rate fixed by law has no reference rate
    return given or (by_id or {}).get(rules.rate_table_name) or rules.rate_table()


def _notes(
    rules: Jurisdiction, record: Invoice, table: RateTable | None, margin: Decimal | None
) -> list[str]:
    """What the reader must know before any figure: consumer debts, credit notes, fixed rates."""
    notes: list[str] = []
    if margin is None:
        notes.append(rules.consumer_note)
    if record.is_credit_note:
        notes.append("a credit note carries no late charges")
    if table is None:
        notes.append(f"a rate fixed by law; day count {rules.day_count}")
    return notes


def _stale(
    table: RateTable | None, uncovered: Sequence[date], on: date, *, allow_stale: bool
) -> list[str]:
    """The warning for days past the table's end; an error unless stale rates are allowed."""
    if not uncovered or table is None:
        return []
    missing_from = min(uncovered)
    if not allow_stale:
        raise RateTableOutdated(table.name, table.as_of, missing_from, on)
    warning = (
        f"stale rates: the {table.name} table is as of {table.as_of}; no rate is known "
        f"from {missing_from} to {on}, the last known rate was used "
        "(import newer rates: `dunningkit rates import FILE`)"
    )
    return [warning]


def _last_reference(
    rules: Jurisdiction, table: RateTable | None, periods: Sequence[ChargePeriod], day: date
) -> Decimal:
    """The reference rate of the latest period, else the one in force for ``day``."""
    if periods:
        return periods[-1].reference_rate
    if table is None:
        return _ZERO
    return rules.reference_rate(table, half_year_start(day))
