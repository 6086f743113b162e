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

from dunningkit.model._channel import Channel, channel_spec
from dunningkit.model._customer import Customer, reachable
from dunningkit.policy._scenario import Step

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
    """Routes for one run, worked out once per step, reachable channels, preference and
    set of bounced channels: customers with the same kinds of contact data share them."""

    __slots__ = ("_cache", "_reach")

    def __init__(self) -> None:
        self._cache: dict[
            tuple[int, frozenset[Channel], tuple[Channel, ...], frozenset[str]], Route
        ] = {}
        self._reach: dict[int, frozenset[str]] = {}

    def route(
        self,
        customer: Customer,
        step: Step,
        bounced: Sequence[tuple[date, Channel]] = (),
        reach: frozenset[str] | None = None,
    ) -> Route:
        """The route of ``step`` to ``customer`` once the channels in ``bounced`` bounced.

        ``reach`` is the contact fields the customer holds, when the caller knows them.
        """
        dropped = frozenset(channel for _, channel in bounced) if bounced else _NONE
        if reach is None:
            reach = reachable(customer)
        key = (id(step), dropped, customer.preferred_channels, reach)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = _decide(step, dropped, customer.preferred_channels, reach)
        return found


_NONE: frozenset[Channel] = frozenset()


def _decide(
    step: Step,
    dropped: frozenset[Channel],
    preferred: tuple[Channel, ...],
    reach: frozenset[str],
) -> Route:
    allowed = (step.channel, *step.fallback_channels)
    ordered = allowed
    if preferred:
        liked = [c for c in preferred if c in allowed]
        ordered = (*liked, *(c for c in allowed if c not in liked))

    def usable(channel: Channel) -> bool:
        field = channel_spec(channel).contact_field
        return channel not in dropped and (field is None or field in reach)

    chosen = next((c for c in ordered if usable(c)), None)
    notes = []
    for channel in ordered:
        if channel is chosen:
            break
        if channel in dropped:
            notes.append(f"a message by {channel} bounced")
        else:
            notes.append(f"no contact data for {channel}")
    if chosen is None:
        return Route(None, (), tuple(notes))
    if ordered[0] is chosen and chosen is not step.channel:
        notes.append(f"{chosen}, the customer's preferred channel")
    after = ordered[ordered.index(chosen) + 1 :]
    return Route(chosen, tuple(c for c in after if c not in dropped), tuple(notes))
