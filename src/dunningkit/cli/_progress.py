"""The one progress display: long work shows on stderr at a terminal, nothing elsewhere.

:func:`progress` opens it for one piece of work. Work that counts (the streamed plan's
invoices, the back-test's days) reports ``update(task, done, total)``; each new task
gets its own line. With ``rich`` (the ``cli`` extra) it is a bar with the rate and
the time left; without it, a plain line every two seconds. Piped or redirected, it
shows nothing, and the output stays clean.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from dunningkit._support._optional import available, require

__all__ = ["Update", "plain_update", "progress"]

Update = Callable[[str, int, int | None], None]
"""``update(task, done, total)``: ``done`` of ``total`` units (None: unknown)."""


def _rate(count: int, seconds: float, unit: str) -> str:
    return f"{count / seconds:,.0f} {unit}/s" if seconds > 0 and count else ""


@contextmanager
def progress(label: str, unit: str = "") -> Iterator[Update | None]:
    """Show ``label`` while the block runs; yields an update callback at a terminal.

    Args:
        label: what is under way (``"loading book.json"``, ``"planning"``).
        unit: what ``update`` counts (``"invoices"``, ``"days"``).
    """
    if not sys.stderr.isatty():
        yield None
        return
    started = time.perf_counter()
    if available("rich"):
        with _rich_bar(label, unit) as update:
            yield update
    else:
        sys.stderr.write(f"{label}...\n")
        yield plain_update(unit)
    sys.stderr.write(f"{label}: done in {time.perf_counter() - started:.1f} s\n")


@contextmanager
def _rich_bar(label: str, unit: str) -> Iterator[Update]:
    rich_progress: Any = require("rich.progress", "the progress bar")
    rich_console: Any = require("rich.console", "the progress bar")
    columns = [
        rich_progress.SpinnerColumn(),
        rich_progress.TextColumn("{task.description}"),
        rich_progress.BarColumn(),
        rich_progress.TextColumn("{task.fields[count]}"),
        rich_progress.TextColumn("{task.fields[rate]}"),
        rich_progress.TimeElapsedColumn(),
        rich_progress.TimeRemainingColumn(),
    ]
    console = rich_console.Console(file=sys.stderr)
    with rich_progress.Progress(*columns, console=console, transient=True) as bar:
        tasks: dict[str, tuple[Any, float]] = {}
        main = bar.add_task(label, total=None, count="", rate="")

        def update(task: str, done: int, total: int | None) -> None:
            if task not in tasks:
                bar.update(main, visible=False)
                tasks[task] = (
                    bar.add_task(task, total=total, count="", rate=""),
                    time.perf_counter(),
                )
            task_id, since = tasks[task]
            count = f"{done:,}/{total:,} {unit}" if total else f"{done:,} {unit}"
            rate = _rate(done, time.perf_counter() - since, unit)
            bar.update(task_id, completed=done, total=total, count=count, rate=rate)

        yield update


def plain_update(unit: str, every: float = 2.0) -> Update:
    """An update that writes a line at most every ``every`` seconds, with the time left."""
    last = [float("-inf")]
    started = time.perf_counter()

    def update(task: str, done: int, total: int | None) -> None:
        now = time.perf_counter()
        if now - last[0] < every and done != total:
            return
        last[0] = now
        left = ""
        if total:
            rate = done / max(now - started, 1e-9)
            left = f", {max(total - done, 0) / rate:.0f} s left" if rate else ""
        of = f" of {total:,}" if total else ""
        sys.stderr.write(f"{task}: {done:,} {unit}{of}{left}\n")

    return update
