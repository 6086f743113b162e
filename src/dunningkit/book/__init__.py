"""The portfolio, its lookups and the one definition of every figure read from it."""

from dunningkit.book._customer_book import CustomerBook
from dunningkit.book._portfolio import Portfolio, PortfolioBuilder

__all__ = [
    "CustomerBook",
    "Portfolio",
    "PortfolioBuilder",
]
