"""Step effectiveness: what each reminder step achieved, computed by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from dunningkit import (
    Channel,
    Portfolio,
    step_effectiveness,
)
from tests.builders import TODAY, Book

D = Decimal


def effect_book() -> Portfolio:
    book = Book().customer("C1").customer("C2")
    book.invoice("A", "C1", due=date(2026, 1, 15))
    book.invoice("B", "C1", due=date(2026, 2, 5))
    book.pay("B", date(2026, 2, 20))  # 8 days after its reminder
    book.invoice("C", "C2", due=date(2026, 2, 10))
    book.pay("C", date(2026, 2, 28))  # 15 days after its reminder: too late to count
    book.invoice("E", "C2", due=date(2026, 2, 20))
    book.pay("E", date(2026, 3, 1))  # 4 days after the reminder
    book.invoice("F", "C2", due=date(2026, 3, 10))
    book.event("C1", ["A"], "reminder_1", date(2026, 1, 20))
    book.event("C1", ["B"], "reminder_1", date(2026, 2, 12))
    book.event("C2", ["C", "E"], "reminder_1", date(2026, 2, 13))
    book.event("C1", ["B"], "reminder_1", date(2026, 2, 15))  # B again: counted once
    book.event("C2", ["E"], "call", date(2026, 2, 25), channel="phone")
    book.event("C2", ["F"], "reminder_1", date(2026, 3, 13))  # window still open
    book.event("C2", ["F"], "call", date(2026, 2, 1), channel="phone", outcome="failed")
    book.event("C1", ["A"], "pre_due", date(2026, 1, 10))
    events = [
        {**e, "scenario_id": "bad_payer" if e["step_id"] == "pre_due" else "good_payer"}
        for e in book.events
    ]
    book.events = events
    return book.build()


def test_step_effectiveness_by_hand() -> None:
    effects = step_effectiveness(effect_book(), TODAY)
    assert [
        (e.scenario_id, e.step_id, e.channel, e.contacts, e.invoices, e.paid_within)
        for e in effects
    ] == [
        ("bad_payer", "pre_due", Channel.EMAIL, 1, 1, 0),
        # good_payer: reminder_1 (position 0) before call (position 2).
        ("good_payer", "reminder_1", Channel.EMAIL, 4, 4, 1),
        ("good_payer", "call", Channel.PHONE, 1, 1, 1),
    ]
    # A never paid, B paid 8 days after its first reminder, C 15 and E 16 days after.
    reminder = effects[1]
    assert reminder.rate == D("0.250")
    assert reminder.median_days_to_pay == D("8.0")
    call = effects[2]
    assert call.rate == D("1.000")
    assert call.median_days_to_pay == D("4.0")
    assert effects[0].median_days_to_pay is None


def test_step_effectiveness_window_decides_what_counts() -> None:
    effects = step_effectiveness(effect_book(), TODAY, window_days=30)
    reminder = next(e for e in effects if e.step_id == "reminder_1")
    # With 30 days only reminders up to 2026-02-14 count (B's second one does not);
    # C (15 days) and E (16 days) now count as paid within.
    assert (reminder.contacts, reminder.invoices, reminder.paid_within) == (3, 4, 3)
    assert reminder.rate == D("0.750")
    assert reminder.median_days_to_pay == D("15.0")
    assert not [e for e in effects if e.step_id == "call"]  # its window is still open
