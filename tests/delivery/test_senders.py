from __future__ import annotations

from datetime import timedelta

import pytest

from dunningkit import (
    Action,
    Channel,
    ChannelSender,
    Delivery,
    DeliveryOutcome,
    DunningEvent,
    DunningkitError,
    EventOutcome,
    InMemorySender,
    Message,
    PolicyError,
    Portfolio,
    default_policy,
    dispatch,
    next_actions,
    render,
)
from dunningkit import channels as public_channels
from tests.builders import CREDITOR, TODAY, Book, d

POLICY = default_policy().model_copy(update={"creditor": CREDITOR})


def signed(action: Action, book: Portfolio) -> Message:
    """The suite's renderer: the default policy, signed by a full creditor."""
    return render(action, book, POLICY)


def two_customers() -> Book:
    book = Book().customer("C1", segment="good_payer").customer("C2", segment="good_payer")
    return book.invoice("F1", "C1", due=d(-10)).invoice("F2", "C2", due=d(-10))


def with_events(portfolio: Portfolio, events: list) -> Portfolio:  # type: ignore[type-arg]
    return portfolio.model_copy(update={"events": (*portfolio.events, *events)})


def test_dispatch_sends_each_action_and_returns_the_events_to_record() -> None:
    portfolio = two_customers().build()
    plan = next_actions(portfolio, TODAY)
    email = InMemorySender()
    events = dispatch(plan, portfolio, {"email": email}, renderer=signed)
    assert isinstance(email, ChannelSender)
    assert [m.channel for m in email.messages] == [Channel.EMAIL, Channel.EMAIL]
    assert sorted((e.customer_id, e.step_id, e.outcome) for e in events) == [
        ("C1", "reminder_1", EventOutcome.SENT),
        ("C2", "reminder_1", EventOutcome.SENT),
    ]
    assert {e.action_key for e in events} == {a.key for a in plan.actions}
    assert all(e.date == TODAY and e.reference for e in events)
    # Recorded, the same day's plan proposes nothing again.
    assert next_actions(with_events(portfolio, events), TODAY).actions == ()


def test_an_event_records_the_action_it_comes_from() -> None:
    plan = next_actions(two_customers().build(), TODAY)
    action = plan.actions[0]
    sent = DunningEvent.for_action(action, id="E1", on=TODAY)
    assert (sent.customer_id, sent.invoice_ids, sent.step_id, sent.channel) == (
        action.customer_id,
        action.invoice_ids,
        action.step_id,
        action.channel,
    )
    assert (sent.date, sent.outcome, sent.action_key) == (TODAY, EventOutcome.SENT, action.key)
    assert sent.scenario_id == action.scenario_id
    bounced = DunningEvent.for_action(
        action,
        id="E2",
        on=d(1),
        outcome=EventOutcome.BOUNCED,
        channel=Channel.LETTER,
        reference="returned",
    )
    assert (bounced.date, bounced.outcome, bounced.channel, bounced.reference) == (
        d(1),
        EventOutcome.BOUNCED,
        Channel.LETTER,
        "returned",
    )


def test_a_failing_sender_never_stops_the_others() -> None:
    class Exploding:
        def send(self, action: Action, message: Message) -> Delivery:
            if action.customer_id == "C1":
                raise ConnectionError("SMTP relay down")
            return Delivery(outcome=DeliveryOutcome.SENT, reference="ok")

    portfolio = two_customers().build()
    plan = next_actions(portfolio, TODAY)
    events = {
        e.customer_id: e
        for e in dispatch(plan, portfolio, {Channel.EMAIL: Exploding()}, renderer=signed)
    }
    assert events["C1"].outcome is EventOutcome.FAILED
    assert events["C1"].reference == "ConnectionError: SMTP relay down"
    assert events["C2"].outcome is EventOutcome.SENT
    # The failed step is proposed again the next day.
    later = next_actions(with_events(portfolio, list(events.values())), TODAY + timedelta(days=1))
    assert [(a.customer_id, a.step_id) for a in later.actions] == [("C1", "reminder_1")]


def test_failed_outcome_is_recorded_as_failed() -> None:
    portfolio = two_customers().build()
    plan = next_actions(portfolio, TODAY)
    events = dispatch(plan, portfolio, {"email": InMemorySender(fail_for={"C2"})}, renderer=signed)
    assert {e.customer_id: e.outcome for e in events} == {
        "C1": EventOutcome.SENT,
        "C2": EventOutcome.FAILED,
    }


def test_no_sender_for_the_channel_uses_the_fallback_or_says_so() -> None:
    portfolio = two_customers().build()
    plan = next_actions(portfolio, TODAY)
    letters = InMemorySender()
    events = dispatch(plan, portfolio, {"letter": letters}, renderer=signed)
    assert {e.channel for e in events} == {Channel.LETTER}
    assert all(m.to == "1 rue de la Paix, 75002 Paris" for m in letters.messages)
    events = dispatch(plan, portfolio, {"sms": InMemorySender()}, renderer=signed)
    assert {e.outcome for e in events} == {EventOutcome.FAILED}
    assert all("no sender for email, letter" in (e.reference or "") for e in events)


def test_actions_needing_approval_wait_for_it() -> None:
    book = Book().customer(segment="good_payer").invoice("F1", due=d(-50))
    for n, step in enumerate(["reminder_1", "reminder_2", "call"]):
        book.event("C1", ["F1"], step, d(-40 + 10 * n))
    portfolio = book.build()
    plan = next_actions(portfolio, TODAY)
    assert plan.actions[0].requires_approval
    registered = InMemorySender()
    assert dispatch(plan, portfolio, {"registered_letter": registered}, renderer=signed) == []
    events = dispatch(
        plan,
        portfolio,
        {"registered_letter": registered},
        approved={plan.actions[0].key},
        renderer=signed,
    )
    assert [e.step_id for e in events] == ["formal_notice"]


def test_dispatch_without_a_creditor_sends_nothing_and_names_what_is_missing() -> None:
    portfolio = two_customers().build()
    plan = next_actions(portfolio, TODAY)
    email = InMemorySender()
    with pytest.raises(PolicyError) as raised:
        dispatch(plan, portfolio, {"email": email})  # the default renderer has no policy
    assert email.messages == []
    assert any("C1" in p and "creditor's name" in p for p in raised.value.problems)
    assert any("C2" in p for p in raised.value.problems)


def test_bounce_moves_the_next_plan_to_the_fallback_channel() -> None:
    portfolio = two_customers().build()
    plan = next_actions(portfolio, TODAY)
    events = dispatch(
        plan, portfolio, {"email": InMemorySender(DeliveryOutcome.BOUNCED)}, renderer=signed
    )
    later = next_actions(with_events(portfolio, events), TODAY + timedelta(days=1))
    assert {a.channel for a in later.actions} == {Channel.LETTER}


def test_senders_are_checked() -> None:
    portfolio = two_customers().build()
    plan = next_actions(portfolio, TODAY)
    with pytest.raises(DunningkitError, match="unknown channel 'pigeon'"):
        dispatch(plan, portfolio, {"pigeon": InMemorySender()}, renderer=signed)
    with pytest.raises(DunningkitError, match="has no send"):
        dispatch(plan, portfolio, {"email": object()}, renderer=signed)  # type: ignore[dict-item]


def test_in_memory_sender_lives_in_the_channels_module() -> None:
    assert public_channels.InMemorySender is InMemorySender
