"""Analytics on a large book: kpis, aging, trend, step effectiveness and the report.

Goals (issue 14): all of ``kpis`` on 1M invoices in at most 5 s on one core; the
report in at most 15 s. The book is ``_book.synthetic_book`` with 10 open and 10
paid invoices per customer (one payment each, one reminder for every other
customer). Each size runs in a fresh process. "cold" is the first call on a fresh
portfolio (its lookups are built then), "warm" a second call. The report is timed
with a 1-day workload (one planner run) and the cost of each further day of
workload (one more planner run) is printed beside it, and the report's CPU seconds
(user + system) after its wall time.

    python benchmarks/bench_analytics.py                  # 10k, 100k, 1M invoices
    python benchmarks/bench_analytics.py --sizes 100000
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _book import in_fresh_process


def _timed(func, *args, **kwargs):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = func(*args, **kwargs)
    return result, time.perf_counter() - started


def child(invoices: int, workload_days: int) -> None:
    from datetime import timedelta  # noqa: PLC0415

    from _book import TODAY, synthetic_book  # noqa: PLC0415

    from dunningkit import (  # noqa: PLC0415
        aging,
        kpis,
        next_actions,
        step_effectiveness,
        trend,
        workload,
    )
    from dunningkit.analytics import collections_report  # noqa: PLC0415

    book = synthetic_book(max(1, invoices // 20), open_per_customer=10, paid_per_customer=10)
    figures: dict[str, float | int] = {"invoices": len(book.invoices)}
    _, figures["kpis_cold"] = _timed(kpis, book, TODAY)
    _, figures["kpis_warm"] = _timed(kpis, book, TODAY)
    _, figures["aging"] = _timed(aging, book, TODAY)
    _, figures["trend_12_months"] = _timed(trend, book, TODAY - timedelta(days=365), TODAY)
    _, figures["step_effectiveness"] = _timed(step_effectiveness, book, TODAY)
    plan, figures["plan"] = _timed(next_actions, book, TODAY)
    _, figures["aging_by_segment"] = _timed(
        aging, book, TODAY, by="segment", segments=plan.segments
    )
    _, figures["workload_next_day"] = _timed(
        workload, book, TODAY + timedelta(days=1), days=1, first=None
    )
    cpu = time.process_time()
    page, figures["report"] = _timed(collections_report, book, TODAY, workload_days=workload_days)
    figures["report_cpu"] = time.process_time() - cpu
    figures["report_kib"] = len(page.encode()) // 1024
    figures["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(json.dumps(figures))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--workload-days", type=int, default=1)
    parser.add_argument("--child", nargs=2, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    print(
        f"{'invoices':>10} {'kpis cold':>10} {'kpis warm':>10} {'aging':>7} {'trend':>7} "
        f"{'steps':>7} {'plan':>7} {'by seg':>7} {'+1 day':>7} {'report':>7} {'CPU':>7} {'KiB':>5} "
        f"{'peak MiB':>9}"
    )
    for size in (int(s) for s in args.sizes.split(",")):
        f = in_fresh_process(__file__, str(size), str(args.workload_days))
        print(
            f"{f['invoices']:>10,} {f['kpis_cold']:>9.2f}s {f['kpis_warm']:>9.2f}s "
            f"{f['aging']:>6.2f}s {f['trend_12_months']:>6.2f}s {f['step_effectiveness']:>6.2f}s "
            f"{f['plan']:>6.2f}s {f['aging_by_segment']:>6.2f}s {f['workload_next_day']:>6.2f}s "
            f"{f['report']:>6.2f}s {f['report_cpu']:>6.2f}s {f['report_kib']:>5} "
            f"{f['peak_mib']:>9,}",
            flush=True,
        )


if __name__ == "__main__":
    main()
