"""One JSON document, read and written."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from dunningkit import (
    Portfolio,
    dump_json,
    load_csv,
    load_json,
    load_portfolio,
)

FR_EXPORT = Path(__file__).parents[1] / "data" / "fr_export"


def test_json_round_trip_and_exact_decimals(tmp_path: Path) -> None:
    p = load_csv(FR_EXPORT, date_format="DD/MM/YYYY")
    target = tmp_path / "book.json"
    dump_json(p, target)
    assert load_json(target) == p
    assert load_portfolio(target) == p
    big = (
        '{"customers":[{"id":"C","name":"N"}],"invoices":[{"id":"F","customer_id":"C",'
        '"issue_date":"2026-01-01","due_date":"2026-01-01","currency":"EUR",'
        '"amount":123456789012345.67}]}'
    )
    assert Portfolio.model_validate_json(big).invoice("F").amount == Decimal("123456789012345.67")
