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


def _book_with_later_dues() -> Portfolio:
    """The fixture book, with an invoice not due until after ON and a plan part-due."""
    record = data()
    record["invoices"].append(
        {
            "id": "F4",
            "customer_id": "C1",
            "issue_date": "2025-09-10",
            "due_date": "2025-10-10",
            "amount": "700.00",
            "currency": "EUR",
        }
    )
    record["invoices"].append(
        {
            "id": "F5",
            "customer_id": "C1",
            "issue_date": "2025-08-01",
            "due_date": "2025-09-01",
            "amount": "900.00",
            "currency": "EUR",
            "installments": [
                {"due_date": "2025-09-01", "amount": "300.00"},
                {"due_date": "2025-10-01", "amount": "300.00"},
                {"due_date": "2025-11-01", "amount": "300.00"},
            ],
        }
    )
    return Portfolio.model_validate(record)


def test_what_is_due_on_the_day_is_claimed_and_the_rest_is_not() -> None:
    book = _book_with_later_dues()
    f4 = dossier_invoice(book, book.invoice("F4"), ON, POLICY, Decimal(700), [])
    assert (f4.open_amount, f4.due_amount, f4.not_yet_due) == (700, 0, 700)
    f5 = dossier_invoice(book, book.invoice("F5"), ON, POLICY, Decimal(900), [])
    assert (f5.due_amount, f5.not_yet_due) == (300, 600)  # one instalment of three is due
    assert [p.due for p in f5.installments] == [True, False, False]
    due_today = dossier_invoice(
        book, book.invoice("F4"), date(2025, 10, 10), POLICY, Decimal(700), []
    )
    assert due_today.due_amount == 700  # due on its due date


def test_a_credit_note_is_deducted_in_full() -> None:
    book = Portfolio.model_validate(data())
    entry = dossier_invoice(book, book.invoice("AV1"), ON, POLICY, Decimal(50), [])
    assert entry.due_amount == Decimal(50)
