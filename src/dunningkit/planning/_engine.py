"""The engine: one planning run, customer by customer, as ``next_actions`` makes it.

Every way of planning drives this one class through the API below (and watches the
pass through an :class:`EngineHook`): :func:`~dunningkit.next_actions`, the streamed,
partitioned and Dask runs (:mod:`dunningkit.scale`), and the back-test's replay
through the review dates (:mod:`dunningkit.planning._review`).

The API
-------
``Engine(today, policy, revenue, hook=None)``
    one run for one day; ``revenue`` is the book's revenue
    (:class:`~dunningkit.book._revenue.BookRevenue`, the one figure a segment reads
    from the rest of the book), from the ledger or summed over customers' parts.
``engine.customer(entry)``
    plans one customer (its :class:`~dunningkit.book._ledger.CustomerLedger`); call it
    for each customer in id order.
``engine.drain()``
    hands over what the customers fed since the last drain produced (:class:`Drained`)
    and forgets it: a streamed run drains after each customer, so memory is bounded by
    one customer, and ranks the day's calls itself.
``engine.finish()``
    the :class:`~dunningkit.Plan`, once every customer was fed: the day's calls ranked
    across the book, then sorting. The test suite wraps this step to check every
    result (``check_results``).

Read-only state (the review dates read it): ``today``, ``policy``, ``settings``,
``classifier``, ``revenue``, ``classifications`` (by customer id), and what was decided
so far, in order: ``actions``, ``skip_reason``.

The pass, per customer, in order
--------------------------------
1. **facts and segment**: the facts of each invoice issued by ``today``
   (:mod:`dunningkit.book._figures`), the payer profile
   (:mod:`dunningkit.segmentation._profile`) and the segment
   (:mod:`dunningkit.segmentation._classifier`);
2. **per invoice** (:meth:`Engine._invoices`): the guardrails (:mod:`~._guardrails`:
   insolvency proceedings, its status, holds, a reported payment, a promise, a direct
   debit, credit notes, a time-barred claim), then the step and whether it waits
   (:mod:`~._timing`; the hook hears of each wait), then the channel: a candidate or not;
3. **per customer** (:meth:`Engine._messages`; the hook hears of it first): messages
   (:mod:`dunningkit.planning._grouping`), the minimum amount and contact limits
   (:mod:`dunningkit.planning._contacts`), actions (:mod:`dunningkit.planning._actions`);
4. **the skips** kept in invoice order, with any expiring claim noted;

and once, across the book, the day's calls (:mod:`dunningkit.planning._capacity`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple, Protocol

from dunningkit.book._figures import InvoiceFacts, due_now
from dunningkit.book._ledger import CustomerLedger, InvoiceRow
from dunningkit.book._revenue import BookRevenue
from dunningkit.model._channel import channel_spec
from dunningkit.model._history import InvoiceHistory, histories
from dunningkit.planning._actions import ActionMaker
from dunningkit.planning._capacity import Call, settle_calls
from dunningkit.planning._contacts import sendable
from dunningkit.planning._grouping import Candidate, Draft, charged, group
from dunningkit.planning._guardrails import (
    PLAIN,
    Limitations,
    blocked,
    money,
    owed_and_credit,
    pending_promises,
)
from dunningkit.planning._insolvency import note_proceedings
from dunningkit.planning._language import note_language
from dunningkit.planning._plan import Plan
from dunningkit.planning._results import Action, Alert, Reason, SkipReason
from dunningkit.planning._routing import Router
from dunningkit.planning._skip_rows import SkipRows
from dunningkit.planning._timing import Ladder, Timings, Waits, instalment_start, step_offsets
from dunningkit.policy._policy import Policy
from dunningkit.policy._scenario import Scenario, Step
from dunningkit.segmentation._classifier import decide
from dunningkit.segmentation._profile import profile_of
from dunningkit.segmentation._rules import Classification, RulesClassifier

__all__ = ["Drained", "Engine", "EngineHook"]

_WAITING = SkipReason.WAITING_NEXT_STEP

Skipped = list[tuple[str, SkipReason, str]]  # invoice id, reason, detail


class EngineHook(Protocol):
    """What a caller watches of the pass (the review dates do), on the customer planned."""

    def step_waits(self, ladder: Ladder, position: int, when: date) -> None:
        """An invoice's next step (``ladder.steps[position]``) is not due today but on
        ``when`` (or is due today and the step due changes on ``when``: a catch-up)."""

    def steps_due(self, entry: CustomerLedger) -> None:
        """Some invoices of ``entry`` have a step due today: its messages are decided now."""


class Drained(NamedTuple):
    """What the customers fed since the last drain produced (calls are also actions)."""

    actions: list[Action]
    calls: list[Call]
    skips: SkipRows
    classifications: dict[str, Classification]
    alerts: list[Alert]


class Engine:
    """One planning run: :meth:`customer` for each customer (in id order), then
    :meth:`finish` (or :meth:`drain` after each customer). See the module."""

    def __init__(
        self, today: date, policy: Policy, revenue: BookRevenue, hook: EngineHook | None = None
    ) -> None:
        self.today = today
        self.hook = hook
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
            if self.hook is not None:
                self.hook.steps_due(entry)
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
        proceedings = note_proceedings(self.limitations.alerts, entry, outstanding, today)
        found = histories(entry.events, today) if entry.events else {}
        candidates: list[Candidate] = []
        waiting: list[InvoiceFacts] = []
        # Without holds, promises, credit notes or proceedings: one test, on the hot path.
        quiet = hold is None and not promises and not credit and proceedings is None
        ladder = self.timings.ladder(scenario) if scenario is not None else None
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
                stop = blocked(f, today, self.policy, hold, promises, owed, credit, proceedings)
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
            decided = self._step(entry, ladder, row, f, found.get(inv.id))
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
        row: InvoiceRow,
        f: InvoiceFacts,
        history: InvoiceHistory | None,
    ) -> Candidate | tuple[SkipReason, str]:
        """The step due today for one invoice (its earliest open instalment's), or why
        none is."""
        inv = f.invoice
        due, amount = (inv.due_date, f.open) if not inv.installments else due_now(f, self.today)
        since = instalment_start(row, due) if inv.installments else None
        rung = ladder.rung(history, self.offsets, since)
        decided = self.timings.next_step(ladder, rung, due, entry.customer.grace_days, inv.id)
        when = decided.when if isinstance(decided, Waits) else decided.changes_on
        if when is not None and self.hook is not None:
            self.hook.step_waits(ladder, decided.position, when)
        if isinstance(decided, Waits):
            return decided.reason, decided.detail
        position, notes = decided.position, decided.notes
        step = ladder.steps[position]
        if amount < step.min_open_amount:
            return SkipReason.BELOW_MINIMUM, (
                f"step '{step.title}' needs at least "
                f"{money(step.min_open_amount, inv.currency)} open; "
                f"{money(amount, inv.currency)} is"
            )
        return self._route(
            entry, f, step, (position, decided.occurrence), amount, due, history, notes
        )

    def _route(
        self,
        entry: CustomerLedger,
        f: InvoiceFacts,
        step: Step,
        at: tuple[int, str | None],
        amount: Decimal,
        due: date,
        history: InvoiceHistory | None,
        notes: list[Reason],
    ) -> Candidate | tuple[SkipReason, str]:
        """The channel the due step goes on: a candidate for today's messages, or why not.

        ``at``: the step's position, and what tells this occurrence of it apart."""
        inv = f.invoice
        bounced = history.bounced.get(step.id, ()) if history is not None else ()
        failures = history.failed.get(step.id, ()) if history is not None else ()
        route = self.router.route(entry.customer, step, bounced, entry.reach)
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
            at[0],
            route.channel,
            amount,
            due,
            len(bounced) + len(failures),
            notes,
            route.fallbacks,
            inv.id,
            inv.currency,
            charged(step, inv.currency, amount, history),
            at[1],
            history,
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
        drafts = group(candidates, self.policy.grouping, waiting)
        moved: set[str] = set()
        for draft in sendable(drafts, entry, self.today, self.policy, scenario, skipped):
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
        note_language(self.limitations.alerts, entry.customer, action, self.policy)
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

    def drain(self) -> Drained:
        """Hand over what the customers fed since the last drain produced, and forget it.

        For the streamed and partitioned runs (:mod:`dunningkit.scale`): they feed one
        customer, drain, and apply the day's capacity themselves over the calls they
        keep, so that memory is bounded by one customer.
        """
        drained = Drained(
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
        actions, skipped = settle_calls(
            self.actions,
            self.calls,
            SkipRows(self.skip_invoice, self.skip_customer, self.skip_reason, self.skip_detail),
            self.policy,
        )
        return Plan(
            today=self.today,
            actions=tuple(actions),
            skipped=skipped,
            segments={cid: c.segment for cid, c in self.classifications.items()},
            alerts=tuple(self.limitations.alerts),
            _classifications=self.classifications,
        )
