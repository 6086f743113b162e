"""One definition of each figure about an invoice on a day.

The planner, ``explain``, ``render``, ``late_charges``, ``check_plan``, the analytics
and the command line all read these, so they never disagree:

* **status on a day**: the latest status dated on or before it (``issued`` before any).
* **amount asked**: the accepted part of a partially accepted invoice, else its amount.
* **paid**: payments dated on or before the day.
* **outstanding**: amount minus paid; what the ledger shows unpaid. Every invoice
  outstanding on a day is in that day's plan, as an action or a skip.
* **settled on**: the day the payments (dated up to the day) first cover the amount
  asked; else, for an invoice marked ``paid``, its status date (undated: its due
  date, or the day itself when earlier) (:attr:`InvoiceFacts.settled_on`).
* **open**: amount asked minus paid; zero once settled, marked ``paid`` or
  ``cancelled``. What a reminder may ask for, and what counts as a receivable.
* **counted**: whether an invoice counts in payment behaviour (lateness, on-time
  ratio): not a credit note, and not in one of the statuses not counted
  (``NOT_COUNTED``: cancelled, refused, rejected, disputed, suspended).
* **instalments**: payments settle the oldest instalment first; each instalment is
  late from its own due date (:func:`open_installments`).
* **due now**: the due date reminders count from (the earliest instalment still
  open) and the amount due by then (:func:`due_now`); **days overdue** count from it.
* **overdue open**: the open amount past its due date on a day (an instalment's open
  part once its own due date has passed) (:func:`overdue_open`); a customer's
  **overdue balance** in a currency is the sum of it over the invoices it may be
  dunned for.
* **never dunned**: the statuses under which no reminder goes out (``NEVER_DUNNED``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Protocol

from dunningkit.model._customer import Hold
from dunningkit.model._invoice import Installment, InvoiceKind, InvoiceStatus, StatusChange
from dunningkit.model._payment import Payment

__all__ = [
    "NOT_COUNTED",
    "InvoiceFacts",
    "InvoiceLike",
    "days_overdue",
    "due_now",
    "invoice_facts",
    "open_installments",
    "overdue_open",
]

_ZERO = Decimal(0)
_PARTIAL = InvoiceStatus.PARTIALLY_ACCEPTED
_CLOSED = frozenset({InvoiceStatus.PAID, InvoiceStatus.CANCELLED})  # nothing left to ask
NOT_COUNTED = frozenset(
    {
        InvoiceStatus.CANCELLED,
        InvoiceStatus.REFUSED,
        InvoiceStatus.REJECTED,
        InvoiceStatus.DISPUTED,
        InvoiceStatus.SUSPENDED,
    }
)
"""Statuses under which an invoice does not count in payment behaviour."""


class InvoiceLike(Protocol):
    """What the figures read of an invoice: an :class:`~dunningkit.Invoice`, or the
    ledger's row that stands for one without building it."""

    @property
    def id(self) -> str: ...
    @property
    def customer_id(self) -> str: ...
    @property
    def kind(self) -> InvoiceKind: ...
    @property
    def issue_date(self) -> date: ...
    @property
    def due_date(self) -> date: ...
    @property
    def currency(self) -> str: ...
    @property
    def amount(self) -> Decimal: ...
    @property
    def status(self) -> InvoiceStatus: ...
    @property
    def status_date(self) -> date | None: ...
    @property
    def status_history(self) -> tuple[StatusChange, ...]: ...
    @property
    def accepted_amount(self) -> Decimal | None: ...
    @property
    def hold(self) -> Hold | None: ...
    @property
    def installments(self) -> tuple[Installment, ...]: ...
    @property
    def direct_debit(self) -> bool: ...
    @property
    def collection_date(self) -> date | None: ...
    @property
    def is_credit_note(self) -> bool: ...

    def status_on(self, day: date) -> tuple[InvoiceStatus, Decimal | None]: ...


class InvoiceFacts:
    """What is known of one invoice on a given day; computed once, used by every rule.

    Attributes:
        invoice: the invoice (its record, or the ledger row standing for it).
        status: the status known that day.
        amount: the amount asked for: the accepted part of a partially accepted invoice.
        paid: payments dated up to that day.
        settled_on: the day the amount was covered, if it was.
        payments: how many payments count.
        open: what remains to be asked for (zero once settled, marked paid or cancelled).
        outstanding: the invoice's amount minus what was paid (what the ledger shows).
        credit: whether the document is a credit note.
    """

    __slots__ = (
        "amount",
        "credit",
        "invoice",
        "open",
        "outstanding",
        "paid",
        "payments",
        "settled_on",
        "status",
    )

    def __init__(
        self,
        invoice: InvoiceLike,
        status: InvoiceStatus,
        amount: Decimal,
        paid: Decimal,
        settled_on: date | None,
        payments: int,
    ) -> None:
        self.invoice = invoice
        self.status = status
        self.amount = amount
        self.paid = paid
        self.settled_on = settled_on
        self.payments = payments
        self.credit = invoice.kind is InvoiceKind.CREDIT_NOTE
        self.outstanding = invoice.amount - paid if paid else invoice.amount
        if settled_on is not None or status in _CLOSED:
            self.open = _ZERO
        else:
            self.open = amount - paid if amount > paid else _ZERO

    @property
    def counted(self) -> bool:
        """Whether the invoice counts in payment behaviour (not a credit note, and its
        status not in ``NOT_COUNTED``)."""
        return not self.credit and self.status not in NOT_COUNTED

    def days_late(self, as_of: date) -> int:
        """Days between the due date and settlement (or ``as_of`` while open), at least 0."""
        end = self.settled_on or as_of
        return max((end - self.invoice.due_date).days, 0)


def invoice_facts(invoice: InvoiceLike, payments: Sequence[Payment], as_of: date) -> InvoiceFacts:
    """The facts of one invoice on ``as_of``; ``payments`` sorted by date, any dates."""
    status_date = invoice.status_date
    if status_date is None or status_date <= as_of:
        status, accepted = invoice.status, invoice.accepted_amount
    else:
        status, accepted = invoice.status_on(as_of)
    amount = accepted if accepted is not None and status is _PARTIAL else invoice.amount
    paid = _ZERO
    settled_on = None
    count = 0
    for payment in payments:
        if payment.date > as_of:
            break
        paid += payment.amount
        count += 1
        if settled_on is None and paid >= amount:
            settled_on = payment.date
    if settled_on is None and status is InvoiceStatus.PAID:
        settled_on = (
            status_date
            if status_date is not None and status_date <= as_of
            else min(invoice.due_date, as_of)
        )
    return InvoiceFacts(invoice, status, amount, paid, settled_on, count)


def open_installments(facts: InvoiceFacts) -> list[tuple[Installment, Decimal]]:
    """Each instalment with its open part; payments settle the oldest first.

    The parts add up to ``facts.open`` (the accepted amount caps the last ones).
    """
    remaining = facts.paid
    room = facts.open
    parts = []
    for installment in facts.invoice.installments:
        settled = min(remaining, installment.amount)
        remaining -= settled
        part = min(installment.amount - settled, room)
        room -= part
        parts.append((installment, part))
    return parts


def due_now(facts: InvoiceFacts, on: date) -> tuple[date, Decimal]:
    """The due date reminders count from, and the amount a reminder asks for on ``on``.

    Without a payment plan: the invoice's due date and its open amount. With one: the
    due date of the earliest instalment still open, and the open parts of the
    instalments due by then (or by ``on``, when later).
    """
    invoice = facts.invoice
    if not invoice.installments:
        return invoice.due_date, facts.open
    due: date | None = None
    amount = _ZERO
    for installment, part in open_installments(facts):
        if part <= 0:
            continue
        if due is None:
            due = installment.due_date
        if installment.due_date <= max(on, due):
            amount += part
    return (due or invoice.due_date), amount


def days_overdue(facts: InvoiceFacts, on: date) -> int:
    """Days since the date reminders count from (:func:`due_now`), at least 0."""
    return max((on - due_now(facts, on)[0]).days, 0)


def overdue_open(facts: InvoiceFacts, on: date) -> Decimal:
    """The open amount past its due date on ``on`` (due before ``on``): the whole open
    amount of an invoice, the open parts of the instalments of a payment plan due
    before ``on``; zero for a credit note."""
    if facts.credit or facts.open <= 0:
        return _ZERO
    invoice = facts.invoice
    if not invoice.installments:
        return facts.open if invoice.due_date < on else _ZERO
    return sum(
        (part for installment, part in open_installments(facts) if installment.due_date < on),
        _ZERO,
    )
