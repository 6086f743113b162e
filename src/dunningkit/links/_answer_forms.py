"""Reading an answer as a host receives it: a model, form data, or a shorthand.

Form data may name its kind (``kind``, ``answer`` or ``type``, in a few words), nest
the answer under it, or leave it to the link's purpose; a date is a promise's pay-by
date, and text a kind or, through a dispute link, the reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError

from dunningkit.book._validation import problems_from_validation_error
from dunningkit.links._answer_checks import ANSWERABLE, AnswerCheck
from dunningkit.links._answer_models import (
    ANSWERS,
    AnyAnswer,
    DisputeAnswer,
    PaymentSentAnswer,
    PromiseAnswer,
)

__all__ = ["parse_answer"]


def parse_answer(answer: object, expected: str | None, check: AnswerCheck) -> AnyAnswer:
    if isinstance(answer, (PromiseAnswer, DisputeAnswer, PaymentSentAnswer)):
        return answer
    answer = _shorthand(answer, expected)
    if not isinstance(answer, Mapping):
        check.problem(
            "",
            f"{repr(answer)[:60]} is not an answer: give an answer model, form data, a date "
            "(a promise) or text (a dispute's reason)",
        )
        check.raise_if_any()
    data = _form(dict(answer), expected)  # type: ignore[call-overload]
    if data["kind"] not in ANSWERABLE:
        check.problem(
            "kind", f"{data['kind']!r} is not an answer (promise, dispute or payment_sent)"
        )
        check.raise_if_any()
    try:
        return ANSWERS.validate_python(data)
    except ValidationError as error:
        problems = problems_from_validation_error(error, "answer", check.record_id)
        # The union's tag is noise in a field name: "promise.pay_by" -> "pay_by".
        for problem in problems:
            field = problem.field.split(".", 1)[1] if "." in problem.field else problem.field
            check.problem(field, problem.message)
        check.raise_if_any()
        raise  # unreachable: there was at least one problem


# What a form's answer may be called; the models' own names always work.
_KIND_WORDS = {
    "promise": "promise",
    "dispute": "dispute",
    "payment_sent": "payment_sent",
    "payment sent": "payment_sent",
    "payment-sent": "payment_sent",
    "sent": "payment_sent",
    "paid": "payment_sent",
    "pay": "payment_sent",
}


def _shorthand(answer: object, expected: str | None) -> object:
    """A bare answer as a mapping: a date promised, a kind named, or a dispute's words."""
    if isinstance(answer, date) and not isinstance(answer, datetime):
        return {"pay_by": answer}
    if isinstance(answer, str):
        if answer.strip().lower() in _KIND_WORDS:
            return {"kind": answer}
        if expected == "dispute":
            return {"reason": answer}
        if expected == "payment_sent":
            return {"note": answer}
    return answer


def _form(data: dict[str, Any], expected: str | None) -> dict[str, Any]:
    """Form fields in the models' shape: ``kind`` named or implied, nesting undone.

    ``{"answer": "paid"}`` and ``{"kind": "payment sent"}`` name the kind;
    ``{"promise": {"date": ...}}`` and ``{"dispute": "the reason"}`` nest the answer
    under it; without any, the link's purpose says which answer it is.
    """
    for name in ("answer", "type"):
        if "kind" not in data and isinstance(data.get(name), str):
            data["kind"] = data.pop(name)
    if "kind" not in data:
        nested = [key for key in ("promise", "dispute", "payment_sent") if key in data]
        if len(nested) == 1:
            wrapper = nested[0]
            inner = data.pop(wrapper)
            if isinstance(inner, Mapping):
                data.update(inner)
            elif wrapper == "dispute" and isinstance(inner, str):
                data["reason"] = inner
            elif wrapper == "payment_sent" and isinstance(inner, str):
                data["note"] = inner
            data["kind"] = wrapper
    kind: object = data.get("kind", expected)
    if isinstance(kind, str):
        kind = _KIND_WORDS.get(kind.strip().lower(), kind)
    data["kind"] = kind
    return data
