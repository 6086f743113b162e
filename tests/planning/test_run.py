from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from dunningkit import (
    Action,
    Channel,
    Grouping,
    Plan,
    Policy,
    PolicyError,
    Scenario,
    SkipReason,
    Step,
    Tone,
    default_policy,
    default_scenarios,
    explain,
    load_policy,
    next_actions,
)
from tests.builders import TODAY, Book, d

# Every customer in these tests is a manual good payer unless said otherwise, so the
# scenario is known: reminder_1 D+3 email, reminder_2 D+15 email, call D+30 phone,
# formal_notice D+45 registered letter (approval), handover_agency D+75 (approval).
GOOD = {"segment": "good_payer"}
# bad_payer: pre_due D-5 email, reminder_1 D+1 email (sms, letter), sms_1 D+4 sms (email)...
BAD = {"segment": "bad_payer"}


def plan_of(book: Book, today: date = TODAY, **policy: object) -> Plan:
    return next_actions(book.build(), today, default_policy().model_copy(update=policy))


def skip_of(plan: Plan, invoice_id: str) -> SkipReason:
    found = [s for s in plan.skipped if s.invoice_id == invoice_id]
    assert len(found) == 1, plan.skipped
    return found[0].reason


def detail_of(plan: Plan, invoice_id: str) -> str:
    (found,) = [s for s in plan.skipped if s.invoice_id == invoice_id]
    return found.detail


def only_action(plan: Plan) -> Action:
    assert len(plan.actions) == 1, plan
    return plan.actions[0]


def test_an_overdue_invoice_gets_the_first_step() -> None:
    plan = plan_of(Book().customer(**GOOD).invoice("F1", due=d(-5)))
    action = only_action(plan)
    assert (action.step_id, action.channel, action.tone) == (
        "reminder_1",
        Channel.EMAIL,
        Tone.COURTEOUS,
    )
    assert action.invoice_ids == ("F1",)
    assert action.amount_due == Decimal("1000.00")
    assert action.currency == "EUR"
    assert action.scheduled_for == TODAY
    assert action.contact is not None
    assert action.contact.email == "claire@example.com"
    assert any("5 days overdue" in r for r in action.reasons)
    assert plan.skipped == ()


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        ("disputed", SkipReason.DISPUTED),
        ("suspended", SkipReason.SUSPENDED),
        ("refused", SkipReason.REFUSED),
        ("rejected", SkipReason.REJECTED),
        ("cancelled", SkipReason.CANCELLED),
        ("paid", SkipReason.PAID),
    ],
)
def test_no_action_for_invoices_in_these_statuses(status: str, reason: SkipReason) -> None:
    plan = plan_of(Book().customer(**GOOD).invoice("F1", due=d(-20), status=status))
    assert plan.actions == ()
    assert skip_of(plan, "F1") is reason


def test_refused_and_rejected_say_the_invoice_must_be_fixed() -> None:
    book = Book().customer(**GOOD)
    book.invoice("F1", due=d(-20), status="refused").invoice("F2", due=d(-20), status="rejected")
    details = {s.invoice_id: s.detail for s in plan_of(book).skipped}
    assert "must be fixed" in details["F1"]
    assert "must be fixed" in details["F2"]


def test_paid_invoices_are_not_in_the_plan() -> None:
    plan = plan_of(Book().customer(**GOOD).invoice("F1", due=d(-20)).pay("F1", d(-1)))
    assert plan.actions == ()
    assert plan.skipped == ()


def test_invoice_hold_and_customer_hold() -> None:
    held = {"reason": "credit note coming", "until": d(3)}
    book = Book().customer(**GOOD).invoice("F1", due=d(-20), hold=held)
    assert skip_of(plan_of(book), "F1") is SkipReason.INVOICE_ON_HOLD
    assert only_action(plan_of(book, today=d(4))).invoice_ids == ("F1",)
    book = Book().customer(hold={"reason": "negotiation"}, **GOOD).invoice("F1", due=d(-20))
    plan = plan_of(book)
    assert skip_of(plan, "F1") is SkipReason.CUSTOMER_ON_HOLD
    assert "negotiation" in plan.skipped[0].detail


def test_a_hold_set_after_the_day_is_ignored() -> None:
    book = Book().customer(**GOOD).invoice("F1", due=d(-20), hold={"reason": "x", "since": d(1)})
    assert only_action(plan_of(book)).invoice_ids == ("F1",)


def test_pending_promise_holds_until_pay_by_plus_grace() -> None:
    book = Book().customer(**GOOD).invoice("F1", due=d(-20))
    book.promise("C1", ["F1"], made=d(-3), pay_by=d(5))
    assert skip_of(plan_of(book), "F1") is SkipReason.PROMISE_PENDING
    assert skip_of(plan_of(book, today=d(7)), "F1") is SkipReason.PROMISE_PENDING  # grace 2
    assert only_action(plan_of(book, today=d(8))).invoice_ids == ("F1",)


def test_payment_sent_holds_within_its_grace() -> None:
    book = Book().customer(**GOOD)
    book.invoice("F1", due=d(-20), status="payment_sent", status_date=d(-3))
    assert skip_of(plan_of(book), "F1") is SkipReason.PAYMENT_SENT
    assert only_action(plan_of(book, today=d(5))).invoice_ids == ("F1",)


def test_partially_accepted_invoice_is_dunned_for_its_accepted_part_only() -> None:
    book = Book().customer(**GOOD)
    book.invoice("F1", due=d(-20), status="partially_accepted", accepted_amount="600.00")
    book.pay("F1", d(-10), "100.00")
    assert only_action(plan_of(book)).amount_due == Decimal("500.00")
    book.pay("F1", d(-9), "500.00")
    assert skip_of(plan_of(book), "F1") is SkipReason.ACCEPTED_PART_PAID


def test_credit_notes_are_netted_and_never_dunned() -> None:
    book = Book().customer(**GOOD).invoice("F1", due=d(-20), amount="100.00")
    book.invoice("A1", due=d(-25), amount="150.00", kind="credit_note")
    plan = plan_of(book)
    assert plan.actions == ()
    assert skip_of(plan, "F1") is SkipReason.CREDIT_COVERS_BALANCE
    assert skip_of(plan, "A1") is SkipReason.CREDIT_NOTE
    book.invoice("F2", due=d(-20), amount="100.00")
    action = only_action(plan_of(book))
    assert action.invoice_ids == ("F1", "F2")
    assert any("credit notes of 150.00 EUR can be offset" in r for r in action.reasons)


def test_credit_note_in_another_currency_does_not_net() -> None:
    book = Book().customer(**GOOD).invoice("F1", due=d(-20), amount="100.00")
    book.invoice("A1", due=d(-25), amount="150.00", kind="credit_note", currency="USD")
    assert only_action(plan_of(book)).invoice_ids == ("F1",)


def test_post_due_step_waits_for_the_customers_grace_days() -> None:
    book = Book().customer(grace_days=30, **GOOD).invoice("F1", due=d(-10))
    plan = plan_of(book)
    assert skip_of(plan, "F1") is SkipReason.GRACE_PERIOD
    assert str(d(20)) in plan.skipped[0].detail
    assert skip_of(plan_of(book, today=d(19)), "F1") is SkipReason.GRACE_PERIOD
    assert only_action(plan_of(book, today=d(20))).step_id == "reminder_1"


def test_pre_due_step_fires_before_the_due_date_and_is_never_sent_late() -> None:
    book = Book().customer(segment="bad_payer").invoice("F1", due=d(5))
    action = only_action(plan_of(book))
    assert action.step_id == "pre_due"
    assert any("due in 5 days" in r for r in action.reasons)
    assert skip_of(plan_of(book, today=d(-1)), "F1") is SkipReason.NOT_DUE
    # Past the due date, the missed pre-due reminder is passed over for the first post-due step.
    late = only_action(plan_of(book, today=d(6)))
    assert late.step_id == "reminder_1"
    assert any("not sent late" in r for r in late.reasons)


def test_not_yet_due_invoice_is_skipped_with_the_date_of_its_first_step() -> None:
    plan = plan_of(Book().customer(**GOOD).invoice("F1", due=d(10)))
    assert skip_of(plan, "F1") is SkipReason.NOT_DUE
    assert str(d(13)) in plan.skipped[0].detail


def test_escalation_goes_step_by_step_and_never_repeats_a_done_step() -> None:
    book = Book().customer(**GOOD).invoice("F1", due=d(-60))
    # 60 days overdue and nothing sent yet: the first step, not a jump to a later one.
    assert only_action(plan_of(book)).step_id == "reminder_1"
    book.event("C1", ["F1"], "reminder_1", d(-12))
    # reminder_2 (D+15) comes 12 days after reminder_1 (D+3), as the scenario spaces them.
    assert only_action(plan_of(book)).step_id == "reminder_2"
    book.event("C1", ["F1"], "reminder_2", d(-5))
    # The call comes 15 days after reminder_2, as the scenario spaces them (D+15 -> D+30).
    plan = plan_of(book)
    assert skip_of(plan, "F1") is SkipReason.WAITING_NEXT_STEP
    assert str(d(10)) in plan.skipped[0].detail
    assert only_action(plan_of(book, today=d(10))).step_id == "call"


def test_failed_step_is_proposed_again_with_a_new_key() -> None:
    book = Book().customer(**GOOD).invoice("F1", due=d(-10))
    first = only_action(plan_of(book, today=d(-2)))
    book.event("C1", ["F1"], "reminder_1", d(-2), outcome="failed")
    again = only_action(plan_of(book))
    assert again.step_id == "reminder_1"
    assert again.key != first.key
    assert any("failed: trying again" in r for r in again.reasons)


def test_bounced_step_moves_to_the_next_fallback_channel() -> None:
    book = Book().customer(**GOOD).invoice("F1", due=d(-10))
    book.event("C1", ["F1"], "reminder_1", d(-2), outcome="bounced")
    action = only_action(plan_of(book))
    assert (action.step_id, action.channel) == ("reminder_1", Channel.LETTER)
    book.event("C1", ["F1"], "reminder_1", d(-1), channel="letter", outcome="bounced")
    plan = plan_of(book)
    assert skip_of(plan, "F1") is SkipReason.NO_CONTACT_DATA


def test_missing_contact_data_uses_the_fallback_or_says_so() -> None:
    no_email = [{"name": "Paul", "postal_address": "2 rue X, Lyon"}]
    book = Book().customer(contacts=no_email, **GOOD).invoice("F1", due=d(-10))
    action = only_action(plan_of(book))
    assert action.channel is Channel.LETTER
    assert any("no contact data for email" in r for r in action.reasons)
    book = Book().customer(contacts=[], **GOOD).invoice("F1", due=d(-10))
    assert skip_of(plan_of(book), "F1") is SkipReason.NO_CONTACT_DATA


def test_min_days_between_contacts_per_customer() -> None:
    book = Book().customer(**GOOD).invoice("F1", due=d(-30)).invoice("F2", due=d(-10))
    book.event("C1", ["F1"], "reminder_1", d(-3))
    plan = plan_of(book)
    assert plan.actions == ()
    assert skip_of(plan, "F2") is SkipReason.TOO_SOON
    assert only_action(plan_of(book, min_days_between_contacts=3)).invoice_ids == ("F2",)


def test_max_contacts_per_30_days_per_customer() -> None:
    book = Book().customer(**GOOD).invoice("F1", due=d(-10)).invoice("F2", due=d(-40))
    book.event("C1", ["F2"], "reminder_1", d(-28))
    book.event("C1", ["F2"], "reminder_2", d(-20))
    policy = {"max_contacts_per_30_days": 2, "min_days_between_contacts": 0}
    plan = plan_of(book, **policy)
    assert plan.actions == ()
    assert {s.reason for s in plan.skipped} == {SkipReason.CONTACT_CAP}
    assert len(plan_of(book, today=d(2), **policy).actions) == 1


def test_grouping_per_customer_and_step_is_the_default() -> None:
    book = Book().customer(**GOOD)
    book.invoice("F1", due=d(-10)).invoice("F2", due=d(-8)).invoice("F3", due=d(-7))
    book.event("C1", ["F3"], "reminder_1", d(-20), channel="letter")
    plan = plan_of(book, min_days_between_contacts=0)
    (action,) = plan.actions
    assert action.invoice_ids == ("F1", "F2")
    assert action.amount_due == Decimal("2000.00")


def test_one_message_per_customer_channel_and_day_across_currencies() -> None:
    book = Book().customer(**GOOD)
    book.invoice("F1", due=d(-10)).invoice("F2", due=d(-8)).invoice("F3", due=d(-9), currency="USD")
    plan = plan_of(book)
    (action,) = plan.actions  # two emails the same day before the fix
    assert (action.invoice_ids, action.currency) == (("F1", "F2"), "EUR")
    assert skip_of(plan, "F3") is SkipReason.ONE_MESSAGE_A_DAY


def test_one_message_per_channel_a_day_the_lower_step_waits() -> None:
    # A pre-due reminder and a first reminder, both by email, fall on the same day.
    book = Book().customer(**BAD).invoice("F1", due=d(5)).invoice("F2", due=d(-1))
    plan = plan_of(book)
    (action,) = plan.actions
    assert (action.step_id, action.invoice_ids) == ("reminder_1", ("F2",))
    assert skip_of(plan, "F1") is SkipReason.ONE_MESSAGE_A_DAY
    assert "one message per channel a day" in detail_of(plan, "F1")


def test_grouping_per_invoice() -> None:
    book = Book().customer(**GOOD).invoice("F1", due=d(-10)).invoice("F2", due=d(-8))
    plan = plan_of(book, grouping=Grouping.PER_INVOICE, max_contacts_per_30_days=10)
    assert sorted(a.invoice_ids for a in plan.actions) == [("F1",), ("F2",)]


def test_grouping_per_customer_at_the_highest_step_covers_every_overdue_invoice() -> None:
    book = Book().customer(**GOOD).invoice("F1", due=d(-40)).invoice("F2", due=d(-10))
    book.invoice("F3", due=d(-2))
    book.event("C1", ["F1"], "reminder_1", d(-30))
    plan = plan_of(book, grouping=Grouping.PER_CUSTOMER)
    action = only_action(plan)
    assert action.step_id == "reminder_2"
    assert action.invoice_ids == ("F1", "F2", "F3")
    assert plan.skipped == ()


def test_direct_debit_is_not_dunned_before_collection() -> None:
    book = Book().customer(**GOOD)
    book.invoice("F1", due=d(-10), direct_debit=True, collection_date=d(1))
    assert skip_of(plan_of(book), "F1") is SkipReason.DIRECT_DEBIT_PENDING
    assert only_action(plan_of(book, today=d(2))).invoice_ids == ("F1",)


def test_scheduled_for_and_pay_by_are_business_days() -> None:
    saturday = date(2026, 3, 21)
    book = Book().customer(**GOOD).invoice("F1", due=saturday - timedelta(days=5))
    action = only_action(plan_of(book, today=saturday))
    assert action.scheduled_for == date(2026, 3, 23)
    assert action.pay_by == date(2026, 3, 31)  # Monday + 8 days = Tuesday
    calendar = default_policy().calendar.model_copy(update={"holidays": (date(2026, 3, 31),)})
    action = only_action(plan_of(book, today=saturday, calendar=calendar))
    assert action.pay_by == date(2026, 4, 1)


def test_phone_capacity_goes_to_the_largest_amounts_at_risk() -> None:
    book = Book()
    for n, amount in enumerate(["100.00", "900.00", "500.00"]):
        cid = f"C{n}"
        book.customer(cid, **GOOD).invoice(f"F{n}", cid, due=d(-35), amount=amount)
        book.event(cid, [f"F{n}"], "reminder_1", d(-30)).event(cid, [f"F{n}"], "reminder_2", d(-15))
    plan = plan_of(book, phone_capacity_per_day=2)
    calls = {a.customer_id: a.scheduled_for for a in plan.actions}
    assert calls == {"C1": TODAY, "C2": TODAY, "C0": d(1)}
    moved = next(a for a in plan.actions if a.customer_id == "C0")
    assert any("2 calls" in r for r in moved.reasons)
    fallback = plan_of(book, phone_capacity_per_day=2, phone_overflow="fallback")
    assert {a.customer_id: a.channel for a in fallback.actions}["C0"] is Channel.EMAIL


def test_action_key_is_stable_across_days_while_nothing_changed() -> None:
    book = Book().customer(**GOOD).invoice("F1", due=d(-10))
    keys = {only_action(plan_of(book, today=d(n))).key for n in range(3)}
    assert len(keys) == 1
    book.pay("F1", d(-1), "100.00")  # a partial payment: same reminder, same key
    assert only_action(plan_of(book)).key in keys


def test_events_and_payments_after_today_are_ignored() -> None:
    book = Book().customer(**GOOD).invoice("F1", due=d(-10))
    before = plan_of(book)
    book.event("C1", ["F1"], "reminder_1", d(1)).pay("F1", d(2))
    assert plan_of(book) == before


def test_every_open_invoice_is_accounted_for_once() -> None:
    book = Book().customer(**GOOD).customer("C2", segment="bad_payer", hold={"reason": "x"})
    book.invoice("F1", due=d(-10)).invoice("F2", due=d(30)).invoice(
        "F3", due=d(-5), status="disputed"
    )
    book.invoice("F4", "C2", due=d(-3)).invoice("F5", due=d(-50)).pay("F5", d(-40))
    plan = plan_of(book)
    assert sorted(plan.accounted_invoice_ids()) == ["F1", "F2", "F3", "F4"]


def test_segment_without_scenario_is_reported() -> None:
    book = Book().customer(segment="vip_export").invoice("F1", due=d(-10))
    plan = plan_of(book)
    assert skip_of(plan, "F1") is SkipReason.NO_SCENARIO
    assert "vip_export" in plan.skipped[0].detail


def test_two_segments_may_use_scenarios_with_the_same_id() -> None:
    # Scenario ids only need to be unique within a segment's table; the planner must
    # not mix up two different scenarios that happen to share one.
    def house(step_id: str, channel: Channel) -> Scenario:
        step = Step(
            id=step_id, offset_days=1, channel=channel, tone=Tone.NEUTRAL, template="reminder"
        )
        return Scenario(id="house", steps=(step,))

    early, late = house("mail", Channel.EMAIL), house("letter", Channel.LETTER)
    book = (
        Book()
        .customer("C1", segment="good_payer")
        .invoice("F1", "C1", due=d(-5))
        .customer("C2", segment="bad_payer")
        .invoice("F2", "C2", due=d(-5))
    )
    plan = plan_of(book, scenarios={"good_payer": early, "bad_payer": late})
    steps = {a.invoice_ids: (a.step_id, a.channel) for a in plan.actions}
    assert steps == {("F1",): ("mail", Channel.EMAIL), ("F2",): ("letter", Channel.LETTER)}


def test_completed_scenario_is_reported() -> None:
    book = Book().customer(**GOOD).invoice("F1", due=d(-200))
    for n, step in enumerate(
        ["reminder_1", "reminder_2", "call", "formal_notice", "handover_agency"]
    ):
        book.event("C1", ["F1"], step, d(-150 + 10 * n))
    plan = plan_of(book)
    assert skip_of(plan, "F1") is SkipReason.SCENARIO_COMPLETED
    assert "handed over" in plan.skipped[0].detail


def test_formal_notice_requires_approval_for_good_payers() -> None:
    book = Book().customer(**GOOD).invoice("F1", due=d(-50))
    for n, step in enumerate(["reminder_1", "reminder_2", "call"]):
        book.event("C1", ["F1"], step, d(-40 + 10 * n))
    action = only_action(plan_of(book))
    assert (action.step_id, action.channel, action.requires_approval) == (
        "formal_notice",
        Channel.REGISTERED_LETTER,
        True,
    )


def test_default_key_account_scenario_never_uses_sms() -> None:
    key = default_scenarios()["key_account"]
    assert all(Channel.SMS not in (step.channel, *step.fallback_channels) for step in key.steps)
    assert all(step.offset_days > 0 for step in key.steps)
    assert any(s.channel is Channel.PHONE for s in key.steps)
    assert all(s.requires_approval for s in key.steps if s.tone.rank >= Tone.FORMAL_NOTICE.rank)


def test_default_scenarios_follow_the_seeds() -> None:
    scenarios = default_scenarios()
    assert set(scenarios) == {
        "key_account",
        "public_body",
        "new",
        "good_payer",
        "occasional_late",
        "bad_payer",
        "at_risk",
    }
    bad = scenarios["bad_payer"]
    assert bad.steps[0].offset_days < 0
    assert any(
        s.channel is Channel.REGISTERED_LETTER and s.tone is Tone.FORMAL_NOTICE for s in bad.steps
    )
    assert len(bad.steps) > len(scenarios["good_payer"].steps)
    assert scenarios["good_payer"].steps[0].channel is Channel.EMAIL
    assert scenarios["public_body"].steps[0].channel is Channel.PHONE
    assert scenarios["public_body"].steps[0].offset_days < 0
    assert scenarios["at_risk"].steps[0].channel is Channel.PHONE
    assert any("payment_plan" in s.template for s in scenarios["at_risk"].steps)
    assert scenarios["new"].steps[0].offset_days < 0


def test_scenario_validation() -> None:
    step = {"channel": "email", "tone": "courteous", "template": "t"}
    with pytest.raises(ValueError, match="used twice"):
        Scenario.model_validate(
            {
                "id": "s",
                "steps": [
                    {"id": "a", "offset_days": 1, **step},
                    {"id": "a", "offset_days": 2, **step},
                ],
            }
        )
    with pytest.raises(ValueError, match="offsets must not decrease"):
        Scenario.model_validate(
            {
                "id": "s",
                "steps": [
                    {"id": "a", "offset_days": 5, **step},
                    {"id": "b", "offset_days": 2, **step},
                ],
            }
        )
    with pytest.raises(ValueError, match="tones only escalate"):
        Scenario(
            id="s",
            steps=(
                Step(id="a", offset_days=1, channel=Channel.EMAIL, tone=Tone.FIRM, template="t"),
                Step(
                    id="b", offset_days=2, channel=Channel.EMAIL, tone=Tone.COURTEOUS, template="t"
                ),
            ),
        )


def test_guardrails_are_top_level_policy_fields() -> None:
    policy = default_policy().model_copy(update={"min_days_between_contacts": 7})
    assert policy.min_days_between_contacts == 7
    assert isinstance(policy, Policy)


def test_policy_file_with_a_custom_scenario(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text(
        """
min_days_between_contacts = 3
grouping = "per_invoice"

[scenarios.good_payer]
id = "gentle"
[[scenarios.good_payer.steps]]
id = "nudge"
offset_days = 10
channel = "email"
tone = "courteous"
template = "reminder_courteous"
"""
    )
    policy = load_policy(path)
    assert policy.min_days_between_contacts == 3
    assert policy.scenarios["bad_payer"] == default_scenarios()["bad_payer"]
    book = Book().customer(**GOOD).invoice("F1", due=d(-10))
    action = only_action(next_actions(book.build(), TODAY, policy))
    assert (action.scenario_id, action.step_id) == ("gentle", "nudge")


def test_policy_file_errors_name_the_bad_key(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text("min_days_between_contact = 3\n")
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert str(caught.value) == (
        f"{path}: min_days_between_contact is not a setting; "
        "did you mean min_days_between_contacts?"
    )
    assert caught.value.key == "min_days_between_contact"
    path.write_text('grouping = "by_mood"\n')
    with pytest.raises(PolicyError, match="grouping"):
        load_policy(path)
    with pytest.raises(PolicyError, match=r"nope\.toml"):
        load_policy(tmp_path / "nope.toml")


def test_explain_gives_segment_and_each_invoice_decision() -> None:
    book = (
        Book()
        .customer(**GOOD)
        .invoice("F1", due=d(-10))
        .invoice("F2", due=d(-5), status="disputed")
    )
    result = explain(book.build(), TODAY, "C1")
    assert result.segment == "good_payer"
    decisions = {i.invoice_id: (i.decision, i.step_id, i.reason) for i in result.invoices}
    assert decisions == {
        "F1": ("action", "reminder_1", None),
        "F2": ("skipped", None, SkipReason.DISPUTED),
    }
    text = str(result)
    assert "segment: good payer" in text  # the label; the field keeps the id
    assert "F2" in text
    assert "disputed" in text


def test_installments_are_dunned_for_what_is_due() -> None:
    plan_rows = [
        {"due_date": d(-10), "amount": "300.00"},
        {"due_date": d(20), "amount": "700.00"},
    ]
    book = Book().customer(**GOOD).invoice("F1", due=d(-10), installments=plan_rows)
    assert only_action(plan_of(book)).amount_due == Decimal("300.00")
    book.pay("F1", d(-1), "300.00")
    assert skip_of(plan_of(book), "F1") is SkipReason.NOT_DUE


def test_a_claim_about_to_expire_is_flagged_and_an_expired_one_gets_no_reminder() -> None:
    # FR between businesses: 5 years from the due date (Code de commerce L110-4).
    book = Book().customer(**GOOD).invoice("F1", due=date(2021, 3, 15))
    soon = plan_of(book, today=date(2026, 1, 12))
    (alert,) = soon.alerts
    assert (alert.invoice_id, alert.on) == ("F1", date(2026, 3, 15))
    said = [r.text for a in soon.actions for r in a.why if r.code == "limitation"]
    said += [s.detail for s in soon.skipped]
    assert any("2026-03-15" in text for text in said)
    late = plan_of(book, today=date(2026, 3, 16))
    assert late.actions == ()
    assert skip_of(late, "F1") is SkipReason.TIME_BARRED
    assert plan_of(book, today=date(2025, 6, 2)).alerts == ()
