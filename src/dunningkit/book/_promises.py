"""Payment promises as of a day: pending, kept or broken, with one grace.

A promise is *pending* until its deadline (``pay_by`` plus the grace) has passed. It is
then *kept* when every document it covers (see :meth:`PaymentPromise.covers`) that asks
for money was settled by the deadline (or cancelled), and *broken* otherwise. The grace
is the policy's ``promise_grace_days``: reminders resume after the same deadline, so a
payment inside the grace is a kept promise for the planner, the payer profile (which
puts repeat promise breakers at risk), ``promise_kept_rate`` and the dossier alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Literal

from dunningkit.book._figures import InvoiceFacts
from dunningkit.model._invoice import InvoiceStatus
from dunningkit.model._payment import PaymentPromise

__all__ = ["DEFAULT_PROMISE_GRACE_DAYS", "PromiseOutcome", "promise_outcome"]

DEFAULT_PROMISE_GRACE_DAYS = 2
"""Days after a promise's pay-by date before reminders resume and it counts as broken."""

PromiseOutcome = Literal["pending", "kept", "broken"]


def promise_outcome(
    promise: PaymentPromise, facts: Iterable[InvoiceFacts], on: date, grace_days: int
) -> PromiseOutcome:
    """The promise's outcome as known on ``on``.

    Args:
        promise: the promise, made on or before ``on``.
        facts: the facts on ``on`` of the customer's documents (or of those it covers;
            the others are left out here).
        on: the day of the answer.
        grace_days: days after ``pay_by`` a payment still keeps the promise.
    """
    deadline = promise.deadline(grace_days)
    if on <= deadline:
        return "pending"
    for f in facts:
        if not promise.covers(f.invoice.id, f.invoice.issue_date):
            continue
        if f.credit or f.status is InvoiceStatus.CANCELLED or f.amount <= 0:
            continue
        if f.settled_on is None or f.settled_on > deadline:
            return "broken"
    return "kept"
