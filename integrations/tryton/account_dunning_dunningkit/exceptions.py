# This file is part of account_dunning_dunningkit (MIT, like dunningkit).
from trytond.exceptions import UserError


class DunningkitUserError(UserError):
    "Bad input for dunningkit: the message names the record to fix"
