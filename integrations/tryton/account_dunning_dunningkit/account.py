# This file is part of account_dunning_dunningkit (MIT, like dunningkit).
from trytond.model import fields
from trytond.pool import PoolMeta

from .ledger import parse_policy


class Configuration(metaclass=PoolMeta):
    __name__ = 'account.configuration'
    dunningkit_policy = fields.Text("dunningkit Policy",
        help="The dunningkit policy in TOML (empty: dunningkit's default policy).")

    @classmethod
    def validate_fields(cls, configurations, field_names):
        super().validate_fields(configurations, field_names)
        if 'dunningkit_policy' in field_names:
            for configuration in configurations:
                parse_policy(configuration.dunningkit_policy)
