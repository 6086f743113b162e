# This file is part of account_dunning_dunningkit (MIT, like dunningkit).
"Helpers for the scenarios"
import unittest.mock

from trytond.ir.date import Date


def set_today(day):
    "Make Tryton's today (``ir.date``) the given day until the scenario ends"
    patcher = unittest.mock.patch.object(
        Date, 'today', staticmethod(lambda timezone=None: day))
    patcher.start()
    return patcher


def dunning_rows(dunnings):
    "(line id, step, channel, action key) of dunningkit dunnings, sorted"
    return sorted(
        (d.line.id, d.level.dunningkit_step, d.dunningkit_channel,
            d.dunningkit_action_key) for d in dunnings)


def action_rows(plan):
    "(line id, step, channel, action key) of a plan's actions, debit lines only"
    return sorted(
        (int(i.removeprefix('line-')), a.step_id, a.channel.value, a.key)
        for a in plan.actions for i in a.invoice_ids)


