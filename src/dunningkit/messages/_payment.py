"""How the customer is asked to pay: the means, the payment link, the self-service links.

Self-service links go one a line and last on it: punctuation right after a URL would
be taken into the link by some mail readers, and break the token. Without links, a
message reads exactly as it did before links existed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from dunningkit.links._links import LinkSigner, message_links
from dunningkit.messages._phrases import message_register, phrase
from dunningkit.policy._templates import Creditor, Kind

if TYPE_CHECKING:
    from dunningkit.messages._message import MessageSettings
    from dunningkit.planning._results import Action

__all__ = ["PaymentTexts", "payment_texts"]

# Self-service lines, in the order they are read: pay, promise a date, dispute.
_SELF_SERVICE = (("pay", "self_pay"), ("promise", "self_promise"), ("dispute", "self_dispute"))


@dataclass(frozen=True, slots=True)
class PaymentTexts:
    """The payment placeholders' words for one message."""

    means: str
    link: str
    link_sentence: str
    link_sms: str
    self_service: str
    signed: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class LinkOptions:
    """Where links come from: signed for the action, or given ready-made."""

    signer: LinkSigner | None = None
    links: Mapping[str, str] | None = None


def payment_texts(
    action: Action,
    policy: MessageSettings,
    *,
    lang: str,
    kind: Kind,
    day: date,
    invoice_links: Sequence[str],
    options: LinkOptions,
) -> PaymentTexts:
    """The means (with the creditor's IBAN), the pay link and the self-service lines."""
    means = phrase(lang, "means_transfer") + _bank_details(policy.creditor)
    register = message_register(policy.formality, action.tone, action.channel)
    link = invoice_links[0] if len(set(invoice_links)) == 1 else ""
    signed = message_links(
        action,
        policy.links_base_url,
        policy.links_valid_days,
        day=day,
        signer=options.signer,
        links=options.links,
    )
    link = signed.get("pay", link)
    self_service = "".join(
        "\n" + phrase(lang, key, register=register, url=signed[purpose])
        for purpose, key in _SELF_SERVICE
        if purpose in signed
    )
    written_links = bool(signed) and kind == "written"
    if not written_links:
        self_service = ""
    # No link, or the pay link gets its own line below: the sentence just ends.
    link_sentence = phrase(lang, "pay_online", link=link) if link and not written_links else "."
    return PaymentTexts(
        means=means,
        link=link,
        link_sentence=link_sentence,
        link_sms=phrase(lang, "pay_sms", link=link) if link else "",
        self_service=self_service,
        signed=signed,
    )


def _bank_details(creditor: Creditor) -> str:
    if not creditor.iban:
        return ""
    return f" (IBAN {creditor.iban}{', BIC ' + creditor.bic if creditor.bic else ''})"
