"""One definition of each figure: the planner, explain and render agree (issue 11 defects)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dunningkit import (
    CHANNEL_SPECS,
    Channel,
    ChannelSpec,
    Creditor,
    UnknownChannelError,
    channel_spec,
    default_policy,
    explain,
    next_actions,
    render,
)
from dunningkit.model._invoice import NEVER_DUNNED
from dunningkit.planning._guardrails import STATUS_SKIPS
from tests.builders import TODAY, Book, d

POLICY = default_policy().model_copy(
    update={"creditor": Creditor(name="Atelier", iban="FR76 3000 4000 0500 0012 3456 789")}
)
NO_EMAIL = {"name": "Compta", "phone": "+33 6 00 00 00 01", "postal_address": "1 rue du Four"}


def test_after_a_bounce_the_planner_does_not_propose_the_same_channel_again() -> None:
    # bad_payer reminder_1: email, then sms, then letter. No email: the SMS goes...
    book = Book().customer(segment="bad_payer", contacts=[NO_EMAIL]).invoice("F1", due=d(-1))
    (first,) = next_actions(book.build(), TODAY).actions
    assert (first.step_id, first.channel) == ("reminder_1", Channel.SMS)
    # ...and bounces: the next plan moves on to the letter, never the SMS again.
    book.event("C1", ["F1"], "reminder_1", TODAY, channel="sms", outcome="bounced")
    (second,) = next_actions(book.build(), d(1)).actions
    assert (second.step_id, second.channel) == ("reminder_1", Channel.LETTER)
    assert any(r.code == "bounced" for r in second.why)
    assert second.key != first.key  # a new attempt


def test_a_partially_accepted_invoice_is_asked_and_rendered_for_its_accepted_part() -> None:
    book = Book().customer(segment="good_payer")
    book.invoice(
        "F1", due=d(-10), amount="1000.00", status="partially_accepted", accepted_amount="900.00"
    )
    portfolio = book.build()
    (action,) = next_actions(portfolio, TODAY, POLICY).actions
    assert action.amount_due == Decimal("900.00")
    message = render(action, portfolio, POLICY)
    assert "900" in message.body
    assert "1,000" not in message.body
    assert "1 000" not in message.body
    assert portfolio.open_amount("F1", TODAY) == Decimal("900.00")
    assert portfolio.outstanding_amount("F1", TODAY) == Decimal("1000.00")
    (item,) = explain(portfolio, TODAY, "C1", POLICY).invoices
    assert item.open_amount == Decimal("900.00")


def test_each_instalment_is_late_from_its_own_due_date_everywhere() -> None:
    # Two instalments: the first due 64 days ago is paid, the second fell due 4 days ago.
    book = Book().customer(segment="good_payer")
    book.invoice(
        "F1",
        due=d(-64),
        issued=d(-94),
        amount="1000.00",
        installments=[
            {"due_date": d(-64), "amount": "500.00"},
            {"due_date": d(-4), "amount": "500.00"},
        ],
    )
    book.pay("F1", d(-60), "500.00")
    portfolio = book.build()
    assert portfolio.due_now("F1", TODAY) == (d(-4), Decimal("500.00"))
    assert portfolio.days_overdue("F1", TODAY) == 4
    (action,) = next_actions(portfolio, TODAY, POLICY).actions
    (item,) = explain(portfolio, TODAY, "C1", POLICY).invoices
    assert (item.days_overdue, item.due_date) == (4, d(-4))
    body = render(action, portfolio, POLICY).body
    assert "64" not in body


def test_every_channel_has_a_spec_and_an_unknown_one_is_an_error_not_missing_data() -> None:
    assert set(CHANNEL_SPECS) == set(Channel)
    assert all(isinstance(spec, ChannelSpec) for spec in CHANNEL_SPECS.values())
    assert channel_spec("phone").capacity_limited
    assert channel_spec(Channel.LETTER).contact_field == "postal_address"
    with pytest.raises(UnknownChannelError, match="fax"):
        channel_spec("fax")
    customer = Book().customer().build().customers[0]
    with pytest.raises(UnknownChannelError):
        customer.has_channel_data("fax")  # type: ignore[arg-type]


def test_one_list_of_never_dunned_statuses() -> None:
    assert set(STATUS_SKIPS) == NEVER_DUNNED


def test_preferred_channels_go_first_among_the_steps_channels() -> None:
    contact = {"name": "A", "email": "a@example.com", "postal_address": "1 rue du Four"}
    book = Book().customer(segment="good_payer", contacts=[contact], preferred_channels=["letter"])
    book.invoice("F1", due=d(-5))
    (action,) = next_actions(book.build(), TODAY).actions
    assert action.channel is Channel.LETTER  # reminder_1: email, falls back to letter
    # A preference never adds a channel the step does not list.
    book = (
        Book().customer(segment="good_payer", preferred_channels=["sms"]).invoice("F1", due=d(-5))
    )
    (action,) = next_actions(book.build(), TODAY).actions
    assert action.channel is Channel.EMAIL


def test_skips_are_lazy_rows_that_behave_as_a_sequence() -> None:
    book = Book().customer(segment="good_payer")
    for n in range(5):
        book.invoice(f"F{n}", due=d(10 + n))
    plan = next_actions(book.build(), TODAY)
    assert len(plan.skipped) == 5
    assert [s.invoice_id for s in plan.skipped] == [f"F{n}" for n in range(5)]
    assert plan.skipped[0] == next(iter(plan.skipped))
    assert plan.skipped == tuple(plan.skipped)
    assert plan.skipped[1:3] == tuple(plan.skipped)[1:3]
    assert dict(plan.skip_counts()) == {"not_due": 5}
    assert plan == next_actions(book.build(), TODAY)
    assert plan.to_dict()["skipped"][0]["reason"] == "not_due"


def test_the_json_schema_describes_the_plans_json() -> None:
    from dunningkit import Plan  # noqa: PLC0415

    schema = Plan.json_schema()
    assert set(schema["properties"]) >= {"today", "actions", "skipped", "segments"}
    assert "Action" in schema["$defs"]
