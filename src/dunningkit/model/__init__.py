"""Typed input records: customers, invoices, payments, promises, events, terms, channels,
calendars.
"""

from dunningkit.model._calendar import BusinessCalendar
from dunningkit.model._channel import CHANNEL_SPECS, Channel, ChannelSpec, Tone, channel_spec
from dunningkit.model._customer import (
    CompanySize,
    Contact,
    Customer,
    CustomerKind,
    Hold,
    Proceedings,
    ProceedingsKind,
    customer_country,
    customer_locale,
)
from dunningkit.model._history import DunningEvent, EventOutcome
from dunningkit.model._invoice import Installment, Invoice, InvoiceKind, InvoiceStatus, StatusChange
from dunningkit.model._payment import Payment, PaymentPromise
from dunningkit.model._terms import InterestTerms, PaymentTerms, TermsKind

__all__ = [
    "CHANNEL_SPECS",
    "BusinessCalendar",
    "Channel",
    "ChannelSpec",
    "CompanySize",
    "Contact",
    "Customer",
    "CustomerKind",
    "DunningEvent",
    "EventOutcome",
    "Hold",
    "Installment",
    "InterestTerms",
    "Invoice",
    "InvoiceKind",
    "InvoiceStatus",
    "Payment",
    "PaymentPromise",
    "PaymentTerms",
    "Proceedings",
    "ProceedingsKind",
    "StatusChange",
    "TermsKind",
    "Tone",
    "channel_spec",
    "customer_country",
    "customer_locale",
]
