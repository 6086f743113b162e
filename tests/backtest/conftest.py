"""The sample book and its back-test under the sample policy, shared by the modules."""

from __future__ import annotations

import pytest

from dunningkit import Backtest, Portfolio, backtest, sample_portfolio
from dunningkit._sample import sample_policy
from tests.backtest.history import START, TODAY


@pytest.fixture(scope="package")
def book() -> Portfolio:
    return sample_portfolio(TODAY)


@pytest.fixture(scope="package")
def result(book: Portfolio) -> Backtest:
    return backtest(book, sample_policy(), start=START, end=TODAY)
