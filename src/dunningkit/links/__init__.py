"""Signed self-service links and the answers customers record through them."""

from dunningkit.links._answer_checks import answer_id
from dunningkit.links._answer_models import (
    DisputeAnswer,
    LinkAnswer,
    PaymentSentAnswer,
    PromiseAnswer,
)
from dunningkit.links._answers import apply_answer
from dunningkit.links._links import (
    LinkClaim,
    LinkFailure,
    LinkPurpose,
    LinkSigner,
    links_for,
    verify,
)

__all__ = [
    "DisputeAnswer",
    "LinkAnswer",
    "LinkClaim",
    "LinkFailure",
    "LinkPurpose",
    "LinkSigner",
    "PaymentSentAnswer",
    "PromiseAnswer",
    "answer_id",
    "apply_answer",
    "links_for",
    "verify",
]
