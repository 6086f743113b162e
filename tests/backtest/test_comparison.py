"""Several policies side by side."""

from __future__ import annotations

from datetime import timedelta

import pytest

from dunningkit import (
    Portfolio,
    compare,
)
from dunningkit._sample import sample_policy
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
