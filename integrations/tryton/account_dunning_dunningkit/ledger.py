# This file is part of account_dunning_dunningkit (MIT, like dunningkit).
"""The company's receivable ledger read as a dunningkit book.

Every id in the book names its Tryton record: ``line-<id>`` for a receivable move line
(an invoice or a credit note to dunningkit), ``party-<id>`` for a party, ``dunning-<id>``
for a processed dunning (a dunningkit event). Nothing here writes: bad input raises a
``UserError`` naming the record before anything is written.
"""
import os
import tempfile
from collections import defaultdict

from dunningkit import (
    Channel, CompanySize, Contact, Customer, CustomerKind, DunningEvent,
    DunningkitError, EventOutcome, Hold, Invoice, InvoiceKind, Payment,
    Portfolio, default_policy, load_policy)
from pydantic import ValidationError

from trytond.i18n import gettext
from trytond.pool import Pool
from trytond.transaction import check_access

from .exceptions import DunningkitUserError

LINE_PREFIX = 'line-'
PARTY_PREFIX = 'party-'
BLOCKED_HOLD = "dunning blocked in Tryton"


def line_key(line_id):
    return f'{LINE_PREFIX}{line_id}'


def line_id_of(key):
    return int(key.removeprefix(LINE_PREFIX))


def party_key(party_id):
    return f'{PARTY_PREFIX}{party_id}'


def party_id_of(key):
    return int(key.removeprefix(PARTY_PREFIX))


def _first_problem(error):
    "One readable sentence from a dunningkit or pydantic error"
    if isinstance(error, ValidationError):
        first = error.errors(include_url=False)[0]
        where = '.'.join(str(p) for p in first['loc'])
        return f"{where}: {first['msg']}" if where else first['msg']
    return str(error)


def parse_policy(text):
    """The dunningkit policy of a TOML text (the default policy when empty).

    dunningkit reads policies from files: the text goes through a temporary file so
    that its own loader, and its own messages, judge it.
    """
    if not text or not text.strip():
        return default_policy()
    fd, path = tempfile.mkstemp(suffix='.toml', prefix='dunningkit-policy-')
    try:
        with os.fdopen(fd, 'w', encoding='utf-8') as file:
            file.write(text)
        policy = load_policy(path)
    except DunningkitError as error:
        message = str(error).replace(path, 'policy')
        raise DunningkitUserError(gettext(
                'account_dunning_dunningkit.msg_policy_invalid',
                error=message)) from error
    finally:
        os.unlink(path)
    return policy


def known_currencies(policy, company):
    "The currencies the policy knows: the company's and every one it names"
    return ({company.currency.code}
        | set(policy.exchange_rates) | set(policy.min_open_amount_by_currency))


def _amount(line, company):
    "The line's amount (positive) and currency code: its second currency if any"
    if line.second_currency and line.amount_second_currency is not None:
        return abs(line.amount_second_currency), line.second_currency.code
    return abs(line.debit - line.credit), company.currency.code


def _origin_invoice(line):
    """The invoice whose own move holds the line, if any.

    A payment move also has the invoice as origin: its lines are payments, not the
    invoice's, so the invoice must be the one that posted this very move.
    """
    origin = line.move.origin
    if (origin is not None
            and getattr(origin, '__name__', None) == 'account.invoice'
            and origin.move is not None and origin.move.id == line.move.id):
        return origin
    return None


def _contact(party):
    emails = [m.value for m in party.contact_mechanisms if m.type == 'email' and m.value]
    phones = [m.value for m in party.contact_mechanisms
        if m.type in {'phone', 'mobile'} and m.value]
    addresses = [a.full_address for a in party.addresses if a.full_address]
    return Contact(
        name=party.rec_name,
        email=emails[0] if emails else None,
        phone=phones[0] if phones else None,
        postal_address=addresses[0].replace('\n', ', ') if addresses else None)


def customer_of(party):
    "The dunningkit customer of a party: its typology fields and its contact"
    if not party.contact_mechanisms:
        raise DunningkitUserError(gettext(
                'account_dunning_dunningkit.msg_party_no_contact',
                party=party.rec_name))
    optional = {'locale': party.lang.code} if party.lang else {}
    try:
        hold = None
        if party.dunningkit_hold_reason:
            hold = Hold(reason=party.dunningkit_hold_reason,
                until=party.dunningkit_hold_until)
        channels = tuple(Channel(c.strip())
            for c in (party.dunningkit_channels or '').split(',') if c.strip())
        return Customer(
            id=party_key(party.id),
            name=party.rec_name,
            kind=CustomerKind(party.dunningkit_kind or 'company'),
            size=(CompanySize(party.dunningkit_size)
                if party.dunningkit_size else None),
            contacts=(_contact(party),),
            preferred_channels=channels,
            segment='key_account' if party.dunningkit_key_account else None,
            hold=hold, **optional)
    except (DunningkitError, ValueError) as error:
        raise DunningkitUserError(gettext(
                'account_dunning_dunningkit.msg_party_invalid',
                party=party.rec_name, error=_first_problem(error))) from error


def receivable_lines(company, date):
    "The company's receivable lines with a party, dated on or before the date"
    MoveLine = Pool().get('account.move.line')
    with check_access():
        return MoveLine.search([
                ('account.type.receivable', '=', True),
                ('move.company', '=', company.id),
                ('party', '!=', None),
                ('date', '<=', date),
                ], order=[('id', 'ASC')])


def _invoice_of(line, company, currencies, kind):
    amount, currency = _amount(line, company)
    if currency not in currencies:
        raise DunningkitUserError(gettext(
                'account_dunning_dunningkit.msg_line_unknown_currency',
                line=line.rec_name, currency=currency))
    due = line.maturity_date
    if due is None:
        if kind is InvoiceKind.INVOICE:
            raise DunningkitUserError(gettext(
                    'account_dunning_dunningkit.msg_line_no_maturity',
                    line=line.rec_name))
        due = line.date
    hold = None
    blocked = [d for d in line.dunnings if d.blocked]
    if blocked:
        hold = Hold(reason=BLOCKED_HOLD, since=blocked[0].date)
    try:
        return Invoice(
            id=line_key(line.id), customer_id=party_key(line.party.id),
            kind=kind, issue_date=min(line.date, due), due_date=due,
            currency=currency, amount=amount, hold=hold)
    except (DunningkitError, ValueError) as error:
        raise DunningkitUserError(gettext(
                'account_dunning_dunningkit.msg_line_invalid',
                line=line.rec_name, error=_first_problem(error))) from error


def _payments(line, company, date):
    """What was paid on a reconciled debit line by the date.

    When the line is the only debit of its reconciliation, each other line is a
    payment on its own date (a partial payment, then the rest); otherwise the line is
    paid in full on the reconciliation's date.
    """
    reconciliation = line.reconciliation
    if not reconciliation or reconciliation.date > date:
        return []
    amount, currency = _amount(line, company)
    others = [l for l in reconciliation.lines if l.id != line.id]
    if all(l.credit > 0 or l.debit < 0 for l in others):
        return [Payment(id=f'reconciliation-{reconciliation.id}-{other.id}',
                invoice_id=line_key(line.id), date=other.date,
                amount=_amount(other, company)[0], currency=currency)
            for other in sorted(others, key=lambda l: (l.date, l.id))]
    return [Payment(id=f'reconciliation-{reconciliation.id}-{line.id}',
            invoice_id=line_key(line.id), date=reconciliation.date,
            amount=amount, currency=currency)]


def _partial_payments(invoice, lines, company, date):
    "Spread an invoice's payment lines over its unreconciled debit lines"
    open_lines = sorted(
        (l for l in lines if not l.reconciliation), key=lambda l: (l.maturity_date, l.id))
    if not open_lines:
        return []
    paid = []
    for pline in sorted(invoice.payment_lines, key=lambda l: (l.date, l.id)):
        if pline.date > date or pline.reconciliation:
            continue
        value, _ = _amount(pline, company)
        paid.append((pline, value))
    payments = []
    remaining = [[l, _amount(l, company)[0]] for l in open_lines]
    for pline, value in paid:
        for slot in remaining:
            if value <= 0:
                break
            take = min(value, slot[1])
            if take <= 0:
                continue
            slot[1] -= take
            value -= take
            payments.append(Payment(
                    id=f'payment-{pline.id}-{slot[0].id}',
                    invoice_id=line_key(slot[0].id), date=pline.date,
                    amount=take, currency=_amount(slot[0], company)[1]))
    return payments


def history(company):
    "Processed dunningkit dunnings as dunningkit events, one per action key"
    Dunning = Pool().get('account.dunning')
    with check_access():
        dunnings = Dunning.search([
                ('company', '=', company.id),
                ('dunningkit_action_key', '!=', None),
                ('state', 'in', ['waiting', 'final']),
                ('date', '!=', None),
                ], order=[('id', 'ASC')])
    by_key = defaultdict(list)
    for dunning in dunnings:
        by_key[dunning.dunningkit_action_key].append(dunning)
    return [event_of(group) for group in by_key.values()]


def event_of(dunnings):
    "The dunningkit event a group of processed dunnings of one action records"
    first = min(dunnings, key=lambda d: d.id)
    return DunningEvent(
        id=f'dunning-{first.id}',
        customer_id=party_key(first.line.party.id),
        invoice_ids=tuple(sorted(line_key(d.line.id) for d in dunnings)),
        date=first.date,
        step_id=first.level.dunningkit_step,
        channel=Channel(first.dunningkit_channel),
        outcome=EventOutcome.SENT,
        scenario_id=first.procedure.dunningkit_scenario,
        action_key=first.dunningkit_action_key)


class Book:
    """A dunningkit portfolio read from the ledger, and what the write-back needs.

    Everything the write-back reads is taken here, as plain values, before anything
    is written: a write invalidates Tryton's record cache, and re-reading thousands
    of lines one by one afterwards is slow.
    """

    def __init__(self, portfolio, debit_lines, dunnings, segments):
        self.portfolio = portfolio
        self.debit_lines = debit_lines  # ids of the debit lines (the ones dunned)
        self.dunnings = dunnings  # line id -> (dunning id, action key)
        self.segments = segments  # party id -> (segment, reasons)


def read_book(company, date, policy):
    "Read the book dunningkit plans on: customers, invoices, payments, events"
    currencies = known_currencies(policy, company)
    lines = receivable_lines(company, date)
    invoices, payments, parties, by_invoice = [], [], {}, defaultdict(list)
    debit_lines, dunnings = set(), {}
    for line in lines:
        debit = line.debit > 0 or line.credit < 0
        if debit:
            invoices.append(_invoice_of(line, company, currencies, InvoiceKind.INVOICE))
            payments.extend(_payments(line, company, date))
            debit_lines.add(line.id)
            for dunning in line.dunnings:
                dunnings[line.id] = (dunning.id, dunning.dunningkit_action_key)
            origin = _origin_invoice(line)
            if origin is not None:
                by_invoice[origin].append(line)
        elif not line.reconciliation:
            origin = _origin_invoice(line)
            if origin is None or origin.type != 'out':
                continue  # a payment not allocated to an invoice
            invoices.append(
                _invoice_of(line, company, currencies, InvoiceKind.CREDIT_NOTE))
        else:
            continue
        parties[line.party.id] = line.party
    for invoice, invoice_lines in sorted(by_invoice.items(), key=lambda i: i[0].id):
        payments.extend(_partial_payments(invoice, invoice_lines, company, date))
    customers = [customer_of(p) for _, p in sorted(parties.items())]
    try:
        portfolio = Portfolio(
            customers=customers, invoices=invoices, payments=payments,
            events=history(company))
    except (DunningkitError, ValueError) as error:
        raise DunningkitUserError(gettext(
                'account_dunning_dunningkit.msg_book_invalid',
                company=company.rec_name, error=_first_problem(error))) from error
    segments = {p.id: (p.dunningkit_segment, p.dunningkit_segment_reasons or '')
        for p in parties.values()}
    return Book(portfolio, debit_lines, dunnings, segments)


