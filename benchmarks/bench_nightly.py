"""The nightly job as a host runs it, once a night, each figure in a fresh process.

Goals (issue 21), for a book of N open invoices (10 a customer, 5 paid invoices
beside each 10 open ones, one customer in two with a reminder in its history):

* ``dunningkit plan BOOK.jsonl --today D --format json --out OUT`` in a new
  process, the whole process (interpreter start, imports, load, plan, write): at
  most 10 s CPU per million open invoices (1 s at 100k), and a peak resident memory
  of at most 1 GiB at 1M (no goal below 1M: the interpreter and the imports alone
  weigh a fixed amount);
* beside it in the same run, the **bare loop**: a process that only parses the same
  file (``json.loads`` per line) and looks each open invoice's step up in a table of
  days overdue, the least any planner must do. The ratio of the two CPU times holds
  across machines: at most 5;
* loading (``load_portfolio`` of the file) at least 300k records/s of CPU;
* at most 1 container object (tracked by the cyclic collector) per loaded invoice;
* the warm re-plan (a second ``next_actions`` on the loaded book, for the next day)
  at least 400k open invoices/s of CPU;
* ``replan`` of the next day, 5 % of the customers having paid an invoice overnight
  (the next night's export, loaded afresh), at most 1.5 s CPU per million open
  invoices; skipped, with a note, where ``dunningkit.replan`` does not exist.

The books are written once (``dump_jsonl``) into ``--workdir`` (a folder under the
system's temporary one by default), named by size, and reused by later runs;
``--rewrite`` writes them again (with this checkout's code). ``--source OTHER/src``
runs every measured process against another checkout (before/after, one after the
other on the same machine, on the same files).

    python benchmarks/bench_nightly.py                            # 100k and 1M
    python benchmarks/bench_nightly.py --sizes 100000 --json
    python benchmarks/bench_nightly.py --sizes 100000 --source ../old/src
"""

from __future__ import annotations

import argparse
import bisect
import json
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
# Nothing from dunningkit (nor _book, which imports it) at the top: the bare loop's
# process must not pay for importing the library it stands beside.

TODAY = date(2026, 6, 15)
"""The planning day: ``_book.TODAY``, repeated here for the bare loop's process."""

_CLI = "import sys; from dunningkit.cli import main; sys.exit(main())"


def _write(size: int, folder: Path) -> None:
    """Write the book of ``size`` open invoices and the next night's export."""
    import shutil  # noqa: PLC0415

    from _book import nightly_book, overnight_payments  # noqa: PLC0415

    from dunningkit.loaders import dump_jsonl  # noqa: PLC0415

    book, changed, meta = _paths(folder, size)
    portfolio = nightly_book(size)
    payments = overnight_payments(portfolio, TODAY + timedelta(days=1))
    partial = book.with_suffix(".partial")
    dump_jsonl(portfolio, partial)
    shutil.copyfile(partial, changed.with_suffix(".partial"))
    with changed.with_suffix(".partial").open("a", encoding="utf-8") as out:
        out.writelines(json.dumps(record) + "\n" for record in payments)
    changed.with_suffix(".partial").replace(changed)
    partial.replace(book)
    counts = {
        "customers": len(portfolio.customers),
        "invoices": len(portfolio.invoices),
        "open": sum(1 for i in portfolio.invoices if i.status != "paid"),
        "changed_customers": len(payments),
        "records": sum(len(getattr(portfolio, s)) for s in _SECTIONS),
    }
    meta.write_text(json.dumps(counts))


_SECTIONS = ("customers", "invoices", "payments", "promises", "events")


def _paths(folder: Path, size: int) -> tuple[Path, Path, Path]:
    """The book's file, the next night's file and the counts, named by size."""
    return (
        folder / f"book-{size}.jsonl",
        folder / f"book-{size}-next.jsonl",
        folder / f"book-{size}.counts.json",
    )


def _bare(path: str, offsets: str) -> None:
    """Parse every line and look each open invoice's step up: the least a planner does."""
    steps = [int(o) for o in offsets.split(",")]
    table = {days: bisect.bisect_right(steps, days) for days in range(-400, 4000)}
    today = TODAY.toordinal()
    parse, from_iso = json.loads, date.fromisoformat
    found = looked_up = 0
    started = time.process_time()
    with Path(path).open("rb") as lines:
        for line in lines:
            record = parse(line)
            if record["type"] == "invoice" and record.get("status") != "paid":
                looked_up += 1
                found += table[today - from_iso(record["due_date"]).toordinal()]
    loop = time.process_time() - started
    print(json.dumps({"open": looked_up, "steps": found, "loop_cpu": loop}))


def _load(path: str) -> None:
    from dunningkit.loaders import load_portfolio  # noqa: PLC0415

    started, cpu = time.perf_counter(), time.process_time()
    portfolio = load_portfolio(path)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(json.dumps({"invoices": len(portfolio.invoices), "wall": wall, "cpu": cpu}))


def _objects(path: str) -> None:
    """Container objects the load leaves tracked by the collector (the library never
    touches it; this benchmark may count)."""
    import gc  # noqa: PLC0415

    from dunningkit.loaders import load_portfolio  # noqa: PLC0415

    gc.collect()
    before = len(gc.get_objects())
    portfolio = load_portfolio(path)
    gc.collect()
    after = len(gc.get_objects())
    print(json.dumps({"invoices": len(portfolio.invoices), "objects": after - before}))


def _warm(path: str) -> None:
    from dunningkit import next_actions  # noqa: PLC0415
    from dunningkit.loaders import load_portfolio  # noqa: PLC0415

    portfolio = load_portfolio(path)
    next_actions(portfolio, TODAY)
    started, cpu = time.perf_counter(), time.process_time()
    plan = next_actions(portfolio, TODAY + timedelta(days=1))
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(json.dumps({"wall": wall, "cpu": cpu, "actions": len(plan.actions)}))


def _replan(path: str, next_path: str) -> None:
    import dunningkit  # noqa: PLC0415
    from dunningkit.loaders import load_portfolio  # noqa: PLC0415

    if not hasattr(dunningkit, "replan"):
        print(json.dumps({"skipped": "this dunningkit has no replan"}))
        return
    tomorrow = TODAY + timedelta(days=1)
    previous = dunningkit.next_actions(load_portfolio(path), TODAY)
    later = load_portfolio(next_path)
    started, cpu = time.perf_counter(), time.process_time()
    plan = dunningkit.replan(previous, later, tomorrow)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    equal = plan == dunningkit.next_actions(later, tomorrow)
    print(json.dumps({"wall": wall, "cpu": cpu, "equal": equal}))


_CHILDREN: dict[str, Callable[..., None]] = {
    "bare": _bare,
    "load": _load,
    "objects": _objects,
    "warm": _warm,
    "replan": _replan,
}


def _goal(value: float | None, goal: float | None, op: str) -> str:
    if value is None or goal is None:
        return "-"
    ok = {"<=": value <= goal, "<": value < goal, ">=": value >= goal}[op]
    return "PASS" if ok else "MISS"


def _figure(
    name: str, value: float | None, unit: str, op: str = "", goal: float | None = None
) -> dict[str, Any]:
    return {
        "name": name,
        "value": value,
        "unit": unit,
        "goal": f"{op} {goal:,.6g}" if goal is not None else None,
        "verdict": _goal(value, goal, op),
    }


def measure(size: int, folder: Path, source: str | None, *, rewrite: bool) -> dict[str, Any]:
    """Every figure of one size, each from its own fresh process."""
    from _book import in_fresh_process, measured_process  # noqa: PLC0415

    from dunningkit import default_policy  # noqa: PLC0415

    book, changed, meta = _paths(folder, size)
    if rewrite or not (book.exists() and changed.exists() and meta.exists()):
        measured_process([sys.executable, __file__, "--child", "write", str(size), str(folder)])
    counts = json.loads(meta.read_text())
    out = folder / f"plan-{size}.json"
    command = ["plan", str(book), "--today", TODAY.isoformat(), "--format", "json"]
    nightly = measured_process(
        [sys.executable, "-c", _CLI, *command, "--out", str(out), "--force"], source=source
    )
    out.unlink()
    offsets = ",".join(str(s.offset_days) for s in default_policy().scenarios["good_payer"].steps)
    bare = measured_process([sys.executable, __file__, "--child", "bare", str(book), offsets])
    bare |= json.loads(bare.pop("stdout"))
    if bare["open"] != counts["open"]:
        raise RuntimeError(
            f"the bare loop found {bare['open']} open invoices, not {counts['open']}"
        )
    nightly.pop("stdout")
    load = in_fresh_process(__file__, "load", str(book), source=source)
    objects = in_fresh_process(__file__, "objects", str(book), source=source)
    warm = in_fresh_process(__file__, "warm", str(book), source=source)
    replan = in_fresh_process(__file__, "replan", str(book), str(changed), source=source)
    millions = counts["open"] / 1_000_000
    figures = [
        _figure("nightly plan, CPU (user+sys)", nightly["cpu"], "s", "<=", 10 * millions),
        _figure("nightly plan, wall", nightly["wall"], "s"),
        _figure(
            "nightly plan, peak RSS",
            nightly["peak_mib"],
            "MiB",
            "<=",
            1024 * millions if millions >= 1 else None,
        ),
        _figure("bare loop, CPU (user+sys)", bare["cpu"], "s"),
        _figure("ratio nightly / bare loop CPU", nightly["cpu"] / bare["cpu"], "x", "<=", 5),
        _figure("loading", counts["records"] / load["cpu"], "records/s", ">=", 300_000),
        _figure(
            "container objects per invoice", objects["objects"] / counts["invoices"], "", "<", 1
        ),
        _figure("warm re-plan, next day", counts["open"] / warm["cpu"], "open/s", ">=", 400_000),
    ]
    if "skipped" in replan:
        figures.append(_figure("replan, next day, 5% changed", None, "s") | replan)
    else:
        figures.append(
            _figure("replan, next day, 5% changed", replan["cpu"], "s", "<=", 1.5 * millions)
            | {"equal_to_next_actions": replan["equal"]}
        )
    return {
        "size": size,
        "source": source,
        "counts": counts,
        "book_mib": book.stat().st_size / 2**20,
        "figures": figures,
        "raw": {"nightly": nightly, "bare": bare, "load": load, "warm": warm, "replan": replan},
    }


def _print(result: dict[str, Any]) -> None:
    c = result["counts"]
    print(
        f"\n{c['open']:,} open invoices ({c['invoices']:,} invoices, {c['records']:,} "
        f"records, {c['customers']:,} customers; {result['book_mib']:,.0f} MiB of JSON Lines)"
        + (f", source {result['source']}" if result["source"] else "")
    )
    print(f"  {'figure':<32} {'value':>12} {'unit':<10} {'goal':>12}  verdict")
    for f in result["figures"]:
        if f["value"] is None:
            print(f"  {f['name']:<32} {'skipped':>12} {'':<10} {'':>12}  {f.get('skipped', '')}")
            continue
        value = f"{f['value']:,.0f}" if f["value"] >= 1000 else f"{f['value']:.3g}"
        note = "" if f.get("equal_to_next_actions", True) else "  (NOT equal to next_actions)"
        print(
            f"  {f['name']:<32} {value:>12} {f['unit']:<10} {f['goal'] or '':>12}  "
            f"{f['verdict']}{note}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--source", metavar="SRC", help="run against this src folder")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "dunningkit-bench-nightly",
        help="where the books are written once and kept, named by size",
    )
    parser.add_argument("--rewrite", action="store_true", help="write the books again")
    parser.add_argument("--json", action="store_true", help="one JSON document on stdout")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        name, *rest = args.child
        if name == "write":
            _write(int(rest[0]), Path(rest[1]))
        else:
            _CHILDREN[name](*rest)
        return
    args.workdir.mkdir(parents=True, exist_ok=True)
    results = []
    for size in args.sizes:
        result = measure(size, args.workdir, args.source, rewrite=args.rewrite)
        results.append(result)
        if not args.json:
            _print(result)
    if args.json:
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
