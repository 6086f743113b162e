"""How the customer is asked to pay: means, payment link, self-service links."""

from __future__ import annotations

from datetime import date

from dunningkit import Creditor, LinkSigner, default_policy
from dunningkit.messages._payment import LinkOptions, payment_texts
from tests.builders import TODAY
from tests.messages.test_render import action_for, french_book

POLICY = default_policy().model_copy(
    update={"creditor": Creditor(name="A", iban="FR76 3000", bic="BNPAFRPP")}
)


def test_the_means_carry_the_creditors_bank_details_and_the_invoices_link() -> None:
    action = action_for(french_book())
    texts = payment_texts(
        action,
        POLICY,
        lang="fr",
        kind="written",
        day=TODAY,
        invoice_links=["https://pay.example/1"],
        options=LinkOptions(),
    )
    assert texts.means == "virement bancaire (IBAN FR76 3000, BIC BNPAFRPP)"
    assert texts.link == "https://pay.example/1"
    assert texts.link_sentence == " ou en ligne : https://pay.example/1."
    assert texts.link_sms == " Payer : https://pay.example/1"
    assert texts.self_service == ""


def test_two_different_invoice_links_give_none() -> None:
    action = action_for(french_book())
    texts = payment_texts(
        action,
        default_policy(),
        lang="en",
        kind="sms",
        day=TODAY,
        invoice_links=["https://a", "https://b"],
        options=LinkOptions(),
    )
    assert (texts.link, texts.link_sentence, texts.link_sms) == ("", ".", "")


def test_signed_links_get_their_own_lines_in_written_messages() -> None:
    action = action_for(french_book())
    policy = POLICY.model_copy(update={"links_base_url": "https://pay.example.com/l"})
    signer = LinkSigner({"k1": bytes(range(32))}, current="k1")
    texts = payment_texts(
        action,
        policy,
        lang="en",
        kind="written",
        day=date(2026, 3, 16),
        invoice_links=[],
        options=LinkOptions(signer=signer),
    )
    assert texts.link_sentence == "."  # the pay link has its own line instead
    assert texts.self_service.startswith("\nPay online: https://pay.example.com/l")
    assert texts.link == texts.signed["pay"]
