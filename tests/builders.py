"""Small builders for readable tests: a book of customers with a payment history."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from dunningkit import Portfolio

TODAY = date(2026, 3, 16)  # a Monday


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
    return Decimal(text)
