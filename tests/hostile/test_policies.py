"""Nonsense policy values are refused at load, each with its key, never planned with
(and never an internal error)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dunningkit import load_policy, next_actions
from dunningkit.errors import PolicyError
from tests.builders import TODAY, Book, d

NONSENSE = {
    "weekend-8": ("[calendar]\nweekend = [8, 0]\n", "weekend"),
    "weekend-all": ("[calendar]\nweekend = [1, 2, 3, 4, 5, 6, 7]\n", "weekend"),
    "rate-zero": ("[exchange_rates]\nUSD = 0\n", "exchange_rates"),
    "rate-negative": ("[exchange_rates]\nUSD = -1\n", "exchange_rates"),
    "rate-nan": ("[exchange_rates]\nUSD = nan\n", "exchange_rates"),
    "rate-inf": ("[exchange_rates]\nUSD = inf\n", "exchange_rates"),
    "risk-nan": ("[segment_risk]\nat_risk = nan\n", "segment_risk"),
    "risk-negative": ("[segment_risk]\nat_risk = -2.0\n", "segment_risk"),
    "minimum-nan": ("min_open_amount = nan\n", "min_open_amount"),
    "minimum-by-currency-inf": ("[min_open_amount_by_currency]\nEUR = inf\n", "min_open_amount"),
    "days-huge": ("min_days_between_contacts = 100000000000\n", "min_days_between_contacts"),
    "grace-huge": ("payment_sent_grace_days = 99999999999\n", "payment_sent_grace_days"),
    "promise-huge": ("promise_grace_days = 99999999999\n", "promise_grace_days"),
    "warning-huge": ("limitation_warning_days = 99999999999\n", "limitation_warning_days"),
    "capacity-huge": ("phone_capacity_per_day = 1e300\n", "phone_capacity_per_day"),
    "deep-toml": ("a = " + "[" * 5000 + "]" * 5000 + "\n", ""),
    "deep-tables": ("x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n", ""),
}


@pytest.mark.parametrize(("text", "key"), NONSENSE.values(), ids=list(NONSENSE))
def test_nonsense_is_refused_at_load(text: str, key: str, tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text(text)
    with pytest.raises(PolicyError) as refused:
        load_policy(path)
    assert key in str(refused.value)


def test_sound_bounds_still_plan(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text(
        "min_days_between_contacts = 0\n[calendar]\nweekend = [5, 6, 7]\n"
        "[exchange_rates]\nUSD = 0.92\n[segment_risk]\nat_risk = 0\n"
    )
    policy = load_policy(path)
    portfolio = Book().customer("C1").invoice("F1", "C1", due=d(-20)).build()
    assert next_actions(portfolio, TODAY, policy).today == TODAY
