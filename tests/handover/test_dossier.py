"""The hand-over dossier as built from a book: contents, totals, warnings and the command."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from dunningkit import (
    Creditor,
    Dossier,
    Policy,
    Portfolio,
    dump_json,
    handover_dossier,
)
from dunningkit.cli import main
from dunningkit.testing import portfolios

ON = date(2025, 9, 30)
POLICY = Policy(
    creditor=Creditor(
        name="Fournitures Martin SAS",
        address="3 rue des Lilas, 69003 Lyon",
        siren="732829320",
        vat_number="FR44732829320",
    )
)


def data(*, notice: bool = True, name: str = "Boulangerie Dupont") -> dict[str, Any]:
    events = [
        {
            "id": "E1",
            "customer_id": "C1",
            "invoice_ids": ["F1", "F2"],
            "date": "2025-07-10",
            "step_id": "reminder_1",
            "channel": "email",
            "reference": "msg-1",
        },
        {
            "id": "E2",
            "customer_id": "C1",
            "invoice_ids": ["F1"],
            "date": "2025-07-20",
            "step_id": "reminder_2",
            "channel": "letter",
            "outcome": "bounced",
        },
    ]
    if notice:
        events.append(
            {
                "id": "E3",
                "customer_id": "C1",
                "invoice_ids": ["F1", "F2"],
                "date": "2025-08-05",
                "step_id": "formal_notice",
                "channel": "registered_letter",
                "reference": "1A 234 567 8901 2",
            }
        )
    return {
        "customers": [
            {
                "id": "C1",
                "name": name,
                "country": "FR",
                "siren": "732 829 320",
                "vat_number": "FR44 732829320",
                "contacts": [
                    {
                        "name": "Marie Dupont",
                        "email": "marie@dupont.fr",
                        "postal_address": "12 rue du Four, 69002 Lyon",
                    }
                ],
            },
            {"id": "C2", "name": "Other", "country": "FR"},
        ],
        "invoices": [
            {
                "id": "F1",
                "customer_id": "C1",
                "issue_date": "2025-05-01",
                "due_date": "2025-05-31",
                "amount": "1200.00",
                "currency": "EUR",
                "installments": [
                    {"due_date": "2025-05-31", "amount": "600.00"},
                    {"due_date": "2025-06-30", "amount": "600.00"},
                ],
            },
            {
                "id": "F2",
                "customer_id": "C1",
                "issue_date": "2025-06-01",
                "due_date": "2025-06-30",
                "amount": "500.00",
                "currency": "EUR",
            },
            {
                "id": "F3",
                "customer_id": "C1",
                "issue_date": "2025-06-01",
                "due_date": "2025-07-01",
                "amount": "300.00",
                "currency": "EUR",
                "status": "disputed",
                "status_date": "2025-06-20",
            },
            {
                "id": "AV1",
                "customer_id": "C1",
                "kind": "credit_note",
                "issue_date": "2025-06-15",
                "due_date": "2025-06-15",
                "amount": "50.00",
                "currency": "EUR",
            },
            {
                "id": "F9",
                "customer_id": "C1",
                "issue_date": "2025-10-15",
                "due_date": "2025-11-15",
                "amount": "999.00",
                "currency": "EUR",
            },
        ],
        "payments": [
            {
                "id": "P1",
                "invoice_id": "F1",
                "date": "2025-06-02",
                "amount": "600.00",
                "currency": "EUR",
                "method": "transfer",
            },
            {
                "id": "P9",
                "invoice_id": "F2",
                "date": "2025-10-05",
                "amount": "500.00",
                "currency": "EUR",
            },
        ],
        "promises": [
            {
                "id": "PR1",
                "customer_id": "C1",
                "invoice_ids": ["F2"],
                "made_on": "2025-07-12",
                "pay_by": "2025-07-25",
            },
            {
                "id": "PR2",
                "customer_id": "C1",
                "invoice_ids": ["F1"],
                "made_on": "2025-09-25",
                "pay_by": "2025-10-10",
            },
        ],
        "events": events,
    }


@pytest.fixture
def dossier() -> Dossier:
    return handover_dossier(Portfolio.model_validate(data()), "C1", ON, policy=POLICY)


def test_parties_with_their_registration_numbers(dossier: Dossier) -> None:
    assert dossier.creditor.siren == "732829320"
    assert dossier.debtor.siren == "732829320"  # spaces dropped
    assert dossier.debtor.vat_number == "FR44732829320"
    assert dossier.debtor.address == "12 rue du Four, 69002 Lyon"
    assert dossier.jurisdiction == "FR"


def test_open_invoices_instalments_and_later_records_ignored(dossier: Dossier) -> None:
    assert [i.id for i in dossier.invoices] == ["F1", "F2", "F3"]  # F9 issued later
    f1 = dossier.invoices[0]
    assert f1.open_amount == Decimal("600.00")
    assert [(p.due_date, p.open_amount) for p in f1.installments] == [
        (date(2025, 5, 31), Decimal("0.00")),
        (date(2025, 6, 30), Decimal("600.00")),
    ]
    assert dossier.invoices[1].open_amount == Decimal("500.00")  # P9 is after ON
    assert [p.id for p in dossier.payments] == ["P1"]
    assert [c.id for c in dossier.credit_notes] == ["AV1"]


def test_charges_and_limitation_per_invoice(dossier: Dossier) -> None:
    f1 = dossier.invoices[0]
    assert f1.charges is not None
    # The first instalment was paid 2 days late (P1 on 2 June), the second is still
    # open: each bears interest from its own due date on its own 600.
    assert [(p.due_date, p.start, p.days) for p in f1.charges.periods] == [
        (date(2025, 5, 31), date(2025, 6, 1), 2),
        (date(2025, 6, 30), date(2025, 7, 1), 92),
    ]
    assert f1.charges.fixed_compensation == Decimal(40)
    assert f1.limitation is not None
    # The promise PR2 (25 September) acknowledged the debt: a new five years.
    assert (f1.limitation.expires_on, f1.limitation.restarted_by) == (date(2030, 9, 25), "PR2")
    principal = Decimal("600.00") + Decimal("500.00") + Decimal("300.00") - Decimal("50.00")
    assert dossier.totals["EUR"]["principal"] == principal
    assert dossier.totals["EUR"]["total"] == (
        principal
        + sum((i.charges.interest for i in dossier.invoices if i.charges), Decimal(0))
        + Decimal(120)
    )


def test_reminders_formal_notice_promises_and_disputes(dossier: Dossier) -> None:
    assert (dossier.reminders[0].id, dossier.reminders[0].tone) == ("E1", "courteous")
    assert dossier.reminders[1].outcome == "bounced"
    assert dossier.formal_notice is not None
    assert dossier.formal_notice.id == "E3"
    assert dossier.formal_notice.reference == "1A 234 567 8901 2"
    assert dossier.formal_notice.tone == "formal_notice"
    assert [(p.id, p.outcome) for p in dossier.promises] == [("PR1", "broken"), ("PR2", "pending")]
    assert [p.id for p in dossier.broken_promises] == ["PR1"]
    assert [i.id for i in dossier.disputes] == ["F3"]
    assert any("F3 is disputed" in w for w in dossier.warnings)
    assert dossier.missing == ()


def test_cli_refuses_without_a_formal_notice_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "book.json"
    dump_json(Portfolio.model_validate(data(notice=False)), book)
    out = tmp_path / "dossier"
    args = ["handover", str(book), "C1", "--on", ON.isoformat(), "--out", str(out)]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "no formal notice was sent to customer C1" in err
    assert "Traceback" not in err
    assert not out.exists()
    assert main([*args, "--force"]) == 0
    assert "3 open invoices" in capsys.readouterr().out
    assert json.loads((out / "dossier.json").read_text(encoding="utf-8"))["customer_id"] == "C1"
    assert (out / "dossier.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (out / "csv" / "invoices.csv").exists()


def test_cli_writes_a_complete_dossier(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = tmp_path / "book.json"
    dump_json(Portfolio.model_validate(data()), book)
    assert (
        main(["handover", str(book), "C1", "--on", "2025-09-30", "--out", str(tmp_path / "d")]) == 0
    )
    assert "wrote" in capsys.readouterr().out
    assert main(["handover", str(book), "C9", "--on", "2025-09-30", "--out", str(tmp_path)]) == 1
    assert "no customer with id 'C9'" in capsys.readouterr().err


def _due_by_hand(book: Portfolio, invoice_id: str, on: date) -> Decimal:
    """What of an invoice is due on ``on``: each instalment from its own due date."""
    invoice = book.invoice(invoice_id)
    if not invoice.installments:
        return book.open_amount(invoice_id, on) if invoice.due_date <= on else Decimal(0)
    return sum(
        (left for part, left in book.open_installments(invoice_id, on) if part.due_date <= on),
        Decimal(0),
    )


@settings(max_examples=40, deadline=None)
@given(book=portfolios(max_customers=3, max_invoices=4, currencies=("EUR", "GBP")))
def test_a_dossier_accounts_for_every_open_invoice(book: Portfolio) -> None:
    on = date(2026, 6, 15)
    for customer in book.customers:
        result = handover_dossier(book, customer.id, on)
        listed = {i.id: i.open_amount for i in (*result.invoices, *result.credit_notes)}
        for invoice in book.invoices_of(customer.id):
            status, _ = invoice.status_on(on)
            expected = (
                book.open_amount(invoice.id, on)
                if invoice.issue_date <= on and status not in {"paid", "cancelled"}
                else Decimal(0)
            )
            assert listed.get(invoice.id, Decimal(0)) == expected
        for currency, row in result.totals.items():
            assert row["total"] == row["principal"] + row["interest"] + row["fixed_compensation"]
            mine = [i for i in result.invoices if i.currency == currency]
            owed = sum((_due_by_hand(book, i.id, on) for i in mine), Decimal(0))
            credited = sum(
                (c.open_amount for c in result.credit_notes if c.currency == currency), Decimal(0)
            )
            assert row["principal"] == owed - credited  # what is due, nothing later
            later = sum((i.open_amount for i in mine), Decimal(0)) - owed
            assert row["not_yet_due"] == later
        assert "<script" not in result.to_html().lower()


def test_the_dossier_claims_what_is_due_and_lists_the_rest_apart() -> None:
    from tests.handover.test_invoices import _book_with_later_dues  # noqa: PLC0415

    result = handover_dossier(_book_with_later_dues(), "C1", ON, policy=POLICY)
    totals = result.totals["EUR"]
    # F1 600 + F2 500 + F3 300 + the first instalment of F5 (300), less AV1 (50); F4 and
    # two instalments of F5 fall due after ON.
    assert totals["principal"] == Decimal("1650.00")
    assert totals["not_yet_due"] == Decimal("1300.00")
    assert (
        totals["total"] == totals["principal"] + totals["interest"] + totals["fixed_compensation"]
    )
    assert [i.id for i in result.claimed] == ["F1", "F2", "F3", "F5"]
    assert [i.id for i in result.not_yet_due] == ["F5", "F4"]  # by issue date
    page = result.to_html()
    claimed = page.split("Invoices claimed")[1].split("<h2>")[0]
    later = page.split("Open but not yet due (not claimed)")[1].split("<h2>")[0]
    assert "F4" not in claimed
    assert "F4" in later
    assert "2025-10-01" in later  # F5's next instalment
    tables = result.csv_tables()
    assert tables["totals.csv"].splitlines() == [
        "currency,principal,interest,fixed_compensation,total,not_yet_due",
        f"EUR,1650.00,{totals['interest']},{totals['fixed_compensation']},{totals['total']},1300.00",
    ]
    assert "F4" in tables["invoices.csv"]  # every open invoice, with its due part


def test_nothing_due_yet_says_so() -> None:
    book = Portfolio.model_validate(
        {
            "customers": [{"id": "C1", "name": "Early", "country": "FR"}],
            "invoices": [
                {
                    "id": "F1",
                    "customer_id": "C1",
                    "issue_date": "2026-11-01",
                    "due_date": "2026-12-11",
                    "amount": "100.00",
                    "currency": "EUR",
                }
            ],
        }
    )
    result = handover_dossier(book, "C1", date(2026, 11, 23))
    assert result.totals["EUR"]["principal"] == 0
    assert result.totals["EUR"]["total"] == 0
    assert any("nothing due on 2026-11-23 (open but not yet due: F1)" in w for w in result.warnings)
