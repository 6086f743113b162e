# This file is part of account_dunning_dunningkit (MIT, like dunningkit).
import pathlib

import polib

from trytond.modules.company.tests import CompanyTestMixin
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction

LOCALE = pathlib.Path(__file__).parent.parent / 'locale'


class AccountDunningDunningkitTestCase(CompanyTestMixin, ModuleTestCase):
    "The module installs; its views, access rights and company rules are valid"
    module = 'account_dunning_dunningkit'

    @with_transaction()
    def test_translations_follow_the_source(self):
        "Every translated field label and help is the text the field has"
        pool = Pool()
        checked = 0
        for path in sorted(LOCALE.glob('*.po')):
            for entry in polib.pofile(str(path)):
                kind, _, rest = entry.msgctxt.partition(':')
                if kind not in {'field', 'help'}:
                    continue
                model, field = rest.rstrip(':').split(',')
                definition = pool.get(model)._fields[field]
                source = definition.string if kind == 'field' else definition.help
                self.assertEqual(entry.msgid, source, entry.msgctxt)
                checked += 1
        self.assertGreater(checked, 0)

    @with_transaction()
    def test_messages_translated(self):
        "Every message of message.xml has a French text"
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        messages = {d.fs_id for d in ModelData.search([
                    ('module', '=', self.module),
                    ('model', '=', 'ir.message'),
                    ])}
        translated = {e.msgctxt.split(':')[-1]
            for e in polib.pofile(str(LOCALE / 'fr.po'))
            if e.msgctxt.startswith('model:ir.message,text:')}
        self.assertTrue(messages)
        self.assertEqual(messages, translated)


del ModuleTestCase
