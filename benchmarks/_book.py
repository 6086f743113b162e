"""A large synthetic book for the benchmarks: customers with history, made without randomness."""

from __future__ import annotations

import json
import os
import subprocess
import sys
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
    ``source`` runs it against another checkout's ``src`` folder (a baseline).
    """
    env = dict(os.environ)
    if source is not None:
        env["PYTHONPATH"] = source
    out = subprocess.run(  # noqa: S603 - our own benchmark scripts
        [sys.executable, script, "--child", *args],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout
    result: dict[str, Any] = json.loads(out)
    return result
