"""Answers as hosts receive them: form data, named kinds, shorthands."""

from __future__ import annotations

from datetime import date

import pytest

from dunningkit import (
    InvalidAnswerError,
    InvoiceStatus,
    apply_answer,
)
from tests.builders import TODAY, d
from tests.links.answering import book, claim


def test_form_data_is_read_as_the_links_kind_of_answer() -> None:
    after = apply_answer(
        book(), claim(), {"date": "2026-03-20", "invoice_ids": ["F2"]}, today=TODAY
    )
    assert after.promises[-1].pay_by == date(2026, 3, 20)
    assert after.promises[-1].invoice_ids == ("F2",)
    assert after.promises[-1].amount is None


@pytest.mark.parametrize(
    ("purpose", "answer"),
    [
        ("promise", {"promise": {"date": "2026-03-20", "amount": "100.00"}}),
        ("promise", {"answer": "promise", "pay_by": "2026-03-20"}),
        ("dispute", {"dispute": "Not ordered"}),
        ("dispute", {"type": "dispute", "text": "Not ordered"}),
        ("pay", {"kind": "payment sent"}),
        ("pay", {"answer": "paid", "reference": "VIR-1"}),
        ("pay", {"payment_sent": "VIR-1"}),
        ("pay", {}),
    ],
)
def test_form_data_may_name_its_answer_in_the_usual_ways(
    purpose: str, answer: dict[str, object]
) -> None:
    after = apply_answer(book(), claim(purpose), answer, today=TODAY)
    assert after != book()


def test_an_unknown_kind_of_answer_is_named() -> None:
    with pytest.raises(InvalidAnswerError, match="kind"):
        apply_answer(book(), claim(), {"kind": "refund"}, today=TODAY)


def test_bare_answers_read_as_the_links_answer() -> None:
    promised = apply_answer(book(), claim(), d(4), today=TODAY)
    assert promised.promises[-1].pay_by == d(4)
    disputed = apply_answer(book(), claim("dispute"), "Never delivered", today=TODAY)
    assert disputed.invoice("F1").status_history[-1].note == "Never delivered"
    sent = apply_answer(book(), claim("pay"), "payment_sent", today=TODAY)
    assert sent.invoice("F2").status is InvoiceStatus.PAYMENT_SENT
    with pytest.raises(InvalidAnswerError, match="not an answer"):
        apply_answer(book(), claim(), "tomorrow", today=TODAY)
