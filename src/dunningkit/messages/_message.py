"""A rendered message, and what rendering reads of a policy (or uses without one)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from pydantic import BaseModel, Field

from dunningkit.legal._rates import RateTable
from dunningkit.model._channel import Channel, channel_spec
from dunningkit.model._terms import InterestTerms
from dunningkit.model._types import MODEL_CONFIG
from dunningkit.policy._catalogs import Register
from dunningkit.policy._templates import Creditor, Kind, TemplateSet, default_templates

__all__ = ["DEFAULTS", "Message", "MessageSettings", "address", "template_kind"]


class Message(BaseModel):
    """A rendered reminder, ready for the host's channel sender."""

    model_config = MODEL_CONFIG

    channel: Channel
    locale: str
    subject: str
    body: str
    template_id: str
    to: str | None = Field(default=None, description="email, phone or postal address")


def template_kind(channel: Channel) -> Kind:
    """The kind of template a channel is written with (``written``, ``sms``...)."""
    return channel_spec(channel).template_kind


def address(contact: Any, channel: Channel) -> str | None:
    """Where a message to ``contact`` goes on ``channel`` (email, phone, postal address)."""
    field = channel_spec(channel).contact_field
    return getattr(contact, field) if field is not None else None


class MessageSettings(Protocol):
    """What rendering reads of a policy; a :class:`~dunningkit.Policy` has all of it.

    Rendering depends on this, not on the policy module: templates, the creditor who
    signs, the late-payment rules and rate tables, and the self-service links.
    """

    @property
    def creditor(self) -> Creditor:
        """Who is owed, as messages name and sign it."""
        ...

    @property
    def jurisdiction(self) -> str | None:
        """Late-payment rules to apply; ``None``: each customer's country."""
        ...

    @property
    def locale(self) -> str | None:
        """The language a customer reads when dunningkit does not write theirs."""
        ...

    @property
    def formality(self) -> Register:
        """The form of address: ``formal`` (the default) or ``informal``."""
        ...

    @property
    def links_base_url(self) -> str | None:
        """The host's page for self-service links; ``None``: no links."""
        ...

    @property
    def links_valid_days(self) -> int:
        """Days a link stays valid."""
        ...

    def template_set(self) -> TemplateSet:
        """The templates to render with."""
        ...

    def loaded_rate_tables(self) -> Mapping[str, RateTable]:
        """Rate tables that replace the shipped ones."""
        ...

    @property
    def late_interest(self) -> InterestTerms | None:
        """The creditor's contractual late-payment interest; ``None``: the statute's."""
        ...


class _Defaults:
    """What rendering uses without a policy: the shipped templates, no creditor named
    (so rendering raises a PolicyError: nobody signs), each customer's rules, no links."""

    creditor = Creditor()
    jurisdiction: str | None = None
    locale: str | None = None
    formality: Register = "formal"
    links_base_url: str | None = None
    links_valid_days = 0
    late_interest: InterestTerms | None = None

    def template_set(self) -> TemplateSet:
        return default_templates()

    def loaded_rate_tables(self) -> Mapping[str, RateTable]:
        return {}


DEFAULTS = _Defaults()
