"""Customers, their contacts, and holds that take them out of automation."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    Field,
    ValidationInfo,
    model_validator,
)

from dunningkit._channel import Channel
from dunningkit._sharing import share_values
from dunningkit._terms import PaymentTerms
from dunningkit._types import (
    MODEL_CONFIG,
    CountryCode,
    LocaleCode,
    OptionalText,
    RecordId,
    blank_is_none,
)

__all__ = ["CompanySize", "Contact", "Customer", "CustomerKind", "Hold"]

# Deliberately loose: the host's mail system is the judge of deliverability; this only
# catches what is certainly not an address (a phone number typed in the wrong column).
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ().\-/]{6,30}$")


def _check_email(value: str | None) -> str | None:
    if value is not None and not _EMAIL.match(value):
        raise ValueError(f"{value!r} is not an email address")
    return value


def _check_phone(value: str | None) -> str | None:
    if value is not None and not _PHONE.match(value):
        raise ValueError(f"{value!r} is not a phone number (digits, spaces, + . - ( ) /)")
    return value


Email = Annotated[str | None, BeforeValidator(blank_is_none), AfterValidator(_check_email)]
Phone = Annotated[str | None, BeforeValidator(blank_is_none), AfterValidator(_check_phone)]


class CustomerKind(StrEnum):
    """Legal nature of the customer: it changes the scenario and the law."""

    COMPANY = "company"
    PUBLIC_BODY = "public_body"
    INDIVIDUAL = "individual"


class CompanySize(StrEnum):
    """Company size (French TPE, PME, ETI, GE map to micro, small/medium, large)."""

    MICRO = "micro"
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"


class Hold(BaseModel):
    """A person took this customer or invoice out of automation.

    Attributes:
        reason: why, in words the next person will understand.
        until: the hold lifts after this date; ``None`` keeps it until removed.
        since: when it was set; a hold set after the planning date is ignored.
    """

    model_config = MODEL_CONFIG

    reason: str = Field(min_length=1)
    until: date | None = None
    since: date | None = None

    def active_on(self, day: date) -> bool:
        """True when the hold applies on ``day``."""
        if self.since is not None and self.since > day:
            return False
        return self.until is None or day <= self.until


class Contact(BaseModel):
    """A person (or a service mailbox) to whom reminders are addressed."""

    model_config = MODEL_CONFIG

    name: str = Field(min_length=1)
    role: OptionalText = None
    email: Email = None
    phone: Phone = None
    postal_address: OptionalText = None
    locale: LocaleCode | None = None


class Customer(BaseModel):
    """A customer account as the ERP holds it.

    Attributes:
        grace_days: extra days after the due date before any post-due reminder
            (the key account that always pays at 60 days).
        segment: a manual segment that overrides classification; ``None`` classifies.
        hold: set when a person stopped every reminder to this customer.
        since: start of the business relationship (seniority).
    """

    model_config = MODEL_CONFIG

    id: RecordId
    name: str = Field(min_length=1)
    kind: CustomerKind = CustomerKind.COMPANY
    size: CompanySize | None = None
    country: CountryCode = "FR"
    locale: LocaleCode = "fr_FR"
    contacts: tuple[Contact, ...] = ()
    preferred_channels: tuple[Channel, ...] = ()
    payment_terms: PaymentTerms | None = None
    grace_days: int = Field(default=0, ge=0, le=365)
    segment: str | None = Field(default=None, min_length=1)
    hold: Hold | None = None
    tags: tuple[str, ...] = ()
    since: date | None = None

    @model_validator(mode="after")
    def _share(self, info: ValidationInfo) -> Customer:
        # Kept once per load, so that invoices naming this customer share its id.
        share_values(self, info.context, ("id", "country", "locale"))
        return self

    def has_channel_data(self, channel: Channel) -> bool:
        """Whether the customer can be reached on ``channel`` with the data held.

        Portal, collection agency and legal hand-over need no contact details.
        """
        return channel in _NO_CONTACT_NEEDED or self.contact_for(channel) is not None

    def contact_for(self, channel: Channel) -> Contact | None:
        """The first contact reachable on ``channel`` (order of ``contacts``)."""
        for contact in self.contacts:
            if channel is Channel.EMAIL and contact.email:
                return contact
            if channel in (Channel.SMS, Channel.PHONE) and contact.phone:
                return contact
            if channel in (Channel.LETTER, Channel.REGISTERED_LETTER) and contact.postal_address:
                return contact
            if channel in _NO_CONTACT_NEEDED:
                return contact
        return None


_NO_CONTACT_NEEDED = frozenset({Channel.PORTAL, Channel.COLLECTION_AGENCY, Channel.LEGAL})
