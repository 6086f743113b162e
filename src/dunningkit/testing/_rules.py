"""Company rules about plans, stated with small builders, and what a broken rule says.

:func:`never`, :func:`not_before`, :func:`at_most_contacts` and
:func:`requires_before` each make a :data:`PlanRule`: a function of a
:class:`PlanContext` (the plan, the book, the day, the policy) that yields the
:class:`Violation` records it finds. Pass them to
:func:`~dunningkit.testing.check_plan` as ``rules=``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from pydantic import BaseModel

from dunningkit.book._portfolio import Portfolio
from dunningkit.errors import DunningkitError
from dunningkit.model._channel import CHANNEL_SPECS, Channel, Tone
from dunningkit.model._history import DunningEvent, EventOutcome
from dunningkit.model._types import MODEL_CONFIG
from dunningkit.planning._plan import Plan
from dunningkit.planning._results import Action
from dunningkit.policy._policy import Policy

__all__ = [
    "PlanContext",
    "PlanRule",
    "PlanViolationError",
    "Violation",
    "at_most_contacts",
    "never",
    "not_before",
    "requires_before",
]

_DONE = frozenset({EventOutcome.SENT, EventOutcome.ANSWERED})
WRITTEN = tuple(channel for channel, spec in CHANNEL_SPECS.items() if spec.written)


class Violation(BaseModel):
    """One broken guarantee, with what it concerns."""

    model_config = MODEL_CONFIG

    rule: str
    message: str
    customer_id: str | None = None
    invoice_id: str | None = None
    action_key: str | None = None

    def __str__(self) -> str:
        where = " ".join(
            part
            for part in (
                f"customer {self.customer_id}" if self.customer_id else "",
                f"invoice {self.invoice_id}" if self.invoice_id else "",
                f"action {self.action_key}" if self.action_key else "",
            )
            if part
        )
        return (
            f"[{self.rule}] {where}: {self.message}" if where else f"[{self.rule}] {self.message}"
        )


class PlanViolationError(DunningkitError, AssertionError):
    """A plan breaks guarantees; ``violations`` lists them."""

    def __init__(self, violations: Sequence[Violation]) -> None:
        self.violations = tuple(violations)
        lines = "\n".join(f"  - {v}" for v in self.violations)
        super().__init__(f"the plan breaks {len(self.violations)} rule(s):\n{lines}")


@dataclass(frozen=True)
class PlanContext:
    """Everything a rule may look at."""

    plan: Plan
    portfolio: Portfolio
    today: date
    policy: Policy

    def events_before(self, customer_id: str) -> list[DunningEvent]:
        """The customer's events dated on or before today."""
        return [e for e in self.portfolio.events_of(customer_id) if e.date <= self.today]

    def contacts(self, customer_id: str) -> list[DunningEvent]:
        """Events that reached the customer (sent or answered), on or before today."""
        return [e for e in self.events_before(customer_id) if e.outcome in _DONE]

    def actions_of(self, customer_id: str) -> list[Action]:
        """The plan's actions for one customer."""
        return [a for a in self.plan.actions if a.customer_id == customer_id]

    def offset_of(self, action: Action) -> int | None:
        """The step's offset from the due date, as the policy defines it."""
        scenario = self.policy.scenarios.get(action.segment)
        step = scenario.step(action.step_id) if scenario else None
        return step.offset_days if step else None


PlanRule = Callable[[PlanContext], Iterable[Violation]]
"""A company rule: looks at the plan in context, yields what it finds wrong."""


def _matches(
    action: Action,
    *,
    channel: Channel | str | None,
    segment: str | None,
    tone: Tone | str | None,
    step: str | None,
) -> bool:
    return (
        (channel is None or action.channel == channel)
        and (segment is None or action.segment == segment)
        and (tone is None or action.tone == tone)
        and (step is None or action.step_id == step)
    )


def _describe(**what: object) -> str:
    return ", ".join(f"{k} {v}" for k, v in what.items() if v is not None) or "any action"


def never(
    *,
    channel: Channel | str | None = None,
    segment: str | None = None,
    tone: Tone | str | None = None,
    step: str | None = None,
) -> PlanRule:
    """No action matches all the criteria given.

    ``never(channel="sms", segment="key_account")``: a key account never gets an SMS.
    """
    what = _describe(channel=channel, segment=segment, tone=tone, step=step)

    def rule(context: PlanContext) -> Iterable[Violation]:
        for action in context.plan.actions:
            if _matches(action, channel=channel, segment=segment, tone=tone, step=step):
                yield Violation(
                    rule="never",
                    message=f"forbidden: {what}",
                    customer_id=action.customer_id,
                    action_key=action.key,
                )

    return rule


def not_before(
    days_after_due: int,
    *,
    channel: Channel | str | None = None,
    segment: str | None = None,
    tone: Tone | str | None = None,
) -> PlanRule:
    """Matching actions only for invoices at least ``days_after_due`` days overdue.

    ``not_before(5, channel="phone", segment="public_body")``: no call to a public
    body before D+5.
    """
    what = _describe(channel=channel, segment=segment, tone=tone)

    def rule(context: PlanContext) -> Iterable[Violation]:
        for action in context.plan.actions:
            if not _matches(action, channel=channel, segment=segment, tone=tone, step=None):
                continue
            for invoice_id in action.invoice_ids:
                due = context.portfolio.invoice(invoice_id).due_date
                if (action.scheduled_for - due).days < days_after_due:
                    yield Violation(
                        rule="not_before",
                        message=f"{what} before D+{days_after_due} (due {due})",
                        customer_id=action.customer_id,
                        invoice_id=invoice_id,
                        action_key=action.key,
                    )

    return rule


def at_most_contacts(count: int, *, days: int = 30) -> PlanRule:
    """At most ``count`` contacts per customer in any ``days`` days, today's actions included."""

    def rule(context: PlanContext) -> Iterable[Violation]:
        start = context.today - timedelta(days=days - 1)
        for customer_id in sorted({a.customer_id for a in context.plan.actions}):
            past = sum(1 for e in context.contacts(customer_id) if e.date >= start)
            planned = len(context.actions_of(customer_id))
            if past + planned > count:
                yield Violation(
                    rule="at_most_contacts",
                    message=f"{past} contacts in {days} days and {planned} more planned "
                    f"(limit {count})",
                    customer_id=customer_id,
                )

    return rule


def requires_before(
    count: int,
    *,
    tone: Tone | str = Tone.FORMAL_NOTICE,
    channels: Sequence[Channel | str] = WRITTEN,
) -> PlanRule:
    """An action of ``tone`` only after ``count`` reminders on ``channels`` for its invoices.

    ``requires_before(2)``: no formal notice before two written reminders.
    """

    def rule(context: PlanContext) -> Iterable[Violation]:
        for action in context.plan.actions:
            if action.tone != tone:
                continue
            for invoice_id in action.invoice_ids:
                written = sum(
                    1
                    for e in context.contacts(action.customer_id)
                    if invoice_id in e.invoice_ids and e.channel in channels
                )
                if written < count:
                    yield Violation(
                        rule="requires_before",
                        message=f"{tone} after {written} reminder(s) on "
                        f"{', '.join(str(c) for c in channels)} (needs {count})",
                        customer_id=action.customer_id,
                        invoice_id=invoice_id,
                        action_key=action.key,
                    )

    return rule
