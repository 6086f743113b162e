"""apply_lifecycle: statuses in date order, late news kept in history, collections paid."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

import pytest

from dunningkit import InvoiceStatus, Portfolio
from dunningkit.book._figures import invoice_facts
from dunningkit.einvoicing import (
    FR_STATUSES,
    EInvoiceError,
    LifecycleStatus,
    UnmatchedStatusError,
    apply_lifecycle,
    load_einvoices,
    read_lifecycle,
    read_lifecycles,
    unmatched_statuses,
)
from tests.einvoicing.files import CDAR, FR


@pytest.fixture
def book() -> Portfolio:
    return load_einvoices(FR)


def status(invoice_id: str, code: str, day: date, **extra: object) -> LifecycleStatus:
    known = FR_STATUSES[code]
    return LifecycleStatus(
        invoice_id=invoice_id,
        code=code,
        label=known.label,
        status=known.status,
        date=day,
        reference=f"test {invoice_id} {code} {day}",
        **extra,  # type: ignore[arg-type]
    )


def test_the_messages_of_the_worked_example(book: Portfolio) -> None:
    after = apply_lifecycle(book, read_lifecycles(sorted(CDAR.glob("CDV-*.xml"))))
    disputed = after.invoice("F2026-0101")
    assert disputed.status is InvoiceStatus.DISPUTED
    assert disputed.status_date == date(2026, 10, 20)
    assert [(c.date, c.status) for c in disputed.status_history] == [
        (date(2026, 10, 1), InvoiceStatus.ISSUED),
        (date(2026, 10, 3), InvoiceStatus.RECEIVED),
    ]
    assert disputed.status_history[-1].reference == "CDAR CDV-0101-204: 204"
    paid = after.invoice("F2026-0102")
    assert paid.status is InvoiceStatus.PAID
    assert paid.accepted_amount == Decimal("3000.00")
    assert [c.status for c in paid.status_history] == [
        InvoiceStatus.ISSUED,
        InvoiceStatus.PARTIALLY_ACCEPTED,
    ]
    collected = [
        p for p in after.payments_of("F2026-0102") if p.reference == "CDAR CDV-0102-212: 212"
    ]
    assert [p.amount for p in collected] == [Decimal("2400.00")]
    facts = invoice_facts(paid, after.payments_of("F2026-0102"), date(2026, 10, 14))
    assert facts.open == 0
    assert book.invoice("F2026-0101").status is InvoiceStatus.ISSUED  # the book is not changed


def test_an_older_message_arriving_late_does_not_overwrite_a_newer_one(book: Portfolio) -> None:
    newer = status("F2026-0101", "207", date(2026, 10, 20), reason_code="QTE_ERR")
    older = status("F2026-0101", "205", date(2026, 10, 10))
    first = apply_lifecycle(book, [newer])
    late = apply_lifecycle(first, [older])
    invoice = late.invoice("F2026-0101")
    assert (invoice.status, invoice.status_date) == (InvoiceStatus.DISPUTED, date(2026, 10, 20))
    assert (date(2026, 10, 10), InvoiceStatus.ACCEPTED) in [
        (c.date, c.status) for c in invoice.status_history
    ]
    assert invoice.status_on(date(2026, 10, 15))[0] is InvoiceStatus.ACCEPTED


def test_any_order_of_the_statuses_gives_the_same_book(book: Portfolio) -> None:
    statuses = read_lifecycles(sorted(CDAR.glob("CDV-*.xml")))
    books = {
        apply_lifecycle(book, list(order)).model_dump_json()
        for order in itertools.permutations(statuses)
    }
    assert len(books) == 1


def test_applying_the_same_messages_twice_changes_nothing(book: Portfolio) -> None:
    statuses = read_lifecycles(sorted(CDAR.glob("CDV-*.xml")))
    once = apply_lifecycle(book, statuses)
    assert apply_lifecycle(once, statuses) == once


def test_a_part_collected_is_a_payment_and_the_status_stays(book: Portfolio) -> None:
    part = status("F2026-0101", "212", date(2026, 11, 2), amount=Decimal("500.00"))
    after = apply_lifecycle(book, [part])
    invoice = after.invoice("F2026-0101")
    assert invoice.status is InvoiceStatus.ISSUED
    assert [p.amount for p in after.payments_of("F2026-0101")] == [Decimal("500.00")]
    rest = status("F2026-0101", "212", date(2026, 11, 9), amount=Decimal("700.00"))
    assert apply_lifecycle(after, [rest]).invoice("F2026-0101").status is InvoiceStatus.PAID


def test_a_later_full_approval_clears_the_partial_amount(book: Portfolio) -> None:
    after = apply_lifecycle(
        book,
        [
            status("F2026-0102", "206", date(2026, 9, 20), amount=Decimal("3000.00")),
            status("F2026-0102", "205", date(2026, 9, 25)),
        ],
    )
    invoice = after.invoice("F2026-0102")
    assert (invoice.status, invoice.accepted_amount) == (InvoiceStatus.ACCEPTED, None)


def test_factoring_holds_the_invoice_and_not_factored_lifts_the_hold(book: Portfolio) -> None:
    factored = apply_lifecycle(book, [status("F2026-0101", "225", date(2026, 10, 2))])
    hold = factored.invoice("F2026-0101").hold
    assert hold is not None
    assert hold.since == date(2026, 10, 2)
    assert factored.invoice("F2026-0101").status is InvoiceStatus.ISSUED
    back = apply_lifecycle(factored, [status("F2026-0101", "228", date(2026, 10, 9))])
    assert back.invoice("F2026-0101").hold is None


def test_statuses_for_unknown_invoices_are_reported_never_dropped(book: Portfolio) -> None:
    stray = status("F2026-9999", "205", date(2026, 10, 5)).model_copy(
        update={"source": "stray.xml"}
    )
    with pytest.raises(UnmatchedStatusError) as caught:
        apply_lifecycle(book, [stray])
    (problem,) = caught.value.problems
    assert str(problem) == (
        "stray.xml: invoice 'F2026-9999': status 205 (Approuvée) of 2026-10-05: "
        "no such invoice in the book"
    )
    assert unmatched_statuses(book, [stray]) == [stray]
    assert apply_lifecycle(book, [stray], skip_unknown=True) == book


def test_an_approved_part_above_the_amount_is_refused(book: Portfolio) -> None:
    with pytest.raises(EInvoiceError, match=r"more than the invoice's 1200\.00"):
        apply_lifecycle(
            book, [status("F2026-0101", "206", date(2026, 10, 5), amount=Decimal("1500.00"))]
        )


def test_collections_above_the_amount_are_named_not_recorded(book: Portfolio) -> None:
    first = status("F2026-0101", "212", date(2026, 11, 2), amount=Decimal("1000.00"))
    second = status("F2026-0101", "212", date(2026, 11, 3), amount=Decimal("300.00"))
    with pytest.raises(EInvoiceError) as caught:
        apply_lifecycle(book, [first, second])
    assert len(caught.value.problems) == 2
    assert "the payments would add up to 1300.00, more than the invoice's 1200.00" in str(
        caught.value
    )


def test_an_amount_collected_in_another_currency_is_refused_not_booked(book: Portfolio) -> None:
    # The CDAR message names the amount's currency (currencyID): never mixed with the invoice's.
    text = (CDAR / "CDV-0102-212.xml").read_text(encoding="utf-8")
    usd = text.replace("<ram:ValueAmount>2400.00<", '<ram:ValueAmount currencyID="USD">2400.00<')
    assert usd != text
    (collected,) = read_lifecycle(usd.encode("utf-8"))
    assert (collected.amount, collected.currency) == (Decimal("2400.00"), "USD")
    with pytest.raises(EInvoiceError, match=r"gives 2400\.00 USD, but the invoice is in EUR"):
        apply_lifecycle(book, [collected])
    same = text.replace("<ram:ValueAmount>2400.00<", '<ram:ValueAmount currencyID="EUR">2400.00<')
    (in_euros,) = read_lifecycle(same.encode("utf-8"))
    assert apply_lifecycle(book, [in_euros]).payments_of(in_euros.invoice_id)
