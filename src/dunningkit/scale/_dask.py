"""Plans on a Dask cluster (optional extra ``dask``: ``pip install -e '.[dask]'`` from a clone).

:func:`plan` takes a Dask bag of customer books (one element per customer, so the
partitions are by customer) and returns a bag of the day's actions and skips, equal
to ``next_actions`` on the same book in memory. The graph is the streaming planner's
two passes, as Dask sees them:

1. a reduction, computed at once: each partition's share of the book's revenue;
2. a map: each partition planned customer by customer with that revenue; the calls
   are set aside;
3. a reduction over the calls only (one small row each): the day's phone capacity,
   which ranks calls across customers.

Partition an export by customer with :func:`partition_jsonl` (one grouped JSON Lines
file per partition) and read it with :func:`from_jsonl`; or build books yourself
(``db.from_sequence(books, npartitions=...)``); or pass a Dask DataFrame with a
``book`` column holding each customer's :class:`~dunningkit.CustomerBook` as JSON.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from dunningkit._support._optional import require
from dunningkit.book._customer_book import CustomerBook
from dunningkit.book._revenue import RevenuePart
from dunningkit.errors import BadCustomerError, Problem, ProceedingsError
from dunningkit.io._stream_io import jsonl_batches
from dunningkit.planning._capacity import Call
from dunningkit.planning._insolvency import opened_problems
from dunningkit.planning._results import Action, Alert, Skip
from dunningkit.policy._policy import Policy, default_policy
from dunningkit.scale._partitioned import CustomerPlanner, day_calls, revenue_of
from dunningkit.scale._sinks import action_json, alert_json, skip_json

try:
    import dask
    import dask.bag as db
except ImportError:  # pragma: no cover - depends on the environment
    require("dask.bag", "dunningkit.dask")  # raises MissingExtraError, naming the extra
    raise

__all__ = ["as_json", "from_jsonl", "partition_jsonl", "plan"]

_RESULT, _CALL = "result", "call"


def _book(item: Any) -> CustomerBook:
    return item if isinstance(item, CustomerBook) else CustomerBook.model_validate(item)


def _revenue_part(books: Iterable[Any], today: date) -> list[dict[str, Any]]:
    total = RevenuePart()
    unopened: list[Problem] = []
    for item in books:
        book = _book(item)
        problems = book.problems()
        if problems:
            raise BadCustomerError(book.id, problems)
        unopened.extend(opened_problems([book.customer], today))
        total.add(revenue_of(book, today))
    if unopened:  # every such customer of the partition, as next_actions names them
        raise ProceedingsError(unopened)
    return [total.to_dict()]


def _add_parts(parts: Iterable[dict[str, Any]]) -> dict[str, Any]:
    total = RevenuePart()
    for part in parts:
        total.add(RevenuePart.from_dict(part))
    return total.to_dict()


def _plan_partition(
    books: Iterable[Any], today: date, policy: Policy, revenue: dict[str, Any]
) -> list[tuple[str, Any, bool]]:
    """A partition's results; calls tagged, with whether the customer is busy today."""
    planner = CustomerPlanner(today, policy, RevenuePart.from_dict(revenue))
    out: list[tuple[str, Any, bool]] = []
    for item in books:
        planned = planner.plan(_book(item))
        out.extend((_RESULT, action, False) for action in planned.actions)
        out.extend((_CALL, call, planned.busy) for call in planned.calls)
        out.extend((_RESULT, skip, False) for skip in planned.skips)
        out.extend((_RESULT, alert, False) for alert in planned.alerts)
    return out


def _is_result(row: tuple[str, Any, bool]) -> bool:
    return row[0] == _RESULT


def _is_call(row: tuple[str, Any, bool]) -> bool:
    return row[0] == _CALL


def _value(row: tuple[str, Any, bool]) -> Any:
    return row[1]


def _calls_of(rows: Iterable[tuple[str, Any, bool]]) -> list[tuple[Call, bool]]:
    return [(row[1], row[2]) for row in rows]


def _capacity(parts: Iterable[list[tuple[Call, bool]]], policy: Policy) -> list[Action | Skip]:
    return day_calls((row for part in parts for row in part), policy)


def _as_bag(collection: Any) -> db.Bag:
    if isinstance(collection, db.Bag):
        return collection
    columns = getattr(collection, "columns", None)
    if columns is not None and "book" in columns:
        return collection["book"].to_bag().map(CustomerBook.model_validate_json)
    raise TypeError(
        "expected a dask Bag of CustomerBook (or of their plain data), or a dask DataFrame "
        "with a 'book' column of CustomerBook JSON"
    )


def plan(
    bag_or_dataframe: Any,
    today: date,
    policy: Policy | None = None,
    *,
    revenue: Decimal | None = None,
) -> db.Bag:
    """The day's actions and skips of a book partitioned by customer, as a Dask bag.

    The book's revenue (the first pass) is computed at once, in its own graph: a bag
    read from files is then read twice rather than held in the cluster's memory
    between the two passes. The plan itself is returned lazily.

    Args:
        bag_or_dataframe: a ``dask.bag.Bag`` whose elements are
            :class:`~dunningkit.CustomerBook` (or mappings of their fields), one per
            customer; or a Dask DataFrame with a ``book`` column of CustomerBook JSON.
        today: the planning day.
        policy: the policy (default: :func:`~dunningkit.default_policy`).
        revenue: the book's revenue over the segmentation window when known (needs
            ``segmentation.reference_currency``): the first pass is skipped.

    Returns:
        A lazy bag of :class:`~dunningkit.Action` and :class:`~dunningkit.Skip` (and
        :class:`~dunningkit.Alert`, as ``Plan.alerts`` holds them):
        every partition's results, then one partition with the day's calls after
        the capacity pass. ``compute()`` it, or write it (``map(...).to_textfiles``).

    Raises:
        BadCustomerError: on the worker, for a customer whose records have problems.
        ProceedingsError: on the worker, for customers whose insolvency proceedings
            open after ``today`` (as ``next_actions`` raises).
    """
    policy = policy or default_policy()
    books = _as_bag(bag_or_dataframe)
    reference = policy.segmentation.reference_currency
    if revenue is not None:
        if reference is None:
            raise ValueError("revenue= needs segmentation.reference_currency in the policy")
        total = RevenuePart({reference: revenue}, {reference: 1}).to_dict()
    else:
        total = (
            books.map_partitions(_revenue_part, today).reduction(_add_parts, _add_parts).compute()
        )
    planned = books.map_partitions(_plan_partition, today, policy, total)
    results = planned.filter(_is_result).map(_value)
    calls = (
        planned.filter(_is_call)
        .map_partitions(_calls_of)
        # One level: the capacity ranks every call at once (not associative, no tree).
        .reduction(_as_list, lambda parts: _capacity(parts, policy), split_every=False)
    )
    # Unoptimised: an optimised graph renames the planning tasks the results share, and
    # Dask would plan every partition a second time for the calls.
    return db.concat([results, db.from_delayed([calls.to_delayed(optimize_graph=False)])])


def as_json(result: Action | Skip | Alert) -> str:
    """One result as a line of JSON (the shape ``plan --stream`` writes), for
    ``plan(...).map(as_json).to_textfiles(...)``."""
    if isinstance(result, Action):
        return action_json(result).decode()
    if isinstance(result, Skip):
        return skip_json(result).decode()
    return alert_json(result).decode()


def _as_list(rows: Iterable[Any]) -> list[Any]:
    return list(rows)


# -- partitioning an export by customer --------------------------------------------------


def partition_jsonl(source: str | Path, folder: str | Path, parts: int) -> list[Path]:
    """Split a JSON Lines book grouped by customer into ``parts`` grouped files.

    Customers go to the files in turn (so the files are about the same size); each
    file streams on its own. Memory: one line at a time. Returns the files' paths.
    """
    if parts < 1:
        raise ValueError(f"parts must be at least 1, not {parts}")
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    paths = [target / f"part-{n:04d}.jsonl" for n in range(parts)]
    outs = [path.open("wb") for path in paths]
    try:
        index = -1
        with Path(source).open("rb") as handle:
            for raw in handle:
                if raw.startswith(b'{"type":"customer"') or (
                    b'"customer"' in raw[:40] and json.loads(raw).get("type") == "customer"
                ):
                    index = (index + 1) % parts
                outs[max(index, 0)].write(raw)
    finally:
        for out in outs:
            out.close()
    return paths


def _read_books(path: str) -> Iterator[CustomerBook]:
    for batch in jsonl_batches(Path(path)):
        if batch.book is None:
            raise BadCustomerError(batch.customer_id, batch.problems)
        yield batch.book


def _read_part(path: str) -> list[CustomerBook]:
    return list(_read_books(path))


def from_jsonl(paths: Sequence[str | Path]) -> db.Bag:
    """A bag of customer books, one partition per JSON Lines file grouped by customer."""
    return db.from_delayed([dask.delayed(_read_part)(str(p)) for p in paths])
