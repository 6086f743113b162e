"""The dossier's fees: what each reminder's event recorded when it was sent
(``DunningEvent.fees``, from ``Action.fees``), never recomputed from today's policy."""

from __future__ import annotations

from decimal import Decimal

from dunningkit import DunningEvent, Fee, handover_dossier, next_actions
from tests.builders import TODAY, Book, d
from tests.planning.test_fees import FIXED, SHARE, policy_with

GOOD = {"segment": "good_payer"}


def test_each_reminder_shows_the_fees_its_event_recorded() -> None:
    book = Book().customer(**GOOD).invoice("F1", due=d(-40), amount="1000.00")
    book.event("C1", ["F1"], "reminder_1", d(-37), outcome="failed")
    book.event("C1", ["F1"], "reminder_1", d(-36))
    book.event("C1", ["F1"], "reminder_1", d(-30))  # the same step again: charged nothing
    book.pay("F1", d(-28), "400.00")
    book.event("C1", ["F1"], "reminder_2", d(-25))
    for event, recorded in zip(book.events[1:], ("5.00", "0.00", "75.00"), strict=True):
        event["fees"] = recorded
    policy = policy_with(reminder_1=FIXED, reminder_2=SHARE)
    dossier = handover_dossier(book.build(), "C1", TODAY, policy=policy)
    fees = [(r.step_id, r.outcome, r.fees, r.fees_currency) for r in dossier.reminders]
    assert fees == [
        ("reminder_1", "failed", None, None),
        ("reminder_1", "sent", Decimal("5.00"), "EUR"),
        ("reminder_1", "sent", Decimal("0.00"), "EUR"),
        ("reminder_2", "sent", Decimal("75.00"), "EUR"),  # 15 + 10 % of 600.00
    ]


def test_a_fee_added_to_the_policy_today_does_not_rewrite_old_reminders() -> None:
    # A reminder sent on 2026-11-10 charged nothing; a 25 EUR fee added since is not a
    # charge it made. And one that recorded 5.00 keeps it when the policy drops the fee.
    book = Book().customer(**GOOD).invoice("F1", due=d(-40), amount="1000.00")
    book.event("C1", ["F1"], "reminder_1", d(-36)).event("C1", ["F1"], "reminder_2", d(-25))
    book.events[1]["fees"] = "5.00"
    since = policy_with(reminder_1=Fee(fixed={"EUR": Decimal(25)}))
    dossier = handover_dossier(book.build(), "C1", TODAY, policy=since)
    assert [(r.fees, r.fees_currency) for r in dossier.reminders] == [
        (None, None),
        (Decimal("5.00"), "EUR"),
    ]


def test_without_fees_the_dossier_says_none() -> None:
    book = Book().customer(**GOOD).invoice("F1", due=d(-40), amount="1000.00")
    book.event("C1", ["F1"], "reminder_1", d(-36))
    (reminder,) = handover_dossier(book.build(), "C1", TODAY).reminders
    assert (reminder.fees, reminder.fees_currency) == (None, None)


def test_the_dossier_shows_what_the_plan_charged_as_the_event_recorded_it() -> None:
    book = Book().customer(**GOOD)
    book.invoice("F1", due=d(-5), amount="100.00").invoice("F2", due=d(-4), amount="250.50")
    policy = policy_with(reminder_1=Fee(fixed={"EUR": Decimal(5)}, percent=Decimal("1.5")))
    (action,) = next_actions(book.build(), TODAY, policy).actions
    sent = DunningEvent.for_action(action, id="E-1", on=action.scheduled_for)
    assert sent.fees == action.fees
    failed = DunningEvent.for_action(action, id="E-0", on=action.scheduled_for, outcome="failed")
    assert failed.fees is None  # an attempt that failed charged nothing
    book.events.append(sent.model_dump())
    dossier = handover_dossier(book.build(), "C1", action.scheduled_for, policy=policy)
    (reminder,) = dossier.reminders
    assert reminder.fees == action.fees == Decimal("15.26")  # 5 + 1.50 + 5 + 3.76


def test_the_page_shows_a_fees_column_only_when_a_step_charged_some() -> None:
    book = Book().customer(**GOOD).invoice("F1", due=d(-40), amount="1000.00")
    book.event("C1", ["F1"], "reminder_1", d(-36))
    plain = handover_dossier(book.build(), "C1", TODAY)
    book.events[0]["fees"] = "5.00"
    charged = handover_dossier(book.build(), "C1", TODAY, policy=policy_with(reminder_1=FIXED))
    assert "<th>Fees</th>" in charged.to_html().replace(' class="num"', "")
    assert "5.00" in charged.to_html()
    assert "Fees</th>" not in plain.to_html()
