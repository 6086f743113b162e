"""Dispatch under sender faults: every send recorded as it completes, odd answers
recorded as failures, interruptions keep what was done, a recorded plan sends nothing
twice."""

from __future__ import annotations

from typing import Any

import pytest

from dunningkit import Action, DunningEvent, EventOutcome, InMemorySender, Message, next_actions
from dunningkit.delivery import Delivery, DeliveryOutcome, dispatch
from dunningkit.delivery._senders import dispatch_events
from tests.builders import CREDITOR, TODAY, Book, d
from tests.delivery.test_senders import POLICY, signed, with_events


def _book(customers: int = 3) -> Any:
    book = Book()
    for n in range(1, customers + 1):
        book = book.customer(f"C{n}", segment="good_payer").invoice(f"F{n}", f"C{n}", due=d(-10))
    return book.build()


class Answers:
    """A sender answering each send with the next of ``answers`` (raised if an exception)."""

    def __init__(self, *answers: object) -> None:
        self.answers = list(answers)
        self.sent: list[str] = []

    def send(self, action: Action, message: Message) -> Delivery:
        answer = self.answers.pop(0)
        self.sent.append(action.customer_id)
        if isinstance(answer, BaseException):
            raise answer
        return answer  # type: ignore[return-value]


class Unprintable(Exception):  # noqa: N818 - a hostile exception
    def __str__(self) -> str:
        raise RuntimeError("no")


SENT = Delivery(outcome=DeliveryOutcome.SENT, reference="ok")


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        (42, "int"),
        (None, "NoneType"),
        ("sent", "str"),
        (Unprintable(), "Unprintable"),
        (ValueError("line\nbreak\x1b[2J"), "ValueError"),
    ],
)
def test_an_odd_answer_is_a_failed_event_and_the_others_go(answer: object, says: str) -> None:
    portfolio = _book()
    plan = next_actions(portfolio, TODAY)
    events = dispatch(plan, portfolio, {"email": Answers(SENT, answer, SENT)}, renderer=signed)
    assert [e.outcome for e in events] == [
        EventOutcome.SENT,
        EventOutcome.FAILED,
        EventOutcome.SENT,
    ]
    reference = events[1].reference or ""
    assert says in reference
    assert reference.isprintable()


@pytest.mark.parametrize("stop", [KeyboardInterrupt(), SystemExit(1)])
def test_an_interruption_returns_what_was_recorded(stop: BaseException) -> None:
    portfolio = _book()
    plan = next_actions(portfolio, TODAY)
    sender = Answers(SENT, stop, SENT)
    recorded: list[DunningEvent] = []
    events = dispatch(plan, portfolio, {"email": sender}, renderer=signed, on_event=recorded.append)
    assert events == recorded
    assert [e.outcome for e in events] == [EventOutcome.SENT, EventOutcome.FAILED]
    assert "interrupted" in (events[1].reference or "")
    assert len(sender.sent) == 2  # nothing sent after the interruption


def test_each_event_is_handed_over_as_its_send_completes() -> None:
    portfolio = _book()
    plan = next_actions(portfolio, TODAY)
    sender = InMemorySender()
    seen: list[int] = []
    dispatch(
        plan,
        portfolio,
        {"email": sender},
        renderer=signed,
        on_event=lambda _: seen.append(len(sender.sent)),
    )
    assert seen == [1, 2, 3]
    stream = dispatch_events(plan, portfolio, {"email": InMemorySender()}, renderer=signed)
    assert next(stream).outcome is EventOutcome.SENT


def test_a_recorded_plan_sends_nothing_twice() -> None:
    portfolio = _book()
    plan = next_actions(portfolio, TODAY)
    first = InMemorySender(fail_for={"C2"})
    events = dispatch(plan, portfolio, {"email": first}, renderer=signed)
    again = InMemorySender()
    retried = dispatch(plan, with_events(portfolio, events), {"email": again}, renderer=signed)
    assert [a.customer_id for a, _ in again.sent] == ["C2"]  # only the failed one again
    assert [e.customer_id for e in retried] == ["C2"]
    assert retried[0].id == f"{events[1].id}#2"  # a new id: the history takes both
    recorded = with_events(portfolio, [*events, *retried])
    assert next_actions(recorded, TODAY).actions == ()


def test_one_actions_renderer_error_fails_that_action_only_and_each_message_renders_once() -> None:
    portfolio = Book().customer("C1").invoice("F1", "C1", due=d(-10)).customer("C2")
    portfolio = portfolio.invoice("F2", "C2", due=d(-10)).build()
    plan = next_actions(portfolio, TODAY)
    assert len(plan.actions) == 2
    calls: list[str] = []

    def fussy(action: Action, book: Any) -> Message:
        calls.append(action.customer_id)
        if action.customer_id == "C1":
            raise ValueError("no template for this one")
        return signed(action, book)

    events = dispatch(plan, portfolio, {"email": InMemorySender()}, renderer=fussy)
    outcomes = {e.customer_id: e.outcome for e in events}
    assert outcomes == {"C1": EventOutcome.FAILED, "C2": EventOutcome.SENT}
    assert calls.count("C2") == 1  # rendered once, sent as rendered


def test_the_default_renderer_signs_with_the_policy_given() -> None:
    portfolio = Book().customer("C1").invoice("F1", "C1", due=d(-10)).build()
    plan = next_actions(portfolio, TODAY)
    sender = InMemorySender()
    events = dispatch(plan, portfolio, {"email": sender}, policy=POLICY)
    assert [e.outcome for e in events] == [EventOutcome.SENT]
    assert CREDITOR.name in sender.sent[0][1].body
