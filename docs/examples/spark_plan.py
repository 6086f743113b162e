"""Plan a book with Spark: one group per customer, the day's calls on the driver.

A recipe, not a dependency: dunningkit does not import pyspark. It needs pyspark,
pandas and pyarrow on the driver and the workers, and dunningkit on the workers.

Input: a DataFrame with one row per customer, ``customer_id`` and ``book`` (the
customer's :class:`~dunningkit.CustomerBook` as JSON); :func:`books_frame` makes one
from any file ``plan_stream`` reads. Output: a DataFrame of results, ``kind``
(``action``, ``skip`` or ``alert``), ``customer_id`` and ``result`` (as JSON, the
shape ``plan --stream`` writes).
"""

from __future__ import annotations

import base64
import json
import pickle
from collections.abc import Iterator
from dataclasses import asdict
from datetime import date
from pathlib import Path

import pandas as pd
from pyspark.sql import DataFrame, SparkSession

from dunningkit import Action, CustomerBook, Policy, Skip, default_policy, read_books
from dunningkit.partitioned import CustomerPlanner, RevenuePart, day_calls, revenue_of

RESULT_SCHEMA = "kind string, customer_id string, result string, busy boolean"


def books_frame(spark: SparkSession, source: str | Path) -> DataFrame:
    """One row per customer from a grouped .jsonl file, a section folder or Parquet."""
    rows = ((book.id, book.model_dump_json()) for book in read_books(source))
    return spark.createDataFrame(list(rows), "customer_id string, book string")


def _as_json(result: Action | Skip) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False)


def plan_with_spark(books: DataFrame, today: date, policy: Policy | None = None) -> DataFrame:
    """The day's actions and skips, equal to ``next_actions`` on the same book."""
    policy = policy or default_policy()

    # 1. The book's revenue: a sum over customers (a small dict per partition).
    def revenue(rows: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        total = RevenuePart()
        for frame in rows:
            for text in frame["book"]:
                total.add(revenue_of(CustomerBook.model_validate_json(text), today))
        yield pd.DataFrame({"part": [json.dumps(total.to_dict())]})

    parts = books.mapInPandas(revenue, "part string").collect()
    total = RevenuePart()
    for row in parts:
        total.add(RevenuePart.from_dict(json.loads(row["part"])))

    # 2. Each customer planned in its own group; calls come back pickled, set aside.
    def plan_group(frame: pd.DataFrame) -> pd.DataFrame:
        planner = CustomerPlanner(today, policy, total)
        out = []
        for text in frame["book"]:
            planned = planner.plan(CustomerBook.model_validate_json(text))
            out.extend(("action", a.customer_id, _as_json(a), False) for a in planned.actions)
            out.extend(("skip", s.customer_id, _as_json(s), False) for s in planned.skips)
            out.extend(
                ("alert", al.customer_id, json.dumps(asdict(al), default=str), False)
                for al in planned.alerts
            )
            out.extend(
                (
                    "call",
                    c.action.customer_id,
                    base64.b64encode(pickle.dumps(c)).decode(),
                    planned.busy,
                )
                for c in planned.calls
            )
        return pd.DataFrame(out, columns=["kind", "customer_id", "result", "busy"])

    planned = books.groupBy("customer_id").applyInPandas(plan_group, RESULT_SCHEMA).cache()

    # 3. The day's phone capacity over the calls only, on the driver.
    calls = [
        (pickle.loads(base64.b64decode(row["result"])), row["busy"])  # noqa: S301 - our own rows
        for row in planned.where("kind = 'call'").collect()
    ]
    final = [
        ("action" if isinstance(r, Action) else "skip", r.customer_id, _as_json(r), False)
        for r in day_calls(calls, policy)
    ]
    spark = books.sparkSession
    rest = spark.createDataFrame(final, RESULT_SCHEMA) if final else None
    results = planned.where("kind != 'call'")
    if rest is not None:
        results = results.unionByName(rest)
    return results.drop("busy")
