"""Guarantees of segmentation, stated as properties over generated portfolios."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from dunningkit import Payment, Portfolio, classify_portfolio
from dunningkit.testing import portfolios

TODAY = date(2026, 3, 1)
books = portfolios(max_customers=4, max_invoices=5)


def _sections(book: Portfolio) -> dict[str, list[object]]:
    return {
        name: list(getattr(book, name))
        for name in ("customers", "invoices", "payments", "promises", "events")
    }


@given(books)
def test_classification_is_deterministic(book: Portfolio) -> None:
    assert classify_portfolio(book, TODAY) == classify_portfolio(book, TODAY)


@given(books, st.randoms(use_true_random=False))
def test_classification_does_not_depend_on_record_order(book: Portfolio, rng: object) -> None:
    sections = _sections(book)
    for records in sections.values():
        rng.shuffle(records)  # type: ignore[attr-defined]
    shuffled = Portfolio.model_validate(sections)
    assert classify_portfolio(shuffled, TODAY) == classify_portfolio(book, TODAY)


@given(books)
def test_classification_ignores_what_happens_after_today(book: Portfolio) -> None:
    # Everything dated after the day is cut off: the classification stays the same.
    past = Portfolio.model_validate(
        {
            "customers": book.customers,
            "invoices": [i for i in book.invoices if i.issue_date <= TODAY],
            "payments": [p for p in book.payments if p.date <= TODAY],
            "promises": [p for p in book.promises if p.made_on <= TODAY],
            "events": [e for e in book.events if e.date <= TODAY],
        }
    )
    past_ids = {i.id for i in past.invoices}
    past = past.model_copy(
        update={
            "promises": [p for p in past.promises if set(p.invoice_ids) <= past_ids],
            "events": [e for e in past.events if set(e.invoice_ids) <= past_ids],
        }
    )
    full = classify_portfolio(book, TODAY)
    cut = classify_portfolio(past, TODAY)
    for cid, c in cut.items():
        assert c.segment == full[cid].segment


@given(books, st.integers(1, 90))
def test_paying_later_never_turns_a_bad_payer_into_a_good_payer(
    book: Portfolio, delay: int
) -> None:
    later = book.model_copy(
        update={
            "payments": [
                p.model_copy(update={"date": p.date + timedelta(days=delay)}) for p in book.payments
            ]
        }
    )
    before = classify_portfolio(book, TODAY)
    after = classify_portfolio(later, TODAY)
    for cid, c in before.items():
        if c.segment == "bad_payer":
            assert after[cid].segment != "good_payer"


@given(books)
def test_an_on_time_payment_never_makes_a_good_payer_worse(book: Portfolio) -> None:
    before = classify_portfolio(book, TODAY)
    for invoice in book.invoices:
        if before[invoice.customer_id].segment != "good_payer" or invoice.is_credit_note:
            continue
        open_ = book.open_amount(invoice.id)
        if open_ <= 0 or invoice.due_date > TODAY or invoice.issue_date > TODAY:
            continue
        paid = book.model_copy(
            update={
                "payments": [
                    *book.payments,
                    Payment(
                        id=f"on-time-{invoice.id}",
                        invoice_id=invoice.id,
                        date=invoice.due_date,
                        amount=open_,
                        currency=invoice.currency,
                    ),
                ]
            }
        )
        assert classify_portfolio(paid, TODAY)[invoice.customer_id].segment == "good_payer"
