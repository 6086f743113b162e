"""Several policies side by side."""

from __future__ import annotations

from datetime import timedelta

import pytest

from dunningkit import (
    Portfolio,
    compare,
)
from dunningkit._sample import sample_policy
from dunningkit._support._money import money_text
from dunningkit.backtest._comparison import format_table
from tests.backtest.history import TODAY


def test_comparison_to_frame_stacks_the_policies(book: Portfolio) -> None:
    pytest.importorskip("pandas")
    both = compare(
        book,
        {"a": sample_policy(), "b": sample_policy()},
        start=TODAY - timedelta(days=9),
        end=TODAY,
    )
    frame = both.to_frame()
    assert sorted(set(frame["policy"])) == ["a", "b"]
    assert len(frame) == 20


def test_the_table_writes_amounts_with_the_one_money_formatter(book: Portfolio) -> None:
    strict = sample_policy().model_copy(update={"min_days_between_contacts": 2})
    both = compare(
        book,
        {"a": sample_policy(), "b": strict},
        start=TODAY - timedelta(days=30),
        end=TODAY,
    )
    total = "total cost (EUR)"
    assert both.money()[total] == "EUR"
    assert "contacts" not in both.money()
    values, diffs = next((v, d) for label, v, d in both.rows() if label == total)
    for locale in ("en_GB", "fr_FR"):
        line = next(x for x in format_table(both, locale).splitlines() if x.startswith(total))
        assert money_text(values[0], "EUR", locale) in line
        assert money_text(values[1], "EUR", locale) in line
        assert f"+{money_text(diffs[0], 'EUR', locale)}" in line
    assert format_table(both) == format_table(both, "en_GB")
