"""Signed self-service links and the answers customers record through them."""

from dunningkit.links._answers import (
    DisputeAnswer,
    LinkAnswer,
    PaymentSentAnswer,
    PromiseAnswer,
    answer_id,
    apply_answer,
)
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
