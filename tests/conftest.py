"""Hypothesis profiles and fixtures; every builder and named day lives in tests/builders.py."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date

import pytest
from hypothesis import HealthCheck, settings

# Builders live in tests/builders.py; these names stay importable from here for old code.
from dunningkit.planning._engine import Engine
from dunningkit.planning._plan import Plan, check_results
from tests.builders import TODAY, customer, invoice, payment

__all__ = ["customer", "invoice", "payment", "today"]

# Two strengths of the same properties. "dev" (the default) keeps a developer's loop
# and the README's test command quick; "ci" (HYPOTHESIS_PROFILE=ci, set by .ci/run)
# runs ten times the examples, so every planner property sees at least 500 books.
# A test's own @settings(max_examples=...) wins over both.
settings.register_profile(
    "dev", max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "ci",
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,  # a failure in CI prints what reproduces it locally
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


@pytest.fixture(scope="session", autouse=True)
def _check_every_plan() -> Iterator[None]:
    """Every plan made by the suite checks that each result carries every field with a
    value of its type (the planner builds results without validation): the engine's
    finishing step is wrapped for the whole session (the library reads no switch)."""
    finish = Engine.finish

    def checked(engine: Engine) -> Plan:
        plan = finish(engine)
        check_results(plan)
        return plan

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Engine, "finish", checked)
        yield


@pytest.fixture
def today() -> date:
    """The suite's one "today" (:data:`tests.builders.TODAY`)."""
    return TODAY
