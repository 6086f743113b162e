"""``explain`` reads labels where a person reads it, ids where a program does."""

from __future__ import annotations

import json

from dunningkit import explain
from tests.builders import TODAY, Book, d
from tests.planning.test_run import GOOD


def book() -> Book:
    return (
        Book()
        .customer(**GOOD)
        .invoice("F1", due=d(-10))
        .invoice("F2", due=d(10))
        .invoice("F3", due=d(-5), status="disputed")
    )


def test_the_text_reads_labels_not_ids() -> None:
    text = str(explain(book().build(), TODAY, "C1"))
    assert "segment: good payer\n" in text
    assert "-> first reminder by email [" in text
    assert "-> no reminder (not due yet)" in text
    # The lines explain writes itself (the reasons come from the rules that decided).
    own = [line for line in text.splitlines() if not line.startswith("  - ")]
    for identifier in ("good_payer", "reminder_1", "not_due"):
        assert not [line for line in own if identifier in line]


def test_the_fields_keep_the_ids() -> None:
    result = explain(book().build(), TODAY, "C1")
    data = json.loads(result.model_dump_json())
    assert data["segment"] == "good_payer"
    by_id = {i["invoice_id"]: i for i in data["invoices"]}
    assert (by_id["F1"]["step_id"], by_id["F1"]["channel"]) == ("reminder_1", "email")
    assert by_id["F2"]["reason"] == "not_due"
