"""Public path ``dunningkit.dask``, kept for callers: the code lives in ``dunningkit.scale``."""

from dunningkit.scale._dask import (
    as_json,
    from_jsonl,
    partition_jsonl,
    plan,
)

__all__ = [
    "as_json",
    "from_jsonl",
    "partition_jsonl",
    "plan",
]
