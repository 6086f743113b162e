"""What happened on the claim, as of the dossier's date: payments, reminders, promises.

A reminder is named by its policy step (title and tone), with the fees it charged as
recorded on its event when it was sent (``DunningEvent.fees``, copied from
``Action.fees``): a court reads what was charged then, never a figure recomputed from
today's policy; an event that recorded none shows none. The formal notice is the latest reminder
sent in a formal-notice or final tone (or from the ``formal_notice`` step) that names an
open invoice. A promise is kept, broken or pending by the book's
one promise rule, with the policy's grace.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from dunningkit.book._portfolio import Portfolio
from dunningkit.book._promises import promise_outcome
from dunningkit.handover._records import DossierPayment, DossierPromise, DossierReminder
from dunningkit.model._channel import Tone
from dunningkit.model._history import DunningEvent, EventOutcome
from dunningkit.model._invoice import Invoice
from dunningkit.policy._policy import Policy
from dunningkit.policy._scenario import Step

__all__ = ["dossier_payments", "dossier_promises", "dossier_reminders", "formal_notice"]

_DONE = frozenset({EventOutcome.SENT, EventOutcome.ANSWERED})

_Steps = tuple[dict[tuple[str, str], Step], dict[str, Step]]
"""The policy's steps by (scenario, step) and by step id alone (the first one wins)."""


def dossier_payments(
    portfolio: Portfolio, documents: Iterable[Invoice], on: date
) -> tuple[DossierPayment, ...]:
    """Every payment on the documents up to ``on``, by date then id."""
    payments = [
        DossierPayment(
            id=p.id,
            invoice_id=p.invoice_id,
            date=p.date,
            amount=p.amount,
            currency=p.currency,
            method=p.method,
            reference=p.reference,
        )
        for invoice in documents
        for p in portfolio.payments_of(invoice.id)
        if p.date <= on
    ]
    payments.sort(key=lambda p: (p.date, p.id))
    return tuple(payments)


def _steps(policy: Policy) -> _Steps:
    by_scenario: dict[tuple[str, str], Step] = {}
    by_id: dict[str, Step] = {}
    for scenario in policy.scenarios.values():
        for step in scenario.steps:
            by_scenario[scenario.id, step.id] = step
            by_id.setdefault(step.id, step)
    return by_scenario, by_id


def _step_of(event: DunningEvent, steps: _Steps) -> Step | None:
    by_scenario, by_id = steps
    return (
        by_scenario.get((event.scenario_id, event.step_id)) if event.scenario_id else None
    ) or by_id.get(event.step_id)


def _fees(portfolio: Portfolio, event: DunningEvent) -> tuple[Decimal | None, str | None]:
    """The fees the event recorded, in its invoices' currency (``None``: none recorded)."""
    if event.fees is None:
        return None, None
    return event.fees, portfolio.invoice(event.invoice_ids[0]).currency


def dossier_reminders(
    portfolio: Portfolio, customer_id: str, on: date, policy: Policy
) -> tuple[DossierReminder, ...]:
    """Every reminder sent or tried up to ``on``, named by its policy step, with the fees
    its event recorded."""
    steps = _steps(policy)
    reminders = []
    for event in portfolio.events_of(customer_id):
        if event.date > on:
            continue
        step = _step_of(event, steps)
        fees, currency = _fees(portfolio, event)
        reminders.append(
            DossierReminder(
                id=event.id,
                date=event.date,
                step_id=event.step_id,
                step_label=step.title if step else None,
                channel=event.channel,
                tone=step.tone if step else None,
                outcome=event.outcome,
                reference=event.reference,
                invoice_ids=event.invoice_ids,
                fees=fees,
                fees_currency=currency,
            )
        )
    return tuple(reminders)


def _is_formal_notice(reminder: DossierReminder) -> bool:
    return reminder.outcome in _DONE and (
        reminder.tone in (Tone.FORMAL_NOTICE, Tone.FINAL) or reminder.step_id == "formal_notice"
    )


def formal_notice(
    reminders: Sequence[DossierReminder], open_ids: set[str]
) -> DossierReminder | None:
    """The latest formal notice sent that names one of the open invoices."""
    notices = [r for r in reminders if _is_formal_notice(r) and (open_ids & set(r.invoice_ids))]
    return notices[-1] if notices else None


def dossier_promises(
    portfolio: Portfolio,
    customer_id: str,
    documents: Sequence[Invoice],
    on: date,
    policy: Policy,
) -> tuple[DossierPromise, ...]:
    """Every promise made up to ``on``, with what became of it."""
    promises = []
    for promise in portfolio.promises_of(customer_id):
        if promise.made_on > on:
            continue
        outcome = promise_outcome(
            promise,
            (portfolio.facts(d.id, on) for d in documents),
            on,
            policy.promise_grace_days,
        )
        promises.append(
            DossierPromise(
                id=promise.id,
                made_on=promise.made_on,
                pay_by=promise.pay_by,
                amount=promise.amount,
                currency=promise.currency,
                invoice_ids=promise.invoice_ids,
                outcome=outcome,
            )
        )
    return tuple(promises)
