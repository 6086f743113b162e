# This file is part of account_dunning_dunningkit (MIT, like dunningkit).
"""Time Tryton's built-in dunning and dunningkit on the same seeded database.

    DB_NAME=:memory: python integrations/tryton/bench_10k.py [invoices]

Seeds one company with ``invoices`` posted receivable lines (10,000 by default) over
invoices/10 customers of mixed typologies, then times, each in its own rolled-back
transaction: Tryton's ``account.dunning.create`` (``generate_dunnings``) and the
dunningkit planning wizard's work (``dunningkit_plan``). Timing lives here, never in
the tests.
"""
import datetime as dt
import os
import sys
import time
from decimal import Decimal

os.environ.setdefault('DB_NAME', ':memory:')

from proteus import Model  # noqa: E402
from trytond.modules.account.tests.tools import (  # noqa: E402
    create_chart, create_fiscalyear, get_accounts)
from trytond.modules.account_invoice.tests.tools import (  # noqa: E402
    set_fiscalyear_invoice_sequences)
from trytond.modules.company.tests.tools import create_company  # noqa: E402
from trytond.pool import Pool  # noqa: E402
from trytond.tests.tools import activate_modules  # noqa: E402
from trytond.transaction import Transaction, TransactionError  # noqa: E402

from account_dunning_dunningkit.tests.tools import set_today  # noqa: E402

DAY = dt.date(2026, 6, 30)


def seed(n_invoices):
    set_today(DAY)
    activate_modules('account_dunning_dunningkit', create_company, create_chart)
    fiscalyear = set_fiscalyear_invoice_sequences(create_fiscalyear(today=DAY))
    fiscalyear.click('create_period')
    accounts = get_accounts()
    Procedure = Model.get('account.dunning.procedure')
    procedure = Procedure(name="Tryton")
    procedure.levels.new(sequence=1, overdue=dt.timedelta(5))
    procedure.levels.new(sequence=2, overdue=dt.timedelta(20))
    procedure.levels.new(sequence=3, overdue=dt.timedelta(40))
    procedure.save()
    kinds = ['company', 'company', 'company', 'public_body']
    sizes = ['micro', 'small', 'medium', 'large', None]

    def create_parties(pool):
        Party = pool.get('party.party')
        return [p.id for p in Party.create([{
                        'name': f"Customer {i:05d}",
                        'dunning_procedure': procedure.id,
                        'dunningkit_kind': kinds[i % 4],
                        'dunningkit_size': sizes[i % 5],
                        'contact_mechanisms': [('create', [{
                                        'type': 'email',
                                        'value': f'c{i}@example.com',
                                        }])],
                        } for i in range(max(1, n_invoices // 10))])]
    parties = transact(create_parties, commit=True)
    Journal = Model.get('account.journal')
    journal, = Journal.find([('code', '=', 'REV')])
    periods = {p.start_date.month: p.id for p in fiscalyear.periods}
    def create_moves(pool):
        Move = pool.get('account.move')
        moves = []
        for i in range(n_invoices):
            date = DAY - dt.timedelta(days=i % 150)
            maturity = date + dt.timedelta(days=30)
            amount = Decimal(100 + (i * 37) % 900)
            moves.append({
                    'period': periods[date.month], 'journal': journal.id, 'date': date,
                    'lines': [('create', [
                                {'account': accounts['revenue'].id, 'credit': amount},
                                {'account': accounts['receivable'].id, 'debit': amount,
                                    'party': parties[i % len(parties)],
                                    'maturity_date': maturity},
                                ])],
                    })
        Move.create(moves)
    transact(create_moves, commit=True)


def transact(run, commit):
    "Run in a transaction on the benchmark database, retried as Tryton's RPC does"
    from proteus.config import get_config
    config = get_config()
    extras = {}
    while True:
        with Transaction().start(config.database_name, config.user,
                context=config.context, **extras) as transaction:
            try:
                result = run(Pool())
            except TransactionError as error:
                transaction.rollback()
                error.fix(extras)
                continue
            if commit:
                transaction.commit()
            else:
                transaction.rollback()
            return result


def timed(what, run):
    def measured(pool):
        start = time.perf_counter()
        count = run(pool)
        return time.perf_counter() - start, count
    elapsed, count = transact(measured, commit=False)
    print(f"{what:<34} {elapsed:8.2f} s   {count} dunnings")
    return elapsed


def tryton(pool):
    Dunning = pool.get('account.dunning')
    Dunning.generate_dunnings(date=DAY)
    return Dunning.search([], count=True)


def dunningkit(pool):
    Dunning = pool.get('account.dunning')
    Company = pool.get('company.company')
    company, = Company.search([])
    Dunning.dunningkit_plan(DAY, company)
    return Dunning.search([], count=True)


def main():
    n_invoices = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    start = time.perf_counter()
    seed(n_invoices)
    print(f"seeded {n_invoices} invoices in {time.perf_counter() - start:.1f} s")
    timed("Tryton account.dunning.create", tryton)
    timed("dunningkit plan", dunningkit)


if __name__ == '__main__':
    main()
