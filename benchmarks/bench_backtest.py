"""A one-year daily back-test of a 100k-invoice book: incremental against naive replay.

Goal (issue 16): one year, planning every day, on a book of 100k invoices, in at most
30 s on one core. Wall and CPU seconds are both printed: on a shared machine the CPU
time is the steadier figure. The naive replay plans every customer every day; it is timed on a
slice of days and extrapolated to the year (said so in the output) unless ``--full``.

The book: customers invoiced every month for two years, paying with a lateness that
depends on the customer (on time, a few days, weeks, a tenth of invoices very late or
never), a few disputes and promises; made with a seeded generator, built once.

    python benchmarks/bench_backtest.py                  # 100k invoices, 365 days
    python benchmarks/bench_backtest.py --invoices 20000 --naive-days 30
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from datetime import date, timedelta
from decimal import Decimal

from dunningkit import (
    Contact,
    Customer,
    CustomerKind,
    Invoice,
    InvoiceKind,
    InvoiceStatus,
    Payment,
    PaymentPromise,
    Portfolio,
    backtest,
    default_policy,
)
from dunningkit.book._portfolio import ledger_of

START = date(2025, 9, 1)
_CONTACT = (Contact(name="Compta", email="ap@example.com", phone="+33 1 23 45 67 89"),)


def history_book(invoices: int, per_customer: int = 20, seed: int = 16) -> Portfolio:
    """``invoices`` invoices, ``per_customer`` a customer, one a month from START - 1 year."""
    draw = random.Random(seed)
    people, bills, payments, promises = [], [], [], []
    first = START - timedelta(days=365)
    for c in range(max(1, invoices // per_customer)):
        cid = f"C{c:06d}"
        kind = CustomerKind.PUBLIC_BODY if c % 40 == 0 else CustomerKind.COMPANY
        people.append(
            Customer.model_construct(
                id=cid,
                name=f"Customer {c}",
                kind=kind,
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
        )
        habit = c % 10  # 0-4 on time or nearly, 5-7 weeks late, 8 months late, 9 erratic
        for n in range(per_customer):
            issue = first + timedelta(days=30 * n + c % 28)
            due = issue + timedelta(days=30)
            iid = f"{cid}-{n:03d}"
            amount = Decimal(100 + (c * 7 + n * 13) % 1900)
            status = InvoiceStatus.ACCEPTED
            if draw.random() < 0.01:
                status = InvoiceStatus.DISPUTED
            bills.append(
                Invoice.model_construct(
                    id=iid,
                    customer_id=cid,
                    kind=InvoiceKind.INVOICE,
                    issue_date=issue,
                    due_date=due,
                    currency="EUR",
                    amount=amount,
                    status=status,
                    status_date=None,
                    status_history=(),
                    accepted_amount=None,
                    order_reference=None,
                    payment_link=None,
                    hold=None,
                    installments=(),
                    direct_debit=False,
                    collection_date=None,
                )
            )
            if habit < 5:
                late = draw.randint(-5, 3)
            elif habit < 8:
                late = draw.randint(5, 40)
            elif habit == 8:
                late = draw.randint(30, 120)
            else:
                late = draw.choice([0, 10, 60, 400])
            paid_on = due + timedelta(days=late)
            payments.append(
                Payment.model_construct(
                    id=f"R{iid}",
                    invoice_id=iid,
                    date=paid_on,
                    amount=amount,
                    currency="EUR",
                    method=None,
                    reference=None,
                )
            )
            if late > 20 and draw.random() < 0.1:
                made = due + timedelta(days=10)
                promises.append(
                    PaymentPromise(
                        id=f"PR{iid}",
                        customer_id=cid,
                        invoice_ids=(iid,),
                        made_on=made,
                        pay_by=made + timedelta(days=7),
                    )
                )
    return Portfolio.model_construct(
        customers=tuple(people),
        invoices=tuple(bills),
        payments=tuple(payments),
        promises=tuple(promises),
        events=(),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--invoices", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--naive-days", type=int, default=14, help="slice timed naively")
    parser.add_argument("--full", action="store_true", help="time the naive replay fully")
    args = parser.parse_args()

    began = time.perf_counter()
    book = history_book(args.invoices)
    ledger_of(book)
    built = time.perf_counter() - began
    policy = default_policy()
    end = START + timedelta(days=args.days - 1)
    print(
        f"book: {len(book.invoices):,} invoices, {len(book.customers):,} customers, "
        f"{len(book.payments):,} payments, built in {built:.1f} s"
    )

    began, cpu = time.perf_counter(), time.process_time()
    fast = backtest(book, policy, start=START, end=end)
    incremental = time.perf_counter() - began
    incremental_cpu = time.process_time() - cpu
    days = args.days
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"incremental: {days} days in {incremental:.1f} s wall, {incremental_cpu:.1f} s CPU "
        f"(goal <= 30 s); {fast.customers_planned:,} customer plans "
        f"({fast.customers_planned / (days * len(book.customers)):.1%} of customers x days), "
        f"{fast.total_contacts:,} contacts, peak RSS {rss:.0f} MiB"
    )

    naive_days = days if args.full else min(days, args.naive_days)
    slice_end = START + timedelta(days=naive_days - 1)
    began, cpu = time.perf_counter(), time.process_time()
    slow = backtest(book, policy, start=START, end=slice_end, incremental=False)
    naive = time.perf_counter() - began
    naive_cpu = time.process_time() - cpu
    same = backtest(book, policy, start=START, end=slice_end)
    assert slow.to_dict() == same.to_dict(), "incremental and naive replays differ"  # noqa: S101
    if naive_days == days:
        print(
            f"naive: {days} days in {naive:.1f} s wall, {naive_cpu:.1f} s CPU "
            f"({naive_cpu / incremental_cpu:.1f}x the incremental's CPU), "
            f"{slow.customers_planned:,} customer plans; same figures"
        )
    else:
        year = naive_cpu / naive_days * days
        print(
            f"naive: {naive_days} days in {naive:.1f} s wall, {naive_cpu:.1f} s CPU; about "
            f"{year:.0f} s CPU for {days} days EXTRAPOLATED from that slice (later days cost "
            f"more: histories grow); {slow.customers_planned:,} customer plans against "
            f"{same.customers_planned:,} incremental on the slice; same figures on the slice"
        )


if __name__ == "__main__":
    sys.exit(main())
