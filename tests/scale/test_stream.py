"""The streaming planner: same plan as ``next_actions``, bounded by one customer."""

from __future__ import annotations

import json
import tempfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dunningkit import (
    Action,
    Alert,
    BadCustomerError,
    CustomerBook,
    OutOfOrderError,
    Plan,
    Policy,
    Portfolio,
    Skip,
    default_policy,
    dump_jsonl,
    next_actions,
    plan_stream,
    sample_portfolio,
)
from dunningkit.testing import policies, portfolios
from tests.builders import GENERATED_DAY as TODAY

# Books written to files: at most 100 per property (CI runs 500 in memory).
FILES = settings(max_examples=min(100, settings().max_examples))
books = portfolios(max_customers=5, max_invoices=5, currencies=("EUR", "USD"))
days = st.integers(-60, 120).map(lambda n: TODAY + timedelta(days=n))


def collect(source: object, today: date, policy: Policy | None = None, **kw: object):
    found: list[Action | Skip] = []
    alerts: list[Alert] = []
    summary = plan_stream(source, today, policy, sink=found.append, alerts=alerts.append, **kw)  # type: ignore[arg-type]
    assert summary.alerts == len(alerts)
    return (*ordered(found), alerts), summary


def ordered(found: list[Action | Skip]) -> tuple[tuple[Action, ...], list[Skip]]:
    """Results in a plan's order."""
    actions = sorted(
        (r for r in found if isinstance(r, Action)),
        key=lambda a: (a.scheduled_for, -a.priority, a.customer_id, a.step_id, a.key),
    )
    skips = sorted(
        (r for r in found if isinstance(r, Skip)), key=lambda s: (s.customer_id, s.invoice_id)
    )
    return tuple(actions), skips


def assert_same(plan: Plan, streamed: tuple[object, ...]) -> None:
    actions, skips, *alerts = streamed
    if alerts:
        key = lambda a: (a.customer_id, a.invoice_id or "", a.code, a.message)  # noqa: E731
        assert sorted(alerts[0], key=key) == sorted(plan.alerts, key=key)
    assert actions == plan.actions
    assert [a.key for a in actions] == [a.key for a in plan.actions]
    assert [a.why for a in actions] == [a.why for a in plan.actions]
    assert plan.skipped == skips


@given(books, days, policies())
def test_streamed_plan_equals_the_in_memory_plan(book: Portfolio, today: date, policy: Policy):
    streamed, summary = collect(list(CustomerBook.split(book)), today, policy)
    assert_same(next_actions(book, today, policy), streamed)
    assert summary.customers_read == len(book.customers)
    assert summary.invoices_read == len(book.invoices)


@FILES
@given(books, days, policies())
def test_a_dumped_file_streams_back_to_the_same_plan(
    book: Portfolio, today: date, policy: Policy
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "book.jsonl"
        dump_jsonl(book, path)
        streamed, summary = collect(path, today, policy)
    assert_same(next_actions(book, today, policy), streamed)
    records = sum(len(getattr(book, s)) for s in ("customers", "invoices", "payments"))
    records += len(book.promises) + len(book.events)
    assert summary.records_read == summary.records_planned == records


@pytest.mark.parametrize("capacity", [None, 0, 1, 2])
def test_sample_book_streams_to_the_same_plan(tmp_path: Path, capacity: int | None) -> None:
    today = date(2026, 3, 2)
    book = sample_portfolio(today)
    policy = default_policy().model_copy(update={"phone_capacity_per_day": capacity})
    plan = next_actions(book, today, policy)
    assert_same(plan, collect(list(CustomerBook.split(book)), today, policy)[0])
    dump_jsonl(book, tmp_path / "book.jsonl")
    streamed, summary = collect(tmp_path / "book.jsonl", today, policy)
    assert_same(plan, streamed)
    assert summary.actions == len(plan.actions)
    assert summary.skips == len(plan.skipped)
    assert summary.skips_by_reason == {str(k): v for k, v in plan.skip_counts().items()}
    by_channel: dict[str, int] = {}
    for action in plan.actions:
        by_channel[str(action.channel)] = by_channel.get(str(action.channel), 0) + 1
    assert summary.actions_by_channel == dict(sorted(by_channel.items()))
    assert sum(summary.actions_by_segment.values()) == summary.actions


def test_one_shot_iterator_needs_the_revenue() -> None:
    today = date(2026, 3, 2)
    book = sample_portfolio(today)
    # A one-shot iterator is spilled to disk in the first pass: same plan.
    spilled: list[Action | Skip] = []
    plan_stream(CustomerBook.split(book), today, sink=spilled.append)
    assert_same(next_actions(book, today), ordered(spilled))
    settings = default_policy().segmentation.model_copy(update={"reference_currency": "EUR"})
    policy = default_policy().model_copy(update={"segmentation": settings})
    known = plan_stream(list(CustomerBook.split(book)), today, policy)
    revenue = sum(
        (
            i.amount if not i.is_credit_note else -i.amount
            for i in book.invoices
            if i.currency == "EUR"
            and today - timedelta(days=364) <= i.issue_date <= today
            and i.status not in {"cancelled", "rejected"}
        ),
        Decimal(0),
    )
    found: list[Action | Skip] = []
    once = plan_stream(CustomerBook.split(book), today, policy, revenue=revenue, sink=found.append)
    assert_same(next_actions(book, today, policy), ordered(found))
    assert once.actions_by_segment == known.actions_by_segment


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def _write(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def test_records_out_of_order_are_named_with_file_and_line(tmp_path: Path) -> None:
    today = date(2026, 3, 2)
    dump_jsonl(sample_portfolio(today), tmp_path / "book.jsonl")
    lines = _lines(tmp_path / "book.jsonl")
    # Move an invoice without payments (of an early customer) to the end of the file.
    paid = {r["invoice_id"] for r in lines if r["type"] == "payment"}
    first = next(i for i, r in enumerate(lines) if r["type"] == "invoice" and r["id"] not in paid)
    moved = lines.pop(first)
    lines.append(moved)
    path = _write(tmp_path / "shuffled.jsonl", lines)
    with pytest.raises(OutOfOrderError, match=rf"shuffled.jsonl: line {len(lines)}:"):
        plan_stream(path, today)
    # An external sort reads it all the same, to the same plan.
    streamed, _ = collect(path, today, external_sort=True)
    assert_same(next_actions(sample_portfolio(today), today), streamed)


def test_bad_customer_lists_every_problem_with_file_line_and_field(tmp_path: Path) -> None:
    today = date(2026, 3, 2)
    book = sample_portfolio(today)
    dump_jsonl(book, tmp_path / "book.jsonl")
    lines = _lines(tmp_path / "book.jsonl")
    victim = lines[0]["id"]
    bad = [i for i, r in enumerate(lines) if r["type"] == "invoice" and r["customer_id"] == victim][
        :2
    ]
    lines[bad[0]]["amount"] = "-5"
    lines[bad[1]]["due_date"] = "2026-02-31"
    path = _write(tmp_path / "bad.jsonl", lines)
    with pytest.raises(BadCustomerError) as caught:
        plan_stream(path, today)
    error = caught.value
    assert error.customer_id == victim
    messages = sorted(str(p) for p in error.problems)
    assert len(messages) == 2
    assert any(f"bad.jsonl line {bad[0] + 1}" in m and "field amount" in m for m in messages)
    assert any(f"bad.jsonl line {bad[1] + 1}" in m and "field due_date" in m for m in messages)

    found: list[Action | Skip] = []
    summary = plan_stream(
        path, today, sink=found.append, skip_bad_customers=True, errors=tmp_path / "errors.jsonl"
    )
    errors = _lines(tmp_path / "errors.jsonl")
    assert {e["customer_id"] for e in errors} == {victim}
    assert len(errors) == 2
    assert summary.customers_rejected == 1
    assert summary.customers_read == summary.customers_planned + 1 == len(book.customers)
    assert summary.records_read == summary.records_planned + summary.records_rejected
    assert summary.records_read == len(lines)
    assert all(r.customer_id != victim for r in found)
    rest = Portfolio.model_validate(
        {
            "customers": [c for c in book.customers if c.id != victim],
            "invoices": [i for i in book.invoices if i.customer_id != victim],
            "payments": [
                p for p in book.payments if book.invoice(p.invoice_id).customer_id != victim
            ],
            "promises": [p for p in book.promises if p.customer_id != victim],
            "events": [e for e in book.events if e.customer_id != victim],
        }
    )
    assert_same(next_actions(rest, today), ordered(found))


def test_a_line_that_is_no_record_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "book.jsonl"
    path.write_text(
        '{"type":"customer","id":"C1","name":"A"}\n'
        "not json\n"
        '{"type":"invoice","id":"F1","customer_id":"C1","issue_date":"2026-01-01",'
        '"due_date":"2026-01-31","currency":"EUR","amount":"10"}\n'
        '{"type":"payment","id":"P1","invoice_id":"F9","date":"2026-01-02",'
        '"amount":"1","currency":"EUR"}\n'
    )
    with pytest.raises(BadCustomerError) as caught:
        plan_stream(path, date(2026, 3, 2))
    text = "\n".join(str(p) for p in caught.value.problems)
    assert "book.jsonl line 2" in text
    assert "payment P1, field invoice_id" in text
    assert "book.jsonl line 4" in text


@pytest.mark.parametrize("kind", ["jsonl", "csv", "tagged"])
def test_path_sinks_write_every_result(tmp_path: Path, kind: str) -> None:
    today = date(2026, 3, 2)
    book = sample_portfolio(today)
    plan = next_actions(book, today)
    source = list(CustomerBook.split(book))
    if kind == "tagged":
        plan_stream(source, today, sink=tmp_path / "plan.jsonl")
        lines = _lines(tmp_path / "plan.jsonl")
        assert sorted(line["key"] for line in lines if line["type"] == "action") == sorted(
            a.key for a in plan.actions
        )
        assert sum(line["type"] == "skip" for line in lines) == len(plan.skipped)
        return
    plan_stream(source, today, sink=tmp_path / "out", sink_format=kind)
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    alerts = ["alerts.jsonl"] if plan.alerts else []  # alerts are few: always JSON Lines
    assert plan.alerts  # the sample's customer in receivership: its claims to declare
    assert names == sorted([f"actions.{kind}", f"skipped.{kind}", *alerts])
    assert len(_lines(tmp_path / "out" / "alerts.jsonl")) == len(plan.alerts)
    actions = (tmp_path / "out" / f"actions.{kind}").read_text().splitlines()
    skips = (tmp_path / "out" / f"skipped.{kind}").read_text().splitlines()
    header = 1 if kind == "csv" else 0
    assert len(actions) - header == len(plan.actions)
    assert len(skips) - header == len(plan.skipped)
    if kind == "jsonl":
        assert [json.loads(a)["key"] for a in actions] != []
        assert {json.loads(a)["key"] for a in actions} == {a.key for a in plan.actions}


def test_a_failed_run_leaves_no_file_under_the_final_name(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"type":"customer","id":"C1","name":"A","kind":"alien"}\n')
    with pytest.raises(BadCustomerError):
        plan_stream(path, date(2026, 3, 2), sink=tmp_path / "out")
    assert not (tmp_path / "out" / "actions.jsonl").exists()


def test_a_folder_of_sorted_section_files_streams(tmp_path: Path) -> None:
    today = date(2026, 3, 2)
    book = sample_portfolio(today)
    owner = {i.id: i.customer_id for i in book.invoices}
    for section in ("customers", "invoices", "payments", "promises", "events"):

        def key(record: object, section: str = section) -> tuple[str, str]:
            if section == "customers":
                return record.id, ""  # type: ignore[attr-defined]
            if section == "payments":
                return owner[record.invoice_id], record.invoice_id  # type: ignore[attr-defined]
            return record.customer_id, record.id  # type: ignore[attr-defined]

        records = sorted(getattr(book, section), key=key)
        (tmp_path / f"{section}.jsonl").write_text(
            "".join(r.model_dump_json() + "\n" for r in records)
        )
    streamed, summary = collect(tmp_path, today)
    assert_same(next_actions(book, today), streamed)
    assert summary.customers_read == len(book.customers)
    lines = (tmp_path / "invoices.jsonl").read_text().splitlines()
    lines.append(lines.pop(0))
    (tmp_path / "invoices.jsonl").write_text("\n".join(lines) + "\n")
    with pytest.raises(OutOfOrderError, match=r"invoices\.jsonl line"):
        plan_stream(tmp_path, today)


def test_a_csv_folder_streams(tmp_path: Path) -> None:
    from dunningkit import dump_csv  # noqa: PLC0415

    today = date(2026, 3, 2)
    book = grouped(sample_portfolio(today))
    dump_csv(book, tmp_path, delimiter=";", decimal=",")
    streamed, summary = collect(tmp_path, today)
    assert_same(next_actions(book, today), streamed)
    assert summary.invoices_read == len(book.invoices)
    lines = (tmp_path / "invoices.csv").read_text(encoding="utf-8").splitlines()
    header, first, *rest = lines
    cells = first.split(";")
    cells[CSV_INVOICE_AMOUNT] = "douze"
    (tmp_path / "invoices.csv").write_text("\n".join([header, ";".join(cells), *rest]) + "\n")
    with pytest.raises(BadCustomerError) as caught:
        plan_stream(tmp_path, today)
    assert "invoices.csv line 2" in str(caught.value)
    assert "field amount" in str(caught.value)


@FILES
@given(books, days)
def test_any_dumped_csv_folder_streams_to_the_same_plan(book: Portfolio, today: date) -> None:
    from dunningkit import dump_csv  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as folder:
        dump_csv(book, folder)
        streamed, _ = collect(Path(folder), today)
    assert_same(next_actions(book, today), streamed)


CSV_INVOICE_AMOUNT = 6


def grouped(book: Portfolio) -> Portfolio:
    """The same book, each section's records grouped by customer (in customer order)."""
    rank = {c.id: n for n, c in enumerate(book.customers)}
    owner = {i.id: i.customer_id for i in book.invoices}
    return Portfolio.model_validate(
        {
            "customers": book.customers,
            "invoices": sorted(book.invoices, key=lambda r: rank[r.customer_id]),
            "payments": sorted(book.payments, key=lambda r: rank[owner[r.invoice_id]]),
            "promises": sorted(book.promises, key=lambda r: rank[r.customer_id]),
            "events": sorted(book.events, key=lambda r: rank[r.customer_id]),
        }
    )


def test_alerts_of_claims_about_to_expire_are_kept(tmp_path: Path) -> None:
    book = Portfolio.model_validate(
        {
            "customers": [
                {
                    "id": "C1",
                    "name": "A",
                    "country": "FR",
                    "contacts": [{"name": "X", "email": "a@b.fr"}],
                }
            ],
            "invoices": [
                {
                    "id": "F1",
                    "customer_id": "C1",
                    "issue_date": "2021-02-01",
                    "due_date": "2021-03-01",
                    "currency": "EUR",
                    "amount": "100",
                }
            ],
        }
    )
    today = date(2026, 2, 15)
    plan = next_actions(book, today)
    assert plan.alerts
    streamed, summary = collect(list(CustomerBook.split(book)), today)
    assert_same(plan, streamed)
    assert summary.alerts == len(plan.alerts)
    plan_stream(list(CustomerBook.split(book)), today, sink=tmp_path / "out")
    lines = _lines(tmp_path / "out" / "alerts.jsonl")
    assert [line["invoice_id"] for line in lines] == [a.invoice_id for a in plan.alerts]
