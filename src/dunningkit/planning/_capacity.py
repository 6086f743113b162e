"""Capacity: the day's calls, ranked across the whole book.

Decides which calls the team makes today when a channel is capacity-limited (its
:class:`~dunningkit.ChannelSpec` says so; phone today) and the policy sets
``phone_capacity_per_day``: the largest amounts at risk (open amount x segment risk)
first; the others move to the next business days with room, or to the step's first
usable fallback channel (``phone_overflow = "fallback"``). A call that would move to
a later day for a customer who gets another message today is not moved: its
invoices wait (``too_soon``), so that contact spacing holds inside one plan too.

This is the one decision that reads more than one customer; it runs after every
customer has been planned, over the calls only.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from dunningkit.model._calendar import BusinessCalendar
from dunningkit.model._channel import Channel, channel_spec
from dunningkit.model._customer import Customer
from dunningkit.planning._results import Action, Reason, Skip, SkipReason, action_key
from dunningkit.planning._skip_rows import SkipRows
from dunningkit.policy._policy import PhoneOverflow, Policy
from dunningkit.policy._scenario import Step

__all__ = ["Call", "CapacityResult", "apply_capacity", "settle_calls"]


@dataclass(frozen=True, slots=True)
class Call:
    """A planned call with what is needed to move it: its step and its customer."""

    action: Action
    step: Step
    customer: Customer


@dataclass(slots=True)
class CapacityResult:
    """Calls changed (by key) and calls dropped back to skips (their invoices wait)."""

    replaced: dict[str, Action]
    dropped: list[tuple[Action, SkipReason, str]]


def _with_reason(action: Action, code: str, text: str, **changes: object) -> Action:
    return dataclasses.replace(
        action,
        reasons=(*action.reasons, text),
        why=(*action.why, Reason(code, text)),
        **changes,  # type: ignore[arg-type]
    )


def apply_capacity(
    calls: Sequence[Call],
    policy: Policy,
    calendar: BusinessCalendar,
    busy_today: frozenset[str],
) -> CapacityResult:
    """Rank ``calls`` and decide the overflow; ``busy_today`` are customers with another
    message today."""
    result = CapacityResult({}, [])
    capacity = policy.phone_capacity_per_day
    if capacity is None or len(calls) <= capacity:
        return result
    ranked = sorted(calls, key=lambda c: (-c.action.priority, c.action.customer_id, c.action.key))
    day = ranked[0].action.scheduled_for
    used = 0
    for call in ranked[capacity:]:
        action = call.action
        why = f"the day's {capacity} calls go to larger amounts at risk"
        if policy.phone_overflow == PhoneOverflow.FALLBACK:
            moved = _to_fallback(call, why)
            if moved is not None:
                result.replaced[action.key] = moved
                continue
        if action.customer_id in busy_today:
            result.dropped.append(
                (
                    action,
                    SkipReason.TOO_SOON,
                    (
                        f"'{call.step.title}' by {action.channel} is due, but {why} and the "
                        "customer gets another message today: the call waits"
                    ),
                )
            )
            continue
        if capacity == 0 or used % capacity == 0:
            day = calendar.next_business_day(day + timedelta(days=1))
        used += 1
        result.replaced[action.key] = _with_reason(
            action,
            "capacity",
            f"moved to {day}: {why}",
            scheduled_for=day,
            pay_by=calendar.next_business_day(day + timedelta(days=call.step.deadline_days)),
        )
    return result


def _to_fallback(call: Call, why: str) -> Action | None:
    action, step, customer = call.action, call.step, call.customer
    for channel in step.fallback_channels:
        if channel_spec(channel).capacity_limited or not customer.has_channel_data(channel):
            continue
        rest = step.fallback_channels[step.fallback_channels.index(channel) + 1 :]
        return _with_reason(
            action,
            "capacity",
            f"{channel} instead of a call: {why}",
            channel=channel,
            contact=customer.contact_for(channel),
            fallback_channels=rest,
            key=action_key(action.customer_id, action.step_id, channel, 0, action.invoice_ids),
        )
    return None


def limited(channel: Channel) -> bool:
    """Whether the day's capacity limits ``channel``."""
    return channel_spec(channel).capacity_limited


def settle_calls(
    actions: list[Action], calls: Sequence[Call], skipped: SkipRows, policy: Policy
) -> tuple[list[Action], SkipRows]:
    """The day's actions after the capacity (sorted as a plan holds them), and the
    skips with the calls that wait (sorted by customer, then invoice)."""
    busy = frozenset(a.customer_id for a in actions if not channel_spec(a.channel).capacity_limited)
    capacity = apply_capacity(calls, policy, policy.calendar, busy)
    if capacity.replaced or capacity.dropped:
        dropped = {a.key for a, _, _ in capacity.dropped}
        actions = [capacity.replaced.get(a.key, a) for a in actions if a.key not in dropped]
    actions.sort(key=lambda a: (a.scheduled_for, -a.priority, a.customer_id, a.step_id, a.key))
    if capacity.dropped:
        rows = list(skipped)
        rows.extend(
            Skip(invoice_id, a.customer_id, reason, detail)
            for a, reason, detail in capacity.dropped
            for invoice_id in a.invoice_ids
        )
        rows.sort(key=lambda s: (s.customer_id, s.invoice_id))
        skipped = SkipRows.of(rows)
    return actions, skipped
