"""What contacting a customer costs: a price per contact for each channel, a person's
time per approval, and the collection agency's share of what it is handed.

Kept in one currency (the ``currency`` field). Loads from a policy's ``[costs]``
table or from a TOML file of its own; every field has a documented default, so a
company only writes the prices it knows.
"""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from dunningkit.errors import PolicyError
from dunningkit.model._channel import Channel
from dunningkit.model._types import CurrencyCode

__all__ = ["ChannelCosts", "costs_from_mapping", "load_costs"]


class ChannelCosts(BaseModel):
    """Cost per contact for each channel, per approval, and the agency's percentage.

    The defaults are orders of magnitude for a European company in 2026: an email
    costs next to nothing, a letter its stamp and paper, a call a person's few
    minutes, a registered letter the postal fee. Set yours in the policy's ``[costs]``
    table (or a TOML file given to ``dunningkit backtest --costs``).

    Attributes:
        currency: the currency of every price here.
        email: per email sent.
        sms: per text message.
        phone: per call (the caller's time).
        letter: per letter (print, paper, stamp).
        registered_letter: per registered letter with proof of delivery.
        portal: per message left on a customer portal.
        legal: per hand-over to a lawyer (a flat fee).
        collection_agency_percent: the agency's fee, as a percentage of the amount
            handed over to it (converted with the policy's ``exchange_rates`` when
            the invoice is in another currency).
        approval: a person's time to review and approve one action.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    currency: CurrencyCode = "EUR"
    email: Decimal = Field(default=Decimal("0.01"), ge=0)
    sms: Decimal = Field(default=Decimal("0.08"), ge=0)
    phone: Decimal = Field(default=Decimal(4), ge=0)
    letter: Decimal = Field(default=Decimal("1.5"), ge=0)
    registered_letter: Decimal = Field(default=Decimal(6), ge=0)
    portal: Decimal = Field(default=Decimal(0), ge=0)
    legal: Decimal = Field(default=Decimal(150), ge=0)
    collection_agency_percent: Decimal = Field(default=Decimal(10), ge=0, le=100)
    approval: Decimal = Field(default=Decimal(2), ge=0)

    def per_contact(self, channel: Channel) -> Decimal:
        """The flat price of one contact on ``channel`` (the agency's is a percentage)."""
        if channel is Channel.COLLECTION_AGENCY:
            return Decimal(0)
        price: Decimal = getattr(self, channel.value, Decimal(0))
        return price


def costs_from_mapping(data: Any) -> ChannelCosts:
    """Costs from plain data; a bad key is named in one :class:`PolicyError`."""
    try:
        return ChannelCosts.model_validate(data)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        key = ".".join(str(p) for p in first["loc"]) or "(top level)"
        message = first["msg"].removeprefix("Value error, ")
        if first["type"] == "extra_forbidden":
            message = "is not a known cost (check its spelling)"
        raise PolicyError(message, key=f"costs.{key}") from None


def load_costs(path: str | Path) -> ChannelCosts:
    """Costs from a TOML file: either a ``[costs]`` table or the keys at top level."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise PolicyError(f"{path}: {error.strerror or error}") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise PolicyError(f"{path}: cannot be read: {error}") from None
    table = data.get("costs", data) if isinstance(data, dict) else data
    try:
        return costs_from_mapping(table)
    except PolicyError as error:
        located = PolicyError(f"{path}: {error}")
        located.key = error.key
        raise located from None
