"""Variations of a policy's guardrails."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from dunningkit.policy._policy import Grouping, PhoneOverflow, Policy, default_policy

__all__ = ["policies"]


def policies(
    *,
    grouping: Sequence[Grouping] = tuple(Grouping),
    max_days_between_contacts: int = 10,
    phone_capacity: bool = True,
    base: Policy | None = None,
) -> st.SearchStrategy[Policy]:
    """Variations of a policy's guardrails (scenarios and segmentation kept from ``base``).

    Draws contact limits, grouping, minimum amounts, phone capacity and overflow,
    payment-sent and promise grace. Shrinks towards the defaults' simplest form:
    no gap between contacts, per-invoice grouping, no phone limit.
    """
    if not grouping:
        raise InvalidArgument("grouping must name at least one Grouping")
    if max_days_between_contacts < 0:
        raise InvalidArgument(f"max_days_between_contacts={max_days_between_contacts} < 0")
    start = base or default_policy()

    @st.composite
    def build(draw: st.DrawFn) -> Policy:
        capacity = draw(st.one_of(st.none(), st.integers(0, 5))) if phone_capacity else None
        return start.model_copy(
            update={
                "min_days_between_contacts": draw(st.integers(0, max_days_between_contacts)),
                "max_contacts_per_30_days": draw(st.integers(1, 6)),
                "grouping": draw(st.sampled_from(sorted(grouping))),
                "min_open_amount": draw(st.sampled_from([Decimal(0), Decimal(50)])),
                "phone_capacity_per_day": capacity,
                "phone_overflow": draw(st.sampled_from(sorted(PhoneOverflow))),
                "payment_sent_grace_days": draw(st.integers(0, 10)),
                "promise_grace_days": draw(st.integers(0, 5)),
            }
        )

    return build()
