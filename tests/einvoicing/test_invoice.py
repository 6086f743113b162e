"""read_invoice against the official EN 16931 examples, both syntaxes and a Factur-X PDF."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest

from dunningkit import Invoice, InvoiceKind
from dunningkit.book._figures import invoice_facts
from dunningkit.einvoicing import EInvoiceError, read_invoice
from tests.einvoicing.files import CEN, FR, facturx_pdf


def test_a_ubl_invoice_gives_the_invoice_and_its_buyer() -> None:
    read = read_invoice(CEN / "ubl-tc434-example1.xml")
    assert read.syntax == "UBL Invoice"
    assert read.invoice.id == "12115118"
    assert read.invoice.kind is InvoiceKind.INVOICE
    assert read.invoice.issue_date == date(2015, 1, 9)
    assert read.invoice.due_date == date(2015, 1, 9)
    assert read.invoice.currency == "EUR"
    assert read.invoice.amount == Decimal("250.33")
    assert read.customer.id == "10202"
    assert read.customer.name == "ODIN 59"
    assert read.customer.country == "NL"
    assert read.customer.locale == "nl_NL"
    assert read.customer.contacts[0].name == "Dhr. J BLOKKER"
    assert read.invoice.customer_id == read.customer.id
    assert read.seller.name == "De Koksmaat"
    assert read.payments == ()


def test_the_same_invoice_in_cii_gives_the_same_records() -> None:
    ubl = read_invoice(CEN / "ubl-tc434-example1.xml")
    cii = read_invoice(CEN / "CII_example1.xml")
    assert cii.syntax == "CII"
    assert cii.invoice == ubl.invoice
    assert cii.customer == ubl.customer
    assert cii.seller.id == ubl.seller.id


@pytest.mark.parametrize("name", ["ubl-tc434-example2.xml", "CII_example2.xml"])
def test_an_amount_already_paid_is_a_payment_so_the_open_amount_is_bt115(name: str) -> None:
    read = read_invoice(CEN / name)
    assert read.invoice.amount == Decimal("1801.78")  # BT-112
    (payment,) = read.payments
    assert payment.amount == Decimal("1000.00")  # BT-113
    assert payment.date == read.invoice.issue_date
    facts = invoice_facts(read.invoice, read.payments, read.invoice.due_date)
    assert facts.open == Decimal("801.78")  # BT-115
    assert read.customer.vat_number == "NO987654321MVA"


def test_a_ubl_credit_note_is_a_credit_note_due_on_its_issue_date() -> None:
    read = read_invoice(CEN / "ubl-tc434-creditnote1.xml")
    assert read.syntax == "UBL CreditNote"
    assert read.invoice.kind is InvoiceKind.CREDIT_NOTE
    assert read.invoice.id == "018304 / 28865"
    assert read.invoice.amount == Decimal("100.11")
    assert read.invoice.due_date == read.invoice.issue_date == date(2019, 9, 23)
    assert read.customer.vat_number == "BE0000000295"


def test_without_a_due_date_the_payment_terms_give_it() -> None:
    read = read_invoice(CEN / "ubl-tc434-example7.xml")  # "Payment within 30 days"
    assert read.invoice.issue_date == date(2013, 3, 11)
    assert read.invoice.due_date == date(2013, 4, 10)
    assert read.customer.id == "THe Buyercompany"  # no identifier: the name stands in


def test_a_french_invoice_gives_siren_siret_and_vat() -> None:
    cii = read_invoice(FR / "F2026-0101.xml")
    assert cii.customer.id == "C-0042"
    assert cii.customer.siren == "200000008"
    assert cii.customer.vat_number == "FR37200000008"
    assert cii.customer.locale == "fr_FR"
    assert cii.customer.contacts[0].email == "compta@boulangerie-martin.example"
    assert cii.seller.siren == "100000009"
    assert cii.invoice.order_reference == "BC-2026-318"
    ubl = read_invoice(FR / "F2026-0102.xml")
    assert ubl.customer.siret == "30000000710008"
    assert ubl.customer.siren == "300000007"  # from the SIRET's first nine digits


def test_the_xrechnung_example_is_read_and_its_impossible_due_date_named() -> None:
    with pytest.raises(EInvoiceError) as caught:
        read_invoice(CEN / "XRechnung-O.xml")
    (problem,) = caught.value.problems
    assert problem.source.endswith("XRechnung-O.xml")
    assert problem.element == "due date (BT-9)"
    assert "before the issue date (BT-2) 2021-01-14" in problem.message


def test_a_factur_x_pdf_built_from_the_cii_example_gives_the_same_invoice() -> None:
    pdf = facturx_pdf((CEN / "CII_example1.xml").read_bytes())
    read = read_invoice(pdf)
    assert read.syntax == "CII (Factur-X PDF)"
    assert read.invoice == read_invoice(CEN / "CII_example1.xml").invoice
    assert read.source == "<bytes>"


def test_bytes_and_file_objects_are_read_like_paths(tmp_path: object) -> None:
    data = (CEN / "ubl-tc434-example1.xml").read_bytes()
    assert read_invoice(data).invoice == read_invoice(io.BytesIO(data)).invoice


def test_a_pdf_without_an_invoice_is_named() -> None:
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    blank = io.BytesIO()
    writer.write(blank)
    with pytest.raises(EInvoiceError, match="a PDF without an embedded invoice"):
        read_invoice(blank.getvalue())


def test_the_invoice_is_a_plain_dunningkit_invoice() -> None:
    read = read_invoice(FR / "F2026-0101.xml")
    assert Invoice.model_validate(read.invoice.model_dump()) == read.invoice
