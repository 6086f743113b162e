"""The planner: ``next_actions(portfolio, today)`` decides the day's reminders.

Pure and deterministic: no clock, no randomness, no I/O, no process-wide switch.
Everything dated after ``today`` is ignored, so a plan can be recomputed for any past
day. Every outstanding invoice ends up in exactly one action or one skip, with its
reasons.

One pass per customer over the portfolio's compact ledger (built once per portfolio,
see :mod:`dunningkit.book._ledger`), in customer-id order:

1. the facts of each invoice on ``today`` (:mod:`dunningkit.book._figures`), the payer
   profile and the segment (:mod:`dunningkit.segmentation._classifier`);
2. per invoice, the guardrails (:mod:`dunningkit.planning._guardrails`), then the step and
   whether it waits (:mod:`dunningkit.planning._timing`), then the channel
   (:mod:`dunningkit.planning._routing`);
3. per customer, the messages (:mod:`dunningkit.planning._grouping`), the minimum amount and
   the contact limits (:mod:`dunningkit.planning._guardrails`);

and once, across the book, the day's calls (:mod:`dunningkit.planning._capacity`).
"""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal

from dunningkit.book._figures import InvoiceFacts, due_now
from dunningkit.book._ledger import CustomerLedger, InvoiceRow
from dunningkit.book._portfolio import Portfolio, ledger_of
from dunningkit.book._revenue import BookRevenue, book_revenue
from dunningkit.model._channel import channel_spec
from dunningkit.model._history import InvoiceHistory, histories
from dunningkit.planning._actions import ActionMaker
from dunningkit.planning._capacity import Call, apply_capacity
from dunningkit.planning._grouping import Candidate, Draft, group
from dunningkit.planning._guardrails import (
    PLAIN,
    ContactLimits,
    Limitations,
    blocked,
    money,
    owed_and_credit,
    pending_promises,
)
from dunningkit.planning._plan import (
    Action,
    Alert,
    Plan,
    Reason,
    Skip,
    SkipReason,
    SkipRows,
    action_key,
    check_results,
)
from dunningkit.planning._routing import Router
from dunningkit.planning._timing import Ladder, Timings, step_offsets
from dunningkit.policy._policy import Policy, default_policy
from dunningkit.policy._scenario import Scenario
from dunningkit.segmentation._classifier import Classification, RulesClassifier, decide
from dunningkit.segmentation._profile import profile_of

__all__ = ["action_key", "next_actions"]

_ZERO = Decimal(0)
_WAITING = SkipReason.WAITING_NEXT_STEP

Skipped = list[tuple[str, SkipReason, str]]  # invoice id, reason, detail


class _Run:
    """One planning run: :meth:`customer` for each customer (in id order), then
    :meth:`finish` for the day's calls across the book.

    ``revenue`` is the book's revenue in the segmentation window (the one figure a
    customer's segment reads from the rest of the book): a streaming planner works it
    out in a first pass and feeds customers one at a time.
    """

    def __init__(self, today: date, policy: Policy, revenue: BookRevenue) -> None:
        self.today = today
        self.policy = policy
        settings = policy.segmentation
        self.settings = settings
        self.classifier = settings.resolve_classifier()
        self.fallback = RulesClassifier()
        self.revenue = revenue
        self.timings = Timings(today)
        self.router = Router()
        self.limitations = Limitations(policy)
        self.limitation_from = today - self.limitations.floor  # due on or before: look up
        self.offsets = step_offsets(policy)
        self.act_on = policy.calendar.next_business_day(today)
        self.maker = ActionMaker(today, self.act_on, policy, self.timings)
        self.classifications: dict[str, Classification] = {}
        self.actions: list[Action] = []
        self.calls: list[Call] = []
        self.skip_invoice: list[str] = []
        self.skip_customer: list[str] = []
        self.skip_reason: list[SkipReason] = []
        self.skip_detail: list[str] = []

    # -- per customer ---------------------------------------------------------------

    def customer(self, entry: CustomerLedger) -> None:
        """Classify one customer and decide each of its outstanding invoices."""
        today = self.today
        rows = [row for row in entry.rows if row.issue <= today]
        facts = [row.facts_on(today) for row in rows]
        profile = profile_of(entry, facts, today, self.revenue, self.policy.promise_grace_days)
        classification = decide(
            self.classifier, self.fallback, entry.customer, profile, self.settings
        )
        self.classifications[entry.id] = classification
        outstanding = [(row, f) for row, f in zip(rows, facts, strict=True) if f.outstanding > 0]
        if not outstanding:
            return
        scenario = self.policy.scenario_for(classification.segment)
        skipped: Skipped = []
        candidates, waiting, credit = self._invoices(
            entry, classification, scenario, outstanding, skipped
        )
        moved: set[str] = set()
        if candidates and scenario is not None:
            moved = self._messages(
                entry, classification, scenario, candidates, waiting, credit, skipped
            )
        self._keep_skips(entry.id, skipped, moved)

    def _invoices(
        self,
        entry: CustomerLedger,
        classification: Classification,
        scenario: Scenario | None,
        outstanding: list[tuple[InvoiceRow, InvoiceFacts]],
        skipped: Skipped,
    ) -> tuple[list[Candidate], list[InvoiceFacts], dict[str, Decimal]]:
        """The per-invoice decisions: a skip, or a candidate for today's messages."""
        today = self.today
        customer = entry.customer
        owed, credit = owed_and_credit(f for _, f in outstanding)
        hold = (
            customer.hold if customer.hold is not None and customer.hold.active_on(today) else None
        )
        promises = pending_promises(entry, today, self.policy) if entry.promises else {}
        found = histories(entry.events, today) if entry.events else {}
        candidates: list[Candidate] = []
        waiting: list[InvoiceFacts] = []
        # Without holds, promises or credit notes, most invoices pass every guardrail
        # at once: test that in one expression, on the hot path.
        quiet = hold is None and not promises and not credit
        ladder = self.timings.ladder(scenario) if scenario is not None else None
        router = self.router
        for row, f in outstanding:
            inv = f.invoice
            if (
                quiet
                and f.status in PLAIN
                and inv.hold is None
                and not inv.direct_debit
                and f.open > 0
                and not f.credit
            ):
                stop = None
            else:
                stop = blocked(f, today, self.policy, hold, promises, owed, credit)
            if stop is None and row.first_due <= self.limitation_from:
                stop = self.limitations.check(entry, row, today)
            if stop is None and ladder is None:
                stop = (
                    SkipReason.NO_SCENARIO,
                    f"the policy has no scenario for segment {classification.segment}",
                )
            if stop is not None or ladder is None:
                reason, detail = stop or (SkipReason.NO_SCENARIO, "")
                skipped.append((inv.id, reason, detail))
                continue
            decided = self._step(entry, ladder, f, found.get(inv.id), router)
            if isinstance(decided, Candidate):
                expiring = self.limitations.notes.get(inv.id)
                if expiring is not None:
                    decided.notes.append(Reason("limitation", expiring, inv.id))
                candidates.append(decided)
                continue
            skipped.append((inv.id, decided[0], decided[1]))
            if decided[0] is _WAITING and inv.due_date < today:
                waiting.append(f)
        return candidates, waiting, credit

    def _step(
        self,
        entry: CustomerLedger,
        ladder: Ladder,
        f: InvoiceFacts,
        history: InvoiceHistory | None,
        router: Router,
    ) -> Candidate | tuple[SkipReason, str]:
        """The step due today for one invoice, or why none is."""
        today = self.today
        inv = f.invoice
        due, amount = (inv.due_date, f.open) if not inv.installments else due_now(f, today)
        steps = ladder.steps
        done = history.done if history is not None else None
        reached, last_done = ladder.reached(done, self.offsets) if done else (-1, None)
        position = reached + 1
        notes: list[Reason] = []
        if today >= due and position < ladder.first_post_due:
            # Pre-due reminders whose date has passed are not sent late.
            notes.extend(ladder.late_notes[position])
            position = ladder.first_post_due
        if position >= len(steps):
            return SkipReason.SCENARIO_COMPLETED, ladder.completed(done or {})
        waits = self.timings.wait(ladder, position, due, entry.customer.grace_days, last_done)
        if waits is not None:
            return waits
        step = steps[position]
        if amount < step.min_open_amount:
            return SkipReason.BELOW_MINIMUM, (
                f"step '{step.title}' needs at least "
                f"{money(step.min_open_amount, inv.currency)} open; "
                f"{money(amount, inv.currency)} is"
            )
        bounced = history.bounced.get(step.id, ()) if history is not None else ()
        failures = history.failed.get(step.id, ()) if history is not None else ()
        route = router.route(entry.customer, step, bounced, entry.reach)
        if route.notes:
            notes.extend(Reason("unreachable", n, inv.id) for n in route.notes)
        if route.channel is None:
            tried = ", ".join(str(c) for c in (step.channel, *step.fallback_channels))
            why = "every channel bounced or lacks contact data" if bounced else "no contact data"
            return SkipReason.NO_CONTACT_DATA, (
                f"step '{step.title}': {why} ({tried}); complete the customer record"
            )
        for on, channel in bounced:
            notes.append(Reason("bounced", f"the {channel} of {on} bounced: {route.channel} now"))
        if failures and (not bounced or failures[-1] >= bounced[-1][0]):
            notes.append(Reason("retry", f"the attempt of {failures[-1]} failed: trying again"))
        return Candidate(
            f,
            step,
            position,
            route.channel,
            amount,
            due,
            len(bounced) + len(failures),
            notes,
            route.fallbacks,
            inv.id,
            inv.currency,
        )

    def _messages(
        self,
        entry: CustomerLedger,
        classification: Classification,
        scenario: Scenario,
        candidates: list[Candidate],
        waiting: list[InvoiceFacts],
        credit: dict[str, Decimal],
        skipped: Skipped,
    ) -> set[str]:
        """Group the candidates, apply the minimum amount and contact limits, emit.

        Returns the ids of waiting invoices that a message now lists.
        """
        policy = self.policy
        drafts, waits = group(candidates, policy.grouping, waiting)
        skipped.extend((c.invoice_id, reason, detail) for c, reason, detail in waits)
        kept: list[Draft] = []
        for draft in drafts:
            currency = draft.lead.currency
            total, minimum = draft.total, policy.min_amount(currency)
            if total < minimum:
                detail = (
                    f"{money(total, currency)} open, below the minimum of "
                    f"{money(minimum, currency)} for a reminder"
                )
                skipped.extend(
                    (m.invoice_id, SkipReason.BELOW_MINIMUM, detail) for m in draft.members
                )
            else:
                kept.append(draft)
        if not kept:
            return set()
        limits = ContactLimits(entry.events, self.today, policy)
        too_soon = limits.too_soon()
        if too_soon is not None:
            for draft in kept:
                detail = f"'{draft.lead.step.title}' is due but {too_soon}"
                skipped.extend((m.invoice_id, SkipReason.TOO_SOON, detail) for m in draft.members)
            return set()
        room = limits.room
        kept.sort(key=lambda d: (-d.lead.step.tone.rank, -d.total, d.lead.invoice_id))
        moved: set[str] = set()
        for index, draft in enumerate(kept):
            if index >= room:
                detail = (
                    f"'{draft.lead.step.title}' is due but the customer already had "
                    f"{limits.recent + max(room, 0)} contacts in 30 days (limit "
                    f"{policy.max_contacts_per_30_days})"
                )
                skipped.extend(
                    (m.invoice_id, SkipReason.CONTACT_CAP, detail) for m in draft.members
                )
                continue
            self._emit(entry, classification, scenario, draft, credit)
            if draft.extra:
                moved.update(f.invoice.id for f in draft.extra)
        return moved

    def _emit(
        self,
        entry: CustomerLedger,
        classification: Classification,
        scenario: Scenario,
        draft: Draft,
        credit: dict[str, Decimal],
    ) -> None:
        action = self.maker.make(
            entry, classification, scenario, draft, credit.get(draft.lead.currency)
        )
        self.actions.append(action)
        if channel_spec(action.channel).capacity_limited:
            self.calls.append(Call(action, draft.lead.step, entry.customer))

    def _keep_skips(self, customer_id: str, skipped: Skipped, moved: set[str]) -> None:
        if moved:
            skipped = [s for s in skipped if s[0] not in moved]
        if len(skipped) > 1:
            skipped.sort(key=lambda s: s[0])  # the rows are in id order; messages add later
        expiring = self.limitations.notes
        if expiring:
            skipped = [(i, r, f"{d}; {expiring[i]}" if i in expiring else d) for i, r, d in skipped]
            expiring.clear()
        for invoice_id, reason, detail in skipped:
            self.skip_invoice.append(invoice_id)
            self.skip_customer.append(customer_id)
            self.skip_reason.append(reason)
            self.skip_detail.append(detail)

    def drain(
        self,
    ) -> tuple[list[Action], list[Call], SkipRows, dict[str, Classification], list[Alert]]:
        """Hand over what the customers fed since the last drain produced, and forget it.

        For the streaming planner (:mod:`dunningkit.scale._stream`): it feeds one customer,
        drains, and applies the day's capacity itself over the calls it keeps, so that
        memory is bounded by one customer. The calls are also among the actions.
        """
        drained = (
            self.actions,
            self.calls,
            SkipRows(self.skip_invoice, self.skip_customer, self.skip_reason, self.skip_detail),
            self.classifications,
            self.limitations.alerts,
        )
        self.actions, self.calls, self.classifications = [], [], {}
        self.skip_invoice, self.skip_customer, self.skip_reason, self.skip_detail = [], [], [], []
        self.limitations.alerts = []
        return drained

    # -- across the book --------------------------------------------------------------

    def finish(self) -> Plan:
        """The plan, once every customer was planned: the day's calls, then sorting."""
        busy = frozenset(
            a.customer_id for a in self.actions if not channel_spec(a.channel).capacity_limited
        )
        capacity = apply_capacity(self.calls, self.policy, self.policy.calendar, busy)
        actions = self.actions
        if capacity.replaced or capacity.dropped:
            dropped = {a.key for a, _, _ in capacity.dropped}
            actions = [capacity.replaced.get(a.key, a) for a in actions if a.key not in dropped]
        actions.sort(key=lambda a: (a.scheduled_for, -a.priority, a.customer_id, a.step_id, a.key))
        skipped = SkipRows(
            self.skip_invoice, self.skip_customer, self.skip_reason, self.skip_detail
        )
        if capacity.dropped:
            rows = list(skipped)
            rows.extend(
                Skip(invoice_id, a.customer_id, reason, detail)
                for a, reason, detail in capacity.dropped
                for invoice_id in a.invoice_ids
            )
            rows.sort(key=lambda s: (s.customer_id, s.invoice_id))
            skipped = SkipRows.of(rows)
        plan = Plan(
            today=self.today,
            actions=tuple(actions),
            skipped=skipped,
            segments={cid: c.segment for cid, c in self.classifications.items()},
            alerts=tuple(self.limitations.alerts),
            _classifications=self.classifications,
        )
        if os.environ.get("DUNNINGKIT_CHECK_RESULTS"):
            check_results(plan)
        return plan


def next_actions(portfolio: Portfolio, today: date, policy: Policy | None = None) -> Plan:
    """The reminders to send for ``today``, and every open invoice that gets none, with why.

    Pure: the same portfolio (in any record order), day and policy give an equal
    plan. Payments, events, promises and statuses dated after ``today`` are ignored.
    """
    policy = policy or default_policy()
    ledger = ledger_of(portfolio)
    run = _Run(today, policy, book_revenue(ledger, today, policy.segmentation.reference_currency))
    for entry in ledger.customers:
        run.customer(entry)
    return run.finish()
