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
from decimal import Decimal
from typing import Any

from dunningkit.book._figures import InvoiceFacts, invoice_facts
from dunningkit.book._table import STATUSES, InvoiceTable
from dunningkit.model._customer import Customer, Hold, reachable
from dunningkit.model._history import DunningEvent
from dunningkit.model._invoice import (
    Installment,
    Invoice,
    InvoiceKind,
    InvoiceStatus,
    StatusChange,
)
from dunningkit.model._payment import Payment, PaymentPromise

__all__ = ["CustomerLedger", "InvoiceRow", "Ledger", "MemoRow", "build_ledger"]

_NO_PAYMENTS: tuple[Payment, ...] = ()
_NO_RARE: dict[str, Any] = {}
_PLAIN_RARE = frozenset(
    (
        "status_date",
        "status_history",
        "accepted_amount",
        "order_reference",
        "payment_link",
        "collection_date",
    )
)
"""Rare fields that keep an invoice on the planner's fast path (see ``simple``)."""
_day = date.fromordinal
_CREDIT_NOTE, _INVOICE = InvoiceKind.CREDIT_NOTE, InvoiceKind.INVOICE


class InvoiceRow:
    """One invoice as the per-day passes read it, from the book's invoice columns.

    It reads like the :class:`~dunningkit.Invoice` it stands for (same attribute names:
    ``id``, ``currency``, ``due_date``, ``status``, ``installments``...), without
    building it; :attr:`invoice` builds the model on the rare paths that need one.

    Attributes:
        payments: its payments, by date then id.
        stable_from: the first day from which its facts no longer change.
        final: its facts on any day from ``stable_from`` on.
        simple: no hold, no direct debit, no payment plan, not a credit note: the
            planner's fast path needs to look at nothing else.
    """

    __slots__ = (
        "_at",
        "_rare",
        "_table",
        "accepted_amount",
        "amount",
        "credit",
        "currency",
        "due",
        "final",
        "first_due",
        "id",
        "issue",
        "kind",
        "payments",
        "simple",
        "stable_from",
        "status",
        "status_date",
    )

    def __init__(self, table: InvoiceTable, at: int, payments: Sequence[Payment]) -> None:
        self._table = table
        self._at = at
        self.id = table.ids[at]
        self.currency = table.currencies[at]
        self.amount = table.amounts[at]
        self.issue = stable = _day(table.issue[at])
        self.due = self.first_due = _day(table.due[at])
        self.credit = credit = table.credit[at] == 1
        self.kind = _CREDIT_NOTE if credit else _INVOICE
        self.status = status = STATUSES[table.status[at]]
        self.payments = payments = tuple(payments) if payments else _NO_PAYMENTS
        rare = self._rare = table.rare.get(at, _NO_RARE)
        status_date = self.accepted_amount = None
        if rare:
            status_date = rare.get("status_date")
            self.accepted_amount = rare.get("accepted_amount")
            if status_date is not None:
                stable = max(stable, status_date)
            elif "status_history" in rare:
                stable = max(stable, *(c.date for c in rare["status_history"]))
            if "installments" in rare:  # the earliest due date of any instalment
                self.first_due = min(self.due, *(i.due_date for i in rare["installments"]))
        if payments:
            stable = max(stable, payments[-1].date)
        if status is InvoiceStatus.PAID and status_date is None:
            stable = max(stable, self.due)  # settled on the due date at the latest
        self.status_date: date | None = status_date
        self.stable_from = stable
        self.final = invoice_facts(self, payments, stable)
        self.simple = not (credit or (rare and not rare.keys() <= _PLAIN_RARE))

    def key(self) -> tuple[object, ...]:
        """Every field of the invoice, as a hashable tuple (equal invoices, equal keys),
        read from the columns without building the model."""
        return (
            self.id,
            self.currency,
            self.amount,
            self.issue,
            self.due,
            self.credit,
            self.status,
            tuple(self._rare.items()),
        )

    @property
    def customer_id(self) -> str:
        return self._table.customer_ids[self._at]

    @property
    def invoice(self) -> Invoice:
        """The record, as a model (built on first use; read on the rare paths)."""
        return self._table.model(self._at)

    @property
    def issue_date(self) -> date:
        return self.issue

    @property
    def due_date(self) -> date:
        return self.due

    @property
    def is_credit_note(self) -> bool:
        return self.credit

    @property
    def status_history(self) -> tuple[StatusChange, ...]:
        history: tuple[StatusChange, ...] = self._rare.get("status_history", ())
        return history

    @property
    def installments(self) -> tuple[Installment, ...]:
        plan: tuple[Installment, ...] = self._rare.get("installments", ())
        return plan

    @property
    def hold(self) -> Hold | None:
        hold: Hold | None = self._rare.get("hold")
        return hold

    @property
    def direct_debit(self) -> bool:
        return bool(self._rare.get("direct_debit", False))

    @property
    def collection_date(self) -> date | None:
        day: date | None = self._rare.get("collection_date")
        return day

    def status_on(self, day: date) -> tuple[InvoiceStatus, Decimal | None]:
        """The status known on ``day`` (see :meth:`dunningkit.Invoice.status_on`)."""
        start = self.status_date or self.issue
        if start <= day:
            return self.status, self.accepted_amount
        return self.invoice.status_on(day)

    def facts_on(self, day: date) -> InvoiceFacts:
        """The invoice's facts on ``day`` (see :mod:`dunningkit.book._figures`)."""
        if day >= self.stable_from:
            return self.final
        return invoice_facts(self, self.payments, day)


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
        moments = {p.date for p in row.payments}
        moments.update(c.date for c in row.status_history)
        if row.status_date is not None:
            moments.add(row.status_date)
        self.moments: list[date] = sorted(moments)
        # "Paid" without a date settles on the due date at the latest: daily until then.
        self.volatile = row.status is InvoiceStatus.PAID and row.status_date is None
        self.kept: InvoiceFacts = row.final
        self.kept_from = date.max
        self.kept_until = date.min

    def facts_on(self, day: date) -> InvoiceFacts:
        if day >= self.stable_from:
            return self.final
        if self.kept_from <= day < self.kept_until:
            return self.kept
        facts = invoice_facts(self, self.payments, day)
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
    table: InvoiceTable,
    rows_of: dict[str, list[int]],
    payments_of: dict[str, list[Payment]],
    promises_of: dict[str, list[PaymentPromise]],
    events_of: dict[str, list[DunningEvent]],
) -> Ledger:
    """The ledger of a portfolio, from its lookups (records already sorted; each
    customer's invoice rows by invoice id)."""
    ledgers = []
    no_payments: list[Payment] = []
    ids = table.ids
    for customer in sorted(customers, key=lambda c: c.id):
        rows = [
            InvoiceRow(table, at, payments_of.get(ids[at], no_payments))
            for at in rows_of.get(customer.id, ())
        ]
        ledgers.append(
            CustomerLedger(
                customer,
                rows,
                promises_of.get(customer.id, []),
                events_of.get(customer.id, []),
            )
        )
    return Ledger(ledgers)
