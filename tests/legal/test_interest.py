"""Interest periods: the debt's parts, payments settling the oldest first, half-year cuts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from dunningkit import Invoice, Payment
from dunningkit.jurisdictions import France
from dunningkit.legal._interest import days_late, debt_parts, half_year_start, interest_periods


def invoice(**extra: object) -> Invoice:
    fields: dict[str, object] = {
        "id": "F",
        "customer_id": "C",
        "issue_date": date(2025, 1, 1),
        "due_date": date(2025, 5, 31),
        "amount": Decimal(1200),
        "currency": "EUR",
        **extra,
    }
    return Invoice.model_validate(fields)


def paid(day: date, amount: int) -> Payment:
    return Payment(id=f"P{day}", invoice_id="F", date=day, amount=Decimal(amount), currency="EUR")


def test_payments_settle_the_oldest_instalment_from_the_next_day() -> None:
    plan = [
        {"due_date": date(2025, 5, 31), "amount": Decimal(600)},
        {"due_date": date(2025, 6, 30), "amount": Decimal(600)},
    ]
    record = invoice(installments=plan)
    parts = debt_parts(record, record.amount, [paid(date(2025, 6, 2), 700)], date(2025, 9, 30))
    assert [(p.due, p.reductions) for p in parts] == [
        (date(2025, 5, 31), [(date(2025, 6, 3), Decimal(600))]),
        (date(2025, 6, 30), [(date(2025, 6, 3), Decimal(100))]),
    ]
    assert days_late(parts, date(2025, 9, 30)) == 122  # the first part was paid late


def test_a_paid_status_without_payments_settles_on_its_date() -> None:
    record = invoice(status="paid", status_date=date(2025, 6, 10))
    (part,) = debt_parts(record, record.amount, [], date(2025, 9, 30))
    assert part.reductions == [(date(2025, 6, 11), Decimal(1200))]


def test_periods_cut_at_the_half_year_and_at_payments() -> None:
    record = invoice()
    on = date(2025, 7, 20)
    parts = debt_parts(record, record.amount, [paid(date(2025, 7, 9), 200)], on)
    rules = France()
    periods, uncovered = interest_periods(rules, rules.rate_table(), parts, on, Decimal(10))
    assert [(p.start, p.end, p.base) for p in periods] == [
        (date(2025, 6, 1), date(2025, 6, 30), Decimal(1200)),
        (date(2025, 7, 1), date(2025, 7, 9), Decimal(1200)),
        (date(2025, 7, 10), date(2025, 7, 20), Decimal(1000)),
    ]
    assert uncovered == []
    assert half_year_start(date(2025, 7, 20)) == date(2025, 7, 1)
    assert interest_periods(rules, None, parts, on, None) == ([], [])
