"""The portfolio's index: lookups by id and per customer, built once per portfolio.

Each customer's records are sorted, so that anything derived from them is
independent of the order the records were given in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from dunningkit.book._table import InvoiceTable
from dunningkit.model._customer import Customer
from dunningkit.model._history import DunningEvent
from dunningkit.model._payment import Payment, PaymentPromise

__all__ = ["Index", "build_index"]


@dataclass
class Index:
    """Lookups by id and per customer, built once per portfolio."""

    customers: dict[str, Customer] = field(default_factory=dict)
    invoice_rows: dict[str, int] = field(default_factory=dict)
    payments_by_invoice: dict[str, list[Payment]] = field(default_factory=dict)
    rows_by_customer: dict[str, list[int]] = field(default_factory=dict)
    """Each customer's invoice rows (in the invoice table), by id."""
    promises_by_customer: dict[str, list[PaymentPromise]] = field(default_factory=dict)
    events_by_customer: dict[str, list[DunningEvent]] = field(default_factory=dict)


def build_index(
    customers: Sequence[Customer],
    invoices: InvoiceTable,
    payments: Sequence[Payment],
    promises: Sequence[PaymentPromise],
    events: Sequence[DunningEvent],
) -> Index:
    """The lookups of one portfolio's records."""
    index = Index()
    index.customers = {c.id: c for c in customers}
    ids = invoices.ids
    index.invoice_rows = dict(zip(ids, range(len(ids)), strict=True))
    by_customer: defaultdict[str, list[int]] = defaultdict(list)
    for row, customer_id in enumerate(invoices.customer_ids):
        by_customer[customer_id].append(row)
    by_invoice: defaultdict[str, list[Payment]] = defaultdict(list)
    for payment in payments:
        by_invoice[payment.invoice_id].append(payment)
    promised: defaultdict[str, list[PaymentPromise]] = defaultdict(list)
    for promise in promises:
        promised[promise.customer_id].append(promise)
    happened: defaultdict[str, list[DunningEvent]] = defaultdict(list)
    for event in events:
        happened[event.customer_id].append(event)
    index.rows_by_customer = {k: sorted(v, key=ids.__getitem__) for k, v in by_customer.items()}
    index.payments_by_invoice = {
        k: sorted(v, key=lambda p: (p.date, p.id)) for k, v in by_invoice.items()
    }
    index.promises_by_customer = {
        k: sorted(v, key=lambda p: (p.made_on, p.id)) for k, v in promised.items()
    }
    index.events_by_customer = {
        k: sorted(v, key=lambda e: (e.date, e.id)) for k, v in happened.items()
    }
    return index
