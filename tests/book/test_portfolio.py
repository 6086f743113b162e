from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from dunningkit import InvalidPortfolioError, Portfolio, Problem, UnknownRecordError
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


def test_unknown_section_and_missing_field() -> None:
    found = problems_of({"customers": [{"id": "C1"}], "invoicez": []})
    assert found == {("customer", "C1", "name"), ("portfolio", "-", "invoicez")}


def test_record_without_id_is_named_by_position() -> None:
    found = problems_of({"customers": [customer(), {"name": "no id"}]})
    assert found == {("customer", "#2", "id")}


def test_constructor_checks_like_model_validate() -> None:
    with pytest.raises(InvalidPortfolioError):
        Portfolio(customers=[customer()], invoices=[invoice(cid="nobody")])


def test_lookups_and_unknown_ids() -> None:
    p = Portfolio.model_validate(
        {
            "customers": [customer()],
            "invoices": [invoice("F2", due="2026-03-01"), invoice("F1")],
            "payments": [payment()],
        }
    )
    assert p.customer("C1").name == "Customer C1"
    assert [i.id for i in p.invoices_of("C1")] == ["F1", "F2"]
    assert [x.id for x in p.payments_of("F1")] == ["P1"]
    assert p.invoices_of("C-none") == []
    with pytest.raises(UnknownRecordError, match="no invoice with id 'nope'"):
        p.invoice("nope")
    with pytest.raises(LookupError):
        p.customer("nope")


def test_open_amount_counts_payments_up_to_a_date() -> None:
    p = Portfolio.model_validate(
        {
            "customers": [customer()],
            "invoices": [invoice(amount="100")],
            "payments": [
                payment("P1", amount="30", day="2026-02-01"),
                payment("P2", amount="70", day="2026-03-01"),
            ],
        }
    )
    assert p.open_amount("F1") == Decimal(0)
    assert p.open_amount("F1", on=date(2026, 2, 15)) == Decimal(70)
    assert p.open_amount("F1", on=date(2026, 1, 15)) == Decimal(100)


def test_open_installments_settle_the_oldest_first() -> None:
    plan = [{"due_date": "2026-02-01", "amount": "60"}, {"due_date": "2026-03-01", "amount": "40"}]
    p = Portfolio.model_validate(
        {
            "customers": [customer()],
            "invoices": [invoice(amount="100", installments=plan)],
            "payments": [payment(amount="70")],
        }
    )
    parts = [(i.due_date.month, open_) for i, open_ in p.open_installments("F1")]
    assert parts == [(2, Decimal(0)), (3, Decimal(30))]
    assert p.open_amount("F1") == Decimal(30)


def test_balance_nets_credit_notes_per_currency_and_never_mixes() -> None:
    p = Portfolio.model_validate(
        {
            "customers": [customer()],
            "invoices": [
                invoice("F1", amount="100"),
                invoice("A1", amount="30", kind="credit_note"),
                {**invoice("F2", amount="80"), "currency": "USD"},
            ],
        }
    )
    assert p.balance("C1") == {"EUR": Decimal(70), "USD": Decimal(80)}


def test_model_copy_with_update_is_checked_again() -> None:
    p = Portfolio.model_validate({"customers": [customer()], "invoices": [invoice()]})
    assert p.open_amount("F1") == Decimal(100)
    q = p.model_copy(update={"payments": (payment(amount="40"),)})
    assert q.open_amount("F1") == Decimal(60)
    with pytest.raises(InvalidPortfolioError):
        p.model_copy(update={"payments": (payment(iid="nope"),)})


def test_equal_portfolios_compare_equal_after_lookups() -> None:
    data = {"customers": [customer()], "invoices": [invoice()]}
    a, b = Portfolio.model_validate(data), Portfolio.model_validate(data)
    a.open_amount("F1")
    assert a == b


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
