"""``dunningkit plan BOOK --today D --stream --out DIR``: a book larger than memory.

Streams the book one customer at a time (:func:`~dunningkit.plan_stream`) and writes
``actions`` and ``skipped`` files in ``DIR``, with ``summary.json`` (the run's
counts) and, with ``--skip-bad-customers``, ``errors.jsonl``. At a terminal, the
progress display shows invoices read, invoices per second and, in the planning pass,
the time left.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dunningkit.cli._context import fresh_folder, policy_of, write_text
from dunningkit.cli._progress import Update, progress
from dunningkit.errors import DunningkitError
from dunningkit.scale._stream import PlanSummary, Progress, plan_stream

__all__ = ["add_stream_options", "cmd_plan_stream"]

_PHASES = {"revenue": "reading the revenue", "plan": "planning"}


def add_stream_options(plan: argparse.ArgumentParser) -> None:
    """The ``plan`` command's streaming options (``--out`` names the folder)."""
    group = plan.add_argument_group("streaming (books larger than memory)")
    group.add_argument(
        "--stream",
        action="store_true",
        help="plan one customer at a time; BOOK is a .jsonl file grouped by customer, a "
        "folder of <section>.jsonl files or a Parquet dataset; --out names the folder for "
        "actions, skipped and summary",
    )
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


def stream_progress(update: Update | None) -> Progress | None:
    """``plan_stream``'s progress callback, drawn by the one progress display."""
    if update is None:
        return None

    def report(phase: str, invoices: int, total: int | None) -> None:
        update(_PHASES.get(phase, phase), invoices, total)

    return report


def cmd_plan_stream(args: argparse.Namespace) -> int:
    """Run ``plan --stream``; the summary goes to stdout and to ``DIR/summary.json``.

    The run writes a fresh folder and swaps it in whole once its data files and its
    summary are complete (:func:`~dunningkit.cli._context.fresh_folder`); an empty
    book (a failed export) is refused before anything replaces the previous output.
    """
    if not args.out:
        sys.stderr.write("error: --stream needs --out DIR (where actions and skips go)\n")
        return 2
    out = Path(args.out)
    policy = policy_of(args)
    with fresh_folder(out, force=args.force) as folder:
        with progress("streaming the plan", "invoices") as update:
            summary = plan_stream(
                args.portfolio,
                args.today,
                policy,
                sink=folder,
                sink_format=args.out_format,
                skip_bad_customers=args.skip_bad_customers,
                errors=args.errors,
                external_sort=args.external_sort,
                progress=stream_progress(update),
                date_format=getattr(args, "date_format", None),
            )
        if not summary.invoices_read and not args.allow_empty:
            raise DunningkitError(
                f"{args.portfolio}: holds no invoices ({summary.customers_read} customers); an "
                "empty export usually means the ERP export failed. Add --allow-empty if the "
                "book really is empty"
            )
        write_text(folder / "summary.json", summary.model_dump_json(indent=2) + "\n", force=True)
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
