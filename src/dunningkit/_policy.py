"""The policy: a company's dunning rules as data, loadable from TOML or JSON."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from dunningkit._segmentation import SegmentationSettings
from dunningkit.errors import PolicyError

__all__ = ["Policy", "default_policy", "load_policy"]


class Policy(BaseModel):
    """Everything the planner is told by the company: segmentation, scenarios, guardrails.

    Guardrails are top-level fields, so one can be changed in one call:
    ``policy.model_copy(update={"min_days_between_contacts": 7})``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    segmentation: SegmentationSettings = Field(default_factory=SegmentationSettings)
    promise_grace_days: int = Field(
        default=2, ge=0, description="days after a promise's pay-by date before reminders resume"
    )


def default_policy() -> Policy:
    """The defaults, as documented in the policy reference."""
    return Policy()


def _describe(error: ValidationError) -> str:
    parts = []
    for item in error.errors(include_url=False):
        key = ".".join(str(p) for p in item["loc"]) or "(top level)"
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            message = "is not a known setting (check its spelling)"
        parts.append(f"{key}: {message}")
    return "; ".join(parts)


def policy_from_mapping(data: Any) -> Policy:
    """Build a policy from plain data, naming every bad key in one :class:`PolicyError`."""
    try:
        return Policy.model_validate(data)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        key = ".".join(str(p) for p in first["loc"]) or None
        raise PolicyError(_describe(error), key=key) from None


def load_policy(path: str | Path) -> Policy:
    """Load a policy from a ``.toml`` or ``.json`` file; errors name the bad key."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise PolicyError(f"{path}: {error.strerror or error}") from None
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(raw)
        else:
            data = tomllib.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise PolicyError(f"{path}: cannot be read: {error}") from None
    try:
        return policy_from_mapping(data)
    except PolicyError as error:
        raise PolicyError(f"{path}: {error}", key=error.key) from None
