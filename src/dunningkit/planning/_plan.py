"""What the planner returns: actions to take and invoices skipped, each with reasons.

Results are plain frozen, slotted classes, not pydantic models: the planner builds
one per action and accounts for every open invoice, so validating values it just
computed would cost more than planning (input is validated at the boundary, once).
They serialise through pydantic ``TypeAdapter`` objects, so JSON output and the JSON
Schema are what they were. ``Plan.skipped`` keeps compact rows and builds a
:class:`Skip` only when one is read.
"""

from __future__ import annotations

import dataclasses
import hashlib
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING, Any, Literal, Self, overload

from pydantic import BaseModel, ConfigDict, TypeAdapter

from dunningkit.model._channel import Channel, Tone
from dunningkit.model._customer import Contact

if TYPE_CHECKING:
    from dunningkit.segmentation._classifier import Classification

__all__ = [
    "Action",
    "Alert",
    "Plan",
    "Reason",
    "Skip",
    "SkipReason",
    "SkipRows",
    "action_key",
    "check_results",
]


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


class SkipReason(StrEnum):
    """Why an open invoice gets no action today. ``Skip.detail`` says more."""

    PAID = "paid"
    CANCELLED = "cancelled"
    CREDIT_NOTE = "credit_note"
    REFUSED = "refused"
    REJECTED = "rejected"
    DISPUTED = "disputed"
    SUSPENDED = "suspended"
    INVOICE_ON_HOLD = "invoice_on_hold"
    CUSTOMER_ON_HOLD = "customer_on_hold"
    PAYMENT_SENT = "payment_sent"
    PROMISE_PENDING = "promise_pending"
    DIRECT_DEBIT_PENDING = "direct_debit_pending"
    CREDIT_COVERS_BALANCE = "credit_covers_balance"
    ACCEPTED_PART_PAID = "accepted_part_paid"
    NOT_DUE = "not_due"
    GRACE_PERIOD = "grace_period"
    WAITING_NEXT_STEP = "waiting_next_step"
    SCENARIO_COMPLETED = "scenario_completed"
    NO_SCENARIO = "no_scenario"
    BELOW_MINIMUM = "below_minimum"
    TOO_SOON = "too_soon"
    CONTACT_CAP = "contact_cap"
    NO_CONTACT_DATA = "no_contact_data"
    TIME_BARRED = "time_barred"
    """The limitation period has run out: proceedings can no longer be started, so no
    reminder is proposed (a person decides whether to write the claim off)."""
    ONE_MESSAGE_A_DAY = "one_message_a_day"
    """Another message goes to the customer on the same channel that day; this
    invoice's (lower) step waits for a later day."""


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason of an action, as a code a program reads and a sentence a person reads.

    Attributes:
        code: what kind of reason (``segment``, ``invoice``, ``step``, ``credit``,
            ``approval``, ``not_sent_late``, ``unreachable``, ``bounced``, ``retry``,
            ``included``, ``capacity``, ``preferred``).
        text: the sentence shown to a credit manager.
        invoice_id: the invoice it is about, when it is about one.
    """

    code: str
    text: str
    invoice_id: str | None = None


@dataclass(frozen=True, slots=True)
class Action:
    """One message (or call) to one customer about one or more invoices.

    Attributes:
        key: idempotency key, stable across runs while nothing changed for these
            invoices: a host that re-runs the planner never sends twice.
        amount_due: open total of ``invoice_ids``, in ``currency`` (never mixed).
        scheduled_for: the business day to act on.
        priority: open amount x segment risk; higher is more urgent.
        contact: whom to address, when the customer has a contact for the channel.
        pay_by: the new payment deadline the message states.
        fallback_channels: the step's channels after this one, for the host's use.
        reasons: why this action, in words a credit manager understands.
        why: the same reasons with their codes (see :class:`Reason`).
    """

    key: str
    customer_id: str
    segment: str
    scenario_id: str
    step_id: str
    channel: Channel
    tone: Tone
    template: str
    invoice_ids: tuple[str, ...]
    amount_due: Decimal
    currency: str
    scheduled_for: date
    priority: Decimal
    requires_approval: bool
    contact: Contact | None
    pay_by: date
    terminal: bool = False
    fallback_channels: tuple[Channel, ...] = ()
    reasons: tuple[str, ...] = ()
    why: tuple[Reason, ...] = field(default=(), compare=False, repr=False)

    def model_copy(self, *, update: Mapping[str, Any] | None = None) -> Action:
        """A copy with some fields changed (kept from when actions were pydantic models)."""
        return dataclasses.replace(self, **dict(update or {}))

    def to_dict(self) -> dict[str, Any]:
        """The action as JSON-ready data (the shape of the published schema)."""
        return _adapter("action").dump_python(self, mode="json")  # type: ignore[no-any-return]

    def model_dump(
        self, *, mode: Literal["json", "python"] = "python", **kwargs: Any
    ) -> dict[str, Any]:
        """Like pydantic's ``model_dump`` (``mode``, ``exclude``, ``include``...)."""
        return _adapter("action").dump_python(self, mode=mode, **kwargs)  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class Skip:
    """An open invoice that gets no action today, and why."""

    invoice_id: str
    customer_id: str
    reason: SkipReason
    detail: str

    def model_copy(self, *, update: Mapping[str, Any] | None = None) -> Skip:
        """A copy with some fields changed."""
        return dataclasses.replace(self, **dict(update or {}))

    def to_dict(self) -> dict[str, Any]:
        """The skip as JSON-ready data."""
        return {
            "invoice_id": self.invoice_id,
            "customer_id": self.customer_id,
            "reason": self.reason.value,
            "detail": self.detail,
        }


@dataclass(frozen=True, slots=True)
class Alert:
    """Something a person should look at today, beside the reminders (e.g. a claim
    about to expire)."""

    code: str
    customer_id: str
    invoice_id: str | None
    on: date
    message: str


class SkipRows(Sequence[Skip]):
    """The skips of a plan, kept as four columns; a :class:`Skip` is built when read.

    Behaves as a read-only sequence: ``len``, iteration, indexing and slicing, and
    ``==`` against any sequence of skips (a tuple or list compares equal when it
    holds equal skips in the same order).
    """

    __slots__ = ("_customer_ids", "_details", "_invoice_ids", "_reasons")

    def __init__(
        self,
        invoice_ids: list[str],
        customer_ids: list[str],
        reasons: list[SkipReason],
        details: list[str],
    ) -> None:
        self._invoice_ids = invoice_ids
        self._customer_ids = customer_ids
        self._reasons = reasons
        self._details = details

    @classmethod
    def of(cls, skips: Iterable[Skip]) -> SkipRows:
        """Rows holding the given skips, in their order."""
        if isinstance(skips, SkipRows):
            return skips
        rows = cls([], [], [], [])
        for skip in skips:
            rows._invoice_ids.append(skip.invoice_id)
            rows._customer_ids.append(skip.customer_id)
            rows._reasons.append(SkipReason(skip.reason))
            rows._details.append(skip.detail)
        return rows

    def __len__(self) -> int:
        return len(self._invoice_ids)

    @overload
    def __getitem__(self, index: int) -> Skip: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Skip, ...]: ...
    def __getitem__(self, index: int | slice) -> Skip | tuple[Skip, ...]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        return Skip(
            self._invoice_ids[index],
            self._customer_ids[index],
            self._reasons[index],
            self._details[index],
        )

    def __iter__(self) -> Iterator[Skip]:
        return map(Skip, self._invoice_ids, self._customer_ids, self._reasons, self._details)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SkipRows):
            return (
                self._invoice_ids == other._invoice_ids
                and self._reasons == other._reasons
                and self._customer_ids == other._customer_ids
                and self._details == other._details
            )
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"SkipRows({len(self)} skips)"

    def invoice_ids(self) -> Sequence[str]:
        """The skipped invoice ids, without building skips."""
        return tuple(self._invoice_ids)

    def counts(self) -> dict[SkipReason, int]:
        """How many invoices each reason holds back, without building skips."""
        return dict(Counter(self._reasons))

    def of_customer(self, customer_id: str) -> list[Skip]:
        """The skips of one customer (rows are sorted by customer: a bisection)."""
        start = bisect_left(self._customer_ids, customer_id)
        end = bisect_right(self._customer_ids, customer_id)
        return [self[i] for i in range(start, end)]


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


@cache
def _adapter(kind: str) -> TypeAdapter[Any]:
    # Built on first use: most runs never serialise a result through them.
    return TypeAdapter(_RESULT_TYPES[kind])


_RESULT_TYPES: dict[str, type[Any]] = {"action": Action, "skip": Skip, "alert": Alert}


def check_results(plan: Plan) -> None:
    """Check that every result of ``plan`` carries every field with a value of its type.

    The planner builds results without validation; the test suite (and a host that
    sets ``DUNNINGKIT_CHECK_RESULTS=1``) runs this after every plan. Raises
    ``ValueError`` naming the result and field.
    """
    for kind, items in (("action", plan.actions), ("skip", plan.skipped), ("alert", plan.alerts)):
        for item in items:
            data = {f.name: getattr(item, f.name) for f in dataclasses.fields(item)}
            try:
                checked = _adapter(kind).validate_python(data)
            except ValueError as error:
                raise ValueError(f"{kind} {data.get('key') or data}: {error}") from None
            if checked != item:
                raise ValueError(f"{kind} {data.get('key') or data}: a field has the wrong type")
