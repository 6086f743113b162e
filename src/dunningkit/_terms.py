"""Payment terms and the due dates they give.

French practice writes "45 jours fin de mois" for two different computations, so
both are offered under names that cannot be confused:

* ``days_end_of_month``: add the days to the invoice date, then go to the end of
  that month (15 January + 45 days = 1 March, end of month = 31 March);
* ``end_of_month_days``: go to the end of the invoice's month, then add the days
  (15 January, end of month = 31 January, + 45 days = 17 March).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from enum import StrEnum
from typing import Any, Self

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, Field, model_serializer, model_validator

from dunningkit._types import MODEL_CONFIG

__all__ = ["PaymentTerms", "TermsKind"]


class TermsKind(StrEnum):
    """How the days of a payment term are counted."""

    NET = "net"
    DAYS_END_OF_MONTH = "days_end_of_month"
    END_OF_MONTH_DAYS = "end_of_month_days"


_TEXT_FORMS: list[tuple[re.Pattern[str], TermsKind]] = [
    (re.compile(r"^net\s*(\d+)$"), TermsKind.NET),
    (re.compile(r"^(\d+)\s*days?$"), TermsKind.NET),
    (re.compile(r"^(\d+)\s*days?\s+end\s+of\s+month$"), TermsKind.DAYS_END_OF_MONTH),
    (re.compile(r"^end\s+of\s+month\s*\+\s*(\d+)\s*days?$"), TermsKind.END_OF_MONTH_DAYS),
]


class PaymentTerms(BaseModel):
    """When an invoice falls due, counted from its issue date.

    Written as a mapping (``{"kind": "net", "days": 30}``) or as text:
    ``"net 30"``, ``"45 days end of month"``, ``"end of month + 45 days"``.
    """

    model_config = MODEL_CONFIG

    kind: TermsKind = TermsKind.NET
    days: int = Field(default=30, ge=0, le=366)

    @classmethod
    def net(cls, days: int) -> Self:
        """Due ``days`` after the invoice date."""
        return cls(kind=TermsKind.NET, days=days)

    @classmethod
    def days_end_of_month(cls, days: int) -> Self:
        """Add ``days``, then go to the end of that month."""
        return cls(kind=TermsKind.DAYS_END_OF_MONTH, days=days)

    @classmethod
    def end_of_month_days(cls, days: int) -> Self:
        """Go to the end of the invoice's month, then add ``days``."""
        return cls(kind=TermsKind.END_OF_MONTH_DAYS, days=days)

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        if not isinstance(data, str):
            return data
        text = " ".join(data.strip().lower().split())
        for pattern, kind in _TEXT_FORMS:
            match = pattern.match(text)
            if match:
                return {"kind": kind, "days": int(match.group(1))}
        raise ValueError(
            f"cannot read payment terms {data!r}; write 'net 30', "
            "'45 days end of month' or 'end of month + 45 days'"
        )

    @model_serializer(mode="plain")
    def _to_text(self) -> str:
        return str(self)

    def __str__(self) -> str:
        if self.kind is TermsKind.NET:
            return f"net {self.days}"
        if self.kind is TermsKind.DAYS_END_OF_MONTH:
            return f"{self.days} days end of month"
        return f"end of month + {self.days} days"

    def due_date(self, issue_date: date) -> date:
        """The due date of an invoice issued on ``issue_date`` under these terms."""
        end_of_month = relativedelta(day=31)
        if self.kind is TermsKind.NET:
            return issue_date + timedelta(days=self.days)
        if self.kind is TermsKind.DAYS_END_OF_MONTH:
            return issue_date + timedelta(days=self.days) + end_of_month
        return issue_date + end_of_month + timedelta(days=self.days)
