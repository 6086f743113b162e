"""apply_answer end to end: answers recorded survive the book's formats."""

from __future__ import annotations

from pathlib import Path

from dunningkit import (
    apply_answer,
    dump_csv,
    load_csv,
)
from tests.builders import TODAY
from tests.links.answering import book, claim


def test_answers_survive_a_csv_round_trip(tmp_path: Path) -> None:
    after = apply_answer(
        book(), claim("dispute"), {"reason": 'Wrong "price", see line 2'}, today=TODAY
    )
    dump_csv(after, tmp_path)
    assert load_csv(tmp_path) == after
