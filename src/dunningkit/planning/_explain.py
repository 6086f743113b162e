"""``explain``: for one customer, why each invoice gets a reminder today, or not."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel

from dunningkit.book._figures import due_now
from dunningkit.book._portfolio import Portfolio
from dunningkit.model._day import as_day
from dunningkit.model._history import histories
from dunningkit.model._invoice import InvoiceStatus
from dunningkit.model._types import MODEL_CONFIG
from dunningkit.planning._grouping import charged
from dunningkit.planning._results import Action, SkipReason
from dunningkit.planning._run import next_actions
from dunningkit.policy._catalogs import label
from dunningkit.policy._policy import Policy, default_policy
from dunningkit.segmentation._classifier import classify
from dunningkit.segmentation._profile import PayerProfile

__all__ = ["Explanation", "InvoiceExplanation", "explain"]


class InvoiceExplanation(BaseModel):
    """The decision for one open invoice.

    ``decision`` is ``"action"`` (then ``action_key``, ``step_id`` and ``channel``
    say which) or ``"skipped"`` (then ``reason`` says why); ``reasons`` are the
    sentences a credit manager reads. The fields hold ids; ``str()`` of the
    :class:`Explanation` reads their labels ("courteous reminder", "not due yet").
    """

    model_config = MODEL_CONFIG

    invoice_id: str
    status: InvoiceStatus
    currency: str
    open_amount: Decimal
    due_date: date  # reminders count from it: the earliest open instalment of a plan
    days_overdue: int
    decision: str
    action_key: str | None = None
    step_id: str | None = None
    channel: str | None = None
    reason: SkipReason | None = None
    reasons: tuple[str, ...] = ()
    fee: Decimal | None = None
    """The fee the action's step charges on this invoice (its ``fee`` reason says how);
    ``None`` when skipped or when the step has no fee."""


class Explanation(BaseModel):
    """A customer's segment with its reasons, and the decision for each open invoice."""

    model_config = MODEL_CONFIG

    customer_id: str
    customer_name: str
    today: date
    segment: str
    segment_reasons: tuple[str, ...]
    profile: PayerProfile
    invoices: tuple[InvoiceExplanation, ...]

    def __str__(self) -> str:
        lines = [
            f"{self.customer_name} ({self.customer_id}) on {self.today}",
            f"segment: {label('segment', self.segment)}",
            *(f"  - {r}" for r in self.segment_reasons),
        ]
        if not self.invoices:
            lines.append("no open invoice")
        for item in self.invoices:
            head = (
                f"{item.invoice_id}: {item.open_amount:,.2f} {item.currency} open, "
                f"due {item.due_date} ({item.status})"
            )
            if item.decision == "action":
                step = label("step", item.step_id or "")
                channel = label("channel", item.channel or "")
                fee = f", fee {item.fee:,.2f} {item.currency}" if item.fee is not None else ""
                lines.append(f"{head} -> {step} by {channel}{fee} [{item.action_key}]")
            else:
                lines.append(f"{head} -> no reminder ({label('skip', str(item.reason))})")
            lines.extend(f"  - {r}" for r in item.reasons)
        return "\n".join(lines)


def explain(
    portfolio: Portfolio, today: date | str, customer_id: str, policy: Policy | None = None
) -> Explanation:
    """For each open invoice of the customer: the segment, the step chosen or what stopped it.

    The whole book is planned (phone capacity is shared across customers), so the
    answer is exactly what :func:`next_actions` decides, with the classification the
    planner decided on. Amounts and days overdue are the planner's own figures (the
    accepted part of a partially accepted invoice; the earliest open instalment of a
    payment plan). ``today``: a date or ``YYYY-MM-DD`` (see :func:`next_actions`).
    """
    today = as_day(today)
    policy = policy or default_policy()
    customer = portfolio.customer(customer_id)
    plan = next_actions(portfolio, today, policy)
    decided = plan._classifications  # noqa: SLF001 - the planner's own decision
    classification = (
        decided[customer_id]
        if decided is not None
        else classify(customer, portfolio, today, policy)
    )
    actions, skips = plan.for_customer(customer_id)
    items = []
    fees = _fees(portfolio, today, customer_id, policy, actions)
    for action in actions:
        for invoice_id in action.invoice_ids:
            mine = tuple(
                r.text
                for r in action.why
                if r.code != "segment" and (r.invoice_id in (None, invoice_id))
            )
            item = _item(portfolio, today, invoice_id, "action", mine, action=action)
            items.append(item.model_copy(update={"fee": fees.get(invoice_id)}))
    items.extend(
        _item(portfolio, today, skip.invoice_id, "skipped", (skip.detail,), reason=skip.reason)
        for skip in skips
    )
    items.sort(key=lambda i: (i.due_date, i.invoice_id))
    return Explanation(
        customer_id=customer.id,
        customer_name=customer.name,
        today=today,
        segment=classification.segment,
        segment_reasons=classification.reasons,
        profile=classification.profile,
        invoices=tuple(items),
    )


def _fees(
    portfolio: Portfolio, today: date, customer_id: str, policy: Policy, actions: list[Action]
) -> dict[str, Decimal]:
    """The fee each action charges on each of its invoices at a step with a fee (they
    add up to ``Action.fees``): the planner's own rule
    (:func:`~dunningkit.planning._grouping.charged`)."""
    found = histories(portfolio.events_of(customer_id), today)
    fees: dict[str, Decimal] = {}
    for action in actions:
        scenario = policy.scenarios.get(action.scenario_id)
        step = scenario.step(action.step_id) if scenario is not None else None
        if step is None or step.fee is None:
            continue
        listed = {r.invoice_id for r in action.why if r.code == "included"}
        for invoice_id in action.invoice_ids:
            if invoice_id in listed:  # listed in the message, not at its step: no fee
                continue
            amount = due_now(portfolio.facts(invoice_id, today), today)[1]
            fee = charged(step, action.currency, amount, found.get(invoice_id))
            fees[invoice_id] = fee.amount
    return fees


def _item(
    portfolio: Portfolio,
    today: date,
    invoice_id: str,
    decision: str,
    reasons: tuple[str, ...],
    *,
    action: Action | None = None,
    reason: SkipReason | None = None,
) -> InvoiceExplanation:
    facts = portfolio.facts(invoice_id, today)
    due, _ = due_now(facts, today)
    return InvoiceExplanation(
        invoice_id=invoice_id,
        status=facts.status,
        currency=facts.invoice.currency,
        open_amount=facts.open,
        due_date=due,
        days_overdue=max((today - due).days, 0),
        decision=decision,
        action_key=action.key if action else None,
        step_id=action.step_id if action else None,
        channel=str(action.channel) if action else None,
        reason=reason,
        reasons=reasons,
    )
