"""What a back-test found, as JSON-ready data and as a pandas frame."""

from __future__ import annotations

import json

import pytest

from dunningkit import (
    Backtest,
)


def test_to_dict_is_json(result: Backtest) -> None:
    data = result.to_dict()
    again = json.loads(json.dumps(data))
    assert again["totals"]["total_contacts"] == result.total_contacts
    assert len(again["days"]) == len(result.days)
    assert again["is_projection"] is False


def test_to_frame_needs_pandas(result: Backtest) -> None:
    pytest.importorskip("pandas")
    frame = result.to_frame()
    assert len(frame) == len(result.days)
    assert int(frame["total_contacts"].sum()) == result.total_contacts
