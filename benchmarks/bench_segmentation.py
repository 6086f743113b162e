"""Profile and classify every customer of a large book.

Goal (issue 4): the cost per invoice stays flat from 10k to 1M invoices (one pass
over invoices, payments and events, no rescans per customer). Reports customers/s,
microseconds per invoice and peak memory; each size runs in a fresh process.

    python benchmarks/bench_segmentation.py                 # 10k, 100k, 1M invoices
    python benchmarks/bench_segmentation.py --sizes 10000
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

    from dunningkit import classify_portfolio  # noqa: PLC0415

    # 10 paid invoices (with a payment each) per customer: 1M invoices, 1M payments.
    customers = max(1, invoices // 10)
    book = synthetic_book(customers, open_per_customer=0, paid_per_customer=10)
    book.customer(book.customers[0].id)  # build the lookups before timing
    started = time.perf_counter()
    classes = classify_portfolio(book, TODAY)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "customers": len(classes),
                "invoices": len(book.invoices),
                "seconds": elapsed,
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
        f"{'customers':>10} {'invoices':>10} {'seconds':>8} {'customers/s':>12} "
        f"{'us/invoice':>11} {'peak MiB':>9}"
    )
    for size in args.sizes:
        r = in_fresh_process(__file__, str(size))
        print(
            f"{r['customers']:>10,} {r['invoices']:>10,} {r['seconds']:>8.2f} "
            f"{r['customers'] / r['seconds']:>12,.0f} "
            f"{r['seconds'] / r['invoices'] * 1e6:>11.2f} {r['peak_mib']:>9,.0f}"
        )


if __name__ == "__main__":
    main()
