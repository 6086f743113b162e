"""The history the back-test tests replay: the sample book, 90 days up to TODAY."""

from __future__ import annotations

from datetime import date, timedelta

TODAY = date(2026, 3, 2)
START = TODAY - timedelta(days=90)
