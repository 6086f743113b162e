"""A dispute or 'payment sent' moves the invoices' status, keeping the customer's words."""

from __future__ import annotations

import pytest

from dunningkit import (
    DisputeAnswer,
    InvalidAnswerError,
    InvoiceStatus,
    PaymentSentAnswer,
    SkipReason,
    answer_id,
    apply_answer,
    next_actions,
)
from tests.builders import TODAY, d
from tests.links.answering import POLICY, book, claim


def test_a_dispute_becomes_a_disputed_status_with_its_reason() -> None:
    link = claim("dispute", invoice_ids=("F1",))
    after = apply_answer(
        book(), link, DisputeAnswer(reason="  Goods arrived broken.\r\nSee photos. "), today=TODAY
    )
    invoice = after.invoice("F1")
    assert invoice.status is InvoiceStatus.DISPUTED
    assert invoice.status_date == TODAY
    newest = invoice.status_history[-1]
    assert newest.status is InvoiceStatus.DISPUTED
    assert newest.note == "Goods arrived broken.\nSee photos."
    assert newest.reference == answer_id(link)
    assert invoice.status_on(d(-1))[0] is InvoiceStatus.ACCEPTED  # replays still see the past
    skipped = {s.invoice_id: s.reason for s in next_actions(after, TODAY, POLICY).skipped}
    assert skipped["F1"] is SkipReason.DISPUTED
    assert after.invoice("F2") == book().invoice("F2")
    assert (
        apply_answer(after, link, {"text": "Goods arrived broken.\nSee photos."}, today=TODAY)
        == after
    )
    with pytest.raises(InvalidAnswerError, match="already answered"):
        apply_answer(after, link, {"reason": "something else"}, today=TODAY)


def test_payment_sent_becomes_the_payment_sent_status() -> None:
    link = claim("pay")
    after = apply_answer(book(), link, PaymentSentAnswer(note="VIR 2026-0316"), today=TODAY)
    for invoice_id in ("F1", "F2"):
        invoice = after.invoice(invoice_id)
        assert invoice.status is InvoiceStatus.PAYMENT_SENT
        assert invoice.status_history[-1].note == "VIR 2026-0316"
    skipped = {s.invoice_id: s.reason for s in next_actions(after, TODAY, POLICY).skipped}
    assert skipped["F1"] is SkipReason.PAYMENT_SENT
    assert apply_answer(after, link, {"reference": "VIR 2026-0316"}, today=TODAY) == after


@pytest.mark.parametrize(
    "reason", ["", "   ", "a\x00b", "abc\u202edcba", "zero\u200bwidth", "x" * 2001]
)
def test_a_dispute_reason_must_be_plain_visible_text(reason: str) -> None:
    with pytest.raises(InvalidAnswerError, match="reason"):
        apply_answer(book(), claim("dispute"), {"reason": reason}, today=TODAY)
