"""UN/CEFACT ``CrossIndustryInvoice`` (EN 16931 CII syntax: Factur-X, ZUGFeRD,
XRechnung) into fields."""

from __future__ import annotations

from xml.etree.ElementTree import Element

from dunningkit.einvoicing._fields import InvoiceFields, PartyFields
from dunningkit.einvoicing._xml import ElementReader

__all__ = ["CII_NAMESPACES", "CII_ROOT", "read_cii"]

CII_NAMESPACES = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
}
CII_ROOT = f"{{{CII_NAMESPACES['rsm']}}}CrossIndustryInvoice"

_VAT_SCHEME = "VA"  # the scheme of a VAT number (BT-31, BT-48) in CII, not a country
_TX = "rsm:SupplyChainTradeTransaction"
_AGREEMENT = f"{_TX}/ram:ApplicableHeaderTradeAgreement"
_SETTLEMENT = f"{_TX}/ram:ApplicableHeaderTradeSettlement"
_TOTALS = f"{_SETTLEMENT}/ram:SpecifiedTradeSettlementHeaderMonetarySummation"
_TERMS = f"{_SETTLEMENT}/ram:SpecifiedTradePaymentTerms"


def read_cii(root: Element, source: str) -> tuple[InvoiceFields, ElementReader]:
    """The fields of a CII invoice or credit note, and the reader holding its problems."""
    r = ElementReader(root, source, CII_NAMESPACES)
    fields = InvoiceFields(syntax="CII")
    fields.number = r.required(root, "rsm:ExchangedDocument/ram:ID", "BT-1")
    fields.type_code = r.text(root, "rsm:ExchangedDocument/ram:TypeCode")
    fields.issue_date = r.date(
        root,
        "rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString",
        "BT-2",
        required=True,
        fmt="102",
    )
    fields.due_date = r.date(
        root, f"{_TERMS}/ram:DueDateDateTime/udt:DateTimeString", "BT-9", required=False, fmt="102"
    )
    fields.terms = r.text(root, f"{_TERMS}/ram:Description")
    fields.currency = r.required(root, f"{_SETTLEMENT}/ram:InvoiceCurrencyCode", "BT-5")
    fields.order_reference = r.text(
        root, f"{_AGREEMENT}/ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID"
    )
    fields.total = r.amount(root, f"{_TOTALS}/ram:GrandTotalAmount", "BT-112", required=True)
    fields.prepaid = r.amount(root, f"{_TOTALS}/ram:TotalPrepaidAmount", "BT-113", required=False)
    fields.rounding = r.amount(root, f"{_TOTALS}/ram:RoundingAmount", "BT-114", required=False)
    fields.due_payable = r.amount(root, f"{_TOTALS}/ram:DuePayableAmount", "BT-115", required=True)
    fields.seller = _party(r, root, f"{_AGREEMENT}/ram:SellerTradeParty", "seller")
    fields.buyer = _party(r, root, f"{_AGREEMENT}/ram:BuyerTradeParty", "buyer")
    return fields, r


def _party(r: ElementReader, root: Element, path: str, role: str) -> PartyFields | None:
    node = r.find(root, path)
    if node is None:
        r.problem(f"{path} ({'BG-4' if role == 'seller' else 'BG-7'})", f"no {role}")
        return None
    party = PartyFields(role=role, element=path)
    for tag in ("ram:ID", "ram:GlobalID"):
        for element in r.find_all(node, tag):
            if element.text and element.text.strip():
                party.identifiers.append((element.text.strip(), element.get("schemeID")))
    legal = r.find(node, "ram:SpecifiedLegalOrganization/ram:ID")
    if legal is not None and legal.text and legal.text.strip():
        party.legal_id = (legal.text.strip(), legal.get("schemeID"))
    for registration in r.find_all(node, "ram:SpecifiedTaxRegistration/ram:ID"):
        if registration.get("schemeID") == _VAT_SCHEME and registration.text:
            party.vat = registration.text.strip() or None
    party.endpoint = r.text(node, "ram:URIUniversalCommunication/ram:URIID")
    party.name = r.text(node, "ram:Name")
    party.trading_name = r.text(node, "ram:SpecifiedLegalOrganization/ram:TradingBusinessName")
    address = r.find(node, "ram:PostalTradeAddress")
    party.country = r.text(address, "ram:CountryID")
    for line in ("ram:LineOne", "ram:LineTwo", "ram:LineThree"):
        if text := r.text(address, line):
            party.address.append(text)
    place = " ".join(
        t for t in (r.text(address, "ram:PostcodeCode"), r.text(address, "ram:CityName")) if t
    )
    if place:
        party.address.append(place)
    contact = r.find(node, "ram:DefinedTradeContact")
    party.contact_name = r.text(contact, "ram:PersonName") or r.text(contact, "ram:DepartmentName")
    party.phone = r.text(contact, "ram:TelephoneUniversalCommunication/ram:CompleteNumber")
    party.email = r.text(contact, "ram:EmailURIUniversalCommunication/ram:URIID")
    return party
