"""Guarantees of the analytics, stated as properties over generated portfolios."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from dunningkit import (
    InvoiceStatus,
    Portfolio,
    aging,
    best_possible_dso,
    cei,
    classify_portfolio,
    collection_rate,
    days_to_pay,
    dispute_rate,
    dso,
    kpis,
    step_effectiveness,
    trend,
)
from dunningkit.analytics import regroup
from dunningkit.book._figures import invoice_facts
from dunningkit.testing import portfolios

books = portfolios(max_customers=4, max_invoices=5, currencies=("EUR", "GBP"))
days = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 1, 1))
# Statuses under which the portfolio's own balance and the receivables agree: no
# cancelled invoice, no "paid" mark without a payment, no partial acceptance.
PLAIN = tuple(
    s
    for s in InvoiceStatus
    if s not in {InvoiceStatus.CANCELLED, InvoiceStatus.PAID, InvoiceStatus.PARTIALLY_ACCEPTED}
)
plain_books = portfolios(max_customers=4, max_invoices=5, currencies=("EUR", "GBP"), statuses=PLAIN)


def _balances(book: Portfolio, on: date) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for customer in book.customers:
        for currency, amount in book.balance(customer.id, on).items():
            totals[currency] = totals.get(currency, Decimal(0)) + amount
    return {c: a for c, a in totals.items() if a}


@given(plain_books, days)
def test_aging_totals_equal_the_open_balance_per_currency(book: Portfolio, on: date) -> None:
    result = aging(book, on)
    assert {c: a for c, a in result.totals().items() if a} == _balances(book, on)
    for row in result.rows:
        assert row.total == row.not_due + sum(row.overdue, Decimal(0))


@given(plain_books, days)
def test_aging_per_customer_is_each_customers_balance(book: Portfolio, on: date) -> None:
    for row in aging(book, on, by="customer").rows:
        assert row.total == book.balance(row.key, on)[row.currency]


@given(books, days)
def test_every_grouping_adds_up_to_the_same_totals(book: Portfolio, on: date) -> None:
    whole = aging(book, on).totals()
    by_customer = aging(book, on, by="customer")
    assert by_customer.totals() == whole
    by_segment = aging(book, on, by="segment")
    assert by_segment.totals() == whole
    segments = {cid: c.segment for cid, c in classify_portfolio(book, on).items()}
    assert regroup(by_customer, segments) == by_segment
    assert all(amount >= 0 for row in aging(book, on).rows for amount in row.overdue)


def _cut(book: Portfolio, on: date) -> Portfolio:
    """The book as it stood on ``on``: every record dated later left out."""
    invoices = [i for i in book.invoices if i.issue_date <= on]
    ids = {i.id for i in invoices}
    return Portfolio.model_validate(
        {
            "customers": book.customers,
            "invoices": invoices,
            "payments": [p for p in book.payments if p.date <= on and p.invoice_id in ids],
            "promises": [p for p in book.promises if p.made_on <= on and set(p.invoice_ids) <= ids],
            "events": [e for e in book.events if e.date <= on and set(e.invoice_ids) <= ids],
        }
    )


@given(books, days)
def test_figures_as_of_a_day_ignore_every_later_record(book: Portfolio, on: date) -> None:
    past = _cut(book, on)
    assert kpis(past, on) == kpis(book, on)
    assert aging(past, on, by="customer") == aging(book, on, by="customer")
    assert step_effectiveness(past, on) == step_effectiveness(book, on)
    assert trend(past, on - timedelta(days=70), on) == trend(book, on - timedelta(days=70), on)


@given(
    portfolios(max_customers=4, max_invoices=5, currencies=("EUR", "GBP"), credit_notes=False),
    days,
    st.integers(1, 200),
)
def test_cei_and_collection_rate_stay_between_0_and_100(
    book: Portfolio, end: date, length: int
) -> None:
    # Overpayment is refused when a portfolio is built, and without credit notes no
    # customer is owed money: nothing is overpaid. (A refunded credit note raises the
    # net receivables, and can take CEI below 0.)
    start = end - timedelta(days=length)
    for value in cei(book, start, end).values():
        assert Decimal(0) <= value <= Decimal(100)
    for value in collection_rate(book, start, end).values():
        assert Decimal(0) <= value <= Decimal(100)


@given(books, days)
def test_best_possible_dso_never_exceeds_dso_for_positive_receivables(
    book: Portfolio, on: date
) -> None:
    overdue = aging(book, on).rows
    best = best_possible_dso(book, on)
    for currency, value in dso(book, on).items():
        if all(sum(r.overdue, Decimal(0)) >= 0 for r in overdue if r.currency == currency):
            assert best[currency] <= value


@given(books, days, st.integers(1, 120))
def test_kpis_in_one_pass_agree_with_each_function(book: Portfolio, on: date, window: int) -> None:
    # kpis takes a fast path for the usual invoice; it must give the same figures.
    found = kpis(book, on, days=window)
    start = on - timedelta(days=window)
    assert found.dso == dso(book, on, days=window)
    assert found.best_possible_dso == best_possible_dso(book, on, days=window)
    assert found.cei == cei(book, start, on)
    assert found.collection_rate == collection_rate(book, start, on)
    assert found.dispute_rate == dispute_rate(book, on)
    assert found.receivables == {
        c: a for c, a in aging(book, on).totals().items() if c in found.receivables
    }


@given(books, days, st.sampled_from(["month", "week"]))
def test_each_trend_point_is_the_figure_of_its_day(book: Portfolio, end: date, every: str) -> None:
    # trend takes one pass over the invoices for every day; each day must agree.
    points = trend(book, end - timedelta(days=100), end, every)
    for point in points:
        assert point.dso == dso(book, point.on).get(point.currency)
        assert point.receivables == aging(book, point.on).totals().get(point.currency, Decimal(0))
        rows = [r for r in aging(book, point.on).rows if r.currency == point.currency]
        overdue = sum((sum(r.overdue, Decimal(0)) for r in rows), Decimal(0))
        assert point.overdue == overdue


@given(books, days)
def test_days_to_pay_counts_what_the_planners_facts_say_was_paid(book: Portfolio, on: date) -> None:
    # Oracle: the planner's own facts of each invoice on that day.
    segments = {cid: c.segment for cid, c in classify_portfolio(book, on).items()}
    expected: dict[str, list[int]] = {}
    for invoice in book.invoices:
        if invoice.is_credit_note or invoice.issue_date > on:
            continue
        f = invoice_facts(invoice, book.payments_of(invoice.id), on)
        if f.payments and f.settled_on is not None and on - timedelta(days=365) < f.settled_on:
            days_ = (f.settled_on - invoice.issue_date).days
            expected.setdefault(segments[invoice.customer_id], []).append(days_)
    found = {d.segment: d for d in days_to_pay(book, on)}
    assert found.keys() == expected.keys()
    for segment, values in expected.items():
        assert found[segment].invoices == len(values)
        assert found[segment].max == max(values)
