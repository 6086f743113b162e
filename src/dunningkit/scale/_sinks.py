"""Where a streamed plan writes its results.

Sinks receive each action and skip; a path sink writes into temporary names and
renames them when the run succeeds, so that a failed night leaves no half file under
the final name.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Protocol

from dunningkit._support._csv import csv_writer
from dunningkit.errors import Problem
from dunningkit.planning._results import Action, Alert, Skip, result_adapter
from dunningkit.planning._rows import ACTION_CSV, SKIP_CSV, action_row, csv_cells, skip_row

__all__ = ["ErrorLog", "Sink", "SinkTarget", "open_sink"]

SinkTarget = Callable[[Action | Skip], object] | str | Path


class Sink(Protocol):
    """Receives a plan's results one at a time."""

    folder: Path | None

    def action(self, action: Action) -> None:
        """One action."""

    def skip(self, skip: Skip) -> None:
        """One skip."""

    def alert(self, alert: Alert) -> None:
        """One alert (a claim about to expire)."""


class _Callback:
    def __init__(
        self,
        callback: Callable[[Action | Skip], object] | None,
        alerts: Callable[[Alert], object] | None,
    ) -> None:
        self.folder: Path | None = None
        self._callback = callback
        self._alerts = alerts

    def alert(self, alert: Alert) -> None:
        if self._alerts is not None:
            self._alerts(alert)

    def action(self, action: Action) -> None:
        if self._callback is not None:
            self._callback(action)

    def skip(self, skip: Skip) -> None:
        if self._callback is not None:
            self._callback(skip)


def action_json(action: Action) -> bytes:
    """An action as one line of JSON (the published schema's shape)."""
    return result_adapter("action").dump_json(action)


def skip_json(skip: Skip) -> bytes:
    """A skip as one line of JSON."""
    return json.dumps(skip.to_dict(), ensure_ascii=False).encode()


def alert_json(alert: Alert) -> bytes:
    """An alert as one line of JSON."""
    return result_adapter("alert").dump_json(alert)


class _AlertFile:
    """``alerts.jsonl`` in a folder sink, opened with the first alert."""

    def __init__(self, files: _Files, folder: Path | None) -> None:
        self._files = files
        self._folder = folder
        self._out: IO[Any] | None = None

    def alert(self, alert: Alert) -> None:
        if self._folder is None:
            return
        if self._out is None:
            self._out = self._files.open(self._folder / "alerts.jsonl")
        self._out.write(alert_json(alert) + b"\n")


class _Files:
    """Files written under temporary names, renamed when the run succeeds."""

    def __init__(self) -> None:
        self.handles: list[tuple[IO[Any], Path, Path]] = []

    def open(self, path: Path, mode: str = "wb", **kwargs: Any) -> IO[Any]:
        temporary = path.with_name(f".{path.name}.part")
        handle = temporary.open(mode, **kwargs)
        self.handles.append((handle, temporary, path))
        return handle

    def close(self, *, keep: bool) -> None:
        """Close every file, then rename them all (``keep``) or remove them: the files
        are finalised as a set, only once each one was written whole (a full disk
        fails at the close, before any file is renamed)."""
        try:
            for handle, _, _ in self.handles:
                handle.close()
        except BaseException:
            keep = False
            raise
        finally:
            for handle, temporary, final in self.handles:
                if keep:
                    temporary.replace(final)
                else:
                    handle.close()
                    temporary.unlink(missing_ok=True)


class _JsonlSink:
    def __init__(self, files: _Files, folder: Path | None, file: Path | None) -> None:
        self.folder = folder
        self._alert_file = _AlertFile(files, folder)
        if folder is not None:
            self._actions = files.open(folder / "actions.jsonl")
            self._skips = files.open(folder / "skipped.jsonl")
            self._tagged = False
        else:
            assert file is not None  # noqa: S101 - one of the two is given
            self._actions = self._skips = files.open(file)
            self._tagged = True

    def action(self, action: Action) -> None:
        line = action_json(action)
        if self._tagged:
            line = b'{"type":"action",' + line[1:]
        self._actions.write(line + b"\n")

    def skip(self, skip: Skip) -> None:
        line = skip_json(skip)
        if self._tagged:
            line = b'{"type":"skip",' + line[1:]
        self._skips.write(line + b"\n")

    def alert(self, alert: Alert) -> None:
        if self._tagged:
            self._skips.write(b'{"type":"alert",' + alert_json(alert)[1:] + b"\n")
        else:
            self._alert_file.alert(alert)


class _CsvSink:
    """``actions.csv`` and ``skipped.csv``: the rows and cells of ``planning._rows``,
    the same file ``dunningkit plan --format csv`` writes for the same plan."""

    def __init__(self, files: _Files, folder: Path) -> None:
        self.folder: Path | None = folder
        self._alert_file = _AlertFile(files, folder)
        actions = files.open(folder / "actions.csv", "w", encoding="utf-8", newline="")
        skips = files.open(folder / "skipped.csv", "w", encoding="utf-8", newline="")
        self._actions = csv_writer(actions)
        self._skips = csv_writer(skips)
        self._actions.writerow(ACTION_CSV)
        self._skips.writerow(SKIP_CSV)

    def action(self, action: Action) -> None:
        self._actions.writerow(csv_cells(action_row(action), ACTION_CSV))

    def skip(self, skip: Skip) -> None:
        self._skips.writerow(csv_cells(skip_row(skip), SKIP_CSV))

    def alert(self, alert: Alert) -> None:
        self._alert_file.alert(alert)


@contextmanager
def open_sink(
    target: SinkTarget | None,
    sink_format: str | None,
    alerts: Callable[[Alert], object] | None = None,
) -> Iterator[Sink]:
    """A sink for ``plan_stream``'s ``sink`` argument (see there)."""
    if target is None or callable(target):
        yield _Callback(target, alerts)
        return
    path = Path(target)
    files = _Files()
    sink: Sink
    if path.suffix.lower() in {".jsonl", ".ndjson"} and sink_format in {None, "jsonl"}:
        sink = _JsonlSink(files, None, path)
    else:
        path.mkdir(parents=True, exist_ok=True)
        chosen = sink_format or "jsonl"
        if chosen == "jsonl":
            sink = _JsonlSink(files, path, None)
        elif chosen == "csv":
            sink = _CsvSink(files, path)
        elif chosen == "parquet":
            from dunningkit.scale._parquet_sink import ParquetSink  # noqa: PLC0415 - optional extra

            sink = ParquetSink(files, path, _AlertFile(files, path))
        else:
            raise ValueError(f"sink_format is {chosen!r}; expected jsonl, csv or parquet")
    try:
        yield sink
        closing = getattr(sink, "close", None)
        if closing is not None:
            closing()
    except BaseException:
        files.close(keep=False)
        raise
    files.close(keep=True)


class ErrorLog:
    """The errors file of a run that skips bad customers: one JSON line per problem."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._partial = path.with_name(f".{path.name}.part")
        self._out = self._partial.open("w", encoding="utf-8")

    @classmethod
    def at(cls, errors: str | Path | None, folder: Path | None, source: Path | None) -> ErrorLog:
        """The log at ``errors``, else in the sink's folder, else beside the source."""
        if errors is not None:
            return cls(Path(errors))
        if folder is not None:
            return cls(folder / "errors.jsonl")
        if source is not None:
            return cls(source.with_name(source.name + ".errors.jsonl"))
        raise ValueError("skip_bad_customers needs errors=... (where to write the bad customers)")

    def write(self, customer_id: str, problems: Iterable[Problem]) -> None:
        """The problems of one customer left out of the plan."""
        for problem in problems:
            self._out.write(
                json.dumps(
                    {
                        "customer_id": customer_id,
                        "record_type": problem.record_type,
                        "record_id": problem.record_id,
                        "field": problem.field,
                        "message": problem.message,
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )

    def close(self, *, keep: bool = True) -> None:
        """Close the file: renamed into place once complete (``keep``), else removed."""
        try:
            self._out.close()
        except BaseException:
            keep = False
            raise
        finally:
            if keep:
                self._partial.replace(self.path)
            else:
                self._partial.unlink(missing_ok=True)
