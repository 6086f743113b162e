"""The one seam to the outside world: the host's channel senders.

dunningkit never sends anything itself. A host plugs an object with a
``send(action, message) -> Delivery`` method per channel (its SMTP relay, its SMS
provider, its letter-printing service, the call list of its team);
:func:`dispatch` renders each action, sends it through the right sender and
returns the :class:`~dunningkit.DunningEvent` records to add to the history, so
the next plan knows what was done. :class:`InMemorySender` is a ready-made fake
for tests and demos.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from datetime import date
from enum import StrEnum
from typing import Protocol, runtime_checkable

from pydantic import BaseModel

from dunningkit.book._portfolio import Portfolio
from dunningkit.errors import DunningkitError
from dunningkit.messages._message import Message
from dunningkit.messages._render import render
from dunningkit.messages._requirements import require_all
from dunningkit.model._channel import Channel
from dunningkit.model._customer import Customer
from dunningkit.model._history import DONE_OUTCOMES, DunningEvent, EventOutcome
from dunningkit.model._types import MODEL_CONFIG
from dunningkit.planning._plan import Plan
from dunningkit.planning._results import Action
from dunningkit.policy._policy import Policy

__all__ = [
    "ChannelSender",
    "Delivery",
    "DeliveryOutcome",
    "InMemorySender",
    "Renderer",
    "dispatch",
    "dispatch_events",
]


class DeliveryOutcome(StrEnum):
    """What the host's provider said."""

    SENT = "sent"
    FAILED = "failed"
    BOUNCED = "bounced"


class Delivery(BaseModel):
    """The provider's answer: the outcome and its reference (message id, call id...)."""

    model_config = MODEL_CONFIG

    outcome: DeliveryOutcome
    reference: str | None = None


@runtime_checkable
class ChannelSender(Protocol):
    """A host's way of delivering messages on one channel."""

    def send(self, action: Action, message: Message) -> Delivery:
        """Deliver ``message`` for ``action``; report what happened."""
        ...


Renderer = Callable[[Action, Portfolio], Message]
"""Turns an action into a message; :func:`dunningkit.render` with a policy, usually."""


def _senders(senders: Mapping[Channel | str, ChannelSender]) -> dict[Channel, ChannelSender]:
    found: dict[Channel, ChannelSender] = {}
    for key, sender in senders.items():
        try:
            channel = Channel(key)
        except ValueError:
            known = ", ".join(c.value for c in Channel)
            raise DunningkitError(f"unknown channel {key!r} in senders (known: {known})") from None
        if not isinstance(sender, ChannelSender):
            raise DunningkitError(
                f"the sender for {channel} is a {type(sender).__name__}, which has no send() method"
            )
        found[channel] = sender
    return found


def dispatch(
    plan: Plan,
    portfolio: Portfolio,
    senders: Mapping[Channel | str, ChannelSender],
    *,
    approved: AbstractSet[str] = frozenset(),
    renderer: Renderer | None = None,
    today: date | None = None,
    on_event: Callable[[DunningEvent], object] | None = None,
    policy: Policy | None = None,
) -> list[DunningEvent]:
    """Render and send each action through the host's sender for its channel.

    Returns the events to record in the history, one per action attempted:

    * an action that ``requires_approval`` is sent only if its key is in ``approved``
      (otherwise nothing happens and no event is returned);
    * an action scheduled after ``today`` (default: the plan's day) waits;
    * an action the portfolio's history already records as ``sent`` or ``answered``
      (its ``action_key``) is not sent again: dispatching the same plan twice, after
      recording the first run's events, sends nothing twice;
    * a channel with no sender uses the action's next fallback channel that has a
      sender and contact data; with none, the event is ``failed`` and its reference
      says which sender is missing, so the next plan proposes the step again;
    * a sender that raises, answers ``failed`` or ``bounced``, or answers anything but
      a :class:`Delivery`, never stops the others; it becomes a ``failed`` (or
      ``bounced``) event whose reference says why;
    * every message is rendered before any is sent: a :class:`PolicyError` (no
      creditor, no payment details...) stops the run with nothing sent. The default
      renderer renders with ``policy`` (its creditor signs the messages): pass
      ``policy=`` or a ``renderer``. Any other error of the renderer for one action
      fails that action's event only, and each message is sent as it was rendered.

    Each event is handed to ``on_event`` as soon as its send completes, so that a host
    can persist it at once (:func:`dispatch_events` yields them instead). An
    interruption (``KeyboardInterrupt``, ``SystemExit``) during a send stops the run
    and returns the events recorded so far, the interrupted send included, as
    ``failed`` with the reason (it may or may not have gone out).
    """
    events: list[DunningEvent] = []
    for event in dispatch_events(
        plan, portfolio, senders, approved=approved, renderer=renderer, today=today, policy=policy
    ):
        events.append(event)
        if on_event is not None:
            on_event(event)
    return events


def dispatch_events(
    plan: Plan,
    portfolio: Portfolio,
    senders: Mapping[Channel | str, ChannelSender],
    *,
    approved: AbstractSet[str] = frozenset(),
    renderer: Renderer | None = None,
    today: date | None = None,
    policy: Policy | None = None,
) -> Iterator[DunningEvent]:
    """:func:`dispatch`, one event at a time, each yielded as its send completes."""
    day = today or plan.today
    by_channel = _senders(senders)
    draw = renderer or (lambda action, book: render(action, book, policy, today=day))
    done = {e.action_key for e in portfolio.events if e.outcome in DONE_OUTCOMES}
    taken = {e.id for e in portfolio.events}
    due = [a for a in plan.actions if a.scheduled_for <= day and a.key not in done]
    sendable = [a for a in due if not a.requires_approval or a.key in approved]
    # Every message rendered before anything is sent; each is sent as it was checked.
    rendered = require_all(lambda action: draw(action, portfolio), sendable)
    for action in plan.actions:
        if action.scheduled_for > day or action.key in done:
            continue
        if action.requires_approval and action.key not in approved:
            continue
        try:
            channel, outcome, reference = _send(action, portfolio, by_channel, draw, rendered)
        except _Interrupted as stop:
            yield _event(action, day, EventOutcome.FAILED, stop.channel, stop.reason, taken)
            return  # the host asked to stop: the events so far are recorded
        if outcome in DONE_OUTCOMES:
            done.add(action.key)
        yield _event(action, day, outcome, channel, reference, taken)


def _event(
    action: Action,
    day: date,
    outcome: EventOutcome,
    channel: Channel,
    reference: str | None,
    taken: set[str],
) -> DunningEvent:
    """The event of one send; its id is new to the history (a retry the same day of a
    failed send gets ``#2``, ``#3``...)."""
    base = event_id = f"{action.key}@{day.isoformat()}"
    retry = 1
    while event_id in taken:
        retry += 1
        event_id = f"{base}#{retry}"
    taken.add(event_id)
    return DunningEvent.for_action(
        action,
        id=event_id,
        on=day,
        outcome=outcome,
        channel=channel,
        reference=reference,
    )


class _Interrupted(Exception):  # noqa: N818 - internal signal, never seen by a host
    """A send interrupted by the host (Ctrl-C, SystemExit): stop, keep what was done."""

    def __init__(self, channel: Channel, reason: str) -> None:
        super().__init__(reason)
        self.channel = channel
        self.reason = reason


def _channel_for(
    action: Action, customer: Customer, by_channel: Mapping[Channel, ChannelSender]
) -> Channel | None:
    """The action's channel if it has a sender, else its first fallback with a sender
    and contact data for the customer."""
    return next(
        (
            c
            for c in (action.channel, *action.fallback_channels)
            if c in by_channel and (c == action.channel or customer.has_channel_data(c))
        ),
        None,
    )


def _send(
    action: Action,
    portfolio: Portfolio,
    by_channel: Mapping[Channel, ChannelSender],
    draw: Renderer,
    rendered: Mapping[str, object],
) -> tuple[Channel, EventOutcome, str | None]:
    """Send one action: the channel used, the outcome and the sender's reference (its
    message as rendered before the run, unless it goes on another channel)."""
    customer = portfolio.customer(action.customer_id)
    channel = _channel_for(action, customer, by_channel)
    if channel is None:
        wanted = ", ".join(str(c) for c in (action.channel, *action.fallback_channels))
        missing = f"no sender for {wanted}: plug one in dispatch(senders=...)"
        return action.channel, EventOutcome.FAILED, missing
    sending = action
    if channel != action.channel:
        sending = action.model_copy(
            update={"channel": channel, "contact": customer.contact_for(channel)}
        )
    try:
        message = rendered.get(action.key) if sending is action else None
        if not isinstance(message, Message):
            message = draw(sending, portfolio)
        delivery = by_channel[channel].send(sending, message)
    except Exception as error:  # noqa: BLE001 - one sender's failure stops no other
        return channel, EventOutcome.FAILED, _describe(error)
    except (KeyboardInterrupt, SystemExit) as error:
        raise _Interrupted(channel, _INTERRUPTED.format(type(error).__name__)) from error
    return (channel, *_read_delivery(delivery))


_INTERRUPTED = "interrupted ({}) while sending: it may or may not have gone out"


def _read_delivery(delivery: object) -> tuple[EventOutcome, str | None]:
    """The outcome and reference of a sender's answer; anything but a Delivery is a
    failure that says what came back."""
    if not isinstance(delivery, Delivery):
        shown = _safe_repr(delivery)
        return EventOutcome.FAILED, (
            f"the sender answered {shown} ({type(delivery).__name__}), not a Delivery; "
            "whether it went out is unknown"
        )
    try:
        outcome = EventOutcome(DeliveryOutcome(delivery.outcome).value)
    except ValueError:
        return EventOutcome.FAILED, f"the sender answered an unknown outcome {delivery.outcome!r}"
    reference = delivery.reference
    return outcome, reference if reference is None else _one_line(str(reference))


def _describe(error: BaseException) -> str:
    """``Type: message`` of a sender's exception, even when its ``str()`` fails."""
    try:
        text = str(error)
    except Exception:  # noqa: BLE001 - a broken __str__ must not lose the event
        text = "(its message could not be read)"
    return _one_line(f"{type(error).__name__}: {text}")


def _safe_repr(value: object) -> str:
    try:
        return _one_line(repr(value))[:80]
    except Exception:  # noqa: BLE001 - a broken __repr__ must not lose the event
        return "a value"


def _one_line(text: str) -> str:
    """Text kept to one printable line (a reference goes into tables and files)."""
    return "".join(c if c.isprintable() else " " for c in text).strip()[:500] or "-"


class InMemorySender:
    """A sender that keeps what it is given: for tests, demos and dry runs.

    ``outcome`` is what every delivery reports; ``fail_for`` lists customer ids
    whose deliveries fail, to rehearse errors.
    """

    def __init__(
        self,
        outcome: DeliveryOutcome | str = DeliveryOutcome.SENT,
        *,
        fail_for: AbstractSet[str] = frozenset(),
    ) -> None:
        self.outcome = DeliveryOutcome(outcome)
        self.fail_for = fail_for
        self.sent: list[tuple[Action, Message]] = []

    def send(self, action: Action, message: Message) -> Delivery:
        """Keep the message; answer with the configured outcome."""
        if action.customer_id in self.fail_for:
            return Delivery(outcome=DeliveryOutcome.FAILED, reference="rehearsed failure")
        self.sent.append((action, message))
        return Delivery(outcome=self.outcome, reference=f"mem-{len(self.sent)}")

    @property
    def messages(self) -> list[Message]:
        """The messages kept, in the order they were sent."""
        return [message for _, message in self.sent]
