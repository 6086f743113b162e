"""The portfolio's record API: lookups, figures, copies, equality."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dunningkit import InvalidPortfolioError, Portfolio, UnknownRecordError
from tests.builders import customer, invoice, payment


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
