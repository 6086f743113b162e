"""The ways a reminder reaches a customer, and the tones it can take."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Channel", "Tone"]


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
