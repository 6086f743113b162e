"""The whole next_actions call on a large book, against a bare loop over the same invoices.

Goal (issue 5): 1M open invoices over 100k customers with history; the planner
within 3x of a bare loop that only computes days overdue and looks the step up
with bisect, and at least 400k open invoices/s on one core; memory linear in
invoices. Each size runs in a fresh process; "cold" is the first call on a fresh
portfolio (its lookups are built then), "warm" a second call. "next day" records
the day's actions as sent and plans the following day, the steady state of a
nightly job, where most invoices wait for their next step. "floor" builds one
``Skip`` per open invoice and nothing else: the least any planner spends that
accounts for every open invoice with a result object (the plan's contract).

    python benchmarks/bench_planner.py                 # 10k, 100k, 1M open invoices
    python benchmarks/bench_planner.py --sizes 10000
"""

from __future__ import annotations

import argparse
import bisect
import json
import resource
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _book import in_fresh_process


def child(open_invoices: int) -> None:
    from _book import TODAY, synthetic_book  # noqa: PLC0415

    from dunningkit import (  # noqa: PLC0415
        DunningEvent,
        Portfolio,
        Skip,
        SkipReason,
        default_policy,
        next_actions,
    )
    from dunningkit._portfolio import bulk_load  # noqa: PLC0415
    from dunningkit._types import trusted  # noqa: PLC0415 - how the planner builds results

    customers = max(1, open_invoices // 10)
    # History: 5 paid invoices with their payments per customer, a reminder for half.
    book = synthetic_book(customers, open_per_customer=10, paid_per_customer=5)
    open_ids = [i for i in book.invoices if i.status != "paid"]

    started = time.perf_counter()
    plan = next_actions(book, TODAY)
    cold = time.perf_counter() - started
    started = time.perf_counter()
    next_actions(book, TODAY)
    warm = time.perf_counter() - started
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
    next_day = next_actions(later, tomorrow)
    steady = time.perf_counter() - started

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
    with bulk_load():  # as next_actions does
        floor_skips = [
            trusted(
                Skip,
                invoice_id=invoice.id,
                customer_id=invoice.customer_id,
                reason=SkipReason.NOT_DUE,
                detail="",
            )
            for invoice in open_ids
        ]
    floor = time.perf_counter() - started
    del floor_skips
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "open": len(open_ids),
                "invoices": len(book.invoices),
                "cold": cold,
                "warm": warm,
                "floor": floor,
                "next_day": steady,
                "next_day_actions": len(next_day.actions),
                "bare": bare,
                "actions": len(plan.actions),
                "peak_mib": peak / 1024,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--child", type=int)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    print(
        f"{'open':>10} {'all':>10} {'cold s':>7} {'warm s':>7} {'open/s':>8} {'bare s':>7} "
        f"{'ratio':>6} {'floor s':>7} {'actions':>8} {'next day s':>10} {'actions':>8} "
        f"{'peak MiB':>9}"
    )
    for size in args.sizes:
        r = in_fresh_process(__file__, str(size))
        print(
            f"{r['open']:>10,} {r['invoices']:>10,} {r['cold']:>7.2f} {r['warm']:>7.2f} "
            f"{r['open'] / r['warm']:>8,.0f} {r['bare']:>7.3f} {r['warm'] / r['bare']:>6.0f} "
            f"{r['floor']:>7.3f} {r['actions']:>8,} {r['next_day']:>10.2f} "
            f"{r['next_day_actions']:>8,} {r['peak_mib']:>9,.0f}"
        )
    print("goal: >= 400,000 open/s (warm) and ratio (warm / bare) <= 3")


if __name__ == "__main__":
    main()
