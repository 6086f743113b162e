# This file is part of account_dunning_dunningkit (MIT, like dunningkit).
from dunningkit import Channel

from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import PoolMeta

from .exceptions import DunningkitUserError

KINDS = [
    ('company', "Company"),
    ('public_body', "Public Body"),
    ('individual', "Individual"),
    ]
SIZES = [
    (None, ''),
    ('micro', "Micro"),
    ('small', "Small"),
    ('medium', "Medium"),
    ('large', "Large"),
    ]


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'
    dunningkit_kind = fields.Selection(KINDS, "Customer Kind",
        help="A public body is reminded early and formally.")
    dunningkit_size = fields.Selection(SIZES, "Company Size", sort=False)
    dunningkit_key_account = fields.Boolean("Key Account",
        help="Treat the party as a key account whatever its figures.")
    dunningkit_channels = fields.Char("Preferred Channels",
        help="dunningkit channels, comma separated (email, sms, phone, letter, ...).")
    dunningkit_hold_reason = fields.Char("Hold Reason",
        help="When set, no reminder goes to the party.")
    dunningkit_hold_until = fields.Date("Hold Until")
    dunningkit_segment = fields.Char("Segment", readonly=True,
        help="The segment dunningkit computed on the last planning.")
    dunningkit_segment_reasons = fields.Text("Segment Reasons", readonly=True)

    @classmethod
    def default_dunningkit_kind(cls):
        return 'company'

    @classmethod
    def default_dunningkit_key_account(cls):
        return False

    @classmethod
    def validate_fields(cls, parties, field_names):
        super().validate_fields(parties, field_names)
        if 'dunningkit_channels' in field_names:
            known = {c.value for c in Channel}
            for party in parties:
                for name in (party.dunningkit_channels or '').split(','):
                    if name.strip() and name.strip() not in known:
                        raise DunningkitUserError(gettext(
                                'account_dunning_dunningkit.msg_party_channel',
                                party=party.rec_name, channel=name.strip(),
                                channels=', '.join(sorted(known))))
