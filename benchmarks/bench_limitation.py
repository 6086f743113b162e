"""Cost of the planner's limitation check: claim_expires_on for every open invoice.

The lead wires the check into next_actions (issue 13); this prints what it adds per
open invoice. Each size runs in a fresh process.

    python benchmarks/bench_limitation.py                 # 10k and 100k open invoices
    python benchmarks/bench_limitation.py --sizes 10000
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


def child(invoices: int) -> None:
    from _book import TODAY, synthetic_book  # noqa: PLC0415

    from dunningkit import claim_expires_on, claim_expiry  # noqa: PLC0415

    book = synthetic_book(max(1, invoices // 10), open_per_customer=10, paid_per_customer=0)
    open_invoices = [i for i in book.invoices if book.open_amount(i.id, TODAY) > 0]
    started = time.perf_counter()
    expiring = sum(
        1
        for invoice in open_invoices
        if (claim_expires_on(book, invoice, TODAY) or TODAY) <= TODAY.replace(year=TODAY.year + 1)
    )
    elapsed = time.perf_counter() - started
    # The form the planner calls: the records it already holds, no look-ups.
    held = [
        (i, book.customer(i.customer_id), book.payments_of(i.id), book.promises_of(i.customer_id))
        for i in open_invoices
    ]
    started = time.perf_counter()
    for invoice, customer, payments, promises in held:
        claim_expiry(invoice, customer, payments, promises, TODAY)
    held_elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "invoices": len(open_invoices),
                "expiring": expiring,
                "seconds": elapsed,
                "held_seconds": held_elapsed,
                "peak_mib": peak / 1024,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--child", type=int)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    print(
        f"{'open invoices':>13} {'seconds':>8} {'us/invoice':>11} {'us (held)':>10} {'peak MiB':>9}"
    )
    for size in args.sizes:
        r = in_fresh_process(__file__, str(size))
        print(
            f"{r['invoices']:>13,} {r['seconds']:>8.2f} "
            f"{r['seconds'] / r['invoices'] * 1e6:>11.2f} "
            f"{r['held_seconds'] / r['invoices'] * 1e6:>10.2f} {r['peak_mib']:>9,.0f}"
        )


if __name__ == "__main__":
    main()
