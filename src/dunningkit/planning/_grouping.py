"""Grouping: how a customer's invoices due for a reminder today become messages.

Decides which invoices share a message (:func:`group`), and, among the messages that
may go out, which wait (:func:`one_per_channel`). The rule that holds whatever the
grouping mode (except ``per_invoice``): **at most one message per customer, channel
and day**. When invoices of one customer are due for different steps (or in different
currencies) on the same channel the same day, the message of the highest step goes
(then the larger amount); the others wait for a later day with the reason
``one_message_a_day``, so that each invoice keeps its own step in the history and
escalation stays gradual (a pre-due reminder is never recorded as a first reminder).

Only a message that goes out displaces another: the minimum amounts decide first
(:mod:`dunningkit.planning._contacts` applies them to the drafts, then this rule to
what is left), so a message below its minimum never holds back one above it.

* ``per_customer_step`` (default): the invoices due for the same step and channel
  share one message.
* ``per_customer``: one message per currency at the highest step due, which also
  lists every other overdue invoice of that currency that may be dunned.
* ``per_invoice``: one message per invoice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from dunningkit.book._figures import InvoiceFacts
from dunningkit.model._channel import Channel
from dunningkit.model._history import InvoiceHistory
from dunningkit.planning._results import Reason, SkipReason
from dunningkit.policy._fees import NO_CHARGE, Charge, charge
from dunningkit.policy._policy import Grouping
from dunningkit.policy._scenario import Step

__all__ = ["Candidate", "Draft", "charged", "group", "one_per_channel"]

_ZERO = Decimal(0)
"""A candidate's fee when none is given."""


@dataclass(slots=True)
class Candidate:
    """An invoice due for a step today, with the channel that reaches the customer, and
    what the step charges on it (:func:`~dunningkit.policy._fees.charge`)."""

    facts: InvoiceFacts
    step: Step
    position: int
    channel: Channel
    amount: Decimal
    due: date
    attempt: int
    notes: list[Reason]
    fallbacks: tuple[Channel, ...]
    invoice_id: str
    currency: str
    fee: Charge = NO_CHARGE
    occurrence: str | None = None  # a later instalment or a repeat: a distinct action key
    history: InvoiceHistory | None = None  # what was done on the invoice (its fees charged)


def charged(step: Step, currency: str, amount: Decimal, history: InvoiceHistory | None) -> Charge:
    """What ``step`` charges on an invoice asking ``amount``: nothing again once the
    invoice's history shows the step done (:func:`~dunningkit.policy._fees.charge`).

    ``step`` is the step of the message that reaches the invoice (the action's step):
    a ``per_customer`` message at the highest step due charges that step's fee on each
    invoice due today, whatever step each was due for (the events record that step done
    on all of them), and nothing on the invoices it merely lists."""
    return charge(step.fee, currency, amount, done=history is not None and step.id in history.done)


@dataclass(slots=True)
class Draft:
    """A message before the amount and contact limits are checked.

    ``total`` is the open total the message asks for.
    """

    lead: Candidate
    members: list[Candidate]
    extra: list[InvoiceFacts] = field(default_factory=list)
    total: Decimal = _ZERO

    def __post_init__(self) -> None:
        self.total = sum((m.amount for m in self.members), _ZERO) + sum(
            (f.open for f in self.extra), _ZERO
        )


Waits = list[tuple[Candidate, SkipReason, str]]


def group(
    candidates: list[Candidate],
    grouping: Grouping,
    overdue_waiting: list[InvoiceFacts],
) -> list[Draft]:
    """The messages a customer's candidates would make, before any limit.

    ``overdue_waiting`` are the customer's overdue invoices waiting for their next
    step: a ``per_customer`` message lists those of its currency too.
    """
    groups: dict[tuple[str, ...], list[Candidate]] = {}
    for c in candidates:
        if grouping == Grouping.PER_INVOICE:
            key: tuple[str, ...] = (c.invoice_id,)
        elif grouping == Grouping.PER_CUSTOMER:
            key = (c.currency,)
        else:
            key = (c.currency, c.step.id, c.channel)
        groups.setdefault(key, []).append(c)
    drafts = []
    for members in groups.values():
        lead = max(members, key=lambda c: (c.position, c.invoice_id))
        extra = []
        if grouping == Grouping.PER_CUSTOMER:
            extra = [f for f in overdue_waiting if f.invoice.currency == lead.currency]
        drafts.append(Draft(lead, members, extra))
    return drafts


def one_per_channel(drafts: list[Draft]) -> tuple[list[Draft], Waits]:
    """The drafts that go, one per channel (the highest step, then the larger amount),
    and the members of the others, which wait. ``drafts`` are messages that may go out
    (past the minimum amounts): a message that does not go out displaces nothing."""
    kept: dict[Channel, Draft] = {}
    for draft in sorted(
        drafts,
        key=lambda d: (-d.lead.step.tone.rank, -d.lead.position, -d.total, d.lead.invoice_id),
    ):
        if draft.lead.channel not in kept:
            kept[draft.lead.channel] = draft
    waits: Waits = []
    for draft in drafts:
        going = kept[draft.lead.channel]
        if going is draft:
            continue
        for m in draft.members:
            waits.append(
                (
                    m,
                    SkipReason.ONE_MESSAGE_A_DAY,
                    (
                        f"'{m.step.title}' is due, but '{going.lead.step.title}' goes to the "
                        f"customer by {going.lead.channel} today: one message per channel a day; "
                        "this one waits"
                    ),
                )
            )
    return [d for d in drafts if kept[d.lead.channel] is d], waits
