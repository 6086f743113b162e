"""Formats, whole-file and streamed: JSON, JSON Lines, CSV, Parquet, external sort."""

from dunningkit.io._loaders import (
    CSV_COLUMNS,
    dump_csv,
    dump_json,
    dump_jsonl,
    load_csv,
    load_json,
    load_jsonl,
    load_portfolio,
    loads_json,
)

__all__ = [
    "CSV_COLUMNS",
    "dump_csv",
    "dump_json",
    "dump_jsonl",
    "load_csv",
    "load_json",
    "load_jsonl",
    "load_portfolio",
    "loads_json",
]
