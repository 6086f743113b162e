"""Hostile XML is refused unread with a named error; bad documents name file and element."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from dunningkit.einvoicing import (
    MAX_XML_BYTES,
    EInvoiceError,
    HostileXmlError,
    read_invoice,
    read_lifecycle,
)
from tests.einvoicing.files import CDAR, CEN, pdf_attaching

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE Invoice [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">&secret;</Invoice>
"""
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<lolz>&lol4;</lolz>
"""
DTD_ONLY = b"""<?xml version="1.0"?>
<!DOCTYPE Invoice SYSTEM "http://example.invalid/invoice.dtd">
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>
"""


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (EXTERNAL_ENTITY, "DTD"),
        (BILLION_LAUGHS, "DTD"),
        (DTD_ONLY, "DTD"),
    ],
)
@pytest.mark.parametrize("reader", [read_invoice, read_lifecycle])
def test_dtds_and_entities_are_refused_unread(data: bytes, what: str, reader: object) -> None:
    with pytest.raises(HostileXmlError, match=what) as caught:
        reader(data)  # type: ignore[operator]
    (problem,) = caught.value.problems
    assert problem.source == "<bytes>"
    assert problem.element == "document"
    assert "refused" in problem.message


def test_an_oversized_file_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    path = tmp_path / "huge.xml"
    path.write_bytes(b"<a>" + b" " * MAX_XML_BYTES + b"</a>")
    with pytest.raises(HostileXmlError, match="larger than"):
        read_lifecycle(path)
    with pytest.raises(HostileXmlError, match="larger than"):
        read_lifecycle(io.BytesIO(path.read_bytes()))


def test_hostile_xml_inside_a_factur_x_pdf_is_refused_too() -> None:
    pdf = pdf_attaching("factur-x.xml", EXTERNAL_ENTITY)
    with pytest.raises(HostileXmlError):
        read_invoice(pdf)


def test_a_document_that_is_not_an_invoice_is_named() -> None:
    with pytest.raises(EInvoiceError, match="not an e-invoice") as caught:
        read_invoice(CDAR / "CDV-0101-207.xml")
    assert caught.value.problems[0].source.endswith("CDV-0101-207.xml")
    with pytest.raises(EInvoiceError, match="not a CDAR lifecycle message"):
        read_lifecycle(CEN / "CII_example1.xml")


def test_xml_that_is_not_well_formed_names_the_line() -> None:
    with pytest.raises(EInvoiceError) as caught:
        read_invoice(b"<Invoice>\n<cbc:ID>1</Invoice>")
    assert not isinstance(caught.value, HostileXmlError)
    assert caught.value.problems[0].element.startswith("line ")


def _without(path: Path, *cuts: tuple[str, str]) -> bytes:
    text = path.read_text(encoding="utf-8")
    for old, new in cuts:
        assert old in text
        text = text.replace(old, new)
    return text.encode()


def test_every_missing_mandatory_field_is_named_at_once() -> None:
    data = _without(
        CEN / "ubl-tc434-example1.xml",
        ("<cbc:ID>12115118</cbc:ID>", ""),
        ("<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>", ""),
        ('<cbc:TaxInclusiveAmount currencyID="EUR">250.33</cbc:TaxInclusiveAmount>', ""),
        ("<cbc:IssueDate>2015-01-09</cbc:IssueDate>", "<cbc:IssueDate>09/01/2015</cbc:IssueDate>"),
    )
    with pytest.raises(EInvoiceError) as caught:
        read_invoice(data)
    elements = {problem.element: problem.message for problem in caught.value.problems}
    assert elements["cbc:ID (BT-1)"] == "missing"
    assert elements["cbc:DocumentCurrencyCode (BT-5)"] == "missing"
    assert elements["cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount (BT-112)"] == "missing"
    assert elements["cbc:IssueDate (BT-2)"] == "'09/01/2015' is not a date in the form YYYY-MM-DD"


def test_a_cii_date_in_the_wrong_format_is_named() -> None:
    data = _without(
        CEN / "CII_example1.xml",
        (
            "20150109</udt:DateTimeString>\n        </ram:IssueDateTime>",
            "2015-01-09</udt:DateTimeString>\n        </ram:IssueDateTime>",
        ),
    )
    with pytest.raises(EInvoiceError) as caught:
        read_invoice(data)
    (problem,) = caught.value.problems
    assert problem.element == "rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString (BT-2)"
    assert "CCYYMMDD" in problem.message


def test_no_due_date_and_terms_without_days_is_named() -> None:
    data = _without(
        CEN / "ubl-tc434-example7.xml", ("Payment within 30 days", "Payment on receipt")
    )
    with pytest.raises(EInvoiceError, match=r"due date \(BT-9\): missing"):
        read_invoice(data)


@pytest.mark.parametrize(
    "written", ["1_200.00", "\u0661\u0662\u0660\u0660.00", "1.2E+3", "1,200.00"]
)
def test_an_amount_that_is_no_xs_decimal_is_refused(written: str) -> None:
    # Python's Decimal reads all four; XML Schema's decimal (EN 16931's amounts) none.
    text = (CEN / "CII_example1.xml").read_text(encoding="utf-8")
    bad = re.sub(r"(<ram:DuePayableAmount[^>]*>)[^<]*", rf"\g<1>{written}", text, count=1)
    assert bad != text
    with pytest.raises(EInvoiceError, match="is not an amount"):
        read_invoice(bad.encode("utf-8"))
