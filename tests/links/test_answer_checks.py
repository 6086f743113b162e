"""What every answer is checked for: the link's purpose, retries, expiry, the invoices."""

from __future__ import annotations

import pytest

from dunningkit import (
    InvalidAnswerError,
    InvalidLink,
    PromiseAnswer,
    apply_answer,
)
from tests.builders import TODAY, Book, d
from tests.links.answering import book, claim


def test_applying_the_same_answer_twice_changes_nothing() -> None:
    link = claim()
    once = apply_answer(book(), link, {"pay_by": d(5)}, today=TODAY)
    assert apply_answer(once, link, {"pay_by": d(5)}, today=TODAY) == once
    assert apply_answer(once, link, {"pay_by": d(5)}, today=d(3)) == once  # a later retry
    with pytest.raises(InvalidAnswerError, match="already answered"):
        apply_answer(once, link, {"pay_by": d(6)}, today=TODAY)


def test_an_answer_must_match_the_links_purpose() -> None:
    with pytest.raises(InvalidAnswerError, match="takes a dispute answer"):
        apply_answer(book(), claim("dispute"), PromiseAnswer(pay_by=d(3)), today=TODAY)
    with pytest.raises(InvalidAnswerError, match="records nothing"):
        apply_answer(book(), claim("contact_me"), {"reason": "call me"}, today=TODAY)


def test_an_expired_link_records_nothing() -> None:
    with pytest.raises(InvalidLink) as caught:
        apply_answer(book(), claim(expires_on=d(-1)), {"pay_by": d(3)}, today=TODAY)
    assert caught.value.reason == "expired"


def test_a_claim_never_reaches_another_customers_invoices() -> None:
    # A host that signed a wrong claim still cannot touch C2's invoice through C1.
    with pytest.raises(InvalidAnswerError, match="not an invoice of C1"):
        apply_answer(book(), claim(invoice_ids=("F3",)), {"pay_by": d(3)}, today=TODAY)
    with pytest.raises(InvalidAnswerError, match="not in the portfolio"):
        apply_answer(book(), claim(invoice_ids=("F9",)), {"pay_by": d(3)}, today=TODAY)


def test_settled_or_locked_invoices_take_no_answer() -> None:
    b = Book().customer("C1", segment="good_payer")
    b.invoice("F1", due=d(-10)).pay("F1", d(-2))
    b.invoice("F2", due=d(-10), status="refused", status_date=d(-5))
    b.invoice("F3", due=d(-10), status="disputed", status_date=d(-5))
    portfolio = b.build()
    with pytest.raises(InvalidAnswerError, match="nothing is left to pay on invoice F1"):
        apply_answer(portfolio, claim("dispute", invoice_ids=("F1",)), {"reason": "x"}, today=TODAY)
    with pytest.raises(InvalidAnswerError, match="F2 is refused"):
        apply_answer(portfolio, claim("dispute", invoice_ids=("F2",)), {"reason": "x"}, today=TODAY)
    with pytest.raises(InvalidAnswerError, match="F3 is disputed"):
        apply_answer(portfolio, claim("pay", invoice_ids=("F3",)), {}, today=TODAY)
