"""UN/CEFACT ``CrossIndustryInvoice`` (EN 16931 CII syntax: Factur-X, ZUGFeRD,
XRechnung) into fields."""

from __future__ import annotations

from xml.etree.ElementTree import Element

from dunningkit.einvoicing._fields import InvoiceFields, PartyPaths, read_party
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
    fields.seller = read_party(r, root, f"{_AGREEMENT}/ram:SellerTradeParty", "seller", _PARTY)
    fields.buyer = read_party(r, root, f"{_AGREEMENT}/ram:BuyerTradeParty", "buyer", _PARTY)
    return fields, r


def _vat(r: ElementReader, node: Element) -> str | None:
    for registration in r.find_all(node, "ram:SpecifiedTaxRegistration/ram:ID"):
        if registration.get("schemeID") == _VAT_SCHEME and registration.text:
            return registration.text.strip() or None
    return None


_PARTY = PartyPaths(
    identifiers=("ram:ID", "ram:GlobalID"),
    legal_id="ram:SpecifiedLegalOrganization/ram:ID",
    vat=_vat,
    endpoint="ram:URIUniversalCommunication/ram:URIID",
    name="ram:Name",
    trading_name="ram:SpecifiedLegalOrganization/ram:TradingBusinessName",
    address="ram:PostalTradeAddress",
    country="ram:CountryID",
    lines=("ram:LineOne", "ram:LineTwo", "ram:LineThree"),
    postcode="ram:PostcodeCode",
    city="ram:CityName",
    contact="ram:DefinedTradeContact",
    contact_names=("ram:PersonName", "ram:DepartmentName"),
    phone="ram:TelephoneUniversalCommunication/ram:CompleteNumber",
    email="ram:EmailURIUniversalCommunication/ram:URIID",
)
