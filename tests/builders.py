"""The one family of test builders, and the suite's named days.

Tests import from here (never from ``tests.conftest``):

- the days: :data:`TODAY` is the day a test plans on unless the day is the point of the
  test; the other days are named for what they are (the sample book's day, the docs'
  demo day, the day the generated books centre on);
- :class:`Book`: a whole book of customers with a payment history, built into a
  validated :class:`~dunningkit.Portfolio`; :func:`d` shifts :data:`TODAY`;
- :func:`customer`, :func:`invoice`, :func:`payment`: single plain records as a file
  holds them (ISO strings for dates, strings for amounts), for loader and model tests;
- :func:`money`: a :class:`~decimal.Decimal` from its text.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from dunningkit import Creditor, Portfolio

TODAY = date(2026, 3, 16)  # a Monday: the suite's "today"
# Who signs the suite's messages: everything a message needs (name, address, IBAN).
CREDITOR = Creditor(
    name="Atelier Lumière SARL",
    address="3 quai Saint-Vincent, 69001 Lyon",
    iban="FR76 3000 4000 0500 0012 3456 789",
    phone="+33 4 78 00 00 00",
)
SAMPLE_DAY = date(2026, 3, 2)  # the sample book's day in the back-test, stream and scale tests
DEMO_DAY = date(2026, 11, 23)  # the day the docs run the demo and the report on
GENERATED_DAY = date(2026, 2, 2)  # the day property tests draw their planning days around
STRATEGIES_DAY = date(2026, 1, 1)  # the day dunningkit.testing's strategies build books around


class Book:
    """Collects plain records, then builds a validated Portfolio."""

    def __init__(self) -> None:
        self.customers: list[dict[str, Any]] = []
        self.invoices: list[dict[str, Any]] = []
        self.payments: list[dict[str, Any]] = []
        self.promises: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []

    def customer(self, cid: str = "C1", **extra: Any) -> Book:
        record = {
            "id": cid,
            "name": f"Customer {cid}",
            "since": date(2020, 1, 1),
            "contacts": [
                {
                    "name": "Claire Martin",
                    "email": "claire@example.com",
                    "phone": "+33 1 23 45 67 89",
                    "postal_address": "1 rue de la Paix, 75002 Paris",
                }
            ],
        }
        record.update(extra)
        self.customers.append(record)
        return self

    def invoice(
        self,
        iid: str,
        cid: str = "C1",
        *,
        due: date,
        amount: str = "1000.00",
        issued: date | None = None,
        currency: str = "EUR",
        **extra: Any,
    ) -> Book:
        self.invoices.append(
            {
                "id": iid,
                "customer_id": cid,
                "issue_date": issued or due - timedelta(days=30),
                "due_date": due,
                "amount": amount,
                "currency": currency,
                "status": "accepted",
                **extra,
            }
        )
        return self

    def pay(self, iid: str, on: date, amount: str | None = None) -> Book:
        invoice = next(i for i in self.invoices if i["id"] == iid)
        self.payments.append(
            {
                "id": f"P-{iid}-{len(self.payments)}",
                "invoice_id": iid,
                "date": on,
                "amount": amount or invoice["amount"],
                "currency": invoice["currency"],
            }
        )
        return self

    def history(
        self, cid: str, delays: list[int], *, amount: str = "1000.00", end: date = TODAY
    ) -> Book:
        """Paid invoices due 45, 75, 105... days before ``end``, paid ``delay`` days late."""
        for n, delay in enumerate(delays):
            due = end - timedelta(days=45 + 30 * n)
            iid = f"{cid}-H{n:02d}"
            self.invoice(iid, cid, due=due, amount=amount)
            self.pay(iid, min(due + timedelta(days=delay), end - timedelta(days=1)))
        return self

    def event(
        self,
        cid: str,
        invoice_ids: list[str],
        step: str,
        on: date,
        *,
        channel: str = "email",
        outcome: str = "sent",
    ) -> Book:
        self.events.append(
            {
                "id": f"E{len(self.events)}",
                "customer_id": cid,
                "invoice_ids": invoice_ids,
                "date": on,
                "step_id": step,
                "channel": channel,
                "outcome": outcome,
            }
        )
        return self

    def promise(self, cid: str, invoice_ids: list[str], made: date, pay_by: date) -> Book:
        self.promises.append(
            {
                "id": f"PR{len(self.promises)}",
                "customer_id": cid,
                "invoice_ids": invoice_ids,
                "made_on": made,
                "pay_by": pay_by,
            }
        )
        return self

    def build(self) -> Portfolio:
        return Portfolio.model_validate(
            {
                "customers": self.customers,
                "invoices": self.invoices,
                "payments": self.payments,
                "promises": self.promises,
                "events": self.events,
            }
        )


def d(days: int) -> date:
    """TODAY shifted by ``days``."""
    return TODAY + timedelta(days=days)


def money(text: str) -> Decimal:
    """An amount from its text: ``money("12.50")``."""
    return Decimal(text)


def customer(cid: str = "C1", **extra: Any) -> dict[str, Any]:
    """A customer record with only the required fields, plus ``extra``."""
    return {"id": cid, "name": f"Customer {cid}", **extra}


def invoice(
    iid: str = "F1",
    cid: str = "C1",
    amount: str = "100.00",
    issue: str = "2026-01-01",
    due: str = "2026-01-31",
    **extra: Any,
) -> dict[str, Any]:
    """An invoice record in euros, plus ``extra``."""
    return {
        "id": iid,
        "customer_id": cid,
        "issue_date": issue,
        "due_date": due,
        "amount": amount,
        "currency": "EUR",
        **extra,
    }


def payment(
    pid: str = "P1", iid: str = "F1", amount: str = "10.00", day: str = "2026-02-01", **extra: Any
) -> dict[str, Any]:
    """A payment record in euros, plus ``extra``."""
    return {"id": pid, "invoice_id": iid, "date": day, "amount": amount, "currency": "EUR", **extra}
