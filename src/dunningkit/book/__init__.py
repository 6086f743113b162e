"""The portfolio, its lookups and the one definition of every figure read from it."""

from dunningkit.book._customer_book import CustomerBook
from dunningkit.book._portfolio import Portfolio, PortfolioBuilder
from dunningkit.book._promises import DEFAULT_PROMISE_GRACE_DAYS, PromiseOutcome, promise_outcome

__all__ = [
    "DEFAULT_PROMISE_GRACE_DAYS",
    "CustomerBook",
    "Portfolio",
    "PortfolioBuilder",
    "PromiseOutcome",
    "promise_outcome",
]
