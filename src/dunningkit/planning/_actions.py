"""Building an action from a message the customer gets today: its idempotency key, its
priority (open amount x segment risk, in a common unit), the payment deadline it
states, whom it addresses, and its reasons."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from dunningkit.book._ledger import CustomerLedger
from dunningkit.model._types import currency_unit
from dunningkit.planning._grouping import Draft, charged
from dunningkit.planning._reasons import action_reasons
from dunningkit.planning._results import Action, action_key
from dunningkit.planning._timing import Timings
from dunningkit.policy._policy import Policy
from dunningkit.policy._scenario import Scenario
from dunningkit.segmentation._rules import Classification

__all__ = ["ActionMaker"]

_CENT = Decimal("0.01")


class ActionMaker:
    """Actions for one planning day; deadlines and segment risks worked out once."""

    __slots__ = ("_pay_by", "_risk", "act_on", "policy", "timings", "today")

    def __init__(self, today: date, act_on: date, policy: Policy, timings: Timings) -> None:
        self.today = today
        self.act_on = act_on
        self.policy = policy
        self.timings = timings
        self._pay_by: dict[int, date] = {}
        self._risk: dict[str, Decimal] = {}

    def make(
        self,
        entry: CustomerLedger,
        classification: Classification,
        scenario: Scenario,
        draft: Draft,
        credit: Decimal | None,
    ) -> Action:
        """The action of one message; ``credit`` is the open credit in its currency."""
        lead, step = draft.lead, draft.lead.step
        # Candidates and waiting invoices come in invoice-id order (the ledger's).
        invoice_ids = [m.invoice_id for m in draft.members]
        if draft.extra:
            invoice_ids = sorted(invoice_ids + [f.invoice.id for f in draft.extra])
        attempt = max(m.attempt for m in draft.members)
        for m in draft.members:  # each invoice due today is charged the message's step
            if m.step.id != step.id:
                m.fee = charged(step, m.currency, m.amount, m.history)
        again = [f"{m.invoice_id}: {m.occurrence}" for m in draft.members if m.occurrence]
        why = action_reasons(
            self.today,
            classification,
            draft.members,
            draft.extra,
            step,
            self.timings.ladder(scenario).chosen[step.id],
            credit,
        )
        segment = classification.segment
        priority = draft.total * self._rate(lead.currency) * self._segment_risk(segment)
        return Action(
            key=action_key(entry.id, step.id, lead.channel, attempt, invoice_ids, again),
            customer_id=entry.id,
            segment=segment,
            scenario_id=scenario.id,
            step_id=step.id,
            channel=lead.channel,
            tone=step.tone,
            template=step.template,
            invoice_ids=tuple(invoice_ids),
            amount_due=draft.total,
            currency=lead.currency,
            scheduled_for=self.act_on,
            priority=priority.quantize(_CENT),
            requires_approval=step.requires_approval,
            contact=entry.customer.contact_for(lead.channel),
            pay_by=self._deadline(step.deadline_days),
            terminal=step.terminal,
            fallback_channels=lead.fallbacks,
            reasons=tuple(r.text for r in why),
            why=why,
            fees=sum((m.fee.amount for m in draft.members), currency_unit(lead.currency) * 0),
        )

    def _rate(self, currency: str) -> Decimal:
        return self.policy.exchange_rates.get(currency, Decimal(1))

    def _segment_risk(self, segment: str) -> Decimal:
        risk = self._risk.get(segment)
        if risk is None:
            risk = self._risk[segment] = Decimal(str(self.policy.segment_risk.get(segment, 1.0)))
        return risk

    def _deadline(self, days: int) -> date:
        found = self._pay_by.get(days)
        if found is None:
            found = self._pay_by[days] = self.policy.calendar.next_business_day(
                self.act_on + timedelta(days=days)
            )
        return found
