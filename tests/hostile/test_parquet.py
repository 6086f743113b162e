"""A Parquet dataset whose nested JSON columns are damaged: refused by name, never an
internal error."""

from __future__ import annotations

from pathlib import Path

import pytest

from dunningkit import load_portfolio
from dunningkit.errors import DunningkitError
from tests.hostile._families import sound_book

pq = pytest.importorskip("pyarrow.parquet")
pa = pytest.importorskip("pyarrow")


@pytest.mark.parametrize(
    "text", ["{not json", "[" * 100_000, '{"reason": "a", "reason": "b"}', "12"]
)
def test_a_damaged_nested_column_is_a_problem_of_its_record(text: str, tmp_path: Path) -> None:
    from dunningkit.parquet import dump_parquet, load_parquet  # noqa: PLC0415 - the extra

    book = tmp_path / "book.jsonl"
    book.write_bytes(sound_book())
    dump_parquet(load_portfolio(book), tmp_path / "pq")
    path = tmp_path / "pq" / "invoices.parquet"
    table = pq.read_table(path)
    column = table.schema.get_field_index("hold")
    table = table.set_column(column, "hold", pa.array([text], type=pa.string()))
    pq.write_table(table, path)
    with pytest.raises(DunningkitError) as refused:
        load_parquet(tmp_path / "pq")
    assert "hold" in str(refused.value)
