"""Books larger than memory: streaming (JSON Lines and Parquet) and Dask on 1 and 2 workers.

Goal (issue 17): a 20M-open-invoice book (2M customers, with payments and events)
planned on this machine (2 cores, 24 GiB shared) with peak RSS under 2 GiB; streaming
throughput per core within 20% of the in-memory planner's (load + plan, on a book that
fits); Dask on 2 workers at least 1.7x one worker.

The book is generated customer by customer (never whole in memory) and written with
``dump_jsonl`` and ``dump_parquet`` in a temporary folder. Each measurement runs in a
fresh process, so that its peak RSS is its own. Every customer has 10 open invoices,
2 paid ones with their payments, and one customer in two a reminder in its history.
Writing and streaming print a progress line on standard error every million invoices
(invoices so far, rate, CPU seconds, peak RSS): a 20M run takes hours on a busy machine.
The Dask runs print the workers' CPU seconds beside the wall clock.

    python benchmarks/bench_scale.py                      # 20M open invoices (long)
    python benchmarks/bench_scale.py --invoices 2000000   # 2M
    python benchmarks/bench_scale.py --invoices 200000 --no-dask
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _book import TODAY, _invoice, in_fresh_process

from dunningkit import (
    Channel,
    Contact,
    Customer,
    CustomerBook,
    CustomerKind,
    DunningEvent,
    EventOutcome,
    InvoiceStatus,
    Payment,
)

OPEN, PAID = 10, 2
_CONTACT = (Contact(name="Compta", email="ap@example.com", phone="+33 1 23 45 67 89"),)


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


EVERY = 1_000_000
"""A progress line on standard error every this many open invoices written or read."""


class _Progress:
    """Progress lines of a long child: what it did so far, its rate, CPU time and peak RSS."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.started = time.perf_counter()
        self.cpu = time.process_time()
        self.next: dict[str, int] = {}

    def __call__(self, stage: str, invoices: int, expected: int | None = None) -> None:
        if invoices < self.next.get(stage, EVERY):
            return
        self.next[stage] = (invoices // EVERY + 1) * EVERY
        seconds = time.perf_counter() - self.started
        of = f" of {expected:,}" if expected else ""
        print(
            f"  [{self.what} {stage}] {invoices:,}{of} invoices  {seconds:7.1f} s  "
            f"{invoices / seconds:9,.0f}/s  CPU {time.process_time() - self.cpu:7.1f} s  "
            f"peak RSS {_peak_mib():,.0f} MiB",
            file=sys.stderr,
            flush=True,
        )


def _counted(books: Iterator[CustomerBook], progress: _Progress) -> Iterator[CustomerBook]:
    written = 0
    for book in books:
        yield book
        written += len(book.invoices)
        progress("write", written)


def books(customers: int) -> Iterator[CustomerBook]:
    """The book, one customer at a time, in customer-id order."""
    for c in range(customers):
        cid = f"C{c:08d}"
        customer = Customer.model_construct(
            id=cid,
            name=f"Customer {c}",
            kind=CustomerKind.PUBLIC_BODY if c % 50 == 0 else CustomerKind.COMPANY,
            size=None,
            country="FR",
            locale="fr_FR",
            contacts=_CONTACT,
            preferred_channels=(),
            payment_terms=None,
            grace_days=0,
            segment=None,
            hold=None,
            tags=(),
            since=date(2020, 1, 1),
        )
        invoices, payments, events = [], [], []
        for n in range(PAID):
            due = TODAY - timedelta(days=40 + 30 * n)
            iid = f"{cid}-P{n:02d}"
            amount = Decimal(100 + (c * 7 + n * 13) % 900)
            invoices.append(_invoice(iid, cid, due, amount, InvoiceStatus.PAID))
            payments.append(
                Payment.model_construct(
                    id=f"R{iid}",
                    invoice_id=iid,
                    date=due + timedelta(days=(c % 7) * (n % 3) * 5),
                    amount=amount,
                    currency="EUR",
                    method=None,
                    reference=None,
                )
            )
        for n in range(OPEN):
            due = TODAY - timedelta(days=(c + 11 * n) % 90 - 30)
            invoices.append(
                _invoice(
                    f"{cid}-O{n:02d}",
                    cid,
                    due,
                    Decimal(200 + (c + n) % 800),
                    InvoiceStatus.ACCEPTED,
                )
            )
        if c % 2 == 0:
            events.append(
                DunningEvent.model_construct(
                    id=f"E{cid}",
                    customer_id=cid,
                    invoice_ids=(f"{cid}-O00",),
                    date=TODAY - timedelta(days=12),
                    step_id="reminder_1",
                    channel=Channel.EMAIL,
                    outcome=EventOutcome.SENT,
                    scenario_id=None,
                    action_key=None,
                    reference=None,
                )
            )
        yield CustomerBook.model_construct(
            customer=customer,
            invoices=tuple(invoices),
            payments=tuple(payments),
            promises=(),
            events=tuple(events),
        )


# -- children (each in a fresh process) ----------------------------------------------------


def child_write(kind: str, customers: int, target: str) -> dict[str, float]:
    from dunningkit import dump_jsonl  # noqa: PLC0415

    started = time.perf_counter()
    written = _counted(books(customers), _Progress(kind))
    if kind == "jsonl":
        dump_jsonl(written, target)
    else:
        from dunningkit.parquet import dump_parquet  # noqa: PLC0415

        dump_parquet(written, target)
    return {"seconds": time.perf_counter() - started, "peak_mib": _peak_mib()}


def child_stream(source: str, out: str) -> dict[str, float]:
    from dunningkit import plan_stream  # noqa: PLC0415

    started = time.perf_counter()
    cpu = time.process_time()
    summary = plan_stream(source, TODAY, sink=out, progress=_Progress(Path(source).suffix[1:]))
    return {
        "seconds": time.perf_counter() - started,
        "cpu": time.process_time() - cpu,
        "invoices": summary.invoices_read,
        "actions": summary.actions,
        "skips": summary.skips,
        "peak_mib": _peak_mib(),
    }


def child_memory(customers: int) -> dict[str, float]:
    """The in-memory planner on the same kind of book: load JSON Lines, then plan."""
    from dunningkit import dump_jsonl, load_jsonl, next_actions  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "book.jsonl"
        dump_jsonl(books(customers), path)
        started, cpu = time.perf_counter(), time.process_time()
        book = load_jsonl(path)
        loaded, loaded_cpu = time.perf_counter() - started, time.process_time() - cpu
        started, cpu = time.perf_counter(), time.process_time()
        plan = next_actions(book, TODAY)
        planned, planned_cpu = time.perf_counter() - started, time.process_time() - cpu
    return {
        "load": loaded,
        "plan": planned,
        "load_cpu": loaded_cpu,
        "plan_cpu": planned_cpu,
        "invoices": len(book.invoices),
        "actions": len(plan.actions),
        "peak_mib": _peak_mib(),
    }


def child_dask(parts_folder: str, workers: int) -> dict[str, float]:
    from distributed import Client, LocalCluster  # noqa: PLC0415

    from dunningkit.dask import from_jsonl, plan  # noqa: PLC0415

    paths = sorted(Path(parts_folder).glob("part-*.jsonl"))
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            memory_limit="6GiB",
        ) as cluster,
        Client(cluster) as client,
    ):
        client.run(lambda: None)  # workers up before the clock starts
        cpu_before = client.run(time.process_time)
        started = time.perf_counter()
        results = plan(from_jsonl(paths), TODAY).count().compute()
        seconds = time.perf_counter() - started
        cpu_after = client.run(time.process_time)
        worker_peaks = client.run(_peak_mib)
    return {
        "seconds": seconds,
        "worker_cpu": sum(cpu_after[w] - cpu_before[w] for w in cpu_after),
        "results": results,
        "worker_peak_mib": max(worker_peaks.values()),
    }


def child(argv: list[str]) -> None:
    kind, *rest = argv
    if kind == "write":
        result = child_write(rest[0], int(rest[1]), rest[2])
    elif kind == "stream":
        result = child_stream(rest[0], rest[1])
    elif kind == "memory":
        result = child_memory(int(rest[0]))
    else:
        result = child_dask(rest[0], int(rest[1]))
    print(json.dumps(result))


# -- the run ----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invoices", type=int, default=20_000_000, help="open invoices")
    parser.add_argument("--memory-invoices", type=int, default=1_000_000)
    parser.add_argument("--parts", type=int, default=0, help="Dask partitions (default: auto)")
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument("--folder", help="where to write the book (default: a temporary one)")
    parser.add_argument(
        "--reuse", action="store_true", help="keep a book already written in --folder"
    )
    parser.add_argument("--no-stream", action="store_true", help="skip the streamed runs")
    args = parser.parse_args()
    customers = max(1, args.invoices // OPEN)
    script = str(Path(__file__))
    folder = Path(args.folder or tempfile.mkdtemp(prefix="dunningkit-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        run(args, customers, script, folder)
    finally:
        if not args.folder:
            shutil.rmtree(folder, ignore_errors=True)


def _size(path: Path) -> float:
    files = [path] if path.is_file() else list(path.rglob("*"))
    return sum(f.stat().st_size for f in files if f.is_file()) / 2**20


def run(args: argparse.Namespace, customers: int, script: str, folder: Path) -> None:
    print(
        f"book: {customers * OPEN:,} open invoices, {customers * PAID:,} paid with payments, "
        f"{customers:,} customers, {(customers + 1) // 2:,} events"
    )
    jsonl, parquet = folder / "book.jsonl", folder / "book.parquet"
    rates = {}
    for kind, source in (("jsonl", jsonl), ("parquet", parquet)):
        # Each format is written, then streamed: a long run has its first figures early.
        if args.reuse and source.exists():
            print(f"write {kind:7}: kept from an earlier run  {_size(source):8,.1f} MiB on disk")
        else:
            done = in_fresh_process(script, "write", kind, str(customers), str(source))
            print(f"write {kind:7}: {done['seconds']:7.1f} s  {_size(source):8,.1f} MiB on disk")
        if args.no_stream:
            continue
        out = folder / f"plan-{kind}"
        done = in_fresh_process(script, "stream", str(source), str(out))
        rate = done["invoices"] / done["seconds"]
        rates[kind] = done["invoices"] / done["cpu"]
        print(
            f"stream {kind:7}: {done['seconds']:7.1f} s  {rate:9,.0f} invoices/s "
            f"({rates[kind]:,.0f} per CPU second)  peak RSS {done['peak_mib']:,.0f} MiB  "
            f"{done['actions']:,} actions, {done['skips']:,} skips",
            flush=True,
        )
        shutil.rmtree(out, ignore_errors=True)

    memory_customers = max(1, min(customers, args.memory_invoices // OPEN))
    done = in_fresh_process(script, "memory", str(memory_customers))
    both = done["invoices"] / (done["load_cpu"] + done["plan_cpu"])
    print(
        f"in memory   : {done['invoices']:,} invoices: load {done['load']:.1f} s + plan "
        f"{done['plan']:.1f} s; {both:,.0f} invoices per CPU second (plan alone "
        f"{done['invoices'] / done['plan_cpu']:,.0f})  peak RSS {done['peak_mib']:,.0f} MiB"
    )
    for kind, rate in rates.items():
        print(f"stream {kind} / in memory (load + plan), per core: {rate / both:.2f}")

    if args.no_dask:
        return
    from dunningkit.dask import partition_jsonl  # noqa: PLC0415

    parts = args.parts or max(8, customers // 20_000)
    started = time.perf_counter()
    partition_jsonl(jsonl, folder / "parts", parts)
    print(f"partition   : {parts} files in {time.perf_counter() - started:.1f} s")
    seconds, per_cpu = {}, {}
    for workers in (1, 2):
        done = in_fresh_process(script, "dask", str(folder / "parts"), str(workers))
        seconds[workers] = done["seconds"]
        rate = (customers * (OPEN + PAID)) / done["seconds"]
        per_cpu[workers] = (customers * (OPEN + PAID)) / done["worker_cpu"]
        print(
            f"dask {workers} worker{'s' if workers > 1 else ' '}: {done['seconds']:7.1f} s  "
            f"{rate:9,.0f} invoices/s ({per_cpu[workers]:,.0f} per CPU second of the workers)  "
            f"worker peak RSS {done['worker_peak_mib']:,.0f} MiB  {done['results']:,} results",
            flush=True,
        )
    print(f"dask speed-up on 2 workers: {seconds[1] / seconds[2]:.2f}x")
    wall_rate = customers * (OPEN + PAID) / seconds[1]
    for kind, rate in rates.items():
        print(
            f"dask 1 worker / stream {kind}, per core: {per_cpu[1] / rate:.2f} (per CPU "
            f"second of the worker), {wall_rate / rate:.2f} (its wall rate)"
        )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2:])
    else:
        main()
