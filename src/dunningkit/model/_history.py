"""The dunning history: reminders already sent and what became of them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

from pydantic import BaseModel, Field, ValidationInfo, model_validator

from dunningkit._support._sharing import share_values
from dunningkit.model._channel import Channel
from dunningkit.model._types import MODEL_CONFIG, NonNegativeMoney, OptionalText, RecordId

__all__ = ["DONE_OUTCOMES", "DunningEvent", "EventOutcome", "InvoiceHistory", "histories"]


class PlannedAction(Protocol):
    """What an event reads of the action it records (a :class:`~dunningkit.Action`)."""

    @property
    def customer_id(self) -> str: ...
    @property
    def invoice_ids(self) -> tuple[str, ...]: ...
    @property
    def step_id(self) -> str: ...
    @property
    def channel(self) -> Channel: ...
    @property
    def scenario_id(self) -> str: ...
    @property
    def key(self) -> str: ...


class EventOutcome(StrEnum):
    """What happened to a reminder once the host tried to send it."""

    SENT = "sent"
    FAILED = "failed"
    BOUNCED = "bounced"
    ANSWERED = "answered"
    SET_BY_HAND = "set_by_hand"
    """A person placed the invoices at this step from this date (up or down): the
    steps before count as done, the steps after as not done. Not a contact."""


class DunningEvent(BaseModel):
    """A reminder that was sent (or tried), recorded by the host after dispatch.

    The planner reads these to know which step each invoice has reached: a step
    with a ``sent`` or ``answered`` event is done; ``failed`` is proposed again;
    ``bounced`` moves to the step's next fallback channel. ``set_by_hand`` is a
    person placing the invoices at ``step_id`` from ``date`` (up or down the ladder):
    it is not a contact (no contact limit counts it), and its ``channel`` is recorded
    as given (by convention the step's own channel; the planner does not read it).

    On a payment plan, an event belongs to the instalment that was the earliest one
    open on its date: once that instalment is settled, the next one starts its own
    ladder from its own due date.

    ``fees`` are what the reminder charged, in its invoices' currency, as recorded when
    it was sent (:meth:`for_action` copies ``Action.fees``): the hand-over dossier shows
    this figure, never one recomputed from today's policy. ``None``: none recorded (an
    attempt that failed or bounced charges nothing; its retry carries the fee).
    """

    model_config = MODEL_CONFIG

    id: RecordId
    customer_id: RecordId
    invoice_ids: tuple[RecordId, ...] = Field(min_length=1)
    date: date
    step_id: RecordId
    channel: Channel
    outcome: EventOutcome = EventOutcome.SENT
    scenario_id: OptionalText = None
    action_key: OptionalText = None
    reference: OptionalText = None
    fees: NonNegativeMoney | None = None

    @model_validator(mode="after")
    def _share(self, info: ValidationInfo) -> DunningEvent:
        share_values(self, info.context, ("customer_id", "date", "step_id", "scenario_id"))
        return self

    @classmethod
    def for_action(
        cls,
        action: PlannedAction,
        *,
        id: str,  # noqa: A002 - the field's own name
        on: dt.date,  # the field named date shadows the type in this class
        outcome: EventOutcome = EventOutcome.SENT,
        channel: Channel | None = None,
        reference: str | None = None,
    ) -> DunningEvent:
        """The event a host records after trying ``action`` on ``on``.

        ``channel`` is the one actually used when the host fell back to another.
        ``fees``: the action's ``fees`` when the outcome makes the step done (``sent``,
        ``answered``), none otherwise.
        """
        fees = getattr(action, "fees", None)  # a host's own action type may have none
        return cls(
            id=id,
            customer_id=action.customer_id,
            invoice_ids=action.invoice_ids,
            date=on,
            step_id=action.step_id,
            channel=channel or action.channel,
            outcome=outcome,
            scenario_id=action.scenario_id,
            action_key=action.key,
            reference=reference,
            fees=fees if isinstance(fees, Decimal) and outcome in DONE_OUTCOMES else None,
        )


DONE_OUTCOMES = frozenset({EventOutcome.SENT, EventOutcome.ANSWERED})
"""Outcomes that make a step done (it is not sent again) and count as contacts.

``set_by_hand`` is not one: it moves the ladder (see :class:`InvoiceHistory`) but
reached nobody, so no contact limit counts it."""


class InvoiceHistory:
    """What the events say about one invoice.

    Attributes:
        done: step id -> the last day it was sent or answered.
        done_on: step id -> every day it was sent or answered, in order (a repeated
            last step is done several times).
        failed: step id -> the days an attempt failed.
        bounced: step id -> the days and channels a message bounced.
        set_by_hand: the days a person set the step, and the step, in order.
    """

    __slots__ = ("bounced", "done", "done_on", "failed", "set_by_hand")

    def __init__(self) -> None:
        self.done: dict[str, date] = {}
        self.done_on: dict[str, list[date]] = {}
        self.failed: dict[str, list[date]] = {}
        self.bounced: dict[str, list[tuple[date, Channel]]] = {}
        self.set_by_hand: list[tuple[date, str]] = []


def histories(events: Sequence[DunningEvent], today: date) -> dict[str, InvoiceHistory]:
    """What a customer's events (sorted by date) say about each invoice, up to ``today``."""
    found: dict[str, InvoiceHistory] = {}
    for event in events:
        if event.date > today:
            break  # events come sorted by date
        for invoice_id in event.invoice_ids:
            history = found.get(invoice_id)
            if history is None:
                history = found[invoice_id] = InvoiceHistory()
            if event.outcome in DONE_OUTCOMES:
                history.done[event.step_id] = event.date
                history.done_on.setdefault(event.step_id, []).append(event.date)
            elif event.outcome is EventOutcome.SET_BY_HAND:
                history.set_by_hand.append((event.date, event.step_id))
            elif event.outcome is EventOutcome.FAILED:
                history.failed.setdefault(event.step_id, []).append(event.date)
            else:
                history.bounced.setdefault(event.step_id, []).append((event.date, event.channel))
    return found
