"""Invariants: check a plan against every guarantee the planner documents.

``check_plan`` recomputes what it needs from the portfolio itself (open amounts,
statuses, holds, history) rather than trusting the planner's internals, so it can
catch the planner, or a company policy, doing something it should not. Company
rules are stated with the small builders below (:func:`never`, :func:`not_before`,
:func:`at_most_contacts`, :func:`requires_before`) and passed as ``rules=``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from pydantic import BaseModel

from dunningkit.book._portfolio import Portfolio
from dunningkit.errors import DunningkitError
from dunningkit.model._channel import CHANNEL_SPECS, Channel, Tone
from dunningkit.model._history import DunningEvent, EventOutcome
from dunningkit.model._invoice import NEVER_DUNNED, InvoiceStatus
from dunningkit.model._types import MODEL_CONFIG
from dunningkit.planning._plan import Action, Plan
from dunningkit.policy._policy import Grouping, Policy, default_policy

__all__ = [
    "PlanContext",
    "PlanRule",
    "PlanViolationError",
    "Violation",
    "assert_plan_ok",
    "at_most_contacts",
    "check_plan",
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


# -- the planner's own guarantees -------------------------------------------------


def _conservation(context: PlanContext) -> Iterable[Violation]:
    portfolio, today = context.portfolio, context.today
    open_ids = {i.id for i in portfolio.invoices if portfolio.outstanding_amount(i.id, today) > 0}
    seen = Counter(context.plan.accounted_invoice_ids())
    for invoice_id in sorted(open_ids - set(seen)):
        yield Violation(
            rule="conservation",
            message="outstanding invoice missing from the plan",
            invoice_id=invoice_id,
        )
    for invoice_id, times in sorted(seen.items()):
        if times > 1:
            yield Violation(
                rule="conservation", message=f"appears {times} times", invoice_id=invoice_id
            )
        elif invoice_id not in open_ids:
            yield Violation(
                rule="conservation",
                message="nothing outstanding, yet in the plan",
                invoice_id=invoice_id,
            )


def _never_dunned(context: PlanContext) -> Iterable[Violation]:
    portfolio, today, policy = context.portfolio, context.today, context.policy
    for action in context.plan.actions:
        customer = portfolio.customer(action.customer_id)
        if customer.hold is not None and customer.hold.active_on(today):
            yield Violation(
                rule="holds",
                message="customer on hold",
                customer_id=customer.id,
                action_key=action.key,
            )
        for invoice_id in action.invoice_ids:
            invoice = portfolio.invoice(invoice_id)
            status = invoice.status_on(today)[0]
            problem = None
            if invoice.is_credit_note:
                problem = "a credit note is never dunned"
            elif invoice.customer_id != action.customer_id:
                problem = f"belongs to customer {invoice.customer_id}"
            elif invoice.currency != action.currency:
                problem = f"in {invoice.currency}, action in {action.currency} (currencies mixed)"
            elif status in NEVER_DUNNED:
                problem = f"dunned while {status}"
            elif invoice.hold is not None and invoice.hold.active_on(today):
                problem = "invoice on hold"
            elif status is InvoiceStatus.PAYMENT_SENT and (
                invoice.status_date is None
                or today <= invoice.status_date + timedelta(days=policy.payment_sent_grace_days)
            ):
                problem = "payment reported sent, within its grace"
            elif invoice.direct_debit and today <= (invoice.collection_date or invoice.due_date):
                problem = "direct debit not yet collected"
            elif portfolio.open_amount(invoice_id, today) <= 0:
                problem = "nothing open"
            else:
                grace = timedelta(days=policy.promise_grace_days)
                for promise in portfolio.promises_of(action.customer_id):
                    covered = not promise.invoice_ids or invoice_id in promise.invoice_ids
                    if (
                        covered
                        and promise.made_on <= today <= promise.pay_by + grace
                        and (promise.invoice_ids or invoice.issue_date <= promise.made_on)
                    ):
                        problem = f"promise to pay by {promise.pay_by} still running"
            if problem:
                yield Violation(
                    rule="never_dunned",
                    message=problem,
                    customer_id=customer.id,
                    invoice_id=invoice_id,
                    action_key=action.key,
                )


def _timing(context: PlanContext) -> Iterable[Violation]:
    portfolio, today, calendar = context.portfolio, context.today, context.policy.calendar
    for action in context.plan.actions:
        for name, day in (("scheduled_for", action.scheduled_for), ("pay_by", action.pay_by)):
            if not calendar.is_business_day(day):
                yield Violation(
                    rule="business_days",
                    message=f"{name} {day} is not a business day",
                    customer_id=action.customer_id,
                    action_key=action.key,
                )
        if action.scheduled_for < today or action.pay_by < action.scheduled_for:
            yield Violation(
                rule="business_days",
                message="dates out of order",
                customer_id=action.customer_id,
                action_key=action.key,
            )
        offset = context.offset_of(action)
        if offset is None or offset < 0:
            continue
        grace = portfolio.customer(action.customer_id).grace_days
        for invoice_id in action.invoice_ids:
            due = portfolio.invoice(invoice_id).due_date
            if (
                today < due + timedelta(days=grace)
                and context.policy.grouping != Grouping.PER_CUSTOMER
            ):
                yield Violation(
                    rule="grace",
                    message=f"post-due step before due date {due} + {grace} grace days",
                    customer_id=action.customer_id,
                    invoice_id=invoice_id,
                    action_key=action.key,
                )


def _escalation(context: PlanContext) -> Iterable[Violation]:
    if context.policy.grouping == Grouping.PER_CUSTOMER:
        return  # escalation is per customer there: invoices join the highest step
    offsets: dict[str, int] = {}
    for name in sorted(context.policy.scenarios):
        for step in context.policy.scenarios[name].steps:
            offsets.setdefault(step.id, step.offset_days)
    for action in context.plan.actions:
        scenario = context.policy.scenarios.get(action.segment)
        if scenario is None or scenario.step(action.step_id) is None:
            continue
        position = next(i for i, s in enumerate(scenario.steps) if s.id == action.step_id)
        done_events = context.contacts(action.customer_id)
        for invoice_id in action.invoice_ids:
            done = {e.step_id for e in done_events if invoice_id in e.invoice_ids}
            if action.step_id in done:
                yield Violation(
                    rule="escalation",
                    message=f"step {action.step_id} proposed again",
                    customer_id=action.customer_id,
                    invoice_id=invoice_id,
                    action_key=action.key,
                )
            reached = max((offsets[s] for s in done if s in offsets), default=None)
            for earlier in scenario.steps[:position]:
                passed = earlier.id in done or (
                    reached is not None and earlier.offset_days <= reached
                )
                if not passed and not earlier.is_pre_due:
                    yield Violation(
                        rule="escalation",
                        message=f"jumps over undone step {earlier.id} to {action.step_id}",
                        customer_id=action.customer_id,
                        invoice_id=invoice_id,
                        action_key=action.key,
                    )


def _contact_limits(context: PlanContext) -> Iterable[Violation]:
    policy, today = context.policy, context.today
    for customer_id in sorted({a.customer_id for a in context.plan.actions}):
        contacts = context.contacts(customer_id)
        if contacts:
            last = max(e.date for e in contacts)
            if (today - last).days < policy.min_days_between_contacts:
                yield Violation(
                    rule="contact_limits",
                    message=f"contacted on {last}, again within "
                    f"{policy.min_days_between_contacts} days",
                    customer_id=customer_id,
                )
    yield from (
        v.model_copy(update={"rule": "contact_limits"})
        for v in at_most_contacts(policy.max_contacts_per_30_days)(context)
    )


def _grouping(context: PlanContext) -> Iterable[Violation]:
    grouping = context.policy.grouping
    seen: Counter[tuple[str, ...]] = Counter()
    keys = Counter(a.key for a in context.plan.actions)
    for key, times in keys.items():
        if times > 1:
            yield Violation(rule="grouping", message=f"key used by {times} actions", action_key=key)
    for action in context.plan.actions:
        if grouping == Grouping.PER_INVOICE:
            if len(action.invoice_ids) != 1:
                yield Violation(
                    rule="grouping",
                    message="several invoices in a per-invoice plan",
                    action_key=action.key,
                )
            continue
        if grouping == Grouping.PER_CUSTOMER:
            seen[(action.customer_id, action.currency)] += 1
        else:
            seen[(action.customer_id, action.currency, action.step_id, str(action.channel))] += 1
    for group, times in seen.items():
        if times > 1:
            yield Violation(
                rule="grouping",
                message=f"{times} actions for one group {group}",
                customer_id=group[0],
            )


_GUARANTEES: tuple[PlanRule, ...] = (
    _conservation,
    _never_dunned,
    _timing,
    _escalation,
    _contact_limits,
    _grouping,
)


def check_plan(
    plan: Plan,
    portfolio: Portfolio,
    today: date,
    policy: Policy | None = None,
    *,
    rules: Iterable[PlanRule] = (),
) -> list[Violation]:
    """Every guarantee the planner documents, plus ``rules``; an empty list means all hold.

    Checked: conservation (every open invoice exactly once), nothing dunned that is
    paid, cancelled, disputed, suspended, refused, rejected, held, under a running
    promise, a recent payment-sent status or a pending direct debit; no currencies
    mixed; grace days; gradual escalation (no step twice, no undone step jumped);
    contact limits; grouping; business days.
    """
    context = PlanContext(plan, portfolio, today, policy or default_policy())
    found: list[Violation] = []
    for rule in (*_GUARANTEES, *rules):
        found.extend(rule(context))
    return found


def assert_plan_ok(
    plan: Plan,
    portfolio: Portfolio,
    today: date,
    policy: Policy | None = None,
    *,
    rules: Iterable[PlanRule] = (),
) -> None:
    """Raise :class:`PlanViolationError` (an ``AssertionError``) listing every violation."""
    violations = check_plan(plan, portfolio, today, policy, rules=rules)
    if violations:
        raise PlanViolationError(violations)
