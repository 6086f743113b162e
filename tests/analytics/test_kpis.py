"""The headline figures in one pass agree with each figure."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from dunningkit import (
    average_days_delinquent,
    best_possible_dso,
    cei,
    collection_rate,
    dso,
    kpis,
)
from tests.analytics.books import main_book
from tests.builders import TODAY

D = Decimal


def test_kpis_agree_with_each_figure() -> None:
    book = main_book()
    start = TODAY - timedelta(days=90)
    k = kpis(book, TODAY)
    assert k.receivables == {"EUR": D("1450.00"), "GBP": D("800.00")}
    assert k.overdue == {"EUR": D("1200.00"), "GBP": D("800.00")}
    assert k.overdue_share == {"EUR": D("82.8"), "GBP": D("100.0")}
    assert k.dso == dso(book, TODAY)
    assert k.best_possible_dso == best_possible_dso(book, TODAY)
    assert k.average_days_delinquent == average_days_delinquent(book, TODAY)
    assert k.cei == cei(book, start, TODAY)
    assert k.collection_rate == collection_rate(book, start, TODAY)
    assert (k.open_invoices, k.overdue_invoices, k.customers_overdue) == (5, 4, 2)
    assert k.dispute_rate == D("0.000")
    assert k.promise_kept_rate is None
    assert k.to_dict()["dso"] == {"EUR": "87.0", "GBP": "90.0"}
    assert {"figure": "dso", "currency": "EUR", "value": D("87.0")} in k.rows()
