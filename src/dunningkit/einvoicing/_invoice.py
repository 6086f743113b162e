"""One e-invoice (UBL, CII or Factur-X PDF) as dunningkit records: :func:`read_invoice`.

The invoice number (BT-1), issue date (BT-2), due date (BT-9, or the payment terms
BT-20 when they name a number of days), currency (BT-5) and total with VAT (BT-112)
make the :class:`~dunningkit.Invoice`; what was already paid (BT-113, and the rounding
BT-114) becomes a payment on the issue date, so the open amount is the amount due for
payment (BT-115). The buyer (BG-7) becomes the :class:`~dunningkit.Customer`.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from dunningkit._support._optional import require
from dunningkit.einvoicing._cii import CII_ROOT, read_cii
from dunningkit.einvoicing._fields import (
    SIREN_SCHEME,
    SIRET_SCHEME,
    InvoiceFields,
    PartyFields,
    due_from_terms,
)
from dunningkit.einvoicing._ubl import UBL_ROOTS, read_ubl
from dunningkit.einvoicing._xml import (
    MAX_PDF_BYTES,
    ElementReader,
    Source,
    parse_xml,
    read_source,
)
from dunningkit.errors import EInvoiceError, EInvoiceProblem
from dunningkit.model._customer import Customer, usual_locale
from dunningkit.model._invoice import Invoice, InvoiceKind
from dunningkit.model._payment import Payment

__all__ = ["CREDIT_NOTE_TYPE_CODES", "EInvoice", "read_invoice"]

CREDIT_NOTE_TYPE_CODES = frozenset({"261", "262", "381", "396", "502", "503"})
"""UNTDID 1001 codes of credit notes (BT-3): credit note, self-billed, factored, and the
French 502/503 of the XP Z12-012 list."""

_PARTY_TERMS = {
    "seller": {"id": "BT-29/BT-30", "name": "BT-27", "country": "BT-40", "vat_number": "BT-31"},
    "buyer": {"id": "BT-46/BT-47", "name": "BT-44", "country": "BT-55", "vat_number": "BT-48"},
}
_PDF_XML_NAMES = ("factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml")
"""The names under which Factur-X, ZUGFeRD 2 and XRechnung attach the invoice to a PDF."""

_M = TypeVar("_M", bound=BaseModel)

_INVOICE_TERMS = {"id": "BT-1", "currency": "BT-5", "amount": "BT-112", "due_date": "BT-9"}


class EInvoice(BaseModel):
    """One e-invoice read: the invoice, its buyer, its seller, what was already paid.

    Attributes:
        invoice: the invoice or credit note (kind ``credit_note``).
        customer: the buyer (BG-7).
        seller: the seller (BG-4), the creditor.
        payments: the amount already paid (BT-113) as one payment on the issue date.
        syntax: ``UBL Invoice``, ``UBL CreditNote`` or ``CII`` (with ``Factur-X PDF``
            when it came out of one).
        source: the file it was read from (``<bytes>`` from memory).
    """

    model_config = ConfigDict(frozen=True)

    invoice: Invoice
    customer: Customer
    seller: Customer
    payments: tuple[Payment, ...] = ()
    syntax: str
    source: str


def read_invoice(source: Source) -> EInvoice:
    """Read one e-invoice: UBL 2.1 ``Invoice``/``CreditNote``, CII, or a Factur-X PDF.

    Args:
        source: a path, the bytes, or a binary file object.

    Raises:
        HostileXmlError: the XML holds a DTD or entities, or is too large; refused unread.
        EInvoiceError: every problem of the document at once, each naming the element.
    """
    name, data = read_source(source, limit=MAX_PDF_BYTES)
    syntax_note = ""
    if data.lstrip()[:5] == b"%PDF-":
        data = _xml_of_pdf(data, name)
        syntax_note = " (Factur-X PDF)"
    root = parse_xml(data, name)
    if root.tag in UBL_ROOTS:
        fields, reader = read_ubl(root, name)
    elif root.tag == CII_ROOT:
        fields, reader = read_cii(root, name)
    else:
        problem = EInvoiceProblem(
            name,
            root.tag,
            "not an e-invoice (a UBL Invoice or CreditNote, or a CII CrossIndustryInvoice)",
        )
        raise EInvoiceError([problem])
    fields.syntax += syntax_note
    return _build(fields, reader)


def _xml_of_pdf(data: bytes, name: str) -> bytes:
    """The invoice XML attached to a Factur-X/ZUGFeRD/XRechnung PDF, unparsed: it goes
    through :func:`parse_xml` like any other XML (the PDF library never parses it)."""
    pypdf = require("pypdf", "reading Factur-X PDFs")
    try:
        attachments: dict[str, list[bytes]] = pypdf.PdfReader(io.BytesIO(data)).attachments
    except Exception as error:  # noqa: BLE001 - any PDF failure is one problem of the file
        raise EInvoiceError(
            [EInvoiceProblem(name, "document", f"cannot read the PDF: {error}")]
        ) from None
    names = sorted(attachments, key=lambda n: (n.lower() not in _PDF_XML_NAMES, n))
    for attached in names:
        if attached.lower().endswith(".xml") and attachments[attached]:
            return attachments[attached][0]
    reason = "a PDF without an embedded invoice (factur-x.xml, zugferd-invoice.xml...)"
    raise EInvoiceError([EInvoiceProblem(name, "document", reason)])


def _build(fields: InvoiceFields, r: ElementReader) -> EInvoice:
    seller = _party(fields.seller, r) if fields.seller else None
    buyer = _party(fields.buyer, r) if fields.buyer else None
    invoice, payments = _invoice(fields, r, buyer)
    r.raise_problems()
    if invoice is None or buyer is None or seller is None:  # pragma: no cover - a problem says why
        raise EInvoiceError([EInvoiceProblem(r.source, "document", "cannot be read")])
    return EInvoice(
        invoice=invoice,
        customer=buyer,
        seller=seller,
        payments=payments,
        syntax=fields.syntax,
        source=r.source,
    )


def _invoice(
    f: InvoiceFields, r: ElementReader, buyer: Customer | None
) -> tuple[Invoice | None, tuple[Payment, ...]]:
    if f.issue_date is None or f.total is None or f.due_payable is None or buyer is None:
        return None, ()
    if f.number is None or f.currency is None:
        return None, ()
    credit = f.credit_note_root or f.type_code in CREDIT_NOTE_TYPE_CODES
    sign = Decimal(-1) if f.total < 0 else Decimal(1)
    if sign < 0:  # a negative invoice gives money back: it is a credit note
        credit = not credit
    total, due_payable = f.total * sign, f.due_payable * sign
    due = f.due_date or due_from_terms(f.issue_date, f.terms)
    if due is None:
        if not credit:
            r.problem(
                "due date (BT-9)",
                "missing, and the payment terms (BT-20) name no number of days"
                + (f": {f.terms!r}" if f.terms else ""),
            )
            return None, ()
        due = f.issue_date  # a credit note is netted from its issue date
    if due < f.issue_date:
        r.problem("due date (BT-9)", f"{due} is before the issue date (BT-2) {f.issue_date}")
        return None, ()
    amount = max(total, due_payable)
    data = {
        "id": f.number,
        "customer_id": buyer.id,
        "kind": InvoiceKind.CREDIT_NOTE if credit else InvoiceKind.INVOICE,
        "issue_date": f.issue_date,
        "due_date": due,
        "currency": f.currency,
        "amount": amount,
        "order_reference": f.order_reference,
    }
    invoice = _validated(Invoice, data, r, "invoice", _INVOICE_TERMS)
    if invoice is None:
        return None, ()
    return invoice, _prepaid(invoice, amount - due_payable, f.issue_date)


def _prepaid(invoice: Invoice, paid: Decimal, day: date) -> tuple[Payment, ...]:
    if paid <= 0:
        return ()
    payment = Payment(
        id=f"{invoice.id}/prepaid",
        invoice_id=invoice.id,
        date=day,
        amount=paid,
        currency=invoice.currency,
        method="prepaid",
        reference="paid amount (BT-113) of the e-invoice",
    )
    return (payment,)


def _party(p: PartyFields, r: ElementReader) -> Customer | None:
    schemes = dict(p.identifiers)
    legal_value, legal_scheme = p.legal_id or (None, None)
    siren = legal_value if legal_scheme == SIREN_SCHEME else None
    siret = next((v for v, s in p.identifiers if s == SIRET_SCHEME), None)
    if legal_scheme == SIRET_SCHEME:
        siret = legal_value
    if siren is None and siret is not None and len(siret) == 14:  # the SIRET's first 9 digits
        siren = siret[:9]
    name = p.name or p.trading_name
    # EN 16931 makes only the name mandatory: without an identifier, the name is the id.
    party_id = next(iter(schemes), None) or legal_value or p.vat or p.endpoint or name
    if party_id is None or name is None:
        r.problem(f"{p.element} ({_PARTY_TERMS[p.role]['name']})", f"no name for the {p.role}")
        return None
    data: dict[str, Any] = {
        "id": party_id,
        "name": name,
        "siren": siren,
        "siret": siret,
        "vat_number": p.vat,
        "address": ", ".join(p.address) or None,
    }
    if p.country:
        data["country"] = p.country
        data["locale"] = usual_locale(p.country)
    contact = p.contact_name or (name if p.email or p.phone else None)
    if contact and p.role == "buyer":  # the seller's own contact is not dunningkit's to check
        data["contacts"] = [{"name": contact, "email": p.email, "phone": p.phone}]
    if p.role == "seller":
        data = _without_unreadable(data)
    return _validated(Customer, data, r, p.element, _PARTY_TERMS[p.role])


def _without_unreadable(data: dict[str, Any]) -> dict[str, Any]:
    """The seller's fields without the optional ones dunningkit cannot read (an official
    example gives a tax number as its VAT number): the seller is the creditor, named for
    the book's one-seller check, never reminded."""
    try:
        Customer.model_validate(data)
    except ValidationError as error:
        bad = {str(item["loc"][0]) for item in error.errors() if item["loc"]}
        return {k: v for k, v in data.items() if k in {"id", "name"} or k not in bad}
    return data


def _validated(
    model: type[_M], data: Mapping[str, Any], r: ElementReader, where: str, terms: Mapping[str, str]
) -> _M | None:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        for item in error.errors():
            field = ".".join(str(part) for part in item["loc"]) or "record"
            term = terms.get(field.split(".")[0])
            r.problem(f"{where}: {field}" + (f" ({term})" if term else ""), item["msg"])
        return None
