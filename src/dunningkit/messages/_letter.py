"""A letter's head: who writes, to whom, how it is sent, the date and the subject.

Letters (ordinary and registered) carry the creditor's block, the addressee's block
(the company, "for the attention of" its contact, the postal address one part a
line), the registered-mail mention, the date and the subject line, in the words of
the customer's language; the body follows with the letter's formal opening.
"""

from __future__ import annotations

from dunningkit.messages._context import Addressee
from dunningkit.messages._dates import long_date
from dunningkit.messages._phrases import language, phrase

__all__ = ["letter_head"]


def letter_head(to: Addressee, subject: str, *, registered: bool) -> str:
    """The lines above a letter's opening, ending with a blank line."""
    lang = language(to.locale)
    creditor, customer, contact = to.creditor, to.customer, to.contact
    sender = [creditor.name, *_address_lines(creditor.address, creditor.name)]
    sender.append(creditor.registration)
    recipient = [customer.name]
    if contact is not None and contact.name != customer.name:
        recipient.append(phrase(lang, "letter_attention", name=contact.name))
    if contact is not None and contact.postal_address:
        recipient.extend(_address_lines(contact.postal_address, customer.name))
    sent = [phrase(lang, "letter_registered")] if registered else []
    sent.append(phrase(lang, "letter_date", date=long_date(to.day, to.locale)))
    blocks = (sender, recipient, sent, [phrase(lang, "letter_subject", subject=subject)])
    return "".join("\n".join(line for line in block if line) + "\n\n" for block in blocks)


def _address_lines(postal_address: str, customer_name: str) -> list[str]:
    """A one-line address as a letter writes it: one part a line, the name once."""
    parts = [part.strip() for part in postal_address.replace("\n", ",").split(",")]
    return [part for part in parts if part and part != customer_name]
