"""Response models: how likely a customer pays within a few days of a reminder.

A back-test takes the book's payments as they happened; it measures what a policy
would have sent on that history, not how customers would have answered. A response
model adds a *projection* of the cash effect: for each reminder, the share of
invoices paid within ``days`` days after it, by segment and step. The default,
:class:`BookResponse`, estimates those shares from the book's own history;
:func:`project` draws the projection of a back-test from a model.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Protocol, runtime_checkable

from dunningkit.backtest._figures import Projection
from dunningkit.book._ledger import Ledger
from dunningkit.book._portfolio import Portfolio, ledger_of
from dunningkit.errors import BacktestError
from dunningkit.model._history import EventOutcome
from dunningkit.planning._results import Action
from dunningkit.policy._policy import Policy, default_policy
from dunningkit.segmentation._classifier import classify_portfolio

__all__ = ["BookResponse", "ResponseModel", "project"]

_ZERO = Decimal(0)
_DONE = frozenset({EventOutcome.SENT, EventOutcome.ANSWERED})


@runtime_checkable
class ResponseModel(Protocol):
    """How a reminder changes when a customer pays, for projections.

    Attributes:
        days: the horizon of :meth:`paid_share`, in days after the reminder.
    """

    @property
    def days(self) -> int:
        """Days after a reminder within which a payment counts as its effect."""
        ...

    def paid_share(self, segment: str, step_id: str) -> float:
        """The share (0 to 1) of invoices paid within :attr:`days` after this step."""
        ...


@dataclass(frozen=True, slots=True)
class BookResponse:
    """The default response model: shares measured on the book's own history.

    For every reminder the book recorded (sent or answered) before ``before``, each
    of its invoices counts as answered when it was settled within ``days`` days after
    the reminder. Shares are kept per segment (the customer's segment on ``before``)
    and step; a pair seen fewer than ``min_reminders`` times falls back to the step's
    share across segments, then to the share across every step, then to 0.

    Attributes:
        days: the horizon, in days after the reminder.
        shares: (segment, step id) -> share paid within ``days``.
        by_step: step id -> share, across segments.
        overall: the share across every reminder.
        reminders: how many (reminder, invoice) pairs the estimate read.
    """

    days: int = 14
    shares: Mapping[tuple[str, str], float] = field(default_factory=dict)
    by_step: Mapping[str, float] = field(default_factory=dict)
    overall: float = 0.0
    reminders: int = 0

    def paid_share(self, segment: str, step_id: str) -> float:
        """The share for ``segment`` and ``step_id``, with the documented fallbacks."""
        found = self.shares.get((segment, step_id))
        if found is None:
            found = self.by_step.get(step_id, self.overall)
        return found

    @classmethod
    def from_history(
        cls,
        portfolio: Portfolio,
        policy: Policy | None = None,
        *,
        before: date,
        days: int = 14,
        min_reminders: int = 5,
    ) -> BookResponse:
        """Estimate the shares from the reminders recorded before ``before``."""
        if days < 1:
            raise BacktestError(f"days={days}: the horizon must be at least one day")
        policy = policy or default_policy()
        segments = {
            cid: c.segment for cid, c in classify_portfolio(portfolio, before, policy).items()
        }
        ledger = ledger_of(portfolio)
        horizon = timedelta(days=days)
        pairs: dict[tuple[str, str], list[int]] = {}
        steps: dict[str, list[int]] = {}
        total = [0, 0]
        for entry in ledger.customers:
            segment = segments.get(entry.id, "")
            for event in entry.events:
                if event.date >= before or event.outcome not in _DONE:
                    continue
                for invoice_id in event.invoice_ids:
                    try:
                        row = entry.row(invoice_id)
                    except KeyError:
                        continue
                    settled = row.facts_on(event.date + horizon).settled_on
                    paid = int(settled is not None and event.date <= settled)
                    for counts in (
                        pairs.setdefault((segment, event.step_id), [0, 0]),
                        steps.setdefault(event.step_id, [0, 0]),
                        total,
                    ):
                        counts[0] += paid
                        counts[1] += 1
        return cls(
            days=days,
            shares={k: v[0] / v[1] for k, v in sorted(pairs.items()) if v[1] >= min_reminders},
            by_step={k: v[0] / v[1] for k, v in sorted(steps.items()) if v[1] >= min_reminders},
            overall=total[0] / total[1] if total[1] else 0.0,
            reminders=total[1],
        )


def project(
    sent: Sequence[Action], ledger: Ledger, model: ResponseModel, seed: int, end: date
) -> Projection:  # pragma: no cover - exercised through backtest(response=...)
    """The cash effect ``model`` projects for the actions ``sent``, drawn with ``seed``.

    Each reminder about an invoice not yet projected paid pays it with the model's
    share, ``model.days`` after (at the latest on ``end``); a reminder after an
    invoice's projected payment is a contact avoided.
    """
    draws = random.Random(seed)  # noqa: S311 - a reproducible projection, not security
    horizon = timedelta(days=model.days)
    collected: dict[str, Decimal] = {}
    paid_on: dict[str, date] = {}
    avoided = 0
    for action in sent:
        entry = ledger.by_id[action.customer_id]
        share = model.paid_share(action.segment, action.step_id)
        for invoice_id in action.invoice_ids:
            if invoice_id in paid_on:
                if action.scheduled_for > paid_on[invoice_id]:
                    avoided += 1
                continue
            if draws.random() < share:
                paid_on[invoice_id] = min(action.scheduled_for + horizon, end)
                amount = entry.row(invoice_id).facts_on(action.scheduled_for).open
                currency = entry.row(invoice_id).currency
                collected[currency] = collected.get(currency, _ZERO) + amount
    return Projection(
        days=model.days,
        seed=seed,
        collected=dict(sorted(collected.items())),
        invoices_paid=len(paid_on),
        contacts_avoided=avoided,
    )
