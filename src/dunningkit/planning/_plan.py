"""What the planner returns: the day's :class:`Plan`, actions to take and invoices
skipped, each with reasons.

The records it holds live in :mod:`dunningkit.planning._results`
and its skips in :mod:`dunningkit.planning._skip_rows`: ``Plan.skipped`` keeps compact
rows and builds a :class:`Skip` only when one is read.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Self

from pydantic import BaseModel, ConfigDict

from dunningkit.planning._results import (
    Action,
    Alert,
    Skip,
    SkipReason,
    result_adapter,
)
from dunningkit.planning._skip_rows import SkipRows

if TYPE_CHECKING:
    from dunningkit.segmentation._rules import Classification

__all__ = ["Plan", "check_results"]


@dataclass(frozen=True, eq=False)
class Plan:
    """The day's plan: every open invoice is in exactly one action or one skip.

    Actions come sorted by ``scheduled_for``, then ``priority`` (highest first),
    then customer id, step id and key; skips by customer id then invoice id.

    Attributes:
        today: the planning day.
        actions: the reminders to send (or calls to make).
        skipped: every other open invoice, with why (a read-only sequence of
            :class:`Skip`, built on access; see :meth:`skip_counts`).
        segments: customer id -> segment, for every customer.
        alerts: things a person should look at (claims about to expire...).
    """

    today: date
    actions: tuple[Action, ...] = ()
    skipped: Sequence[Skip] = ()
    segments: Mapping[str, str] = field(default_factory=dict)
    alerts: tuple[Alert, ...] = ()
    # The classifications the planner decided on, so that explain does not classify again.
    _classifications: Mapping[str, Classification] | None = field(
        default=None, repr=False, compare=False
    )
    # What replan reuses of this plan (a dunningkit.planning._replan.Memo); never output.
    _memo: object | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.skipped, SkipRows):
            object.__setattr__(self, "skipped", SkipRows.of(self.skipped))
        if not isinstance(self.actions, tuple):
            object.__setattr__(self, "actions", tuple(self.actions))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Plan):
            return NotImplemented
        return (
            self.today == other.today
            and self.actions == other.actions
            and self.skipped == other.skipped
            and dict(self.segments) == dict(other.segments)
            and self.alerts == other.alerts
        )

    __hash__ = None  # type: ignore[assignment]

    def action(self, key: str) -> Action:
        """The action with that key; ``KeyError`` if none."""
        for action in self.actions:
            if action.key == key:
                return action
        raise KeyError(key)

    def skip_counts(self) -> Mapping[SkipReason, int]:
        """How many open invoices each reason holds back, without building the skips."""
        if isinstance(self.skipped, SkipRows):
            return self.skipped.counts()
        return dict(Counter(SkipReason(s.reason) for s in self.skipped))  # pragma: no cover

    def accounted_invoice_ids(self) -> Iterator[str]:
        """Every invoice id in the plan, once per appearance (conservation checks)."""
        for action in self.actions:
            yield from action.invoice_ids
        if isinstance(self.skipped, SkipRows):
            yield from self.skipped.invoice_ids()
        else:  # pragma: no cover - __post_init__ makes rows
            yield from (s.invoice_id for s in self.skipped)

    def for_customer(self, customer_id: str) -> tuple[list[Action], list[Skip]]:
        """The actions and skips of one customer."""
        skips = (
            self.skipped.of_customer(customer_id)
            if isinstance(self.skipped, SkipRows)
            else [s for s in self.skipped if s.customer_id == customer_id]
        )
        return [a for a in self.actions if a.customer_id == customer_id], skips

    # -- serialisation -------------------------------------------------------------

    def _document(self) -> _PlanDocument:
        return _PlanDocument.model_construct(
            today=self.today,
            actions=self.actions,
            skipped=tuple(self.skipped),
            segments=dict(self.segments),
            alerts=self.alerts,
        )

    def to_dict(self) -> dict[str, Any]:
        """The plan as JSON-ready data."""
        return self._document().model_dump(mode="json")

    def to_json(self, *, indent: int | None = None) -> str:
        """The plan as JSON text (the shape :meth:`json_schema` describes)."""
        return self._document().model_dump_json(indent=indent)

    @classmethod
    def json_schema(cls) -> dict[str, Any]:
        """The JSON Schema of :meth:`to_json`'s output."""
        return _PlanDocument.model_json_schema(mode="serialization")

    @classmethod
    def model_json_schema(cls) -> dict[str, Any]:
        """Same as :meth:`json_schema` (kept from when plans were pydantic models)."""
        return cls.json_schema()

    def model_dump_json(self, *, indent: int | None = None) -> str:
        """Same as :meth:`to_json` (kept from when plans were pydantic models)."""
        return self.to_json(indent=indent)

    def model_dump(self, *, mode: str = "python") -> dict[str, Any]:
        """The plan as data; ``mode="json"`` gives :meth:`to_dict`."""
        if mode == "json":
            return self.to_dict()
        return {
            "today": self.today,
            "actions": list(self.actions),
            "skipped": list(self.skipped),
            "segments": dict(self.segments),
            "alerts": list(self.alerts),
        }

    def model_copy(self, *, update: Mapping[str, Any] | None = None) -> Self:
        """A copy with some fields changed (``skipped`` may be any sequence of skips)."""
        return dataclasses.replace(self, **dict(update or {}))


class _PlanDocument(BaseModel):
    """The serialised shape of a plan (serialisation and schema only)."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=False)

    today: date
    actions: tuple[Action, ...] = ()
    skipped: tuple[Skip, ...] = ()
    segments: dict[str, str] = {}
    alerts: tuple[Alert, ...] = ()


def check_results(plan: Plan) -> None:
    """Check that every result of ``plan`` carries every field with a value of its type.

    The planner builds results without validation; the test suite runs this after
    every plan (a fixture wraps the engine's finishing step). Raises ``ValueError``
    naming the result and field.
    """
    for kind, items in (("action", plan.actions), ("skip", plan.skipped), ("alert", plan.alerts)):
        for item in items:
            data = {f.name: getattr(item, f.name) for f in dataclasses.fields(item)}
            try:
                checked = result_adapter(kind).validate_python(data)
            except ValueError as error:
                raise ValueError(f"{kind} {data.get('key') or data}: {error}") from None
            if checked != item:
                raise ValueError(f"{kind} {data.get('key') or data}: a field has the wrong type")
