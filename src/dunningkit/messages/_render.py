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

import re
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from dunningkit._support._money import money_text
from dunningkit.errors import TemplateError
from dunningkit.links._links import LinkSigner
from dunningkit.messages._context import (
    LETTERS,
    Addressee,
    closing,
    greeting,
    placeholder_values,
)
from dunningkit.messages._dates import long_date
from dunningkit.messages._letter import letter_head
from dunningkit.messages._lines import invoice_figures
from dunningkit.messages._message import (
    DEFAULTS,
    Message,
    MessageSettings,
    address,
    template_kind,
)
from dunningkit.messages._payment import LinkOptions, payment_texts
from dunningkit.messages._phrases import language, message_register
from dunningkit.messages._requirements import Needs, require_details
from dunningkit.model._channel import Channel
from dunningkit.policy._catalogs import Register, reader_locale
from dunningkit.policy._templates import (
    Kind,
    Template,
    TemplateSet,
    fill,
    unknown_template,
)

if TYPE_CHECKING:
    from dunningkit.book._portfolio import Portfolio
    from dunningkit.planning._results import Action

__all__ = ["render", "thank_you"]

# A line left empty by an empty placeholder leaves at most one blank line.
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


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

    The step's own template, written for the action's channel (a step sent on a
    fallback channel keeps its tone, deadline and what comes next), in the plural
    form the number of invoices takes. Amounts, dates and rates are formatted with
    babel in the contact's locale (``1 234,56 €`` in fr_FR, ``€1,234.56`` in en_GB).
    The policy's ``formality`` picks the form of address (*vous* or *tu*, *Sie* or
    *du*), except in a letter, a formal notice or a hand-over, always formal.
    A contact in a language dunningkit does not write reads the policy's ``locale``
    (else English), words, dates and amounts alike; the plan's alerts say so.
    ``today`` (default: the day the action is scheduled for) dates the letter and
    the late charges. A letter opens and closes as letters do in the language and
    carries the creditor's and the customer's addresses.

    Self-service links: when the policy sets ``links_base_url``, ``signer`` signs
    a pay, promise and dispute link for the action (valid ``links_valid_days``
    from ``today``); ``links`` (purpose -> URL, from :func:`~dunningkit.links_for`)
    gives them instead. The signed pay link then replaces the invoice's own
    payment link. Without either, messages read as they always did.

    Raises:
        PolicyError: the message lacks what a customer must read (the creditor's
            name and address, payment details, a number to call), all named at once.
        TemplateError: the step names a template that has no form for the channel.
    """
    policy = policy or DEFAULTS
    day = today or action.scheduled_for
    customer = portfolio.customer(action.customer_id)
    contact = action.contact or (customer.contacts[0] if customer.contacts else None)
    locale = reader_locale(customer, contact, policy.locale, policy.creditor.country)
    kind = template_kind(action.channel)
    register = message_register(policy.formality, action.tone, action.channel)
    chosen = _template(action.template, templates or policy.template_set(), kind, locale, register)
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
    what = f"{action.template} ({action.channel}) for {customer.id}"
    needs = Needs(what, action.channel, contact, has_link=bool(payment.link))
    require_details(policy.creditor, needs)
    to = Addressee(customer, contact, locale, policy.creditor, day, register)
    values = placeholder_values(action, to, figures, payment)
    return _message(action.channel, chosen.for_count(len(action.invoice_ids)), values, to)


def _message(
    channel: Channel, chosen: Template, values: Mapping[str, str], to: Addressee
) -> Message:
    """The template filled in; a letter gets its head."""
    contact = to.contact
    subject = fill(chosen.subject, values).strip()
    body = fill(chosen.body, values).strip()
    if channel in LETTERS:
        registered = channel is Channel.REGISTERED_LETTER
        body = letter_head(to, subject, registered=registered) + body
    return Message(
        channel=channel,
        locale=to.locale,
        subject=subject,
        body=_tidy(body),
        template_id=chosen.id,
        to=address(contact, channel) if contact else None,
    )


def _tidy(body: str) -> str:
    return _BLANK_LINES.sub("\n\n", body).strip() + "\n"


def _template(
    template_id: str,
    templates: TemplateSet,
    kind: Kind,
    locale: str,
    register: Register = "formal",
) -> Template:
    """The template a step names, written for the channel's kind: never another's."""
    chosen = templates.get(template_id, kind, locale, register)
    if chosen is None:
        if template_id in templates.ids():
            written = ", ".join(sorted(templates.kinds(template_id)))
            msg = f"template {template_id!r} has no {kind} form (it has: {written})"
        else:
            msg = unknown_template(template_id, templates.ids())
        raise TemplateError(msg)
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
    locale = reader_locale(customer, contact, policy.locale, policy.creditor.country)
    kind = template_kind(channel)
    needs = Needs(f"thank_you ({channel}) for {customer.id}", channel, contact, asks_payment=False)
    require_details(policy.creditor, needs)
    ids = sorted(invoice_ids)
    register = message_register(policy.formality, None, channel)
    chosen = _template("thank_you", policy.template_set(), kind, locale, register)
    chosen = chosen.for_count(len(ids))
    totals: dict[str, Decimal] = {}
    for invoice_id in ids:
        currency = portfolio.invoice(invoice_id).currency
        totals[currency] = totals.get(currency, Decimal(0)) + portfolio.paid_amount(invoice_id, on)
    paid = ", ".join(
        money_text(amount, currency, locale) for currency, amount in sorted(totals.items())
    )
    lang = language(locale)
    letter = channel in LETTERS
    values = {
        "closing": closing(lang, warm=True, letter=letter, register=register),
        "contact_name": contact.name if contact else customer.name,
        "creditor_name": policy.creditor.name,
        "customer_name": customer.name,
        "greeting": greeting(lang, contact, letter=letter, register=register),
        "invoice_count": str(len(ids)),
        "invoice_numbers": ", ".join(ids),
        "today": long_date(on, locale),
        "total_paid": paid,
    }
    return Message(
        channel=channel,
        locale=locale,
        subject=fill(chosen.subject, values).strip(),
        body=_tidy(fill(chosen.body, values)),
        template_id=chosen.id,
        to=address(contact, channel) if contact else None,
    )
