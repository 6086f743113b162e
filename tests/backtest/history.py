"""The history the back-test tests replay: the sample book, 90 days up to TODAY."""

from __future__ import annotations

from datetime import timedelta

from tests.builders import SAMPLE_DAY as TODAY

__all__ = ["START", "TODAY"]

START = TODAY - timedelta(days=90)
