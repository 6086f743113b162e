"""load_einvoices: a folder as one book, every problem at once, nothing half-imported."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from dunningkit import InvoiceKind
from dunningkit.einvoicing import EInvoiceError, HostileXmlError, load_einvoices
from tests.einvoicing.files import CEN, FR, facturx_pdf


def test_a_folder_is_one_book_with_customers_merged_by_identifier() -> None:
    book = load_einvoices(FR)
    assert [i.id for i in book.invoices] == ["A2026-0007", "F2026-0101", "F2026-0102"]
    assert [c.id for c in book.customers] == ["C-0042", "C-0057"]
    martin = book.customer("C-0042")
    # The credit note names the buyer without a contact: the invoice's contact stays.
    assert martin.contacts[0].name == "Claire Martin"
    assert martin.vat_number == "FR37200000008"
    assert book.invoice("A2026-0007").kind is InvoiceKind.CREDIT_NOTE
    (deposit,) = book.payments
    assert (deposit.invoice_id, deposit.amount) == ("F2026-0102", Decimal("600.00"))


def test_a_list_of_files_and_a_factur_x_pdf_are_read_too(tmp_path: Path) -> None:
    pdf = tmp_path / "F2026-0101.pdf"
    pdf.write_bytes(facturx_pdf((FR / "F2026-0101.xml").read_bytes()))
    book = load_einvoices([pdf, FR / "F2026-0102.xml"])
    assert [i.id for i in book.invoices] == ["F2026-0101", "F2026-0102"]


def test_the_folder_order_does_not_change_the_book(tmp_path: Path) -> None:
    files = sorted(FR.glob("*.xml"))
    forward = load_einvoices(files)
    backward = load_einvoices(list(reversed(files)))
    assert forward.customers == backward.customers
    assert sorted(forward.invoices, key=lambda i: i.id) == sorted(
        backward.invoices, key=lambda i: i.id
    )


def test_invoices_from_another_seller_are_named(tmp_path: Path) -> None:
    for path in FR.glob("*.xml"):
        shutil.copy(path, tmp_path)
    shutil.copy(CEN / "ubl-tc434-example1.xml", tmp_path)
    with pytest.raises(EInvoiceError) as caught:
        load_einvoices(tmp_path)
    (problem,) = caught.value.problems
    assert problem.source.endswith("ubl-tc434-example1.xml")
    assert problem.element == "seller (BG-4)"
    assert "'De Koksmaat'" in problem.message
    assert "'Menuiserie Durand SARL' (100000009)" in problem.message


def test_an_invoice_number_met_twice_is_named(tmp_path: Path) -> None:
    shutil.copy(CEN / "ubl-tc434-example1.xml", tmp_path / "a.xml")
    shutil.copy(CEN / "CII_example1.xml", tmp_path / "b.xml")
    with pytest.raises(
        EInvoiceError, match=r"b\.xml: invoice number \(BT-1\): '12115118' is also in"
    ):
        load_einvoices(tmp_path)


def test_every_problem_of_every_file_comes_at_once(tmp_path: Path) -> None:
    for path in FR.glob("*.xml"):
        shutil.copy(path, tmp_path)
    (tmp_path / "broken.xml").write_text("<Invoice", encoding="utf-8")
    (tmp_path / "note.xml").write_text("<note>not an invoice</note>", encoding="utf-8")
    shutil.copy(CEN / "XRechnung-O.xml", tmp_path)
    with pytest.raises(EInvoiceError) as caught:
        load_einvoices(tmp_path)
    sources = {Path(problem.source).name for problem in caught.value.problems}
    assert sources == {"broken.xml", "note.xml", "XRechnung-O.xml"}


def test_one_hostile_file_makes_the_whole_folder_a_refusal(tmp_path: Path) -> None:
    shutil.copy(FR / "F2026-0101.xml", tmp_path)
    (tmp_path / "evil.xml").write_bytes(
        b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
    )
    with pytest.raises(HostileXmlError) as caught:
        load_einvoices(tmp_path)
    assert [Path(p.source).name for p in caught.value.problems] == ["evil.xml"]


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(EInvoiceError, match="not a folder"):
        load_einvoices(tmp_path / "nowhere")
