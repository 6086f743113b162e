"""The streaming planner: a book larger than memory, planned one customer at a time.

``plan_stream(source, today)`` reads a book as customer batches
(:class:`~dunningkit.CustomerBook`), plans each one as ``next_actions`` would, hands
its actions and skips to a sink and forgets them: memory is bounded by the largest
customer, plus one small row per candidate phone call. Two passes over the source:

1. the book's revenue over the segmentation window (the one figure a customer's
   segment reads from the rest of the book), a sum over customers;
2. the plan, customer by customer; the calls are kept aside, and the day's phone
   capacity is applied over them at the end (it ranks calls across customers).

The result equals ``next_actions`` on the same book loaded in memory: same actions,
same keys, same skips (the sink sees them grouped by customer, calls last; sort them
as :class:`~dunningkit.Plan` does to compare).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from pydantic import BaseModel, Field

from dunningkit.book._customer_book import CustomerBook
from dunningkit.book._revenue import BookRevenue, RevenuePart
from dunningkit.errors import BadCustomerError, Problem, ProceedingsError
from dunningkit.io._stream_io import Batch, Source
from dunningkit.io._stream_sources import Reader, batches
from dunningkit.model._types import MODEL_CONFIG
from dunningkit.planning._capacity import Call
from dunningkit.planning._insolvency import opened_problems
from dunningkit.planning._results import Action, Alert, Skip
from dunningkit.policy._policy import Policy, default_policy
from dunningkit.scale._partitioned import CustomerPlanner, day_calls, revenue_of
from dunningkit.scale._sinks import ErrorLog, Sink, SinkTarget, open_sink

__all__ = ["PlanSummary", "plan_book_batches", "plan_stream", "read_books"]

Progress = Callable[[str, int, int | None], None]
"""Called after each customer with the pass (``revenue`` or ``plan``), the invoices
read so far in that pass, and the invoices to read when known (in the ``plan`` pass,
once the ``revenue`` pass counted them)."""


class PlanSummary(BaseModel):
    """What a streamed plan did; nothing read is left out of the counts.

    ``customers_read == customers_planned + customers_rejected`` and
    ``records_read == records_planned + records_rejected``.
    """

    model_config = MODEL_CONFIG

    today: date
    actions: int = Field(description="actions written")
    actions_by_channel: dict[str, int]
    actions_by_segment: dict[str, int]
    skips: int = Field(description="skips written")
    skips_by_reason: dict[str, int]
    customers_read: int
    customers_planned: int
    customers_rejected: int = Field(description="customers left out for bad records")
    invoices_read: int
    records_read: int = Field(description="records of every section, bad ones included")
    records_planned: int
    records_rejected: int
    calls_considered: int = Field(description="calls ranked in the capacity pass")
    alerts: int = Field(
        default=0, description="alerts written (claims about to expire: Plan.alerts)"
    )
    seconds: float = Field(description="wall time of the whole run, both passes")


class _Counts:
    __slots__ = (
        "alerts",
        "by_channel",
        "by_reason",
        "by_segment",
        "calls",
        "customers",
        "invoices",
        "planned",
        "records",
        "records_planned",
        "rejected",
        "rejected_records",
    )

    def __init__(self) -> None:
        self.by_channel: dict[str, int] = {}
        self.by_segment: dict[str, int] = {}
        self.by_reason: dict[str, int] = {}
        self.customers = self.planned = self.rejected = self.calls = self.alerts = 0
        self.invoices = self.records = self.records_planned = self.rejected_records = 0

    def action(self, action: Action) -> None:
        channel = str(action.channel)
        self.by_channel[channel] = self.by_channel.get(channel, 0) + 1
        self.by_segment[action.segment] = self.by_segment.get(action.segment, 0) + 1

    def skip(self, skip: Skip) -> None:
        reason = str(skip.reason)
        self.by_reason[reason] = self.by_reason.get(reason, 0) + 1

    def summary(self, today: date, started: float) -> PlanSummary:
        """The counts as a :class:`PlanSummary` of a run started at ``started``."""
        return PlanSummary(
            today=today,
            actions=sum(self.by_channel.values()),
            actions_by_channel=dict(sorted(self.by_channel.items())),
            actions_by_segment=dict(sorted(self.by_segment.items())),
            skips=sum(self.by_reason.values()),
            skips_by_reason=dict(sorted(self.by_reason.items())),
            customers_read=self.customers,
            customers_planned=self.planned,
            customers_rejected=self.rejected,
            invoices_read=self.invoices,
            records_read=self.records,
            records_planned=self.records_planned,
            records_rejected=self.rejected_records,
            calls_considered=self.calls,
            alerts=self.alerts,
            seconds=round(time.perf_counter() - started, 3),
        )


def _revenue_pass(
    source: Iterable[Batch],
    today: date,
    reference_currency: str | None,
    *,
    stop: bool,
    progress: Progress | None = None,
) -> tuple[BookRevenue, int]:
    """The first pass: the book's revenue, summed over its good customers, and the
    number of invoices read.

    With ``stop``, the first bad customer stops the run before anything is written, and
    so do proceedings opened after ``today`` (every such customer named, at the end of
    the pass); without it, such a customer counts for nothing, as it is left out.
    """
    total = RevenuePart()
    invoices = 0
    unopened: list[Problem] = []
    for batch in source:
        invoices += batch.invoices
        if progress is not None:
            progress("revenue", invoices, None)
        if batch.book is not None:
            found = opened_problems([batch.book.customer], today)
            unopened.extend(found)
            if not found:
                total.add(revenue_of(batch.book, today))
        elif stop:
            raise BadCustomerError(batch.customer_id, batch.problems)
    if stop and unopened:
        raise ProceedingsError(unopened)
    return total.book_revenue(reference_currency), invoices


def _to_plan(
    batch: Batch, today: date, errors: ErrorLog | None, unopened: list[Problem]
) -> CustomerBook | None:
    """The customer's book to plan, or ``None`` when it is left out: bad records (listed
    in ``errors``, or raised at once) or proceedings opened after ``today`` (listed in
    ``errors``, or added to ``unopened``, raised at the end of the pass)."""
    if batch.book is None:
        if errors is None:
            raise BadCustomerError(batch.customer_id, batch.problems)
        errors.write(batch.customer_id, batch.problems)
        return None
    problems = opened_problems([batch.book.customer], today)
    if problems and errors is not None:
        errors.write(batch.customer_id, problems)
    unopened.extend(problems if errors is None else ())
    return None if problems else batch.book


def plan_book_batches(
    source: Iterable[Batch],
    today: date,
    policy: Policy,
    revenue: BookRevenue,
    sink: Sink,
    errors: ErrorLog | None,
    progress: Progress | None = None,
    expected: int | None = None,
) -> _Counts:
    """The second pass: plan each customer, write its results, then the day's calls.

    A customer whose proceedings open after ``today`` is left out like a bad one: listed
    in ``errors``, or, without it, named with every other such customer in one
    :class:`~dunningkit.ProceedingsError` at the end of the pass.
    """
    planner = CustomerPlanner(today, policy, revenue)
    counts = _Counts()
    calls: list[tuple[Call, bool]] = []
    unopened: list[Problem] = []
    for batch in source:
        counts.customers += 1
        counts.invoices += batch.invoices
        counts.records += batch.records
        book = _to_plan(batch, today, errors, unopened)
        if book is None:
            counts.rejected += 1
            counts.rejected_records += batch.records
            continue
        counts.planned += 1
        counts.records_planned += batch.records
        planned = planner.plan(book, checked=True)
        for action in planned.actions:
            counts.action(action)
            sink.action(action)
        calls.extend((call, planned.busy) for call in planned.calls)
        for skip in planned.skips:
            counts.skip(skip)
            sink.skip(skip)
        for alert in planned.alerts:
            counts.alerts += 1
            sink.alert(alert)
        if progress is not None:
            progress("plan", counts.invoices, expected)
    if unopened:
        raise ProceedingsError(unopened)
    counts.calls = len(calls)
    for result in day_calls(calls, policy):
        if isinstance(result, Action):
            counts.action(result)
            sink.action(result)
        else:
            counts.skip(result)
            sink.skip(result)
    return counts


def plan_stream(
    source: Source,
    today: date,
    policy: Policy | None = None,
    *,
    sink: SinkTarget | None = None,
    sink_format: str | None = None,
    alerts: Callable[[Alert], object] | None = None,
    revenue: Decimal | None = None,
    skip_bad_customers: bool = False,
    errors: str | Path | None = None,
    external_sort: bool = False,
    progress: Progress | None = None,
    date_format: str | None = None,
) -> PlanSummary:
    """Plan a book one customer at a time; results go to ``sink``, never accumulated.

    Args:
        source: customer batches: an iterable of :class:`~dunningkit.CustomerBook`
            (read twice; a one-shot iterator is spilled to a temporary file in the
            first pass, unless ``revenue`` is given), or a path: a JSON Lines file or a
            folder of ``<section>.jsonl`` or ``.csv`` files grouped by customer (as the
            ``dump_*`` functions write them), or a Parquet dataset.
        today: the planning day.
        policy: the policy (default: :func:`~dunningkit.default_policy`).
        sink: a callable receiving each :class:`~dunningkit.Action` and
            :class:`~dunningkit.Skip`, or a path: a folder receiving ``actions`` and
            ``skipped`` files (``sink_format``: ``jsonl``, the default, ``csv`` or
            ``parquet``) and, when there are any, ``alerts.jsonl``; or a ``.jsonl``
            file of all three (each line with ``"type"``). None counts only.
        alerts: a callable receiving each :class:`~dunningkit.Alert` (``Plan.alerts``)
            for a callable sink; path sinks write them.
        sink_format: the format of a folder sink.
        revenue: the book's revenue over the segmentation window, when known (in
            ``segmentation.reference_currency``): the first pass is then skipped.
        skip_bad_customers: plan the others when one has bad records (or proceedings
            opened after ``today``); write its problems to ``errors`` (default: stop).
        errors: the errors file (JSON Lines) when skipping bad customers; default
            ``errors.jsonl`` in a folder sink, else ``<source>.errors.jsonl``.
        external_sort: for a JSON Lines file that is not grouped by customer: sort
            it first in temporary files (disk, not memory) instead of stopping.
        progress: called after each customer (see :data:`Progress`).
        date_format: ``DD/MM/YYYY`` or ``MM/DD/YYYY`` for a CSV folder (as ``load_csv``).

    Returns:
        What was planned: counts per channel, segment and skip reason, records, seconds.

    Raises:
        BadCustomerError: a customer's records have problems (each named with its
            file, line or row, and field), unless ``skip_bad_customers``.
        ProceedingsError: proceedings open after ``today`` (every such customer named).
        OutOfOrderError: a loader met a customer's records after another customer's.
    """
    started = time.perf_counter()
    policy = policy or default_policy()
    given = _given_revenue(policy, revenue)
    out = _Output(sink, sink_format, alerts, skip_bad_customers, errors, progress)
    with batches(source, external_sort=external_sort, date_format=date_format) as reader:
        counts = _two_passes(reader, today, policy, given, out)
    return counts.summary(today, started)


class _Output(NamedTuple):
    """Where ``plan_stream`` writes, and how it reports (its arguments of that name)."""

    sink: SinkTarget | None
    sink_format: str | None
    alerts: Callable[[Alert], object] | None
    skip_bad_customers: bool
    errors: str | Path | None
    progress: Progress | None


def _given_revenue(policy: Policy, revenue: Decimal | None) -> BookRevenue | None:
    """The book's revenue when the caller knows it (the first pass is then skipped)."""
    if revenue is None:
        return None
    reference = policy.segmentation.reference_currency
    if reference is None:
        raise ValueError(
            "revenue= needs segmentation.reference_currency in the policy: "
            "a revenue figure is in one currency"
        )
    return BookRevenue(revenue, reference)


def _two_passes(
    reader: Reader, today: date, policy: Policy, given: BookRevenue | None, out: _Output
) -> _Counts:
    """The book's revenue (unless given), then the plan written to the sink."""
    book, expected = given, None
    if book is None:
        book, expected = _revenue_pass(
            reader.first_pass(),
            today,
            policy.segmentation.reference_currency,
            stop=not out.skip_bad_customers,
            progress=out.progress,
        )
    with open_sink(out.sink, out.sink_format, out.alerts) as sink:
        log = ErrorLog.at(out.errors, sink.folder, reader.path) if out.skip_bad_customers else None
        try:
            counts = plan_book_batches(
                reader.second_pass(), today, policy, book, sink, log, out.progress, expected
            )
        except BaseException:
            if log is not None:
                log.close(keep=False)
            raise
        if log is not None:
            log.close()
        return counts


def read_books(
    source: str | Path, *, external_sort: bool = False, date_format: str | None = None
) -> Iterator[CustomerBook]:
    """The customer books of any path :func:`plan_stream` reads, one at a time.

    For recipes that hand customers to another engine (Spark, a queue...). Raises
    :class:`~dunningkit.BadCustomerError` at the first customer with bad records.
    ``date_format``: as :func:`plan_stream` reads it.
    """
    with batches(source, external_sort=external_sort, date_format=date_format) as reader:
        for batch in reader.second_pass():
            if batch.book is None:
                raise BadCustomerError(batch.customer_id, batch.problems)
            yield batch.book
