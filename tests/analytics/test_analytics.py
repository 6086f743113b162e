"""Each analytics figure against an example computed by hand (see docs/analytics.md)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from dunningkit import (
    AgingRow,
    AnalyticsError,
    Channel,
    Portfolio,
    aging,
    average_days_delinquent,
    best_possible_dso,
    cei,
    collection_rate,
    days_to_pay,
    dispute_rate,
    dso,
    kpis,
    next_actions,
    open_parts,
    promise_kept_rate,
    step_effectiveness,
    trend,
    workload,
)
from tests.builders import TODAY, Book

D = Decimal
START = date(2026, 2, 14)  # 30 days before TODAY (2026-03-16)


def main_book() -> Portfolio:
    """The worked example of docs/analytics.md."""
    book = Book().customer("C1").customer("C2")
    book.invoice("F1", due=date(2026, 1, 15), issued=date(2025, 12, 1), amount="1000.00")
    book.pay("F1", date(2026, 2, 1), "400.00")
    book.invoice("F2", due=date(2026, 3, 12), issued=date(2026, 2, 10), amount="500.00")
    book.pay("F2", date(2026, 3, 14), "100.00")
    book.invoice("F3", due=date(2026, 3, 31), issued=date(2026, 3, 1), amount="300.00")
    book.invoice("F4", due=date(2025, 11, 1), issued=date(2025, 10, 1), amount="200.00")
    book.invoice(
        "CN1", due=date(2026, 3, 5), issued=date(2026, 3, 5), amount="50.00", kind="credit_note"
    )
    book.invoice(
        "F5", due=date(2026, 3, 1), issued=date(2026, 2, 1), amount="999.00", status="cancelled"
    )
    book.invoice("F6", due=date(2026, 2, 9), issued=date(2026, 1, 10), amount="700.00")
    book.pay("F6", date(2026, 2, 20))
    book.invoice(
        "G1", "C2", due=date(2026, 2, 19), issued=date(2026, 1, 20), amount="800.00", currency="GBP"
    )
    return book.build()


# -- aging ---------------------------------------------------------------------------


def test_aging_puts_each_open_amount_in_its_bucket() -> None:
    result = aging(main_book(), TODAY)
    assert result.rows == [
        # F3 300 not due, CN1 -50 netted there; F2 400 (4 days), F1 600 (60 days),
        # F4 200 (135 days); F5 cancelled and F6 paid count nowhere.
        AgingRow(
            key="all",
            currency="EUR",
            not_due=D("250.00"),
            overdue=(D("400.00"), D("600.00"), D(0), D("200.00")),
            total=D("1450.00"),
        ),
        AgingRow(
            key="all",
            currency="GBP",
            not_due=D(0),
            overdue=(D("800.00"), D(0), D(0), D(0)),
            total=D("800.00"),
        ),
    ]
    assert result.labels == ("not due", "1-30", "31-60", "61-90", "over 90")
    assert result.totals() == {"EUR": D("1450.00"), "GBP": D("800.00")}


def test_aging_by_customer_and_custom_buckets() -> None:
    result = aging(main_book(), TODAY, buckets=(7, 90), by="customer")
    assert [(r.key, r.currency, r.not_due, r.overdue, r.total) for r in result.rows] == [
        ("C1", "EUR", D("250.00"), (D("400.00"), D("600.00"), D("200.00")), D("1450.00")),
        ("C2", "GBP", D(0), (D(0), D("800.00"), D(0)), D("800.00")),
    ]
    assert result.labels == ("not due", "1-7", "8-90", "over 90")


def test_an_amount_due_today_is_not_overdue_and_due_yesterday_is_one_day_late() -> None:
    book = (
        Book()
        .customer()
        .invoice("A", due=TODAY, amount="10.00")
        .invoice("B", due=TODAY - timedelta(days=1), amount="20.00")
        .invoice("C", due=TODAY - timedelta(days=30), amount="30.00")
        .invoice("D", due=TODAY - timedelta(days=31), amount="40.00")
        .build()
    )
    (row,) = aging(book, TODAY).rows
    assert row.not_due == D("10.00")
    assert row.overdue == (D("50.00"), D("40.00"), D(0), D(0))


def test_aging_by_segment_uses_the_planners_classification() -> None:
    book = (
        Book()
        .customer("K", segment="key_account")
        .customer("B", segment="bad_payer")
        .invoice("K1", "K", due=TODAY - timedelta(days=45), amount="100.00")
        .invoice("B1", "B", due=TODAY + timedelta(days=5), amount="70.00")
        .build()
    )
    result = aging(book, TODAY, by="segment")
    assert [(r.key, r.not_due, r.overdue[1]) for r in result.rows] == [
        ("bad_payer", D("70.00"), D(0)),
        ("key_account", D(0), D("100.00")),
    ]


def test_instalments_age_from_their_own_due_dates() -> None:
    book = (
        Book()
        .customer()
        .invoice(
            "I1",
            due=date(2026, 3, 31),
            issued=date(2026, 1, 1),
            amount="900.00",
            installments=[
                {"due_date": "2026-01-31", "amount": "300.00"},
                {"due_date": "2026-02-28", "amount": "300.00"},
                {"due_date": "2026-03-31", "amount": "300.00"},
            ],
        )
        .pay("I1", date(2026, 2, 5), "400.00")
        .build()
    )
    # 400 paid: the first instalment settled, 100 off the second (200 open, 16 days late).
    invoice = book.invoice("I1")
    assert open_parts(invoice, book.payments_of("I1"), TODAY) == (
        (date(2026, 2, 28), D("200.00")),
        (date(2026, 3, 31), D("300.00")),
    )
    (row,) = aging(book, TODAY).rows
    assert row.not_due == D("300.00")
    assert row.overdue == (D("200.00"), D(0), D(0), D(0))


def test_only_the_accepted_part_is_open() -> None:
    book = (
        Book()
        .customer()
        .invoice(
            "P1",
            due=date(2026, 3, 1),
            amount="1000.00",
            status="partially_accepted",
            accepted_amount="600.00",
        )
        .pay("P1", date(2026, 3, 5), "100.00")
        .build()
    )
    (row,) = aging(book, TODAY).rows
    assert row.total == D("500.00")
    assert book.open_amount("P1", TODAY) == D("500.00")  # one definition, everywhere


def test_open_parts_are_empty_before_issue_and_after_full_payment() -> None:
    book = main_book()
    f6 = book.invoice("F6")
    assert open_parts(f6, book.payments_of("F6"), date(2026, 1, 9)) == ()
    assert open_parts(f6, book.payments_of("F6"), date(2026, 2, 19)) == (
        (date(2026, 2, 9), D("700.00")),
    )
    assert open_parts(f6, book.payments_of("F6"), date(2026, 2, 20)) == ()
    cn1 = book.invoice("CN1")
    assert open_parts(cn1, (), TODAY) == ((date(2026, 3, 5), D("-50.00")),)


def test_aging_refuses_unknown_grouping_and_bad_buckets() -> None:
    with pytest.raises(AnalyticsError, match="by='country'"):
        aging(main_book(), TODAY, by="country")  # type: ignore[arg-type]
    with pytest.raises(AnalyticsError, match="increasing"):
        aging(main_book(), TODAY, buckets=(60, 30))
    with pytest.raises(ValueError, match="increasing"):  # also a ValueError
        aging(main_book(), TODAY, buckets=())


def test_aging_to_dict_is_json_ready() -> None:
    data = aging(main_book(), TODAY).to_dict()
    assert data["on"] == "2026-03-16"
    assert data["rows"][0]["overdue"] == ["400.00", "600.00", "0", "200.00"]


# -- DSO ------------------------------------------------------------------------------


def test_dso_over_90_days() -> None:
    # Sales issued 2025-12-17..2026-03-16: F2 500 + F3 300 + F6 700 = 1500 (F5 cancelled,
    # F1 issued before, CN1 a credit note); receivables 1450: 1450 / 1500 x 90 = 87.0.
    # GBP: 800 / 800 x 90.
    assert dso(main_book(), TODAY) == {"EUR": D("87.0"), "GBP": D("90.0")}
    assert best_possible_dso(main_book(), TODAY) == {"EUR": D("15.0"), "GBP": D("0.0")}
    assert average_days_delinquent(main_book(), TODAY) == {"EUR": D("72.0"), "GBP": D("90.0")}


def test_dso_rounds_half_up_to_a_tenth() -> None:
    # 60 days: sales F2 500 + F3 300 = 800 (F6 issued 2026-01-10 is out of the window).
    # 1450 x 60 / 800 = 108.75 -> 108.8; 250 x 60 / 800 = 18.75 -> 18.8.
    book = main_book()
    assert dso(book, TODAY, days=60)["EUR"] == D("108.8")
    assert best_possible_dso(book, TODAY, days=60)["EUR"] == D("18.8")
    assert average_days_delinquent(book, TODAY, days=60)["EUR"] == D("90.0")


def test_dso_leaves_out_currencies_without_sales() -> None:
    # Nothing issued in the last 7 days but the credit note: no DSO at all.
    assert dso(main_book(), TODAY, days=7) == {}
    with pytest.raises(AnalyticsError, match="at least one day"):
        dso(main_book(), TODAY, days=0)


# -- CEI and collection rate --------------------------------------------------------------


def test_cei_by_hand() -> None:
    # R(start) = F1 600 + F4 200 + F2 500 + F6 700 = 2000; S = F3 300;
    # R(end) = 1450; Rcur(end) = 250. (2000 + 300 - 1450) / (2000 + 300 - 250) = 41.46%.
    # In GBP nothing was collected of 800 collectable: 0%.
    assert cei(main_book(), START, TODAY) == {"EUR": D("41.5"), "GBP": D("0.0")}
    with pytest.raises(AnalyticsError, match="ends"):
        cei(main_book(), TODAY, START)


def test_cei_is_100_when_everything_due_is_paid() -> None:
    book = (
        Book()
        .customer()
        .invoice("A", due=TODAY - timedelta(days=5), issued=TODAY - timedelta(days=40))
        .pay("A", TODAY - timedelta(days=2))
        .build()
    )
    assert cei(book, START, TODAY) == {"EUR": D("100.0")}


def test_collection_rate_by_hand() -> None:
    # Overdue on start: F1 600, F4 200, F6 700; fell due in the period: F2 500 (G1 in GBP).
    # Collected by the end: F6 700 + F2 100 = 800 of 2000 -> 40%.
    assert collection_rate(main_book(), START, TODAY) == {"EUR": D("40.0"), "GBP": D("0.0")}


def test_collection_rate_counts_what_fell_due_as_it_stood_on_its_due_date() -> None:
    # Half paid before its due date: only the other half fell due, and it was paid.
    book = (
        Book()
        .customer()
        .invoice("A", due=TODAY - timedelta(days=10), issued=START - timedelta(days=5))
        .pay("A", TODAY - timedelta(days=12), "500.00")
        .pay("A", TODAY - timedelta(days=3), "500.00")
        .build()
    )
    assert collection_rate(book, START, TODAY) == {"EUR": D("100.0")}


# -- step effectiveness -----------------------------------------------------------------------


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


# -- promises, disputes, days to pay ------------------------------------------------------------


def test_promise_kept_rate_by_hand() -> None:
    book = (
        Book()
        .customer("C1")
        .customer("C2")
        .customer("C3")
        .invoice("A", "C1", due=date(2026, 1, 31))
        .pay("A", date(2026, 2, 10))
        .promise("C1", ["A"], date(2026, 2, 1), date(2026, 2, 10))  # kept, on the day
        .invoice("B", "C2", due=date(2026, 1, 31))
        .pay("B", date(2026, 2, 11))
        .promise("C2", ["B"], date(2026, 2, 1), date(2026, 2, 10))  # broken by a day
        .invoice("C", "C3", due=date(2026, 1, 31))
        .promise("C3", [], date(2026, 2, 1), date(2026, 3, 1))  # all of C3's: broken
        .promise("C3", [], date(2026, 3, 10), date(2026, 3, 20))  # deadline not reached
        .build()
    )
    # The policy's 2-day grace, as the payer profile counts: B, a day late, is kept.
    assert promise_kept_rate(book, TODAY) == D("0.667")
    assert promise_kept_rate(book, TODAY, grace_days=0) == D("0.333")  # B broken by a day
    assert promise_kept_rate(book, date(2026, 1, 1)) is None


def test_dispute_rate_by_hand() -> None:
    book = (
        Book()
        .customer()
        .invoice("A", due=TODAY, status="disputed")
        .invoice(
            "B",
            due=TODAY,
            status="accepted",
            status_date=TODAY - timedelta(days=3),
            status_history=[{"date": TODAY - timedelta(days=10), "status": "disputed"}],
        )
        .invoice("C", due=TODAY)
        .invoice("D", due=TODAY)
        .invoice("OLD", due=TODAY - timedelta(days=400), status="disputed")
        .build()
    )
    assert dispute_rate(book, TODAY) == D("0.500")  # A and B of the 4 issued in a year
    assert dispute_rate(book, TODAY - timedelta(days=100)) == D("1.000")  # only OLD, then


def test_days_to_pay_by_hand() -> None:
    book = Book().customer("G", segment="good_payer").customer("B", segment="bad_payer")
    for n, days in enumerate([10, 20, 30, 40]):
        issued = TODAY - timedelta(days=100)
        book.invoice(f"G{n}", "G", issued=issued, due=issued + timedelta(days=30))
        book.pay(f"G{n}", issued + timedelta(days=days))
    book.invoice("B0", "B", issued=TODAY - timedelta(days=90), due=TODAY - timedelta(days=60))
    book.pay("B0", TODAY - timedelta(days=5))
    book.invoice("B1", "B", issued=TODAY - timedelta(days=90), due=TODAY - timedelta(days=60))
    found = {d.segment: d for d in days_to_pay(book.build(), TODAY)}
    good = found["good_payer"]
    assert (good.invoices, good.mean, good.median, good.p25, good.p75, good.p90, good.max) == (
        4,
        D("25.0"),
        D("25.0"),
        10,
        30,
        40,
        40,
    )
    assert good.late == 1
    bad = found["bad_payer"]
    assert (bad.invoices, bad.median, bad.late) == (1, D("85.0"), 1)


# -- trend, workload, kpis ------------------------------------------------------------------------


def test_trend_by_hand() -> None:
    points = trend(main_book(), date(2026, 1, 16), TODAY)
    eur = [(p.on, p.receivables, p.overdue, p.dso) for p in points if p.currency == "EUR"]
    # 2026-01-16: F1 1000 (1 day late), F4 200, F6 700 not due; sales F1 + F6 = 1700.
    # 2026-02-16: F1 600, F4 200, F6 700 (7 days late), F2 500 not due; sales F1 + F6 + F2.
    assert eur == [
        (date(2026, 1, 16), D("1900.00"), D("1200.00"), D("100.6")),
        (date(2026, 2, 16), D("2000.00"), D("1500.00"), D("81.8")),
        (date(2026, 3, 16), D("1450.00"), D("1200.00"), D("87.0")),
    ]
    with pytest.raises(AnalyticsError, match="every"):
        trend(main_book(), date(2026, 1, 16), TODAY, every="year")


def test_trend_weekly_ends_on_the_last_day() -> None:
    points = trend(main_book(), TODAY - timedelta(days=20), TODAY, every="week")
    assert sorted({p.on for p in points}) == [
        TODAY - timedelta(days=14),
        TODAY - timedelta(days=7),
        TODAY,
    ]


def test_workload_first_day_is_the_plan_and_nothing_is_sent_twice() -> None:
    book = main_book()
    plan = next_actions(book, TODAY)
    first = workload(book, TODAY, days=1)
    expected: dict[tuple[date, Channel], int] = {}
    for action in plan.actions:
        key = (action.scheduled_for, action.channel)
        expected[key] = expected.get(key, 0) + 1
    assert {(w.on, w.channel): w.actions for w in first} == expected
    assert expected  # the example book has overdue invoices to remind
    two = workload(book, TODAY, days=2)
    day_one = sum(w.actions for w in two if w.on == plan.actions[0].scheduled_for)
    assert day_one == len(plan.actions)


def test_kpis_agree_with_each_figure() -> None:
    book = main_book()
    start = TODAY - timedelta(days=90)
    k = kpis(book, TODAY)
    assert k.receivables == {"EUR": D("1450.00"), "GBP": D("800.00")}
    assert k.overdue == {"EUR": D("1200.00"), "GBP": D("800.00")}
    assert k.overdue_share == {"EUR": D("82.8"), "GBP": D("100.0")}
    assert k.dso == dso(book, TODAY)
    assert k.best_possible_dso == best_possible_dso(book, TODAY)
    assert k.average_days_delinquent == average_days_delinquent(book, TODAY)
    assert k.cei == cei(book, start, TODAY)
    assert k.collection_rate == collection_rate(book, start, TODAY)
    assert (k.open_invoices, k.overdue_invoices, k.customers_overdue) == (5, 4, 2)
    assert k.dispute_rate == D("0.000")
    assert k.promise_kept_rate is None
    assert k.to_dict()["dso"] == {"EUR": "87.0", "GBP": "90.0"}
    assert {"figure": "dso", "currency": "EUR", "value": D("87.0")} in k.rows()
