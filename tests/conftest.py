from __future__ import annotations

import os
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

# Every plan made by the suite checks that each result carries every field with a
# value of its type (the planner builds results without validation).
os.environ.setdefault("DUNNINGKIT_CHECK_RESULTS", "1")

# CI runs more examples; a developer's loop stays quick.
settings.register_profile(
    "ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "dev", max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


def customer(cid: str = "C1", **extra: Any) -> dict[str, Any]:
    return {"id": cid, "name": f"Customer {cid}", **extra}


def invoice(
    iid: str = "F1",
    cid: str = "C1",
    amount: str = "100.00",
    issue: str = "2026-01-01",
    due: str = "2026-01-31",
    **extra: Any,
) -> dict[str, Any]:
    return {
        "id": iid,
        "customer_id": cid,
        "issue_date": issue,
        "due_date": due,
        "amount": amount,
        "currency": "EUR",
        **extra,
    }


def payment(
    pid: str = "P1", iid: str = "F1", amount: str = "10.00", day: str = "2026-02-01", **extra: Any
) -> dict[str, Any]:
    return {"id": pid, "invoice_id": iid, "date": day, "amount": amount, "currency": "EUR", **extra}


@pytest.fixture
def today() -> date:
    return date(2026, 3, 15)
