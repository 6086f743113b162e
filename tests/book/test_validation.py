"""Problems in plain words: every problem at once, each naming its record and field."""

from __future__ import annotations

from typing import Any

import pytest

from dunningkit import InvalidPortfolioError, Portfolio, Problem
from tests.builders import customer, invoice, payment


def problems_of(data: dict[str, Any]) -> set[tuple[str, str, str]]:
    with pytest.raises(InvalidPortfolioError) as caught:
        Portfolio.model_validate(data)
    return {(p.record_type, p.record_id, p.field) for p in caught.value.problems}


def test_every_problem_is_reported_at_once_with_record_and_field() -> None:
    found = problems_of(
        {
            "customers": [customer("C1"), customer("C1"), customer("C2", country="XX")],
            "invoices": [
                invoice("F1", cid="C9"),
                invoice("F2", issue="2026-02-01", due="2026-01-01"),
                {**invoice("F3"), "currency": "EURO"},
                invoice("F4", installments=[{"due_date": "2026-02-01", "amount": "10"}]),
                invoice("F5", amount="50"),
            ],
            "payments": [
                payment("P1", iid="F404"),
                {**payment("P2", iid="F5"), "currency": "USD"},
                payment("P3", iid="F5", amount="60"),
            ],
        }
    )
    assert found == {
        ("customer", "C1", "id"),
        ("customer", "C2", "country"),
        ("invoice", "F1", "customer_id"),
        ("invoice", "F2", "due_date"),
        ("invoice", "F3", "currency"),
        ("invoice", "F4", "installments"),
        ("invoice", "F5", "amount"),
        ("payment", "P1", "invoice_id"),
        ("payment", "P2", "currency"),
    }


def test_error_message_names_record_field_and_fault() -> None:
    with pytest.raises(InvalidPortfolioError) as caught:
        Portfolio.model_validate(
            {
                "customers": [customer()],
                "invoices": [invoice(amount="50")],
                "payments": [payment(amount="60")],
            }
        )
    text = str(caught.value)
    assert "invoice F1, field amount" in text
    assert "overpaid by 10" in text
    assert caught.value.problems == (
        Problem("invoice", "F1", "amount", caught.value.problems[0].message),
    )


def test_unknown_section_and_missing_field() -> None:
    found = problems_of({"customers": [{"id": "C1"}], "invoicez": []})
    assert found == {("customer", "C1", "name"), ("portfolio", "-", "invoicez")}


def test_record_without_id_is_named_by_position() -> None:
    found = problems_of({"customers": [customer(), {"name": "no id"}]})
    assert found == {("customer", "#2", "id")}
