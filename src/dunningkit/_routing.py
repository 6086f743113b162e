"""Routing: the channel a step reaches a customer on, and why not the others.

Decides, for one customer and step: the step's channel and its fallbacks are the
channels allowed for it; the customer's preferred channels among those go first (in
the customer's order), the step's order breaks the rest, and a preference never adds
a channel the step does not list. A channel is usable when the customer holds the
contact data its :class:`~dunningkit.ChannelSpec` needs and no message of that step
bounced on it (the bounce's own channel, as recorded in the event, is dropped; the
others stay).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from dunningkit._channel import Channel, channel_spec
from dunningkit._customer import Customer
from dunningkit._scenario import Step

__all__ = ["Route", "Router"]


@dataclass(frozen=True, slots=True)
class Route:
    """Where a step goes for one customer.

    Attributes:
        channel: the channel to use, or ``None`` when none is usable.
        fallbacks: the usable channels after it, for the host's use.
        notes: why earlier channels were passed over.
    """

    channel: Channel | None
    fallbacks: tuple[Channel, ...]
    notes: tuple[str, ...]


class Router:
    """Routes for one customer, worked out once per step and set of bounced channels."""

    __slots__ = ("_cache", "customer", "preferred")

    def __init__(self, customer: Customer) -> None:
        self.customer = customer
        self.preferred = customer.preferred_channels
        self._cache: dict[tuple[str, frozenset[Channel]], Route] = {}

    def route(self, step: Step, bounced: Sequence[tuple[date, Channel]] = ()) -> Route:
        """The route of ``step`` once the channels in ``bounced`` have bounced for it."""
        dropped = frozenset(channel for _, channel in bounced)
        key = (step.id, dropped)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._decide(step, dropped)
        return found

    def _decide(self, step: Step, dropped: frozenset[Channel]) -> Route:
        allowed = (step.channel, *step.fallback_channels)
        ordered = allowed
        if self.preferred:
            liked = [c for c in self.preferred if c in allowed]
            ordered = (*liked, *(c for c in allowed if c not in liked))
        has_data = self.customer.has_channel_data
        chosen = next((c for c in ordered if c not in dropped and has_data(c)), None)
        notes = []
        for channel in ordered:
            if channel is chosen:
                break
            if channel in dropped:
                notes.append(f"a message by {channel_spec(channel).channel} bounced")
            else:
                notes.append(f"no contact data for {channel}")
        if chosen is None:
            return Route(None, (), tuple(notes))
        if ordered[0] is chosen and chosen is not step.channel:
            notes.append(f"{chosen}, the customer's preferred channel")
        after = ordered[ordered.index(chosen) + 1 :]
        return Route(chosen, tuple(c for c in after if c not in dropped), tuple(notes))
