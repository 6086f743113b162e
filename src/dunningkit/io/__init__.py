"""Formats, whole-file and streamed: JSON, JSON Lines, CSV, Parquet, external sort.

One module per format, all reading the one column spec of the sections (``_columns``).
"""

from dunningkit._support._json import loads_json
from dunningkit.io._columns import CSV_COLUMNS
from dunningkit.io._csv import load_csv
from dunningkit.io._csv_write import dump_csv
from dunningkit.io._json import dump_json, load_json
from dunningkit.io._jsonl import dump_jsonl, load_jsonl
from dunningkit.io._loaders import load_portfolio

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
