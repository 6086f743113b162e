"""``dunningkit plan BOOK --today D --stream --out DIR``: a book larger than memory.

Streams the book one customer at a time (:func:`~dunningkit.plan_stream`) and writes
``actions`` and ``skipped`` files in ``DIR``, with ``summary.json`` (the run's
counts) and, with ``--skip-bad-customers``, ``errors.jsonl``. At a terminal, a
progress bar (rich, when installed) shows invoices read, invoices per second and,
in the planning pass, the time left.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from dunningkit.policy._policy import Policy
from dunningkit.scale._stream import PlanSummary, Progress, plan_stream

__all__ = ["add_stream_options", "cmd_plan_stream"]


def add_stream_options(plan: argparse.ArgumentParser) -> None:
    """The ``plan`` command's streaming options."""
    group = plan.add_argument_group("streaming (books larger than memory)")
    group.add_argument(
        "--stream",
        action="store_true",
        help="plan one customer at a time; BOOK is a .jsonl file grouped by customer, a "
        "folder of <section>.jsonl files or a Parquet dataset; needs --out",
    )
    group.add_argument("--out", metavar="DIR", help="folder for actions, skipped and summary")
    group.add_argument(
        "--out-format", choices=("jsonl", "csv", "parquet"), default="jsonl", help="(jsonl)"
    )
    group.add_argument(
        "--skip-bad-customers",
        action="store_true",
        help="plan the other customers when one has bad records; list them in the errors file",
    )
    group.add_argument("--errors", metavar="FILE", help="errors file (default DIR/errors.jsonl)")
    group.add_argument(
        "--external-sort",
        action="store_true",
        help="sort a .jsonl file by customer on disk first, when it is not grouped",
    )


def _rate(count: int, seconds: float) -> str:
    return f"{count / seconds:,.0f}/s" if seconds > 0 else "-"


@contextmanager
def _progress_bar() -> Iterator[Progress | None]:
    """A progress callback drawing on stderr at a terminal; None elsewhere."""
    if not sys.stderr.isatty():
        yield None
        return
    try:
        from rich.console import Console  # noqa: PLC0415 - optional extra
        from rich.progress import (  # noqa: PLC0415 - optional extra
            BarColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
    except ImportError:
        yield _plain_progress()
        return
    columns: list[Any] = [
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,.0f} invoices"),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    ]
    with Progress(*columns, console=Console(file=sys.stderr)) as bar:
        tasks: dict[str, Any] = {}
        started: dict[str, float] = {}

        def update(phase: str, invoices: int, total: int | None) -> None:
            if phase not in tasks:
                label = "reading the revenue" if phase == "revenue" else "planning"
                tasks[phase] = bar.add_task(label, total=total, rate="")
                started[phase] = time.perf_counter()
            elapsed = time.perf_counter() - started[phase]
            bar.update(tasks[phase], completed=invoices, total=total, rate=_rate(invoices, elapsed))

        yield update


def _plain_progress() -> Progress:
    last = [0.0]
    started = time.perf_counter()

    def update(phase: str, invoices: int, total: int | None) -> None:
        now = time.perf_counter()
        if now - last[0] < 2:
            return
        last[0] = now
        left = ""
        if total:
            rate = invoices / max(now - started, 1e-9)
            left = f", {max(total - invoices, 0) / rate:.0f} s left" if rate else ""
        sys.stderr.write(f"{phase}: {invoices:,} invoices{left}\n")

    return update


def cmd_plan_stream(args: argparse.Namespace, policy: Callable[[], Policy]) -> int:
    """Run ``plan --stream``; the summary goes to stdout and to ``DIR/summary.json``."""
    if not args.out:
        sys.stderr.write("error: --stream needs --out DIR (where actions and skips go)\n")
        return 2
    out = Path(args.out)
    with _progress_bar() as progress:
        summary = plan_stream(
            args.portfolio,
            args.today,
            policy(),
            sink=out,
            sink_format=args.out_format,
            skip_bad_customers=args.skip_bad_customers,
            errors=args.errors,
            external_sort=args.external_sort,
            progress=progress,
        )
    (out / "summary.json").write_text(summary.model_dump_json(indent=2) + "\n", encoding="utf-8")
    _print_summary(summary, out)
    return 0


def _print_summary(summary: PlanSummary, out: Path) -> None:
    rate = _rate(summary.invoices_read, summary.seconds)
    lines = [
        f"{summary.actions} actions and {summary.skips} skips for {summary.today} in {out}",
        (
            f"{summary.invoices_read:,} invoices of {summary.customers_read:,} customers "
            f"in {summary.seconds:.1f} s ({rate})"
        ),
    ]
    lines.extend(f"  {channel}: {count}" for channel, count in summary.actions_by_channel.items())
    if summary.customers_rejected:
        lines.append(
            f"{summary.customers_rejected} customers left out for bad records "
            f"({summary.records_rejected} records): see the errors file"
        )
    sys.stdout.write("\n".join(lines) + "\n")
