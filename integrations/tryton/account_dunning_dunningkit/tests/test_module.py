# This file is part of account_dunning_dunningkit (MIT, like dunningkit).
from trytond.modules.company.tests import CompanyTestMixin
from trytond.tests.test_tryton import ModuleTestCase


class AccountDunningDunningkitTestCase(CompanyTestMixin, ModuleTestCase):
    "The module installs; its views, access rights and company rules are valid"
    module = 'account_dunning_dunningkit'


del ModuleTestCase
