"""A rendered message's address, and the template kind of each channel."""

from __future__ import annotations

from dunningkit import Channel, Contact
from dunningkit.messages._message import DEFAULTS, address, template_kind

CONTACT = Contact(name="Marie", email="m@x.fr", phone="+33 6 00 00 00 01", postal_address="Lyon")


def test_a_message_goes_to_the_contact_field_of_its_channel() -> None:
    assert address(CONTACT, Channel.EMAIL) == "m@x.fr"
    assert address(CONTACT, Channel.SMS) == "+33 6 00 00 00 01"
    assert address(CONTACT, Channel.LETTER) == "Lyon"


def test_channels_are_written_with_their_kind_of_template() -> None:
    assert template_kind(Channel.EMAIL) == "written"
    assert template_kind(Channel.SMS) == "sms"


def test_without_a_policy_nobody_signs() -> None:
    assert DEFAULTS.creditor.name == ""
