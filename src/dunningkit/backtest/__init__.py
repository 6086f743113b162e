"""Replaying history under a policy: back-test, figures, comparison, response model, HTML."""

from dunningkit.backtest._backtest import backtest, compare
from dunningkit.backtest._comparison import Comparison
from dunningkit.backtest._figures import (
    Backtest,
    DayFigures,
    InvoiceJourney,
    Projection,
    SegmentLoad,
)
from dunningkit.backtest._response import BookResponse, ResponseModel

__all__ = [
    "Backtest",
    "BookResponse",
    "Comparison",
    "DayFigures",
    "InvoiceJourney",
    "Projection",
    "ResponseModel",
    "SegmentLoad",
    "backtest",
    "compare",
]
