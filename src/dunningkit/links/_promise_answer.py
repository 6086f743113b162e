"""A promise answered through a link becomes a :class:`~dunningkit.PaymentPromise`.

The pay-by date is between today and the furthest a customer may promise; an amount
is in the invoices' one currency, at its places, and no more than is open.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from pydantic import ValidationError

from dunningkit.book._validation import problems_from_validation_error
from dunningkit.errors import InvalidAnswerError
from dunningkit.links._answer_checks import AnswerCheck
from dunningkit.links._answer_models import PromiseAnswer
from dunningkit.links._links import LinkClaim
from dunningkit.model._invoice import Invoice
from dunningkit.model._payment import PaymentPromise
from dunningkit.model._types import currency_places, currency_unit

if TYPE_CHECKING:
    from dunningkit.book._portfolio import Portfolio

__all__ = ["record_promise"]


def record_promise(
    portfolio: Portfolio,
    claim: LinkClaim,
    answer: PromiseAnswer,
    targets: list[Invoice],
    today: date,
    max_days: int,
    check: AnswerCheck,
) -> Portfolio:
    if answer.pay_by < today:
        check.problem("pay_by", f"{answer.pay_by} is in the past (today is {today})")
    latest = today + timedelta(days=max_days)
    if answer.pay_by > latest:
        check.problem(
            "pay_by",
            f"{answer.pay_by} is more than {max_days} days away (at the latest {latest}); "
            "a longer delay needs a person",
        )
    currencies = sorted({invoice.currency for invoice in targets})
    currency: str | None = None
    if answer.amount is not None:
        if len(currencies) > 1:
            check.problem(
                "amount", f"the invoices are in {', '.join(currencies)}; promise one currency"
            )
        elif currencies:  # none when every invoice was refused above
            currency = currencies[0]
            if answer.amount.quantize(currency_unit(currency)) != answer.amount:
                check.problem(
                    "amount",
                    f"{answer.amount} has more decimals than {currency} allows "
                    f"({currency_places(currency)})",
                )
            open_total = sum(
                (portfolio.open_amount(invoice.id, today) for invoice in targets), Decimal(0)
            )
            if answer.amount > open_total:
                check.problem(
                    "amount", f"{answer.amount} {currency} is more than is open ({open_total})"
                )
    check.raise_if_any()
    ids = tuple(invoice.id for invoice in targets)
    try:
        promise = PaymentPromise(
            id=check.record_id,
            customer_id=claim.customer_id,
            invoice_ids=ids,
            made_on=today,
            pay_by=answer.pay_by,
            amount=answer.amount,
            currency=currency,
        )
    except ValidationError as error:
        raise InvalidAnswerError(
            problems_from_validation_error(error, "answer", check.record_id)
        ) from None
    return portfolio.model_copy(update={"promises": (*portfolio.promises, promise)})
