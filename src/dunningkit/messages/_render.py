"""Messages: safe templates and rendering an action into the words a customer reads.

The steps of :func:`render`, each in its own module: choose the template, gather the
invoice lines and figures (:mod:`~dunningkit.messages._lines`, with the legal
mentions of :mod:`~dunningkit.messages._mentions`), the payment means and links
(:mod:`~dunningkit.messages._payment`), fill the placeholders
(:mod:`~dunningkit.messages._context`).

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
from typing import TYPE_CHECKING

from dunningkit._support._money import money_text
from dunningkit.errors import TemplateError
from dunningkit.links._links import LinkSigner
from dunningkit.messages._context import Addressee, placeholder_values
from dunningkit.messages._dates import long_date
from dunningkit.messages._lines import invoice_figures, language
from dunningkit.messages._message import (
    DEFAULTS,
    UNSET_CREDITOR,
    Message,
    MessageSettings,
    address,
    template_kind,
)
from dunningkit.messages._payment import LinkOptions, payment_texts
from dunningkit.model._channel import Channel, Tone
from dunningkit.policy._templates import (
    Kind,
    Template,
    TemplateSet,
    fill,
)

if TYPE_CHECKING:
    from dunningkit.book._portfolio import Portfolio
    from dunningkit.planning._results import Action

__all__ = ["render", "thank_you"]


_WRITTEN_BY_TONE = {
    Tone.COURTEOUS: "reminder_courteous",
    Tone.NEUTRAL: "reminder_neutral",
    Tone.FIRM: "reminder_firm",
    Tone.FORMAL_NOTICE: "formal_notice",
    Tone.FINAL: "handover",
}


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
    policy = policy or DEFAULTS
    day = today or action.scheduled_for
    customer = portfolio.customer(action.customer_id)
    contact = action.contact or (customer.contacts[0] if customer.contacts else None)
    locale = (contact.locale if contact and contact.locale else None) or customer.locale
    kind = template_kind(action.channel)
    chosen = _template(action, templates or policy.template_set(), kind, locale)
    figures = invoice_figures(action, portfolio, policy, day, locale)
    payment = payment_texts(
        action,
        policy,
        lang=language(locale),
        kind=kind,
        day=day,
        invoice_links=figures.payment_links,
        options=LinkOptions(signer, links),
    )
    to = Addressee(customer, contact, locale, policy.creditor, day)
    values = placeholder_values(action, to, figures, payment)
    return Message(
        channel=action.channel,
        locale=locale,
        subject=fill(chosen.subject, values).strip(),
        body=fill(chosen.body, values).strip() + "\n",
        template_id=chosen.id,
        to=address(contact, action.channel) if contact else None,
    )


def _template(action: Action, templates: TemplateSet, kind: Kind, locale: str) -> Template:
    """The action's template, else the shipped one for its channel kind and tone."""
    chosen = templates.get(action.template, kind, locale)
    if chosen is None:
        fallback = {"sms": "sms_reminder", "script": "call_script"}.get(
            kind, _WRITTEN_BY_TONE[action.tone]
        )
        chosen = templates.get(fallback, kind, locale)
    if chosen is None:
        raise TemplateError(
            f"no template {action.template!r} ({kind}) for locale {locale} or English"
        )
    return chosen


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
    policy = policy or DEFAULTS
    customer = portfolio.customer(customer_id)
    contact = customer.contact_for(channel) or (customer.contacts[0] if customer.contacts else None)
    locale = (contact.locale if contact and contact.locale else None) or customer.locale
    kind = template_kind(channel)
    chosen = policy.template_set().get("thank_you", kind, locale)
    if chosen is None:
        raise TemplateError(f"no thank_you template ({kind}) for locale {locale} or English")
    ids = sorted(invoice_ids)
    totals: dict[str, Decimal] = {}
    for invoice_id in ids:
        currency = portfolio.invoice(invoice_id).currency
        totals[currency] = totals.get(currency, Decimal(0)) + portfolio.paid_amount(invoice_id, on)
    paid = ", ".join(
        money_text(amount, currency, locale) for currency, amount in sorted(totals.items())
    )
    values = {
        "contact_name": contact.name if contact else customer.name,
        "creditor_name": policy.creditor.name or UNSET_CREDITOR,
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
        to=address(contact, channel) if contact else None,
    )
