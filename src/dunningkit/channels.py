"""Public path ``dunningkit.channels``, kept for callers.

The code lives in ``dunningkit.delivery``.
"""

from dunningkit.delivery._senders import (
    ChannelSender,
    Delivery,
    DeliveryOutcome,
    InMemorySender,
    Renderer,
    dispatch,
)

__all__ = [
    "ChannelSender",
    "Delivery",
    "DeliveryOutcome",
    "InMemorySender",
    "Renderer",
    "dispatch",
]
