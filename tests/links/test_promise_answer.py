"""A promise answered through a link becomes a PaymentPromise the planner obeys."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dunningkit import (
    InvalidAnswerError,
    InvalidPortfolioError,
    PaymentPromise,
    PromiseAnswer,
    SkipReason,
    answer_id,
    apply_answer,
    next_actions,
)
from tests.builders import TODAY, d
from tests.links.answering import POLICY, book, claim


def test_a_promise_becomes_a_payment_promise_the_planner_obeys() -> None:
    portfolio = book()
    link = claim()
    after = apply_answer(
        portfolio, link, PromiseAnswer(pay_by=d(10), amount=Decimal("1500.00")), today=TODAY
    )
    promise = after.promises[-1]
    assert promise == PaymentPromise(
        id=answer_id(link),
        customer_id="C1",
        invoice_ids=("F1", "F2"),
        made_on=TODAY,
        pay_by=d(10),
        amount=Decimal("1500.00"),
        currency="EUR",
    )
    skipped = {s.invoice_id: s.reason for s in next_actions(after, TODAY, POLICY).skipped}
    assert skipped["F1"] is SkipReason.PROMISE_PENDING
    assert skipped["F2"] is SkipReason.PROMISE_PENDING
    assert portfolio.promises == ()  # the input is untouched


def test_every_problem_of_a_promise_is_reported_at_once() -> None:
    with pytest.raises(InvalidAnswerError) as caught:
        apply_answer(
            book(),
            claim(),
            {"pay_by": d(-1), "amount": "1500.01", "invoice_ids": ["F1", "F2", "F3"]},
            today=TODAY,
        )
    error = caught.value
    assert isinstance(error, InvalidPortfolioError)
    fields = {p.field for p in error.problems}
    assert fields == {"pay_by", "amount", "invoice_ids"}
    text = str(error)
    assert "in the past" in text
    assert "more than is open (1500.00)" in text
    assert "F3 is not among the link's invoices" in text
    assert all(
        p.record_type == "answer" and p.record_id == answer_id(claim()) for p in error.problems
    )


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ({"pay_by": "2026-12-31"}, "more than 90 days"),
        ({"pay_by": "1773619200"}, "YYYY-MM-DD"),
        ({"pay_by": "2026-03-20", "amount": "10.001"}, "more decimals"),
        ({"pay_by": "2026-03-20", "amount": "-5"}, "greater than 0"),
        ({"pay_by": "2026-03-20", "amount": "NaN"}, "amount"),
        ({"pay_by": "2026-03-20", "surprise": "x"}, "not a known field"),
        ({}, "pay_by"),
    ],
)
def test_a_bad_promise_is_refused_with_a_clear_problem(
    answer: dict[str, str], message: str
) -> None:
    with pytest.raises(InvalidAnswerError, match=message):
        apply_answer(book(), claim(), answer, today=TODAY)
