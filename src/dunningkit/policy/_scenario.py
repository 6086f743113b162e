"""Scenarios: the graduated steps of reminders for one segment of customers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import (
    BaseModel,
    Field,
    ModelWrapValidatorHandler,
    ValidationError,
    model_validator,
)
from pydantic_core import ErrorDetails, InitErrorDetails, PydanticCustomError

from dunningkit.model._channel import Channel, Tone
from dunningkit.model._types import MODEL_CONFIG, CurrencyCode, NonNegativeMoney, RecordId
from dunningkit.policy._fees import Fee
from dunningkit.policy._scenario_checks import (
    CatchUp,
    CountsFrom,
    option_problems,
    raw_problems,
    scenario_error,
)

__all__ = ["CatchUp", "CountsFrom", "Scenario", "Step", "default_scenarios"]


class Step(BaseModel):
    """One reminder of a scenario, placed relative to the due date.

    Attributes:
        offset_days: days after the due date (negative: before it).
        template: id of the message template (see the messages docs).
        min_open_amount: the step is not taken for less than this open amount.
        requires_approval: a person must approve the action before it goes out.
        fallback_channels: used in order when the customer has no contact data for
            ``channel``, or when a message on it bounced.
        terminal: hand-over (collection agency, legal): nothing follows it.
        deadline_days: the message asks for payment within these days.
        label: a few words for people ("second reminder", "formal notice").
        fee: what the step charges on each invoice it reaches (once per invoice).
        counts_from: the day ``offset_days`` counts from: the due date (default), the
            end of the due date's month, or the day the previous step was done.
    """

    model_config = MODEL_CONFIG

    id: RecordId
    offset_days: int = Field(ge=-90, le=3650)
    channel: Channel
    tone: Tone
    template: str = Field(min_length=1)
    min_open_amount: Decimal = Field(default=Decimal(0), ge=0)
    requires_approval: bool = False
    fallback_channels: tuple[Channel, ...] = ()
    terminal: bool = False
    deadline_days: int = Field(default=8, ge=0, le=365)
    label: str | None = None
    fee: Fee | None = None
    counts_from: CountsFrom = CountsFrom.DUE_DATE

    @model_validator(mode="after")
    def _fallbacks_differ(self) -> Step:
        if self.channel in self.fallback_channels:
            raise ValueError(f"step {self.id}: the channel {self.channel} is also a fallback")
        if len(set(self.fallback_channels)) != len(self.fallback_channels):
            raise ValueError(f"step {self.id}: a fallback channel is listed twice")
        return self

    @property
    def is_pre_due(self) -> bool:
        """A reminder before the due date (never sent once the date has passed)."""
        return self.offset_days < 0

    @property
    def title(self) -> str:
        """The label, or the id when no label was given."""
        return self.label or self.id


class Scenario(BaseModel):
    """Ordered steps for a segment: unique step ids, non-decreasing offsets and tones.

    Tones may only rise (courteous, neutral, firm, formal notice, final): that is
    what makes escalation gradual. Only the last step may be terminal.

    Attributes:
        repeat_last_every_days: once the last step is done, send it again every so many
            days while the invoice stays open (Invoice Ninja's endless reminder, SAP's
            "always dun"); never after a terminal step. ``None``: no repeat.
        max_repeats: how many repeats at most (needs ``repeat_last_every_days``);
            ``None``: no limit.
        min_balance: per currency, the customer's overdue balance below which no
            reminder in that currency starts (Lago, Kill Bill).
        catch_up: where an invoice already past some steps' dates starts: the first
            post-due step (default) or the step its age has reached.
    """

    model_config = MODEL_CONFIG

    id: RecordId
    description: str = ""
    steps: tuple[Step, ...] = Field(min_length=1)
    repeat_last_every_days: int | None = Field(default=None, ge=1, le=3650)
    max_repeats: int | None = Field(default=None, ge=1, le=1000)
    min_balance: dict[CurrencyCode, NonNegativeMoney] = Field(default_factory=dict)
    catch_up: CatchUp = CatchUp.FIRST_STEP

    @model_validator(mode="wrap")
    @classmethod
    def _every_problem(cls, data: Any, handler: ModelWrapValidatorHandler[Scenario]) -> Scenario:
        """Every problem at once, each its own error: the fields' own, and the
        scenario's (:meth:`_problems`), even when a field is wrong too."""
        try:
            scenario = handler(data)
        except ValidationError as error:
            found = [_again(item) for item in error.errors(include_url=False)]
            found.extend(scenario_error(loc, text, data) for loc, text in raw_problems(data))
            raise ValidationError.from_exception_data(cls.__name__, found) from None
        problems = scenario._problems()  # noqa: SLF001 - the class's own check
        if problems:
            raise ValidationError.from_exception_data(
                cls.__name__,
                [scenario_error((), f"scenario {scenario.id}: {p}", data) for p in problems],
            )
        return scenario

    def _problems(self) -> list[str]:
        """Every problem of the scenario, all at once."""
        problems: list[str] = []
        ids = [s.id for s in self.steps]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            problems.append(f"step ids used twice: {', '.join(twice)}")
        for before, after in zip(self.steps, self.steps[1:], strict=False):
            same_base = (
                after.counts_from is before.counts_from
                and after.counts_from is not CountsFrom.PREVIOUS_STEP
            )
            if same_base and after.offset_days < before.offset_days:
                problems.append(
                    f"step {after.id} (D{after.offset_days:+d}) comes after "
                    f"{before.id} (D{before.offset_days:+d}); offsets must not decrease"
                )
            if after.tone.rank < before.tone.rank:
                problems.append(
                    f"step {after.id} is {after.tone} after {before.id} "
                    f"was {before.tone}; tones only escalate"
                )
        if any(s.terminal for s in self.steps[:-1]):
            problems.append("only the last step may be terminal")
        problems.extend(
            f"step {s.id} counts from {s.counts_from} with offset_days {s.offset_days}: a "
            "step not counted from the due date needs an offset of 0 or more"
            for s in self.steps
            if s.counts_from is not CountsFrom.DUE_DATE and s.offset_days < 0
        )
        first = self.steps[0]
        options = option_problems(
            first.id, first.counts_from, self.max_repeats, self.repeat_last_every_days
        )
        problems.extend(text for _, text in options)
        if self.repeat_last_every_days is not None and self.steps[-1].terminal:
            problems.append(
                f"the last step {self.steps[-1].id} is terminal (a hand-over): it is never "
                "repeated; remove repeat_last_every_days or the terminal flag"
            )
        return problems

    def step(self, step_id: str) -> Step | None:
        """The step with that id, if the scenario has one."""
        return next((s for s in self.steps if s.id == step_id), None)


def _again(item: ErrorDetails) -> InitErrorDetails:
    """A field's error raised again as it was (its type and context: a policy's
    "did you mean" reads them), or as its message when pydantic cannot rebuild it."""
    again = InitErrorDetails(type=item["type"], loc=item["loc"], input=item["input"])
    if "ctx" in item:
        again["ctx"] = item["ctx"]
    try:
        ValidationError.from_exception_data("check", [again])
    except (TypeError, KeyError, ValueError):
        return InitErrorDetails(
            type=PydanticCustomError(item["type"], item["msg"]),
            loc=item["loc"],
            input=item["input"],
        )
    return again


def _s(
    step_id: str,
    offset: int,
    channel: Channel,
    tone: Tone,
    template: str,
    label: str,
    *fallbacks: Channel,
    **extra: object,
) -> Step:
    return Step.model_validate(
        {
            "id": step_id,
            "offset_days": offset,
            "channel": channel,
            "tone": tone,
            "template": template,
            "label": label,
            "fallback_channels": fallbacks,
            **extra,
        }
    )


def _notice(offset: int, *, label: str = "formal notice", approval: bool = False) -> Step:
    """The formal notice by registered letter (mise en demeure), shared by every scenario."""
    return _s(
        "formal_notice",
        offset,
        Channel.REGISTERED_LETTER,
        Tone.FORMAL_NOTICE,
        "formal_notice",
        label,
        requires_approval=approval,
    )


def _handover(offset: int, channel: Channel) -> Step:
    """The last step: a hand-over a person approves, to an agency or to a lawyer."""
    step_id, label = (
        ("handover_agency", "hand-over to a collection agency")
        if channel is Channel.COLLECTION_AGENCY
        else ("handover_legal", "legal action")
    )
    return _s(
        step_id,
        offset,
        channel,
        Tone.FINAL,
        "handover",
        label,
        terminal=True,
        requires_approval=True,
    )


E, S, P, L = Channel.EMAIL, Channel.SMS, Channel.PHONE, Channel.LETTER
COURTEOUS, NEUTRAL, FIRM = Tone.COURTEOUS, Tone.NEUTRAL, Tone.FIRM


def default_scenarios() -> dict[str, Scenario]:
    """One scenario per default segment, following the practice of the seeds.

    Step ids are shared where steps mean the same thing ("formal_notice"), so a
    customer who changes segment does not receive the same reminder twice.
    """
    return {
        "good_payer": Scenario(
            id="good_payer",
            description="Pays on time: one courteous email should do; slow escalation.",
            steps=(
                _s("reminder_1", 3, E, COURTEOUS, "reminder_courteous", "courteous reminder", L),
                _s("reminder_2", 15, E, NEUTRAL, "reminder_neutral", "second reminder", L),
                _s("call", 30, P, NEUTRAL, "call_script", "phone call", E),
                _notice(45, approval=True),
                _handover(75, Channel.COLLECTION_AGENCY),
            ),
        ),
        "occasional_late": Scenario(
            id="occasional_late",
            description="Sometimes late: graduated written reminders, then the phone.",
            steps=(
                _s("reminder_1", 1, E, COURTEOUS, "reminder_courteous", "courteous reminder", L),
                _s("reminder_2", 8, E, NEUTRAL, "reminder_neutral", "second reminder", S, L),
                _s("call", 15, P, NEUTRAL, "call_script", "phone call", E),
                _s("firm_letter", 30, L, FIRM, "reminder_firm", "firm letter", E),
                _notice(45),
                _handover(60, Channel.COLLECTION_AGENCY),
            ),
        ),
        "bad_payer": Scenario(
            id="bad_payer",
            description="Late as a rule: reminders before the due date, more steps, the "
            "phone, a firm tone, a formal notice by registered letter.",
            steps=(
                _s("pre_due", -5, E, NEUTRAL, "pre_due_reminder", "reminder before due date", S),
                _s("reminder_1", 1, E, FIRM, "reminder_overdue", "firm reminder", S, L),
                _s("sms_1", 4, S, FIRM, "sms_reminder", "SMS with payment link", E),
                _s("call", 8, P, FIRM, "call_script", "phone call", E),
                _s("firm_letter", 15, L, FIRM, "reminder_firm", "firm letter", E),
                _notice(25, label="formal notice (LRAR)"),
                _handover(45, Channel.COLLECTION_AGENCY),
            ),
        ),
        "key_account": Scenario(
            id="key_account",
            description="Few customers, much revenue: nothing before their grace, a call "
            "from a person, approval before any formal notice. Never an SMS.",
            steps=(
                _s("reminder_1", 5, E, COURTEOUS, "reminder_courteous", "courteous reminder", L),
                _s("call", 15, P, COURTEOUS, "call_script", "call from the account manager", E),
                _s("reminder_2", 30, L, NEUTRAL, "reminder_neutral", "reminder letter", E),
                _notice(45, approval=True),
                _handover(75, Channel.LEGAL),
            ),
        ),
        "public_body": Scenario(
            id="public_body",
            description="Long, formal circuit: an early call to find the right person and "
            "the circuit, then written traces.",
            steps=(
                _s(
                    "circuit_call",
                    -10,
                    P,
                    NEUTRAL,
                    "circuit_call_script",
                    "call to find the right person and circuit",
                    E,
                ),
                _s("reminder_1", 1, E, NEUTRAL, "reminder_overdue", "reminder", L),
                _s("reminder_letter", 15, L, NEUTRAL, "reminder_neutral", "reminder letter", E),
                _s("call", 30, P, NEUTRAL, "call_script", "phone call", E),
                _notice(45, approval=True),
                _handover(90, Channel.LEGAL),
            ),
        ),
        "at_risk": Scenario(
            id="at_risk",
            description="In financial difficulty: keep contact by phone, offer a payment plan.",
            steps=(
                _s(
                    "plan_call",
                    1,
                    P,
                    COURTEOUS,
                    "payment_plan_call_script",
                    "call offering a payment plan",
                    E,
                ),
                _s(
                    "plan_offer",
                    7,
                    E,
                    NEUTRAL,
                    "payment_plan_offer",
                    "written payment-plan offer",
                    L,
                ),
                _s("call", 15, P, NEUTRAL, "call_script", "follow-up call", E),
                _notice(30, approval=True),
                _handover(45, Channel.COLLECTION_AGENCY),
            ),
        ),
        "new": Scenario(
            id="new",
            description="Little history: an informative reminder before the due date to "
            "set good habits.",
            steps=(
                _s(
                    "pre_due",
                    -5,
                    E,
                    COURTEOUS,
                    "pre_due_informative",
                    "informative reminder before due date",
                    L,
                ),
                _s("reminder_1", 2, E, COURTEOUS, "reminder_courteous", "courteous reminder", L),
                _s("reminder_2", 10, E, NEUTRAL, "reminder_neutral", "second reminder", L),
                _s("call", 20, P, NEUTRAL, "call_script", "phone call", E),
                _notice(35),
                _handover(60, Channel.COLLECTION_AGENCY),
            ),
        ),
    }
