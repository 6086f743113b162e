"""The worked example of docs/analytics.md: one customer, five invoices, a credit note."""

from datetime import date
from decimal import Decimal

from dunningkit import Portfolio, aging, cei, collection_rate, dso, kpis

# fmt: off
book = Portfolio.model_validate({
    "customers": [{"id": "C1", "name": "Boulangerie Dupont", "country": "FR"}],
    "invoices": [
        {"id": "F1", "customer_id": "C1", "currency": "EUR", "amount": "1000.00",
         "issue_date": "2025-12-01", "due_date": "2026-01-15"},
        {"id": "F2", "customer_id": "C1", "currency": "EUR", "amount": "500.00",
         "issue_date": "2026-02-10", "due_date": "2026-03-12"},
        {"id": "F3", "customer_id": "C1", "currency": "EUR", "amount": "300.00",
         "issue_date": "2026-03-01", "due_date": "2026-03-31"},
        {"id": "F4", "customer_id": "C1", "currency": "EUR", "amount": "200.00",
         "issue_date": "2025-10-01", "due_date": "2025-11-01"},
        {"id": "F6", "customer_id": "C1", "currency": "EUR", "amount": "700.00",
         "issue_date": "2026-01-10", "due_date": "2026-02-09"},
        {"id": "CN1", "customer_id": "C1", "currency": "EUR", "amount": "50.00",
         "kind": "credit_note", "issue_date": "2026-03-05", "due_date": "2026-03-05"},
    ],
    "payments": [
        {"id": "P1", "invoice_id": "F1", "date": "2026-02-01", "amount": "400.00",
         "currency": "EUR"},
        {"id": "P2", "invoice_id": "F2", "date": "2026-03-14", "amount": "100.00",
         "currency": "EUR"},
        {"id": "P3", "invoice_id": "F6", "date": "2026-02-20", "amount": "700.00",
         "currency": "EUR"},
    ],
})
# fmt: on
on = date(2026, 3, 16)
start = date(2026, 2, 14)

(row,) = aging(book, on).rows
print(row.not_due, row.overdue, row.total)
# 250.00 (Decimal('400.00'), Decimal('600.00'), Decimal('0'), Decimal('200.00')) 1450.00

print(dso(book, on))  # {'EUR': Decimal('87.0')}
print(cei(book, start, on))  # {'EUR': Decimal('41.5')}
print(collection_rate(book, start, on))  # {'EUR': Decimal('40.0')}
print(kpis(book, on).to_json())  # every headline figure, as JSON

assert row.total == Decimal("1450.00")
assert dso(book, on) == {"EUR": Decimal("87.0")}
assert cei(book, start, on) == {"EUR": Decimal("41.5")}
assert collection_rate(book, start, on) == {"EUR": Decimal("40.0")}
