"""A large synthetic book for the benchmarks: customers with history, made without randomness."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from dunningkit import (
    Channel,
    Contact,
    Customer,
    CustomerKind,
    DunningEvent,
    EventOutcome,
    Invoice,
    InvoiceKind,
    InvoiceStatus,
    Payment,
    Portfolio,
)

TODAY = date(2026, 6, 15)
_CONTACT = (Contact(name="Compta", email="ap@example.com", phone="+33 1 23 45 67 89"),)


def synthetic_book(
    customers: int, open_per_customer: int = 10, paid_per_customer: int = 10
) -> Portfolio:
    """``customers`` x (``open_per_customer`` open + ``paid_per_customer`` paid) invoices.

    Paid invoices carry one payment each (late by a pattern that varies by
    customer); one customer in two has a reminder in its history. Records are
    built with ``model_construct``: the benchmark measures planning, not loading.
    """
    people, invoices, payments, events = [], [], [], []
    for c in range(customers):
        cid = f"C{c:07d}"
        kind = CustomerKind.PUBLIC_BODY if c % 50 == 0 else CustomerKind.COMPANY
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
        for n in range(paid_per_customer):
            due = TODAY - timedelta(days=40 + 30 * n)
            iid = f"{cid}-P{n:02d}"
            amount = Decimal(100 + (c * 7 + n * 13) % 900)
            invoices.append(_invoice(iid, cid, due, amount, InvoiceStatus.PAID))
            late = (c % 7) * (n % 3) * 5
            payments.append(
                Payment.model_construct(
                    id=f"R{iid}",
                    invoice_id=iid,
                    date=due + timedelta(days=late),
                    amount=amount,
                    currency="EUR",
                    method=None,
                    reference=None,
                )
            )
        for n in range(open_per_customer):
            due = TODAY - timedelta(days=(c + 11 * n) % 90 - 30)
            iid = f"{cid}-O{n:02d}"
            invoices.append(
                _invoice(iid, cid, due, Decimal(200 + (c + n) % 800), InvoiceStatus.ACCEPTED)
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
    return Portfolio.model_construct(
        customers=tuple(people),
        invoices=tuple(invoices),
        payments=tuple(payments),
        promises=(),
        events=tuple(events),
    )


def _invoice(iid: str, cid: str, due: date, amount: Decimal, status: InvoiceStatus) -> Invoice:
    return Invoice.model_construct(
        id=iid,
        customer_id=cid,
        kind=InvoiceKind.INVOICE,
        issue_date=due - timedelta(days=30),
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


def in_fresh_process(script: str, *args: str, source: str | None = None) -> dict[str, Any]:
    """Run ``script --child ARGS`` in a new interpreter and read the JSON line it prints.

    Each measurement gets its own process, so that memory figures do not carry over.
    What the child writes to standard error (progress lines, a traceback) goes to ours.
    ``source`` runs it against another checkout's ``src`` folder (a baseline).
    """
    env = dict(os.environ)
    if source is not None:
        env["PYTHONPATH"] = source
    out = subprocess.run(  # noqa: S603 - our own benchmark scripts
        [sys.executable, script, "--child", *args],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    ).stdout
    result: dict[str, Any] = json.loads(out)
    return result


def nightly_book(open_invoices: int) -> Portfolio:
    """The nightly job's book: ``open_invoices`` open invoices, 10 a customer, 5 paid beside.

    1M open invoices are 1.5M invoice records over 100k customers (issue 21).
    """
    return synthetic_book(max(1, open_invoices // 10), open_per_customer=10, paid_per_customer=5)


def overnight_payments(portfolio: Portfolio, on: date, every: int = 20) -> list[dict[str, str]]:
    """One customer in ``every`` pays its first open invoice in full on ``on``.

    JSON Lines records (with ``"type"``) to append to the book's file: the next
    night's export, with 5 % of the customers changed by default.
    """
    records = []
    for customer in portfolio.customers[::every]:
        invoice = next(i for i in portfolio.invoices_of(customer.id) if i.status != "paid")
        records.append(
            {
                "type": "payment",
                "id": f"N{invoice.id}",
                "invoice_id": invoice.id,
                "date": on.isoformat(),
                "amount": str(invoice.amount),
                "currency": invoice.currency,
            }
        )
    return records


def measured_process(argv: list[str], *, source: str | None = None) -> dict[str, Any]:
    """Run ``argv`` in a new process and return what that process alone used.

    ``cpu`` (user + system seconds, interpreter start included), ``user``, ``sys``,
    ``wall`` and ``peak_mib`` (its peak resident memory) come from ``os.wait4``, so
    no earlier child counts; ``stdout`` is what it printed. ``source`` runs it
    against another checkout's ``src`` folder, as :func:`in_fresh_process` does.
    """
    env = dict(os.environ)
    if source is not None:
        env["PYTHONPATH"] = source
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdout=out, stderr=err, env=env)  # noqa: S603
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode:
            raise subprocess.CalledProcessError(
                process.returncode, argv, out.read(), err.read().decode(errors="replace")
            )
        stdout = out.read().decode()
    return {
        "cpu": usage.ru_utime + usage.ru_stime,
        "user": usage.ru_utime,
        "sys": usage.ru_stime,
        "wall": wall,
        "peak_mib": usage.ru_maxrss / 1024,  # KiB on Linux
        "stdout": stdout,
    }
