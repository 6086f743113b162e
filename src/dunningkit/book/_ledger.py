"""The compact, per-customer view of a portfolio that the planner, the classifier and
the profiles read.

Built once per :class:`~dunningkit.Portfolio` (cached on the frozen object) in one pass
over its records: each customer with its invoices (sorted by id), each invoice with its
payments (sorted by date) and, for the usual case, its facts worked out once. The facts
of an invoice stop changing on the day of its last dated record (status date, last
payment): planning any day from then on reads them instead of recomputing them, which
is what keeps a nightly run over a million invoices in seconds.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import date

from dunningkit.book._figures import InvoiceFacts, invoice_facts
from dunningkit.model._customer import Customer, reachable
from dunningkit.model._history import DunningEvent
from dunningkit.model._invoice import Invoice, InvoiceKind, InvoiceStatus
from dunningkit.model._payment import Payment, PaymentPromise

__all__ = ["CustomerLedger", "InvoiceRow", "Ledger", "MemoRow", "build_ledger"]

_NO_PAYMENTS: tuple[Payment, ...] = ()


class InvoiceRow:
    """One invoice as the per-day passes read it.

    Attributes:
        invoice: the record (read on the rare paths: holds, payment plans, history).
        payments: its payments, by date then id.
        stable_from: the first day from which its facts no longer change.
        final: its facts on any day from ``stable_from`` on.
        simple: no hold, no direct debit, no payment plan, not a credit note: the
            planner's fast path needs to look at nothing else.
    """

    __slots__ = (
        "credit",
        "currency",
        "due",
        "final",
        "first_due",
        "id",
        "invoice",
        "issue",
        "payments",
        "simple",
        "stable_from",
    )

    def __init__(self, invoice: Invoice, payments: Sequence[Payment]) -> None:
        self.invoice = invoice
        self.id = invoice.id
        self.currency = invoice.currency
        self.issue = invoice.issue_date
        self.due = invoice.due_date
        # The earliest due date of the invoice or of any of its instalments.
        self.first_due = min([self.due, *(i.due_date for i in invoice.installments)])
        self.credit = invoice.kind is InvoiceKind.CREDIT_NOTE
        self.payments = tuple(payments) if payments else _NO_PAYMENTS
        stable = invoice.issue_date
        if invoice.status_date is not None:
            stable = max(stable, invoice.status_date)
        elif invoice.status_history:
            stable = max(stable, *(c.date for c in invoice.status_history))
        if self.payments:
            stable = max(stable, self.payments[-1].date)
        if invoice.status is InvoiceStatus.PAID and invoice.status_date is None:
            stable = max(stable, invoice.due_date)  # settled on the due date at the latest
        self.stable_from = stable
        self.final = invoice_facts(invoice, self.payments, stable)
        self.simple = not (
            self.credit or invoice.hold is not None or invoice.direct_debit or invoice.installments
        )

    def facts_on(self, day: date) -> InvoiceFacts:
        """The invoice's facts on ``day`` (see :mod:`dunningkit.book._figures`)."""
        if day >= self.stable_from:
            return self.final
        return invoice_facts(self.invoice, self.payments, day)


class MemoRow(InvoiceRow):
    """An invoice row that keeps its last facts until its next dated record.

    For the back-test's replay, which asks for the facts of the same invoice day after
    day, long before its last payment: between two of its own dates (payments,
    statuses) they are the same.
    """

    __slots__ = ("kept", "kept_from", "kept_until", "moments", "volatile")

    def __init__(self, row: InvoiceRow) -> None:
        for name in InvoiceRow.__slots__:
            setattr(self, name, getattr(row, name))
        inv = row.invoice
        moments = {p.date for p in row.payments}
        moments.update(c.date for c in inv.status_history)
        if inv.status_date is not None:
            moments.add(inv.status_date)
        self.moments: list[date] = sorted(moments)
        # "Paid" without a date settles on the due date at the latest: daily until then.
        self.volatile = inv.status is InvoiceStatus.PAID and inv.status_date is None
        self.kept: InvoiceFacts = row.final
        self.kept_from = date.max
        self.kept_until = date.min

    def facts_on(self, day: date) -> InvoiceFacts:
        if day >= self.stable_from:
            return self.final
        if self.kept_from <= day < self.kept_until:
            return self.kept
        facts = invoice_facts(self.invoice, self.payments, day)
        if not self.volatile:
            moments = self.moments
            at = bisect_right(moments, day)
            self.kept_from = moments[at - 1] if at else date.min
            self.kept_until = moments[at] if at < len(moments) else self.stable_from
            self.kept = facts
        return facts


class CustomerLedger:
    """A customer with everything the planner reads about it, in a fixed order."""

    __slots__ = ("_row_by_id", "customer", "events", "id", "promises", "reach", "rows")

    def __init__(
        self,
        customer: Customer,
        rows: list[InvoiceRow],
        promises: Sequence[PaymentPromise],
        events: Sequence[DunningEvent],
    ) -> None:
        self.customer = customer
        self.id = customer.id
        self.rows = rows
        self.promises = promises
        self.events = events
        # The contact fields the customer holds: what routing needs of its contacts.
        self.reach = reachable(customer)
        self._row_by_id: dict[str, InvoiceRow] | None = None

    def row(self, invoice_id: str) -> InvoiceRow:
        """The row of one of the customer's invoices."""
        if self._row_by_id is None:
            self._row_by_id = {r.id: r for r in self.rows}
        return self._row_by_id[invoice_id]


class Ledger:
    """Every customer's ledger, by customer id."""

    __slots__ = ("by_id", "customers", "issue_index")

    def __init__(self, customers: list[CustomerLedger]) -> None:
        self.customers = customers
        self.by_id = {c.id: c for c in customers}
        self.issue_index: object | None = None  # built by the profiles on first use


def build_ledger(
    customers: Sequence[Customer],
    invoices_of: dict[str, list[Invoice]],
    payments_of: dict[str, list[Payment]],
    promises_of: dict[str, list[PaymentPromise]],
    events_of: dict[str, list[DunningEvent]],
) -> Ledger:
    """The ledger of a portfolio, from its lookups (records already sorted)."""
    ledgers = []
    no_payments: list[Payment] = []
    for customer in sorted(customers, key=lambda c: c.id):
        invoices = sorted(invoices_of.get(customer.id, ()), key=lambda i: i.id)
        rows = [InvoiceRow(i, payments_of.get(i.id, no_payments)) for i in invoices]
        ledgers.append(
            CustomerLedger(
                customer,
                rows,
                promises_of.get(customer.id, []),
                events_of.get(customer.id, []),
            )
        )
    return Ledger(ledgers)
