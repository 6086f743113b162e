"""Following a policy day after day records what each plan sent."""

from __future__ import annotations

from datetime import date

from dunningkit.testing import simulate
from tests.builders import Book, d


def test_each_day_sees_the_history_of_the_days_before() -> None:
    book = Book().customer("C1", segment="good_payer")
    book.invoice("F1", due=d(-20))
    days = list(simulate(book.build(), start=date(2026, 3, 16), days=4, every=2))
    assert [day for day, _, _ in days] == [date(2026, 3, 16), date(2026, 3, 18), date(2026, 3, 20)]
    first_plan, later_book = days[0][1], days[1][2]
    sent = [a for a in first_plan.actions if a.scheduled_for <= date(2026, 3, 16)]
    assert sent
    assert len(later_book.events) == len(sent)
