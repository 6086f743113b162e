"""A customer's messages of the day: which go out, after the minimum amount and the
contact limits.

Decides, for the messages one customer's invoices would make today (the drafts of
:mod:`dunningkit.planning._grouping`), in this order: a message below the policy's
minimum amount for its currency waits (``below_minimum``); a message on a channel
that carried one today already waits (``one_message_a_day``, as a second one in the
same plan does); if the last contact is too recent, every message waits
(``too_soon``); else the most urgent go (highest tone, then largest amount, then
invoice id) up to the room the 30-day cap leaves, and the rest wait (``contact_cap``).
The limits themselves are guardrails (:class:`~dunningkit.planning._guardrails.ContactLimits`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from dunningkit.model._history import DONE_OUTCOMES, DunningEvent
from dunningkit.planning._grouping import Draft
from dunningkit.planning._guardrails import ContactLimits, money
from dunningkit.planning._results import SkipReason
from dunningkit.policy._policy import Grouping, Policy

__all__ = ["sendable"]


def sendable(
    drafts: Sequence[Draft],
    events: Sequence[DunningEvent],
    today: date,
    policy: Policy,
    skipped: list[tuple[str, SkipReason, str]],
) -> list[Draft]:
    """The drafts that go out today, most urgent first; each member of the others is
    added to ``skipped`` (invoice id, reason, detail)."""
    kept: list[Draft] = []
    for draft in drafts:
        currency = draft.lead.currency
        total, minimum = draft.total, policy.min_amount(currency)
        if total < minimum:
            detail = (
                f"{money(total, currency)} open, below the minimum of "
                f"{money(minimum, currency)} for a reminder"
            )
            skipped.extend((m.invoice_id, SkipReason.BELOW_MINIMUM, detail) for m in draft.members)
        else:
            kept.append(draft)
    if policy.grouping != Grouping.PER_INVOICE:
        kept = _not_sent_today(kept, events, today, skipped)
    if not kept:
        return kept
    limits = ContactLimits(events, today, policy)
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
