"""The host's seam: channel senders, dispatch, the in-memory sender, outcomes."""

from dunningkit.delivery._senders import (
    ChannelSender,
    Delivery,
    DeliveryOutcome,
    InMemorySender,
    dispatch,
    dispatch_events,
)

__all__ = [
    "ChannelSender",
    "Delivery",
    "DeliveryOutcome",
    "InMemorySender",
    "dispatch",
    "dispatch_events",
]
