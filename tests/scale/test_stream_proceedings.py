"""Proceedings opened after the day: the streamed and partitioned plans refuse them as
``next_actions`` does (every such customer named), or, skipping bad customers, leave
them out and list them."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from dunningkit import (
    Action,
    CustomerBook,
    Portfolio,
    ProceedingsError,
    Skip,
    default_policy,
    next_actions,
    plan_stream,
)
from dunningkit.book._revenue import RevenuePart
from dunningkit.scale._partitioned import CustomerPlanner
from tests.builders import TODAY, Book, d
from tests.scale.test_stream import assert_same, collect


def book(*, future: bool = True) -> Portfolio:
    """C1 and C3 in proceedings opening after TODAY (when ``future``), C2 in force."""
    b = Book()
    later = d(5) if future else d(-5)
    b.customer("C1", proceedings={"kind": "receivership", "opened_on": later})
    b.invoice("F1", "C1", due=d(-8), issued=d(-38))
    b.customer("C2", proceedings={"kind": "safeguard", "opened_on": TODAY})
    b.invoice("F2", "C2", due=d(-8), issued=d(-38))
    b.customer("C3", proceedings={"kind": "liquidation", "opened_on": d(1) if future else d(-1)})
    b.invoice("F3", "C3", due=d(8), issued=d(-22))
    b.customer("C4")
    b.invoice("F4", "C4", due=d(-8), issued=d(-38))
    return b.build()


def refused_ids(error: ProceedingsError) -> list[tuple[str, str]]:
    return [(p.record_id, p.field) for p in error.problems]


@pytest.mark.parametrize("revenue", [None, "0"])
def test_the_stream_names_every_customer_whose_proceedings_open_later(
    revenue: str | None,
) -> None:
    portfolio = book()
    with pytest.raises(ProceedingsError) as in_memory:
        next_actions(portfolio, TODAY)
    policy = default_policy()
    if revenue is not None:  # no revenue pass: the plan pass names them all
        reference = policy.segmentation.model_copy(update={"reference_currency": "EUR"})
        policy = policy.model_copy(update={"segmentation": reference})
    found: list[Action | Skip] = []
    with pytest.raises(ProceedingsError) as streamed:
        plan_stream(
            list(CustomerBook.split(portfolio)),
            TODAY,
            policy,
            sink=found.append,
            revenue=None if revenue is None else Decimal(revenue),
        )
    assert refused_ids(streamed.value) == refused_ids(in_memory.value)
    assert refused_ids(streamed.value) == [
        ("C1", "proceedings.opened_on"),
        ("C3", "proceedings.opened_on"),
    ]
    assert str(streamed.value) == str(in_memory.value)


def test_skipping_bad_customers_lists_them_and_plans_the_others(tmp_path: Path) -> None:
    portfolio = book()
    errors = tmp_path / "errors.jsonl"
    streamed, summary = collect(
        list(CustomerBook.split(portfolio)), TODAY, skip_bad_customers=True, errors=errors
    )
    lines = [json.loads(line) for line in errors.read_text().splitlines()]
    assert [(e["customer_id"], e["field"]) for e in lines] == [
        ("C1", "proceedings.opened_on"),
        ("C3", "proceedings.opened_on"),
    ]
    assert f"open on {d(5)}" in lines[0]["message"]
    assert summary.customers_rejected == 2
    assert summary.customers_read == summary.customers_planned + 2 == 4
    assert summary.records_read == summary.records_planned + summary.records_rejected
    rest = Portfolio.model_validate(
        {
            "customers": [c for c in portfolio.customers if c.id in {"C2", "C4"}],
            "invoices": [i for i in portfolio.invoices if i.customer_id in {"C2", "C4"}],
        }
    )
    assert_same(next_actions(rest, TODAY), streamed)


def test_the_stream_equals_next_actions_once_the_proceedings_are_open() -> None:
    portfolio = book(future=False)
    streamed, _ = collect(list(CustomerBook.split(portfolio)), TODAY)
    assert_same(next_actions(portfolio, TODAY), streamed)


def test_the_partitioned_planner_refuses_them_one_customer_at_a_time() -> None:
    planner = CustomerPlanner(TODAY, None, RevenuePart())
    books = {b.id: b for b in CustomerBook.split(book())}
    with pytest.raises(ProceedingsError) as refused:
        planner.plan(books["C1"], checked=True)
    assert refused_ids(refused.value) == [("C1", "proceedings.opened_on")]
    planned = planner.plan(books["C2"])
    assert [s.invoice_id for s in planned.skips] == ["F2"]
    assert planned.skips[0].reason == "insolvency"


def test_the_dask_plan_refuses_them() -> None:
    bag = pytest.importorskip("dask.bag")
    dask_config = pytest.importorskip("dask").config.set
    ddask = pytest.importorskip("dunningkit.dask")
    books = bag.from_sequence(list(CustomerBook.split(book())), npartitions=1)
    with pytest.raises(ProceedingsError) as refused, dask_config(scheduler="sync"):
        ddask.plan(books, TODAY).compute()
    assert refused_ids(refused.value) == [
        ("C1", "proceedings.opened_on"),
        ("C3", "proceedings.opened_on"),
    ]
