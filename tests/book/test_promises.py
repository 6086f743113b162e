"""One promise rule: which documents a promise covers, when it runs, and when it is broken.

The planner, the payer profile, ``promise_kept_rate``, the dossier and the back-test
read it from one place; these tests pin its meaning and that the readers agree.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from dunningkit import (
    PaymentPromise,
    default_policy,
    payer_profile,
    promise_kept_rate,
)
from dunningkit.book import DEFAULT_PROMISE_GRACE_DAYS, promise_outcome
from tests.builders import TODAY, Book

MADE = date(2026, 2, 1)
PAY_BY = date(2026, 2, 10)


def _promise(invoice_ids: tuple[str, ...] = ()) -> PaymentPromise:
    return PaymentPromise(
        id="P1", customer_id="C1", invoice_ids=invoice_ids, made_on=MADE, pay_by=PAY_BY
    )


def test_a_promise_naming_invoices_covers_those_only() -> None:
    promise = _promise(("A",))
    assert promise.covers("A", date(2026, 3, 1))
    assert not promise.covers("B", date(2026, 1, 1))


def test_a_promise_naming_none_covers_what_was_issued_by_the_day_it_was_made() -> None:
    promise = _promise()
    assert promise.covers("A", MADE)
    assert not promise.covers("B", MADE + timedelta(days=1))


def test_a_promise_runs_from_the_day_it_is_made_to_its_deadline() -> None:
    promise = _promise()
    assert not promise.running_on(MADE - timedelta(days=1), 2)
    assert promise.running_on(MADE, 2)
    assert promise.running_on(PAY_BY + timedelta(days=2), 2)
    assert not promise.running_on(PAY_BY + timedelta(days=3), 2)


def test_the_grace_has_one_default_everywhere() -> None:
    assert default_policy().promise_grace_days == DEFAULT_PROMISE_GRACE_DAYS == 2


def _book(paid_on: date | None) -> Book:
    book = Book().customer("C1").invoice("A", "C1", due=date(2026, 1, 31))
    if paid_on is not None:
        book.pay("A", paid_on)
    return book.promise("C1", ["A"], MADE, PAY_BY)


def test_a_payment_inside_the_grace_keeps_the_promise_for_every_reader() -> None:
    # The case users met: paid one day late inside the 2-day grace was broken for the
    # payer profile (which feeds at_risk) and kept for promise_kept_rate.
    book = _book(PAY_BY + timedelta(days=1)).build()
    facts = [book.facts("A", TODAY)]
    assert promise_outcome(book.promises[0], facts, TODAY, 2) == "kept"
    assert payer_profile("C1", book, TODAY).broken_promises_12m == 0
    assert promise_kept_rate(book, TODAY) == 1


def test_a_payment_after_the_grace_breaks_the_promise_for_every_reader() -> None:
    book = _book(PAY_BY + timedelta(days=3)).build()
    facts = [book.facts("A", TODAY)]
    assert promise_outcome(book.promises[0], facts, TODAY, 2) == "broken"
    assert payer_profile("C1", book, TODAY).broken_promises_12m == 1
    assert promise_kept_rate(book, TODAY) == 0


def test_a_promise_is_pending_until_its_deadline_has_passed() -> None:
    book = _book(None).build()
    promise = book.promises[0]
    on_deadline = promise.deadline(2)
    assert promise_outcome(promise, [book.facts("A", on_deadline)], on_deadline, 2) == "pending"
    after = on_deadline + timedelta(days=1)
    assert promise_outcome(promise, [book.facts("A", after)], after, 2) == "broken"


@given(
    paid_after=st.none() | st.integers(min_value=-5, max_value=10),
    grace=st.integers(min_value=0, max_value=5),
    named=st.booleans(),
)
def test_the_profile_and_the_kept_rate_agree(
    paid_after: int | None, grace: int, named: bool
) -> None:
    book = Book().customer("C1").invoice("A", "C1", due=date(2026, 1, 31))
    if paid_after is not None:
        book.pay("A", PAY_BY + timedelta(days=paid_after))
    built = book.promise("C1", ["A"] if named else [], MADE, PAY_BY).build()
    broken = payer_profile("C1", built, TODAY, promise_grace_days=grace).broken_promises_12m
    rate = promise_kept_rate(built, TODAY, grace_days=grace)
    assert rate is not None
    assert broken == (1 if rate == 0 else 0)
