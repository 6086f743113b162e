"""The ways a reminder reaches a customer, the tones it can take, and one description
per channel that every part of the library reads.

:data:`CHANNEL_SPECS` is the single place that says, for each :class:`Channel`, which
contact field it needs, whether its message is written (and so which template kind
renders it), whether the team's capacity limits it, and where to fall back. The
planner's routing, rendering, the plan invariants and dispatch all read it: adding a
channel is one enum value, one entry here, and its templates.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Literal

from dunningkit.errors import UnknownChannelError

__all__ = ["CHANNEL_SPECS", "Channel", "ChannelSpec", "Tone", "channel_spec"]


class Channel(StrEnum):
    """How a reminder is delivered. The library never sends: the host does."""

    EMAIL = "email"
    SMS = "sms"
    PHONE = "phone"
    LETTER = "letter"
    REGISTERED_LETTER = "registered_letter"
    PORTAL = "portal"
    COLLECTION_AGENCY = "collection_agency"
    LEGAL = "legal"


class Tone(StrEnum):
    """Escalation of the wording, from a courteous reminder to a final demand."""

    COURTEOUS = "courteous"
    NEUTRAL = "neutral"
    FIRM = "firm"
    FORMAL_NOTICE = "formal_notice"
    FINAL = "final"

    @property
    def rank(self) -> int:
        """0 for courteous up to 4 for final: escalation never goes down."""
        return _TONE_RANK[self]


_TONE_RANK = {tone: rank for rank, tone in enumerate(Tone)}

ContactField = Literal["email", "phone", "postal_address"]
TemplateKind = Literal["written", "sms", "script"]


@dataclass(frozen=True, slots=True)
class ChannelSpec:
    """What the library knows of one channel.

    Attributes:
        channel: the channel described.
        contact_field: the :class:`~dunningkit.Contact` field it needs (``email``,
            ``phone``, ``postal_address``), or ``None`` when it needs none (the
            customer portal, a hand-over to an agency or a lawyer).
        template_kind: the kind of template that renders it: ``written`` (a subject
            and a body), ``sms`` (a short text) or ``script`` (what to say on a call).
        written: whether it is a written reminder to the customer (what
            ``requires_before`` counts by default); hand-overs are not.
        capacity_limited: whether the team's daily capacity limits it (calls).
        fallbacks: where to go, in order, when a scenario step names this channel
            without fallbacks of its own and the customer cannot be reached on it.
    """

    channel: Channel
    contact_field: ContactField | None
    template_kind: TemplateKind
    written: bool
    capacity_limited: bool = False
    fallbacks: tuple[Channel, ...] = ()

    @property
    def needs_contact(self) -> bool:
        """Whether the customer must hold contact data for this channel."""
        return self.contact_field is not None


CHANNEL_SPECS: Mapping[Channel, ChannelSpec] = MappingProxyType(
    {
        spec.channel: spec
        for spec in (
            ChannelSpec(
                Channel.EMAIL, "email", "written", written=True, fallbacks=(Channel.LETTER,)
            ),
            ChannelSpec(Channel.SMS, "phone", "sms", written=False, fallbacks=(Channel.EMAIL,)),
            ChannelSpec(
                Channel.PHONE,
                "phone",
                "script",
                written=False,
                capacity_limited=True,
                fallbacks=(Channel.EMAIL,),
            ),
            ChannelSpec(Channel.LETTER, "postal_address", "written", written=True),
            ChannelSpec(
                Channel.REGISTERED_LETTER,
                "postal_address",
                "written",
                written=True,
                fallbacks=(Channel.LETTER,),
            ),
            ChannelSpec(Channel.PORTAL, None, "written", written=True),
            # Hand-overs: a file for an agency or a lawyer, not a reminder to the customer.
            ChannelSpec(Channel.COLLECTION_AGENCY, None, "written", written=False),
            ChannelSpec(Channel.LEGAL, None, "written", written=False),
        )
    }
)
"""Every channel's description; a test checks that each :class:`Channel` has one."""


def channel_spec(channel: Channel | str) -> ChannelSpec:
    """The description of ``channel``.

    Raises:
        UnknownChannelError: for a channel the registry does not describe (a new enum
            value without its entry): it is never taken for "no contact data".
    """
    spec = CHANNEL_SPECS.get(channel)  # type: ignore[arg-type]  # a Channel and its value hash alike
    if spec is None:
        raise UnknownChannelError(str(channel), tuple(c.value for c in CHANNEL_SPECS))
    return spec
