"""The guardrails and the day each one changes: one table (``GUARDRAILS``), read by
``blocked()``'s order, the review dates and their calendar."""

from __future__ import annotations

import ast
import inspect
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from dunningkit import Policy, Portfolio, next_actions
from dunningkit.book._portfolio import ledger_of
from dunningkit.planning import _guardrails
from dunningkit.planning._guardrails import GUARDRAIL_REASONS, GUARDRAILS, STATUS_SKIPS
from dunningkit.planning._results import SkipReason
from dunningkit.planning._review import calendar_of
from dunningkit.testing import policies, portfolios

TODAY = date(2026, 1, 1)


def _reasons_in_blocked() -> list[SkipReason]:
    """The skip reasons ``blocked()`` can give, in the order its code returns them."""
    source = inspect.getsource(_guardrails.blocked)
    found: list[tuple[int, int, SkipReason]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and getattr(node.value, "id", "") == "SkipReason":
            found.append((node.lineno, node.col_offset, SkipReason[node.attr]))
        elif isinstance(node, ast.Name) and node.id == "STATUS_SKIPS":
            found.extend(
                (node.lineno, node.col_offset + n, reason)
                for n, (reason, _) in enumerate(STATUS_SKIPS.values())
            )
    return [reason for *_, reason in sorted(found)]


def test_the_table_holds_every_guardrail_of_blocked_in_its_order() -> None:
    assert [g.reason for g in GUARDRAILS] == _reasons_in_blocked()
    assert frozenset(_reasons_in_blocked()) == GUARDRAIL_REASONS
    assert SkipReason.NOT_DUE not in GUARDRAIL_REASONS  # decided by the timing, later


def _guardrail_of(book: Portfolio, day: date, policy: Policy) -> dict[str, SkipReason | None]:
    plan = next_actions(book, day, policy)
    found: dict[str, SkipReason | None] = {}
    for skip in plan.skipped:
        found[skip.invoice_id] = skip.reason if skip.reason in GUARDRAIL_REASONS else None
    return found


@settings(max_examples=25)
@given(
    portfolios(max_customers=3, max_invoices=4, spread_days=60),
    policies(),
    st.integers(-40, 40).map(lambda n: TODAY + timedelta(days=n)),
)
def test_a_guardrail_changes_only_on_a_day_of_the_calendar(
    book: Portfolio, policy: Policy, start: date
) -> None:
    """Whenever an invoice's guardrail skip changes from one day to the next, the next
    day is in its customer's plan calendar (the table's days and the record dates)."""
    ledger = ledger_of(book)
    calendars = {e.id: set(calendar_of(e, policy).plan) for e in ledger.customers}
    customer_of = {row.id: e.id for e in ledger.customers for row in e.rows}
    before = _guardrail_of(book, start, policy)
    for n in range(1, 30):
        day = start + timedelta(days=n)
        after = _guardrail_of(book, day, policy)
        for invoice_id in before.keys() & after.keys():
            if before[invoice_id] != after[invoice_id]:
                assert day in calendars[customer_of[invoice_id]], (invoice_id, day)
        before = after
