"""What the planner returns: actions to take and invoices skipped, each with reasons."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, Field

from dunningkit._channel import Channel, Tone
from dunningkit._customer import Contact
from dunningkit._types import MODEL_CONFIG

__all__ = ["Action", "Plan", "Skip", "SkipReason"]


class SkipReason(StrEnum):
    """Why an open invoice gets no action today. ``Skip.detail`` says more."""

    PAID = "paid"
    CANCELLED = "cancelled"
    CREDIT_NOTE = "credit_note"
    REFUSED = "refused"
    REJECTED = "rejected"
    DISPUTED = "disputed"
    SUSPENDED = "suspended"
    INVOICE_ON_HOLD = "invoice_on_hold"
    CUSTOMER_ON_HOLD = "customer_on_hold"
    PAYMENT_SENT = "payment_sent"
    PROMISE_PENDING = "promise_pending"
    DIRECT_DEBIT_PENDING = "direct_debit_pending"
    CREDIT_COVERS_BALANCE = "credit_covers_balance"
    ACCEPTED_PART_PAID = "accepted_part_paid"
    NOT_DUE = "not_due"
    GRACE_PERIOD = "grace_period"
    WAITING_NEXT_STEP = "waiting_next_step"
    SCENARIO_COMPLETED = "scenario_completed"
    NO_SCENARIO = "no_scenario"
    BELOW_MINIMUM = "below_minimum"
    TOO_SOON = "too_soon"
    CONTACT_CAP = "contact_cap"
    NO_CONTACT_DATA = "no_contact_data"


class Action(BaseModel):
    """One message (or call) to one customer about one or more invoices.

    Attributes:
        key: idempotency key, stable across runs while nothing changed for these
            invoices: a host that re-runs the planner never sends twice.
        amount_due: open total of ``invoice_ids``, in ``currency`` (never mixed).
        scheduled_for: the business day to act on.
        priority: open amount x segment risk; higher is more urgent.
        contact: whom to address, when the customer has a contact for the channel.
        pay_by: the new payment deadline the message states.
        reasons: why this action, in words a credit manager understands.
    """

    model_config = MODEL_CONFIG

    key: str
    customer_id: str
    segment: str
    scenario_id: str
    step_id: str
    channel: Channel
    tone: Tone
    template: str
    invoice_ids: tuple[str, ...]
    amount_due: Decimal
    currency: str
    scheduled_for: date
    priority: Decimal
    requires_approval: bool
    contact: Contact | None
    pay_by: date
    terminal: bool = False
    fallback_channels: tuple[Channel, ...] = Field(
        default=(), description="the step's channels after this one, for the host's use"
    )
    reasons: tuple[str, ...] = ()


class Skip(BaseModel):
    """An open invoice that gets no action today, and why."""

    model_config = MODEL_CONFIG

    invoice_id: str
    customer_id: str
    reason: SkipReason
    detail: str


class Plan(BaseModel):
    """The day's plan: every open invoice is in exactly one action or one skip.

    Actions come sorted by ``scheduled_for``, then ``priority`` (highest first),
    then customer id, step id and key; skips by customer id then invoice id.
    """

    model_config = MODEL_CONFIG

    today: date
    actions: tuple[Action, ...] = ()
    skipped: tuple[Skip, ...] = ()
    segments: dict[str, str] = Field(
        default_factory=dict, description="customer id -> segment, for every customer"
    )

    def action(self, key: str) -> Action:
        """The action with that key; ``KeyError`` if none."""
        for action in self.actions:
            if action.key == key:
                return action
        raise KeyError(key)

    def accounted_invoice_ids(self) -> Iterator[str]:
        """Every invoice id in the plan, once per appearance (conservation checks)."""
        for action in self.actions:
            yield from action.invoice_ids
        for skip in self.skipped:
            yield skip.invoice_id

    def for_customer(self, customer_id: str) -> tuple[list[Action], list[Skip]]:
        """The actions and skips of one customer."""
        return (
            [a for a in self.actions if a.customer_id == customer_id],
            [s for s in self.skipped if s.customer_id == customer_id],
        )
