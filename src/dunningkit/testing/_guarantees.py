"""The planner's own guarantees, each a :data:`~dunningkit.testing.PlanRule`.

Each recomputes what it needs from the portfolio itself (open amounts, statuses,
holds, history) rather than trusting the planner's internals: conservation (every
open invoice exactly once), nothing dunned that must not be, timing (grace days,
business days), gradual escalation, contact limits, grouping, fees (never below zero,
in the action's currency's places, none on a step without a fee, the step's fee on
each invoice due at it, once).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import timedelta
from decimal import Decimal

from dunningkit.book._figures import due_now
from dunningkit.model._history import DONE_OUTCOMES, DunningEvent, EventOutcome, histories
from dunningkit.model._invoice import NEVER_DUNNED, InvoiceStatus
from dunningkit.model._types import currency_places
from dunningkit.policy._fees import charge
from dunningkit.policy._policy import Grouping
from dunningkit.policy._scenario import CatchUp, Scenario
from dunningkit.testing._rules import PlanContext, PlanRule, Violation, at_most_contacts

__all__ = ["GUARANTEES"]


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


def _counting(context: PlanContext, invoice_id: str) -> tuple[list[DunningEvent], str | None]:
    """The invoice's contacts that count for its ladder today, and the step a person
    set by hand (``None``: none): on a payment plan, those dated while
    the instalment now earliest open was already so; after a step set by hand, those
    from its day."""
    invoice = context.portfolio.invoice(invoice_id)
    today = context.today
    events = [e for e in context.events_before(invoice.customer_id) if invoice_id in e.invoice_ids]
    if invoice.installments:
        now = due_now(context.portfolio.facts(invoice_id, today), today)[0]
        events = [
            e
            for e in events
            if due_now(context.portfolio.facts(invoice_id, e.date), e.date)[0] >= now
        ]
    hands = [e for e in events if e.outcome is EventOutcome.SET_BY_HAND]
    if not hands:
        return [e for e in events if e.outcome in DONE_OUTCOMES], None
    hand = hands[-1]  # events come sorted by date, then id
    kept = [e for e in events if e.date >= hand.date and e.outcome in DONE_OUTCOMES]
    return kept, hand.step_id


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
        last = len(scenario.steps) - 1
        repeats = scenario.repeat_last_every_days is not None and position == last

        def rung_of(step_id: str, scenario: Scenario = scenario) -> int:
            """A step's position on this ladder: its own, or for another scenario's
            step the last of this one at or before its offset (-1: none)."""
            own = next((i for i, s in enumerate(scenario.steps) if s.id == step_id), None)
            if own is not None:
                return own
            offset = offsets.get(step_id)
            steps = scenario.steps
            at = (i for i, s in enumerate(steps) if offset is not None and s.offset_days <= offset)
            return max(at, default=-1)

        for invoice_id in action.invoice_ids:
            events, hand = _counting(context, invoice_id)
            done = {e.step_id for e in events}
            if action.step_id in done and not repeats:
                yield Violation(
                    rule="escalation",
                    message=f"step {action.step_id} proposed again",
                    customer_id=action.customer_id,
                    invoice_id=invoice_id,
                    action_key=action.key,
                )
            reached = max((rung_of(s) for s in (*done, *([hand] if hand else []))), default=-1)
            if scenario.catch_up is CatchUp.MATCHING_STEP and reached < 0:
                continue  # nothing done on this ladder: it starts where its age has reached
            for at, earlier in enumerate(scenario.steps[:position]):
                passed = earlier.id in done or at <= reached
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


def _fees(context: PlanContext) -> Iterable[Violation]:
    """An action charges, on each invoice due at its step (not on those it merely lists),
    the fee of its own step, unless the invoice's history shows that step done."""
    portfolio, today = context.portfolio, context.today
    for action in context.plan.actions:
        scenario = context.policy.scenarios.get(action.scenario_id)
        step = scenario.step(action.step_id) if scenario is not None else None
        problem = None
        if action.fees < 0:
            problem = f"fees of {action.fees} {action.currency} below zero"
        elif action.fees.as_tuple().exponent != -currency_places(action.currency):
            problem = f"fees of {action.fees} not in {action.currency}'s places"
        elif action.fees and step is not None and step.fee is None:
            problem = f"fees of {action.fees} {action.currency} on a step without a fee"
        elif step is not None and step.fee is not None:
            done = histories(context.events_before(action.customer_id), today)
            listed = {r.invoice_id for r in action.why if r.code == "included"}
            expected = sum(
                (
                    charge(
                        step.fee,
                        action.currency,
                        portfolio.due_now(i, today)[1],
                        done=i in done and step.id in done[i].done,
                    ).amount
                    for i in action.invoice_ids
                    if i not in listed
                ),
                Decimal(0),
            )
            if expected != action.fees:
                problem = (
                    f"fees of {action.fees} {action.currency}; '{step.id}' charges {expected} "
                    "on the invoices due at it"
                )
        if problem is not None:
            yield Violation(
                rule="fees", message=problem, customer_id=action.customer_id, action_key=action.key
            )


GUARANTEES: tuple[PlanRule, ...] = (
    _conservation,
    _never_dunned,
    _timing,
    _escalation,
    _contact_limits,
    _grouping,
    _fees,
)
