"""Public path ``dunningkit.parquet``, kept for callers: the code lives in ``dunningkit.io``."""

from dunningkit.io._parquet import (
    MONEY,
    ROW_GROUP_ROWS,
    dump_parquet,
    load_parquet,
    section_schema,
)

__all__ = [
    "MONEY",
    "ROW_GROUP_ROWS",
    "dump_parquet",
    "load_parquet",
    "section_schema",
]
