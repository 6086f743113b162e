"""UBL 2.1 ``Invoice`` and ``CreditNote`` (EN 16931 UBL syntax, Peppol BIS 3) into fields."""

from __future__ import annotations

from xml.etree.ElementTree import Element

from dunningkit.einvoicing._fields import InvoiceFields, PartyPaths, read_party
from dunningkit.einvoicing._xml import ElementReader

__all__ = ["UBL_NAMESPACES", "UBL_ROOTS", "read_ubl"]

_INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
_CREDIT_NOTE = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
UBL_ROOTS = {f"{{{_INVOICE}}}Invoice": "Invoice", f"{{{_CREDIT_NOTE}}}CreditNote": "CreditNote"}
"""The two UBL document roots read, by qualified name."""

UBL_NAMESPACES = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}


def read_ubl(root: Element, source: str) -> tuple[InvoiceFields, ElementReader]:
    """The fields of a UBL invoice or credit note, and the reader holding its problems."""
    kind = UBL_ROOTS[root.tag]
    r = ElementReader(root, source, UBL_NAMESPACES)
    fields = InvoiceFields(syntax=f"UBL {kind}", credit_note_root=kind == "CreditNote")
    fields.number = r.required(root, "cbc:ID", "BT-1")
    fields.type_code = r.text(root, f"cbc:{kind}TypeCode")
    fields.issue_date = r.date(root, "cbc:IssueDate", "BT-2", required=True, fmt=None)
    # An Invoice carries BT-9 at its root; a CreditNote only in its payment means.
    fields.due_date = r.date(root, "cbc:DueDate", "BT-9", required=False, fmt=None) or r.date(
        root, "cac:PaymentMeans/cbc:PaymentDueDate", "BT-9", required=False, fmt=None
    )
    terms = [t for node in r.find_all(root, "cac:PaymentTerms/cbc:Note") if (t := node.text)]
    fields.terms = " ".join(t.strip() for t in terms) or None
    fields.currency = r.required(root, "cbc:DocumentCurrencyCode", "BT-5")
    fields.order_reference = r.text(root, "cac:OrderReference/cbc:ID")
    total = "cac:LegalMonetaryTotal"
    fields.total = r.amount(root, f"{total}/cbc:TaxInclusiveAmount", "BT-112", required=True)
    fields.prepaid = r.amount(root, f"{total}/cbc:PrepaidAmount", "BT-113", required=False)
    fields.rounding = r.amount(root, f"{total}/cbc:PayableRoundingAmount", "BT-114", required=False)
    fields.due_payable = r.amount(root, f"{total}/cbc:PayableAmount", "BT-115", required=True)
    fields.seller = read_party(r, root, "cac:AccountingSupplierParty/cac:Party", "seller", _PARTY)
    fields.buyer = read_party(r, root, "cac:AccountingCustomerParty/cac:Party", "buyer", _PARTY)
    return fields, r


def _vat(r: ElementReader, node: Element) -> str | None:
    for scheme in r.find_all(node, "cac:PartyTaxScheme"):
        if r.text(scheme, "cac:TaxScheme/cbc:ID") == "VAT":
            return r.text(scheme, "cbc:CompanyID")
    return None


_PARTY = PartyPaths(
    identifiers=("cac:PartyIdentification/cbc:ID",),
    legal_id="cac:PartyLegalEntity/cbc:CompanyID",
    vat=_vat,
    endpoint="cbc:EndpointID",
    name="cac:PartyLegalEntity/cbc:RegistrationName",
    trading_name="cac:PartyName/cbc:Name",
    address="cac:PostalAddress",
    country="cac:Country/cbc:IdentificationCode",
    lines=("cbc:StreetName", "cbc:AdditionalStreetName", "cac:AddressLine/cbc:Line"),
    postcode="cbc:PostalZone",
    city="cbc:CityName",
    contact="cac:Contact",
    contact_names=("cbc:Name",),
    phone="cbc:Telephone",
    email="cbc:ElectronicMail",
)
