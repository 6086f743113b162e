"""Load and validate a large portfolio from JSON Lines and from Python dicts.

Goals (issue 11): at least 200k invoices/s from JSON Lines on one core, and at most
1 KiB resident per loaded invoice (customers and payments included). Each
measurement runs in a fresh process so memory figures do not leak from one into
the next; with ``--repeat`` the fastest of several runs is kept, and ``per cpu s``
divides by the process's CPU time, which other processes disturb less than the
wall clock (a shared machine is noisy). The collector stays on, as in a host:
``gc s`` is the time spent in its collections during the load, ``full gc ms`` one
full collection afterwards (a large loaded book is frozen out of the collector's
sight, see docs/loading.md).

    python benchmarks/bench_load.py              # 10k, 100k, 1M invoices
    python benchmarks/bench_load.py --sizes 10000 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from _book import in_fresh_process

EPOCH = date(2025, 1, 1)


def records(invoices: int) -> dict[str, list[dict[str, Any]]]:
    """A book with 1 customer per 10 invoices and 1 payment per 2 invoices."""
    customers = max(1, invoices // 10)
    data: dict[str, list[dict[str, Any]]] = {"customers": [], "invoices": [], "payments": []}
    for c in range(customers):
        data["customers"].append(
            {
                "id": f"C{c:07d}",
                "name": f"Customer {c}",
                "kind": "company",
                "size": "small",
                "country": "FR",
                "locale": "fr_FR",
                "contacts": [{"name": "Compta", "email": f"ap{c}@example.com"}],
            }
        )
    for i in range(invoices):
        issue = EPOCH + timedelta(days=i % 365)
        data["invoices"].append(
            {
                "id": f"F{i:08d}",
                "customer_id": f"C{i % customers:07d}",
                "issue_date": issue.isoformat(),
                "due_date": (issue + timedelta(days=30)).isoformat(),
                "currency": "EUR",
                "amount": f"{100 + i % 9000}.{i % 100:02d}",
                "status": "accepted",
                "order_reference": f"PO-{i}",
            }
        )
        if i % 2 == 0:
            data["payments"].append(
                {
                    "id": f"P{i:08d}",
                    "invoice_id": f"F{i:08d}",
                    "date": (issue + timedelta(days=40)).isoformat(),
                    "amount": "50.00",
                    "currency": "EUR",
                }
            )
    return data


def write_jsonl(data: dict[str, list[dict[str, Any]]], folder: Path) -> None:
    for section, rows in data.items():
        with (folder / f"{section}.jsonl").open("w") as out:
            for row in rows:
                out.write(json.dumps(row))
                out.write("\n")


def rss_kib() -> int:
    with open("/proc/self/statm") as handle:  # noqa: PTH123 - Linux only, like the goal
        pages = int(handle.read().split()[1])
    return pages * 4


def child(mode: str, size: int, folder: str) -> None:
    """Measure one load in this (fresh) process and print one JSON line."""
    import gc  # noqa: PLC0415

    import dunningkit  # noqa: PLC0415 - imported before the baseline is taken

    data = records(size) if mode == "dicts" else None
    collecting = [0.0, 0.0]

    def timed(phase: str, _: object) -> None:
        if phase == "start":
            collecting[1] = time.perf_counter()
        else:
            collecting[0] += time.perf_counter() - collecting[1]

    gc.collect()
    before = rss_kib()
    gc.callbacks.append(timed)
    started, cpu = time.perf_counter(), time.process_time()
    if mode == "dicts":
        portfolio = dunningkit.Portfolio.model_validate(data)
    else:
        portfolio = dunningkit.load_jsonl(folder)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    gc.callbacks.remove(timed)
    in_gc = collecting[0]
    del data
    full = time.perf_counter()
    gc.collect()
    full = time.perf_counter() - full
    after = rss_kib()
    print(
        json.dumps(
            {
                "mode": mode,
                "invoices": len(portfolio.invoices),
                "seconds": elapsed,
                "cpu": cpu,
                "gc": in_gc,
                "full_gc": full,
                "kib_per_invoice": (after - before) / len(portfolio.invoices),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=1, help="keep the fastest of N runs")
    parser.add_argument("--modes", nargs="*", default=["jsonl", "dicts"])
    parser.add_argument("--child", nargs=3, metavar=("MODE", "SIZE", "FOLDER"))
    args = parser.parse_args()
    if args.child:
        mode, size, folder = args.child
        child(mode, int(size), folder)
        return
    print(
        f"{'source':<6} {'invoices':>10} {'seconds':>8} {'cpu s':>6} {'invoices/s':>11} "
        f"{'per cpu s':>10} {'gc s':>5} {'full gc ms':>10} {'KiB/invoice':>11}"
    )
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            write_jsonl(records(size), Path(folder))
            for mode in args.modes:
                runs = [in_fresh_process(__file__, mode, str(size), folder)]
                runs += [
                    in_fresh_process(__file__, mode, str(size), folder)
                    for _ in range(args.repeat - 1)
                ]
                r = min(runs, key=lambda run: run["seconds"])
                print(
                    f"{mode:<6} {r['invoices']:>10,} {r['seconds']:>8.2f} {r['cpu']:>6.2f} "
                    f"{r['invoices'] / r['seconds']:>11,.0f} {r['invoices'] / r['cpu']:>10,.0f} "
                    f"{r['gc']:>5.2f} "
                    f"{r['full_gc'] * 1000:>10.0f} {r['kib_per_invoice']:>11.2f}"
                )


if __name__ == "__main__":
    main()
