"""Plans on Dask: equal to the in-memory plan (the ``dask`` extra)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dunningkit import (
    Action,
    BadCustomerError,
    CustomerBook,
    Skip,
    default_policy,
    dump_jsonl,
    next_actions,
    sample_portfolio,
)
from tests.builders import SAMPLE_DAY as TODAY
from tests.scale.test_stream import assert_same, ordered

db = pytest.importorskip("dask.bag")
distributed = pytest.importorskip("distributed")
ddask = pytest.importorskip("dunningkit.dask")


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    # Two worker processes, as on a real cluster: books and results are pickled.
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as connected,
    ):
        yield connected


@pytest.mark.parametrize(("capacity", "partitions"), [(None, 4), (1, 4), (1, 20)])
def test_a_bag_plans_like_next_actions(
    client: object, capacity: int | None, partitions: int
) -> None:
    # 20 partitions: more than Dask's tree-reduction fan-in (8), so the reductions
    # run on several levels.
    book = sample_portfolio(TODAY)
    policy = default_policy().model_copy(update={"phone_capacity_per_day": capacity})
    bag = db.from_sequence(list(CustomerBook.split(book)), npartitions=partitions)
    assert bag.npartitions > 8 or partitions < 8
    found: list[Action | Skip] = ddask.plan(bag, TODAY, policy).compute()
    assert_same(next_actions(book, TODAY, policy), ordered(found))


def test_plain_data_elements_are_validated(client: object) -> None:
    book = sample_portfolio(TODAY)
    data = [b.model_dump(mode="json") for b in CustomerBook.split(book)]
    found = ddask.plan(db.from_sequence(data, npartitions=3), TODAY).compute()
    assert_same(next_actions(book, TODAY), ordered(found))
    data[0]["invoices"][0]["customer_id"] = "nobody"
    with pytest.raises(BadCustomerError):
        ddask.plan(db.from_sequence(data, npartitions=3), TODAY).compute()


def test_partitioned_jsonl_files_plan_like_next_actions(client: object, tmp_path: Path) -> None:
    book = sample_portfolio(TODAY)
    dump_jsonl(book, tmp_path / "book.jsonl")
    paths = ddask.partition_jsonl(tmp_path / "book.jsonl", tmp_path / "parts", 3)
    assert len(paths) == 3
    assert all(p.stat().st_size > 0 for p in paths)
    found = ddask.plan(ddask.from_jsonl(paths), TODAY).compute()
    assert_same(next_actions(book, TODAY), ordered(found))


def test_anything_else_is_refused() -> None:
    with pytest.raises(TypeError, match="dask Bag"):
        ddask.plan([1, 2], TODAY)


def test_a_known_revenue_skips_the_first_pass(client: object) -> None:
    book = sample_portfolio(TODAY)
    settings = default_policy().segmentation.model_copy(update={"reference_currency": "EUR"})
    policy = default_policy().model_copy(update={"segmentation": settings})
    bag = db.from_sequence(list(CustomerBook.split(book)), npartitions=2)
    first = ddask.plan(bag, TODAY, policy).compute()
    from dunningkit.partitioned import RevenuePart, revenue_of  # noqa: PLC0415

    total = RevenuePart()
    for part in CustomerBook.split(book):
        total.add(revenue_of(part, TODAY))
    revenue = total.book_revenue("EUR").total
    again = ddask.plan(bag, TODAY, policy, revenue=revenue).compute()
    assert_same(next_actions(book, TODAY, policy), ordered(again))
    assert ordered(first) == ordered(again)
    with pytest.raises(ValueError, match="reference_currency"):
        ddask.plan(bag, TODAY, revenue=revenue)


def test_a_dataframe_with_a_book_column(client: object) -> None:
    dd = pytest.importorskip("dask.dataframe")
    pd = pytest.importorskip("pandas")
    book = sample_portfolio(TODAY)
    frame = pd.DataFrame(
        {
            "customer_id": [b.id for b in CustomerBook.split(book)],
            "book": [b.model_dump_json() for b in CustomerBook.split(book)],
        }
    )
    found = ddask.plan(dd.from_pandas(frame, npartitions=3), TODAY).compute()
    assert_same(next_actions(book, TODAY), ordered(found))


def test_each_partition_is_planned_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # The day's calls are taken from the planned partitions: turning them into a
    # delayed value must not make Dask plan every partition a second time.
    import dunningkit.scale._dask as room  # noqa: PLC0415 - the module whose step is counted

    planned: list[int] = []
    plan_partition = room._plan_partition

    def counted(*args: object) -> object:
        planned.append(1)
        return plan_partition(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(room, "_plan_partition", counted)
    book = sample_portfolio(TODAY)
    bag = db.from_sequence(list(CustomerBook.split(book)), npartitions=4)
    found = ddask.plan(bag, TODAY).compute(scheduler="sync")
    assert_same(next_actions(book, TODAY), ordered(found))
    assert len(planned) == bag.npartitions
