"""The placeholders' values for one reminder: every figure as the customer reads it.

Each value is text the library formatted itself (amounts and dates with babel, in
the contact's locale); a template may only name these (:data:`PLACEHOLDERS`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from dunningkit._support._money import money_text
from dunningkit.messages._dates import long_date
from dunningkit.messages._labels import label
from dunningkit.messages._lines import InvoiceFigures
from dunningkit.messages._mentions import charges_sentence, notice_mentions, percent
from dunningkit.messages._payment import PaymentTexts
from dunningkit.messages._phrases import LETTERS, is_department, language, nphrase, phrase
from dunningkit.model._channel import Tone
from dunningkit.model._customer import Contact, Customer
from dunningkit.policy._catalogs import Register
from dunningkit.policy._templates import Creditor

if TYPE_CHECKING:
    from dunningkit.planning._results import Action

__all__ = ["LETTERS", "Addressee", "closing", "greeting", "placeholder_values"]

# The tones a message closes warmly on ("Bien cordialement" rather than "Cordialement").
_WARM = frozenset({Tone.COURTEOUS})
_FORMAL = frozenset({Tone.FORMAL_NOTICE, Tone.FINAL})


@dataclass(frozen=True, slots=True)
class Addressee:
    """Who the message is to, in which locale, from whom, on which day."""

    customer: Customer
    contact: Contact | None
    locale: str
    creditor: Creditor
    day: date
    register: Register = "formal"


def placeholder_values(
    action: Action, to: Addressee, figures: InvoiceFigures, payment: PaymentTexts
) -> dict[str, str]:
    """Every placeholder of a reminder, filled in."""
    locale, creditor, contact, customer = to.locale, to.creditor, to.contact, to.customer
    lang = language(locale)

    def money(amount: Decimal) -> str:
        return money_text(amount, action.currency, locale)

    def day_text(value: date) -> str:
        return long_date(value, locale)

    return {
        **_law_values(figures, lang, money),
        **_courtesy_values(action, lang, contact, figures, to.register),
        "caller_name": creditor.caller_name or creditor.name,
        **_contact_values(contact, customer),
        "creditor_address": creditor.address,
        "creditor_contact": " · ".join(bit for bit in (creditor.email, creditor.phone) if bit),
        "creditor_email": creditor.email,
        "creditor_iban": creditor.iban,
        "creditor_name": creditor.name,
        "creditor_phone": creditor.phone,
        "creditor_registration": creditor.registration,
        "currency": action.currency,
        "customer_address": (contact.postal_address or "") if contact else "",
        "customer_id": customer.id,
        "customer_name": customer.name,
        "customer_phone": next((c.phone for c in customer.contacts if c.phone), ""),
        "days_overdue": str(figures.days_overdue),
        "fixed_compensation": money(figures.fixed),
        "invoice_count": str(len(action.invoice_ids)),
        **_fee_values(action, lang, figures, money),
        "invoice_numbers": ", ".join(action.invoice_ids),
        "late_charges_rate": percent(figures.rate, locale) if figures.rate is not None else "",
        "late_charges_total": money(figures.interest + figures.fixed),
        "late_interest": money(figures.interest),
        "legal_basis": figures.basis,
        "legal_mentions": figures.mentions,
        "oldest_due_date": day_text(figures.oldest) if figures.oldest else "",
        "order_references": ", ".join(figures.orders),
        "pay_by": day_text(action.pay_by),
        "payment_link": payment.link,
        "payment_link_sentence": payment.link_sentence,
        "payment_link_sms": payment.link_sms,
        "payment_means": payment.means,
        "pay_link": payment.signed.get("pay", ""),
        "promise_link": payment.signed.get("promise", ""),
        "dispute_link": payment.signed.get("dispute", ""),
        "contact_me_link": payment.signed.get("contact_me", ""),
        "self_service_links": payment.self_service,
        "step_label": label("step", action.step_id, locale),
        "today": day_text(to.day),
        "total_due": money(action.amount_due),
        "total_paid": "",
    }


def _courtesy_values(
    action: Action, lang: str, contact: Contact | None, figures: InvoiceFigures, register: Register
) -> dict[str, str]:
    """The greeting, the closing and the days late in words.

    A letter, and a formal notice or a hand-over on any channel, opens and closes as
    a letter does ("Madame, Monsieur," ... "salutations distinguées").
    """
    letter = action.channel in LETTERS or action.tone in _FORMAL
    days = figures.days_overdue
    return {
        "closing": closing(lang, warm=action.tone in _WARM, letter=letter, register=register),
        "days_overdue_text": nphrase(lang, "days_overdue", days, days=str(days)),
        "greeting": greeting(lang, contact, letter=letter, register=register),
    }


def greeting(
    lang: str, contact: Contact | None, *, letter: bool, register: Register = "formal"
) -> str:
    """A letter's formal opening; else the contact by name, or nobody for a department.

    In the informal register, a named person is greeted as one says *tu* or *du*.
    """
    if letter:
        return phrase(lang, "letter_opening")
    if contact is None or is_department(contact.name):
        return phrase(lang, "greeting_none")
    return phrase(lang, "greeting_person", register=register, name=contact.name)


def closing(lang: str, *, warm: bool, letter: bool, register: Register = "formal") -> str:
    """A letter's formal closing; else a warm or a plain one, by the message's tone."""
    if letter:
        return phrase(lang, "letter_closing")
    return phrase(lang, "closing_warm" if warm else "closing_plain", register=register)


def _law_values(figures: InvoiceFigures, lang: str, money: Any) -> dict[str, str]:
    """The late charges and formal-notice mentions, in the words of the figures' law."""
    if not figures.jurisdiction:
        return {"late_charges_sentence": "", "notice_mentions": ""}
    owed = figures.rate is not None and (figures.interest or figures.fixed)
    fixed = money(figures.fixed) if figures.fixed else ""
    sentence = charges_sentence(figures.jurisdiction, lang, money(figures.interest), fixed)
    return {
        "late_charges_sentence": sentence if owed else "",
        "notice_mentions": notice_mentions(figures.jurisdiction, lang),
    }


def _fee_values(action: Action, lang: str, figures: InvoiceFigures, money: Any) -> dict[str, str]:
    """The fees the step charges (``Action.fees``): their amount, their line ("Fees:
    15.00 €", empty when none), which also closes the invoice lines."""
    if not action.fees:
        return {"fees": "", "fees_line": "", "invoice_lines": "\n".join(figures.lines)}
    line = phrase(lang, "fees_line", amount=money(action.fees))
    return {
        "fees": money(action.fees),
        "fees_line": line,
        "invoice_lines": "\n".join([*figures.lines, line]),
    }


def _contact_values(contact: Contact | None, customer: Customer) -> dict[str, str]:
    return {
        "contact_email": (contact.email or "") if contact else "",
        "contact_name": contact.name if contact else customer.name,
        "contact_phone": (contact.phone or "") if contact else "",
        "contact_role": (contact.role or "") if contact else "",
    }
