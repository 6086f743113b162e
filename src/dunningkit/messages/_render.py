"""Messages: safe templates and rendering an action into the words a customer reads.

Templates are data written by business users, so rendering never evaluates code:
a template may only name placeholders from a fixed list (:data:`PLACEHOLDERS`),
each replaced by text the library formatted itself (amounts and dates with babel,
in the contact's locale). No ``str.format``, no attribute access, no expressions;
``{{`` and ``}}`` write literal braces. An unknown placeholder is an error when the
template is loaded, never when a message is sent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from babel.numbers import format_currency, format_percent
from pydantic import BaseModel, Field

from dunningkit.errors import TemplateError
from dunningkit.legal._charges import late_charges
from dunningkit.legal._rates import RateTable
from dunningkit.legal.jurisdictions import resolve
from dunningkit.links._links import LinkSigner, message_links
from dunningkit.messages._dates import long_date
from dunningkit.model._channel import Channel, Tone, channel_spec
from dunningkit.model._types import MODEL_CONFIG
from dunningkit.policy._templates import (
    PLACEHOLDERS,
    Creditor,
    Kind,
    Template,
    TemplateSet,
    default_templates,
    fill,
    load_templates,
)

if TYPE_CHECKING:
    from dunningkit.book._portfolio import Portfolio
    from dunningkit.planning._plan import Action

__all__ = [
    "PLACEHOLDERS",
    "Creditor",
    "Message",
    "Template",
    "TemplateSet",
    "default_templates",
    "fill",
    "load_templates",
    "render",
    "thank_you",
]


class Message(BaseModel):
    """A rendered reminder, ready for the host's channel sender."""

    model_config = MODEL_CONFIG

    channel: Channel
    locale: str
    subject: str
    body: str
    template_id: str
    to: str | None = Field(default=None, description="email, phone or postal address")


_WRITTEN_BY_TONE = {
    Tone.COURTEOUS: "reminder_courteous",
    Tone.NEUTRAL: "reminder_neutral",
    Tone.FIRM: "reminder_firm",
    Tone.FORMAL_NOTICE: "formal_notice",
    Tone.FINAL: "handover",
}

_LINE = {
    "fr": "- Facture {number} du {issued}, échéance {due} : {open} restant dus{late}{order}",
    "en": "- Invoice {number} of {issued}, due {due}: {open} outstanding{late}{order}",
}
_LATE = {"fr": ", {days} jours de retard", "en": ", {days} days overdue"}
_ORDER = {"fr": " (commande {ref})", "en": " (order {ref})"}
_MEANS = {
    "fr": ("virement bancaire", " ou en ligne : {link}."),
    "en": ("bank transfer", " or online: {link}."),
}
_LINK_SMS = {"fr": " Payer : {link}", "en": " Pay: {link}"}
# Self-service links, one a line and last on it: punctuation right after a URL
# would be taken into the link by some mail readers, and break the token.
# Empty without links, so a message without them reads exactly as before.
_SELF_SERVICE = {
    "fr": {
        "pay": "\nRégler en ligne : {url}",
        "promise": "\nVous ne pouvez pas régler tout de suite ? Indiquez-nous une date : {url}",
        "dispute": "\nUne erreur ou un désaccord sur cette facture ? Dites-le-nous : {url}",
    },
    "en": {
        "pay": "\nPay online: {url}",
        "promise": "\nCannot pay right now? Tell us when you will: {url}",
        "dispute": "\nAn error or a disagreement about this invoice? Tell us: {url}",
    },
}


# Visible in a preview, so nobody sends a message signed by no one.
_UNSET_CREDITOR = "[creditor name: set policy.creditor]"


def _lang(locale: str) -> str:
    language = locale.split("_", maxsplit=1)[0]
    return language if language in _LINE else "en"


def _channel_kind(channel: Channel) -> Kind:
    return channel_spec(channel).template_kind


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


class _Defaults:
    """What rendering uses without a policy: the shipped templates, no creditor named,
    each customer's rules, no links."""

    creditor = Creditor()
    jurisdiction: str | None = None
    links_base_url: str | None = None
    links_valid_days = 0

    def template_set(self) -> TemplateSet:
        return default_templates()

    def loaded_rate_tables(self) -> Mapping[str, RateTable]:
        return {}


_DEFAULTS = _Defaults()


def render(
    action: Action,
    portfolio: Portfolio,
    policy: MessageSettings | None = None,
    *,
    today: date | None = None,
    templates: TemplateSet | None = None,
    signer: LinkSigner | None = None,
    links: Mapping[str, str] | None = None,
) -> Message:
    """The message for an action, in the contact's language, with every figure filled in.

    Amounts, dates and rates are formatted with babel in the contact's locale
    (``1 234,56 €`` in fr_FR, ``€1,234.56`` in en_GB). ``today`` (default: the day
    the action is scheduled for) dates the letter and the late charges.

    Self-service links: when the policy sets ``links_base_url``, ``signer`` signs
    a pay, promise and dispute link for the action (valid ``links_valid_days``
    from ``today``); ``links`` (purpose -> URL, from :func:`~dunningkit.links_for`)
    gives them instead. The signed pay link then replaces the invoice's own
    payment link. Without either, messages read as they always did.
    """
    policy = policy or _DEFAULTS
    day = today or action.scheduled_for
    customer = portfolio.customer(action.customer_id)
    contact = action.contact or (customer.contacts[0] if customer.contacts else None)
    locale = (contact.locale if contact and contact.locale else None) or customer.locale
    lang = _lang(locale)
    kind = _channel_kind(action.channel)
    chosen = (templates or policy.template_set()).get(action.template, kind, locale)
    if chosen is None:
        fallback = {"sms": "sms_reminder", "script": "call_script"}.get(
            kind, _WRITTEN_BY_TONE[action.tone]
        )
        chosen = (templates or policy.template_set()).get(fallback, kind, locale)
    if chosen is None:
        raise TemplateError(
            f"no template {action.template!r} ({kind}) for locale {locale} or English"
        )

    currency = action.currency

    def money(amount: Decimal) -> str:
        return str(format_currency(amount, currency, locale=locale))

    def day_text(value: date) -> str:
        return long_date(value, locale)

    lines = []
    interest = fixed = Decimal(0)
    rate: Decimal | None = None
    basis = ""
    mentions = ""
    oldest: date | None = None
    days_overdue = 0
    invoice_links = []
    orders = []
    for invoice_id in action.invoice_ids:
        invoice = portfolio.invoice(invoice_id)
        # The planner's figures: the amount due now (accepted part; instalments due by
        # now) and the date it is late from (each instalment from its own due date).
        due, open_ = portfolio.due_now(invoice_id, day)
        late = max((day - due).days, 0)
        days_overdue = max(days_overdue, late)
        oldest = due if oldest is None else min(oldest, due)
        if invoice.payment_link:
            invoice_links.append(invoice.payment_link)
        if invoice.order_reference:
            orders.append(invoice.order_reference)
        lines.append(
            _LINE[lang].format(
                number=invoice.id,
                issued=day_text(invoice.issue_date),
                due=day_text(due),
                open=money(open_),
                late=_LATE[lang].format(days=late) if late else "",
                order=_ORDER[lang].format(ref=invoice.order_reference)
                if invoice.order_reference
                else "",
            )
        )
        # A letter must go out even when the shipped rates are behind: the figures use
        # the last known rate; `dunningkit charges` and late_charges() warn about it.
        charges = late_charges(
            invoice,
            portfolio,
            day,
            policy.jurisdiction,
            allow_stale=True,
            rate_tables=policy.loaded_rate_tables(),
        )
        interest += charges.interest
        fixed += charges.fixed_compensation
        if charges.statutory:
            rate = charges.rate
            basis = charges.legal_basis
            mentions = _mentions(charges.jurisdiction, lang, charges.rate, locale)
    means, link_sentence = _MEANS[lang]
    creditor = policy.creditor
    if creditor.iban:
        means += f" (IBAN {creditor.iban}{', BIC ' + creditor.bic if creditor.bic else ''})"
    link = invoice_links[0] if len(set(invoice_links)) == 1 else ""
    signed = message_links(
        action,
        policy.links_base_url,
        policy.links_valid_days,
        day=day,
        signer=signer,
        links=links,
    )
    link = signed.get("pay", link)
    lines_of = _SELF_SERVICE[lang]
    self_service = "".join(
        lines_of[purpose].format(url=signed[purpose]) for purpose in lines_of if purpose in signed
    )
    if signed and kind == "written":
        link_sentence = ""  # the pay link gets its own line below
    else:
        self_service = ""
    contact_bits = [bit for bit in (creditor.email, creditor.phone) if bit]
    values = {
        "caller_name": creditor.caller_name or creditor.name,
        "contact_email": (contact.email or "") if contact else "",
        "contact_name": contact.name if contact else customer.name,
        "contact_phone": (contact.phone or "") if contact else "",
        "contact_role": (contact.role or "") if contact else "",
        "creditor_address": creditor.address,
        "creditor_contact": " · ".join(contact_bits),
        "creditor_email": creditor.email,
        "creditor_iban": creditor.iban,
        "creditor_name": creditor.name or _UNSET_CREDITOR,
        "creditor_phone": creditor.phone,
        "creditor_registration": creditor.registration,
        "currency": currency,
        "customer_address": (contact.postal_address or "") if contact else "",
        "customer_id": customer.id,
        "customer_name": customer.name,
        "customer_phone": next((c.phone for c in customer.contacts if c.phone), ""),
        "days_overdue": str(days_overdue),
        "fixed_compensation": money(fixed),
        "invoice_count": str(len(action.invoice_ids)),
        "invoice_lines": "\n".join(lines),
        "invoice_numbers": ", ".join(action.invoice_ids),
        "late_charges_rate": str(format_percent(rate / 100, "#,##0.00 %", locale=locale))
        if rate is not None
        else "",
        "late_charges_total": money(interest + fixed),
        "late_interest": money(interest),
        "legal_basis": basis,
        "legal_mentions": mentions,
        "oldest_due_date": day_text(oldest) if oldest else "",
        "order_references": ", ".join(orders),
        "pay_by": day_text(action.pay_by),
        "payment_link": link,
        "payment_link_sentence": link_sentence.format(link=link) if link and link_sentence else ".",
        "payment_link_sms": _LINK_SMS[lang].format(link=link) if link else "",
        "payment_means": means,
        "pay_link": signed.get("pay", ""),
        "promise_link": signed.get("promise", ""),
        "dispute_link": signed.get("dispute", ""),
        "contact_me_link": signed.get("contact_me", ""),
        "self_service_links": self_service,
        "step_label": action.step_id,
        "today": day_text(day),
        "total_due": money(action.amount_due),
        "total_paid": "",
    }
    subject = fill(chosen.subject, values).strip()
    body = fill(chosen.body, values).strip() + "\n"
    return Message(
        channel=action.channel,
        locale=locale,
        subject=subject,
        body=body,
        template_id=chosen.id,
        to=_address(contact, action.channel) if contact else None,
    )


def thank_you(
    customer_id: str,
    invoice_ids: Iterable[str],
    portfolio: Portfolio,
    on: date,
    policy: MessageSettings | None = None,
    *,
    channel: Channel = Channel.EMAIL,
) -> Message:
    """A thank-you for payments received on ``invoice_ids`` up to ``on``."""
    policy = policy or _DEFAULTS
    customer = portfolio.customer(customer_id)
    contact = customer.contact_for(channel) or (customer.contacts[0] if customer.contacts else None)
    locale = (contact.locale if contact and contact.locale else None) or customer.locale
    kind = _channel_kind(channel)
    chosen = policy.template_set().get("thank_you", kind, locale)
    if chosen is None:
        raise TemplateError(f"no thank_you template ({kind}) for locale {locale} or English")
    ids = sorted(invoice_ids)
    totals: dict[str, Decimal] = {}
    for invoice_id in ids:
        currency = portfolio.invoice(invoice_id).currency
        totals[currency] = totals.get(currency, Decimal(0)) + portfolio.paid_amount(invoice_id, on)
    paid = ", ".join(
        str(format_currency(amount, currency, locale=locale))
        for currency, amount in sorted(totals.items())
    )
    values = {
        "contact_name": contact.name if contact else customer.name,
        "creditor_name": policy.creditor.name or _UNSET_CREDITOR,
        "customer_name": customer.name,
        "invoice_numbers": ", ".join(ids),
        "today": long_date(on, locale),
        "total_paid": paid,
    }
    return Message(
        channel=channel,
        locale=locale,
        subject=fill(chosen.subject, values).strip(),
        body=fill(chosen.body, values).strip() + "\n",
        template_id=chosen.id,
        to=_address(contact, channel) if contact else None,
    )


def _address(contact: Any, channel: Channel) -> str | None:
    field = channel_spec(channel).contact_field
    return getattr(contact, field) if field is not None else None


def _mentions(jurisdiction: str, lang: str, rate: Decimal, locale: str) -> str:

    rules = resolve(jurisdiction)
    text = rules.mentions.get(lang) or rules.mentions.get("en", "")
    rate_text = str(format_percent(rate / 100, "#,##0.00 %", locale=locale))
    fixed_text = str(format_currency(rules.fixed_amount, rules.fixed_currency, locale=locale))
    return text.replace("[rate]", rate_text).replace("[fixed]", fixed_text)
