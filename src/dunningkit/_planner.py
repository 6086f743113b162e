"""The planner: ``next_actions(portfolio, today)`` decides the day's reminders.

Pure and deterministic: no clock, no randomness, no I/O. Everything dated after
``today`` is ignored, so a plan can be recomputed for any past day. Every open
invoice ends up in exactly one action or one skip, with its reasons.

The decision for one invoice, in order:

1. its own state: paid, cancelled, refused, rejected, disputed, suspended (skip);
2. holds on the invoice or the customer, a ``payment_sent`` status within its grace,
   a pending payment promise, a direct debit not yet collected, credit notes that
   cover the customer's balance in that currency (skip);
3. the step: the first step of the segment's scenario not yet done according to the
   events (a pre-due step whose date has passed is not sent late), never before its
   date, never before ``due_date + grace_days`` after the due date, and spaced from
   the previous step as the scenario spaces them;
4. the channel: the step's channel, or its fallbacks when the customer has no contact
   data for it or a message on it bounced;
5. then, per customer: grouping, the minimum amount, contact limits; and across the
   book, the phone capacity of the day.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from operator import attrgetter

from dunningkit._channel import Channel
from dunningkit._customer import Customer, Hold
from dunningkit._history import DunningEvent, EventOutcome
from dunningkit._invoice import NEVER_DUNNED, InvoiceStatus
from dunningkit._plan import Action, Plan, Skip, SkipReason
from dunningkit._policy import Grouping, PhoneOverflow, Policy, default_policy
from dunningkit._portfolio import Portfolio, bulk_load
from dunningkit._profile import InvoiceFacts, book_facts
from dunningkit._scenario import Scenario, Step
from dunningkit._segmentation import Classification, classify_portfolio
from dunningkit._types import trusted

__all__ = ["next_actions"]

_ZERO = Decimal(0)
_CENT = Decimal("0.01")
_DONE = frozenset({EventOutcome.SENT, EventOutcome.ANSWERED})
# What the customer is not asked to pay counts nowhere in its balance.
_OWED_EXCLUDED = NEVER_DUNNED
_STATUS_SKIPS: dict[InvoiceStatus, tuple[SkipReason, str]] = {
    InvoiceStatus.PAID: (
        SkipReason.PAID,
        "marked paid by the buyer's platform; record the payment to close it",
    ),
    InvoiceStatus.CANCELLED: (SkipReason.CANCELLED, "cancelled: nothing to collect"),
    InvoiceStatus.REFUSED: (
        SkipReason.REFUSED,
        (
            "refused by the buyer: the invoice must be fixed (credit note and new invoice) "
            "before any reminder"
        ),
    ),
    InvoiceStatus.REJECTED: (
        SkipReason.REJECTED,
        (
            "rejected by the e-invoicing platform: the invoice must be fixed and sent again "
            "before any reminder"
        ),
    ),
    InvoiceStatus.DISPUTED: (
        SkipReason.DISPUTED,
        "disputed by the customer: reminders pause until a person resolves the dispute",
    ),
    InvoiceStatus.SUSPENDED: (
        SkipReason.SUSPENDED,
        "suspended by the buyer (missing information): answer the buyer before reminding",
    ),
}
# Statuses that by themselves neither stop nor delay a reminder.
_PLAIN = frozenset(InvoiceStatus) - set(_STATUS_SKIPS) - {InvoiceStatus.PAYMENT_SENT}


def _money(amount: Decimal, currency: str) -> str:
    return f"{amount:,.2f} {currency}"


@dataclass(slots=True)
class _History:
    """What the events say about one invoice."""

    done: dict[str, date] = field(default_factory=dict)  # step id -> last sent/answered
    failed: dict[str, list[date]] = field(default_factory=dict)
    bounced: dict[str, list[date]] = field(default_factory=dict)


@dataclass(slots=True)
class _Candidate:
    facts: InvoiceFacts
    step: Step
    position: int
    channel: Channel
    amount: Decimal
    due: date
    attempt: int
    notes: list[str]
    fallbacks: tuple[Channel, ...] = ()


class _Ladder:
    """A scenario's steps, laid out once per run for the per-invoice loop."""

    __slots__ = ("chosen", "first_post_due", "index_of", "late_notes", "steps")

    def __init__(self, scenario: Scenario) -> None:
        self.steps = scenario.steps
        self.index_of = {s.id: i for i, s in enumerate(scenario.steps)}
        pre_due = [s for s in scenario.steps if s.is_pre_due]
        self.first_post_due = len(pre_due)  # offsets never decrease: pre-due steps lead
        self.chosen = {
            s.id: f"step '{s.title}' (D{s.offset_days:+d}) of scenario {scenario.id}: the next "
            "one not yet done"
            for s in scenario.steps
        }
        self.late_notes = tuple(
            f"reminder '{s.title}' was due before the due date and is not sent late"
            for s in pre_due
        )


_by_invoice_id = attrgetter("facts.invoice.id")
_by_id = attrgetter("invoice.id")


_Route = tuple[Channel | None, tuple[Channel, ...], tuple[str, ...]]


def _route(customer: Customer, step: Step, bounces: int) -> _Route:
    """The channel to use after ``bounces`` bounces, the fallbacks left, and why others not."""
    channels = (step.channel, *step.fallback_channels)
    unreachable: list[str] = []
    for index in range(bounces, len(channels)):
        if customer.has_channel_data(channels[index]):
            return channels[index], channels[index + 1 :], tuple(unreachable)
        unreachable.append(f"no contact data for {channels[index]}")
    return None, (), tuple(unreachable)


def _histories(events: Sequence[DunningEvent], today: date) -> dict[str, _History]:
    found: dict[str, _History] = {}
    for event in events:
        if event.date > today:
            break  # events come sorted by date
        for invoice_id in event.invoice_ids:
            history = found.get(invoice_id)
            if history is None:
                history = found[invoice_id] = _History()
            if event.outcome in _DONE:
                history.done[event.step_id] = event.date
            elif event.outcome is EventOutcome.FAILED:
                history.failed.setdefault(event.step_id, []).append(event.date)
            else:
                history.bounced.setdefault(event.step_id, []).append(event.date)
    return found


def action_key(
    customer_id: str, step_id: str, channel: Channel, attempt: int, invoice_ids: Sequence[str]
) -> str:
    """The idempotency key of an action: the same while nothing changed for it.

    It names the customer, step, channel, delivery attempt and invoices, and no
    date or amount: re-running the planner tomorrow, or after a partial payment,
    gives the same key for the same reminder, so the host does not send it twice.
    """
    text = "\x1f".join([customer_id, step_id, str(channel), str(attempt), *sorted(invoice_ids)])
    return "dk-" + hashlib.sha256(text.encode()).hexdigest()[:24]


class _Planner:
    def __init__(
        self,
        portfolio: Portfolio,
        today: date,
        policy: Policy,
        classifications: dict[str, Classification],
        facts: dict[str, list[InvoiceFacts]],
    ) -> None:
        self.portfolio = portfolio
        self.today = today
        self.policy = policy
        self.classifications = classifications
        self.facts = facts
        self.calendar = policy.calendar
        self.act_on = policy.calendar.next_business_day(today)
        self.actions: list[Action] = []
        self.skipped: list[Skip] = []
        # Keyed by id(scenario): the policy keeps its scenarios alive for the whole run.
        self._ladders: dict[int, _Ladder] = {}
        self._timings: dict[
            tuple[int, int, date, int, tuple[date, int] | None], tuple[SkipReason, str] | None
        ] = {}
        self._pay_by: dict[int, date] = {}
        self._risk: dict[str, Decimal] = {}
        self._moved: set[str] = set()
        # Where a step id sits on the escalation ladder, whatever its scenario: a
        # customer who changes segment is not taken back to an earlier rung.
        self.offsets: dict[str, int] = {}
        for name in sorted(policy.scenarios):
            for step in policy.scenarios[name].steps:
                self.offsets.setdefault(step.id, step.offset_days)

    # -- per customer -------------------------------------------------------------

    def plan_customer(self, customer: Customer) -> None:
        today = self.today
        facts = [f for f in self.facts.get(customer.id, ()) if f.invoice.issue_date <= today]
        if not facts:
            return
        classification = self.classifications[customer.id]
        segment = classification.segment
        skip = self.skipped.append
        cid = customer.id
        open_facts: list[tuple[InvoiceFacts, Decimal]] = []
        for f in facts:
            money_open = f.invoice.amount - f.paid
            if money_open > 0:
                open_facts.append((f, money_open))
        if not open_facts:
            return

        # Balance per currency, credit notes netted: a customer who owes nothing net
        # in a currency is not reminded in it.
        owed: dict[str, Decimal] = {}
        credit: dict[str, Decimal] = {}
        for f, money_open in open_facts:
            currency = f.invoice.currency
            if f.credit:
                if f.status is not InvoiceStatus.CANCELLED:
                    credit[currency] = credit.get(currency, _ZERO) + money_open
            elif f.status not in _OWED_EXCLUDED:
                owed[currency] = owed.get(currency, _ZERO) + f.open
        hold = (
            customer.hold if customer.hold is not None and customer.hold.active_on(today) else None
        )
        promises = self._pending_promises(customer)
        histories = _histories(self.portfolio.events_of(cid), today)
        scenario = self.policy.scenario_for(segment)
        candidates: list[_Candidate] = []
        waiting: list[tuple[InvoiceFacts, Skip]] = []

        # Without holds, promises or credit notes, most invoices pass every check of
        # _blocked at once: test that in one expression, on the hot path.
        quiet = hold is None and not promises and not credit
        routes: dict[tuple[str, int], _Route] = {}  # the same for each invoice at a step
        for f, money_open in open_facts:
            inv = f.invoice
            if (
                quiet
                and f.status in _PLAIN
                and inv.hold is None
                and not inv.direct_debit
                and f.open > 0
                and not f.credit
            ):
                blocked = None
            else:
                blocked = self._blocked(f, money_open, hold, promises, owed, credit)
            if blocked is None and scenario is None:
                blocked = (
                    SkipReason.NO_SCENARIO,
                    f"the policy has no scenario for segment {segment}",
                )
            if blocked is not None or scenario is None:
                reason, detail = blocked or (SkipReason.NO_SCENARIO, "")
                skip(
                    trusted(Skip, invoice_id=inv.id, customer_id=cid, reason=reason, detail=detail)
                )
                continue
            decided = self._step(customer, scenario, f, histories.get(inv.id), routes)
            if isinstance(decided, Skip):
                skip(decided)
                if decided.reason is SkipReason.WAITING_NEXT_STEP:
                    waiting.append((f, decided))
            else:
                candidates.append(decided)

        if candidates and scenario is not None:
            self._act(customer, classification, scenario, candidates, waiting, credit)

    def _blocked(
        self,
        f: InvoiceFacts,
        money_open: Decimal,
        hold: Hold | None,
        promises: dict[str, str],
        owed: dict[str, Decimal],
        credit: dict[str, Decimal],
    ) -> tuple[SkipReason, str] | None:
        """The first reason, in the documented order, that keeps reminders off an invoice."""
        today = self.today
        inv = f.invoice
        currency = inv.currency
        if inv.is_credit_note:
            return SkipReason.CREDIT_NOTE, (
                f"credit note of {_money(money_open, currency)} still open: netted against "
                "the customer's balance, never reminded"
            )
        status_skip = _STATUS_SKIPS.get(f.status)
        if status_skip is not None:
            return status_skip
        if inv.hold is not None and inv.hold.active_on(today):
            until = f" until {inv.hold.until}" if inv.hold.until else ""
            return SkipReason.INVOICE_ON_HOLD, f"invoice on hold{until}: {inv.hold.reason}"
        if hold is not None:
            until = f" until {hold.until}" if hold.until else ""
            return SkipReason.CUSTOMER_ON_HOLD, f"customer on hold{until}: {hold.reason}"
        if f.status is InvoiceStatus.PAYMENT_SENT:
            sent_on = inv.status_date
            grace = self.policy.payment_sent_grace_days
            if sent_on is None or today <= sent_on + timedelta(days=grace):
                when = f"on {sent_on}" if sent_on else "(date unknown)"
                return SkipReason.PAYMENT_SENT, (
                    f"the buyer reported the payment as sent {when}; waiting {grace} days "
                    "for it to arrive"
                )
        promise = promises.get(inv.id)
        if promise is not None:
            return SkipReason.PROMISE_PENDING, promise
        if inv.direct_debit:
            collection = inv.collection_date or inv.due_date
            if today <= collection:
                return SkipReason.DIRECT_DEBIT_PENDING, (
                    f"paid by direct debit, collected on {collection}"
                )
        credited = credit.get(currency, _ZERO)
        if credited and owed.get(currency, _ZERO) - credited <= 0:
            return SkipReason.CREDIT_COVERS_BALANCE, (
                f"open credit notes of {_money(credited, currency)} cover the customer's "
                f"balance in {currency}"
            )
        if f.open <= 0:
            return SkipReason.ACCEPTED_PART_PAID, (
                "the accepted part is paid; the rest awaits the buyer's acceptance"
            )
        return None

    def _pending_promises(self, customer: Customer) -> dict[str, str]:
        """Invoice id -> why a promise holds it, for promises still running today."""
        held: dict[str, str] = {}
        grace = timedelta(days=self.policy.promise_grace_days)
        for promise in self.portfolio.promises_of(customer.id):
            if promise.made_on > self.today or self.today > promise.pay_by + grace:
                continue
            detail = (
                f"payment promised on {promise.made_on} by {promise.pay_by}; reminders resume "
                f"after {promise.pay_by + grace}"
            )
            targets = promise.invoice_ids or [
                inv.id
                for inv in self.portfolio.invoices_of(customer.id)
                if inv.issue_date <= promise.made_on
            ]
            for invoice_id in targets:
                held.setdefault(invoice_id, detail)
        return held

    def _due(self, f: InvoiceFacts) -> tuple[date, Decimal]:
        """The due date reminders count from, and the amount to ask for."""
        inv = f.invoice
        if not inv.installments:
            return inv.due_date, f.open
        # A payment plan: payments settle the oldest instalment first; the reminder is
        # about the earliest instalment still open and what is due by then.
        remaining = f.paid
        due: date | None = None
        amount = _ZERO
        for installment in inv.installments:
            settled = min(remaining, installment.amount)
            remaining -= settled
            part = installment.amount - settled
            if part <= 0:
                continue
            if due is None:
                due = installment.due_date
            if installment.due_date <= max(self.today, due):
                amount += part
        return (due or inv.due_date), min(amount, f.open)

    def _ladder(self, scenario: Scenario) -> _Ladder:
        # By object, not id: two segments may have different scenarios under one id.
        found = self._ladders.get(id(scenario))
        if found is None:
            found = self._ladders[id(scenario)] = _Ladder(scenario)
        return found

    def _reached(
        self, ladder: _Ladder, done: dict[str, date]
    ) -> tuple[int, tuple[date, int] | None]:
        """The highest rung reached, and the last reminder done (its date and offset).

        By position for this scenario's steps, by offset for steps of another
        scenario (the customer changed segment).
        """
        steps = ladder.steps
        reached = -1
        last_done: tuple[date, int] | None = None
        for step_id, on in done.items():
            local = ladder.index_of.get(step_id)
            if local is None:
                offset = self.offsets.get(step_id)
                if offset is None:
                    continue
                local = max((i for i, s in enumerate(steps) if s.offset_days <= offset), default=-1)
                offset_reached = offset
            else:
                offset_reached = steps[local].offset_days
            reached = max(reached, local)
            if last_done is None or on > last_done[0]:
                last_done = (on, offset_reached)
        return reached, last_done

    def _timing(
        self,
        scenario: Scenario,
        position: int,
        due: date,
        grace_days: int,
        last_done: tuple[date, int] | None,
    ) -> tuple[SkipReason, str] | None:
        """Whether the step at ``position`` waits, and why; ``None`` when it is due today.

        Invoices share due dates, so the answer (and its wording) is worked out once
        per distinct situation and reused: this is the per-invoice hot path.
        """
        key = (id(scenario), position, due, grace_days, last_done)
        if key in self._timings:
            return self._timings[key]
        today = self.today
        step = scenario.steps[position]
        when = due + timedelta(days=step.offset_days)
        if not step.is_pre_due:
            when = max(when, due + timedelta(days=grace_days))
        if last_done is not None:
            when = max(when, last_done[0] + timedelta(days=max(step.offset_days - last_done[1], 0)))
        found: tuple[SkipReason, str] | None = None
        if today < when:
            if today < due and not step.is_pre_due:
                found = (
                    SkipReason.NOT_DUE,
                    f"due on {due}; first reminder ('{step.title}') on {when}",
                )
            elif today < due:
                found = SkipReason.NOT_DUE, f"due on {due}; '{step.title}' on {when}"
            elif today < due + timedelta(days=grace_days) and last_done is None:
                found = (
                    SkipReason.GRACE_PERIOD,
                    f"{grace_days} grace days after the due date {due}: '{step.title}' on {when}",
                )
            else:
                detail = f"next step '{step.title}' on {when}"
                if last_done is not None:
                    detail += f" (last reminder on {last_done[0]})"
                found = SkipReason.WAITING_NEXT_STEP, detail
        self._timings[key] = found
        return found

    def _step(
        self,
        customer: Customer,
        scenario: Scenario,
        f: InvoiceFacts,
        history: _History | None,
        routes: dict[tuple[str, int], _Route],
    ) -> _Candidate | Skip:
        today = self.today
        inv = f.invoice
        if inv.installments:
            due, amount = self._due(f)
        else:
            due, amount = inv.due_date, f.open
        ladder = self._ladder(scenario)
        steps = ladder.steps
        done = history.done if history else {}
        reached, last_done = self._reached(ladder, done) if done else (-1, None)
        position = reached + 1
        notes: list[str] = []
        if today >= due and position < ladder.first_post_due:
            # Pre-due reminders whose date has passed are not sent late.
            notes.extend(ladder.late_notes[position:])
            position = ladder.first_post_due
        if position >= len(steps):
            last = steps[-1]
            if last.terminal and last.id in done:
                detail = f"handed over ({last.title}) on {done[last.id]}: no more reminders"
            else:
                detail = f"every step of scenario {scenario.id} is done: a person decides what next"
            return trusted(
                Skip,
                invoice_id=inv.id,
                customer_id=customer.id,
                reason=SkipReason.SCENARIO_COMPLETED,
                detail=detail,
            )
        waits = self._timing(scenario, position, due, customer.grace_days, last_done)
        if waits is not None:
            return trusted(
                Skip, invoice_id=inv.id, customer_id=customer.id, reason=waits[0], detail=waits[1]
            )
        step = steps[position]
        if amount < step.min_open_amount:
            return trusted(
                Skip,
                invoice_id=inv.id,
                customer_id=customer.id,
                reason=SkipReason.BELOW_MINIMUM,
                detail=f"step '{step.title}' needs at least "
                f"{_money(step.min_open_amount, inv.currency)} open; "
                f"{_money(amount, inv.currency)} is",
            )
        bounces = history.bounced.get(step.id, []) if history else []
        failures = history.failed.get(step.id, []) if history else []
        route_key = (step.id, len(bounces))
        route = routes.get(route_key)
        if route is None:
            route = routes[route_key] = _route(customer, step, len(bounces))
        channel, rest, unreachable = route
        notes.extend(unreachable)
        channels = (step.channel, *step.fallback_channels)
        if channel is None:
            tried = ", ".join(str(c) for c in channels)
            why = "every channel bounced or lacks contact data" if bounces else "no contact data"
            return trusted(
                Skip,
                invoice_id=inv.id,
                customer_id=customer.id,
                reason=SkipReason.NO_CONTACT_DATA,
                detail=f"step '{step.title}': {why} ({tried}); complete the customer record",
            )
        if bounces:
            bounced = channels[len(bounces) - 1]
            notes.append(f"the {bounced} of {bounces[-1]} bounced: {channel} now")
        if failures and (not bounces or failures[-1] >= bounces[-1]):
            notes.append(f"the attempt of {failures[-1]} failed: trying again")
        return _Candidate(
            f, step, position, channel, amount, due, len(bounces) + len(failures), notes, rest
        )

    def _act(
        self,
        customer: Customer,
        classification: Classification,
        scenario: Scenario,
        candidates: list[_Candidate],
        waiting: list[tuple[InvoiceFacts, Skip]],
        credit: dict[str, Decimal],
    ) -> None:
        policy = self.policy
        groups: dict[tuple[str, ...], list[_Candidate]] = defaultdict(list)
        grouping = policy.grouping
        for c in candidates:
            if grouping == Grouping.PER_INVOICE:
                key: tuple[str, ...] = (c.facts.invoice.id,)
            elif grouping == Grouping.PER_CUSTOMER:
                key = (c.facts.invoice.currency,)
            else:
                key = (c.facts.invoice.currency, c.step.id, c.channel)
            groups[key].append(c)

        drafts: list[tuple[_Candidate, list[_Candidate], list[InvoiceFacts]]] = []
        for members in groups.values():
            lead = max(members, key=lambda c: (c.position, c.facts.invoice.id))
            extra: list[InvoiceFacts] = []
            if grouping == Grouping.PER_CUSTOMER:
                # One message covering every overdue invoice of that currency.
                currency = lead.facts.invoice.currency
                extra = [
                    f
                    for f, _ in waiting
                    if f.invoice.currency == currency and f.invoice.due_date < self.today
                ]
            drafts.append((lead, members, extra))

        # The minimum amount, then contact limits: each action is one contact.
        kept: list[tuple[_Candidate, list[_Candidate], list[InvoiceFacts], Decimal]] = []
        for lead, members, extra in drafts:
            currency = lead.facts.invoice.currency
            total = sum((m.amount for m in members), _ZERO) + sum((f.open for f in extra), _ZERO)
            minimum = policy.min_amount(currency)
            if total < minimum:
                for m in members:
                    self._reskip(
                        m.facts,
                        SkipReason.BELOW_MINIMUM,
                        f"{_money(total, currency)} open, below the minimum of "
                        f"{_money(minimum, currency)} for a reminder",
                    )
                continue
            kept.append((lead, members, extra, total))
        if not kept:
            return
        contacts = [
            e
            for e in self.portfolio.events_of(customer.id)
            if e.date <= self.today and e.outcome in _DONE
        ]
        if contacts:
            last = max(e.date for e in contacts)
            gap = (self.today - last).days
            if gap < policy.min_days_between_contacts:
                resume = last + timedelta(days=policy.min_days_between_contacts)
                for lead, members, _, _ in kept:
                    for m in members:
                        self._reskip(
                            m.facts,
                            SkipReason.TOO_SOON,
                            f"'{lead.step.title}' is due but the customer was contacted "
                            f"on {last}; next contact possible on {resume}",
                        )
                return
        window_start = self.today - timedelta(days=29)
        recent = sum(1 for e in contacts if e.date >= window_start)
        room = policy.max_contacts_per_30_days - recent
        kept.sort(key=lambda k: (-k[0].step.tone.rank, -k[3], k[0].facts.invoice.id))
        for index, (lead, members, extra, total) in enumerate(kept):
            if index >= room:
                for m in members:
                    self._reskip(
                        m.facts,
                        SkipReason.CONTACT_CAP,
                        f"'{lead.step.title}' is due but the customer already had "
                        f"{recent + room} contacts in 30 days (limit "
                        f"{policy.max_contacts_per_30_days})",
                    )
                continue
            self._emit(customer, classification, scenario, lead, members, extra, total, credit)

    def _deadline_for(self, days: int) -> date:
        found = self._pay_by.get(days)
        if found is None:
            found = self._pay_by[days] = self.calendar.next_business_day(
                self.act_on + timedelta(days=days)
            )
        return found

    def _reskip(self, f: InvoiceFacts, reason: SkipReason, detail: str) -> None:
        self.skipped.append(
            trusted(
                Skip,
                invoice_id=f.invoice.id,
                customer_id=f.invoice.customer_id,
                reason=reason,
                detail=detail,
            )
        )

    def _emit(
        self,
        customer: Customer,
        classification: Classification,
        scenario: Scenario,
        lead: _Candidate,
        members: list[_Candidate],
        extra: list[InvoiceFacts],
        total: Decimal,
        credit: dict[str, Decimal],
    ) -> None:
        step = lead.step
        currency = lead.facts.invoice.currency
        members = sorted(members, key=_by_invoice_id)
        invoice_ids = [m.facts.invoice.id for m in members]
        if extra:
            extra = sorted(extra, key=_by_id)
            invoice_ids = sorted(invoice_ids + [f.invoice.id for f in extra])
            # Invoices gathered into a per-customer reminder leave their skip (at the end).
            self._moved.update(f.invoice.id for f in extra)
        attempt = max([m.attempt for m in members])
        key = action_key(customer.id, step.id, lead.channel, attempt, invoice_ids)
        segment = classification.segment
        rate = self.policy.exchange_rates.get(currency, Decimal(1))
        risk = self._risk.get(segment)
        if risk is None:
            risk = self._risk[segment] = Decimal(str(self.policy.segment_risk.get(segment, 1.0)))
        reasons = [f"segment {segment}: {'; '.join(classification.reasons)}"]
        for m in members:
            late = (self.today - m.due).days
            when = (
                f"{late} days overdue"
                if late > 0
                else ("due today" if late == 0 else f"due in {-late} days")
            )
            reasons.append(
                f"invoice {m.facts.invoice.id}: {_money(m.amount, currency)} open, {when}"
            )
            reasons.extend(m.notes)
        reasons.extend(
            f"invoice {f.invoice.id}: {_money(f.open, currency)} open, included in this "
            "reminder of every overdue invoice"
            for f in extra
        )
        reasons.append(self._ladder(scenario).chosen[step.id])
        if credit.get(currency):
            reasons.append(
                f"open credit notes of {_money(credit[currency], currency)} can be offset"
            )
        if step.requires_approval:
            reasons.append("needs a person's approval before it goes out")
        self.actions.append(
            trusted(
                Action,
                key=key,
                customer_id=customer.id,
                segment=segment,
                scenario_id=scenario.id,
                step_id=step.id,
                channel=lead.channel,
                tone=step.tone,
                template=step.template,
                invoice_ids=tuple(invoice_ids),
                amount_due=total,
                currency=currency,
                scheduled_for=self.act_on,
                priority=(total * rate * risk).quantize(_CENT),
                requires_approval=step.requires_approval,
                contact=customer.contact_for(lead.channel),
                pay_by=self._deadline_for(step.deadline_days),
                terminal=step.terminal,
                fallback_channels=lead.fallbacks,
                reasons=tuple(reasons),
            )
        )

    # -- across the book ------------------------------------------------------------

    def apply_phone_capacity(self) -> None:
        capacity = self.policy.phone_capacity_per_day
        if capacity is None:
            return
        calls = sorted(
            (a for a in self.actions if a.channel is Channel.PHONE),
            key=lambda a: (-a.priority, a.customer_id, a.key),
        )
        if len(calls) <= capacity:
            return
        overflow = calls[capacity:]
        replaced: dict[str, Action] = {}
        day = self.act_on
        used = 0
        for action in overflow:
            moved = None
            if self.policy.phone_overflow == PhoneOverflow.FALLBACK:
                moved = self._to_fallback(action)
            if moved is None:
                if capacity == 0 or used % capacity == 0:
                    day = self.calendar.next_business_day(day + timedelta(days=1))
                used += 1
                moved = action.model_copy(
                    update={
                        "scheduled_for": day,
                        "pay_by": self.calendar.next_business_day(
                            day + timedelta(days=self._deadline(action))
                        ),
                        "reasons": (
                            *action.reasons,
                            (
                                f"moved to {day}: the day's {capacity} calls go to larger "
                                "amounts at risk"
                            ),
                        ),
                    }
                )
            replaced[action.key] = moved
        self.actions = [replaced.get(a.key, a) for a in self.actions]

    def _deadline(self, action: Action) -> int:
        scenario = self.policy.scenario_for(action.segment)
        step = scenario.step(action.step_id) if scenario else None
        return step.deadline_days if step else 8

    def _to_fallback(self, action: Action) -> Action | None:
        scenario = self.policy.scenario_for(action.segment)
        step = scenario.step(action.step_id) if scenario else None
        if step is None:
            return None
        customer = self.portfolio.customer(action.customer_id)
        for channel in step.fallback_channels:
            if channel is not Channel.PHONE and customer.has_channel_data(channel):
                return action.model_copy(
                    update={
                        "channel": channel,
                        "contact": customer.contact_for(channel),
                        "fallback_channels": step.fallback_channels[
                            step.fallback_channels.index(channel) + 1 :
                        ],
                        "key": action_key(
                            action.customer_id, action.step_id, channel, 0, action.invoice_ids
                        ),
                        "reasons": (
                            *action.reasons,
                            (
                                f"{channel} instead of a call: the day's "
                                f"{self.policy.phone_capacity_per_day} calls go to larger "
                                "amounts at risk"
                            ),
                        ),
                    }
                )
        return None

    def plan(self) -> Plan:
        for customer in self.portfolio.customers:
            self.plan_customer(customer)
        self.apply_phone_capacity()
        actions = sorted(
            self.actions,
            key=lambda a: (a.scheduled_for, -a.priority, a.customer_id, a.step_id, a.key),
        )
        skipped = sorted(
            (s for s in self.skipped if s.invoice_id not in self._moved),
            key=lambda s: (s.customer_id, s.invoice_id),
        )
        return trusted(
            Plan,
            today=self.today,
            actions=tuple(actions),
            skipped=tuple(skipped),
            segments={cid: c.segment for cid, c in sorted(self.classifications.items())},
        )


def next_actions(portfolio: Portfolio, today: date, policy: Policy | None = None) -> Plan:
    """The reminders to send for ``today``, and every open invoice that gets none, with why.

    Pure: the same portfolio (in any record order), day and policy give an equal
    plan. Payments, events, promises and statuses dated after ``today`` are ignored.
    """
    policy = policy or default_policy()
    with bulk_load():  # a result per invoice: spare the collector re-walking the book
        facts = book_facts(portfolio, today, policy.segmentation.reference_currency)
        classifications = classify_portfolio(portfolio, today, policy, facts=facts)
        return _Planner(portfolio, today, policy, classifications, facts.by_customer).plan()
