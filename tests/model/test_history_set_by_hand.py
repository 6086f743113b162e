"""What the history makes of a step set by hand: a placement, not a contact nor a bounce."""

from __future__ import annotations

from datetime import date

from dunningkit import DunningEvent
from dunningkit.model._history import DONE_OUTCOMES, EventOutcome, histories


def _event(n: int, step: str, on: date, outcome: str) -> DunningEvent:
    return DunningEvent.model_validate(
        {
            "id": f"E{n}",
            "customer_id": "C1",
            "invoice_ids": ["F1"],
            "date": on,
            "step_id": step,
            "channel": "email",
            "outcome": outcome,
        }
    )


def test_set_by_hand_is_kept_apart_from_sendings_and_bounces() -> None:
    events = [
        _event(1, "r1", date(2026, 1, 13), "sent"),
        _event(2, "r2", date(2026, 1, 15), "set_by_hand"),
        _event(3, "r3", date(2026, 1, 20), "sent"),
        _event(4, "r3", date(2026, 1, 27), "answered"),
        _event(5, "r1", date(2026, 2, 1), "set_by_hand"),
    ]
    found = histories(events, date(2026, 1, 31))["F1"]
    assert found.set_by_hand == [(date(2026, 1, 15), "r2")]  # 02-01 is after the day
    assert found.bounced == {}
    assert found.done == {"r1": date(2026, 1, 13), "r3": date(2026, 1, 27)}
    assert found.done_on["r3"] == [date(2026, 1, 20), date(2026, 1, 27)]


def test_set_by_hand_is_no_contact() -> None:
    assert EventOutcome.SET_BY_HAND not in DONE_OUTCOMES
