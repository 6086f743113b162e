"""Customers, their contacts, and holds that take them out of automation."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import Annotated

from babel import Locale, UnknownLocaleError
from babel.languages import get_official_languages
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    Field,
    ValidationInfo,
    model_validator,
)

from dunningkit._support._sharing import share_values
from dunningkit.model._channel import Channel, channel_spec
from dunningkit.model._terms import InterestTerms, PaymentTerms
from dunningkit.model._types import (
    MODEL_CONFIG,
    CountryCode,
    FieldError,
    LocaleCode,
    OptionalText,
    RecordId,
    blank_is_none,
)

__all__ = [
    "HOME_COUNTRY",
    "CompanySize",
    "Contact",
    "Customer",
    "CustomerKind",
    "Hold",
    "Proceedings",
    "ProceedingsKind",
    "customer_country",
    "customer_locale",
    "usual_locale",
]

HOME_COUNTRY = "FR"
"""The country of a customer when neither it nor the policy's creditor gives one
(what every customer without a country was read as before the creditor could say)."""

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


def _luhn(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _compact(value: str | None) -> str | None:
    # Registration numbers are printed with spaces or dots ("732 829 320"): kept bare.
    if value is None:
        return None
    bare = re.sub(r"[\s.\u00a0\u202f-]", "", str(value)).upper()
    return bare or None


def _check_siren(value: str | None) -> str | None:
    if value is not None and not (len(value) == 9 and value.isdigit() and _luhn(value)):
        raise ValueError(f"{value!r} is not a SIREN (9 digits with a valid check digit)")
    return value


def _check_siret(value: str | None) -> str | None:
    # La Poste's establishments (SIREN 356000000) are numbered outside the Luhn rule.
    if value is not None and not (
        len(value) == 14 and value.isdigit() and (_luhn(value) or value.startswith("356000000"))
    ):
        raise ValueError(f"{value!r} is not a SIRET (14 digits with a valid check digit)")
    return value


_VAT = re.compile(r"^[A-Z]{2}[0-9A-Z+*]{2,13}$")


def _check_vat(value: str | None) -> str | None:
    if value is not None and not _VAT.match(value):
        raise ValueError(
            f"{value!r} is not a VAT number (country prefix and 2 to 13 characters, "
            "e.g. FR40303265045)"
        )
    return value


Siren = Annotated[str | None, BeforeValidator(_compact), AfterValidator(_check_siren)]
Siret = Annotated[str | None, BeforeValidator(_compact), AfterValidator(_check_siret)]
VatNumber = Annotated[str | None, BeforeValidator(_compact), AfterValidator(_check_vat)]

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


class ProceedingsKind(StrEnum):
    """The kind of collective proceedings (the names of French law, read widely)."""

    SAFEGUARD = "safeguard"
    """*Sauvegarde*: the company is solvent but in difficulty; it keeps running."""
    RECEIVERSHIP = "receivership"
    """*Redressement judiciaire*, administration: the company runs under an administrator."""
    LIQUIDATION = "liquidation"
    """*Liquidation judiciaire*: the company is wound up."""
    OTHER = "other"
    """Any other collective proceedings (a foreign one, a conciliation made public...)."""


class Proceedings(BaseModel):
    """Collective proceedings opened against a customer.

    Attributes:
        kind: safeguard, receivership, liquidation or other.
        opened_on: the date of the judgment opening them; claims born before it are
            declared, no longer dunned.
        claims_deadline: the last day to declare a claim (France: two months from the
            publication in the BODACC); ``None`` when not yet known.
        administrator: who receives the declaration (*mandataire judiciaire*,
            *Insolvenzverwalter*, the insolvency practitioner).
        court: the court that opened them ("Tribunal de commerce de Lyon").
        reference: the case reference, as the court or the administrator writes it.
    """

    model_config = MODEL_CONFIG

    kind: ProceedingsKind
    opened_on: date
    claims_deadline: date | None = None
    administrator: Contact | None = None
    court: OptionalText = Field(default=None, max_length=500)
    reference: OptionalText = Field(default=None, max_length=200)

    @model_validator(mode="after")
    def _deadline_after_opening(self) -> Proceedings:
        if self.claims_deadline is not None and self.claims_deadline < self.opened_on:
            raise FieldError(
                "claims_deadline",
                f"the deadline to declare claims ({self.claims_deadline}) comes before the "
                f"proceedings were opened ({self.opened_on})",
            )
        return self

    def covers(self, issue_date: date) -> bool:
        """Whether the proceedings cover a claim issued on ``issue_date``: a claim born
        before the opening (issued strictly before ``opened_on``) is declared to the
        administrator, no longer dunned, and its interest may stop at the opening; one
        born on or after the opening day is the trading company's and is dunned as usual
        (France: art. L622-7 and L622-24 of the Code de commerce; Germany: § 38 InsO)."""
        return issue_date < self.opened_on


class Customer(BaseModel):
    """A customer account as the ERP holds it.

    Attributes:
        grace_days: extra days after the due date before any post-due reminder
            (the key account that always pays at 60 days).
        segment: a manual segment that overrides classification; ``None`` classifies.
        hold: set when a person stopped every reminder to this customer.
        since: start of the business relationship (seniority).
        siren: the French company number (9 digits), for a court or an agency.
        siret: the French establishment number (14 digits, starting with the SIREN).
        vat_number: the intra-EU VAT number (``FR40303265045``, ``DE123456789``).
        company_register: a register entry, e.g. "HRB 12345, Amtsgericht München"
            or "RCS Lyon 732 829 320".
        address: the registered office (the contacts' postal addresses are where
            reminders go).
        country: ISO 3166 code; ``None`` (not given): the creditor's country, read
            through ``customer_country`` (never ``customer.country`` directly).
        locale: ``None`` (not given): the usual locale of that country, read
            through :func:`customer_locale`.
        late_interest: the interest this customer's contract sets for late payment;
            it wins over the policy's (``Policy.late_interest``), never below the
            statutory floor where the law sets one.
        proceedings: insolvency proceedings opened against the customer: claims born
            before the opening are declared to the administrator, no longer dunned.
    """

    model_config = MODEL_CONFIG

    id: RecordId
    name: str = Field(min_length=1)
    kind: CustomerKind = CustomerKind.COMPANY
    size: CompanySize | None = None
    country: CountryCode | None = None
    locale: LocaleCode | None = None
    contacts: tuple[Contact, ...] = ()
    preferred_channels: tuple[Channel, ...] = ()
    payment_terms: PaymentTerms | None = None
    grace_days: int = Field(default=0, ge=0, le=365)
    segment: str | None = Field(default=None, min_length=1)
    hold: Hold | None = None
    tags: tuple[str, ...] = ()
    since: date | None = None
    siren: Siren = None
    siret: Siret = None
    vat_number: VatNumber = None
    company_register: OptionalText = None
    address: OptionalText = None
    late_interest: InterestTerms | None = None
    proceedings: Proceedings | None = None

    @model_validator(mode="after")
    def _siret_of_the_siren(self) -> Customer:
        if self.siren and self.siret and not self.siret.startswith(self.siren):
            raise FieldError(
                "siret", f"SIRET {self.siret} does not start with the SIREN {self.siren}"
            )
        return self

    @model_validator(mode="after")
    def _share(self, info: ValidationInfo) -> Customer:
        # Kept once per load, so that invoices naming this customer share its id.
        share_values(self, info.context, ("id", "country", "locale"))
        return self

    def has_channel_data(self, channel: Channel) -> bool:
        """Whether the customer can be reached on ``channel`` with the data held.

        The channel's :class:`~dunningkit.ChannelSpec` says which contact field it
        needs; portal, collection agency and legal hand-over need none. A channel
        without a spec raises :class:`~dunningkit.errors.UnknownChannelError`.
        """
        field = channel_spec(channel).contact_field
        if field is None:
            return True
        return any(getattr(contact, field) for contact in self.contacts)

    def contact_for(self, channel: Channel) -> Contact | None:
        """The first contact reachable on ``channel`` (order of ``contacts``).

        For a channel that needs no contact data, the first contact (if any).
        """
        field = channel_spec(channel).contact_field
        for contact in self.contacts:
            if field is None or getattr(contact, field):
                return contact
        return None


def reachable(customer: Customer) -> frozenset[str]:
    """The contact fields the customer holds (``email``, ``phone``, ``postal_address``)."""
    return frozenset(
        name
        for contact in customer.contacts
        for name in ("email", "phone", "postal_address")
        if getattr(contact, name)
    )


def customer_country(customer: Customer, creditor_country: str | None = None) -> str:
    """The country whose law, holidays and language apply to ``customer``.

    Its own when it gives one; else the creditor's (``Policy.creditor.country``: a
    business's customers are mostly where it is); else ``HOME_COUNTRY``. The
    one place this is decided: the planner, the legal rules, the messages and the
    dossier all ask here.
    """
    return customer.country or creditor_country or HOME_COUNTRY


def customer_locale(customer: Customer, creditor_country: str | None = None) -> str:
    """The customer's locale, else the usual one of its country (``customer_country``)."""
    return customer.locale or usual_locale(customer_country(customer, creditor_country))


@lru_cache(maxsize=256)
def usual_locale(country: str) -> str:
    """The first official language of ``country`` that babel knows (``de_CH``), or ``en``."""
    code = country.upper()
    for language in get_official_languages(code):
        try:
            return str(Locale.parse(f"{language}_{code}"))
        except (ValueError, UnknownLocaleError):
            continue
    return "en"
