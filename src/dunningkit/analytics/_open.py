"""The one definition of "open on a day" that every analytics figure reads.

:func:`open_parts` is the rule (the amount the planner would ask for on that day, per
due date). The rest are the ways a figure walks the book with it: the payments per
invoice grouped once, every invoice's facts, and :func:`open_on`, which works out the
usual invoice (no payment plan, one status all along) without building its facts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from decimal import Decimal

from dunningkit.book._figures import InvoiceFacts, invoice_facts, open_installments
from dunningkit.book._portfolio import Portfolio
from dunningkit.model._invoice import Invoice, InvoiceKind, InvoiceStatus
from dunningkit.model._payment import Payment

__all__ = [
    "NO_PAYMENTS",
    "Part",
    "asked",
    "facts_on",
    "open_on",
    "open_parts",
    "parts_of",
    "payments_by_invoice",
    "steady_since",
]

NO_PAYMENTS: tuple[Payment, ...] = ()
_CANCELLED = InvoiceStatus.CANCELLED
_CREDIT_NOTE = InvoiceKind.CREDIT_NOTE
_PARTIAL = InvoiceStatus.PARTIALLY_ACCEPTED
_PAID = InvoiceStatus.PAID

Part = tuple[date, Decimal]
"""An open amount and the date it is (or was) due."""


def parts_of(f: InvoiceFacts) -> tuple[Part, ...]:
    """The receivable open on the facts' day, per due date (see :func:`open_parts`)."""
    open_ = f.open
    if open_ <= 0:
        return ()
    inv = f.invoice
    if f.credit:
        return ((inv.due_date, -open_),)
    if not inv.installments:
        return ((inv.due_date, open_),)
    # A payment plan: each instalment's open part, as the planner counts it.
    return tuple((i.due_date, part) for i, part in open_installments(f) if part > 0)


def open_parts(invoice: Invoice, payments: Sequence[Payment], on: date) -> tuple[Part, ...]:
    """The receivable an invoice leaves open on ``on``, as ``(due_date, amount)`` parts.

    This is the single definition every analytics figure uses:

    * nothing for an invoice issued after ``on`` or cancelled as of ``on``;
    * the amount asked for (the accepted part of a partially accepted invoice) minus
      the payments dated on or before ``on``; nothing once it is marked paid;
    * one part per instalment still open for a payment plan (payments settle the
      oldest instalment first), each due on its own date;
    * an open credit note is one negative part.

    Args:
        invoice: the invoice or credit note.
        payments: its payments, any dates, sorted by date
            (``portfolio.payments_of(invoice.id)``).
        on: the day.

    Returns:
        The open parts, in order of due date; empty when nothing is open.
    """
    if invoice.issue_date > on:
        return ()
    return parts_of(invoice_facts(invoice, payments, on))


def asked(invoice: Invoice) -> Decimal:
    """The amount asked for: the accepted part of a partially accepted invoice."""
    if invoice.status is _PARTIAL and invoice.accepted_amount is not None:
        return invoice.accepted_amount
    return invoice.amount


def steady_since(invoice: Invoice, since: date) -> bool:
    """Whether the invoice has no payment plan and its status held already on ``since``.

    Such an invoice's open amount on any day from ``since`` is :func:`asked` minus the
    payments up to that day (nothing when cancelled or paid), which the fast paths of
    the figures work out without building its facts day by day.
    """
    changed_on = invoice.status_date
    return not invoice.installments and (changed_on is None or changed_on <= since)


def payments_by_invoice(portfolio: Portfolio) -> dict[str, list[Payment]]:
    """Payments per invoice, by date then id, as ``Portfolio.payments_of`` orders them.

    Grouped here rather than through the portfolio's lookups: those also sort every
    customer's invoices, promises and events, which a one-off figure on a fresh
    book of a million invoices would pay for in seconds without using.
    """
    found: dict[str, list[Payment]] = {}
    for payment in portfolio.payments:
        mine = found.get(payment.invoice_id)
        if mine is None:
            found[payment.invoice_id] = [payment]
        else:
            mine.append(payment)
    for mine in found.values():
        if len(mine) > 1:
            mine.sort(key=_payment_order)
    return found


def _payment_order(payment: Payment) -> tuple[date, str]:
    return payment.date, payment.id


def facts_on(portfolio: Portfolio, on: date) -> Iterable[InvoiceFacts]:
    """Facts of every invoice issued on or before ``on`` (one pass, record order)."""
    get = payments_by_invoice(portfolio).get
    for invoice in portfolio.invoices:
        if invoice.issue_date <= on:
            yield invoice_facts(invoice, get(invoice.id, NO_PAYMENTS), on)


def open_on(portfolio: Portfolio, on: date) -> Iterator[tuple[Invoice, tuple[Part, ...]]]:
    """Every invoice with something open on ``on``, with its :func:`open_parts`."""
    get = payments_by_invoice(portfolio).get
    for invoice in portfolio.invoices:
        if invoice.issue_date > on:
            continue
        paid = get(invoice.id, NO_PAYMENTS)
        if steady_since(invoice, on):
            parts = _steady_parts(invoice, paid, on)
        else:
            parts = parts_of(invoice_facts(invoice, paid, on))
        if parts:
            yield invoice, parts


def _steady_parts(invoice: Invoice, paid: Sequence[Payment], on: date) -> tuple[Part, ...]:
    """:func:`open_parts` of an invoice :func:`steady_since` ``on``."""
    status = invoice.status
    if status is _CANCELLED or status is _PAID:
        return ()
    amount = asked(invoice)
    for payment in paid:
        if payment.date > on:
            break
        amount -= payment.amount
    if amount <= 0:
        return ()
    return ((invoice.due_date, -amount if invoice.kind is _CREDIT_NOTE else amount),)
