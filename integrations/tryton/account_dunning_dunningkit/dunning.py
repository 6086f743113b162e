# This file is part of account_dunning_dunningkit (MIT, like dunningkit).
import datetime as dt

from dunningkit import Channel, classify_portfolio, next_actions

from trytond.model import ModelSQL, ModelView, Unique, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction, check_access
from trytond.wizard import Button, StateAction, StateView, Wizard

from .ledger import line_id_of, parse_policy, party_id_of, read_book

CHANNELS = [(None, '')] + [(c.value, c.value.replace('_', ' ').capitalize())
    for c in Channel]


class Procedure(metaclass=PoolMeta):
    __name__ = 'account.dunning.procedure'
    dunningkit_scenario = fields.Char(
        "dunningkit Scenario", readonly=True,
        help="The dunningkit scenario whose steps are the levels.")


class Level(metaclass=PoolMeta):
    __name__ = 'account.dunning.level'
    dunningkit_step = fields.Char(
        "dunningkit Step", readonly=True,
        help="The dunningkit step this level stands for.")


class Dunning(metaclass=PoolMeta):
    __name__ = 'account.dunning'
    dunningkit_action_key = fields.Char(
        "Action Key", readonly=True,
        help="The key of the dunningkit action: the same key is never sent twice.")
    dunningkit_channel = fields.Selection(CHANNELS, "Channel", readonly=True)
    dunningkit_tone = fields.Char("Tone", readonly=True)
    dunningkit_template = fields.Char("Template", readonly=True)
    dunningkit_reasons = fields.Text("Reasons", readonly=True)
    dunningkit_planned_on = fields.Date("Planned On", readonly=True)

    @classmethod
    def dunningkit_plan(cls, date, company):
        "Plan with dunningkit on the date and write the plan back as dunnings"
        pool = Pool()
        Configuration = pool.get('account.configuration')
        config = Configuration(1)
        policy = parse_policy(config.dunningkit_policy)
        book = read_book(company, date, policy)
        plan = next_actions(book.portfolio, date, policy)
        classes = classify_portfolio(book.portfolio, date, policy)
        # Everything is read and checked: only now does anything get written.
        Skip = pool.get('account.dunning.dunningkit.skip')
        Skip.synchronise(plan, book, company, date)
        levels = _levels(plan, policy)
        _write_dunnings(cls, plan, book, levels, company, date)
        _write_segments(book, classes)
        return plan

    @classmethod
    def dunningkit_plan_today(cls):
        "The scheduled task: plan today for the company of the context"
        pool = Pool()
        Company = pool.get('company.company')
        Date = pool.get('ir.date')
        company = Company(Transaction().context['company'])
        cls.dunningkit_plan(Date.today(), company)


def _levels(plan, policy):
    "The level of each (scenario, step), procedures and levels created as needed"
    pool = Pool()
    Procedure = pool.get('account.dunning.procedure')
    Level = pool.get('account.dunning.level')
    levels = {}
    for scenario_id in sorted({a.scenario_id for a in plan.actions}):
        scenario = policy.scenarios[scenario_id]
        procedures = Procedure.search([('dunningkit_scenario', '=', scenario_id)])
        if procedures:
            procedure = procedures[0]
        else:
            procedure, = Procedure.create([{
                        'name': f"dunningkit: {scenario_id}",
                        'dunningkit_scenario': scenario_id,
                        }])
        known = {l.dunningkit_step: l for l in procedure.levels}
        missing = [(i, s) for i, s in enumerate(scenario.steps, 1)
            if s.id not in known]
        if missing:
            for level in Level.create([{
                            'procedure': procedure.id,
                            'sequence': i,
                            'overdue': dt.timedelta(days=s.offset_days),
                            'dunningkit_step': s.id,
                            } for i, s in missing]):
                known[level.dunningkit_step] = level
        for step_id, level in known.items():
            levels[scenario_id, step_id] = level
    return levels


def _values(action, level, date):
    return {
        'procedure': level.procedure.id,
        'level': level.id,
        'dunningkit_action_key': action.key,
        'dunningkit_channel': action.channel.value,
        'dunningkit_tone': action.tone.value,
        'dunningkit_template': action.template,
        'dunningkit_reasons': '\n'.join(action.reasons),
        'dunningkit_planned_on': date,
        }


def _write_dunnings(Dunning, plan, book, levels, company, date):
    "One dunning per receivable line of each action; an unchanged one is left alone"
    to_create, to_write = [], []
    for action in plan.actions:
        level = levels[action.scenario_id, action.step_id]
        values = _values(action, level, date)
        for invoice_id in action.invoice_ids:
            line_id = line_id_of(invoice_id)
            if line_id not in book.debit_lines:
                continue  # a credit note netted in the action
            if line_id not in book.dunnings:
                to_create.append({**values, 'company': company.id, 'line': line_id})
                continue
            dunning_id, key = book.dunnings[line_id]
            if key == action.key:
                continue  # planned already: the same action, nothing changes
            to_write.extend((
                    [Dunning(dunning_id)], {**values, 'state': 'draft', 'date': None}))
    if to_write:
        Dunning.write(*to_write)
    if to_create:
        Dunning.create(to_create)


def _write_segments(book, classes):
    Party = Pool().get('party.party')
    changed = {}
    for customer_id, classification in sorted(classes.items()):
        party_id = party_id_of(customer_id)
        value = (classification.segment, '\n'.join(classification.reasons))
        if book.segments[party_id] != value:
            changed.setdefault(value, []).append(Party(party_id))
    to_write = []
    for (segment, reasons), parties in changed.items():
        to_write.extend((parties, {
                    'dunningkit_segment': segment,
                    'dunningkit_segment_reasons': reasons,
                    }))
    if to_write:
        Party.write(*to_write)


class Skip(ModelSQL, ModelView):
    "A receivable line dunningkit did not dun, and why"
    __name__ = 'account.dunning.dunningkit.skip'
    company = fields.Many2One('company.company', "Company", required=True,
        readonly=True)
    line = fields.Many2One('account.move.line', "Line", required=True,
        readonly=True, ondelete='CASCADE')
    party = fields.Function(fields.Many2One('party.party', "Party",
            context={
                'company': Eval('company', -1),
                },
            depends={'company'}),
        'get_party', searcher='search_party')
    date = fields.Date("Date", required=True, readonly=True,
        help="The day of the run that skipped the line.")
    reason = fields.Char("Reason", required=True, readonly=True)
    detail = fields.Text("Detail", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        table = cls.__table__()
        cls._sql_constraints = [
            ('line_unique', Unique(table, table.line),
                'account_dunning_dunningkit.msg_skip_line_unique'),
            ]
        cls._order.insert(0, ('date', 'DESC'))

    def get_rec_name(self, name):
        return f'{self.line.rec_name}: {self.reason}'

    def get_party(self, name):
        return self.line.party.id if self.line.party else None

    @classmethod
    def search_party(cls, name, clause):
        return [('line.party',) + tuple(clause[1:])]

    @classmethod
    def synchronise(cls, plan, book, company, date):
        "Keep one row per skipped line: the rows of the last run, nothing else"
        wanted = {}
        for skip in plan.skipped:
            line_id = line_id_of(skip.invoice_id)
            if line_id not in book.debit_lines:
                continue
            wanted[line_id] = {
                'reason': skip.reason.value, 'detail': skip.detail,
                'date': date,
                }
        with check_access():
            existing = cls.search([('company', '=', company.id)])
        to_delete, to_write = [], []
        for row in existing:
            values = wanted.pop(row.line.id, None)
            if values is None:
                to_delete.append(row)
            elif (row.reason, row.detail or '', row.date) != (
                    values['reason'], values['detail'], values['date']):
                to_write.extend(([row], values))
        if to_delete:
            cls.delete(to_delete)
        if to_write:
            cls.write(*to_write)
        if wanted:
            cls.create([{**v, 'company': company.id, 'line': line_id}
                    for line_id, v in sorted(wanted.items())])


class PlanStart(ModelView):
    "Plan dunnings with dunningkit"
    __name__ = 'account.dunning.dunningkit.plan.start'
    date = fields.Date("Date", required=True,
        help="Plan the dunnings due on this day.")
    company = fields.Many2One('company.company', "Company", required=True,
        readonly=True)

    @staticmethod
    def default_date():
        return Pool().get('ir.date').today()

    @staticmethod
    def default_company():
        return Transaction().context.get('company')


class Plan(Wizard):
    "Plan dunnings with dunningkit"
    __name__ = 'account.dunning.dunningkit.plan'
    start = StateView('account.dunning.dunningkit.plan.start',
        'account_dunning_dunningkit.plan_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Plan", 'plan', 'tryton-ok', default=True),
            ])
    plan = StateAction('account_dunning.act_dunning_form')

    def do_plan(self, action):
        Dunning = Pool().get('account.dunning')
        Dunning.dunningkit_plan(self.start.date, self.start.company)
        return action, {}


class Cron(metaclass=PoolMeta):
    __name__ = 'ir.cron'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.method.selection.append(
            ('account.dunning|dunningkit_plan_today',
                "Plan Dunnings with dunningkit"))
        cls.methods_company_needed.add('account.dunning|dunningkit_plan_today')

