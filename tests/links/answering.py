"""A small book and link claims for the tests of answers to self-service links."""

from __future__ import annotations

from dunningkit import Creditor, LinkClaim, Portfolio, default_policy
from tests.builders import Book, d

POLICY = default_policy().model_copy(
    update={"creditor": Creditor(name="Atelier Lumière", iban="FR76 3000 4000")}
)


def claim(purpose: str = "promise", **changes: object) -> LinkClaim:
    fields: dict[str, object] = {
        "purpose": purpose,
        "customer_id": "C1",
        "invoice_ids": ("F1", "F2"),
        "action_key": "dk-abc",
        "expires_on": d(30),
    }
    fields.update(changes)
    return LinkClaim(**fields)  # type: ignore[arg-type]


def book() -> Portfolio:
    """C1 owes F1 (1000) and F2 (500), both overdue; C2 owes F3."""
    b = Book().customer("C1", segment="good_payer").customer("C2", segment="good_payer")
    b.invoice("F1", "C1", due=d(-10), amount="1000.00")
    b.invoice("F2", "C1", due=d(-10), amount="500.00")
    b.invoice("F3", "C2", due=d(-10), amount="700.00")
    return b.build()
