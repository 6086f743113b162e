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
import unicodedata
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any, Self

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, Field, model_serializer, model_validator

from dunningkit.errors import TermsError
from dunningkit.model._types import MODEL_CONFIG, FieldError

__all__ = ["InterestTerms", "PaymentTerms", "TermsKind"]


class TermsKind(StrEnum):
    """How the days of a payment term are counted."""

    NET = "net"
    DAYS_END_OF_MONTH = "days_end_of_month"
    END_OF_MONTH_DAYS = "end_of_month_days"


# The printed forms (str(terms)), read back by the model without any doubt.
_TEXT_FORMS: list[tuple[re.Pattern[str], TermsKind]] = [
    (re.compile(r"^net\s*(\d+)$"), TermsKind.NET),
    (re.compile(r"^(\d+)\s*days?$"), TermsKind.NET),
    (re.compile(r"^(\d+)\s*days?\s+end\s+of\s+month$"), TermsKind.DAYS_END_OF_MONTH),
    (re.compile(r"^end\s+of\s+month\s*\+\s*(\d+)\s*days?$"), TermsKind.END_OF_MONTH_DAYS),
]

# Wordings as ERPs print them, in French, English and German, after _normalise()
# (lower case, accents dropped, "+" spaced). Units: jours/j, days/d, Tage/Tagen.
_DAYS = r"(\d{1,3})\s*(?:jours?|j|days?|d|tagen?)?"
_EOM = r"(?:fin\s+de\s+mois|fdm|end\s+of\s+(?:the\s+)?month|eom|monatsende|ende\s+des\s+monats)"
_RECEIPT = re.compile(
    r"^(?:a\s+reception(?:\s+de\s+(?:la\s+)?facture)?|des\s+reception|comptant|"
    r"(?:due\s+|payable\s+)?(?:up)?on\s+receipt|cash|immediate(?:ly)?|"
    r"sofort(?:\s+(?:fallig|zahlbar|netto))?|bei\s+erhalt|zahlbar\s+sofort|net\s+0)$"
)
_NET = [
    re.compile(rf"^(?:a\s+|net\s+|netto\s+)?{_DAYS}(?:\s+(?:net|netto|rein\s+netto))?$"),
    re.compile(rf"^(?:payable\s+|due\s+)?(?:with)?in\s+{_DAYS}(?:\s+net)?$"),
    re.compile(rf"^zahlbar\s+(?:innerhalb\s+)?(?:von\s+)?{_DAYS}(?:\s+netto)?$"),
    re.compile(rf"^(?:a\s+)?{_DAYS}\s+date\s+de\s+facture$"),
]
# "45 jours fin de mois": the one wording French practice reads two ways.
_DAYS_THEN_EOM = re.compile(rf"^(?:a\s+)?{_DAYS}\s+(?:zum\s+)?{_EOM}$")
# "fin de mois + 45 jours", "end of month + 45": end of month first, no doubt.
_EOM_THEN_DAYS = re.compile(rf"^{_EOM}\s*(?:\+\s*)?{_DAYS}$")
# "fin de mois le 10": the 10th of the next month, i.e. end of month + 10 days.
_EOM_THE = re.compile(
    r"^(?:fin\s+de\s+mois\s+le|end\s+of\s+month(?:\s+the)?|monatsende\s+zum)\s+"
    r"(\d{1,2})(?:st|nd|rd|th|\.)?$"
)
_DAYS_EOM_THE = re.compile(rf"^{_DAYS}\s+{_EOM}\s+le\s+\d{{1,2}}$")

_EOM_READINGS = frozenset({"days_end_of_month", "end_of_month_days"})


def _normalise(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    plain = plain.replace("+", " + ").replace(",", " ").strip(" .;")
    return " ".join(plain.split())


def _read(text: str, eom_reading: TermsKind) -> tuple[TermsKind, int] | None:
    """(kind, days) for a wording, or ``None`` when it is not one dunningkit reads."""
    plain = _normalise(text)
    if _RECEIPT.match(plain):
        return TermsKind.NET, 0
    for pattern in _NET:
        match = pattern.match(plain)
        if match:
            return TermsKind.NET, int(match.group(1))
    match = _DAYS_THEN_EOM.match(plain)
    if match:
        return eom_reading, int(match.group(1))
    match = _EOM_THEN_DAYS.match(plain)
    if match:
        return TermsKind.END_OF_MONTH_DAYS, int(match.group(1))
    match = _EOM_THE.match(plain)
    if match and 1 <= int(match.group(1)) <= 28:
        return TermsKind.END_OF_MONTH_DAYS, int(match.group(1))
    return None


def _unreadable(text: str) -> str:
    if _DAYS_EOM_THE.match(_normalise(text)):
        return (
            f"cannot read payment terms {text!r}: 'N days end of month on the D-th' is not "
            "supported (write the due date on the invoice instead)"
        )
    return (
        f"cannot read payment terms {text!r}; write e.g. '30 days net', '30 jours net', "
        "'60 Tage netto', '45 jours fin de mois', 'end of month + 45', 'fin de mois le 10' "
        "or 'à réception'"
    )


class PaymentTerms(BaseModel):
    """When an invoice falls due, counted from its issue date.

    Written as a mapping (``{"kind": "net", "days": 30}``) or as its printed text:
    ``"net 30"``, ``"45 days end of month"``, ``"end of month + 45 days"``.
    :meth:`parse` reads the wordings of ERPs and invoices ("30 jours net", "45
    jours fin de mois", "60 Tage netto") with the end-of-month reading it is given.
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

    @classmethod
    def parse(
        cls, text: str, *, eom_reading: TermsKind | str = TermsKind.DAYS_END_OF_MONTH
    ) -> Self:
        """Read payment terms as ERPs and invoices word them, in French, English or German.

        Read: "30 jours net", "à 30 jours", "30 days net", "net 30", "60 Tage netto",
        "zahlbar innerhalb von 30 Tagen" (net); "à réception", "upon receipt",
        "sofort" (net 0); "45 jours fin de mois", "45 days end of month", "45 Tage
        Monatsende" (read as ``eom_reading`` says); "fin de mois + 45 jours", "end of
        month + 45", "Monatsende + 45 Tage" (end of month, then the days); "fin de
        mois le 10" (the 10th of the next month: end of month + 10 days).

        Args:
            text: the wording.
            eom_reading: how "N days end of month" is computed: ``days_end_of_month``
                (add the days, then go to the end of that month; the default) or
                ``end_of_month_days`` (end of the invoice's month, then the days).
                A policy gives it as ``eom_reading``.

        Raises:
            TermsError: the wording is not one of these (the message quotes it), or
                ``eom_reading`` is not one of the two readings.
        """
        reading = str(eom_reading)
        if reading not in _EOM_READINGS:
            raise TermsError(
                f"eom_reading {reading!r} is not a reading of 'end of month'; use "
                "'days_end_of_month' or 'end_of_month_days'"
            )
        found = _read(text, TermsKind(reading))
        if found is None:
            raise TermsError(_unreadable(text))
        kind, days = found
        if days > 366:
            raise TermsError(f"payment terms {text!r}: {days} days is more than a year")
        return cls(kind=kind, days=days)

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        # Only the printed forms: a model never guesses how "fin de mois" is meant;
        # parse() reads the ERP wordings with the reading the caller names.
        if not isinstance(data, str):
            return data
        text = " ".join(data.strip().lower().split())
        for pattern, kind in _TEXT_FORMS:
            match = pattern.match(text)
            if match:
                return {"kind": kind, "days": int(match.group(1))}
        raise ValueError(
            f"cannot read payment terms {data!r}; write 'net 30', '45 days end of month' "
            "or 'end of month + 45 days' (PaymentTerms.parse reads ERP wordings such as "
            "'30 jours net' or '45 jours fin de mois')"
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


class InterestTerms(BaseModel):
    """The late-payment interest a contract sets: a fixed annual rate, or points over
    the jurisdiction's reference rate (ECB main refinancing rate, Bank of England base
    rate...). Exactly one of the two.

    Attributes:
        rate: a fixed annual rate in percent (``8`` for 8 %).
        margin: points over the reference rate in force (``7`` for "ECB + 7").

    Simple interest, actual days over 365, on the open amount, rounded to the
    currency (:func:`~dunningkit.late_charges` computes it).
    """

    model_config = MODEL_CONFIG

    rate: Decimal | None = Field(default=None, ge=0, le=100, allow_inf_nan=False)
    margin: Decimal | None = Field(default=None, ge=-100, le=100, allow_inf_nan=False)

    @model_validator(mode="after")
    def _one_of_rate_and_margin(self) -> InterestTerms:
        if (self.rate is None) == (self.margin is None):
            raise FieldError(
                "rate",
                "give the contract's interest as a fixed annual rate (rate) or as points "
                "over the reference rate (margin), one of the two",
            )
        return self
