"""dunningkit: plan payment reminders (dunning) that a credit manager can explain.

The public API is flat: import everything from ``dunningkit``. Submodules meant
for direct use are :mod:`dunningkit.errors`, :mod:`dunningkit.loaders` and
:mod:`dunningkit.cli`.
"""

from __future__ import annotations

from dunningkit._channel import Channel, Tone
from dunningkit._customer import CompanySize, Contact, Customer, CustomerKind, Hold
from dunningkit._history import DunningEvent, EventOutcome
from dunningkit._invoice import Installment, Invoice, InvoiceKind, InvoiceStatus, StatusChange
from dunningkit._payment import Payment, PaymentPromise
from dunningkit._portfolio import Portfolio, PortfolioBuilder
from dunningkit._terms import PaymentTerms, TermsKind
from dunningkit.errors import (
    DunningkitError,
    InvalidPortfolioError,
    LoaderError,
    PluginError,
    PolicyError,
    Problem,
    TemplateError,
    UnknownRecordError,
)
from dunningkit.loaders import (
    dump_csv,
    dump_json,
    dump_jsonl,
    load_csv,
    load_json,
    load_jsonl,
    load_portfolio,
)

__version__ = "0.1.0.dev0"

__all__ = [
    "Channel",
    "CompanySize",
    "Contact",
    "Customer",
    "CustomerKind",
    "DunningEvent",
    "DunningkitError",
    "EventOutcome",
    "Hold",
    "Installment",
    "InvalidPortfolioError",
    "Invoice",
    "InvoiceKind",
    "InvoiceStatus",
    "LoaderError",
    "Payment",
    "PaymentPromise",
    "PaymentTerms",
    "PluginError",
    "PolicyError",
    "Portfolio",
    "PortfolioBuilder",
    "Problem",
    "StatusChange",
    "TemplateError",
    "TermsKind",
    "Tone",
    "UnknownRecordError",
    "__version__",
    "dump_csv",
    "dump_json",
    "dump_jsonl",
    "load_csv",
    "load_json",
    "load_jsonl",
    "load_portfolio",
]
