"""The dunning history: reminders already sent and what became of them."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, Field

from dunningkit._channel import Channel
from dunningkit._types import MODEL_CONFIG, OptionalText, RecordId

__all__ = ["DunningEvent", "EventOutcome"]


class EventOutcome(StrEnum):
    """What happened to a reminder once the host tried to send it."""

    SENT = "sent"
    FAILED = "failed"
    BOUNCED = "bounced"
    ANSWERED = "answered"


class DunningEvent(BaseModel):
    """A reminder that was sent (or tried), recorded by the host after dispatch.

    The planner reads these to know which step each invoice has reached: a step
    with a ``sent`` or ``answered`` event is done; ``failed`` is proposed again;
    ``bounced`` moves to the step's next fallback channel.
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
