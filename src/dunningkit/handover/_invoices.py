"""Each open invoice as the claim states it: open amount, what of it is due, instalments,
charges, limitation.

A dossier claims what is due on its day: an invoice from its due date, an instalment
from its own; the rest of what is open is listed apart, not claimed (:func:`due_on`).

What weakens a claim goes to the dossier's warnings as the invoice is read: stale
rate tables, a claim close to or past its limitation date, a dispute.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from dunningkit.book._portfolio import Portfolio
from dunningkit.errors import JurisdictionError
from dunningkit.handover._records import DossierInstallment, DossierInvoice
from dunningkit.legal._charges import LateCharges, late_charges
from dunningkit.legal._limitation import Limitation, limitation
from dunningkit.model._invoice import DISPUTE_STATUSES, Invoice, InvoiceStatus
from dunningkit.policy._policy import Policy

__all__ = ["dossier_invoice", "due_on", "open_on"]

_ZERO = Decimal(0)


def open_on(portfolio: Portfolio, invoice: Invoice, day: date) -> Decimal:
    """What is still open on a document on ``day`` (nothing once paid or cancelled)."""
    status, _ = invoice.status_on(day)
    if status in (InvoiceStatus.PAID, InvoiceStatus.CANCELLED):
        return _ZERO
    return portfolio.open_amount(invoice.id, day)


def due_on(portfolio: Portfolio, invoice: Invoice, day: date, open_amount: Decimal) -> Decimal:
    """The part of ``open_amount`` due on ``day``: what a claim may ask for that day.

    An invoice is due from its due date; with a payment plan, each instalment from its
    own due date (payments settle the oldest first). A credit note is deducted in full.
    """
    if invoice.is_credit_note:
        return open_amount
    nothing = open_amount - open_amount  # zero, written with the amount's places
    if not invoice.installments:
        return open_amount if invoice.due_date <= day else nothing
    parts = portfolio.open_installments(invoice.id, day)
    return sum((left for part, left in parts if part.due_date <= day), nothing)


def _charges(
    portfolio: Portfolio, invoice: Invoice, on: date, policy: Policy, warnings: list[str]
) -> LateCharges:
    charges = late_charges(
        invoice,
        portfolio,
        on,
        policy.jurisdiction,
        allow_stale=True,
        rate_tables=policy.loaded_rate_tables(),
        creditor_country=policy.creditor.country,
        policy_interest=policy.late_interest,
    )
    warnings.extend(f"invoice {invoice.id}: {w}" for w in charges.warnings)
    return charges


def _limitation(
    portfolio: Portfolio, invoice: Invoice, on: date, policy: Policy, warnings: list[str]
) -> tuple[Limitation | None, str | None]:
    """The claim's limitation date, or why none is known; a warning when it is near."""
    try:
        expiry = limitation(portfolio, invoice.id, on=on, policy=policy)
    except JurisdictionError as error:
        return None, str(error)
    if expiry.expired(on):
        warnings.append(
            f"invoice {invoice.id}: the claim was time-barred on {expiry.expires_on} "
            f"({expiry.basis}); a court will dismiss it if the debtor objects"
        )
    elif expiry.days_left(on) <= policy.limitation_warning_days:
        warnings.append(
            f"invoice {invoice.id}: the claim becomes time-barred after "
            f"{expiry.expires_on} ({expiry.days_left(on)} days left): start proceedings "
            "before then"
        )
    return expiry, None


def _installments(
    portfolio: Portfolio, invoice: Invoice, on: date
) -> tuple[DossierInstallment, ...]:
    if not invoice.installments:
        return ()
    return tuple(
        DossierInstallment(
            due_date=i.due_date, amount=i.amount, open_amount=left, due=i.due_date <= on
        )
        for i, left in portfolio.open_installments(invoice.id, on)
    )


def dossier_invoice(
    portfolio: Portfolio,
    invoice: Invoice,
    on: date,
    policy: Policy,
    open_amount: Decimal,
    warnings: list[str],
) -> DossierInvoice:
    """One open document as of ``on``; its warnings appended to ``warnings``."""
    status, accepted = invoice.status_on(on)
    charges: LateCharges | None = None
    expiry: Limitation | None = None
    expiry_note: str | None = None
    if not invoice.is_credit_note:
        charges = _charges(portfolio, invoice, on, policy, warnings)
        expiry, expiry_note = _limitation(portfolio, invoice, on, policy, warnings)
    disputed = status in DISPUTE_STATUSES
    if disputed:
        warnings.append(
            f"invoice {invoice.id} is {status} (since {invoice.status_date or invoice.issue_date}):"
            " a payment order is for undisputed claims; settle the dispute or go to court on it"
        )
    return DossierInvoice(
        id=invoice.id,
        kind=str(invoice.kind),
        issue_date=invoice.issue_date,
        due_date=invoice.due_date,
        currency=invoice.currency,
        amount=invoice.amount,
        accepted_amount=accepted,
        open_amount=open_amount,
        due_amount=due_on(portfolio, invoice, on, open_amount),
        status=status,
        status_date=invoice.status_date if status is invoice.status else None,
        disputed=disputed,
        order_reference=invoice.order_reference,
        installments=_installments(portfolio, invoice, on),
        charges=charges,
        limitation=expiry,
        limitation_note=expiry_note,
    )
