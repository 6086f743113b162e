"""Response models and the projection they add to a back-test."""

from __future__ import annotations

from dunningkit import (
    BookResponse,
    Portfolio,
    ResponseModel,
    backtest,
    sample_portfolio,
)
from dunningkit._sample import sample_policy
from tests.backtest.history import START, TODAY


class Always:
    days = 7

    def paid_share(self, segment: str, step_id: str) -> float:
        del segment, step_id
        return 0.5


def test_response_model_projection_is_labelled_and_seeded(book: Portfolio) -> None:
    assert isinstance(Always(), ResponseModel)
    one = backtest(book, sample_policy(), start=START, end=TODAY, response=Always(), seed=3)
    two = backtest(book, sample_policy(), start=START, end=TODAY, response=Always(), seed=3)
    assert one.is_projection
    assert one.projection == two.projection
    assert one.projection is not None
    assert one.projection.label == "projection"
    assert one.projection.invoices_paid > 0
    assert any("[projection]" in label for label, _ in one.summary())
    plain = backtest(book, sample_policy(), start=START, end=TODAY)
    assert plain.total_contacts == one.total_contacts  # the history is never changed


def test_book_response_estimates_shares_from_history() -> None:
    book = sample_portfolio(TODAY)
    model = BookResponse.from_history(book, sample_policy(), before=TODAY, days=14, min_reminders=1)
    assert model.reminders > 0
    assert 0 <= model.overall <= 1
    for share in (*model.shares.values(), *model.by_step.values()):
        assert 0 <= share <= 1
    assert model.paid_share("nobody", "no_such_step") == model.overall
