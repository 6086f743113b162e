"""Limitation periods: until when a creditor can still start proceedings for a claim.

A claim for payment is time-barred after a period set by law. The period starts on
the due date (France, Switzerland), the day after it (England and Wales) or at the
end of the year in which the claim fell due (Germany), and an acknowledgement by
the debtor (a part payment, a payment promise) starts a new period on its date.
The rules, with their articles, live in each jurisdiction's module.

``expires_on`` is the last day on which proceedings can still be started. An
invoice with a payment plan is as old as its oldest unpaid instalment: that part
expires first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from pydantic import BaseModel

from dunningkit.errors import JurisdictionError
from dunningkit.legal.jurisdictions import (
    BUILTIN,
    Jurisdiction,
    LimitationPeriod,
    LimitationRule,
    rules_for,
)
from dunningkit.model._customer import Customer, CustomerKind, customer_country
from dunningkit.model._invoice import Invoice
from dunningkit.model._payment import Payment, PaymentPromise
from dunningkit.model._types import MODEL_CONFIG

if TYPE_CHECKING:
    from dunningkit.book._portfolio import Portfolio

__all__ = ["Limitation", "claim_expires_on", "claim_expiry", "expiry_detail", "limitation"]


class LimitationSettings(Protocol):
    """What :func:`limitation` reads of a policy (a :class:`~dunningkit.Policy` fits).

    The jurisdiction, and whatever the jurisdiction's own rules read there: the same
    object goes to :meth:`~dunningkit.jurisdictions.Jurisdiction.limitation_period`
    (Switzerland reads ``ch_limitation_years``). No country's setting is named here.
    """

    @property
    def jurisdiction(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class _PlannerSettings:
    """The settings the planner's helpers pass on: the keyword they take, as a policy."""

    jurisdiction: str | None
    ch_limitation_years: int


_ZERO = Decimal(0)


class Limitation(BaseModel):
    """The limitation period of one invoice's claim.

    Attributes:
        started_on: the day the current period started (the due date, the day after
            it, the end of its year, or the day of the last acknowledgement).
        expires_on: the last day on which proceedings can still be started.
        period: its length in words, e.g. ``"5 years"``.
        basis: the statutes that set it (and restart it, when it was restarted).
        restarted_by: the id of the record (payment or promise) that restarted it.
        restarted_by_kind: ``"payment"`` or ``"promise"`` when it was restarted.
        on: the date the answer is as of (records dated after it ignored);
            ``None``: every record.
        notes: what the reader must know (acknowledgements that did not count...).
    """

    model_config = MODEL_CONFIG

    invoice_id: str
    jurisdiction: str
    on: date | None = None
    started_on: date
    expires_on: date
    period: str
    basis: str
    restarted_by: str | None = None
    restarted_by_kind: str | None = None
    notes: tuple[str, ...] = ()

    def expired(self, day: date) -> bool:
        """Whether proceedings started on ``day`` would be too late."""
        return day > self.expires_on

    def days_left(self, day: date) -> int:
        """Days from ``day`` to the last day (0 on it, negative once expired)."""
        return (self.expires_on - day).days


def _rules(
    portfolio: Portfolio, invoice: Invoice, jurisdiction: str | None, creditor_country: str | None
) -> tuple[Jurisdiction, LimitationRule]:
    customer = portfolio.customer(invoice.customer_id)
    country = customer_country(customer, creditor_country)
    rules = rules_for(jurisdiction, country)
    if rules is None:
        raise JurisdictionError(
            f"invoice {invoice.id}: no limitation rules known for the country "
            f"{country!r} of customer {customer.id}; name a jurisdiction "
            f"({', '.join(code for code in sorted(BUILTIN) if BUILTIN[code].limitation)})"
        )
    if rules.limitation is None:
        raise JurisdictionError(
            f"invoice {invoice.id}: the {rules.code} rules hold no limitation period "
            "(national law sets it); name a country's jurisdiction "
            f"({', '.join(code for code in sorted(BUILTIN) if BUILTIN[code].limitation)})"
        )
    return rules, rules.limitation


def _claim_due(portfolio: Portfolio, invoice: Invoice, on: date | None) -> date:
    """The due date of the oldest unpaid part of the claim."""
    if invoice.installments:
        for installment, open_ in portfolio.open_installments(invoice.id, on):
            if open_ > 0:
                return installment.due_date
    return invoice.due_date


def _acknowledgements(
    portfolio: Portfolio, invoice: Invoice, on: date | None, *, promises: bool
) -> list[tuple[date, str, str]]:
    """(date, kind, record id) of part payments and promises, oldest first."""
    found = [
        (p.date, "payment", p.id)
        for p in portfolio.payments_of(invoice.id)
        if on is None or p.date <= on
    ]
    if promises:
        found += [
            (promise.made_on, "promise", promise.id)
            for promise in portfolio.promises_of(invoice.customer_id)
            if (on is None or promise.made_on <= on)
            and promise.covers(invoice.id, invoice.issue_date)
        ]
    return sorted(found)


def _add_years(day: date, years: int) -> date:
    """The same calendar day ``years`` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _compute(
    rule: LimitationRule,
    due: date,
    years: int,
    acknowledgements: Iterable[tuple[date, str, str]],
    notes: list[str] | None,
) -> tuple[date, date, tuple[str, str] | None]:
    """(started_on, expires_on, (kind, id) of the restarting record) for one claim."""
    if rule.from_end_of_year:
        started = date(due.year, 12, 31)
    else:
        started = due + timedelta(days=rule.start_offset_days)
    expires = _add_years(started, years)
    restarted: tuple[str, str] | None = None
    for day, kind, record_id in acknowledgements:
        if day > expires:
            if notes is not None:
                notes.append(
                    f"{kind} {record_id} of {day} came after the claim expired on {expires}: "
                    "it does not start a new period"
                )
            continue
        renewed = _add_years(day, years)
        if renewed > expires:
            started, expires, restarted = day, renewed, (kind, record_id)
    return started, expires, restarted


def _unwritten_promises(
    portfolio: Portfolio, customer_id: str, rule: LimitationRule, on: date | None
) -> list[str]:
    """The note that promises were not counted, when they need writing and there are some."""
    if not rule.promise_needs_writing or not any(
        (on is None or p.made_on <= on) for p in portfolio.promises_of(customer_id)
    ):
        return []
    note = (
        "a payment promise restarts the period only if written and signed by the "
        f"debtor ({rule.restart_basis}); promises are not counted"
    )
    return [note]


def limitation(
    portfolio: Portfolio,
    invoice_id: str,
    *,
    on: date | None = None,
    jurisdiction: str | None = None,
    policy: LimitationSettings | None = None,
    creditor_country: str | None = None,
) -> Limitation:
    """When the claim of an invoice becomes time-barred, and why.

    Args:
        portfolio: the book holding the invoice, its customer, payments and promises.
        invoice_id: the invoice's id.
        on: answer as of this date: payments and promises dated after it are ignored.
        jurisdiction: overrides the one ``late_charges`` would use for the customer
            (the customer's country); ``policy.jurisdiction`` when a policy is given.
        policy: gives the jurisdiction when none is passed, and the settings the
            jurisdiction's own rules read (Switzerland: ``ch_limitation_years``, 10
            years by OR 127 or 5 by OR 128).
        creditor_country: the country of a customer that gives none; the policy's
            ``creditor.country`` when a policy is given (see
            ``dunningkit.model.customer_country``).

    Raises:
        JurisdictionError: no limitation rules are known for the jurisdiction (an
            unknown country, or ``EU`` whose Directive leaves the period to national law).
        PluginError: ``jurisdiction`` names no known rules.
        UnknownRecordError: no such invoice.
    """
    invoice = portfolio.invoice(invoice_id)
    if jurisdiction is None and policy is not None:
        jurisdiction = policy.jurisdiction
    if creditor_country is None and policy is not None:
        # A Policy fits LimitationSettings; a bare settings object may name no creditor.
        creditor_country = getattr(getattr(policy, "creditor", None), "country", None)
    rules, rule = _rules(portfolio, invoice, jurisdiction, creditor_country)
    customer = portfolio.customer(invoice.customer_id)
    period = rules.limitation_period(
        consumer=customer.kind is CustomerKind.INDIVIDUAL, settings=policy
    )
    acknowledgements = _acknowledgements(
        portfolio, invoice, on, promises=not rule.promise_needs_writing
    )
    notes = _unwritten_promises(portfolio, customer.id, rule, on)
    due = _claim_due(portfolio, invoice, on)
    started, expires, restarted = _compute(rule, due, period.years, acknowledgements, notes)
    notes.extend(rules.limitation_notes())
    return Limitation(
        invoice_id=invoice.id,
        jurisdiction=rules.code,
        on=on,
        started_on=started,
        expires_on=expires,
        period=f"{period.years} years",
        basis=f"{period.basis}; restarted: {rule.restart_basis}" if restarted else period.basis,
        restarted_by=restarted[1] if restarted else None,
        restarted_by_kind=restarted[0] if restarted else None,
        notes=tuple(notes),
    )


_PERIODS: dict[
    tuple[str | None, str, bool, int], tuple[LimitationRule, LimitationPeriod] | None
] = {}


def _cached_period(
    jurisdiction: str | None, country: str, *, consumer: bool, ch_limitation_years: int
) -> tuple[LimitationRule, LimitationPeriod] | None:
    """The rule and period for a claim, or ``None`` when no limitation rules are known."""
    # Built-in rules are stateless: one answer per key serves a whole run.
    key = (jurisdiction, country, consumer, ch_limitation_years)
    try:
        return _PERIODS[key]
    except KeyError:
        pass
    rules = rules_for(jurisdiction, country)
    found = None
    if rules is not None and rules.limitation is not None:
        settings = _PlannerSettings(jurisdiction, ch_limitation_years)
        found = (rules.limitation, rules.limitation_period(consumer=consumer, settings=settings))
    if jurisdiction is None or jurisdiction.upper() in BUILTIN:
        _PERIODS[key] = found
    return found


def claim_expires_on(
    portfolio: Portfolio,
    invoice: Invoice,
    on: date,
    *,
    jurisdiction: str | None = None,
    ch_limitation_years: int = 10,
    creditor_country: str | None = None,
) -> date | None:
    """The last day to start proceedings on an invoice's claim, for the planner.

    The same answer as ``limitation(...).expires_on`` as of ``on``, without building
    a model, and ``None`` instead of an error when no limitation rules are known for
    the customer (nothing to warn about). See :func:`claim_expiry` for the form that
    takes the records a caller already holds.
    """
    customer = portfolio.customer(invoice.customer_id)
    return claim_expiry(
        invoice,
        customer,
        portfolio.payments_of(invoice.id),
        portfolio.promises_of(customer.id),
        on,
        jurisdiction=jurisdiction,
        ch_limitation_years=ch_limitation_years,
        creditor_country=creditor_country,
    )


def claim_expiry(
    invoice: Invoice,
    customer: Customer,
    payments: Sequence[Payment],
    promises: Sequence[PaymentPromise],
    on: date,
    *,
    jurisdiction: str | None = None,
    ch_limitation_years: int = 10,
    creditor_country: str | None = None,
) -> date | None:
    """:func:`claim_expires_on` from records the caller already holds (no look-ups).

    ``payments`` are the invoice's, sorted by date; ``promises`` the customer's.
    Records dated after ``on`` are ignored. Pure and cheap: a cached rules lookup,
    then one pass over the payments and promises (none for most open invoices).
    ``ch_limitation_years`` is the policy's setting, handed to the jurisdiction's
    rules as :func:`limitation` hands them the policy (Switzerland reads it).
    ``creditor_country`` is the country of a customer that gives none.
    """
    found = _cached_period(
        jurisdiction,
        customer_country(customer, creditor_country),
        consumer=customer.kind is CustomerKind.INDIVIDUAL,
        ch_limitation_years=ch_limitation_years,
    )
    if found is None:
        return None
    rule, period = found
    years = period.years
    due = invoice.due_date
    if invoice.installments:
        paid = sum((p.amount for p in payments if p.date <= on), _ZERO)
        for installment in invoice.installments:
            if paid < installment.amount:
                due = installment.due_date
                break
            paid -= installment.amount
    counted = () if rule.promise_needs_writing else promises
    if not payments and not counted:
        if rule.from_end_of_year:
            return _add_years(date(due.year, 12, 31), years)
        return _add_years(due + timedelta(days=rule.start_offset_days), years)
    acknowledgements = sorted(
        [(p.date, "payment", p.id) for p in payments if p.date <= on]
        + [
            (promise.made_on, "promise", promise.id)
            for promise in counted
            if promise.made_on <= on and promise.covers(invoice.id, invoice.issue_date)
        ]
    )
    return _compute(rule, due, years, acknowledgements, None)[1]


def expiry_detail(expires_on: date, on: date) -> str:
    """The words a plan gives an invoice whose claim expires soon or has expired."""
    left = (expires_on - on).days
    if left < 0:
        return f"claim time-barred since {expires_on + timedelta(days=1)} (last day {expires_on})"
    return f"claim time-barred after {expires_on} ({left} days left to start proceedings)"
