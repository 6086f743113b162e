"""A customer's messages of the day: which go out, after the minimum amounts and the
contact limits.

Decides, for the messages one customer's invoices would make today (the drafts of
:mod:`dunningkit.planning._grouping`), in this order:

1. the minimums (``below_minimum``): a message below the policy's minimum amount for
   its currency waits, and so does every message in a currency whose scenario sets a
   ``min_balance`` the customer's overdue balance in it has not reached;
2. a message on a channel that carried one today already waits (``one_message_a_day``);
3. of the messages left, one per channel goes (``one_message_a_day`` for the others,
   :func:`~dunningkit.planning._grouping.one_per_channel`): the minimums decided
   first, so a message that does not go out displaces nothing;
4. if the last contact is too recent, every message waits (``too_soon``); else the most
   urgent go (highest tone, then largest amount, then invoice id) up to the room the
   30-day cap leaves, and the rest wait (``contact_cap``). The limits themselves are
   guardrails (:class:`~dunningkit.planning._guardrails.ContactLimits`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from dunningkit.book._figures import overdue_open
from dunningkit.book._ledger import CustomerLedger
from dunningkit.model._history import DONE_OUTCOMES, DunningEvent
from dunningkit.model._invoice import NEVER_DUNNED
from dunningkit.planning._grouping import Draft, one_per_channel
from dunningkit.planning._guardrails import ContactLimits, money
from dunningkit.planning._results import SkipReason
from dunningkit.policy._policy import Grouping, Policy
from dunningkit.policy._scenario import Scenario

__all__ = ["overdue_balance", "sendable"]

_ZERO = Decimal(0)

Skipped = list[tuple[str, SkipReason, str]]


def overdue_balance(entry: CustomerLedger, today: date, currency: str) -> Decimal:
    """The customer's overdue balance in ``currency`` on ``today``: the sum of the
    overdue open amounts (:func:`~dunningkit.book._figures.overdue_open`) of the
    invoices it may be dunned for (not credit notes, not in a never-dunned status)."""
    total = _ZERO
    for row in entry.rows:
        if row.currency != currency or row.issue > today:
            continue
        facts = row.facts_on(today)
        if facts.status not in NEVER_DUNNED:
            total += overdue_open(facts, today)
    return total


def sendable(
    drafts: Sequence[Draft],
    entry: CustomerLedger,
    today: date,
    policy: Policy,
    scenario: Scenario,
    skipped: Skipped,
) -> list[Draft]:
    """The drafts that go out today, most urgent first; each member of the others is
    added to ``skipped`` (invoice id, reason, detail)."""
    kept = _above_minimums(drafts, entry, today, policy, scenario, skipped)
    if policy.grouping != Grouping.PER_INVOICE:
        kept = _not_sent_today(kept, entry.events, today, skipped)
        kept, waits = one_per_channel(kept)
        skipped.extend((c.invoice_id, reason, detail) for c, reason, detail in waits)
    if not kept:
        return kept
    limits = ContactLimits(entry.events, today, policy)
    too_soon = limits.too_soon()
    if too_soon is not None:
        for draft in kept:
            detail = f"'{draft.lead.step.title}' is due but {too_soon}"
            skipped.extend((m.invoice_id, SkipReason.TOO_SOON, detail) for m in draft.members)
        return []
    room = max(limits.room, 0)
    kept.sort(key=lambda d: (-d.lead.step.tone.rank, -d.total, d.lead.invoice_id))
    for draft in kept[room:]:
        detail = (
            f"'{draft.lead.step.title}' is due but the customer already had "
            f"{limits.recent + room} contacts in 30 days (limit "
            f"{policy.max_contacts_per_30_days})"
        )
        skipped.extend((m.invoice_id, SkipReason.CONTACT_CAP, detail) for m in draft.members)
    return kept[:room]


def _above_minimums(
    drafts: Sequence[Draft],
    entry: CustomerLedger,
    today: date,
    policy: Policy,
    scenario: Scenario,
    skipped: Skipped,
) -> list[Draft]:
    """The drafts past the policy's minimum amount and the scenario's minimum balance."""
    kept: list[Draft] = []
    balances: dict[str, Decimal] = {}
    for draft in drafts:
        currency = draft.lead.currency
        total, minimum = draft.total, policy.min_amount(currency)
        floor = scenario.min_balance.get(currency)
        detail = None
        if total < minimum:
            detail = (
                f"{money(total, currency)} open, below the minimum of "
                f"{money(minimum, currency)} for a reminder"
            )
        elif floor is not None:
            balance = balances.get(currency)
            if balance is None:
                balance = balances[currency] = overdue_balance(entry, today, currency)
            if balance < floor:
                detail = (
                    f"the customer's overdue balance is {money(balance, currency)}, below "
                    f"the minimum balance of {money(floor, currency)} for reminders in "
                    f"{currency} (scenario {scenario.id})"
                )
        if detail is None:
            kept.append(draft)
        else:
            skipped.extend((m.invoice_id, SkipReason.BELOW_MINIMUM, detail) for m in draft.members)
    return kept


def _not_sent_today(
    drafts: list[Draft],
    events: Sequence[DunningEvent],
    today: date,
    skipped: list[tuple[str, SkipReason, str]],
) -> list[Draft]:
    """One message per channel a day holds against what was already sent today too: a
    plan made again after dispatch (``min_days_between_contacts = 0``) sends no second
    message on a channel that carried one today."""
    used = {e.channel for e in events if e.date == today and e.outcome in DONE_OUTCOMES}
    if not used:
        return drafts
    for draft in drafts:
        if draft.lead.channel in used:
            detail = (
                f"'{draft.lead.step.title}' is due, but a message went to the customer by "
                f"{draft.lead.channel} today already: one message per channel a day; "
                "this one waits"
            )
            skipped.extend(
                (m.invoice_id, SkipReason.ONE_MESSAGE_A_DAY, detail) for m in draft.members
            )
    return [draft for draft in drafts if draft.lead.channel not in used]
