"""Records checked against each other: references, duplicates, currencies."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from dunningkit import InvalidPortfolioError, Portfolio
from tests.builders import customer, invoice, payment


def problems_of(data: dict[str, Any]) -> set[tuple[str, str, str]]:
    with pytest.raises(InvalidPortfolioError) as caught:
        Portfolio.model_validate(data)
    return {(p.record_type, p.record_id, p.field) for p in caught.value.problems}


def _promise(pid: str, cid: str = "C1", invoices: tuple[str, ...] = (), **extra: Any) -> Any:
    return {
        "id": pid,
        "customer_id": cid,
        "invoice_ids": list(invoices),
        "made_on": "2026-02-01",
        "pay_by": "2026-02-10",
        **extra,
    }


def _two_currency_book(*promises: dict[str, Any]) -> dict[str, Any]:
    return {
        "customers": [customer("C1"), customer("C2")],
        "invoices": [
            invoice("F1"),
            invoice("F2"),
            {**invoice("F3"), "currency": "USD"},
            invoice("F4", cid="C2"),
        ],
        "promises": list(promises),
    }


def test_a_record_that_failed_is_not_reported_again_as_unknown() -> None:
    found = problems_of(
        {
            "customers": [customer()],
            "invoices": [{**invoice(), "currency": "XXX1"}],
            "payments": [payment()],
        }
    )
    assert found == {("invoice", "F1", "currency")}


def test_promise_and_event_references_are_checked() -> None:
    found = problems_of(
        {
            "customers": [customer("C1"), customer("C2")],
            "invoices": [invoice("F1", cid="C1"), invoice("F2", cid="C2")],
            "promises": [
                {
                    "id": "PR1",
                    "customer_id": "C1",
                    "invoice_ids": ["F2"],
                    "made_on": "2026-02-01",
                    "pay_by": "2026-02-10",
                },
                {"id": "PR2", "customer_id": "C3", "made_on": "2026-02-01", "pay_by": "2026-02-10"},
            ],
            "events": [
                {
                    "id": "E1",
                    "customer_id": "C1",
                    "invoice_ids": ["F9"],
                    "date": "2026-02-01",
                    "step_id": "s1",
                    "channel": "email",
                },
            ],
        }
    )
    assert found == {
        ("promise", "PR1", "invoice_ids"),
        ("promise", "PR2", "customer_id"),
        ("event", "E1", "invoice_ids"),
    }


def test_promised_amount_takes_the_currency_its_invoices_share() -> None:
    book = Portfolio.model_validate(
        _two_currency_book(
            _promise("PR1", invoices=("F1", "F2"), amount="150.00"),
            _promise("PR2", cid="C2", amount="100.00"),  # no invoice named: C2's only currency
            _promise("PR3", invoices=("F3",), amount="5", currency="USD"),
            _promise("PR4", invoices=("F1", "F3")),  # no amount, no currency needed
        )
    )
    currencies = {p.id: p.currency for p in book.promises}
    assert currencies == {"PR1": "EUR", "PR2": "EUR", "PR3": "USD", "PR4": None}
    assert book.promises[0].amount == Decimal("150.00")
    assert Portfolio.model_validate(book.model_dump()) == book  # a filled book reloads equal


def test_promised_amount_without_currency_over_several_currencies_is_reported() -> None:
    with pytest.raises(InvalidPortfolioError) as caught:
        Portfolio.model_validate(
            _two_currency_book(
                _promise("PR1", invoices=("F1", "F3"), amount="10"),
                _promise("PR2", amount="10"),  # C1 has EUR and USD invoices
                _promise("PR3", invoices=("F1",), amount="10"),  # fine
            )
        )
    problems = {(p.record_type, p.record_id, p.field): p.message for p in caught.value.problems}
    assert set(problems) == {("promise", "PR1", "currency"), ("promise", "PR2", "currency")}
    assert "promised invoices are in EUR, USD" in problems["promise", "PR1", "currency"]
    assert "names no invoice" in problems["promise", "PR2", "currency"]


def test_promised_amount_of_a_customer_without_invoices_needs_its_currency() -> None:
    found = problems_of({"customers": [customer("C1")], "promises": [_promise("PR1", amount="10")]})
    assert found == {("promise", "PR1", "currency")}
    # An unknown customer is reported once, as an unknown customer.
    found = problems_of(
        {"customers": [customer("C1")], "promises": [_promise("PR1", cid="C9", amount="10")]}
    )
    assert found == {("promise", "PR1", "customer_id")}
