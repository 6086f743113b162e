"""Read the French e-invoicing flux: EN 16931 invoices in, CDAR lifecycle statuses in.

``read_invoice`` reads one UBL 2.1, CII (Factur-X, ZUGFeRD, XRechnung) or Factur-X PDF
invoice; ``load_einvoices`` a folder of them as a book; ``read_lifecycle`` the statuses
of a CDAR lifecycle message, which ``apply_lifecycle`` brings onto a book so that the
reminders follow them. Needs the ``einvoicing`` extra (``defusedxml``; ``factur-x`` for
PDFs). XML is refused unread when it holds a DTD or entities, or is too large.
"""

from dunningkit.einvoicing._apply import apply_lifecycle, unmatched_statuses
from dunningkit.einvoicing._cdar import read_lifecycle, read_lifecycles
from dunningkit.einvoicing._folder import load_einvoices, read_einvoices
from dunningkit.einvoicing._invoice import EInvoice, read_invoice
from dunningkit.einvoicing._statuses import FR_STATUSES, LifecycleStatus, StatusCode
from dunningkit.einvoicing._xml import MAX_PDF_BYTES, MAX_XML_BYTES
from dunningkit.errors import (
    EInvoiceError,
    EInvoiceProblem,
    HostileXmlError,
    UnmatchedStatusError,
)

__all__ = [
    "FR_STATUSES",
    "MAX_PDF_BYTES",
    "MAX_XML_BYTES",
    "EInvoice",
    "EInvoiceError",
    "EInvoiceProblem",
    "HostileXmlError",
    "LifecycleStatus",
    "StatusCode",
    "UnmatchedStatusError",
    "apply_lifecycle",
    "load_einvoices",
    "read_einvoices",
    "read_invoice",
    "read_lifecycle",
    "read_lifecycles",
    "unmatched_statuses",
]
