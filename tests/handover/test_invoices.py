"""Each open invoice as the claim states it, and the warnings it raises."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from dunningkit import Policy, Portfolio
from dunningkit.handover._invoices import dossier_invoice, open_on
from tests.handover.test_dossier import ON, POLICY, data


def test_paid_and_cancelled_documents_are_not_open() -> None:
    record = data()
    record["invoices"][1]["status"] = "cancelled"
    book = Portfolio.model_validate(record)
    assert open_on(book, book.invoice("F1"), ON) == Decimal("600.00")
    assert open_on(book, book.invoice("F2"), ON) == 0


def test_a_credit_note_carries_no_charges_nor_limitation() -> None:
    book = Portfolio.model_validate(data())
    warnings: list[str] = []
    entry = dossier_invoice(book, book.invoice("AV1"), ON, POLICY, Decimal(50), warnings)
    assert (entry.charges, entry.limitation, entry.limitation_note) == (None, None, None)
    assert warnings == []


def test_warnings_for_a_claim_close_to_its_limitation_and_a_dispute() -> None:
    book = Portfolio.model_validate(data())
    warnings: list[str] = []
    close = Policy(limitation_warning_days=5000)
    entry = dossier_invoice(book, book.invoice("F3"), ON, close, Decimal(300), warnings)
    assert entry.disputed
    assert entry.limitation is not None
    assert warnings[0].startswith(
        f"invoice F3: the claim becomes time-barred after {entry.limitation.expires_on}"
    )
    assert warnings[1].startswith("invoice F3 is disputed (since 2025-06-20)")
    late: list[str] = []
    dossier_invoice(book, book.invoice("F3"), date(2031, 1, 1), POLICY, Decimal(300), late)
    assert late[0].startswith("invoice F3: stale rates")  # the rates end before 2031
    assert "the claim was time-barred on 2030-07-01" in late[1]


def test_no_limitation_rules_leave_a_note() -> None:
    record = data()
    record["customers"][0]["country"] = "US"
    book = Portfolio.model_validate(record)
    entry = dossier_invoice(book, book.invoice("F2"), ON, POLICY, Decimal(500), [])
    assert entry.limitation is None
    assert entry.limitation_note is not None
    assert "no limitation rules known for the country 'US'" in entry.limitation_note
