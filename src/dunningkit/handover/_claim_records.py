"""The records of a claim declaration: each claim, the parts falling due later, and what
the formats read of a declaration (:class:`ClaimView`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Protocol

from pydantic import BaseModel

from dunningkit.handover._records import DossierParty
from dunningkit.model._customer import Proceedings
from dunningkit.model._types import MODEL_CONFIG

__all__ = ["ClaimLine", "ClaimView", "FallingDue"]

_ZERO = Decimal(0)


class FallingDue(BaseModel):
    """A part of a claim that falls due after the opening: its date and amount."""

    model_config = MODEL_CONFIG

    due_date: date
    amount: Decimal


class ClaimLine(BaseModel):
    """One claim (an open invoice issued before the opening), as declared.

    Attributes:
        principal: what of it was due on the opening day and is still open
            (negative for a credit note, set off).
        to_fall_due: the parts falling due after the opening, with their dates.
        interest: the late-payment interest up to ``interest_until``.
        interest_until: the last day counted in ``interest``: the eve of the opening
            where the law stops interest then (France, Germany), the opening day where
            it still bears interest (the United Kingdom) or the rules stop none;
            ``None`` for a credit note.
        interest_stop: the text by which the proceedings stop the interest (empty
            when the rules applied stop none: the law of the proceedings may).
        compensation: the fixed recovery compensation owed at the opening.
        total: principal, what falls due later, interest and compensation.
        ground: what the claim rests on (the *Grund* of § 174 InsO).
        proofs: the documents that prove it (the invoice, the order, reminders sent).
    """

    model_config = MODEL_CONFIG

    invoice_id: str
    kind: str
    issue_date: date
    due_date: date
    currency: str
    amount: Decimal
    principal: Decimal
    to_fall_due: tuple[FallingDue, ...] = ()
    interest: Decimal = _ZERO
    interest_until: date | None = None
    interest_stop: str = ""
    compensation: Decimal = _ZERO
    legal_basis: str = ""
    total: Decimal
    status: str
    disputed: bool = False
    ground: str
    proofs: tuple[str, ...] = ()


class ClaimView(Protocol):
    """What the formats read of a declaration (a :class:`~dunningkit.ClaimDeclaration`)."""

    @property
    def customer_id(self) -> str: ...

    @property
    def on(self) -> date: ...

    @property
    def title(self) -> str: ...

    @property
    def legal_basis(self) -> str: ...

    @property
    def statement(self) -> str: ...

    @property
    def creditor(self) -> DossierParty: ...

    @property
    def debtor(self) -> DossierParty: ...

    @property
    def proceedings(self) -> Proceedings: ...

    @property
    def claims(self) -> tuple[ClaimLine, ...]: ...

    @property
    def totals(self) -> dict[str, dict[str, Decimal]]: ...

    @property
    def security(self) -> str: ...

    @property
    def warnings(self) -> tuple[str, ...]: ...
