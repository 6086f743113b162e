"""Late-payment charges: interest and fixed compensation, per jurisdiction.

Conventions (the same for every jurisdiction):

* simple interest, actual days over 365;
* interest runs from the day after the due date up to and including ``on``, or up
  to the day insolvency proceedings stop it (:attr:`Jurisdiction.interest_stop`);
* an invoice with a payment plan is late instalment by instalment: each instalment
  bears interest from the day after its own due date on its own open part;
* payments settle the oldest instalment first and reduce the base from the day
  after their date;
* when the reference rate changes (a new half-year), each period uses its own rate,
  unless the law fixes the rate for the debt (:attr:`Jurisdiction.rate_fixed_for_debt`);
* the rate is the contract's when there is one, never below the law's floor, else
  the statute's (:mod:`dunningkit.legal._pricing`);
* the total interest is rounded half-up to the cent once, at the end.

The reference-rate tables ship as data files with their source and as-of date
(``dunningkit/data/rates``). A period after the last date a table covers raises
:class:`RateTableOutdated` unless the caller passes ``allow_stale=True``; the
result then carries a warning.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from pydantic import BaseModel

from dunningkit.book._figures import invoice_facts
from dunningkit.errors import RateTableOutdated
from dunningkit.legal._basis import InterestBasis, basis_text, interest_basis
from dunningkit.legal._interest import ChargePeriod, days_late, debt_parts, priced_periods
from dunningkit.legal._pricing import PeriodRate, Pricing
from dunningkit.legal._rates import RateTable, builtin_rate_table, half_year_start
from dunningkit.legal.jurisdictions import BUILTIN, Jurisdiction, rules_for
from dunningkit.model._customer import Proceedings, customer_country
from dunningkit.model._invoice import Invoice
from dunningkit.model._payment import Payment
from dunningkit.model._terms import InterestTerms
from dunningkit.model._types import MODEL_CONFIG

if TYPE_CHECKING:
    from dunningkit.book._portfolio import Portfolio

__all__ = ["LateCharges", "late_charges"]

_ZERO = Decimal(0)
_CENT = Decimal("0.01")


class LateCharges(BaseModel):
    """What a late payer owes on top of the invoice, and on which legal basis.

    Attributes:
        interest: late-payment interest, rounded half-up to the cent.
        rate: the annual rate (percent) of the latest period; ``periods`` has each.
        reference_rate: the reference rate (percent) of the latest period.
        days: days late as of ``on``, counted from the due date of the oldest part
            paid late or still unpaid (0 when nothing was late).
        fixed_compensation: the fixed recovery compensation, in the invoice's currency.
        notes: anything the reader must know (a consumer debt, a currency...).
        warnings: what makes the figures doubtful: a rate table that does not
            cover the period (only with ``allow_stale=True``).
        statutory: ``False`` when dunningkit knows no statutory charges for the
            customer's country (the amounts are then zero, or the contract's
            interest alone, and ``notes`` says so).
        stale_table: the name of the rate table that did not cover the period
            (with ``allow_stale=True``), else ``None``.
        interest_basis: where the interest rate comes from: ``statute``,
            ``contract``, ``floor`` (the contract's rate was below the least the law
            allows, the floor applies) or ``none`` (no interest is owed).
        interest_basis_text: the same in a sentence a credit manager reads, with the
            rate and its source.
        rules_id: the rules applied, as :func:`~dunningkit.jurisdictions.resolve`
            reads them (``FR``, ``FR/public_body`` for a French public buyer); empty
            without statutory rules.
        interest_until: the last day that bears interest when insolvency proceedings
            stopped it before ``on``; else ``None``.
        interest_stop: the text by which insolvency proceedings stop the interest on
            this claim at their opening (``interest_until``, or the opening day when
            that day still bears interest); empty when none stops it.
        interest_days: the days that bear interest: ``days`` counted to
            ``interest_until`` when proceedings stopped the interest, else ``days``.
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
    interest_basis: InterestBasis = "statute"
    interest_basis_text: str = ""
    rules_id: str = ""
    interest_until: date | None = None
    interest_stop: str = ""
    interest_days: int = 0

    @property
    def total(self) -> Decimal:
        """Interest plus fixed compensation."""
        return self.interest + self.fixed_compensation


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
    policy_interest: InterestTerms | None = None,
) -> LateCharges:
    """Late-payment interest and fixed compensation owed on an invoice as of ``on``.

    The jurisdiction is an ISO 3166 country code (``GB`` for the United Kingdom;
    ``UK`` is read as ``GB``) or ``EU``; it defaults to the customer's country: its
    own rules when dunningkit has them, the Directive (``EU``) for other EEA
    countries, and elsewhere an answer saying that no statutory charges are known
    (``statutory=False``), never another country's rules. A debtor the law treats
    apart has its own rules (a French public buyer: the Code de la commande publique).

    The interest is the contract's when there is one (``Customer.late_interest``,
    else ``policy_interest``), never below the floor the law sets (France: three
    times the legal interest rate), else the statute's: ``interest_basis`` says
    which. Interest on a claim born before insolvency proceedings stops at their
    opening where the law says so (:attr:`Jurisdiction.interest_stop`).

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
        policy_interest: the interest the creditor's terms set
            (``Policy.late_interest``); the customer's own ``late_interest`` wins.

    Raises:
        RateTableOutdated: a charge period falls after the table's ``as_of`` date
            and ``allow_stale`` is false.
        PluginError: ``jurisdiction`` names no known rules.
    """
    record = portfolio.invoice(invoice) if isinstance(invoice, str) else invoice
    customer = portfolio.customer(record.customer_id)
    country = customer_country(customer, creditor_country)
    found = rules_for(jurisdiction, country)
    rules = None if found is None else found.for_debtor(customer.kind)
    consumer = customer.kind == "individual"
    margin = None if rules is None else rules.margin(consumer=consumer)
    contract = customer.late_interest or policy_interest
    tables = (_rate_table(rules, rate_table, rate_tables), _floor_table(rules, rate_tables))
    pricing = Pricing(rules, tables[0], margin, contract, tables[1])
    debtor = _Debtor(country, consumer, customer.late_interest is not None, customer.proceedings)
    return _charges(record, portfolio.payments_of(record.id), on, pricing, debtor, allow_stale)


@dataclass(frozen=True, slots=True)
class _Debtor:
    """What the charges read of the customer besides the rules."""

    country: str
    consumer: bool
    own_contract: bool
    proceedings: Proceedings | None


def _charges(
    record: Invoice,
    payments: Sequence[Payment],
    on: date,
    pricing: Pricing,
    debtor: _Debtor,
    allow_stale: bool,
) -> LateCharges:
    """The charges on one invoice once the rules, tables and contract are known."""
    rules = pricing.rules
    facts = invoice_facts(record, payments, on)
    notes = [] if rules is not None else [_no_rules_note(debtor.country, pricing.contract)]
    notes += _notes(pricing, record)
    until, stop = _interest_until(rules, debtor.proceedings, record, on, notes)
    parts = [] if record.is_credit_note else debt_parts(record, facts.amount, payments, on)
    days = days_late(parts, on)
    periods, uncovered = priced_periods(pricing, parts, until)
    warnings = _stale(uncovered, on, allow_stale=allow_stale)
    fixed = _ZERO
    if days and rules is not None:
        fixed = rules.fixed_compensation(
            facts.amount, record.currency, consumer=debtor.consumer, notes=notes
        )
    last = _last_rate(pricing, periods, max(on, record.due_date), record.due_date)
    return LateCharges(
        invoice_id=record.id,
        jurisdiction=debtor.country if rules is None else rules.code,
        on=on,
        days=days,
        interest=sum((p.interest for p in periods), _ZERO).quantize(_CENT, ROUND_HALF_UP),
        rate=last.rate,
        reference_rate=last.reference,
        fixed_compensation=fixed,
        currency=record.currency,
        legal_basis="" if rules is None else rules.legal_basis,
        periods=tuple(periods),
        notes=tuple(notes),
        warnings=tuple(text for text, _ in warnings),
        statutory=rules is not None,
        stale_table=warnings[0][1] if warnings else None,
        interest_basis=interest_basis(periods),
        interest_basis_text=basis_text(pricing, periods, own=debtor.own_contract),
        rules_id="" if rules is None else rules.rules_id,
        interest_until=until if until < on else None,
        interest_stop=stop,
        interest_days=days_late(parts, until) if until < on else days,
    )


def _no_rules_note(country: str, contract: InterestTerms | None) -> str:
    known = ", ".join(sorted(BUILTIN))
    note = (
        f"no statutory late-payment charges known for country {country}: dunningkit "
        f"ships rules for {known} and the Directive's for EEA countries; name a "
        "jurisdiction (jurisdiction=...) or install a plugin for it"
    )
    return note if contract is None else f"{note}; the contract's interest alone applies"


def _rate_table(
    rules: Jurisdiction | None, given: RateTable | None, by_id: Mapping[str, RateTable] | None
) -> RateTable | None:
    """The reference-rate table: the one given, the caller's for the rules, or the shipped one."""
    if rules is None:
        return given  # no rules: only a table the caller names gives a reference rate
    if rules.statutory_rate is not None:
        return None  # a rate fixed by law has no reference rate
    return given or (by_id or {}).get(rules.rate_table_name) or rules.rate_table()


def _floor_table(
    rules: Jurisdiction | None, by_id: Mapping[str, RateTable] | None
) -> RateTable | None:
    """The table a contract's floor reads (France's legal interest rate), if any."""
    floor = None if rules is None else rules.interest_floor
    if floor is None or not floor.table_name:
        return None
    return (by_id or {}).get(floor.table_name) or builtin_rate_table(floor.table_name)


def _notes(pricing: Pricing, record: Invoice) -> list[str]:
    """What the reader must know before any figure: consumer debts, credit notes, fixed rates."""
    notes: list[str] = []
    rules = pricing.rules
    if rules is not None and pricing.margin is None and pricing.contract is None:
        notes.append(rules.consumer_note)
    if record.is_credit_note:
        notes.append("a credit note carries no late charges")
    if rules is not None and rules.statutory_rate is not None:
        notes.append(f"a rate fixed by law; day count {rules.day_count}")
    if pricing.contract is not None and not pricing.bears_interest:
        notes.append(
            "the contract sets points over a reference rate and none is known here: "
            "pass the reference-rate table (rate_table=...)"
        )
    return notes


def _interest_until(
    rules: Jurisdiction | None,
    proceedings: Proceedings | None,
    record: Invoice,
    on: date,
    notes: list[str],
) -> tuple[date, str]:
    """The last day that bears interest: ``on``, or the eve (or the day) of an
    insolvency opening that stops interest on a claim born before it; and the text
    that stops it (empty: none)."""
    if proceedings is None or not proceedings.covers(record.issue_date):
        return on, ""
    if on < proceedings.opened_on:
        return on, ""
    stop = None if rules is None else rules.interest_stop
    opened = f"{proceedings.kind} proceedings opened on {proceedings.opened_on}"
    if stop is None or str(proceedings.kind) not in stop.kinds:
        notes.append(
            f"{opened}: these rules do not stop interest at the opening; the law of the "
            "proceedings may (ask the administrator)"
        )
        return on, ""
    last = stop.last_day(proceedings.opened_on)
    notes.append(f"{opened}: interest is counted up to {last} ({stop.basis})")
    return min(on, last), stop.basis


def _stale(
    uncovered: Sequence[tuple[RateTable, date]], on: date, *, allow_stale: bool
) -> list[tuple[str, str]]:
    """The warning (and table name) for days past a table's end; an error unless
    stale rates are allowed."""
    warnings: list[tuple[str, str]] = []
    for table in dict.fromkeys(table for table, _ in uncovered):
        missing_from = min(day for t, day in uncovered if t is table)
        if not allow_stale:
            raise RateTableOutdated(table.name, table.as_of, missing_from, on)
        warning = (
            f"stale rates: the {table.name} table is as of {table.as_of}; no rate is known "
            f"from {missing_from} to {on}, the last known rate was used "
            "(import newer rates: `dunningkit rates import FILE`)"
        )
        warnings.append((warning, table.name))
    return warnings


def _last_rate(
    pricing: Pricing, periods: Sequence[ChargePeriod], day: date, due: date
) -> PeriodRate:
    """The rate of the latest period, else the one that would apply on ``day`` (the
    reference rate alone where no interest is owed: what a consumer's letter cites)."""
    if periods:
        last = periods[-1]
        return PeriodRate(last.reference_rate, last.rate, last.basis)
    if pricing.bears_interest:
        return pricing.rate(half_year_start(day), due)
    if pricing.rules is None or pricing.table is None:
        return PeriodRate(_ZERO, _ZERO, "statute")
    reference = pricing.rules.reference_rate(pricing.table, half_year_start(day))
    return PeriodRate(reference, reference, "statute")
