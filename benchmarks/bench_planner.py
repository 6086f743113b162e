"""The whole next_actions call on a large book, against a bare loop over the same invoices.

Goal (issue 11): 1M open invoices over 100k customers with history; the whole call,
classification included, at least 400k open invoices/s on one core, the next day's
run no slower, within 10x of a bare loop that only computes days overdue and looks
the step up with bisect; the plan's peak memory at most 0.5 KiB per open invoice above
the loaded book. Each size runs in a fresh process. "index" is the first call's extra
cost of building the portfolio's compact ledger (once per portfolio); "warm" a call
once it is built; "next day" records the day's actions as sent and plans the
following day (a new portfolio, so its ledger is built again, shown apart), the
steady state of a nightly job. "plan KiB" is the peak memory of a call above the book
and its ledger, per open invoice. "floor" builds one ``Skip`` object per open invoice
and nothing else.

    python benchmarks/bench_planner.py                        # 10k, 100k, 1M open invoices
    python benchmarks/bench_planner.py --sizes 10000
    python benchmarks/bench_planner.py --baseline ../old/src  # the same sizes, before/after
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import resource
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _book import in_fresh_process


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(open_invoices: int) -> None:
    import gc  # noqa: PLC0415
    import os  # noqa: PLC0415

    from _book import TODAY, synthetic_book  # noqa: PLC0415

    if os.environ.get("BENCH_HOST_GC") == "off":
        # A host that owns its process may switch the collector off for its nightly
        # job; the library never does (issue 11, decision 5).
        gc.disable()

    from dunningkit import DunningEvent, Portfolio, Skip, SkipReason, default_policy, next_actions  # noqa: PLC0415

    customers = max(1, open_invoices // 10)
    # History: 5 paid invoices with their payments per customer, a reminder for half.
    book = synthetic_book(customers, open_per_customer=10, paid_per_customer=5)
    open_ids = [i for i in book.invoices if i.status != "paid"]
    book_peak = _peak_mib()

    started = time.perf_counter()
    plan = next_actions(book, TODAY)
    cold = time.perf_counter() - started
    indexed_peak = _peak_mib()
    started = time.perf_counter()
    next_actions(book, TODAY)
    warm = time.perf_counter() - started
    plan_peak = _peak_mib()
    sent = [DunningEvent.for_action(a, id=f"S{n}", on=TODAY) for n, a in enumerate(plan.actions)]
    tomorrow = TODAY + timedelta(days=1)
    later = Portfolio.model_construct(
        customers=book.customers,
        invoices=book.invoices,
        payments=book.payments,
        promises=book.promises,
        events=(*book.events, *sent),
    )
    started = time.perf_counter()
    next_actions(later, tomorrow)
    next_cold = time.perf_counter() - started
    started = time.perf_counter()
    next_day = next_actions(later, tomorrow)
    next_warm = time.perf_counter() - started

    # The bare loop: days overdue and the step by bisect, nothing else.
    offsets = [s.offset_days for s in default_policy().scenarios["good_payer"].steps]
    started = time.perf_counter()
    found = 0
    for invoice in open_ids:
        overdue = (TODAY - invoice.due_date).days
        found += bisect.bisect_right(offsets, overdue)
    bare = time.perf_counter() - started
    # The floor: a result object per open invoice, with nothing decided.
    started = time.perf_counter()
    floor_skips = [
        Skip(
            invoice_id=invoice.id,
            customer_id=invoice.customer_id,
            reason=SkipReason.NOT_DUE,
            detail="",
        )
        for invoice in open_ids
    ]
    floor = time.perf_counter() - started
    del floor_skips
    print(
        json.dumps(
            {
                "open": len(open_ids),
                "invoices": len(book.invoices),
                "cold": cold,
                "warm": warm,
                "floor": floor,
                "next_cold": next_cold,
                "next_day": next_warm,
                "next_day_actions": len(next_day.actions),
                "bare": bare,
                "actions": len(plan.actions),
                "book_mib": book_peak,
                "plan_kib": max(plan_peak - max(indexed_peak, book_peak), 0) * 1024 / len(open_ids),
                "index_kib": (indexed_peak - book_peak) * 1024 / len(book.invoices),
                "peak_mib": _peak_mib(),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--baseline", metavar="SRC", help="also run against this src folder")
    parser.add_argument(
        "--host-gc-off",
        action="store_true",
        help="also run with the collector switched off by the host, around the whole child",
    )
    parser.add_argument("--child", type=int)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    print(
        f"{'run':>8} {'open':>10} {'all':>10} {'cold s':>7} {'warm s':>7} {'open/s':>8} "
        f"{'bare s':>7} {'ratio':>6} {'floor s':>7} {'actions':>8} {'next day s':>10} "
        f"{'actions':>8} {'plan KiB':>8} {'peak MiB':>9}"
    )
    runs = [("after", None)] if not args.baseline else [("before", args.baseline), ("after", None)]
    if args.host_gc_off:
        runs.append(("gc off", None))
    for size in args.sizes:
        for name, source in runs:
            if name == "gc off":
                os.environ["BENCH_HOST_GC"] = "off"
            r = in_fresh_process(__file__, str(size), source=source)
            os.environ.pop("BENCH_HOST_GC", None)
            print(
                f"{name:>8} {r['open']:>10,} {r['invoices']:>10,} {r['cold']:>7.2f} "
                f"{r['warm']:>7.2f} {r['open'] / r['warm']:>8,.0f} {r['bare']:>7.3f} "
                f"{r['warm'] / r['bare']:>6.0f} {r['floor']:>7.3f} {r['actions']:>8,} "
                f"{r['next_day']:>10.2f} {r['next_day_actions']:>8,} "
                f"{r.get('plan_kib', 0):>8.2f} {r['peak_mib']:>9,.0f}"
            )
    print(
        "goal: >= 400,000 open/s (warm), next day no slower, ratio (warm / bare) <= 10, "
        "plan <= 0.5 KiB per open invoice"
    )


if __name__ == "__main__":
    main()
