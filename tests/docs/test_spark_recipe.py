"""The Spark recipe of docs/scale.md runs and plans like next_actions.

Skipped unless pyspark (with pandas and pyarrow) and a Java runtime are present.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from dunningkit import default_policy, dump_jsonl, next_actions, sample_portfolio
from tests.builders import SAMPLE_DAY as TODAY

pytest.importorskip("pyspark")
pytest.importorskip("pandas")
pytest.importorskip("pyarrow")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("Spark needs a Java runtime", allow_module_level=True)

RECIPE = Path(__file__).parents[2] / "docs" / "examples" / "spark_plan.py"


def recipe() -> ModuleType:
    spec = importlib.util.spec_from_file_location("spark_plan", RECIPE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def spark() -> Iterator[object]:
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession  # noqa: PLC0415

    session = (
        SparkSession.builder.master("local[2]")
        .appName("dunningkit-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    yield session
    session.stop()


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("capacity", [None, 1])
def test_spark_plans_like_next_actions(spark: object, tmp_path: Path, capacity: int | None):
    book = sample_portfolio(TODAY)
    policy = default_policy().model_copy(update={"phone_capacity_per_day": capacity})
    dump_jsonl(book, tmp_path / "book.jsonl")
    module = recipe()
    frame = module.books_frame(spark, tmp_path / "book.jsonl")
    rows = module.plan_with_spark(frame, TODAY, policy).collect()
    plan = next_actions(book, TODAY, policy)
    actions = sorted(json.loads(r["result"])["key"] for r in rows if r["kind"] == "action")
    assert actions == sorted(a.key for a in plan.actions)
    got = sorted(
        json.dumps(json.loads(r["result"]), sort_keys=True) for r in rows if r["kind"] == "skip"
    )
    assert got == sorted(json.dumps(s.to_dict(), sort_keys=True) for s in plan.skipped)
    by_key = {a.key: a.to_dict() for a in plan.actions}
    for row in rows:
        if row["kind"] == "action":
            result = json.loads(row["result"])
            assert result == json.loads(json.dumps(by_key[result["key"]]))
