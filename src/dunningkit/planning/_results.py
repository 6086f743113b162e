"""The records a plan is made of: actions, skips (with their reasons) and alerts.

Plain frozen, slotted classes, not pydantic models: the planner builds one per action
and accounts for every open invoice, so validating values it just computed would cost
more than planning (input is validated at the boundary, once). They serialise through
pydantic ``TypeAdapter`` objects (:func:`result_adapter`), so JSON output and the JSON
Schema are what they were.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import cache
from typing import Any, Literal

from pydantic import TypeAdapter

from dunningkit.model._channel import Channel, Tone
from dunningkit.model._customer import Contact

__all__ = ["Action", "Alert", "Reason", "Skip", "SkipReason", "action_key", "result_adapter"]


def action_key(
    customer_id: str,
    step_id: str,
    channel: Channel,
    attempt: int,
    invoice_ids: Sequence[str],
    occurrences: Sequence[str] = (),
) -> str:
    """The idempotency key of an action: the same while nothing changed for it.

    It names the customer, step, channel, delivery attempt and invoices, and no
    date or amount: re-running the planner tomorrow, or after a partial payment,
    gives the same key for the same reminder, so the host does not send it twice.
    ``occurrences`` tell apart a step proposed again on the same invoices (a later
    instalment's ladder, a repeat of the last step); without them the key is as before.
    """
    parts = [customer_id, step_id, str(channel), str(attempt), *sorted(invoice_ids)]
    if occurrences:
        parts.extend(["\x1e", *sorted(occurrences)])
    text = "\x1f".join(parts)
    return "dk-" + hashlib.sha256(text.encode()).hexdigest()[:24]


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
    TIME_BARRED = "time_barred"
    """The limitation period has run out: proceedings can no longer be started, so no
    reminder is proposed (a person decides whether to write the claim off)."""
    ONE_MESSAGE_A_DAY = "one_message_a_day"
    """Another message goes to the customer on the same channel that day; this
    invoice's (lower) step waits for a later day."""
    INSOLVENCY = "insolvency"
    """A claim born before the customer's insolvency proceedings opened: it is declared
    to the administrator (``claim_declaration``), no longer dunned."""


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason of an action, as a code a program reads and a sentence a person reads.

    Attributes:
        code: what kind of reason (``segment``, ``invoice``, ``step``, ``credit``,
            ``approval``, ``not_sent_late``, ``unreachable``, ``bounced``, ``retry``,
            ``included``, ``capacity``, ``preferred``, ``fee``).
        text: the sentence shown to a credit manager.
        invoice_id: the invoice it is about, when it is about one.
    """

    code: str
    text: str
    invoice_id: str | None = None


@dataclass(frozen=True, slots=True)
class Action:
    """One message (or call) to one customer about one or more invoices.

    Attributes:
        key: idempotency key, stable across runs while nothing changed for these
            invoices: a host that re-runs the planner never sends twice.
        amount_due: open total of ``invoice_ids``, in ``currency`` (never mixed).
        scheduled_for: the business day to act on.
        priority: open amount x segment risk; higher is more urgent.
        contact: whom to address, when the customer has a contact for the channel.
        pay_by: the new payment deadline the message states.
        fallback_channels: the step's channels after this one, for the host's use.
        reasons: why this action, in words a credit manager understands.
        why: the same reasons with their codes (see :class:`Reason`).
        fees: what the step charges, summed over ``invoice_ids``, in ``currency`` with
            its places (zero when none): each invoice is charged a step's fee once
            (:func:`~dunningkit.policy._fees.charge`).
    """

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
    fallback_channels: tuple[Channel, ...] = ()
    reasons: tuple[str, ...] = ()
    why: tuple[Reason, ...] = field(default=(), compare=False, repr=False)
    fees: Decimal = Decimal(0)

    def model_copy(self, *, update: Mapping[str, Any] | None = None) -> Action:
        """A copy with some fields changed (kept from when actions were pydantic models)."""
        return dataclasses.replace(self, **dict(update or {}))

    def to_dict(self) -> dict[str, Any]:
        """The action as JSON-ready data (the shape of the published schema)."""
        return result_adapter("action").dump_python(self, mode="json")  # type: ignore[no-any-return]

    def model_dump(
        self, *, mode: Literal["json", "python"] = "python", **kwargs: Any
    ) -> dict[str, Any]:
        """Like pydantic's ``model_dump`` (``mode``, ``exclude``, ``include``...)."""
        return result_adapter("action").dump_python(self, mode=mode, **kwargs)  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class Skip:
    """An open invoice that gets no action today, and why."""

    invoice_id: str
    customer_id: str
    reason: SkipReason
    detail: str

    def model_copy(self, *, update: Mapping[str, Any] | None = None) -> Skip:
        """A copy with some fields changed."""
        return dataclasses.replace(self, **dict(update or {}))

    def to_dict(self) -> dict[str, Any]:
        """The skip as JSON-ready data."""
        return {
            "invoice_id": self.invoice_id,
            "customer_id": self.customer_id,
            "reason": self.reason.value,
            "detail": self.detail,
        }


@dataclass(frozen=True, slots=True)
class Alert:
    """Something a person should look at today, beside the reminders (e.g. a claim
    about to expire)."""

    code: str
    customer_id: str
    invoice_id: str | None
    on: date
    message: str


@cache
def result_adapter(kind: str) -> TypeAdapter[Any]:
    """The pydantic adapter of one kind of result (``action``, ``skip``, ``alert``).

    Built on first use: most runs never serialise a result through them.
    """
    return TypeAdapter(_RESULT_TYPES[kind])


_RESULT_TYPES: dict[str, type[Any]] = {"action": Action, "skip": Skip, "alert": Alert}
