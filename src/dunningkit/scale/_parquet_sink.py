"""A streamed plan written as Parquet (optional extra ``parquet``)."""

from __future__ import annotations

import typing
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from dunningkit.io._parquet import MONEY, ROW_GROUP_ROWS
from dunningkit.planning._results import Action, Alert, Skip
from dunningkit.planning._rows import action_row, skip_row

__all__ = ["ACTION_SCHEMA", "SKIP_SCHEMA", "ParquetSink"]


ACTION_SCHEMA = pa.schema(
    [
        ("key", pa.string()),
        ("scheduled_for", pa.date32()),
        ("customer_id", pa.string()),
        ("segment", pa.string()),
        ("scenario_id", pa.string()),
        ("step_id", pa.string()),
        ("channel", pa.string()),
        ("tone", pa.string()),
        ("template", pa.string()),
        ("invoice_ids", pa.list_(pa.string())),
        ("amount_due", MONEY),
        ("currency", pa.string()),
        ("priority", MONEY),
        ("requires_approval", pa.bool_()),
        ("contact", pa.string()),
        ("contact_email", pa.string()),
        ("contact_phone", pa.string()),
        ("contact_postal_address", pa.string()),
        ("pay_by", pa.date32()),
        ("terminal", pa.bool_()),
        ("fallback_channels", pa.list_(pa.string())),
        ("reasons", pa.list_(pa.string())),
        ("fees", MONEY),
    ]
)
"""Columns of ``actions.parquet``: :data:`~dunningkit.planning._rows.ACTION_CSV`, typed."""
SKIP_SCHEMA = pa.schema(
    [
        ("invoice_id", pa.string()),
        ("customer_id", pa.string()),
        ("reason", pa.string()),
        ("detail", pa.string()),
    ]
)
"""Columns of ``skipped.parquet``: :data:`~dunningkit.planning._rows.SKIP_CSV`, typed."""


class _Opener(typing.Protocol):
    def open(self, path: Path, mode: str = "wb", **kwargs: Any) -> IO[Any]: ...


class ParquetSink:
    """Writes a streamed plan's actions and skips as two Parquet files."""

    def __init__(self, files: _Opener, folder: Path, alerts: Any) -> None:
        self.folder: Path | None = folder
        self._alert_file = alerts
        self._actions = pq.ParquetWriter(files.open(folder / "actions.parquet"), ACTION_SCHEMA)
        self._skips = pq.ParquetWriter(files.open(folder / "skipped.parquet"), SKIP_SCHEMA)
        self._action_rows: list[dict[str, Any]] = []
        self._skip_rows: list[dict[str, Any]] = []

    def action(self, action: Action) -> None:
        """Buffer one action; a row group is written every :data:`ROW_GROUP_ROWS`."""
        self._action_rows.append(action_row(action))
        if len(self._action_rows) >= ROW_GROUP_ROWS:
            self._flush()

    def alert(self, alert: Alert) -> None:
        """Write one alert to ``alerts.jsonl`` (alerts are few)."""
        self._alert_file.alert(alert)

    def skip(self, skip: Skip) -> None:
        """Buffer one skip."""
        self._skip_rows.append(skip_row(skip))
        if len(self._skip_rows) >= ROW_GROUP_ROWS:
            self._flush()

    def _flush(self) -> None:
        if self._action_rows:
            self._actions.write_table(pa.Table.from_pylist(self._action_rows, ACTION_SCHEMA))
            self._action_rows = []
        if self._skip_rows:
            self._skips.write_table(pa.Table.from_pylist(self._skip_rows, SKIP_SCHEMA))
            self._skip_rows = []

    def close(self) -> None:
        """Write what is buffered and close both files."""
        self._flush()
        self._actions.close()
        self._skips.close()
