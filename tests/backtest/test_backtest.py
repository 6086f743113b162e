"""Back-testing a policy: what it sends on the history, with approvals, capacity and comparisons."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from dunningkit import (
    Backtest,
    Comparison,
    Portfolio,
    backtest,
    compare,
    load_policy,
)
from dunningkit._sample import sample_policy
from dunningkit.backtest._comparison import format_table
from dunningkit.backtest._replay import replay
from tests.backtest.history import START, TODAY


def test_contacts_are_the_actions_sent_each_on_its_day(book: Portfolio, result: Backtest) -> None:
    sent = [a for d in replay(book, sample_policy(), start=START, end=TODAY) for a in d.sent]
    assert result.total_contacts == len(sent) > 0
    for channel in {str(a.channel) for a in sent}:
        assert result.contacts[channel] == sum(1 for a in sent if str(a.channel) == channel)
    by_day = {d.day: d.total_contacts for d in result.days}
    for day in {a.scheduled_for for a in sent}:
        assert by_day[day] == sum(1 for a in sent if a.scheduled_for == day)
    assert [d.day for d in result.days] == [START + timedelta(days=n) for n in range(91)]


def test_approvals_refused_are_requested_but_not_sent(book: Portfolio) -> None:
    granted = backtest(book, sample_policy(), start=START, end=TODAY)
    refused = backtest(book, sample_policy(), start=START, end=TODAY, approve=False)
    assert granted.approvals_requested > 0
    assert refused.approvals_requested >= granted.approvals_requested
    sent = [
        a
        for d in replay(book, sample_policy(), start=START, end=TODAY, approve=False)
        for a in d.sent
    ]
    assert not any(a.requires_approval for a in sent)


def test_phone_capacity_holds(book: Portfolio) -> None:
    capped = sample_policy().model_copy(update={"phone_capacity_per_day": 2})
    run = backtest(book, capped, start=START, end=TODAY)
    assert run.phone_capacity_per_day == 2
    assert run.peak_daily_calls <= 2
    assert run.days_over_capacity == 0


def test_bad_dates_are_refused(book: Portfolio) -> None:
    with pytest.raises(ValueError, match="before it starts"):
        backtest(book, start=TODAY, end=START)
    with pytest.raises(ValueError, match="every"):
        backtest(book, start=START, end=TODAY, every=0)


def test_compare_puts_policies_side_by_side(book: Portfolio) -> None:
    strict = sample_policy().model_copy(update={"min_days_between_contacts": 2})
    both = compare(book, {"default": sample_policy(), "strict": strict}, start=START, end=TODAY)
    assert isinstance(both, Comparison)
    assert both.baseline == "default"
    rows = {label: (values, diffs) for label, values, diffs in both.rows()}
    values, diffs = rows["contacts"]
    assert values == [both.results["default"].total_contacts, both.results["strict"].total_contacts]
    assert diffs == [values[1] - values[0]]
    assert json.loads(json.dumps(both.to_dict()))["baseline"] == "default"
    table = format_table(both)
    assert "strict vs default" in table
    assert "contacts while payment sent or promised" in table


def test_compare_progress_counts_every_day(book: Portfolio) -> None:
    seen: list[tuple[int, int]] = []
    compare(
        book,
        {"a": sample_policy(), "b": sample_policy()},
        start=TODAY - timedelta(days=9),
        end=TODAY,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen[-1] == (20, 20)
    assert [d for d, _ in seen] == list(range(1, 21))


def test_costs_from_the_policy_file(tmp_path: Path, book: Portfolio) -> None:
    path = tmp_path / "policy.toml"
    path.write_text('[costs]\ncurrency = "EUR"\nemail = 0.5\nphone = 7\n', encoding="utf-8")
    policy = load_policy(path)
    assert policy.costs is not None
    assert policy.costs.email == Decimal("0.5")
    assert policy.costs.letter == Decimal("1.5")  # the default
    run = backtest(book, policy, start=START, end=TODAY)
    assert run.cost["phone"] == run.contacts["phone"] * Decimal(7)
