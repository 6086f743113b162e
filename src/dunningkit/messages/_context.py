"""The placeholders' values for one reminder: every figure as the customer reads it.

Each value is text the library formatted itself (amounts and dates with babel, in
the contact's locale); a template may only name these (:data:`PLACEHOLDERS`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from dunningkit._support._money import money_text
from dunningkit.messages._dates import long_date
from dunningkit.messages._lines import InvoiceFigures
from dunningkit.messages._mentions import percent
from dunningkit.messages._message import UNSET_CREDITOR
from dunningkit.messages._payment import PaymentTexts
from dunningkit.model._customer import Contact, Customer
from dunningkit.policy._templates import Creditor

if TYPE_CHECKING:
    from dunningkit.planning._results import Action

__all__ = ["Addressee", "placeholder_values"]


@dataclass(frozen=True, slots=True)
class Addressee:
    """Who the message is to, in which locale, from whom, on which day."""

    customer: Customer
    contact: Contact | None
    locale: str
    creditor: Creditor
    day: date


def placeholder_values(
    action: Action, to: Addressee, figures: InvoiceFigures, payment: PaymentTexts
) -> dict[str, str]:
    """Every placeholder of a reminder, filled in."""
    locale, creditor, contact, customer = to.locale, to.creditor, to.contact, to.customer

    def money(amount: Decimal) -> str:
        return money_text(amount, action.currency, locale)

    def day_text(value: date) -> str:
        return long_date(value, locale)

    return {
        "caller_name": creditor.caller_name or creditor.name,
        **_contact_values(contact, customer),
        "creditor_address": creditor.address,
        "creditor_contact": " · ".join(bit for bit in (creditor.email, creditor.phone) if bit),
        "creditor_email": creditor.email,
        "creditor_iban": creditor.iban,
        "creditor_name": creditor.name or UNSET_CREDITOR,
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
        "invoice_lines": "\n".join(figures.lines),
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
        "step_label": action.step_id,
        "today": day_text(to.day),
        "total_due": money(action.amount_due),
        "total_paid": "",
    }


def _contact_values(contact: Contact | None, customer: Customer) -> dict[str, str]:
    return {
        "contact_email": (contact.email or "") if contact else "",
        "contact_name": contact.name if contact else customer.name,
        "contact_phone": (contact.phone or "") if contact else "",
        "contact_role": (contact.role or "") if contact else "",
    }
