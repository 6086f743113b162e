"""User code against dunningkit's public API, checked by ``mypy --strict`` and run.

Written as a user writes it: only public names (``dunningkit``, ``dunningkit.errors``,
``dunningkit.loaders``, ``dunningkit.testing``), no private module. Every value a
caller relies on is pinned with :func:`typing.assert_type`, so a public signature or
return type that changes fails ``tests/architecture/test_typing.py`` (which runs mypy
on this file); the same test runs the file, so what it shows keeps working too.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import assert_type

from hypothesis import given, settings

import dunningkit
from dunningkit import (
    Action,
    ChannelSender,
    Contact,
    Customer,
    DunningEvent,
    Explanation,
    InMemorySender,
    Invoice,
    Message,
    Payment,
    Plan,
    Policy,
    Portfolio,
    Skip,
    default_policy,
    explain,
    load_policy,
    next_actions,
    render,
)
from dunningkit.errors import (
    DunningkitError,
    InvalidPortfolioError,
    PolicyError,
    Problem,
    UnknownRecordError,
)
from dunningkit.loaders import dump_json, load_json, load_portfolio
from dunningkit.testing import Violation, assert_plan_ok, check_plan, policies, portfolios

TODAY = date(2026, 3, 16)


def build_book() -> Portfolio:
    """A book built from typed records, as an ERP export would be."""
    customer = Customer(
        id="C1",
        name="Boulangerie Dupont",
        contacts=(Contact(name="Claire Martin", email="claire@example.com"),),
    )
    invoice = Invoice(
        id="F1",
        customer_id="C1",
        issue_date=date(2026, 1, 1),
        due_date=date(2026, 1, 31),
        amount=Decimal("1200.00"),
        currency="EUR",
    )
    payment = Payment(
        id="P1", invoice_id="F1", date=date(2026, 2, 10), amount=Decimal("200.00"), currency="EUR"
    )
    book = Portfolio(customers=(customer,), invoices=(invoice,), payments=(payment,))
    assert_type(book.customer("C1"), Customer)
    assert_type(book.open_amount("F1", TODAY), Decimal)
    assert_type(book.balance("C1", TODAY), dict[str, Decimal])
    assert book.open_amount("F1", TODAY) == Decimal("1000.00")
    return book


def plan_and_explain(book: Portfolio, policy: Policy) -> Plan:
    """The day's plan, its actions and skips, and why."""
    plan = next_actions(book, TODAY, policy)
    assert_type(plan, Plan)
    assert_type(plan.today, date)
    assert_type(plan.segments, Mapping[str, str])
    for action in plan.actions:
        assert_type(action, Action)
        assert_type(action.invoice_ids, tuple[str, ...])
        assert_type(action.amount_due, Decimal)
    for skip in plan.skipped:
        assert_type(skip, Skip)
    why = explain(book, TODAY, "C1", policy)
    assert_type(why, Explanation)
    assert_type(str(why), str)
    assert why.customer_id == "C1"
    return plan


def render_and_dispatch(book: Portfolio, plan: Plan, policy: Policy) -> list[DunningEvent]:
    """Messages for the plan's actions, sent through the in-memory sender."""
    for action in plan.actions:
        message = render(action, book, policy, today=TODAY)
        assert_type(message, Message)
        assert_type(message.subject, str)
        assert_type(message.to, str | None)
    sender = InMemorySender()
    senders: dict[str, ChannelSender] = {"email": sender}
    approved = {a.key for a in plan.actions}
    events = dunningkit.dispatch(
        plan,
        book,
        senders,
        approved=approved,
        today=TODAY,
        renderer=lambda action, portfolio: render(action, portfolio, policy, today=TODAY),
    )
    assert_type(events, list[DunningEvent])
    assert_type(sender.messages, list[Message])
    assert len(sender.messages) == len(events) == len(plan.actions)
    return events


def policies_from_files(folder: Path) -> Policy:
    """The shipped policy, and one read from a file a user wrote."""
    policy = default_policy()
    assert_type(policy, Policy)
    path = folder / "policy.toml"
    creditor = 'name = "Fournitures Martin SAS"\naddress = "1 rue X, Lyon"\niban = "FR76 3000"\n'
    path.write_text(f"[creditor]\n{creditor}", encoding="utf-8")
    loaded = load_policy(path)
    assert_type(loaded, Policy)
    assert loaded.creditor.name == "Fournitures Martin SAS"
    return loaded


def errors_caught_by_class(book: Portfolio, folder: Path) -> list[str]:
    """Every error is a DunningkitError and the builtin it stands for."""
    caught: list[str] = []
    try:
        book.customer("NOPE")
    except UnknownRecordError as error:
        assert_type(error.record_id, str)
        caught.append(type(error).__name__)
    bad = folder / "bad.json"
    bad.write_text('{"customers": [{"id": "C1"}]}', encoding="utf-8")
    try:
        load_json(bad)
    except InvalidPortfolioError as error:
        assert_type(error.problems, tuple[Problem, ...])
        caught.append(type(error).__name__)
    wrong = folder / "wrong.toml"
    wrong.write_text("max_contacts_per_week = 'many'\n", encoding="utf-8")
    try:
        load_policy(wrong)
    except PolicyError as error:
        caught.append(type(error).__name__)
    try:
        book.invoice("NOPE")
    except LookupError as error:  # the builtin an UnknownRecordError also is
        caught.append("LookupError" if isinstance(error, DunningkitError) else repr(error))
    return caught


def loaders_round_trip(book: Portfolio, folder: Path) -> Portfolio:
    """A book written to JSON and read back, by the JSON loader and the one for any file."""
    path = folder / "book.json"
    text = dump_json(book, path)
    assert_type(text, str)
    again = load_portfolio(path)
    assert_type(again, Portfolio)
    assert_type(load_json(path), Portfolio)
    assert again == book
    return again


@settings(max_examples=5, database=None)
@given(portfolios(max_customers=2, max_invoices=2, today=TODAY), policies())
def plans_hold_their_guarantees(book: Portfolio, policy: Policy) -> None:
    """dunningkit.testing: generated books and policies, and the planner's guarantees."""
    plan = next_actions(book, TODAY, policy)
    violations = check_plan(plan, book, TODAY, policy)
    assert_type(violations, list[Violation])
    assert violations == []
    assert_plan_ok(plan, book, TODAY, policy)


def main() -> None:
    """Run every part, as a user's script would."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        book = build_book()
        policy = policies_from_files(folder)
        plan = plan_and_explain(book, policy)
        render_and_dispatch(book, plan, policy)
        caught = errors_caught_by_class(book, folder)
        assert caught == [
            "UnknownRecordError",
            "InvalidPortfolioError",
            "PolicyError",
            "LookupError",
        ], caught
        loaders_round_trip(book, folder)
    plans_hold_their_guarantees()


if __name__ == "__main__":
    main()
